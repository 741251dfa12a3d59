"""What the class report says, computed from the records, the gradebook and the run summary.

Sources, and what each one decides:

- records/<student>/<assignment>.json (grading.records): the outcome of each submission
  (graded, failed, missing, ...), its flags, its grading time, and the trusted verdict of
  every test cell with the hint and mistake name the student received. Pass rates and the
  most common mistakes come from these verdicts.
- gradebook.db (nbgrader's API): the score that counts, per student and assignment, as
  nbgrader's own exports and formgrader show it (it includes manual grading). When there is
  no gradebook the scores are summed from the verdicts, and the page says so.
- records/run.json (written by grade_and_report): the wall time and worker count of the
  last grading run.

Everything here is plain data in a deterministic order; nothing is drawn or escaped here.
"""

from __future__ import annotations

import json
import logging
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..course import Course
from ..grading.records import FOLDER, load_records
from .mistakes import MistakeGroup, group_mistakes

log = logging.getLogger("nncourse")

RUN_SUMMARY = "run.json"
#: statuses whose submission has scores in the gradebook
GRADED = ("graded", "flagged")
NO_SANDBOX = "graded without sandbox"
TAMPERING = "tampering suspected"
#: the order of categories in the flagged list: what needs a person first
CATEGORIES = ("failed", TAMPERING, NO_SANDBOX, "flagged", "unmatched", "missing")


class NothingToReport(RuntimeError):
    """The course has no grading records yet."""


# --- the run summary -------------------------------------------------------------------

def run_summary_path(course: Course) -> Path:
    return course.root / FOLDER / RUN_SUMMARY


def write_run_summary(course: Course, *, assignments: list[str], workers: int,
                      wall_seconds: float, grading_seconds: float, tasks: int,
                      sandboxed: bool | None = None, unmatched=()) -> Path:
    """records/run.json: what the class report says about the last grading run.

    `unmatched`: the run's outcomes for entries under submitted/ that are no
    student/assignment pair (they have no record of their own).
    """
    path = run_summary_path(course)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"finished": datetime.now(UTC).isoformat(timespec="seconds"),
            "assignments": list(assignments), "workers": workers, "tasks": tasks,
            "wall_seconds": round(wall_seconds, 2),
            "grading_seconds": round(grading_seconds, 2), "sandboxed": sandboxed,
            "unmatched": [{"student": o.student, "assignment": o.assignment,
                           "reason": o.reason} for o in unmatched]}
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def load_run_summary(course: Course) -> dict | None:
    path = run_summary_path(course)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


# --- one submission, as the report reads its record ------------------------------------

@dataclass(frozen=True)
class Cell:
    """The trusted verdict of one test cell of one submission."""

    notebook: str
    grade_id: str
    points: float
    visible_passed: bool
    hidden_passed: bool | None
    message: str = ""
    hint: str = ""
    mistake: str = ""

    @property
    def passed(self) -> bool:
        return self.visible_passed and self.hidden_passed is not False

    @property
    def exercise(self) -> str:
        """The exercise's name: the test cell's grade_id without its test_ prefix."""
        return self.grade_id.removeprefix("test_")


@dataclass(frozen=True)
class Task:
    """One record: what happened to one student's assignment."""

    student: str
    assignment: str
    status: str
    reason: str = ""
    seconds: float = 0.0
    flags: tuple[str, ...] = ()
    sandboxed: bool | None = None  # None: the record does not say
    cells: tuple[Cell, ...] = ()

    @property
    def graded(self) -> bool:
        return self.status in GRADED

    @classmethod
    def from_record(cls, record: dict) -> Task:
        cells = []
        for notebook, verdicts in sorted((record.get("verdicts") or {}).items()):
            for v in verdicts:
                cells.append(Cell(notebook, str(v.get("grade_id", "")),
                                  float(v.get("points") or 0),
                                  bool(v.get("visible_passed")), v.get("hidden_passed"),
                                  str(v.get("message") or ""), str(v.get("hint") or ""),
                                  str(v.get("mistake") or "")))
        sandboxed = record.get("sandboxed")
        return cls(str(record.get("student", "")), str(record.get("assignment") or ""),
                   str(record.get("status", "")), str(record.get("reason") or ""),
                   float(record.get("seconds") or 0.0),
                   tuple(str(f) for f in record.get("flags") or ()),
                   None if sandboxed is None else bool(sandboxed), tuple(cells))


# --- what the page shows ----------------------------------------------------------------

@dataclass
class ChapterScores:
    """The scores of one assignment across the class, as % of its points."""

    assignment: str
    title: str
    max_score: float
    percents: list[float]  # graded submissions, in student order
    failed: int = 0
    missing: int = 0

    @property
    def graded(self) -> int:
        return len(self.percents)

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.percents) if self.percents else None

    @property
    def median(self) -> float | None:
        return statistics.median(self.percents) if self.percents else None

    @property
    def full_marks(self) -> int:
        return sum(p >= 100 - 1e-9 for p in self.percents)

    @property
    def zeros(self) -> int:
        return sum(p <= 1e-9 for p in self.percents)


