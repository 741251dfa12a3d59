"""Chapter 08 · Activations: the checks of its four exercises.

relu(z) and sigmoid(z) are element-wise, so their probes are small arrays that each isolate
one part: all zeros, all negative, mixed signs with a distinct last entry, two and three
axes, whole numbers only (truncation), many decimals, large magnitudes (overflow, and the
saturated ends of the sigmoid). dense_relu(inputs, weights, biases) is chapter 06's layer
followed by ReLU: its probes are layers of 5 samples, 3 inputs and 4 neurons (nothing
square) with ReLU active everywhere, nowhere and in between, plus one sample and one neuron;
every probe ships its expected answer *and* its pre-activation table X · Wᵀ + b as literals,
so the mistake models (the activation missing, ReLU before the biases, the biases missing,
...) predict a wrong answer from those literals, never the right one from the inputs.

relu_network(inputs, layer1, layer2) gets chapter 07's sealed RecordingLayers: they hold no
expected answer, compute from their own weights and write down what they receive; the test
cell supplies what layer2 must receive (relu of layer1's output, worked out there) and the
network's output, and the detector reads the records.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable

import numpy as np

from ..code_text import calls_inside, count_calls
from ..exercise import Exercise, caller_namespace
from ..failure import CheckFailed, Hint
from ..layers import BATTERY, BIAS_PER_COLUMN, NEURON_SHAPES, SAMPLE_SHAPES
from ..probes import Evidence, Model, Probe, models
from ..run import Trial, run
from ..sections import cite
from ..student import source_text
from . import notebook
from .ch06 import _shape_error
from .ch07 import RecordingLayer, _inputs_of, _layers, _seeded
from .ch07 import check_dense_forward as _ch07_check_dense_forward

_ATOL = 1e-9

# --- errors raised by the student's function ------------------------------------------


def _explained(exc: BaseException, args: dict) -> Hint | None:
    """This chapter's typical errors (np.max(0, z), max(0, z) or `if z > 0` on an array,
    math.exp on an array) in plain words."""
    text = str(exc)
    if isinstance(exc, TypeError) and "integer scalar arrays" in text:
        return Hint("activation_error", (
            "np.max(a) gives the single largest value inside one array: its second argument "
            "is an axis, not a second operand, so np.max(0, z) fails. To take the larger of 0 "
            "and each entry, use the element-wise maximum np.maximum(0, z)."), "activation")
    if isinstance(exc, ValueError) and "truth value of an array" in text:
        return Hint("activation_error", (
            "Python's max(...) and `if` decide about one number at a time; `z > 0` on an "
            "array is a whole array of True/False, which they cannot turn into one answer (a "
            "loop over an array with two axes hands you whole rows). Let NumPy decide element "
            "by element: np.maximum(0, z) or np.where(z > 0, ..., ...), which work for arrays "
            "of any shape."), "activation")
    if isinstance(exc, TypeError) and "converted to Python scalars" in text:
        return Hint("activation_error", (
            "math.exp works on one Python number only; for an array use np.exp, which works "
            "element by element on arrays of any shape."), "sigmoid")
    return None


def check_activation(name: str, args: dict, expected, **options) -> None:
    """Kept for older notebooks: RELU.check or SIGMOID.check (atol and mistakes ignored)."""
    exercise = {"relu": RELU, "sigmoid": SIGMOID}[name]
    exercise.check(args, expected, label=options.get("label"), namespace=notebook())


# --- shared: element-wise probes and models -------------------------------------------


def _z(trial: Trial) -> np.ndarray:
    return np.asarray(trial.args["z"], dtype=float)


def _elementwise(key: str, text: str, predict, section: str = "activation",
                 min_trials: int = 2) -> Model:
    """A Model from predict(z, expected) -> the mistake's answer (None: cannot tell)."""

    def run_(ev: Evidence, trial: Trial):
        exp = ev.expected(trial)
        return None if exp is None else predict(_z(trial), exp)

    return Model(key, run_, text, section, min_trials)


def _flattened(z, exp):
    return exp.reshape(-1) if exp.ndim >= 2 else None


def _probe(name, z, expected, about, whole=False):
    return Probe(name, {"z": np.array(z, dtype=float)}, np.array(expected, dtype=float),
                 about, whole)


# --- exercise 1: relu(z) ----------------------------------------------------------------

RELU_PROBES = (
    _probe("zeros", [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]], [[0.0] * 3] * 2, "all zeros"),
    _probe("negative", [-3.0, -0.5, -1.25, -7.5], [0.0] * 4, "all negative: all 0"),
    _probe("mixed", [-1.5, 2.25, -0.75, 0.5, 3.5], [0.0, 2.25, 0.0, 0.5, 3.5],
           "mixed signs, the last entry positive"),
    _probe("positive", [0.25, 1.5, 4.0, 0.75, 2.5], [0.25, 1.5, 4.0, 0.75, 2.5],
           "all positive: unchanged"),
    _probe("two_axes", [[1.5, -2.5, 0.25], [-0.5, 4.0, -3.0]],
           [[1.5, 0.0, 0.25], [0.0, 4.0, 0.0]], "two axes, shape (2, 3)"),
    _probe("whole", [[3.0, -2.0, 5.0], [-1.0, 4.0, -6.0]], [[3.0, 0.0, 5.0], [0.0, 4.0, 0.0]],
           "whole numbers only", whole=True),
    _probe("whole_again", [2.0, -4.0, 7.0, -1.0, 1.0], [2.0, 0.0, 7.0, 0.0, 1.0],
           "other whole numbers", whole=True),
    _probe("three_axes", [[[0.5, -1.0], [2.0, -3.0]], [[-0.125, 4.5], [1.5, -2.5]]],
           [[[0.5, 0.0], [2.0, 0.0]], [[0.0, 4.5], [1.5, 0.0]]], "three axes, shape (2, 2, 2)"),
    _probe("large", [-2.5e6, 1.25e6, -1e300, 3e300], [0.0, 1.25e6, 0.0, 3e300],
           "large magnitudes"),
)


def _leaky_of(z_of) -> Callable[[Evidence], Hint | None]:
    """The leaky-ReLU detector for an exercise whose trials give z through `z_of` (None:
    this trial shows no z): relu(z) itself, or a layer's relu(X · Wᵀ + b)."""

    def detect(ev: Evidence) -> Hint | None:
        return _leaky(ev, z_of)

    return detect


