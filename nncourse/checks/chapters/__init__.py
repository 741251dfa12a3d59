"""Exercise-specific diagnoses and check helpers, one module per chapter (chNN.py).

What several chapter modules share: where the test cell's names live (a chapter helper
passes them, or a wrapped answer, to the core checks with `namespace=`), and two wrappers
around the student's function, one that notes what it returned or raised, one whose errors
carry the chapter's own explanation.
"""

from __future__ import annotations

import functools

from ..core import caller_namespace
from ..student import relabel

#: notebook() inside a chapter helper: the globals of the test cell that called the helper
notebook = caller_namespace


def recording(func, seen: dict):
    """`func`, noting in `seen` what it last returned ("result") or raised ("error")."""

    @functools.wraps(func)
    def run(*args):
        try:
            seen["result"] = func(*args)
        except Exception as exc:
            seen["error"] = exc
            raise
        return seen["result"]

    return run


def explaining(func, explain_error, errors: tuple[type[Exception], ...] = (ValueError,)):
    """`func`, but an error of one of `errors` that explain_error(exc) has words for is
    raised again with those words: same kind, same traceback, so the core message still
    shows the student's line."""

    @functools.wraps(func)
    def run(*args):
        try:
            return func(*args)
        except errors as exc:
            message = explain_error(exc)
            if message is None:
                raise
            raise relabel(exc, message) from None

    return run
