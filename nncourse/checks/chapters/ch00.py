"""Chapter 00 · NumPy arrays: the checks of its two exercises.

min_max_normalise is probed with small arrays of whole numbers and of floats, all-negative
values, a smallest value that is not first and a largest that is not last, and thirds (for
rounding). Its models predict a mistake's answer from the expected values and the input
only ("the expected values times the range, over the maximum" = divided by the maximum).

predict_shapes is probed with other table sizes; its detector explains each wrong shape by
a formula in n_rows and n_cols that fits the test's call and every probe (so (2, n_cols)
for table[:, :2] is named only when it fits tables of several widths).
"""

from __future__ import annotations

import numpy as np

from ..exercise import Exercise
from ..failure import Hint
from ..probes import Evidence, Model, Probe, models
from . import notebook


def _values_probe(name, values, expected, about):
    return Probe(name, {"values": np.array(values)}, np.array(expected, dtype=float), about)


NORMALISE_PROBES = (
    _values_probe("ints", [3, 1, 2], [1.0, 0.0, 0.5], "whole numbers, dtype int64"),
    _values_probe("floats", [0.5, 2.5, 1.5, 4.5], [0.0, 0.5, 0.25, 1.0], "floats"),
    _values_probe("negative", [-4.0, -2.0, -3.0], [0.0, 1.0, 0.5], "all negative"),
    _values_probe("thirds", [0.0, 1.0, 3.0], [0.0, 1 / 3, 1.0], "thirds"),
    _values_probe("wide_ints", [10, 40, 20, 30, 50], [0.0, 0.75, 0.25, 0.5, 1.0],
                  "whole numbers, dtype int64"),
    _values_probe("other", [2.0, 6.0, 4.0, 5.0], [0.0, 1.0, 0.5, 0.75], "floats"),
    # fractions that truncation changes unevenly (all of "floats" end in .5: cut off, they
    # shift together and normalise to the same numbers)
    _values_probe("uneven_fractions", [0.25, 1.75, 1.0, 2.5], [0.0, 2 / 3, 1 / 3, 1.0],
                  "fractions of different sizes"),
)


def _range_of(trial):
    values = np.asarray(trial.args["values"], dtype=float)
    return values, float(values.min()), float(values.max())


def _scaled_by(values, low: float, high: float):
    """(values - low) / (high - low), or None where that divides by 0."""
    return (values - low) / (high - low) if high != low else None


def _min_max(values):
    return _scaled_by(values, float(values.min()), float(values.max()))


def _normalise_model(key, text, predict, section="min_max"):
    def run(ev, trial):
        values, low, high = _range_of(trial)
        exp = np.asarray(trial.expected, dtype=float)
        return predict(values, low, high, exp)

    return Model(key, run, text, section)


