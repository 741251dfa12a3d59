"""Chapter 04 · A layer with NumPy: the checks of its three exercises.

layer_forward_single is a layer on one sample, so it uses the layer probe battery and the
mistake models of nncourse.checks.layers, plus two square layers (the only ones on which
np.dot(inputs, weights) runs) and models for this chapter's NumPy mistakes. output_size and
strongest_neuron have their own probes: layers of other shapes, and layers whose strongest
neuron is first, last, tied, among all-negative outputs, decided by the biases, or changed
by cutting fractions off.

A chapter 04 student has not met the matrix-product shape rule (chapter 05): NumPy's shape
errors are explained here with one row per neuron and one column per input, the words of
"Why the weights come first" (the `error_hints`).

Like every check module this one ships to students: no reference solution. The models
predict a *mistake's* answer from a probe's expected answer, its fixed outputs (written out
below) and its inputs.
"""

from __future__ import annotations

import re

import numpy as np

from .. import layers
from ..describe import plural
from ..errors import failing_line, shapes_in
from ..exercise import Exercise
from ..failure import Hint
from ..probes import FEWER_DIGITS, Evidence, Model, Probe, models, show
from . import notebook

__all__ = ["LAYER_FORWARD_SINGLE", "OUTPUT_SIZE", "STRONGEST_NEURON", "check_refuses"]

_NAMES = ("inputs", "weights", "biases")


def _shapes(args: dict):
    """(inputs shape, weights shape, biases shape) of a call, or None."""
    try:
        x, w, b = (np.shape(v) for v in list(args.values())[:3])
    except ValueError:
        return None
    return (x, w, b) if len(w) == 2 and len(x) == 1 else None


# --- NumPy's shape errors in chapter 04 terms ------------------------------------------


def _layer_error(exc: BaseException, args: dict) -> Hint | None:
    """A chapter 04 explanation of a NumPy shape error, or None for another error."""
    found = _shapes(args)
    if found is None or not isinstance(exc, ValueError):
        return None
    x, w, b = found
    n, m = w
    text = str(exc)
    layout = (f"`weights` {w} holds one row per neuron ({n} neurons) and one column per "
              f"input ({m} inputs)")
    shapes = shapes_in(text)
    known = {x, w, b, w[::-1], (n,), (m,)}
    if "mismatch in its core dimension" in text:
        return Hint("shape_mismatch", (
            f"The product got sizes that do not fit: {layout}. weights @ inputs (or "
            f"np.dot(weights, inputs)) pairs each row with the {m} inputs and gives one value "
            "per neuron. If you wrote inputs @ weights, or transposed the weights, put the "
            f"weights first, as they are."), "weights_first")
    if "not aligned" in text and len(shapes) >= 2:
        first, second = shapes[0], shapes[1]
        if first == x and second == w:
            return Hint("shape_mismatch", (
                f"np.dot(inputs, weights) cannot work: with the vector first, NumPy pairs "
                f"`inputs` {x} with each column of `weights` {w}, but a column has {n} values "
                f"(one per neuron), not {m}. Put the weights first: np.dot(weights, inputs) "
                f"pairs each row (one neuron, {m} weights) with the {m} inputs."),
                "weights_first")
        if first == w[::-1] and second == x:
            return Hint("shape_mismatch", (
                f"You transposed the weights (shape {first}), but they are already in the "
                f"right layout: {layout}. np.dot(weights, inputs) needs no .T."),
                "weights_first")
        if first in known and second in known:
            return Hint("shape_mismatch", (
                f"np.dot got shapes {first} and {second}, which do not fit together: "
                f"{layout}, so np.dot(weights, inputs) takes inputs of shape ({m},)."),
                "weights_first")
    if "einsum" in failing_line(exc) and ("remapped shapes" in text or "subscript" in text
                                          or "operand" in text):
        return Hint("einsum_subscripts", (
            f"np.einsum cannot line up `weights` {w} and `inputs` {x} with those subscripts. "
            "The letters name the axes: weights (n_neurons, n_inputs) as 'ij' and inputs "
            "(n_inputs,) as 'j' share the inputs' letter, which is summed away: "
            "'ij,j->i', one value per neuron. Or use np.dot(weights, inputs)."),
            "weights_first")
    if "could not be broadcast" in text and len(shapes) >= 2:
        if w in shapes:
            return Hint("products_not_summed", (
                f"NumPy cannot add `biases` to an array of shape {w}: that is one product per "
                "weight, `weights * inputs` element by element, never summed per neuron. "
                "np.dot(weights, inputs) multiplies and sums each row, giving one value per "
                f"neuron, shape ({n},)."), "weights_first")
        if x in shapes and b in shapes and x != b:
            line = failing_line(exc)
            if re.search(r"\binputs\s*[+-]=?\s*biases\b|\bbiases\s*\+\s*inputs\b", line):
                return Hint("bias_on_inputs", (
                    f"Your code adds `biases` {b} to `inputs` {x}: a bias belongs to a "
                    "neuron's output, not to its inputs, and there is one per neuron. Add "
                    f"them after the weighted sums: np.dot(weights, inputs) + biases, shape "
                    f"({n},)."), "weights_first")
            summed = "sum" in line or "axis=0" in line.replace(" ", "")
            return Hint("outputs_per_input", (
                f"NumPy cannot add `biases` {b} to something of shape {x}: one value per "
                "input, where a layer gives one per neuron."
                + (" sum(weights * inputs) (or np.sum(..., axis=0)) adds the products down "
                   "the columns, over the neurons; each neuron sums its own row, and"
                   if summed else " The biases go on the neurons' outputs:")
                + f" np.dot(weights, inputs) gives one value per row, shape ({n},)."),
                "weights_first", named=summed)
    foreign = [s for s in shapes if s not in known]
    if foreign and ("not aligned" in text or "could not be broadcast" in text):
        return Hint("foreign_shape", (
            f"NumPy met an array of shape {foreign[0]}, which is none of the arrays your "
            f"function was given (`inputs` {x}, `weights` {w}, `biases` {b}): it was either "
            "cut inside your function (a slice such as [:-1]) or read from outside it (a "
            "variable from the lesson). Compute only from the three parameters, whole."),
            "weights_first", named=False)
    return None


