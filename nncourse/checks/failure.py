"""A failed check as data: what was called, what came back, the hint, the section, the mistake.

Checks never build message strings for the student directly: they fill a Failure, and
render.render() lays it out (the ✓ lines go through render.tick()). CheckFailed carries
the Failure, so the grading side can record which mistake a test cell named
(`failure.mistake`, `failure.to_dict()`) without parsing text, and every failure raised in
this process is also kept in `RECENT` for tools that run test cells in a kernel
(`nncourse try` reads the last one back).
"""

from __future__ import annotations

import json
from collections import deque
from dataclasses import asdict, dataclass, field

from .render import render


@dataclass
class Failure:
    """Everything a failed check knows, before it is turned into text."""

    call: str = ""  # what was called: "neuron_output([1, 2, 3], [0.2, 0.8, -0.5], 2)"
    problem: str = ""  # what came back vs what was asked: "returned 0.3, expected 2.3."
    expected: str | None = None  # the expected values, for arrays and lists
    got: str | None = None  # the values that came back
    notes: tuple[tuple[str, str], ...] = ()  # extra labelled lines, e.g. ("here", "...")
    evidence: tuple[str, ...] = ()  # the probe calls that show the mistake
    hint: str | None = None  # what is wrong and how to fix it
    section: str | None = None  # "re-read 01 · The bias", already checked against the chapter
    mistake: str | None = None  # machine-readable name: "bias_missing", "differs", "stub"
    named: bool = False  # True when the hint names a mistake the probes confirmed
    exercise: str | None = None  # "ex01_neuron_output"
    text: str | None = None  # a message written as text (chapter modules not yet ported)

    def headline(self) -> str:
        if self.text is not None:
            return self.text
        return f"{self.call} {self.problem}".strip() if self.call else self.problem

    def render(self, prefix: str = "") -> str:
        return render(self, prefix)

    def to_dict(self) -> dict:
        """Plain data for a grading record or a class report."""
        data = asdict(self)
        data["notes"] = [list(n) for n in self.notes]
        data["evidence"] = list(self.evidence)
        data["message"] = self.render()
        return data


#: the failures raised in this process, newest last
RECENT: deque[Failure] = deque(maxlen=50)


def last_failure_json() -> str:
    """The newest failure as JSON ('null' when there is none): for tools driving a kernel."""
    return json.dumps(RECENT[-1].to_dict() if RECENT else None)


def forget() -> None:
    RECENT.clear()


class CheckFailed(AssertionError):
    """A check did not pass; it carries the Failure, and its text is the Failure rendered.

    CheckFailed("some text") still works for a message written as text.
    """

    def __init__(self, failure: Failure | str):
        self.failure = failure if isinstance(failure, Failure) else Failure(text=str(failure))
        RECENT.append(self.failure)
        super().__init__(self.failure.render())

    @property
    def mistake(self) -> str | None:
        """The mistake's machine-readable name ("bias_missing"; "differs" when none is named)."""
        return self.failure.mistake

    @property
    def named(self) -> bool:
        """True when the probes confirmed the mistake the hint names."""
        return self.failure.named

    @property
    def hint(self) -> str:
        """The hint as one line, with its section ('' when there is none)."""
        f = self.failure
        if not f.hint:
            return ""
        return f"{f.hint.rstrip('.')} ({f.section})." if f.section else f.hint

    def _render_traceback_(self) -> list[str]:
        """What IPython shows instead of a traceback (and so nbgrader's Validate dialog and the
        feedback page): just the message, wrapped, its first line after the class name."""
        name = type(self).__name__
        lines = self.failure.render(prefix=f"{name}: ").splitlines()
        lines[0] = f"\x1b[0;31m{name}\x1b[0m" + lines[0][len(name):]
        return lines


class AnswerMissing(CheckFailed):
    """The answer cell has not been completed or run yet."""


@dataclass(frozen=True)
class Hint:
    """What a detector found: the mistake's name, the words for it, where it is taught.

    `evidence` names the trials (probe names, or "main") whose results show the mistake;
    `named` is False for a neutral description of what differs.
    """

    key: str
    text: str
    section: str | None = None  # a concept of sections.SECTIONS
    evidence: tuple[str, ...] = ()
    named: bool = True
    notes: tuple[tuple[str, str], ...] = field(default=())
