"""Chapter 05 · Batches and the matrix product: the checks of its three exercises.

matrix_product(A, B) is the table X · Wᵀ of a layer on a batch with X = A and W = Bᵀ and no
biases, so it uses the layer probe battery and mistake models of nncourse.checks.layers
through a View that hands the battery over as two matrices; this module words their hints
in rows of matrix_a and columns of matrix_b, and adds probes of other shapes (a wide
matrix_b, fewer rows in matrix_a than the shared size, row × column, column × row) and the
models only they can tell apart. product_shape and as_row / as_column have their own probes
and models, each a *wrong* answer predicted from a probe's inputs and expected answer.

No hint here says that swapping the operands transposes a product: only Bᵀ · Aᵀ = (A · B)ᵀ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .. import layers
from ..describe import describe
from ..exercise import Exercise
from ..failure import Hint
from ..globals_read import methods_called
from ..probes import Model, Probe, models, show
from ..student import location
from . import notebook

__all__ = ["AS_COLUMN", "AS_ROW", "MATRIX_PRODUCT", "PRODUCT_SHAPE", "check_inner_sizes",
           "check_shape"]

_A, _B = "matrix_a", "matrix_b"

# --- exercise 1: matrix_product(matrix_a, matrix_b), plain Python --------------------------


def _floats(rows):
    return [[float(v) for v in row] for row in rows]


def _transposed(rows):
    return [list(col) for col in zip(*rows, strict=True)]


@dataclass(frozen=True)
class MatrixView(layers.View):
    """The battery's layers as two matrices: matrix_a = the samples, matrix_b = Wᵀ."""

    def args(self, names, x, w, b) -> dict:
        return {names[0]: _floats(x), names[1]: _floats(_transposed(w))}

    def layer(self, args: dict):
        a, b = (np.asarray(v, dtype=float) for v in list(args.values())[:2])
        return a, b.T, np.zeros(b.shape[1])


_MATRIX = MatrixView(samples=True, neurons=True, bias=False)

_BATTERY_ABOUT = {
    "no_bias": "5 × 3 times 3 × 4",
    "first_input": "each row of matrix_a has a single 1: each result row is a row of matrix_b",
    "last_input": "each row of matrix_a has a single 1: each result row is a row of matrix_b",
    "whole": "whole numbers only",
    "whole_again": "other whole numbers",
    "full": "fractions everywhere",
    "fine": "many decimals",
    "other_inputs": "another matrix_a, the same matrix_b",
    "other_weights": "another matrix_b, the same matrix_a",
}


def _battery() -> tuple[Probe, ...]:
    found = []
    for name, about in _BATTERY_ABOUT.items():
        x, w, b, table, whole = layers.BATTERY[name]
        found.append(Probe(name, _MATRIX.args((_A, _B), x, w, b), _MATRIX.expected(table, b),
                           about, whole=whole))
    return tuple(found)


def _shape_probe(name, a, b, expected, about):
    return Probe(name, {_A: a, _B: b}, expected, about)


SHAPE_PROBES = (
    _shape_probe("wide_b", [[1.0, 2.0], [-1.0, 0.5]],
                 [[1.0, 0.0, -1.0, 2.0, 0.5], [0.5, 1.0, 2.0, -1.0, 1.5]],
                 [[2.0, 2.0, 3.0, 0.0, 3.5], [-0.75, 0.5, 2.0, -2.5, 0.25]],
                 "2 × 2 times 2 × 5: matrix_b has more columns than rows"),
    _shape_probe("short_a", [[1.0, 0.5, -1.0, 2.0], [0.0, 1.0, 2.0, -0.5]],
                 [[1.0, 2.0, 0.5], [-1.0, 0.0, 1.0], [0.5, 1.0, -2.0], [2.0, -0.5, 1.0]],
                 [[4.0, 0.0, 5.0], [-1.0, 2.25, -3.5]],
                 "2 × 4 times 4 × 3: fewer rows in matrix_a than the shared size"),
    _shape_probe("row_times_column", [[1.0, -2.0, 0.5]], [[2.0], [0.5], [4.0]], [[3.0]],
                 "a row times a column: one number"),
    _shape_probe("column_times_row", [[2.0], [-1.0], [0.5]], [[1.0, 3.0, -2.0]],
                 [[2.0, 6.0, -4.0], [-1.0, -3.0, 2.0], [0.5, 1.5, -1.0]],
                 "a column times a row: a 3 × 3 grid"),
)


