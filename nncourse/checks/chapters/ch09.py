"""Chapter 09 · The same layer in PyTorch: checks for an nn.Linear built from NumPy arrays
(in chapter 06's layout and in chapter 07's) and for a two-layer forward pass in PyTorch.

Like every checks module, this ships to students, so it never computes a right answer.

Every check works in two steps, so that it can later run across a process boundary:

1. call the student's function with NumPy arrays and turn what comes back into plain data:
   `read_linear` reads a returned layer as a dict of numbers, strings and NumPy arrays
   (`.detach().numpy()` of weight and bias, their dtypes and shapes, in/out features); a
   two-layer forward returns a NumPy array already;
2. compare that plain data with the expected values the test cell gives, and name the
   mistake from it: the readout itself (a weight that is the transpose of the expected one,
   a bias that is None), a second call with the same arguments (a bias that changes from
   call to call still holds nn.Linear's random starting values), PyTorch's own error
   messages read with the arguments' shapes, and, for the two-layer pass, small probes with
   fixed inputs whose expected outputs are written below as numbers.

Test cells call `check_linear(...)` (Exercises 1 and 2) and `check_two_layer(...)`
(Exercise 3).
"""

from __future__ import annotations

import copy
import re

import numpy as np

from ..core import CheckFailed, answer, call_student, check_function
from ..describe import describe, describe_argument, fmt_array, fmt_number
from ..diagnose import Case
from ..failure import Hint
from ..render import tick
from ..sections import reread
from ..student import type_name
from . import notebook

#: the answer cell of each function the checks call (decides what a hint may cite)
EXERCISE_OF = {"linear_from_numpy": "ex09_linear_from_numpy",
               "linear_from_dense": "ex09_linear_from_dense",
               "torch_two_layer": "ex09_torch_two_layer"}

NO_GRAD = reread("no_grad")
LINEAR = reread("linear")
LAYOUT = reread("torch_layout")
FLOAT32 = reread("float32")
TO_NUMPY = reread("to_numpy")
TENSORS = reread("tensors")
ACTIVATION = reread("torch_activation")


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


def _common_error_hint(text: str) -> str | None:
    """Hints for PyTorch errors every exercise of this chapter can raise."""
    if "leaf Variable that requires grad is being used in an in-place operation" in text:
        return (
            "the layer's weight and bias are parameters that PyTorch records for gradients, "
            "and it refuses to overwrite them in place. Do the copies inside a "
            f"`with torch.no_grad():` block ({NO_GRAD})."
        )
    if any(marker in text for marker in _DTYPES):
        return (
            "this product mixes float64 and float32. torch.from_numpy keeps NumPy's float64, "
            "while nn.Linear and torch.tensor(..., dtype=torch.float32) are float32, and "
            "PyTorch multiplies only tensors of one dtype: make every tensor float32, with "
            f"dtype=torch.float32 or .float() ({FLOAT32})."
        )
    if "Can't call numpy() on Tensor that requires grad" in text:
        return (
            "this tensor was computed from the layer's parameters, so it still records "
            "gradients. Use .detach().numpy(), or compute it inside "
            f"`with torch.no_grad():` ({TO_NUMPY})."
        )
    if "must be Tensor, not numpy.ndarray" in text:
        return (
            "PyTorch's layers and functions take tensors, not NumPy arrays: convert first, "
            f"e.g. torch.tensor(inputs, dtype=torch.float32) ({TENSORS})."
        )
    if "expected np.ndarray (got Tensor)" in text:
        return f"torch.from_numpy takes a NumPy array, and this is a tensor already ({TENSORS})."
    return None


