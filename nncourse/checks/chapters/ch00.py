"""Chapter 00 · NumPy arrays: the checks of its two exercises, with their own diagnoses.

Like everything in nncourse.checks, this module ships to students, so it never computes a
reference answer: each detector relates a wrong result to the expected one and to the inputs
("the result times the maximum gives the expected values times the range" means the student
divided by the maximum instead of the range).

Test cells call `check_normalise` and `check_shapes`. Both run the core `check_function`
(same ✓ lines, same messages for a stub, a missing return, an exception, a changed input)
and then add what only this chapter can say: a hint for `/=` on an array of whole numbers,
hints for wrong shapes (tuples get no hint from the core checks), and a pointer to this
chapter instead of a later one.
"""

from __future__ import annotations

import numpy as np

from ..core import CheckFailed, answer, check_function
from ..diagnose import Case
from ..sections import reread
from . import notebook, recording

# where this chapter teaches what its hints are about
ELEMENTWISE = reread("elementwise")
INDEXING = reread("indexing")
NEW_ARRAYS = reread("mutation")
FUNCTIONS = "re-read 00 · Loop vs vectorised"


def _checked(namespace: dict, name: str, args: dict, expected, explain, options: dict) -> None:
    """check_function(name, ...) for the notebook `namespace`; on failure, add explain's hints.

    The student's function is checked wrapped, so that explain can see what it returned or
    raised.
    """
    student = answer(name, namespace)
    seen: dict = {}
    target = recording(student, seen) if callable(student) else student
    try:
        check_function(name, args, expected, namespace={name: target}, **options)
    except CheckFailed as failure:
        # the core sends a missing return to chapter 01, which students have not read yet
        message = str(failure).replace(reread("return"), FUNCTIONS)
        hint = None
        if "changed its input" not in message:
            try:
                hint = explain(seen, args, expected)
            except Exception:  # a hint must never break the check
                hint = None
        if hint:
            message += "".join(f"\n  hint: {line}" for line in hint)
        raise type(failure)(message) from None


# --- exercise 1: min-max normalisation ---------------------------------------------------


def _range_of(case: Case) -> tuple[np.ndarray, float, float] | None:
    if "values" not in case.args:
        return None
    values = np.asarray(case.args["values"], dtype=float)
    low, high = float(values.min()), float(values.max())
    if values.ndim != 1 or high == low:
        return None
    return values, low, high


def whole_numbers(case: Case) -> str | None:
    exp = case.expected
    if np.allclose(exp, np.round(exp)) or not case.close(np.floor(exp)):
        return None
    return (
        "Your result holds whole numbers only: the fractions were cut off. `//` is floor "
        "division (and .astype(int) also drops the fraction); divide with `/`, which always "
        f"gives floats ({ELEMENTWISE})."
    )


def reversed_order(case: Case) -> str | None:
    if not case.close(1.0 - case.expected):
        return None
    return (
        "Your values run the wrong way: the largest input became 0 and the smallest 1. "
        "Subtract the minimum from the values (values - values.min()), not the values from "
        f"the maximum ({ELEMENTWISE})."
    )


def divided_by_max(case: Case) -> str | None:
    found = _range_of(case)
    if found is None:
        return None
    _, low, high = found
    if high == 0 or not case.close(case.expected * (high - low) / high):
        return None
    return (
        "The largest value does not become 1: you divided by the maximum, but the "
        "denominator is the range, values.max() - values.min() "
        f"({ELEMENTWISE})."
    )


def never_divided(case: Case) -> str | None:
    found = _range_of(case)
    if found is None:
        return None
    _, low, high = found
    if not case.close(case.expected * (high - low)):
        return None
    return (
        "You subtracted the minimum but did not divide by the range "
        f"(values.max() - values.min()), so the largest value is not 1 ({ELEMENTWISE})."
    )


def minimum_kept(case: Case) -> str | None:
    found = _range_of(case)
    if found is None:
        return None
    values, low, high = found
    if not (case.close(case.expected + low / (high - low)) or case.close(values / high)):
        return None
    return (
        "The smallest value does not become 0: subtract the minimum first, "
        "values - values.min(), then divide by the range "
        f"values.max() - values.min() ({ELEMENTWISE})."
    )


def precedence(case: Case) -> str | None:
    found = _range_of(case)
    if found is None:
        return None
    values, low, high = found
    candidates = (values - low / (high - low), case.expected * (high - low) / high - low)
    if not any(case.close(c) for c in candidates):
        return None
    return (
        "Python divides before it subtracts: in `values - values.min() / (...)` only the "
        "minimum is divided. Put the subtraction in parentheses: "
        f"(values - values.min()) / (values.max() - values.min()) ({ELEMENTWISE})."
    )


def same_values_other_shape(case: Case) -> str | None:
    exp = case.expected
    if case.got.shape == exp.shape:
        return None
    if case.got.size == exp.size and np.allclose(case.got.reshape(exp.shape), exp,
                                                 atol=case.atol, rtol=case.rtol):
        return (
            f"The values are right but the shape is not: return a 1-D array of shape "
            f"{exp.shape}, like the input, not {case.got.shape} ({reread('shape')})."
        )
    return (
        f"Element-wise arithmetic keeps the shape: one result per value, so an array of shape "
        f"{exp.shape}, not {case.got.shape} ({ELEMENTWISE})."
    )


