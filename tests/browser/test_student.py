"""A student in JupyterLab: solve a chapter, meet a hint, Validate, Restart and Run All, start here.

Each scenario works in the student workspace that `make lab` builds (the lab fixture's
student/ folder), types and clicks as a person does, and leaves numbered screenshots in
runs/browser/.
"""

from __future__ import annotations

import shutil

import nbformat
import pytest

from nncourse.authoring.catalogue import find_mistake
from nncourse.authoring.cells import cells_by_id, grade_id, is_answer
from nncourse.demo import ClassRoom, DemoStudent

from .labpage import (
    COURSE,
    ERROR_OUTPUT,
    PANEL,
    REPO,
    RUN_TIMEOUT,
    cell,
    code_cells,
    current_tab,
    dialog_widths,
    errors_in,
    menu,
    normalised,
    open_notebook,
    output_text,
    run,
    type_code,
    wait_idle,
    wrapped_by_browser,
)

pytestmark = pytest.mark.slow


def exercises(chapter: str) -> list[tuple[int, str, int]]:
    """(answer cell index, grade_id, test cell index) of each exercise of the release."""
    nb = nbformat.read(REPO / "release" / chapter / f"{chapter}.ipynb", as_version=4)
    ids = [grade_id(c) for c in nb.cells]
    return [(i, ids[i], ids.index(f"test_{ids[i]}")) for i, c in enumerate(nb.cells)
            if is_answer(c)]


def solution(chapter: str, exercise: str) -> str:
    master = nbformat.read(REPO / "source" / chapter / f"{chapter}.ipynb", as_version=4)
    return ClassRoom(COURSE).answer_code("solution", exercise, cells_by_id(master), {})


def hand_in_to_workspace(lab, tmp_path, chapter: str, **answers) -> str:
    """Write the chapter into the student workspace as this student would have filled it."""
    student = DemoStudent(id="student", about="", answers="solution", exercises=answers)
    written = ClassRoom(COURSE).write_submission(
        student, COURSE.chapter(chapter), REPO / "release" / chapter / f"{chapter}.ipynb",
        tmp_path)
    relative = f"release/{chapter}/{chapter}.ipynb"
    shutil.copyfile(written, lab.student / relative)
    return f"student/{relative}"


def assert_passed_and_unwrapped(test_cell, what: str) -> str:
    text = output_text(test_cell)
    assert not errors_in(test_cell), f"{what}: the test cell failed:\n{text}"
    ticks = [line for line in text.splitlines() if line.startswith("✓")]
    assert ticks, f"{what}: no ✓ line under the test cell:\n{text}"
    assert not wrapped_by_browser(test_cell), (
        f"{what}: JupyterLab had to wrap these lines: {wrapped_by_browser(test_cell)}")
    return text


def test_student_solves_a_chapter(page, lab, shot):
    chapter = "07_adding_layers"  # the longest ✓ lines of the course
    open_notebook(page, lab, f"student/release/{chapter}/{chapter}.ipynb")
    shot("opened")

    menu(page, "Run", "Run All Cells")
    first_test = cell(page, exercises(chapter)[0][2])
    first_test.locator(ERROR_OUTPUT).wait_for()
    first_test.scroll_into_view_if_needed()
    shot("run-all-stops-at-the-stub")
    assert "answer cell" in normalised(output_text(first_test))

    for answer_index, exercise, test_index in exercises(chapter):
        answer = cell(page, answer_index)
        type_code(page, answer, solution(chapter, exercise))
        run(page, answer)
        assert not errors_in(answer), output_text(answer)
        test = cell(page, test_index)
        run(page, test)
        shot(f"{exercise}-passed")
        assert_passed_and_unwrapped(test, exercise)


def test_catalogued_mistake_shows_its_hint_under_the_test_cell(page, lab, shot):
    chapter = "01_single_neuron"
    mistake = find_mistake(COURSE, "ex01_neuron_output:bias_forgotten")
    answer_index, _, test_index = next(e for e in exercises(chapter) if e[1] == mistake.exercise)
    open_notebook(page, lab, f"student/release/{chapter}/{chapter}.ipynb")
    answer = cell(page, answer_index)
    type_code(page, answer, mistake.code.strip("\n"))
    shot("mistake-typed")
    run(page, answer)
    test = cell(page, test_index)
    run(page, test)
    test.locator(ERROR_OUTPUT).scroll_into_view_if_needed()
    shot("hint-under-test-cell")
    shown = "\n".join(errors_in(test))
    assert normalised(mistake.hint) in normalised(shown), shown
    assert not wrapped_by_browser(test), wrapped_by_browser(test)


