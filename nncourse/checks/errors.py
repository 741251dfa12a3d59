"""Explain an exception raised by the student's code in the course's own terms."""

from __future__ import annotations

import re

import numpy as np

from .sections import reread
from .student import location

STUB_MESSAGE = "Replace this line with your answer"


class PlainPythonOnly(Exception):
    """Raised when a 'plain Python' exercise reaches for NumPy."""


def is_stub(exc: BaseException) -> bool:
    """True for the NotImplementedError that nbgrader's student stub raises."""
    return isinstance(exc, NotImplementedError)


def where_in_answer(exc: BaseException) -> str:
    """' (line 3 of the cell that defines `f`: `return x * w`)' for the student's code."""
    return location(exc)


def shapes_in(message: str) -> list[tuple[int, ...]]:
    """The array shapes a NumPy error message names, in order: (4,), (3, 4), ..."""
    return [
        tuple(int(n) for n in re.findall(r"\d+", group))
        for group in re.findall(r"\(([\d,\s]*)\)", message)
    ]


def _named_shapes(shapes: list[tuple[int, ...]], args: dict) -> list[str]:
    """Each shape with the argument it belongs to, each argument named at most once."""
    free = dict(args)
    named = []
    for shape in shapes:
        owner = next((name for name, value in free.items() if np.shape(value) == shape), None)
        if owner is not None:
            free.pop(owner)
            named.append(f"`{owner}` {shape}")
        else:
            named.append(str(shape))
    return named


def _layout_advice(args: dict) -> str:
    """Which product fits the weights' layout, read from the shapes of the arguments."""
    weights = next((np.shape(v) for k, v in args.items() if "weight" in k.lower()), None)
    inputs = next((np.shape(v) for k, v in args.items()
                   if k.lower().startswith("input") or k.lower() in ("x", "batch", "samples")),
                  None)
    if weights and inputs and len(weights) == 2 and inputs:
        m = inputs[-1]
        if weights[0] == m and weights[1] != m:
            return ("Here the weights are stored (n_inputs, n_neurons), one column per neuron: "
                    "np.dot(inputs, weights) needs no transpose")
        if weights[1] == m and weights[0] != m:
            return ("Here the weights are stored (n_neurons, n_inputs), one row per neuron: "
                    "use np.dot(weights, inputs) for one sample, np.dot(inputs, weights.T) for "
                    "a batch")
    return "Check the order of the operands and whether one of them needs transposing (.T)"


def explain(exc: BaseException, call: str, args: dict) -> str:
    """One paragraph saying what went wrong and which idea to revisit."""
    kind = type(exc).__name__
    text = str(exc)
    where = where_in_answer(exc)
    if is_stub(exc):
        return (
            f"{call} still raises the stub's NotImplementedError: in the answer cell, replace "
            "the `raise NotImplementedError(...)` line with your code, run that cell, then run "
            "this test again."
        )
    if isinstance(exc, PlainPythonOnly):
        return f"{call}: {text}"
    if "not aligned" in text or "mismatch in its core dimension" in text:
        shapes = shapes_in(text)[:2]
        named = " · ".join(_named_shapes(shapes, args)) or "two arrays"
        if len(shapes) == 2 and len(shapes[0]) == 1 and len(shapes[1]) == 2 \
                and shapes[1][1] == shapes[0][0]:
            return (
                f"{call} raised {kind}{where}: you took a dot product of {named}, but a product "
                "needs the inner dimensions to agree: put the weights first, "
                f"np.dot(weights, inputs) ({reread('weights_first')})."
            )
        return (
            f"{call} raised {kind}{where}: you took a dot product of {named}, but a product "
            "(s, m) · (m, n) needs the inner dimensions to agree. "
            f"{_layout_advice(args)} ({reread('shape_rule')})."
        )
    if "could not be broadcast" in text:
        shapes = shapes_in(text)
        named = " and ".join(_named_shapes(shapes, args)) or "two arrays"
        bias_sizes = {int(np.size(v)) for k, v in args.items() if "bias" in k.lower()}
        weight_shapes = {np.shape(v) for k, v in args.items() if "weight" in k.lower()}
        if weight_shapes & set(shapes):
            advice = ("A grid the shape of the weights means the products x·w were never "
                      "summed: `*` works element by element, a weighted sum needs np.dot "
                      f"({reread('dot')}).")
        elif any(int(np.prod(shape)) in bias_sizes for shape in shapes):
            advice = ("Biases have one value per neuron and must match the last axis (the "
                      f"columns) of the weighted sums ({reread('broadcast')}).")
        else:
            advice = ("`*` and `+` work element by element and need matching shapes; a "
                      f"weighted sum needs a dot product (np.dot) ({reread('dot')}).")
        return f"{call} raised {kind}{where}: NumPy cannot line up {named} element by element. " \
            + advice
    if isinstance(exc, TypeError) and "can't multiply sequence" in text:
        return (
            f"{call} raised {kind}{where}: Python lists do not do arithmetic, so `list * list` "
            "(or `list * float`) fails. Multiply the elements one pair at a time in a loop "
            f"(zip), or turn them into NumPy arrays ({reread('lists')})."
        )
    if isinstance(exc, TypeError) and ("unsupported operand" in text or "concatenate" in text):
        return (
            f"{call} raised {kind}{where}: {text}. Arithmetic between a number and a list, or "
            f"between lists, is not element-wise in plain Python ({reread('lists')})."
        )
    if isinstance(exc, IndexError):
        return (
            f"{call} raised {kind}{where}: {text}. Your loop reads past the end of a list or "
            "an array: take each loop's range from the length of what it walks through "
            "(range(len(rows)), len(matrix[0]) for columns) or use zip(...)."
        )
    if isinstance(exc, NameError):
        return (
            f"{call} raised {kind}{where}: {text}. Define every name your function uses inside "
            "it or as a parameter (and import numpy as np if you use np), then run the answer "
            "cell again."
        )
    if isinstance(exc, RecursionError):
        return f"{call} raised RecursionError{where}: the function calls itself without end."
    return f"{call} raised {kind}{where}: {text}"
