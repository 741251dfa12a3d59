"""Chapter 05 (batches and the matrix product): diagnoses and one check helper.

Every detector relates a wrong answer to the expected values and the call's inputs
("your result is the expected one laid out flat", "each entry pairs a row of A with a row
of B"); none of them computes the right answer. The mistakes they name:

- matrix_product: a flat list instead of a grid, rows of B used where its columns belong,
  only the last (or the first few) products kept per entry, an element-by-element product,
  too few columns because the columns of B were counted with len(matrix_b);
- as_row / as_column: a 1-D vector returned as it came (or `.T` of a 1-D array, which does
  nothing), a row and a column swapped;
- product_shape: check_shape, the PRODUCT_SHAPE exercise's check (a shape tuple, or
  ValueError naming the inner sizes), with hints for the usual mix-ups of the shape rule.
"""

from __future__ import annotations

import numpy as np

from ..diagnose import Case, Mistakes
from ..exercise import Exercise
from ..failure import Hint
from ..sections import reread
from . import notebook

# --- matrix_product ------------------------------------------------------------------


def _two_matrices(case: Case) -> tuple[np.ndarray, np.ndarray] | None:
    """The call's first two arguments as 2-D float arrays, or None."""
    values = list(case.args.values())
    if len(values) < 2:
        return None
    try:
        a, b = (np.asarray(v, dtype=float) for v in values[:2])
    except (TypeError, ValueError):
        return None
    if a.ndim != 2 or b.ndim != 2:
        return None
    return a, b


def flat_list(case: Case) -> str | None:
    exp = case.expected
    if exp.ndim != 2 or case.got.ndim != 1 or case.got.size != exp.size:
        return None
    if not case.close(exp.reshape(-1)):
        return None
    rows, cols = exp.shape
    return (
        f"Your numbers are right but they come as one flat list of {exp.size} values. A matrix "
        f"product is a grid: return a list of {rows} row(s), each a list of {cols} number(s). "
        "Build each row in its own list, then append that row to the result "
        f"({reread('shape_rule')})."
    )


def rows_of_b(case: Case) -> str | None:
    pair = _two_matrices(case)
    if pair is None:
        return None
    a, b = pair
    n = min(a.shape[1], b.shape[1])
    if n < 1:
        return None
    # what zip(row_of_a, row_of_b) gives for every pair of rows
    paired_rows = (a[:, None, :n] * b[None, :, :n]).sum(axis=-1)
    if not case.close(paired_rows):
        return None
    return (
        "Each entry of your result pairs a row of `matrix_a` with a row of `matrix_b`. The "
        "entry in row i, column j is the dot product of row i of the first matrix with "
        "column j of the second; a column is one number from every row, "
        f"e.g. `[row[j] for row in matrix_b]` ({reread('row_column')})."
    )


def _partial_products(a: np.ndarray, b: np.ndarray) -> list[np.ndarray]:
    """For each inner index k, the grid of single products a[i, k] * b[k, j]."""
    return [np.outer(a[:, k], b[k, :]) for k in range(a.shape[1])]


def last_product_only(case: Case) -> str | None:
    pair = _two_matrices(case)
    if pair is None:
        return None
    a, b = pair
    if a.shape[1] != b.shape[0] or a.shape[1] < 2:
        return None
    if not case.close(_partial_products(a, b)[-1]):
        return None
    return (
        "Only the last product survived in each entry: inside the inner loop the total is "
        "overwritten (`total = a * b`) instead of accumulated (`total += a * b`). Start each "
        f"entry at 0 and add every product of the row with the column ({reread('dot')})."
    )


def first_products_only(case: Case) -> str | None:
    pair = _two_matrices(case)
    if pair is None:
        return None
    a, b = pair
    n = a.shape[1]
    if n != b.shape[0] or n < 2:
        return None
    terms = _partial_products(a, b)
    for k in range(1, n):
        if case.close(sum(terms[:k])):
            return (
                f"Each entry adds up only the first {k} of the {n} products: the inner loop "
                f"stops too early. It must run over the shared size n = {n}, the number of "
                "columns of `matrix_a` (len(matrix_a[0])), which is also the number of rows of "
                f"`matrix_b` ({reread('shape_rule')})."
            )
    return None


def elementwise(case: Case) -> str | None:
    pair = _two_matrices(case)
    if pair is None:
        return None
    a, b = pair
    rows, cols = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
    if rows < 1 or cols < 1 or not case.close(a[:rows, :cols] * b[:rows, :cols]):
        return None
    return (
        "You multiplied the two matrices position by position (element by element). A matrix "
        "product is a grid of dot products: the entry in row i, column j is the sum of the "
        "products of row i of `matrix_a` with column j of `matrix_b` "
        f"({reread('dot')})."
    )