def _linear_error_hint(text: str, n_in: int, n_out: int, chapter07: bool) -> str | None:
    """A copy into nn.Linear failed: read which sizes met, knowing the layer that is asked."""
    common = _common_error_hint(text)
    if common:
        return common
    given = "weights.T" if chapter07 else "weights"
    found = _BROADCAST.search(text)
    if found and _sizes(found.group(2))[:1] == (1,):
        n = _sizes(found.group(1))
        return (
            f"the biases are a row of shape (1, {n[0] if n else n_out}), chapter 07's layout, "
            f"but nn.Linear's bias is a vector of shape ({n[0] if n else n_out},). Copy "
            f"biases.reshape(-1) (or biases[0]) ({LAYOUT})."
        )
    pairs = []
    found = _SIZE.search(text)
    if found:
        pairs.append((int(found.group(1)), int(found.group(2)), int(found.group(3)) == 0))
    for name, source, target in _STATE.findall(text):
        if name == "weight" and len(_sizes(source)) == 2 and len(_sizes(target)) == 2:
            pairs.append((_sizes(target)[1], _sizes(source)[1], False))
    for layer_size, array_size, along_rows in pairs:
        if along_rows and layer_size == n_in and array_size == n_out:
            break  # a bias copy into a layer made with swapped sizes: the case below
        if not along_rows and layer_size == n_in and array_size == n_out:
            if chapter07:
                return (
                    f"chapter 07 stores its weights as (n_inputs, n_neurons) = ({n_in}, "
                    f"{n_out}), one column per neuron, but nn.Linear's weight is (out_features, "
                    f"in_features) = ({n_out}, {n_in}), one row per neuron. Copy the transpose, "
                    f"weights.T ({LAYOUT})."
                )
            return (
                f"you copied an array of shape ({n_in}, {n_out}) into the weight, which is "
                f"({n_out}, {n_in}). `weights` is already one row per neuron, the layout "
                f"nn.Linear uses: copy it as it is, without .T ({LINEAR})."
            )
        if not along_rows and layer_size != n_in and array_size in (n_in, n_out) \
                and layer_size not in (n_in, n_out):
            return (
                f"the layer has {layer_size} places per row where the weights have "
                f"{array_size}: its sizes do not come from the arguments. Take them from "
                f"weights.shape, e.g. `n_neurons, n_inputs = {given}.shape` ({LINEAR})."
            )
    if pairs and any(size in (n_in, n_out) for pair in pairs for size in pair[:2]):
        return (
            f"the layer was made with its sizes the wrong way round. nn.Linear(in_features, "
            f"out_features) takes the number of inputs first: here nn.Linear({n_in}, {n_out}) "
            f"for {n_in} inputs and {n_out} neurons ({LINEAR})."
        )
    return None


def _with_hint(hint_for):
    """An error hook (see Exercise.error_hints): our hint for PyTorch's message."""

    def explain(exc, _args):
        if not isinstance(exc, (RuntimeError, TypeError)):
            return None
        hint = hint_for(str(exc))
        return None if hint is None else Hint("torch_error", hint[0].upper() + hint[1:])

    return explain


# --- exercises 1 and 2: an nn.Linear holding given numbers -----------------------------


def _close(a, b, atol: float) -> bool:
    return (a is not None and b is not None and np.shape(a) == np.shape(b)
            and bool(np.allclose(a, b, atol=atol, rtol=0)))


def _differs_between_calls(first: dict, second: dict | None, key: str, atol: float) -> bool:
    """The same call gave other numbers the second time: random starting values."""
    if second is None or second.get("kind") != "linear":
        return False
    a, b = first.get(key), second.get(key)
    return a is not None and b is not None and np.shape(a) == np.shape(b) \
        and not np.allclose(a, b, atol=atol, rtol=0)


