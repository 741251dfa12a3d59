"""Chapter 03 · The dot product: the checks of its three exercises.

dot_product is a neuron without a bias and neuron_with_numpy a neuron with NumPy, so both
use the layer probe battery and mistake models (nncourse.checks.layers). cosine_similarity
has its own probes (parallel, opposite and orthogonal vectors, lengths other than 1) and
models: each predicts a mistake's answer from the expected cosine and the two vectors'
lengths only ("the expected cosine times both lengths" is the dot product itself).
"""

from __future__ import annotations

import numpy as np

from .. import layers
from ..exercise import Exercise
from ..failure import Hint
from ..probes import Model, Probe, models
from . import notebook

# --- exercise 1: dot_product(vector_a, vector_b), plain Python, ValueError on lengths -------

_DOT = layers.View(bias=False)


def all_elements_added(ev, trial):
    x, w, _ = _DOT.layer(trial.args)
    return np.array([[x.sum() + w.sum()]])


DOT_PRODUCT = Exercise(
    "ex03_dot_product", "dot_product", "number", plain_python=True,
    probes=layers.probes(_DOT, ("vector_a", "vector_b")),
    # Σ(a + b) and sum(vector_a + vector_b) give the same numbers: the hint names both
    detectors=(models(Model(
        "added_not_multiplied",
        all_elements_added,
        "Your result is the sum of every element of both vectors: matching elements were "
        "added (a + b) instead of multiplied (a * b), or `vector_a + vector_b` on Python "
        "lists glues the two lists together instead of pairing their elements. Multiply "
        "matching elements and add the products.", "lists")),
        *layers.detectors(_DOT)),
    view=_DOT, truncation_bound=8.0,
    advice={"int_truncation": "In plain Python, int(...) and round(...) drop the fraction."},
    texts={
        "product_of_sums": "You multiplied the sum of vector_a by the sum of vector_b (two "
                           "loops one inside the other pair every entry with every entry). The "
                           "dot product multiplies matching entries, position by position, then "
                           "adds those products: one loop over zip(vector_a, vector_b).",
        "last_input_skipped": "The last pair of entries is left out: your results are the "
                              "expected ones minus the last product. The loop stops one step "
                              "early (range(len(vector_a) - 1)?): loop over every position, "
                              "e.g. `for x, y in zip(vector_a, vector_b)`.",
        "first_input_skipped": "The first pair of entries is left out: your results are the "
                               "expected ones minus the first product. Positions count from "
                               "0: range(1, ...) skips position 0.",
        "last_product_only": "Only the last product survived: inside your loop the total is "
                             "overwritten (`total = x * y`) instead of accumulated (`total += "
                             "x * y`). Start from 0 and add every product.",
        "first_product_only": "Only the first product is counted: the function returns during "
                              "the first round of the loop (is `return` indented inside it?).",
        "products_not_summed": "You returned the list of products, one per position, but the "
                               "dot product is a single number: the sum of those products. Add "
                               "them up (a running total with +=, or sum(...)).",
        "mean_not_sum": "Your sum of products is divided by the number of entries: that is a "
                        "mean. The dot product adds the products up.",
        "shifted_pairing": "Each entry of vector_a was paired with a neighbouring entry of "
                           "vector_b, one position off (an index such as vector_b[i + 1], or a "
                           "slice such as vector_b[1:]): with one entry 1 and the others 0 your "
                           "result shows the wrong entry. Multiply entries at the SAME "
                           "position: zip(vector_a, vector_b).",
        "first_product_twice": "The first product is counted twice: your results are the "
                               "expected ones plus vector_a[0] × vector_b[0]. The total starts "
                               "from that product and the loop adds it again: start from 0.",
        "last_product_twice": "The last product is counted twice: your results are the "
                              "expected ones plus the last product. The loop already adds it: "
                              "do not add it again after the loop.",
    })


