"""The student's code read as text: the Python loops an exercise without loops must not have.

Values cannot tell a loop from element-wise arithmetic (both give the same numbers), so this
promise is read from the code. The text comes from student.source_text: in the notebook, the
cell that defined the function; when a submission is graded, the submitted notebook itself,
which the student's code cannot change. Functions of the notebook that the answer calls are
read too (a loop moved into a helper is still a loop).
"""

from __future__ import annotations

import ast
import builtins
import difflib
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


def first_function(source: str) -> ast.FunctionDef | None:
    """The first `def` in `source` (the student's function; its helpers follow it)."""
    tree = _parse(source)
    return next((n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)), None) \
        if tree else None


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


def appends_after_loop(source: str) -> bool:
    """An `x.append(...)` statement after a loop, at the same level and outside every loop:
    it runs once, after the loop, with the loop's last value."""
    tree = _parse(source)
    if tree is None:
        return False

    def scan(body: list, in_loop: bool) -> bool:
        seen_loop = False
        for statement in body:
            if isinstance(statement, (ast.For, ast.While)):
                seen_loop = True
                if scan(statement.body, True):
                    return True
            elif seen_loop and not in_loop and isinstance(statement, ast.Expr) \
                    and isinstance(statement.value, ast.Call) \
                    and isinstance(statement.value.func, ast.Attribute) \
                    and statement.value.func.attr == "append":
                return True
            else:
                for field in ("body", "orelse", "finalbody"):
                    inner = getattr(statement, field, None)
                    if isinstance(inner, list) and inner and scan(inner, in_loop):
                        return True
        return False

    return scan(tree.body, False)


def mutable_defaults(source: str) -> list[str]:
    """Parameters of the first function in `source` whose default is a list, dict or set
    written in the def line, and that its body changes: Python makes that default once,
    and every call changes the same one."""
    define = first_function(source)
    if define is None:
        return []
    args = define.args
    positional = [*args.posonlyargs, *args.args]
    pairs = list(zip(positional[len(positional) - len(args.defaults):], args.defaults,
                     strict=True))
    pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)
              if d is not None]
    mutable = (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)
    shared = {a.arg for a, d in pairs if isinstance(d, mutable) or isinstance(d, ast.Call)
              and getattr(d.func, "id", "") in ("list", "dict", "set")}
    changed = set()
    for node in ast.walk(define):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and isinstance(node.func.value, ast.Name) and node.func.attr in _CHANGERS:
            changed.add(node.func.value.id)
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            changed.add(node.target.id)
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store) \
                and isinstance(node.value, ast.Name):
            changed.add(node.value.id)
    return [name for name in (a.arg for a, _ in pairs) if name in shared & changed]


_CHANGERS = {"append", "extend", "insert", "update", "add", "setdefault", "pop", "clear"}


def slices_off_an_end(source: str) -> bool:
    """The code slices one entry off an end: `[:-1]`, `[1:]`, `[:len(x) - 1]`."""
    tree = _parse(source)
    if tree is None:
        return False
    for node in ast.walk(tree):
        if not isinstance(node, ast.Slice):
            continue
        upper, lower = node.upper, node.lower
        minus_one = isinstance(upper, ast.UnaryOp) and isinstance(upper.op, ast.USub) \
            and isinstance(upper.operand, ast.Constant) and upper.operand.value == 1
        short = isinstance(upper, ast.BinOp) and isinstance(upper.op, ast.Sub) \
            and isinstance(upper.right, ast.Constant) and upper.right.value == 1
        from_one = isinstance(lower, ast.Constant) and lower.value == 1 and upper is None
        if minus_one or short or from_one:
            return True
    return False


def returns_a_value(source: str) -> bool:
    """The first function in `source` has a `return <expression>` (not a bare return)."""
    define = first_function(source)
    return define is not None and any(
        isinstance(n, ast.Return) and n.value is not None
        and not (isinstance(n.value, ast.Constant) and n.value.value is None)
        for n in ast.walk(define))


def compares_by_order(source: str) -> bool:
    """The code compares with `<`, `>`, `<=` or `>=` somewhere (a check one way round)."""
    tree = _parse(source)
    return tree is not None and any(
        isinstance(op, (ast.Lt, ast.Gt, ast.LtE, ast.GtE))
        for node in ast.walk(tree) if isinstance(node, ast.Compare) for op in node.ops)


