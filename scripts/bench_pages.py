"""CPU per feedback page of the chapter-06 master: nbconvert's HTMLExporter against
FeedbackExporter (nncourse/grading/pages.py), each the mean of 5 renders after a warm one.

    .venv/bin/python scripts/bench_pages.py
"""

import logging
import sys
import time
from pathlib import Path

from nbconvert.exporters import HTMLExporter

sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))
from test_pages import MASTERS, _page, _read  # noqa: E402

from nncourse.grading.pages import COMPILED, FeedbackExporter, accessible, stock_pass  # noqa: E402


class TemplatesCached(HTMLExporter):
    """The previous FeedbackExporter: compiled templates reused, BeautifulSoup's pass kept."""

    @property
    def environment(self):
        environment = super().environment
        environment.bytecode_cache = COMPILED
        return environment


def cpu(render, n=5) -> float:
    render()  # warm: imports, templates compiled
    start = time.process_time()
    for _ in range(n):
        render()
    return (time.process_time() - start) / n


def main():
    logging.disable(logging.WARNING)
    nb = _read(next(p for p in MASTERS if p.parts[-2].startswith("06_")))
    page = _page(FeedbackExporter, nb)
    times = {name: cpu(lambda c=c: _page(c, nb)) for name, c in [
        ("stock HTMLExporter", HTMLExporter), ("templates cached only", TemplatesCached),
        ("FeedbackExporter", FeedbackExporter)]}
    times["the pass alone: BeautifulSoup"] = cpu(lambda: stock_pass(page, logging.getLogger()))
    times["the pass alone: accessible()"] = cpu(lambda: accessible(page))
    for name, seconds in times.items():
        print(f"{name:32} {seconds * 1000:6.0f} ms CPU per page")
    ours = times["FeedbackExporter"]
    print(f"stock / ours {times['stock HTMLExporter'] / ours:.2f}x; "
          f"templates cached only / ours {times['templates cached only'] / ours:.2f}x")


if __name__ == "__main__":
    main()
