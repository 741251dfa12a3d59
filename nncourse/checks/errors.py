"""Explain an exception raised by the student's code in the course's own terms.

`explain(exc, args)` gives the problem line ("raised IndexError (line 3 of the cell that
defines `f`: ...): list index out of range") and a Hint with the mistake's name and the
concept to re-read; the check that called it resolves the concept against the exercise's
chapter, so an explanation never cites a chapter the student has not reached.
Exercises put their own explanations first through `Exercise(error_hints=...)`.
"""

from __future__ import annotations

import re

import numpy as np

from .failure import Hint
from .student import location

STUB_MESSAGE = "Replace this line with your answer"
PLAIN_PYTHON = "this exercise asks for plain Python"


class PlainPythonOnly(Exception):
    """Raised when a 'plain Python' exercise reaches for NumPy."""


def is_stub(exc: BaseException) -> bool:
    """True for the NotImplementedError that nbgrader's student stub raises: the one stub
    detector of every check."""
    return isinstance(exc, NotImplementedError)


def uses_numpy(exc: BaseException) -> bool:
    return isinstance(exc, PlainPythonOnly) or str(exc).startswith(PLAIN_PYTHON)


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


def _attribute_arrays(args: dict) -> dict[str, tuple[int, ...]]:
    """The arrays that arguments which are objects hold ("layer1.weights" -> its shape)."""
    found = {}
    for name, value in args.items():
        state = getattr(value, "__dict__", None)
        if isinstance(state, dict) and not isinstance(value, (np.ndarray, list, tuple)):
            for attr, held in state.items():
                if isinstance(held, np.ndarray) and not attr.startswith("_"):
                    found[f"{name}.{attr}"] = held.shape
    return found


def _transposed_attribute(shapes, args: dict) -> str | None:
    """An operand that is the transpose of an array an argument holds ("layer1.weights")."""
    held = _attribute_arrays(args)
    for shape in shapes:
        for name, own in held.items():
            if len(own) == 2 and own[0] != own[1] and tuple(shape) == own[::-1]:
                return name
    return None


def _foreign_shape(shapes: list[tuple[int, ...]], args: dict) -> tuple[int, ...] | None:
    """A product operand with a size (other than 1) that no argument has in any axis: no
    transpose, reshape or intermediate result of the arguments makes it, an outside array
    does."""
    own = {n for v in args.values() for n in np.shape(v)}
    own |= {n for shape in _attribute_arrays(args).values() for n in shape}
    if len(shapes) != 2:
        return None
    return next((shape for shape in shapes if any(n != 1 and n not in own for n in shape)),
                None)


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


def failing_line(exc: BaseException) -> str:
    """The code of the student's line that raised `exc` ('' when it is not known)."""
    found = re.search(r": `(.*)`\)$", location(exc))
    return found.group(1) if found else ""


def _shifted_pair(exc: BaseException) -> tuple[str, str, str] | None:
    """(index, list, other list) when the line that raised IndexError multiplies
    list[index] by other[index + 1], the entry one position further on in ANOTHER list."""
    code = failing_line(exc)
    if "*" not in code:
        return None
    for name, index in re.findall(r"(\w+)\[\s*(\w+)\s*\]", code):
        for other in re.findall(rf"(\w+)\[\s*{index}\s*\+\s*1\s*\]", code):
            if other != name:
                return index, name, other
    return None


def _fewer_axes(exc: BaseException) -> Hint | None:
    """IndexError from code written for more axes than the array has: `.shape[k]` of an
    array with k axes or fewer, or an array indexed with more indices than it has axes."""
    text, code = str(exc), failing_line(exc)
    shape_read = re.search(r"(\w+)\.shape\[(\d+)\]", code)
    if "tuple index out of range" in text and shape_read:
        name, k = shape_read.groups()
        return Hint("assumes_axes", (
            f"The line that failed reads {name}.shape[{k}], which exists only when `{name}` "
            f"has more than {k} ax{'is' if int(k) == 1 else 'es'}: this `{name}` has fewer. Your "
            "code is written for one number of axes; the exercise asks for any shape, so work "
            "on the whole array at once (element-wise operations keep any shape) instead of "
            "a loop per axis."), "shape")
    many = re.search(r"array is (\d+)-dimensional, but (\d+) were indexed", text)
    if many:
        have, used = many.groups()
        return Hint("fewer_axes", (
            f"The line that failed indexes a {have}-D array with {used} indices (or a "
            f"{used}-D mask): an array your code made has fewer axes than the data (one "
            "made from len(...) has one axis only: len counts the first axis alone). Make it "
            "from the data's whole shape: np.zeros(z.shape), np.empty_like(z)."), "shape")
    return None


