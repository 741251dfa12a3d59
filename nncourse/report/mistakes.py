"""The most common mistakes of a class, counted from what each student was told.

Every failed test cell of a graded submission is one piece of feedback a student received
(recorded by the trusted verdict, never parsed from HTML). Feedback is grouped by

1. the mistake the checks named (`mistake`, e.g. "bias_missing"), when there is one
   (not their neutral names such as "differs": NAMES_NO_MISTAKE);
2. otherwise the hint the student read, normalised: numbers, code in backticks and value
   summaries such as `<array (3, 4)>` stand for any value, so "adding `bias`" and "adding
   `biases`" or "got 0.3" and "got 2.8" are the same advice;
3. otherwise the failure message, normalised the same way, without the call in front
   ("neuron_output([1, 2, 3], ...) returned None: ..." -> "returned None: ...").

A group counts the distinct students who received it, in which exercises, and keeps one
example, the text one student actually read (the first in student order).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_CODE = re.compile(r"`[^`\n]*`")
_SUMMARY = re.compile(r"<[A-Za-z_][\w.]*(?: [^<>\n]*)?>")  # <list (3, 3)>, <array (3, 4)>
_NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?(?!\w)")
_SEQUENCE = re.compile(r"[\[(]\s*(?:#|…|\[…\])(?:\s*,\s*(?:#|…|\[…\]))*\s*,?\s*[\])]")
_CALL = re.compile(r"^[A-Za-z_][\w.]*\(")

TITLE_LENGTH = 64
#: names the checks give to feedback that names no mistake: a neutral "this is what
#: differs", any other exception, a legacy detector known only by its function's name.
#: Their texts say different things, so they are grouped by their texts instead.
NAMES_NO_MISTAKE = frozenset({"differs", "differs_here", "exception", "detect", "relation"})


def normalise(text: str) -> str:
    """The advice of a text, without the values it was about."""
    return values_out(_CODE.sub("`…`", " ".join(text.split())))


def values_out(text: str) -> str:
    """The text with numbers, value summaries and sequences of numbers left out."""
    text = " ".join(text.split())
    text = _SUMMARY.sub("…", text)
    text = _NUMBER.sub("#", text)
    while True:
        shorter = _SEQUENCE.sub("[…]", text)
        if shorter == text:
            break
        text = shorter
    return text.strip().rstrip(".")


def without_call(text: str) -> str:
    """'f([1, 2], 3) returned None: ...' -> 'returned None: ...' (the text when no call)."""
    if not _CALL.match(text):
        return text
    depth = 0
    for index, char in enumerate(text):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                return text[index + 1:].lstrip()
    return text


def headline(message: str) -> str:
    """The first statement of a failure message, unwrapped: its first line and the lines
    indented under it, before labelled lines such as '  expected:' or '  hint:'."""
    lines = message.strip("\n").splitlines()
    if not lines:
        return ""
    kept = [lines[0].strip()]
    for line in lines[1:]:
        if not line.startswith("    "):
            break
        kept.append(line.strip())
    return " ".join(kept)


@dataclass
class MistakeGroup:
    """One piece of advice and who received it."""

    kind: str  # "mistake" (named by the checks), "hint" or "message"
    key: str
    example: str  # what one student was told, word for word
    mistake: str = ""  # the checks' name for it, when kind == "mistake"
    from_message: bool = False  # the example is a failure message, not a hint
    students: set[str] = field(default_factory=set)
    cells: int = 0  # failed test cells that received it
    by_exercise: dict[str, set[str]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.students)

    @property
    def exercises(self) -> list[tuple[str, int]]:
        """(exercise, students) with the most students first, then by name."""
        return sorted(((name, len(who)) for name, who in self.by_exercise.items()),
                      key=lambda item: (-item[1], item[0]))

    @property
    def title(self) -> str:
        """A short label: the first clause of the advice, without the call and asides."""
        text = _without_asides(without_call(self.example) if self.from_message
                               else self.example)
        clause = _split_top(text)
        head = clause[0].strip().rstrip(".")
        if self.from_message:
            # what follows the call: "is not right yet" reads "Not right yet", and
            # "on fresh inputs is not right yet" says where last
            fresh = re.match(r"on (fresh \w+) (.*)", head)
            if fresh:
                head = fresh.group(2)
            head = values_out(head.removeprefix("is "))
            if fresh:
                head += f" on {fresh.group(1)}"
            if len(head) < 40 and len(clause) > 1:
                # a short verb phrase ("returned None") says more with its explanation;
                # the values of this one example are left out
                rest = values_out(_split_top(clause[1].strip())[0]).rstrip(". ")
                if rest:
                    head = f"{head}: {rest}"
        if self.kind == "mistake" and not head:
            head = self.mistake
        if len(head) > TITLE_LENGTH:
            head = head[:TITLE_LENGTH - 1].rsplit(" ", 1)[0] + "…"
        return head[:1].upper() + head[1:]


def _without_asides(text: str) -> str:
    """The text without long parenthesised asides such as '(line 2 of the cell that defines
    `f`: `return x`)'; short ones that say what is meant, '(2,)' or '(one per sample)', stay."""
    out, stack, code = [], [], False
    for char in text:
        if char == "`":
            code = not code
        if not code and char == "(":
            stack.append(len(out))
        out.append(char)
        if not code and char == ")" and stack:
            begin = stack.pop()
            aside = "".join(out[begin:])
            if not stack and (": " in aside or len(aside) > 30):
                del out[begin:]
    joined = " ".join("".join(out).split())
    return re.sub(r"\s+([,.;:])", r"\1", joined)


def _split_top(text: str) -> list[str]:
    """Split after the first clause: at the first ': ' or sentence end outside code spans."""
    code = False
    for index, char in enumerate(text):
        if char == "`":
            code = not code
        elif not code and (text.startswith(": ", index) or text.startswith(". ", index)):
            return [text[:index], text[index + 2:]]
    return [text]


def feedback_key(hint: str, message: str, mistake: str) -> tuple[str, str]:
    """(kind, key) of one piece of feedback."""
    if mistake and mistake not in NAMES_NO_MISTAKE:
        return "mistake", mistake
    if hint.strip():
        return "hint", normalise(hint)
    text = without_call(headline(message))
    return "message", normalise(text) if text else "failed without a message"


def group_mistakes(failures) -> list[MistakeGroup]:
    """Group (student, assignment, data.Cell) failures; the most students first."""
    groups: dict[tuple[str, str], MistakeGroup] = {}
    for student, _assignment, cell in failures:
        kind, key = feedback_key(cell.hint, cell.message, cell.mistake)
        example = cell.hint.strip() or headline(cell.message)
        group = groups.get((kind, key))
        if group is None:
            group = groups[(kind, key)] = MistakeGroup(
                kind, key, " ".join((example or key).split()),
                cell.mistake if kind == "mistake" else "", from_message=not cell.hint.strip())
        group.students.add(student)
        group.cells += 1
        group.by_exercise.setdefault(cell.exercise, set()).add(student)
    return sorted(groups.values(), key=lambda g: (-g.count, -g.cells, g.kind, g.key))
