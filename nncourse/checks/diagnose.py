"""Legacy relation detectors: name a mistake from one wrong answer, its expected value and
the inputs. Chapters 04-08 still pass these as `mistakes=`; new checks use probes (see
probes.py and layers.py), which confirm a mistake on several calls before naming it.

Each detector asks one question of the form "is the student's result exactly what this
mistake would give?", answered from the expected values and the call's inputs (for
instance: result + bias == expected means the bias was left out). This module holds no
reference solution: it never computes a correct answer, only relations between a wrong
one, the expected one and the inputs. Test cells probe with non-square, asymmetric
shapes so that different mistakes give different results.

Detectors run in order and the first that matches gives the hint. A detector that does
not apply (missing argument, shapes that do not fit) returns None; one that raises is
treated the same way, so diagnosing can never break a test cell.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .describe import fmt_number
from .sections import reread


@dataclass
class Case:
    """One wrong answer: what came back, what was expected, and the call's arguments."""

    got: np.ndarray
    expected: np.ndarray
    args: dict[str, Any]
    atol: float = 1e-6
    rtol: float = 0.0

    def close(self, candidate) -> bool:
        """True when the student's result equals `candidate` (same shape, within tolerance)."""
        candidate = np.asarray(candidate, dtype=float)
        return candidate.shape == self.got.shape and bool(
            np.allclose(self.got, candidate, atol=self.atol, rtol=self.rtol)
        )

    def is_transposed(self) -> bool:
        """The result is the expected matrix turned on its side (and that is no symmetry)."""
        exp = self.expected
        if exp.ndim != 2 or not self.close(exp.T):
            return False
        return not (exp.shape[0] == exp.shape[1] and np.allclose(exp, exp.T))

    def arg(self, role: str) -> tuple[str, np.ndarray] | None:
        """The first argument playing `role` ('inputs', 'weights', 'bias'), as a float array."""
        for name, value in self.args.items():
            if _plays(name, role):
                try:
                    return name, np.asarray(value, dtype=float)
                except (TypeError, ValueError):
                    return None
        return None


_INPUT_NAMES = ("inputs", "input", "x", "batch", "samples", "sample", "features")


def _plays(name: str, role: str) -> bool:
    low = name.lower()
    if role == "bias":
        return "bias" in low
    if role == "weights":
        return "weight" in low or low == "w"
    if role == "inputs":
        return low.startswith("input") or low in _INPUT_NAMES
    return low == role


Detector = Callable[[Case], "str | None"]
DETECTORS: list[Detector] = []


class Mistakes(tuple):
    """An exercise's legacy detectors, with the exercise they belong to:
    Mistakes("ex06_best_neuron_per_sample", argmax_per_neuron, ...). check_function takes
    its `exercise` from here, so the hints never cite a chapter after it."""

    def __new__(cls, exercise: str, *detectors: Detector):
        made = super().__new__(cls, detectors)
        made.exercise = exercise
        return made


def detector(func: Detector) -> Detector:
    """Register a detector; registration order is the order detectors are tried in."""
    DETECTORS.append(func)
    return func


def attempt(detect: Detector, case: Case):
    """detect(case); None when it does not apply or raises (it must never break a check)."""
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return detect(case)
    except Exception:
        return None


def diagnose(case: Case, extra: tuple[Detector, ...] = (), general: bool = True) -> str | None:
    """The hint of the first detector (exercise-specific ones first) that recognises the answer."""
    for found in (*extra, *(DETECTORS if general else ())):
        hint = attempt(found, case)
        if hint:
            return hint
    return None


# --- layout of the products ---------------------------------------------------------


def _products(inputs: np.ndarray, weights: np.ndarray, like: tuple[int, ...]) -> np.ndarray | None:
    """Every single product x_j * w_j, laid out as the expected result plus a last axis j.

    Works for a neuron (x (m,), w (m,)), a layer (x (m,), W (n, m)), a batch with W
    (n, m) as in chapters 02-06 and 08, and a batch with W (m, n) as in chapter 07.
    """
    m = inputs.shape[-1]
    if weights.ndim == 1 and inputs.ndim == 1 and weights.shape == (m,):
        terms = inputs * weights  # (m,)
    elif inputs.ndim == 1 and weights.ndim == 2 and weights.shape[1] == m:
        terms = weights * inputs  # (n, m)
    elif inputs.ndim == 2 and weights.ndim == 2 and weights.shape[1] == m and like[-1:] == (
        weights.shape[0],
    ):
        terms = inputs[:, None, :] * weights[None, :, :]  # (s, n, m)
    elif inputs.ndim == 2 and weights.ndim == 2 and weights.shape[0] == m:
        terms = inputs[:, None, :] * weights.T[None, :, :]  # (s, n, m)
    else:
        return None
    return terms if terms.shape[:-1] == tuple(like) else None


