"""The grading sandbox and the robustness of a class run, piece by piece.

The hostile corpus (test_hostile.py) attacks the whole pipeline; these tests pin the parts:
the sandbox holds and fails closed, an edited nbgrader_config.py cannot switch it off,
--no-sandbox says so everywhere, a dying or slow worker loses only its own task, folders
that match nothing are reported, broken cells get a reason a person understands, and bad
option values are refused.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import nbformat
import pytest

import nncourse
from conftest import COURSE
from nncourse.cli import build_parser, demo_status
from nncourse.demo import ClassRoom, DemoStudent, course_copy
from nncourse.grading import sandbox
from nncourse.grading.classroom import Outcome, _run, grade_class, unmatched
from nncourse.grading.gradebook import register_assignments
from nncourse.grading.integrity import cell_problems
from nncourse.grading.results import score_table, write_outcomes
from nncourse.grading.task import GradingJob, GradingResult, failure_reason

CHAPTER = COURSE.chapter("01_single_neuron")


def test_the_sandbox_holds_here():
    sandbox.verify()  # raises SandboxUnavailable, naming what failed


def test_a_sandboxed_python_sees_only_its_folder(tmp_path):
    work, ipc = tmp_path / "work", tmp_path / "ipc"
    work.mkdir()
    ipc.mkdir()
    (tmp_path / "gradebook.db").write_text("secret")
    # the package folder is bound (the test cells import nncourse.checks), nothing else of
    # the folder it lives in: with an editable install, the course repository
    repo = os.path.dirname(os.path.dirname(nncourse.__file__))
    code = ("import os, json; print(json.dumps([sorted(os.listdir(os.path.dirname(os.getcwd()))),"
            f" sorted(os.listdir({repo!r})), sorted(os.environ)]))")
    cmd = sandbox.Sandbox(work, ipc).command([sys.executable, "-c", code],
                                             cgroup=None)
    os.environ["NNCOURSE_TEST_SECRET"] = "x"
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    finally:
        del os.environ["NNCOURSE_TEST_SECRET"]
    siblings, repo_seen, env = json.loads(out)
    assert siblings == ["ipc", "work"]  # not gradebook.db
    # the package and (where it lives there) the virtualenv: not source/, not the config
    assert set(repo_seen) <= {"nncourse", ".venv"} and "nncourse" in repo_seen
    assert "NNCOURSE_TEST_SECRET" not in env and "HOME" in env


def test_missing_bubblewrap_fails_closed(monkeypatch):
    real = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "bwrap" else real(name))
    with pytest.raises(sandbox.SandboxUnavailable, match="bubblewrap.*--no-sandbox"):
        sandbox.verify()
    monkeypatch.setattr(sandbox, "_verified", set())
    monkeypatch.delenv(sandbox._TOKEN, raising=False)
    with pytest.raises(sandbox.SandboxUnavailable, match="bubblewrap"):
        grade_class(COURSE, [], progress=False)


def test_the_kernel_manager_refuses_without_a_sandbox():
    with pytest.raises(sandbox.SandboxUnavailable):
        sandbox.SandboxedKernelManager().format_kernel_cmd()


@pytest.fixture(scope="module")
def small_class(tmp_path_factory):
    """One honest student and a probe that prints what its kernel sees."""
    course = course_copy(COURSE, tmp_path_factory.mktemp("course"), [CHAPTER])
    register_assignments(course, [CHAPTER.id], release_dir=course.release)
    release_nb = course.release / CHAPTER.id / CHAPTER.release.name
    ClassRoom(COURSE).write_submission(DemoStudent("ref", "solution"), CHAPTER, release_nb,
                                       course.submitted)
    nb = nbformat.read(release_nb, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(
        "import os\nprint('uid', os.getuid(), 'sees',"
        " sum(p.isdigit() for p in os.listdir('/proc')), 'processes')"))
    target = course.submitted / "probe" / CHAPTER.id / CHAPTER.release.name
    target.parent.mkdir(parents=True)
    nbformat.write(nb, target)
    return course


def _kernel_was_sandboxed(course) -> bool:
    """What the probe printed: the sandbox's uid, and its own pid namespace (the sandbox's
    init, the zygote it may have been forked from, itself)."""
    nb = nbformat.read(course.root / "autograded" / "probe" / CHAPTER.id / CHAPTER.release.name,
                       as_version=4)
    uid, processes = nb.cells[0].outputs[0]["text"].split()[1:4:2]
    return int(uid) == sandbox.SANDBOX_UID and int(processes) <= 3


def test_an_edited_config_cannot_switch_the_sandbox_off(small_class):
    config = small_class.config_file
    original = config.read_text()
    config.write_text(original + (
        "\nfrom jupyter_client.manager import AsyncKernelManager\n"
        "from nbgrader.preprocessors import Execute\n"
        "c.Execute.kernel_manager_class = AsyncKernelManager\n"
        "c.SandboxedExecute.kernel_manager_class = AsyncKernelManager\n"
        "c.SandboxedKernelManager.sandbox = None\n"
        "c.SandboxedKernelManager.transport = 'tcp'\n"
        "c.Autograde.autograde_preprocessors = [Execute]\n"))
    try:
        outcomes = grade_class(small_class, [CHAPTER.id], workers=2, cell_timeout=8,
                               progress=False)
    finally:
        config.write_text(original)
    assert {o.student: o.status for o in outcomes} == {"probe": "graded", "ref": "graded"}, outcomes
    assert _kernel_was_sandboxed(small_class)


def test_no_sandbox_is_said_everywhere(small_class, tmp_path):
    outcomes = grade_class(small_class, [CHAPTER.id], workers=2, cell_timeout=8,
                           sandbox=None, progress=False)
    assert all(o.status == "graded" and not o.sandboxed for o in outcomes)
    assert all("graded without sandbox" in o.note for o in outcomes)
    assert not _kernel_was_sandboxed(small_class)
    rows = write_outcomes(outcomes, tmp_path / "outcomes.csv").read_text().splitlines()
    assert all("graded without sandbox" in row for row in rows[1:])
    table = score_table(small_class, [CHAPTER.id], outcomes)
    assert all("graded without sandbox" in line for line in table.splitlines()[1:])


# --- the class run: workers that die or hang lose only their own task ------------------

def _job(student):
    return GradingJob("a", student, files={}, gradebook=b"", config="", source={}, masters={})


def flaky_task(job):
    """A task for the pool: one worker dies, one hangs, the others answer."""
    if job.student == "dies":
        os._exit(3)
    if job.student == "hangs":
        time.sleep(60)
    return GradingResult(job.assignment, job.student, ok=True)


def test_a_dying_or_hanging_worker_loses_only_its_task():
    jobs = [_job(s) for s in ("a1", "dies", "a2", "hangs", "a3", "a4")]
    results = {r.student: r for r in _run(jobs, 2, 3, False, task=flaky_task)}
    assert {s for s, r in results.items() if r.ok} == {"a1", "a2", "a3", "a4"}
    assert "worker died (exit code 3)" in results["dies"].reason
    assert "longer than 3 s" in results["hangs"].reason


def test_folders_that_match_nothing_are_reported(tmp_path):
    course = course_copy(COURSE, tmp_path, [CHAPTER])
    (course.submitted / "ann" / CHAPTER.id).mkdir(parents=True)
    (course.submitted / "ann" / "01_singel_neuron").mkdir()
    (course.submitted / "bob").mkdir()
    (course.submitted / "notes.txt").write_text("x")
    found = {(o.student, o.assignment): o.reason for o in unmatched(course)}
    assert set(found) == {("ann", "01_singel_neuron"), ("bob", ""), ("notes.txt", "")}
    assert "matches no assignment" in found[("ann", "01_singel_neuron")]


def test_broken_cells_get_a_reason_a_person_understands():
    master = CHAPTER.source.read_bytes()
    nb = json.loads(master)
    for cell in nb["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == "ex01_neuron_output":
            cell["metadata"]["nbgrader"]["grade_id"] = "mine"
    problems = cell_problems(master, json.dumps(nb).encode())
    assert problems == ["answer cell 'ex01_neuron_output' is missing (deleted, or its grade_id "
                        "or nbgrader metadata changed to 'mine'): nbgrader restores it from the "
                        "student edition: 0 points"]
    assert cell_problems(master, master) == []
    assert cell_problems(master, b"{not json") == []  # nbgrader says why


def test_timeout_reasons_name_the_real_limit():
    log = ("[ERROR] Timeout waiting for execute reply (5s).\n[ERROR] Interrupting kernel\n"
           "CellTimeoutError: A cell timed out while it was being executed, after 4 seconds.")
    assert "the 5 s limit per cell" in failure_reason(log, 5)
    assert "4 seconds" not in failure_reason(log, 5)


@pytest.mark.parametrize("argv", [["grade", "--task-timeout", "0"], ["grade", "--timeout", "-1"],
                                  ["grade", "--workers", "x"], ["demo", "--task-timeout", "-5"]])
def test_invalid_option_values_are_refused(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "must be greater than 0" in err or "whole number" in err


def test_demo_exit_status_follows_the_class_file(capsys):
    students = [DemoStudent("ada", "x"), DemoStudent("gus", "x", expect="failed")]
    good = [Outcome("ada", "01", "graded"), Outcome("gus", "01", "failed", "JSON")]
    assert demo_status(students, good) == 0
    bad = [Outcome("ada", "01", "failed", "boom"), Outcome("gus", "01", "failed", "JSON")]
    assert demo_status(students, bad) == 1
    assert "ada/01 is failed" in capsys.readouterr().out