def _refused_valid(exc: BaseException, args: dict) -> Hint | None:
    found = _shapes(args)
    if found is None:
        return None
    x, w, b = found
    said = f" ({str(exc)!r})" if str(exc) else ""
    return Hint("refused_valid_shapes", (
        f"Your function refused shapes that fit{said}: `weights` {w} is {w[0]} neurons × "
        f"{w[1]} inputs, `inputs` {x} has one value per column and `biases` {b} one value per "
        "neuron. Compare the inputs with the columns of the weights, weights.shape[1], and "
        "the biases with the rows, weights.shape[0]."), "shape_checks")


def _error_hints(valid_shapes: bool = False) -> tuple:
    """Exercise error hooks: shape errors in this chapter's words; with `valid_shapes`, a
    refusal (ValueError or a failed assert) of shapes that fit is itself the mistake."""

    def explain(exc: BaseException, args: dict) -> Hint | None:
        hint = _layer_error(exc, args)
        if hint is None and valid_shapes and isinstance(exc, (ValueError, AssertionError)):
            hint = _refused_valid(exc, args)
        return hint

    return (explain,)


# --- exercise 1: layer_forward_single(inputs, weights, biases) ---------------------------

_LAYER = layers.View(neurons=True, arrays=True)


def _square_probe(name, x, w, b, expected, about):
    return Probe(name, {"inputs": np.array(x), "weights": np.array(w), "biases": np.array(b)},
                 np.array(expected), about)


#: the battery's layers are 4 neurons × 3 inputs; on these np.dot(inputs, weights) runs
SQUARE_LAYERS = (
    _square_probe("square", [1.0, 2.0, -1.0], [[0.5, 1.0, 2.0], [-1.0, 0.25, 0.5],
                                               [1.5, -0.5, 1.0]], [0.5, -1.0, 2.0],
                  [1.0, -2.0, 1.5], "3 neurons, 3 inputs"),
    _square_probe("square_again", [2.0, -0.5, 1.5], [[1.0, -1.0, 0.5], [0.25, 2.0, -1.0],
                                                     [-0.5, 0.5, 1.0]], [-1.0, 0.5, 1.0],
                  [2.25, -1.5, 1.25], "another 3 × 3 layer"),
)


def _view(ev, trial):
    x, w, b = ev.exercise.view.layer(trial.args)
    return x[0], w, b, ev.expected(trial)


def _inputs_first(ev, trial):
    """np.dot(inputs, weights) + biases: the inputs paired with the columns."""
    x, w, b, exp = _view(ev, trial)
    if exp is None or w.shape[0] != w.shape[1]:
        return None
    return (x @ w + b)[None, :]


def _bias_column(ev, trial):
    """+ biases.reshape(-1, 1): every bias added to every weighted sum, an n × n grid."""
    x, w, b, exp = _view(ev, trial)
    if exp is None or b.size < 2:
        return None
    return (exp - b) + b[:, None]


def _grid(ev, trial):
    """weights * inputs: the products, never summed."""
    x, w, b, exp = _view(ev, trial)
    return None if exp is None or w.shape[1] < 2 else w * x


def _grid_bias(ev, trial):
    x, w, b, exp = _view(ev, trial)
    if exp is None or w.shape[1] < 2 or w.shape[0] != w.shape[1]:
        return None
    return w * x + b


