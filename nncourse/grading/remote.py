"""The trusted end: stand-ins for the student's functions, classes and objects.

The student's code stays in the sandboxed kernel. Here, in the grader's own process, the
master's test cells run with the real `nncourse.checks`, and every student name they use is
a stand-in that forwards calls, attribute reads and writes to the kernel
(nncourse.grading.kernel_side) and turns the answers back into Python values, exceptions,
printed text and warnings. Nothing the student patches in the kernel (np.allclose, the
check functions, input transformers) reaches the comparison, which happens here.

What makes the stand-ins behave like the real thing for the checks:
- arguments are sent by value and, after the call, updated in place from the kernel's copy,
  so a function that mutates its inputs is seen doing so;
- NumPy's global random state travels with every call and comes back, so `np.random.seed`
  in a check seeds the student's code as it would in the notebook;
- what the call printed, wrote to stderr or warned is replayed here;
- an exception comes back as the same builtin type with its message and the line of the
  student's cell it came from (nncourse.checks.student.location reads it).
"""

from __future__ import annotations

import ast
import builtins
import importlib
import json
import sys
import time
import warnings

import numpy as np

from ..checks.student import REMOTE_TYPE, REMOTE_WHERE
from . import codec

KERNEL_SIDE = "nncourse.grading.kernel_side"


class KernelUnavailable(RuntimeError):
    """The kernel did not answer (timed out, died, or broke the protocol)."""


class StudentInterrupted(RuntimeError):
    """The student's code raised KeyboardInterrupt or SystemExit in the kernel."""


class RemoteKernel:
    """A synchronous request/answer channel to a running kernel, on its own client."""

    def __init__(self, connection_info: dict, timeout: float):
        from jupyter_client import BlockingKernelClient

        self.timeout = timeout
        self.calls = 0
        self.broken: str | None = None
        self.timed_out = False
        self.client = BlockingKernelClient()
        self.client.load_connection_info(connection_info)
        self.client.start_channels(shell=True, iopub=False, stdin=False, hb=False,
                                   control=False)
        self._proxies: dict[int, Remote] = {}
        self.rng_in_kernel = None  # NumPy's global random state as the kernel last had it

    def close(self) -> None:
        self.client.stop_channels()

    def request(self, payload: dict) -> dict:
        """Send one request to kernel_side.handle and return its answer (a dict)."""
        if self.broken:
            raise KernelUnavailable(self.broken)
        self.calls += 1
        text = json.dumps(json.dumps(payload))
        expression = f"__import__({KERNEL_SIDE!r}, fromlist=['handle']).handle({text})"
        msg_id = self.client.execute("", silent=True, store_history=False,
                                     user_expressions={"r": expression}, allow_stdin=False)
        deadline = time.monotonic() + self.timeout
        while True:
            remaining = deadline - time.monotonic()
            try:
                if remaining <= 0:
                    raise TimeoutError
                reply = self.client.get_shell_msg(timeout=remaining)
            except Exception:  # queue.Empty or the timeout above
                self.timed_out = True
                self.broken = (f"the kernel did not answer within {self.timeout:g} s "
                               "(an endless loop in the student's code?)")
                raise KernelUnavailable(self.broken) from None
            if reply.get("parent_header", {}).get("msg_id") == msg_id:
                break
        return self._answer(reply)

    def _answer(self, reply: dict) -> dict:
        content = reply.get("content", {})
        if content.get("status") != "ok":
            raise KernelUnavailable(f"the kernel refused the request: "
                                    f"{content.get('ename')}: {content.get('evalue')}")
        result = content.get("user_expressions", {}).get("r", {})
        if result.get("status") != "ok":
            raise KernelUnavailable(f"the grader's helper failed in the kernel: "
                                    f"{result.get('ename')}: {result.get('evalue')}")
        data = result.get("data", {})
        answer = data.get("application/json")
        if answer is None:
            try:
                answer = json.loads(ast.literal_eval(data.get("text/plain", "")))
            except (ValueError, SyntaxError, TypeError):
                answer = None
        if not isinstance(answer, dict):
            raise KernelUnavailable("the kernel's answer is not readable")
        if not answer.get("ok"):
            raise KernelUnavailable(f"protocol error: {answer.get('protocol')}")
        return answer

    # --- values ----------------------------------------------------------------------

    def proxy(self, entry: dict) -> Remote:
        """The stand-in for a handle the kernel sent (one per remote object)."""
        if "$handle" not in entry:
            raise codec.CodecError("the kernel may not send objects by state")
        key = int(entry["$handle"])
        if key not in self._proxies:
            kind = entry.get("kind")
            cls = {"class": RemoteClass, "function": RemoteFunction}.get(kind, RemoteObject)
            self._proxies[key] = cls(self, key, str(entry.get("type", "object"))[:100])
        return self._proxies[key]

    def decode(self, tree):
        return codec.decode(tree, self.proxy)

    def names(self) -> dict:
        """The student's names in the kernel now: data by value, the rest as stand-ins."""
        answer = self.request({"op": "names"})
        return {str(name): self.decode(tree) for name, tree in answer["names"].items()}


