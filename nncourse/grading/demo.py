"""The demo: build the student edition, hand in a bundled class, grade it, report.

Everything happens in an ignored run folder (runs/demo/), a complete nbgrader course root:
release/ (the student edition, generated there), submitted/, autograded/, feedback/,
gradebook.db, grades.csv and outcomes.csv.
"""

from __future__ import annotations

import os
import shutil
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ..build.catalogue import find_mistake, load_mistakes
from ..build.cells import cells_by_id, grade_id, is_answer, without_markers
from ..build.course import ROOT, Chapter

CLASS_FILE = ROOT / "examples" / "demo_class.toml"


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


def load_class(path: Path = CLASS_FILE) -> list[DemoStudent]:
    return [DemoStudent(**entry) for entry in tomllib.loads(path.read_text())["student"]]


def answer_code(choice: str, exercise: str, master_cells: dict, release_cells: dict) -> str:
    """The code a student puts in an answer cell, for a choice of the class file."""
    if choice == "solution":
        return without_markers(master_cells[exercise].source)
    if choice == "release":
        return release_cells[exercise].source
    if choice.startswith("mistake:"):
        return find_mistake(f"{exercise}:{choice.removeprefix('mistake:')}").code.strip("\n")
    raise ValueError(f"unknown answer {choice!r} for {exercise} in {CLASS_FILE.name}")


def _habit(student: DemoStudent, exercise: str) -> str:
    """The student's usual mistake where the catalogue has it for this exercise, else default."""
    catalogued = {m.name for m in load_mistakes() if m.exercise == exercise}
    for name in student.mistakes:
        if name in catalogued:
            return f"mistake:{name}"
    return student.answers


def write_submission(student: DemoStudent, chapter: Chapter, release_nb: Path,
                     submitted: Path) -> Path:
    """submitted/<student>/<chapter>/<chapter>.ipynb, as this student would hand it in."""
    nb = nbformat.read(release_nb, as_version=4)
    masters = cells_by_id(nbformat.read(chapter.source, as_version=4))
    releases = cells_by_id(nb)
    last = [grade_id(c) for c in nb.cells if is_answer(c)][-1:]
    for cell in nb.cells:
        if is_answer(cell):
            exercise = grade_id(cell)
            choice = student.exercises.get(exercise) or _habit(student, exercise)
            if student.unanswered == "last" and [exercise] == last:
                choice = "release"
            cell.source = answer_code(choice, exercise, masters, releases)
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


def hand_in(students: list[DemoStudent], chapters: list[Chapter], release: Path,
            submitted: Path) -> int:
    """Write every student's submissions; returns how many notebooks were handed in."""
    count = 0
    for student in students:
        for chapter in chapters:
            if student.chapters is not None and chapter.id not in student.chapters:
                continue
            write_submission(student, chapter, release / chapter.id / f"{chapter.id}.ipynb",
                             submitted)
            count += 1
    return count


def fresh_run_folder(run: Path) -> Path:
    """Empty the run folder (autograded files are read-only, so make them writable first)."""
    if run.exists():
        for path in run.rglob("*"):
            if not path.is_symlink():
                os.chmod(path, os.stat(path).st_mode | stat.S_IWUSR)
        shutil.rmtree(run)
    run.mkdir(parents=True)
    return run


