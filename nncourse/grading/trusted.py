"""The verdict that counts: each test cell judged again where the student's code cannot reach.

nbgrader runs the submission in the sandboxed kernel as usual, with test cells holding only
their visible tests (the task's gradebook is made from a master without hidden tests, so
no hidden test ever enters the kernel). After each test cell, `TrustedExecute` runs that
cell's full master source (visible and hidden tests) here, in the grader's process, with the
real checks and stand-ins for the student's names (nncourse.grading.remote). The trusted
verdict decides the score. When it disagrees with what the cell showed in the kernel, the
cell says so and the submission is flagged "tampering suspected".

The cell the student gets back shows the visible tests' output, then one line for the hidden
tests: how many more checks ran on other inputs and, if one failed, which one (its call, not
its code) and the hint. The verdicts are written as JSON for the grading task to record.
"""

from __future__ import annotations

import builtins
import contextlib
import io
import json
import re
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute
from nbgrader.utils import has_failed, is_grade
from traitlets import Bool, Unicode

from ..authoring.cells import cells_by_id, grade_id
from ..checks.render import wrap
from . import warm
from .remote import KernelUnavailable, RemoteClass, RemoteFunction, RemoteKernel
from .student_code import function_sources, with_their_helpers

HIDDEN_BEGIN = "### BEGIN HIDDEN TESTS"
HIDDEN_END = "### END HIDDEN TESTS"
HIDDEN_NOTE = ("# More checks on other inputs ran here when this notebook was graded: "
               "see the output below.")


@dataclass
class Verdict:
    """The trusted judgement of one test cell."""

    grade_id: str
    points: float
    in_kernel_passed: bool
    visible_passed: bool
    hidden_passed: bool | None  # None: the cell has no hidden tests
    hidden_checks_passed: int = 0  # ✓ lines of the hidden part before it stopped
    message: str = ""  # the first failure, as the student sees it
    failed_call: str = ""  # what the failing check called (names, not code)
    hint: str = ""
    mistake: str = ""  # machine-readable name of the mistake the checks named, if any
    tampering: str = ""  # what differed between the kernel's run and this one

    @property
    def passed(self) -> bool:
        return self.visible_passed and self.hidden_passed is not False

    @property
    def score(self) -> float:
        return self.points if self.passed else 0.0


@dataclass
class Part:
    """The outcome of running one part of a test cell here."""

    passed: bool
    stdout: str = ""
    error: BaseException | None = None
    checks_passed: int = 0
    stderr: str = ""

    @property
    def message(self) -> str:
        if self.error is not None:
            return str(self.error) or type(self.error).__name__
        if self.stderr:
            return f"the student's code wrote to stderr: {self.stderr.strip()[:300]}"
        return ""


def split_hidden(source: str) -> tuple[str, str, str]:
    """(visible tests before, hidden tests, visible tests after) of a master test cell."""
    pattern = re.compile(rf"^[ \t]*{re.escape(HIDDEN_BEGIN)}[^\n]*\n(.*?)^[ \t]*"
                         rf"{re.escape(HIDDEN_END)}[^\n]*(\n|$)", re.MULTILINE | re.DOTALL)
    found = pattern.search(source)
    if not found:
        return source, "", ""
    return source[:found.start()], found.group(1), source[found.end():]


def run_part(code: str, namespace: dict, label: str) -> Part:
    """Run test code here; a failed check, a stand-in's error or stderr output fails it."""
    out, err = io.StringIO(), io.StringIO()
    error = None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            exec(compile(code, f"<{label}>", "exec"), namespace)  # the master's test code
        except Exception as exc:  # a failing check is the expected way to fail
            error = exc
    stdout, stderr = out.getvalue(), err.getvalue()
    ticks = sum(line.startswith("✓") for line in stdout.splitlines())
    return Part(error is None and not stderr, stdout, error, ticks, stderr)


