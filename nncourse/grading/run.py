"""The whole grading job for a course folder: grade, feedback, CSV, outcomes, table, report."""

from __future__ import annotations

import time

from ..course import Course
from ..report import write_report
from ..report.data import NothingToReport, write_run_summary
from .classroom import Outcome, default_workers, grade_class
from .results import export_grades, feedback_pages, score_table, write_outcomes


def grade_and_report(course: Course, assignments: list[str], *,
                     workers: int | None = None, cell_timeout: int | None = None) -> list[Outcome]:
    """Autograde everything under course/submitted, then write what instructors read."""
    started = time.perf_counter()
    outcomes = grade_class(course, assignments, workers=workers, cell_timeout=cell_timeout)
    graded = time.perf_counter()
    feedback = feedback_pages(course, outcomes)
    grades = export_grades(course, course.root / "grades.csv")
    flags = write_outcomes(outcomes, course.root / "outcomes.csv")
    done = time.perf_counter()
    write_run_summary(course, assignments=assignments, workers=workers or default_workers(),
                      wall_seconds=done - started, grading_seconds=graded - started,
                      tasks=sum(o.status not in ("missing", "unmatched") for o in outcomes))
    try:
        report = f"{write_report(course)}  (the class at a glance: open it in a browser)"
    except NothingToReport:
        report = "none: no submission was graded"
    print()
    print(score_table(course, assignments, outcomes))
    if any(o.flags for o in outcomes):
        print("! graded, but flagged: see notes (the trusted run's score is recorded)")
    print()
    failed = [o for o in outcomes if o.status == "failed"]
    print(f"graded {sum(o.status == 'graded' for o in outcomes)} notebook(s), "
          f"flagged {len(failed)}, in {graded - started:.1f} s "
          f"(feedback included; + {done - graded:.1f} s exports)")
    print(f"grades:    {grades}")
    print(f"outcomes:  {flags}  (graded / failed / missing, with reasons)")
    print(f"feedback:  {len(feedback)} HTML file(s) under {course.root / 'feedback'}")
    print(f"report:    {report}")
    return outcomes