def _leaky(ev: Evidence, z_of=None) -> Hint | None:
    """Right for z >= 0; for z < 0 the same small fraction of z, on two trials or more."""
    slopes, hits = [], []
    for trial in ev.trials():
        got, exp = ev.got(trial), ev.expected(trial)
        if got is None or exp is None or got.shape != exp.shape:
            continue
        z = _z(trial) if z_of is None else z_of(trial)
        if z is None:
            continue
        neg = z < 0
        if not ev.close(got[~neg], exp[~neg]):
            return None
        if not neg.any():
            continue
        ratio = got[neg] / z[neg]
        slopes += ratio.tolist()
        if not np.allclose(got[neg], 0.0, atol=ev.exercise.atol):
            hits.append(trial)
    if len(hits) < 2 or not np.allclose(slopes, slopes[0], rtol=1e-6, atol=0):
        return None
    a = slopes[0]
    if not 0 < a < 1:
        return None
    return Hint("leaky", (
        f"Your negative values are not turned into 0: each one comes back multiplied by "
        f"{a:g} (that is the 'leaky' ReLU, max({a:g}·z, z)). ReLU gives exactly 0 for every "
        "negative z: np.maximum(0, z)."), "activation",
        tuple(t.name for t in hits if t.name != "main")[:2])


#: the mistakes of relu(z), each (key, text, predict(z, expected)): shared by every exercise
#: that applies ReLU (relu itself, and a layer's relu(X · Wᵀ + b))
RELU_PATTERNS = (
    ("kept_negative_part", "Your result keeps the negative values and turns the "
                 "positive ones into 0: that is the smaller of 0 and z (np.minimum). ReLU "
                 "keeps the larger one: np.maximum(0, z).", lambda z, e: z - e),
    ("step_not_relu", "Your result only says where the value is positive (1) or "
                 "not (0): that is the step function. ReLU keeps the positive value itself: "
                 "max(0, z).", lambda z, e: (e > 0).astype(float)),
    ("negatives_kept", "Your result is z itself: the negative values were not "
                 "turned into 0. ReLU gives max(0, z) for every element: np.maximum(0, z).",
                 lambda z, e: z),
    ("absolute_value", "Your result is the size of z without its sign (abs): a "
                 "negative z must become 0, not its positive twin. ReLU is max(0, z).",
                 lambda z, e: np.abs(z)),
    ("capped_at_one", "Your values are right up to 1, but larger ones are capped "
                 "at 1, as np.clip(z, 0, 1) does: ReLU has no upper limit, large z passes "
                 "through unchanged. np.maximum(0, z), or np.clip(z, 0, None).",
                 lambda z, e: np.minimum(e, 1.0)),
    ("flattened", "The values are right but they come back as one flat array: "
                 "the shape of z is lost (flatten, ravel, or a loop that appends element by "
                 "element). Return an array of the same shape as z: NumPy's element-wise "
                 "functions keep it.", _flattened),
)

RELU_MODELS = tuple(_elementwise(key, text, predict,
                                 "elementwise" if key == "flattened" else "activation")
                    for key, text, predict in RELU_PATTERNS)

RELU = Exercise(
    "ex08_relu", "relu", "array", atol=_ATOL, probes=RELU_PROBES,
    detectors=(models(*RELU_MODELS), _leaky_of(_z)), error_hints=(_explained,), float_result=True,
    truncation_bound=1.0)

# --- exercise 2: sigmoid(z) -------------------------------------------------------------

SIGMOID_PROBES = (
    _probe("zeros", [0.0, 0.0, 0.0], [0.5, 0.5, 0.5], "all zeros: σ(0) = 0.5"),
    _probe("moderate", [[-2.0, -0.5, 0.0], [0.25, 1.0, 3.0]],
           [[0.119202922022118, 0.377540668798145, 0.5],
            [0.562176500885798, 0.731058578630005, 0.952574126822433]],
           "moderate values, two axes"),
    _probe("negative", [-4.0, -1.5, -0.25, -0.75],
           [0.017986209962092, 0.182425523806356, 0.437823499114202, 0.320821300824607],
           "all negative"),
    _probe("three_axes", [[[0.5, -1.0], [2.0, -3.0]], [[-0.125, 4.0], [1.5, -2.5]]],
           [[[0.622459331201855, 0.268941421369995], [0.880797077977882, 0.047425873177567]],
            [[0.468790626626244, 0.982013790037908], [0.817574476193644, 0.075858180021244]]],
           "three axes, shape (2, 2, 2)"),
    _probe("fine", [[0.123, -0.456, 0.789], [-1.234, 2.345, -0.111]],
           [[0.530711290500048, 0.387935162933939, 0.687616570870883],
            [0.225482099063964, 0.91253597951963, 0.472278457250835]], "many decimals"),
    _probe("saturated", [-30.0, -12.0, 12.0, 30.0],
           [9.4e-14, 6.144174602e-06, 0.999993855825398, 0.999999999999906],
           "far from 0, not yet overflowing"),
    _probe("large", [-1000.0, -40.0, 40.0, 1000.0], [0.0, 0.0, 1.0, 1.0],
           "large magnitudes: exp must not overflow"),
)


def _clipped(ev: Evidence) -> Hint | None:
    """Right for moderate z, wrong (and strictly between 0 and 1) only where the sigmoid is
    saturated, on two trials or more."""
    hits, example = [], None
    for trial in ev.trials():
        got, exp = ev.got(trial), ev.expected(trial)
        if got is None or exp is None or got.shape != exp.shape:
            continue
        wrong = ~np.isclose(got, exp, atol=ev.exercise.atol, rtol=0)
        if not wrong.any():
            continue
        saturated = (exp < 1e-3) | (exp > 1 - 1e-3)
        if np.any(wrong & ~saturated) or not np.all((got[wrong] > 0) & (got[wrong] < 1)):
            return None
        hits.append(trial)
        if example is None:
            index = tuple(int(i) for i in np.argwhere(wrong)[0])
            example = (got[index], exp[index])
    if len(hits) < 2:
        return None
    return Hint("clipped", (
        f"Your values are right for moderate z but not for large |z| (e.g. {example[0]:.3g} "
        f"where {example[1]:.3g} is expected). Clipping z to a small range (np.clip) changes "
        "the result there: the sigmoid of -30 is 9.4e-14, not that of -10 (4.5e-05). Do not "
        "clip; compute the stable form instead."), "sigmoid",
        tuple(t.name for t in hits if t.name != "main")[:2])


