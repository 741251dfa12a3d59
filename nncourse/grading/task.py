"""Autograde one submission as a pure function of (assignment, submission files).

The job carries everything as bytes: the submitted files, the assignment's master folder,
the course's nbgrader_config.py and the gradebook holding the assignment's definition. The
task builds a private course from them in a temporary folder, runs nbgrader's own
`autograde` through its Python API and returns the autograded notebooks and feedback as
bytes. It reads nothing but its job and writes nothing outside its temporary folder, so it
can run in any worker process, or on another machine. Submitted files are never touched.
The notebook runs in a sandboxed kernel (sandbox.py) unless the job says sandbox=None.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..course import CONFIG_NAME, Course
from . import sandbox as sandboxing
from . import warm
from .scores import apply_trusted_scores, db_url
from .trusted import TrustedExecute


@dataclass(frozen=True)
class GradingJob:
    assignment: str
    student: str
    files: dict[str, bytes]  # path relative to the submission folder -> content
    gradebook: bytes  # the assignment's definition only: its masters without hidden tests
    config: str  # the text of the course's nbgrader_config.py
    source: dict[str, bytes]  # the assignment's master folder, hidden tests removed
    masters: dict[str, bytes]  # notebook file name -> the full master, for the trusted run
    cell_timeout: int | None = None  # seconds per cell; None keeps nbgrader_config.py's value
    # the kernel's sandbox (sandbox.py); None only when the instructor asked for --no-sandbox
    sandbox: sandboxing.Limits | None = sandboxing.DEFAULT_LIMITS
    # adopt the kernel the worker started ahead of time, and start one for its next task
    warm: bool = True


@dataclass
class GradingResult:
    assignment: str
    student: str
    ok: bool
    autograded: dict[str, bytes] = field(default_factory=dict)  # notebook file name -> bytes
    feedback: dict[str, bytes] = field(default_factory=dict)  # HTML file name -> bytes
    reason: str = ""  # why grading failed, in one line
    log: str = ""
    # notebook name -> the trusted verdict of each test cell (trusted.Verdict as a dict)
    verdicts: dict[str, list[dict]] = field(default_factory=dict)
    seconds: float = 0.0
    sandboxed: bool = False  # every kernel of this task ran in the sandbox
    kernel: str = ""  # "forked" (from the worker's zygote), "warm" or "cold"


def autograde(job: GradingJob) -> GradingResult:
    """Run nbgrader's autograde on one submission in a throw-away course; never raises."""
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="nncourse-grade-") as root:
            result = _autograde_in(Path(root), job)
    except Exception as exc:  # a broken job must become a flagged outcome, not a crash
        result = GradingResult(job.assignment, job.student, ok=False,
                               reason=f"{type(exc).__name__}: {exc}")
    result.seconds = time.perf_counter() - started
    return result


