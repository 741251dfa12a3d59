"""Chapter 06 · A layer on a batch: the checks of its three exercises.

layer_forward (weights one row per neuron, X · Wᵀ + b) and layer_forward_columns (weights one
column per neuron, X · W + b) are layers on a batch, so they use the layer probe battery and
the mistake models of nncourse.checks.layers; the columns exercise sees the battery through
a View that stores the weights transposed, and has its own words wherever a shared hint
speaks of "rows of the weights". best_neuron_per_sample has its own probes (winner first and
last, all outputs negative, ties, one sample, one neuron) and models, each a *wrong* answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .. import layers
from ..errors import shapes_in
from ..exercise import Exercise
from ..failure import Hint
from ..probes import FEWER_DIGITS, Model, Probe, ignores_parameters, models
from ..student import location

_NAMES = ("inputs", "weights", "biases")

# --- exercise 1: layer_forward(inputs, weights, biases), weights (n_neurons, n_inputs) ----

_ROWS = layers.View(samples=True, neurons=True, arrays=True)


@dataclass(frozen=True)
class ColumnsView(layers.View):
    """The battery's layers with the weights stored one column per neuron: (n_inputs, n)."""

    def args(self, names, x, w, b) -> dict:
        args = super().args(names, x, w, b)
        args[names[1]] = np.ascontiguousarray(np.asarray(args[names[1]]).T)
        return args

    def layer(self, args: dict):
        values = dict(args)
        key = list(values)[1]
        values[key] = np.asarray(values[key], dtype=float).T
        return super().layer(values)


_COLUMNS = ColumnsView(samples=True, neurons=True, arrays=True)


def _swapped(ev, trial):
    """np.dot(weights, inputs.T) + biases: the transpose, with the biases on the samples."""
    x, w, b = ev.exercise.view.layer(trial.args)
    exp = ev.expected(trial)
    if exp is None or b.size != x.shape[0]:
        return None
    return (exp - b).T + b


def _transposed(ev, trial):
    exp = ev.expected(trial)
    return None if exp is None else exp.T


def _bias_column(ev, trial):
    """biases[:, None] (or reshape(-1, 1)): one bias per sample, on a square batch."""
    x, w, b = ev.exercise.view.layer(trial.args)
    exp = ev.expected(trial)
    if exp is None or b.size != x.shape[0]:
        return None
    return exp - b + b[:, None]


def _reshaped(ev, trial):
    """weights.reshape(n_inputs, n_neurons) where weights.T is meant."""
    x, w, b = ev.exercise.view.layer(trial.args)
    exp = ev.expected(trial)
    if exp is None:
        return None
    refilled = w.reshape(w.shape[1], w.shape[0])
    return x @ refilled + b


_TRANSPOSED_TEXT = (
    "Your result is turned on its side: one row per neuron and one column per sample. Rows "
    "must be samples and columns neurons, so the batch comes first in the product: "
    "np.dot(inputs, weights.T) gives (n_samples, n_neurons). np.dot(weights, inputs.T) "
    "gives (n_neurons, n_samples), the transpose of the table that is asked, because "
    "(A · B)ᵀ = Bᵀ · Aᵀ.")

ROW_MODELS = (
    # a square batch is the only one these run on, so one exact match is enough
    Model("transposed", lambda ev, t: _transposed(ev, t), _TRANSPOSED_TEXT, "batch_output",
          min_trials=1),
    Model("swapped_operands", _swapped, _TRANSPOSED_TEXT + " The biases then land on the "
          "samples instead of the neurons.", "batch_output", min_trials=1),
    Model("bias_column", _bias_column, "The biases were added along the wrong axis: as a "
          "column, one bias per row, that is per sample (it only ran because this batch has "
          "as many samples as neurons). Each bias belongs to a neuron, a column of the "
          "output: add `biases` as it is, shape (n_neurons,), so it repeats down the rows.",
          "broadcast", min_trials=1),
    Model("reshaped_not_transposed", _reshaped, "You reshaped the weights instead of "
          "transposing them: weights.reshape(n_inputs, n_neurons) has the right shape but "
          "refills the numbers row after row, so they end up in the wrong places. weights.T "
          "turns each row (one neuron) into a column.", "transpose"),
)