NORMALISE_MODELS = (
    _normalise_model(
        "assumes_sorted", "You took the first value as the minimum and the last as the "
        "maximum, as if the array were sorted: it is not, so the smallest value does not "
        "become 0 (nor the largest 1). Find them with values.min() and values.max().",
        lambda v, lo, hi, e: (v - v[0]) / (v[-1] - v[0]) if v[-1] != v[0] else None),
    _normalise_model(
        "divided_by_max", "The largest value does not become 1: you divided by the maximum, "
        "but the denominator is the range, values.max() - values.min().",
        lambda v, lo, hi, e: e * (hi - lo) / hi if hi else None),
    _normalise_model(
        "not_divided", "You subtracted the minimum but did not divide by the range "
        "(values.max() - values.min()), so the largest value is not 1.",
        lambda v, lo, hi, e: e * (hi - lo)),
    _normalise_model(
        "min_not_subtracted", "The smallest value does not become 0: subtract the minimum "
        "first, values - values.min(), then divide by the range values.max() - values.min().",
        lambda v, lo, hi, e: v / (hi - lo)),
    _normalise_model(
        "min_not_subtracted", "The smallest value does not become 0: subtract the minimum "
        "first, values - values.min(), then divide by the range values.max() - values.min().",
        lambda v, lo, hi, e: v / hi if hi else None),
    _normalise_model(
        "precedence", "Python divides before it subtracts: in `values - values.min() / (...)` "
        "only the minimum is divided. Put the subtraction in parentheses: "
        "(values - values.min()) / (values.max() - values.min()).",
        lambda v, lo, hi, e: v - lo / (hi - lo), "elementwise"),
    _normalise_model(
        "range_precedence", "Python divides before it subtracts: in `(values - values.min()) "
        "/ values.max() - values.min()` only the maximum is the divisor, and the minimum is "
        "subtracted afterwards. Put the range in parentheses: (values - values.min()) / "
        "(values.max() - values.min()).",
        lambda v, lo, hi, e: (v - lo) / hi - lo if hi else None, "elementwise"),
    _normalise_model(
        "mean_not_min", "You subtracted the mean, not the minimum: your values are centred "
        "on 0, so the smallest is negative instead of 0. Subtract values.min(), then divide "
        "by the range values.max() - values.min().",
        lambda v, lo, hi, e: (v - v.mean()) / (hi - lo)),
    _normalise_model(
        "reversed", "Your values run the wrong way: the largest input became 0 and the smallest "
        "1. Subtract the minimum from the values (values - values.min()), not the values from "
        "the maximum.", lambda v, lo, hi, e: 1.0 - e),
    _normalise_model(
        "max_subtracted", "Your values run from -1 to 0: you subtracted the maximum, "
        "values - values.max(). Subtract the minimum, so the smallest value becomes 0 and "
        "the largest 1: (values - values.min()) / (values.max() - values.min()).",
        lambda v, lo, hi, e: (v - hi) / (hi - lo)),
    _normalise_model(
        "standardised", "You standardised the values (minus the mean, divided by the standard "
        "deviation): that centres them on 0, it does not put them between 0 and 1. Min-max "
        "normalisation subtracts the minimum and divides by the range.",
        lambda v, lo, hi, e: (v - v.mean()) / v.std()),
    _normalise_model(
        "sorted_order", "Your numbers are right but in sorted order: the result must keep the "
        "order of `values`, one result per value in the same position. Do not sort; "
        "values.min() and values.max() find the extremes.",
        lambda v, lo, hi, e: np.sort(e), "elementwise"),
    _normalise_model(
        "last_value_skipped", "The last value was never computed (it stayed 0): the loop stops "
        "one step early. Element-wise arithmetic needs no loop at all: "
        "(values - values.min()) / (...) handles every value.",
        lambda v, lo, hi, e: np.concatenate([e[:-1], [0.0]]), "elementwise"),
    _normalise_model(
        "first_value_skipped", "The first value was never computed (it stayed 0): the loop "
        "starts at 1, but positions count from 0. Element-wise arithmetic needs no loop at "
        "all: (values - values.min()) / (...) handles every value.",
        lambda v, lo, hi, e: np.concatenate([[0.0], e[1:]]), "elementwise"),
    _normalise_model(
        "inputs_truncated", "Your result is the min-max normalisation of the values with "
        "their fractions cut off (2.5 counted as 2): an .astype(int), int(...) or `//` on "
        "the input. Use the values as they are.",
        lambda v, lo, hi, e: _min_max(np.trunc(v)), "dtype"),
    _normalise_model(
        "positions_not_values", "You used positions where values belong: np.argmin and "
        "np.argmax give WHERE the smallest and largest values are, not the values "
        "themselves. values.min() and values.max() give the values.",
        lambda v, lo, hi, e: _scaled_by(v, float(np.argmin(v)), float(np.argmax(v))),
        "indexing"),
    _normalise_model(
        "divided_by_norm", "You divided by the length of the vector (np.linalg.norm): that "
        "makes a unit vector, it does not put the values between 0 and 1. Min-max "
        "normalisation subtracts the minimum and divides by the range.",
        lambda v, lo, hi, e: v / np.linalg.norm(v) if np.linalg.norm(v) else None),
    _normalise_model(
        "int_truncation", "Your result holds whole numbers only: the fractions were cut off. "
        "`//` is floor division (and .astype(int) also drops the fraction); divide with `/`, "
        "which always gives floats.", lambda v, lo, hi, e: np.floor(e), "elementwise"),
)


