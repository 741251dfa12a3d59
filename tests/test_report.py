"""The class report, made from the records and gradebook of a synthetic class.

The class is written the way grading writes it: one JSON record per submission (the outcome
and the trusted verdict of every test cell, as trusted.Verdict) and a gradebook made with
nbgrader's own API. Every number the page shows is known in advance here: scores, pass
rates, the most common feedback, who is flagged and why. One student is hostile: its id,
messages, hints and flags are markup, and none of it may reach the page as markup.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import time
from dataclasses import asdict
from html import unescape
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import COURSE
from nncourse.cli import main
from nncourse.course import CONFIG_NAME, Course
from nncourse.grading.records import record_path
from nncourse.grading.results import scores as nbgrader_scores
from nncourse.grading.trusted import Verdict
from nncourse.report import write_report
from nncourse.report.data import Cell, FlagRow, gather, write_run_summary
from nncourse.report.mistakes import group_mistakes, headline, normalise, without_call

CH01, CH04 = "01_single_neuron", "04_layer_with_numpy"
CELLS = {
    CH01: [("test_ex01_neuron_output", 3.0), ("test_ex01_neuron_on_samples", 2.0)],
    CH04: [("test_ex04_layer_forward_single", 3.0), ("test_ex04_output_size", 2.0),
           ("test_ex04_strongest_neuron", 2.0)],
}
HOSTILE = '"><img src=x onerror=alert(1)>'
BIAS = ("The bias is missing: adding `{}` to your result gives exactly the expected values. "
        "Each neuron adds its bias after the weighted sum (re-read 01 · The bias).")
TAMPERING = ("tampering suspected: test_ex01_neuron_output: the notebook's own run passed its "
             "visible tests, the trusted run failed them: neuron_output([1, 2, 3], "
             "[0.2, 0.8, -0.5], 2) is not right yet")


def ok(gid: str, points: float) -> Verdict:
    return Verdict(gid, points, True, True, True, hidden_checks_passed=2)


def wrong(gid: str, points: float, message: str, hint: str = "", mistake: str = "",
          hidden: bool = False, in_kernel: bool = False) -> Verdict:
    """A failed cell: its visible tests (or, with hidden=True, only the hidden ones)."""
    return Verdict(gid, points, in_kernel, visible_passed=hidden, hidden_passed=False,
                   message=message, hint=hint, mistake=mistake)


def answers(assignment: str, **failures: Verdict) -> list[Verdict]:
    """Every cell of the assignment passes except the ones named (grade_id without test_)."""
    return [failures.get(gid.removeprefix("test_"), ok(gid, pts))
            for gid, pts in CELLS[assignment]]


def bias(gid, points, word="bias"):
    return wrong(gid, points, f"f([1, 2, 3]) is not right yet: got 0.3, expected 2.3.\n"
                 f"  hint: {BIAS.format(word)}", hint=BIAS.format(word))


NO_RETURN = ("neuron_output([1, 2, 3], [0.2, 0.8, -0.5], 2) returned None: the function has no "
             "`return` (printing a value does not return it).")
SCRIPT = "</td><script>alert(2)</script>"

#: (student, assignment) -> (status, reason, flags, verdicts or None, extra record fields)
CLASS = {
    ("ann", CH01): ("graded", "", [], answers(CH01), {}),
    ("ann", CH04): ("graded", "", [], answers(CH04), {}),
    ("bob", CH01): ("graded", "", [], answers(
        CH01, ex01_neuron_output=bias("test_ex01_neuron_output", 3),
        ex01_neuron_on_samples=bias("test_ex01_neuron_on_samples", 2)), {}),
    ("bob", CH04): ("graded", "", [], answers(
        CH04, ex04_layer_forward_single=bias("test_ex04_layer_forward_single", 3, "biases")),
        {}),
    ("cat", CH01): ("graded", "", [], answers(CH01, ex01_neuron_output=wrong(
        "test_ex01_neuron_output", 3, "neuron_output(<list (5,)>, <list (5,)>, -1.15) on fresh "
        "inputs is not right yet: got 4.8, expected -2.6504.", hidden=True)), {}),
    ("cat", CH04): ("failed", "NotJSONError: Notebook does not appear to be JSON: '{\\n ...",
                    [], None, {}),
    ("dov", CH01): ("graded", "", [], answers(
        CH01, ex01_neuron_output=wrong("test_ex01_neuron_output", 3, NO_RETURN,
                                       mistake="no_return"),
        ex01_neuron_on_samples=wrong("test_ex01_neuron_on_samples", 2, NO_RETURN,
                                     mistake="no_return")), {}),
    ("dov", CH04): ("missing", "nothing submitted", [], None, {}),
    ("eve", CH01): ("graded", "", [TAMPERING], answers(CH01, ex01_neuron_output=wrong(
        "test_ex01_neuron_output", 3, "neuron_output([1, 2, 3], [0.2, 0.8, -0.5], 2) is not "
        "right yet: got 0.3, expected 2.3.", in_kernel=True)), {}),
    ("eve", CH04): ("graded", "", [], answers(CH04), {"sandboxed": False}),
    (HOSTILE, CH01): ("graded", "", [f"tampering suspected: {SCRIPT}"], answers(
        CH01, ex01_neuron_output=wrong("test_ex01_neuron_output", 3,
                                       f"f() raised ValueError: {SCRIPT}",
                                       # and mathtext that would not parse: drawn as is
                                       hint=f"<img src=x onerror=alert(3)> {SCRIPT} $\\frac{{$"),
        ex01_neuron_on_samples=bias("test_ex01_neuron_on_samples", 2, "biases")), {}),
    (HOSTILE, CH04): ("graded", "", [], answers(CH04), {}),
}
#: an entry under submitted/ that is no student/assignment pair: kept in the run summary
STRAY = SimpleNamespace(student="notes.txt", assignment="",
                        reason="submitted/notes.txt is a file, not a student's folder")
#: a score set by hand in the gradebook (formgrader): the page must show it, not the verdict
MANUAL = ("bob", CH01, "test_ex01_neuron_on_samples", 1.0)
SECONDS = {("ann", CH01): 21.5, ("ann", CH04): 23.0}


def write_records(course: Course, entries: dict) -> None:
    for (student, assignment), (status, reason, flags, verdicts, extra) in entries.items():
        path = record_path(course, student, assignment)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"student": student, "assignment": assignment, "status": status,
                "reason": reason, "seconds": SECONDS.get((student, assignment), 0.0 if
                                                         status == "missing" else 5.0),
                "flags": flags, **extra,
                "verdicts": {assignment: [asdict(v) for v in verdicts]} if verdicts else {}}
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="module")
def empty_gradebook(tmp_path_factory) -> bytes:
    """A new gradebook, made once (nbgrader runs the alembic command for each new one)."""
    from nbgrader.api import Gradebook

    path = tmp_path_factory.mktemp("gradebook") / "gradebook.db"
    with Gradebook(f"sqlite:///{path}"):
        pass
    return path.read_bytes()


def new_course(root: Path) -> Course:
    """A course folder: the configuration and the two chapters' masters (for their titles)."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(COURSE.config_file, root / CONFIG_NAME)
    for chapter in CELLS:
        shutil.copytree(COURSE.source / chapter, root / "source" / chapter)
    return Course(root)


