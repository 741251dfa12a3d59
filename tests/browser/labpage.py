"""What a person does in JupyterLab 4, as Playwright calls: open, type, run, read, measure."""

from __future__ import annotations

import re
from pathlib import Path

from nncourse.course import Course

REPO = Path(__file__).resolve().parents[2]
COURSE = Course(REPO)  # the repository is the course the scenarios start from
# the small class the instructor grades: full marks, the untouched release, bias forgotten
CLASS_CHAPTER = "01_single_neuron"
CLASS = ("ada", "ben", "cyd")
# the notebook on show (JupyterLab hides the other tabs' panels with lm-mod-hidden)
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
ERROR_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
RUN_TIMEOUT = 300_000  # ms; reached only on failure: a loaded machine is slow, not stuck


def open_notebook(page, lab, path: str) -> None:
    """File → Open from Path…: open `path` (relative to the server root), then wait until
    every cell is there and its kernel has started and is idle."""
    import nbformat

    expected = len(nbformat.read(lab.root / path, as_version=4).cells)
    menu(page, "File", "Open from Path")
    field = page.locator(".jp-Dialog input")
    field.fill(path)
    field.press("Enter")
    current_tab(page, Path(path).name).wait_for()
    page.wait_for_function(_READY, arg=[PANEL, expected], timeout=RUN_TIMEOUT)


def current_tab(page, label: str):
    return page.locator("#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel",
                        has_text=re.compile(f"^{re.escape(label)}$"))


def close_all_tabs(page) -> None:
    """File → Close All Tabs (JupyterLab then shows its Launcher)."""
    if not page.locator("#jp-main-dock-panel .lm-TabBar-tab").count():
        return
    menu(page, "File", "Close All Tabs")
    open_widgets = page.locator("#jp-main-dock-panel .jp-NotebookPanel, #formgrader")
    discard = page.locator(".jp-Dialog button", has_text="Discard")  # "Save your work?"
    while open_widgets.count():
        if discard.count():
            discard.first.click()
        page.wait_for_timeout(100)


_READY = """([panel, expected]) => {
    const p = document.querySelector(panel);
    if (!p || p.querySelector('.jp-Spinner')) return false;
    const indicator = p.querySelector('.jp-Notebook-ExecutionIndicator');
    const kernel = p.querySelector('.jp-KernelName, .jp-Toolbar-kernelName');
    return p.querySelectorAll('.jp-Notebook .jp-Cell').length === expected
        && indicator && indicator.dataset.status === 'idle'
        && kernel && /Python/.test(kernel.textContent);
}"""


def wait_idle(page) -> None:
    page.wait_for_function(
        "panel => document.querySelector(panel + ' .jp-Notebook-ExecutionIndicator')"
        "?.dataset.status === 'idle'", arg=PANEL, timeout=RUN_TIMEOUT)


def cell(page, index: int):
    """The notebook's cell number `index` (as in the .ipynb file, from 0)."""
    return page.locator(f"{PANEL} .jp-Notebook .jp-Cell").nth(index)


def code_cells(page):
    return page.locator(f"{PANEL} .jp-Notebook .jp-CodeCell")


# textContent, not innerText: JupyterLab skips rendering cells out of view
# (content-visibility), and innerText of an unrendered element is empty


def prompt(target) -> str:
    return (target.locator(".jp-InputPrompt").text_content() or "").strip()


def type_code(page, target, code: str) -> None:
    """Replace what the cell's editor (CodeMirror 6) holds by `code`, as if typed or pasted."""
    target.scroll_into_view_if_needed()
    target.locator(".cm-content").click()
    page.keyboard.press("ControlOrMeta+a")
    # insert_text: no auto-indent or bracket closing on the way, like a paste
    page.keyboard.insert_text(code)


def run(page, target, timeout: int = RUN_TIMEOUT) -> None:
    """Shift+Enter in the cell, then wait until its prompt shows a new execution count."""
    before = prompt(target)
    target.scroll_into_view_if_needed()
    target.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    page.wait_for_function(
        """([el, before]) => {
            const text = el.textContent.trim();
            return /^\\[\\d+\\]:?$/.test(text) && text !== before;
        }""",
        arg=[target.locator(".jp-InputPrompt").element_handle(), before], timeout=timeout)


def output_text(target) -> str:
    return "\n".join(target.locator(".jp-OutputArea-output").all_text_contents())


def errors_in(target) -> list[str]:
    return target.locator(ERROR_OUTPUT).all_text_contents()


def normalised(text: str) -> str:
    return " ".join(text.split())


def menu(page, top: str, item: str) -> None:
    """Click `item` in the menu bar's `top` menu."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{re.escape(top)}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}(…)?$")).click()


# Every output <pre> of `target`: how many lines its text has, how many the browser draws
# (more means it wrapped them), and whether any is wider than its box.
_MEASURE = """(root) => [...root.querySelectorAll('.jp-OutputArea-output pre')].map(pre => {
    const style = getComputedStyle(pre);
    const lineHeight = parseFloat(style.lineHeight);
    const text = pre.textContent.replace(/\\n$/, '');
    return {
        lines: text.split('\\n').length,
        drawn: Math.round(pre.getBoundingClientRect().height / lineHeight),
        scrollWidth: pre.scrollWidth, clientWidth: pre.clientWidth,
        text: text.slice(0, 200),
    };
})"""


def wrapped_by_browser(target) -> list[dict]:
    """The output blocks of `target` that the browser had to wrap or that overflow sideways."""
    target.scroll_into_view_if_needed()
    return [m for m in target.evaluate(_MEASURE)
            if m["drawn"] > m["lines"] or m["scrollWidth"] > m["clientWidth"] + 1]


# Elements of the dialog whose content is wider than their box (a sideways scroll bar or
# clipped text), and how far right its text reaches compared with the dialog's own edge.
_DIALOG_WIDTHS = """(dialog) => {
    const box = dialog.querySelector('.jp-Dialog-content') || dialog;
    const edge = box.getBoundingClientRect();
    const overflowing = [...dialog.querySelectorAll('*')]
        .filter(el => el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)
        .map(el => ({tag: el.tagName, cls: String(el.className), scrollWidth: el.scrollWidth,
                     clientWidth: el.clientWidth}));
    let textRight = 0;
    const walker = document.createTreeWalker(dialog, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const r of range.getClientRects()) textRight = Math.max(textRight, r.right);
    }
    return {overflowing, left: edge.left, right: edge.right, width: edge.width, textRight,
            viewport: window.innerWidth};
}"""


def dialog_widths(dialog) -> dict:
    return dialog.evaluate(_DIALOG_WIDTHS)