def _ab(trial):
    a, b = (np.asarray(v, dtype=float) for v in list(trial.args.values())[:2])
    return (a, b) if a.ndim == 2 and b.ndim == 2 else (None, None)


def _matrix_model(key, text, predict, section="matrix_product"):
    def run(ev, trial):
        a, b = _ab(trial)
        exp = ev.expected(trial)
        if a is None or exp is None or a.shape[1] != b.shape[0]:
            return None
        value = predict(a, b, exp)
        return None if value is None else np.asarray(value, dtype=float)

    return Model(key, run, text, section)


def _rows_of_b(a, b, exp):
    k = min(a.shape[1], b.shape[1])
    return (a[:, None, :k] * b[None, :, :k]).sum(axis=-1)


def _elementwise(a, b, exp):
    rows, cols = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
    return a[:rows, :cols] * b[:rows, :cols] if rows and cols else None


def _inner_over_rows_of_a(a, b, exp):
    m, n = a.shape
    return a[:, :m] @ b[:m, :] if m < n else None


def _columns_from_len_b(a, b, exp):
    n, p = b.shape
    return exp[:, :n] if n < p else None


def _total_never_reset(a, b, exp):
    return np.cumsum(exp.reshape(-1)).reshape(exp.shape) if exp.size >= 2 else None


MATRIX_MODELS = (
    _matrix_model("rows_of_b", "Each entry of your result pairs a row of `matrix_a` with a "
                  "row of `matrix_b`. The entry in row i, column j is the dot product of row "
                  "i of the first matrix with column j of the second; a column is one number "
                  "from every row, e.g. `[row[j] for row in matrix_b]`.", _rows_of_b),
    _matrix_model("elementwise", "You multiplied the two matrices position by position "
                  "(element by element). A matrix product is a grid of dot products: the "
                  "entry in row i, column j is the sum of the products of row i of "
                  "`matrix_a` with column j of `matrix_b`.", _elementwise),
    _matrix_model("inner_size_wrong", "Your inner loop runs over len(matrix_a), the number "
                  "of rows of matrix_a: where matrix_a has fewer rows than the shared size, "
                  "each entry adds up only its first products (and where it has more, the "
                  "loop reads past the end). It must run over the shared size n = "
                  "len(matrix_a[0]), which is also len(matrix_b).", _inner_over_rows_of_a),
    _matrix_model("too_few_columns", "Your rows have as many entries as matrix_b has ROWS: "
                  "len(matrix_b) counts the rows of matrix_b, its number of columns is "
                  "len(matrix_b[0]). The result has one column per column of matrix_b.",
                  _columns_from_len_b),
    _matrix_model("running_sum_never_reset", "Your first entry is right, but every later one "
                  "also contains all the entries before it: the running total is set to 0 "
                  "only once, before all the loops. Start a fresh total (`total = 0`) for "
                  "every entry, inside the loop over the columns.", _total_never_reset),
)


def _used_up(ev) -> Hint | None:
    """Columns from zip(*matrix_b) kept as an iterator: the first row right, then empty."""
    got, exp = ev.main.got, ev.expected(ev.main)
    if not isinstance(got, list) or exp is None or len(got) != exp.shape[0] or len(got) < 2:
        return None
    if not isinstance(got[0], list) or not ev.close(got[0], exp[0]):
        return None
    if any(row != [] for row in got[1:]):
        return None
    return Hint("iterator_used_up", (
        "Your first row is right and every later row is empty: the columns come from an "
        "iterator (zip(*matrix_b), or a generator) that is used up after the first row. Make "
        "them a list once, before the loops: `columns = list(zip(*matrix_b))`."),
        "matrix_product")