def _summed_all(ev, trial):
    """np.sum(weights * inputs) + biases: every neuron gets the sum of the whole grid."""
    x, w, b, exp = _view(ev, trial)
    if exp is None or w.shape[0] < 2:
        return None
    return np.full(exp.shape, (exp - b).sum()) + b


LAYER_MODELS = (
    Model("inputs_first", _inputs_first, (
        "You computed np.dot(inputs, weights) (or np.dot(weights.T, inputs), the same "
        "thing): with a square layer NumPy does not complain, but it pairs the inputs with "
        "the COLUMNS of the weights, which mixes the weights of different neurons. Each "
        "neuron is a row: np.dot(weights, inputs)."), "square_layer"),
    Model("bias_column", _bias_column, (
        "The biases were made into a column (biases.reshape(-1, 1), or biases[:, None]), so "
        "NumPy added every bias to every weighted sum: a grid of neurons × neurons instead of "
        "one value per neuron. `biases` already has one value per neuron, like "
        "np.dot(weights, inputs): add it as it is."), "weights_first"),
    Model("products_not_summed", _grid, (
        "You returned the grid `weights * inputs`: one product per weight, multiplied "
        "element by element but never summed per neuron. np.dot(weights, inputs) "
        "multiplies and sums each row, giving one value per neuron."),
        "weights_first"),
    Model("products_not_summed", _grid_bias, (
        "You returned the grid `weights * inputs` (plus the biases): one product per weight, "
        "never summed per neuron. np.dot(weights, inputs) multiplies and sums each row, "
        "giving one value per neuron."), "weights_first"),
    Model("summed_everything", _summed_all, (
        "You added up the products of ALL neurons into one number: np.sum(weights * inputs) "
        "sums the whole grid. Each neuron needs its own sum over its own row, which is what "
        "np.dot(weights, inputs) gives, one value per neuron."), "weights_first"),
)


def _one_number(ev) -> Hint | None:
    """np.sum(weights * inputs), no bias: one number where one value per neuron is due."""
    got = ev.got(ev.main)
    exp = ev.expected(ev.main)
    if got is None or exp is None or got.size != 1 or exp.size < 2 or ev.main.error:
        return None
    _, _, b = _LAYER.layer(ev.main.args)
    if not np.isclose(float(got.reshape(-1)[0]), float((exp - b).sum()), atol=1e-6):
        return None
    return Hint("summed_everything", (
        "You added up the products of ALL neurons into one number: np.sum(weights * inputs) "
        "sums the whole grid. Each neuron needs its own sum over its own row, which is what "
        "np.dot(weights, inputs) gives, one value per neuron."), "weights_first")


_LAYER_TEXTS = {
    "first_bias_for_all": "Every neuron got the first bias: with all inputs 0 each neuron "
                          "should give its own bias, yours all give biases[0]. Each neuron takes "
                          "its own bias: biases[j] for neuron j in a loop over the neurons, "
                          "or the whole array added at once, np.dot(weights, inputs) + "
                          "biases.",
    "all_biases_added": "Every output carries the sum of all the biases (np.sum(biases)): "
                        "each neuron has exactly one bias, the one at its own position. Add "
                        "the array itself: np.dot(weights, inputs) + biases.",
    "bias_on_weights": "The biases were added to the weights (weights + biases, by row or "
                       "by column), so each bias got multiplied by the inputs: with all "
                       "inputs 0 it vanishes. A bias belongs to the neuron, not to a weight: "
                       "np.dot(weights, inputs) + biases.",
}

LAYER_FORWARD_SINGLE = Exercise(
    "ex04_layer_forward_single", "layer_forward_single", "array",
    probes=(*layers.probes(_LAYER, _NAMES), *SQUARE_LAYERS),
    detectors=(_one_number, models(*LAYER_MODELS), *layers.detectors(_LAYER)), view=_LAYER,
    error_hints=_error_hints(), truncation_bound=8.0, texts=_LAYER_TEXTS,
    advice={"bias_missing": "With NumPy: np.dot(weights, inputs) + biases.",
            "bias_twice": "np.dot(weights, inputs) + biases adds each bias once.",
            "int_truncation": "int(...), .astype(int), `//` and an array made with "
                              "dtype=int drop the fraction.",
            "mean_not_sum": "np.dot adds the products; np.mean divides them by their "
                            "number."})

# --- exercise 2: output_size(inputs, weights, biases) ---------------------------------------


def _size_probe(name, n_neurons, n_inputs, about):
    return Probe(name, {"inputs": np.linspace(-1.0, 1.0, n_inputs),
                        "weights": np.arange(n_neurons * n_inputs, dtype=float)
                        .reshape(n_neurons, n_inputs) / 4,
                        "biases": np.linspace(0.5, 2.0, n_neurons)}, n_neurons, about)