# --- the detectors, most specific first ----------------------------------------------


@detector
def transposed(case: Case) -> str | None:
    exp = case.expected
    if not case.is_transposed():
        return None
    shapes = f" (shape {case.got.shape}, not {exp.shape})" if exp.shape[0] != exp.shape[1] else ""
    inputs, weights = case.arg("inputs"), case.arg("weights")
    if inputs is not None and weights is not None:
        w, m = weights[1], inputs[1].shape[-1]
        if w.ndim == 2 and w.shape[0] == w.shape[1]:
            return (
                f"Your result is the transpose of the expected one{shapes}. Rows must be "
                "samples and columns neurons: check the order of the operands and which one is "
                "transposed; (A · B)ᵀ = Bᵀ · Aᵀ, so the operands swapped and both transposed "
                f"give the transpose ({reread('batch_output')})."
            )
        right, wrong = (("X · W (np.dot(inputs, weights))", "Wᵀ · Xᵀ") if w.shape[0] == m
                        else ("X · Wᵀ (np.dot(inputs, weights.T))", "W · Xᵀ"))
        return (
            f"Your result is the transpose of the expected one{shapes}. Rows must be "
            f"samples and columns neurons, so compute {right}, not {wrong}, which is its "
            f"transpose ((A · B)ᵀ = Bᵀ · Aᵀ) ({reread('batch_output')})."
        )
    return (
        f"Your result is the transpose of the expected one{shapes}. (A · B)ᵀ = Bᵀ · Aᵀ: the "
        "operands swapped and both transposed, or the loop indices for rows and columns "
        f"swapped, give the transpose ({reread('transpose')})."
    )


@detector
def reshaped(case: Case) -> str | None:
    exp = case.expected
    if case.got.shape == exp.shape or case.got.size != exp.size:
        return None
    if not np.allclose(case.got.reshape(exp.shape), exp, atol=case.atol, rtol=case.rtol):
        return None
    return (
        f"The values are right but the shape is not: you returned shape {case.got.shape} where "
        f"{exp.shape} is asked. A row vector is a 2-D array with one row, shape (1, n); a plain "
        f"1-D array has shape (n,) ({reread('row_column')})."
    )


@detector
def bias_missing(case: Case) -> str | None:
    bias = case.arg("bias")
    if bias is None or not np.any(bias[1]) or not case.close(case.expected - bias[1]):
        return None
    return (
        f"The bias is missing: adding `{bias[0]}` to your result gives exactly the expected "
        f"values. Each neuron adds its bias after the weighted sum ({reread('bias')})."
    )


@detector
def bias_twice(case: Case) -> str | None:
    bias = case.arg("bias")
    if bias is None or not np.any(bias[1]) or not case.close(case.expected + bias[1]):
        return None
    return (
        f"The bias is added twice: subtracting `{bias[0]}` once from your result gives the "
        f"expected values. Add it exactly once, after the weighted sum ({reread('bias')})."
    )


@detector
def bias_wrong_axis(case: Case) -> str | None:
    bias = case.arg("bias")
    exp = case.expected
    if bias is None or exp.ndim != 2:
        return None
    b = bias[1].reshape(-1)
    if b.size != exp.shape[0] or not np.any(b - b.mean()):
        return None
    if not case.close(exp - b + b.reshape(-1, 1)):
        return None
    return (
        f"The biases are added along the wrong axis: each row of your result got one bias, but "
        f"each bias belongs to a neuron, which is a column. Add `{bias[0]}` with shape "
        f"(n_neurons,) or (1, n_neurons) so it broadcasts across the rows ({reread('broadcast')})."
    )


def _close_if_defined(case: Case, make) -> bool:
    """case.close(make()), False when the candidate cannot even be formed (shapes clash)."""
    try:
        return case.close(make())
    except ValueError:
        return False


