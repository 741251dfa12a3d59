"""The checks by function name, for test cells that have no Exercise object yet.

    from nncourse.checks import check_function
    check_function("layer_forward", {...}, expected=..., exercise="ex06_layer_forward",
                   mistakes=LAYER_MISTAKES)

is an Exercise built on the spot (see exercise.py) with the legacy relation detectors of
`mistakes` and diagnose.DETECTORS, and no probes: same comparisons, same Failure, same
renderer, same ✓ line. Pass `exercise=` (the answer cell's grade_id) so that no message
cites a chapter after the exercise's. New chapters declare Exercise objects instead.
"""

from __future__ import annotations

import numpy as np

from .exercise import Exercise, answer, caller_namespace
from .failure import AnswerMissing, CheckFailed, Failure
from .render import tick
from .run import Trial, run

__all__ = ["AnswerMissing", "CheckFailed", "answer", "call_student", "caller_namespace",
           "check_function", "check_raises", "check_value"]


def kind_of(expected) -> str:
    if isinstance(expected, np.ndarray):
        return "array"
    if isinstance(expected, tuple):
        return "tuple"
    if isinstance(expected, list):
        return "list"
    return "number"


def _exercise(name, expected, exercise, *, returns=None, plain_python=False, atol=1e-6,
              rtol=0.0, mistakes=(), error_hints=(), promises=(), tick_suffix="") -> Exercise:
    return Exercise(exercise, name, returns or kind_of(expected), plain_python=plain_python,
                    atol=atol, rtol=rtol, relations=mistakes, general_relations=True,
                    error_hints=error_hints, promises=promises, tick_suffix=tick_suffix)


def check_function(name: str, args: dict, expected, *, atol: float = 1e-6, rtol: float = 0.0,
                   returns: str | None = None, plain_python: bool = False,
                   label: str | None = None, mistakes: tuple = (),
                   namespace: dict | None = None, exercise: str | None = None,
                   error_hints: tuple = (), promises: tuple = (),
                   tick_suffix: str = "") -> None:
    """Call the student's function `name` with `args` (positionally, in order) and check it.

    expected     the right result: a number, a list, a tuple (compared exactly) or an array
    returns      'number', 'list', 'rows', 'array' or 'tuple'; inferred from `expected`
    plain_python run with NumPy out of reach and require plain Python types in the result
    label        a few words for the call line, e.g. "on fresh inputs"
    mistakes     legacy relation detectors (diagnose.Case -> text), tried before the general
    exercise     the answer cell's grade_id, which decides the sections a hint may cite
    error_hints, promises, tick_suffix   see Exercise
    """
    namespace = caller_namespace() if namespace is None else namespace
    exercise = exercise or getattr(mistakes, "exercise", None)
    _exercise(name, expected, exercise, returns=returns, plain_python=plain_python, atol=atol,
              rtol=rtol, mistakes=mistakes, error_hints=error_hints, promises=promises,
              tick_suffix=tick_suffix).check(args, expected, label=label, namespace=namespace)


def check_raises(name: str, args: dict, error: type[Exception] = ValueError, *,
                 label: str | None = None, plain_python: bool = False,
                 namespace: dict | None = None, exercise: str | None = None,
                 must_name: tuple = (), here: str | None = None, when_returned=None) -> None:
    """The student's `name(*args)` must raise `error` with a message (naming `must_name`)."""
    namespace = caller_namespace() if namespace is None else namespace
    Exercise(exercise, name, "number", plain_python=plain_python).check_raises(
        args, error, must_name=must_name, label=label, namespace=namespace,
        when_returned=when_returned, here=here)


def check_value(name: str, expected, *, atol: float = 1e-6, rtol: float = 0.0,
                returns: str | None = None, label: str | None = None,
                namespace: dict | None = None, exercise: str | None = None) -> None:
    """Check a value the student computed and stored under `name`."""
    namespace = caller_namespace() if namespace is None else namespace
    got = answer(name, namespace)
    ex = _exercise(name, expected, exercise, returns=returns, atol=atol, rtol=rtol)
    where = f" {label}" if label else ""
    trial = Trial("main", {}, expected, call=f"`{name}`{where}", got=got)
    verdict = ex._compare(trial)
    if verdict is not None:
        raise CheckFailed(Failure(call=trial.call, problem=verdict.problem, hint=verdict.hint,
                                  section=ex.cite(verdict.section) if verdict.hint else None,
                                  mistake=verdict.key or "differs", named=bool(verdict.key),
                                  exercise=exercise, expected=verdict.expected,
                                  got=verdict.got))
    print(tick(f"{name}{where}: {ex._summary(got)} as expected"))


def call_student(func, args: dict, call: str, exercise: str | None = None,
                 error_hints: tuple = ()):
    """Run the student's code once (a constructor, a method); its exception or warning
    becomes a CheckFailed (explained by `error_hints` first); the value comes back.

    The arguments are changed in place as the student's code changes them (a copy of them is
    what the call gets), so a caller can still see a function that mutates its inputs."""
    trial = run(func, Trial("main", args, None, call=call))
    ex = Exercise(exercise, call, "number", error_hints=error_hints)
    if trial.error is not None:
        raise CheckFailed(ex._error_failure(trial))
    if trial.warning is not None:
        raise CheckFailed(ex._warning_failure(trial))
    return trial.got