def _layer_problem(info: dict, again, weight: np.ndarray, bias: np.ndarray, given: np.ndarray,
                   chapter07: bool, atol: float) -> str | None:
    """What is wrong with the returned layer, or None. `again()` reads a second call."""
    n_out, n_in = weight.shape
    kind = info["kind"]
    if kind == "none":
        return ("returned None: the function has no `return`. End it with `return layer`, "
                f"the nn.Linear you built ({reread('return')}).")
    if kind == "tensor":
        holds = ""
        if info.get("values") is not None and (_close(info["values"], weight, atol)
                                               or _close(info["values"], given, atol)):
            holds = " It holds the weights: that is the layer's weight, not the layer."
        return (f"returned a tensor of shape {info['shape']} ({info['dtype']}), not a layer."
                f"{holds} Return the nn.Linear object itself, `return layer` ({LINEAR}).")
    if kind != "linear":
        return (f"returned {info['describe']}, not a torch.nn.Linear. Build the layer with "
                f"nn.Linear(n_inputs, n_neurons), put the numbers in, and return only the "
                f"layer ({LINEAR}).")
    size_in, size_out = info["in_features"], info["out_features"]
    if (size_in, size_out) != (n_in, n_out):
        if (size_in, size_out) == (n_out, n_in):
            return (
                f"the layer has in_features={size_in} and out_features={size_out}: it was "
                f"made as nn.Linear({n_out}, {n_in}). nn.Linear(in_features, out_features) "
                f"takes the number of inputs first: nn.Linear({n_in}, {n_out}) for {n_in} "
                f"inputs and {n_out} neurons ({LINEAR})."
            )
        return (
            f"the layer has in_features={size_in} and out_features={size_out}, but the "
            f"weights describe {n_in} inputs and {n_out} neurons. Take the sizes from the "
            f"arrays' shapes ({LINEAR})."
        )
    if info["bias"] is None:
        return (
            "the layer has no bias (layer.bias is None): nn.Linear(..., bias=False) leaves "
            "it out. Keep the default (bias=True) and copy the biases into layer.bias "
            f"({LINEAR})."
        )
    got_w = info["weight"]
    if info["weight_shape"] != weight.shape:
        if info["weight_shape"] == weight.T.shape and _close(got_w, weight.T, atol):
            return _transposed_weight(chapter07, n_in, n_out, shapes=True)
        return (
            f"layer.weight has shape {info['weight_shape']}, but nn.Linear({n_in}, {n_out}) "
            f"keeps it as (out_features, in_features) = {weight.shape}, one row per neuron "
            f"({LINEAR})."
        )
    if not _close(got_w, weight, atol):
        square = weight.shape[0] == weight.shape[1]
        if square and not np.allclose(weight, weight.T) and _close(got_w, weight.T, atol):
            return _transposed_weight(chapter07, n_in, n_out, shapes=False)
        refilled = given.reshape(weight.shape)
        if not np.allclose(refilled, weight) and _close(got_w, refilled, atol):
            return (
                "layer.weight holds the right numbers in the wrong places: "
                f"weights.reshape{weight.shape} refills them row after row instead of "
                f"turning the table. Use the transpose, weights.T ({LAYOUT})."
            )
        if _differs_between_calls(info, again(), "weight", atol):
            return (
                "layer.weight changes from one call to the next: it still holds nn.Linear's "
                f"random starting values. Copy `weights` into it ({NO_GRAD})."
            )
        return _neutral("layer.weight", got_w, weight, atol)
    if info["weight_dtype"] != "float32":
        return _wrong_dtype("layer.weight", info["weight_dtype"])
    got_b, want_b = info["bias"], bias.reshape(-1)
    if info["bias_shape"] != want_b.shape:
        if _close(got_b.reshape(-1), want_b, atol):
            return (
                f"layer.bias has shape {info['bias_shape']}, but nn.Linear's bias is a vector "
                f"of shape ({n_out},). Chapter 07's biases are a row (1, n_neurons): use "
                f"biases.reshape(-1) (or biases[0]) ({LAYOUT})."
            )
        return (f"layer.bias has shape {info['bias_shape']}; nn.Linear's bias has shape "
                f"({n_out},), one value per neuron ({LINEAR}).")
    if not _close(got_b, want_b, atol):
        if np.any(want_b) and not np.any(got_b):
            return ("layer.bias is all zero, but the biases are "
                    f"{fmt_array(want_b)}: copy `biases` into layer.bias ({NO_GRAD}).")
        if _differs_between_calls(info, again(), "bias", atol):
            return (
                "the weights are right, but layer.bias changes from one call to the next: it "
                "still holds nn.Linear's random starting values. Copy `biases` into "
                f"layer.bias too ({NO_GRAD})."
            )
        return _neutral("layer.bias", got_b, want_b, atol)
    if info["bias_dtype"] != "float32":
        return _wrong_dtype("layer.bias", info["bias_dtype"])
    return None