def _send(value):
    """Encode an argument: data by value, stand-ins by handle, check objects by state."""

    def other(obj):
        if isinstance(obj, Remote):
            return {"$handle": object.__getattribute__(obj, "_id")}
        if type(obj).__module__.startswith(codec.SENDABLE_PACKAGE):
            return codec.encode_state(obj)
        raise codec.CodecError(f"cannot pass a {type(obj).__name__} to the student's code")

    return codec.encode(value, other)


def _mirror(local, tree, kernel: RemoteKernel) -> None:
    """Bring an argument up to date with what the call did to the kernel's copy."""
    if isinstance(tree, dict) and "$object" in tree:
        if type(local).__module__.startswith(codec.SENDABLE_PACKAGE):
            state = kernel.decode(tree["state"])
            if isinstance(state, dict):
                vars(local).clear()
                vars(local).update(state)
        return
    after = kernel.decode(tree)
    if isinstance(local, np.ndarray) and isinstance(after, np.ndarray):
        if after.shape == local.shape and local.flags.writeable:
            local[...] = after
    elif isinstance(local, list) and isinstance(after, list):
        local[:] = after
    elif isinstance(local, dict) and isinstance(after, dict):
        local.clear()
        local.update(after)


_WARNINGS = {name: cls for name, cls in vars(builtins).items()
             if isinstance(cls, type) and issubclass(cls, Warning)}


def _replay(answer: dict) -> None:
    """Show here what the call printed, wrote to stderr and warned in the kernel."""
    if answer.get("stdout"):
        sys.stdout.write(str(answer["stdout"]))
    if answer.get("stderr"):
        sys.stderr.write(str(answer["stderr"]))
    for caught in answer.get("warnings", []):
        category = _WARNINGS.get(str(caught.get("category")), UserWarning)
        warnings.warn_explicit(str(caught.get("message")), category, "<student code>", 0)


def _error(raised: dict) -> Exception:
    """The student's exception, rebuilt as the nearest exception class we own."""
    name, module = str(raised.get("type")), str(raised.get("module", ""))
    message = str(raised.get("message", ""))
    if name in ("KeyboardInterrupt", "SystemExit", "GeneratorExit"):
        exc: Exception = StudentInterrupted(f"the student's code raised {name}: {message}")
    else:
        cls = None
        if module.startswith(codec.SENDABLE_PACKAGE):
            found = getattr(importlib.import_module(module), name, None)
            cls = found if isinstance(found, type) and issubclass(found, Exception) else None
        if cls is None:
            for base in raised.get("mro", []):
                found = getattr(builtins, str(base), None)
                if isinstance(found, type) and issubclass(found, Exception):
                    cls = found
                    break
        try:
            exc = (cls or Exception)(message)
        except Exception:  # classes whose constructor wants more than a message
            exc = RuntimeError(f"{name}: {message}")
    setattr(exc, REMOTE_WHERE, str(raised.get("where", "")))
    return exc