def _autograde_in(root: Path, job: GradingJob) -> GradingResult:
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    (root / CONFIG_NAME).write_text(job.config, encoding="utf-8")
    (root / "gradebook.db").write_bytes(job.gradebook)
    write_files(root / "source" / job.assignment, job.source)
    write_files(root / "submitted" / job.student / job.assignment, job.files)
    # outside anything the kernel can see: the full masters and the trusted verdicts
    trusted = root / "trusted"
    write_files(trusted / "masters", job.masters)
    (trusted / "verdicts").mkdir()

    # the kernel's folder (nbgrader runs the notebook there) and its sockets' folder: the
    # only two the sandbox binds; gradebook.db, source/ and submitted/ stay outside
    workdir = root / "autograded" / job.student / job.assignment
    ipc = root / "ipc"
    ipc.mkdir()
    overrides = {
        # the trusted verdict: nbgrader's Execute, plus each test cell judged again here
        "Autograde": {"autograde_preprocessors": trusted_pipeline()},
        "TrustedExecute": {"masters_dir": str(trusted / "masters"),
                           "verdicts_dir": str(trusted / "verdicts"), "use_warm": job.warm},
        # measured: an immediate shutdown and IPC sockets save ~25% of each task
        "Execute": {"shutdown_kernel": "immediate"},
        # nbgrader's feedback exporter, its templates compiled once per worker (pages.py)
        "GenerateFeedback": {"exporter_class": "nncourse.grading.pages.FeedbackExporter"},
        "KernelManager": {"transport": "ipc", "ip": str(ipc / "kernel")},
    }
    if job.sandbox is not None:  # fail closed: SandboxUnavailable fails the task
        sandboxing.ensure_available(job.sandbox)
        # the same pipeline, with its Execute step (TrustedExecute) in the sandbox
        overrides.update(sandboxing.nbgrader_overrides(workdir, ipc, job.sandbox,
                                                       trusted_pipeline()))
    if job.cell_timeout:
        overrides["Execute"]["timeout"] = job.cell_timeout
    config = Course(root).nbgrader_config(**overrides)
    api = NbGraderAPI(CourseDirectory(config=config), config=config)
    launches = sandboxing.SandboxedKernelManager.launches
    TrustedExecute.adopted_sandboxed, TrustedExecute.adopted_kind = False, "cold"
    outcome = api.autograde(job.assignment, job.student, force=True, create=True)
    sandboxed = (sandboxing.SandboxedKernelManager.launches > launches
                 or TrustedExecute.adopted_sandboxed)
    if job.warm:  # boots while this task renders its feedback and the next one is sent
        warm.prepare(job.sandbox)

    kernel = TrustedExecute.adopted_kind
    autograded = root / "autograded" / job.student / job.assignment
    notebooks = {p.name: p.read_bytes() for p in sorted(autograded.glob("*.ipynb"))}
    log = outcome.get("log", "") or ""
    if job.sandbox is not None and notebooks and not sandboxed:
        return GradingResult(job.assignment, job.student, ok=False, log=log,
                             reason="refused: the notebook ran without the sandbox")
    if outcome["success"] and notebooks:
        verdicts = {p.stem: json.loads(p.read_text(encoding="utf-8"))
                    for p in sorted((trusted / "verdicts").glob("*.json"))}
        apply_trusted_scores(db_url(Course(root)), job.assignment, job.student, verdicts)
        # feedback here, in parallel: this private gradebook holds the very scores the class
        # gradebook will record, so nbgrader renders the same HTML it would render later
        api.generate_feedback(job.assignment, job.student, force=True)
        feedback = root / "feedback" / job.student / job.assignment
        pages = {p.name: p.read_bytes() for p in sorted(feedback.glob("*.html"))}
        return GradingResult(job.assignment, job.student, ok=True, autograded=notebooks,
                             feedback=pages, log=log, verdicts=verdicts, sandboxed=sandboxed,
                             kernel=kernel)
    return GradingResult(job.assignment, job.student, ok=False, log=log, sandboxed=sandboxed,
                         reason=failure_reason(log + "\n" + (outcome.get("error") or ""),
                                               config.Execute.get("timeout", 30)))


def trusted_pipeline() -> list:
    """nbgrader's autograde preprocessors, with Execute replaced by TrustedExecute."""
    from nbgrader.converters.autograde import Autograde
    from nbgrader.preprocessors import Execute

    return [TrustedExecute if p is Execute else p
            for p in Autograde.class_traits()["autograde_preprocessors"].default()]


_ERROR_LINE = re.compile(r"^\s*([\w.]*(?:Error|Exception|Exit|Interrupt|Unavailable)\w*): (.*)$",
                         re.MULTILINE)
_GENERIC = {"NbGraderException"}


def failure_reason(text: str, cell_timeout: int | None = None) -> str:
    """The most telling error of nbgrader's log, e.g. 'NotJSONError: Notebook does not ...',
    in plain words where nbclient's own are misleading."""
    text = text or ""
    if "Timeout waiting for execute reply" in text and "CellTimeoutError" in text:
        # nbclient reports the 4 s it then waited for the interrupted kernel, not the limit
        limit = f"the {cell_timeout} s limit per cell" if cell_timeout else "its time limit"
        return (f"CellTimeoutError: a cell ran past {limit} and ignored the interrupt "
                "(SIGINT): the notebook could not be finished")
    if "DeadKernelError" in text:
        return ("DeadKernelError: the kernel died while running a cell (os._exit, a crash, "
                "or a sandbox limit: memory, CPU time, processes)")
    specific = [
        (name.rsplit(".", 1)[-1], message.strip())
        for name, message in _ERROR_LINE.findall(text or "")
        if name.rsplit(".", 1)[-1] not in _GENERIC
    ]
    if specific:
        name, message = specific[-1]
        return f"{name}: {message}"[:300]
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[-1][:300] if lines else "nbgrader produced no autograded notebook"


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    for name, content in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def read_files(folder: Path) -> dict[str, bytes]:
    """Every file of one folder (relative path -> bytes), caches left out."""
    files = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        cache = any(part in {".ipynb_checkpoints", "__pycache__"} for part in rel.parts)
        if path.is_file() and not cache:
            files[str(rel)] = path.read_bytes()
    return files