def _approximate_e(ev: Evidence) -> Hint | None:
    """b^(-z) with b a rounded e: log(1/got - 1) / log(1/expected - 1) is the same constant
    ln(b) != 1 on every entry where both are well inside (0, 1), on two trials or more."""
    ratios, hits = [], []
    for trial in ev.trials():
        got, exp = ev.got(trial), ev.expected(trial)
        if got is None or exp is None or got.shape != exp.shape:
            continue
        inside = (exp > 1e-6) & (exp < 1 - 1e-6) & (np.abs(exp - 0.5) > 1e-3)
        inside &= (got > 1e-6) & (got < 1 - 1e-6)
        if not inside.any():
            continue
        r = np.log(1 / got[inside] - 1) / np.log(1 / exp[inside] - 1)
        ratios += r.tolist()
        hits.append(trial)
    if len(hits) < 2 or not np.allclose(ratios, ratios[0], rtol=1e-6, atol=0):
        return None
    base = float(np.exp(ratios[0]))
    if abs(ratios[0] - 1) < 1e-6 or abs(base - np.e) > 0.05:
        return None  # another factor on z (sigmoid(k·z)) is not a rounded e
    return Hint("approximate_e", (
        f"Your values are close but not exact: they follow 1 / (1 + b^(−z)) with b ≈ "
        f"{base:.4g}, a rounded value of e. Use np.exp, which uses e exactly."), "sigmoid",
        tuple(t.name for t in hits if t.name != "main")[:2])


SIGMOID_MODELS = (
    _elementwise("complement", "Your values are 1 minus the expected ones: that is the "
                 "sigmoid of −z, so a sign is flipped (or the two branches of np.where are "
                 "swapped). σ(z) = 1 / (1 + e^(−z)).", lambda z, e: 1.0 - e, "sigmoid"),
    _elementwise("negative_branch", "Your values are right for z ≥ 0, but for z < 0 you "
                 "return 1 minus the right value: 1 / (1 + e^(−|z|)) is the formula for z ≥ 0 "
                 "only. For z < 0 the stable form is e^z / (1 + e^z) = e^(−|z|) / (1 + "
                 "e^(−|z|)): choose between the two with np.where(z >= 0, ..., ...).",
                 lambda z, e: np.where(z >= 0, e, 1.0 - e), "sigmoid"),
    _elementwise("negative_branch_undivided", "Your values are right for z ≥ 0, but for "
                 "z < 0 you return e^z itself: the stable form for negative z is e^z divided "
                 "by (1 + e^z), i.e. e^(−|z|) / (1 + e^(−|z|)).",
                 lambda z, e: np.where(z >= 0, e, np.exp(np.minimum(z, 0))), "sigmoid"),
    _elementwise("negative_branch_minus", "Your values are right for z ≥ 0, but for z < 0 "
                 "you return e^z / (1 − e^z): the denominator has a minus where a plus belongs "
                 "(and at z = 0 it divides by 0). The stable form for negative z is e^z / "
                 "(1 + e^z).", lambda z, e: np.where(
                     z >= 0, e, np.exp(np.minimum(z, 0)) / (1 - np.exp(np.minimum(z, -1e-12)))),
                 "sigmoid"),
    _elementwise("doubled_input", "Your values are σ(2z), the sigmoid of twice z: "
                 "(1 + tanh(z)) / 2 equals σ(2z). The tanh form of the sigmoid halves z first, "
                 "(1 + np.tanh(z / 2)) / 2; or compute σ(z) = 1 / (1 + e^(−z)) itself.",
                 lambda z, e: 0.5 * (1.0 + np.tanh(z)), "sigmoid"),
    _elementwise("halved_input", "Your values are σ(z/2), the sigmoid of half of z: a "
                 "factor 1/2 went onto z (e^(−z/2), or tanh(z / 4) in the tanh form). σ(z) = "
                 "1 / (1 + e^(−z)), or (1 + np.tanh(z / 2)) / 2.",
                 lambda z, e: 0.5 * (1.0 + np.tanh(z / 4.0)), "sigmoid"),
    _elementwise("returned_tanh", "You returned tanh(z): its values run from -1 to 1 and "
                 "tanh(0) = 0. The sigmoid runs from 0 to 1, with sigmoid(0) = 0.5: σ(z) = "
                 "1 / (1 + e^(−z)).", lambda z, e: np.tanh(z)),
    _elementwise("step_not_sigmoid", "Your result is only 0s and 1s (1 where z > 0): that is "
                 "the step function. The sigmoid moves smoothly from 0 to 1 and gives 0.5 at "
                 "z = 0: σ(z) = 1 / (1 + e^(−z)).", lambda z, e: (z > 0).astype(float)),
    _elementwise("flattened", "The values are right but they come back as one flat array: "
                 "the shape of z is lost (flatten, ravel, or a loop that appends element by "
                 "element). Return an array of the same shape as z: np.exp and np.where keep "
                 "it.", _flattened, "elementwise"),
)

def _float32(ev: Evidence) -> Hint | None:
    """Right to about 7 significant digits only, on two trials or more, with values a float32
    holds exactly (or a float32 result): the sigmoid was computed in float32."""
    hits, example, is32 = [], None, False
    for trial in ev.trials():
        got, exp = ev.got(trial), ev.expected(trial)
        if got is None or exp is None or got.shape != exp.shape or ev.close(got, exp):
            continue
        raw32 = isinstance(trial.got, np.ndarray) and trial.got.dtype == np.float32
        exact32 = bool(np.all(got.astype(np.float32).astype(float) == got))
        if not np.allclose(got, exp, rtol=1e-6, atol=ev.exercise.atol) or not (raw32 or exact32):
            return None
        is32 |= raw32
        hits.append(trial)
        if example is None:
            bad = ~np.isclose(got, exp, atol=ev.exercise.atol, rtol=0)
            index = tuple(int(i) for i in np.argwhere(bad)[0])
            example = (got[index], exp[index])
    if len(hits) < 2:
        return None
    why = ("your result has dtype float32" if is32 else "every value you return is one a "
           "float32 holds exactly")
    return Hint("float32", (
        f"Your values are right to about 7 significant digits only ({example[0]:.10g} where "
        f"{example[1]:.10g} is expected): they were computed in float32 ({why}), which keeps "
        "about 7 digits. Compute in float64, NumPy's default: leave out astype(np.float32) "
        "and dtype=np.float32."), "dtype", tuple(t.name for t in hits if t.name != "main")[:2])


