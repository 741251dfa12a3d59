"""Find nbgrader cells by role and grade_id, and turn a master's answer into a student's.

The roles come from nbgrader's own `nbgrader.utils` predicates; this module only adds
what the course means by them (an answer is a solution code cell, a test a grade code cell).
"""

from __future__ import annotations

import re

from nbgrader.utils import is_grade, is_solution

_MARKER = re.compile(r"^\s*### (BEGIN|END) (SOLUTION|HIDDEN TESTS)\s*$")


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def grade_id(cell) -> str | None:
    return nbgrader_meta(cell).get("grade_id")


def is_answer(cell) -> bool:
    """An autograded answer cell: the student's code goes here."""
    return cell["cell_type"] == "code" and bool(is_solution(cell)) and not is_grade(cell)


def is_test(cell) -> bool:
    """A test cell with points: nbgrader scores it by whether it raises."""
    return cell["cell_type"] == "code" and bool(is_grade(cell)) and not is_solution(cell)


def cells_by_id(nb) -> dict[str, dict]:
    return {grade_id(c): c for c in nb.cells if grade_id(c)}


def without_markers(source: str) -> str:
    """The master's solution as a student would type it: the marker comments removed."""
    return "\n".join(line for line in source.splitlines() if not _MARKER.match(line))
