"""Shared fixtures: the course of this repository, its chapters, and process set-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from nncourse.course import Course
from nncourse.runtime import prepare_process

#: the repository is a course folder; tests find it from their own location
COURSE = Course(Path(__file__).resolve().parents[1])
prepare_process()


def pytest_addoption(parser):
    parser.addoption("--skip-browser", action="store_true",
                     help="skip the browser tests in tests/browser (also NNCOURSE_SKIP_BROWSER=1)")


def pytest_collection_modifyitems(config, items):
    """A run that collects no test must fail, not pass quietly (pytest exits 5 then too)."""
    if not items:
        raise pytest.UsageError("no tests collected")


@pytest.fixture(scope="session")
def course() -> Course:
    return COURSE


@pytest.fixture(scope="session")
def all_chapters():
    found = COURSE.chapters()
    assert found, "no chapter found in source/"
    return found


def grade_answers(folder, chapter, students: dict[str, dict[str, str]], cell_timeout=10):
    """Grade a class in a copy of the course: each student's notebook is the student edition
    with the master's solutions, except the answer cells given ({grade_id: code}).
    Returns the copy and {student: outcome}."""
    import nbformat

    from nncourse.authoring.cells import cells_by_id, grade_id, is_answer, without_markers
    from nncourse.demo import course_copy
    from nncourse.grading.classroom import grade_class
    from nncourse.grading.gradebook import register_assignments

    course = course_copy(COURSE, folder, [chapter])
    register_assignments(course, [chapter.id], release_dir=course.release)
    release = course.release / chapter.id / f"{chapter.id}.ipynb"
    masters = cells_by_id(nbformat.read(chapter.source, as_version=4))
    for student, answers in students.items():
        nb = nbformat.read(release, as_version=4)
        for cell in nb.cells:
            if is_answer(cell):
                gid = grade_id(cell)
                cell.source = answers.get(gid, without_markers(masters[gid].source))
        target = course.submitted / student / chapter.id / f"{chapter.id}.ipynb"
        target.parent.mkdir(parents=True)
        nbformat.write(nb, target)
    outcomes = grade_class(course, [chapter.id], workers=2, cell_timeout=cell_timeout,
                           progress=False)
    return course, {o.student: o for o in outcomes}
