"""Grade every submission of a course folder, in parallel, with a progress bar.

Layout (nbgrader's): <course>/submitted/<student>/<assignment>/<assignment>.ipynb. Each
submission becomes a pure task (task.autograde) run in a pebble process pool (nbgrader's API
is not thread-safe: one task per process at a time). A worker that dies, or a task that
runs past the wall-clock limit per submission, loses only that task: pebble replaces the
worker and the rest of the class goes on. This process alone writes the gradebook. Every
submission ends as an outcome: graded, failed
(with its reason and its nbgrader log kept under logs/), missing, or unmatched (a folder
under submitted/ that is no student/assignment pair); a graded one may carry flags (a
person should look: tampering suspected, a graded cell deleted or renamed). Submitted
files are only read.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import stat
import tempfile
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures import as_completed
from dataclasses import dataclass, field
from pathlib import Path

from pebble import ProcessExpired, ProcessPool
from tqdm import tqdm

from ..course import Course
from ..runtime import prepare_process
from . import gradebook, warm
from .integrity import cell_problems
from .records import write_record
from .sandbox import DEFAULT_LIMITS, Limits, ensure_available
from .task import GradingJob, GradingResult, autograde, read_files

#: seconds one submission may take in all (every cell, kernel start, feedback)
DEFAULT_TASK_TIMEOUT = 300

NO_SANDBOX = "graded without sandbox"


@dataclass
class Outcome:
    """What happened to one student's assignment."""

    student: str
    assignment: str
    status: str  # "graded" | "failed" | "missing" | "unmatched"
    reason: str = ""
    seconds: float = 0.0
    # what a person should look at although the submission was graded, e.g.
    # "tampering suspected: test_ex01_x: the notebook's own run passed ..., the trusted run ..."
    # or "answer cell 'ex01_x' is missing (deleted, or its grade_id ... changed)"
    flags: list[str] = field(default_factory=list)
    sandboxed: bool = True
    log: str = ""  # the kept nbgrader log of a failed task (a path in the course folder)
    kernel: str = ""  # the kernel it ran in: "forked", "warm" or "cold" (task.GradingResult)

    @property
    def problem(self) -> bool:
        """Failed, flagged or unmatched: the class run exits 1."""
        return self.status in {"failed", "unmatched"} or bool(self.flags)

    @property
    def note(self) -> str:
        """The reason, with 'graded without sandbox' when that was the case."""
        parts = [self.reason] if self.reason else []
        if not self.sandboxed and self.status in {"graded", "failed"}:
            parts.append(NO_SANDBOX)
        return "; ".join(parts)


def find_submissions(course: Course, assignments: list[str]) -> dict[tuple[str, str], Path]:
    """(student, assignment) -> submission folder, for the assignments asked for."""
    found = {}
    for folder in sorted(course.submitted.glob("*/*")):
        if folder.is_dir() and folder.name in assignments:
            found[(folder.parent.name, folder.name)] = folder
    return found


def unmatched(course: Course) -> list[Outcome]:
    """Everything under submitted/ that is no <student>/<assignment>/ folder of the course."""
    known = {c.id for c in course.chapters()}
    where = course.submitted
    found = []
    for entry in sorted(where.iterdir()) if where.is_dir() else []:
        if not entry.is_dir():
            found.append(Outcome(entry.name, "", "unmatched",
                                 f"{entry.relative_to(course.root)} is a file, not a student's "
                                 "folder (submitted/<student>/<assignment>/)"))
            continue
        inside = sorted(entry.iterdir())
        if not inside:
            found.append(Outcome(entry.name, "", "unmatched",
                                 f"{entry.relative_to(course.root)} is empty"))
        for sub in inside:
            if sub.is_dir() and sub.name in known:
                continue
            what = "folder" if sub.is_dir() else "file"
            found.append(Outcome(entry.name, sub.name, "unmatched",
                                 f"{sub.relative_to(course.root)}: a {what} that matches no "
                                 f"assignment (assignments: {', '.join(sorted(known))})"))
    return found