#: large |z| of one sign only: the naive formula for that sign overflows, the other does not
_ONE_SIGN = (("large_positive", [40.0, 1000.0], [1.0, 1.0]),
             ("large_negative", [-1000.0, -40.0], [0.0, 0.0]))


def _overflows(trial: Trial) -> bool:
    w = trial.warning
    return w is not None and "overflow" in str(w.message)


class _SigmoidExercise(Exercise):
    """An Exercise that, on an overflow warning with right values, calls the function on
    large z of one sign, then of the other: both overflowing and both right means np.where
    chose the right formula, but both formulas were computed for every element."""

    _func = None

    def _target(self, namespace: dict):
        self._func = super()._target(namespace)
        return self._func

    def _warning_failure(self, main: Trial):
        hint = self._both_branches(main)
        if hint is None:
            return super()._warning_failure(main)
        w = main.warning
        return self._failure(main, f"raised a warning: {w.category.__name__}: {w.message}.",
                             hint)

    def _both_branches(self, main: Trial) -> Hint | None:
        got, exp = self.as_array(main.got), self.as_array(main.expected)
        if self._func is None or not _overflows(main) or not self._close(got, exp):
            return None
        for name, z, want in _ONE_SIGN:
            trial = run(self._func, Trial(name, {"z": np.array(z)}, np.array(want)), quiet=True)
            if not _overflows(trial) or not self._close(self.as_array(trial.got),
                                                         np.array(want)):
                return None
        fix = ("Give exp only numbers ≤ 0: e = np.exp(-np.abs(z)), then "
               "np.where(z >= 0, 1 / (1 + e), e / (1 + e)).")
        code = source_text(self._func) or ""
        if not calls_inside(code, "where", "exp") and count_calls(code, "exp") < 2:
            return Hint("exp_of_large", (
                "Your values are right, but exp overflows for large positive z AND for large "
                "negative z: somewhere exp receives a large positive number whatever the sign "
                f"of z (np.exp(np.abs(z)), or exp of both z and -z), and warns. {fix}"),
                "sigmoid")
        return Hint("both_branches", (
            "Your values are right, but exp overflows for large positive z AND for large "
            "negative z: both branches are evaluated. np.where(cond, a, b) computes a and b "
            "for every element before it picks, so the formula meant for z < 0 still runs on "
            f"z = 1000 (and the other on z = -1000), and warns. {fix}"), "sigmoid")


SIGMOID = _SigmoidExercise(
    "ex08_sigmoid", "sigmoid", "array", atol=_ATOL, probes=SIGMOID_PROBES,
    detectors=(models(*SIGMOID_MODELS), _clipped, _approximate_e, _float32),
    error_hints=(_explained,), float_result=True, vectorised=True,
    advice={"python_loop": "The lesson's one-number version chose its formula by the sign "
                           "of z; np.where(z >= 0, ..., ...) makes that choice for every "
                           "element at once (with exp computed only on -|z|, so nothing "
                           "overflows)."},
    sections={"python_loop": "sigmoid"})

# --- exercise 3: dense_relu(inputs, weights, biases), weights (n_neurons, n_inputs) -------

# the layer battery's own batch, layer and X · Wᵀ + b tables (nncourse.checks.layers)
_X, _W, _B = BATTERY["full"][:3]


def _battery(name: str, relu_table: list, about: str) -> tuple:
    """A battery probe of layers.py, with ReLU of its X · Wᵀ + b table written out."""
    x, w, b, z, whole = BATTERY[name]
    return (x, w, b, z, relu_table, about, whole)


_W_POS = [[0.5, 0.25, 1.0], [1.0, 0.5, 0.25], [0.25, 1.5, 0.5], [0.75, 0.25, 0.5]]
_B_POS = [0.5, 0.25, 1.0, 0.75]
_X_POS = [[1.0, 0.5, 2.0], [0.5, 1.5, 1.0], [2.0, 1.0, 0.5], [1.5, 2.5, 1.0],
          [0.25, 0.75, 1.5]]
_Z_POS = [[3.125, 2.0, 3.0, 2.625], [2.125, 1.75, 3.875, 2.0], [2.25, 2.875, 3.25, 2.75],
          [2.875, 3.25, 5.625, 3.0], [2.3125, 1.25, 2.9375, 1.875]]

