"""Chapter 02 (a layer of neurons, plain Python): diagnoses for the loop mistakes of a layer.

Each detector relates a wrong answer to the expected values and the call's inputs only
(for instance "every output carries the sum of all the biases"); none computes a correct
answer. Test cells pass them with `check_function(..., mistakes=LAYER_MISTAKES)` or
`mistakes=SAMPLES_MISTAKES`; they are tried before the general detectors, whose wording
assumes NumPy and later chapters.
"""

from __future__ import annotations

import numpy as np

from ..diagnose import Case
from ..sections import reread


def _biases(case: Case) -> np.ndarray | None:
    found = case.arg("bias")
    return None if found is None else found[1].reshape(-1)


# --- layer_output(inputs, weights, biases) -------------------------------------------


def all_biases_added(case: Case) -> str | None:
    """Every neuron got the sum of all the biases instead of its own one."""
    b = _biases(case)
    exp = case.expected
    if b is None or exp.ndim != 1 or b.shape != exp.shape or np.allclose(b, b.sum()):
        return None
    if not case.close(exp - b + b.sum()):
        return None
    return (
        "Every output carries the sum of all the biases: each neuron has exactly one bias, "
        "the one at its own position. Walk through the biases together with the rows of the "
        f"weights, e.g. `for neuron_weights, neuron_bias in zip(weights, biases)` "
        f"({reread('layer_loops')})."
    )


def running_sum_not_reset(case: Case) -> str | None:
    """The running total was set to 0 once, before the loop over neurons."""
    exp = case.expected
    if exp.ndim != 1 or exp.size < 2:
        return None
    b = _biases(case)
    candidates = [np.cumsum(exp)]
    if b is not None and b.shape == exp.shape:
        candidates.append(np.cumsum(exp - b) + b)
    if not any(case.close(c) for c in candidates):
        return None
    return (
        "Your first output is right, but each later one also contains the sums of the "
        "neurons before it: the running total is set to 0 only once. Start a fresh total "
        f"(`total = 0.0`) inside the loop over the neurons, before the loop over the inputs "
        f"({reread('layer_loops')})."
    )


def stopped_after_first_neuron(case: Case) -> str | None:
    """`return` indented inside the loop over neurons: only the first output comes back."""
    exp = case.expected
    if exp.ndim != 1 or exp.size < 2 or not case.close(exp[:1]):
        return None
    return (
        f"Only the first neuron's output came back (1 value instead of {exp.size}): the "
        "`return` is inside the loop over the neurons, so the function stops after one "
        f"neuron. Indent `return` at the level of the outer `for` ({reread('layer_loops')})."
    )


def outputs_list_reset(case: Case) -> str | None:
    """`outputs = []` inside the loop over neurons: only the last output survives."""
    exp = case.expected
    if exp.ndim != 1 or exp.size < 2 or not case.close(exp[-1:]):
        return None
    return (
        f"Only the last neuron's output is in your list (1 value instead of {exp.size}): the "
        "list of outputs is emptied again for every neuron. Create it once (`outputs = []`) "
        f"before the loop over the neurons ({reread('layer_loops')})."
    )


def one_input_per_neuron(case: Case) -> str | None:
    """zip(weights, inputs) in the outer loop: neuron i only ever met input i."""
    inputs, weights, b = case.arg("inputs"), case.arg("weights"), _biases(case)
    if inputs is None or weights is None or weights[1].ndim != 2 or inputs[1].ndim != 1:
        return None
    x, w = inputs[1], weights[1]
    m = min(len(x), len(w))
    offsets = [0.0] if b is None or len(b) < m else [0.0, b[:m]]
    if not any(case.close(x[:m] * w[:m].sum(axis=1) + off) for off in offsets):
        return None
    return (
        "Each neuron used only one input: the outer loop paired a row of the weights with a "
        "single input (`zip(weights, inputs)`). Every neuron reads all the inputs: pair each "
        "row with its bias in the outer loop, then pair that row with the inputs in the inner "
        f"loop ({reread('layer_loops')})."
    )


def _per_input(case: Case) -> bool:
    """The last axis has one value per input (the general detector explains that case)."""
    inputs = case.arg("inputs")
    if inputs is None or case.got.ndim < 1:
        return False
    n = inputs[1].shape[-1]
    return case.got.shape[-1] == n != case.expected.shape[-1]


def layer_wrong_size(case: Case) -> str | None:
    """Last resort for layer_output: a list of the wrong length, in plain-Python words."""
    exp = case.expected
    if case.got.shape == exp.shape or exp.ndim != 1 or _per_input(case):
        return None
    return (
        f"A layer gives exactly one output per neuron, that is one per row of the weights "
        f"({exp.size} here), but your list has shape {case.got.shape}. Append one number per "
        f"round of the loop over the neurons ({reread('layer_loops')})."
    )