def judge(kernel: RemoteKernel, master_source: str, gid: str, points: float,
          in_kernel_passed: bool, code: dict[str, str] | None = None) -> Verdict:
    """Run the master's test cell here against the student's code in the kernel; `code`:
    each function's code as the notebook above the cell defines it (student_code)."""
    before, hidden, after = split_hidden(master_source)
    verdict = Verdict(gid, points, in_kernel_passed, visible_passed=False,
                      hidden_passed=None if not hidden.strip() else False)
    try:
        namespace = {"__builtins__": builtins, "__name__": "__main__", **kernel.names()}
    except KernelUnavailable as exc:
        verdict.message = f"the grader could not reach the student's code: {exc}"
        return _tampering(verdict)
    for name, value in namespace.items():
        if isinstance(value, RemoteFunction) and not isinstance(value, RemoteClass):
            value.read_from_notebook((code or {}).get(name))
    visible = run_part(before, namespace, gid)
    if visible.passed and after.strip():
        visible = run_part(after, namespace, gid)
    verdict.visible_passed = visible.passed
    failing = None if visible.passed else visible
    if visible.passed and hidden.strip():
        secret = run_part(hidden, namespace, f"{gid} (hidden)")
        verdict.hidden_passed = secret.passed
        verdict.hidden_checks_passed = secret.checks_passed
        failing = None if secret.passed else secret
    if failing is not None:
        verdict.message = failing.message
        failure = getattr(failing.error, "failure", None)
        verdict.failed_call = str(getattr(failure, "call", "") or _first_words(verdict.message))
        verdict.hint = str(getattr(failure, "hint", "") or _hint_of(verdict.message))
        verdict.mistake = str(getattr(failure, "mistake", "") or "")
    return _tampering(verdict)


def _first_words(message: str) -> str:
    first = message.strip().splitlines()[0] if message.strip() else ""
    return first.split(":")[0][:200]


def _hint_of(message: str) -> str:
    found = re.search(r"hint: (.*)", message, re.DOTALL)
    return " ".join(found.group(1).split())[:600] if found else ""


def _tampering(verdict: Verdict) -> Verdict:
    if verdict.in_kernel_passed and not verdict.visible_passed:
        verdict.tampering = (f"{verdict.grade_id}: the notebook's own run passed its visible "
                             f"tests, the trusted run failed them: "
                             f"{_first_words(verdict.message) or verdict.message[:200]}")
    elif not verdict.in_kernel_passed and verdict.visible_passed:
        verdict.tampering = (f"{verdict.grade_id}: the notebook's own run failed its visible "
                             "tests, the trusted run passed them")
    return verdict


def report_outputs(verdict: Verdict, has_hidden: bool) -> list[NotebookNode]:
    """What the student's test cell shows after its own output: any disagreement with the
    grader's run, and the hidden tests' result, in words."""
    lines = []
    if verdict.tampering and verdict.in_kernel_passed:
        lines += ["Grading note: this cell passed in your notebook, but the grader's own run "
                  "of the same tests failed it:", verdict.message.strip()]
    elif verdict.tampering:
        lines.append("Grading note: this cell failed in your notebook, but the grader's own "
                     "run of the same tests passed it. The grader's run decides the score.")
    if has_hidden and verdict.visible_passed:
        count = verdict.hidden_checks_passed
        if verdict.hidden_passed:
            lines.append(f"✓ {count} more check(s) on other inputs passed (hidden tests)")
        else:
            lines.append(f"✗ more checks ran on other inputs: {count} passed, then this one "
                         f"failed: {verdict.failed_call}")
            if verdict.hint:
                lines.append(f"hint: {verdict.hint}")
    elif has_hidden:
        lines.append("More checks on other inputs (hidden tests) run once the visible tests "
                     "above pass.")
    if not lines:
        return []
    shown = [wrap(line) for line in lines]
    if verdict.passed or not verdict.in_kernel_passed:  # the cell's outputs already agree
        return [nbformat.v4.new_output("stream", name="stdout", text="\n".join(shown) + "\n")]
    first, *rest = "\n".join(shown).splitlines()
    return [nbformat.v4.new_output("error", ename="GradedFailure", evalue=first,
                                   traceback=[f"\x1b[0;31mGradedFailure\x1b[0m: {first}", *rest])]


@dataclass
class Verdicts:
    cells: list[Verdict] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps([asdict(v) for v in self.cells], indent=1)

    @classmethod
    def from_json(cls, text: str) -> Verdicts:
        return cls([Verdict(**item) for item in json.loads(text)])


