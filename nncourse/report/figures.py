"""The report's figures, drawn with matplotlib and embedded in the page as PNG.

Each function takes the report's plain data and returns an Image (PNG bytes and its size)
or None when there is nothing to draw. Figures are made with matplotlib's object API
(Figure + the Agg canvas), so drawing changes no global state and needs no display; text
is drawn as it is (no mathtext), so a `$` in a hint is a dollar sign. PNGs are saved
without a timestamp and reduced to a small palette: the same data give the same bytes, and
a class of hundreds of students still makes a light page.
"""

from __future__ import annotations

import base64
import io
from collections import Counter
from dataclasses import dataclass

import numpy as np

#: Okabe-Ito colours: distinguishable with every common colour-vision deficiency
PASSED = "#009E73"
HIDDEN_FAILED = "#E69F00"
VISIBLE_FAILED = "#D55E00"
DOTS = "#0072B2"
BARS = "#56B4E9"
INK = "#222222"
GRID = "#dddddd"

COMMON_MISTAKES_TOP = 12  # bars in the mistakes figure
WIDTH = 8.6  # inches: 860 px at DPI, the page's content width
DPI = 100

STYLE = {
    "text.parse_math": False,
    "font.size": 10,
    "axes.titlesize": 10,
    "axes.labelsize": 10,
    "axes.edgecolor": "#888888",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": INK,
    "ytick.color": INK,
}


@dataclass(frozen=True)
class Image:
    png: bytes
    width: int
    height: int
    alt: str

    @property
    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


def _figure(height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(WIDTH, height), dpi=DPI, layout="constrained")


