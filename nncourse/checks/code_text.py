"""The student's code read as text: the Python loops an exercise without loops must not have.

Values cannot tell a loop from element-wise arithmetic (both give the same numbers), so this
promise is read from the code. The text comes from student.source_text: in the notebook, the
cell that defined the function; when a submission is graded, the submitted notebook itself,
which the student's code cannot change. Functions of the notebook that the answer calls are
read too (a loop moved into a helper is still a loop).
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Callable

#: calls that run a Python function once per element, although no loop is written out
_PER_ELEMENT_CALLS = {
    "map": "map(...)",
    "vectorize": "np.vectorize",
    "frompyfunc": "np.frompyfunc",
    "apply_along_axis": "np.apply_along_axis",
}
_LOOPS = {
    ast.For: "a `for` loop",
    ast.AsyncFor: "a `for` loop",
    ast.While: "a `while` loop",
    ast.ListComp: "a list comprehension",
    ast.SetComp: "a set comprehension",
    ast.DictComp: "a dict comprehension",
    ast.GeneratorExp: "a generator expression",
}
_SHOWN = 60  # characters of the looping code quoted in a hint


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(textwrap.dedent(source))
    except (SyntaxError, ValueError):
        return None


def _called_name(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _quote(source: str, node: ast.AST) -> str:
    text = ast.get_source_segment(source, node) or ""
    first = " ".join(text.split())
    if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
        first = first.split(":")[0] + ":"
    return first if len(first) <= _SHOWN else first[:_SHOWN - 1].rstrip() + "…"


def python_loops(source: str) -> list[str]:
    """Each Python loop in `source`, in order: "a list comprehension in `f`
    (`[v * 2 for v in values]`)"; [] when there is none or the text does not parse."""
    source = textwrap.dedent(source)
    tree = _parse(source)
    found: list[str] = []

    def visit(node: ast.AST, function: str | None) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            function = node.name
        what, after = _LOOPS.get(type(node)), ""
        if what is None and isinstance(node, ast.Call):
            called = _PER_ELEMENT_CALLS.get(_called_name(node) or "")
            what = called and f"a call of {called}"
            after = ", which runs Python code once per element"
        if what and function is not None:
            found.append(f"{what} in `{function}` (`{_quote(source, node)}`){after}")
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    if tree is not None:
        visit(tree, None)
    return found


def names_called(source: str) -> list[str]:
    """The plain names `source` calls (`helper(x)`), in order of first call."""
    tree = _parse(source)
    if tree is None:
        return []
    seen: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id not in seen:
            seen.append(node.func.id)
    return seen


def with_helpers(source: str, lookup: Callable[[str], str | None], limit: int = 12) -> str:
    """`source` followed by the code of the notebook functions it calls, and so on:
    `lookup(name)` gives a function's code or None (not the student's, or unknown)."""
    parts, queue, seen = [source], names_called(source), set()
    while queue and len(parts) <= limit:
        name = queue.pop(0)
        if name in seen:
            continue
        seen.add(name)
        code = lookup(name)
        if code and code not in parts:
            parts.append(code)
            queue += names_called(code)
    return "\n\n".join(textwrap.dedent(p) for p in parts)


def number_as_second_argument(source: str, names: set[str]) -> bool:
    """The code calls one of `names` (np.max, max, ...) with a number as its second
    positional argument: np.max(z, 0) reads that number as an axis."""
    tree = _parse(source)
    if tree is None:
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and len(node.args) >= 2:
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            second = node.args[1]
            if called in names and isinstance(second, ast.Constant) \
                    and isinstance(second.value, (int, float)):
                return True
    return False
