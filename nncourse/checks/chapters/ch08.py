"""Chapter 08 (activations): hints for the ReLU, sigmoid and dense-ReLU exercises.

Like the general detectors, these only relate a wrong answer to the expected values and
the call's inputs (for instance "the result equals z minus the expected values"); none of
them computes the right answer.

`check_activation` is check_function for the element-wise exercises (relu, sigmoid), with
one error hook: when the student's function raised one of this chapter's typical errors
(np.max(0, z), max(0, z), `if z > 0` on an array, math.exp on an array), the hint says
what it means in plain words.
"""

from __future__ import annotations

import numpy as np

from ..core import check_function
from ..describe import fmt_number
from ..diagnose import Case, Mistakes
from ..failure import Hint
from ..run import Trial, run
from ..sections import reread
from . import notebook

# --- errors raised by the student's function ------------------------------------------


def _error_hint(exc: BaseException | None) -> str | None:
    """A hint for an exception this chapter's exercises typically raise, else None."""
    if exc is None:
        return None
    text = str(exc)
    if isinstance(exc, TypeError) and "integer scalar arrays" in text:
        return (
            "np.max(a) gives the single largest value inside one array: its second argument is "
            "an axis, not a second operand, so np.max(0, z) fails. To take the larger of 0 and "
            "each entry, use the element-wise maximum np.maximum(0, z) "
            f"({reread('activation')})."
        )
    if isinstance(exc, ValueError) and "truth value of an array" in text:
        return (
            "Python's max(...) and `if` decide about one number at a time; `z > 0` on an array "
            "is a whole array of True/False, which they cannot turn into one answer. Let NumPy "
            "decide element by element: np.maximum(0, z) or np.where(z > 0, ..., ...), which "
            f"work for arrays of any shape ({reread('activation')})."
        )
    if isinstance(exc, TypeError) and "converted to Python scalars" in text:
        return (
            "math.exp works on one Python number only; for an array use np.exp, which works "
            f"element by element on arrays of any shape ({reread('sigmoid')})."
        )
    return None


def _explained(exc: BaseException, args: dict) -> Hint | None:
    text = _error_hint(exc)
    return Hint("activation_error", text) if text else None


def check_activation(name: str, args: dict, expected, **options) -> None:
    """check_function(name, args, expected, **options), a typical error explained in plain words."""
    check_function(name, args, expected, namespace=notebook(), error_hints=(_explained,),
                   **options)


# --- ReLU -----------------------------------------------------------------------------


def _first_array(case: Case) -> np.ndarray:
    return np.asarray(next(iter(case.args.values())), dtype=float)


def kept_smaller(case: Case) -> str | None:
    """np.minimum(0, z): the negative part z - relu(z) instead of relu(z)."""
    z = _first_array(case)
    if not np.any(case.expected > case.atol) or not np.any(z < 0):
        return None
    if not case.close(z - case.expected):
        return None
    return (
        "Your result keeps the negative values and turns the positive ones into 0: that is "
        "the smaller of 0 and z (np.minimum). ReLU keeps the larger one: np.maximum(0, z) "
        f"({reread('activation')})."
    )


# --- sigmoid --------------------------------------------------------------------------


def clipped(case: Case) -> str | None:
    """Right for moderate z, wrong only where the sigmoid is saturated (near 0 or 1)."""
    exp, got = case.expected, case.got
    if not np.all((exp >= 0) & (exp <= 1)):
        return None
    wrong = ~np.isclose(got, exp, atol=case.atol, rtol=case.rtol)
    saturated = (exp < 1e-3) | (exp > 1 - 1e-3)
    if not wrong.any() or np.any(wrong & ~saturated):
        return None
    if not np.all((got[wrong] > 0) & (got[wrong] < 1)):
        return None
    index = tuple(int(i) for i in np.argwhere(wrong)[0])
    return (
        f"Your values are right for moderate z but not for large |z| (e.g. "
        f"{fmt_number(got[index])} where {fmt_number(exp[index])} is expected). Clipping z to "
        "a small range (np.clip) changes the result there: the sigmoid of -10 is 4.5e-05, not "
        f"0. Do not clip; compute the stable form instead ({reread('sigmoid')})."
    )


def returned_tanh(case: Case) -> str | None:
    z = _first_array(case)
    if not case.close(np.tanh(z)):
        return None
    return (
        "You returned tanh(z): its values run from -1 to 1 and tanh(0) = 0. The sigmoid "
        "runs from 0 to 1, with sigmoid(0) = 0.5: σ(z) = 1 / (1 + e^(−z)) "
        f"({reread('activation')})."
    )


# --- a dense layer followed by ReLU ---------------------------------------------------


def _bias_row(case: Case) -> np.ndarray | None:
    bias = case.arg("bias")
    if bias is None or case.expected.ndim != 2:
        return None
    b = bias[1].reshape(-1)
    return b if b.size == case.expected.shape[1] else None


def activation_forgotten(case: Case) -> str | None:
    """X · Wᵀ + b without ReLU: right wherever it is positive, negatives left in place."""
    got, exp = case.got, case.expected
    if got.shape != exp.shape or not np.any(got < -case.atol):
        return None
    if not np.allclose(np.maximum(got, 0.0), exp, atol=case.atol, rtol=case.rtol):
        return None
    return (
        "Your values are right wherever they are positive, but the negative ones are still "
        "there: the activation is missing. Apply ReLU to the layer's output, "
        f"relu(X · Wᵀ + b), so every negative value becomes 0 ({reread('activation')})."
    )


