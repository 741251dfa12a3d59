"""Try answers against a chapter's tests in one live kernel, as a student would in JupyterLab.

The kernel first runs the student edition top to bottom with the master's solutions in
every answer cell. Then each attempt runs one answer cell with other code, then that
exercise's test cell (the student edition's visible tests, or the master's with hidden
tests), and finally restores the master's solution so attempts do not leak into each other.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import nbformat
from nbclient import NotebookClient
from nbconvert.filters import strip_ansi
from nbformat.v4 import new_code_cell
from nbgrader.utils import has_failed

from ..course import Chapter
from .cells import cells_by_id, grade_id, is_answer, without_markers


@dataclass
class Attempt:
    passed: bool
    output: str  # everything the test cell showed: ✓ lines, the error and its message
    failure: dict | None = None  # the Failure the checks raised, as data (None: passed)

    @property
    def mistake(self) -> str | None:
        return (self.failure or {}).get("mistake")


_CHECKS = "__import__('nncourse.checks.failure', fromlist=['RECENT'])"


def output_text(outputs) -> str:
    """Plain text of a cell's outputs, ANSI colours removed."""
    parts = []
    for out in outputs:
        if out.output_type == "stream":
            parts.append(out.text)
        elif out.output_type == "error":
            parts.append("\n".join(out.traceback) or f"{out.ename}: {out.evalue}")
        elif "text/plain" in out.get("data", {}):
            parts.append(out.data["text/plain"])
    return strip_ansi("\n".join(parts))


class ChapterTrial:
    """A kernel holding one chapter, ready to try answers: use as a context manager."""

    def __init__(self, chapter: Chapter, timeout: int = 60):
        self.chapter = chapter
        self.source = nbformat.read(chapter.source, as_version=4)
        self.release = nbformat.read(chapter.release, as_version=4)
        self.source_cells = cells_by_id(self.source)
        self.release_cells = cells_by_id(self.release)
        self.client = NotebookClient(
            nbformat.v4.new_notebook(cells=[new_code_cell("")]),  # scratch slot 0
            timeout=timeout,
            kernel_name="python3",
            allow_errors=True,
            record_timing=False,
            resources={"metadata": {"path": str(chapter.release.parent)}},
        )
        self._context = None

    def __enter__(self) -> ChapterTrial:
        self._context = self.client.setup_kernel()
        self._context.__enter__()
        for cell in self.release.cells:
            if cell.cell_type != "code":
                continue
            source = self.solution(grade_id(cell)) if is_answer(cell) else cell.source
            ran = self._run(source)
            if has_failed(ran):
                raise RuntimeError(
                    f"{self.chapter.id}: with the master's solutions, a cell failed:\n"
                    f"{cell.source[:300]}\n{output_text(ran.outputs)}"
                )
        return self

    def __exit__(self, *exc) -> None:
        self._context.__exit__(*exc)

    def solution(self, exercise: str) -> str:
        return without_markers(self.source_cells[exercise].source)

    def exercises(self) -> list[str]:
        return [grade_id(c) for c in self.release.cells if is_answer(c)]

    def attempt(self, exercise: str, code: str, hidden: bool = False) -> Attempt:
        """Run `code` as the answer to `exercise`, then its test cell; then restore."""
        test_id = f"test_{exercise}"
        test_cell = (self.source_cells if hidden else self.release_cells)[test_id]
        self._run(f"{_CHECKS}.forget()")
        # the answer replaces the solution, as in a student's kernel: an answer cell that
        # stops early (a SyntaxError) leaves its names undefined, not the solution's
        defined = re.findall(r"^(?:def|class)\s+(\w+)", self.solution(exercise), re.M)
        self._run("".join(f"globals().pop({name!r}, None)\n" for name in defined))
        try:
            answer = self._run(code)
            test = self._run(test_cell.source)
        finally:
            self._run(self.solution(exercise))
        text = output_text(answer.outputs + test.outputs)
        passed = not has_failed(test)
        failure = None if passed else self._last_failure()
        return Attempt(passed=passed, output=text, failure=failure)

    def _last_failure(self) -> dict | None:
        """The Failure the test cell raised, read back from the kernel as JSON."""
        cell = self._run(f"print({_CHECKS}.last_failure_json())")
        try:
            return json.loads(output_text(cell.outputs).strip().splitlines()[-1])
        except (ValueError, IndexError):
            return None

    def _run(self, source: str):
        """Run `source` in the kernel as a scratch cell; the executed cell comes back."""
        cell = new_code_cell(source)
        self.client.execute_cell(cell, 0)
        return cell
