"""Charts of a trajectory: the four QuadClass counts as stacked bars and the Goldstein mean as a line.

The chart is a Vega-Lite specification (:func:`chart_spec`), drawn by vl-convert: to PNG
directly, and to HTML as a self-contained page that inlines the Vega, Vega-Lite and
vega-embed bundle vl-convert ships, so the page needs no network. The figure has the same
size whatever the number of periods: the x axis is a time axis, its ticks chosen by Vega.
News and curated events are numbered marks above the bars, listed under the chart.
The page's HTML, style and script are files in ``assets/``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from html import escape
from importlib import resources
from pathlib import Path
from string import Template

from dyad.errors import DyadError
from dyad.files import write_atomically
from dyad.trajectory.compute import QUAD_FIELDS, TrajectoryRow

QUAD_COLOURS = {
    "verbal_cooperation": "#8fd18f",
    "material_cooperation": "#2e8b57",
    "verbal_conflict": "#f4a582",
    "material_conflict": "#b2182b",
}
GOLDSTEIN_COLOUR = "#1f3b73"
CHART_FORMATS = {".png": "png", ".html": "html", ".htm": "html"}
WIDTH, HEIGHT = 860, 300  # the plot area, in pixels, whatever the number of periods
EVENT_LINES, EVENT_COLUMNS = 6, 2  # the list of news events under the chart: a fixed number of lines
_COLUMN_WIDTH = WIDTH // EVENT_COLUMNS


def chart_format(path: Path) -> str:
    """``png`` or ``html`` from the file's suffix; a :class:`DyadError` for any other.

    >>> chart_format(Path("out/t.PNG"))
    'png'
    """
    kind = CHART_FORMATS.get(Path(path).suffix.lower())
    if kind is None:
        raise DyadError(f"{path}: write the chart as .png or .html")
    return kind


def _scored(row: TrajectoryRow) -> bool:
    return row.events > 0 and (row.goldstein_sum != 0 or row.goldstein_mean != 0 or any(getattr(row, f) for f in QUAD_FIELDS.values()))


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """The first day of a period (``2018``, ``2018-Q2``, ``2018-05``) and the first day of the next.

    >>> period_bounds("2018-Q4")
    (datetime.date(2018, 10, 1), datetime.date(2019, 1, 1))
    """
    year = int(period[:4])
    if len(period) == 4:
        return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    if period[5] == "Q":
        month, months = (int(period[6]) - 1) * 3 + 1, 3
    else:
        month, months = int(period[5:7]), 1
    after = month - 1 + months
    return dt.date(year, month, 1), dt.date(year + after // 12, after % 12 + 1, 1)


def _datetime(day: dt.date) -> dict[str, int]:
    return {"year": day.year, "month": day.month, "date": day.day}


def _news_events(rows: Sequence[TrajectoryRow]) -> list[tuple[int, TrajectoryRow, str]]:
    numbered, number = [], 0
    for row in rows:
        for label in row.highlights:
            number += 1
            numbered.append((number, row, label))
    return numbered


def chart_spec(rows: Sequence[TrajectoryRow], *, title: str) -> dict[str, object]:
    """The Vega-Lite specification of the chart of ``rows`` (one per period, in order)."""
    bars, means, marks = [], [], []
    for row in rows:
        start, end = period_bounds(row.period)
        middle = start + (end - start) / 2
        gap = (end - start) * 0.08  # a little space between the bars of neighbouring periods
        for quad, field in QUAD_FIELDS.items():
            if getattr(row, field):
                bars.append({"start": (start + gap).isoformat(), "end": (end - gap).isoformat(), "period": row.period, "quad": quad,
                             "quadclass": field.replace("_", " "), "events": getattr(row, field), "all events": row.events})
        means.append({"middle": middle.isoformat(), "period": row.period,
                      "mean": row.goldstein_mean if _scored(row) else None, "events": row.events})
    numbered = _news_events(rows)
    by_period: dict[str, list[int]] = {}
    for number, row, _ in numbered:
        by_period.setdefault(row.period, []).append(number)
    if rows:
        first, last = period_bounds(rows[0].period)[0], period_bounds(rows[-1].period)[1]
    else:
        first = last = dt.date.today()
    span = max((last - first).days, 1)
    levels: list[float] = []  # the x (pixels) of the last mark on each line of marks, so that marks never overlap
    for period, numbers in by_period.items():
        start, end = period_bounds(period)
        middle = start + (end - start) / 2
        text = str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]}–{numbers[-1]}"
        x = (middle - first).days / span * WIDTH
        level = next((i for i, previous in enumerate(levels) if x - previous > 8 * len(text) + 10), len(levels))
        levels[level:level + 1] = [x]
        marks.append({"middle": middle.isoformat(), "period": period, "mark": text, "y": 4 + 14 * level})
    time_axis = {"field": "start", "type": "temporal", "title": None,
                 "scale": {"domain": [_datetime(first), _datetime(last)]},
                 "axis": {"labelFontSize": 11, "grid": False, "labelOverlap": True, "tickCount": 10}}
    quad_names = [field.replace("_", " ") for field in QUAD_FIELDS.values()]
    layers: list[dict[str, object]] = [
        {
            "data": {"values": bars},
            "mark": {"type": "bar"},
            "encoding": {
                "x": time_axis, "x2": {"field": "end"},
                "y": {"field": "events", "type": "quantitative", "aggregate": "sum", "stack": "zero",
                      "title": "events by QuadClass (bars)", "axis": {"tickMinStep": 1, "titleColor": "#444"}},
                "color": {"field": "quadclass", "type": "nominal", "title": None,
                          "scale": {"domain": quad_names, "range": [QUAD_COLOURS[f] for f in QUAD_FIELDS.values()]},
                          "legend": {"orient": "top", "direction": "horizontal", "labelFontSize": 11}},
                "order": {"field": "quad", "sort": "ascending"},
                "tooltip": [{"field": "period"}, {"field": "quadclass", "title": "QuadClass"},
                            {"field": "events", "aggregate": "sum", "title": "events"}, {"field": "all events", "aggregate": "max"}],
            },
        },
        {
            "data": {"values": means},
            "layer": [
                {"mark": {"type": "rule", "color": "#999999", "strokeDash": [4, 3]}, "encoding": {"y": {"datum": 0}}},
                {  # across periods without a score: a faint dashed line, so the trend reads without hiding the gap
                    "transform": [{"filter": "datum.mean != null"}],
                    "mark": {"type": "line", "color": GOLDSTEIN_COLOUR, "strokeWidth": 1, "strokeDash": [3, 3], "opacity": 0.5},
                    "encoding": {"x": {"field": "middle", "type": "temporal"}, "y": {"field": "mean", "type": "quantitative"}},
                },
                {
                    "mark": {"type": "line", "color": GOLDSTEIN_COLOUR, "strokeWidth": 2, "invalid": "break-paths-show-domains",
                             "point": {"filled": True, "size": 30, "color": GOLDSTEIN_COLOUR}},
                    "encoding": {
                        "x": {"field": "middle", "type": "temporal"},
                        "y": {"field": "mean", "type": "quantitative", "title": "Goldstein mean (line), −10 … +10",
                              "scale": {"domain": [-10, 10]},
                              "axis": {"orient": "right", "grid": False, "titleColor": GOLDSTEIN_COLOUR, "values": [-10, -5, 0, 5, 10]}},
                        "tooltip": [{"field": "period"}, {"field": "mean", "title": "Goldstein mean"}, {"field": "events"}],
                    },
                },
            ],
        },
    ]
    if marks:
        layers.append({
            "data": {"values": marks},
            "layer": [
                {"mark": {"type": "rule", "color": "#555555", "strokeDash": [2, 2], "opacity": 0.6},
                 "encoding": {"x": {"field": "middle", "type": "temporal"}}},
                {"mark": {"type": "text", "fontSize": 11, "fontWeight": "bold", "color": "#222222", "baseline": "top", "dx": 3, "align": "left"},
                 "encoding": {"x": {"field": "middle", "type": "temporal"}, "y": {"field": "y", "type": "quantitative", "scale": None},
                              "text": {"field": "mark"},
                              "tooltip": [{"field": "period"}, {"field": "mark", "title": "news events"}]}},
            ],
        })
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "title": {"text": title, "fontSize": 15, "anchor": "start", "offset": 24},
        "background": "white",
        "padding": 12,
        "config": {"font": "DejaVu Sans", "view": {"stroke": "#cccccc"}},
        "vconcat": [
            {"width": WIDTH, "height": HEIGHT, "layer": layers, "resolve": {"scale": {"y": "independent"}}},
            _event_list(numbered),
        ],
    }


def _event_list(numbered: list[tuple[int, TrajectoryRow, str]]) -> dict[str, object]:
    """The numbered news events as lines of text under the chart, always the same height."""
    room = EVENT_LINES * EVENT_COLUMNS
    lines = [f"{number}  {row.period}  {label}" for number, row, label in numbered]
    if len(lines) > room:
        lines = lines[: room - 1] + [f"… and {len(lines) - room + 1} more (see the table of the HTML chart or --format csv)"]
    if not lines:
        lines = ["No news or curated events in this range."]
    values = [{"x": 4 + (i // EVENT_LINES) * _COLUMN_WIDTH, "y": 8 + (i % EVENT_LINES) * 16, "text": text} for i, text in enumerate(lines)]
    return {
        "width": WIDTH, "height": EVENT_LINES * 16, "view": {"stroke": None},
        "title": {"text": "News and curated events", "fontSize": 12, "anchor": "start", "fontWeight": "normal", "color": "#444"},
        "data": {"values": values},
        "mark": {"type": "text", "align": "left", "baseline": "middle", "fontSize": 11, "limit": _COLUMN_WIDTH - 12},
        "encoding": {"x": {"field": "x", "type": "quantitative", "scale": None},
                     "y": {"field": "y", "type": "quantitative", "scale": None}, "text": {"field": "text"}},
    }


def plot_trajectory_png(rows: Sequence[TrajectoryRow], path: Path, *, title: str) -> None:
    """A PNG of :func:`chart_spec`, written atomically."""
    import vl_convert

    image = vl_convert.vegalite_to_png(chart_spec(rows, title=title), scale=1)
    write_atomically(Path(path), lambda target: Path(target).write_bytes(image))


def plot_trajectory_html(rows: Sequence[TrajectoryRow], path: Path, *, title: str) -> None:
    """A self-contained interactive HTML chart (Vega inlined, nothing fetched), written atomically."""
    text = trajectory_html(rows, title=title)
    write_atomically(Path(path), lambda target: Path(target).write_text(text, encoding="utf-8"))


def trajectory_html(rows: Sequence[TrajectoryRow], *, title: str) -> str:
    """The HTML text of :func:`plot_trajectory_html`: the chart, and a table of the periods with events."""
    import vl_convert

    columns = ["period", "events", "goldstein_sum", "goldstein_mean", *QUAD_FIELDS.values(), "sources", "news_claims", "highlights"]
    shown = [row for row in rows if row.events]
    table = "\n".join(
        "<tr>" + "".join(f"<td>{escape(_cell(getattr(row, column)))}</td>" for column in columns) + "</tr>" for row in shown
    )
    spec = json.dumps(chart_spec(rows, title=title), ensure_ascii=False)
    return Template(_asset("chart.html")).substitute(
        title=escape(title),
        style=_asset("chart.css"),
        periods=len(rows),
        shown=len(shown),
        headers="".join(f"<th>{escape(column.replace('_', ' '))}</th>" for column in columns),
        rows=table,
        spec=_script_safe(spec),
        bundle=_script_safe(vl_convert.javascript_bundle()),
        script=_asset("chart.js"),
    )


def _cell(value: object) -> str:
    return "; ".join(value) if isinstance(value, list) else str(value)


def _script_safe(text: str) -> str:
    """Text that cannot end the ``<script>`` element it sits in."""
    return text.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def _asset(name: str) -> str:
    return resources.files("dyad.trajectory").joinpath("assets", name).read_text(encoding="utf-8")


def plot_trajectory(rows: Sequence[TrajectoryRow], path: Path, *, title: str) -> None:
    """Write the chart as PNG or interactive HTML, chosen by the file's extension (no rows: a :class:`DyadError`)."""
    kind = chart_format(path)
    if not any(row.events for row in rows):
        raise DyadError(f"no events in this range: no chart written to {path}")
    if kind == "html":
        plot_trajectory_html(rows, path, title=title)
    else:
        plot_trajectory_png(rows, path, title=title)