def _constant(ev):
    """ignores_parameters, only for a function whose answer never changes (hard-coded): a
    function that ignores one argument (the biases) has a more precise name below."""
    gots = [ev.got(t) for t in ev.trials()]
    if len(gots) < 3 or any(g is None for g in gots):
        return None
    if not all(g.shape == gots[0].shape and np.allclose(g, gots[0]) for g in gots):
        return None
    return ignores_parameters(ev)


def _failing_code(exc: BaseException) -> str:
    """The student's line that raised, as `location` shows it ('' when unknown)."""
    found = re.search(r"`([^`]*)`\)\s*$", location(exc))
    return found.group(1) if found else ""


def _shape_error(columns: bool):
    """This exercise's words for the NumPy shape errors a layer on a batch raises."""

    def explain(exc: BaseException, args: dict) -> Hint | None:
        message = str(exc)
        if not isinstance(exc, ValueError):
            return None
        aligned = "not aligned" in message or "mismatch in its core dimension" in message
        broadcast = "could not be broadcast" in message
        if not (aligned or broadcast):
            return None
        try:
            x, w, b = (np.asarray(v, dtype=float) for v in args.values())
        except (TypeError, ValueError):
            return None
        if x.ndim != 2 or w.ndim != 2:
            return None
        s, m = x.shape
        n = w.shape[1] if columns else w.shape[0]
        layout = (f"`weights` is {w.shape}, one column per neuron (n_inputs, n_neurons)"
                  if columns else f"`weights` is {w.shape}, one row per neuron "
                  "(n_neurons, n_inputs)")
        right = "np.dot(inputs, weights)" if columns else "np.dot(inputs, weights.T)"
        shapes = shapes_in(message)[:2]
        sizes = re.search(r"size (\d+) is different from (\d+)", message)
        if sizes and re.search(rf"\b{list(args)[1]}(\.T)?\s*\[", _failing_code(exc)):
            # a matmul of two vectors: one of them a row or column of the weights
            shapes = [(int(sizes.group(1)),), (int(sizes.group(2)),)]
        if aligned and not columns and m != n and sorted(shapes) == sorted([(m,), (n,)]):
            return Hint("columns_taken_as_neurons", (
                f"A sample ({m} values, one per input) cannot be paired with a vector of {n} "
                f"values, one per neuron, such as a column of `weights`: `weights` is "
                f"{w.shape} = (n_neurons, n_inputs), so weights[:, j] holds the weights of "
                f"INPUT j, one per neuron. In this exercise a neuron is a ROW: weights[j] (or "
                f"a column of weights.T). Or compute the whole table at once, {right} + "
                "biases."), "batch_output")
        if aligned and columns and m != n and sorted(shapes) == sorted([(m,), (n,)]):
            return Hint("rows_taken_as_neurons", (
                f"np.dot cannot pair a sample ({m} values, one per input) with a vector of "
                f"{n} values, one per neuron, such as a row of `weights`: `weights` is "
                f"{w.shape} = (n_inputs, n_neurons), so weights[j] holds the weights of INPUT "
                f"j, one per neuron. In this exercise a neuron is a COLUMN: weights[:, j] (or "
                f"a row of weights.T). Or compute the whole table at once, {right} + biases."),
                "batch_output")
        if aligned:
            if not columns:
                extra = " Transpose the weights so that their inputs run down the rows."
            elif (n, m) in shapes and (n, m) != (m, n):
                extra = " These weights already have the inputs down their rows: drop the .T."
            else:
                extra = ""
            return Hint("shape_mismatch", (
                f"A matrix product (a, b) · (c, d) needs b == c. `inputs` is {x.shape}, one "
                f"sample per row; {layout}. {right} is ({s}, {m}) · ({m}, {n}) → ({s}, {n})."
                + extra), "shape_rule")
        seen = " and ".join(str(shape) for shape in shapes)
        code = _failing_code(exc)
        if "einsum" in code:
            pairs = "'si,in->sn'" if columns else "'si,ni->sn'"
            return Hint("einsum_subscripts", (
                f"NumPy cannot line up {seen}: the np.einsum subscripts do not match the "
                f"arrays. `inputs` is {x.shape}, (samples, inputs); {layout}, so the "
                f"subscripts are {pairs}, or use the matrix product {right}."), "batch_output")
        if "axis" in code and "sum" in code:
            return Hint("summed_wrong_axis", (
                f"NumPy cannot line up {seen}: the products were added up along an axis "
                "that is not the inputs' one, so what is left does not have one entry per "
                f"(sample, neuron). Add the products over the inputs' axis, or use the "
                f"matrix product {right}, which pairs and adds them for you."), "dot")
        if (s, m) in shapes and ((n, m) in shapes or (m, n) in shapes) and "*" in code \
                and not any(op in code for op in ("@", "dot", "matmul")):
            return Hint("elementwise_product", (
                f"NumPy cannot line up {seen}: `*` multiplies matching entries element by "
                "element and never adds the products up. Every sample must be dotted with "
                f"every neuron's weights: the matrix product {right}."), "dot")
        if (s, n) in shapes and (n, 1) in shapes:
            return Hint("bias_column", (
                f"NumPy cannot line up {seen}: the biases were made into a column ({n}, 1), "
                "one bias per row, that is per sample. Each bias belongs to a neuron, a "
                f"column of the output: add `biases` as it is, shape ({n},)."), "broadcast")
        table = next((sh for sh in shapes if len(sh) == 2 and sh != (s, n)), None)
        if (s, n) in shapes and table is not None and table != x.shape \
                and "+" in code and not any(op in code.split("+")[-1] for op in ("dot", "@")):
            return Hint("bias_table_shape", (
                f"Your product has the right shape, ({s}, {n}), but what you add to it is "
                f"{table}: NumPy cannot add those. Add `biases` itself, shape ({n},): it "
                f"broadcasts to every row (a table of biases must be one row per sample, "
                f"({s}, {n}), not one per neuron)."), "broadcast")
        product = table
        if product == x.shape and re.search(r"\binputs\s*\+\s*biases\b|\bbiases\s*\+\s*inputs\b",
                                            code):
            return Hint("bias_on_inputs", (
                f"NumPy cannot add the biases ({b.size} of them) to `inputs` {x.shape}: your "
                "code adds them to the inputs, before the product. A bias belongs to a neuron, "
                f"a column of the output: compute {right} first, then add the biases to "
                "that."), "bias")
        if product is not None:
            return Hint("product_shape", (
                f"NumPy cannot add the biases ({b.size} of them) to your product of shape "
                f"{product}: a layer on this batch gives ({s}, {n}), one row per sample and "
                f"one column per neuron. `inputs` is {x.shape}; {layout}. Compute {right}, "
                "then add the biases."), "batch_output")
        return None

    return explain