_SAY = {
    "transposed": "Your result is turned on its side: one row per column of matrix_b and one "
                  "column per row of matrix_a, the transpose of the product. Row i of the "
                  "result belongs to row i of matrix_a: the outer loop goes over the rows of "
                  "matrix_a, the loop inside it over the columns of matrix_b.",
    "flat_rows": "Your numbers are right but they come as one flat list instead of one list "
                 "per row of matrix_a. `extend` and `+=` glue a list onto the end of another: "
                 "build each row in its own list, then `result.append(row)`.",
    "shared_row": "Every row of your result is the same long list with all the entries: one "
                  "row list was created before the loop over the rows of matrix_a and reused. "
                  "Start a new row (`row = []`) for each row of matrix_a.",
    "last_neuron_skipped": "The last column is missing: your rows stop one entry short. The "
                           "loop over the columns of matrix_b stops one step early "
                           "(range(len(matrix_b[0]) - 1)?): go through every column.",
    "first_neuron_skipped": "The first column is missing: positions count from 0, so "
                            "range(1, ...) skips column 0 of matrix_b.",
    "first_neuron_only": "Each row of your result holds only its first entry: the row is "
                         "finished (appended, or returned) inside the loop over the columns "
                         "of matrix_b, after its first round.",
    "last_neuron_only": "Each row holds only its last entry: the row list is created again "
                        "for every column. Create it once per row of matrix_a, before the "
                        "loop over the columns.",
    "first_sample_only": "Only the first row of the result came back: the `return` is inside "
                         "the loop over the rows of matrix_a. Return after that loop.",
    "last_sample_only": "Only the last row of the result came back: the result list is "
                        "created (or replaced) inside the loop over the rows of matrix_a. "
                        "Create it once, before the loop, and append to it.",
    "last_sample_skipped": "The last row is missing: the loop over the rows of matrix_a "
                           "stops one step early (range(len(matrix_a) - 1)?): go through "
                           "every row.",
    "first_sample_skipped": "The first row is missing: positions count from 0, so "
                            "range(1, ...) skips row 0 of matrix_a.",
    "last_input_skipped": "Each entry leaves out its last product: the loop over the shared "
                          "size stops one step early (range(len(matrix_b) - 1)?). Every "
                          "entry adds all n products, n = len(matrix_a[0]) = len(matrix_b).",
    "first_input_skipped": "Each entry leaves out its first product: positions count from 0, "
                           "so range(1, ...) skips k = 0.",
    "shifted_pairing": "Each entry pairs the numbers of a row with those of a column one "
                       "position off (row[k] with column[k + 1], or a slice such as "
                       "column[1:]): the positions are shifted by one. Multiply numbers at the "
                       "SAME position, row[k] * column[k], e.g. zip(row, column).",
    "first_product_twice": "Each entry counts its first product twice: the total starts from "
                           "row[0] * column[0] and the loop adds it again. Start each entry "
                           "at 0.",
    "last_product_twice": "Each entry counts its last product twice: the loop already adds "
                          "it; do not add it again after the loop.",
    "last_product_only": "Only the last product survived in each entry: inside the inner "
                         "loop the total is overwritten (`total = a * b`) instead of "
                         "accumulated (`total += a * b`). Start each entry at 0 and add every "
                         "product of the row with the column.",
    "first_product_only": "Only the first product counts in each entry: the loop over the "
                          "shared size ends in its first round (a `return` or `break` inside "
                          "it?). Add every product of the row with the column.",
    "product_of_sums": "Each entry is the sum of a row of matrix_a times the sum of a column "
                       "of matrix_b. An entry multiplies matching numbers position by "
                       "position (row[k] * column[k]) and adds those products.",
    "mean_not_sum": "Each entry is divided by the number of products, a mean: the entry of a "
                    "matrix product is their sum.",
    "running_sum_not_reset": "The first entry of each row is right, but each later one also "
                             "contains the entries before it in that row: the running total "
                             "is set to 0 once per row. Start a fresh total for every entry, "
                             "inside the loop over the columns.",
    "columns_not_samples": "Your result has one row per column of matrix_a: the outer loop "
                           "walks its columns (zip(*matrix_a) turns rows into columns). Walk "
                           "its rows: `for row in matrix_a`.",
    "same_every_sample": "Every row of your result is the same, although the rows of "
                         "matrix_a differ: row i of the result must come from row i of "
                         "matrix_a.",
    "outputs_per_input": "Your rows have one entry per column of matrix_a (the shared size), "
                         "but a product has one per column of matrix_b: the loop over the "
                         "columns runs over len(matrix_b[0]).",
}


