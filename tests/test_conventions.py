"""Course conventions: cell metadata of the masters, and hints that point at real sections."""

from __future__ import annotations

import re

import nbformat
import pytest

from conftest import COURSE
from nncourse.authoring.lint import lint_course, lint_master
from nncourse.checks.sections import SECTIONS


def test_every_master_follows_the_conventions(all_chapters):
    assert lint_course([c.source for c in all_chapters]) == []


def test_lint_catches_a_broken_test_cell(tmp_path, all_chapters):
    nb = nbformat.read(all_chapters[0].source, as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            meta["locked"] = False
            meta["grade_id"] = "cell-3f2a9c"
            cell.source = cell.source.replace("### BEGIN HIDDEN TESTS", "# hidden")
            break
    broken = tmp_path / all_chapters[0].source.name
    nbformat.write(nb, broken)
    problems = "\n".join(lint_master(broken))
    for expected in ("must be locked", "grade_id must read", "no hidden tests"):
        assert expected in problems


def _headings(path) -> set[str]:
    nb = nbformat.read(path, as_version=4)
    found = set()
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found |= {m.strip() for m in re.findall(r"^#+\s+(.*)$", cell.source, re.MULTILINE)}
    return found


@pytest.mark.parametrize("concept", sorted(SECTIONS))
def test_hints_point_at_existing_sections(concept):
    for number, heading in SECTIONS[concept]:
        matches = COURSE.select([number])
        assert matches, f"hints send students to chapter {number}, which does not exist"
        assert heading in _headings(matches[0].source), (
            f"hints send students to {number} · {heading!r}, but {matches[0].id} has no such "
            "heading"
        )


def test_chapters_are_numbered_in_order():
    numbers = [c.number for c in COURSE.chapters()]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert all(c.source.exists() for c in COURSE.chapters())


def _links(text: str) -> list[str]:
    return [link for link in re.findall(r"\]\(([^)#]+)\)", text) if "://" not in link]


def test_readme_and_start_here_link_every_chapter_and_only_real_files():
    readme = (COURSE.root / "README.md").read_text()
    start = nbformat.read(COURSE.notebooks / "00_start_here.ipynb", as_version=4)
    start_text = "\n".join(c.source for c in start.cells if c.cell_type == "markdown")
    for base, text in ((COURSE.root, readme), (COURSE.notebooks, start_text)):
        for link in _links(text):
            assert (base / link).exists(), f"broken link {link!r} from {base}"
    for chapter in COURSE.chapters():
        assert f"source/{chapter.id}/{chapter.id}.ipynb" in readme, f"README misses {chapter.id}"
        assert f"release/{chapter.id}/{chapter.id}.ipynb" in start_text, (
            f"the course map in 00_start_here misses {chapter.id}")
