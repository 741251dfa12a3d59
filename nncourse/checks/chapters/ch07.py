"""Chapter 07 · Adding layers: checks for the DenseLayer class and for a two-layer pass.

Like everything in nncourse.checks, this module ships to students, so it never computes a
right answer. The class is checked the way a student would poke at it: make a layer and
look at its weights and biases (shape, dtype, scale, zeros); put known numbers into it and
compare what forward returns with values the test cell computed (and, when it is wrong, run
forward on the layer battery of nncourse.checks.layers, seen through a DenseView, so that a
missing or doubled bias, a skipped sample or input is named from the probes); redo the
lesson's seeded two-layer pass and compare with the lesson's numbers. Detectors rebuild
*wrong* answers only (the chapter-06 formula X · Wᵀ, a transposed output, biases missing or twice).

Exercise 2 is tested with sealed `RecordingLayer`s: layers that compute from their own
weights and record what each forward call received, holding no expected answer a student
could read, so the exercise does not depend on the student's DenseLayer and the detectors
can tell which layer got what.

Test cells call `check_dense_init`, `check_dense_forward`, `check_seeded_layers`
(Exercise 1) and `check_two_layer_forward` (Exercise 2); `COUNT_PARAMETERS` serves
Exercise 3.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass

import numpy as np

from .. import layers
from ..core import CheckFailed, answer, call_student
from ..describe import describe, describe_argument, fmt_array, fmt_number
from ..diagnose import Case
from ..errors import shapes_in
from ..exercise import Exercise
from ..failure import Failure, Hint
from ..probes import Model, Probe, models
from ..render import tick
from ..sections import reread
from ..student import is_class
from . import notebook
from .ch06 import _COLUMN_TEXTS, ROW_MODELS, ColumnsView, _constant

# where this chapter teaches what its hints are about
RANDOM_WEIGHTS = reread("random_weights")
CLASSES = reread("classes")
TWO_LAYERS = reread("two_layers")
LAYOUT = reread("layout")
_MISSING = object()


# --- making the student's layers -----------------------------------------------------------


@contextlib.contextmanager
def _seeded(seed: int):
    """Seed NumPy's global generator for a block, then put the notebook's state back."""
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


def _the_class(name: str, namespace: dict):
    cls = answer(name, namespace)
    if not is_class(cls):
        raise CheckFailed(Failure(
            call=f"`{name}`", problem=f"should be a class (`class {name}:` with an __init__ "
            f"and a forward method), but it is {describe(cls)}. Run the answer cell that "
            f"defines it ({CLASSES}).", mistake="not_a_class", exercise="ex07_dense_layer"))
    return cls


def _construct(cls, name: str, sizes: tuple[int, int]):
    """cls(*sizes), with exceptions and warnings turned into messages for the student."""
    args = {"n_inputs": sizes[0], "n_neurons": sizes[1]}
    return call_student(cls, args, f"{name}({sizes[0]}, {sizes[1]})")


# --- exercise 1: what a new layer holds ---------------------------------------------------


def _attribute_missing(attr: str) -> str:
    return (
        f"the layer has no attribute `{attr}`. Inside __init__, store the array on the object "
        f"with `self.{attr} = ...`: a plain `{attr} = ...` is a local name that is gone as "
        f"soon as __init__ ends ({CLASSES})."
    )


def _weights_problem(layer, twin, n_inputs: int, n_neurons: int) -> tuple[str, str] | None:
    want = (n_inputs, n_neurons)
    draw = "0.10 * np.random.randn(n_inputs, n_neurons)"
    w = getattr(layer, "weights", _MISSING)
    if w is _MISSING:
        return "attribute_missing", _attribute_missing("weights")
    if not isinstance(w, np.ndarray):
        return "weights_not_array", (
            f"`.weights` is {describe(w)}; it should be a NumPy array of shape (n_inputs, "
            f"n_neurons) = {want}, made with {draw} ({RANDOM_WEIGHTS})."
        )
    if w.shape != want:
        if w.shape == (n_neurons, n_inputs):
            return "weights_old_layout", (
                f"weights should have shape (n_inputs, n_neurons) = {want}, yours has "
                f"{w.shape}: that is the layout of chapters 02-06, one row per neuron. This "
                "chapter's layer stores one COLUMN per neuron, so that forward needs no "
                f"transpose: draw them with np.random.randn(n_inputs, n_neurons) ({LAYOUT})."
            )
        return "weights_shape", (
            f"weights should have shape (n_inputs, n_neurons) = {want}, yours has {w.shape}: "
            f"one row per input, one column per neuron ({LAYOUT})."
        )
    if w.dtype.kind != "f":
        return "weights_dtype", (
            f"the weights have dtype {w.dtype}; they should be real numbers (float64), as "
            f"np.random.randn gives them ({RANDOM_WEIGHTS})."
        )
    if w.dtype != np.float64:
        return "low_precision", (
            f"the weights are {w.dtype}, which keeps only about "
            f"{7 if w.dtype == np.float32 else 3} significant digits; np.random.randn gives "
            "float64 numbers: keep them as they come (no astype(...) or dtype=...)."
        )
    if not np.all(np.isfinite(w)):
        return "weights_not_finite", "the weights contain nan or inf: draw them with " + draw + "."
    if w.size > 1 and np.all(w == w.flat[0]):
        what = "all zero" if w.flat[0] == 0 else f"all equal to {fmt_number(w.flat[0])}"
        return "weights_all_equal", (
            f"the weights are {what}. Then every neuron of the layer computes exactly the same "
            f"output, and they would stay copies of each other. Start from small random "
            f"numbers: {draw} ({RANDOM_WEIGHTS})."
        )
    other = getattr(twin, "weights", None)
    # on two layers: 6 normal draws are all positive once in 64 layers, 12 once in 4096
    if w.size >= 6 and np.all(w >= 0) and isinstance(other, np.ndarray) \
            and other.shape == w.shape and np.all(other >= 0):
        return "weights_uniform", (
            "every weight is positive. np.random.rand draws uniformly between 0 and 1; "
            "np.random.randn (with an n) draws from the normal distribution, centred on 0, "
            f"negative values included: {draw} ({RANDOM_WEIGHTS})."
        )
    spread, largest = float(np.std(w)), float(np.max(np.abs(w)))
    if w.size >= 500:
        too_big, too_small = spread > 0.12, spread < 0.08
    elif w.size >= 30:
        too_big, too_small = spread > 0.2, spread < 0.05
    else:
        too_big, too_small = largest > 0.6, largest < 0.02
    if too_big:
        return "weights_too_large", (
            f"the weights are too large (largest size {largest:.2g}, spread {spread:.2g}). "
            "Scaled by 0.10, normal random numbers are mostly between -0.2 and 0.2: did you "
            f"forget the factor 0.10? {draw} ({RANDOM_WEIGHTS})."
        )
    if too_small:
        return "weights_too_small", (
            f"the weights are too small (largest size {largest:.2g}, spread {spread:.2g}), "
            f"about 0.1 is expected: scale by 0.10 exactly once, {draw} "
            f"({RANDOM_WEIGHTS})."
        )
    if w.size >= 500 and abs(float(np.mean(w))) > 0.02:
        return "weights_not_centred", (
            f"the weights are not centred on 0 (their mean is {float(np.mean(w)):.2g}): draw "
            f"them with {draw} and add nothing to them ({RANDOM_WEIGHTS})."
        )
    other = getattr(twin, "weights", None)
    if other is w and "weights" not in vars(layer):
        return "weights_on_class", (
            "two layers share one weights array: it is stored on the class "
            f"({type(layer).__name__}.weights = ...), which every layer shares, so making the "
            "second layer replaced the first one's weights. Keep them on the object being "
            f"made: self.weights = ... inside __init__ ({CLASSES})."
        )
    if isinstance(other, np.ndarray) and other.shape == w.shape and np.array_equal(other, w):
        return "seed_in_init", (
            "two layers made one after the other got identical weights. Every new layer must "
            "draw fresh random numbers: is np.random.seed(...) called inside __init__? Seed "
            f"once, before making the layers, never inside the class ({RANDOM_WEIGHTS})."
        )
    return None


def _biases_problem(layer, n_neurons: int) -> tuple[str, str] | None:
    want = (1, n_neurons)
    zeros = "np.zeros((1, n_neurons))"
    b = getattr(layer, "biases", _MISSING)
    if b is _MISSING:
        return "attribute_missing", _attribute_missing("biases")
    if not isinstance(b, np.ndarray):
        return "biases_not_array", (
            f"`.biases` is {describe(b)}; it should be a NumPy array of zeros with shape "
            f"(1, n_neurons) = {want}: {zeros} ({LAYOUT})."
        )
    if b.shape != want:
        if b.shape == (n_neurons,):
            return "biases_flat", (
                f"biases should have shape (1, n_neurons) = {want}, yours has {b.shape}, a "
                "flat 1-D array. This chapter's layer keeps them as a row, one column per "
                f"neuron like the weights: {zeros}, the shape given as one tuple (note the "
                f"double parentheses) ({reread('row_column')})."
            )
        if b.shape == (n_neurons, 1):
            return "biases_column", (
                f"biases should have shape (1, n_neurons) = {want}, yours has {b.shape}, a "
                "column. Each neuron is a column of the output, so its bias goes in a row "
                f"that broadcasts down the samples: {zeros} ({reread('broadcast')})."
            )
        return "biases_shape", (
            f"biases should have shape (1, n_neurons) = {want}, yours has {b.shape}: one "
            f"bias per neuron, in a single row, {zeros} ({LAYOUT})."
        )
    if b.dtype.kind != "f":
        return "biases_dtype", (
            f"the biases have dtype {b.dtype}; make them float zeros with {zeros} (its default "
            "dtype is float64)."
        )
    if np.any(b != 0):
        return "biases_not_zero", (
            f"the biases should start at zero, {zeros}; yours are {fmt_array(b)}. The random "
            f"weights already make the neurons differ ({RANDOM_WEIGHTS})."
        )
    return None


def check_dense_init(n_inputs: int, n_neurons: int, *, name: str = "DenseLayer",
                     label: str | None = None, seed: int = 7) -> None:
    """A new layer holds weights (n_inputs, n_neurons) = 0.10 * randn, biases zeros (1, n)."""
    cls = _the_class(name, notebook())
    shown = f"{name}({n_inputs}, {n_neurons})" + (f" {label}" if label else "")
    with _seeded(seed):
        layer = _construct(cls, name, (n_inputs, n_neurons))
        twin = _construct(cls, name, (n_inputs, n_neurons))
    problem = (_weights_problem(layer, twin, n_inputs, n_neurons)
               or _biases_problem(layer, n_neurons))
    if problem:
        key, text = problem
        raise CheckFailed(Failure(call=f"{shown}:", problem=text[0].upper() + text[1:],
                                  mistake=key, exercise="ex07_dense_layer"))
    print(tick(f"{shown}: weights of shape {layer.weights.shape}, small random numbers; "
               f"biases of shape {layer.biases.shape}, all zero"))


# --- exercise 1: forward on known weights ----------------------------------------------


def _forward_mistakes(weights: np.ndarray, biases: np.ndarray) -> tuple:
    """Detectors for forward, knowing the weights and biases the test put into the layer."""
    w = np.asarray(weights, dtype=float)
    b = np.asarray(biases, dtype=float)

    def transposed_output(case: Case) -> str | None:
        if not case.is_transposed():
            return None
        return (
            "Your output is the transpose of the expected one: rows must be samples and "
            "columns neurons. Put the inputs first, np.dot(inputs, self.weights) + self.biases; "
            f"this layer's weights need no .T ({LAYOUT})."
        )

    def old_formula(case: Case) -> str | None:
        x = case.arg("inputs")
        if x is None or w.ndim != 2 or w.shape[0] != w.shape[1] or np.allclose(w, w.T):
            return None
        if not (case.close(np.dot(x[1], w.T) + b) or case.close(np.dot(x[1], w.T))):
            return None
        return (
            "You computed inputs · weightsᵀ, the formula of chapter 06. It only ran because "
            "these weights are square. This layer stores its weights as (n_inputs, n_neurons), "
            "one column per neuron, so forward is np.dot(inputs, self.weights) + self.biases, "
            f"with no .T ({LAYOUT})."
        )

    def biases_missing(case: Case) -> str | None:
        if not np.any(b) or not case.close(case.expected - b):
            return None
        return (
            "The biases are missing: adding self.biases to your result gives exactly the "
            "expected values. forward adds them after the product: "
            f"np.dot(inputs, self.weights) + self.biases ({reread('bias')})."
        )

    def biases_twice(case: Case) -> str | None:
        if not np.any(b) or not case.close(case.expected + b):
            return None
        return (
            "The biases are added twice: subtracting self.biases once from your result gives "
            f"the expected values. Add them exactly once ({reread('bias')})."
        )

    return (transposed_output, old_formula, biases_missing, biases_twice)


def _forward_error(inputs, weights):
    """An error hook: this chapter's words for the shape errors of forward."""
    n_in, n_out = weights.shape

    def explain(error: BaseException, _args: dict) -> Hint | None:
        text = str(error)
        if "not aligned" in text or "mismatch in its core dimension" in text:
            return Hint("shape_mismatch", (
                f"This layer's weights are already stored as (n_inputs, n_neurons) = "
                f"{weights.shape}, so np.dot(inputs, self.weights) fits as it is: "
                f"(n_samples, {n_in}) · ({n_in}, {n_out}) → (n_samples, {n_out}). Keep the "
                f"inputs first and drop any .T ({LAYOUT})."))
        if "could not be broadcast" in text:
            shapes = shapes_in(text)
            if np.shape(inputs) in shapes and weights.shape in shapes:
                return Hint("elementwise_product", (
                    "`*` multiplies element by element; a layer needs the matrix product, "
                    f"np.dot(inputs, self.weights) + self.biases ({LAYOUT})."))
        return None

    return explain