SIZE_PROBES = (
    _size_probe("four_by_three", 4, 3, "4 neurons, 3 inputs"),
    _size_probe("two_by_five", 2, 5, "2 neurons, 5 inputs"),
    _size_probe("one_neuron", 1, 6, "one neuron, 6 inputs"),
    _size_probe("one_input", 5, 1, "5 neurons, one input"),
    _size_probe("square", 3, 3, "3 neurons, 3 inputs"),
)


def _sized(predict):
    def run(ev, trial):
        found = _shapes(trial.args)
        if found is None:
            return None
        (m,), (n, _), _ = found
        return np.asarray(float(predict(n, m)))

    return run


SIZE_MODELS = (
    Model("n_inputs", _sized(lambda n, m: m), (
        "That is the number of inputs, the columns of the weights (weights.shape[1], "
        "len(inputs) or len(weights[0])). The layer gives one output per neuron, and each "
        "neuron is a row: weights.shape[0]."), "weights_first"),
    Model("n_weights", _sized(lambda n, m: n * m), (
        "That is the number of weights (neurons × inputs, weights.size). The layer gives one "
        "output per neuron, one per row of the weights: weights.shape[0]."),
        "weights_first"),
    Model("off_by_one", _sized(lambda n, m: n - 1), (
        "Each of your answers is one less than the number of neurons: a count is not a "
        "position. The layer has weights.shape[0] neurons (numbered 0 to "
        "weights.shape[0] - 1); return the count itself."), "weights_first"),
    Model("off_by_one", _sized(lambda n, m: n + 1), (
        "Each of your answers is one more than the number of neurons: return "
        "weights.shape[0] as it is."), "weights_first"),
)


def _returned_shape(ev) -> Hint | None:
    got = ev.main.got
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        return None
    found = _shapes(ev.main.args)
    if found is None or tuple(got) != tuple(found[1]):
        return None
    return Hint("returned_shape", (
        f"You returned weights.shape, the pair {tuple(got)} (neurons, inputs). The "
        "question is how many outputs the layer gives: one per neuron, the first number, "
        f"weights.shape[0]."), "weights_first")


def _returned_outputs(ev: Evidence) -> Hint | None:
    """output_size returned the layer's outputs themselves, not how many there are."""
    got, args = ev.got(ev.main), ev.main.args
    try:
        outputs = np.dot(np.asarray(args["weights"], dtype=float),
                         np.asarray(args["inputs"], dtype=float)) + np.asarray(args["biases"])
    except (ValueError, TypeError, KeyError):
        return None
    if got is None or got.shape != outputs.shape or not ev.close(got, outputs):
        return None
    return Hint("returned_outputs", (
        f"You returned the layer's outputs themselves, {outputs.size} values: output_size "
        "returns how many outputs the layer gives, one count. After the checks, return the "
        "number of neurons, weights.shape[0]."), "weights_first")


OUTPUT_SIZE = Exercise(
    "ex04_output_size", "output_size", "number", probes=SIZE_PROBES,
    detectors=(_returned_shape, _returned_outputs, models(*SIZE_MODELS)),
    error_hints=_error_hints(valid_shapes=True), whole_result="a number of neurons")


def _missing_check(why: str, compare: str, broadcast: bool = False):
    def hint(trial) -> Hint:
        got = show(trial.got) if trial.got is not None else "None"
        if broadcast:  # NumPy would add one bias to every neuron without an error
            return Hint("broadcast_accepted", (
                f"Here {why}, yet your function returned {got}: one bias for several neurons "
                "must be refused too, but NumPy broadcasts a single value (adds it to every "
                "neuron) without an error, so computing W · x + b does not notice. Compare "
                f"{compare} yourself, and when they differ `raise ValueError(f\"...\")` with "
                "both sizes in the message."), "shape_checks")
        n_neurons = np.shape(trial.args["weights"])[0]
        said = (f"{got}, the number of neurons, as if the shapes fitted: it does not check "
                "this" if _is_count(trial.got, n_neurons) else f"{got} instead of raising")
        return Hint("must_raise_returned", (
            f"Here {why}, yet your function returned {said}. Compare {compare} first, and "
            "when they differ `raise ValueError(f\"...\")` with both sizes in the message."),
            "shape_checks")

    return hint


def _is_count(value, count: int) -> bool:
    try:
        return float(value) == count
    except (TypeError, ValueError):
        return False