def _transposed_weight(chapter07: bool, n_in: int, n_out: int, shapes: bool) -> str:
    where = f" (shape ({n_in}, {n_out}) instead of ({n_out}, {n_in}))" if shapes else ""
    if chapter07:
        return (
            f"layer.weight holds the weights as given{where}, in chapter 07's layout "
            "(n_inputs, n_neurons), one column per neuron. nn.Linear keeps one row per "
            f"neuron, (out_features, in_features): put weights.T into it ({LAYOUT})."
        )
    return (
        f"layer.weight is the transpose of `weights`{where}. nn.Linear keeps its weight as "
        "(out_features, in_features), one row per neuron, which is already the layout of "
        f"`weights`: copy it as it is, without .T ({LINEAR})."
    )


def _wrong_dtype(what: str, dtype: str) -> str:
    return (
        f"{what} holds the right numbers but as {dtype}; nn.Linear's parameters are float32. "
        "torch.from_numpy keeps NumPy's float64, and assigning such a tensor (a new "
        "nn.Parameter, or .data = ...) changes the layer's dtype. Copy into the layer's own "
        "parameters with copy_ inside torch.no_grad() (copy_ converts), or make the tensor "
        f"with dtype=torch.float32 ({FLOAT32})."
    )


def _neutral(what: str, got: np.ndarray, want: np.ndarray, atol: float) -> str:
    bad = ~np.isclose(got, want, atol=atol, rtol=0)
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    where = "[" + ", ".join(map(str, index)) + "]"
    return (f"{what} is not the expected one: at {where} it holds {fmt_number(got[index])} "
            f"instead of {fmt_number(want[index])} ({int(bad.sum())} of {bad.size} values "
            f"differ; tolerance atol={atol:g}).")


def _unchanged(before: dict, after: dict) -> str | None:
    for key, value in before.items():
        if isinstance(value, np.ndarray) and not (
                isinstance(after[key], np.ndarray) and after[key].shape == value.shape
                and np.array_equal(after[key], value)):
            return key
    return None


def check_linear(name: str, args: dict, *, weight, bias, chapter07: bool = False,
                 label: str | None = None, atol: float = 1e-6) -> None:
    """The student's `name(**args)` returns an nn.Linear holding `weight` and `bias`.

    weight     the weight the layer must hold, (out_features, in_features)
    bias       its bias, (out_features,)
    chapter07  the arguments are in chapter 07's layout (the hints speak of a transpose)
    """
    func = answer(name, notebook())
    if not callable(func):
        raise CheckFailed(f"`{name}` should be a function (def {name}(...):), but it is "
                          f"{describe(func)}. Run the answer cell that defines it.")
    weight = np.asarray(weight, dtype=float)
    bias = np.asarray(bias, dtype=float)
    given = np.asarray(args.get("weights"), dtype=float)
    n_out, n_in = weight.shape
    hints = (_with_hint(lambda text: _linear_error_hint(text, n_in, n_out, chapter07)),)
    call = f"{name}({', '.join(describe_argument(v) for v in args.values())})"
    if label:
        call += f" {label}"

    def run():
        passed = copy.deepcopy(args)
        got = call_student(func, passed, call, exercise=EXERCISE_OF.get(name),
                           error_hints=hints)
        changed = _unchanged(args, passed)
        if changed:
            raise CheckFailed(f"{call} changed its input `{changed}` in place: build the layer "
                              f"from the arrays without changing them ({reread('mutation')}).")
        return read_linear(got)

    def again():
        try:
            return run()
        except CheckFailed:
            return None

    info = run()
    problem = _layer_problem(info, again, weight, bias, given, chapter07, atol)
    if problem:
        raise CheckFailed(f"{call} is not right yet: {problem}")
    print(tick(f"{call}: nn.Linear(in_features={n_in}, out_features={n_out}), weight "
               f"{weight.shape} and bias ({n_out},) in float32, holding the expected numbers"))


# --- exercise 3: two layers with ReLU in PyTorch, returning NumPy ----------------------

# Fixed probes, each isolating one part of the computation. The expected outputs are
# written out as numbers (worked out once, by hand and by the course's NumPy code).
_P_W1 = np.array([[0.5, -1.0, 0.25], [1.0, 0.5, -0.5], [-0.5, 0.75, 1.0], [0.25, 0.5, -1.0]])
_P_W2 = np.array([[1.0, -0.5, 0.25, 2.0], [-1.0, 1.5, 0.5, -0.25]])
# all inputs zero: only the biases act; ReLU turns biases1's negative entries into 0
_PROBE_ZERO = {"inputs": np.zeros((2, 3)), "weights1": _P_W1,
               "biases1": np.array([0.5, -1.0, 2.0, -0.25]), "weights2": _P_W2,
               "biases2": np.array([0.1, -0.3])}