# --- the lesson's variables used inside layer_forward --------------------------------------
#
# The lesson defines `inputs`, `weights` (3 neurons of 4 inputs), `biases` and
# `weighted_sums`. A layer_forward that reads one of them instead of its parameter passes the
# first visible test (the lesson's own values) and fails every battery probe (3 inputs, 4
# neurons) with a shape error. These probes have the lesson's sizes, change one argument at
# a time, and come with the products X · Wᵀ of every pairing of their inputs and weights
# with the lesson's, written out: a wrong answer is predicted from those tables and the
# biases, never computed.

_X1 = [[1.0, -2.0, 0.5, 3.0], [0.0, 1.5, -1.0, 2.0]]
_X2 = [[2.0, 0.5, -1.5, 1.0], [-1.0, 3.0, 2.0, 0.5]]
_WA = [[0.5, -1.0, 2.0, 0.25], [1.5, 0.5, -0.5, -1.0], [-2.0, 1.0, 0.75, 0.5]]
_WB = [[1.0, 0.5, -1.5, 2.0], [-0.5, 2.0, 1.0, 0.25], [0.25, -1.0, 1.5, -0.75]]
_BA, _BB = [0.5, -1.5, 2.0], [-1.0, 2.5, 0.25]
_LESSON_B = [2.0, 3.0, 0.5]

