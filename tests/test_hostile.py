"""The hostile corpus, graded in one class next to honest students (tests/hostile/cases.py).

One class of chapter 01: three honest students (full marks, the untouched release, a
catalogued mistake) and one hostile submission per case. The class is graded once, in the
sandbox, with short limits (15 s per cell, 240 s per submission); then:

- no hostile submission gets full marks (its answers are all wrong);
- the honest students score exactly what they score in a class of their own;
- submitted/, the masters and the nncourse package are byte for byte unchanged;
- the gradebook holds only what the grader wrote (no manual score, even after a detached
  process had time to act);
- every failure and flag has its reason; no attack printed ESCAPED;
- no process a submission started is left when grading is over.

Cases that only the trusted verdict can defeat (the kernel patches its own comparisons)
must also be flagged "tampering suspected"; no feedback page shows a hidden test.
"""

from __future__ import annotations

import hashlib
import html
import os
import socket
import sqlite3
import threading
import time
from pathlib import Path

import nbformat
import psutil
import pytest
from hostile.cases import CASES, CHAPTER, Context, build

import nncourse
from conftest import COURSE
from nncourse.demo import ClassRoom, DemoStudent, course_copy
from nncourse.grading.classroom import grade_class
from nncourse.grading.gradebook import register_assignments
from nncourse.grading.results import scores
from nncourse.grading.trusted import split_hidden

HONEST = [
    DemoStudent("ref", "reference solution"),
    DemoStudent("stub", "untouched release", answers="release"),
    DemoStudent("nobias", "bias forgotten", exercises={
        "ex01_neuron_output": "mistake:bias_forgotten"}),
]
MARKER = "nncourse-hostile-marker"
#: seconds per cell: short, with headroom for a loaded 2-core machine (the trusted verdict
#: re-runs each test cell in the grader while the kernel waits)
CELL_TIMEOUT = 15
SECRET = "NNCOURSE_HOSTILE_SECRET_TOKEN"


def _digest(*folders):
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()}


def _class(folder, hostile: bool, ctx: Context | None = None):
    chapter = COURSE.chapter(CHAPTER)
    course = course_copy(COURSE, folder, [chapter])
    register_assignments(course, [CHAPTER], release_dir=course.release)
    release_nb = course.release / CHAPTER / f"{CHAPTER}.ipynb"
    classroom = ClassRoom(COURSE)
    for student in HONEST:
        classroom.write_submission(student, chapter, release_nb, course.submitted)
    if hostile:
        release = nbformat.read(release_nb, as_version=4)
        for case in CASES:
            target = course.submitted / case.name / CHAPTER / f"{CHAPTER}.ipynb"
            target.parent.mkdir(parents=True)
            target.write_text(build(case, release, ctx), encoding="utf-8")
        (course.submitted / "ref" / "01_singel_neuron").mkdir()  # a misnamed folder
    return course


