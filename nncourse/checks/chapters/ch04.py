"""Chapter 04 · A layer with NumPy: checks that speak about matrix · vector.

The general checks explain a NumPy shape error with the matrix-product shape rule of
chapter 05. A chapter 04 student has not met it yet: here a layer is np.dot(weights,
inputs) with W of shape (n_neurons, n_inputs), and the classic mistakes are putting the
inputs first or transposing weights that are already in the right layout. The helpers
below run the student's function through check_function / check_raises with this
chapter's explanations of those shape errors as `error_hints`, and detectors for the
exercises' own mistakes.

Like every check module this one ships to students: it holds no reference solution. The
detectors relate a wrong answer to the expected one and to the call's inputs only.
"""

from __future__ import annotations

import numpy as np

from ..core import check_function, check_raises
from ..diagnose import Case
from ..errors import shapes_in
from ..failure import Hint
from ..sections import reread
from . import notebook

__all__ = ["check_layer", "check_output_size", "check_refuses", "check_strongest"]


# --- explaining shape errors in chapter 04 terms ---------------------------------------


def _shape_of(args: dict, role: str) -> tuple[int, ...] | None:
    case = Case(np.zeros(0), np.zeros(0), args)
    found = case.arg(role)
    return None if found is None else found[1].shape


def _layer_error(exc: BaseException, args: dict) -> str | None:
    """A chapter 04 explanation of a NumPy shape error, or None when it is another error."""
    text = str(exc)
    x, w, b = (_shape_of(args, role) for role in ("inputs", "weights", "bias"))
    if x is None or w is None or len(w) != 2:
        return None
    n_neurons, n_inputs = w
    layout = (
        f"`weights` {w} holds one row per neuron ({n_neurons} neurons) and one column per "
        f"input ({n_inputs} inputs)"
    )
    shapes = shapes_in(text)
    if "not aligned" in text and len(shapes) >= 2:
        first, second = shapes[0], shapes[1]
        if first == x and second == w:
            return (
                f"np.dot(inputs, weights) cannot work: with the vector first, NumPy pairs "
                f"`inputs` {x} with each column of `weights` {w}, but a column has "
                f"{n_neurons} values (one per neuron), not {x[0]}. Put the weights first: "
                f"np.dot(weights, inputs) pairs each row (one neuron, {n_inputs} weights) with "
                f"the {x[0]} inputs ({reread('weights_first')})."
            )
        if first == w[::-1] and second == x:
            return (
                f"you transposed the weights (shape {first}), but they are already in the right "
                f"layout: {layout}. np.dot(weights, inputs) needs no .T "
                f"({reread('weights_first')})."
            )
        return (
            f"np.dot got shapes {first} and {second}, which do not fit together: {layout}, so "
            f"np.dot(weights, inputs) needs inputs of shape ({n_inputs},) "
            f"({reread('weights_first')})."
        )
    if "could not be broadcast" in text and len(shapes) >= 2:
        if w in shapes:
            return (
                f"NumPy cannot add `biases` to an array of shape {w}: that is one product per "
                f"weight, `weights * inputs` element by element, never summed per neuron. "
                f"np.dot(weights, inputs) multiplies and sums each row, giving one value per "
                f"neuron, shape ({n_neurons},) ({reread('weights_first')})."
            )
        if b is not None and x in shapes and b in shapes and x != b:
            return (
                f"NumPy cannot add `biases` {b} to something of shape {x}, one value per "
                f"input. The weighted sums have one value per neuron: np.dot(weights, inputs) "
                f"has shape ({n_neurons},) ({reread('weights_first')})."
            )
    return None


def _error_hints(args: dict, valid_shapes: bool = False) -> tuple:
    """This chapter's words for the shape errors of a layer (an Exercise error hook).

    valid_shapes: the call's shapes fit, so refusing them (ValueError or a failed
    assert) is itself the mistake to explain.
    """

    def explain_error(exc: BaseException, _args: dict) -> Hint | None:
        message = _layer_error(exc, args) if isinstance(exc, ValueError) else None
        if message is not None:
            return Hint("shape_mismatch", message[0].upper() + message[1:])
        if valid_shapes and isinstance(exc, (ValueError, AssertionError)):
            return Hint("refused_valid_shapes", _refused_valid(exc, args))
        return None

    return (explain_error,)


