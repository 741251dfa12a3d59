"""A course is a folder: every command works on a copy of the course somewhere else.

The copy lives in a temporary folder far from this repository, so any path still derived
from where the package is installed would show up as a wrong or missing file here.
"""

from __future__ import annotations

import shutil

import pytest

from conftest import COURSE
from nncourse.cli import main
from nncourse.course import Course, CourseNotFound

CHAPTER = "01_single_neuron"


@pytest.fixture(scope="module")
def copied(tmp_path_factory) -> Course:
    root = tmp_path_factory.mktemp("elsewhere") / "course"
    root.mkdir()
    shutil.copy(COURSE.config_file, root)
    for name in ("source", "release", "notebooks", "examples"):
        shutil.copytree(COURSE.root / name, root / name)
    return Course(root)


def test_found_from_the_folder_or_below(copied, monkeypatch):
    monkeypatch.chdir(copied.source / CHAPTER)
    assert Course.find() == copied
    assert Course.find(copied.root / "release") == copied


def test_no_course_is_a_clear_error(tmp_path, monkeypatch, capsys):
    with pytest.raises(CourseNotFound, match="no nbgrader_config.py"):
        Course.find(tmp_path)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit, match="no nbgrader_config.py"):
        main(["lint"])


def test_a_broken_config_is_refused_not_ignored(tmp_path):
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\nc.Execute.timeout = (\n")
    with pytest.raises(CourseNotFound, match="does not load"):
        Course(tmp_path).nbgrader_config()


def test_lint_and_verify_in_the_copy(copied, monkeypatch, capsys):
    monkeypatch.chdir(copied.root)
    assert main(["lint"]) == 0
    assert f"in {len(COURSE.chapters())} chapter(s) of {copied.root}" in capsys.readouterr().out
    assert main(["verify", "01"]) == 0
    out = capsys.readouterr().out
    assert f"ok     source/{CHAPTER}/{CHAPTER}.ipynb" in out
    assert f"ok     release/{CHAPTER}/{CHAPTER}.ipynb" in out


def test_commands_on_a_course_without_chapters_fail(tmp_path, copied):
    (tmp_path / "nbgrader_config.py").write_text(COURSE.config_file.read_text())
    for command in ("lint", "verify", "try", "release"):
        with pytest.raises(SystemExit, match="no chapter in"):
            main(["--course", str(tmp_path), command])
    with pytest.raises(SystemExit, match="no chapter matches"):
        main(["--course", str(copied.root), "lint", "42"])


def test_release_in_the_copy_goes_to_the_copy(copied, monkeypatch):
    (copied.release / CHAPTER / f"{CHAPTER}.ipynb").unlink()
    monkeypatch.chdir(copied.root)
    assert main(["release", "01"]) == 0
    assert (copied.release / CHAPTER / f"{CHAPTER}.ipynb").read_bytes() == \
        (COURSE.release / CHAPTER / f"{CHAPTER}.ipynb").read_bytes()


@pytest.mark.slow
def test_demo_and_grade_in_the_copy(copied, monkeypatch, capsys):
    monkeypatch.chdir(copied.root)
    assert main(["demo", "01", "--workers", "2"]) == 0
    run = Course(copied.root / "runs" / "demo")
    assert (run.root / "grades.csv").is_file() and (run.root / "outcomes.csv").is_file()
    assert sorted(p.name for p in run.submitted.iterdir()) == sorted(_student_ids(copied))
    # the demo ends with the class report, made in the copy from the copy's records
    page = (run.root / "report.html").read_text(encoding="utf-8")
    assert f"{len(_student_ids(copied))} students and 1 chapter" in page
    assert "NotJSONError" in page  # gus's damaged file, flagged with its reason
    # the run folder is a course of its own: grading again from inside it works
    monkeypatch.chdir(run.root)
    (run.root / "report.html").unlink()
    # the demo class's damaged file fails: like `nbgrader autograde`, grade then exits 1
    assert main(["grade", "--workers", "2"]) == 1
    out = capsys.readouterr().out
    assert "ada" in out and "FAILED" in out
    assert f"report:    {run.root / 'report.html'}" in out
    assert main(["report"]) == 0
    assert capsys.readouterr().out.strip() == f"report: {run.root / 'report.html'}"


def _student_ids(course: Course) -> list[str]:
    from nncourse.demo import load_class

    return [s.id for s in load_class(course)]


@pytest.mark.parametrize("option, message", [
    (["--timeout", "-5"], "must be greater than 0, not -5"),
    (["--workers", "0"], "must be greater than 0, not 0"),
    (["--timeout", "soon"], "'soon' is not a whole number"),
])
def test_invalid_option_values_are_refused(copied, capsys, option, message):
    with pytest.raises(SystemExit) as stopped:
        main(["--course", str(copied.root), "grade", *option])
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err