def too_few_columns(case: Case) -> str | None:
    exp, got = case.expected, case.got
    if exp.ndim != 2 or got.ndim != 2 or got.shape[0] != exp.shape[0]:
        return None
    cols = got.shape[1]
    if cols < 1 or cols >= exp.shape[1] or not case.close(exp[:, :cols]):
        return None
    return (
        f"Your first {cols} columns are right, but the result needs {exp.shape[1]}: one column "
        "per column of `matrix_b`. len(matrix_b) counts the rows of matrix_b; its number of "
        f"columns is len(matrix_b[0]) ({reread('shape_rule')})."
    )


#: pass as check_function(..., mistakes=MATRIX_PRODUCT_MISTAKES)
MATRIX_PRODUCT_MISTAKES = Mistakes(
    "ex05_matrix_product",
    flat_list,
    too_few_columns,
    rows_of_b,
    elementwise,
    last_product_only,
    first_products_only,
)


# --- as_row / as_column ----------------------------------------------------------------


def still_one_dimensional(case: Case) -> str | None:
    exp = case.expected
    if exp.ndim != 2 or case.got.ndim != 1 or not case.close(exp.reshape(-1)):
        return None
    n = exp.size
    return (
        f"You returned a 1-D array, shape ({n},): the values are right, but a 1-D vector is "
        f"neither a row nor a column (and `.T` leaves a 1-D array unchanged). Reshape it into "
        f"a 2-D array of shape {exp.shape} with .reshape{exp.shape} ({reread('row_column')})."
    )


def row_column_swapped(case: Case) -> str | None:
    exp = case.expected
    if exp.ndim != 2 or 1 not in exp.shape or exp.size < 2:
        return None
    if not case.close(exp.T):
        return None
    asked, got = ("row", "column") if exp.shape[0] == 1 else ("column", "row")
    return (
        f"You returned a {got}, shape {case.got.shape}, where a {asked}, shape {exp.shape}, is "
        "asked. In reshape(rows, columns) the first number counts the rows: a row vector has "
        f"1 row and n columns, a column vector n rows and 1 column ({reread('row_column')})."
    )


#: pass as check_function(..., mistakes=ROW_COLUMN_MISTAKES)
ROW_COLUMN_MISTAKES = Mistakes("ex05_row_and_column", still_one_dimensional, row_column_swapped)


# --- product_shape ---------------------------------------------------------------------


def _shape_hint(got, args: dict) -> str | None:
    """Name the shape-rule mix-up behind a wrong shape tuple, from the two input shapes."""
    values = list(args.values())
    try:
        (m, n), (n2, p) = (tuple(int(d) for d in v) for v in values[:2])
        got = tuple(int(d) for d in got)
    except (TypeError, ValueError):
        return None
    if got == (m, n2):
        return (
            f"You returned ({m}, {n2}): the rows of the first matrix and the rows of the second. "
            "The result keeps the rows of the first matrix and the columns of the second, "
            f"(shape_a[0], shape_b[1]); the shared inner size disappears ({reread('shape_rule')})."
        )
    if got == (n, n2):
        return (
            f"You returned the two inner sizes ({n}, {n2}). They must be equal, and they are the "
            "ones that disappear: the result keeps the outer sizes, the rows of the first matrix "
            f"and the columns of the second ({reread('shape_rule')})."
        )
    if got == (p, m) and p != m:
        return (
            f"You returned ({p}, {m}), the shape of the product in the other order (B · A). "
            "For A · B the rows come from the first matrix and the columns from the second "
            f"({reread('transpose')})."
        )
    if len(got) != 2:
        return (
            f"You returned {len(got)} sizes, but the product of two matrices is again a matrix: "
            f"2 sizes, (rows, columns) ({reread('shape_rule')})."
        )
    return None


def shape_hint(ev) -> Hint | None:
    """An Exercise detector: the shape-rule mix-up behind a wrong shape tuple."""
    got = ev.main.got
    if not isinstance(got, tuple):
        return None
    text = _shape_hint(got, ev.main.args)
    return Hint("shape_rule_mixup", text) if text else None


PRODUCT_SHAPE = Exercise("ex05_product_shape", "product_shape", "tuple",
                         detectors=(shape_hint,))


def check_shape(name: str, args: dict, expected, *, label: str | None = None) -> None:
    """Check a function that returns a shape tuple, or that must raise for shapes that do not fit.

    expected  the right shape (a tuple, compared exactly), or an exception class such as
              ValueError that the call must raise with a message naming the two inner sizes
              that disagree (as the exercise asks).
    """
    exercise = PRODUCT_SHAPE if name == PRODUCT_SHAPE.function else Exercise(
        "ex05_product_shape", name, "tuple", detectors=(shape_hint,))
    if isinstance(expected, type) and issubclass(expected, BaseException):
        shape_a, shape_b = list(args.values())[:2]
        exercise.check_raises(args, expected, must_name=(shape_a[1], shape_b[0]), label=label,
                              namespace=notebook(), when_returned=_no_product)
        return
    exercise.check(args, expected, label=label, namespace=notebook())


def _no_product(trial) -> Hint:
    return Hint("must_raise_returned", "These shapes have no product, since the inner sizes "
                "differ. Compare them first and `raise ValueError(\"...\")` with a message "
                "that names them.", "shape_rule")
