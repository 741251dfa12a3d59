"""The class gradebook: register the assignments, record each task's scores.

The parent process is the only writer. It records a task's autograded notebooks with
nbgrader's own SaveAutoGrades and AssignLatePenalties preprocessors, exactly as
`nbgrader autograde` would at the end of its run.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import nbformat

from ..course import Course
from .task import GradingResult


def db_url(course: Course) -> str:
    return f"sqlite:///{course.root / 'gradebook.db'}"


def register_assignments(course: Course, assignments: list[str],
                         release_dir: Path | None = None) -> None:
    """Put each assignment's notebooks and graded cells in the gradebook (generate_assignment).

    The student edition goes to `release_dir`, or to a throw-away folder when the course's
    committed release/ must not be rewritten.
    """
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    with tempfile.TemporaryDirectory(prefix="nncourse-register-") as scratch:
        target = release_dir or Path(scratch)
        config = course.nbgrader_config(CourseDirectory={"release_directory": str(target)})
        api = NbGraderAPI(CourseDirectory(config=config), config=config)
        for assignment in assignments:
            outcome = api.generate_assignment(assignment, force=True, create=True)
            if not outcome["success"]:
                log = outcome.get("log", "")[-3000:]
                raise RuntimeError(f"generate_assignment {assignment} failed:\n{log}")


def record(course: Course, result: GradingResult, timestamp: str | None = None) -> None:
    """Write a successful task's notebooks to autograded/, its feedback to feedback/, and its
    scores to the gradebook."""
    from nbgrader.api import Gradebook
    from nbgrader.preprocessors import AssignLatePenalties, SaveAutoGrades

    folder = course.root / "autograded" / result.student / result.assignment
    folder.mkdir(parents=True, exist_ok=True)
    url = db_url(course)
    with Gradebook(url) as gb:
        gb.update_or_create_student(result.student)
        submission = (gb.update_or_create_submission(result.assignment, result.student,
                                                     timestamp=timestamp)
                      if timestamp else
                      gb.update_or_create_submission(result.assignment, result.student))
        expected = [nb.name for nb in submission.notebooks]
    config = course.nbgrader_config()
    for name, content in result.autograded.items():
        path = folder / name
        if path.exists():  # nbgrader leaves autograded files read-only
            os.chmod(path, stat.S_IWUSR | stat.S_IRUSR)
        path.write_bytes(content)
        notebook = Path(name).stem
        if notebook not in expected:
            continue
        nb = nbformat.reads(content.decode("utf-8"), as_version=4)
        resources = {"nbgrader": {"assignment": result.assignment, "student": result.student,
                                  "notebook": notebook, "db_url": url}}
        for preprocessor in (SaveAutoGrades(config=config), AssignLatePenalties(config=config)):
            nb, resources = preprocessor.preprocess(nb, resources)
    pages = course.root / "feedback" / result.student / result.assignment
    pages.mkdir(parents=True, exist_ok=True)
    for name, content in result.feedback.items():
        (pages / name).write_bytes(content)
    missing = set(expected) - {Path(n).stem for n in result.autograded}
    if missing:
        _score_missing_as_zero(url, result, missing)


def _score_missing_as_zero(url: str, result: GradingResult, notebooks: set[str]) -> None:
    """A notebook the student did not hand in scores 0, as nbgrader autograde does."""
    from nbgrader.api import Gradebook

    with Gradebook(url) as gb:
        for notebook in notebooks:
            sub = gb.find_submission_notebook(notebook, result.assignment, result.student)
            for grade in sub.grades:
                grade.auto_score = 0
                grade.needs_manual_grade = False
        gb.db.commit()