def test_validate_shows_the_hint_without_scrolling_sideways(page, lab, shot, tmp_path):
    chapter = "06_layer_on_batch"
    mistake = find_mistake(COURSE, "ex06_layer_forward:no_transpose")
    path = hand_in_to_workspace(lab, tmp_path, chapter,
                                ex06_layer_forward=f"mistake:{mistake.name}")
    open_notebook(page, lab, path)
    page.locator(f"{PANEL} .jp-Toolbar .validate-button").first.click()
    dialog = page.locator(".jp-Dialog.nbgrader-ErrorDialog")
    dialog.wait_for(timeout=RUN_TIMEOUT)
    shot("validate-dialog")
    text = dialog.inner_text()
    assert normalised(mistake.hint) in normalised(text), text
    widths = dialog_widths(dialog)
    assert not widths["overflowing"], f"parts of the dialog scroll sideways: {widths}"
    assert widths["textRight"] <= widths["right"] + 1, f"text beyond the dialog: {widths}"
    assert widths["right"] <= widths["viewport"], widths
    error = dialog.locator(".jp-RenderedText pre").last  # the test's message, after its source
    assert "CheckFailed" in error.inner_text()
    error.scroll_into_view_if_needed()
    shot("validate-dialog-hint")
    dialog.locator("button.jp-Dialog-button").last.click()


def test_restart_and_run_all_on_a_solved_notebook_is_all_green(page, lab, shot, tmp_path):
    chapter = "08_activations"
    open_notebook(page, lab, hand_in_to_workspace(lab, tmp_path, chapter))
    menu(page, "Kernel", "Restart Kernel and Run All Cells")
    page.locator(".jp-Dialog .jp-mod-accept").click()
    last = code_cells(page).last
    page.wait_for_function(
        "el => /^\\[\\d+\\]:?$/.test(el.textContent.trim())",
        arg=last.locator(".jp-InputPrompt").element_handle(), timeout=RUN_TIMEOUT)
    wait_idle(page)
    shot("done-top")
    for _, exercise, test_index in exercises(chapter):
        test = cell(page, test_index)
        test.scroll_into_view_if_needed()
        shot(f"{exercise}")
        assert_passed_and_unwrapped(test, exercise)
    errors = page.locator(f"{PANEL} {ERROR_OUTPUT}").all_text_contents()
    assert not errors, f"error outputs after Restart and Run All: {errors}"
    prompts = code_cells(page).locator(".jp-InputPrompt").all_text_contents()
    assert all(p.strip().rstrip(":").strip("[]").isdigit() for p in prompts), prompts


def test_start_here_links_open_the_chapters(page, lab, shot):
    open_notebook(page, lab, "student/notebooks/00_start_here.ipynb")
    shot("start-here")
    links = page.locator(f"{PANEL} .jp-RenderedMarkdown a[href*='release/']")
    chapter_ids = [c.id for c in COURSE.chapters()]
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    targets = [next((c for c in chapter_ids if c in href), href) for href in hrefs]
    assert set(targets) == set(chapter_ids), f"the course map must link every chapter: {hrefs}"
    current = page.locator("#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current")
    start_here = current_tab(page, "00_start_here.ipynb")
    for i, chapter in enumerate(targets):  # every link, the map's and the text's
        link = links.nth(i)
        link.scroll_into_view_if_needed()
        link.click()
        current_tab(page, f"{chapter}.ipynb").wait_for()
        page.locator(f"{PANEL} .jp-Cell").first.wait_for()
        lab.wait_for_session(f"student/release/{chapter}/{chapter}.ipynb")  # the right file
        shot(f"link{i + 1:02d}-{chapter}")
        current.locator(".lm-TabBar-tabCloseIcon").click()
        start_here.wait_for()