def may_end_without_return(source: str) -> bool:
    """Some path through the first function in `source` reaches its end with no `return`
    or `raise` (an if/elif chain without else, a return only inside a loop)."""
    define = first_function(source)
    return define is not None and not _always_leaves(define.body)


def _always_leaves(body: list) -> bool:
    if not body:
        return False
    last = body[-1]
    if isinstance(last, (ast.Return, ast.Raise)):
        return True
    if isinstance(last, ast.If):
        return _always_leaves(last.body) and _always_leaves(last.orelse)
    if isinstance(last, (ast.With, ast.Try)):
        return _always_leaves(last.body) or _always_leaves(getattr(last, "finalbody", []))
    if isinstance(last, ast.While):  # `while True:` leaves only by a return or raise
        return isinstance(last.test, ast.Constant) and bool(last.test.value)
    return False


def calls_inside(source: str, outer: str, inner: str) -> bool:
    """Some call of `outer` (np.where) has a call of `inner` (exp) among its arguments."""
    tree = _parse(source)
    return tree is not None and any(
        isinstance(node, ast.Call) and _called_name(node) == outer and any(
            isinstance(n, ast.Call) and _called_name(n) == inner
            for arg in (*node.args, *(k.value for k in node.keywords)) for n in ast.walk(arg))
        for node in ast.walk(tree))


def transposes(source: str) -> int:
    """How many transposes the code writes and uses (`.T`, `.transpose(...)`,
    `np.transpose(...)`), comments, strings and discarded results aside."""
    tree = _parse(source)
    if tree is None:
        return 0
    lost = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}
    return sum(1 for n in ast.walk(tree) if (isinstance(n, ast.Attribute) and n.attr == "T")
               or (isinstance(n, ast.Call) and _called_name(n) == "transpose"
                   and id(n) not in lost))


def discarded_results(source: str) -> list[str]:
    """The calls standing alone on a line whose result is a new array, thrown away there
    (`weights.transpose()`, `x.reshape(1, -1)`, `np.round(y, 2)`): they change nothing."""
    tree = _parse(source)
    return [_called_name(n.value) for n in ast.walk(tree) if tree
            and isinstance(n, ast.Expr) and isinstance(n.value, ast.Call)
            and _called_name(n.value) in _NEW_ARRAY] if tree else []


_NEW_ARRAY = {"transpose", "reshape", "astype", "round", "squeeze", "flatten", "ravel",
              "copy", "maximum", "clip", "swapaxes"}


def count_calls(source: str, name: str) -> int:
    """How many calls of `name` the code writes (`np.exp(...)`, `exp(...)`), comments and
    strings aside."""
    tree = _parse(source)
    return sum(1 for n in ast.walk(tree) if isinstance(n, ast.Call)
               and _called_name(n) == name) if tree else 0


def squeezed_names(source: str) -> set[str]:
    """The names assigned from an expression that squeezes, ravels or flattens."""
    tree = _parse(source)
    found = set()
    for node in ast.walk(tree) if tree else ():
        if isinstance(node, ast.Assign) and any(
                isinstance(n, ast.Call) and _called_name(n) in ("squeeze", "ravel", "flatten")
                for n in ast.walk(node.value)):
            found |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return found


def builtin_for_parameter(source: str) -> tuple[str, str] | None:
    """(builtin, parameter) when the first function reads a Python built-in whose name is a
    parameter's one letter off (`input` for `inputs`): a typo that reaches Python's own."""
    define = first_function(source)
    if define is None:
        return None
    params = parameter_names(define)
    assigned = {n.id for n in ast.walk(define) if isinstance(n, ast.Name)
                and isinstance(n.ctx, ast.Store)}
    for name in sorted(loaded_in(define) - set(params) - assigned):
        if hasattr(builtins, name):
            close = difflib.get_close_matches(name, params, n=1, cutoff=0.85)
            if close:
                return name, close[0]
    return None


def names_loaded(source: str) -> set[str]:
    """Every plain name the code reads (`torch`, `np`, `weights`, ...)."""
    tree = _parse(source)
    return loaded_in(tree) if tree else set()


def loaded_in(node: ast.AST) -> set[str]:
    """The plain names read anywhere inside a syntax tree."""
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)
            and isinstance(n.ctx, ast.Load)}


def parameter_names(define: ast.FunctionDef) -> list[str]:
    """A `def`'s parameters in order: positional-only, positional, keyword-only."""
    args = define.args
    return [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