def int_array(ev: Evidence) -> Hint | None:
    """Right for arrays of floats, whole numbers for arrays of ints: the result array took
    the dtype of `values` (np.zeros_like(values), or values.copy() filled in a loop)."""
    ints = [t for t in ev.trials() if np.asarray(t.args["values"]).dtype.kind in "iu"]
    floats = [t for t in ev.trials() if np.asarray(t.args["values"]).dtype.kind == "f"]
    if not floats or not all(ev.right(t) for t in floats):
        return None
    wrong = [t for t in ints if ev.wrong(t)]
    if not wrong or not all(np.allclose(ev.got(t), np.trunc(ev.expected(t))) for t in wrong):
        return None
    return Hint(
        "int_truncation",
        "Right for arrays of floats, but for whole-number values your results are whole "
        "numbers: the result array has the integer dtype of `values` (np.zeros_like(values) "
        "or values.copy() do that), so every fraction is cut off when you store it. "
        "Element-wise arithmetic, (values - values.min()) / (...), makes a new float array.",
        "dtype", (next(t.name for t in floats if t.name != "main"), wrong[0].name))


def wrong_denominator(ev: Evidence) -> Hint | None:
    """The minimum becomes 0 and the order is right, but the scale is off on every trial."""
    wrong = ev.wrong_trials()
    if len(wrong) < 2:
        return None
    for t in wrong:
        got, exp = ev.got(t), ev.expected(t)
        if got.shape != exp.shape or not np.allclose(got[exp == 0], 0):
            return None
        ratio = got[exp != 0] / exp[exp != 0]
        if ratio.size == 0 or not np.allclose(ratio, ratio[0]) or ratio[0] <= 0:
            return None
    return Hint(
        "wrong_denominator",
        "The smallest value becomes 0 and the order is right, but the largest value does not "
        "become 1: you divided by something else than the range. The denominator is "
        "values.max() - values.min().", "min_max",
        tuple(t.name for t in wrong if t.name != "main")[:1])


def cannot_cast(exc: BaseException, args: dict) -> Hint | None:
    if "Cannot cast ufunc" not in str(exc):
        return None
    return Hint(
        "in_place_int",
        "`/=` (or `-=`) changes an array in place, and an array of whole numbers (dtype "
        "int64) cannot hold the fractions a division gives. Compute a new array instead, "
        "(values - values.min()) / (...): that also leaves the caller's array as it was.",
        "mutation")


NORMALISE = Exercise(
    "ex00_min_max_normalise", "min_max_normalise", "array", float_result=True,
    vectorised=True, probes=NORMALISE_PROBES,
    detectors=(int_array, models(*NORMALISE_MODELS)),
    fallbacks=(wrong_denominator,),  # after the generic ones: a factor of 100 is named there
    error_hints=(cannot_cast,),
    advice={"scaled": "Min-max normalisation gives values from 0 to 1: return the fraction "
                      "itself, not a percentage.",
            "no_return": "", "index_out_of_range": "",
            "python_loop": "Here: `values - values.min()` shifts every value at once, and "
                           "dividing that array by the range scales them all."},
    sections={"scaled": "min_max", "rounded": "min_max", "ignores_values": "min_max"})


def check_normalise(args: dict, expected, *, label: str | None = None) -> None:
    """Check the student's `min_max_normalise` on `args` ({"values": array})."""
    NORMALISE.check(args, expected, label=label, namespace=notebook())


# --- exercise 2: predicting shapes -------------------------------------------------------

_WHAT = ("the first row table[0]", "the first column table[:, 0]",
         "the first two columns table[:, :2]", "the sum of two rows table[0] + table[1]")


def _shapes_probe(rows, cols):
    expected = ((cols,), (rows,), (rows, min(cols, 2)), (cols,))
    return Probe(f"table_{rows}x{cols}", {"n_rows": rows, "n_cols": cols}, expected,
                 f"a table of {rows} rows and {cols} columns")


SHAPE_PROBES = (_shapes_probe(3, 5), _shapes_probe(3, 7), _shapes_probe(6, 5),
                _shapes_probe(4, 2), _shapes_probe(5, 1))

INDEXING, ELEMENTWISE, SHAPE = "indexing", "elementwise", "shape"
_FIRST_TWO = "(n_rows, min(n_cols, 2)): (n_rows, 2), or (n_rows, 1) for a one-column table"