def write_gradebook(course: Course, empty: bytes, entries: dict) -> None:
    """The scores of the graded submissions, through nbgrader's API, as grading records them."""
    from nbgrader.api import Gradebook

    (course.root / "gradebook.db").write_bytes(empty)
    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}") as gb:
        for assignment, cells in CELLS.items():
            gb.add_assignment(assignment)
            gb.add_notebook(assignment, assignment)
            for gid, points in cells:
                gb.add_grade_cell(gid, assignment, assignment, max_score=points,
                                  cell_type="code")
        for (student, assignment), (status, _, _, verdicts, _) in entries.items():
            if status != "graded":
                continue
            gb.update_or_create_student(student)
            gb.add_submission(assignment, student)
            for v in verdicts:
                grade = gb.find_grade(v.grade_id, assignment, assignment, student)
                grade.auto_score = v.score
                grade.needs_manual_grade = False
        student, assignment, gid, score = MANUAL
        gb.find_grade(gid, assignment, assignment, student).manual_score = score
        gb.db.commit()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory, empty_gradebook) -> Course:
    course = new_course(tmp_path_factory.mktemp("synthetic") / "course")
    write_records(course, CLASS)
    write_gradebook(course, empty_gradebook, CLASS)
    write_run_summary(course, assignments=list(CELLS), workers=2, wall_seconds=61.5,
                      grading_seconds=58.0, tasks=10, sandboxed=True, unmatched=[STRAY])
    return course