def activation_before_bias(case: Case) -> str | None:
    """relu(X · Wᵀ) + b: subtracting the biases leaves no negative value, yet some remain."""
    b = _bias_row(case)
    if b is None or not np.any(case.got < -case.atol):
        return None
    if np.any(case.got - b < -case.atol):
        return None
    return (
        "Your result still has negative values, and subtracting the biases removes every one "
        "of them: ReLU was applied before the biases were added. Add the biases first, then "
        f"apply ReLU to the whole X · Wᵀ + b ({reread('activation')})."
    )


def bias_forgotten_under_relu(case: Case) -> str | None:
    """relu(X · Wᵀ): what that gives, written from the expected values and the biases only.

    Where the expected value e is positive, X · Wᵀ = e - b, so the answer is max(0, e - b);
    where e is 0, X · Wᵀ + b <= 0, so the answer lies between 0 and max(0, -b).
    """
    b = _bias_row(case)
    if b is None or not np.any(b):
        return None
    exp, got, tol = case.expected, case.got, case.atol
    b_full = np.broadcast_to(b, exp.shape)
    active = exp > tol
    if not np.allclose(got[active], np.maximum(0.0, exp - b_full)[active], atol=tol):
        return None
    upper = np.maximum(0.0, -b_full)[~active] + tol
    if np.any(got[~active] < -tol) or np.any(got[~active] > upper):
        return None
    return (
        "The biases are missing: your result is ReLU of X · Wᵀ alone. Add the biases to the "
        f"weighted sums first, then apply ReLU: relu(X · Wᵀ + b) ({reread('bias')})."
    )


def negatives_remain(case: Case) -> str | None:
    """Any other result with negative values: ReLU was not the last step."""
    got = case.got
    if not np.any(got < -case.atol):
        return None
    index = tuple(int(i) for i in np.argwhere(got < -case.atol)[0])
    where = "[" + ", ".join(str(i) for i in index) + "]"
    return (
        f"Your result has negative values (e.g. {fmt_number(got[index])} at {where}), but a "
        "ReLU layer never outputs a negative number. ReLU must be the last step, applied to "
        "the layer's output X · Wᵀ + b, not to the inputs or the weights "
        f"({reread('activation')})."
    )


RELU_MISTAKES = Mistakes("ex08_relu", kept_smaller)
SIGMOID_MISTAKES = Mistakes("ex08_sigmoid", returned_tanh, clipped)
DENSE_RELU_MISTAKES = Mistakes("ex08_dense_relu", activation_forgotten, activation_before_bias,
                               bias_forgotten_under_relu, negatives_remain)


# --- dense_relu: a shape error on fresh arrays, right answers on the lesson's -------------

_LESSON_X = [[1.0, 0.5, -0.3], [0.2, 1.5, 0.7], [-0.5, 0.8, 1.2], [0.9, -0.2, 0.4]]
#: (weights, biases, expected with _LESSON_X): the lesson's W and b, then others of their shapes
_SAME_SHAPES = (
    ([[0.8, -0.5, 0.2], [0.3, 0.7, -0.1]], [0.1, -0.2],
     [[0.59, 0.48], [0.0, 0.84], [0.0, 0.09], [1.0, 0.0]]),
    ([[0.5, 0.4, -0.6], [-0.2, 0.9, 0.3]], [0.3, 0.2],
     [[1.18, 0.36], [0.58, 1.72], [0.0, 1.38], [0.43, 0.0]]),
)


def _fixed_arrays(namespace: dict):
    """Error hook: the lesson's arrays give the right answer, other arrays of the same shapes
    do not, so the product that fails uses arrays of its own, not its parameters."""

    def hook(exc: BaseException, args: dict) -> Hint | None:
        text = str(exc)
        if not ("not aligned" in text or "core dimension" in text or "broadcast" in text):
            return None
        func = namespace.get("dense_relu")
        if not callable(func):
            return None
        right = []
        for weights, biases, expected in _SAME_SHAPES:
            trial = run(func, Trial("same_shapes", {
                "inputs": np.array(_LESSON_X), "weights": np.array(weights),
                "biases": np.array(biases)}, None), quiet=True)
            got = np.asarray(trial.got, dtype=float) if trial.returned else None
            right.append(got is not None and got.shape == np.shape(expected)
                         and bool(np.allclose(got, expected, atol=1e-6)))
        if right != [True, False]:
            return None
        return Hint(
            "ignores_parameters",
            "Your function gives the right answer for the lesson's W and b, but not for "
            "other weights and biases (of the same shapes or of others): it seems to use "
            "fixed arrays (the lesson's W and b?) instead of its parameters `weights` and "
            "`biases`.")

    return hook


def check_dense_relu(args: dict, expected, **options) -> None:
    """check_function("dense_relu", ...), with the fixed-arrays error hook."""
    namespace = notebook()
    check_function("dense_relu", args, expected, namespace=namespace,
                   mistakes=DENSE_RELU_MISTAKES, error_hints=(_fixed_arrays(namespace),),
                   **options)
