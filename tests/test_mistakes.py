"""Tests of the tests: every catalogued wrong answer is rejected, with its hint on show.

Each mistake from examples/mistakes/<chapter>.toml goes into the student edition's answer
cell of a live kernel that holds the chapter, then the exercise's test cell runs: the
student edition's visible tests (what a student sees in JupyterLab), or, for entries
`caught_by = "hidden"`, the master's tests with the hidden part (what grading runs).
"""

from __future__ import annotations

import nbformat
import pytest

from conftest import COURSE
from nncourse.authoring.catalogue import load_alternatives, load_mistakes
from nncourse.authoring.cells import grade_id, is_answer
from nncourse.authoring.tryout import ChapterTrial

MISTAKES = load_mistakes(COURSE)
ALTERNATIVES = load_alternatives(COURSE)


@pytest.fixture(scope="module")
def trials():
    """One live kernel per chapter, started on first use, shut down after this module."""
    opened: dict[str, ChapterTrial] = {}

    def get(chapter_id: str) -> ChapterTrial:
        if chapter_id not in opened:
            opened[chapter_id] = ChapterTrial(COURSE.chapter(chapter_id)).__enter__()
        return opened[chapter_id]

    yield get
    for trial in opened.values():
        trial.__exit__(None, None, None)


def test_every_exercise_has_a_catalogue():
    covered = {}
    for mistake in MISTAKES:
        covered[mistake.exercise] = covered.get(mistake.exercise, 0) + 1
    for chapter in COURSE.chapters():
        nb = nbformat.read(chapter.source, as_version=4)
        for exercise in [grade_id(c) for c in nb.cells if is_answer(c)]:
            assert covered.get(exercise, 0) >= 4, f"{exercise}: fewer than 4 catalogued mistakes"


@pytest.mark.parametrize("chapter", COURSE.chapters(), ids=lambda c: c.id)
def test_reference_solution_passes_without_hint(trials, chapter):
    trial = trials(chapter.id)
    for exercise in trial.exercises():
        attempt = trial.attempt(exercise, trial.solution(exercise), hidden=True)
        assert attempt.passed, attempt.output
        assert "hint:" not in attempt.output and "✓" in attempt.output


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: m.key)
def test_mistake_is_rejected_with_its_hint(trials, mistake):
    trial = trials(mistake.chapter)
    hidden = mistake.caught_by == "hidden"
    attempt = trial.attempt(mistake.exercise, mistake.code, hidden=hidden)
    assert not attempt.passed, f"false pass: {mistake.key} passes the tests\n{attempt.output}"
    assert mistake.hint in attempt.output, (
        f"{mistake.key}: the feedback does not show {mistake.hint!r}:\n{attempt.output}"
    )
    if hidden:
        visible = trial.attempt(mistake.exercise, mistake.code, hidden=False)
        assert visible.passed, f"{mistake.key} is marked hidden but the visible tests catch it"


@pytest.mark.parametrize("alternative", ALTERNATIVES, ids=lambda a: a.key)
def test_correct_alternative_passes_without_hint(trials, alternative):
    """No false fail: a right answer written another way passes every test, hidden ones too."""
    trial = trials(alternative.chapter)
    assert alternative.exercise in trial.exercises(), f"{alternative.key}: no such exercise"
    attempt = trial.attempt(alternative.exercise, alternative.code, hidden=True)
    assert attempt.passed, f"false fail: {alternative.key} is rejected\n{attempt.output}"
    assert "hint:" not in attempt.output and "✓" in attempt.output, attempt.output
