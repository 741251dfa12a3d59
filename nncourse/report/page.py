"""The report page: data and figures into templates/report.html.j2.

Jinja2 escapes every value (autoescape): student ids, failure reasons, hints and messages
are text a submission controls, so none of it can become markup. The page also forbids
scripts, fonts and any fetch in its Content-Security-Policy; images are data: URIs only.
"""

from __future__ import annotations

from pathlib import Path

from ..checks.describe import plural
from . import figures
from .data import ClassReport

TEMPLATES = Path(__file__).parent / "templates"
#: rows of the mistakes table (the figure shows the first figures.common_mistakes top)
MISTAKE_ROWS = 20


def seconds(value: float | None) -> str:
    """12.3 s, 4 min 05 s, 1 h 02 min."""
    if value is None:
        return "unknown"
    if value < 60:
        return f"{value:.1f} s"
    minutes, secs = divmod(round(value), 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


def environment():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(seconds=seconds, percent=percent, points=lambda v: f"{v:g}")
    env.globals.update(plural=plural)
    return env


def render(report: ClassReport) -> str:
    images = {
        "scores": figures.score_distribution(report.chapters),
        "passes": figures.pass_rates(report.exercises),
        "mistakes": figures.common_mistakes(report.mistakes),
        "times": figures.grading_times(report.timing),
    }
    return environment().get_template("report.html.j2").render(
        r=report, fig=images, mistake_rows=MISTAKE_ROWS,
        mistakes_in_figure=figures.COMMON_MISTAKES_TOP)
