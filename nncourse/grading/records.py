"""One JSON record per graded (or flagged, or missing) submission, kept in the course folder.

records/<student>/<assignment>.json holds the outcome (status, reason, flags, seconds) and
the trusted verdict of every test cell, with the mistake the checks named and the hint the
student received. The class report is made from these records and the gradebook, so it can
be rebuilt at any time without grading again, and without parsing any HTML.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from ..course import Course

FOLDER = "records"


def record_path(course: Course, student: str, assignment: str) -> Path:
    return course.root / FOLDER / student / f"{assignment}.json"


def write_record(course: Course, outcome, verdicts: dict[str, list[dict]] | None = None) -> Path:
    """Store what happened to one submission (outcome: a classroom.Outcome)."""
    path = record_path(course, outcome.student, outcome.assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {**asdict(outcome), "verdicts": verdicts or {}}
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    return path


def load_records(course: Course) -> list[dict]:
    """Every stored record, sorted by student and assignment."""
    found = []
    for path in sorted((course.root / FOLDER).glob("*/*.json")):
        found.append(json.loads(path.read_text(encoding="utf-8")))
    return found
