"""Scores in a gradebook: where it is, and the trusted verdict written over nbgrader's own.

nbgrader scores a test cell from its outputs in the kernel. The score that counts is the
trusted verdict (nncourse.grading.trusted), so after nbgrader has saved its scores, the
task's private gradebook (before it renders feedback) and the class gradebook (when the
parent records a task) get the trusted score of every test cell.
"""

from __future__ import annotations

from ..course import Course


def db_url(course: Course) -> str:
    return f"sqlite:///{course.root / 'gradebook.db'}"


def apply_trusted_scores(url: str, assignment: str, student: str,
                         verdicts: dict[str, list[dict]]) -> None:
    """Set each test cell's auto score to its trusted verdict (notebook -> verdicts)."""
    from nbgrader.api import Gradebook, MissingEntry

    from .trusted import Verdict

    with Gradebook(url) as gb:
        for notebook, cells in verdicts.items():
            for cell in cells:
                verdict = Verdict(**cell)
                try:
                    grade = gb.find_grade(verdict.grade_id, notebook, assignment, student)
                except MissingEntry:
                    continue
                grade.auto_score = verdict.score
        gb.db.commit()