def default_workers() -> int:
    """Two tasks per core: a task spends much of its time waiting on its kernel's start."""
    return max(1, 2 * (os.cpu_count() or 1))


def grade_class(course: Course, assignments: list[str], *,
                workers: int | None = None, cell_timeout: int | None = None,
                task_timeout: int = DEFAULT_TASK_TIMEOUT,
                sandbox: Limits | None = DEFAULT_LIMITS, progress: bool = True,
                warm_kernels: bool = True, dask: str | None = None) -> list[Outcome]:
    """Autograde every submission under course/submitted and record the scores.

    `sandbox` None grades without the sandbox (the instructor's explicit --no-sandbox);
    otherwise the sandbox is proven to work first, and SandboxUnavailable is raised when it
    does not (fail closed). `dask` runs the tasks on Dask distributed instead of a local
    process pool: "local" for a LocalCluster of `workers`, or a scheduler address
    (cluster.py); each worker then proves the sandbox on its own machine.
    """
    if sandbox is not None:
        ensure_available(sandbox)
    submissions = find_submissions(course, assignments)
    config = course.config_file.read_text(encoding="utf-8")
    empty = gradebook.empty_gradebook(course)
    definitions = {a: gradebook.assignment_definition(course, a, empty) for a in assignments}
    jobs, checks = [], {}
    outcomes: list[Outcome] = unmatched(course)
    done: list[Outcome] = []
    for (student, assignment), folder in submissions.items():
        definition = definitions[assignment]
        try:
            files = read_files(folder)
        except OSError as exc:
            done.append(Outcome(student, assignment, "failed", f"unreadable: {exc}"))
            continue
        notebooks = [n for n in definition.masters if "/" not in n]
        if not any(n in files for n in notebooks):
            found = ", ".join(n for n in files if n.endswith(".ipynb")) or "no notebook"
            done.append(Outcome(student, assignment, "failed",
                                f"no {' or '.join(notebooks)} in "
                                f"{folder.relative_to(course.root)} (found: {found})"))
            continue
        checks[(student, assignment)] = [p for n in notebooks if n in files
                                         for p in cell_problems(definition.masters[n], files[n])]
        jobs.append(GradingJob(assignment, student, files, definition.gradebook, config,
                               definition.source, definition.masters, cell_timeout, sandbox,
                               warm=warm_kernels))
    if dask:
        results = _run_dask(jobs, dask, workers or default_workers(), task_timeout, progress)
    else:
        results = _run(jobs, workers or default_workers(), task_timeout, progress)
    for result in results:
        outcome = _record(course, result, submissions[(result.student, result.assignment)],
                          checks[(result.student, result.assignment)])
        outcome.log = str(_keep_log(course, result)) if outcome.status == "failed" else ""
        outcome.sandboxed = sandbox is not None  # before the record is written
        write_record(course, outcome, result.verdicts)
        outcomes.append(outcome)
    students = sorted({s for s, _ in submissions})
    for student in students:
        for assignment in assignments:
            if (student, assignment) not in submissions:
                done.append(Outcome(student, assignment, "missing", "nothing submitted"))
    for outcome in done:
        outcome.sandboxed = sandbox is not None
        write_record(course, outcome)
    outcomes += done
    for outcome in outcomes:
        outcome.sandboxed = sandbox is not None  # the task refuses unsandboxed kernels
    return sorted(outcomes, key=lambda o: (o.status == "unmatched", o.student, o.assignment))


def _init_worker(level: int, scratch: str, limits: Limits | None, warm_start: bool) -> None:
    prepare_process(level)
    # a task killed at its time limit cannot clean up: its temporary course stays here,
    # in the run's scratch folder, which the parent removes at the end
    tempfile.tempdir = scratch
    if warm_start:  # the first task's kernel boots while the worker waits for it
        warm.prepare(limits)


