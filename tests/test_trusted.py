"""The verdict that counts is computed where the student's code cannot reach.

Submissions that patch the kernel (np.isclose/np.allclose, the check functions, an input
transformer that empties every test cell) pass their own notebook run; the trusted run
fails them, records 0 and flags "tampering suspected". Honest students are untouched, and no
hidden test reaches a feedback page or the kernel.
"""

from __future__ import annotations

import nbformat
import pytest

from conftest import COURSE, grade_answers
from nncourse.authoring.cells import grade_id, is_answer
from nncourse.grading import codec
from nncourse.grading.results import scores
from nncourse.grading.trusted import split_hidden

CHAPTER = COURSE.chapter("01_single_neuron")
WRONG = '''
def neuron_output(inputs, weights, bias):
    return 0.0

def neuron_on_samples(samples, weights, bias):
    return [0.0 for _ in samples]
'''
PATCHES = {
    # numbers compare equal whatever they are
    "patches_numpy": "import numpy as np\nnp.isclose = lambda *a, **k: True\n"
                     "np.allclose = lambda *a, **k: True\n",
    # every check prints its ✓ line and passes
    "replaces_checks": "import nncourse.checks as _c\n"
                       "_c.check_function = lambda *a, **k: print('✓ fine')\n"
                       "_c.Exercise.check = lambda *a, **k: print('✓ fine')\n",
    # every later cell, the test cells included, becomes `pass`
    "empties_cells": "get_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])\n",
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    release = nbformat.read(CHAPTER.release, as_version=4)
    first, second = [grade_id(c) for c in release.cells if is_answer(c)]
    students = {"honest": {}}
    for name, patch in PATCHES.items():
        # the patch goes in the first answer cell, with wrong answers to both exercises
        students[name] = {first: patch + WRONG, second: "pass"}
    return grade_answers(tmp_path_factory.mktemp("trusted"), CHAPTER, students)


def test_the_honest_student_keeps_full_marks_and_no_flag(graded):
    course, outcomes = graded
    score, most = scores(course, [CHAPTER.id])[("honest", CHAPTER.id)]
    assert score == most == 5
    assert outcomes["honest"].status == "graded" and not outcomes["honest"].flags


@pytest.mark.parametrize("student", sorted(PATCHES))
def test_patching_the_kernel_scores_zero_and_is_flagged(graded, student):
    course, outcomes = graded
    score, _ = scores(course, [CHAPTER.id])[(student, CHAPTER.id)]
    assert score == 0
    flags = "; ".join(outcomes[student].flags)
    assert "tampering suspected" in flags and "test_ex01_neuron_output" in flags


def test_feedback_pages_hold_no_hidden_test(graded):
    course, outcomes = graded
    master = nbformat.read(CHAPTER.source, as_version=4)
    hidden_lines = [line.strip() for cell in master.cells if cell.cell_type == "code"
                    for line in split_hidden(cell.source)[1].splitlines()
                    if len(line.strip()) > 12]
    assert hidden_lines, "chapter 01 has hidden tests to look for"
    pages = list((course.root / "feedback").rglob("*.html"))
    assert len(pages) == len(outcomes)
    for page in pages:
        text = page.read_text()
        assert "BEGIN HIDDEN TESTS" not in text
        import html
        plain = html.unescape(text)
        leaked = [line for line in hidden_lines if line in plain]
        assert not leaked, f"{page}: hidden test lines in the feedback: {leaked[:2]}"
        assert "more check(s) on other inputs" in plain or "more checks ran" in plain \
            or "run once the visible tests" in plain


def test_the_kernel_never_sees_hidden_tests(graded):
    course, _ = graded
    for notebook in (course.root / "autograded").rglob("*.ipynb"):
        assert "BEGIN HIDDEN TESTS" not in notebook.read_text()


# --- the codec: data only, nothing that runs ---------------------------------------------


def test_codec_round_trips_plain_data():
    import numpy as np

    value = {"a": [1, 2.5, float("nan"), None, True], "t": (1, "x"), "arr": np.arange(6.0)
             .reshape(2, 3), "s": np.float32(1.5), "big": 2**70, 3: {4, 5}}
    back = codec.decode(codec.encode(value))
    assert back["t"] == (1, "x") and back["big"] == 2**70 and back[3] == {4, 5}
    assert np.array_equal(back["arr"], value["arr"]) and back["arr"].dtype == np.float64
    assert isinstance(back["s"], np.float32) and np.isnan(back["a"][2])


@pytest.mark.parametrize("tree", [
    {"$array": {"dtype": "|O", "shape": [1], "data": "AAAAAAAAAAA="}},  # object dtype
    {"$array": {"dtype": "<f8", "shape": [3], "data": "AAAAAAAAAAA="}},  # wrong size
    {"$object": "os:system", "state": {}},  # objects by state are not accepted here
    {"$pickle": "gASV"},  # unknown tags
    {"$handle": 1},  # handles only where a resolver is given
])
def test_codec_refuses_what_could_run_or_lie(tree):
    with pytest.raises(codec.CodecError):
        codec.decode(tree)


def test_codec_refuses_deep_or_huge_trees():
    deep = []
    for _ in range(100):
        deep = [deep]
    with pytest.raises(codec.CodecError):
        codec.decode(deep)
    with pytest.raises(codec.CodecError):
        codec.decode(["x" * 1000] * 70_000)
