"""Is a submitted notebook still the assignment it claims to be? Read before grading.

nbgrader matches a student's cells to the assignment by their `grade_id`. A student who
deleted an answer cell or changed a grade_id (by editing the JSON, or with an editor that
rewrites metadata) either makes nbgrader crash (`KeyError: 'grade_id'`) or has the cell
silently restored from the student edition and scored 0. Both deserve a sentence a person
understands, in outcomes.csv and in the score table; this module writes it.
"""

from __future__ import annotations

import json

import nbformat
from nbgrader.utils import is_grade, is_solution


def _nbgrader(cell: dict) -> dict:
    meta = cell.get("metadata") if isinstance(cell, dict) else None
    value = meta.get("nbgrader") if isinstance(meta, dict) else None
    return value if isinstance(value, dict) else {}


def graded_cells(notebook: dict) -> dict[str, str]:
    """grade_id -> 'answer cell' / 'test cell' / 'graded cell' for each graded cell."""
    found = {}
    for cell in notebook.get("cells", []) if isinstance(notebook, dict) else []:
        cell = nbformat.from_dict(cell)  # nbgrader's predicates read attributes
        meta = _nbgrader(cell)
        gid = meta.get("grade_id")
        if not gid or not (meta.get("solution") or meta.get("grade") or meta.get("locked")):
            continue
        try:
            answer = is_solution(cell) and not is_grade(cell)
            test = is_grade(cell) and not is_solution(cell)
        except Exception:  # metadata too broken for nbgrader's predicates
            answer = test = False
        found[str(gid)] = "answer cell" if answer else "test cell" if test else "graded cell"
    return found


def cell_problems(master: bytes, submitted: bytes) -> list[str]:
    """What is wrong with the submitted notebook's graded cells, in plain words ([] if
    nothing, or if the file is not a notebook at all: nbgrader then says why)."""
    try:
        expected = graded_cells(json.loads(master))
        got_nb = json.loads(submitted)
    except (ValueError, UnicodeDecodeError):
        return []
    got = graded_cells(got_nb)
    problems = []
    missing = [gid for gid in expected if gid not in got]
    unknown = [gid for gid in got if gid not in expected]
    for gid in missing:
        then = ("nbgrader restores it from the student edition: 0 points"
                if expected[gid] == "answer cell" else
                "nbgrader restores it from the assignment and runs it")
        problems.append(f"{expected[gid]} '{gid}' is missing (deleted, or its grade_id or "
                        "nbgrader metadata changed"
                        f"{' to ' + repr(unknown[0]) if len(unknown) == 1 else ''}): {then}")
    if unknown and not (missing and len(unknown) == 1):
        problems.append("cells with grade_ids the assignment does not have: "
                        + ", ".join(repr(g) for g in unknown))
    seen: dict[str, int] = {}
    for cell in got_nb.get("cells", []):
        gid = _nbgrader(cell).get("grade_id")
        if gid:
            seen[gid] = seen.get(gid, 0) + 1
    duplicated = sorted(g for g, n in seen.items() if n > 1 and g in expected)
    if duplicated:
        problems.append("graded cells appear more than once: " + ", ".join(duplicated))
    return problems
