"""The functions test cells call: fetch the student's answer, run it safely, compare, explain.

A test cell reads like this::

    from nncourse.checks import check_function
    check_function("neuron_output", {"inputs": [1, 2, 3], "weights": [0.2, 0.8, -0.5],
                                     "bias": 2}, expected=2.3)

On success it prints one line starting with ✓. On failure it raises CheckFailed (an
AssertionError, so nbgrader scores the cell 0) whose message says what is wrong and, when
the mistake is a known one, how to fix it and which section to re-read. Nothing is ever
written to stderr: warnings raised by the student's code are caught and reported.
"""

from __future__ import annotations

import copy
import numbers
import sys
import warnings

import numpy as np

from . import diagnose as _diagnose
from .describe import describe, describe_argument, first_difference, fmt_array, fmt_number
from .errors import STUB_MESSAGE, explain
from .plain_python import plain_python_type_problem
from .sections import reread
from .student import without_numpy


class CheckFailed(AssertionError):
    """A check did not pass; the message is written for the student."""

    def _render_traceback_(self) -> list[str]:
        """What IPython shows instead of a traceback: just the message, which says it all."""
        name = type(self).__name__
        return [f"\x1b[0;31m{name}\x1b[0m: {line}" if i == 0 else line
                for i, line in enumerate(str(self).splitlines())]


class AnswerMissing(CheckFailed):
    """The answer cell has not been completed or run yet."""


def caller_namespace(depth: int = 2) -> dict:
    """The globals of the caller's caller: the test cell that called a check or a chapter helper."""
    return sys._getframe(depth).f_globals


def answer(name: str, namespace: dict | None = None):
    """The object the student defined under `name`, or a clear AnswerMissing."""
    namespace = caller_namespace() if namespace is None else namespace
    if name not in namespace:
        raise AnswerMissing(
            f"`{name}` is not defined yet: complete the answer cell above (replace the "
            f"`raise NotImplementedError(...)` line), run it, then run this test cell again."
        )
    return namespace[name]


def check_function(
    name: str,
    args: dict,
    expected,
    *,
    atol: float = 1e-6,
    rtol: float = 0.0,
    returns: str | None = None,
    plain_python: bool = False,
    label: str | None = None,
    mistakes: tuple = (),
    namespace: dict | None = None,
):
    """Call the student's function `name` with `args` (positionally, in order) and check it.

    expected     the right result: a number, a list, a tuple (compared exactly) or an array
    returns      'number', 'list', 'array' or 'tuple'; inferred from `expected` when omitted
    plain_python run with NumPy out of reach and require plain Python types in the result
    label        a few words for the ✓ line, e.g. "on fresh inputs"
    mistakes     extra exercise-specific detectors, tried before the general ones
    namespace    where to look `name` up (default: the calling test cell's globals)
    """
    func = answer(name, namespace if namespace is not None else caller_namespace())
    if not callable(func):
        raise CheckFailed(
            f"`{name}` should be a function (def {name}(...):), but it is {describe(func)}. "
            "Run the answer cell that defines it."
        )
    call = f"{name}({', '.join(describe_argument(v) for v in args.values())})"
    if label:
        call += f" {label}"
    kept = copy.deepcopy(args)
    passed = copy.deepcopy(args)
    got = call_student(without_numpy(func) if plain_python else func, passed, call)

    if not _same_arguments(kept, passed):
        changed = [k for k in kept if not _equal(kept[k], passed[k])]
        raise CheckFailed(
            f"{call} changed its input `{changed[0]}` in place. A function that computes an "
            "output must leave its inputs as they were: build a new list or array (e.g. "
            f"`total = bias + ...` or `x + b`, not `x += b`) ({reread('mutation')})."
        )
    kind = returns or _kind_of(expected)
    problem = compare_answer(got, expected, kind, atol, rtol, call, args, mistakes)
    if problem is None and plain_python:
        why = plain_python_type_problem(got)
        if why:
            problem = (
                f"{call}: this exercise asks for plain Python, but {why}. Use loops, zip and sum "
                "on lists, not NumPy."
            )
    if problem:
        raise CheckFailed(problem)
    print(f"✓ {call}: {_summary(got, kind)} as expected")
    return None


def check_value(name: str, expected, *, atol: float = 1e-6, rtol: float = 0.0,
                returns: str | None = None, label: str | None = None,
                namespace: dict | None = None):
    """Check a value the student computed and stored under `name`."""
    got = answer(name, namespace if namespace is not None else caller_namespace())
    kind = returns or _kind_of(expected)
    problem = compare_answer(got, expected, kind, atol, rtol, f"`{name}`", {}, ())
    if problem:
        raise CheckFailed(problem)
    where = f" {label}" if label else ""
    print(f"✓ {name}{where}: {_summary(got, kind)} as expected")
    return None


