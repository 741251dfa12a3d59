"""The boundary between the checks and the student's code.

In a student's notebook the checks hold the student's real functions and objects. When a
submission is graded, the same checks run in a trusted process and the student's code stays
in the sandboxed kernel: what the checks hold then are stand-ins that forward every call,
attribute read and attribute write across the process boundary, as plain data and arrays
(see nncourse.grading.remote). The checks therefore touch student objects only by calling
them, getting and setting attributes, `callable()`, and the functions below, which work for
both; they never read `__globals__`, `__code__` or `__traceback__` of student code directly.
"""

from __future__ import annotations

import inspect
import traceback
import types

#: attribute a stand-in for a remote object carries: its real type's name
REMOTE_TYPE = "__nncourse_type__"
#: attribute of an exception raised by remote student code: where in the student's cell
REMOTE_WHERE = "__nncourse_where__"
#: attribute of a stand-in for a remote function: its code, read from the submitted notebook
REMOTE_SOURCE = "__nncourse_source__"


def type_name(value) -> str:
    """The name of the value's type, also for a stand-in of a remote object."""
    return getattr(value, REMOTE_TYPE, None) or type(value).__name__


def is_class(value) -> bool:
    """A class the student defined (`class DenseLayer:`), here or in the kernel."""
    return isinstance(value, type) or getattr(value, "__nncourse_is_class__", False)


def location(exc: BaseException) -> str:
    """' (line 3 of the cell that defines `f`: `return x * w`)' for the deepest frame of the
    student's notebook cells in the exception, or '' when none is known."""
    remote = getattr(exc, REMOTE_WHERE, None)
    if remote is not None:
        return remote
    return notebook_location(exc.__traceback__)


def notebook_location(tb: types.TracebackType | None) -> str:
    """The location text for a traceback, computed where the traceback lives."""
    frames = [
        f for f in traceback.extract_tb(tb)
        if "ipykernel" in f.filename or f.filename.startswith(("<ipython-input", "<cell"))
    ]
    if not frames:
        return ""
    frame = frames[-1]
    code = f": `{frame.line.strip()}`" if frame.line else ""
    return f" (line {frame.lineno} of the cell that defines `{frame.name}`{code})"


def relabel(exc: BaseException, message: str) -> BaseException:
    """An exception of the same kind with new words, that still says where it happened."""
    kind = type(exc)
    try:
        new = kind(message)
    except Exception:  # an exception class with an unusual constructor
        new = RuntimeError(message)
    new = new.with_traceback(exc.__traceback__)
    if hasattr(exc, REMOTE_WHERE):
        setattr(new, REMOTE_WHERE, getattr(exc, REMOTE_WHERE))
    return new


def without_numpy(func):
    """The student's function with NumPy out of reach (for the plain-Python exercises)."""
    remote = getattr(func, "__nncourse_without_numpy__", None)
    if remote is not None:
        return remote()
    from .plain_python import without_numpy as local

    return local(func)


def source_text(func) -> str | None:
    """The code of the student's function and of the notebook functions it calls, as text;
    None when it is not known (a stand-in reads it from the submitted notebook, never from
    the kernel, so student code cannot change what is read)."""
    if hasattr(type(func), REMOTE_SOURCE):
        return getattr(func, REMOTE_SOURCE)
    from .code_text import with_helpers

    own = _own_source(func)
    if own is None:
        return None
    namespace = getattr(inspect.unwrap(func), "__globals__", {})

    def notebook_function(name: str) -> str | None:
        found = namespace.get(name)
        if isinstance(found, types.FunctionType) and found.__module__ == "__main__":
            return _own_source(found)
        return None

    return with_helpers(own, notebook_function)


def _own_source(func) -> str | None:
    try:
        return inspect.getsource(inspect.unwrap(func))
    except (OSError, TypeError, ValueError):  # defined by exec, a builtin, a stand-in, ...
        return None