@pytest.fixture(scope="module")
def page(synthetic) -> str:
    return write_report(synthetic).read_text(encoding="utf-8")


def section(html: str, anchor: str) -> str:
    found = re.search(rf'<section id="{anchor}">(.*?)</section>', html, re.DOTALL)
    assert found, f"no section {anchor}"
    return found.group(1)


def rows(html: str) -> list[list[str]]:
    """The body rows of the section's table, as the text of their cells."""
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.DOTALL).group(1)
    return [[" ".join(unescape(re.sub(r"<[^>]+>", " ", cell)).split())
             for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.DOTALL)]


# --- the numbers -------------------------------------------------------------------------

def test_scores_per_chapter(synthetic, page):
    report = gather(synthetic)
    assert report.scores_from == "gradebook"
    ch01, ch04 = report.chapters
    # student order: the hostile id sorts first ('"'), then ann, bob, cat, dov, eve
    assert ch01.percents == [0.0, 100.0, 20.0, 40.0, 0.0, 40.0]  # bob: 1 point set by hand
    assert (ch01.graded, ch01.failed, ch01.missing, ch01.max_score) == (6, 0, 0, 5.0)
    assert (ch04.graded, ch04.failed, ch04.missing, ch04.max_score) == (4, 1, 1, 7.0)
    assert ch04.percents == [100.0, 100.0, 100 * 4 / 7, 100.0]
    assert (ch01.median, ch01.full_marks, ch01.zeros) == (30.0, 1, 2)
    table = rows(section(page, "scores"))
    assert table[0] == ["01 · A single neuron", "5", "6", "30%", "33%", "1", "2", "0", "0"]
    assert table[1] == ["04 · A layer with NumPy", "7", "4", "100%", "89%", "3", "0", "1", "1"]


def test_one_query_gives_nbgrader_s_own_scores(synthetic):
    from nncourse.report.data import gradebook_scores

    assert gradebook_scores(synthetic) == nbgrader_scores(synthetic, list(CELLS))


def test_pass_rate_per_exercise(synthetic, page):
    table = {r[0]: r[1:] for r in rows(section(page, "exercises"))}
    assert list(table) == [gid.removeprefix("test_") for cells in CELLS.values()
                           for gid, _ in cells]
    # chapter, points, graded, passed, hidden failed, visible failed, pass rate
    assert table["ex01_neuron_output"] == ["01", "3", "6", "1", "1", "4", "17%"]
    assert table["ex01_neuron_on_samples"] == ["01", "2", "6", "3", "0", "3", "50%"]
    assert table["ex04_layer_forward_single"] == ["04", "3", "4", "3", "0", "1", "75%"]
    assert table["ex04_output_size"] == ["04", "2", "4", "4", "0", "0", "100%"]


def test_most_common_mistakes(synthetic, page):
    groups = gather(synthetic).mistakes
    first = groups[0]
    # "adding `bias`" and "adding `biases`" are one piece of advice: 2 students, 4 cells
    assert (first.kind, first.count, first.cells, first.title) == ("hint", 2, 4,
                                                                   "The bias is missing")
    assert first.example == BIAS.format("biases")  # the first student's, word for word
    assert first.exercises == [("ex01_neuron_on_samples", 2), ("ex01_neuron_output", 1),
                               ("ex04_layer_forward_single", 1)]
    second = groups[1]  # named by the checks: grouped by its name, whatever the text
    assert (second.kind, second.mistake, second.count, second.cells) == ("mistake",
                                                                         "no_return", 1, 2)
    assert second.title == "Returned None: the function has no `return`"
    assert len(groups) == 5 and all(g.count == 1 for g in groups[1:])
    table = rows(section(page, "mistakes"))
    assert table[0][0] == "1" and table[0][1].startswith("The bias is missing The bias is")
    assert table[0][2] == "2"
    assert table[0][3] == ("ex01_neuron_on_samples (2) ex01_neuron_output (1) "
                           "ex04_layer_forward_single (1)")
    assert "no_return" in table[1][1] and table[1][2] == "1"
    titles = {g.title for g in groups}
    assert "Not right yet on fresh inputs: got #, expected #" in titles  # cat's hard-coding
    assert "Not right yet: got #, expected #" in titles  # eve's, on the visible inputs


