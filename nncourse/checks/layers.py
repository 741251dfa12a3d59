"""Probes and mistake models for everything that computes inputs · weights + bias.

A neuron on one sample (chapter 01), a layer (02, 04), one neuron on several samples (01),
a layer on a batch (02, 06, 08): all are the table X · Wᵀ + b, with X (samples, inputs),
W (neurons, inputs) and b (neurons,), read with fewer axes. A View says how one exercise's
arguments and result map onto that table; the same probe battery and the same mistake
models then serve every such exercise.

The battery is eleven fixed layers of 5 samples, 3 inputs, 4 neurons (nothing square,
every bias different, their sum equal to none of them), with the expected tables written
out: all inputs 0 (a layer gives its biases), biases 0, one input 1 and the others 0
(first, then last), whole numbers only (twice), fractions everywhere, many decimals, and
three variants of "fractions everywhere" that change one argument each (inputs, weights,
biases). A View takes the first sample and/or the first neuron when its exercise has no
such axis.

The models predict a mistake's answer from a trial's *expected* table and its inputs only
(the bias missing: expected - b; the last input skipped: expected - x_last · w_last), never
the right answer from the inputs; see probes.Model for when one is named.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .code_text import appends_after_loop, python_loops, slices_off_an_end
from .describe import fmt_array, fmt_number
from .exercise import as_float_array
from .failure import Hint
from .probes import Evidence, Model, Probe, models

# --- the battery: 5 samples, 3 inputs, 4 neurons --------------------------------------

_W = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.5], [-2.0, 0.75, 1.0], [0.25, 1.5, -1.25]]
_B = [1.5, -2.0, 0.75, 2.5]
_NO_B = [0.0, 0.0, 0.0, 0.0]
_X_FULL = [[0.5, 1.5, -1.0], [2.0, -0.5, 1.0], [-1.5, 0.25, 0.5], [1.0, 1.0, 2.5],
           [0.75, -1.25, -0.5]]

#: name -> (inputs, weights, biases, expected table, whole numbers only)
BATTERY: dict[str, tuple[list, list, list, list, bool]] = {
    "zero": ([[0.0, 0.0, 0.0]] * 5, _W, _B, [[1.5, -2.0, 0.75, 2.5]] * 5, False),
    "no_bias": (
        [[1.0, 2.0, 3.0], [2.0, 0.0, -1.0], [-1.0, 1.0, 0.5], [0.5, -2.0, 1.0], [3.0, 1.0, -1.0]],
        _W, _NO_B,
        [[4.5, 0.5, 2.5, -0.5], [-1.0, 3.5, -5.0, 1.75], [-0.5, -1.5, 3.25, 0.625],
         [4.25, -0.25, -1.5, -4.125], [-1.5, 5.25, -6.25, 3.5]], False),
    "first_input": (
        [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]],
        _W, _NO_B,
        [[0.5, 1.5, -2.0, 0.25], [-1.0, 0.25, 0.75, 1.5], [2.0, -0.5, 1.0, -1.25],
         [0.5, 1.5, -2.0, 0.25], [-1.0, 0.25, 0.75, 1.5]], False),
    "last_input": (
        [[0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]],
        _W, _NO_B,
        [[2.0, -0.5, 1.0, -1.25], [-1.0, 0.25, 0.75, 1.5], [0.5, 1.5, -2.0, 0.25],
         [2.0, -0.5, 1.0, -1.25], [0.5, 1.5, -2.0, 0.25]], False),
    "whole": (
        [[1, 2, 3], [2, 0, -1], [-1, 1, 4], [0, -2, 1], [3, 1, -1]],
        [[2, -1, 3], [1, 4, -2], [-3, 1, 2], [0, 2, -1]], [2, -1, 1, 4],
        [[11, 2, 6, 5], [3, 3, -7, 5], [11, -6, 13, 2], [7, -11, 1, -1], [4, 8, -9, 7]], True),
    "whole_again": (
        [[-2, 1, 1], [3, -1, 2], [1, 1, -3], [2, 2, 0], [-1, -2, 2]],
        [[1, 3, -2], [-2, 1, 1], [2, 0, 3], [1, -1, 2]], [-3, 2, -2, 1],
        [[-4, 8, -3, 0], [-7, -3, 10, 9], [7, -2, -9, -5], [5, 0, 2, 1], [-14, 4, 2, 6]], True),
    "full": (
        _X_FULL, _W, _B,
        [[-1.75, -0.375, -0.125, 6.125], [5.0, 0.375, -2.625, 1.0],
         [1.5, -4.4375, 4.4375, 1.875], [6.0, -1.5, 2.0, 1.125],
         [2.125, -0.9375, -2.1875, 1.4375]], False),
    "fine": (
        [[0.123, -0.456, 0.789], [0.321, 0.654, -0.987], [-0.111, 0.222, 0.333],
         [0.707, -0.303, 0.505], [0.919, 0.818, -0.717]],
        [[0.371, -0.529, 0.613], [0.247, 0.839, -0.151], [-0.733, 0.199, 0.467],
         [0.581, -0.317, 0.293]], [0.137, -0.241, 0.359, -0.463],
        [[0.907514, -0.712342, 0.54656, -0.015808], [-0.694906, 0.53603, -0.207076, -0.773008],
         [0.18251, -0.132442, 0.640052, -0.500296], [0.869149, -0.396843, 0.016307, 0.191783],
         [-0.394294, 0.780562, -0.486684, -0.398448]], False),
    "other_inputs": (
        [[-1.0, 0.5, 2.0], [1.5, 1.0, -0.5], [0.25, -2.0, 1.0], [2.0, 0.0, 0.5],
         [-0.5, 1.5, 1.5]], _W, _B,
        [[4.5, -4.375, 5.125, 0.5], [0.25, 0.75, -2.0, 5.0], [5.625, -2.625, -0.25, -1.6875],
         [3.5, 0.75, -2.75, 2.375], [2.75, -3.125, 4.375, 2.75]], False),
    "other_weights": (
        _X_FULL, [[1.0, 0.5, -0.5], [-0.75, 2.0, 1.0], [0.5, -1.5, 0.25], [2.0, 1.0, 0.5]], _B,
        [[3.25, -0.375, -1.5, 4.5], [2.75, -3.5, 2.75, 6.5], [-0.125, 0.125, -0.25, 0.0],
         [1.75, 1.75, 0.375, 6.75], [1.875, -5.5625, 2.875, 2.5]], False),
    "other_bias": (
        _X_FULL, _W, [-1.0, 0.5, 2.5, -0.25],
        [[-4.25, 2.125, 1.625, 3.375], [2.5, 2.875, -0.875, -1.75],
         [-1.0, -1.9375, 6.1875, -0.875], [3.5, 1.0, 3.75, -1.625],
         [-0.375, 1.5625, -0.4375, -1.3125]], False),
}


@dataclass(frozen=True)
class View:
    """How an exercise's arguments (inputs, weights, bias, in this order) and its result
    map onto the table X · Wᵀ + b.

    samples  the inputs are several samples (a list of rows), the result one entry each
    neurons  the weights are several neurons (one row each), the result one entry each
    arrays   arguments are NumPy arrays (else plain lists of floats)
    """

    samples: bool = False
    neurons: bool = False
    arrays: bool = False
    bias: bool = True  # False: f(inputs, weights), a dot product without a bias

    def args(self, names: tuple[str, ...], x, w, b) -> dict:
        x = x if self.samples else x[0]
        w, b = (w, b) if self.neurons else (w[0], b[0])
        if self.arrays:
            x, w = np.array(x, dtype=float), np.array(w, dtype=float)
            b = np.array(b, dtype=float) if self.neurons else float(b)
        else:
            x, w = _floats(x), _floats(w)
            b = _floats(b) if self.neurons else float(b)
        values = (x, w, b) if self.bias else (x, w)
        return dict(zip(names, values, strict=True))

    def expected(self, table, b=None):
        t = np.asarray(table, dtype=float)
        if not self.bias:
            t = t - np.asarray(b, dtype=float)  # the same sums without the bias
        t = t if self.samples else t[:1]
        t = t if self.neurons else t[:, :1]
        if not self.samples and not self.neurons:
            return float(t[0, 0])
        value = t.reshape(-1) if not (self.samples and self.neurons) else t
        return value.copy() if self.arrays else value.tolist()

    def layer(self, args: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(X (s, m), W (n, m), b (n,)) of a call's arguments."""
        values = list(args.values())
        x, w = (np.asarray(v, dtype=float) for v in values[:2])
        b = np.asarray(values[2], dtype=float) if self.bias else np.zeros(
            w.shape[0] if self.neurons else 1)
        x = x if self.samples else x.reshape(1, -1)
        w = w if self.neurons else w.reshape(1, -1)
        b = b.reshape(-1) if self.neurons else b.reshape(1)
        return x, w, b

    def table(self, value) -> np.ndarray | None:
        """A result as a 2-D table (rows samples, columns neurons), whatever its shape."""
        arr = as_float_array(value)
        if arr is None or arr.ndim > 2:
            return None
        if arr.ndim == 0:
            return arr.reshape(1, 1)
        if arr.ndim == 1:
            return arr.reshape(-1, 1) if self.samples and not self.neurons else arr.reshape(1, -1)
        return arr


