"""Short, deterministic descriptions of values for check messages.

Messages end up in nbval-compared outputs and in nbgrader feedback, so every number is
formatted the same way on every run (`.6g`) and nothing shows a memory address.
"""

from __future__ import annotations

import numbers

import numpy as np

from .student import type_name


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 value', '3 values' ('2 entries' with many='entries')."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def fmt_number(x) -> str:
    """A number as a student would write it: 2.3, not 2.3000000000000003."""
    if isinstance(x, (bool, np.bool_)):
        return str(bool(x))
    if isinstance(x, numbers.Integral):
        return str(int(x))
    if float(x) == 0:
        return "0"  # not "-0"
    return f"{float(x):.6g}"


def fmt_array(a, limit: int = 8) -> str:
    """Values of a (small) array, rounded, on one line."""
    arr = np.asarray(a, dtype=float)
    if arr.ndim == 0:
        return fmt_number(arr.item())
    if arr.size > limit * (arr.shape[0] if arr.ndim > 1 else 1):
        return f"<{arr.size} values>"
    if arr.ndim == 1:
        return "[" + ", ".join(fmt_number(v) for v in arr) + "]"
    return "[" + ", ".join(fmt_array(row, limit) for row in arr) + "]"


def describe(value) -> str:
    """What kind of thing a value is: 'float 2.3', 'array of shape (3, 4)', 'list of 3'."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"array of shape {value.shape} (dtype {value.dtype})"
    if isinstance(value, (bool, np.bool_)):
        return f"bool {value}"
    if isinstance(value, numbers.Number):
        return f"{type(value).__name__} {fmt_number(value)}"
    if isinstance(value, (list, tuple)):
        kind = type(value).__name__
        if value and all(isinstance(v, (list, tuple)) for v in value):
            return f"{kind} of {len(value)} {type(value[0]).__name__}s"
        return f"{kind} of {len(value)}"
    return type_name(value)


def describe_argument(value) -> str:
    """How an argument appears in a call line: short literals, or just the shape."""
    if isinstance(value, np.ndarray):
        if value.size <= 4 and value.ndim <= 1:
            return fmt_array(value)
        return f"<array {value.shape}>"
    if isinstance(value, tuple) and len(value) <= 4 and all(isinstance(v, int) for v in value):
        return repr(value)  # a shape reads as a shape: (2, 3), not [2, 3]
    if isinstance(value, (list, tuple)):
        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            return f"<{type(value).__name__} of {len(value)}>"
        if arr.size <= 4 and arr.ndim <= 1:
            return fmt_array(arr)
        return f"<{type(value).__name__} {arr.shape}>"
    if isinstance(value, numbers.Number):
        return fmt_number(value)
    return type_name(value)


def first_difference(got: np.ndarray, expected: np.ndarray, atol: float, rtol: float) -> str:
    """'at [1, 0]: 0.2 instead of -1.81' for the first element outside the tolerance."""
    bad = ~np.isclose(got, expected, atol=atol, rtol=rtol)
    if not bad.any():
        return ""
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    where = "[" + ", ".join(str(i) for i in index) + "]"
    shown, wanted = fmt_number(got[index]), fmt_number(expected[index])
    digits = 7
    while shown == wanted and digits <= 17:  # the same when rounded: show more digits
        shown, wanted = f"{float(got[index]):.{digits}g}", f"{float(expected[index]):.{digits}g}"
        digits += 1
    return (
        f"first difference at {where}: {shown} instead of "
        f"{wanted} ({int(bad.sum())} of {bad.size} values differ)"
    )