_PROBE_ZERO_EXPECTED = np.array([[1.1, 0.2], [1.1, 0.2]])
# biases zero: only the products and ReLU act
_PROBE_NO_BIAS = {"inputs": np.array([[1.0, 2.0, -1.0], [-2.0, 0.5, 1.0], [0.0, -1.0, 2.0]]),
                  "weights1": _P_W1, "biases1": np.zeros(4), "weights2": _P_W2,
                  "biases2": np.zeros(2)}
_PROBE_NO_BIAS_EXPECTED = np.array([[3.25, 3.1875], [0.59375, 1.1875], [1.8125, -0.875]])


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _probe_hint(func) -> str | None:
    """Run the probes and name the mistake their pattern shows, or None."""

    def run(probe):
        try:
            got = func(*copy.deepcopy(probe).values())
            got = got.detach().numpy() if hasattr(got, "detach") else got
            return np.asarray(got, dtype=float)
        except Exception:
            return None

    zero, no_bias = run(_PROBE_ZERO), run(_PROBE_NO_BIAS)
    if zero is None or zero.shape != _PROBE_ZERO_EXPECTED.shape:
        return None

    def close(a, b):
        return a is not None and a.shape == np.shape(b) and bool(np.allclose(a, b, atol=1e-5))

    b1, b2, w2 = _PROBE_ZERO["biases1"], _PROBE_ZERO["biases2"], _P_W2
    products_right = close(no_bias, _PROBE_NO_BIAS_EXPECTED)
    with_inputs = "right when all the biases are zero"
    if close(zero, np.tile(np.dot(b1, w2.T) + b2, (2, 1))):
        if products_right:
            return (
                f"your layers are {with_inputs}, but when biases1 has negative entries they "
                "reach the second layer: ReLU was applied before the first layer's biases "
                "were added. Add biases1 first, then ReLU: relu(x @ W1.T + b1) "
                f"({ACTIVATION})."
            )
        return (
            "negative values of the first layer reach the second one: the ReLU between the "
            "layers is missing. hidden = torch.relu(x @ weights1.T + biases1), then "
            f"hidden @ weights2.T + biases2 ({ACTIVATION})."
        )
    for name, f in (("sigmoid", _sigmoid), ("tanh", np.tanh)):
        if close(zero, np.tile(np.dot(f(b1), w2.T) + b2, (2, 1))):
            return (f"your hidden layer uses {name}, but this exercise asks for ReLU between "
                    f"the layers: torch.relu ({ACTIVATION}).")
    if products_right and close(zero, np.tile(b2, (2, 1))):
        return (
            f"your network is {with_inputs}, but with all inputs 0 it returns biases2 alone: "
            "the first layer's biases are missing. Each layer adds its own biases: "
            f"relu(x @ weights1.T + biases1) ({reread('bias')})."
        )
    if products_right and close(zero, _PROBE_ZERO_EXPECTED - b2):
        return (
            "your result lacks biases2: it is right except that the second layer's biases "
            f"are missing. Add them after the second product ({reread('bias')})."
        )
    return None