def _kept_in_output(layer):
    """A promise: forward keeps what it returns in self.output."""

    def promise(exercise, trial) -> Hint | None:
        stored = getattr(layer, "output", None)
        if stored is None:
            return Hint("output_not_kept", (
                "forward returns the right result but does not keep it. Store it on the "
                "layer, `self.output = ...`, then `return self.output`: the next layer reads "
                f"this layer's .output ({CLASSES})."))
        result = trial.got
        if (not isinstance(stored, np.ndarray) or stored.shape != np.shape(result)
                or not np.allclose(stored, result)):
            return Hint("output_differs", (
                f"self.output holds {describe(stored)}, which is not what forward returns. "
                f"Store the result in self.output and return that same array ({CLASSES})."))
        return None

    return promise


def _parameters_unchanged(layer, weights, biases):
    """A promise: forward only reads the layer's weights and biases."""

    def promise(exercise, trial) -> Hint | None:
        if np.array_equal(layer.weights, weights) and np.array_equal(layer.biases, biases):
            return None
        return Hint("parameters_changed", (
            "forward changed self.weights or self.biases. forward only reads them; it "
            f"computes a new array for self.output ({LAYOUT})."))

    return promise


def _computed_each_call(layer, weights, biases):
    """A promise: every forward call computes from its own inputs, so a second call on the
    same layer with other inputs gives their table, not the first call's kept one."""

    def promise(exercise, trial) -> Hint | None:
        other = 0.5 - 2.0 * np.asarray(trial.args["inputs"], dtype=float)
        try:
            got = layer.forward(other)
        except Exception:  # an error here is the tests' to report, on their own calls
            return None
        want = np.dot(other, weights) + biases
        if isinstance(got, np.ndarray) and got.shape == want.shape and np.allclose(got, want):
            return None
        if isinstance(got, np.ndarray) and got.shape == np.shape(trial.got) \
                and np.allclose(got, trial.got):
            return Hint("stale_output", (
                "forward is right on its first call, but a second call on the same layer, "
                "with other inputs, returned the first call's table again. forward must "
                "compute np.dot(inputs, self.weights) + self.biases from the inputs of every "
                "call, not hand back an output kept from an earlier one (an `if self.output "
                f"is None` or a flag set on the first call) ({CLASSES})."))
        return Hint("second_call_differs", (
            f"forward is right on its first call, but a second call on the same layer, with "
            f"other inputs, returned {describe(got)} instead of their np.dot(inputs, "
            f"self.weights) + self.biases: every call must compute from its own inputs."),
            named=False)

    return promise