def test_feedback_is_grouped_without_its_values():
    assert normalise("got 0.3, expected 2.3.") == normalise("got 4.8, expected -2.6504.")
    assert normalise("shape (2,) not (5, 3)") == "shape […] not […]"
    assert normalise("`biases` for [[1, 2], [3, 4]]") == "`…` for […]"
    assert normalise("ex01 and float64 stay") == "ex01 and float64 stay"
    assert without_call("f([1, (2)], g(3)) returned None: x") == "returned None: x"
    assert without_call("The bias is missing: x") == "The bias is missing: x"


def test_neutral_names_group_by_their_text_and_wrapped_messages_unwrap():
    """"differs" names no mistake: such feedback is grouped by what it says; a real name
    ("bias_missing") groups whatever the words, across exercises."""
    wrapped = ("strongest_neuron(<array (6, 3)>) on fresh inputs\n"
               "    returned 1, expected 3 (tolerance: atol=1e-06).\n  expected: [1]\n")
    assert headline(wrapped) == ("strongest_neuron(<array (6, 3)>) on fresh inputs returned 1, "
                                 "expected 3 (tolerance: atol=1e-06).")
    cells = [("s1", Cell("nb", "test_ex04_a", 2, True, False, wrapped, mistake="differs")),
             ("s2", Cell("nb", "test_ex04_b", 2, False, False, "g() returned None: no `return`.",
                         mistake="differs")),
             ("s1", Cell("nb", "test_ex01_c", 2, False, False, "h() returned 0.3.",
                         BIAS.format("bias"), "bias_missing")),
             ("s3", Cell("nb", "test_ex04_d", 2, False, False, "k() returned 2.8.",
                         "The bias is missing, in other words.", "bias_missing"))]
    groups = group_mistakes([(student, "a", cell) for student, cell in cells])
    assert [(g.kind, g.mistake, g.count, g.title) for g in groups] == [
        ("mistake", "bias_missing", 2, "The bias is missing"),
        ("message", "", 1, "Returned #, expected # on fresh inputs"),
        ("message", "", 1, "Returned None: no `return`"),
    ]
    assert groups[0].exercises == [("ex01_c", 1), ("ex04_d", 1)]


def test_flagged_students_with_reasons(synthetic, page):
    report = gather(synthetic)
    got = [(f.student, f.category, f.assignments) for f in report.flags]
    assert got == [
        (HOSTILE, "tampering suspected", (CH01,)),
        ("cat", "failed", (CH04,)),
        ("dov", "missing", (CH04,)),
        ("eve", "tampering suspected", (CH01,)),
        ("eve", "graded without sandbox", (CH04,)),
        ("notes.txt", "unmatched", ("",)),
    ]
    assert report.flags[1].reason.startswith("NotJSONError: Notebook does not appear")
    assert report.flags[3].reason.startswith("test_ex01_neuron_output: the notebook's own run")
    assert report.category_counts() == [("failed", 1), ("tampering suspected", 2),
                                        ("graded without sandbox", 1), ("unmatched", 1),
                                        ("missing", 1)]
    assert FlagRow("x", "missing", "nothing submitted", (CH01, CH04)).where == "01, 04"
    table = rows(section(page, "flagged"))
    assert [r[:3] for r in table] == [[s, c, ", ".join(a) or "–"] for s, c, a in got]
    assert table[-1][3] == STRAY.reason
    assert "4 students need a look" in page and "1 unmatched folder under submitted/" in page
    assert "<li>unmatched: 1 entry</li>" in page


def test_grading_time_and_run_summary(synthetic, page):
    timing = gather(synthetic).timing
    assert len(timing.tasks) == 11  # every record but the missing one
    assert timing.total == pytest.approx(21.5 + 23.0 + 9 * 5.0)
    assert [(t.student, t.assignment) for t in timing.slowest[:2]] == [("ann", CH04),
                                                                      ("ann", CH01)]
    text = section(page, "time")
    assert "11 submissions took 1 min 30 s of grading in all" in text
    assert "1 min 02 s of wall time with 2 workers" in text
    assert "1 min 02 s of wall time with 2 workers, every kernel sandboxed." in page
    assert "about 1.5 submissions graded at a time" in text
    assert rows(text)[0] == ["ann", CH04, "23.0", "graded"]


# --- the page ----------------------------------------------------------------------------