def _zip_truncates(trial) -> Hint | None:
    """For a number returned where ValueError is due (None gets the general words)."""
    if trial.got is None or isinstance(trial.got, (str, list, tuple)):
        return None
    a, b = (len(v) for v in trial.args.values())
    if min(a, b) == 0:
        return Hint("empty_not_refused", (
            f"One vector is empty (lengths {a} and {b}), yet your function returned a result. "
            "An empty vector against a non-empty one is a mismatch too: compare the lengths "
            "first, before anything else (a shortcut such as `if not vector_a: return 0` must "
            "not come before that check), and raise ValueError when they differ."),
            "length_match")
    return Hint(
        "no_length_check",
        f"The lengths are {a} and {b}, yet your function returned a result: zip (or a loop "
        "over one vector's length) stops silently at the end of the shorter list, so the "
        "extra entries were ignored. Compare len(vector_a) with len(vector_b) before the "
        "loop and raise ValueError when they differ.", "length_match")


def _swapped(args: dict) -> dict:
    return {"vector_a": args["vector_b"], "vector_b": args["vector_a"]}


def _one_way(main, other, call) -> Hint:
    """The same two lengths refused the other way round: a check with < or > for !=."""
    a, b = (len(v) for v in main.args.values())
    return Hint("one_way_check", (
        f"Your function refuses vectors of lengths {b} and {a}, but not {a} and {b}: its "
        "check catches only one way round (a `<` or `>` where `!=` is needed, or only one "
        "of the two vectors' lengths tested). Refuse every pair of different lengths: "
        "`if len(vector_a) != len(vector_b): raise ValueError(...)`."), "length_match")


def check_length_error(vector_a: list, vector_b: list, *, label: str | None = None) -> None:
    """dot_product(vector_a, vector_b) must raise ValueError naming both lengths."""
    DOT_PRODUCT.check_raises({"vector_a": vector_a, "vector_b": vector_b}, ValueError,
                             must_name=(len(vector_a), len(vector_b)), label=label,
                             namespace=notebook(), when_returned=_zip_truncates,
                             also=((_swapped, _one_way),))


# --- exercise 2: neuron_with_numpy(inputs, weights, bias) -----------------------------------

_NEURON = layers.View(arrays=True)

NEURON_WITH_NUMPY = Exercise(
    "ex03_neuron_with_numpy", "neuron_with_numpy", "number",
    probes=layers.probes(_NEURON, ("inputs", "weights", "bias")),
    detectors=layers.detectors(_NEURON), view=_NEURON, truncation_bound=8.0,
    advice={
        "bias_missing": "With NumPy: np.dot(weights, inputs) + bias.",
        "mean_not_sum": "np.dot (or np.sum of the products) adds them; np.mean divides by "
                        "their number.",
        "int_truncation": "int(...), round(...) and an array of dtype int drop the fraction.",
        "elementwise_product": "np.dot(weights, inputs) multiplies and sums in one step.",
    })

# --- exercise 3: cosine_similarity(vector_a, vector_b) --------------------------------------


def _arrays(*values):
    return tuple(np.array(v, dtype=float) for v in values)


def _probe(name, a, b, expected, about="", whole=False):
    a, b = _arrays(a, b)
    return Probe(name, {"vector_a": a, "vector_b": b}, expected, about, whole)


COSINE_PROBES = (
    _probe("parallel", [3.0, 4.0], [6.0, 8.0], 1.0, "same direction: cos 0° = 1", True),
    _probe("opposite", [3.0, 4.0], [-3.0, -4.0], -1.0, "opposite directions: cos 180° = -1",
           True),
    _probe("orthogonal", [1.0, 0.0], [0.0, 3.0], 0.0, "at right angles: cos 90° = 0", True),
    _probe("unit", [1.0, 0.0], [0.6, 0.8], 0.6, "both of length 1: the dot product itself"),
    _probe("lengths", [3.0, 4.0], [0.0, 2.0], 0.8, "lengths 5 and 2"),
    _probe("three", [2.0, -1.0, 2.0], [1.0, 2.0, 2.0], 4 / 9, "lengths 3 and 3"),
    _probe("other_a", [2.0, 2.0, 1.0], [1.0, 2.0, 2.0], 8 / 9, "another vector_a"),
    _probe("other_b", [2.0, -1.0, 2.0], [2.0, 1.0, 2.0], 7 / 9, "another vector_b"),
    _probe("apart", [2.0, -1.0, 2.0], [-1.0, 2.0, -2.0], -8 / 9,
           "pointing apart, both with positive entries"),
)


def _lengths(trial):
    a, b = (np.asarray(v, dtype=float) for v in trial.args.values())
    return a, b, float(np.sqrt(np.sum(a * a))), float(np.sqrt(np.sum(b * b)))