@dataclass(frozen=True)
class DenseView(ColumnsView):
    """The battery's layers as a DenseLayer holds them: weights (n_inputs, n_neurons), biases
    a row (1, n_neurons)."""

    def args(self, names, x, w, b) -> dict:
        args = super().args(names, x, w, b)
        args[names[2]] = np.asarray(args[names[2]], dtype=float).reshape(1, -1)
        return args


_DENSE = DenseView(samples=True, neurons=True, arrays=True)
_DENSE_TRANSPOSED = (
    "Your output is turned on its side: one row per neuron and one column per sample. Rows "
    "must be samples and columns neurons, so the batch comes first: this layer's weights "
    "already hold one column per neuron, so forward is np.dot(inputs, self.weights) + "
    "self.biases, with no .T anywhere; np.dot(self.weights.T, inputs.T) gives the transpose, "
    "because (A · B)ᵀ = Bᵀ · Aᵀ.")
_DENSE_TEXTS = {**_COLUMN_TEXTS, "transposed": _DENSE_TRANSPOSED,
                "swapped_operands": _DENSE_TRANSPOSED + " The biases then land on the samples "
                "instead of the neurons."}
_DENSE_NAMES = ("inputs", "weights", "biases")


class DenseForward(Exercise):
    """forward on a layer whose weights and biases each call sets: shown as a forward call."""

    def call_text(self, args: dict, label: str | None = None) -> str:
        w, b = (np.shape(args[k]) for k in ("weights", "biases"))
        shown = f"{self.function}({describe_argument(args['inputs'])}) with weights {w} and " \
                f"biases {b} set by the test"
        return shown + (f" {label}" if label else "")


