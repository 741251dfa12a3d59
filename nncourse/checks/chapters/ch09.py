"""Chapter 09 · The same layer in PyTorch: checks for an nn.Linear built from NumPy arrays
(in chapter 06's layout and in chapter 07's) and for a two-layer forward pass in PyTorch.

Like every checks module, this ships to students, so it never computes a right answer.

Every check works in two steps, so that it can run across a process boundary:

1. call the student's function with NumPy arrays and turn what comes back into plain data:
   `read_linear` reads a returned layer as a dict of numbers, strings and NumPy arrays
   (`.detach().numpy()` of weight and bias, their dtypes and shapes, in/out features); a
   two-layer forward returns a NumPy array already;
2. judge that plain data as an Exercise does (nncourse.checks.exercise): compare with the
   expected layer or array, and on a wrong answer run fixed probes and name a mistake only
   when their pattern confirms it. The layer exercises probe with small layers (non-square
   both ways, one neuron, biases 0, and one square layer asked for twice: only there does
   the orientation of the weights tell, and values that change between two identical calls
   are nn.Linear's random starting values). The two-layer exercise probes with all inputs 0
   (only the biases act), biases 0, one-hot inputs, one sample and other sizes; what the
   right network and a few wrong ones (no ReLU, ReLU before the bias, sigmoid, ...) give on
   each probe is written out below as numbers, so no formula ships. PyTorch's own error
   messages are read with the arguments' shapes (error_hints).

Test cells call `check_linear(...)` (Exercises 1 and 2) and `check_two_layer(...)`
(Exercise 3), which use LINEAR_FROM_NUMPY, LINEAR_FROM_DENSE and TORCH_TWO_LAYER.
"""

from __future__ import annotations

import re

import numpy as np

from ..describe import describe, fmt_array, fmt_number
from ..errors import failing_line
from ..exercise import Exercise, Verdict
from ..failure import Hint
from ..probes import Evidence, Model, Probe, models
from ..run import Trial, run
from ..student import location, type_name
from . import notebook

# --- step 1: what came back, as plain data -----------------------------------------------


def _numpy(tensor) -> np.ndarray:
    """A tensor's numbers as a NumPy array in the tensor's own dtype (float16 as float32)."""
    try:
        return np.array(tensor.detach().cpu().numpy())
    except (TypeError, RuntimeError):  # a dtype NumPy has not, such as bfloat16
        return np.array(tensor.detach().cpu().float().numpy())


_TENSOR_TYPES = ("Tensor", "Parameter")


def read_linear(obj) -> dict:
    """What a test needs to know about a returned object, as plain data only.

    It touches the object only through its type's name, attribute reads and method calls
    that return NumPy arrays (`.detach().cpu().numpy()`), so the same code works on a
    stand-in for an object that lives in a sandboxed kernel (see nncourse.checks.student).
    """
    name = type_name(obj)
    info: dict = {"type": name, "kind": "other", "describe": describe(obj)}
    if obj is None:
        info["kind"] = "none"
    elif name == "Linear" and hasattr(obj, "in_features"):
        info.update(kind="linear", in_features=int(obj.in_features),
                    out_features=int(obj.out_features))
        for part in ("weight", "bias"):
            tensor = getattr(obj, part, None)
            if tensor is None or type_name(tensor) not in _TENSOR_TYPES:
                info.update({part: None, f"{part}_dtype": None, f"{part}_shape": None})
                continue
            values = _numpy(tensor)
            info.update({part: values.astype(np.float64), f"{part}_dtype": str(values.dtype),
                         f"{part}_shape": values.shape})
    elif name in _TENSOR_TYPES and hasattr(obj, "detach"):
        values = _numpy(obj)
        info.update(kind="tensor", shape=values.shape, dtype=str(values.dtype),
                    values=values.astype(np.float64) if values.dtype.kind == "f" else None)
    elif isinstance(obj, np.ndarray):
        info.update(kind="array", shape=obj.shape)
    elif isinstance(obj, (tuple, list)):
        info.update(kind="sequence", length=len(obj))
    return info


class LayerData(dict):
    """read_linear's plain data, or the layer a test expects, shown as a layer in messages."""

    def __nncourse_show__(self) -> str:
        kind = self.get("kind")
        if kind == "tensor":
            return f"a tensor of shape {self['shape']} ({self['dtype']})"
        if kind != "linear":
            return self.get("describe", "something else")
        text = f"nn.Linear({self['in_features']}, {self['out_features']})"
        w, b = self.get("weight"), self.get("bias")
        if w is not None:
            text += f" with weight {fmt_array(w)}"
        text += " and no bias" if b is None else f" and bias {fmt_array(b)}"
        dtypes = {self.get("weight_dtype"), self.get("bias_dtype")} - {None, "float32"}
        return text + (f" ({', '.join(sorted(dtypes))})" if dtypes else "")


def expected_layer(weight, bias) -> LayerData:
    """The layer a test asks for: weight (out_features, in_features), bias (out_features,)."""
    w = np.asarray(weight, dtype=float)
    b = np.asarray(bias, dtype=float).reshape(-1)
    return LayerData(kind="linear", in_features=w.shape[1], out_features=w.shape[0],
                     weight=w, bias=b, weight_dtype="float32", bias_dtype="float32",
                     weight_shape=w.shape, bias_shape=b.shape)


# --- PyTorch's error messages, read with the arguments' shapes ---------------------------

_SIZE = re.compile(r"size of tensor a \((\d+)\) must match the size of tensor b \((\d+)\) "
                   r"at non-singleton dimension (\d+)")
_BROADCAST = re.compile(r"output with shape \[([\d, ]*)\] doesn't match the broadcast shape "
                        r"\[([\d, ]*)\]")
_STATE = re.compile(r"size mismatch for (weight|bias): copying a param with shape "
                    r"torch\.Size\(\[([\d, ]*)\]\) from checkpoint, the shape in current "
                    r"model is torch\.Size\(\[([\d, ]*)\]\)")
_MATMUL = re.compile(r"shapes cannot be multiplied \((\d+)x(\d+) and (\d+)x(\d+)\)")
_DTYPES = ("must have the same dtype", "to have the same dtype", "expected scalar type",
           "Found dtype")