#: (inputs, weights) -> inputs · weightsᵀ; "lesson" stands for the lesson's array
_PRODUCTS = {
    ("x1", "wa"): [[4.25, -2.75, -2.125], [-3.0, -0.75, 1.75]],
    ("x1", "wb"): [[5.25, -3.25, 0.75], [6.25, 2.5, -4.5]],
    ("x1", "lesson"): [[1.35, 0.95, 2.975], [3.7, -2.625, 1.165]],
    ("x2", "wa"): [[-2.25, 3.0, -4.125], [0.625, -1.5, 6.75]],
    ("x2", "lesson"): [[2.55, -0.345, -0.04], [1.7, -2.96, 0.225]],
    ("lesson", "wa"): [[5.125, -1.5, 3.5], [-5.5, 4.0, 1.25], [2.95, -1.75, 7.775]],
    ("lesson", "wb"): [[2.5, 7.125, 0.875], [10.0, 8.5, -7.5], [-6.7, 9.25, 2.475]],
    ("lesson", "lesson"): [[2.8, -1.79, 1.885], [6.9, -4.81, -0.3], [-0.59, -1.949, -0.474]],
}

#: probe name -> (its inputs, weights, biases) as named in _PRODUCTS
_LESSON_SIZED = {
    "lesson_sizes": ("x1", "wa", "ba", "3 neurons of 4 inputs, like the lesson's, other values"),
    "lesson_sizes_other_weights": ("x1", "wb", "ba", "the same with other weights"),
    "lesson_sizes_other_biases": ("x1", "wa", "bb", "the same with other biases"),
    "lesson_sizes_other_inputs": ("x2", "wa", "ba", "the same with other inputs"),
}
_ARRAYS = {"x1": _X1, "x2": _X2, "wa": _WA, "wb": _WB, "ba": _BA, "bb": _BB}


def _lesson_sized_probes() -> tuple[Probe, ...]:
    found = []
    for name, (x, w, b, about) in _LESSON_SIZED.items():
        expected = np.array(_PRODUCTS[(x, w)]) + np.array(_ARRAYS[b])
        found.append(Probe(name, {"inputs": np.array(_ARRAYS[x]),
                                  "weights": np.array(_ARRAYS[w]),
                                  "biases": np.array(_ARRAYS[b])}, expected, about))
    return tuple(found)


def _lesson_model(used: tuple[str, ...]) -> Model:
    """The answer of a layer_forward that reads the lesson's variables `used` (a subset of
    inputs, weights, biases) instead of its parameters of the same role."""

    def predict(ev, trial):
        names = _LESSON_SIZED.get(trial.name)
        if names is None:
            return None
        x, w, b = names[:3]
        x = "lesson" if "inputs" in used else x
        w = "lesson" if "weights" in used else w
        product = _PRODUCTS.get((x, w))
        if product is None:
            return None
        bias = _LESSON_B if "biases" in used else _ARRAYS[b]
        return np.array(product) + np.array(bias)

    listed = " and ".join(f"`{n}`" for n in used)
    if used == ("inputs", "weights"):
        listed += " (their product is the lesson's `weighted_sums`)"
    plural = len(used) > 1
    text = (
        f"Your function reads the lesson's {listed} instead of its own parameter"
        f"{'s' if plural else ''}: on the probes above, which have the lesson's sizes, its "
        f"answers are exactly what the lesson's {'arrays give' if plural else 'array gives'}, "
        f"and they do not change when the {'arguments' if plural else 'argument'} in "
        f"{'their' if plural else 'its'} place change{'' if plural else 's'}. A function "
        "must compute from what it is given: use the names of its `def` line, "
        "np.dot(inputs, weights.T) + biases, never a variable defined outside it (that one "
        "only ever fits the lesson's batch).")
    return Model("lesson_globals", predict, text, "batch_output")


