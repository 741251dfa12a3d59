"""Chapter 03 · The dot product: diagnoses and a check helper for its exercises.

Like every detector, these relate a wrong answer to the expected value and the call's
inputs ("your result is the expected cosine times both lengths"); none computes the
answer to an exercise.
"""

from __future__ import annotations

import copy
import re
import sys
import warnings

import numpy as np

from ..core import CheckFailed, answer
from ..describe import describe, describe_argument
from ..diagnose import Case
from ..errors import PlainPythonOnly, explain
from ..plain_python import without_numpy
from ..sections import reread


def _vectors(case: Case) -> tuple[np.ndarray, np.ndarray] | None:
    """The two 1-D vectors of a call f(vector_a, vector_b), as float arrays of equal length."""
    if "vector_a" not in case.args or "vector_b" not in case.args:
        return None
    a = np.asarray(case.args["vector_a"], dtype=float)
    b = np.asarray(case.args["vector_b"], dtype=float)
    if a.ndim != 1 or a.shape != b.shape or a.size == 0:
        return None
    return a, b


def _lengths(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    return float(np.sqrt(np.sum(a * a))), float(np.sqrt(np.sum(b * b)))


# --- exercise 1: dot_product(vector_a, vector_b) in plain Python ----------------------


def products_not_summed(case: Case) -> str | None:
    found = _vectors(case)
    if found is None or not case.close(found[0] * found[1]):
        return None
    return (
        "You returned the list of products, one per position, but the dot product is a "
        "single number: the sum of those products. Add them up (a running total with +=, "
        f"or sum(...)) ({reread('dot')})."
    )


def last_product_only(case: Case) -> str | None:
    found = _vectors(case)
    if found is None or found[0].size < 2 or not case.close(found[0][-1] * found[1][-1]):
        return None
    return (
        "Only the last product survived: inside your loop the total is overwritten "
        "(`total = x * y`) instead of accumulated (`total += x * y`). Start from 0 and add "
        f"every product ({reread('dot')})."
    )


def first_products_only(case: Case) -> str | None:
    found = _vectors(case)
    if found is None:
        return None
    products = found[0] * found[1]
    for k in range(1, products.size):
        if case.close(products[:k].sum()):
            return (
                f"Your sum stops after {k} of the {products.size} products: the loop ends too "
                "early (range(len(vector_a) - 1)?). Loop over every position, e.g. "
                f"`for x, y in zip(vector_a, vector_b)` ({reread('dot')})."
            )
    return None


def product_of_sums(case: Case) -> str | None:
    found = _vectors(case)
    if found is None or not case.close(found[0].sum() * found[1].sum()):
        return None
    return (
        "You multiplied the sum of vector_a by the sum of vector_b. The dot product is the "
        "sum of the products of matching elements: multiply position by position first, "
        f"then add ({reread('dot')})."
    )


def all_elements_added(case: Case) -> str | None:
    found = _vectors(case)
    if found is None or not case.close(found[0].sum() + found[1].sum()):
        return None
    return (
        "Your result is the sum of every element of both vectors: `vector_a + vector_b` on "
        "Python lists glues the two lists together, it does not pair their elements. "
        f"Multiply matching elements and add the products ({reread('lists')})."
    )


DOT_PRODUCT_MISTAKES = (
    products_not_summed,
    last_product_only,
    first_products_only,
    product_of_sums,
    all_elements_added,
)


def _names_number(message: str, number: int) -> bool:
    return re.search(rf"(?<![\d.]){number}(?![\d.])", message) is not None


def check_length_error(name: str, vector_a: list, vector_b: list, *,
                       label: str | None = None) -> None:
    """`name(vector_a, vector_b)` must raise ValueError with a message naming both lengths.

    Like check_raises (plain Python), plus two chapter-specific hints: a number returned
    for vectors of different lengths is zip's silent truncation, and the message must state
    both lengths.
    """
    func = answer(name, sys._getframe(1).f_globals)
    args = {"vector_a": vector_a, "vector_b": vector_b}
    call = f"{name}({', '.join(describe_argument(v) for v in args.values())})"
    if label:
        call += f" {label}"
    lengths = f"{len(vector_a)} and {len(vector_b)}"
    try:
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            result = without_numpy(func)(*copy.deepcopy(args).values())
    except ValueError as error:
        message = str(error)
        if not message:
            raise CheckFailed(
                f"{call} raised ValueError as asked, but with no message: say what is wrong, "
                f'e.g. raise ValueError(f"lengths differ: {{len(vector_a)}} and '
                f'{{len(vector_b)}}").'
            ) from None
        missing = [n for n in (len(vector_a), len(vector_b)) if not _names_number(message, n)]
        if missing:
            raise CheckFailed(
                f"{call} raised ValueError as asked, but its message ({message!r}) does not "
                f"state the two lengths ({lengths}). Put them in the message with an f-string, "
                f'e.g. f"lengths differ: {{len(vector_a)}} and {{len(vector_b)}}" '
                f"({reread('lists')})."
            ) from None
        print(f"✓ {call}: raised ValueError ({message})")
        return
    except NotImplementedError as error:
        raise CheckFailed(explain(error, call, args)) from None
    except Exception as error:
        if isinstance(error, PlainPythonOnly):
            raise CheckFailed(explain(error, call, args)) from None
        kind = type(error).__name__
        why = (" (`assert` raises AssertionError, the wrong kind of error)"
               if isinstance(error, AssertionError) else "")
        raise CheckFailed(
            f"{call} should raise ValueError, but it raised {kind}"
            f"{': ' + str(error) if str(error) else ''}. Compare the lengths yourself first "
            f'and `raise ValueError("...")` when they differ{why} ({reread("lists")}).'
        ) from None
    raise CheckFailed(
        f"{call} should raise ValueError, but it returned {describe(result)}.\n"
        f"  hint: the lengths are {lengths}, yet your function returned a result: zip stops "
        "silently at the end of the shorter list, so the extra entries were ignored. Compare "
        "len(vector_a) with len(vector_b) before the loop and raise ValueError when they "
        f"differ ({reread('dot')})."
    )


# --- exercise 2: neuron_with_numpy(inputs, weights, bias) ------------------------------


def _neuron_parts(case: Case):
    inputs, weights, bias = case.arg("inputs"), case.arg("weights"), case.arg("bias")
    if inputs is None or weights is None or bias is None or bias[1].ndim != 0:
        return None
    if inputs[1].ndim != 1 or inputs[1].shape != weights[1].shape or not bias[1]:
        return None
    return inputs[1], weights[1], float(bias[1])


def bias_on_every_weight(case: Case) -> str | None:
    parts = _neuron_parts(case)
    if parts is None:
        return None
    inputs, _, bias = parts
    if not case.close(case.expected - bias + bias * inputs.sum()):
        return None
    return (
        "The bias was added to every weight (np.dot(inputs, weights + bias)), so it got "
        "multiplied by every input. The bias belongs to the neuron, not to a weight: add it "
        f"once, after the dot product: np.dot(weights, inputs) + bias ({reread('bias')})."
    )


def bias_on_every_input(case: Case) -> str | None:
    parts = _neuron_parts(case)
    if parts is None:
        return None
    _, weights, bias = parts
    if not case.close(case.expected - bias + bias * weights.sum()):
        return None
    return (
        "The bias was added to every input (np.dot(weights, inputs + bias)), so it got "
        "multiplied by every weight. Add it once, after the dot product: "
        f"np.dot(weights, inputs) + bias ({reread('bias')})."
    )


def bias_on_every_product(case: Case) -> str | None:
    parts = _neuron_parts(case)
    if parts is None or parts[0].size < 2:
        return None
    inputs, _, bias = parts
    if not case.close(case.expected + (inputs.size - 1) * bias):
        return None
    return (
        f"The bias was counted {inputs.size} times, once per product (e.g. "
        "np.sum(inputs * weights + bias)): `+ bias` inside the sum is added to every "
        "element. Add it once, after the dot product: np.dot(weights, inputs) + bias "
        f"({reread('bias')})."
    )


NEURON_MISTAKES = (bias_on_every_weight, bias_on_every_input, bias_on_every_product)


# --- exercise 3: cosine_similarity(vector_a, vector_b) ---------------------------------


def cosine_not_divided(case: Case) -> str | None:
    found = _vectors(case)
    if found is None:
        return None
    length_a, length_b = _lengths(*found)
    if not case.close(case.expected * length_a * length_b):
        return None
    return (
        "That is the dot product itself. The cosine divides it by both lengths: "
        f"a·b / (‖a‖ ‖b‖), with ‖a‖ = np.sqrt(np.dot(a, a)) ({reread('dot')})."
    )


def squared_lengths(case: Case) -> str | None:
    found = _vectors(case)
    if found is None:
        return None
    length_a, length_b = _lengths(*found)
    if not case.close(case.expected / (length_a * length_b)):
        return None
    return (
        "You divided by a·a and b·b, the squared lengths. The length is the square root: "
        f"‖a‖ = np.sqrt(np.dot(a, a)) ({reread('dot')})."
    )


def operator_precedence(case: Case) -> str | None:
    found = _vectors(case)
    if found is None:
        return None
    length_a, length_b = _lengths(*found)
    if not (case.close(case.expected * length_b**2) or case.close(case.expected * length_a**2)):
        return None
    return (
        "One length multiplies instead of dividing: `x / p * q` means (x / p) * q. Put the "
        f"product of the lengths in parentheses: np.dot(a, b) / (length_a * length_b) "
        f"({reread('dot')})."
    )


def one_length_only(case: Case) -> str | None:
    found = _vectors(case)
    if found is None:
        return None
    length_a, length_b = _lengths(*found)
    # dividing by ‖b‖ only gives expected × ‖a‖, so ‖a‖ is the missing one (and vice versa)
    for length, other in ((length_a, "vector_a"), (length_b, "vector_b")):
        if abs(length - 1.0) > 1e-9 and case.close(case.expected * length):
            return (
                f"You divided by only one length: the length of {other} is missing. The cosine "
                f"is a·b / (‖a‖ ‖b‖) ({reread('dot')})."
            )
    return None


def angle_instead_of_cosine(case: Case) -> str | None:
    cosine = float(case.expected)
    if not -1.0 <= cosine <= 1.0:
        return None
    angle = float(np.arccos(cosine))
    if case.close(angle):
        unit = "radians"
    elif case.close(np.degrees(angle)):
        unit = "degrees"
    else:
        return None
    return (
        f"You returned the angle (in {unit}), but the exercise asks for its cosine. Stop "
        f"before np.arccos: the cosine is a·b / (‖a‖ ‖b‖) ({reread('dot')})."
    )


COSINE_MISTAKES = (
    cosine_not_divided,
    squared_lengths,
    operator_precedence,
    one_length_only,
    angle_instead_of_cosine,
)

__all__ = [
    "COSINE_MISTAKES",
    "DOT_PRODUCT_MISTAKES",
    "NEURON_MISTAKES",
    "check_length_error",
]