def _same_state(a, b) -> bool:
    return (a is not None and b is not None and a[2:] == b[2:]
            and bool(np.array_equal(a[1], b[1])))


class Remote:
    """A stand-in for an object that lives in the kernel."""

    __slots__ = ("_kernel", "_id", REMOTE_TYPE)

    def __init__(self, kernel: RemoteKernel, key: int, type_name: str):
        object.__setattr__(self, "_kernel", kernel)
        object.__setattr__(self, "_id", key)
        object.__setattr__(self, REMOTE_TYPE, type_name)

    def __getattr__(self, attr):
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        answer = self._kernel.request({"op": "getattr", "target": self._id, "attr": attr})
        return _outcome(self._kernel, answer)

    def __setattr__(self, attr, value):
        answer = self._kernel.request({"op": "setattr", "target": self._id, "attr": attr,
                                       "value": _send(value)})
        _outcome(self._kernel, answer)

    def __deepcopy__(self, memo):
        return self  # the object lives in the kernel: there is nothing here to copy

    def __repr__(self):
        return f"<{getattr(self, REMOTE_TYPE)} in the student's kernel>"


def _outcome(kernel: RemoteKernel, answer: dict):
    _replay(answer)
    if "raised" in answer:
        raise _error(answer["raised"])
    return kernel.decode(answer.get("result"))


def _as_returned(result, args: tuple, same_as):
    """The kernel's function returned one of its arguments (or a view of it): return the
    caller's own argument, so that here too the result is no new array."""
    if not isinstance(same_as, int) or not 0 <= same_as < len(args):
        return result
    local = args[same_as]
    if isinstance(local, np.ndarray) and isinstance(result, np.ndarray) \
            and local.size == result.size and local.dtype == result.dtype:
        view = local.reshape(result.shape)
        if np.may_share_memory(view, local) and np.array_equal(view, result, equal_nan=True):
            return view
    if isinstance(local, list) and isinstance(result, list):
        return local
    return result


class RemoteFunction(Remote):
    """A function (or bound method) of the student's, called in the kernel."""

    __slots__ = ("_plain_python", "_source")

    def __init__(self, kernel, key, type_name, plain_python: bool = False):
        super().__init__(kernel, key, type_name)
        object.__setattr__(self, "_plain_python", plain_python)
        object.__setattr__(self, "_source", None)

    def read_from_notebook(self, code: str | None) -> None:
        """Give the stand-in its code, as the submitted notebook (not the kernel) has it."""
        object.__setattr__(self, "_source", code)

    def __call__(self, *args, **kwargs):
        kernel = self._kernel
        here = np.random.get_state()
        answer = kernel.request({
            "op": "call", "target": self._id, "plain_python": self._plain_python,
            "args": [_send(a) for a in args],
            "kwargs": {k: _send(v) for k, v in kwargs.items()},
            # the random state travels only when it differs from the kernel's
            "rng": None if _same_state(here, kernel.rng_in_kernel)
            else codec.encode(list(here)),
            "errstate": np.geterr(),
        })
        kernel.rng_in_kernel = here
        for local, tree in zip(args, answer.get("args_after", []), strict=False):
            _mirror(local, tree, kernel)
        state = kernel.decode(answer.get("rng"))
        if isinstance(state, list) and len(state) == 5:
            np.random.set_state(tuple(state))
            kernel.rng_in_kernel = np.random.get_state()
        return _as_returned(_outcome(kernel, answer), args, answer.get("same_as"))

    def __nncourse_without_numpy__(self):
        """The same function, run in the kernel with NumPy out of reach."""
        return RemoteFunction(self._kernel, self._id, getattr(self, REMOTE_TYPE), True)

    @property
    def __nncourse_source__(self) -> str | None:  # student.REMOTE_SOURCE
        """Its code as the submitted notebook has it (None: not known)."""
        return self._source


class RemoteClass(RemoteFunction):
    """A class of the student's: calling it makes an object in the kernel."""

    __slots__ = ()
    __nncourse_is_class__ = True


class RemoteObject(Remote):
    """Any other object of the student's (an instance of their class, for example)."""

    __slots__ = ()