def check_raises(name: str, args: dict, error: type[BaseException], *, label: str | None = None,
                 plain_python: bool = False, namespace: dict | None = None):
    """Check that the student's function refuses bad input by raising `error`."""
    func = answer(name, namespace if namespace is not None else caller_namespace())
    call = f"{name}({', '.join(describe_argument(v) for v in args.values())})"
    target = without_numpy(func) if plain_python else func
    try:
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            result = target(*copy.deepcopy(args).values())
    except error as exc:
        if isinstance(exc, NotImplementedError) and STUB_MESSAGE in str(exc):
            raise CheckFailed(explain(exc, call, args)) from None
        message = str(exc)
        if not message:
            raise CheckFailed(
                f"{call} raised {type(exc).__name__} as asked, but with no message: say what is "
                "wrong, e.g. raise ValueError(\"lengths differ: 3 and 4\")."
            ) from None
        where = f" {label}" if label else ""
        print(f"✓ {call}{where}: raised {type(exc).__name__} ({message})")
        return None
    except Exception as exc:
        raise CheckFailed(
            f"{call} should raise {error.__name__}, but it raised {type(exc).__name__}: "
            f"{exc}. Check the input yourself first and raise {error.__name__} with a message."
        ) from None
    raise CheckFailed(
        f"{call} should raise {error.__name__}, but it returned {describe(result)}. Check the "
        f"input first and `raise {error.__name__}(\"...\")` when it is wrong."
    )


# --- running the student's code ----------------------------------------------------


def call_student(func, args: dict, call: str):
    """Run the student's function; its exceptions and warnings become CheckFailed messages."""
    try:
        # underflow stays ignored, as in a plain notebook: exp(-1000) == 0.0 is no mistake
        with warnings.catch_warnings(record=True) as caught, \
                np.errstate(all="warn", under="ignore"):
            warnings.simplefilter("always")
            got = func(*args.values())
    except Exception as exc:
        raise CheckFailed(explain(exc, call, args)) from None
    if caught:
        first = caught[0]
        message = str(first.message)
        advice = ("a value went out of range: compute exp only on numbers ≤ 0 "
                  f"({reread('sigmoid')})" if "overflow" in message and "exp" in message
                  else "find the operation that triggers it and avoid it")
        raise CheckFailed(
            f"{call} raised a warning: {first.category.__name__}: {message}. nbgrader scores a "
            f"test 0 when anything is written to stderr; {advice}."
        )
    return got


def _same_arguments(before: dict, after: dict) -> bool:
    return all(_equal(before[k], after[k]) for k in before)


def _equal(a, b) -> bool:
    """Same value: arrays element by element, containers item by item, objects by attributes."""
    try:
        if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
            return np.shape(a) == np.shape(b) and bool(np.array_equal(a, b, equal_nan=True))
        if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
            return type(a) is type(b) and len(a) == len(b) and all(map(_equal, a, b))
        if isinstance(a, dict) and isinstance(b, dict):
            return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
        if type(a).__eq__ is object.__eq__ and hasattr(a, "__dict__") and type(a) is type(b):
            return _equal(vars(a), vars(b))  # deep copies of a plain object: compare its state
        return bool(a == b)
    except Exception:
        return False


# --- comparing ------------------------------------------------------------------------


def _kind_of(expected) -> str:
    if isinstance(expected, np.ndarray):
        return "array"
    if isinstance(expected, tuple):
        return "tuple"
    if isinstance(expected, list):
        return "list"
    return "number"


def _summary(got, kind: str) -> str:
    if kind == "number":
        return f"returned {fmt_number(got)}"
    if kind == "tuple":
        return f"returned {got!r}"
    container = "array" if kind == "array" else "list"
    text = f"{container} of shape {np.shape(got)}"
    return f"{text}, values {fmt_array(got)}" if np.size(got) <= 12 else text


def _is_number(x) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_))


