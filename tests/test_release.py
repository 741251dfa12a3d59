"""The student edition is exactly what nbgrader makes from source/, and tests fail until solved."""

from __future__ import annotations

import filecmp
from pathlib import Path

import nbformat
import pytest

from conftest import COURSE
from nncourse.authoring.release import generate_release
from nncourse.authoring.verify import verify_master, verify_student_edition

RELEASE = COURSE.release


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def test_release_matches_a_fresh_generation(tmp_path, all_chapters):
    generate_release(COURSE, tmp_path)
    assert _files(tmp_path) == _files(RELEASE), "release/ has extra or missing files: make release"
    different = [f for f in sorted(_files(tmp_path))
                 if not filecmp.cmp(tmp_path / f, RELEASE / f, shallow=False)]
    assert not different, f"release/ is out of date for {different}: run `make release`"


def test_generation_is_deterministic(tmp_path, all_chapters):
    first, second = tmp_path / "one", tmp_path / "two"
    chapter = all_chapters[:1]
    generate_release(COURSE, first, chapter)
    generate_release(COURSE, second, chapter)
    for name in _files(first):
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_release_has_no_outputs_or_timings(all_chapters):
    for chapter in all_chapters:
        nb = nbformat.read(chapter.release, as_version=4)
        for cell in nb.cells:
            assert "execution" not in cell.metadata, f"{chapter.id}: timing metadata leaked"
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None
            assert "### BEGIN SOLUTION" not in cell.source
            assert "### BEGIN HIDDEN TESTS" not in cell.source


@pytest.mark.parametrize("chapter", COURSE.chapters(), ids=lambda c: c.id)
def test_master_passes_every_test(chapter):
    verdict = verify_master(COURSE, chapter.source)
    assert verdict.ok, "\n".join(verdict.problems)


@pytest.mark.parametrize("chapter", COURSE.chapters(), ids=lambda c: c.id)
def test_student_edition_passes_none_and_raises_only_stubs(chapter):
    verdict = verify_student_edition(COURSE, chapter.release)
    assert verdict.ok, "\n".join(verdict.problems)


def test_student_edition_check_would_catch_a_leaked_answer(tmp_path, all_chapters):
    """Guard the guard: a release whose answer cell still holds the solution must be refused."""
    from nncourse.authoring.cells import cells_by_id, is_answer, without_markers

    chapter = all_chapters[0]
    nb = nbformat.read(chapter.release, as_version=4)
    masters = cells_by_id(nbformat.read(chapter.source, as_version=4))
    for cell in nb.cells:
        if is_answer(cell):
            cell.source = without_markers(masters[cell.metadata.nbgrader.grade_id].source)
    leaked = tmp_path / chapter.release.name
    nbformat.write(nb, leaked)
    verdict = verify_student_edition(COURSE, leaked)
    assert not verdict.ok and any("passes without an answer" in p for p in verdict.problems)
