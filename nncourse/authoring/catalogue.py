"""The catalogue of answers per chapter: examples/mistakes/<chapter>.toml.

`[[mistake]]` entries are wrong answers students really write for one exercise, each with a
phrase the feedback must show; `[[alternative]]` entries are correct solutions written
another way, which must pass with no hint. CI runs every entry against the chapter's tests
(tests/test_mistakes.py); the demo class reuses mistakes as submissions.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from ..course import Course


@dataclass(frozen=True)
class Mistake:
    chapter: str
    exercise: str  # grade_id of the answer cell
    name: str
    hint: str  # phrase the test cell's output must contain
    code: str
    # "visible": the student's own test run shows it; "hidden": only grading does
    caught_by: str = "visible"

    @property
    def key(self) -> str:
        return f"{self.exercise}:{self.name}"


@dataclass(frozen=True)
class Alternative:
    """A correct answer unlike the reference solution: it must pass without a hint."""

    chapter: str
    exercise: str
    name: str
    code: str

    @property
    def key(self) -> str:
        return f"{self.exercise}:{self.name}"


def _entries(course: Course, table: str, chapter: str | None) -> list[tuple[str, dict]]:
    found = []
    for path in sorted(course.catalogue.glob("*.toml")):
        if chapter and path.stem != chapter:
            continue
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        found += [(path.stem, entry) for entry in data.get(table, [])]
    return found


def load_mistakes(course: Course, chapter: str | None = None) -> list[Mistake]:
    """Every catalogued mistake (of one chapter, if given), in file order."""
    return [Mistake(chapter=stem, **entry) for stem, entry in _entries(course, "mistake", chapter)]


def load_alternatives(course: Course, chapter: str | None = None) -> list[Alternative]:
    """Every catalogued correct alternative (of one chapter, if given), in file order."""
    return [Alternative(chapter=stem, **entry)
            for stem, entry in _entries(course, "alternative", chapter)]


def find_mistake(course: Course, key: str) -> Mistake:
    """The mistake 'ex01_neuron_output:bias_forgotten'."""
    for mistake in load_mistakes(course):
        if mistake.key == key:
            return mistake
    raise KeyError(f"no catalogued mistake {key!r} in {course.catalogue}")