def _refused_valid(exc: BaseException, args: dict) -> str:
    x, w, b = (_shape_of(args, role) for role in ("inputs", "weights", "bias"))
    said = f" ({str(exc)!r})" if str(exc) else ""
    return (
        f"Your function refused shapes that fit{said}: `weights` {w} is {w[0]} neurons × "
        f"{w[1]} inputs, `inputs` {x} has one value per column and `biases` {b} one value per "
        f"neuron. Compare the inputs with the columns of the weights, weights.shape[1], and "
        f"the biases with the rows, weights.shape[0] ({reread('weights_first')})."
    )


# --- detectors --------------------------------------------------------------------


def inputs_first(case: Case) -> str | None:
    """np.dot(inputs, weights) on a square layer: runs, but mixes neurons up."""
    inputs, weights, bias = case.arg("inputs"), case.arg("weights"), case.arg("bias")
    if inputs is None or weights is None or weights[1].ndim != 2:
        return None
    if weights[1].shape[0] != inputs[1].shape[0]:
        return None
    swapped = np.dot(inputs[1], weights[1])
    candidates = [swapped] + ([swapped + bias[1]] if bias is not None else [])
    if case.close(case.expected) or not any(case.close(c) for c in candidates):
        return None
    return (
        "You computed np.dot(inputs, weights) (or np.dot(weights.T, inputs), the same thing): "
        "with a square layer NumPy does not complain, but it pairs the inputs with the COLUMNS "
        "of the weights, which mixes the weights of different neurons. Each neuron is a row: "
        "np.dot(weights, inputs) "
        f"({reread('weights_first')})."
    )


def products_not_summed(case: Case) -> str | None:
    """weights * inputs: the grid of products, never summed per neuron."""
    inputs, weights = case.arg("inputs"), case.arg("weights")
    if inputs is None or weights is None or weights[1].ndim != 2:
        return None
    if not case.close(weights[1] * inputs[1]):
        return None
    return (
        f"You returned the grid `weights * inputs`, shape {weights[1].shape}: one product per "
        "weight, multiplied element by element but never summed per neuron. "
        "np.dot(weights, inputs) multiplies and sums each row, giving one value per neuron "
        f"({reread('weights_first')})."
    )


def summed_everything(case: Case) -> str | None:
    """np.sum(weights * inputs): the products of every neuron added into one number."""
    bias = case.arg("bias")
    offset = bias[1] if bias is not None else 0.0
    exp = case.expected
    if exp.ndim != 1 or exp.size < 2:
        return None
    total = float(np.sum(exp - offset))
    filled = np.full(exp.shape, total)
    candidates = [filled, filled + offset]
    single = case.got.size == 1 and np.isclose(float(case.got.reshape(-1)[0]), total,
                                                atol=case.atol, rtol=case.rtol)
    if not single and not any(case.close(c) for c in candidates):
        return None
    return (
        "You added up the products of ALL neurons into one number: np.sum(weights * inputs) "
        "sums the whole grid. Each neuron needs its own sum over its own row, which is what "
        f"np.dot(weights, inputs) gives, one value per neuron ({reread('weights_first')})."
    )


def counted_inputs(case: Case) -> str | None:
    """output_size returned the number of inputs (or of weights) instead of neurons."""
    inputs, weights = case.arg("inputs"), case.arg("weights")
    if inputs is None or weights is None or case.got.size != 1:
        return None
    got = float(case.got.reshape(-1)[0])
    if weights[1].ndim == 2 and got == weights[1].shape[1] and got != weights[1].shape[0]:
        return (
            f"{got:g} is the number of inputs, the columns of the weights. The layer gives one "
            f"output per neuron, and each neuron is a row: weights.shape[0] "
            f"({reread('weights_first')})."
        )
    if got == weights[1].size:
        return (
            f"{got:g} is the number of weights (neurons × inputs). The layer gives one output "
            f"per neuron, one per row of the weights ({reread('weights_first')})."
        )
    return None


def _as_index(case: Case) -> int | None:
    if case.got.size != 1:
        return None
    value = float(case.got.reshape(-1)[0])
    return int(value) if value == int(value) else None


def all_outputs(case: Case) -> str | None:
    """strongest_neuron returned every output instead of one position."""
    weights = case.arg("weights")
    if weights is None or case.got.ndim != 1 or case.got.size != weights[1].shape[0]:
        return None
    return (
        "You returned the outputs of all the neurons. The question is which neuron gives the "
        "largest output: its position, np.argmax(outputs), a single whole number "
        f"({reread('weights_first')})."
    )