NORMALISE_MISTAKES = (same_values_other_shape, whole_numbers, reversed_order, divided_by_max,
                      never_divided, minimum_kept, precedence)


def _cannot_cast(seen: dict, args: dict, expected) -> list[str] | None:
    error = seen.get("error")
    if error is None or "Cannot cast ufunc" not in str(error):
        return None
    return [
        "`/=` (or `-=`) changes an array in place, and an array of whole numbers (dtype int64) "
        "cannot hold the fractions a division gives. Compute a new array instead, "
        "(values - values.min()) / (...): that also leaves the caller's array as it was "
        f"({NEW_ARRAYS})."
    ]


def check_normalise(args: dict, expected, *, label: str | None = None) -> None:
    """Check the student's `min_max_normalise` on `args` ({"values": array})."""
    options = {"atol": 1e-6, "label": label, "mistakes": NORMALISE_MISTAKES}
    _checked(notebook(), "min_max_normalise", args, expected, _cannot_cast,
             options)


# --- exercise 2: predicting shapes ---------------------------------------------------------

_WHAT = ("the first row table[0]", "the first column table[:, 0]",
         "the first two columns table[:, :2]", "the sum of two rows table[0] + table[1]")


def _shape_hints(seen: dict, args: dict, expected) -> list[str] | None:
    got = seen.get("result")
    if got is None or isinstance(got, list):
        return None  # the core message already says what to do (add a return, use a tuple)
    if not isinstance(got, tuple) or len(got) != len(expected):
        return [
            f"Return one tuple holding {len(expected)} shapes, in the order asked: "
            + "; ".join(_WHAT) + "."
        ]
    rows, cols = args["n_rows"], args["n_cols"]
    wrong = [k for k, (g, e) in enumerate(zip(got, expected, strict=True))
             if not (isinstance(g, tuple) and g == e)]
    numbers = [k for k in wrong
               if isinstance(got[k], (int, np.integer)) and not isinstance(got[k], bool)]
    lists = [k for k in wrong if isinstance(got[k], list)]
    hints = []
    if numbers:
        n = got[numbers[0]]
        what = "a plain number" if len(numbers) == 1 else "plain numbers"
        hints.append(
            f"For {_listed(numbers)} you returned {what}, not shapes. A shape is a "
            f"tuple, and a tuple with one entry needs a trailing comma: ({n},). Writing ({n}) "
            f"gives just the number {n} ({reread('shape')})."
        )
    if lists:
        example = got[lists[0]]
        hints.append(
            f"For {_listed(lists)} you returned a list such as {example}: a shape is a tuple, "
            f"written with round brackets, e.g. {tuple(example)!r} ({reread('shape')})."
        )
    generic = []
    for k in wrong:
        if k in numbers or k in lists:
            continue
        hint = _one_shape_hint(k, got[k], rows, cols)
        if hint is None:
            generic.append(k)
        elif hint not in hints:
            hints.append(hint)
    if generic:
        hints.append(
            f"{'The shape' if len(generic) == 1 else 'The shapes'} of {_listed(generic)} "
            f"{'is' if len(generic) == 1 else 'are'} not right. Work each out from n_rows and "
            f"n_cols (here {rows} and {cols}): an answer typed in for one table fits no other "
            f"({INDEXING})."
        )
    return hints or None


def _listed(positions: list[int]) -> str:
    names = [_WHAT[k] for k in positions]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _one_shape_hint(k: int, got, rows: int, cols: int) -> str | None:
    if not isinstance(got, tuple):
        return f"For {_WHAT[k]} you returned {got!r}, which is not a shape ({reread('shape')})."
    where = INDEXING if k < 3 else ELEMENTWISE
    if k == 0 and got == (1, cols):
        return (
            "table[0] picks one row with an integer, and an integer index removes that axis: "
            f"the row is 1-D, shape (n_cols,), not (1, n_cols) ({where})."
        )
    if k == 0 and got == (rows,):
        return (
            "A row holds one value per column, so table[0] has shape (n_cols,), not "
            f"(n_rows,) ({where})."
        )
    if k == 1 and got == (rows, 1):
        return (
            "table[:, 0] picks the column with an integer, so the column axis disappears: "
            f"shape (n_rows,). (n_rows, 1) is what the slice table[:, 0:1] gives ({where})."
        )
    if k == 1 and got == (cols,):
        return (
            "A column holds one value per row, so table[:, 0] has shape (n_rows,), not "
            f"(n_cols,) ({where})."
        )
    if k == 2 and got == (2, cols):
        return (
            "table[:, :2] keeps every row (:) and the first two columns (:2): shape "
            f"(n_rows, 2). (2, n_cols) would be table[:2], the first two rows ({where})."
        )
    if k == 3 and got == (2 * cols,):
        return (
            "`+` on two arrays adds them value by value; only Python lists are glued "
            "together. Two rows of n_cols values give one row of n_cols sums, shape "
            f"(n_cols,) ({where})."
        )
    if k == 3 and got == (2, cols):
        return (
            "table[0] + table[1] is one row of sums, not the two rows stacked: element-wise "
            f"arithmetic keeps the shape of its operands, (n_cols,) ({where})."
        )
    return None


def check_shapes(args: dict, expected, *, label: str | None = None) -> None:
    """Check the student's `predict_shapes` on `args` ({"n_rows": r, "n_cols": c})."""
    _checked(notebook(), "predict_shapes", args, expected, _shape_hints,
             {"label": label})