#: name -> (inputs, weights, biases, X · Wᵀ + b, expected = ReLU of it, about, whole)
DENSE_PROBES_DATA = {
    "zero": ([[0.0, 0.0, 0.0]] * 5, _W, _B, [_B] * 5, [[1.5, 0.0, 0.75, 2.5]] * 5,
             "all inputs 0: each neuron gives ReLU of its own bias", False),
    "positive": (_X_POS, _W_POS, _B_POS, _Z_POS, _Z_POS,
                 "every X · Wᵀ + b positive: ReLU changes nothing", False),
    "negative": (_X_POS, [[-v for v in row] for row in _W_POS], [-v for v in _B_POS],
                 [[-v for v in row] for row in _Z_POS], [[0.0] * 4] * 5,
                 "every X · Wᵀ + b negative: all 0", False),
    "whole": _battery("whole", [[11, 2, 6, 5], [3, 3, 0, 5], [11, 0, 13, 2], [7, 0, 1, 0],
                                [4, 8, 0, 7]], "whole numbers only"),
    "whole_again": _battery("whole_again", [[0, 8, 0, 0], [0, 0, 10, 9], [7, 0, 0, 0],
                                            [5, 0, 2, 1], [0, 4, 2, 6]], "other whole numbers"),
    "full": _battery("full", [[0.0, 0.0, 0.0, 6.125], [5.0, 0.375, 0.0, 1.0],
                              [1.5, 0.0, 4.4375, 1.875], [6.0, 0.0, 2.0, 1.125],
                              [2.125, 0.0, 0.0, 1.4375]], "fractions, mixed signs"),
    "fine": _battery("fine", [[0.907514, 0.0, 0.54656, 0.0], [0.0, 0.53603, 0.0, 0.0],
                              [0.18251, 0.0, 0.640052, 0.0], [0.869149, 0.0, 0.016307, 0.191783],
                              [0.0, 0.780562, 0.0, 0.0]], "many decimals"),
    "other_inputs": (
        [[-1.0, 0.5, 2.0], [1.5, 1.0, -0.5], [0.25, -2.0, 1.0], [2.0, 0.0, 0.5],
         [-0.5, 1.5, 1.5]], _W, _B,
        [[4.5, -4.375, 5.125, 0.5], [0.25, 0.75, -2.0, 5.0], [5.625, -2.625, -0.25, -1.6875],
         [3.5, 0.75, -2.75, 2.375], [2.75, -3.125, 4.375, 2.75]],
        [[4.5, 0.0, 5.125, 0.5], [0.25, 0.75, 0.0, 5.0], [5.625, 0.0, 0.0, 0.0],
         [3.5, 0.75, 0.0, 2.375], [2.75, 0.0, 4.375, 2.75]],
        "other inputs, same weights and biases", False),
    "other_weights": (
        _X, [[1.0, 0.5, -0.5], [-0.75, 2.0, 1.0], [0.5, -1.5, 0.25], [2.0, 1.0, 0.5]], _B,
        [[3.25, -0.375, -1.5, 4.5], [2.75, -3.5, 2.75, 6.5], [-0.125, 0.125, -0.25, 0.0],
         [1.75, 1.75, 0.375, 6.75], [1.875, -5.5625, 2.875, 2.5]],
        [[3.25, 0.0, 0.0, 4.5], [2.75, 0.0, 2.75, 6.5], [0.0, 0.125, 0.0, 0.0],
         [1.75, 1.75, 0.375, 6.75], [1.875, 0.0, 2.875, 2.5]],
        "other weights, same inputs and biases", False),
    "other_bias": (
        _X, _W, [-1.0, 0.5, 2.5, -0.25],
        [[-4.25, 2.125, 1.625, 3.375], [2.5, 2.875, -0.875, -1.75],
         [-1.0, -1.9375, 6.1875, -0.875], [3.5, 1.0, 3.75, -1.625],
         [-0.375, 1.5625, -0.4375, -1.3125]],
        [[0.0, 2.125, 1.625, 3.375], [2.5, 2.875, 0.0, 0.0], [0.0, 0.0, 6.1875, 0.0],
         [3.5, 1.0, 3.75, 0.0], [0.0, 1.5625, 0.0, 0.0]],
        "other biases, same inputs and weights", False),
    "one_sample": ([[0.5, -1.5, 2.0]], _W, _B, [[7.25, -2.625, 0.625, -2.125]],
                   [[7.25, 0.0, 0.625, 0.0]], "one sample", False),
    "one_neuron": (_X, [[1.0, -0.5, 0.75]], [-0.25], [[-1.25], [2.75], [-1.5], [2.125], [0.75]],
                   [[0.0], [2.75], [0.0], [2.125], [0.75]], "one neuron", False),
}

_DENSE_NAMES = ("inputs", "weights", "biases")


def _dense_probes() -> tuple[Probe, ...]:
    found = []
    for name, (x, w, b, _z_table, expected, about, whole) in DENSE_PROBES_DATA.items():
        args = {"inputs": np.array(x, dtype=float), "weights": np.array(w, dtype=float),
                "biases": np.array(b, dtype=float)}
        found.append(Probe(name, args, np.array(expected, dtype=float), about, whole))
    return tuple(found)


DENSE_PROBES = _dense_probes()


def _layer(trial: Trial):
    """(X, W, b, X · Wᵀ + b) of a probe, the last from its literal; None for other trials."""
    data = DENSE_PROBES_DATA.get(trial.name)
    if data is None:
        return None
    x, w, b, z = (np.asarray(v, dtype=float) for v in data[:4])
    return x, w, b, z


def _layer_z(trial: Trial):
    parts = _layer(trial)
    return None if parts is None else parts[3]


def _dense(key: str, text: str, predict, section: str = "activation") -> Model:
    """A Model from predict(x, w, b, z) -> the mistake's answer, on the probes only."""

    def run_(ev: Evidence, trial: Trial):
        parts = _layer(trial)
        return None if parts is None else predict(*parts)

    return Model(key, run_, text, section)


def _relu0(a):
    return np.where(a > 0, a, 0.0)


def _transposed_table(ev: Evidence, trial: Trial):
    exp = ev.expected(trial)
    return None if exp is None or exp.ndim != 2 or exp.shape[0] == exp.shape[1] else exp.T


DENSE_MODELS = (
    _dense("activation_missing", "Your values are right wherever they are positive, but the "
           "negative ones are still there: the activation is missing. Apply ReLU to the "
           "layer's output, relu(X · Wᵀ + b), so every negative value becomes 0.",
           lambda x, w, b, z: z),
    _dense("relu_before_bias", "With every X · Wᵀ + b negative your result is not 0 but "
           "shows the biases: ReLU was applied before the biases were added. Add the biases "
           "first, then apply ReLU to the whole X · Wᵀ + b.",
           lambda x, w, b, z: _relu0(z - b) + b),
    _dense("bias_missing", "The biases are missing: with all inputs 0 each neuron must give "
           "ReLU of its own bias, yours give 0, and your results are ReLU of X · Wᵀ alone. "
           "Add the biases to the weighted sums first, then apply ReLU: relu(X · Wᵀ + b).",
           lambda x, w, b, z: _relu0(z - b), "bias"),
    _dense("bias_twice", "The biases are added twice: with all inputs 0 your neurons give "
           "ReLU of twice their bias. Add them exactly once, before ReLU.",
           lambda x, w, b, z: _relu0(z + b), "bias"),
    _dense("first_bias_for_all", "Every neuron got the first bias: with all inputs 0 each "
           "neuron (each column of the output) should give ReLU of its own bias, yours all use "
           "biases[0]. " + BIAS_PER_COLUMN,
           lambda x, w, b, z: _relu0(z - b + b[0]) if b.size >= 2 else None, "bias"),
    _dense("kept_negative_part", "Your result keeps the negative values of X · Wᵀ + b and "
           "turns the positive ones into 0: that is min(0, z) (np.minimum(z, 0), or np.clip "
           "with an upper bound of 0), ReLU the wrong way round. ReLU keeps the larger one: "
           "np.maximum(0, z).", lambda x, w, b, z: np.minimum(z, 0.0)),
    _dense("relu_on_inputs", "ReLU was applied to the inputs, not to the layer's output: your "
           "result is relu(X) · Wᵀ + b, which still has negative values. The activation comes "
           "last: relu(X · Wᵀ + b).", lambda x, w, b, z: _relu0(x) @ w.T + b),
    _dense("sigmoid_not_relu", "Your values lie strictly between 0 and 1: they are the "
           "sigmoid of the layer's output, not ReLU. This exercise asks for ReLU: "
           "relu(X · Wᵀ + b), 0 for every negative value and the value itself otherwise.",
           lambda x, w, b, z: 1 / (1 + np.exp(-z))),
    _dense("relu_on_weights", "ReLU was applied to the weights, not to the layer's output: "
           "your result is X · relu(W)ᵀ + b, which can still be negative. The activation comes "
           "last: relu(X · Wᵀ + b).", lambda x, w, b, z: x @ _relu0(w).T + b),
    _dense("bias_subtracted", "The biases are subtracted instead of added: with all inputs 0 "
           "your neurons give ReLU of minus their bias. The layer computes X · Wᵀ + b, then "
           "ReLU: check the sign.", lambda x, w, b, z: _relu0(z - 2 * b), "bias"),
    # relu's own mistakes, made on the layer's X · Wᵀ + b
    *(_dense(key, text, lambda x, w, b, z, p=predict: p(z, _relu0(z)))
      for key, text, predict in RELU_PATTERNS if key not in ("negatives_kept", "flattened")),
    Model("transposed", _transposed_table, "Your result is turned on its side: one row per "
          "neuron and one column per sample. Rows must be samples and columns neurons, so the "
          "batch comes first in the product: np.dot(inputs, weights.T) gives (n_samples, "
          "n_neurons); np.dot(weights, inputs.T) gives its transpose, because (A · B)ᵀ = "
          "Bᵀ · Aᵀ.", "batch_output"),
)