def check_refuses(name: str, args: dict, *, label: str | None = None) -> None:
    """output_size must raise ValueError for shapes that do not fit, and the message must
    name the two sizes that disagree, as the exercise asks."""
    (m,), (n, cols), (nb,) = _shapes(args)
    if m != cols and nb != n:  # both disagree: a message naming either pair is right
        why = (f"`inputs` has {plural(m, 'value')} but `weights` has {plural(cols, 'column')}, "
               f"and `biases` has {plural(nb, 'value')} for {plural(n, 'row')}")
        sizes, compare = ((m, cols), (nb, n)), "len(inputs) with weights.shape[1]"
    elif m != cols:
        why = (f"`inputs` has {plural(m, 'value')} but `weights` has {plural(cols, 'column')}, "
               "one per input")
        sizes, compare = (m, cols), "len(inputs) with weights.shape[1]"
    else:
        why = (f"`biases` has {plural(nb, 'value')} but `weights` has {plural(n, 'row')}, "
               "one per neuron")
        sizes, compare = (nb, n), "len(biases) with weights.shape[0]"
    exercise = OUTPUT_SIZE if name == OUTPUT_SIZE.function else Exercise(
        "ex04_output_size", name, "number")
    broadcast = (m == 1 and cols > 1) if m != cols else (nb == 1 and n > 1)
    exercise.check_raises(args, ValueError, must_name=sizes, label=label, namespace=notebook(),
                          when_returned=_missing_check(why, compare, broadcast),
                          here=why + ".", also=((_other_way, _one_way_sizes),) if broadcast
                          else ((_other_way, _one_way_sizes), (_both_wrong, _only_both)))


def _wrong_length(n: int, right: int) -> int:
    """A length that differs from `right` on the other side than `n` does."""
    return 2 * right - n if 0 < 2 * right - n != right else right + 1


def _other_way(args: dict) -> dict:
    """The same mismatch the other way round (more inputs instead of fewer, ...)."""
    (m,), (n, cols), (nb,) = _shapes(args)
    x, b = np.asarray(args["inputs"]), np.asarray(args["biases"])
    if m != cols:
        x = np.ones(_wrong_length(m, cols))
    elif nb != n:
        b = np.ones(_wrong_length(nb, n))
    return {"inputs": x, "weights": args["weights"], "biases": b}


def _both_wrong(args: dict) -> dict | None:
    """Inputs and biases both wrong, where only one of them is wrong here."""
    (m,), (n, cols), (nb,) = _shapes(args)
    if m != cols and nb != n:
        return None
    return {"inputs": np.ones(m if m != cols else cols + 1), "weights": args["weights"],
            "biases": np.ones(nb if nb != n else n + 1)}


def _one_way_sizes(main, other, call) -> Hint:
    return Hint("one_way_check", (
        "Your function refuses the same mismatch the other way round (more values instead "
        "of fewer, or fewer instead of more), but not this one: a comparison with `<` or "
        "`>` catches one direction only. Refuse every size that differs, with `!=`."),
        "shape_checks")


def _only_both(main, other, call) -> Hint | None:
    """Both wrong is refused, this one is not: `and` only if the other single mismatch is
    not refused either (else that one is checked and this one simply is not)."""
    (m,), (n, cols), (nb,) = _shapes(main.args)
    single = {"inputs": np.ones(cols + 1), "weights": main.args["weights"],
              "biases": np.ones(n)} if nb != n else {
        "inputs": np.ones(cols), "weights": main.args["weights"], "biases": np.ones(n + 1)}
    if call(single).error is not None:
        return None
    return Hint("and_for_or", (
        "Your function refuses inputs and biases that are both wrong, but not this case, "
        "where only one of them is: its two conditions are joined with `and`, which is true "
        "only when both are. Join them with `or`, or check each in its own `if`."),
        "shape_checks")


# --- exercise 3: strongest_neuron(inputs, weights, biases) ----------------------------------