#: per position: (formula in (r, c), mistake key, hint, section)
_ENTRY_MODELS: dict[int, list] = {
    0: [
        (lambda r, c: c, "number_not_tuple", None, SHAPE),
        (lambda r, c: (1, c), "index_keeps_axis",
         "table[0] picks one row with an integer, and an integer index removes that axis: "
         "the row is 1-D, shape (n_cols,), not (1, n_cols).", INDEXING),
        (lambda r, c: (r,), "rows_cols_swapped",
         "A row holds one value per column, so table[0] has shape (n_cols,), not (n_rows,).",
         INDEXING),
    ],
    1: [
        (lambda r, c: r, "number_not_tuple", None, SHAPE),
        (lambda r, c: (r, 1), "index_keeps_axis",
         "table[:, 0] picks the column with an integer, so the column axis disappears: shape "
         "(n_rows,). (n_rows, 1) is what the slice table[:, 0:1] gives.", INDEXING),
        (lambda r, c: (1, r), "index_keeps_axis",
         "table[:, 0] picks the column with an integer, so the column axis disappears: shape "
         "(n_rows,), a 1-D array, neither a row nor a column.", INDEXING),
        (lambda r, c: (c,), "rows_cols_swapped",
         "A column holds one value per row, so table[:, 0] has shape (n_rows,), not "
         "(n_cols,).", INDEXING),
    ],
    2: [
        (lambda r, c: (2, c), "first_rows_not_columns",
         "table[:, :2] keeps every row (:) and the first two columns (:2): shape "
         f"{_FIRST_TWO}. (2, n_cols) would be table[:2], the first two rows.", INDEXING),
        (lambda r, c: (r, c - 2), "columns_slice",
         ":2 means up to position 2, so the first two columns, not everything from column 2 "
         f"on: table[:, :2] has shape {_FIRST_TWO}. table[:, 2:] would be "
         "(n_rows, n_cols - 2).", INDEXING),
        *[(formula, "columns_slice",
           "A slice stops before its end: :2 takes positions 0 and 1, two columns, so "
           f"table[:, :2] has shape {_FIRST_TWO}.", INDEXING)
          # :2 read as 0, 1 and 2, with or without the table's end taken into account
          for formula in (lambda r, c: (r, min(c, 3)), lambda r, c: (r, 3))],
        (lambda r, c: (2, r), "columns_as_rows",
         "table[:, :2] keeps every row as a row, each with its first two values: shape "
         f"{_FIRST_TWO}. The two columns do not turn into two rows; (2, n_rows) would be "
         "its transpose, table[:, :2].T.", INDEXING),
        (lambda r, c: (r, 1) if c == 2 else (r, min(c, 2)), "boundary_off_by_one",
         "With exactly 2 columns table[:, :2] keeps both: (n_rows, 2). Your special case for "
         "few columns starts one column too early (n_cols > 2 where n_cols >= 2 is meant?): "
         "(n_rows, min(n_cols, 2)) covers every case.", INDEXING),
        (lambda r, c: (c, 2), "rows_cols_swapped",
         "table[:, :2] keeps every row: its first size is n_rows, the number of rows.",
         INDEXING),
        (lambda r, c: (r, c), "slice_keeps_all",
         ":2 keeps the first two columns only, not the whole table: table[:, :2] has shape "
         "(n_rows, 2), or (n_rows, n_cols) when there are fewer than 2 columns: "
         "(n_rows, min(n_cols, 2)).", INDEXING),
        (lambda r, c: (r, 2), "slice_past_end",
         "A slice stops at the end of the table: with fewer than 2 columns, table[:, :2] "
         "keeps the columns there are, so its shape is (n_rows, min(n_cols, 2)).", INDEXING),
    ],
    3: [
        (lambda r, c: c, "number_not_tuple", None, SHAPE),
        (lambda r, c: (2 * c,), "sum_glued",
         "`+` on two arrays adds them value by value; only Python lists are glued together. "
         "Two rows of n_cols values give one row of n_cols sums, shape (n_cols,).",
         ELEMENTWISE),
        (lambda r, c: (2, c), "sum_stacked",
         "table[0] + table[1] is one row of sums, not the two rows stacked: element-wise "
         "arithmetic keeps the shape of its operands, (n_cols,).", ELEMENTWISE),
        (lambda r, c: (1, c), "sum_shape",
         "table[0] and table[1] are 1-D rows, shape (n_cols,), and their sum keeps that shape: "
         "(n_cols,), not a 2-D (1, n_cols).", ELEMENTWISE),
        (lambda r, c: (r,), "rows_cols_swapped",
         "A row holds one value per column, so the sum of two rows has shape (n_cols,).",
         ELEMENTWISE),
    ],
}