def _floats(nested):
    if isinstance(nested, (list, tuple)):
        return [_floats(v) for v in nested]
    return float(nested)


_ABOUT = {
    "zero": ("all inputs 0: a neuron gives its bias alone",
             "all inputs 0: each neuron gives its own bias"),
    "no_bias": ("bias 0: the weighted sum alone", "biases 0: the weighted sums alone"),
    "first_input": ("only the first input is 1, bias 0: the output is the first weight",
                    "one input 1, the others 0, biases 0: each output is one weight"),
    "last_input": ("only the last input is 1, bias 0: the output is the last weight",
                   "one input 1, the others 0, biases 0: each output is one weight"),
    "whole": ("whole numbers only", "whole numbers only"),
    "whole_again": ("other whole numbers", "other whole numbers"),
    "full": ("fractions everywhere", "fractions everywhere"),
    "fine": ("many decimals", "many decimals"),
    "other_inputs": ("other inputs, same weights and bias",
                     "other inputs, same weights and biases"),
    "other_weights": ("other weights, same inputs and bias",
                      "other weights, same inputs and biases"),
    "other_bias": ("another bias, same inputs and weights",
                   "other biases, same inputs and weights"),
}


def probes(view: View, names: tuple[str, ...]) -> tuple[Probe, ...]:
    """The battery as probes for an exercise whose parameters are `names`."""
    found = []
    for name, (x, w, b, table, whole) in BATTERY.items():
        if not view.bias and name in ("zero", "other_bias"):
            continue  # without a bias these say nothing new
        about = _ABOUT[name][1 if view.neurons else 0]
        if not view.bias:
            about = _NO_BIAS_ABOUT.get(name, about)
        found.append(Probe(name, view.args(names, x, w, b), view.expected(table, b), about,
                           whole=whole))
    return tuple(found)


_NO_BIAS_ABOUT = {
    "no_bias": "",
    "first_input": "only the first entry of vector_a is 1: the result is the first of vector_b",
    "last_input": "only the last entry of vector_a is 1: the result is the last of vector_b",
    "other_inputs": "another vector_a, same vector_b",
    "other_weights": "another vector_b, same vector_a",
}


# --- the models -------------------------------------------------------------------------


def _parts(ev: Evidence, trial):
    x, w, b = ev.exercise.view.layer(trial.args)
    exp = ev.expected(trial)
    return x, w, b, exp


