"""The rollup as a PNG: stacked horizontal bars of the four on-time states per agency, readable on a phone."""

from __future__ import annotations

import io

from i18n import N_, t
from i18n.collation import vi_sort_key
from reports.text import period_title
from storage.rollup_values import Rollup

WIDTH_PX = 1080
DPI = 100
TOP_N = 20
FONT = "DejaVu Sans"  # ships with matplotlib and has every Vietnamese glyph
# the four on-time states in the order the bars stack, left to right: state, its legend's message id, colour
SEGMENTS = (
    ("done_on_time", N_("state.done_on_time"), "#2e7d32"),
    ("done_late", N_("state.done_late"), "#f9a825"),
    ("open_on_time", N_("state.open_on_time"), "#90caf9"),
    ("open_overdue", N_("state.open_overdue"), "#c62828"),
)


def chart_rows(rollup: Rollup, top: int = TOP_N) -> tuple[list[tuple[str, tuple[int, ...]]], int]:
    """The bars drawn, top to bottom: each agency's name and its count in each state (SEGMENTS' order), the
    `top` with the most overdue occurrences first; and how many agencies had any to draw.

    When more agencies have bars than fit, those that reported or finished something in the period keep up to
    half the places: cut for being less overdue, the chart showed only the silent ones, all blue and red."""
    counted = [a for a in rollup.agencies if any(a.counts.state(state) for state, _, _ in SEGMENTS)]
    ranked = sorted(
        counted,
        key=lambda a: (-a.counts.open_overdue, -a.counts.done_late, a.counts.on_time_pct or 0.0, vi_sort_key(a.name)),
    )
    active = [a for a in ranked[top:] if a.reports_in_period or a.counts.done_on_time or a.counts.done_late]
    kept = {id(a) for a in ranked[: top - min(len(active), top // 2)] + active[: top // 2]}
    shown = [a for a in ranked if id(a) in kept]
    return [(a.name, tuple(a.counts.state(state) for state, _, _ in SEGMENTS)) for a in shown], len(ranked)


LEGEND_IN = 1.2  # inches kept under the axes for the legend and the top-N note


def _short(name: str, width: int = 28) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def render_chart(rollup: Rollup, lang: str = "vi", *, top: int = TOP_N) -> bytes:
    """A 1080-px-wide PNG; with many agencies, the `top` with the most overdue tasks and a note saying so."""
    # matplotlib (with numpy) costs ~40 MB and ~0.5 s to load: only when a chart is drawn, not at start
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    shown, total = chart_rows(rollup, top)
    rows = max(len(shown), 1)
    # A Figure with its own Agg canvas: no pyplot, no global backend switch, safe in threads
    height = 3.2 + LEGEND_IN + 0.62 * rows
    fig = Figure(figsize=(WIDTH_PX / DPI, height), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    fig.suptitle(
        t("chart.title", lang, period=period_title(rollup, lang, dated=False)),  # one line across the picture
        fontsize=20,
        fontweight="bold",
        fontfamily=FONT,
        x=0.02,
        ha="left",
    )
    if not shown:
        ax.text(0.5, 0.5, t("chart.empty", lang), ha="center", va="center", fontsize=22, fontfamily=FONT)
        ax.set_axis_off()
    else:
        labels = [_short(name) for name, _ in reversed(shown)]
        left = [0] * len(shown)
        for i, (_, legend, colour) in enumerate(SEGMENTS):
            values = [counts[i] for _, counts in reversed(shown)]
            ax.barh(
                labels,
                values,
                left=left,
                color=colour,
                edgecolor="white",
                height=0.75,
                label=t(legend, lang),
            )
            left = [x + v for x, v in zip(left, values, strict=True)]
        ax.set_xlabel(t("chart.xlabel", lang), fontsize=16, fontfamily=FONT)
        ax.tick_params(axis="y", labelsize=16)
        ax.tick_params(axis="x", labelsize=14)
        for label in ax.get_yticklabels() + ax.get_xticklabels():
            label.set_fontfamily(FONT)
        ax.spines[["top", "right"]].set_visible(False)
        # below the bars, two columns: three would run off a phone-width picture
        fig.legend(
            loc="lower center",
            bbox_to_anchor=(0.5, LEGEND_IN * 0.12 / height),
            ncol=2,
            frameon=False,
            prop={"family": FONT, "size": 14},
        )
        if total > len(shown):
            fig.text(
                0.02,
                0.005,
                t("chart.top", lang, shown=len(shown), total=total),
                fontsize=14,
                fontstyle="italic",
                fontfamily=FONT,
            )
    fig.tight_layout(rect=(0, (LEGEND_IN + 0.3) / height if shown else 0.03, 1, 0.97))
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI)
    return out.getvalue()