def _cosine_model(key, text, predict, section="cosine"):
    def run(ev, trial):
        a, b, la, lb = _lengths(trial)
        cos = float(trial.expected)
        return np.asarray(predict(cos, a, b, la, lb), dtype=float)

    return Model(key, run, text, section)


COSINE_MODELS = (
    _cosine_model("dot_product_only", "That is the dot product itself. The cosine divides it "
                  "by both lengths: a·b / (‖a‖ ‖b‖), with ‖a‖ = np.sqrt(np.dot(a, a)).",
                  lambda c, a, b, la, lb: c * la * lb),
    _cosine_model("squared_lengths", "You divided by a·a and b·b, the squared lengths. The "
                  "length is the square root: ‖a‖ = np.sqrt(np.dot(a, a)).",
                  lambda c, a, b, la, lb: c / (la * lb), "vector_length"),
    _cosine_model("precedence", "One length multiplies instead of dividing: `x / p * q` means "
                  "(x / p) * q. Put the product of the lengths in parentheses: "
                  "np.dot(a, b) / (length_a * length_b).",
                  lambda c, a, b, la, lb: c * lb * lb),
    _cosine_model("precedence", "One length multiplies instead of dividing: `x / p * q` means "
                  "(x / p) * q. Put the product of the lengths in parentheses: "
                  "np.dot(a, b) / (length_a * length_b).",
                  lambda c, a, b, la, lb: c * la * la),
    _cosine_model("one_length_twice", "You divided by the length of vector_a twice (‖a‖ · ‖a‖, "
                  "a copy-paste slip?): the second length must be that of vector_b. The "
                  "cosine is a·b / (‖a‖ ‖b‖).", lambda c, a, b, la, lb: c * lb / la),
    _cosine_model("one_length_twice", "You divided by the length of vector_b twice (‖b‖ · ‖b‖, "
                  "a copy-paste slip?): the first length must be that of vector_a. The "
                  "cosine is a·b / (‖a‖ ‖b‖).", lambda c, a, b, la, lb: c * la / lb),
    _cosine_model("one_length_only", "You divided by only one length: the length of vector_b "
                  "is missing. The cosine is a·b / (‖a‖ ‖b‖).",
                  lambda c, a, b, la, lb: c * lb),
    _cosine_model("one_length_only", "You divided by only one length: the length of vector_a "
                  "is missing. The cosine is a·b / (‖a‖ ‖b‖).",
                  lambda c, a, b, la, lb: c * la),
    _cosine_model("angle_radians", "You returned the angle (in radians), but the exercise "
                  "asks for its cosine. Stop before np.arccos: the cosine is a·b / (‖a‖ ‖b‖).",
                  lambda c, a, b, la, lb: np.arccos(np.clip(c, -1, 1))),
    _cosine_model("angle_degrees", "You returned the angle (in degrees), but the exercise "
                  "asks for its cosine. Stop before np.arccos: the cosine is a·b / (‖a‖ ‖b‖).",
                  lambda c, a, b, la, lb: np.degrees(np.arccos(np.clip(c, -1, 1)))),
    _cosine_model("counts_not_lengths", "You divided by the numbers of entries: len(v) counts "
                  "the entries of a vector, its length in the geometric sense is "
                  "‖v‖ = np.sqrt(np.dot(v, v)) (or np.linalg.norm(v)).",
                  lambda c, a, b, la, lb: c * la * lb / (a.size * b.size), "vector_length"),
    _cosine_model("lengths_without_squares", "You took the square root of the plain sum of "
                  "each vector. A length is the square root of the sum of the SQUARES: "
                  "‖a‖ = np.sqrt(np.sum(a * a)) = np.sqrt(np.dot(a, a)).",
                  lambda c, a, b, la, lb: (c * la * lb / np.sqrt(a.sum() * b.sum())
                                           if a.sum() > 0 and b.sum() > 0 else None),
                  "vector_length"),
    _cosine_model("l1_lengths", "You divided by the sums of the absolute values, |a₁| + "
                  "|a₂| + ... (np.sum(np.abs(a)), np.linalg.norm(a, 1)): that is another way "
                  "to measure a vector, not its length. The length is the square root of the "
                  "sum of the squares: ‖a‖ = np.sqrt(np.dot(a, a)).",
                  lambda c, a, b, la, lb: c * la * lb / (np.abs(a).sum() * np.abs(b).sum()),
                  "vector_length"),
    _cosine_model("max_lengths", "You divided by the largest entry of each vector (np.max(np."
                  "abs(a)), np.linalg.norm(a, np.inf)): that is another way to measure a "
                  "vector, not its length. The length is the square root of the sum of the "
                  "squares: ‖a‖ = np.sqrt(np.dot(a, a)), or np.linalg.norm(a) with no second "
                  "argument.",
                  lambda c, a, b, la, lb: c * la * lb / (np.abs(a).max() * np.abs(b).max()),
                  "vector_length"),
    _cosine_model("norm_of_product", "You divided by the length of a * b, the element-wise "
                  "product: ‖a * b‖ is not ‖a‖ · ‖b‖. Take each vector's length on its own, "
                  "then multiply them: a·b / (np.linalg.norm(a) * np.linalg.norm(b)).",
                  lambda c, a, b, la, lb: (c * la * lb / np.sqrt(np.sum((a * b) ** 2))
                                           if np.any(a * b) else None), "vector_length"),
    _cosine_model("squared_cosine", "Your value is the cosine squared: (a·b)² / (‖a‖² ‖b‖²) "
                  "is cos², which also loses the sign. Divide a·b itself by the product of the "
                  "lengths, each the square root of v·v.", lambda c, a, b, la, lb: c * c),
    _cosine_model("lengths_one_root", "You divided by one square root of a·a + b·b, both "
                  "squared lengths added together. The cosine divides by the PRODUCT of the "
                  "two lengths, each with its own square root: a·b / (np.sqrt(a·a) * "
                  "np.sqrt(b·b)).", lambda c, a, b, la, lb: c * la * lb / np.hypot(la, lb),
                  "vector_length"),
    _cosine_model("lengths_added", "You divided by the sum of the two lengths: the cosine "
                  "divides by their product, a·b / (‖a‖ ‖b‖).",
                  lambda c, a, b, la, lb: c * la * lb / (la + lb)),
    _cosine_model("sign_lost", "Your value has the right size but never a minus sign: abs() "
                  "throws the sign away, and the sign says whether the vectors point apart "
                  "(negative) or together (positive). Keep it.",
                  lambda c, a, b, la, lb: abs(c)),
    _cosine_model("cosine_distance", "You returned 1 − cosine, the cosine *distance* (0 for "
                  "vectors pointing the same way). The cosine similarity is a·b / (‖a‖ ‖b‖) "
                  "itself.", lambda c, a, b, la, lb: 1 - c),
    _cosine_model("cos_of_cosine", "You applied np.cos to the cosine: a·b / (‖a‖ ‖b‖) is "
                  "already cos θ. np.cos takes an angle; return the fraction itself.",
                  lambda c, a, b, la, lb: np.cos(c)),
)