_LESSON = (
    [[1.0, 0.5, -0.3], [0.2, 1.5, 0.7], [-0.5, 0.8, 1.2], [0.9, -0.2, 0.4]],
    [[0.8, -0.5, 0.2], [0.3, 0.7, -0.1]], [0.1, -0.2],
    [[0.59, 0.48], [0.0, 0.84], [0.0, 0.09], [1.0, 0.0]])
#: other arrays of the lesson's shapes, one per parameter; each changes the right answer
_LESSON_OTHER = {
    "inputs": [[0.5, -1.0, 1.5], [2.0, 0.25, -0.5], [-1.0, 1.0, 0.75], [1.25, 0.5, 2.0]],
    "weights": [[0.5, 0.4, -0.6], [-0.2, 0.9, 0.3]],
    "biases": [0.3, 0.2],
}


def _fixed_arrays(namespace_of):
    """Error hook: a shape error on the test's arrays, and right answers on the lesson's.

    The student's function runs on the lesson's arrays (it must give the lesson's answer),
    then with one argument replaced by another array of the same shape; an argument whose
    replacement changes nothing is not used: the product that failed uses arrays of its own
    (the lesson's X, W or b)."""

    def hook(exc: BaseException, args: dict) -> Hint | None:
        text = str(exc)
        if not ("not aligned" in text or "core dimension" in text or "broadcast" in text):
            return None
        func = namespace_of().get("dense_relu")
        if not callable(func):
            return None
        lesson = dict(zip(_DENSE_NAMES, (np.array(v, dtype=float) for v in _LESSON[:3]),
                          strict=True))

        def answer(values):
            trial = run(func, Trial("lesson", values, None), quiet=True)
            return np.asarray(trial.got, dtype=float) if trial.returned and \
                trial.got is not None else None

        base = answer(lesson)
        if base is None or base.shape != np.shape(_LESSON[3]) or \
                not np.allclose(base, _LESSON[3], atol=1e-6):
            return None
        ignored = []
        for name, other in _LESSON_OTHER.items():
            got = answer({**lesson, name: np.array(other, dtype=float)})
            if got is not None and got.shape == base.shape and np.allclose(got, base):
                ignored.append(name)
        if not ignored:
            return None
        listed = " and ".join(f"`{n}`" for n in ignored)
        lesson_names = {"inputs": "X", "weights": "W", "biases": "b"}
        guess = " and ".join(lesson_names[n] for n in ignored)
        key = f"ignores_{ignored[0]}" if len(ignored) == 1 else "ignores_parameters"
        what = "parameter" if len(ignored) == 1 else "parameters"
        return Hint(key, (
            f"Your function gives the right answer for the lesson's X, W and b, and the same "
            f"answer when {listed} change{'s' if len(ignored) == 1 else ''}: it does not use "
            f"its {what} {listed}. It seems to read fixed arrays (the lesson's {guess}?) "
            f"instead; compute with the {what} the function receives."))

    return hook


def _lesson_answer(ev: Evidence) -> Hint | None:
    """Every trial whose right answer is another returns the lesson's answer itself, on two
    trials or more: the function computes with the lesson's X, W and b."""
    lesson = np.array(_LESSON[3])
    hits = []
    for trial in ev.trials():
        got, exp = ev.got(trial), ev.expected(trial)
        if exp is not None and ev.close(exp, lesson):
            continue
        if not ev.close(got, lesson):
            return None
        hits.append(trial)
    if len(hits) < 2:
        return None
    return Hint("lesson_globals", (
        "Your function returns the lesson's result, [[0.59, 0.48], [0, 0.84], [0, 0.09], "
        "[1, 0]], whatever it receives: it computes with the lesson's X, W and b (variables "
        "from outside the function) instead of its parameters. Use `inputs`, `weights` and "
        "`biases`: relu(np.dot(inputs, weights.T) + biases)."), "activation",
        tuple(t.name for t in hits if t.name != "main")[:2])


class _DenseReluExercise(Exercise):
    """An Exercise that remembers the test cell's globals, for the fixed-arrays hook."""

    namespace: dict = {}

    def check(self, args, expected, *, label=None, namespace=None) -> None:
        namespace = caller_namespace() if namespace is None else namespace
        self.namespace = namespace
        super().check(args, expected, label=label, namespace=namespace)


DENSE_RELU = _DenseReluExercise(
    "ex08_dense_relu", "dense_relu", "array", atol=_ATOL, probes=DENSE_PROBES,
    detectors=(_lesson_answer, models(*DENSE_MODELS), _leaky_of(_layer_z),
               models(*SAMPLE_SHAPES, *NEURON_SHAPES)),
    error_hints=(_fixed_arrays(lambda: DENSE_RELU.namespace), _shape_error(False), _explained),
    float_result=True, truncation_bound=8.0)