def _model(key: str, text, section: str | None, need=lambda x, w, b: True,
           min_trials: int = 2):
    """A decorator: predict(x, w, b, expected) -> table, as a Model.

    `need` says where the mistake cannot be formed at all. Where the mistake merely gives
    the right answer (a bias mistake when every bias is 0), the model still predicts it, so
    that a wrong answer there contradicts the model instead of being skipped."""

    def wrap(func):
        def predict(ev, trial):
            x, w, b, exp = _parts(ev, trial)
            if exp is None or not need(x, w, b):
                return None
            return func(x, w, b, exp)

        return Model(key, predict, text, section, min_trials)

    return wrap


def _m(ev):
    return ev.exercise.view


def _row_word(ev) -> str:
    """What one sample's result is: a row of outputs (a layer), or one output (a neuron)."""
    return "row" if _m(ev).neurons else "output"


def _bias_word(ev) -> str:
    return "biases" if _m(ev).neurons else "bias"


@_model("bias_missing", lambda ev, hits: (
    f"The {_bias_word(ev)} {'are' if _m(ev).neurons else 'is'} missing: with all inputs 0 "
    f"{'each neuron must give its bias' if _m(ev).neurons else 'a neuron must give its bias'}, "
    f"and adding the {_bias_word(ev)} to your results gives exactly the expected ones. Add "
    f"{'each neuron its own bias' if _m(ev).neurons else 'the bias'} once, after the "
    "weighted sum."), "bias")
def bias_missing(x, w, b, exp):
    return exp - b


@_model("bias_twice", "The bias is added twice: with all inputs 0 your result is twice the "
        "bias, and subtracting the bias once from your results gives the expected ones. Add "
        "it exactly once, after the weighted sum.", "bias")
def bias_twice(x, w, b, exp):
    return exp + b


def _per_input_cause(ev) -> str:
    code = ev.code
    if code and not python_loops(code):
        return ("Your code multiplies the bias by the number of inputs, or adds it to every "
                "input before the sum")
    return "It went into every product (inside the loop over the inputs, or before the sum)"


@_model("bias_per_input", lambda ev, hits: (
    "The bias is added once per input: with all inputs 0 you get "
    f"{_inputs(ev, hits)} × the bias. {_per_input_cause(ev)}; add it once, after the "
    "products are summed."), "bias",
    need=lambda x, w, b: x.shape[1] >= 2)
def bias_per_input(x, w, b, exp):
    return exp + (x.shape[1] - 1) * b


def _inputs(ev, hits) -> str:
    """The number of inputs of the probe shown as evidence (the first one that confirmed)."""
    shown = next((t for t in hits if t.name != "main"), hits[0])
    x, _, _ = ev.exercise.view.layer(shown.args)
    return str(x.shape[1])


@_model("bias_multiplied", "The bias multiplies the weighted sum instead of being added to "
        "it: with bias 0 your output is 0, and your results are the weighted sums times the "
        "bias. The output is weighted sum + bias.", "bias")
def bias_multiplied(x, w, b, exp):
    return (exp - b) * b


@_model("bias_on_weights", "The bias was added to every weight (w + b), so it got "
        "multiplied by every input: with all inputs 0 it vanishes. The bias belongs to the "
        "neuron, not to a weight: add it once, after the weighted sum.", "bias")
def bias_on_weights(x, w, b, exp):
    return exp - b + b * x.sum(axis=1)[:, None]


@_model("bias_on_inputs", "The bias was added to every input (x + b), so it got multiplied "
        "by every weight: with all inputs 0 you get bias × the sum of the weights. Add it "
        "once, after the weighted sum.", "bias")
def bias_on_inputs(x, w, b, exp):
    return exp - b + b * w.sum(axis=1)[None, :]


def _own_bias(ev) -> str:
    """How to give each neuron its own bias, in the exercise's terms: arrays broadcast, and
    a loop over the rows pairs them (only where a row of the weights is a neuron)."""
    if _m(ev).arrays:
        return ("Each neuron takes its own bias: biases[j] for neuron j in a loop over the "
                "neurons, or the `biases` array itself added at once (`+ biases`), which "
                "gives each neuron its own.")
    return ("Pair each row of the weights with its own bias: `for row, bias in zip(weights, "
            "biases)`, or biases[i] for row i.")


#: the fix for biases that are not one per neuron, in code with or without a loop over them
BIAS_PER_COLUMN = ("Each neuron takes its own bias: biases[j] for neuron j in a loop over the "
                   "neurons, or the whole `biases` array added at once, which broadcasts, one "
                   "bias per column.")


@_model("first_bias_for_all", lambda ev, hits: (
    "Every neuron got the first bias: with all inputs 0 each neuron should give its own bias, "
    "yours all give the first one. " + _own_bias(ev)), "bias",
    need=lambda x, w, b: b.size >= 2)
def first_bias_for_all(x, w, b, exp):
    return exp - b + b[0]


@_model("all_biases_added", lambda ev, hits: (
    "Every output carries the sum of all the biases: each neuron has exactly one bias, the "
    "one at its own position. " + _own_bias(ev)), "bias",
        need=lambda x, w, b: b.size >= 2)
def all_biases_added(x, w, b, exp):
    return exp - b + b.sum()


@_model("bias_per_sample", "Each sample got one bias added to all its outputs: the biases "
        "were paired with the samples (`zip(samples, biases)`). A bias belongs to a neuron, "
        "not to a sample: pair the biases with the rows of the weights.", "layer_loops",
        need=lambda x, w, b: x.shape[0] >= 2 and b.size >= 2)
def bias_per_sample(x, w, b, exp):
    k = min(x.shape[0], b.size)
    return (exp - b)[:k] + b[:k, None]


