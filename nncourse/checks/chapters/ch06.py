"""Chapter 06 · A layer on a batch: diagnoses and a check helper for its two exercises.

Like every checks module, this ships to students, so it never computes a right answer:
each detector rebuilds one *wrong* answer from the inputs (operands swapped, weights
reshaped instead of transposed, argmax along the other axis, ...) or relates the
student's result to the expected one, and names the mistake when they match.

`check_layer_forward` is `check_function` for `layer_forward`, plus a translation of the
NumPy shape errors this exercise typically raises. Here the shapes of the arguments tell
the causes apart: `*` instead of a dot product, operands swapped (the (n, s) table meets
the biases), a column of biases, or the weights not transposed. (The general explanation
names arguments by shape, which is ambiguous when `inputs` and `weights` share a shape, as
in the lesson's 3 x 4 batch and 3 x 4 weights.)
"""

from __future__ import annotations

import numpy as np

from ..core import check_function
from ..diagnose import Case, Mistakes
from ..errors import shapes_in
from ..failure import Hint
from ..sections import reread
from . import notebook

# --- exercise 1: layer_forward(inputs, weights, biases) -----------------------------------


def _layer(case: Case):
    """(x, w, b) as float arrays, or None when the call does not look like a layer."""
    x, w, b = case.arg("inputs"), case.arg("weights"), case.arg("bias")
    if x is None or w is None or b is None:
        return None
    x, w, b = x[1], w[1], b[1].reshape(-1)
    if x.ndim != 2 or w.ndim != 2 or x.shape[1] != w.shape[1] or b.size != w.shape[0]:
        return None
    return x, w, b


def transposed_result(case: Case) -> str | None:
    """A (n_neurons, n_samples) table: W · Xᵀ with the biases on the right axis, or loops
    with the neurons outside. (The general detector guesses the weights' layout from their
    shape, which cannot be told apart when the weights are square.)"""
    exp = case.expected
    if exp.ndim != 2 or _layer(case) is None or not case.close(exp.T):
        return None
    if exp.shape[0] == exp.shape[1] and np.allclose(exp, exp.T):
        return None
    shapes = f" (shape {case.got.shape}, not {exp.shape})" if exp.shape[0] != exp.shape[1] else ""
    return (
        f"Your result is the transpose of the expected one{shapes}: one row per neuron and "
        "one column per sample. Rows must be samples and columns neurons, so put the batch "
        "first: np.dot(inputs, weights.T) computes X · Wᵀ, while np.dot(weights, inputs.T) "
        "(or a loop with the neurons outside) builds W · Xᵀ, its transpose "
        f"({reread('batch_output')})."
    )


def elementwise_with_transpose(case: Case) -> str | None:
    """inputs * weights.T (+ biases), which only runs when every size is the same."""
    layer = _layer(case)
    if layer is None:
        return None
    x, w, b = layer
    if x.shape != w.T.shape or not (case.close(x * w.T + b) or case.close(x * w.T)):
        return None
    return (
        "You multiplied element by element (`*`): that multiplies matching entries but never "
        "adds the products up, so no weighted sum was formed. Every sample must be dotted "
        "with every neuron's weights, which is the matrix product np.dot(inputs, weights.T) "
        f"({reread('dot')})."
    )


def swapped_operands(case: Case) -> str | None:
    """np.dot(weights, inputs.T) + biases: the transpose, with the biases on the samples."""
    exp = case.expected
    if exp.ndim != 2 or exp.shape[0] != exp.shape[1] or _layer(case) is None:
        return None
    b = _layer(case)[2]
    if not case.close(exp.T - b[:, None] + b[None, :]):
        return None
    return (
        "Your rows are neurons and your columns are samples: np.dot(weights, inputs.T) "
        "computes W · Xᵀ, the transpose of the table that is asked, and the biases then "
        "land on the samples instead of the neurons. Put the batch first, "
        "np.dot(inputs, weights.T), so that row i belongs to sample i "
        f"({reread('batch_output')})."
    )


def not_transposed(case: Case) -> str | None:
    """np.dot(inputs, weights) + biases, which only runs when n_inputs == n_neurons."""
    layer = _layer(case)
    if layer is None:
        return None
    x, w, b = layer
    if w.shape[0] != w.shape[1] or np.allclose(w, w.T):
        return None
    if not (case.close(np.dot(x, w) + b) or case.close(np.dot(x, w))):
        return None
    return (
        "You used the weights without transposing them. np.dot(inputs, weights) only ran "
        "because this layer has as many inputs as neurons; with another shape it raises a "
        "shape error. The weights hold one row per neuron, shape (n_neurons, n_inputs), so "
        f"the batch must be multiplied by weights.T ({reread('transpose')})."
    )


def reshaped_not_transposed(case: Case) -> str | None:
    """np.dot(inputs, weights.reshape(n_inputs, n_neurons)) + biases."""
    layer = _layer(case)
    if layer is None:
        return None
    x, w, b = layer
    refilled = w.reshape(w.shape[1], w.shape[0])
    if np.allclose(refilled, w.T):
        return None
    if not (case.close(np.dot(x, refilled) + b) or case.close(np.dot(x, refilled))):
        return None
    return (
        "You reshaped the weights instead of transposing them. "
        "weights.reshape(n_inputs, n_neurons) has the right shape, but it refills the "
        "numbers row after row, so they end up in the wrong places. weights.T turns each "
        f"row (one neuron) into a column ({reread('transpose')})."
    )


LAYER_MISTAKES = Mistakes("ex06_layer_forward", transposed_result, swapped_operands,
                          not_transposed, reshaped_not_transposed, elementwise_with_transpose)