def check_dense_relu(args: dict, expected, *, label: str | None = None, **_options) -> None:
    """Kept for older notebooks: DENSE_RELU.check (atol ignored)."""
    DENSE_RELU.check(args, expected, label=label, namespace=notebook())


# --- exercise 4: relu_network(inputs, layer1, layer2) with sealed recording layers --------


def _same(a, b) -> bool:
    try:
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return False
    return a.shape == b.shape and bool(np.allclose(a, b, atol=1e-9, rtol=0))


def _zeroed_negatives(after, before) -> bool:
    """`after` is `before` with every negative entry set to 0 (and some were negative)."""
    a, b = np.asarray(after, dtype=float), np.asarray(before, dtype=float)
    if a.shape != b.shape or not np.any(b < 0):
        return False
    neg = b < 0
    return bool(np.allclose(a[neg], 0.0, atol=1e-9) and np.allclose(a[~neg], b[~neg], atol=1e-9))


class _Between:
    """What layer2 must receive in the current check: relu(layer1.output), from the test."""

    value: np.ndarray | None = None


def _network_hint(ev: Evidence) -> Hint | None:
    """Read what each layer received (its records) and what came back."""
    trial = ev.main
    pair = _layers(trial)
    if pair is None:
        return None
    layer1, layer2 = pair
    x = _inputs_of(trial)
    got, between = trial.got, _Between.value
    h = layer1.__dict__.get("output")
    if not layer1.calls:
        return Hint("first_layer_skipped", "layer1.forward was never called: the network's "
                    "inputs must go through the first layer first, layer1.forward(inputs), "
                    "then ReLU, then the second layer.", "two_layers")
    if not _same(layer1.calls[0], x):
        if _zeroed_negatives(layer1.calls[0], x):
            return Hint("relu_on_inputs", "ReLU went on the network's inputs: layer1 received "
                        "`inputs` with its negative values set to 0. The inputs go into the "
                        "first layer as they are; ReLU belongs between the layers, on "
                        "layer1's output: layer2.forward(relu(layer1.output)).", "activation")
        return Hint("first_layer_wrong_input", "layer1.forward was given something other than "
                    "the network's inputs: pass `inputs` itself to the first layer.",
                    "two_layers")
    if got is not None and ((h is not None and _same(got, h))
                            or (between is not None and _same(got, between))):
        return Hint("first_layer_returned", "You returned the first layer's output. The "
                    "network's output is what the LAST layer gives: pass relu(layer1.output) "
                    "to layer2.forward(...) and return layer2's output.", "two_layers")
    if not layer2.calls:
        return Hint("second_layer_skipped", "layer2.forward was never called: feed ReLU of the "
                    "first layer's output to it, layer2.forward(relu(layer1.output)), and "
                    "return its output.", "two_layers")
    received = np.asarray(layer2.calls[-1], dtype=float)
    out2 = layer2.__dict__.get("output")
    if h is not None and _same(received, h) and not _same(h, between):
        if got is not None and out2 is not None and _zeroed_negatives(got, out2):
            return Hint("relu_at_the_end", "ReLU was applied after the last layer instead of "
                        "between the layers: layer2 received layer1's output with its negative "
                        "values, and your result is ReLU of layer2's output. Apply ReLU to "
                        "layer1's output and give that to layer2; return layer2's output as it "
                        "is.", "activation")
        return Hint("relu_missing", "layer2 received layer1's output as it is: it still has "
                    "its negative values, so no ReLU happened between the layers. Give "
                    "layer2 relu(layer1.output); relu returns a new array (it does not change "
                    "its argument), so pass on what it returns.", "activation")
    if between is not None and _same(received, between):
        if got is not None and out2 is not None and _zeroed_negatives(got, out2):
            return Hint("relu_twice", "layer2 received the right values, but your result is "
                        "ReLU of layer2's output: ReLU after the last layer too. The network's "
                        "output is layer2's output as it is (it may be negative).",
                        "activation")
        if got is not None and np.any(layer2.biases) and _same(
                np.asarray(got, dtype=float), np.asarray(trial.expected) + layer2.biases):
            return Hint("last_biases_twice", "The second layer's biases are added twice: its "
                        "forward already adds them. Return layer2's output as it is.",
                        "two_layers")
        return None
    if h is not None and received.shape == np.shape(h):
        if np.all((received > 0) & (received < 1)) and np.all(
                (received > 0.5) == (np.asarray(h) > 0)):
            return Hint("sigmoid_not_relu", "layer2 received the sigmoid of layer1's output "
                        "(values between 0 and 1, above 0.5 where the output is positive). "
                        "This network uses ReLU: layer2.forward(relu(layer1.output)).",
                        "activation")
        if np.all(np.isin(received, (0.0, 1.0))) and np.all(
                (received == 1.0) == (np.asarray(h) > 0)):
            return Hint("step_not_relu", "layer2 received only 0s and 1s (1 where layer1's "
                        "output is positive): that is the step function. ReLU keeps the "
                        "positive values themselves: layer2.forward(relu(layer1.output)).",
                        "activation")
        if np.any(np.asarray(h) > 0) and _same(received, np.minimum(h, 0.0)):
            return Hint("kept_negative_part", "layer2 received layer1's output with its "
                        "POSITIVE values set to 0 and the negative ones kept: min(0, z) "
                        "(np.minimum(z, 0)), ReLU the wrong way round. ReLU keeps the larger "
                        "one: layer2.forward(relu(layer1.output)), relu(z) = np.maximum(0, z).",
                        "activation")
        return Hint("second_layer_wrong_input", "layer2 received other values than "
                    "relu(layer1.output), layer1's output with every negative value set to 0 "
                    "and the others as they are.", "activation", named=False)
    return None


class NetworkLayer(RecordingLayer):
    """A RecordingLayer that also keeps, apart, a copy of each output its forward computed,
    so a check can tell when `.output` was changed afterwards (ReLU applied in place). It
    reads as a RecordingLayer in call lines, as the lesson's outputs show it."""

    __nncourse_type__ = "RecordingLayer"

    def __init__(self, name, weights, biases, feed):
        super().__init__(name, weights, biases, feed)
        self.computed = []

    def forward(self, inputs):
        out = super().forward(inputs)
        self.computed = [*self.computed, np.array(out, copy=True)]
        return out