def _dense_not_returned(outputs: list):
    """A detector for a forward that returns None: did it at least store the result?"""

    def detect(ev) -> Hint | None:
        if ev.main.got is not None or not ev.main.returned:
            return None
        stored = outputs[0] if outputs else None
        expected = ev.main.expected
        if (isinstance(stored, np.ndarray) and stored.shape == np.shape(expected)
                and np.allclose(stored, expected)):
            return Hint("output_not_returned", (
                "forward stores the right result in self.output but does not return it: end "
                "forward with `return self.output`."), "classes")
        return Hint("no_return", (
            "forward should compute np.dot(inputs, self.weights) + self.biases, store it in "
            "self.output and return it."), "classes")

    return detect


def check_dense_forward(inputs, weights, biases, expected, *, name: str = "DenseLayer",
                        label: str | None = None, atol: float = 1e-6) -> None:
    """forward, on weights and biases set by the test, returns and stores the expected array."""
    cls = _the_class(name, notebook())
    weights = np.asarray(weights, dtype=float)
    biases = np.asarray(biases, dtype=float)
    with _seeded(0):
        layer = _construct(cls, name, weights.shape)
    outputs: list = []  # what each call left in layer.output, the test's own call first

    def forward(inputs_, weights_, biases_):
        layer.weights = np.array(weights_, dtype=float)
        layer.biases = np.array(biases_, dtype=float)
        try:
            return layer.forward(inputs_)
        finally:
            outputs.append(getattr(layer, "output", None))

    key = f"{name}.forward"
    exercise = DenseForward(
        "ex07_dense_layer", key, "array", atol=atol,
        probes=layers.probes(_DENSE, _DENSE_NAMES),
        detectors=(_dense_not_returned(outputs), _constant, models(*ROW_MODELS[:3]),
                   *layers.detectors(_DENSE)), view=_DENSE,
        relations=_forward_mistakes(weights, biases), truncation_bound=8.0,
        texts=_DENSE_TEXTS,
        advice={"bias_missing": "np.dot(inputs, self.weights) + self.biases."},
        error_hints=(_forward_error(inputs, weights),),
        promises=(_kept_in_output(layer), _parameters_unchanged(layer, weights, biases),
                  _computed_each_call(layer, weights, biases)),
        tick_suffix=", kept in .output,")
    exercise.check({"inputs": inputs, "weights": weights, "biases": biases}, expected,
                   label=label, namespace={key: forward})


# --- exercise 1: the lesson's seeded pass --------------------------------------------------


def _forward_output(layer, x, call: str):
    result = call_student(layer.forward, {"inputs": x}, call)
    return layer.output if result is None else result


def _other_draw(seed: int, size, layer) -> Hint | None:
    """The first layer's weights as drawn, but rounded; or as drawing them in the old
    layout and turning gives."""
    a, b = (int(n) for n in size)
    w = getattr(layer, "weights", None)
    if not isinstance(w, np.ndarray) or w.shape != (a, b):
        return None
    with _seeded(seed):
        own = 0.10 * np.random.randn(a, b)
    for decimals in range(0, 7):
        if np.array_equal(w, np.round(own, decimals)) and not np.allclose(w, own):
            return Hint("weights_rounded", (
                f"Your weights are the seeded 0.10 * np.random.randn(n_inputs, n_neurons) "
                f"rounded to {decimals} decimal{'s' if decimals != 1 else ''} (e.g. "
                f"{own.flat[0]:.6g} became {w.flat[0]:.6g}): rounding changes the numbers, "
                "so every output drifts. Keep the weights exactly as drawn; round only when "
                "you print them."))
    with _seeded(seed):
        turned = (0.10 * np.random.randn(b, a)).T
    if np.allclose(w, turned):
        return Hint("draw_transposed", (
            "Your weights are the seeded numbers drawn as (n_neurons, n_inputs) and then "
            "turned with .T: the shape is right but every number sits in another place than "
            "the lesson's. Draw them in their own shape, 0.10 * np.random.randn(n_inputs, "
            "n_neurons), with no .T."))
    return None


