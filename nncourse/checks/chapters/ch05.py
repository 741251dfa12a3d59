"""Chapter 05 (batches and the matrix product): diagnoses and one check helper.

Every detector relates a wrong answer to the expected values and the call's inputs
("your result is the expected one laid out flat", "each entry pairs a row of A with a row
of B"); none of them computes the right answer. The mistakes they name:

- matrix_product: a flat list instead of a grid, rows of B used where its columns belong,
  only the last (or the first few) products kept per entry, an element-by-element product,
  too few columns because the columns of B were counted with len(matrix_b);
- as_row / as_column: a 1-D vector returned as it came (or `.T` of a 1-D array, which does
  nothing), a row and a column swapped;
- product_shape: check_shape, a check_function for functions that return a shape tuple,
  with hints for the usual mix-ups of the shape rule.
"""

from __future__ import annotations

import copy
import sys
import warnings

import numpy as np

from .. import core
from ..describe import describe, describe_argument
from ..diagnose import Case
from ..errors import explain, is_stub
from ..sections import reread

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
MATRIX_PRODUCT_MISTAKES = (
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
ROW_COLUMN_MISTAKES = (still_one_dimensional, row_column_swapped)


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


def _shape_call(name: str, args: dict, label: str | None) -> str:
    """'product_shape((2, 3), (3, 4))': shapes shown as the tuples they are."""
    shown = [repr(v) if isinstance(v, tuple) else describe_argument(v) for v in args.values()]
    return f"{name}({', '.join(shown)})" + (f" {label}" if label else "")


def check_shape(name: str, args: dict, expected, *, label: str | None = None) -> None:
    """Check a function that returns a shape tuple, or that must raise for shapes that do not fit.

    expected  the right shape (a tuple, compared exactly), or an exception class such as
              ValueError that the call must raise with a message.
    Prints a ✓ line like check_function / check_raises; a wrong tuple gets a hint naming the
    shape-rule mix-up behind it (core's tuple comparison has no detectors).
    """
    func = core.answer(name, sys._getframe(1).f_globals)
    if not callable(func):
        raise core.CheckFailed(
            f"`{name}` should be a function (def {name}(...):), but it is {describe(func)}. "
            "Run the answer cell that defines it."
        )
    call = _shape_call(name, args, label)
    if isinstance(expected, type) and issubclass(expected, BaseException):
        _check_shape_raises(func, args, expected, call)
        return None
    got = core.call_student(func, copy.deepcopy(args), call)
    problem = core.compare_answer(got, expected, "tuple", 0.0, 0.0, call, args, ())
    if problem is None:
        print(f"✓ {call}: returned {got!r} as expected")
        return None
    hint = _shape_hint(got, args) if isinstance(got, tuple) else None
    if hint:
        problem += f"\n  hint: {hint}"
    raise core.CheckFailed(problem)


def _check_shape_raises(func, args: dict, error: type[BaseException], call: str) -> None:
    """core.check_raises, for a function already fetched and a call shown with tuples."""
    try:
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            result = func(*copy.deepcopy(args).values())
    except error as exc:
        if not str(exc):
            raise core.CheckFailed(
                f"{call} raised {type(exc).__name__} as asked, but with no message: say what is "
                f"wrong, e.g. raise {error.__name__}(\"inner sizes differ: 3 and 2\")."
            ) from None
        print(f"✓ {call}: raised {type(exc).__name__} ({exc})")
        return None
    except Exception as exc:
        if is_stub(exc):
            raise core.CheckFailed(explain(exc, call, args)) from None
        raise core.CheckFailed(
            f"{call} should raise {error.__name__}, but it raised {type(exc).__name__}: "
            f"{exc}. Check the input yourself first and raise {error.__name__} with a message."
        ) from None
    shown = repr(result) if isinstance(result, tuple) else describe(result)
    raise core.CheckFailed(
        f"{call} should raise {error.__name__}, but it returned {shown}: these shapes have no "
        "product, since the inner sizes differ. Compare them first and "
        f"`raise {error.__name__}(\"...\")` with a message ({reread('shape_rule')})."
    )
