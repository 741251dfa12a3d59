"""Course conventions for the masters, checked before nbgrader ever sees them.

nbgrader's own metadata validator runs first (schema, grade_ids, points, duplicates); the
course's rules come on top. Each is one a broken master has really failed on: nbgrader's
random grade_ids, a test cell not locked (every student's autograde then fails), an answer
without its test, a test without a docstring or without hidden tests on fresh inputs.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
from nbgrader.nbgraderformat import MetadataValidator, ValidationError

from .cells import grade_id, is_answer, is_test, nbgrader_meta

GRADE_ID = re.compile(r"^(test_)?ex\d{2}_[a-z0-9_]+$")


def lint_master(path: Path) -> list[str]:
    """Every convention the master at `path` breaks, as readable sentences."""
    nb = nbformat.read(path, as_version=4)
    chapter = path.stem[:2]
    try:
        MetadataValidator().validate_nb(nb)
    except ValidationError as exc:
        problems = [f"nbgrader refuses the metadata: {str(exc).splitlines()[0]}"]
    else:
        problems = []
    cells = [c for c in nb.cells if nbgrader_meta(c)]
    for i, cell in enumerate(cells):
        gid = grade_id(cell) or "<no grade_id>"
        meta = nbgrader_meta(cell)
        if not GRADE_ID.match(gid) or not gid.removeprefix("test_").startswith(f"ex{chapter}_"):
            wanted = f"ex{chapter}_name or test_ex{chapter}_name"
            problems.append(f"{gid}: grade_id must read {wanted}")
        if is_answer(cell):
            following = cells[i + 1] if i + 1 < len(cells) else None
            if following is None or grade_id(following) != f"test_{gid}":
                problems.append(f"{gid}: must be followed by its test cell test_{gid}")
            if "### BEGIN SOLUTION" not in cell.source:
                problems.append(f"{gid}: answer cell without ### BEGIN SOLUTION")
        elif is_test(cell):
            if not meta.get("locked"):
                problems.append(f"{gid}: a test cell must be locked")
            if not meta.get("points"):
                problems.append(f"{gid}: a test cell needs points")
            if not _docstring(cell.source):
                problems.append(f"{gid}: a test cell starts with a one-line docstring")
            if "### BEGIN HIDDEN TESTS" not in cell.source:
                problems.append(f"{gid}: no hidden tests (### BEGIN HIDDEN TESTS)")
        else:
            problems.append(f"{gid}: only answer cells and test cells carry nbgrader metadata")
    ids = [grade_id(c) for c in cells]
    repeated = sorted({g for g in ids if ids.count(g) > 1})
    problems += [f"{gid}: grade_id used twice" for gid in repeated]
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.strip() and cell.get("execution_count") is None:
            problems.append(f"code cell never executed: {cell.source[:60]!r}")
            break
    return problems


def lint_course(paths: list[Path]) -> list[str]:
    """Per-master problems, plus grade_ids repeated across chapters (none at all is one)."""
    if not paths:
        return ["no chapter found: source/<NN_slug>/<NN_slug>.ipynb"]
    problems, seen = [], {}
    for path in paths:
        problems += [f"{path.name}: {p}" for p in lint_master(path)]
        for cell in nbformat.read(path, as_version=4).cells:
            gid = grade_id(cell)
            if gid and gid in seen and seen[gid] != path:
                problems.append(f"{gid}: used in {seen[gid].name} and {path.name}")
            if gid:
                seen[gid] = path
    return problems


def _docstring(source: str) -> bool:
    try:
        doc = ast.get_docstring(ast.parse(source))
    except SyntaxError:
        return False
    return bool(doc) and "\n" not in doc.strip()