def _refused_product(exc: BaseException, args: dict) -> Hint | None:
    """A ValueError (or failed assert) for matrices whose product exists."""
    if not isinstance(exc, (ValueError, AssertionError)):
        return None
    a, b = list(args.values())[:2]
    n, rows_b = len(a[0]), len(b)
    if n != rows_b:
        return None
    said = f" ({str(exc)!r})" if str(exc) else ""
    return Hint("refused_valid_shapes", (
        f"Your function refused matrices whose product exists{said}: a row of `matrix_a` "
        f"has {n} numbers and `matrix_b` has {rows_b} rows, so the inner sizes agree. Compare "
        "len(matrix_a[0]) with len(matrix_b); the other sizes may be anything."),
        "shape_rule")


def _read_past_end(exc: BaseException, args: dict) -> Hint | None:
    if not isinstance(exc, IndexError):
        return None
    a, b = list(args.values())[:2]
    names = list(args)
    line = re.search(r"`([^`]*)`\)\s*$", location(exc))
    code = line.group(1) if line else ""
    row_of_b = re.search(rf"\b{re.escape(names[1])}\[\s*(\w+)\s*\](?!\s*\[)", code)
    if row_of_b and len(b) != len(b[0]):
        index = row_of_b.group(1)
        return Hint("row_of_b_as_column", (
            f"`{names[1]}[{index}]` is ROW {index} of matrix_b ({len(b)} rows of {len(b[0])}), "
            f"but entry [i][{index}] of the product needs COLUMN {index}: the numbers "
            f"row[{index}] of every row of matrix_b. Pair a row of matrix_a with "
            f"[row[{index}] for row in matrix_b] (or with zip(*matrix_b), which gives the "
            "columns)."), "matrix_product")
    return Hint("index_out_of_range", (
        f"An index runs past the end of a row or a column. Here matrix_a is {len(a)} × "
        f"{len(a[0])} and matrix_b {len(b)} × {len(b[0])}: the rows of the result run over "
        "len(matrix_a), its columns over len(matrix_b[0]), and each entry over the shared "
        "size len(matrix_a[0]) = len(matrix_b). Check what each index counts, and take "
        "every range from the matrices, not from numbers written in."), "matrix_product")


MATRIX_PRODUCT = Exercise(
    "ex05_matrix_product", "matrix_product", "rows", plain_python=True,
    probes=(*_battery(), *SHAPE_PROBES),
    detectors=(_used_up, models(*MATRIX_MODELS), *layers.detectors(_MATRIX)), view=_MATRIX,
    error_hints=(_refused_product, _read_past_end), truncation_bound=8.0, texts=_SAY,
    sections={key: "matrix_product" for key in _SAY},
    advice={"int_truncation": "In plain Python, int(...) and round(...) drop the fraction, "
                              "and `//` divides to a whole number."})


def _no_product(trial) -> Hint:
    a, b = list(trial.args.values())[:2]
    return Hint("must_raise_returned", (
        f"A row of matrix_a has {len(a[0])} numbers but matrix_b has {len(b)} rows, so these "
        f"matrices have no product, yet your function returned {describe(trial.got)}. Compare "
        "len(matrix_a[0]) with len(matrix_b) before the loops and "
        "`raise ValueError(f\"...\")` with both sizes in the message."), "shape_rule")


def _matrices_turned(args: dict) -> dict:
    """Matrices whose inner sizes differ the other way round: n columns, m rows become m
    columns for a matrix_b of n rows."""
    a, b = list(args.values())[:2]
    n, m = len(a[0]), len(b)
    return {_A: [[1.0] * m for _ in a], _B: [[1.0] * len(b[0]) for _ in range(n)]}


def _shapes_turned(args: dict) -> dict:
    (m, n), (n2, p) = list(args.values())[:2]
    return dict(zip(args, ((m, n2), (n, p)), strict=False))


def _inner_sizes(args: dict) -> tuple[int, int]:
    a, b = list(args.values())[:2]
    if isinstance(a, tuple):  # product_shape: two shapes
        return a[1], b[0]
    return len(a[0]), len(b)


def _one_way(main, other, call) -> Hint:
    """The same mismatch refused the other way round: a check with < or > for !=."""
    n, m = _inner_sizes(main.args)
    return Hint("one_way_check", (
        f"Your function refuses inner sizes {m} and {n}, but not {n} and {m}: its check "
        "catches a mismatch one way round only (a `<` or `>` where `!=` is needed). Refuse "
        "every pair of inner sizes that differ, with `!=`."), "shape_rule")


