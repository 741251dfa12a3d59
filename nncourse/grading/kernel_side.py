"""The kernel end of the trusted verdict: runs the student's code when the grader asks.

The trusted grader (nncourse.grading.remote) sends one request at a time, as a JSON string
evaluated through `user_expressions` (no input transformers, no history, no cell events).
This module answers with plain data (nncourse.grading.codec): what the student's names
are, what a call returned or raised, what it printed or warned, the arguments afterwards,
and NumPy's global random state afterwards. It runs in the sandboxed kernel next to the
student's code, so it is untrusted: the grader believes nothing it says except as data to
compare.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import types
import warnings

import numpy as np

from . import codec

_objects: dict[int, object] = {}
_SKIP = {"In", "Out", "get_ipython", "exit", "quit", "open"}


class Reply:
    """What IPython formats as application/json in the user_expressions reply."""

    def __init__(self, payload: dict):
        self.payload = payload

    def _repr_json_(self):
        return self.payload

    def __repr__(self):
        return json.dumps(self.payload)


def handle(request: str, namespace: dict | None = None) -> Reply:
    """Answer one request; never raises (errors are part of the answer)."""
    try:
        ask = json.loads(request)
        ns = namespace if namespace is not None else _user_namespace()
        op = ask["op"]
        if op == "names":
            return Reply({"ok": True, "names": _names(ns)})
        target = _objects[int(ask["target"])]
        if op == "call":
            return Reply(_call(target, ask))
        if op == "getattr":
            return Reply(_attempt(lambda: getattr(target, ask["attr"])))
        if op == "setattr":
            value = codec.decode(ask["value"], _resolve)
            return Reply(_attempt(lambda: setattr(target, ask["attr"], value)))
        return Reply({"ok": False, "protocol": f"unknown op {op!r}"})
    except Exception as exc:  # a malformed request: say so, as data
        return Reply({"ok": False, "protocol": f"{type(exc).__name__}: {exc}"})


def _user_namespace() -> dict:
    from IPython import get_ipython

    return get_ipython().user_ns


def _handle_for(obj) -> codec.Handle:
    _objects[id(obj)] = obj
    if isinstance(obj, type):
        kind = "class"
    elif callable(obj):
        kind = "function"
    else:
        kind = "object"
    return codec.Handle(id(obj), type(obj).__name__ if kind != "class" else obj.__name__, kind)


def _resolve(entry: dict):
    if "$handle" in entry:
        return _objects[int(entry["$handle"])]
    module, _, qualname = str(entry["$object"]).partition(":")
    if not module.startswith(codec.SENDABLE_PACKAGE + ".") and module != codec.SENDABLE_PACKAGE:
        raise codec.CodecError(f"{module} objects are not rebuilt here")
    cls = importlib.import_module(module)
    for part in qualname.split("."):
        cls = getattr(cls, part)
    obj = cls.__new__(cls)
    vars(obj).update(codec.decode(entry["state"], _resolve))
    return obj


def _names(ns: dict) -> dict:
    """The student's names: functions and classes as handles, data by value."""
    found = {}
    for name, value in list(ns.items()):
        if name.startswith("_") or name in _SKIP or isinstance(value, types.ModuleType):
            continue
        try:
            found[name] = codec.encode(value, _handle_for)
        except codec.CodecError:  # data too large to send: the grader may still ask about it
            found[name] = codec.handle_tree(_handle_for(value))
    return found


def _sent_back(value) -> dict:
    """Arguments after a call: nncourse objects by state, others as data or handles."""
    if type(value).__module__.startswith(codec.SENDABLE_PACKAGE):
        return codec.encode_state(value)
    return codec.encode(value, _handle_for)


def _call(func, ask: dict) -> dict:
    args = [codec.decode(a, _resolve) for a in ask.get("args", [])]
    kwargs = {k: codec.decode(v, _resolve) for k, v in ask.get("kwargs", {}).items()}
    if ask.get("plain_python"):
        from ..checks.student import without_numpy

        func = without_numpy(func)
    if ask.get("rng") is not None:
        state = codec.decode(ask["rng"])
        np.random.set_state(tuple(state))
    before = np.random.get_state()
    returned = []
    answer = _attempt(lambda: returned.append(func(*args, **kwargs)) or returned[0],
                      errstate=ask.get("errstate"))
    answer["args_after"] = [_sent_back(a) for a in args]
    # which argument the result is (or views): the grader's copy then returns its own
    answer["same_as"] = _returned_argument(returned[0], args) if returned else None
    after = np.random.get_state()
    changed = after[2:] != before[2:] or not np.array_equal(after[1], before[1])
    answer["rng"] = codec.encode(list(after)) if changed else None
    return answer


def _returned_argument(result, args: list) -> int | None:
    from ..checks.run import aliases

    found = aliases(result, dict(enumerate(args)))
    return found[0] if found else None


def _attempt(run, errstate: dict | None = None) -> dict:
    """Run `run()`, with what it printed and warned, its result or its exception."""
    out, err = io.StringIO(), io.StringIO()
    with warnings.catch_warnings(record=True) as caught, contextlib.ExitStack() as stack:
        warnings.simplefilter("always")
        stack.enter_context(contextlib.redirect_stdout(out))
        stack.enter_context(contextlib.redirect_stderr(err))
        if errstate:
            stack.enter_context(np.errstate(**errstate))
        try:
            result = run()
        except BaseException as exc:  # noqa: BLE001 - the student's error is the answer
            answer = {"ok": True, "raised": _describe_error(exc)}
        else:
            try:
                answer = {"ok": True, "result": codec.encode(result, _handle_for)}
            except codec.CodecError as exc:
                answer = {"ok": True, "raised": {"type": "TypeError", "mro": ["TypeError"],
                                                 "message": f"the result cannot be sent to "
                                                            f"the grader: {exc}", "where": ""}}
    answer["stdout"] = out.getvalue()[-20000:]
    answer["stderr"] = err.getvalue()[-20000:]
    answer["warnings"] = [{"category": w.category.__name__, "message": str(w.message)[:2000]}
                          for w in caught[:20]]
    return answer


def _describe_error(exc: BaseException) -> dict:
    from ..checks.student import notebook_location

    return {"type": type(exc).__name__,
            "module": type(exc).__module__,
            "mro": [c.__name__ for c in type(exc).__mro__],
            "message": str(exc)[:5000],
            "where": notebook_location(exc.__traceback__)}