def test_student_text_is_escaped(page):
    """Ids, messages, hints, flags and reasons are data: none of it becomes markup."""
    assert "<script" not in page.lower()
    assert "<img src=x" not in page
    assert page.count("<img ") == 4  # the four figures, nothing else
    assert all(src.startswith("data:image/png;base64,")
               for src in re.findall(r'<img src="([^"]*)"', page))
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page  # the hostile id, as text
    assert "&lt;/td&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in page  # its message and flag
    assert "&lt;img src=x onerror=alert(3)&gt;" in page  # its hint
    # and scripts could not run anyway: the page allows no script, font or fetch
    assert "default-src 'none'; img-src data:; style-src 'unsafe-inline'" in page


def test_self_contained_and_deterministic(synthetic, page, tmp_path):
    assert not re.search(r'(src|href)="(?!data:|#)', page)  # no file or network reference
    again = write_report(synthetic, tmp_path / "again.html").read_text(encoding="utf-8")
    assert again == page


def test_without_a_gradebook_scores_come_from_the_verdicts(tmp_path):
    course = new_course(tmp_path / "course")
    write_records(course, CLASS)
    report = gather(course)
    assert report.scores_from == "records"
    assert report.chapters[0].percents[2] == 0.0  # bob: no manual score without a gradebook
    html = write_report(course).read_text(encoding="utf-8")
    assert "no gradebook.db here: summed from the recorded verdicts" in html
    assert "No run summary (records/run.json) here" in html


def test_cli_report_and_no_records(synthetic, tmp_path, monkeypatch, capsys):
    (synthetic.root / "report.html").unlink(missing_ok=True)
    monkeypatch.chdir(synthetic.source / CH01)  # found from a folder inside the course
    assert main(["report"]) == 0
    assert capsys.readouterr().out.strip() == f"report: {synthetic.root / 'report.html'}"
    assert (synthetic.root / "report.html").is_file()
    empty = new_course(tmp_path / "ungraded")
    with pytest.raises(SystemExit, match="no grading records in .*grade the class first"):
        main(["--course", str(empty.root), "report"])


# --- a large class -----------------------------------------------------------------------

HINTS = [BIAS, "Your result has {n} values per sample, one per input, but a layer gives one "
         "output per neuron ({m} here).", "Put the weights first: np.dot(`weights`, `inputs`) "
         "pairs each row with the {n} inputs.", "Transpose the weights: X has {n} columns.",
         "Your result is the transpose of the expected one ({n}, {m})."]
MESSAGES = ["f(<array ({n}, {m})>) returned None: the function has no `return`.",
            "f(<array ({n},)>) on fresh inputs is not right yet: got {n}.5, expected {m}.25.",
            "f([{n}, {m}]) raised IndexError (line {n} of the cell that defines `f`: "
            "`return x[{m}]`): index {m} is out of bounds."]


def large_class(students: int = 120, chapters: int = 10, cells: int = 3, seed: int = 0):
    """(cells per assignment, records) of a class with every kind of outcome and feedback."""
    rng = random.Random(seed)
    layout = {f"{c:02d}_chapter_{c}": [(f"test_ex{c:02d}_part_{e}", float(1 + e % 3))
                                       for e in range(cells)] for c in range(chapters)}
    entries = {}
    for s in range(students):
        student = f"student{s:03d}"
        for assignment, grade_cells in layout.items():
            roll = rng.random()
            if roll < 0.03:
                entries[(student, assignment)] = ("missing", "nothing submitted", [], None, {})
                continue
            if roll < 0.05:
                entries[(student, assignment)] = ("failed", "the grading worker died", [],
                                                  None, {})
                continue
            verdicts = []
            for gid, points in grade_cells:
                if rng.random() < 0.6:
                    verdicts.append(ok(gid, points))
                    continue
                n, m = rng.randint(2, 9), rng.randint(2, 9)
                if rng.random() < 0.5:
                    hint = rng.choice(HINTS).format("bias", n=n, m=m)
                    verdicts.append(wrong(gid, points, f"f() is not right yet.\n  hint: {hint}",
                                          hint=hint))
                else:
                    verdicts.append(wrong(gid, points, rng.choice(MESSAGES).format(n=n, m=m),
                                          hidden=rng.random() < 0.3))
            flags = [TAMPERING] if roll > 0.995 else []
            entries[(student, assignment)] = ("graded", "", flags, verdicts, {})
    return layout, entries