@_model("mean_not_sum", lambda ev, hits: (
    f"Your weighted sum is divided by the number of inputs ({_inputs(ev, hits)}): that is a "
    "mean. A neuron adds the products up; it does not average them."), "neuron",
    need=lambda x, w, b: x.shape[1] >= 2)
def mean_not_sum(x, w, b, exp):
    return (exp - b) / x.shape[1] + b


def _products(x, w):
    return x[:, None, :] * w[None, :, :]  # (s, n, m): every single product x_j * w_j


def _one_product(key: str, text: str, position: int, times: int) -> Model:
    """One input × weight (at `position`) missing (times -1) or counted again (times 1)."""

    @_model(key, text, "neuron", need=lambda x, w, b: x.shape[1] >= 2)
    def predict(x, w, b, exp):
        return exp + times * _products(x, w)[..., position]

    return predict


last_input_skipped = _one_product("last_input_skipped", (
    "The last input is left out: with only the last input 1 your output does not show the "
    "last weight, and your results are the expected ones minus the last input × weight. The "
    "loop over the inputs stops one step early (range(len(...) - 1), or a slice [:-1]?): go "
    "through every input."), -1, -1)
first_input_skipped = _one_product("first_input_skipped", (
    "The first input is left out: with only the first input 1 your output does not show the "
    "first weight, and your results are the expected ones minus the first input × weight. "
    "Positions count from 0: a loop over range(1, ...) skips position 0."), 0, -1)
first_product_twice = _one_product("first_product_twice", (
    "The first input × weight is counted twice: your results are the expected ones plus "
    "inputs[0] × weights[0]. The total starts from that product and the loop then adds every "
    "product, the first one again. Start the total from 0 (or the bias), or start the loop at "
    "the second position."), 0, 1)
last_product_twice = _one_product("last_product_twice", (
    "The last input × weight is counted twice: your results are the expected ones plus the "
    "last input × weight. The loop already adds every product, the last one included: do not "
    "add it again after the loop."), -1, 1)


@_model("last_product_only", "Only the last input × weight survived: inside your loop the "
        "total is overwritten (`total = x * w`) instead of accumulated (`total += x * w`). "
        "Start from 0 (or the bias) and add every product.", "neuron",
        need=lambda x, w, b: x.shape[1] >= 2)
def last_product_only(x, w, b, exp):
    return _products(x, w)[..., -1] + b


@_model("first_product_only", "Only the first input × weight is counted: the function "
        "returns during the first round of the loop (is `return` indented inside the loop?). "
        "Return after the loop, once every product is added.", "neuron",
        need=lambda x, w, b: x.shape[1] >= 2)
def first_product_only(x, w, b, exp):
    return _products(x, w)[..., 0] + b


@_model("product_of_sums", "You multiplied the sum of the inputs by the sum of the weights. "
        "A neuron multiplies each input by its own weight, position by position, then adds "
        "those products.", "neuron", need=lambda x, w, b: x.shape[1] >= 2)
def product_of_sums(x, w, b, exp):
    return x.sum(axis=1)[:, None] * w.sum(axis=1)[None, :] + b


@_model("products_not_summed", "You returned the products one by one, one per input, "
        "instead of their sum: add them up into one number (a running total with +=, or "
        "sum(...)), then add the bias.", "neuron",
        need=lambda x, w, b: x.shape[0] == 1 and w.shape[0] == 1 and x.shape[1] >= 2)
def products_not_summed(x, w, b, exp):
    return _products(x, w)[0, 0][None, :]


@_model("products_not_summed", "You returned the products one by one, one per input (and "
        "the bias after them), instead of one number: add the products up (a running total "
        "with +=, or sum(...)), then add the bias.", "neuron",
        need=lambda x, w, b: x.shape[0] == 1 and w.shape[0] == 1 and x.shape[1] >= 2)
def products_and_bias(x, w, b, exp):
    return np.append(_products(x, w)[0, 0], b)[None, :]


@_model("elementwise_product", "You multiplied element by element (`*`) but never added the "
        "products up: a neuron needs the sum of inputs × weights, which is what np.dot "
        "gives.", "dot",
        need=lambda x, w, b: x.shape[0] == 1 and w.shape[0] == 1 and x.shape[1] >= 2)
def elementwise_product(x, w, b, exp):
    return _products(x, w)[0, 0][None, :] + b


@_model("running_sum_not_reset", "Your first output is right, but each later one also "
        "contains the sums of the neurons before it: the running total is started only once. "
        "Start a fresh total inside the loop over the neurons, before the loop over the "
        "inputs (`total = 0.0`, or the neuron's bias if your total starts from it).",
        "sum_reset", need=lambda x, w, b: w.shape[0] >= 2)
def running_sum_not_reset(x, w, b, exp):
    return np.cumsum(exp - b, axis=1) + b


@_model("running_sum_across_samples", "Your first output is right, but each later one also "
        "contains the sums of the samples before it: the running total is started only "
        "once, before the loop over the samples. Start a fresh total for each sample, inside "
        "the loop over the samples (`total = 0.0`, or the bias if your total starts from "
        "it).", "sum_reset",
        need=lambda x, w, b: x.shape[0] >= 2)
def running_sum_across_samples(x, w, b, exp):
    return np.cumsum(exp - b, axis=0) + b


@_model("samples_reversed", "Your outputs are right but in reverse order: the last sample's "
        "output comes first (insert(0, ...), reversed(...) or a loop that counts down?). Add "
        "each output at the end (append), so output k belongs to sample k.", "layer_loops",
        need=lambda x, w, b: x.shape[0] >= 2)
def samples_reversed(x, w, b, exp):
    return exp[::-1]


def _shifted(x, w, step: int, wrap: bool):
    """Every input paired with the weight `step` places further on (wrapping round at the
    end, or losing the inputs whose partner lies past it)."""
    if wrap:
        return np.einsum("sj,nj->sn", x, np.roll(w, -step, axis=1))
    if step > 0:
        return np.einsum("sj,nj->sn", x[:, :-step], w[:, step:])
    return np.einsum("sj,nj->sn", x[:, -step:], w[:, :step])


