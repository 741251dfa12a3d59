"""The catalogue of wrong answers: examples/mistakes/<chapter>.toml.

Each entry is code a student really writes for one exercise, plus a phrase the feedback
must show. CI puts every entry into the student edition and proves the test rejects it
with that hint (tests/test_mistakes.py); the demo class reuses entries as submissions.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from .course import ROOT

CATALOGUE = ROOT / "examples" / "mistakes"


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


def load_mistakes(chapter: str | None = None) -> list[Mistake]:
    """Every catalogued mistake (of one chapter, if given), in file order."""
    found = []
    for path in sorted(CATALOGUE.glob("*.toml")):
        if chapter and path.stem != chapter:
            continue
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for entry in data.get("mistake", []):
            found.append(Mistake(chapter=path.stem, **entry))
    return found


def find_mistake(key: str) -> Mistake:
    """The mistake 'ex01_neuron_output:bias_forgotten'."""
    for mistake in load_mistakes():
        if mistake.key == key:
            return mistake
    raise KeyError(f"no catalogued mistake {key!r} in {CATALOGUE}")
