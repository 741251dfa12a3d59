"""Prove the tests grade what they should, through nbgrader's own Validator.

`nbgrader validate` exits 0 even when tests fail, so the command line cannot be trusted
for this; the Python API returns the real results. A master must pass every test; the
student edition must pass none, and the only errors it may raise are the stub's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .cells import grade_id, is_test
from .course import ROOT, nbgrader_config, quiet_nbgrader

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


def _validator(invert: bool):
    from nbgrader.validator import Validator

    class RecordingValidator(Validator):
        """Validator that also keeps the executed notebook, to inspect its errors."""

        executed = None

        def _preprocess(self, nb):
            self.executed = super()._preprocess(nb)
            return self.executed

    quiet_nbgrader()
    return RecordingValidator(config=nbgrader_config(ROOT, Validator={"invert": invert}))


def verify_master(path: Path) -> Verdict:
    """Every test of the master passes."""
    verdict = Verdict(path)
    results = _validator(invert=False).validate(str(path))
    for key in ("type_changed", "changed", "failed"):
        for cell in results.get(key, []):
            detail = cell.get("raw_error", "")[-600:]
            verdict.problems.append(f"{key}: {cell['source'][:80]!r}\n{detail}")
    return verdict


def verify_student_edition(path: Path) -> Verdict:
    """No test of the untouched student edition passes, and nothing but the stub errors."""
    verdict = Verdict(path)
    validator = _validator(invert=True)
    results = validator.validate(str(path))
    for cell in results.get("passed", []):
        verdict.problems.append(f"a test passes without an answer: {cell['source'][:80]!r}")
    for key in ("type_changed", "changed"):
        for cell in results.get(key, []):
            verdict.problems.append(f"{key}: {cell['source'][:80]!r}")
    tests = 0
    for cell in validator.executed.cells if validator.executed else []:
        if cell.cell_type != "code":
            continue
        tests += is_test(cell)
        where = grade_id(cell) or "a lesson cell"
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                text = f"{out.ename}: {out.evalue}"
                if not STUB_ERRORS.search(text):
                    verdict.problems.append(f"unexpected error in {where}: {text[:300]}")
            elif out.output_type == "stream" and out.name == "stderr":
                verdict.problems.append(f"stderr in {where}: {out.text[:200]}")
    if tests == 0:
        verdict.problems.append("no graded test cell at all")
    return verdict
