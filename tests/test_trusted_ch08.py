"""Chapter 08's relu_network is tested with chapter 07's RecordingLayers, which cross the
boundary by state and hold no expected answer: an honest student keeps full marks under the
trusted verdict, and a student who reads what the layers hold (instead of calling forward)
scores 0 on that exercise."""

from __future__ import annotations

import nbformat
import pytest

from conftest import COURSE
from nncourse.authoring.cells import cells_by_id, grade_id, is_answer, without_markers
from nncourse.demo import course_copy
from nncourse.grading.classroom import grade_class
from nncourse.grading.gradebook import register_assignments
from nncourse.grading.results import scores

CHAPTER = COURSE.chapter("08_activations")
PEEKS = '''
import numpy as np


class DenseLayer:
    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.10 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))

    def forward(self, inputs):
        self.output = np.dot(inputs, self.weights) + self.biases
        return self.output


def relu_network(inputs, layer1, layer2):
    for name in ("_gives", "gives", "expected", "_expected", "answer", "between"):
        if name in vars(layer2):
            return vars(layer2)[name]
    return None
'''


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = course_copy(COURSE, tmp_path_factory.mktemp("trusted08"), [CHAPTER])
    register_assignments(course, [CHAPTER.id], release_dir=course.release)
    release = course.release / CHAPTER.id / f"{CHAPTER.id}.ipynb"
    masters = cells_by_id(nbformat.read(CHAPTER.source, as_version=4))
    for student, answers in {"honest": {}, "peeks": {"ex08_relu_network": PEEKS}}.items():
        nb = nbformat.read(release, as_version=4)
        for cell in nb.cells:
            if is_answer(cell):
                gid = grade_id(cell)
                cell.source = answers.get(gid, without_markers(masters[gid].source))
        target = course.submitted / student / CHAPTER.id / f"{CHAPTER.id}.ipynb"
        target.parent.mkdir(parents=True)
        target.write_text(nbformat.writes(nb))
    outcomes = {o.student: o for o in grade_class(course, [CHAPTER.id], workers=2,
                                                   cell_timeout=10, progress=False)}
    return course, outcomes


def test_honest_student_full_marks_no_flag(graded):
    course, outcomes = graded
    score, most = scores(course, [CHAPTER.id])[("honest", CHAPTER.id)]
    assert score == most
    assert outcomes["honest"].status == "graded" and not outcomes["honest"].flags


def test_reading_the_layers_gives_nothing(graded):
    course, _ = graded
    score, most = scores(course, [CHAPTER.id])[("peeks", CHAPTER.id)]
    assert score == most - 3  # the three points of relu_network are lost