def check_seeded_layers(seed: int, sizes, inputs, expected, *, name: str = "DenseLayer",
                        label: str | None = None, atol: float = 1e-7) -> None:
    """np.random.seed(seed), layers of `sizes` made in order, chained: the expected output."""
    cls = _the_class(name, notebook())
    made = " then ".join(f"{name}({a}, {b})" for a, b in sizes)
    shown = f"np.random.seed({seed}), {made}, forward {describe_argument(inputs)}"
    shown += f" {label}" if label else ""
    with _seeded(seed):
        layers = [_construct(cls, name, tuple(size)) for size in sizes]
    x = np.array(inputs, dtype=float)
    for layer, size in zip(layers, sizes, strict=True):
        x = _forward_output(layer, x, f"{name}{tuple(size)}.forward(...)")
    expected = np.asarray(expected, dtype=float)
    got = np.asarray(x, dtype=float)
    if got.shape != expected.shape or not np.allclose(got, expected, atol=atol, rtol=0):
        for layer, (a, b) in zip(layers, sizes, strict=True):
            problem = _weights_problem(layer, None, a, b) or _biases_problem(layer, b)
            if problem:  # what a new layer holds is wrong: said as check_dense_init says it
                key, text = problem
                raise CheckFailed(Failure(
                    call=f"{shown}: {name}({a}, {b})", problem=text[0].upper() + text[1:],
                    mistake=key, exercise="ex07_dense_layer"))
        hint = _other_draw(seed, sizes[0], layers[0])
        if hint:
            raise CheckFailed(Failure(
                call=f"{shown}:", problem="the output is not the expected one.",
                expected=fmt_array(expected), got=fmt_array(got), hint=hint.text,
                section=RANDOM_WEIGHTS, mistake=hint.key, named=True,
                exercise="ex07_dense_layer"))
        raise CheckFailed(Failure(
            call=f"{shown}:", problem="the output is not the expected one.",
            expected=fmt_array(expected), got=fmt_array(got),
            hint="Your layers have the right shapes and scale, so their random numbers are "
            "drawn in another way. In __init__, draw them in one call, exactly "
            "0.10 * np.random.randn(n_inputs, n_neurons) (not randn(n_neurons, n_inputs).T, "
            "not a generator from default_rng), make the biases with np.zeros, and draw "
            "nothing else there.", section=RANDOM_WEIGHTS, mistake="random_draws",
            named=True, exercise="ex07_dense_layer"))
    print(tick(f"{shown}: array of shape {got.shape}, values {fmt_array(got)} as expected"))


# --- exercise 2, sealed: layers that compute from their own weights and record each call ---


class RecordingLayer:
    """A layer handed to the student's two_layer_forward that holds no expected answer.

    Its forward computes from its own weights and biases, like the lesson's layer, and writes
    down each batch it receives; the check reads those records and the returned value. It
    travels to a sandboxed kernel by state (nncourse.grading.codec), records included, and
    its copy's records come back after the call; copying one gives the same object, so the
    records the student's call leaves are the ones the check reads.
    """

    def __init__(self, name, weights, biases, feed):
        self.name = name
        self.weights = np.array(weights, dtype=float)
        self.biases = np.array(biases, dtype=float).reshape(1, -1)
        self.feed = feed
        self.calls = []

    def forward(self, inputs):
        try:
            x = np.array(inputs, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(f"{self.name}.forward received {describe(inputs)}, not an array "
                            f"of numbers. Give it {self.feed}.") from None
        self.calls = [*self.calls, x]
        n_in = self.weights.shape[0]
        if x.ndim != 2 or x.shape[1] != n_in:
            raise ValueError(
                f"{self.name}.forward received an array of shape {x.shape}, but {self.name} "
                f"takes {n_in} values per sample (its weights have shape "
                f"{self.weights.shape}). Give it {self.feed}.")
        self.output = np.dot(x, self.weights) + self.biases
        return self.output

    def __getattr__(self, attr):
        # only called for attributes that do not exist; never touch self.<name> in here
        if attr == "output":
            name = self.__dict__.get("name", "this layer")
            raise AttributeError(
                f"{name} has no .output yet: a layer's output exists only once its "
                f"forward(...) has run. Call {name}.forward(...) first.")
        raise AttributeError(f"'RecordingLayer' object has no attribute '{attr}'")

    def __deepcopy__(self, memo):
        return self

    def __eq__(self, other):
        if not isinstance(other, RecordingLayer):
            return NotImplemented
        return (self.name == other.name and np.array_equal(self.weights, other.weights)
                and np.array_equal(self.biases, other.biases))

    __hash__ = None

    def __repr__(self):
        return f"RecordingLayer({self.name}, weights {self.weights.shape})"


def _layers(trial) -> tuple[RecordingLayer, RecordingLayer] | None:
    found = [v for v in trial.args.values() if isinstance(v, RecordingLayer)]
    return (found[0], found[1]) if len(found) == 2 else None


def _inputs_of(trial):
    return np.asarray(next(iter(trial.args.values())), dtype=float)


def _same(a, b) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, atol=1e-9, rtol=0))


def _chain(namespace: dict | None):
    """The chain detector; `namespace`, the notebook's globals when known, lets it say which
    outside variable a function returned instead of layer2's output."""

    def detect(ev) -> Hint | None:
        return _chain_hint(ev) or _not_last_output(ev, namespace)

    return detect


