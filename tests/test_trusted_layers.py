"""The exercises that chain layers (07's two_layer_forward, 08's relu_network) are tested
with RecordingLayers, objects that cross the boundary by state: an honest student keeps full
marks under the trusted verdict, and a student who reads what the layers hold (instead of
calling forward) loses that exercise's points there. A relu that hands back its argument
unchanged loses its exercise there too: the grader's copy of the result is then the
grader's own argument, as in the kernel."""

from __future__ import annotations

import pytest

from conftest import COURSE, grade_answers
from nncourse.grading.results import scores

#: reads any attribute that could hold an expected answer, instead of calling forward
_READ_LAYER2 = '''
    for name in ("_gives", "gives", "expected", "_expected", "answer", "between"):
        if name in vars(layer2):
            return vars(layer2)[name]
    return None
'''
_DENSE_LAYER = '''
import numpy as np


class DenseLayer:
    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.10 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))

    def forward(self, inputs):
        self.output = np.dot(inputs, self.weights) + self.biases
        return self.output

'''
#: chapter -> (the exercise, its peeking answer, the points it is worth)
CASES = {
    "07_adding_layers": ("ex07_two_layer_forward",
                         "def two_layer_forward(inputs, layer1, layer2):" + _READ_LAYER2, 2),
    "08_activations": ("ex08_relu_network", _DENSE_LAYER
                       + "def relu_network(inputs, layer1, layer2):" + _READ_LAYER2, 3),
}
#: a relu that returns z itself when nothing is negative (a hidden test has such a z)
_RELU_AS_IS = '''
import numpy as np


def relu(z):
    return z if (z >= 0).all() else np.maximum(0.0, z)
'''
EXTRA = {"08_activations": {"as_is": {"ex08_relu": _RELU_AS_IS}}}


@pytest.fixture(scope="module", params=sorted(CASES))
def graded(request, tmp_path_factory):
    chapter = COURSE.chapter(request.param)
    exercise, peeks, points = CASES[request.param]
    students = {"honest": {}, "peeks": {exercise: peeks}, **EXTRA.get(request.param, {})}
    course, outcomes = grade_answers(tmp_path_factory.mktemp(f"trusted{chapter.number}"),
                                     chapter, students)
    return course, chapter, outcomes, points


def test_honest_student_full_marks_no_flag(graded):
    course, chapter, outcomes, _ = graded
    score, most = scores(course, [chapter.id])[("honest", chapter.id)]
    assert score == most
    assert outcomes["honest"].status == "graded" and not outcomes["honest"].flags


def test_reading_the_layers_gives_nothing(graded):
    course, chapter, _, points = graded
    score, most = scores(course, [chapter.id])[("peeks", chapter.id)]
    assert score == most - points  # the chaining exercise's points are lost


@pytest.mark.parametrize("graded", ["08_activations"], indirect=True)
def test_a_relu_that_returns_its_argument_loses_its_points_when_graded(graded):
    course, chapter, outcomes, _ = graded
    score, most = scores(course, [chapter.id])[("as_is", chapter.id)]
    assert score == most - 2  # Exercise 1 is worth 2 points
    assert not outcomes["as_is"].flags
    page = next((course.root / "feedback" / "as_is").rglob("*.html")).read_text()
    assert "`z` itself" in page