def compare_answer(got, expected, kind, atol, rtol, call, args, mistakes) -> str | None:
    """None when `got` is right, else the message for the student."""
    if got is None:
        return (
            f"{call} returned None: the function has no `return` (printing a value does not "
            f"return it). End it with `return <your result>` ({reread('return')})."
        )
    if kind == "tuple":
        if isinstance(got, tuple) and got == tuple(expected):
            return None
        if isinstance(got, list) and tuple(got) == tuple(expected):
            return f"{call} returned the list {got!r}: return a tuple, like a shape {expected!r}."
        text = f"{call} returned {got!r}, expected {expected!r}."
        hint = _exercise_hint(got, expected, args, atol, rtol, mistakes)
        return text + (f"\n  hint: {hint}" if hint else "")
    if kind == "number":
        if isinstance(got, np.ndarray) and got.size == 1:
            return (
                f"{call} returned an array of shape {got.shape} where a single number is asked. "
                "Return the number itself (a dot product of two vectors is already a number)."
            )
        if not _is_number(got):
            return _wrong_kind(got, expected, call, args, atol, rtol, mistakes)
        exp = float(expected)
        if np.isclose(float(got), exp, atol=atol, rtol=rtol):
            return None
        return _wrong_values(np.asarray(float(got)), np.asarray(exp), call, args, atol, rtol,
                             mistakes, detail=f"got {fmt_number(got)}, expected {fmt_number(exp)}")
    # lists and arrays
    if kind == "array" and not isinstance(got, np.ndarray):
        if isinstance(got, (list, tuple)):
            return (
                f"{call} returned a Python {type(got).__name__} ({describe(got)}) where a NumPy "
                "array is asked. Compute with NumPy (np.dot returns an array) or wrap the result "
                f"in np.array(...) ({reread('arrays')})."
            )
        return _wrong_kind(got, expected, call, args, atol, rtol, mistakes)
    if kind == "list" and not isinstance(got, list):
        return (
            f"{call} returned {describe(got)} where a Python list is asked: build the result "
            f"with a list and append ({reread('layer_loops')})."
        )
    try:
        got_arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return f"{call} returned {describe(got)}, which is not a grid of numbers."
    exp_arr = np.asarray(expected, dtype=float)
    if got_arr.shape != exp_arr.shape:
        detail = f"shape {got_arr.shape}, expected shape {exp_arr.shape}"
        hint = _diagnose.diagnose(_diagnose.Case(got_arr, exp_arr, args, atol, rtol), mistakes)
        concatenated = _concatenated(got, args)
        hint = concatenated or hint or _shape_advice(args, exp_arr.shape)
        return f"{call} returned {describe(got)}: {detail}.\n  hint: {hint}"
    if np.allclose(got_arr, exp_arr, atol=atol, rtol=rtol):
        return None
    return _wrong_values(got_arr, exp_arr, call, args, atol, rtol, mistakes,
                         detail=first_difference(got_arr, exp_arr, atol, rtol))


def _shape_advice(args: dict, shape: tuple) -> str:
    case = _diagnose.Case(np.zeros(0), np.zeros(0), args)
    if case.arg("inputs") is not None and case.arg("weights") is not None:
        return (f"Check the shape rule: the result of (s, m) · (m, n) has shape (s, n) "
                f"({reread('shape_rule')}).")
    return f"The result should have shape {shape}: check which axis your code works along."


def _exercise_hint(got, expected, args, atol, rtol, mistakes) -> str | None:
    """Only the exercise's own detectors: the general ones speak of layers, not of shapes."""
    try:
        case = _diagnose.Case(np.asarray(got, dtype=float), np.asarray(expected, dtype=float),
                              args, atol, rtol)
    except (TypeError, ValueError):
        return None
    return _diagnose.diagnose(case, mistakes, general=False)


def _wrong_values(got, exp, call, args, atol, rtol, mistakes, detail) -> str:
    hint = _diagnose.diagnose(_diagnose.Case(got, exp, args, atol, rtol), mistakes)
    text = f"{call} is not right yet: {detail}."
    if exp.ndim:
        text += f"\n  expected: {fmt_array(exp)}\n  got:      {fmt_array(got)}"
    if hint:
        text += f"\n  hint: {hint}"
    else:
        text += f" (tolerance: atol={atol:g})"
    return text


def _wrong_kind(got, expected, call, args, atol, rtol, mistakes) -> str:
    concatenated = _concatenated(got, args)
    if concatenated:
        return f"{call} returned {describe(got)}.\n  hint: {concatenated}"
    try:
        got_arr = np.asarray(got, dtype=float)
        exp_arr = np.asarray(expected, dtype=float)
        hint = _diagnose.diagnose(_diagnose.Case(got_arr, exp_arr, args, atol, rtol), mistakes)
    except (TypeError, ValueError):
        hint = None
    text = f"{call} returned {describe(got)}, expected {describe(expected)}."
    return text + (f"\n  hint: {hint}" if hint else "")


def _concatenated(got, args: dict) -> str | None:
    """Python list `+` glued two arguments together instead of adding them."""
    if not isinstance(got, list):
        return None
    lists = [(k, v) for k, v in args.items() if isinstance(v, (list, tuple))]
    for i, (name_a, a) in enumerate(lists):
        for name_b, b in lists[i + 1:] + lists[:i]:
            if len(got) == len(a) + len(b) and _equal(list(got), list(a) + list(b)):
                return (
                    f"`+` on two Python lists glues them together ({name_a} then {name_b}) "
                    "instead of adding their elements. Add pair by pair in a loop, or use "
                    f"NumPy arrays ({reread('lists')})."
                )
    return None
