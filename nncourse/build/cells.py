"""Find nbgrader cells by role and grade_id, and turn a master's answer into a student's."""

from __future__ import annotations

import re

_MARKER = re.compile(r"^\s*### (BEGIN|END) (SOLUTION|HIDDEN TESTS)\s*$")


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def grade_id(cell) -> str | None:
    return nbgrader_meta(cell).get("grade_id")


def is_answer(cell) -> bool:
    meta = nbgrader_meta(cell)
    return bool(meta.get("solution")) and not meta.get("grade") and cell["cell_type"] == "code"


def is_test(cell) -> bool:
    meta = nbgrader_meta(cell)
    return bool(meta.get("grade")) and not meta.get("solution") and cell["cell_type"] == "code"


def cells_by_id(nb) -> dict[str, dict]:
    return {grade_id(c): c for c in nb.cells if grade_id(c)}


def without_markers(source: str) -> str:
    """The master's solution as a student would type it: the marker comments removed."""
    return "\n".join(line for line in source.splitlines() if not _MARKER.match(line))