def bulk_gradebook(course: Course, empty: bytes, layout: dict, entries: dict) -> None:
    """Scores for the large class through nbgrader's models, in one transaction."""
    from nbgrader import api

    (course.root / "gradebook.db").write_bytes(empty)
    with api.Gradebook(f"sqlite:///{course.root / 'gradebook.db'}") as gb:
        cells = {}
        for assignment, grade_cells in layout.items():
            gb.add_assignment(assignment)
            gb.add_notebook(assignment, assignment)
            for gid, points in grade_cells:
                cells[gid] = gb.add_grade_cell(gid, assignment, assignment, max_score=points,
                                               cell_type="code")
        people = {s: api.Student(id=s) for s, _ in entries}
        for (student, assignment), (status, _, _, verdicts, _) in entries.items():
            if status != "graded":
                continue
            submitted = api.SubmittedAssignment(assignment=gb.find_assignment(assignment),
                                                student=people[student])
            notebook = api.SubmittedNotebook(assignment=submitted,
                                             notebook=gb.find_notebook(assignment, assignment))
            for v in verdicts:
                gb.db.add(api.Grade(cell=cells[v.grade_id], notebook=notebook,
                                    auto_score=v.score, needs_manual_grade=False))
        gb.db.commit()


def test_a_large_class_stays_small_and_quick(tmp_path, empty_gradebook):
    """120 students x 10 chapters x 3 exercises: the page stays light and renders in seconds."""
    layout, entries = large_class()
    course = new_course(tmp_path / "large")
    for (student, assignment), entry in entries.items():
        write_records(course, {(student, assignment): entry})
    bulk_gradebook(course, empty_gradebook, layout, entries)
    write_run_summary(course, assignments=list(layout), workers=4, wall_seconds=900.0,
                      grading_seconds=880.0, tasks=len(entries))
    started = time.perf_counter()
    report = gather(course)
    path = write_report(course)
    seconds = time.perf_counter() - started
    size = path.stat().st_size
    print(f"large class: {len(entries)} records, {size / 1024:.0f} KiB, {seconds:.1f} s")
    assert len(report.students) == 120 and len(report.exercises) == 30
    assert sum(c.graded for c in report.chapters) == sum(
        e[0] == "graded" for e in entries.values())
    assert size < 600 * 1024
    assert seconds < 60  # measured about 5 s on 2 busy cores


# --- in a browser --------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
PROBE = ('<script>window.addEventListener("load", () => { const d = document.documentElement;'
         ' document.body.dataset.check = JSON.stringify({images: [...document.images].map('
         'i => i.naturalWidth), scroll: d.scrollWidth, client: d.clientWidth, tables: [...'
         'document.querySelectorAll(".scroll")].map(t => t.scrollWidth - t.clientWidth)});'
         ' });</script>')


def chromium(tmp_path: Path, *args: str) -> str:
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
               "--hide-scrollbars", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def probe(tmp_path: Path, page: str, width: int, keep_policy: bool = False) -> dict | None:
    """What the page looks like to a browser `width` pixels wide (None: the probe never ran)."""
    if not keep_policy:
        page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
    path = tmp_path / f"probe-{width}.html"
    path.write_text(page.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    dom = chromium(tmp_path, f"--window-size={width},900", "--virtual-time-budget=5000",
                   "--dump-dom", path.as_uri())
    found = re.search(r'data-check="([^"]*)"', dom)
    return json.loads(unescape(found.group(1))) if found else None


@pytest.mark.skipif(not CHROMIUM.is_file(), reason="needs Debian's chromium")
def test_in_a_browser_figures_load_and_nothing_overflows(page, tmp_path):
    for width in (1280, 720):
        seen = probe(tmp_path, page, width)
        assert seen is not None, "the probe script did not run"
        assert seen["images"] and all(w > 0 for w in seen["images"]), seen
        assert seen["scroll"] <= seen["client"], f"{width} px: the page scrolls sideways"
        if width >= 1280:  # on a desktop every table fits, none needs its own scroll bar
            assert max(seen["tables"]) <= 0, seen
    # the page's own policy stops any script, the probe too
    assert probe(tmp_path, page, 1280, keep_policy=True) is None
    shot = tmp_path / "report.png"
    report = tmp_path / "report.html"
    report.write_text(page, encoding="utf-8")
    chromium(tmp_path, "--window-size=1280,2400", f"--screenshot={shot}", report.as_uri())
    assert shot.stat().st_size > 20_000  # a page with figures, not a blank one