#: name -> (inputs, weights, biases, the layer's outputs, the strongest neuron, about)
STRONG_LAYERS = {
    "close": ([1.0], [[10.001], [10.003], [3.0], [9.5]], [0.0, 0.0, 0.0, 0.0],
              [10.001, 10.003, 3.0, 9.5], 1, "two close outputs, 10.001 and 10.003"),
    "close_last": ([1.0], [[10.001], [9.0], [10.003]], [0.0, 0.0, 0.0], [10.001, 9.0, 10.003],
                   2, "close outputs, 10.001 and 10.003, the larger last"),
    "winner_first": ([1.0, 2.0, -1.0], [[1.0, 0.5, -1.0], [0.5, 0.25, 0.5], [-1.0, 0.5, 1.0],
                                        [0.25, -0.5, 0.5]], [0.5, 0.25, 1.0, -0.5],
                     [3.5, 0.75, 0.0, -1.75], 0, "neuron 0 has the largest output"),
    "winner_last": ([0.5, -1.0, 2.0], [[0.5, 0.5, 0.25], [-1.0, 0.5, 0.75], [1.0, -0.5, 0.5],
                                       [0.25, -1.0, 1.5]], [-0.5, 1.0, 0.25, 0.5],
                    [-0.25, 1.5, 2.25, 4.625], 3, "the last neuron has the largest output"),
    "negative": ([1.0, -2.0, 0.5], [[-1.0, 1.0, 0.5], [0.5, 0.75, -1.0], [-0.25, 1.5, 0.0],
                                    [1.0, 1.0, 1.0]], [-1.5, -0.5, -2.0, -0.25],
                 [-4.25, -2.0, -5.25, -0.75], 3, "every output is negative"),
    "negative_again": ([0.5, 1.0, -1.0], [[-1.0, 0.0, 1.0], [0.5, -1.0, 0.5],
                                          [-0.5, -0.5, -0.5], [0.0, 1.0, 2.0]],
                       [-0.5, -0.25, -0.5, -0.5], [-2.0, -1.5, -0.75, -1.5], 2,
                       "every output is negative"),
    "ties": ([2.0, 1.0, -1.0], [[0.5, 1.0, 0.5], [1.0, 0.5, -0.5], [0.25, 0.5, 1.0],
                                [1.0, 1.0, 0.5]], [0.5, 0.0, 1.0, 0.5], [2.0, 3.0, 1.0, 3.0], 1,
             "neurons 1 and 3 tie: the first of them wins"),
    "ties_again": ([1.0, 1.0, 1.0], [[0.5, 0.5, 0.5], [1.0, -1.0, 0.5], [1.0, 1.0, -1.0],
                                     [0.0, 0.0, -1.0]], [0.0, 0.0, 0.5, 0.0],
                   [1.5, 0.5, 1.5, -1.0], 0, "neurons 0 and 2 tie: neuron 0 wins"),
    "bias_decides": ([1.0, 0.5, 2.0], [[1.0, 1.0, 1.0], [0.5, -0.5, 0.25], [0.0, 1.0, 0.5],
                                       [1.0, 0.0, 0.5]], [-2.0, 2.0, 0.5, -1.5],
                     [1.5, 2.75, 2.0, 0.5], 1, "the biases decide which neuron is largest"),
    "other_biases": ([1.0, 0.5, 2.0], [[1.0, 1.0, 1.0], [0.5, -0.5, 0.25], [0.0, 1.0, 0.5],
                                       [1.0, 0.0, 0.5]], [-1.0, -1.0, 3.0, 0.0],
                     [2.5, -0.25, 4.5, 2.0], 2, "the same layer with other biases"),
    "other_inputs": ([-1.0, 2.0, 0.5], [[1.0, 1.0, 1.0], [0.5, -0.5, 0.25], [0.0, 1.0, 0.5],
                                        [1.0, 0.0, 0.5]], [-2.0, 2.0, 0.5, -1.5],
                     [-0.5, 0.625, 2.75, -2.25], 2, "the same layer with other inputs"),
    "other_weights": ([1.0, 0.5, 2.0], [[0.5, 0.0, 0.0], [0.0, 0.0, 0.25], [1.0, 1.0, 1.0],
                                        [0.0, 0.5, 0.5]], [-2.0, 2.0, 0.5, -1.5],
                      [-1.5, 2.5, 4.0, -0.25], 2, "the same inputs and biases, other weights"),
    "square": ([2.0, 3.0, 2.0], [[-1.0, -1.0, 1.5], [1.5, 1.5, 0.5], [1.5, 0.0, 0.25]],
               [1.5, -1.0, 0.0], [-0.5, 7.5, 3.5], 1, "3 neurons, 3 inputs"),
    "square_again": ([-1.0, 3.0, 3.0], [[-0.5, 0.5, 0.25], [0.5, -1.0, 1.0],
                                        [0.0, 0.5, 0.25]], [0.5, -1.0, 0.0],
                     [3.25, -1.5, 2.25], 0, "another 3 × 3 layer"),
    "fractions": ([0.6, 1.7, -0.4], [[4.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, -5.0],
                                     [1.0, 0.5, 0.0]], [0.0, 0.0, 0.0, 0.0],
                  [2.4, 1.7, 2.0, 1.45], 0, "inputs with fractions"),
    "fractions_again": ([1.5, 0.5, 2.5], [[0.0, 2.5, 0.0], [0.5, 0.0, 0.0], [0.0, 0.0, 0.3],
                                          [-1.0, 0.0, 1.0]], [0.0, 0.0, 0.0, 0.0],
                        [1.25, 0.75, 0.75, 1.0], 0, "other inputs with fractions"),
    "close_outputs": ([1.0, 2.0, 1.0], [[0.5, 0.25, 0.0], [0.0, 0.0, 0.25], [1.0, 0.25, -0.4],
                                        [0.0, -0.25, 0.0]], [0.2, 0.05, 0.4, -0.5],
                      [1.2, 0.3, 1.5, -1.0], 2, "outputs 1.2, 0.3, 1.5, -1"),
    "close_again": ([1.0, 1.0], [[1.0, 1.0], [2.0, 0.5], [0.5, 0.5]], [0.3, 0.3, 0.0],
                    [2.3, 2.8, 1.0], 1, "outputs 2.3, 2.8, 1"),
    "one_neuron": ([1.5, -2.0], [[0.5, 1.0]], [-3.0], [-4.25], 0,
                   "one neuron: always neuron 0"),
    "large": ([2e6, -1e6], [[1e3, 2e3], [3e3, 1e3], [-1e3, 1e3]], [1e9, -1e9, 5e8],
              [1e9, 4e9, -2.5e9], 1, "large values"),
}