@detector
def elementwise_product(case: Case) -> str | None:
    inputs, weights = case.arg("inputs"), case.arg("weights")
    if inputs is None or weights is None:
        return None
    product = inputs[1] * weights[1]
    bias = case.arg("bias")
    candidates = [lambda: product]
    if bias is not None:
        candidates += [lambda: product + bias[1], lambda: product + bias[1].reshape(-1, 1)]
    if not any(_close_if_defined(case, make) for make in candidates):
        return None
    return (
        "You multiplied element by element (`*`) but never added the products up: a neuron "
        "needs the sum of inputs × weights, which is what a dot product gives "
        f"(np.dot, or sum over a loop) ({reread('dot')})."
    )


def _terms_and_offsets(case: Case) -> tuple[np.ndarray, list] | None:
    """Every product x_j * w_j laid out like the result, and the bias offsets to try (0, b)."""
    inputs, weights = case.arg("inputs"), case.arg("weights")
    if inputs is None or weights is None or inputs[1].shape[-1] < 2:
        return None
    terms = _products(inputs[1], weights[1], case.expected.shape)
    if terms is None:
        return None
    bias = case.arg("bias")
    return terms, [0.0] + ([bias[1]] if bias is not None else [])


@detector
def last_term_only(case: Case) -> str | None:
    found = _terms_and_offsets(case)
    if found is None:
        return None
    terms, offsets = found
    if not any(case.close(terms[..., -1] + off) for off in offsets):
        return None
    return (
        "Only the last input × weight survived: inside your loop the total is overwritten "
        "(`total = x * w`) instead of accumulated (`total += x * w`). Start from 0 (or the "
        f"bias) and add every product ({reread('neuron')})."
    )


@detector
def first_terms_only(case: Case) -> str | None:
    found = _terms_and_offsets(case)
    if found is None:
        return None
    terms, offsets = found
    for k in range(1, terms.shape[-1]):
        partial = terms[..., :k].sum(axis=-1)
        if any(case.close(partial + off) for off in offsets):
            return (
                f"Your sum stops after {k} of the {terms.shape[-1]} inputs: the loop ends too "
                "early. Loop over every input, e.g. `for x, w in zip(inputs, weights)` "
                f"({reread('neuron')})."
            )
    return None


@detector
def one_output_per_input(case: Case) -> str | None:
    inputs, weights = case.arg("inputs"), case.arg("weights")
    exp = case.expected
    if inputs is None or weights is None or weights[1].ndim != 2 or exp.ndim < 1:
        return None
    n_inputs = inputs[1].shape[-1]
    if case.got.ndim < 1 or case.got.shape[-1] != n_inputs or exp.shape[-1] == n_inputs:
        return None
    return (
        f"Your result has {n_inputs} values per sample, one per input, but a layer gives one "
        f"output per neuron ({exp.shape[-1]} here). Loop over the neurons (the rows of the "
        f"weights), and inside that over the inputs ({reread('layer_loops')})."
    )


@detector
def returned_an_input(case: Case) -> str | None:
    for name, value in case.args.items():
        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            continue
        if arr.size > 1 and case.close(arr):
            return (
                f"Your function returns its argument `{name}` unchanged: nothing was computed "
                "from it. Check that you return the new value, not the input."
            )
    return None


@detector
def complement(case: Case) -> str | None:
    exp = case.expected
    if exp.size < 2 or not np.all((exp >= 0) & (exp <= 1)) or not case.close(1.0 - exp):
        return None
    return (
        "Your values are 1 minus the expected ones: that is the sigmoid of −z, so a sign is "
        f"flipped. σ(z) = 1 / (1 + e^(−z)) ({reread('sigmoid')})."
    )


@detector
def step_instead_of_value(case: Case) -> str | None:
    exp = case.expected
    if exp.size < 2 or not np.all(np.isin(case.got, (0.0, 1.0))):
        return None
    if not np.any(exp > 1e-9) or not case.close((exp > 0).astype(float)):
        return None
    return (
        "Your result only says where the value is positive (1) or not (0): that is the step "
        "function. ReLU keeps the positive value itself: max(0, z) "
        f"({reread('activation')})."
    )


@detector
def scaled(case: Case) -> str | None:
    exp = case.expected
    if exp.size < 2:
        return None
    nonzero = np.abs(exp) > 1e-9
    if not nonzero.any() or np.any(np.abs(case.got[~nonzero]) > case.atol):
        return None
    ratios = case.got[nonzero] / exp[nonzero]
    ratio = float(np.median(ratios))
    if abs(ratio - 1) < 1e-6 or not np.allclose(ratios, ratio, rtol=1e-6):
        return None
    return (
        f"Every value is {fmt_number(ratio)} × the expected one: a constant factor crept in "
        "(a count, a mean instead of a sum, or a wrong scale)."
    )