@dataclass
class Exercise:
    """One test cell across the class's graded submissions."""

    assignment: str
    grade_id: str
    points: float
    attempts: int = 0
    passed: int = 0
    hidden_failed: int = 0  # visible tests passed, hidden ones failed

    @property
    def name(self) -> str:
        return self.grade_id.removeprefix("test_")

    @property
    def visible_failed(self) -> int:
        return self.attempts - self.passed - self.hidden_failed

    @property
    def rate(self) -> float:
        return 100.0 * self.passed / self.attempts if self.attempts else 0.0


@dataclass(frozen=True)
class FlagRow:
    """A student a person should look at: one category, one reason, the assignments."""

    student: str
    category: str
    reason: str
    assignments: tuple[str, ...]

    @property
    def where(self) -> str:
        """The assignment, or the chapter numbers of several ('00, 02, 03')."""
        if len(self.assignments) == 1:
            return self.assignments[0] or "–"
        return ", ".join(a[:2] for a in self.assignments)


@dataclass
class Timing:
    """How long grading took: per task (from the records) and for the run (run.json)."""

    tasks: list[Task]  # every task that ran, slowest first
    run: dict | None = None

    @property
    def seconds(self) -> list[float]:
        return [t.seconds for t in self.tasks]

    @property
    def total(self) -> float:
        return sum(self.seconds)

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.tasks else None

    @property
    def slowest(self) -> list[Task]:
        return self.tasks[:5]

    @property
    def wall(self) -> float | None:
        value = (self.run or {}).get("wall_seconds")
        return float(value) if isinstance(value, int | float) else None

    @property
    def workers(self) -> int | None:
        value = (self.run or {}).get("workers")
        return value if isinstance(value, int) else None

    @property
    def parallelism(self) -> float | None:
        """Task seconds per wall second: how many tasks ran at once, on average."""
        grading = (self.run or {}).get("grading_seconds") or self.wall
        return self.total / grading if grading else None


@dataclass
class ClassReport:
    course_id: str
    students: list[str]
    assignments: list[str]
    chapters: list[ChapterScores]
    exercises: list[Exercise]
    mistakes: list[MistakeGroup]
    flags: list[FlagRow]
    timing: Timing
    scores_from: str  # "gradebook" | "records"
    counts: Counter = field(default_factory=Counter)  # status -> submissions

    @property
    def flagged_students(self) -> list[str]:
        """Students with a flag (an unmatched entry under submitted/ is no student)."""
        return sorted({f.student for f in self.flags if f.category != "unmatched"})

    def category_counts(self) -> list[tuple[str, int]]:
        """(category, how many students) in the order of CATEGORIES."""
        seen: dict[str, set] = {}
        for row in self.flags:
            seen.setdefault(row.category, set()).add(row.student)
        return [(c, len(seen[c])) for c in CATEGORIES if c in seen]


# --- gathering --------------------------------------------------------------------------

def gather(course: Course) -> ClassReport:
    """Everything the page shows, from the course folder's records and gradebook."""
    tasks = [Task.from_record(r) for r in load_records(course)]
    if not tasks:
        raise NothingToReport(f"no grading records in {course.root / FOLDER}: grade the class "
                              "first (nncourse grade), then run nncourse report")
    tasks.sort(key=lambda t: (t.student, t.assignment))
    run = load_run_summary(course)
    strays = [Task(str(u.get("student", "")), str(u.get("assignment") or ""), "unmatched",
                   str(u.get("reason") or "")) for u in (run or {}).get("unmatched") or ()
              if isinstance(u, dict)]
    recorded_strays = {(t.student, t.assignment) for t in tasks if t.status == "unmatched"}
    strays = [t for t in strays if (t.student, t.assignment) not in recorded_strays]
    assignments = sorted({t.assignment for t in tasks if t.assignment and
                          t.status != "unmatched"})
    recorded = gradebook_scores(course)
    scores_from = "gradebook" if recorded is not None else "records"
    chapters = chapter_scores(course, tasks, assignments, recorded or {})
    return ClassReport(
        course_id=course_id(course),
        students=sorted({t.student for t in tasks if t.status != "unmatched"}),
        assignments=assignments,
        chapters=chapters,
        exercises=exercises(tasks, assignments),
        mistakes=group_mistakes([(t.student, t.assignment, c) for t in tasks if t.graded
                                 for c in t.cells if not c.passed]),
        flags=flag_rows(tasks + strays),
        timing=Timing(sorted((t for t in tasks if t.seconds > 0),
                             key=lambda t: (-t.seconds, t.student, t.assignment)), run),
        scores_from=scores_from,
        counts=Counter(t.status for t in tasks + strays),
    )


def course_id(course: Course) -> str:
    try:
        value = course.nbgrader_config().CourseDirectory.get("course_id", "")
    except Exception:  # the report must not fail on a config it does not need
        value = ""
    return str(value or course.root.name)


