"""A full autograde round trip with nbgrader in a temporary course folder.

Scores are read back from the gradebook. The class mixes the reference solution, the
untouched student edition, a wrong answer, a partly right one, an endless loop and a
damaged file: the last is flagged with its reason, and every other student is graded.
"""

from __future__ import annotations

import hashlib
import shutil

import pytest
from bs4 import BeautifulSoup
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory

from conftest import COURSE
from nncourse.course import Course
from nncourse.demo import ClassRoom, DemoStudent, course_copy
from nncourse.grading import landlock
from nncourse.grading.classroom import grade_class
from nncourse.grading.gradebook import register_assignments
from nncourse.grading.results import export_grades, feedback_pages, score_table, scores

CHAPTER = COURSE.chapter("01_single_neuron")
CLASS = [
    DemoStudent("ref", "reference solution"),
    DemoStudent("stub", "untouched release", answers="release"),
    DemoStudent("nobias", "bias forgotten in exercise 1", exercises={
        "ex01_neuron_output": "mistake:bias_forgotten",
        "ex01_neuron_on_samples": "mistake:bias_forgotten"}),
    DemoStudent("half", "exercise 2 left as the stub", exercises={
        "ex01_neuron_on_samples": "release"}),
    DemoStudent("loop", "an endless loop in an answer cell", broken="endless-loop"),
    DemoStudent("torn", "a damaged file", broken="invalid-json"),
]


def _digest(folder):
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory):
    course = course_copy(COURSE, tmp_path_factory.mktemp("course"), [CHAPTER])
    register_assignments(course, [CHAPTER.id], release_dir=course.release)
    classroom = ClassRoom(COURSE)
    for student in CLASS:
        classroom.write_submission(student, CHAPTER, course.release / CHAPTER.id /
                                   CHAPTER.release.name, course.submitted)
    before = _digest(course.submitted)
    outcomes = grade_class(course, [CHAPTER.id], workers=2, cell_timeout=8, progress=False)
    return course, outcomes, before


def test_scores_from_the_gradebook(graded_course):
    course, outcomes, _ = graded_course
    table = scores(course, [CHAPTER.id])
    full = table[("ref", CHAPTER.id)][1]
    assert full == 5
    assert table[("ref", CHAPTER.id)][0] == full
    assert table[("stub", CHAPTER.id)][0] == 0
    assert table[("nobias", CHAPTER.id)][0] == 0
    assert 0 < table[("half", CHAPTER.id)][0] < full  # partial marks
    assert table[("loop", CHAPTER.id)][0] < full


def test_damaged_file_is_flagged_and_others_graded(graded_course):
    _, outcomes, _ = graded_course
    status = {o.student: o for o in outcomes}
    assert status["torn"].status == "failed"
    assert "JSON" in status["torn"].reason
    assert all(status[s.id].status == "graded" for s in CLASS if s.id != "torn")


@pytest.mark.skipif(landlock.abi() < landlock.REQUIRED_ABI, reason="no Landlock ABI 6")
def test_every_notebook_ran_in_a_kernel_forked_from_the_zygote(graded_course):
    """A worker that silently fell back to cold kernels would still grade right, only
    slower: this is where that shows (each worker forks even its first kernel)."""
    _, outcomes, _ = graded_course
    graded = [o for o in outcomes if o.status == "graded"]
    assert graded and {o.kernel for o in graded} == {"forked"}


def test_submitted_files_are_never_changed(graded_course):
    course, _, before = graded_course
    assert _digest(course.submitted) == before


def test_feedback_shows_the_hint_and_csv_exports(graded_course):
    course, outcomes, _ = graded_course
    written = feedback_pages(course, outcomes)
    assert len(written) == sum(o.status == "graded" for o in outcomes)
    nobias = [p for p in written if "nobias" in p.parts]
    assert nobias and "The bias is missing" in nobias[0].read_text()
    rows = export_grades(course, course.root / "grades.csv").read_text().splitlines()
    assert rows[0].startswith("assignment,") and any(",ref," in r for r in rows)
    table = score_table(course, [CHAPTER.id], outcomes)
    assert "FAILED" in table.splitlines()[-1] or "FAILED" in table


def test_feedback_pages_are_the_documents_nbgrader_renders(graded_course, tmp_path):
    """The pages FeedbackExporter wrote (pages.py) parse and print as BeautifulSoup into the
    very pages nbgrader's stock HTMLExporter renders from the same gradebook."""
    course, outcomes, _ = graded_course
    root = tmp_path / "stock"
    shutil.copytree(course.root, root, ignore=shutil.ignore_patterns("feedback"))
    config = Course(root).nbgrader_config(
        GenerateFeedback={"exporter_class": "nbconvert.exporters.HTMLExporter"})
    api = NbGraderAPI(CourseDirectory(config=config), config=config)
    graded = [o.student for o in outcomes if o.status == "graded"]
    for student in graded:
        assert api.generate_feedback(CHAPTER.id, student, force=True)["success"]
    ours = sorted(p.relative_to(course.root / "feedback")
                  for p in (course.root / "feedback").rglob("*.html"))
    assert len(ours) == len(graded)
    for page in ours:
        stock = (root / "feedback" / page).read_text(encoding="utf-8")
        mine = (course.root / "feedback" / page).read_text(encoding="utf-8")
        assert "output_error" in stock or page.parts[0] == "ref"
        assert str(BeautifulSoup(mine, "html.parser")) == stock