def _outside_name(value, namespace: dict | None) -> str | None:
    """The name of a notebook variable that holds `value` (the very object, else an array
    of the same shape and values), or None."""
    if not namespace or not isinstance(value, np.ndarray):
        return None
    arrays = [(k, v) for k, v in namespace.items()
              if not k.startswith("_") and isinstance(v, np.ndarray)]
    same = [k for k, v in arrays if v is value]
    if not same:
        same = [k for k, v in arrays if v.shape == value.shape and v.dtype.kind == "f"
                and value.dtype.kind == "f" and np.array_equal(v, value)]
    return same[0] if len(same) == 1 else None


def _not_last_output(ev, namespace: dict | None) -> Hint | None:
    """Both layers were called right, once each, and what came back is not layer2's output."""
    trial = ev.main
    pair = _layers(trial)
    got = trial.got
    if pair is None or got is None or not isinstance(got, np.ndarray):
        return None
    layer1, layer2 = pair
    first_out = layer1.__dict__.get("output")
    last_out = layer2.__dict__.get("output")
    if (len(layer1.calls) != 1 or len(layer2.calls) != 1 or first_out is None
            or last_out is None or not _same(layer1.calls[0], _inputs_of(trial))
            or not _same(layer2.calls[0], first_out)):
        return None
    if got.shape == last_out.shape and np.allclose(got, last_out):
        return None
    ran = ("Both layers ran as they should: layer1 received the inputs and layer2 received "
           "layer1's output. ")
    x = _inputs_of(trial)
    name = None if _same(got, x) or _same(got, first_out) else _outside_name(got, namespace)
    if name is not None:
        return Hint("outside_variable_returned", (
            ran + f"But your function returned `{name}`, a variable of the notebook defined "
            f"outside the function, of shape {got.shape}, not what layer2 computed in this "
            "call. Return layer2.output (or what layer2.forward(...) returns)."), "two_layers")
    return Hint("not_layer2_output", (
        ran + f"But the array your function returned (shape {got.shape}) is not layer2's "
        f"output (shape {last_out.shape}): return layer2.output as it is, what layer2 "
        "computed in this call."), "two_layers")


def _order_hint(args: dict) -> Hint | None:
    """The layers' records show them called in the wrong order: layer2 on the network's
    inputs before layer1 ran, or layer1 again on its own output while layer2 never ran."""
    found = [v for v in args.values() if isinstance(v, RecordingLayer)]
    if len(found) != 2:
        return None
    layer1, layer2 = found
    x = np.asarray(next(iter(args.values())), dtype=float)
    if layer2.calls and _same(layer2.calls[0], x) and (
            not layer1.calls or not _same(layer1.calls[0], x)):
        return Hint("layers_swapped", "layer2 ran first, on the network's inputs, and layer1 "
                    "after it: the layers are called in the wrong order. The inputs go "
                    "through layer1 first, layer1.forward(inputs), then its output through "
                    "layer2, layer2.forward(layer1.output).", "two_layers")
    if len(layer1.calls) >= 2 and _same(layer1.calls[0], x) and not layer2.calls:
        return Hint("layer1_twice", "layer1.forward ran twice, the second time on its own "
                    "output, and layer2 never ran: the second step uses the second layer, "
                    "layer2.forward(layer1.output).", "two_layers")
    return None


def _chain_hint(ev) -> Hint | None:
    """Read what each layer received (its records) and what came back."""
    trial = ev.main
    pair = _layers(trial)
    if pair is None:
        return None
    order = _order_hint(trial.args)
    if order is not None:
        return order
    layer1, layer2 = pair
    x, got = _inputs_of(trial), trial.got
    first_out = layer1.__dict__.get("output")
    if not layer1.calls:
        return Hint("first_layer_skipped", "layer1.forward was never called: the network's "
                    "inputs must go through the first layer first, layer1.forward(inputs), "
                    "and its output into the second.", "two_layers")
    if not _same(layer1.calls[0], x):
        return Hint("first_layer_wrong_input", "layer1.forward was given something other "
                    "than the network's inputs: pass `inputs` itself to the first layer.",
                    "two_layers")
    if got is not None and first_out is not None and _same(got, first_out):
        return Hint("first_layer_returned", "You returned the first layer's output. The "
                    "network's output is what the LAST layer gives: pass layer1.output to "
                    "layer2.forward(...) and return layer2's output.", "two_layers")
    if not layer2.calls:
        return Hint("second_layer_skipped", "layer2.forward was never called: feed the first "
                    "layer's output to it, layer2.forward(layer1.output), and return "
                    "layer2.output.", "two_layers")
    if _same(layer2.calls[0], x):
        return Hint("inputs_to_second_layer", "layer2 received the network's inputs: the "
                    "second layer reads the FIRST layer's output, layer2.forward(layer1.output).",
                    "two_layers")
    if first_out is not None and not _same(layer2.calls[0], first_out):
        return Hint("second_layer_wrong_input", "layer2 received something other than the "
                    "first layer's output: pass layer1.output to layer2.forward as it is.",
                    "two_layers")
    if got is not None and np.any(layer2.biases) and _same(
            np.asarray(got, dtype=float), np.asarray(trial.expected) + layer2.biases):
        return Hint("last_biases_twice", "The second layer's biases are added twice: its "
                    "forward already adds them. Return layer2.output as it is.", "two_layers")
    return None


