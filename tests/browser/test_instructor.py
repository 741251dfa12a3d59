"""The instructor in JupyterLab: the formgrader lists the course and, after `nncourse grade`,
the submissions of a small class with the scores the gradebook holds."""

from __future__ import annotations

import pytest

from .labpage import CLASS, CLASS_CHAPTER, COURSE, menu

pytestmark = pytest.mark.slow


def gradebook_scores(course) -> dict[str, tuple[float, float]]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {s.student.id: (s.score, s.max_score)
                for s in gb.assignment_submissions(CLASS_CHAPTER)}


def shown(value: float) -> str:
    """A score as the formgrader prints it (rounded to 2 places, no trailing zeros)."""
    return format(round(value, 2), "g")


def test_formgrader_lists_assignments_and_graded_submissions(page, lab, shot):
    lab.wait_for_grading()
    scores = gradebook_scores(lab.course)
    assert sorted(scores) == sorted(CLASS)
    assert scores["ada"][0] == scores["ada"][1] > 0 and scores["ben"][0] == 0

    menu(page, "Nbgrader", "Formgrader")
    formgrader = page.frame_locator("#formgrader-iframe iframe")
    names = formgrader.locator("td.name")
    names.nth(len(COURSE.chapters()) - 1).wait_for()
    formgrader.locator("table").last.scroll_into_view_if_needed()
    shot("manage-assignments")
    assert sorted(names.all_inner_texts()) == [c.id for c in COURSE.chapters()]
    assert formgrader.locator(".alert-warning").count() == 0, \
        formgrader.locator(".alert-warning").all_inner_texts()

    formgrader.locator(f"a[href$='manage_submissions/{CLASS_CHAPTER}']").click()
    rows = formgrader.locator("tbody tr", has=formgrader.locator("td.student-id"))
    rows.nth(len(CLASS) - 1).locator("td.score").wait_for()
    formgrader.locator("td.score", has_text="/").nth(len(CLASS) - 1).wait_for()
    rows.last.scroll_into_view_if_needed()
    shot("submissions-with-scores")
    table = {row.locator("td.student-id").inner_text().strip():
             row.locator("td.score").inner_text().strip() for row in rows.all()}
    assert table == {student: f"{shown(score)} / {shown(top)}"
                     for student, (score, top) in scores.items()}
