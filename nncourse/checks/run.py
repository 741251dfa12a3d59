"""Calling the student's code: one call, everything it did written down in a Trial.

A Trial records what was called and what happened: the value returned, or the exception
raised, the first warning, what the call printed, which arguments it changed in place, and
which argument it returned (no new array).
The call gets deep copies, so the checks' own values never change. Warnings never reach
stderr (nbgrader scores a test cell 0 when anything is written there); underflow is
ignored as in a plain notebook (exp(-1000) == 0.0 is no mistake).

When a submission is graded the student's functions are stand-ins that forward each call to
the sandboxed kernel (see student.py): they replay the student's prints and warnings here,
raise the same builtin exception types, and write changes to the arguments back, so a Trial
looks the same in both places.
"""

from __future__ import annotations

import contextlib
import copy
import io
import sys
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass
class Trial:
    """One call of the student's function and what it did."""

    name: str  # "main" for the test's own call, else the probe's name
    args: dict
    expected: Any
    about: str = ""  # what a probe isolates: "all inputs 0: the output is the bias alone"
    call: str = ""  # how the call is shown: "neuron_output([1, 2, 3], ...)"
    whole: bool = False  # every number in the call and in the expected answer is whole
    got: Any = None
    error: Exception | None = None
    warning: warnings.WarningMessage | None = None
    printed: str = ""
    changed: tuple[str, ...] = ()
    aliased: tuple[str, ...] = ()  # arguments the result is, or is a view of

    @property
    def returned(self) -> bool:
        """The call returned normally, without an exception or a warning."""
        return self.error is None and self.warning is None


class _Tee:
    """Passes what the student prints on to the notebook and keeps a copy.

    Not an io.IOBase: those flush (close) when garbage-collected, and a flush of the
    kernel's stream splits a cell's output into many."""

    def __init__(self, target):
        self.target = target
        self.copy = io.StringIO()

    def write(self, text):
        self.copy.write(text)
        return self.target.write(text)

    def flush(self):
        self.target.flush()

    def __getattr__(self, name):
        return getattr(self.target, name)


def run(func, trial: Trial, *, quiet: bool = False) -> Trial:
    """Call func(*trial.args.values()) and record what happened in `trial` (returned too).

    quiet: keep what the call prints out of the notebook (probes are the checks' business).
    """
    before = copy.deepcopy(trial.args)
    passed = copy.deepcopy(trial.args)
    out = io.StringIO() if quiet else _Tee(sys.stdout)
    try:
        with contextlib.redirect_stdout(out), warnings.catch_warnings(record=True) as caught, \
                np.errstate(all="warn", under="ignore"):
            warnings.simplefilter("always")
            trial.got = func(*passed.values())
    except Exception as exc:  # the student's exception, to be explained
        trial.error = exc
    else:
        if caught:
            trial.warning = caught[0]
    trial.printed = out.getvalue() if quiet else out.copy.getvalue()
    trial.changed = tuple(k for k in before if not same_value(before[k], passed[k]))
    trial.aliased = aliases(trial.got, passed) if trial.error is None else ()
    return trial


def aliases(result, args: dict) -> tuple[str, ...]:
    """The arguments `result` is, or is a view of: it is then no new array or list, and a
    caller who changes it changes that argument too. (A new array never lies within an
    argument's memory, so may_share_memory's bounds test is exact enough.)"""
    found = []
    for name, value in args.items():
        if isinstance(result, np.ndarray) and isinstance(value, np.ndarray):
            if np.may_share_memory(result, value):
                found.append(name)
        elif isinstance(result, list) and result is value:
            found.append(name)
    return tuple(found)


def same_value(a, b) -> bool:
    """Same value: arrays element by element, containers item by item, objects by attributes."""
    try:
        if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
            return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)
                    and a.shape == b.shape and a.dtype == b.dtype
                    and bool(np.array_equal(a, b, equal_nan=True)))
        if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
            return type(a) is type(b) and len(a) == len(b) and all(map(same_value, a, b))
        if isinstance(a, dict) and isinstance(b, dict):
            return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
        if type(a).__eq__ is object.__eq__ and hasattr(a, "__dict__") and type(a) is type(b):
            return same_value(vars(a), vars(b))  # deep copies of a plain object: its state
        return bool(a == b)
    except Exception:
        return False