def products_not_summed(ev):
    """One value per entry, adding up to the right cosine on every such trial (two at least):
    the products were divided but never summed."""
    hits = 0
    for trial in ev.wrong_trials():
        got = ev.got(trial)
        size = len(next(iter(trial.args.values())))
        if got is None or got.shape != (size,) or size < 2:
            return None
        if not ev.close(got.sum(), float(trial.expected)):
            return None
        hits += 1
    if hits < 2:
        return None
    return Hint("products_not_summed", "Your array has one value per entry, and they add up "
                "to the right cosine: the products of matching entries were never summed. "
                "np.dot(a, b) multiplies and sums in one step (or np.sum(a * b)).",
                "neuron_numpy")


COSINE_SIMILARITY = Exercise(
    "ex03_cosine_similarity", "cosine_similarity", "number", probes=COSINE_PROBES,
    checked_on_pass=("three",),  # 4/9 has no exact float32: a float32 cosine shows there
    detectors=(products_not_summed, models(*COSINE_MODELS)),
    advice={"int_truncation": "A cosine lies between -1 and 1: `//` and int(...) leave only "
                              "-1, 0 or 1 of it."})

__all__ = ["COSINE_SIMILARITY", "DOT_PRODUCT", "NEURON_WITH_NUMPY", "check_length_error"]
