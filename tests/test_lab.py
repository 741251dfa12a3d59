"""`make lab` gives students only what students get; `make lab-instructor` a formgrader
without warnings. (The browser scenarios in tests/browser/ use the same workspace.)"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
from traitlets.config.loader import PyFileConfigLoader

from nncourse.course import Course
from nncourse.lab import (
    INSTRUCTOR_ONLY_PLUGINS,
    INSTRUCTOR_ONLY_SERVER_EXTENSIONS,
    START_HERE,
    instructor_lab,
    student_config,
    student_workspace,
)

ROOT = Course.find(Path(__file__).parent).root


def test_student_workspace_holds_only_the_student_edition_and_companions(tmp_path):
    copied = student_workspace(ROOT, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notebooks", "release"]
    files = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert files == {p.relative_to(tmp_path).as_posix() for p in copied}
    expected = {p.relative_to(ROOT).as_posix()
                for folder in ("release", "notebooks") for p in (ROOT / folder).rglob("*")
                if p.is_file() and ".ipynb_checkpoints" not in p.parts
                and "__pycache__" not in p.parts}
    assert files == expected
    for path in tmp_path.rglob("*.ipynb"):  # no solution or hidden test came along
        text = path.read_text()
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text, path


def test_student_work_is_never_overwritten(tmp_path):
    student_workspace(ROOT, tmp_path)
    mine = tmp_path / "release" / "01_single_neuron" / "01_single_neuron.ipynb"
    mine.write_text("my work")
    (tmp_path / "notebooks" / "00_start_here.ipynb").unlink()
    again = student_workspace(ROOT, tmp_path)
    assert mine.read_text() == "my work"
    assert [p.name for p in again] == ["00_start_here.ipynb"]  # only what was missing


def test_start_here_links_resolve_in_the_workspace(tmp_path):
    student_workspace(ROOT, tmp_path)
    start = tmp_path / START_HERE
    nb = nbformat.read(start, as_version=4)
    links = [link for cell in nb.cells if cell.cell_type == "markdown"
             for link in re.findall(r"\]\(([^)#\s]+)", cell.source) if "://" not in link]
    assert links
    for link in links:
        assert (start.parent / link).resolve().is_file(), link


def test_student_lab_switches_off_existing_instructor_parts(tmp_path):
    config = student_config(tmp_path)
    page = json.loads((config / "labconfig" / "page_config.json").read_text())
    server = json.loads((config / "jupyter_server_config.json").read_text())
    bundle = "".join(p.read_text(errors="ignore") for p in (
        Path(sys.prefix) / "share/jupyter/labextensions/@jupyter/nbgrader/static").glob("*.js"))
    for plugin in INSTRUCTOR_ONLY_PLUGINS:  # a renamed plugin would silently stay on
        assert f'"{plugin}"' in bundle, plugin
        assert page["disabledExtensions"][plugin] is True
    assert "@jupyter/nbgrader:validate-assignment" not in page["disabledExtensions"]
    for extension in INSTRUCTOR_ONLY_SERVER_EXTENSIONS:
        __import__(extension)
        assert server["ServerApp"]["jpserver_extensions"][extension] is False


def test_instructor_lab_has_a_course_local_exchange(tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    (course / "nbgrader_config.py").write_text((ROOT / "nbgrader_config.py").read_text())
    command, _, cwd = instructor_lab(course)
    assert cwd == course and (course / "exchange").is_dir()
    assert f"--ServerApp.root_dir={course}" in command
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    assert Path(config.Exchange.root) == course / "exchange"  # next to the config file