def _output_kept(exercise, trial) -> Hint | None:
    """A promise: each layer's .output is still what its forward computed (inputs are read,
    not changed; np.maximum(..., out=layer1.output) or a masked assignment change it)."""
    for layer in (v for v in trial.args.values() if isinstance(v, NetworkLayer)):
        kept = layer.__dict__.get("output")
        if not layer.computed or kept is None:
            continue
        made = layer.computed[-1]
        if _same(kept, made):
            continue
        how = ("every negative value set to 0, ReLU done in place" if _zeroed_negatives(kept, made)
               else "other values than its forward computed")
        name = layer.name
        return Hint("output_changed", (
            f"Your network changed {name}.output in place: after {name}.forward it holds "
            f"{how}. A layer's kept output is read, not changed (np.maximum(..., out=...), "
            "`a[a < 0] = 0` or `-=` on it overwrite it). Compute a new array instead"
            + (": layer2.forward(relu(layer1.output)), where relu returns a new array."
               if name == "layer1" else ", and return it.")),
            "mutation")
    return None


#: (inputs, weights (n_inputs, n_neurons), biases (1, n_neurons), inputs · weights + biases)
_FORWARD_PROBES = (
    ([[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]],
     [[1.0, -0.5, 2.0, 0.25], [0.5, 1.0, -1.0, -0.75], [-1.0, 0.25, 0.5, 1.0]],
     [[-2.0, 1.5, -0.5, 0.75]], [[-2.0, 1.5, -0.5, 0.75], [-2.0, 1.5, -0.5, 0.75]]),
    ([[1.0, -2.0, 0.5], [-1.0, 0.5, 2.0]],
     [[1.0, -0.5, 2.0, 0.25], [0.5, 1.0, -1.0, -0.75], [-1.0, 0.25, 0.5, 1.0]],
     [[0.25, -0.5, 0.1, 0.0]], [[-0.25, -2.875, 4.35, 2.25], [-2.5, 1.0, -1.4, 1.375]]),
)


def _forward_gives(cls, inputs, weights, biases):
    """What the student's layer class's forward returns with these weights and biases set,
    called quietly; None when anything goes wrong."""
    weights = np.asarray(weights, dtype=float)
    with _seeded(0):
        made = run(cls, Trial("make", {"n_inputs": weights.shape[0],
                                        "n_neurons": weights.shape[1]}, None), quiet=True)
    if not made.returned or made.got is None:
        return None
    layer = made.got
    try:
        layer.weights = weights
        layer.biases = np.asarray(biases, dtype=float)
    except Exception:
        return None
    trial = run(layer.forward, Trial("forward", {"inputs": np.asarray(inputs, dtype=float)},
                                     None), quiet=True)
    if not trial.returned or trial.got is None:
        return None
    try:
        return np.asarray(trial.got, dtype=float)
    except (TypeError, ValueError):
        return None


def _relu_in_forward(cls, inputs, weights, biases, expected) -> bool:
    """forward gives ReLU of inputs · weights + biases on the test's call and on both fixed
    calls above (each has negative values, so ReLU changes it)."""
    calls = [(inputs, weights, biases, expected), *_FORWARD_PROBES]
    for x, w, b, z in calls:
        z = np.asarray(z, dtype=float)
        if not np.any(z < -1e-6):
            return False
        got = _forward_gives(cls, x, w, b)
        if got is None or not _same(got, np.maximum(z, 0.0)):
            return False
    return True


def _trampoline(func, args, kwargs):
    return func(*args, **kwargs)


def check_dense_forward(inputs, weights, biases, expected, *, name: str = "DenseLayer",
                        label: str | None = None, atol: float = 1e-6) -> None:
    """Chapter 07's check of DenseLayer.forward, which also names ReLU put inside forward
    (this chapter's own mistake): the layer must still compute inputs · weights + biases."""
    namespace = notebook()
    # ch07's check finds the test cell's globals from its caller: call it from a function
    # whose globals are that namespace
    call = types.FunctionType(_trampoline.__code__, namespace)
    try:
        call(_ch07_check_dense_forward, (inputs, weights, biases, expected),
             {"name": name, "label": label, "atol": atol})
    except CheckFailed as failed:
        failure = failed.failure
        cls = namespace.get(name)
        # the shared clipped-at-0 hint is right too, but this chapter knows where ReLU goes
        known = failure.named and failure.mistake != "clipped_at_zero"
        if known or cls is None or not _relu_in_forward(cls, inputs, weights, biases, expected):
            raise
        raise CheckFailed(dataclasses.replace(
            failure, mistake="relu_in_forward", named=True, section=cite("activation", "08"),
            hint="Your forward applies ReLU: every negative value of inputs · weights + biases "
                 "comes back as 0 (here and on two more calls with other weights). The layer "
                 "stays as in chapter 07, forward computes inputs · weights + biases only, and "
                 "ReLU goes between the layers, in relu_network: "
                 "layer2.forward(relu(layer1.output)).")) from None


def _refused(exc: BaseException, args: dict) -> Hint | None:
    return Hint("layer_refused", str(exc), "two_layers") if "forward received" in str(exc) \
        else None


RELU_NETWORK = Exercise(
    "ex08_relu_network", "relu_network", "array", detectors=(_network_hint,),
    error_hints=(_refused, _explained), promises=(_output_kept,))


def check_relu_network(inputs, first, second, between, expected, *,
                       label: str | None = None) -> None:
    """relu_network(inputs, layer1, layer2) on recording layers made of first/second =
    (weights (n_in, n_out), biases (1, n_out)) returns `expected`; `between` is what layer2
    must receive, relu of layer1's output, worked out by the test cell."""
    layer1 = NetworkLayer("layer1", *first, feed="the network's inputs, the `inputs` "
                            "argument")
    layer2 = NetworkLayer("layer2", *second, feed="relu(layer1.output), the first layer's "
                            "output after ReLU")
    _Between.value = np.array(between, dtype=float)
    try:
        RELU_NETWORK.check({"inputs": np.array(inputs, dtype=float), "layer1": layer1,
                            "layer2": layer2}, expected, label=label, namespace=notebook())
    finally:
        _Between.value = None


#: kept for older notebooks, which passed these as `mistakes=`
RELU_MISTAKES = SIGMOID_MISTAKES = ()

__all__ = ["DENSE_RELU", "RELU", "RELU_NETWORK", "SIGMOID", "check_activation",
           "check_dense_forward", "check_dense_relu", "check_relu_network"]
