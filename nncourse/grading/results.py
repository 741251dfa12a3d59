"""What grading produces for people: the feedback pages, grades CSV, outcomes, the score table."""

from __future__ import annotations

import csv
from pathlib import Path
from textwrap import shorten

from ..course import Course
from .classroom import NO_SANDBOX, Outcome
from .scores import db_url


def feedback_pages(course: Course, outcomes: list[Outcome]) -> list[Path]:
    """The HTML feedback pages of the graded submissions: course/feedback/<student>/<chapter>/."""
    pages = []
    for outcome in outcomes:
        if outcome.status == "graded":
            folder = course.root / "feedback" / outcome.student / outcome.assignment
            pages += sorted(folder.glob("*.html"))
    return pages


def export_grades(course: Course, target: Path) -> Path:
    """nbgrader's own CSV export of the gradebook (one row per student and assignment)."""
    from nbgrader.api import Gradebook
    from nbgrader.plugins import CsvExportPlugin

    plugin = CsvExportPlugin(config=course.nbgrader_config())
    plugin.to = str(target)
    with Gradebook(db_url(course)) as gb:
        plugin.export(gb)
    return target


def write_outcomes(outcomes: list[Outcome], target: Path) -> Path:
    """Per student and assignment: graded / failed / missing / unmatched, why, and the flags
    of a graded one (tampering suspected, a graded cell deleted or renamed).

    nbgrader's CSV shows 0.0 both for a real zero and for a notebook it could not grade;
    this file is what tells them apart. `sandbox` says whether the kernel ran sandboxed
    (the reason also says "graded without sandbox" when it did not); `log` is the kept
    nbgrader log of a failed task.
    """
    with target.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "assignment", "status", "reason", "flags", "seconds",
                         "sandbox", "log"])
        for o in outcomes:
            writer.writerow([o.student, o.assignment, o.status, o.note, "; ".join(o.flags),
                             f"{o.seconds:.2f}", "yes" if o.sandboxed else "no", o.log])
    return target


def scores(course: Course, assignments: list[str]) -> dict[tuple[str, str], tuple[float, float]]:
    """(student, assignment) -> (score, max score) for every recorded submission."""
    from nbgrader.api import Gradebook, MissingEntry

    table = {}
    with Gradebook(db_url(course)) as gb:
        for student in gb.students:
            for assignment in assignments:
                try:
                    sub = gb.find_submission(assignment, student.id)
                except MissingEntry:
                    continue
                table[(student.id, assignment)] = (sub.score, sub.max_score)
    return table


def score_table(course: Course, assignments: list[str], outcomes: list[Outcome]) -> str:
    """A plain-text table: one row per student, one column per assignment, then the total."""
    recorded = scores(course, assignments)
    status = {(o.student, o.assignment): o for o in outcomes if o.status != "unmatched"}
    students = sorted({o.student for o in outcomes if o.status != "unmatched"})
    heads = [a.split("_")[0] for a in assignments]
    width = max([7] + [len(s) for s in students])
    lines = [f"{'student':<{width}}  " + "  ".join(f"{h:>9}" for h in heads) + "      total  notes"]
    for student in students:
        cells, got, most, notes = [], 0.0, 0.0, []
        for assignment, head in zip(assignments, heads, strict=True):
            outcome = status.get((student, assignment))
            recorded_score = (student, assignment) in recorded
            if recorded_score and outcome and outcome.status == "graded":
                score, max_score = recorded[(student, assignment)]
                mark = "!" if outcome.flags else " "
                cells.append(f"{score:>4g}/{max_score:<3g}{mark}")
                got, most = got + score, most + max_score
                notes += [f"{head}: {_short(flag)}" for flag in outcome.flags]
            elif outcome and outcome.status == "failed":
                cells.append("   FAILED")
                notes.append(f"{head}: {_short(outcome.reason)}")
            else:
                cells.append("        -")
        total = f"{got:g}/{most:g}" if most else "-"
        unsandboxed = any(not o.sandboxed for o in outcomes
                          if o.student == student and o.status in {"graded", "failed"})
        if unsandboxed:
            notes.append(NO_SANDBOX)
        lines.append(f"{student:<{width}}  " + "  ".join(f"{c:>9}" for c in cells)
                     + f"  {total:>9}  " + "; ".join(notes))
    strays = [o for o in outcomes if o.status == "unmatched"]
    if strays:
        lines.append("")
        lines.append(f"not graded, {len(strays)} entr{'y' if len(strays) == 1 else 'ies'} "
                     "under submitted/ that match no student/assignment:")
        lines += [f"  UNMATCHED {o.reason}" for o in strays]
    return "\n".join(lines)


def _short(reason: str) -> str:
    return shorten(reason.replace("\\n", " "), 110)