def check_inner_sizes(matrix_a: list, matrix_b: list, *, label: str | None = None) -> None:
    """matrix_product must raise ValueError naming the two inner sizes that differ."""
    MATRIX_PRODUCT.check_raises({_A: matrix_a, _B: matrix_b}, ValueError,
                                must_name=(len(matrix_a[0]), len(matrix_b)), label=label,
                                namespace=notebook(), when_returned=_no_product,
                                also=((_matrices_turned, _one_way),))


# --- exercise 2: product_shape(shape_a, shape_b) ---------------------------------------------


def _pair(name, a, b, expected, about=""):
    return Probe(name, {"shape_a": a, "shape_b": b}, expected, about)


SHAPE_PAIRS = (
    _pair("two_by_three", (2, 3), (3, 4), (2, 4)),
    _pair("tall", (5, 2), (2, 3), (5, 3)),
    _pair("outer", (4, 1), (1, 6), (4, 6)),
    _pair("inner", (1, 5), (5, 1), (1, 1)),
    _pair("wide", (3, 7), (7, 2), (3, 2)),
    _pair("other_b", (2, 3), (3, 6), (2, 6), "the same shape_a, another shape_b"),
    _pair("other_a", (6, 3), (3, 4), (6, 4), "another shape_a, the same shape_b"),
)


def _sizes(trial):
    (m, n), (n2, p) = (tuple(int(d) for d in v) for v in list(trial.args.values())[:2])
    return m, n, n2, p


def _shape_model(key, text, predict, section="shape_rule"):
    def run(ev, trial):
        m, n, n2, p = _sizes(trial)
        return np.asarray(predict(m, n, n2, p), dtype=float)

    return Model(key, run, text, section)


def _numbers(ev, hits) -> tuple[int, int, int, int]:
    shown = ev.main if ev.main in hits else hits[0]
    return _sizes(shown)


SHAPE_MODELS = (
    _shape_model("first_entries", lambda ev, hits: (
        "You returned the first number of each shape (shape_a[0], shape_b[0]), which here "
        "is the shape of the first matrix itself. The result keeps the rows of the first "
        "matrix and the columns of the second, (shape_a[0], shape_b[1]); the shared inner "
        "size disappears."), lambda m, n, n2, p: (m, n2)),
    _shape_model("inner_sizes", "You returned the two inner sizes. They must be equal, and "
                 "they are the ones that disappear: the result keeps the outer sizes, the "
                 "rows of the first matrix and the columns of the second.",
                 lambda m, n, n2, p: (n, n2)),
    _shape_model("transposed_shape", lambda ev, hits: (
        "You returned (columns of the second, rows of the first): that is the shape of the "
        "transpose of the product, (A · B)ᵀ = Bᵀ · Aᵀ. The product A · B itself keeps the "
        "rows of the first matrix and the columns of the second, (shape_a[0], shape_b[1])."),
        lambda m, n, n2, p: (p, m), "transpose"),
    _shape_model("last_entries", "You returned the second number of each shape (shape_a[1], "
                 "shape_b[1]), which here is the shape of the second matrix. The result keeps "
                 "the rows of the first matrix and the columns of the second, (shape_a[0], "
                 "shape_b[1]).", lambda m, n, n2, p: (n2, p)),
)


def _not_a_shape(ev) -> Hint | None:
    got = ev.main.got
    m, n, n2, p = _sizes(ev.main)
    if isinstance(got, np.ndarray) and got.shape == (2,) and list(got) == [m, p]:
        return Hint("not_a_tuple", "You returned a NumPy array; the exercise asks for a "
                    "tuple, written with round brackets: (shape_a[0], shape_b[1]).", "shape")
    if isinstance(got, (int, np.integer)) and not isinstance(got, bool) and got == m * p:
        return Hint("size_not_shape", f"{got} is the number of entries of the product, rows "
                    "× columns. The exercise asks for the shape itself, the tuple (rows, "
                    "columns).", "shape")
    if isinstance(got, tuple) and len(got) != 2:
        return Hint("shape_rule_mixup", f"You returned {len(got)} sizes, but the product of "
                    "two matrices is again a matrix: 2 sizes, (rows, columns).", "shape_rule")
    return None


