"""Charts of a trajectory: Goldstein mean and the four QuadClass counts per period."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from dyad.export import write_atomically
from dyad.trajectory import QUAD_FIELDS, TrajectoryRow

QUAD_COLOURS = {
    "verbal_cooperation": "#8fd18f",
    "material_cooperation": "#2e8b57",
    "verbal_conflict": "#f4a582",
    "material_conflict": "#b2182b",
}


def plot_trajectory_png(rows: Sequence[TrajectoryRow], path: Path, *, title: str) -> None:
    """A PNG: stacked QuadClass bars per period, the Goldstein mean as a line, news events annotated."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    periods = [row.period for row in rows]
    positions = list(range(len(rows)))
    figure, counts_axis = plt.subplots(figsize=(max(8, len(rows) * 0.5), 5), dpi=110)
    bottom = [0] * len(rows)
    for field in QUAD_FIELDS.values():
        values = [getattr(row, field) for row in rows]
        counts_axis.bar(positions, values, bottom=bottom, color=QUAD_COLOURS[field], label=field.replace("_", " "), width=0.8)
        bottom = [b + v for b, v in zip(bottom, values)]
    counts_axis.set_ylabel("events by QuadClass")
    counts_axis.set_xticks(positions, periods, rotation=60, ha="right", fontsize=8)
    score_axis = counts_axis.twinx()
    score_axis.plot(positions, [row.goldstein_mean for row in rows], color="#1f3b73", marker="o", label="Goldstein mean")
    score_axis.axhline(0, color="#999999", linewidth=0.8)
    score_axis.set_ylim(-10.5, 10.5)
    score_axis.set_ylabel("Goldstein mean (−10 conflict … +10 cooperation)")
    for position, row in zip(positions, rows):
        for offset, label in enumerate(row.highlights[:3]):
            score_axis.annotate(
                label[:40], (position, row.goldstein_mean), xytext=(4, 14 + 12 * offset), textcoords="offset points",
                fontsize=7, rotation=20, color="#333333", arrowprops={"arrowstyle": "-", "color": "#bbbbbb"} if offset == 0 else None,
            )
    handles = counts_axis.get_legend_handles_labels()[0] + score_axis.get_legend_handles_labels()[0]
    labels = counts_axis.get_legend_handles_labels()[1] + score_axis.get_legend_handles_labels()[1]
    counts_axis.legend(handles, labels, loc="upper left", fontsize=7)
    counts_axis.set_title(title)
    figure.tight_layout()
    write_atomically(Path(path), lambda target: figure.savefig(target, format="png"))
    plt.close(figure)