class Listener:
    """A TCP listener on the host's 127.0.0.1: no sandboxed kernel may reach it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.accepted += 1
            conn.close()

    def close(self):
        self.running = False
        self.thread.join()
        self.sock.close()


def _ours(marker: str):
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        try:
            if any(marker in part for part in proc.info["cmdline"] or []):
                found.append(proc)
        except psutil.Error:
            pass
    return found


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    clean = _class(tmp_path_factory.mktemp("clean"), hostile=False)
    grade_class(clean, [CHAPTER], workers=2, cell_timeout=CELL_TIMEOUT, task_timeout=240,
                progress=False)
    clean_scores = scores(clean, [CHAPTER])

    listener = Listener()
    ctx = Context(port=listener.port, marker=MARKER, others=["ref"])
    course = _class(tmp_path_factory.mktemp("hostile"), hostile=True, ctx=ctx)
    package = os.path.dirname(nncourse.__file__)
    protected = lambda: _digest(course.submitted, course.source, COURSE.source,  # noqa: E731
                                Path(package))
    before = protected()
    os.environ[SECRET] = "must not reach a kernel"
    started = time.time()
    try:
        outcomes = grade_class(course, [CHAPTER], workers=4, cell_timeout=CELL_TIMEOUT,
                               task_timeout=240,
                               progress=False)
    finally:
        del os.environ[SECRET]
    seconds = time.time() - started
    time.sleep(5)  # the detached gradebook writer waits 4 s: give it its chance
    left = _ours(MARKER)
    for proc in left:
        proc.kill()
    listener.close()
    for o in sorted(outcomes, key=lambda o: -o.seconds):  # shown when a test fails
        print(f"{o.student:12} {o.status:9} {o.seconds:5.1f} s  {o.reason[:100]}")
    return dict(course=course, outcomes={(o.student, o.assignment): o for o in outcomes},
                scores=scores(course, [CHAPTER]), clean=clean_scores, before=before,
                after=protected(), left=left, listener=listener, seconds=seconds)


def _outcome(graded, name):
    return graded["outcomes"][(name, CHAPTER)]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in CASES])
def test_case(graded, case):
    outcome = _outcome(graded, case.name)
    full = graded["clean"][("ref", CHAPTER)][1]
    score = graded["scores"].get((case.name, CHAPTER), (0, full))[0]
    if case.expect == "graded":
        assert outcome.status == "graded" and not outcome.flags, outcome
    elif case.expect == "failed":
        assert outcome.status == "failed", outcome
        assert case.reason in outcome.reason, outcome
    elif case.expect == "flagged":
        assert outcome.status == "graded", outcome
        assert case.reason in "; ".join(outcome.flags), outcome
    else:
        assert outcome.status in {"graded", "failed"}, outcome
    if case.trusted:  # the kernel's own run passed; the trusted one did not
        assert any("tampering suspected" in flag for flag in outcome.flags), outcome
    if case.expect != "graded":
        assert score < full, f"{case.name}: {score}/{full}, a false full mark ({case.about})"


def test_honest_scores_are_those_of_a_clean_run(graded):
    for student in HONEST:
        assert graded["scores"][(student.id, CHAPTER)] == graded["clean"][(student.id, CHAPTER)]
        assert _outcome(graded, student.id).status == "graded"


def test_no_file_changed(graded):
    assert graded["after"] == graded["before"]


def test_gradebook_written_only_by_the_grader(graded):
    db = sqlite3.connect(graded["course"].root / "gradebook.db")
    manual = db.execute("select count(*) from grade where manual_score is not null").fetchone()
    assert manual == (0,)


def _outputs(path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "\n".join(str(output) for cell in nb.cells for output in cell.get("outputs", []))


def test_no_attack_escaped(graded):
    autograded = graded["course"].root / "autograded"
    for path in autograded.rglob("*.ipynb"):
        assert "ESCAPED" not in _outputs(path), path
    assert graded["listener"].accepted == 0


def test_every_failure_has_its_reason_and_log(graded):
    for outcome in graded["outcomes"].values():
        if outcome.status in {"failed", "unmatched"}:
            assert outcome.reason.strip(), outcome
        assert all(flag.strip() for flag in outcome.flags), outcome
        if outcome.status == "failed":
            assert outcome.log and Path(outcome.log).is_file(), outcome
    stray = [o for o in graded["outcomes"].values() if o.status == "unmatched"]
    assert [o.assignment for o in stray] == ["01_singel_neuron"]


def test_no_process_left_behind(graded):
    assert graded["left"] == []
    bwraps = [p for p in psutil.process_iter(["name", "create_time"])
              if p.info["name"] == "bwrap"]
    assert not [p for p in bwraps if p.info["create_time"] > time.time() - graded["seconds"]
                - 30]


def test_output_flood_is_cut(graded):
    path = graded["course"].root / "autograded" / "flood" / CHAPTER / f"{CHAPTER}.ipynb"
    assert path.stat().st_size < 5 * 1024 ** 2


def test_no_hidden_test_in_any_feedback_page(graded):
    master = nbformat.read(COURSE.chapter(CHAPTER).source, as_version=4)
    hidden = [line.strip() for cell in master.cells if cell.cell_type == "code"
              for line in split_hidden(cell.source)[1].splitlines() if len(line.strip()) > 12]
    assert hidden
    pages = list((graded["course"].root / "feedback").rglob("*.html"))
    assert len(pages) == sum(o.status == "graded" for o in graded["outcomes"].values())
    for page in pages:
        text = html.unescape(page.read_text(encoding="utf-8"))
        assert "BEGIN HIDDEN TESTS" not in text, page
        assert not [line for line in hidden if line in text], page
