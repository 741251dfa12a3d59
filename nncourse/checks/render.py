"""The one place where the checks' text gets its layout: failures and ✓ lines alike.

A test cell's output is read in three places: under the cell in JupyterLab, in nbgrader's
Validate dialog (which shows the traceback text and does not break long lines) and on the
feedback page. So every line the checks show is at most WIDTH characters, broken only at
spaces, never inside a word, a number, a shape such as (3, 4), an argument summary such as
<array (3, 4)> or a short `code` span. A continuation line hangs under the text that follows
the line's label ("  hint: the bias ..." continues under "the"; "✓ f(...)" under "f").

`render(failure)` lays out a Failure (see failure.py) as::

    neuron_output([1, 2, 3], [0.2, 0.8, -0.5], 2) returned 0.3, expected 2.3.
      probe: neuron_output([0, 0, 0], [0.5, -1, 2], 1.5) returned 0, expected 1.5 (all
             inputs 0: a neuron gives its bias alone).
      hint: The bias is missing. Add it once, after the weighted sum (re-read 01 · The
            bias).
"""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .failure import Failure

WIDTH = 88

# What a continuation line hangs under: the text after a leading "✓ " or a short lower-case
# label such as "hint: ", "expected: " or "got:      "; other lines continue 4 spaces deeper.
_HANGING = re.compile(r"(?P<indent>\s*)(?P<label>✓\s+|[a-z_]\w{0,11}:\s+)?")
# Kept on one line: a short code span, an argument summary, a shape, and "re-read NN · X".
_UNBREAKABLE = re.compile(
    r"`[^`\n]{1,60}`|<[^<>\n]{1,30}>|\(-?\d+(?:,\s*-?\d+)*,?\)|re-read \d\d ·"
)
_GLUE = "\ue000"  # a private-use character: no text the checks show contains it


def wrap(text: str, width: int = WIDTH) -> str:
    """`text` with every line broken at spaces into lines of at most `width` characters.

    Existing line breaks are kept; a word longer than a line stays whole on its own line.
    """
    return "\n".join(_wrap_line(line, width) for line in text.split("\n"))


def unwrap(text: str) -> str:
    """Undo wrap() for ✓ lines: each continuation line joins the ✓ line it belongs to."""
    lines: list[str] = []
    for line in text.split("\n"):
        if lines and lines[-1].startswith("✓") and line.startswith("  ") and line.strip():
            lines[-1] += " " + line.strip()
        else:
            lines.append(line)
    return "\n".join(lines)


def _wrap_line(line: str, width: int) -> str:
    line = line.rstrip()
    if len(line) <= width:
        return line
    match = _HANGING.match(line)
    indent, label = match["indent"], match["label"] or ""
    hang = len(indent) + len(label) if label else len(indent) + 4
    if hang > width // 2:
        hang = len(indent) + 4
    head = indent + label
    body = _UNBREAKABLE.sub(lambda m: m[0].replace(" ", _GLUE), line[len(head):])
    wrapper = textwrap.TextWrapper(
        width=width,
        initial_indent=head,
        subsequent_indent=" " * hang,
        break_long_words=False,
        break_on_hyphens=False,
        replace_whitespace=False,
        drop_whitespace=True,
    )
    return "\n".join(wrapper.wrap(body)).replace(_GLUE, " ") or line


def tick(text: str) -> str:
    """A ✓ line for a check that passed, wrapped like everything else."""
    return wrap(f"✓ {text}")


def render(failure: Failure, prefix: str = "", width: int = WIDTH) -> str:
    """The text a student reads for `failure`, wrapped; `prefix` starts the first line
    (the traceback shows 'CheckFailed: ' there) and counts towards its width."""
    lines = [prefix + failure.headline()]
    if failure.expected is not None:
        lines.append(f"  expected: {failure.expected}")
    if failure.got is not None:
        lines.append(f"  got:      {failure.got}")
    for label, note in failure.notes:
        lines.append(f"  {label}: {note}")
    for line in failure.evidence:
        lines.append(f"  probe: {line}")
    if failure.hint:
        hint = failure.hint
        if failure.section:
            hint = f"{hint.rstrip('.')} ({failure.section})."
        lines.append(f"  hint: {hint}")
    return wrap("\n".join(lines), width)