def chapter_title(course: Course, assignment: str) -> str:
    """The master's first heading ('01 · A single neuron'), or the assignment id."""
    import nbformat

    path = course.chapter(assignment).source
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:
        return assignment
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
            return first.lstrip("#").strip() or assignment
    return assignment


def gradebook_scores(course: Course) -> dict[tuple[str, str], tuple[float, float]] | None:
    """(student, assignment) -> (score, max score) from the gradebook, in one query.

    The sum of each submission's grade cells, as nbgrader's SubmittedAssignment.score and
    .max_score compute them (one query, not one per submission: a class of hundreds of
    submissions stays fast). None when the course has no gradebook.
    """
    path = course.root / "gradebook.db"
    if not path.is_file():
        return None
    from nbgrader import api
    from sqlalchemy import func

    Grade, GradeCell = api.Grade, api.GradeCell
    Notebook, Submission = api.SubmittedNotebook, api.SubmittedAssignment

    with api.Gradebook(f"sqlite:///{path}") as gb:
        rows = (gb.db.query(Submission.student_id, api.Assignment.name,
                            func.sum(Grade.score), func.sum(GradeCell.max_score))
                .select_from(Grade)
                .join(Notebook, Grade.notebook_id == Notebook.id)
                .join(Submission, Notebook.assignment_id == Submission.id)
                .join(api.Assignment, Submission.assignment_id == api.Assignment.id)
                .join(GradeCell, Grade.cell_id == GradeCell.id)
                .group_by(Submission.student_id, api.Assignment.name)
                .all())
    return {(student, assignment): (float(score or 0), float(most or 0))
            for student, assignment, score, most in rows}


def chapter_scores(course: Course, tasks: list[Task], assignments: list[str],
                   recorded: dict[tuple[str, str], tuple[float, float]]) -> list[ChapterScores]:
    found = []
    for assignment in assignments:
        mine = [t for t in tasks if t.assignment == assignment]
        percents, maxima = [], Counter()
        for task in mine:
            if not task.graded:
                continue
            score, most = recorded.get((task.student, task.assignment)) or _from_cells(task)
            if most > 0:
                percents.append(100.0 * score / most)
                maxima[most] += 1
        found.append(ChapterScores(
            assignment, chapter_title(course, assignment),
            max(maxima.items(), key=lambda kv: (kv[1], kv[0]))[0] if maxima else 0.0,
            percents, failed=sum(t.status == "failed" for t in mine),
            missing=sum(t.status == "missing" for t in mine)))
    return found


def _from_cells(task: Task) -> tuple[float, float]:
    return (sum(c.points for c in task.cells if c.passed), sum(c.points for c in task.cells))


def exercises(tasks: list[Task], assignments: list[str]) -> list[Exercise]:
    """Every test cell in course order (assignment, then the cells' order in the notebook)."""
    table: dict[tuple[str, str], Exercise] = {}
    order: dict[str, list[str]] = {a: [] for a in assignments}
    for task in tasks:
        if not task.graded:
            continue
        _merge_order(order[task.assignment], [c.grade_id for c in task.cells])
        for cell in task.cells:
            row = table.setdefault((task.assignment, cell.grade_id),
                                   Exercise(task.assignment, cell.grade_id, cell.points))
            row.attempts += 1
            row.passed += cell.passed
            row.hidden_failed += cell.visible_passed and cell.hidden_passed is False
    return [table[(a, gid)] for a in assignments for gid in order[a]]


def _merge_order(known: list[str], cells: list[str]) -> None:
    """Add the grade_ids of one notebook to `known`, each new one after its predecessor."""
    previous = None
    for gid in cells:
        if gid not in known:
            known.insert(known.index(previous) + 1 if previous in known else len(known), gid)
        previous = gid


def flag_rows(tasks: list[Task]) -> list[FlagRow]:
    """Who a person should look at and why: one row per student, category and reason."""
    found: dict[tuple[str, str, str], list[str]] = {}

    def add(task: Task, category: str, reason: str) -> None:
        found.setdefault((task.student, category, reason.strip()), []).append(task.assignment)

    for task in tasks:
        if task.status in ("failed", "missing", "unmatched", "flagged"):
            add(task, task.status, task.reason)
        for flag in task.flags:
            if flag.startswith(TAMPERING):
                add(task, TAMPERING, flag.removeprefix(TAMPERING).lstrip(": "))
            elif NO_SANDBOX in flag:
                add(task, NO_SANDBOX, flag)
            else:
                add(task, "flagged", flag)
        said = any(NO_SANDBOX in f for f in task.flags) or NO_SANDBOX in task.reason
        if task.sandboxed is False and task.status in ("graded", "flagged", "failed") \
                and not said:
            add(task, NO_SANDBOX, "the kernel ran without the sandbox (--no-sandbox)")
    rank = {c: i for i, c in enumerate(CATEGORIES)}
    rows = [FlagRow(student, category, reason, tuple(sorted(set(where))))
            for (student, category, reason), where in found.items()]
    return sorted(rows, key=lambda r: (r.student, rank.get(r.category, len(rank)),
                                       r.assignments, r.reason))