class TrustedExecute(Execute):
    """nbgrader's Execute, plus the trusted verdict of every test cell after it ran."""

    masters_dir = Unicode("", help="Folder of the full masters (with hidden tests), "
                          "<notebook>.ipynb, outside the sandbox.").tag(config=True)
    verdicts_dir = Unicode("", help="Folder where <notebook>.json verdicts are written."
                           ).tag(config=True)
    use_warm = Bool(False, help="Adopt the kernel this worker started ahead of time "
                    "(nncourse.grading.warm) instead of starting one.").tag(config=True)

    #: the last notebook ran in a kernel started ahead of time inside the sandbox
    adopted_sandboxed = False
    #: which kernel the last notebook ran in: "forked" (from the worker's zygote), "warm"
    #: (a cold start made ahead of time) or "cold" (started by nbclient for it)
    adopted_kind = "cold"

    def preprocess(self, nb, resources=None, km=None):
        name = resources["unique_key"]  # nbgrader's name for the notebook being graded
        master = Path(self.masters_dir) / f"{name}.ipynb"
        self._masters = cells_by_id(nbformat.read(master, as_version=4))
        self._verdicts = Verdicts()
        self._cells = nb.cells  # as submitted: where the trusted checks read code
        self._remote = None
        ready = self._warm_kernel(nb, resources) if km is None and self.use_warm else None
        try:
            return super().preprocess(nb, resources, ready.km if ready else km)
        finally:
            warm.discard(ready)  # used once, for this submission only
            if self._remote is not None:
                self._remote.close()
            target = Path(self.verdicts_dir) / f"{name}.json"
            target.write_text(self._verdicts.to_json(), encoding="utf-8")

    def _warm_kernel(self, nb, resources):
        """The kernel started ahead of time, with this notebook's files in its folder."""
        from .forked import ForkedKernelManager
        from .sandbox import Sandbox, SandboxedKernelManager

        sandbox = self.config.get("SandboxedKernelManager", {}).get("sandbox")
        limits = sandbox.limits if isinstance(sandbox, Sandbox) else None
        kernel = nb.metadata.get("kernelspec", {}).get("name", warm.KERNEL_NAME)
        ready = warm.take(limits) if kernel == warm.KERNEL_NAME else None
        if ready is None:
            return None
        here = Path(resources.get("metadata", {}).get("path") or ".")
        for path in here.iterdir():
            if path.is_file():
                shutil.copy(path, ready.workdir / path.name)
            elif path.is_dir():
                shutil.copytree(path, ready.workdir / path.name)
        # on TrustedExecute itself: the sandboxed subclass is made by sandbox.sandboxed()
        forked = isinstance(ready.km, ForkedKernelManager)
        TrustedExecute.adopted_sandboxed = forked or isinstance(ready.km, SandboxedKernelManager)
        TrustedExecute.adopted_kind = "forked" if forked else "warm"
        return ready

    def preprocess_cell(self, cell, resources, index):
        cell, resources = super().preprocess_cell(cell, resources, index)
        if cell.cell_type == "code" and is_grade(cell):
            self._judge(cell, with_their_helpers(function_sources(self._cells[:index])))
        return cell, resources

    def _judge(self, cell, code: dict[str, str]) -> None:
        gid = grade_id(cell)
        master = self._masters.get(gid)
        points = float(cell.metadata.nbgrader.get("points", 0))
        if master is None:  # not a test of this assignment: nbgrader will refuse the cell
            return
        if self._remote is None:
            self._remote = RemoteKernel(self.km.get_connection_info(),
                                        timeout=float(self.timeout or 30))
        verdict = judge(self._remote, master.source, gid, points, not has_failed(cell), code)
        if self._remote.timed_out:  # free the kernel for the next cells
            self._interrupt()
            self._remote.close()
            self._remote = None
        self._verdicts.cells.append(verdict)
        has_hidden = bool(split_hidden(master.source)[1].strip())
        if has_hidden and HIDDEN_NOTE not in cell.source:
            cell.source = cell.source.rstrip("\n") + "\n" + HIDDEN_NOTE
        cell.outputs.extend(report_outputs(verdict, has_hidden))

    def _interrupt(self) -> None:
        from jupyter_core.utils import run_sync

        with contextlib.suppress(Exception):
            run_sync(self.km.interrupt_kernel)()
