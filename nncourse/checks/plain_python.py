"""Run a student's function with NumPy out of reach, for the 'in plain Python' exercises.

The function is rebuilt with a copy of its globals in which every NumPy object (the
module, `from numpy import dot`, a ufunc) is replaced by a guard, and with an `__import__`
that refuses numpy; touching either raises PlainPythonOnly with a clear message.
"""

from __future__ import annotations

import builtins
import types

import numpy as np

from .errors import PlainPythonOnly

MESSAGE = (
    "this exercise asks for plain Python (loops, zip, sum), but your function used NumPy "
    "(`{what}`). Write it without numpy."
)


class _NumpyGuard:
    """Stands in for numpy: any use raises PlainPythonOnly naming what was touched."""

    def __init__(self, what: str):
        self._what = what

    def __getattr__(self, attr):
        raise PlainPythonOnly(MESSAGE.format(what=f"{self._what}.{attr}"))

    def __call__(self, *args, **kwargs):
        raise PlainPythonOnly(MESSAGE.format(what=f"{self._what}(...)"))


def _is_numpy(value) -> bool:
    if isinstance(value, types.ModuleType):
        return value.__name__ == "numpy" or value.__name__.startswith("numpy.")
    if isinstance(value, np.ufunc):
        return True
    module = getattr(value, "__module__", None) or ""
    return callable(value) and module.split(".")[0] == "numpy"


def _guarded_import(name, *args, **kwargs):
    if name == "numpy" or name.startswith("numpy."):
        raise PlainPythonOnly(MESSAGE.format(what=f"import {name}"))
    return builtins.__import__(name, *args, **kwargs)


def without_numpy(func):
    """A copy of `func` (and of the student's helper functions it calls) that cannot use NumPy."""
    if not isinstance(func, types.FunctionType):
        return func
    namespace = dict(func.__globals__)
    for key, value in list(namespace.items()):
        if _is_numpy(value):
            namespace[key] = _NumpyGuard(key)
    namespace["__builtins__"] = {**vars(builtins), "__import__": _guarded_import}
    # helpers defined in the same notebook must not be a way around the guard
    for key, value in list(namespace.items()):
        if isinstance(value, types.FunctionType) and value.__globals__ is func.__globals__:
            namespace[key] = _rebind(value, namespace)
    return _rebind(func, namespace)


def _rebind(func: types.FunctionType, namespace: dict) -> types.FunctionType:
    clone = types.FunctionType(
        func.__code__, namespace, func.__name__, func.__defaults__, func.__closure__
    )
    clone.__kwdefaults__ = func.__kwdefaults__
    return clone


def plain_python_type_problem(value) -> str | None:
    """Why a result is not plain Python (a NumPy scalar or array inside), or None."""
    if isinstance(value, (np.ndarray, np.generic)):
        return f"it returned a NumPy {type(value).__name__}"
    if isinstance(value, (list, tuple)):
        for item in value:
            problem = plain_python_type_problem(item)
            if problem:
                return problem
    return None