def _trailing_comma(k, value) -> str:
    return (f"For {_WHAT[k]} you returned the number {value}, not a shape. A shape is a "
            f"tuple, and a tuple with one entry needs a trailing comma: ({value},). Writing "
            f"({value}) gives just the number {value}.")


def shape_entries(ev: Evidence) -> Hint | None:
    """Each wrong shape explained by one formula in (n_rows, n_cols) on every trial."""
    trials = [t for t in ev.trials() if t.returned]
    if not all(isinstance(t.got, tuple) and len(t.got) == 4 for t in trials):
        return None
    main = ev.main
    wrong = [k for k in range(4) if main.got[k] != main.expected[k]]
    texts, keys, unexplained = [], [], []
    swapped = 0
    for k in wrong:
        for formula, key, text, section in _ENTRY_MODELS[k]:
            if all(t.got[k] == formula(t.args["n_rows"], t.args["n_cols"]) for t in trials):
                hint = text or _trailing_comma(k, main.got[k])
                if hint not in texts:
                    texts.append(hint)
                keys.append((key, section))
                swapped += key == "rows_cols_swapped"
                break
        else:
            unexplained.append(k)
    if not keys:
        return None
    if swapped == len(wrong) and swapped >= 3:
        names = [_WHAT[k] for k in wrong]
        which = "Every shape" if len(wrong) == 4 else \
            "The shapes of " + ", ".join(names[:-1]) + " and " + names[-1]
        texts = [f"{which} use{'s' if len(wrong) == 4 else ''} n_rows where n_cols belongs "
                 "and the other way round: the table has n_rows rows (the first size) and "
                 "n_cols columns (the second); a row holds one value per column. "
                 "(np.zeros((n_rows, n_cols)) builds it.)"]
    if unexplained:
        names = ", ".join(_WHAT[k] for k in unexplained)
        texts.append(f"The shape of {names} is not right either: work it out from n_rows and "
                     f"n_cols (here {main.args['n_rows']} and {main.args['n_cols']}).")
    key, section = keys[0]
    return Hint(key, " ".join(texts), section, (ev.probes[0].name,))


def shape_answer(ev: Evidence) -> Hint | None:
    """The answer is not four shapes: a flat tuple, text, lists, too few or too many."""
    got = ev.main.got
    if isinstance(got, list):
        return Hint("not_a_tuple", "Return a tuple of four shapes, written with round "
                    "brackets; each shape is a tuple too, e.g. ((n_cols,), (n_rows,), ...): "
                    "a list [...] is not a tuple.", SHAPE)
    if not isinstance(got, tuple):
        return None
    if any(isinstance(v, str) for v in got):
        return Hint("shape_as_text", f"You returned text such as {got[0]!r}: a shape is a "
                    "tuple of numbers, (n_cols,), not a string that looks like one.", SHAPE)
    if len(got) > 4 and all(isinstance(v, int) for v in got):
        return Hint("flat_tuple", f"You returned {len(got)} numbers in one flat tuple: `+` on "
                    "tuples glues them together. Return a tuple of four tuples, "
                    "((...), (...), (...), (...)), with a comma between the shapes.", SHAPE)
    if len(got) != 4:
        return Hint("wrong_count", f"You returned {len(got)} shape{'s' if len(got) != 1 else ''}"
                    ", but four are asked, in this order: " + "; ".join(_WHAT) + ".", SHAPE)
    if any(isinstance(v, list) for v in got):
        example = next(v for v in got if isinstance(v, list))
        return Hint("shape_as_list", f"You returned a list such as {example} for a shape: a "
                    f"shape is a tuple, written with round brackets, e.g. {tuple(example)!r}.",
                    SHAPE)
    return None


SHAPES = Exercise(
    "ex00_predict_shapes", "predict_shapes", "tuple", probes=SHAPE_PROBES,
    detectors=(shape_answer, shape_entries))


def check_shapes(args: dict, expected, *, label: str | None = None) -> None:
    """Check the student's `predict_shapes` on `args` ({"n_rows": r, "n_cols": c})."""
    SHAPES.check(args, expected, label=label, namespace=notebook())


__all__ = ["NORMALISE", "SHAPES", "check_normalise", "check_shapes"]
