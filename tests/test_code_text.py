"""The "no Python loop" promise is read from the student's code, in the notebook and in the
trusted run, where the code comes from the submitted notebook and not from the kernel.

Values cannot tell a loop from element-wise arithmetic, so chapters 00 and 08 (whose texts
say "no loop") read the code: every way of running Python code per element is found, no
vectorised answer is refused, and a kernel that lies about its code changes nothing.
"""

from __future__ import annotations

import math
import textwrap

import nbformat
import numpy as np
import pytest

from conftest import COURSE, grade_answers
from nncourse.checks import CheckFailed
from nncourse.checks.chapters.ch00 import NORMALISE
from nncourse.checks.chapters.ch08 import SIGMOID
from nncourse.checks.code_text import python_loops, with_helpers
from nncourse.grading.results import scores
from nncourse.grading.student_code import function_sources

LOOPING = {
    "for": ("a `for` loop", '''
        def f(values):
            out = np.empty(len(values))
            for i, v in enumerate(values):
                out[i] = v * 2
            return out
    '''),
    "while": ("a `while` loop", '''
        def f(values):
            out, i = values.astype(float), 0
            while i < len(out):
                out[i] *= 2
                i += 1
            return out
    '''),
    "listcomp": ("a list comprehension",
                 "def f(values):\n    return np.array([v * 2 for v in values])\n"),
    "generator": ("a generator expression",
                  "def f(values):\n    return np.fromiter((v * 2 for v in values), float)\n"),
    "vectorize": ("np.vectorize",
                  "def f(values):\n    return np.vectorize(lambda v: v * 2)(values)\n"),
    "map": ("map(...)",
            "def f(values):\n    return np.array(list(map(lambda v: v * 2, values)))\n"),
    "apply": ("np.apply_along_axis",
              "def f(values):\n    return np.apply_along_axis(lambda r: r * 2, 0, values)\n"),
    "nested": ("a list comprehension", '''
        def f(values):
            def twice(v):
                return [x * 2 for x in v]
            return np.array(twice(values))
    '''),
}
VECTORISED = [
    '''
    def f(values):
        return (values - values.min()) / np.ptp(values)
    ''', '''
    def f(z):
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    ''', '''
    def f(z):
        return np.piecewise(z, [z < 0, z >= 0], [lambda x: np.exp(x) / (1 + np.exp(x)),
                                                 lambda x: 1 / (1 + np.exp(-x))])
    ''', '''
    def f(values):
        low, high = values.min(), values.max()
        return (values - low) / (high - low)
    ''',
]


@pytest.mark.parametrize("name", sorted(LOOPING))
def test_every_kind_of_python_loop_is_found_and_quoted(name):
    what, code = LOOPING[name]
    found = python_loops(textwrap.dedent(code))
    assert found and what in found[0], found
    assert "`f`" in found[0] or "`twice`" in found[0]


@pytest.mark.parametrize("code", VECTORISED)
def test_vectorised_code_has_no_loop(code):
    assert python_loops(textwrap.dedent(code)) == []


def test_a_loop_moved_into_a_helper_is_still_found():
    helpers = {"double_each": "def double_each(v):\n    return [x * 2 for x in v]\n"}
    code = with_helpers("def f(values):\n    return np.array(double_each(values))\n",
                        helpers.get)
    assert "a list comprehension in `double_each`" in python_loops(code)[0]
    assert python_loops("def f(:\n") == []  # text that does not parse: nothing to say


def test_the_notebook_defines_a_name_by_its_last_def_above_the_cell():
    cells = [nbformat.v4.new_code_cell(s) for s in (
        "def f(x):\n    return [v for v in x]\n",
        "%matplotlib inline\ndef f(x):\n    return x * 2\n",
        "def g(x:\n",  # does not parse: defines nothing, as in the kernel
        "class h:\n    pass\ndef h2(x):\n    return x\n",
    )]
    found = function_sources(cells)
    assert found["f"] == "def f(x):\n    return x * 2"
    assert "g" not in found and "h" not in found and "h2" in found
    assert function_sources(cells[:1])["f"].startswith("def f(x):\n    return [v")


# --- in the notebook: the exercise's check ------------------------------------------------

def normalise_with_comprehension(values):
    low, high = values.min(), values.max()
    return np.array([(v - low) / (high - low) for v in values])


def normalise_vectorised(values):
    return (values - values.min()) / (values.max() - values.min())


def sigmoid_with_loop(z):
    out = np.empty(z.shape)
    for index, value in np.ndenumerate(z):
        e = math.exp(-abs(value))
        out[index] = 1 / (1 + e) if value >= 0 else e / (1 + e)
    return out