def shape_error_hint(message: str, args: dict) -> str | None:
    """Chapter-06 reading of a NumPy shape error (product or broadcasting) in layer_forward."""
    aligned = "not aligned" in message or "mismatch in its core dimension" in message
    if "could not be broadcast" not in message and not aligned:
        return None
    try:
        values = list(args.values())
        x_shape, w_shape = np.shape(values[0]), np.shape(values[1])
        b_size = int(np.size(values[2]))
    except (IndexError, TypeError, ValueError):
        return None
    if len(x_shape) != 2 or len(w_shape) != 2:
        return None
    (s, m), n = x_shape, w_shape[0]
    if aligned:
        return (
            f"a matrix product (a, b) · (c, d) needs b == c, and here the sizes do not fit. "
            f"`inputs` is ({s}, {m}), one sample per row, and `weights` is ({n}, {m}), one neuron "
            f"per row: both have the {m} inputs along their rows. To pair each sample's inputs "
            "with each neuron's weights, multiply the batch by the transpose of the weights: "
            f"np.dot(inputs, weights.T) is ({s}, {m}) · ({m}, {n}) → ({s}, {n}) "
            f"({reread('shape_rule')})."
        )
    shapes = shapes_in(message)[:2]
    seen = " and ".join(str(shape) for shape in shapes)
    if (n, 1) in shapes and b_size == n:
        return (
            f"NumPy cannot line up {seen}. The biases were made into a column of shape ({n}, 1), "
            "and a column is repeated across the columns, one bias per row, that is one per "
            "sample. Each bias belongs to a neuron, which is a column of the weighted sums: "
            f"add `biases` as it is, shape ({n},), so it repeats down the rows "
            f"({reread('broadcast')})."
        )
    if (n, s) in shapes and s != n:
        return (
            f"NumPy cannot line up {seen}. Your weighted sums have shape ({n}, {s}): one row "
            "per neuron and one column per sample, the transpose of the table that is asked. "
            "np.dot(weights, inputs.T) computes W · Xᵀ; put the batch first, "
            "np.dot(inputs, weights.T), so rows are samples and columns are neurons "
            f"({reread('batch_output')})."
        )
    if (s, m) in shapes:
        return (
            f"NumPy cannot line up {seen}. The {(s, m)} is the shape of `inputs`: it was "
            "combined with another array element by element. `*` multiplies matching entries "
            "but never adds the products up, so no weighted sum was formed. Every sample must "
            "be dotted with every neuron's weights, which is the matrix product "
            f"np.dot(inputs, weights.T) ({reread('dot')})."
        )
    return None


def _shape_error(args: dict):
    def explain(exc: BaseException, _args: dict) -> Hint | None:
        if not isinstance(exc, ValueError):
            return None
        text = shape_error_hint(str(exc), args)
        return Hint("shape_mismatch", text[0].upper() + text[1:]) if text else None

    return explain


def check_layer_forward(args: dict, expected, *, label: str | None = None,
                        atol: float = 1e-6, name: str = "layer_forward") -> None:
    """check_function for `layer_forward`, with this chapter's detectors and error hints."""
    check_function(name, args, expected, atol=atol, label=label, mistakes=LAYER_MISTAKES,
                   namespace=notebook(), error_hints=(_shape_error(args),))


# --- exercise 2: best_neuron_per_sample(outputs) -------------------------------------------


def _table(case: Case) -> np.ndarray | None:
    value = case.args.get("outputs")
    if value is None:
        return None
    table = np.asarray(value, dtype=float)
    return table if table.ndim == 2 else None


def argmax_per_neuron(case: Case) -> str | None:
    """np.argmax(outputs, axis=0): one answer per neuron instead of one per sample."""
    table = _table(case)
    if table is None or not case.close(np.argmax(table, axis=0)):
        return None
    return (
        "You took the argmax down each column (axis=0), which answers \"which sample "
        "excites this neuron most?\": one value per neuron "
        f"({table.shape[1]} here). The question is asked per sample, and a sample is a "
        f"row: go along each row instead, one answer per sample ({table.shape[0]} here) "
        f"({reread('batch_output')})."
    )


def argmax_whole_table(case: Case) -> str | None:
    """np.argmax(outputs): one position in the flattened table."""
    table = _table(case)
    if table is None or case.got.ndim != 0 or not case.close(np.argmax(table)):
        return None
    return (
        "np.argmax without an axis reads the whole table as one long list and returns a "
        "single position in it. Give it the axis that runs along each row, so it returns "
        f"one neuron index per sample ({reread('batch_output')})."
    )


def largest_values(case: Case) -> str | None:
    """np.max(outputs, axis=...): the largest outputs, not the positions of them."""
    table = _table(case)
    if table is None:
        return None
    if not (case.close(table.max(axis=1)) or case.close(table.max(axis=0))):
        return None
    return (
        "You returned the largest outputs themselves. The exercise asks for their positions, "
        "the index of the winning neuron, which is what np.argmax gives (np.max gives the "
        f"value) ({reread('batch_output')})."
    )


def counted_from_one(case: Case) -> str | None:
    """Neuron numbers 1, 2, 3 (as in the figure's labels) instead of indices 0, 1, 2."""
    if case.expected.ndim != 1 or not case.close(case.expected + 1):
        return None
    return (
        "Each of your answers is one too large: Python counts positions from 0, so the "
        "first neuron is index 0. The labels \"neuron 1, 2, 3\" in the figure are for people; "
        f"return the index itself ({reread('batch_output')})."
    )


BEST_NEURON_MISTAKES = Mistakes("ex06_best_neuron_per_sample", argmax_per_neuron,
                                argmax_whole_table, largest_values, counted_from_one)