def _run(jobs: list[GradingJob], workers: int, task_timeout: int, progress: bool,
         task=autograde) -> list[GradingResult]:
    """Run `task` (a module-level function of one job) on every job in a pebble pool."""
    if not jobs:
        return []
    results = []
    bar = tqdm(total=len(jobs), desc="autograde", unit="nb", disable=not progress)
    scratch = tempfile.mkdtemp(prefix="nncourse-run-")
    level = logging.getLogger("nncourse").getEffectiveLevel()
    # spawn: workers start clean, without this process's event loops or open gradebook
    first = jobs[0]
    pool = ProcessPool(max_workers=min(workers, len(jobs)), initializer=_init_worker,
                       initargs=(level, scratch, first.sandbox, first.warm),
                       context=multiprocessing.get_context("spawn"))
    try:
        futures = {pool.schedule(task, args=(job,), timeout=task_timeout): job
                   for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            results.append(_result_of(future, job, task_timeout))
            bar.set_postfix_str(f"{job.student}/{job.assignment}", refresh=False)
            bar.update()
    finally:
        pool.stop()
        pool.join()
        bar.close()
        _remove_tree(Path(scratch))
    return results


def _run_dask(jobs: list[GradingJob], target: str, workers: int, task_timeout: int,
              progress: bool) -> list[GradingResult]:
    from .cluster import connect, run_on_dask

    client = connect(target, min(workers, max(1, len(jobs))))
    try:
        return run_on_dask(jobs, client, task_timeout, progress)
    finally:
        cluster = client.cluster
        client.close()
        if cluster is not None and target == "local":
            cluster.close()


def _result_of(future, job: GradingJob, task_timeout: int) -> GradingResult:
    """The task's result, or a failed one that says why the worker gave none."""
    try:
        return future.result()
    except FutureTimeout:
        reason = (f"grading took longer than {task_timeout} s, the limit per submission "
                  "(--task-timeout): stopped")
    except ProcessExpired as exc:
        reason = f"the grading worker died (exit code {exc.exitcode}); the class went on"
    except Exception as exc:
        reason = f"grading worker failed: {type(exc).__name__}: {exc}"
    return GradingResult(job.assignment, job.student, ok=False, reason=reason, log=reason)


def _remove_tree(folder: Path) -> None:
    """rmtree, after making read-only files (nbgrader's autograded copies) writable."""
    if not folder.exists():
        return
    for path in folder.rglob("*"):
        if not path.is_symlink():
            try:
                os.chmod(path, os.stat(path).st_mode | stat.S_IWUSR | stat.S_IXUSR)
            except OSError:
                pass
    shutil.rmtree(folder, ignore_errors=True)


def _keep_log(course: Course, result: GradingResult) -> Path:
    """logs/<student>/<assignment>.log: nbgrader's log of a failed task, for the instructor."""
    path = course.root / "logs" / result.student / f"{result.assignment}.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{result.student}/{result.assignment}: {result.reason}\n\n{result.log}",
                    encoding="utf-8")
    return path


def _record(course: Course, result: GradingResult, folder: Path,
            problems: list[str]) -> Outcome:
    if not result.ok:
        # nbgrader's own words for a broken cell (KeyError: 'grade_id') say nothing to a
        # person: the cell check does
        reason = result.reason
        if problems:  # and keep nbgrader's words when they are about something else
            reason = "; ".join(problems) + ("" if "grade_id" in reason else f" ({reason})")
        return Outcome(result.student, result.assignment, "failed", reason, result.seconds)
    stamp = folder / "timestamp.txt"
    timestamp = stamp.read_text().strip() if stamp.is_file() else None
    try:
        gradebook.record(course, result, timestamp)
    except Exception as exc:
        return Outcome(result.student, result.assignment, "failed",
                       f"could not record the scores: {type(exc).__name__}: {exc}", result.seconds)
    return Outcome(result.student, result.assignment, "graded", "", result.seconds,
                   flags=problems + tampering_flags(result), kernel=result.kernel)


def tampering_flags(result: GradingResult) -> list[str]:
    """One flag per test cell whose trusted verdict differs from the notebook's own run."""
    found = [cell["tampering"] for cells in result.verdicts.values() for cell in cells
             if cell.get("tampering")]
    return [f"tampering suspected: {text}" for text in found]
