"""The class report: one self-contained HTML page about a graded class (report.html).

It is made from what grading keeps in the course folder, never from HTML: the JSON record
of each submission (records/<student>/<assignment>.json: outcome, flags, and the trusted
verdict of every test cell with the hint the student received), the scores in the
gradebook (nbgrader's API), and the run summary (records/run.json: wall time, workers).
So it can be rebuilt at any time with `nncourse report`, without grading again.
"""

from __future__ import annotations

from pathlib import Path

from ..course import Course

REPORT_NAME = "report.html"


def write_report(course: Course, target: Path | None = None) -> Path:
    """Gather the class's data, draw the figures and write the page; returns its path."""
    from .data import gather
    from .page import render

    target = Path(target or course.root / REPORT_NAME)
    target.write_text(render(gather(course)), encoding="utf-8")
    return target