def _shift_model(step: int, wrap: bool) -> Model:
    partner = "the NEXT weight (input 0 with weight 1, input 1 with weight 2, ...)" \
        if step > 0 else "the PREVIOUS weight (input 1 with weight 0, input 2 with weight 1, ...)"
    how = ("an index such as weights[i + 1], or a slice such as weights[1:]" if step > 0
           else "an index such as inputs[i + 1], or a slice such as inputs[1:]")
    end = " (wrapping round at the end)" if wrap else ""

    @_model("shifted_pairing", (
        f"Each input was paired with {partner}{end}: with one input 1 and the others 0 your "
        "output shows a neighbouring weight, not that input's own. The positions are shifted "
        f"by one ({how}): pair inputs[i] with weights[i], e.g. zip(inputs, weights)."),
        "neuron", need=lambda x, w, b: x.shape[1] >= 2)
    def shifted(x, w, b, exp):
        return _shifted(x, w, step, wrap) + b

    return shifted


SHIFTED_PAIRINGS = tuple(_shift_model(step, wrap) for step in (1, -1) for wrap in (False, True))


def _first_inputs_only(k: int) -> Model:
    """The inputs after the first k are left out: k products written out by hand, or a
    loop over a fixed range(k). Confirmed by one call with more than k inputs, and only when
    every call with k inputs or fewer is right (a lesson global that happens to equal the
    k-input sum is wrong there)."""

    def predict(ev, trial):
        x, w, b, exp = _parts(ev, trial)
        if exp is None:
            return None
        if x.shape[1] <= k:
            return exp  # the mistake is right here: a wrong answer contradicts it
        return exp - _products(x, w)[..., k:].sum(axis=-1)

    def text(ev, hits) -> str:
        start = (f"Your function uses only the first {k} input{'s' if k > 1 else ''}: its "
                 "results are the expected ones minus the products of every input after "
                 f"position {k - 1}.")
        counts = {f"len({name})" for t in hits for name, value in t.args.items()
                  if name != "inputs" and np.ndim(value) >= 1 and len(value) == k}
        if hits and all(any(np.ndim(v) >= 1 and len(v) == k for n, v in t.args.items()
                            if n != "inputs") for t in hits) and counts:
            said = " or ".join(sorted(counts))
            return (f"{start} {k} is {said} on every such call: does the loop over the "
                    f"inputs count with {said} (the number of neurons) instead of "
                    "len(inputs)? Go through every input: for x, w in zip(inputs, row).")
        return (f"{start} Are the products written out one by one, or the loop a fixed "
                f"range({k})? Go through every input, however many there are: for x, w in "
                "zip(inputs, weights).")

    return Model("fixed_input_count", predict, text, "neuron", min_trials=1)


FIXED_INPUT_COUNTS = tuple(_first_inputs_only(k) for k in (2, 3, 4))


@_model("one_input_per_neuron", "Each neuron used only one input: the outer loop paired a row "
        "of the weights with a single input (`zip(weights, inputs)`). Every neuron reads all "
        "the inputs: pair each row with its bias in the outer loop, then that row with the "
        "inputs in the inner loop.", "layer_loops",
        need=lambda x, w, b: x.shape[0] == 1 and w.shape[0] >= 2)
def one_input_per_neuron(x, w, b, exp):
    k = min(w.shape[0], x.shape[1])
    return (x[0, :k] * w[:k].sum(axis=1) + b[:k])[None, :]


@_model("list_concatenation", "`+` on two Python lists glues them together: your list is the "
        "weighted sums followed by the biases. Add each neuron's bias to its own sum "
        "instead (inside the loop, or pair them with zip).", "lists",
        need=lambda x, w, b: x.shape[0] == 1 and w.shape[0] >= 2)
def list_concatenation(x, w, b, exp):
    return np.concatenate([exp - b, b[None, :]], axis=1)


@_model("bias_subtracted", lambda ev, hits: (
    f"The {_bias_word(ev)} {'are' if _m(ev).neurons else 'is'} subtracted instead of added: "
    f"with all inputs 0 you get minus the {_bias_word(ev)}, and your results are the "
    f"expected ones minus twice the {_bias_word(ev)}. The output is weighted sum + "
    f"{_bias_word(ev)}: check the sign."), "bias")
def bias_subtracted(x, w, b, exp):
    return exp - 2 * b


@_model("biases_shifted", "Each neuron got the bias of the neuron before it (the first "
        "neuron the last one's): with all inputs 0 your outputs are the biases moved one "
        "place along. An index such as biases[i - 1] does this (and -1 wraps round to the "
        "end): pair row i of the weights with biases[i].", "bias",
        need=lambda x, w, b: b.size >= 2 and not np.allclose(b, np.roll(b, 1)))
def biases_shifted(x, w, b, exp):
    return exp - b + np.roll(b, 1)


@_model("first_row_for_all", "Every neuron computed its weighted sum with the first row of "
        "the weights, weights[0], and only its bias is its own: the inner loop reads "
        "weights[0] (a copy-paste slip?) where it should read the current neuron's row. Use "
        "the row of the loop: for row, bias in zip(weights, biases): ... zip(row, inputs).",
        "layer_loops", need=lambda x, w, b: w.shape[0] >= 2 and not np.allclose(w, w[:1]))
def first_row_for_all(x, w, b, exp):
    return (x @ w[0])[:, None] + b[None, :]


@_model("biases_reversed", "Each neuron got the bias of the neuron at the mirrored position "
        "(the last neuron's bias on the first neuron, ...): with all inputs 0 your outputs are "
        "the biases in reverse order. Pair row i of the weights with biases[i], e.g. "
        "zip(weights, biases), not reversed(biases) or biases[-1 - i].", "bias",
        need=lambda x, w, b: b.size >= 2 and not np.allclose(b, b[::-1]))
