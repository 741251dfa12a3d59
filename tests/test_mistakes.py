"""Tests of the tests: every catalogued wrong answer is rejected and named, every correct
alternative is accepted without a hint, the reference solutions pass, and no feedback cites
a section of a later chapter than the exercise's.

Each entry of examples/mistakes/<chapter>.toml goes into the student edition's answer cell of
a live kernel that holds the chapter, then the exercise's test cell runs: the student
edition's visible tests (what a student sees in JupyterLab), or, for entries
`caught_by = "hidden"` and for alternatives, the master's tests with the hidden part (what
grading runs). "Named" means the feedback shows the entry's hint phrase and, when the entry
gives a `key`, the Failure carries that mistake name.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from conftest import COURSE
from nncourse.authoring.catalogue import load_alternatives, load_mistakes
from nncourse.authoring.cells import grade_id, is_answer
from nncourse.authoring.tryout import ChapterTrial
from nncourse.checks.sections import SECTIONS

MISTAKES = load_mistakes(COURSE)
ALTERNATIVES = load_alternatives(COURSE)
#: chapters whose checks probe before they name (issue 7): a larger catalogue is required
PROBED = {"00", "01", "02", "03", "04", "05", "06", "07", "08", "09"}
_CITED = re.compile(r"re-read (\d\d) · (.+?)(?=\)|$)", re.MULTILINE)


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


def _exercises():
    for chapter in COURSE.chapters():
        nb = nbformat.read(chapter.source, as_version=4)
        for exercise in [grade_id(c) for c in nb.cells if is_answer(c)]:
            yield chapter, exercise


def test_every_exercise_has_a_catalogue():
    for chapter, exercise in _exercises():
        mistakes = [m for m in MISTAKES if m.exercise == exercise]
        alternatives = [a for a in ALTERNATIVES if a.exercise == exercise]
        assert len(mistakes) >= 4, f"{exercise}: fewer than 4 catalogued mistakes"
        if chapter.number in PROBED:
            assert len(mistakes) >= 8, f"{exercise}: fewer than 8 catalogued mistakes"
            assert len(alternatives) >= 2, f"{exercise}: fewer than 2 correct alternatives"
            assert all(m.accepted() for m in mistakes), f"{exercise}: a mistake without key"


def assert_cites_nothing_later(output: str, chapter: str, what: str) -> None:
    """Every 're-read NN · Heading' in the feedback exists and is not after `chapter`."""
    known = {place for places in SECTIONS.values() for place in places}
    for number, heading in _CITED.findall(" ".join(output.split())):
        assert number <= chapter, f"{what}: cites chapter {number} from chapter {chapter}"
        assert (number, heading.strip()) in known, f"{what}: cites {number} · {heading}"


@pytest.mark.parametrize("chapter", COURSE.chapters(), ids=lambda c: c.id)
def test_reference_solution_passes_without_hint(trials, chapter):
    trial = trials(chapter.id)
    for exercise in trial.exercises():
        attempt = trial.attempt(exercise, trial.solution(exercise), hidden=True)
        assert attempt.passed, attempt.output
        assert "hint:" not in attempt.output and "✓" in attempt.output


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: m.key)
def test_mistake_is_rejected_and_named(trials, mistake):
    trial = trials(mistake.chapter)
    hidden = mistake.caught_by == "hidden"
    attempt = trial.attempt(mistake.exercise, mistake.code, hidden=hidden)
    assert not attempt.passed, f"false pass: {mistake.key} passes the tests\n{attempt.output}"
    assert mistake.shows_hint(attempt.output), (
        f"{mistake.key}: the feedback does not show {mistake.hint!r}:\n{attempt.output}"
    )
    names = mistake.accepted()
    assert not names or attempt.mistake in names, (
        f"{mistake.key}: the feedback names {attempt.mistake!r}, not {names}:\n{attempt.output}"
    )
    assert_cites_nothing_later(attempt.output, mistake.exercise[2:4], mistake.key)
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
