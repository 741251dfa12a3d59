"""The catalogue of answers per chapter: examples/mistakes/<chapter>.toml.

`[[mistake]]` entries are wrong answers students really write for one exercise, each with a
phrase the feedback must show (`hint`) and, optionally, the machine-readable mistake name
the failure must carry (`key`, or several acceptable ones in `keys`); `[[alternative]]`
entries are correct solutions written another way, which must pass with no hint. CI runs
every entry against the chapter's tests (tests/test_mistakes.py); the demo class reuses
mistakes as submissions. `folder=` reads another catalogue folder (a held-out set).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..course import Course


@dataclass(frozen=True)
class Mistake:
    chapter: str
    exercise: str  # grade_id of the answer cell
    name: str
    code: str
    hint: str = ""  # phrase the test cell's output must contain
    # "visible": the student's own test run shows it; "hidden": only grading does
    caught_by: str = "visible"
    mistake: str | None = None  # the mistake name (Failure.mistake) the feedback must carry
    keys: tuple[str, ...] = ()  # or any of these

    def __post_init__(self):
        object.__setattr__(self, "keys", tuple(self.keys))

    @property
    def key(self) -> str:
        return f"{self.exercise}:{self.name}"

    def accepted(self) -> tuple[str, ...]:
        return self.keys or ((self.mistake,) if self.mistake else ())

    def shows_hint(self, output: str) -> bool:
        """The hint phrase is in the output, wherever the lines were wrapped."""
        return " ".join(self.hint.split()) in " ".join(output.split())

    def named_in(self, output: str, failure: dict | None) -> bool:
        """The feedback shows the hint phrase and carries an accepted mistake name."""
        if self.hint and not self.shows_hint(output):
            return False
        names = self.accepted()
        if names and (failure is None or failure.get("mistake") not in names):
            return False
        return bool(self.hint or names)


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


def _entries(course: Course, table: str, chapter: str | None,
             folder: Path | None = None) -> list[tuple[str, dict]]:
    found = []
    for path in sorted((folder or course.catalogue).glob("*.toml")):
        if chapter and path.stem != chapter:
            continue
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        found += [(path.stem, entry) for entry in data.get(table, [])]
    return found


def _mistake(stem: str, entry: dict) -> Mistake:
    entry = dict(entry)
    if "key" in entry:  # `key` in the file is the mistake name; Mistake.key is the entry's id
        entry["mistake"] = entry.pop("key")
    return Mistake(chapter=stem, **entry)


def load_mistakes(course: Course, chapter: str | None = None,
                  folder: Path | None = None) -> list[Mistake]:
    """Every catalogued mistake (of one chapter, if given), in file order."""
    return [_mistake(stem, entry) for stem, entry in _entries(course, "mistake", chapter, folder)]


def load_alternatives(course: Course, chapter: str | None = None,
                      folder: Path | None = None) -> list[Alternative]:
    """Every catalogued correct alternative (of one chapter, if given), in file order."""
    return [Alternative(chapter=stem, **entry)
            for stem, entry in _entries(course, "alternative", chapter, folder)]


def find_mistake(course: Course, key: str) -> Mistake:
    """The mistake 'ex01_neuron_output:bias_forgotten'."""
    for mistake in load_mistakes(course):
        if mistake.key == key:
            return mistake
    raise KeyError(f"no catalogued mistake {key!r} in {course.catalogue}")
