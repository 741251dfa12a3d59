"""The feedback exporter renders nbgrader's pages, the same documents, compiling templates once
and without BeautifulSoup's accessibility pass.

Same document: our page parsed with BeautifulSoup(…, "html.parser") and printed is byte for
byte the page of nbconvert's own HTMLExporter (whose last step is exactly that printing)."""

import inspect
import logging
from pathlib import Path

import nbformat
import nbgrader
import pytest
from bs4 import BeautifulSoup
from nbconvert.exporters import HTMLExporter
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from traitlets.config import Config

from nncourse.grading import pages
from nncourse.grading.pages import ALT, COMPILED, FeedbackExporter, accessible

ROOT = Path(__file__).parents[1]
FORMGRADER = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader"
RELEASED = sorted(ROOT.glob("release/*/*.ipynb"))
MASTERS = sorted(ROOT.glob("source/*/*.ipynb"))


def _config() -> Config:
    """The HTMLExporter settings nbgrader's GenerateFeedback makes."""
    c = Config()
    c.HTMLExporter.template_name = "feedback"
    c.HTMLExporter.extra_template_basedirs = [str(FORMGRADER / "templates")]
    c.HTMLExporter.extra_template_paths = [
        str(FORMGRADER / "static" / "node_modules" / "bootstrap" / "dist" / "css")]
    return c


def _page(exporter_class, nb) -> str:
    html, _ = exporter_class(config=_config()).from_notebook_node(
        nb, resources={"nbgrader": {"notebook": "n", "score": 1.0, "max_score": 2.0,
                                  "late_penalty": 0}})
    return html


def _read(path: Path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:  # scores as nbgrader's feedback step puts them in
        if cell.metadata.get("nbgrader", {}).get("grade"):
            cell.metadata.nbgrader.score = 0.0
    return nb


def _same_document(nb) -> str:
    stock = _page(HTMLExporter, nb)
    ours = _page(FeedbackExporter, nb)
    if ours != stock:  # equal where the page went to the stock pass (printing twice is not
        assert str(BeautifulSoup(ours, "html.parser")) == stock  # a no-op: <!DOCTYPE> gains \n)
    return ours


def _html(markup: str):
    return new_output("display_data", data={"text/html": markup, "text/plain": "x"})


PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kg"
       "AAAABJRU5ErkJggg==")

#: text/html outputs a student's code can display, each a way to fool a tag rewrite
HOSTILE = [
    '<img src="a.png">', "<IMG SRC=a.png>", "<img src=a.png/>", '<img src="a.png" />',
    "<img/>", "<img>", '<img alt src="x">', '<img ALT="" src="x">', "<img src=x alt=y alt=z>",
    '<img src=">" title=\'a>b\'>', "<img\nsrc='x'\n>", '<img src="x" data-x="&lt;img&gt;">',
    "<img src=>",  # an inserted alt would become the value: left to the stock pass
    '<div class="jp-OutputArea-output"><div class="jp-OutputArea-output">nested</div></div>',
    '<div class="jp-Cell-inputWrapper" tabindex="3">in</div>',
    "<script>var s = '<img src=x>'; if (a < b) {}</script>", "<style>img{} /* <img> */</style>",
    "<!-- <img src=x> -->", "<!DOCTYPE html><img src=doc>", "<?php <img src=pi> ?>",
    '<a title="<img src=y>">link</a>', "<textarea><img src=t></textarea>",
    "<title><img src=t2></title>", "<![CDATA[<img src=c>]]>", "<b>unclosed <i>tags",
    "</div></div></main>stray ends", "<p>a < b & c &amp; &#60;img&#62; &notanentity;</p>",
    '<svg><image href="x"/><img src="in-svg"/></svg>', "<img src='x' <b>broken</b>",
    "<img src=x", "<br><hr/><input value='<img>'><img src=last>",
]


