"""The student's functions as the submitted notebook defines them, for checks that read code.

The trusted verdict reads a function's code from the notebook file, never from the kernel:
what student code does at run time (patching inspect, rewriting linecache) cannot change it.
At a test cell, a name's code is its last top-level `def` in the cells above, as the kernel
that ran the notebook from top to bottom holds it.
"""

from __future__ import annotations

import ast

from IPython.core.inputtransformer2 import TransformerManager

from ..checks.code_text import with_helpers


def function_sources(cells) -> dict[str, str]:
    """name -> the code of its last top-level def in these code cells (magics allowed;
    a cell that does not parse defines nothing, as in the kernel)."""
    transform = TransformerManager().transform_cell
    found: dict[str, str] = {}
    for cell in cells:
        if cell.cell_type != "code":
            continue
        try:
            text = transform(cell.source)
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            continue
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found[node.name] = ast.get_source_segment(text, node) or ""
            elif isinstance(node, ast.ClassDef):
                found.pop(node.name, None)  # the name is a class now
    return found


def with_their_helpers(sources: dict[str, str]) -> dict[str, str]:
    """name -> its code followed by the code of the notebook functions it calls."""
    return {name: with_helpers(code, sources.get) for name, code in sources.items()}