def a_value_not_a_position(case: Case) -> str | None:
    """np.max instead of np.argmax: the largest output itself, not where it is."""
    if case.got.size != 1 or _as_index(case) is not None:
        return None
    return (
        "You returned a value that is not a whole number, so not a position: np.max gives the "
        "largest output itself, np.argmax gives its position (which neuron it is)."
    )


def argmax_of_inputs(case: Case) -> str | None:
    """np.argmax(inputs): the largest input, not the strongest neuron."""
    inputs = case.arg("inputs")
    index = _as_index(case)
    if inputs is None or index is None or inputs[1].ndim != 1:
        return None
    if index != int(np.argmax(inputs[1])) or index == int(case.expected.reshape(-1)[0]):
        return None
    return (
        f"{index} is the position of the largest INPUT. The question is about the layer's "
        f"outputs: compute one output per neuron first, then take np.argmax of those "
        f"({reread('weights_first')})."
    )


def one_based(case: Case) -> str | None:
    index = _as_index(case)
    if index is None or index != int(case.expected.reshape(-1)[0]) + 1:
        return None
    return (
        "Your position is one too high: NumPy counts from 0, so the first neuron is neuron 0. "
        "np.argmax already returns positions counted from 0; do not add 1."
    )


def out_of_range(case: Case) -> str | None:
    weights = case.arg("weights")
    index = _as_index(case)
    if weights is None or index is None or weights[1].ndim != 2:
        return None
    n_neurons = weights[1].shape[0]
    if 0 <= index < n_neurons:
        return None
    return (
        f"The layer has {n_neurons} neurons, numbered 0 to {n_neurons - 1}, but you returned "
        f"{index}: you took np.argmax of something else than the {n_neurons} outputs (the "
        f"inputs, or the grid weights * inputs). Compute the outputs with np.dot(weights, "
        f"inputs) + biases first ({reread('weights_first')})."
    )


def winner_without_biases(index: int | None):
    """A detector for 'forgot the biases', given the winner the test knows they would give."""

    def detect(case: Case) -> str | None:
        if index is None or _as_index(case) != index:
            return None
        if index == int(case.expected.reshape(-1)[0]):
            return None
        return (
            f"Neuron {index} has the largest weighted sum, but the biases are missing: they "
            f"shift each neuron's output and can change which one is largest. Add `biases` "
            f"before taking np.argmax ({reread('bias')})."
        )

    return detect


# --- the helpers test cells call ----------------------------------------------------------


def _check(namespace: dict, name: str, args: dict, expected, label: str | None,
           mistakes: tuple, exercise: str, valid_shapes: bool = False) -> None:
    """check_function on the student's `name`, its shape errors explained in chapter 04 terms."""
    check_function(name, args, expected, label=label, mistakes=mistakes, namespace=namespace,
                   exercise=exercise, error_hints=_error_hints(args, valid_shapes))


def check_layer(name: str, args: dict, expected, *, label: str | None = None) -> None:
    """check_function for a layer on one sample, np.dot(weights, inputs) + biases."""
    _check(notebook(), name, args, expected, label,
           (inputs_first, products_not_summed, summed_everything), "ex04_layer_forward_single")


def check_output_size(name: str, args: dict, expected: int, *,
                      label: str | None = None) -> None:
    """check_function for `output_size` on shapes that fit (refusing them is a mistake)."""
    _check(notebook(), name, args, expected, label, (counted_inputs,), "ex04_output_size",
           valid_shapes=True)


def check_refuses(name: str, args: dict, *, label: str | None = None) -> None:
    """check_raises(ValueError) on shapes that do not fit; the message must name the two sizes
    that disagree, as the exercise asks."""
    x, w, b = (_shape_of(args, role) for role in ("inputs", "weights", "bias"))
    if x[0] != w[1]:
        why = f"`inputs` has {x[0]} values but `weights` has {w[1]} columns, one per input"
        sizes = (x[0], w[1])
    else:
        why = f"`biases` has {b[0]} values but `weights` has {w[0]} rows, one per neuron"
        sizes = (b[0], w[0])
    check_raises(name, args, ValueError, label=label, namespace=notebook(),
                 exercise="ex04_output_size", must_name=sizes, here=why + ".")


def check_strongest(name: str, args: dict, expected: int, *, without_biases: int | None = None,
                    label: str | None = None) -> None:
    """check_function for the position of the largest output of a layer."""
    mistakes = (all_outputs, a_value_not_a_position, winner_without_biases(without_biases),
                one_based, argmax_of_inputs, out_of_range)
    _check(notebook(), name, args, expected, label, mistakes, "ex04_strongest_neuron")