#: what np.dot(weights, inputs.astype(int)) + biases makes the winner, where it changes
_CUT_INPUTS = {"fractions": 1, "fractions_again": 3}

STRONG_PROBES = tuple(
    Probe(name, {"inputs": np.array(x), "weights": np.array(w), "biases": np.array(b)},
          winner, about)
    for name, (x, w, b, _, winner, about) in STRONG_LAYERS.items())


def _strong(key, text, predict, section="strongest"):
    """A model from a probe's fixed outputs (the main call has none written out)."""

    def run(ev, trial):
        layer = STRONG_LAYERS.get(trial.name)
        if layer is None:
            return None
        x, w, b, outputs = (np.asarray(v, dtype=float) for v in layer[:4])
        value = predict(x, w, b, outputs, int(layer[4]), trial.name)
        return None if value is None else np.asarray(value, dtype=float)

    return Model(key, run, text, section)


def _cut_inputs(x, w, b, o, e, name):
    return _CUT_INPUTS.get(name)


def _skip_last(x, w, b, o, e, name):
    return np.argmax(o[:-1]) if o.size >= 2 else None


def _skip_first(x, w, b, o, e, name):
    return 1 + np.argmax(o[1:]) if o.size >= 2 else None


def _inputs_first_winner(x, w, b, o, e, name):
    return np.argmax(x @ w + b) if w.shape[0] == w.shape[1] else None


_CLOSE_TIE = ("Where two outputs are close (10.001 and 10.003), your answer picks the first of "
              "them: the outputs lost digits before they were compared (np.round, float16, a "
              "format), so close ones tie and the first wins. Compare the outputs as they are "
              "computed.")