def _arrays_built(exc: BaseException, args: dict) -> Hint | None:
    """Out of memory on shapes too large to build: the function made arrays of them."""
    if not isinstance(exc, MemoryError):
        return None
    return Hint("arrays_built", (
        "Your function builds arrays of these shapes to read the product's shape, and a "
        "result this large does not fit in memory. The exercise asks you to work with the "
        "numbers only: compare shape_a[1] with shape_b[0], then the result is "
        "(shape_a[0], shape_b[1])."), "shape_rule")


def _refused_shapes(exc: BaseException, args: dict) -> Hint | None:
    if not isinstance(exc, (ValueError, AssertionError)):
        return None
    (m, n), (n2, p) = list(args.values())[:2]
    if n != n2:
        return None
    said = f" ({str(exc)!r})" if str(exc) else ""
    return Hint("refused_valid_shapes", (
        f"Your function refused shapes whose product exists{said}: ({m}, {n}) · ({n2}, {p}) "
        f"has inner sizes {n} and {n2}, equal. Raise only when the columns of the first, "
        "shape_a[1], differ from the rows of the second, shape_b[0] (`!=`; a condition turned "
        "round, `==`, refuses exactly the shapes that fit); the outer sizes may be anything."),
        "shape_rule")


PRODUCT_SHAPE = Exercise("ex05_product_shape", "product_shape", "tuple", probes=SHAPE_PAIRS,
                         detectors=(_not_a_shape, models(*SHAPE_MODELS)),
                         error_hints=(_refused_shapes, _arrays_built),
                         whole_result="each size of a shape")


def _shapes_differ(trial) -> Hint:
    (m, n), (n2, p) = list(trial.args.values())[:2]
    return Hint("must_raise_returned", (
        f"The inner sizes are {n} and {n2}: ({m}, {n}) · ({n2}, {p}) has no product, yet "
        f"your function returned {show(trial.got)}. Compare shape_a[1] with shape_b[0] first and "
        "`raise ValueError(f\"...\")` with both sizes in the message."), "shape_rule")


def check_shape(name: str, args: dict, expected, *, label: str | None = None) -> None:
    """product_shape on two shapes: the shape tuple expected, or, with expected=ValueError,
    a ValueError whose message names the two inner sizes that differ."""
    exercise = PRODUCT_SHAPE if name == PRODUCT_SHAPE.function else Exercise(
        "ex05_product_shape", name, "tuple", detectors=(_not_a_shape,))
    if isinstance(expected, type) and issubclass(expected, BaseException):
        shape_a, shape_b = list(args.values())[:2]
        exercise.check_raises(args, expected, must_name=(shape_a[1], shape_b[0]), label=label,
                              namespace=notebook(), when_returned=_shapes_differ,
                              also=((_shapes_turned, _one_way),))
        return
    exercise.check(args, expected, label=label, namespace=notebook())


# --- exercise 3: as_row(vector), as_column(vector) -------------------------------------------

#: name -> (vector, about, whole numbers only)
VECTORS = {
    "four": ([1.5, -2.0, 0.25, 3.0], "4 numbers", False),
    "whole": ([4.0, 0.0, -3.0], "whole numbers only", True),
    "whole_again": ([2.0, 7.0, -1.0, 5.0, 1.0], "other whole numbers", True),
    "fractions": ([0.1, -0.6, 2.35], "fractions", False),
    "six": ([-1.25, 0.5, 3.75, -0.5, 2.0, 0.125], "6 numbers", False),
    "one": ([7.5], "one number: a row and a column look the same", False),
}

_ROWS = {
    "four": [[1.5, -2.0, 0.25, 3.0]], "whole": [[4.0, 0.0, -3.0]],
    "whole_again": [[2.0, 7.0, -1.0, 5.0, 1.0]], "fractions": [[0.1, -0.6, 2.35]],
    "six": [[-1.25, 0.5, 3.75, -0.5, 2.0, 0.125]], "one": [[7.5]],
}
_COLUMNS = {
    "four": [[1.5], [-2.0], [0.25], [3.0]], "whole": [[4.0], [0.0], [-3.0]],
    "whole_again": [[2.0], [7.0], [-1.0], [5.0], [1.0]], "fractions": [[0.1], [-0.6], [2.35]],
    "six": [[-1.25], [0.5], [3.75], [-0.5], [2.0], [0.125]], "one": [[7.5]],
}


def _vector_probes(expected: dict) -> tuple[Probe, ...]:
    return tuple(Probe(name, {"vector": np.array(v)}, np.array(expected[name]), about, whole)
                 for name, (v, about, whole) in VECTORS.items())