def test_a_right_answer_with_a_loop_fails_and_names_the_loop():
    args = {"values": np.array([170, 160, 180, 155])}
    with pytest.raises(CheckFailed) as caught:
        NORMALISE.check(args, np.array([0.6, 0.2, 1.0, 0.0]),
                        namespace={"min_max_normalise": normalise_with_comprehension})
    failure = caught.value.failure
    assert failure.mistake == "python_loop" and "list comprehension" in failure.hint
    assert "00 · Loop vs vectorised" in str(caught.value)
    NORMALISE.check(args, np.array([0.6, 0.2, 1.0, 0.0]),
                    namespace={"min_max_normalise": normalise_vectorised})
    with pytest.raises(CheckFailed) as caught:
        SIGMOID.check({"z": np.array([[-3.0, 0.0], [0.5, 4.0]])},
                      np.array([[0.047425873178, 0.5], [0.622459331202, 0.982013790038]]),
                      namespace={"sigmoid": sigmoid_with_loop})
    assert caught.value.failure.mistake == "python_loop"
    assert "08 · Sigmoid without overflow" in str(caught.value)


# --- when graded: the code is read from the submitted notebook ---------------------------

CHAPTER = COURSE.chapter("00_numpy_arrays")
LOOP_ANSWER = '''import numpy as np


def min_max_normalise(values):
    low, high = values.min(), values.max()
    return np.array([(v - low) / (high - low) for v in values])
'''
# the kernel is told the function's code is vectorised: its own run passes
LYING_KERNEL = LOOP_ANSWER + '''
import inspect
inspect.getsource = lambda obj: "def min_max_normalise(values):\\n    return values\\n"
'''


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    exercise = "ex00_min_max_normalise"
    return grade_answers(tmp_path_factory.mktemp("loops"), CHAPTER, {
        "honest": {}, "looping": {exercise: LOOP_ANSWER}, "lying": {exercise: LYING_KERNEL}})


def test_the_loop_costs_the_exercise_and_a_lying_kernel_is_flagged(graded):
    course, outcomes = graded
    marks = scores(course, [CHAPTER.id])
    full = marks[("honest", CHAPTER.id)][1]
    assert marks[("honest", CHAPTER.id)][0] == full and not outcomes["honest"].flags
    assert marks[("looping", CHAPTER.id)][0] == full - 3  # exercise 1 is worth 3 points
    assert not outcomes["looping"].flags  # the notebook's own run said the same
    assert marks[("lying", CHAPTER.id)][0] == full - 3
    assert "tampering suspected" in "; ".join(outcomes["lying"].flags)
    page = next((course.root / "feedback" / "looping").rglob("*.html")).read_text()
    assert "list comprehension" in page


class StandIn:
    """What the checks hold for a student's function when graded: no bytecode, its text."""

    __nncourse_source__ = "def f(x):\n    return np.squeeze(x.reshape(1, -1), axis=0)\n"

    def __call__(self, x):
        raise AssertionError("not called here")


def test_methods_and_keywords_of_a_stand_in_are_read_from_its_text():
    from nncourse.checks.globals_read import keywords_used, methods_called

    assert {"squeeze", "reshape"} <= methods_called(StandIn())
    assert keywords_used(StandIn()) == {"axis"}


# --- the code readers that decide whether a hint's cause is in the code -----------------------


def test_readers_find_what_the_code_shows_and_nothing_in_comments():
    from nncourse.checks.code_text import (
        builtin_for_parameter,
        calls_inside,
        compares_by_order,
        count_calls,
        may_end_without_return,
        squeezed_names,
        transposes,
    )

    assert builtin_for_parameter("def f(inputs, w):\n    return w @ input\n") == ("input",
                                                                                  "inputs")
    assert builtin_for_parameter("def f(values):\n    return sum(values) / len(values)\n") \
        is None
    assert transposes("def f(w):\n    # w.T here would be wrong\n    return w.T\n") == 1
    assert transposes("def f(w):\n    t = w.T\n    return np.transpose(t)\n") == 2
    assert calls_inside("def f(z):\n    return np.where(z > 0, np.exp(-z), 1)\n", "where", "exp")
    assert not calls_inside("def f(z):\n    e = np.exp(z)\n    return np.where(z > 0, e, 1)\n",
                            "where", "exp")
    assert count_calls("def f(z):\n    # np.exp(z) overflows\n    return np.exp(-abs(z))\n",
                       "exp") == 1
    assert compares_by_order("def f(a, b):\n    if len(a) < len(b):\n        raise E\n")
    assert not compares_by_order("def f(a, b):\n    if a.size != len(b):\n        raise E\n")
    assert may_end_without_return("def f(s):\n    if len(s) == 2:\n        return 1\n")
    assert not may_end_without_return("def f(s):\n    if s:\n        return 1\n    return 2\n")
    assert squeezed_names("def f(w):\n    v = w.squeeze().T\n    u = w\n    return v\n") == {"v"}