LESSON_MODELS = tuple(_lesson_model(used) for used in (
    ("weights", "biases"), ("weights",), ("biases",), ("inputs", "weights"), ("inputs",),
    ("inputs", "biases")))

_ROW_TEXTS = {
    "first_bias_for_all": "Every neuron got the first bias: with all inputs 0 each neuron "
                          "(each column of the output) should give its own bias, yours all "
                          "give biases[0]. " + layers.BIAS_PER_COLUMN,
}

LAYER_FORWARD = Exercise(
    "ex06_layer_forward", "layer_forward", "array",
    probes=(*layers.probes(_ROWS, _NAMES), *_lesson_sized_probes()),
    detectors=(_constant, models(*LESSON_MODELS), models(*ROW_MODELS),
               *layers.detectors(_ROWS)), view=_ROWS,
    error_hints=(_shape_error(False),), truncation_bound=8.0, texts=_ROW_TEXTS,
    advice={"bias_missing": "np.dot(inputs, weights.T) + biases."})

# --- exercise 3: layer_forward_columns(inputs, weights, biases), weights (n_inputs, n) ----

_COLUMNS_TRANSPOSED_TEXT = (
    "Your result is turned on its side: one row per neuron and one column per sample. Rows "
    "must be samples and columns neurons, so the batch comes first in the product. These "
    "weights already hold one column per neuron, (n_inputs, n_neurons): inputs @ weights + "
    "biases, that is np.dot(inputs, weights) + biases, gives (n_samples, n_neurons), with no "
    ".T anywhere. np.dot(weights.T, inputs.T) gives (n_neurons, n_samples), the transpose of "
    "the table that is asked, because (A · B)ᵀ = Bᵀ · Aᵀ.")

_COLUMN_TEXTS = {
    **_ROW_TEXTS,
    "transposed": _COLUMNS_TRANSPOSED_TEXT,
    "swapped_operands": _COLUMNS_TRANSPOSED_TEXT + " The biases then land on the samples "
                        "instead of the neurons.",
    "bias_per_sample": "Each sample got one bias added to all its outputs: the biases were "
                       "paired with the samples. A bias belongs to a neuron, and here a "
                       "neuron is a COLUMN of `weights` and of the output: add `biases` as it "
                       "is, so it repeats down the rows.",
    "last_neuron_skipped": "The last neuron is missing: your outputs are those of every "
                           "neuron but the last. In this exercise a neuron is a column of "
                           "`weights`: the loop stops one step early (range(weights.shape[1] "
                           "- 1)?). Go through every column, or use np.dot(inputs, weights).",
    "first_neuron_skipped": "The first neuron is missing: in this exercise a neuron is a "
                            "column of `weights`, and positions count from 0, so "
                            "range(1, ...) skips column 0.",
    "first_neuron_only": "Only the first neuron's output came back: the `return` is inside "
                         "the loop over the neurons (the columns of `weights`).",
    "last_neuron_only": "Only the last neuron's output is in your result: the list of "
                        "outputs is created again for every neuron (every column of "
                        "`weights`). Create it once, before the loop.",
    "outputs_per_input": "Your result has one value per input, but a layer gives one output "
                         "per neuron, and here a neuron is a COLUMN of `weights` (shape "
                         "(n_inputs, n_neurons)): np.dot(inputs, weights) + biases.",
    "running_sum_not_reset": "Your first output is right, but each later one also contains "
                             "the sums of the neurons before it: the running total is set to "
                             "0 only once. Start a fresh total for each neuron (each column "
                             "of `weights`).",
}

LAYER_FORWARD_COLUMNS = Exercise(
    "ex06_layer_forward_columns", "layer_forward_columns", "array",
    probes=layers.probes(_COLUMNS, _NAMES),
    detectors=(_constant, models(*ROW_MODELS[:3]),
               *layers.detectors(_COLUMNS)), view=_COLUMNS,
    error_hints=(_shape_error(True),), truncation_bound=8.0, texts=_COLUMN_TEXTS,
    advice={"bias_missing": "np.dot(inputs, weights) + biases."})