def biases_reversed(x, w, b, exp):
    return exp - b + b[::-1]


@_model("weights_reversed", "Each input was paired with the weight at the mirrored position "
        "(the first input with the last weight, ...): with only the first input 1 your output "
        "shows the last weight. Pair inputs[i] with weights[i], e.g. zip(inputs, weights), "
        "not reversed(weights) or weights[-1 - i].", "neuron",
        need=lambda x, w, b: x.shape[1] >= 2)
def weights_reversed(x, w, b, exp):
    return x @ w[:, ::-1].T + b


@_model("inputs_for_weights", lambda ev, hits: (
    "Your function multiplies the inputs by themselves: your results are the sums of the "
    "squared inputs (plus the " + _bias_word(ev) + "), and the weights change nothing. Pair "
    "each input with its weight: zip(inputs, weights)"
    + ("." if ev.exercise.plain_python else ", or np.dot(weights, inputs).")),
    "neuron")
def inputs_for_weights(x, w, b, exp):
    return (x * x).sum(axis=1)[:, None] + b + 0 * w[:, :1].T


@_model("weights_for_inputs", lambda ev, hits: (
    "Your function multiplies the weights by themselves: your results are the sums of the "
    "squared weights (plus the " + _bias_word(ev) + "), and the inputs change nothing. Pair "
    "each input with its weight: zip(inputs, weights), or np.dot(weights, inputs)."),
    "neuron")
def weights_for_inputs(x, w, b, exp):
    return 0 * x[:, :1] + (w * w).sum(axis=1)[None, :] + b


@_model("outputs_summed", "Your result has one number per sample: each sample's outputs were "
        "added up. A layer gives one output per neuron, so each sample needs a row of "
        "outputs: append each neuron's value to the sample's row instead of adding it to one "
        "total.", "layer_loops", need=lambda x, w, b: w.shape[0] >= 2 and x.shape[0] >= 2)
def outputs_summed(x, w, b, exp):
    return exp.sum(axis=1)[None, :]


def _appended_in_inner_loop(bias_first: bool) -> Model:
    """Every running total of each neuron, appended after each input (the append inside the
    loop over the inputs), neuron after neuron; the bias in every total (the total starts
    from it) or only in the last one (added after the loop)."""

    @_model("append_in_inner_loop", lambda ev, hits: (
        f"Your list has one value per input of every neuron ({_inputs(ev, hits)} per neuron), "
        "the running totals as they grow: the append sits inside the loop over the inputs. "
        "Append once per neuron, after the loop over its inputs (indent it one level less)."),
        "layer_loops", need=lambda x, w, b: x.shape[0] == 1 and x.shape[1] >= 2)
    def predict(x, w, b, exp):
        running = np.cumsum(_products(x, w), axis=-1)  # (s, n, m)
        if bias_first:
            running = running + b[None, :, None]
        else:
            running[..., -1] += b[None, :]
        return running.reshape(1, -1)

    return predict


APPENDED_IN_INNER_LOOP = tuple(_appended_in_inner_loop(first) for first in (True, False))


@_model("column_broadcast", "Your result is a square table, one row per neuron and one "
        "column per bias: the weighted sums came out as a column (n_neurons, 1), and adding "
        "the biases (n_neurons,) to a column broadcasts into every pairing. Keep the inputs "
        "1-D, so np.dot(weights, inputs) has shape (n_neurons,), then add the biases.",
        "weights_first", need=lambda x, w, b: x.shape[0] == 1 and b.size >= 2)
def column_broadcast(x, w, b, exp):
    return (exp - b).reshape(-1, 1) + b.reshape(1, -1)


@_model("one_weight_per_sample", "Each sample got one weight for all its inputs: "
        "zip(samples, weights) pairs sample i with weights[i], a single number. Every sample "
        "uses the whole list of weights: loop over the samples, and inside over "
        "zip(sample, weights).", "layer_loops",
        need=lambda x, w, b: x.shape[0] >= 2 and w.shape[0] == 1 and x.shape[1] >= 2)
def one_weight_per_sample(x, w, b, exp):
    k = min(x.shape[0], x.shape[1])
    return x[:k].sum(axis=1, keepdims=True) * w[0, :k, None] + b


# shapes: a loop over the samples or the neurons that does too much or too little


def _cut_text(ev, start: str, loop_cause: str, slice_cause: str) -> str:
    """One entry missing at an end: by a loop's range, or by a slice, as the code shows."""
    code = ev.code
    if code and slices_off_an_end(code) and not python_loops(code):
        return f"{start} In your code, {slice_cause}: keep every one."
    if code and python_loops(code) and not slices_off_an_end(code):
        return f"{start} {loop_cause}"
    return (f"{start} A loop that stops one step early (a range one too short) or a slice "
            "that cuts an end off ([:-1], [1:]) does this: keep every one.")


def _last_only_text(ev) -> str:
    """Only the last neuron's output kept: the code tells an append after the loop from a
    list made anew inside it."""
    start = "Only the last neuron's output is in your result: "
    code = ev.code
    if code and appends_after_loop(code):
        return (start + "your `append` runs once, after the loop over the neurons, when only "
                "the last neuron's value is left. Indent it into the loop, so that every "
                "neuron's output is appended.")
    return (start + "the list of outputs is created again for every neuron. Create it once "
            "(`outputs = []`) before the loop over the neurons.")


def _shape_model(key, text, section, predict, need):
    """A loop over too many or too few samples / neurons. When, on every call it explains,
    the length it predicts is also the length of one same axis of an argument
    (zip(samples, weights) stops at len(weights)), it cannot say which loop it was: it
    confirms nothing, and probes.prefix_only names both counts."""
    def table(ev, t):
        exp = ev.expected(t)
        return predict(exp) if exp is not None and need(exp) else None

    def run(ev, t):
        found = table(ev, t)
        return None if found is None or _ambiguous(ev, table) else found

    return Model(key, run, text, section)