def _two_layer_mistakes(func, n_hidden: int) -> tuple:
    def hidden_returned(case: Case) -> str | None:
        exp = case.expected
        if case.got.ndim != 2 or exp.ndim != 2 or case.got.shape[0] != exp.shape[0]:
            return None
        if case.got.shape[1] != n_hidden or n_hidden == exp.shape[1]:
            return None
        return (
            f"your result has {n_hidden} columns, one per neuron of the FIRST layer: that is "
            "the hidden layer's output. Send it through the second layer as well: "
            f"hidden @ weights2.T + biases2 ({ACTIVATION})."
        )

    def rows_are_not_samples(case: Case) -> str | None:
        exp = case.expected
        if case.got.ndim != 2 or exp.ndim != 2 or case.got.shape[0] == exp.shape[0]:
            return None
        if case.got.shape == exp.T.shape:
            return None  # the transpose: said below
        return (
            f"your result has {case.got.shape[0]} rows, but the batch has {exp.shape[0]} "
            "samples: the output needs one row per sample, whatever the batch. Compute it "
            f"from `inputs`, never from numbers fixed in advance ({reread('linear')})."
        )

    def transposed(case: Case) -> str | None:
        if not case.is_transposed():
            return None
        return (
            "your result is the transpose of the expected one: rows must be samples and "
            "columns the second layer's neurons. Keep the batch first in every product, "
            f"x @ W.T, as nn.Linear does ({reread('linear')})."
        )

    def relu_on_output(case: Case) -> str | None:
        exp = case.expected
        if not np.any(exp < -1e-3) or not case.close(np.maximum(exp, 0.0)):
            return None
        return (
            "your result has 0 wherever the expected one is negative: ReLU was applied to "
            "the output too. Only the hidden layer gets ReLU; the second layer's output is "
            f"returned as it is ({ACTIVATION})."
        )

    def probes(case: Case) -> str | None:
        return _probe_hint(func)

    return (hidden_returned, rows_are_not_samples, transposed, relu_on_output, probes)


def _two_layer_error_hint(text: str) -> str | None:
    common = _common_error_hint(text)
    if common:
        return common
    found = _MATMUL.search(text)
    if found:
        a, b, c, d = (int(n) for n in found.groups())
        if b == d:
            return (
                f"a product ({a}, {b}) @ ({c}, {d}) needs the inner sizes to agree. The weights "
                "are stored one row per neuron, (n_neurons, n_inputs), as in nn.Linear, so a "
                f"batch meets their transpose: x @ weights1.T ({reread('torch_matmul')})."
            )
        return (
            f"a product ({a}, {b}) @ ({c}, {d}) needs the inner sizes to agree: check the "
            "order of the operands. Each layer is x @ W.T + b with the batch first, and the "
            f"second layer takes the first layer's output ({reread('torch_matmul')})."
        )
    return None


def check_two_layer(args: dict, expected, *, name: str = "torch_two_layer",
                    label: str | None = None, atol: float = 1e-5) -> None:
    """name(inputs, weights1, biases1, weights2, biases2) returns the expected float32 array."""
    func = answer(name, notebook())
    if not callable(func):
        raise CheckFailed(f"`{name}` should be a function (def {name}(...):), but it is "
                          f"{describe(func)}. Run the answer cell that defines it.")
    hints = (_with_hint(_two_layer_error_hint),)
    call = f"{name}({', '.join(describe_argument(v) for v in args.values())})"
    shown = call + (f" {label}" if label else "")
    passed = copy.deepcopy(args)
    got = call_student(func, passed, shown, exercise=EXERCISE_OF.get(name), error_hints=hints)
    changed = _unchanged(args, passed)
    if changed:
        raise CheckFailed(f"{shown} changed its input `{changed}` in place: compute new "
                          f"tensors instead ({reread('mutation')}).")
    if type_name(got) in _TENSOR_TYPES and hasattr(got, "detach"):  # a torch tensor
        records = (" that still records gradients, so use .detach().numpy()"
                   if bool(got.requires_grad) else ": use .numpy()")
        raise CheckFailed(
            f"{shown} returned a torch tensor of shape {_numpy(got).shape} where a NumPy array "
            f"is asked.\n  hint: convert the result at the end; this is a tensor{records} "
            f"({TO_NUMPY})."
        )
    expected = np.asarray(expected, dtype=float)
    if isinstance(got, np.ndarray) and got.dtype != np.float32 and got.shape == expected.shape \
            and got.dtype.kind == "f" and np.allclose(got, expected, atol=atol, rtol=0):
        raise CheckFailed(
            f"{shown} returned the right numbers, but as {got.dtype}; the exercise asks for "
            "float32, what nn.Linear computes in.\n  hint: torch.from_numpy keeps NumPy's "
            "float64; make the tensors float32 (torch.tensor(a, dtype=torch.float32) or "
            f".float()) ({FLOAT32})."
        )
    n_hidden = int(np.shape(args["weights1"])[0])
    check_function(name, args, expected, atol=atol, label=label,
                   mistakes=_two_layer_mistakes(func, n_hidden),
                   exercise=EXERCISE_OF.get(name),
                   namespace={name: lambda *_: got})
