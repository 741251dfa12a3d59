"""Plain data across the boundary between the trusted grader and the sandboxed kernel.

Values travel as JSON-compatible trees: numbers, strings, lists, dicts, and tagged forms for
what JSON lacks (tuples, NumPy arrays and scalars as raw bytes, non-finite floats, torch
tensors). Anything else is replaced by a *handle*, an id the side that owns the object
resolves. Decoding builds only these types — never unpickles, evaluates or imports what the
other side names — and refuses oversized or deeply nested trees, so a hostile kernel can
send wrong data but nothing that runs.

One exception to "nothing is imported": the trusted side may send objects of classes that
live in `nncourse.checks` (the stand-in layers of chapter 07) as class path + state; only
the kernel side rebuilds those, and only from that package.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable
from typing import Any

import numpy as np

#: dtypes that travel as raw bytes; everything else (object, str arrays) goes element-wise
ARRAY_KINDS = {"b", "i", "u", "f", "c"}
MAX_DEPTH = 32
MAX_BYTES = 64 * 2**20
#: classes whose instances the trusted side may send by value (state), rebuilt kernel-side
SENDABLE_PACKAGE = "nncourse.checks"


class CodecError(ValueError):
    """A value that cannot be encoded or a tree that must not be decoded."""


class Handle:
    """An object that stays on the side that owns it, known to the other side by id."""

    __slots__ = ("id", "type_name", "kind")

    def __init__(self, id: int, type_name: str, kind: str):
        self.id, self.type_name, self.kind = id, type_name, kind


def encode(value: Any, handle_for: Callable[[Any], Handle | dict] | None = None,
           depth: int = 0):
    """A JSON-compatible tree for `value`; objects that are not data go to `handle_for`,
    which gives a Handle (or a ready tree, e.g. an object sent by state)."""
    if depth > MAX_DEPTH:
        raise CodecError("value nested too deeply")
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int) and not isinstance(value, np.integer):
        return value if abs(value) < 2**53 else {"$bigint": str(value)}
    if isinstance(value, float) and not isinstance(value, np.floating):
        return value if math.isfinite(value) else {"$float": repr(value)}
    if isinstance(value, np.generic):
        return {"$npscalar": _array(np.asarray(value))}
    if isinstance(value, np.ndarray):
        if value.dtype.kind in ARRAY_KINDS:
            return {"$array": _array(value)}
        return {"$objarray": [encode(v, handle_for, depth + 1) for v in value.ravel().tolist()],
                "shape": list(value.shape)}
    if isinstance(value, list):
        return [encode(v, handle_for, depth + 1) for v in value]
    if isinstance(value, tuple):
        return {"$tuple": [encode(v, handle_for, depth + 1) for v in value]}
    if isinstance(value, (set, frozenset)):
        return {"$set": [encode(v, handle_for, depth + 1) for v in value]}
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: encode(v, handle_for, depth + 1) for k, v in value.items()}
        return {"$dict": [[encode(k, handle_for, depth + 1), encode(v, handle_for, depth + 1)]
                          for k, v in value.items()]}
    if isinstance(value, complex):
        return {"$complex": [encode(value.real), encode(value.imag)]}
    tensor = _tensor(value)
    if tensor is not None:
        return tensor
    if handle_for is None:
        raise CodecError(f"cannot send a {type(value).__name__}")
    made = handle_for(value)
    return made if isinstance(made, dict) else handle_tree(made)


def handle_tree(handle: Handle) -> dict:
    return {"$handle": handle.id, "type": handle.type_name, "kind": handle.kind}


def encode_state(obj) -> dict:
    """An object of a class from nncourse.checks, by class path and attribute values."""
    cls = type(obj)
    if not cls.__module__.startswith(SENDABLE_PACKAGE):
        raise CodecError(f"{cls.__name__} objects cannot be sent by value")
    return {"$object": f"{cls.__module__}:{cls.__qualname__}", "state": encode(vars(obj))}


def decode(tree, resolve: Callable[[dict], Any] | None = None, depth: int = 0,
           budget: list[int] | None = None):
    """The value a tree stands for. `resolve` turns handle entries into objects (stand-ins
    on the trusted side, the real objects on the kernel side); without it handles refuse."""
    budget = budget if budget is not None else [MAX_BYTES]
    if depth > MAX_DEPTH:
        raise CodecError("tree nested too deeply")
    if tree is None or isinstance(tree, (bool, int, float)):
        return tree
    if isinstance(tree, str):
        _spend(budget, len(tree))
        return tree
    if isinstance(tree, list):
        _spend(budget, 8 * len(tree))
        return [decode(v, resolve, depth + 1, budget) for v in tree]
    if not isinstance(tree, dict):
        raise CodecError(f"unexpected {type(tree).__name__} in a tree")
    tags = [k for k in tree if k.startswith("$")]
    if not tags:
        _spend(budget, 8 * len(tree))
        return {k: decode(v, resolve, depth + 1, budget) for k, v in tree.items()}
    tag = tags[0]
    body = tree[tag]
    if tag == "$array":
        return _unarray(body, budget)
    if tag == "$npscalar":
        return _unarray(body, budget)[()]
    if tag == "$objarray":
        items = decode(body, resolve, depth + 1, budget)
        out = np.empty(len(items), dtype=object)
        out[:] = items
        return out.reshape([int(n) for n in tree.get("shape", [len(items)])])
    if tag == "$tuple":
        return tuple(decode(body, resolve, depth + 1, budget))
    if tag == "$set":
        return set(decode(body, resolve, depth + 1, budget))
    if tag == "$dict":
        return {decode(k, resolve, depth + 1, budget): decode(v, resolve, depth + 1, budget)
                for k, v in body}
    if tag == "$float":
        if body not in ("nan", "inf", "-inf"):
            raise CodecError(f"bad float {body!r}")
        return float(body)
    if tag == "$bigint":
        _spend(budget, len(str(body)))
        return int(str(body)[:4300])
    if tag == "$complex":
        return complex(decode(body[0]), decode(body[1]))
    if tag == "$tensor":
        return _untensor(tree, budget)
    if tag in ("$handle", "$object"):
        if resolve is None:
            raise CodecError(f"{tag} not accepted here")
        return resolve(tree)
    raise CodecError(f"unknown tag {tag}")


def _spend(budget: list[int], n: int) -> None:
    budget[0] -= n
    if budget[0] < 0:
        raise CodecError("tree too large")


def _array(arr: np.ndarray) -> dict:
    if arr.nbytes > MAX_BYTES:
        raise CodecError(f"array too large to send ({arr.nbytes} bytes)")
    arr = np.array(arr, order="C", copy=True)  # ascontiguousarray would make 0-d 1-d
    return {"dtype": arr.dtype.str, "shape": list(arr.shape),
            "data": base64.b64encode(arr.tobytes()).decode("ascii")}


def _unarray(body: dict, budget: list[int]) -> np.ndarray:
    dtype = np.dtype(str(body["dtype"]))
    if dtype.kind not in ARRAY_KINDS or dtype.hasobject or dtype.fields:
        raise CodecError(f"dtype {dtype} not accepted")
    shape = tuple(int(n) for n in body["shape"])
    if any(n < 0 for n in shape) or len(shape) > 32:
        raise CodecError("bad shape")
    raw = base64.b64decode(str(body["data"]), validate=True)
    _spend(budget, len(raw))
    if len(raw) != math.prod(shape) * dtype.itemsize:
        raise CodecError("array data does not match its shape")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


def _tensor(value) -> dict | None:
    """torch tensors travel as their values, dtype and requires_grad (chapter 09)."""
    module = type(value).__module__ or ""
    if not module.startswith("torch"):
        return None
    try:
        import torch
    except ImportError:  # pragma: no cover - torch objects without torch
        return None
    if not isinstance(value, torch.Tensor):
        return None
    arr = value.detach().cpu().numpy()
    return {"$tensor": _array(arr), "requires_grad": bool(value.requires_grad),
            "parameter": isinstance(value, torch.nn.Parameter)}


def _untensor(tree: dict, budget: list[int]):
    arr = _unarray(tree["$tensor"], budget)
    try:
        import torch
    except ImportError:  # the values are what matters; a trusted side without torch
        return arr
    tensor = torch.from_numpy(arr)
    if tree.get("parameter"):
        return torch.nn.Parameter(tensor, requires_grad=bool(tree.get("requires_grad")))
    return tensor.requires_grad_(bool(tree.get("requires_grad"))) if tensor.is_floating_point() \
        else tensor