# --- exercise 2: best_neuron_per_sample(outputs) -------------------------------------------


def _probe(name, table, expected, about):
    return Probe(name, {"outputs": np.array(table, dtype=float)},
                 np.array(expected, dtype=np.int64), about)


BEST_PROBES = (
    _probe("winner_first", [[5.0, 1.0, 2.0, -1.0], [3.0, 0.5, -2.0, 2.5],
                            [4.0, 3.5, 1.0, 0.0]], [0, 0, 0], "every winner in column 0"),
    _probe("winner_last", [[1.0, 2.0, -1.0, 5.0], [0.5, -2.0, 2.5, 3.0],
                           [0.0, 1.0, 3.5, 4.0]], [3, 3, 3], "every winner in the last column"),
    _probe("negative", [[-3.0, -0.5, -2.0], [-0.25, -4.0, -1.0], [-5.0, -2.5, -1.5],
                        [-1.0, -2.0, -0.75]], [1, 0, 2, 2], "all outputs negative"),
    _probe("mixed", [[0.5, 2.0, -1.0], [3.1, 0.2, 0.7], [-0.4, -0.9, -0.1],
                     [1.5, 1.4, 2.6], [0.2, 0.9, 0.1]], [1, 0, 2, 2, 1],
           "5 samples, 3 neurons; the last sample differs from the others"),
    _probe("ties", [[2.0, 2.0, 1.0], [0.0, 3.0, 3.0], [1.0, 0.5, 1.0]], [0, 1, 0],
           "ties: the first of the largest wins, as np.argmax does"),
    _probe("one_sample", [[0.3, -0.2, 0.9, 0.1, -0.5]], [2], "one sample, 5 neurons"),
    _probe("one_neuron", [[0.4], [-1.2], [2.0]], [0, 0, 0], "one neuron: always neuron 0"),
    _probe("large", [[1e9, 2e9], [3e9, -1e9]], [1, 0], "large outputs"),
    _probe("close", [[10.001, 10.003, 3.0], [2.0, 1.999, 2.001]], [1, 2],
           "close outputs: 10.001 and 10.003, 2.0 and 2.001"),
)


def _table(trial):
    return np.asarray(trial.args["outputs"], dtype=float)


def _best(key, text, predict, section="batch_output"):
    def run(ev, trial):
        value = predict(_table(trial), ev.expected(trial))
        return None if value is None else np.asarray(value, dtype=float)

    return Model(key, run, text, section)