STRONG_MODELS = (
    _strong("all_outputs", "You returned the outputs of all the neurons. The question is "
            "which neuron gives the largest output: its position, np.argmax(outputs), a "
            "single whole number.", lambda x, w, b, o, e, n: o),
    _strong("largest_value", "You returned the largest output itself, not its position: "
            "np.max gives the value, np.argmax gives the position (which neuron it is).",
            lambda x, w, b, o, e, n: o.max()),
    _strong("inputs_first", "You computed np.dot(inputs, weights): with a square layer NumPy "
            "does not complain, but it pairs the inputs with the COLUMNS of the weights, "
            "which mixes the weights of different neurons, so another neuron seems "
            "strongest. Each neuron is a row: np.dot(weights, inputs) + biases.",
            _inputs_first_winner, "square_layer"),
    _strong("bias_missing", "Your answers are the positions of the largest weighted sums, "
            "without each neuron's own bias: the biases shift the outputs and can change "
            "which one is largest (and one bias added to every neuron, such as biases[0], "
            "changes nothing). Add `biases` before taking np.argmax.",
            lambda x, w, b, o, e, n: np.argmax(o - b), "bias"),
    _strong("argmin", "You picked the SMALLEST output (np.argmin, min, or a comparison the "
            "wrong way round): the strongest neuron has the largest output, np.argmax.",
            lambda x, w, b, o, e, n: np.argmin(o)),
    _strong("counted_from_one", "Each of your answers is one too large: positions count "
            "from 0, so the first neuron is neuron 0. np.argmax already returns that "
            "position; do not add 1.", lambda x, w, b, o, e, n: e + 1),
    _strong("argmax_of_inputs", "Your answers are the positions of the largest INPUT. The "
            "question is about the layer's outputs: compute one output per neuron first, "
            "then take np.argmax of those.", lambda x, w, b, o, e, n: np.argmax(x)),
    _strong("argmax_of_weights", "Your answers are the position of the largest single WEIGHT "
            "(np.argmax(weights) counts through the whole grid of weights), not of the largest "
            "output. Compute the outputs first, np.dot(weights, inputs) + biases, one per "
            "neuron, then take np.argmax of those.", lambda x, w, b, o, e, n: np.argmax(w)),
    _strong("argmax_of_weights", "Your answers are the neuron (row) holding the largest single "
            "WEIGHT, not the neuron with the largest output: a large weight can meet a small "
            "or negative input. Compute the outputs first, np.dot(weights, inputs) + biases, "
            "then take np.argmax of those.",
            lambda x, w, b, o, e, n: np.unravel_index(np.argmax(w), w.shape)[0]),
    _strong("inputs_ignored", "Your answers are the neuron with the largest sum of weights "
            "plus bias: the inputs never enter, although each weight must multiply its own "
            "input. Compute the outputs, np.dot(weights, inputs) + biases, then take "
            "np.argmax of those.", lambda x, w, b, o, e, n: np.argmax(w.sum(axis=1) + b)),
    _strong("argmax_of_products", "You took np.argmax of the grid weights * inputs: it "
            "counts positions through the whole grid (neurons × inputs), so it can give "
            "numbers past the last neuron. Compute the outputs, one per neuron, with "
            "np.dot(weights, inputs) + biases first.",
            lambda x, w, b, o, e, n: np.argmax(w * x)),
    _strong("best_start_zero", "When every output is negative your answer is neuron 0: "
            "the outputs were compared with 0, not only with each other (a search that "
            "starts from best = 0, or np.maximum(..., 0) / ReLU before np.argmax). Compare "
            "the outputs as they are: start from outputs[0], or use np.argmax(outputs).",
            lambda x, w, b, o, e, n: e if o.max() > 0 else 0),
    _strong("largest_magnitude", "You compared sizes without their signs (abs): with all "
            "outputs negative, the strongest is the one closest to 0, e.g. -0.75 beats "
            "-4.25. Compare the outputs themselves.",
            lambda x, w, b, o, e, n: np.argmax(np.abs(o))),
    _strong("last_of_ties", "On a tie you keep the LAST of the largest outputs (`>=` "
            "instead of `>`, or a sort): the exercise asks for the first, as np.argmax "
            "gives. Replace the best only when an output is strictly larger.",
            lambda x, w, b, o, e, n: o.size - 1 - np.argmax(o[::-1])),
    _strong("last_neuron_skipped", "The last neuron never wins in your answers: the loop "
            "over the outputs stops one step early (range(len(outputs) - 1)?). Go through "
            "every neuron.", _skip_last, "layer_loops"),
    _strong("first_neuron_skipped", "Neuron 0 never wins in your answers: positions count "
            "from 0, and a loop over range(1, ...) that starts with another best skips it.",
            _skip_first, "layer_loops"),
    _strong("int_truncation", "Your answers are right when every number is whole and wrong "
            "once fractions appear: the inputs lost their fractions (int(...), "
            ".astype(int)) before the weighted sums. Keep every value a float.",
            _cut_inputs, "dtype"),
    _strong("int_truncation", "Your answers are right until two outputs share their whole "
            "part (1.2 and 1.5, 2.3 and 2.8): the outputs lost their fractions (int(...), "
            "`//`, or an array made with dtype=int), so they tie and the first one wins. "
            "Keep every value a float.", lambda x, w, b, o, e, n: np.argmax(np.trunc(o)),
            "dtype"),
    *(_strong("digits_lost", _CLOSE_TIE, lambda x, w, b, o, e, n, f=f: np.argmax(f(o)),
              "dtype") for f in FEWER_DIGITS),
)


def _constant(ev) -> Hint | None:
    """The same answer for every call, while the right answers differ."""
    trials = [t for t in ev.trials() if ev.got(t) is not None]
    if len(trials) < 4 or len(trials) < len(ev.trials()):
        return None
    values = {round(float(ev.got(t).reshape(-1)[0]), 9) for t in trials if ev.got(t).size == 1}
    expected = {int(t.expected) for t in trials}
    if len(values) != 1 or len(expected) < 3 or any(ev.got(t).size != 1 for t in trials):
        return None
    value = show(ev.main.got)
    return Hint("ignores_params", (
        f"Your function returns {value} for every call, whatever inputs, weights and "
        "biases it receives (the probes above expect other answers): it does not compute "
        "from its parameters. Does it read a variable from outside the function, such as "
        "the lesson's `outputs`, or return a number typed in? Compute the outputs from the "
        "three parameters, then take np.argmax."), None,
        tuple(t.name for t in trials if t.name != "main" and ev.wrong(t))[:2])


def _positions_array(ev) -> Hint | None:
    """np.where(outputs == outputs.max())[0]: an array of positions, two on a tie."""
    got = ev.main.got
    found = _shapes(ev.main.args)
    if not isinstance(got, np.ndarray) or got.ndim != 1 or not 1 <= got.size <= 2 \
            or found is None:
        return None
    n = found[1][0]
    if not np.all((got == np.round(got)) & (got >= 0) & (got < n)) or got.size == n:
        return None
    return Hint("array_not_number", (
        "You returned an array of positions (np.where, np.nonzero or np.argwhere give one "
        "entry per match, two on a tie) where one number is asked: np.argmax(outputs) gives "
        "the position of the first largest output as a single number."), "strongest")


STRONGEST_NEURON = Exercise(
    "ex04_strongest_neuron", "strongest_neuron", "number", probes=STRONG_PROBES,
    detectors=(_constant, _positions_array, models(*STRONG_MODELS)),
    error_hints=_error_hints(), whole_result="a neuron's position")