def _ambiguous(ev, table) -> bool:
    common = None
    for t in ev.trials():
        found, exp = table(ev, t), ev.expected(t)
        if found is None or found.shape == exp.shape:
            continue
        cut = [(n, m) for n, m in zip(found.shape, exp.shape, strict=True) if n != m]
        if len(cut) != 1 or cut[0][0] > cut[0][1]:
            return False  # not a loop cut short
        k = cut[0][0]
        axes = {(name, axis) for name, v in t.args.items()
                for axis, n in enumerate(np.shape(v)) if n == k}
        common = axes if common is None else common & axes
    return bool(common)


_ROWS = lambda e: e.shape[0] >= 2  # noqa: E731
_COLS = lambda e: e.shape[1] >= 2  # noqa: E731

SAMPLE_SHAPES = (
    _shape_model("first_sample_only", "Only the first sample's output came back, not one per "
                 "sample: only samples[0] is used, or a `return` inside the loop over the "
                 "samples ends the function in its first round. Create the list once before "
                 "the loop, append one entry per sample, and return after the loop.",
                 "layer_loops", lambda e: e[:1], _ROWS),
    _shape_model("last_sample_only", "Only the last sample's output came back, not one per "
                 "sample: the result is created (or replaced) inside the loop over the samples. "
                 "Create the list once before the loop and append to it.", "layer_loops",
                 lambda e: e[-1:], _ROWS),
    _shape_model("last_sample_skipped", lambda ev, hits: _cut_text(
        ev, "The last sample is missing: your outputs are those of every sample but the last.",
        "The loop over the samples stops one step early (range(len(samples) - 1)?): go "
        "through every sample.", "a slice such as [:-1] leaves out the last sample"),
        "layer_loops", lambda e: e[:-1], _ROWS),
    _shape_model("first_sample_skipped", lambda ev, hits: _cut_text(
        ev, "The first sample is missing: your outputs are those of every sample but the "
        "first.", "Positions count from 0: range(1, ...) skips sample 0; loop over every "
        "sample.", "a slice such as [1:] leaves out sample 0"),
        "layer_loops", lambda e: e[1:], _ROWS),
)

NEURON_SHAPES = (
    _shape_model("last_neuron_skipped", lambda ev, hits: _cut_text(
        ev, "The last neuron is missing: your outputs are those of every neuron but the last.",
        "The loop over the neurons stops one step early (range(len(weights) - 1)?): go "
        "through every row of the weights.",
        "a slice such as weights[:-1] leaves out the last neuron"),
        "layer_loops", lambda e: e[:, :-1], _COLS),
    _shape_model("first_neuron_skipped", lambda ev, hits: _cut_text(
        ev, "The first neuron is missing: your outputs are those of every neuron but the "
        "first.", "Positions count from 0: range(1, ...) skips row 0 of the weights.",
        "a slice such as weights[1:] leaves out row 0, the first neuron"),
        "layer_loops", lambda e: e[:, 1:], _COLS),
    _shape_model("first_neuron_only", "Only the first neuron's output came back: the `return` "
                 "is inside the loop over the neurons, so the function stops after one neuron. "
                 "Indent `return` at the level of the outer `for`.", "layer_loops",
                 lambda e: e[:, :1], _COLS),
    _shape_model("last_neuron_only", lambda ev, hits: _last_only_text(ev), "layer_loops",
                 lambda e: e[:, -1:], _COLS),
)

TABLE_SHAPES = (
    _shape_model("transposed", "Your result is turned on its side: one row per neuron instead "
                 "of one per sample. Each row must hold one sample's outputs, so the outer loop "
                 "goes over the samples and the loop over the neurons sits inside it.",
                 "layer_loops", lambda e: e.T, lambda e: e.shape[0] != e.shape[1]),
    _shape_model("flat_rows", "The numbers are right but they come as one flat list instead "
                 "of one list per sample. `extend` and `+=` glue a list onto the end of "
                 "another: use `outputs.append(row)` to add the row as one item.",
                 "layer_loops", lambda e: e.reshape(1, -1), _ROWS),
    _shape_model("shared_row", "Every row of your result is the same long list with the "
                 "outputs of all the samples: one row list was created before the loop over "
                 "the samples and reused. Start a new row (`row = []`) for each sample.",
                 "layer_loops", lambda e: np.tile(e.reshape(1, -1), (e.shape[0], 1)), _ROWS),
)


def same_every_sample(ev: Evidence) -> Hint | None:
    """Every row of the result is the same while the samples (and expected rows) differ."""
    seen = []
    for t in ev.trials():
        got, exp = ev.got(t), ev.expected(t)
        if got is None or exp is None or exp.shape[0] < 2 or got.shape != exp.shape:
            continue
        if np.allclose(exp, exp[:1]):
            continue
        if not np.allclose(got, got[:1]):
            return None
        seen.append(t)
    if len(seen) < 2:
        return None
    row = "row" if ev.exercise.view.neurons else "entry"
    first = all(ev.close(ev.got(t)[0], ev.expected(t)[0]) for t in seen)
    which = (f" Yours is the first sample's {row} every time: only samples[0] is used, "
             "repeated for every sample." if first else "")
    return Hint("same_every_sample",
                f"Every {row} of your result is the same, although the samples differ: each "
                f"{row} must hold the output of its own sample, computed from each sample in "
                f"turn.{which}",
                "layer_loops", tuple(t.name for t in seen if t.name != "main")[:1])


