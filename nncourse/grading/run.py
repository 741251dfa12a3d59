"""The whole grading job for a course folder: grade, feedback, CSV, outcomes, table, report."""

from __future__ import annotations

import time

from ..course import Course
from ..report import write_report
from ..report.data import NothingToReport, write_run_summary
from .classroom import DEFAULT_TASK_TIMEOUT, NO_SANDBOX, Outcome, default_workers, grade_class
from .results import export_grades, feedback_pages, score_table, write_outcomes
from .sandbox import DEFAULT_LIMITS, Limits


def grade_and_report(course: Course, assignments: list[str], *,
                     workers: int | None = None, cell_timeout: int | None = None,
                     task_timeout: int = DEFAULT_TASK_TIMEOUT,
                     sandbox: Limits | None = DEFAULT_LIMITS, dask: str | None = None,
                     warm_kernels: bool = True) -> list[Outcome]:
    """Autograde everything under course/submitted, then write what instructors read.

    Raises sandbox.SandboxUnavailable before grading anything when the sandbox does not
    hold and `sandbox` is not None.
    """
    started = time.perf_counter()
    outcomes = grade_class(course, assignments, workers=workers, cell_timeout=cell_timeout,
                           task_timeout=task_timeout, sandbox=sandbox, dask=dask,
                           warm_kernels=warm_kernels)
    graded = time.perf_counter()
    feedback = feedback_pages(course, outcomes)
    grades = export_grades(course, course.root / "grades.csv")
    flags = write_outcomes(outcomes, course.root / "outcomes.csv")
    done = time.perf_counter()
    write_run_summary(course, assignments=assignments, workers=workers or default_workers(),
                      wall_seconds=done - started, grading_seconds=graded - started,
                      tasks=sum(o.status not in ("missing", "unmatched") for o in outcomes),
                      sandboxed=sandbox is not None,
                      unmatched=[o for o in outcomes if o.status == "unmatched"])
    try:
        report = f"{write_report(course)}  (the class at a glance: open it in a browser)"
    except NothingToReport:
        report = "none: no submission was graded"
    print()
    print(score_table(course, assignments, outcomes))
    if any(o.flags for o in outcomes):
        print("! graded, but flagged: see notes (the trusted run's score is recorded)")
    print()
    count = {s: sum(o.status == s for o in outcomes) for s in ("graded", "failed", "unmatched")}
    flagged = sum(bool(o.flags) for o in outcomes)
    print(f"graded {count['graded']} notebook(s) ({flagged} flagged), failed "
          f"{count['failed']}, unmatched {count['unmatched']}, "
          f"in {graded - started:.1f} s (feedback included; + {done - graded:.1f} s exports)")
    if sandbox is None:
        print(f"WARNING: {NO_SANDBOX} (--no-sandbox): student code ran with the grader's "
              "rights")
    else:
        print(f"sandbox:   every kernel ran in bubblewrap ({sandbox.describe()})")
    print(f"grades:    {grades}")
    print(f"outcomes:  {flags}  (graded / failed / missing / unmatched, with reasons and flags)")
    print(f"feedback:  {len(feedback)} HTML file(s) under {course.root / 'feedback'}")
    print(f"report:    {report}")
    for outcome in outcomes:
        if outcome.log:
            print(f"log:       {outcome.log}  ({outcome.student}/{outcome.assignment} failed)")
    return outcomes