def _still_1d(ev, trial):
    exp = ev.expected(trial)
    return None if exp is None else exp.reshape(-1)


def _swapped(ev, trial):
    exp = ev.expected(trial)
    return None if exp is None or exp.size < 2 else exp.T


def _broadcast_table(across: bool):
    """The vector spread over an n × n table by broadcasting against a column or a row of
    ones: every row the vector (across) or every column the vector."""

    def predict(ev, trial):
        exp = ev.expected(trial)
        if exp is None or exp.size < 2:
            return None
        v = exp.reshape(-1)
        return np.ones((v.size, 1)) * v[None, :] if across else v[:, None] * np.ones(v.size)

    return predict


def _swapped_text(ev, asked: str, other: str) -> str:
    """A row for a column (or back): a transpose in the code turned it; else the reshape."""
    text = f"You returned a {other} where a {asked} is asked."
    called = methods_called(ev.source) if ev.source is not None else set()
    if "atleast_2d" in called:
        return (f"{text} np.atleast_2d always puts the new axis in front, so a vector "
                "becomes a row (1, n), never a column. Use vector.reshape(-1, 1) for a column, "
                "vector.reshape(1, -1) for a row.")
    if "expand_dims" in called:
        return (f"{text} np.expand_dims(vector, axis=0) makes a row (1, n) and axis=1 a "
                f"column (n, 1): the axis says where the new length-1 axis goes. Swap the "
                "axes you used.")
    if "column_stack" in called and asked == "row":
        return (f"{text} np.column_stack makes each 1-D vector a column, (n, 1). For a row "
                "use vector.reshape(1, -1).")
    if ev.source is not None and "T" in called:
        return (f"{text} Your code transposes (.T), and a transpose turns a {asked} into a "
                f"{other}: build the {asked} directly and leave out that .T.")
    return (f"{text} In reshape(rows, columns) the first number counts the rows: a row "
            "vector has 1 row and n columns, (1, n); a column vector n rows and 1 column, "
            "(n, 1).")


def _vector_models(asked: str, other: str, shape: str) -> tuple[Model, ...]:
    return (
        *(Model("broadcast_table", _broadcast_table(across), (
            "You returned an n × n table, the vector repeated in every "
            f"{'row' if across else 'column'}: multiplying (or adding) a 1-D vector and an "
            "array of ones of shape (n, 1) or (1, n) broadcasts the vector across the other "
            f"axis instead of turning it. Reshape the vector itself: vector.reshape{shape}."),
            "row_column") for across in (True, False)),
        Model("still_1d", _still_1d, (
            "You returned a 1-D array, shape (n,): the values are right, but a 1-D vector is "
            "neither a row nor a column (and `.T` leaves a 1-D array unchanged). Reshape it "
            f"into a 2-D array of shape {shape}: vector.reshape{shape}."), "row_column"),
        Model("row_column_swapped", _swapped, lambda ev, hits: _swapped_text(ev, asked, other),
              "row_column"),
    )


def _fixed_length(exc: BaseException, args: dict) -> Hint | None:
    text = str(exc)
    if not isinstance(exc, ValueError) or "cannot reshape" not in text:
        return None
    n = int(np.size(list(args.values())[0]))
    return Hint("fixed_length", (
        f"This vector has {n} numbers, but your reshape asks for another size ({text}): a "
        "number written into the reshape (or a variable from the lesson) fits only vectors "
        "of that length. Use len(vector), or -1 for 'as many as needed'."), "row_column")


AS_ROW = Exercise("ex05_row_and_column", "as_row", "array", probes=_vector_probes(_ROWS),
                  new_result=False,  # a reshaped view of the vector is the answer
                  detectors=(models(*_vector_models("row", "column", "(1, len(vector))")),),
                  error_hints=(_fixed_length,),
                  advice={"int_truncation": "dtype=int and .astype(int) drop the fraction: "
                                            "keep the vector's own dtype."})
AS_COLUMN = Exercise("ex05_row_and_column", "as_column", "array",
                     probes=_vector_probes(_COLUMNS), new_result=False,
                     detectors=(models(*_vector_models("column", "row", "(len(vector), 1)")),),
                     error_hints=(_fixed_length,),
                     advice={"int_truncation": "dtype=int and .astype(int) drop the fraction: "
                                               "keep the vector's own dtype."})
