"""Charts of a trajectory: Goldstein mean and the four QuadClass counts per period."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from dyad.files import write_atomically
from dyad.trajectory.compute import QUAD_FIELDS, TrajectoryRow

QUAD_COLOURS = {
    "verbal_cooperation": "#8fd18f",
    "material_cooperation": "#2e8b57",
    "verbal_conflict": "#f4a582",
    "material_conflict": "#b2182b",
}


def _scored(row: TrajectoryRow) -> bool:
    return row.events > 0 and (row.goldstein_sum != 0 or row.goldstein_mean != 0 or any(getattr(row, f) for f in QUAD_FIELDS.values()))


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
    # A period with no scored event has no mean: a gap in the line, not a zero.
    means = [row.goldstein_mean if _scored(row) else float("nan") for row in rows]
    score_axis.plot(positions, means, color="#1f3b73", marker="o", label="Goldstein mean")
    score_axis.axhline(0, color="#999999", linewidth=0.8)
    score_axis.set_ylim(-10.5, 10.5)
    score_axis.set_ylabel("Goldstein mean (−10 conflict … +10 cooperation)")
    for position, row in zip(positions, rows):
        for offset, label in enumerate(row.highlights[:3]):
            late = position > len(rows) * 0.6  # labels of the last periods open to the left, inside the chart
            score_axis.annotate(
                label if len(label) <= 36 else label[:35] + "…", (position, row.goldstein_mean),
                xytext=(-4 if late else 4, 14 + 12 * offset), textcoords="offset points", ha="right" if late else "left",
                fontsize=7, color="#333333", arrowprops={"arrowstyle": "-", "color": "#bbbbbb"} if offset == 0 else None,
            )
    handles = counts_axis.get_legend_handles_labels()[0] + score_axis.get_legend_handles_labels()[0]
    labels = counts_axis.get_legend_handles_labels()[1] + score_axis.get_legend_handles_labels()[1]
    counts_axis.legend(handles, labels, loc="upper left", fontsize=7)
    counts_axis.set_title(title)
    figure.tight_layout()
    write_atomically(Path(path), lambda target: figure.savefig(target, format="png"))
    plt.close(figure)


def plot_trajectory_html(rows: Sequence[TrajectoryRow], path: Path, *, title: str) -> None:
    """A self-contained interactive HTML chart (inline SVG and script, nothing fetched).

    Stacked QuadClass bars per period and the Goldstein mean as a line; hovering a period
    shows its numbers and news events; clicking a legend entry hides or shows a series.
    """
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    write_atomically(Path(path), lambda target: Path(target).write_text(trajectory_html(rows, title=title), encoding="utf-8"))


def trajectory_html(rows: Sequence[TrajectoryRow], *, title: str) -> str:
    """The HTML text of :func:`plot_trajectory_html`."""
    from html import escape

    width_per, left, right, top, height = max(14, min(48, 900 // max(1, len(rows)))), 60, 60, 60, 320
    width = left + right + width_per * max(1, len(rows))
    tallest = max([sum(getattr(r, f) for f in QUAD_FIELDS.values()) for r in rows] + [1])
    def count_y(value: float) -> float:
        return top + height - value / tallest * height

    def score_y(value: float) -> float:
        return top + height / 2 - value / 10.5 * (height / 2)

    parts: list[str] = []
    for index, row in enumerate(rows):
        x = left + index * width_per
        bottom = 0
        tip = [f"{row.period}: {row.events} events, Goldstein mean {row.goldstein_mean}, sum {row.goldstein_sum}",
               *(f"{f.replace('_', ' ')}: {getattr(row, f)}" for f in QUAD_FIELDS.values()),
               f"sources: {row.sources}, news claims: {row.news_claims}", *row.highlights]
        parts.append(f'<g class="period"><title>{escape(chr(10).join(tip))}</title>')
        parts.append(f'<rect x="{x}" y="{top}" width="{width_per}" height="{height}" fill="transparent"/>')
        for field in QUAD_FIELDS.values():
            value = getattr(row, field)
            if value:
                y0, y1 = count_y(bottom), count_y(bottom + value)
                parts.append(f'<rect class="s-{field}" x="{x + 2}" y="{y1:.1f}" width="{width_per - 4}" height="{y0 - y1:.1f}" fill="{QUAD_COLOURS[field]}"/>')
                bottom += value
        parts.append("</g>")
        if len(rows) <= 40 or index % max(1, len(rows) // 40) == 0:
            parts.append(f'<text x="{x + width_per / 2}" y="{top + height + 14}" font-size="10" text-anchor="end" '
                         f'transform="rotate(-60 {x + width_per / 2} {top + height + 14})">{escape(row.period)}</text>')
        for offset, label in enumerate(row.highlights[:3]):
            parts.append(f'<text class="s-news" x="{x + width_per / 2}" y="{score_y(row.goldstein_mean) - 10 - 11 * offset:.1f}" '
                         f'font-size="9" fill="#333">{escape(label[:40])}</text>')
    segment: list[str] = []
    for i, r in enumerate(rows + [None]):  # type: ignore[operator]
        if r is not None and _scored(r):
            segment.append(f"{left + i * width_per + width_per / 2:.1f},{score_y(r.goldstein_mean):.1f}")
            continue
        if segment:  # a period without a score breaks the line
            parts.append(f'<polyline class="s-goldstein" points="{" ".join(segment)}" fill="none" stroke="#1f3b73" stroke-width="2"/>')
            segment = []
    for i, r in enumerate(rows):
        if not _scored(r):
            continue
        parts.append(f'<circle class="s-goldstein" cx="{left + i * width_per + width_per / 2:.1f}" cy="{score_y(r.goldstein_mean):.1f}" r="3" fill="#1f3b73"/>')
    axes = [
        f'<line x1="{left}" y1="{score_y(0):.1f}" x2="{width - right}" y2="{score_y(0):.1f}" stroke="#999" stroke-dasharray="4 3"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + height}" stroke="#666"/>',
        f'<line x1="{width - right}" y1="{top}" x2="{width - right}" y2="{top + height}" stroke="#666"/>',
        f'<text x="{left - 6}" y="{top + 4}" font-size="10" text-anchor="end">{tallest}</text>',
        f'<text x="{left - 6}" y="{top + height}" font-size="10" text-anchor="end">0</text>',
        f'<text x="{width - right + 6}" y="{score_y(10):.1f}" font-size="10">+10</text>',
        f'<text x="{width - right + 6}" y="{score_y(0) + 3:.1f}" font-size="10">0</text>',
        f'<text x="{width - right + 6}" y="{score_y(-10):.1f}" font-size="10">−10</text>',
        f'<text x="14" y="{top + height / 2}" font-size="11" transform="rotate(-90 14 {top + height / 2})" text-anchor="middle">events by QuadClass</text>',
        f'<text x="{width - 10}" y="{top + height / 2}" font-size="11" transform="rotate(90 {width - 10} {top + height / 2})" text-anchor="middle">Goldstein mean</text>',
    ]
    legend = "".join(
        f'<button data-series="s-{key}"><span style="background:{colour}"></span>{escape(text)}</button>'
        for key, colour, text in [(f, QUAD_COLOURS[f], f.replace("_", " ")) for f in QUAD_FIELDS.values()]
        + [("goldstein", "#1f3b73", "Goldstein mean"), ("news", "#333333", "news events")]
    )
    table_rows = "".join(
        "<tr>" + "".join(f"<td>{escape(str(value))}</td>" for value in (
            r.period, r.events, r.goldstein_sum, r.goldstein_mean, *(getattr(r, f) for f in QUAD_FIELDS.values()),
            r.sources, r.news_claims, "; ".join(r.highlights))) + "</tr>"
        for r in rows
    )
    headers = "".join(f"<th>{h}</th>" for h in ("period", "events", "Goldstein sum", "Goldstein mean", "verbal coop.",
                                                 "material coop.", "verbal conflict", "material conflict", "sources",
                                                 "news claims", "news events"))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }}
.legend button {{ border: 1px solid #ccc; background: #fff; margin: 0 .3em .3em 0; padding: .2em .6em; cursor: pointer; }}
.legend button.off {{ opacity: .35; }}
.legend span {{ display: inline-block; width: .8em; height: .8em; margin-right: .4em; }}
.period:hover rect:first-child {{ fill: #f0f0f0; }}
table {{ border-collapse: collapse; font-size: 12px; margin-top: 1em; }}
td, th {{ border: 1px solid #ddd; padding: 2px 6px; text-align: right; }}
td:last-child {{ text-align: left; }}
</style></head>
<body>
<h1 style="font-size:1.2em">{escape(title)}</h1>
<p>Bars: events per QuadClass (left axis). Line: mean Goldstein score, −10 conflict … +10 cooperation (right axis).
Hover a period for its numbers and news events; click the legend to hide or show a series.</p>
<div class="legend">{legend}</div>
<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{top + height + 70}" role="img" aria-label="{escape(title)}">
{''.join(axes)}
{''.join(parts)}
</svg>
<table><thead><tr>{headers}</tr></thead><tbody>{table_rows}</tbody></table>
<script>
document.querySelectorAll('.legend button').forEach(function (button) {{
  button.addEventListener('click', function () {{
    var off = button.classList.toggle('off');
    document.querySelectorAll('.' + button.dataset.series).forEach(function (node) {{
      node.style.display = off ? 'none' : '';
    }});
  }});
}});
</script>
</body></html>
"""


def plot_trajectory(rows: Sequence[TrajectoryRow], path: Path, *, title: str) -> None:
    """Write the chart as PNG or interactive HTML, chosen by the file's extension."""
    suffix = Path(path).suffix.lower()
    if suffix in (".html", ".htm"):
        plot_trajectory_html(rows, path, title=title)
    elif suffix == ".png":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        plot_trajectory_png(rows, path, title=title)
    else:
        from dyad.errors import DyadError

        raise DyadError(f"{path}: write the chart as .png or .html")