BEST_MODELS = (
    *(_best("digits_lost", "Where two outputs of a sample are close (10.001 and 10.003), "
            "your answer picks the first of them: the outputs lost digits before they were "
            "compared (np.round, float16), so close ones tie and the first wins. Compare the "
            "outputs as they are.", lambda t, e, f=f: np.argmax(f(t), axis=1), "dtype")
      for f in FEWER_DIGITS),
    _best("argmax_per_neuron", "You took the argmax down each column (axis=0): that answers "
          "\"which sample excites this neuron most?\", one value per neuron. The question is "
          "asked per sample, and a sample is a row: np.argmax(outputs, axis=1).",
          lambda t, e: np.argmax(t, axis=0)),
    _best("argmax_whole_table", "np.argmax without an axis reads the whole table as one long "
          "list and returns one position in it. Give it axis=1, so it returns one neuron "
          "index per sample.", lambda t, e: np.argmax(t)),
    _best("largest_values", "You returned the largest outputs themselves, not their "
          "positions: np.max gives the value, np.argmax the index of the winning neuron.",
          lambda t, e: t.max(axis=1)),
    _best("largest_values_per_neuron", "You returned the largest output of each COLUMN "
          "(np.max with axis=0): values, one per neuron. The question asks, for each sample "
          "(each row), for the POSITION of its largest output: np.argmax(outputs, axis=1).",
          lambda t, e: t.max(axis=0)),
    _best("argmin", "You picked the SMALLEST output of each sample (argmin, or a comparison "
          "the wrong way round): the winner is the neuron with the largest output.",
          lambda t, e: np.argmin(t, axis=1)),
    _best("counted_from_one", "Each of your answers is one too large: positions count from "
          "0, so the first neuron is neuron 0 and the third is neuron 2. Return the index "
          "itself, without + 1.", lambda t, e: e + 1),
    _best("largest_magnitude", "You compared sizes without their signs (abs): with all "
          "outputs negative, the winner is the one closest to 0, e.g. -0.5 beats -3. "
          "Compare the outputs themselves.", lambda t, e: np.argmax(np.abs(t), axis=1)),
    _best("best_start_zero", "When every output of a sample is negative your answer is "
          "neuron 0: the outputs were compared with 0, not only with each other (a search "
          "that starts from best = 0, or np.maximum(..., 0) / ReLU before np.argmax). "
          "Compare the outputs as they are: start from row[0], or use "
          "np.argmax(outputs, axis=1).",
          lambda t, e: np.where(t.max(axis=1) > 0, e, 0)),
    _best("last_of_ties", "On a tie you keep the LAST of the largest outputs (`>=` instead of "
          "`>`): np.argmax keeps the first. Replace the best only when an output is strictly "
          "larger.", lambda t, e: t.shape[1] - 1 - np.argmax(t[:, ::-1], axis=1)),
    _best("all_winners_on_ties", "On a tie your answer lists every winner of the row: "
          "np.nonzero (or np.where, np.argwhere) of outputs == the row's largest value gives "
          "one entry per match, so a row whose two largest outputs are equal adds an extra "
          "entry. Return one index per sample, the first of the largest: "
          "np.argmax(outputs, axis=1).",
          lambda t, e: np.nonzero(t == t.max(axis=1, keepdims=True))[1]),
    _best("last_neuron_skipped", "The last neuron never wins in your answers: the loop over "
          "a sample's outputs stops one step early (range(len(row) - 1)?). Go through every "
          "column.", lambda t, e: np.argmax(t[:, :-1], axis=1) if t.shape[1] >= 2 else None),
    _best("last_sample_skipped", "The last sample is missing: with 5 samples your answer has "
          "4 entries, those of samples 0 to 3. The loop over the samples stops one step early "
          "(range(len(outputs) - 1)?): go through every row, from sample 0 to the last.",
          lambda t, e: e[:-1] if e.size >= 2 else None),
    _best("first_sample_skipped", "Sample 0 is missing: your answers are those of every "
          "sample but the first. Positions count from 0, so range(1, ...) skips sample 0.",
          lambda t, e: e[1:] if e.size >= 2 else None),
)

def _integer_indices(exercise, trial) -> Hint | None:
    """A promise: the positions come back as integers, as np.argmax gives them."""
    got = trial.got
    if not isinstance(got, np.ndarray) or got.dtype.kind in "iu":
        return None
    return Hint("float_indices", (
        f"Your positions are right, but they are stored as {got.dtype} (e.g. "
        f"{got.reshape(-1)[:1].tolist()[0]!r}): a neuron's index is a whole number, and NumPy "
        "indexes only with an integer type (outputs[0, 2.0] raises IndexError). Return "
        "integers: np.argmax already gives them; an array filled in a loop needs "
        "dtype=int (np.zeros(n) holds floats)."), "dtype")


BEST_NEURON = Exercise(
    "ex06_best_neuron_per_sample", "best_neuron_per_sample", "array", probes=BEST_PROBES,
    detectors=(_constant, models(*BEST_MODELS)), promises=(_integer_indices,))


def check_layer_forward(args: dict, expected, *, label: str | None = None) -> None:
    """Kept for older notebooks: LAYER_FORWARD.check."""
    from . import notebook

    LAYER_FORWARD.check(args, expected, label=label, namespace=notebook())


__all__ = ["BEST_NEURON", "LAYER_FORWARD", "LAYER_FORWARD_COLUMNS"]
