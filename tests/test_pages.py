"""The feedback exporter renders exactly nbgrader's pages while compiling templates once."""

from pathlib import Path

import nbformat
import nbgrader
from nbconvert.exporters import HTMLExporter
from traitlets.config import Config

from nncourse.grading.pages import COMPILED, FeedbackExporter

ROOT = Path(__file__).parents[1]
FORMGRADER = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader"


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


def test_pages_equal_nbgrader_and_templates_compile_once():
    nb = nbformat.read(next((ROOT / "release").glob("01_*/*.ipynb")), as_version=4)
    for cell in nb.cells:  # scores as nbgrader's feedback step puts them in
        if cell.metadata.get("nbgrader", {}).get("grade"):
            cell.metadata.nbgrader.score = 0.0
    COMPILED.clear()
    stock = _page(HTMLExporter, nb)
    first = _page(FeedbackExporter, nb)
    cached = len(COMPILED._store)
    second = _page(FeedbackExporter, nb)
    assert first == stock and second == stock
    assert cached >= 2  # the feedback template and the ones it extends
    assert len(COMPILED._store) == cached  # the second page compiled nothing new