def _png(fig, alt: str) -> Image:
    """The figure as a palette PNG (no metadata, no timestamp)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image as PILImage

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    rgba = np.asarray(canvas.buffer_rgba())
    picture = PILImage.fromarray(rgba[..., :3].copy())
    small = picture.quantize(colors=96, method=PILImage.Quantize.MEDIANCUT, dither=0)
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return Image(out.getvalue(), picture.width, picture.height, alt)


def _style():
    import matplotlib

    return matplotlib.rc_context(STYLE)


#: score bins of the distribution: 10 points wide, centred on 0%, 10%, ... 100%
BIN_CENTRES = np.arange(0, 101, 10)


def binned(percents: list[float]) -> np.ndarray:
    """How many scores fall in each bin of BIN_CENTRES (57% counts in the 60% bin)."""
    index = np.clip(np.floor((np.asarray(percents, dtype=float) + 5) / 10), 0, 10).astype(int)
    return np.bincount(index, minlength=len(BIN_CENTRES))


def score_distribution(chapters) -> Image | None:
    """One column per chapter: a histogram of its scores, turned on its side and centred."""
    shown = [c for c in chapters if c.percents]
    if not shown:
        return None
    counts = [binned(c.percents) for c in shown]
    widest = max(int(c.max()) for c in counts)
    with _style():
        fig = _figure(4.2)
        ax = fig.add_subplot()
        for x, (chapter, count) in enumerate(zip(shown, counts, strict=True)):
            width = 0.8 * count / widest
            ax.barh(BIN_CENTRES, width, left=x - width / 2, height=8, color=DOTS, alpha=0.85,
                    zorder=3)
            for centre, n, w in zip(BIN_CENTRES, count, width, strict=True):
                if n:
                    ax.text(x + w / 2 + 0.03, centre, str(n), va="center", fontsize=7,
                            color=INK, zorder=5)
            ax.scatter([x], [chapter.median], marker="D", s=40, color=INK,
                       edgecolors="white", linewidths=1.2, zorder=6)
        ax.set_xticks(range(len(shown)),
                      [f"{c.assignment[:2]}\nn={c.graded}" for c in shown])
        ax.set_xlim(-0.6, len(shown) - 0.4)
        ax.set_ylim(-6, 106)
        ax.set_yticks(range(0, 101, 20), [f"{v}%" for v in range(0, 101, 20)])
        ax.set_ylabel("score (% of the chapter's points)")
        ax.set_xlabel("chapter (n = graded submissions); bar width: students; diamond: median")
        ax.grid(axis="y", color=GRID, zorder=0)
        alt = "Scores per chapter: " + "; ".join(
            f"{c.assignment}: {c.graded} graded, median {c.median:.0f}%" for c in shown)
        return _png(fig, alt)


def pass_rates(exercises) -> Image | None:
    """A bar per exercise: passed, passed the visible tests only, failed the visible tests."""
    shown = [e for e in exercises if e.attempts]
    if not shown:
        return None
    with _style():
        fig = _figure(0.9 + 0.3 * len(shown))
        ax = fig.add_subplot()
        y = np.arange(len(shown))
        parts = [
            ("passed", [e.passed for e in shown], PASSED),
            ("visible tests passed, hidden tests failed", [e.hidden_failed for e in shown],
             HIDDEN_FAILED),
            ("visible tests failed", [e.visible_failed for e in shown], VISIBLE_FAILED),
        ]
        left = np.zeros(len(shown))
        for label, counts, colour in parts:
            share = 100.0 * np.array(counts) / np.array([e.attempts for e in shown])
            ax.barh(y, share, left=left, color=colour, label=label, height=0.72, zorder=3)
            left += share
        for row, exercise in zip(y, shown, strict=True):
            ax.text(101.5, row, f"{exercise.rate:.0f}%  ({exercise.passed}/{exercise.attempts})",
                    va="center", fontsize=9, color=INK)
        for row in range(1, len(shown)):
            if shown[row].assignment != shown[row - 1].assignment:
                ax.axhline(row - 0.5, color="#999999", linewidth=0.8, zorder=2)
        ax.set_yticks(y, [e.name for e in shown], fontsize=9)
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_xticks(range(0, 101, 20), [f"{v}%" for v in range(0, 101, 20)])
        ax.set_xlabel("share of the graded submissions")
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=3, frameon=False,
                  fontsize=9, handlelength=1.2, borderaxespad=0.2)
        alt = "Pass rate per exercise: " + "; ".join(
            f"{e.name} {e.rate:.0f}% of {e.attempts}" for e in shown)
        return _png(fig, alt)


def common_mistakes(groups, top: int = COMMON_MISTAKES_TOP) -> Image | None:
    """The advice most students received: a bar per group, its length the students."""
    shown = groups[:top]
    if not shown:
        return None
    with _style():
        fig = _figure(0.8 + 0.34 * len(shown))
        ax = fig.add_subplot()
        y = np.arange(len(shown))
        counts = [g.count for g in shown]
        ax.barh(y, counts, color=BARS, height=0.7, zorder=3)
        for row, group in zip(y, shown, strict=True):
            where = len(group.by_exercise)
            ax.text(group.count, row, f"  {group.count} student{'s' if group.count != 1 else ''}"
                    f", {where} exercise{'s' if where != 1 else ''}", va="center", fontsize=9,
                    color=INK)
        ax.set_yticks(y, [f"{i}. {g.title}" for i, g in enumerate(shown, 1)], fontsize=9)
        ax.invert_yaxis()
        ax.set_xlim(0, max(counts) * 1.6)  # room for the words after the longest bar
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel("students who received this feedback")
        ax.grid(axis="x", color=GRID, zorder=0)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        alt = "Most common mistakes: " + "; ".join(
            f"{g.title}: {g.count} students" for g in shown)
        return _png(fig, alt)


def grading_times(timing) -> Image | None:
    """A histogram of the seconds each submission took to grade, median marked."""
    seconds = timing.seconds
    if not seconds:
        return None
    with _style():
        fig = _figure(2.8)
        ax = fig.add_subplot()
        bins = np.histogram_bin_edges(seconds, bins="auto")
        if len(bins) > 41:
            bins = np.linspace(min(seconds), max(seconds), 41)
        ax.hist(seconds, bins=bins, color=BARS, edgecolor="white", linewidth=0.6, zorder=3)
        ax.axvline(timing.median, color=INK, linestyle="--", linewidth=1.2, zorder=4)
        ax.text(timing.median, 0.97, f" median {timing.median:.1f} s ",
                transform=ax.get_xaxis_transform(), va="top", fontsize=9, color=INK, zorder=5,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1, "alpha": 0.85})
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel("seconds to grade one submission (kernel, tests, trusted run, feedback)")
        ax.set_ylabel("submissions")
        ax.grid(axis="y", color=GRID, zorder=0)
        status = Counter(t.status for t in timing.tasks)
        alt = (f"Grading time per submission: {len(seconds)} tasks "
               f"({', '.join(f'{n} {s}' for s, n in sorted(status.items()))}), "
               f"median {timing.median:.1f} s, slowest {max(seconds):.1f} s")
        return _png(fig, alt)