def _sizes(text: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", text))


def _common_error_hint(text: str) -> Hint | None:
    """Hints for PyTorch errors every exercise of this chapter can raise."""
    if "leaf Variable that requires grad is being used in an in-place operation" in text:
        return Hint("no_grad_forgotten", (
            "The layer's weight and bias are parameters that PyTorch records for gradients, "
            "and it refuses to overwrite them in place. Do the copies inside a "
            "`with torch.no_grad():` block."), "no_grad")
    if any(marker in text for marker in _DTYPES):
        return Hint("mixed_dtypes", (
            "This product mixes float64 and float32. torch.from_numpy keeps NumPy's float64, "
            "while nn.Linear and torch.tensor(..., dtype=torch.float32) are float32, and "
            "PyTorch multiplies only tensors of one dtype: make every tensor float32, with "
            "dtype=torch.float32 or .float()."), "float32")
    if "Can't call numpy() on Tensor that requires grad" in text:
        return Hint("numpy_requires_grad", (
            "This tensor was computed from the layer's parameters, so it still records "
            "gradients. Use .detach().numpy(), or compute it inside "
            "`with torch.no_grad():`."), "to_numpy")
    if "must be Tensor, not numpy.ndarray" in text:
        return Hint("numpy_not_tensor", (
            "PyTorch's layers and functions take tensors, not NumPy arrays: convert first, "
            "e.g. torch.tensor(inputs, dtype=torch.float32)."), "tensors")
    if "expected np.ndarray (got Tensor)" in text:
        return Hint("from_numpy_tensor", "torch.from_numpy takes a NumPy array, and this is "
                    "a tensor already.", "tensors")
    if "cannot assign" in text and "as parameter" in text:
        part = "bias" if "'bias'" in text else "weight"
        return Hint("not_a_parameter", (
            f"layer.{part} must stay an nn.Parameter: a plain tensor cannot replace it. Copy "
            f"into the parameter that is there (layer.{part}.copy_(...) inside "
            f"`with torch.no_grad():`), or wrap the tensor: nn.Parameter(tensor)."), "no_grad")
    return None


def _linear_error_hint(chapter07: bool):
    """An error hook: a copy into nn.Linear failed; read which sizes met, knowing the
    arguments (weights (n_neurons, n_inputs), or (n_inputs, n_neurons) in chapter 07)."""

    def explain(exc: BaseException, args: dict) -> Hint | None:
        if not isinstance(exc, (RuntimeError, TypeError)):
            return None
        text = str(exc)
        common = _common_error_hint(text)
        if common:
            return common
        shape = np.shape(args.get("weights"))
        bshape = np.shape(args.get("biases"))
        if len(shape) != 2:
            return None
        n_in, n_out = shape if chapter07 else shape[::-1]
        given = "weights.T" if chapter07 else "weights"
        names = "n_inputs, n_neurons" if chapter07 else "n_neurons, n_inputs"
        found = _BROADCAST.search(text)
        if found:
            target, source = _sizes(found.group(1)), _sizes(found.group(2))
            if target == (n_out,) and source == (1, n_out):
                return Hint("bias_row", (
                    f"The biases are a row of shape (1, {n_out}), chapter 07's layout, but "
                    f"nn.Linear's bias is a vector of shape ({n_out},). Copy "
                    "biases.reshape(-1) (or biases[0])."), "torch_layout")
            if target == (n_out,) and source == (n_out, n_out) and n_out > 1:
                return Hint("bias_column", (
                    f"The bias you copied is a column of shape ({n_out}, 1); nn.Linear's bias "
                    f"is a vector of shape ({n_out},). Copy biases.reshape(-1)."),
                    "torch_layout")
            if chapter07 and len(target) == 2 and target[0] == 1 and n_out > 1 \
                    and bshape == (1, n_out) and source == (n_out, n_in):
                return Hint("bias_row_size", (
                    "The layer was made with 1 neuron: biases.shape[0] is 1, because "
                    f"chapter 07's biases are a row (1, {n_out}). Take the number of neurons "
                    "from weights.shape[1] (or biases.shape[1])."), "torch_layout")
        pairs = []
        found = _SIZE.search(text)
        if found:
            pairs.append((int(found.group(1)), int(found.group(2)), int(found.group(3)) == 0))
        for name, source, target in _STATE.findall(text):
            if name == "weight" and len(_sizes(source)) == 2 and len(_sizes(target)) == 2:
                pairs.append((_sizes(target)[1], _sizes(source)[1], False))
        found = _BROADCAST.search(text)
        if found:
            target, source = _sizes(found.group(1)), _sizes(found.group(2))
            if len(target) == 2 and len(source) == 2:
                pairs.append((target[1], source[1], False))
        for layer_size, array_size, along_rows in pairs:
            if along_rows and layer_size == n_out and array_size != n_out:
                # the layer has the right number of neurons: what was copied is too short
                part = "biases" if "bias" in failing_line(exc) else "numbers"
                return Hint("copied_part", (
                    f"The layer has {n_out} neurons, the right number, but the {part} you "
                    f"copied into it have {array_size} along that axis: every neuron needs "
                    f"its own. Copy them whole (all {n_out}), not a slice or a part of "
                    f"`{'biases' if part == 'biases' else 'weights'}`."), "linear")
            if not along_rows and layer_size == n_in and array_size == n_out:
                if n_in == n_out:
                    continue
                if chapter07:
                    return Hint("weight_not_transposed", (
                        f"chapter 07 stores its weights as (n_inputs, n_neurons) = ({n_in}, "
                        f"{n_out}), one column per neuron, but nn.Linear's weight is "
                        f"(out_features, in_features) = ({n_out}, {n_in}), one row per "
                        "neuron. Copy the transpose, weights.T."), "torch_layout")
                return Hint("weight_transposed", (
                    f"You copied an array of shape ({n_in}, {n_out}) into the weight, which is "
                    f"({n_out}, {n_in}). `weights` is already one row per neuron, the layout "
                    "nn.Linear uses: copy it as it is, without .T."), "linear")
            if not along_rows and layer_size == n_out and array_size == n_in \
                    and n_in != n_out:
                # the message shows one axis only: in_features, not out_features
                layout = ("which in chapter 07's layout is (n_inputs, n_neurons)" if chapter07
                          else "(n_neurons, n_inputs)")
                return Hint("sizes_swapped", (
                    f"The layer's in_features is {n_out}, the number of neurons, where it must "
                    f"be the number of inputs, {n_in}. nn.Linear(in_features, out_features) "
                    f"takes the inputs first: here nn.Linear({n_in}, {n_out}), both read from "
                    f"weights.shape, {layout}."), "linear")
            if not along_rows and array_size in (n_in, n_out) \
                    and layer_size not in (n_in, n_out):
                return Hint("hard_coded_sizes", (
                    f"The layer has {layer_size} places per row where the weights have "
                    f"{array_size}: its sizes do not come from the arguments. Take them from "
                    f"weights.shape, e.g. `{names} = weights.shape`, and make a new nn.Linear "
                    "in every call."), "linear")
            if not along_rows and layer_size in (n_in, n_out) \
                    and array_size not in (n_in, n_out):
                return Hint("lesson_global", (
                    f"What you copied has {array_size} values per row, but `weights` has "
                    f"{shape[1]}: it is not the argument. Does the function read a variable "
                    "from outside, such as one from the lesson, instead of its parameters "
                    f"`weights` and `biases` ({given})?"), None)
        sizes = {s for pair in pairs for s in pair[:2]}
        if pairs and n_in != n_out and sizes == {n_in, n_out}:
            return Hint("sizes_swapped", (
                "The layer was made with its sizes the wrong way round. nn.Linear("
                "in_features, out_features) takes the number of inputs first: here "
                f"nn.Linear({n_in}, {n_out}) for {n_in} inputs and {n_out} neurons."),
                "linear")
        return None

    return explain


# --- exercises 1 and 2: an nn.Linear holding given numbers -----------------------------


def _close(a, b, atol: float) -> bool:
    return (a is not None and b is not None and np.shape(a) == np.shape(b)
            and bool(np.allclose(a, b, atol=atol, rtol=0)))


def _first_difference(what: str, got: np.ndarray, want: np.ndarray, atol: float) -> str:
    bad = ~np.isclose(got, want, atol=atol, rtol=0)
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    where = "[" + ", ".join(map(str, index)) + "]"
    return (f"{what}{where} holds {fmt_number(got[index])} instead of "
            f"{fmt_number(want[index])} ({int(bad.sum())} of {bad.size} values differ)")


class LinearExercise(Exercise):
    """A function that returns an nn.Linear: the value judged is read_linear's plain data."""

    def __init__(self, *args, chapter07: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.chapter07 = chapter07

    namespace: dict = {}

    def _target(self, namespace: dict):
        func = super()._target(namespace)
        self.namespace = namespace

        def read(*args):
            got = func(*args)
            return None if got is None else LayerData(read_linear(got))

        return read

    def as_array(self, value):
        """weight and bias, flat, for the probes' right/wrong comparisons."""
        if not isinstance(value, dict) or value.get("kind") != "linear":
            return None
        w, b = value.get("weight"), value.get("bias")
        if w is None or b is None:
            return None
        return np.concatenate([np.ravel(w), np.ravel(b)]).astype(float)

    def _summary(self, got) -> str:
        return (f"nn.Linear(in_features={got['in_features']}, out_features="
                f"{got['out_features']}), weight {got['weight_shape']} and bias "
                f"{got['bias_shape']} in float32, holding the expected numbers")

    def _compare(self, main: Trial) -> Verdict | None:
        got, exp = main.got, main.expected
        if got is None:
            return super()._compare(main)
        kind = got.get("kind")
        if kind == "tensor":
            holds = ""
            values = got.get("values")
            if values is not None and (_close(values, exp["weight"], self.atol)
                                       or _close(values, exp["weight"].T, self.atol)):
                holds = "It holds the weights: that is the layer's weight, not the layer. "
            return Verdict(f"returned a tensor of shape {got['shape']} ({got['dtype']}), not a "
                           "layer.", "tensor_not_layer", f"{holds}Return the nn.Linear object "
                           "itself, `return layer`.", "linear", final=True)
        if kind != "linear":
            return Verdict(f"returned {got['describe']}, not a torch.nn.Linear.", "not_a_linear",
                           "Build the layer with nn.Linear(n_inputs, n_neurons), put the "
                           "numbers in, and return only the layer.", "linear", final=True)
        n_out, n_in = exp["weight"].shape
        size_in, size_out = got["in_features"], got["out_features"]
        if (size_in, size_out) != (n_in, n_out):
            return Verdict(f"returned nn.Linear(in_features={size_in}, out_features={size_out}); "
                           f"{n_in} inputs and {n_out} neurons need nn.Linear({n_in}, {n_out}).",
                           values_right=False)
        if got["bias"] is None:
            return Verdict("returned a layer without a bias (layer.bias is None).", "bias_false",
                           "nn.Linear(..., bias=False) leaves the bias out. Keep the default "
                           "(bias=True) and copy the biases into layer.bias.", "linear",
                           final=True)
        w, want_w = got["weight"], exp["weight"]
        if w is None:
            return Verdict("returned a layer whose weight is not a tensor.", "not_a_parameter",
                           "layer.weight must stay an nn.Parameter holding the weights.",
                           "linear", final=True)
        if got["weight_shape"] != want_w.shape:
            return Verdict(f"returned a layer whose weight has shape {got['weight_shape']}; "
                           f"nn.Linear({n_in}, {n_out}) keeps it as (out_features, in_features) "
                           f"= {want_w.shape}, one row per neuron.", values_right=False,
                           expected=fmt_array(want_w), got=fmt_array(w))
        if not _close(w, want_w, self.atol):
            return Verdict("returned a layer whose weight is not the expected one: "
                           + _first_difference("layer.weight", w, want_w, self.atol) + ".",
                           values_right=False, expected=fmt_array(want_w), got=fmt_array(w))
        b, want_b = got["bias"], exp["bias"]
        if got["bias_shape"] != want_b.shape:
            right = _close(np.ravel(b), want_b, self.atol)
            return Verdict(f"returned a layer whose bias has shape {got['bias_shape']}; "
                           f"nn.Linear's bias has shape ({n_out},), one value per neuron.",
                           "bias_row" if right else None,
                           (f"layer.bias has shape {got['bias_shape']}: chapter 07's biases are "
                            "a row (1, n_neurons), nn.Linear's a vector. Use biases.reshape(-1) "
                            "(or biases[0])." if self.chapter07 else
                            f"layer.bias has shape {got['bias_shape']}, but nn.Linear's bias is "
                            f"a vector ({n_out},), and `biases` already is one: copy it as it "
                            "is, with no reshape.") if right else None,
                           "torch_layout" if right else None, values_right=right)
        if not _close(b, want_b, self.atol):
            return Verdict("returned a layer whose bias is not the expected one: "
                           + _first_difference("layer.bias", b, want_b, self.atol) + ".",
                           values_right=False, expected=fmt_array(want_b), got=fmt_array(b))
        wrong = sorted({got[f"{p}_dtype"] for p in ("weight", "bias")} - {"float32"})
        if wrong:
            return Verdict(f"returned a layer with the right numbers, but as {wrong[0]}.",
                           "float64_parameters" if wrong == ["float64"] else "wrong_dtype",
                           f"nn.Linear's parameters are float32, yours {wrong[0]}. A layer "
                           "gets another dtype when it is made with one (dtype=torch.float64, "
                           ".double()), or when such a tensor is assigned to it (a new "
                           "nn.Parameter, or .data = ...; torch.from_numpy keeps NumPy's "
                           "float64). Make it as nn.Linear(n_inputs, n_neurons) and copy the "
                           "numbers in with copy_ inside torch.no_grad() (copy_ converts).",
                           "float32", values_right=True)
        return None


def _linear_layer_pairs(ev: Evidence):
    """(trial, readout, expected) for every trial that returned an nn.Linear."""
    for t in ev.trials():
        got = t.got if t.returned else None
        if isinstance(got, dict) and got.get("kind") == "linear":
            yield t, got, t.expected


def _shown(hits) -> tuple[str, ...]:
    return tuple([t.name for t in hits if t.name != "main"][:2] or [hits[0].name])


def _confirm(ev: Evidence, relation, min_trials: int = 2):
    """Trials where relation(got, expected) is True; None when any telling trial says
    False. relation returns None for a trial that cannot tell."""
    hits = []
    for t, got, exp in _linear_layer_pairs(ev):
        verdict = relation(got, exp)
        if verdict is None:
            continue
        if not verdict:
            return None
        hits.append(t)
    return hits if len(hits) >= min_trials else None


def _sizes_swapped(ev: Evidence) -> Hint | None:
    def relation(got, exp):
        n_out, n_in = exp["weight"].shape
        if n_in == n_out:
            return None
        return (got["in_features"], got["out_features"]) == (n_out, n_in)

    hits = _confirm(ev, relation)
    if not hits:
        return None
    layout = ("for chapter 07's `weights` of shape (n_inputs, n_neurons) the layer is "
              "nn.Linear(n_inputs, n_neurons), and its weight is weights.T, one row per "
              "neuron" if ev.exercise.chapter07 else
              "for `weights` of shape (n_neurons, n_inputs) the layer is nn.Linear("
              "n_inputs, n_neurons)")
    return Hint("sizes_swapped", "Your layers are made with their sizes the wrong way round: "
                "nn.Linear(in_features, out_features) takes the number of inputs first, "
                f"so {layout}.", "linear", _shown(hits))


def _sizes_fixed(ev: Evidence) -> Hint | None:
    layers = list(_linear_layer_pairs(ev))
    sizes = {(g["in_features"], g["out_features"]) for _, g, _ in layers}
    wanted = {e["weight"].shape for _, _, e in layers}
    if len(layers) < 3 or len(sizes) != 1 or len(wanted) < 2:
        return None
    size = sizes.pop()
    return Hint("hard_coded_sizes", f"Every layer you return is nn.Linear{size}, whatever the "
                "shape of `weights`: its sizes do not come from the arguments. Take them from "
                "weights.shape, and make a new nn.Linear in every call.", "linear",
                _shown([t for t, _, _ in layers]))


def _weight_relation(ev: Evidence, turn) -> list | None:
    def relation(got, exp):
        want = exp["weight"]
        other = turn(want)
        if other is None or _close(other, want, ev.exercise.atol):
            return None
        return _close(got["weight"], other, ev.exercise.atol)

    return _confirm(ev, relation)


def _weight_transposed(ev: Evidence) -> Hint | None:
    hits = _weight_relation(ev, lambda w: w.T)
    if not hits:
        return None
    if ev.exercise.chapter07:
        return Hint("weight_not_transposed", "layer.weight holds the weights as given, in "
                    "chapter 07's layout (n_inputs, n_neurons), one column per neuron. "
                    "nn.Linear keeps one row per neuron, (out_features, in_features): put "
                    "weights.T into it.", "torch_layout", _shown(hits))
    return Hint("weight_transposed", "layer.weight is the transpose of `weights`: one column "
                "per neuron. nn.Linear keeps its weight as (out_features, in_features), one "
                "row per neuron, which is already the layout of `weights`: copy it as it is, "
                "without .T.", "linear", _shown(hits))


def _weight_reshaped(ev: Evidence) -> Hint | None:
    hits = _weight_relation(ev, lambda w: w.T.reshape(w.shape))
    if not hits:
        return None
    if not ev.exercise.chapter07:
        return Hint("weight_reshaped", "layer.weight holds the right numbers in the wrong "
                    "places: they were turned (.T) and then reshaped back to (out_features, "
                    "in_features), which refills them row after row. `weights` already has "
                    "nn.Linear's layout, one row per neuron: copy it as it is, with no .T and "
                    "no reshape.", "linear", _shown(hits))
    return Hint("weight_reshaped", "layer.weight holds the right numbers in the wrong places: "
                "reshape (or .view) refills them row after row instead of turning the table. "
                "Use the transpose, weights.T.", "torch_layout", _shown(hits))


def _weight_rotated(ev: Evidence) -> Hint | None:
    """The right weight with its rows (or its columns) in reverse order: a quarter turn
    (np.rot90, torch.rot90) is the transpose with one axis reversed."""
    for axis, which in ((0, "rows"), (1, "columns")):
        hits = _weight_relation(ev, lambda w, a=axis: np.flip(w, axis=a))
        if hits:
            return Hint("weight_rotated", (
                f"layer.weight holds the right rows and columns, but with its {which} in "
                "reverse order: a quarter turn (np.rot90) is the transpose with one axis "
                "reversed, not the transpose. Use weights.T."), "torch_layout", _shown(hits))
    return None


def _twins(ev: Evidence):
    """The two probes that make the same call, when both returned an nn.Linear."""
    a, b = ev.get("square"), ev.get("square_again")
    if a is None or b is None:
        return None
    ga, gb = a.got if a.returned else None, b.got if b.returned else None
    if not (isinstance(ga, dict) and isinstance(gb, dict) and ga.get("kind") == "linear"
            and gb.get("kind") == "linear"):
        return None
    return a, b, ga, gb


def _changes_between_calls(part: str, key: str, text: str):
    def detect(ev: Evidence) -> Hint | None:
        twins = _twins(ev)
        if twins is None:
            return None
        a, b, ga, gb = twins
        x, y = ga.get(part), gb.get(part)
        if x is None or y is None or np.shape(x) != np.shape(y) or np.allclose(x, y):
            return None
        if part == "bias" and not _close(ga["weight"], a.expected["weight"], ev.exercise.atol):
            return None  # the weights are wrong too: said first
        return Hint(key, text, "no_grad", (a.name, b.name))

    return detect


_weight_not_copied = _changes_between_calls(
    "weight", "weight_not_copied", "The same call gives another layer.weight each time (the "
    "two probes above): it still holds nn.Linear's random starting values. Copy `weights` "
    "into it, inside `with torch.no_grad():`.")
_bias_not_copied = _changes_between_calls(
    "bias", "bias_not_copied", "The weights are right, but the same call gives another "
    "layer.bias each time (the two probes above): it still holds nn.Linear's random starting "
    "values. Copy `biases` into layer.bias too.")


def _bias_zero(ev: Evidence) -> Hint | None:
    def relation(got, exp):
        if not np.any(exp["bias"]) or got["bias"] is None:
            return None
        return not np.any(got["bias"]) and _close(got["weight"], exp["weight"], 1e-6)

    hits = _confirm(ev, relation)
    if not hits:
        return None
    return Hint("bias_zero", "layer.bias is all zero on every call, whatever `biases` holds: "
                "copy `biases` into layer.bias (layer.bias.copy_(...) inside "
                "`with torch.no_grad():`) instead of zeroing it.", "no_grad", _shown(hits))


def _bias_first_everywhere(ev: Evidence) -> Hint | None:
    def relation(got, exp):
        want = exp["bias"]
        if got["bias"] is None or len(want) < 2 or np.allclose(want, want[0]):
            return None
        return (np.shape(got["bias"]) == want.shape and np.allclose(got["bias"], want[0])
                and _close(got["weight"], exp["weight"], 1e-6))

    hits = _confirm(ev, relation)
    if not hits:
        return None
    where = "biases[0, 0]" if ev.exercise.chapter07 else "biases[0]"
    return Hint("bias_first_everywhere", f"Every neuron of your layer gets the first bias, "
                f"{where}: layer.bias holds one value repeated. Each neuron has its own bias: "
                "copy the whole vector of biases into layer.bias.", "linear", _shown(hits))


def _bias_fixed(ev: Evidence) -> Hint | None:
    """layer.bias the same numbers on calls whose `biases` differ: not read from the argument."""
    seen: dict = {}
    for t, got, exp in _linear_layer_pairs(ev):
        b = got.get("bias")
        if b is None or np.shape(b) != exp["bias"].shape or _close(b, exp["bias"], 1e-6):
            continue
        seen.setdefault(tuple(np.round(np.ravel(b), 6)), []).append((t, exp["bias"]))
    for values, hits in seen.items():
        wanted = {tuple(np.round(e, 6)) for _, e in hits}
        if len(wanted) >= 2:
            return Hint("bias_fixed", f"layer.bias is {fmt_array(np.array(values))} on calls "
                        "with different `biases` (the probes above): it does not come from the "
                        "argument. Copy the function's own `biases` into layer.bias, not "
                        "numbers or a variable of the lesson.", "linear",
                        _shown([t for t, _ in hits]))
    return None


def _truncated(ev: Evidence) -> Hint | None:
    """The weights (or biases) cut to whole numbers, the other part right or cut too."""
    parts: set = set()

    def relation(got, exp):
        if got["weight"] is None or got["bias"] is None:
            return None
        cut = []
        for part in ("weight", "bias"):
            want, have = exp[part], got[part]
            if np.shape(have) != want.shape:
                return False
            if _close(have, want, 1e-6):
                continue
            if np.allclose(np.trunc(want), want) or not _close(have, np.trunc(want), 1e-6):
                return False
            cut.append(part)
        if not cut:
            return None
        parts.update(cut)
        return True

    hits = _confirm(ev, relation)
    if not hits:
        return None
    what = " and ".join(f"layer.{p}" for p in ("weight", "bias") if p in parts)
    return Hint("truncated", f"{what} holds the numbers cut to whole numbers (0.75 becomes 0): "
                "somewhere they pass through int (astype(int), int(...), an integer tensor). "
                "Keep them as floats: torch.tensor(weights, dtype=torch.float32).", "float32",
                _shown(hits))


LINEAR_DETECTORS = (_sizes_swapped, _sizes_fixed, _weight_transposed, _weight_reshaped,
                    _weight_rotated,
                    _weight_not_copied, _bias_not_copied, _bias_zero, _bias_first_everywhere,
                    _bias_fixed, _truncated)

# probes: weights (n_neurons, n_inputs), nothing square but "square" (not symmetric) and its
# twin (the same call twice shows values that change from call to call)
_LINEAR_PROBES = {
    "wide": ([[0.5, -1.0, 2.0, 0.25], [1.5, 0.75, -0.5, -2.0]], [-0.5, 2.0],
             "2 neurons, 4 inputs"),
    "square": ([[1.0, 2.0, -0.5], [-1.5, 0.25, 3.0], [0.75, -2.0, 1.25]], [1.0, -2.0, 0.5],
               "a square layer: only the orientation of the weights tells"),
    "square_again": ([[1.0, 2.0, -0.5], [-1.5, 0.25, 3.0], [0.75, -2.0, 1.25]],
                     [1.0, -2.0, 0.5], "the same call again"),
    "tall": ([[0.5, -0.25], [-1.0, 1.5], [2.0, 0.75], [-0.5, -1.25], [1.0, 0.5]],
             [0.25, -0.75, 1.5, -1.0, 0.5], "5 neurons, 2 inputs"),
    "one_neuron": ([[1.5, -0.5, 0.25]], [-1.25], "one neuron, 3 inputs"),
    "zero_bias": ([[2.0, -1.0, 0.5], [0.25, 1.0, -1.5]], [0.0, 0.0], "biases 0"),
}


def _linear_probes(chapter07: bool) -> tuple[Probe, ...]:
    found = []
    for name, (w, b, about) in _LINEAR_PROBES.items():
        w, b = np.array(w), np.array(b)
        args = ({"weights": np.ascontiguousarray(w.T), "biases": b.reshape(1, -1)} if chapter07
                else {"weights": w, "biases": b})
        found.append(Probe(name, args, expected_layer(w, b), about))
    return tuple(found)


def _passed_on_untransposed(namespace_of):
    """Error hook for linear_from_dense: the error is the one the notebook's own
    linear_from_numpy raises on these weights as they are, and linear_from_numpy builds the
    right layer from weights.T: the (n_inputs, n_neurons) weights were passed on without
    their transpose."""

    def hook(exc: BaseException, args: dict) -> Hint | None:
        if "the cell that defines `linear_from_numpy`" not in location(exc):
            return None  # raised elsewhere: not what linear_from_numpy was given
        other = namespace_of().get("linear_from_numpy")
        weights, biases = args.get("weights"), args.get("biases")
        if not callable(other) or np.ndim(weights) != 2 or np.ndim(biases) not in (1, 2):
            return None
        w, b = np.asarray(weights, dtype=float), np.asarray(biases, dtype=float).reshape(-1)
        same = run(other, Trial("as_given", {"weights": w, "biases": b}, None), quiet=True)
        if same.error is None or type(same.error) is not type(exc) \
                or str(same.error) != str(exc):
            return None
        fixed = run(other, Trial("transposed", {"weights": np.ascontiguousarray(w.T),
                                                "biases": b}, None), quiet=True)
        if not fixed.returned or fixed.got is None:
            return None
        layer = read_linear(fixed.got)
        if layer.get("kind") != "linear" or not _close(layer.get("weight"), w.T, 1e-6) \
                or not _close(layer.get("bias"), b, 1e-6):
            return None
        n_in, n_out = w.shape
        return Hint("passed_untransposed", (
            f"The error comes from linear_from_numpy, which expects weights of shape "
            f"(n_neurons, n_inputs), one row per neuron; chapter 07's weights are (n_inputs, "
            f"n_neurons) = ({n_in}, {n_out}), one column per neuron. They must be transposed "
            "before being passed on: linear_from_numpy(weights.T, biases.reshape(-1)) builds "
            "the right layer."), "torch_layout")

    return hook


def _linear_exercise(grade: str, function: str, chapter07: bool) -> LinearExercise:
    hooks = [_linear_error_hint(chapter07)]
    exercise = LinearExercise(
        grade, function, "layer", probes=_linear_probes(chapter07), keeps_float64=False,
        detectors=LINEAR_DETECTORS, error_hints=hooks,
        texts={"no_return": "The function has no `return` (or it never reaches one). End it "
                            "with `return layer`, the nn.Linear you built."},
        chapter07=chapter07)
    if chapter07:
        exercise.error_hints = (_passed_on_untransposed(lambda: exercise.namespace),
                                *exercise.error_hints)
    return exercise


LINEAR_FROM_NUMPY = _linear_exercise("ex09_linear_from_numpy", "linear_from_numpy", False)
LINEAR_FROM_DENSE = _linear_exercise("ex09_linear_from_dense", "linear_from_dense", True)
_LINEAR = {"linear_from_numpy": LINEAR_FROM_NUMPY, "linear_from_dense": LINEAR_FROM_DENSE}


def check_linear(name: str, args: dict, *, weight, bias, chapter07: bool = False,
                 label: str | None = None, atol: float = 1e-6) -> None:
    """The student's `name(**args)` returns an nn.Linear holding `weight` and `bias`.

    weight     the weight the layer must hold, (out_features, in_features)
    bias       its bias, (out_features,)
    chapter07  the arguments are in chapter 07's layout (the hints speak of a transpose)
    """
    exercise = _LINEAR.get(name) or _linear_exercise(None, name, chapter07)
    exercise.check(args, expected_layer(weight, bias), label=label, namespace=notebook())


# --- exercise 3: two layers with ReLU in PyTorch, returning NumPy ----------------------

# Fixed probes, each isolating one part of the computation. Their expected outputs, and what
# a few wrong networks give on them, are written out as numbers (worked out once).
_W1 = [[0.5, -1.0, 0.25], [1.0, 0.5, -0.5], [-0.5, 0.75, 1.0], [0.25, 0.5, -1.0]]
_W2 = [[1.0, -0.5, 0.25, 2.0], [-1.0, 1.5, 0.5, -0.25]]
_ZEROS = [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]

#: name -> (inputs, weights1, biases1, weights2, biases2, expected, about)
_TWO_PROBES = {
    "zero": (_ZEROS, _W1, [0.5, -1.0, 2.0, -0.25], _W2, [0.1, -0.3], [[1.1, 0.2], [1.1, 0.2]],
             "all inputs 0: only the biases act, and ReLU keeps biases1's positive entries"),
    "zero_again": (_ZEROS, _W1, [-0.5, 1.0, -2.0, 0.75], _W2, [-0.2, 0.4],
                   [[0.8, 1.7125], [0.8, 1.7125]], "all inputs 0, other biases"),
    "no_bias": ([[1.0, 2.0, -1.0], [-2.0, 0.5, 1.0], [0.0, -1.0, 2.0]], _W1, [0.0] * 4, _W2,
                [0.0] * 2, [[3.25, 3.1875], [0.59375, 1.1875], [1.8125, -0.875]],
                "biases 0: only the products and ReLU act"),
    "one_hot": ([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]], _W1, [0.0] * 4, _W2,
                [0.0] * 2, [[0.5, 0.9375], [0.9375, 1.0], [0.5, 0.25]],
                "one input 1, the others 0, biases 0"),
    "full": ([[0.5, -1.5, 1.0], [2.0, 0.25, -0.5], [-1.0, 1.0, 0.5], [1.5, -0.5, -2.0]], _W1,
             [0.25, -0.5, 1.0, -0.75], _W2, [0.5, -1.0],
             [[2.90625, -2.9375], [1.1875, 0.84375], [1.1875, 0.375], [3.375, 0.28125]],
             "4 samples, fractions everywhere"),
    "full_again": ([[-0.5, 1.0, 2.0], [1.0, -1.0, 0.5], [0.25, 0.5, -1.5], [-2.0, 0.5, 1.0]],
                   _W1, [-0.25, 0.75, -1.0, 0.5], _W2, [-0.5, 0.25],
                   [[0.0, 1.25], [0.375, 0.375], [3.125, 2.671875], [-0.15625, 0.9375]],
                   "other inputs and biases, the same sizes"),
    "one_sample": ([[1.5, -0.5, 0.25]], _W1, [0.5, 0.25, -0.5, 1.0], _W2, [0.75, -0.25],
                   [[3.625, -0.21875]], "one sample"),
    "whole_inputs": ([[2.0, -1.0, 1.0], [-3.0, 0.0, 2.0], [1.0, 2.0, -2.0]], _W1,
                     [0.25, -0.5, 1.0, -0.75], _W2, [0.5, -1.0],
                     [[2.8125, -2.625], [1.625, 1.25], [4.25, 2.125]],
                     "whole-number inputs"),
    "fraction_inputs": ([[2.25, -1.5, 1.75], [-3.5, 0.25, 2.5], [1.75, 2.5, -2.25]], _W1,
                        [0.25, -0.5, 1.0, -0.75], _W2, [0.5, -1.0],
                        [[3.875, -3.875], [1.859375, 1.71875], [5.0625, 3.640625]],
                        "the inputs above with fractions added"),
    "one_hot_fractions": ([[1.5, 0.25, 0.75], [0.25, 1.5, 0.25], [0.75, 0.25, 1.5]], _W1,
                          [0.0] * 4, _W2, [0.0] * 2,
                          [[0.109375, 1.28125], [1.0, 1.796875], [0.765625, 0.34375]],
                          "one-hot inputs with fractions added, biases 0"),
    "other_sizes": ([[1.0, -0.5], [0.5, 2.0], [-1.5, 1.0]],
                    [[0.5, -1.0], [1.0, 0.25], [-0.75, 0.5], [0.25, 1.5], [-1.0, -0.5]],
                    [0.5, -0.25, 0.75, -1.0, 0.25],
                    [[1.0, -0.5, 0.25, 0.5, -1.0], [0.5, 1.0, -1.0, 0.25, 0.75],
                     [-0.25, 0.5, 1.0, -1.5, 0.5]], [0.25, -0.5, 1.0],
                    [[1.4375, 0.875, 0.9375], [1.28125, -0.59375, -0.4375],
                     [-0.34375, -1.90625, 3.8125]], "2 inputs, 5 hidden neurons, 3 outputs"),
}
#: what a wrong network gives on each probe where it differs from the right one
_TWO_WRONG = {
    "hidden_clamped_to_one": {
        "zero": [[0.85, -0.3], [0.85, -0.3]],
        "no_bias": [[1.5, 1.25], [0.25, 0.5], [1.25, -0.5]],
        "full": [[1.65625, -1.6875], [1.625, -0.46875], [0.75, -0.5], [3.0, -0.75]],
        "full_again": [[-0.25, 0.75], [0.0, 0.75], [1.0, 1.5], [-0.25, 0.75]],
        "one_sample": [[3.0, 0.03125]],
        "whole_inputs": [[1.3125, -1.125], [0.75, -0.5], [2.0, 0.25]],
        "fraction_inputs": [[1.5625, -1.5625], [0.75, -0.5], [2.0, 0.25]],
        "one_hot_fractions": [[0.234375, 0.90625], [0.9375, 1.671875], [0.6875, 0.1875]],
        "other_sizes": [[0.9375, 0.625, 1.0625], [0.625, -0.5, 0.875], [-0.4375, -0.71875, 2.3125]],
    },
    "relu_on_inputs": {
        "zero": [[1.1, -1.2375], [1.1, -1.2375]],
        "zero_again": [[-0.2, 1.2125], [-0.2, 1.2125]],
        "no_bias": [[0.25, 4.6875], [-1.28125, 0.75], [-2.5, -0.5]],
        "one_hot": [[0.375, 0.6875], [-0.0625, 2.0], [-1.25, -0.25]],
        "full": [[-1.3125, -1.21875], [0.484375, 0.5625], [-0.9375, 0.5625], [0.3125, -0.28125]],
        "full_again": [[-2.9375, 2.5], [-0.625, 1.5625], [-0.3125, 2.171875], [-1.65625, 1.75]],
        "one_sample": [[3.25, 0.09375]],
        "whole_inputs": [[-0.75, -0.1875], [-2.75, -1.8125], [0.0, 3.375]],
        "fraction_inputs": [[-1.59375, -0.203125], [-3.390625, -1.4375], [0.25, 4.890625]],
        "one_hot_fractions": [[-0.390625, 1.34375], [-0.3125, 3.109375], [-1.609375, 0.640625]],
        "other_sizes": [[1.25, 0.0, 1.875], [1.28125, -2.15625, -0.75], [0.5625, -2.0625, 1.5]],
    },
    "relu_missing": {
        "zero": [[1.1, -1.2375], [1.1, -1.2375]],
        "zero_again": [[-0.2, 1.2125], [-0.2, 1.2125]],
        "no_bias": [[1.5, 4.9375], [-2.03125, -0.625], [-2.4375, -2.5]],
        "one_hot": [[0.375, 0.6875], [-0.0625, 2.0], [-1.25, -0.25]],
        "full": [[-1.21875, -4.21875], [1.109375, 0.6875], [-1.3125, -0.125], [2.84375, -0.78125]],
        "full_again": [
            [-3.125, 2.15625],
            [-0.5625, -0.4375],
            [1.5625, 2.546875],
            [-2.40625, 0.375],
        ],
        "one_sample": [[3.28125, -0.90625]],
        "other_sizes": [
            [1.125, 0.375, 2.6875],
            [1.28125, -2.15625, -0.75],
            [-0.84375, -4.03125, 3.375],
        ],
    },
    "relu_before_bias": {
        "zero": [[1.1, -1.2375], [1.1, -1.2375]],
        "zero_again": [[-0.2, 1.2125], [-0.2, 1.2125]],
        "full": [[1.75, -3.3125], [1.4375, 1.34375], [0.1875, -0.4375], [3.625, 0.78125]],
        "full_again": [[0.375, 2.5], [1.125, -0.25], [2.625, 2.421875], [0.21875, 2.1875]],
        "one_sample": [[3.75, -0.5]],
        "other_sizes": [
            [0.875, 0.0625, 3.3125],
            [1.53125, -0.15625, -0.4375],
            [0.28125, -1.90625, 3.5625],
        ],
    },
    "sigmoid_hidden": {
        "zero": [[1.683835, -0.188105], [1.683835, -0.188105]],
        "zero_again": [[1.20017, 1.008854], [1.20017, 1.008854]],
        "no_bias": [[1.620277, 1.262003], [0.849151, 0.322099], [1.072403, -0.174251]],
        "one_hot": [[1.475668, 0.522355], [1.372425, 0.848722], [1.094054, 0.302428]],
        "full": [
            [1.626337, -1.266198],
            [2.063227, -0.342146],
            [1.406596, -0.508313],
            [2.428128, -0.599331],
        ],
        "full_again": [
            [0.260399, 1.016921],
            [0.845316, 0.512969],
            [1.172194, 1.122452],
            [0.432402, 0.660101],
        ],
        "one_sample": [[2.672594, 0.012077]],
        "other_sizes": [
            [0.565025, 0.45108, 1.474239],
            [0.556612, -0.117306, 0.853487],
            [0.098517, -0.405348, 1.542275],
        ],
    },
    "tanh_hidden": {
        "zero": [[0.694084, -1.361265], [0.694084, -1.361265]],
        "zero_again": [[-0.013623, 1.363707], [-0.013623, 1.363707]],
        "no_bias": [[0.52137, 2.17679], [-1.810127, 0.084738], [-0.403435, -1.592075]],
        "one_hot": [[0.455628, 0.387986], [0.090369, 1.656815], [-0.856813, -0.366899]],
        "full": [
            [0.075128, -2.72744],
            [1.36792, -0.513782],
            [-1.160383, -0.776796],
            [2.307592, -1.055424],
        ],
        "full_again": [
            [-2.51673, 1.328555],
            [-0.726152, 0.103106],
            [-0.026948, 1.723477],
            [-2.002915, 0.396126],
        ],
        "one_sample": [[2.446026, -0.494235]],
        "other_sizes": [
            [0.826162, 0.179218, 1.932758],
            [0.638319, -1.562064, 0.527521],
            [-0.686105, -2.144834, 1.979954],
        ],
    },
    "first_biases_missing": {
        "zero": [[0.1, -0.3], [0.1, -0.3]],
        "zero_again": [[-0.2, 0.4], [-0.2, 0.4]],
        "full": [[2.5, -3.0], [2.1875, 1.65625], [0.9375, -0.125], [4.375, 1.09375]],
        "full_again": [[0.25, 1.75], [1.0, -1.0], [2.5, 1.671875], [0.09375, 1.4375]],
        "one_sample": [[1.5, 0.125]],
        "other_sizes": [
            [0.8125, 0.875, 1.1875],
            [1.46875, 0.65625, -2.5625],
            [0.21875, -1.09375, 1.4375],
        ],
    },
    "relu_on_output_only": {
        "zero": [[1.1, 0.0], [1.1, 0.0]],
        "zero_again": [[0.0, 1.2125], [0.0, 1.2125]],
        "no_bias": [[1.5, 4.9375], [0.0, 0.0], [0.0, 0.0]],
        "one_hot": [[0.375, 0.6875], [0.0, 2.0], [0.0, 0.0]],
        "full": [[0.0, 0.0], [1.109375, 0.6875], [0.0, 0.0], [2.84375, 0.0]],
        "full_again": [[0.0, 2.15625], [0.0, 0.0], [1.5625, 2.546875], [0.0, 0.375]],
        "one_sample": [[3.28125, 0.0]],
        "other_sizes": [[1.125, 0.375, 2.6875], [1.28125, 0.0, 0.0], [0.0, 0.0, 3.375]],
    },
    "abs_hidden": {
        "zero": [[1.1, 1.6375], [1.1, 1.6375]],
        "zero_again": [[1.8, 2.2125], [1.8, 2.2125]],
        "no_bias": [[5.0, 1.4375], [3.21875, 3.0], [6.0625, 0.75]],
        "one_hot": [[0.625, 1.1875], [1.9375, 0.0], [2.25, 0.75]],
        "full": [[7.03125, -1.65625], [1.265625, 1.0], [3.6875, 0.875], [3.90625, 1.34375]],
        "full_again": [[3.125, 0.34375], [1.3125, 1.1875], [4.6875, 2.796875], [2.09375, 1.5]],
        "one_sample": [[3.96875, 0.46875]],
        "other_sizes": [
            [1.75, 1.375, -0.8125],
            [1.28125, 0.96875, -0.125],
            [0.15625, 0.21875, 4.25],
        ],
    },
    "relu_reversed": {
        "zero": [[0.1, -1.7375], [0.1, -1.7375]],
        "zero_again": [[-1.2, -0.1], [-1.2, -0.1]],
        "no_bias": [[-1.75, 1.75], [-2.625, -1.8125], [-4.25, -1.625]],
        "one_hot": [[-0.125, -0.25], [-1.0, 1.0], [-1.75, -0.5]],
        "full": [[-3.625, -2.28125], [0.421875, -1.15625], [-2.0, -1.5], [-0.03125, -2.0625]],
        "full_again": [[-3.625, 1.15625], [-1.4375, -0.5625], [-2.0625, 0.125], [-2.75, -0.3125]],
        "one_sample": [[0.40625, -0.9375]],
        "whole_inputs": [[-3.0, -0.5625], [-5.0, -6.125], [-1.25, 0.75]],
        "fraction_inputs": [[-4.875, -0.328125], [-6.0625, -6.5625], [-1.5, 0.8125]],
        "one_hot_fractions": [[-0.5, 0.0625], [-1.3125, 1.3125], [-2.375, 0.296875]],
        "other_sizes": [[-0.0625, -1.0, 2.75], [0.25, -2.0625, 0.6875], [-0.25, -2.625, 0.5625]],
    },
    "hidden_first_bias": {
        "zero": [[1.475, 0.075], [1.475, 0.075]],
        "zero_again": [[-0.2, 0.4], [-0.2, 0.4]],
        "full": [[2.75, -3.25], [2.8125, 1.71875], [1.0, 0.0], [5.0, 1.15625]],
        "full_again": [[0.1875, 1.625], [0.875, -1.125], [2.125, 1.359375], [0.03125, 1.3125]],
        "one_sample": [[2.5, 0.28125]],
        "other_sizes": [
            [1.0625, 1.625, 1.3125],
            [1.59375, 0.78125, -2.5625],
            [0.09375, -1.09375, 1.4375],
        ],
    },
}


def _two_probes() -> tuple[Probe, ...]:
    names = ("inputs", "weights1", "biases1", "weights2", "biases2")
    found = []
    for name, (*values, expected, about) in _TWO_PROBES.items():
        args = dict(zip(names, (np.array(v, dtype=float) for v in values), strict=True))
        found.append(Probe(name, args, np.array(expected, dtype=float), about))
    return tuple(found)


def _written(key: str):
    """A model reading what this wrong network gives on each probe (written out above)."""
    table = _TWO_WRONG[key]

    def predict(ev, trial):
        value = table.get(trial.name)
        return None if value is None else np.array(value, dtype=float)

    return predict


def _from_expected(turn):
    def predict(ev, trial):
        exp = ev.expected(trial)
        return None if exp is None else turn(exp, trial.args)

    return predict


def _relu_on_output(exp, args):
    return np.maximum(exp, 0.0) if np.any(exp < -1e-3) else None


def _second_biases_missing(exp, args):
    b2 = np.asarray(args["biases2"], dtype=float)
    return exp - b2 if np.any(b2) else None


#: probe -> the probe whose inputs are its inputs cut to whole numbers (toward 0)
_TRUNCATED_TWIN = {"fraction_inputs": "whole_inputs", "one_hot_fractions": "one_hot"}


def _inputs_truncated(ev, trial):
    twin = _TRUNCATED_TWIN.get(trial.name)
    return None if twin is None else np.array(_TWO_PROBES[twin][5], dtype=float)


TWO_LAYER_MODELS = (
    Model("inputs_truncated", _inputs_truncated, "With fractions added to the inputs your "
          "network gives the same answer as for the whole numbers alone (the probes above): "
          "the inputs are cut to whole numbers (astype(int), .int(), .long() or "
          "dtype=torch.int64) before the first layer. Make the input tensor float32: "
          "torch.tensor(inputs, dtype=torch.float32).", "float32"),
    Model("relu_missing", _written("relu_missing"), "Negative values of the first layer reach "
          "the second one: with all inputs 0 your network passes biases1's negative entries "
          "on. The ReLU between the layers is missing: hidden = torch.relu(x @ weights1.T + "
          "biases1), then hidden @ weights2.T + biases2.", "torch_activation"),
    Model("relu_before_bias", _written("relu_before_bias"), "Your network is right when all "
          "the biases are 0, but biases1's negative entries reach the second layer: ReLU was "
          "applied before the first layer's biases were added. Add biases1 first, then ReLU: "
          "relu(x @ W1.T + b1).", "torch_activation"),
    Model("relu_on_output", _from_expected(_relu_on_output), "Your result has 0 wherever the "
          "expected one is negative: ReLU was applied to the output too. Only the hidden "
          "layer gets ReLU; the second layer's output is returned as it is.",
          "torch_activation"),
    Model("relu_on_output_only", _written("relu_on_output_only"), "Your result is the network "
          "without the hidden ReLU, with ReLU applied to the output instead: ReLU belongs "
          "between the layers, on the hidden layer's output, and the second layer's output is "
          "returned as it is.", "torch_activation"),
    Model("hidden_clamped", _written("hidden_clamped_to_one"), "Your hidden values stop at 1: "
          "the hidden layer is clamped to [0, 1] (torch.clamp(h, 0, 1), hardtanh), but ReLU "
          "has no upper limit: it keeps every positive value as it is, torch.relu(h).",
          "torch_activation"),
    Model("relu_on_inputs", _written("relu_on_inputs"), "ReLU went onto the inputs instead "
          "of the hidden layer: your network zeroes the negative inputs, then passes the "
          "first layer's output on unchanged. ReLU belongs after the first layer: hidden = "
          "torch.relu(x @ weights1.T + biases1).", "torch_activation"),
    Model("sigmoid_hidden", _written("sigmoid_hidden"), "Your hidden layer uses sigmoid, but "
          "this exercise asks for ReLU between the layers: torch.relu.", "torch_activation"),
    Model("tanh_hidden", _written("tanh_hidden"), "Your hidden layer uses tanh, but this "
          "exercise asks for ReLU between the layers: torch.relu.", "torch_activation"),
    Model("abs_hidden", _written("abs_hidden"), "Your hidden layer keeps negative values as "
          "positive ones: with all inputs 0, biases1's negative entries reach the second layer "
          "with their sign turned. That is the absolute value, not ReLU: ReLU sets negative "
          "values to 0, torch.relu (or torch.clamp(z, min=0)).", "torch_activation"),
    Model("relu_reversed", _written("relu_reversed"), "Your hidden layer keeps the negative "
          "values and sets the positive ones to 0: the ReLU is turned the wrong way round "
          "(torch.clamp(z, max=0), or torch.minimum(z, 0), is min(0, z)). ReLU keeps what is "
          "above 0: torch.relu(z), or torch.clamp(z, min=0).", "torch_activation"),
    Model("hidden_first_bias", _written("hidden_first_bias"), "Every hidden neuron gets the "
          "first of biases1: your network matches one whose first layer adds biases1[0] to "
          "every neuron. Each neuron has its own bias: add the whole vector, x @ weights1.T + "
          "biases1.", "bias"),
    Model("first_biases_missing", _written("first_biases_missing"), "Your network is right "
          "when all the biases are 0, but with all inputs 0 it returns biases2 alone: the first "
          "layer's biases are missing. Each layer adds its own biases: relu(x @ weights1.T + "
          "biases1).", "bias"),
    Model("second_biases_missing", _from_expected(_second_biases_missing), "Your result lacks "
          "biases2: adding them gives the expected values, so the second layer's biases are "
          "missing. Add them after the second product.", "bias"),
    Model("transposed", _from_expected(lambda e, a: e.T if e.shape[0] != e.shape[1] else None),
          "Your result is the transpose of the expected one: rows must be samples and columns "
          "the second layer's neurons. Keep the batch first in every product, x @ W.T, as "
          "nn.Linear does.", "linear"),
    Model("first_sample_repeated", _from_expected(
        lambda e, a: np.repeat(e[:1], len(e), axis=0) if len(e) >= 2
        and not np.allclose(e, e[:1]) else None),
          "Every row of your result is the first sample's output: the network ran on "
          "inputs[0] only (or a loop kept the first result). Compute every sample, x @ W.T "
          "on the whole batch.", "linear"),
    Model("last_sample_skipped", _from_expected(lambda e, a: e[:-1] if len(e) >= 2 else None),
          "The last sample is missing: your result has one row fewer than the batch. The loop "
          "over the samples stops one step early (range(len(inputs) - 1)?): go through every "
          "sample, or compute the whole batch at once.", "linear"),
)


def _max_over_samples(ev, trial):
    """torch.max(hidden, 0) taken for ReLU: the largest hidden value of each neuron over the
    whole batch, one row, sent through the second layer."""
    a = {k: np.asarray(v, dtype=float) for k, v in trial.args.items()}
    if a["inputs"].shape[0] < 2:
        return None
    hidden = (a["inputs"] @ a["weights1"].T + a["biases1"]).max(axis=0)
    return hidden @ a["weights2"].T + a["biases2"]


MAX_REDUCTION = Model("max_reduction", _max_over_samples, (
    "Your result is one row for the whole batch: torch.max(hidden, 0) is a reduction, it "
    "takes the largest value down each column (over the samples) and returns (values, "
    "indices). ReLU compares every value with 0 on its own: torch.relu(hidden), or "
    "torch.clamp(hidden, min=0)."), "torch_activation")


def _leaky_hidden(ev: Evidence) -> Hint | None:
    """A leaky ReLU between the layers: the output differs from the expected one by the same
    small fraction a of the negative hidden values sent through the second layer,
    a · min(z1, 0) · W2ᵀ, on two trials or more (z1 = x · W1ᵀ + b1 from the trial's inputs)."""
    slopes, hits = [], []
    for t in ev.trials():
        got, exp = ev.got(t), ev.expected(t)
        if got is None or exp is None or got.shape != exp.shape:
            continue
        a = {k: np.asarray(v, dtype=float) for k, v in t.args.items()}
        z1 = a["inputs"] @ a["weights1"].T + a["biases1"]
        leak = np.minimum(z1, 0.0) @ a["weights2"].T
        diff = got - exp
        if np.max(np.abs(leak)) < 1e-3:
            if not ev.close(got, exp):
                return None
            continue
        slope = float(np.sum(diff * leak) / np.sum(leak * leak))
        if not ev.close(got, exp + slope * leak):
            return None
        slopes.append(slope)
        hits.append(t)
    if len(hits) < 2 or not np.allclose(slopes, slopes[0], rtol=1e-3, atol=1e-6):
        return None
    slope = slopes[0]
    if not 1e-4 < slope < 1:
        return None
    return Hint("leaky", (
        f"The negative hidden values are not turned into 0: each one reaches the second layer "
        f"multiplied by {slope:.3g} (a 'leaky' ReLU, like nn.LeakyReLU or F.leaky_relu). ReLU "
        "gives exactly 0 for every negative value: torch.relu(x @ weights1.T + biases1)."),
        "torch_activation", _shown(hits))


def _hidden_returned(ev: Evidence) -> Hint | None:
    """One column per hidden neuron, on every trial where that differs from the output."""
    seen = []
    for t in ev.trials():
        got, exp = ev.got(t), ev.expected(t)
        if got is None or exp is None or got.ndim != 2:
            continue
        n_hidden = np.shape(t.args["weights1"])[0]
        if n_hidden == exp.shape[1]:
            continue
        if got.shape != (exp.shape[0], n_hidden):
            return None
        seen.append(t)
    if len(seen) < 2:
        return None
    return Hint("hidden_returned", "Your result has one column per neuron of the FIRST layer: "
                "that is the hidden layer's output. Send it through the second layer as well: "
                "hidden @ weights2.T + biases2.", "torch_activation", _shown(seen))


def _two_layer_error_hint(exc: BaseException, args: dict) -> Hint | None:
    if not isinstance(exc, (RuntimeError, TypeError)):
        return None
    text = str(exc)
    common = _common_error_hint(text)
    if common:
        return common
    found = _MATMUL.search(text)
    if not found:
        return None
    a, b, c, d = (int(n) for n in found.groups())
    shapes = {name: np.shape(args.get(name)) for name in ("inputs", "weights1", "weights2")}
    turned2 = shapes["weights2"][::-1]
    if b == d and (c, d) == shapes["weights1"] == turned2:
        line = failing_line(exc)
        if "weights1" in line and "weights2" not in line:
            return Hint("no_transpose", (
                f"A product ({a}, {b}) @ ({c}, {d}) needs the inner sizes to agree. `weights1` "
                "is stored one row per neuron, (n_neurons, n_inputs), as in nn.Linear, so the "
                "batch meets its transpose: x @ weights1.T."), "torch_matmul")
        if "weights2" in line and "weights1" not in line and a == shapes["inputs"][0] \
                and b == shapes["inputs"][-1]:
            return Hint("weights_swapped", (
                f"The first product, ({a}, {b}) @ ({c}, {d}), uses weights2: the layers' "
                "weights are swapped. The first layer is x @ weights1.T + biases1, the second "
                "hidden @ weights2.T + biases2."), "torch_matmul")
        return Hint("matmul_shapes", (
            f"A product ({a}, {b}) @ ({c}, {d}) needs the inner sizes to agree. Both "
            f"`weights1` and weights2.T have shape ({c}, {d}), so check which weights each "
            "product uses and their orientation: the first layer is x @ weights1.T, the "
            "second hidden @ weights2.T."), "torch_matmul", named=False)
    if b == d and (c, d) == shapes["weights2"] == shapes["weights1"][::-1] \
            and "weights2" not in failing_line(exc):
        return Hint("second_layer_shapes", (
            f"A product ({a}, {b}) @ ({c}, {d}) needs the inner sizes to agree. ({c}, {d}) is "
            "the shape of `weights2` and also of weights1 turned (weights1.T, what an "
            "nn.Linear made from weights1 multiplies by): either weights2 is used without its "
            "transpose, or the second layer was made from weights1 again. The second layer "
            "is hidden @ weights2.T + biases2, from weights2 and biases2 only."),
            "torch_matmul", named=False)
    if b == d and (c, d) in (shapes["weights1"], shapes["weights2"]):
        which = "weights1" if (c, d) == shapes["weights1"] else "weights2"
        x = "x" if which == "weights1" else "hidden"
        return Hint("no_transpose", (
            f"A product ({a}, {b}) @ ({c}, {d}) needs the inner sizes to agree. `{which}` is "
            "stored one row per neuron, (n_neurons, n_inputs), as in nn.Linear, so the batch "
            f"meets its transpose: {x} @ {which}.T."), "torch_matmul")
    return Hint("matmul_shapes", (
        f"A product ({a}, {b}) @ ({c}, {d}) needs the inner sizes to agree: check the order of "
        "the operands. Each layer is x @ W.T + b with the batch first, and the second layer "
        "takes the first layer's output."), "torch_matmul", named=False)


def _float32_result(exercise, trial) -> Hint | None:
    got = trial.got
    if isinstance(got, np.ndarray) and got.dtype.kind == "f" and got.dtype != np.float32:
        return Hint("float64_result", f"The result is {got.dtype}; the exercise asks for "
                    "float32, what nn.Linear computes in. A float64 comes in on one of these "
                    "ways: torch.from_numpy of a NumPy array (it keeps float64), "
                    "dtype=torch.float64 or .double(), or a cast of the result (.astype("
                    "np.float64), np.array(..., dtype=float)): make the tensors float32 "
                    "(torch.tensor(a, dtype=torch.float32) or .float()) and return "
                    "result.numpy() as it comes.", "float32")
    return None


class TwoLayerExercise(Exercise):
    """A NumPy array is asked: a torch tensor coming back is named before anything else."""

    def _compare(self, main: Trial) -> Verdict | None:
        got = main.got
        if type_name(got) in _TENSOR_TYPES and hasattr(got, "detach"):
            shape = _numpy(got).shape
            if bool(got.requires_grad):
                advice = ("This tensor still records gradients: convert it at the end with "
                          ".detach().numpy(), or compute inside `with torch.no_grad():`.")
            else:
                advice = "Convert the result at the end: use .numpy()."
            return Verdict(f"returned a torch tensor of shape {shape} where a NumPy array is "
                           "asked.", "returned_tensor", advice, "to_numpy", final=True)
        return super()._compare(main)


TORCH_TWO_LAYER = TwoLayerExercise(
    "ex09_torch_two_layer", "torch_two_layer", "array", atol=1e-5, probes=_two_probes(),
    detectors=(models(*TWO_LAYER_MODELS, MAX_REDUCTION), _hidden_returned, _leaky_hidden),
    error_hints=(_two_layer_error_hint,), promises=(_float32_result,), keeps_float64=False,
    library=("torch", "nn", "F"),
    advice={"library_unused": "Turn the arrays into tensors (torch.tensor(a, "
                              "dtype=torch.float32)), compute with @ or nn.Linear, and "
                              "return the result with .numpy()."},
    texts={"list_not_array": "Return a NumPy array, not a Python list: keep computing with "
                             "tensors, and turn the final tensor into an array with "
                             ".numpy() (inside torch.no_grad(), or after .detach()); "
                             ".tolist() makes a list."},
    sections={"list_not_array": "to_numpy"})


def check_two_layer(args: dict, expected, *, name: str = "torch_two_layer",
                    label: str | None = None, atol: float = 1e-5) -> None:
    """name(inputs, weights1, biases1, weights2, biases2) returns the expected float32 array."""
    TORCH_TWO_LAYER.check(args, np.asarray(expected, dtype=float), label=label,
                          namespace=notebook())


__all__ = ["LINEAR_FROM_DENSE", "LINEAR_FROM_NUMPY", "TORCH_TWO_LAYER", "check_linear",
           "check_two_layer", "read_linear"]