@_model("columns_not_samples", "Your result has one entry per input position, not one per "
        "sample: the loop walks the columns of `samples` (zip(*samples) turns rows into "
        "columns), and each column was used as if it were a sample. Loop over the samples "
        "themselves: `for sample in samples`.", "layer_loops",
        need=lambda x, w, b: x.shape[0] != x.shape[1])
def columns_not_samples(x, w, b, exp):
    # each column of the samples (s values) taken as a sample, zipped with each row of the
    # weights (m values): the first min(s, m) pairs only
    k = min(x.shape)
    return np.einsum("ij,nj->in", x.T[:, :k], w[:, :k]) + b


def outputs_per_input(ev: Evidence) -> Hint | None:
    """One value per input instead of one per neuron, on every trial where they differ."""
    seen = []
    for t in ev.trials():
        got = ev.got(t)
        if got is None:
            continue
        x, w, _ = ev.exercise.view.layer(t.args)
        m, n = x.shape[1], w.shape[0]
        if m == n:
            continue
        if got.shape[-1] != m:
            return None
        seen.append(t)
    if len(seen) < 2:
        return None
    return Hint("outputs_per_input",
                "Your result has one value per input, but a layer gives one output per neuron "
                "(one per row of the weights). Loop over the neurons (the rows of the weights), "
                "and inside that over the inputs.", "layer_loops",
                tuple(t.name for t in seen if t.name != "main")[:1])


@_model("bias_first_sample_only", lambda ev, hits: (
    f"The {_bias_word(ev)} reach{'' if _m(ev).neurons else 'es'} only the first sample: your "
    f"first {_row_word(ev)} is right, and every other {_row_word(ev)} is the expected one "
    f"without the {_bias_word(ev)}. Add {'them' if _m(ev).neurons else 'it'} to every "
    "sample's output, inside the loop over the samples."), "bias",
    need=lambda x, w, b: x.shape[0] >= 2)
def bias_first_sample_only(x, w, b, exp):
    table = exp - b
    table[0] = exp[0]
    return table


@_model("square_layer", (
    "On a square layer (as many inputs as neurons) your result is the one the weights give "
    "the other way round: there every shape fits both ways, so only the orientation tells "
    "them apart. A layout chosen from the shapes (a transpose only when they do not fit, a "
    "try/except, an `if` on the shapes) picks the wrong one here: use the one layout this "
    "exercise stores, on every call."), "square_layer",
    need=lambda x, w, b: w.shape[0] == w.shape[1] >= 2 and x.size >= 2, min_trials=1)
def square_turned(x, w, b, exp):
    """The weights of a square layer used turned: one whole table, so one call is enough."""
    return np.dot(x, w) + b


def _kept_rows(x: np.ndarray, keep) -> list[int]:
    return [i for i in range(len(x)) if keep(i)]


@_model("duplicate_samples_dropped", (
    "Equal samples got one output between them: your result has one entry per different "
    "sample, in the order they first appear. A dict or a set keyed by the sample (or an "
    "`if ... not in ...` test) keeps only one of them. Every sample gets its own output, in "
    "order, also one that appears twice."), None,
    need=lambda x, w, b: len({tuple(r) for r in x.tolist()}) < len(x))
def duplicate_samples_dropped(x, w, b, exp):
    rows = [tuple(r) for r in x.tolist()]
    return exp[_kept_rows(x, lambda i: rows.index(rows[i]) == i)]


@_model("zero_samples_skipped", (
    "Samples whose inputs are all 0 got no output: your result leaves them out. Such a "
    "sample still has an output (the weighted sum is 0, the bias remains), so every sample "
    "gets its entry, in order: drop the test that skips it."), None,
    need=lambda x, w, b: bool(np.any(np.all(x == 0, axis=1))))
def zero_samples_skipped(x, w, b, exp):
    return exp[_kept_rows(x, lambda i: bool(np.any(x[i] != 0)))]


BIAS_MODELS = (bias_missing, bias_twice, bias_per_input, bias_multiplied, bias_on_weights,
               bias_on_inputs, first_bias_for_all, all_biases_added, bias_per_sample,
               mean_not_sum, bias_subtracted, biases_reversed, biases_shifted,
               bias_first_sample_only)
INPUT_MODELS = (last_input_skipped, first_input_skipped, last_product_only,
                first_product_only, product_of_sums, products_not_summed, products_and_bias,
                elementwise_product, *SHIFTED_PAIRINGS, first_product_twice, last_product_twice,
                weights_reversed, inputs_for_weights, weights_for_inputs)
SQUARED = (inputs_for_weights, weights_for_inputs)
NEURON_MODELS = (running_sum_not_reset, one_input_per_neuron, list_concatenation,
                 *APPENDED_IN_INNER_LOOP, column_broadcast, first_row_for_all)


def detectors(view: View) -> tuple:
    """The detectors for an exercise of this view, most specific first."""
    inputs = INPUT_MODELS if view.bias else tuple(
        m for m in INPUT_MODELS if m not in SQUARED)  # a · a: one vector ignored, said so
    found = [models(*BIAS_MODELS, *inputs)]
    if view.neurons:
        found += [models(*NEURON_MODELS, *NEURON_SHAPES), outputs_per_input]
    if view.samples:
        found += [models(*SAMPLE_SHAPES, columns_not_samples, running_sum_across_samples,
                         samples_reversed, one_weight_per_sample, duplicate_samples_dropped,
                         zero_samples_skipped), same_every_sample]
    if view.samples and view.neurons:
        found.append(models(outputs_summed))
    found.append(models(*FIXED_INPUT_COUNTS))  # after the models that need two trials
    if view.neurons:
        found.append(models(square_turned))
    if view.samples and view.neurons:
        found.insert(1, models(*TABLE_SHAPES))
    return tuple(found)


def table_text(value) -> str:
    """A table for a message: numbers rounded."""
    arr = np.asarray(value, dtype=float)
    return fmt_number(arr.item()) if arr.size == 1 else fmt_array(arr)