def _hostile_notebook(*extra_html: str):
    cells = [
        new_markdown_cell('# Work\n\n![a diagram](d.png)\n\n<img src="raw.png"> and '
                          "<div class='jp-OutputArea-output'>md div</div>"),
        new_code_cell("show()", execution_count=1, outputs=[
            *(_html(markup) for markup in HOSTILE), *(_html(markup) for markup in extra_html),
            new_output("display_data", data={"image/png": PNG, "text/plain": "fig"}),
            new_output("display_data", data={"image/png": PNG, "text/plain": "fig"},
                       metadata={"image/png": {"alt": "described"}}),
            new_output("display_data", data={"image/svg+xml": "<svg></svg>"}),
            new_output("display_data", data={"text/markdown": "![md out](m.png) <img src=q>"}),
            new_output("stream", name="stdout", text="<img src=escaped>\n"),
            new_output("error", ename="ValueError", evalue="<img>",
                       traceback=["\x1b[31mValueError\x1b[0m: <img src=tb>"]),
        ]),
        new_code_cell("print(1)", execution_count=2,
                      outputs=[new_output("stream", name="stdout", text="1\n")]),
    ]
    nb = new_notebook(cells=cells, metadata={"language_info": {"name": "python"}})
    nb.cells[1].metadata.tags = ['" onmouseover="x', "<img src=tag>"]
    return nb


def test_pages_are_the_same_documents_and_templates_compile_once():
    nb = _read(RELEASED[1])
    COMPILED.clear()
    stock = _page(HTMLExporter, nb)
    first = _page(FeedbackExporter, nb)
    cached = len(COMPILED._store)
    second = _page(FeedbackExporter, nb)
    assert first == second
    assert str(BeautifulSoup(first, "html.parser")) == stock
    assert cached >= 2  # the feedback template and the ones it extends
    assert len(COMPILED._store) == cached  # the second page compiled nothing new


@pytest.mark.parametrize("path", RELEASED + MASTERS, ids=lambda p: f"{p.parts[-3]}/{p.stem}")
def test_course_pages_are_the_same_documents(path):
    page = _same_document(_read(path))
    assert accessible(page) == (page, 0)  # nothing left to do: every image has its alt


def test_masters_have_figures():
    """The masters' matplotlib figures are images without alt (tracebacks: the hostile page)."""
    page = "".join(_page(FeedbackExporter, _read(p)) for p in MASTERS)
    assert page.count('<img src="data:image/png;base64,') >= 10
    assert page.count(f'alt="{ALT}"') >= 10


@pytest.fixture
def stock_calls(monkeypatch):
    """The pages FeedbackExporter leaves to nbconvert's BeautifulSoup pass."""
    calls, original = [], pages.stock_pass
    monkeypatch.setattr(pages, "stock_pass",
                        lambda html, log: calls.append(html) or original(html, log))
    return calls


#: the outputs whose pages go to the stock pass
TO_STOCK = {"<img src=>"}


def test_hostile_outputs_are_the_same_documents(stock_calls):
    _same_document(_hostile_notebook())
    assert len(stock_calls) == 1  # `<img src=>` is in it


@pytest.mark.parametrize("markup", HOSTILE)
def test_each_hostile_output_is_the_same_document(markup, stock_calls):
    nb = _hostile_notebook()
    nb.cells[1].outputs = [o for o in nb.cells[1].outputs
                           if o.get("data", {}).get("text/html", markup) == markup]
    _same_document(nb)
    assert len(stock_calls) == (markup in TO_STOCK)


@pytest.mark.parametrize("markup", [
    '<div class="jp-Notebook"><div class="jp-OutputArea-output">x</div></div>',
    '<div class="x JP-NOTEBOOK"><div class="jp-Cell-inputWrapper">x</div></div>',
    '<section class="jp-&#78;otebook"><div class="jp-OutputArea-output">x</div></section>',
])
def test_jp_notebook_markup_gets_the_stock_pass(markup, stock_calls):
    nb = _hostile_notebook()
    nb.cells[1].outputs = [_html(markup), _html("<img src=x>")]
    _same_document(nb)
    assert len(stock_calls) == 1


def test_missing_alt_is_logged_like_nbconvert(caplog):
    nb = _read(MASTERS[-1])  # two figures
    nb.cells.append(new_code_cell("f", execution_count=9, outputs=[_html("<img src=x>")]))
    for exporter_class in (HTMLExporter, FeedbackExporter):
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            _page(exporter_class, nb)
        assert [r.getMessage() for r in caplog.records if "Alternative text" in r.getMessage()
                ] == ["Alternative text is missing on 3 image(s)."]


def test_the_mirrored_nbconvert_code_is_unchanged():
    """FeedbackExporter.from_notebook_node copies HTMLExporter's up to the BeautifulSoup pass,
    stock_pass the pass: a new nbconvert must be read again before this is updated."""
    source = inspect.getsource(HTMLExporter.from_notebook_node)
    assert "super().from_notebook_node(nb, resources, **kw)" in source
    assert source.count("soup.select(") == 3 and "str(soup)" in source
    assert 'No description has been provided for this image' in source
