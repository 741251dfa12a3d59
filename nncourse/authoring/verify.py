"""Prove the tests grade what they should, through nbgrader's own Validator.

`nbgrader validate` exits 0 even when tests fail, so the command line cannot be trusted
for this; the Python API returns the real results. A master must pass every test; the
student edition must pass none, and the only errors it may raise are the stub's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..course import Course
from .cells import grade_id

# What an untouched student edition may show: the stub itself, or a check saying the stub
# is still there / the answer is not defined yet.
STUB_ERRORS = re.compile(
    r"NotImplementedError|still raises the stub's NotImplementedError|is not defined yet"
)


@dataclass
class Verdict:
    notebook: Path
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _validate(course: Course, path: Path, **options) -> dict:
    from nbgrader.validator import Validator

    return Validator(config=course.nbgrader_config(Validator=options)).validate(str(path))


def verify_master(course: Course, path: Path) -> Verdict:
    """Every test of the master passes."""
    verdict = Verdict(path)
    results = _validate(course, path)
    for key in ("type_changed", "changed", "failed"):
        for cell in results.get(key, []):
            detail = cell.get("raw_error", "")[-600:]
            verdict.problems.append(f"{key}: {cell['source'][:80]!r}\n{detail}")
    return verdict


def verify_student_edition(course: Course, path: Path) -> Verdict:
    """No test of the untouched student edition passes, and nothing but the stub errors.

    The notebook runs once through nbgrader's own Execute preprocessor, as Validate runs
    it; nbgrader's `determine_grade` says which test cells would score, and every error or
    stderr output of any cell, lesson cells included, must be the stub's.
    """
    import nbformat
    from nbgrader.preprocessors import Execute
    from nbgrader.utils import determine_grade, is_grade

    verdict = Verdict(path)
    nb = nbformat.read(path, as_version=4)
    config = course.nbgrader_config()
    nb, _ = Execute(config=config).preprocess(nb, {"metadata": {"path": str(path.parent)}})
    tests = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        where = grade_id(cell) or "a lesson cell"
        if is_grade(cell):
            tests += 1
            score, max_score = determine_grade(cell)
            if score == max_score:
                verdict.problems.append(f"a test passes without an answer: {where}")
        for out in cell.outputs:
            if out.output_type == "error":
                text = f"{out.ename}: {out.evalue}"
                if not STUB_ERRORS.search(text):
                    verdict.problems.append(f"unexpected error in {where}: {text[:300]}")
            elif out.output_type == "stream" and out.name == "stderr":
                verdict.problems.append(f"stderr in {where}: {out.text[:200]}")
    if tests == 0:
        verdict.problems.append("no graded test cell at all")
    return verdict
