"""Grade every submission of a course folder, in parallel, with a progress bar.

Layout (nbgrader's): <course>/submitted/<student>/<assignment>/<assignment>.ipynb. Each
submission becomes a pure task (task.autograde) run in a pool of long-lived worker
processes (nbgrader's API is not thread-safe: one task per process at a time); this process
alone writes the gradebook. A submission that cannot be graded is flagged with its reason
and never stops the others.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from ..course import Course
from ..runtime import prepare_process
from . import gradebook
from .records import write_record
from .task import GradingJob, GradingResult, autograde, read_files


@dataclass
class Outcome:
    """What happened to one student's assignment: graded, or flagged with a reason."""

    student: str
    assignment: str
    status: str  # "graded" | "failed" | "missing"
    reason: str = ""
    seconds: float = 0.0
    # what a person should look at although the submission was graded, e.g.
    # "tampering suspected: test_ex01_x: the notebook's own run passed ..., the trusted run ..."
    flags: list[str] = field(default_factory=list)


def find_submissions(course: Course, assignments: list[str]) -> dict[tuple[str, str], Path]:
    """(student, assignment) -> submission folder, for the assignments asked for."""
    found = {}
    for folder in sorted(course.submitted.glob("*/*")):
        if folder.is_dir() and folder.name in assignments:
            found[(folder.parent.name, folder.name)] = folder
    return found


def default_workers() -> int:
    """Two tasks per core: a task spends much of its time waiting on its kernel's start."""
    return max(1, 2 * (os.cpu_count() or 1))


def grade_class(course: Course, assignments: list[str], *,
                workers: int | None = None, cell_timeout: int | None = None,
                progress: bool = True) -> list[Outcome]:
    """Autograde every submission under course/submitted and record the scores."""
    submissions = find_submissions(course, assignments)
    config = course.config_file.read_text(encoding="utf-8")
    empty = gradebook.empty_gradebook(course)
    definitions = {a: gradebook.assignment_definition(course, a, empty) for a in assignments}
    jobs = []
    outcomes: list[Outcome] = []
    for (student, assignment), folder in submissions.items():
        try:
            files = read_files(folder)
        except OSError as exc:
            outcome = Outcome(student, assignment, "failed", f"unreadable: {exc}")
            write_record(course, outcome)
            outcomes.append(outcome)
            continue
        definition = definitions[assignment]
        jobs.append(GradingJob(assignment, student, files, definition.gradebook, config,
                               definition.source, definition.masters, cell_timeout))
    results = _run(jobs, workers or default_workers(), progress)
    for result in results:
        outcome = _record(course, result, submissions[(result.student, result.assignment)])
        write_record(course, outcome, result.verdicts)
        outcomes.append(outcome)
    students = sorted({s for s, _ in submissions})
    for student in students:
        for assignment in assignments:
            if (student, assignment) not in submissions:
                outcome = Outcome(student, assignment, "missing", "nothing submitted")
                write_record(course, outcome)
                outcomes.append(outcome)
    return sorted(outcomes, key=lambda o: (o.student, o.assignment))


def _run(jobs: list[GradingJob], workers: int, progress: bool) -> list[GradingResult]:
    if not jobs:
        return []
    results = []
    bar = tqdm(total=len(jobs), desc="autograde", unit="nb", disable=not progress)
    # spawn: workers start clean, without this process's event loops or open gradebook
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=context,
                             initializer=prepare_process,
                             initargs=(logging.getLogger("nncourse").getEffectiveLevel(),)
                             ) as pool:
        futures = {pool.submit(autograde, job): job for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                result = future.result()
            except Exception as exc:  # a worker that died takes only its own task down
                result = GradingResult(job.assignment, job.student, ok=False,
                                       reason=f"grading worker died: {type(exc).__name__}: {exc}")
            results.append(result)
            bar.set_postfix_str(f"{job.student}/{job.assignment}", refresh=False)
            bar.update()
    bar.close()
    return results


def _record(course: Course, result: GradingResult, folder: Path) -> Outcome:
    if not result.ok:
        return Outcome(result.student, result.assignment, "failed", result.reason, result.seconds)
    stamp = folder / "timestamp.txt"
    timestamp = stamp.read_text().strip() if stamp.is_file() else None
    try:
        gradebook.record(course, result, timestamp)
    except Exception as exc:
        return Outcome(result.student, result.assignment, "failed",
                       f"could not record the scores: {type(exc).__name__}: {exc}", result.seconds)
    return Outcome(result.student, result.assignment, "graded", "", result.seconds,
                   flags=tampering_flags(result))


def tampering_flags(result: GradingResult) -> list[str]:
    """One flag per test cell whose trusted verdict differs from the notebook's own run."""
    found = [cell["tampering"] for cells in result.verdicts.values() for cell in cells
             if cell.get("tampering")]
    return [f"tampering suspected: {text}" for text in found]
