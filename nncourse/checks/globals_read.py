"""Which notebook variables a student's function reads instead of its parameters.

A function that uses the lesson's `weights` or `biases` where it should use its own
parameters passes the visible test that happens to pass the lesson's arrays, then fails on
other inputs with a bare difference. The evidence is in the function's code: a global name
it loads that, in the notebook, holds data (an array, a list, a number), not a function,
a class or a module. Nested functions, lambdas and comprehensions are read too.

The same module says which methods and keywords the code uses (reshape, keepdims=True). When
a submission is graded the function is a stand-in with no bytecode: those two are then read
from its text in the submitted notebook (student.source_text).
"""

from __future__ import annotations

import ast
import builtins
import dis
import inspect
import numbers
import textwrap
import types

import numpy as np

from .code_text import first_function, loaded_in, parameter_names
from .student import source_text

_DATA = (np.ndarray, np.generic, list, tuple, dict, set, numbers.Number)
_GLOBAL_LOADS = {"LOAD_GLOBAL", "LOAD_NAME"}


def _codes(code: types.CodeType):
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _codes(const)


def data_globals(func) -> list[str]:
    """The names of notebook data `func` reads, in the order its code first reads them."""
    return _globals_loaded(func, lambda v: (isinstance(v, _DATA) or _is_tensor(v))
                           and not isinstance(v, bool))


def module_globals(func) -> list[str]:
    """The notebook's PyTorch layers `func` reads: layers that hold the lesson's weights."""
    return _globals_loaded(func, is_torch_module)


def package_globals(func, package: str) -> list[str]:
    """The notebook names `func` reads that hold objects of `package` (`from torch import
    tensor` binds `tensor` to one)."""
    return _globals_loaded(func, lambda v: str(
        getattr(v, "__module__", None) or getattr(v, "__name__", "")).startswith(package))


def _globals_loaded(func, keep) -> list[str]:
    func = inspect.unwrap(func) if callable(func) else func
    code = getattr(func, "__code__", None)
    namespace = getattr(func, "__globals__", None)
    if code is None or namespace is None:
        return []
    found: list[str] = []
    for part in _codes(code):
        for ins in dis.get_instructions(part):
            name = ins.argval
            if ins.opname not in _GLOBAL_LOADS or not isinstance(name, str) or name in found:
                continue
            if name not in namespace or hasattr(builtins, name):
                continue
            if keep(namespace[name]):
                found.append(name)
    return found


def is_torch_module(value) -> bool:
    """A PyTorch layer (nn.Linear, ...): data too, since it holds weights and biases."""
    return type(value).__module__.startswith("torch.nn") and hasattr(value, "parameters")


def _is_tensor(value) -> bool:
    """A PyTorch tensor (told by its type's module: torch need not be imported here)."""
    return type(value).__module__.startswith("torch") and hasattr(value, "shape")


def unused_parameters(func) -> list[str]:
    """Parameters `func`'s body never reads (in order): where a global was used instead."""
    found = _parameters_and_reads(func)
    return [p for p in found[0] if p not in found[1]] if found else []


def parameters_read(func) -> set[str] | None:
    """The parameters `func`'s body reads; None when its code cannot be seen."""
    found = _parameters_and_reads(func)
    return {p for p in found[0] if p in found[1]} if found else None


_SIZE_ATTRIBUTES = {"shape", "ndim", "size", "dtype"}


def read_for_size_only(func) -> set[str]:
    """The parameters `func`'s text reads only for their size: inside len(...) or for
    .shape / .ndim / .size / .dtype, never their values (answers typed in per size)."""
    define = _definition(func)
    if define is None:
        return set()
    sized, other = set(), set()
    parents = {child: node for node in ast.walk(define) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(define):
        if not (isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)):
            continue
        up = parents.get(node)
        if isinstance(up, ast.Attribute) and up.attr in _SIZE_ATTRIBUTES \
                or isinstance(up, ast.Call) and isinstance(up.func, ast.Name) \
                and up.func.id == "len" and node in up.args:
            sized.add(node.id)
        else:
            other.add(node.id)
    return (sized - other) & set(parameter_names(define))


def _parameters_and_reads(func) -> tuple[list[str], set[str]] | None:
    """`func`'s parameters, and the local names its code loads: from its bytecode, or for a
    stand-in from the syntax tree of its text."""
    func = inspect.unwrap(func) if callable(func) else func
    code = getattr(func, "__code__", None)
    if code is not None:
        params = list(code.co_varnames[:code.co_argcount + code.co_kwonlyargcount])
        read = {ins.argval for part in _codes(code) for ins in dis.get_instructions(part)
                if ins.opname in {"LOAD_FAST", "LOAD_DEREF", "LOAD_CLOSURE",
                                  "LOAD_FAST_CHECK", "LOAD_FAST_AND_CLEAR"}}
        return params, read
    define = _definition(func)
    if define is None:
        return None
    return parameter_names(define), loaded_in(define)


def _definition(func) -> ast.FunctionDef | None:
    """The `def` of a function known by its text (in the notebook, or a stand-in's)."""
    text = source_text(func) if callable(func) else None
    return first_function(text) if text else None


def _tree(func) -> ast.Module | None:
    """The syntax tree of a function known only by its text (a stand-in when graded)."""
    text = source_text(func) if callable(func) else None
    try:
        return ast.parse(textwrap.dedent(text)) if text else None
    except (SyntaxError, ValueError):
        return None


def methods_called(func) -> set[str]:
    """The attribute and method names `func`'s code loads (`reshape`, `T`, `append`, ...)."""
    func = inspect.unwrap(func) if callable(func) else func
    code = getattr(func, "__code__", None)
    if code is None:
        tree = _tree(func)
        return {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)} if tree \
            else set()
    return {ins.argval for part in _codes(code) for ins in dis.get_instructions(part)
            if ins.opname in {"LOAD_ATTR", "LOAD_METHOD"} and isinstance(ins.argval, str)}


def keywords_used(func) -> set[str]:
    """The keyword-argument names `func`'s calls pass (`keepdims`, `axis`, ...): the
    compiler keeps them as tuples of names among the code's constants."""
    func = inspect.unwrap(func) if callable(func) else func
    code = getattr(func, "__code__", None)
    if code is None:
        tree = _tree(func)
        return {k.arg for n in ast.walk(tree) if isinstance(n, ast.Call)
                for k in n.keywords if k.arg} if tree else set()
    return {name for part in _codes(code) for const in part.co_consts
            if isinstance(const, tuple) and all(isinstance(c, str) for c in const)
            for name in const}