LAYER_MISTAKES = (
    all_biases_added,
    running_sum_not_reset,
    stopped_after_first_neuron,
    outputs_list_reset,
    one_input_per_neuron,
    layer_wrong_size,
)


# --- layer_on_samples(samples, weights, biases) --------------------------------------


def neurons_outside_samples(case: Case) -> str | None:
    """Loops nested the other way round: one row per neuron instead of one per sample."""
    exp = case.expected
    if not case.is_transposed():
        return None
    return (
        f"Your result is turned on its side: {exp.shape[1]} rows of {exp.shape[0]} instead of "
        f"{exp.shape[0]} rows of {exp.shape[1]}. Each row must hold one sample's outputs, so "
        "the outer loop goes over the samples and the loop over the neurons sits inside it "
        f"({reread('layer_loops')})."
    )


def rows_glued_together(case: Case) -> str | None:
    """`outputs.extend(...)` or `outputs += [...]`: one flat list instead of a list of rows."""
    exp = case.expected
    if exp.ndim != 2 or case.got.ndim != 1 or case.got.size != exp.size:
        return None
    if not (case.close(exp.ravel()) or case.close(exp.T.ravel())):
        return None
    return (
        f"The numbers are right but they come as one flat list of {exp.size} instead of "
        f"{exp.shape[0]} lists (one per sample) of {exp.shape[1]}. `extend` and `+=` glue a "
        "list onto the end of another: use `outputs.append(row)` to add the row as one item "
        f"({reread('layer_loops')})."
    )


def one_sample_only(case: Case) -> str | None:
    """A single sample's outputs came back (return inside the loop, or list re-created)."""
    exp = case.expected
    if exp.ndim != 2 or exp.shape[0] < 2:
        return None
    for k, where in ((0, "first"), (-1, "last")):
        if case.close(exp[k]) or case.close(exp[k:k + 1] if k == 0 else exp[k:]):
            why = ("the `return` is inside the loop over the samples" if k == 0 else
                   "the result list is created (or replaced) inside the loop over the samples")
            return (
                f"Only the {where} sample's outputs came back, not one row per sample "
                f"({exp.shape[0]} here): {why}. Create the list once before the loop, append "
                f"one row per sample, and return after the loop ({reread('layer_loops')})."
            )
    return None


def shared_row(case: Case) -> str | None:
    """One row list, created once, reused and grown for every sample."""
    exp = case.expected
    got = case.got
    if exp.ndim != 2 or got.ndim != 2 or got.shape[0] != exp.shape[0] or got.shape[1] < 2:
        return None
    flat = exp.ravel()
    if got.shape[1] != flat.size or not all(np.allclose(r, flat, atol=case.atol) for r in got):
        return None
    return (
        "Every row of your result is the same long list with all the outputs of all the "
        "samples: one row list was created before the loop over the samples and reused. "
        f"Start a new row (`row = []`) for each sample ({reread('layer_loops')})."
    )


def same_row_every_sample(case: Case) -> str | None:
    """Every row identical while the expected rows differ: the current sample was not used."""
    exp = case.expected
    got = case.got
    if exp.ndim != 2 or got.shape != exp.shape or exp.shape[0] < 2:
        return None
    if not np.allclose(got, got[:1]) or np.allclose(exp, exp[:1]):
        return None
    return (
        "Every row of your result is the same, as if all the samples were equal: inside the "
        "loop the layer is given the same inputs each time (a variable from outside the "
        "function, such as `inputs`?) instead of the current sample "
        f"({reread('layer_loops')})."
    )


def bias_per_sample(case: Case) -> str | None:
    """zip(samples, biases): sample i received bias i on every neuron."""
    exp = case.expected
    b = _biases(case)
    if b is None or exp.ndim != 2 or b.size != exp.shape[1] or np.allclose(b, b[0]):
        return None
    m = min(exp.shape[0], b.size)
    if not case.close(exp[:m] - b + b[:m, None]):
        return None
    return (
        "Each sample got one bias added to all its outputs: the biases were paired with the "
        "samples (`zip(samples, biases)`). A bias belongs to a neuron, not to a sample: pair "
        f"the biases with the rows of the weights ({reread('layer_loops')})."
    )


def samples_wrong_size(case: Case) -> str | None:
    """Last resort for layer_on_samples: rows or columns of the wrong number, in plain words."""
    exp = case.expected
    if case.got.shape == exp.shape or exp.ndim != 2 or _per_input(case):
        return None
    return (
        f"Your result has shape {case.got.shape}, but it needs {exp.shape[0]} rows (one per "
        f"sample) of {exp.shape[1]} values (one per neuron). Loop over every sample and, for "
        f"each, append a list with one output per neuron ({reread('layer_loops')})."
    )


SAMPLES_MISTAKES = (
    neurons_outside_samples,
    rows_glued_together,
    one_sample_only,
    shared_row,
    same_row_every_sample,
    bias_per_sample,
    samples_wrong_size,
)