def _by_hand(exc: BaseException, args: dict) -> Hint | None:
    """A matrix-product error while no layer's forward was called: the layers were computed
    by hand, and the shapes show chapter 06's layer.weights.T."""
    found = [v for v in args.values() if isinstance(v, RecordingLayer)]
    if len(found) != 2 or any(layer.calls for layer in found) or not isinstance(exc, ValueError):
        return None
    message = str(exc)
    shapes = shapes_in(message)[:2]
    turned = [layer.weights.T.shape for layer in found if layer.weights.ndim == 2
              and layer.weights.shape[0] != layer.weights.shape[1]]
    if "not aligned" in message:
        if len(shapes) < 2 or shapes[1] not in turned:
            return None
    elif "mismatch in its core dimension" in message:
        sizes = [int(n) for n in re.findall(r"size (\d+) is different from (\d+)", message)[0]] \
            if re.search(r"size \d+ is different from \d+", message) else []
        if not any(sizes and sizes[0] == t[0] and sizes[1] == t[1] for t in turned):
            return None
    else:
        return None
    return Hint("by_hand_old_layout", (
        "Your function computes the layers itself, with chapter 06's formula inputs · "
        "weightsᵀ, and never calls their forward (neither layer1.forward nor layer2.forward "
        "ran). This chapter's layers store their weights as (n_inputs, n_neurons), one column "
        "per neuron, and compute their own output: call layer1.forward(inputs), then "
        "layer2.forward(layer1.output), and return layer2.output."), "two_layers")


def _inputs_kept(exercise, trial) -> Hint | None:
    """A promise: layer1 receives the batch `inputs` itself, every digit of it (a cast to
    float32 or a rounding on the way passes the values' tolerance, not this)."""
    layer1, inputs = trial.args.get("layer1"), np.asarray(trial.args.get("inputs"))
    calls = getattr(layer1, "__dict__", {}).get("calls") or []
    if not calls or calls[0].shape != inputs.shape or np.array_equal(calls[0], inputs):
        return None
    k = int(np.argmax(np.abs(calls[0] - inputs)))
    return Hint("low_precision", (
        f"layer1 received the batch with fewer digits than `inputs` holds ({inputs.flat[k]:.12g} "
        f"came in as {calls[0].flat[k]:.12g}): a cast or a rounding on the way (np.float32, "
        "astype(...), np.round) changed it. Send `inputs` itself: layer1.forward(inputs)."),
        "two_layers")


def _two_layer_exercise(namespace: dict | None) -> Exercise:
    return Exercise(
        "ex07_two_layer_forward", "two_layer_forward", "array", promises=(_inputs_kept,),
        detectors=(_chain(namespace),),
        error_hints=(lambda exc, args: _order_hint(args),
                     lambda exc, args: Hint("layer_refused", str(exc), "two_layers")
                     if "forward received" in str(exc) else None, _by_hand))


TWO_LAYER_FORWARD = _two_layer_exercise(None)


def check_two_layer_forward(inputs, first, second, expected, *,
                            label: str | None = None) -> None:
    """two_layer_forward(inputs, layer1, layer2) on recording layers made of first/second =
    (weights (n_in, n_out), biases (1, n_out)) returns `expected`, the test's own value."""
    layer1 = RecordingLayer("layer1", *first, feed="the network's inputs, the `inputs` "
                            "argument")
    layer2 = RecordingLayer("layer2", *second, feed="the first layer's output, layer1.output")
    namespace = notebook()
    _two_layer_exercise(namespace).check(
        {"inputs": np.array(inputs, dtype=float), "layer1": layer1, "layer2": layer2},
        expected, label=label, namespace=namespace)


# --- exercise 3: count_parameters(layer_sizes) ---------------------------------------------


def _sizes_probe(name, sizes, expected, about):
    return Probe(name, {"layer_sizes": list(sizes)}, expected, about, whole=True)


COUNT_PROBES = (
    _sizes_probe("wide_out", [2, 5], 15, "one layer, 2 inputs -> 5 neurons: 10 weights, 5 biases"),
    _sizes_probe("wide_in", [5, 2], 12, "one layer, 5 inputs -> 2 neurons: 10 weights, 2 biases"),
    _sizes_probe("one_one", [1, 1], 2, "one layer of one neuron with one input"),
    _sizes_probe("two", [3, 2, 4], 20, "two layers: 3 -> 2 (8), then 2 -> 4 (12)"),
    _sizes_probe("three", [2, 3, 1, 2], 17, "three layers: 9, then 4, then 4"),
    _sizes_probe("last_big", [1, 1, 6], 14, "two layers, the last the larger: 2, then 12"),
)


def _pairs(trial):
    sizes = list(trial.args["layer_sizes"])
    return list(zip(sizes[:-1], sizes[1:], strict=True))


def _count(key, text, predict):
    def run(ev, trial):
        value = predict(_pairs(trial), float(trial.expected))
        return None if value is None else np.asarray(float(value))

    return Model(key, run, text, "layout")


