"""The class gradebook: register the assignments, record each task's scores.

The parent process is the only writer. It records a task's autograded notebooks with
nbgrader's own SaveAutoGrades and AssignLatePenalties preprocessors, exactly as
`nbgrader autograde` would at the end of its run.
"""

from __future__ import annotations

import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ..course import Course
from .scores import apply_trusted_scores, db_url
from .task import GradingResult


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


@dataclass(frozen=True)
class Definition:
    """What a grading task needs of an assignment, as bytes: a gradebook holding only the
    assignment's definition, and its master folder, both without hidden tests (so they
    never reach the sandboxed kernel), plus the full masters for the trusted run."""

    gradebook: bytes
    source: dict[str, bytes]
    masters: dict[str, bytes]


def empty_gradebook(course: Course) -> bytes:
    """A gradebook with no assignment and no student.

    Made from a copy of the class gradebook with everything removed through nbgrader's own
    API: creating a new one runs the `alembic` command, which costs seconds.
    """
    from nbgrader.api import Gradebook

    with tempfile.TemporaryDirectory(prefix="nncourse-empty-") as scratch:
        path = Path(scratch) / "gradebook.db"
        class_db = course.root / "gradebook.db"
        if class_db.is_file():
            path.write_bytes(class_db.read_bytes())
        with Gradebook(f"sqlite:///{path}") as gb:
            for student in [s.id for s in gb.students]:
                gb.remove_student(student)
            for assignment in [a.name for a in gb.assignments]:
                gb.remove_assignment(assignment)
        return path.read_bytes()


def assignment_definition(course: Course, assignment: str, empty: bytes) -> Definition:
    """The assignment registered alone in a copy of `empty`, from its masters with the
    hidden tests cleared by nbgrader's own ClearHiddenTests."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.preprocessors import ClearHiddenTests

    from .task import read_files, write_files

    masters = read_files(course.source / assignment)
    source = {}
    for name, content in masters.items():
        if name.endswith(".ipynb"):
            nb = nbformat.reads(content.decode("utf-8"), as_version=4)
            nb, _ = ClearHiddenTests().preprocess(nb, {})
            content = nbformat.writes(nb).encode("utf-8")
        source[name] = content
    with tempfile.TemporaryDirectory(prefix="nncourse-definition-") as scratch:
        root = Path(scratch)
        (root / "gradebook.db").write_bytes(empty)
        write_files(root / "source" / assignment, source)
        config = course.nbgrader_config(root, CourseDirectory={
            "source_directory": str(root / "source"),
            "release_directory": str(root / "release")})
        api = NbGraderAPI(CourseDirectory(config=config), config=config)
        outcome = api.generate_assignment(assignment, force=True, create=True)
        if not outcome["success"]:
            raise RuntimeError(f"generate_assignment {assignment} failed:\n"
                               f"{outcome.get('log', '')[-3000:]}")
        gradebook = (root / "gradebook.db").read_bytes()
    notebooks = {name: content for name, content in masters.items() if name.endswith(".ipynb")}
    return Definition(gradebook, source, notebooks)


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
    apply_trusted_scores(url, result.assignment, result.student, result.verdicts)
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
