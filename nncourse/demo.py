"""The demo: build the student edition, hand in a bundled class, grade it, report.

Everything happens in a run folder (runs/demo/, ignored by git) that becomes a complete
course of its own: a copy of nbgrader_config.py and source/, the student edition generated
there, submitted/, autograded/, feedback/, gradebook.db, grades.csv and outcomes.csv. An
instructor can `cd` into it and use nncourse or nbgrader's own tools there.
"""

from __future__ import annotations

import os
import shutil
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .authoring.catalogue import find_mistake, load_mistakes
from .authoring.cells import cells_by_id, grade_id, is_answer, without_markers
from .course import CONFIG_NAME, Chapter, Course


@dataclass
class DemoStudent:
    id: str
    about: str
    answers: str = "solution"
    exercises: dict[str, str] = field(default_factory=dict)
    mistakes: list[str] = field(default_factory=list)
    unanswered: str | None = None
    chapters: list[str] | None = None
    broken: str | None = None
    expect: str = "graded"  # the outcome the demo expects: "graded", "flagged" or "failed"


def load_class(course: Course, path: Path | None = None) -> list[DemoStudent]:
    """The students of examples/demo_class.toml (or another class file)."""
    text = Path(path or course.demo_class).read_text(encoding="utf-8")
    return [DemoStudent(**entry) for entry in tomllib.loads(text)["student"]]


def expected_status(students: list[DemoStudent], outcome) -> str:
    """The status the class file expects for one outcome."""
    for student in students:
        if student.id == outcome.student:
            return student.expect
    return "graded"


class ClassRoom:
    """Writes submissions for demo students from a course's masters and catalogue."""

    def __init__(self, course: Course):
        self.course = course
        self.mistakes = load_mistakes(course)

    def answer_code(self, choice: str, exercise: str, masters: dict, releases: dict) -> str:
        """The code a student puts in an answer cell, for a choice of the class file."""
        if choice == "solution":
            return without_markers(masters[exercise].source)
        if choice == "release":
            return releases[exercise].source
        if choice.startswith("mistake:"):
            key = f"{exercise}:{choice.removeprefix('mistake:')}"
            return find_mistake(self.course, key).code.strip("\n")
        raise ValueError(f"unknown answer {choice!r} for {exercise} in the class file")

    def _habit(self, student: DemoStudent, exercise: str) -> str:
        """The student's usual mistake where the catalogue has it for this exercise."""
        catalogued = {m.name for m in self.mistakes if m.exercise == exercise}
        for name in student.mistakes:
            if name in catalogued:
                return f"mistake:{name}"
        return student.answers

    def write_submission(self, student: DemoStudent, chapter: Chapter, release_nb: Path,
                         submitted: Path) -> Path:
        """submitted/<student>/<chapter>/<chapter>.ipynb, as this student would hand it in."""
        nb = nbformat.read(release_nb, as_version=4)
        masters = cells_by_id(nbformat.read(chapter.source, as_version=4))
        releases = cells_by_id(nb)
        last = [grade_id(c) for c in nb.cells if is_answer(c)][-1:]
        for cell in nb.cells:
            if is_answer(cell):
                exercise = grade_id(cell)
                choice = student.exercises.get(exercise) or self._habit(student, exercise)
                if student.unanswered == "last" and [exercise] == last:
                    choice = "release"
                cell.source = self.answer_code(choice, exercise, masters, releases)
        target = submitted / student.id / chapter.id / f"{chapter.id}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        if student.broken == "invalid-json":
            target.write_text(nbformat.writes(nb)[:-200])  # cut off: the JSON never closes
        elif student.broken == "endless-loop":
            first = next(c for c in nb.cells if is_answer(c))
            first.source = "while True:\n    pass"
            nbformat.write(nb, target)
        else:
            nbformat.write(nb, target)
        return target

    def hand_in(self, students: list[DemoStudent], chapters: list[Chapter], release: Path,
                submitted: Path) -> int:
        """Write every student's submissions; returns how many notebooks were handed in."""
        count = 0
        for student in students:
            for chapter in chapters:
                if student.chapters is not None and chapter.id not in student.chapters:
                    continue
                self.write_submission(student, chapter,
                                      release / chapter.id / f"{chapter.id}.ipynb", submitted)
                count += 1
        return count


def course_copy(course: Course, folder: Path, chapters: list[Chapter] | None = None) -> Course:
    """A new course in `folder`: the configuration and the masters (of some chapters)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(course.config_file, folder / CONFIG_NAME)
    for chapter in chapters or course.chapters():
        shutil.copytree(chapter.source.parent, folder / "source" / chapter.id,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    return Course(folder)


def fresh_run_folder(run: Path) -> Path:
    """Empty the run folder (autograded files are read-only, so make them writable first)."""
    if run.exists():
        for path in run.rglob("*"):
            if not path.is_symlink():
                os.chmod(path, os.stat(path).st_mode | stat.S_IWUSR)
        shutil.rmtree(run)
    run.mkdir(parents=True)
    return run