def _fixed_position(exc: BaseException) -> tuple[str, int] | None:
    """(name, k) when the line that raised IndexError reads name[k] with a literal k >= 1
    and no loop variable indexes anything on it (the line of a layer written out by hand)."""
    code = failing_line(exc)
    if not code or re.search(r"\w\[\s*[A-Za-z_]", code) or code.lstrip().startswith("for "):
        return None
    literal = re.findall(r"(\w+)\[\s*(\d+)\s*\]", code)
    if not literal:
        return None
    name, k = max(literal, key=lambda pair: int(pair[1]))
    return (name, int(k)) if int(k) >= 1 else None


def problem_of(exc: BaseException) -> str:
    """'raised IndexError (line 3 of ...): list index out of range'."""
    text = str(exc)
    return f"raised {type(exc).__name__}{where_in_answer(exc)}" + (f": {text}" if text else "")


def explain(exc: BaseException, args: dict) -> tuple[str, Hint]:
    """The problem line for an exception, and a Hint saying what it means."""
    text = str(exc)
    if is_stub(exc):
        return "still raises the stub's NotImplementedError.", Hint(
            "stub",
            "In the answer cell, replace the `raise NotImplementedError(...)` line with your "
            "code, run that cell, then run this test again.", named=False)
    if uses_numpy(exc):
        return f"used NumPy: {text}", Hint(
            "uses_numpy", "Loops, zip and sum on lists do it all; leave numpy out of this one.")
    problem = problem_of(exc)
    if "not aligned" in text or "mismatch in its core dimension" in text:
        shapes = shapes_in(text)[:2]
        named = " · ".join(_named_shapes(shapes, args)) or "two arrays"
        turned = _transposed_attribute(shapes, args)
        if turned is not None:
            owner = turned.split(".")[0]
            return problem, Hint(
                "held_weights_transposed",
                f"You took a dot product of {named}, with `{turned}.T`: these layers keep "
                f"their weights as (n_inputs, n_neurons), one column per neuron, so "
                f"inputs · weights needs no transpose. Simpler still, let the layer compute: "
                f"{owner}.forward(...).", "layout")
        foreign = _foreign_shape(shapes, args)
        if foreign is not None:
            given = ", ".join(f"`{k}` {np.shape(v)}" for k, v in args.items()
                              if np.ndim(v) > 0)
            return problem, Hint(
                "foreign_array",
                f"You took a dot product of {named}, but {foreign} has a size that none of "
                f"the arguments has ({given}): the function seems "
                "to use an array from outside it (one of the lesson's variables?) instead of "
                "its parameters.", "shape_rule")
        if len(shapes) == 2 and len(shapes[0]) == 1 and len(shapes[1]) == 2 \
                and shapes[1][1] == shapes[0][0]:
            return problem, Hint(
                "shape_mismatch",
                f"You took a dot product of {named}, but a product needs the inner dimensions "
                "to agree: put the weights first, np.dot(weights, inputs).",
                "weights_first")
        return problem, Hint(
            "shape_mismatch",
            f"You took a dot product of {named}, but a product (s, m) · (m, n) needs the inner "
            f"dimensions to agree. {_layout_advice(args)}.", "shape_rule")
    if "could not be broadcast" in text:
        shapes = shapes_in(text)
        named = " and ".join(_named_shapes(shapes, args)) or "two arrays"
        bias_sizes = {int(np.size(v)) for k, v in args.items() if "bias" in k.lower()}
        weight_shapes = {np.shape(v) for k, v in args.items() if "weight" in k.lower()}
        if weight_shapes & set(shapes):
            return problem, Hint(
                "broadcast",
                f"NumPy cannot line up {named} element by element. A grid the shape of the "
                "weights means the products x·w were never summed: `*` works element by "
                "element, a weighted sum needs np.dot.", "dot")
        if any(int(np.prod(shape)) in bias_sizes for shape in shapes):
            return problem, Hint(
                "broadcast",
                f"NumPy cannot line up {named} element by element. Biases have one value per "
                "neuron and must match the last axis (the columns) of the weighted sums.",
                "broadcast")
        return problem, Hint(
            "broadcast",
            f"NumPy cannot line up {named} element by element: `*` and `+` work element by "
            "element and need matching shapes; a weighted sum needs a dot product (np.dot).",
            "dot")
    if isinstance(exc, TypeError) and "can't multiply sequence" in text:
        return problem, Hint(
            "list_arithmetic",
            "Python lists do not do arithmetic, so `list * list` (or `list * float`) fails. "
            "Multiply the elements one pair at a time in a loop (zip).", "lists")
    if isinstance(exc, TypeError) and ("builtin_function_or_method" in text
                                       or "'method'" in text):
        return problem, Hint(
            "method_not_called",
            "A method was used without calling it: `values.min` is the method itself, "
            "`values.min()` its result. Add the parentheses.", "min_max")
    if isinstance(exc, TypeError) and "NoneType" in text:
        return problem, Hint(
            "none_value",
            "A value in that line is None: a function that prints instead of returning gives "
            "None. Make every helper end with `return <result>`.", "return")
    if isinstance(exc, TypeError) and ("unsupported operand" in text or "concatenate" in text):
        return problem, Hint(
            "list_operand",
            "Arithmetic between a number and a list, or between lists, is not element-wise in "
            "plain Python: work on one number at a time.", "lists")
    if isinstance(exc, TypeError) and "not iterable" in text:
        return problem, Hint(
            "not_iterable",
            "A `for` loop (or zip) was given a single number or a function instead of a "
            "list: loop over the lists your function receives.", "layer_loops")
    if isinstance(exc, AttributeError) and "numpy.ndarray" in text and "'ptp'" in text:
        return problem, Hint(
            "numpy_attribute",
            "NumPy 2 removed the array method .ptp(); the range is values.max() - "
            "values.min() (or the function np.ptp(values)).", "min_max")
    if isinstance(exc, AttributeError) and "'list' object" in text:
        return problem, Hint(
            "list_not_array",
            "A Python list has no NumPy methods: this function receives NumPy arrays, or "
            "turn the list into one with np.array(...).", "arrays")
    if isinstance(exc, IndexError):
        fixed = _fixed_position(exc)
        if fixed:
            name, k = fixed
            return problem, Hint(
                "fixed_position",
                f"The line that failed reads {name}[{k}], a position written out by hand: "
                f"it exists only when `{name}` has more than {k} entries, so the function fits "
                "one size only. Loop over the entries instead of writing each one out (for "
                f"example `for ... in zip(...)` or range(len({name}))), so any size works.",
                "layer_loops")
        shifted = _shifted_pair(exc)
        if shifted:
            index, mine, other = shifted
            return problem, Hint(
                "shifted_pairing",
                f"The line that failed pairs {mine}[{index}] with {other}[{index} + 1]: each "
                "position of one list with the NEXT position of the other, so the pairs are "
                "shifted by one, and at the last position the index runs past the end. Pair "
                f"matching positions, {mine}[{index}] with {other}[{index}] (or zip the two "
                "lists).", "neuron")
        axes = _fewer_axes(exc)
        if axes:
            return problem, axes
        return problem, Hint(
            "index_out_of_range",
            "An index went past the end of a list or an array: the code reads a position "
            "this input does not have. Take every position from the length of what it "
            "indexes (range(len(row)) for the inputs of one row, range(len(rows)) for the "
            "rows) or use zip(...), not a count that fits other sizes.", "layer_loops")
    if isinstance(exc, NameError):
        return problem, Hint(
            "name_error",
            "Define every name your function uses inside it or as a parameter (and import "
            "numpy as np if you use np), then run the answer cell again.")
    if isinstance(exc, RecursionError):
        return "raised RecursionError: the function calls itself without end.", Hint(
            "recursion", "Call the helper you mean, not the function itself.", named=False)
    return problem, Hint("exception", "", named=False)