COUNT_MODELS = (
    _count("weights_only", "You counted the weights but not the biases: each layer also has "
           "one bias per neuron, n_neurons of them, on top of its n_inputs × n_neurons "
           "weights.", lambda p, e: e - sum(b for _, b in p)),
    _count("biases_only", "You counted only the biases (one per neuron): each layer also has "
           "n_inputs × n_neurons weights.", lambda p, e: sum(b for _, b in p)),
    _count("biases_per_input", "You counted one bias per INPUT of each layer: a bias belongs "
           "to a neuron, so a layer has n_neurons biases (the second size of the pair), not "
           "n_inputs.", lambda p, e: e - sum(b for _, b in p) + sum(a for a, _ in p)),
    _count("last_layer_only", "You counted only the last layer: the total is overwritten in "
           "the loop (`total = ...`) instead of added to (`total += ...`).",
           lambda p, e: p[-1][0] * p[-1][1] + p[-1][1] if len(p) >= 2 else None),
    _count("first_layer_only", "You counted only the first layer: is `return` inside the "
           "loop? Add every layer's count, then return after the loop.",
           lambda p, e: p[0][0] * p[0][1] + p[0][1] if len(p) >= 2 else None),
    _count("last_layer_skipped", "The last layer is missing from your count: the loop over "
           "the layers stops one step early (one range(len(layer_sizes) - 2)?). There is one "
           "layer per pair of neighbouring sizes.",
           lambda p, e: e - p[-1][0] * p[-1][1] - p[-1][1] if len(p) >= 2 else None),
    _count("first_layer_skipped", "The first layer is missing from your count: positions "
           "count from 0, so the first layer is the pair (layer_sizes[0], layer_sizes[1]).",
           lambda p, e: e - p[0][0] * p[0][1] - p[0][1] if len(p) >= 2 else None),
    _count("sizes_added", "You added the sizes up: a layer's parameter count multiplies "
           "n_inputs by n_neurons (its weights), then adds n_neurons (its biases).",
           lambda p, e: sum(a for a, _ in p) + p[-1][1]),
    _count("product_of_all_sizes", "You multiplied all the sizes together: with two layers "
           "or more that is no layer's count. Each layer has its own weights, n_inputs × "
           "n_neurons for its pair of neighbouring sizes, and the layers' counts are ADDED: "
           "for [4, 5, 2], 4 × 5 + 5 × 2 weights, not 4 × 5 × 2.",
           lambda p, e: _product([p[0][0], *(b for _, b in p)]) + sum(b for _, b in p)
           if len(p) >= 2 else None),
    _count("biases_for_inputs", "You counted a bias for every size in the list, the inputs "
           "included: layer_sizes[0] is the number of inputs, and the inputs have no biases; "
           "only neurons do. The biases are the sizes after the first, "
           "sum(layer_sizes[1:]).", lambda p, e: e + p[0][0]),
    _count("weights_added", "You counted each layer's weights as n_inputs + n_neurons: a "
           "layer has one weight for every pair (input, neuron), n_inputs × n_neurons of "
           "them, e.g. 4 × 5 = 20 for 4 inputs and 5 neurons, not 4 + 5.",
           lambda p, e: sum(a + b + b for a, b in p)),
    _count("one_bias_per_layer", "You counted one bias per layer: each NEURON has its own "
           "bias, so a layer has n_neurons biases (the second size of its pair), on top of "
           "its n_inputs × n_neurons weights.",
           lambda p, e: e - sum(b for _, b in p) + len(p)),
    _count("two_layers_only", "Your count fits networks of exactly two layers: the formula "
           "is written out for three sizes (like the lesson's [4, 5, 2]), so other numbers of "
           "layers come out wrong. Loop over every pair of neighbouring sizes, "
           "zip(layer_sizes[:-1], layer_sizes[1:]), and add each layer's count.",
           lambda p, e: (p[0][0] * p[0][1] + p[0][1] + p[0][1] * p[-1][1] + p[-1][1]
                         if len(p) != 2 else None)),
    _count("square_layers", "You counted n_neurons × n_neurons weights for every layer, as "
           "if each layer had as many inputs as neurons: a layer's inputs are the size before "
           "it (the network's inputs for the first layer), so its weights are n_inputs × "
           "n_neurons.", lambda p, e: sum(b * b + b for _, b in p)),
    _count("middle_layers_missing", "You counted only the first and the last layer: the "
           "layers in between are missing. There is one layer per pair of neighbouring "
           "sizes; loop over every pair, zip(layer_sizes[:-1], layer_sizes[1:]).",
           lambda p, e: sum(a * b + b for a, b in (p[0], p[-1])) if len(p) >= 3 else None),
    _count("bias_for_inputs_too", "You counted (n_inputs + 1) × (n_neurons + 1) per layer: "
           "that adds a bias per input and one more. A layer has n_inputs × n_neurons "
           "weights and n_neurons biases, (n_inputs + 1) × n_neurons in all.",
           lambda p, e: sum((a + 1) * (b + 1) for a, b in p)),
    _count("only_last_biases", "You counted every layer's weights but only the last "
           "layer's biases: each layer has its own n_neurons biases, so add n_neurons for "
           "every layer, inside the loop, not once after it.",
           lambda p, e: sum(a * b for a, b in p) + p[-1][1] if len(p) >= 2 else None),
    _count("only_first_biases", "You counted every layer's weights but only the first "
           "layer's biases: each layer has its own n_neurons biases, so add n_neurons for "
           "every layer.", lambda p, e: sum(a * b for a, b in p) + p[0][1]
           if len(p) >= 2 else None),
    _count("last_size_counted", "Your count is too large by the last size, layer_sizes[-1]: "
           "a list of one size (where a recursion or a loop ends) was counted as that size, "
           "but one size alone is no layer and has no parameters: it counts 0.",
           lambda p, e: e + p[-1][1]),
)


def _product(values) -> int:
    total = 1
    for v in values:
        total *= v
    return total


COUNT_PARAMETERS = Exercise(
    "ex07_count_parameters", "count_parameters", "number", plain_python=False,
    probes=COUNT_PROBES, detectors=(models(*COUNT_MODELS),),
    whole_result="a number of parameters")
