"""The trajectory of a dyad: GDELT records and news/curated events summed per period, by either engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dyad.api import load
from dyad.cli import main
from dyad.errors import QueryError
from dyad.loaders.gdelt import load_gdelt_events
from dyad.trajectory import aggregate, period_of, periods_between
from dyad.trajectory import trajectory

EXAMPLES = Path(__file__).parents[1] / "examples"


@pytest.fixture(scope="module")
def fused_store(shared):
    """The examples (curated facts, the seed article's facts, 8 GDELT rows) and the whole 2018-01-01 GDELT export (read only)."""
    from dyad.api import open_store

    store = open_store(None)
    load([EXAMPLES], store=store)
    load_gdelt_events([shared / "data" / "gdelt" / "v2_events" / "20180101000000.export.CSV"], store=store)
    return store


def _by_period(rows):
    return {row.period: row for row in rows}


def test_the_2018_gdelt_export_alone_gives_the_acceptance_row_on_the_command_line(tmp_path, shared):
    runner = CliRunner()
    store = str(tmp_path / "store")
    export = shared / "data" / "gdelt" / "v2_events" / "20180101000000.export.CSV"
    assert runner.invoke(main, ["--store", store, "load", str(export)]).exit_code == 0
    result = runner.invoke(main, ["--store", store, "trajectory", "CHN", "PRK", "--by", "month", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows == [{
        "period": "2018-01", "events": 8, "goldstein_sum": 13.6, "goldstein_mean": 1.7, "verbal_cooperation": 0,
        "material_cooperation": 4, "verbal_conflict": 4, "material_conflict": 0, "sources": 1, "news_claims": 0,
        "highlights": [],
    }]


def test_both_directions_count_and_the_order_of_the_countries_does_not_matter(fused_store):
    assert trajectory("PRK", "CHN", by="year", store=fused_store) == trajectory("CHN", "PRK", by="year", store=fused_store)


def test_the_sparql_query_starts_from_the_country_in_fewer_events_with_the_same_rows(fused_store):
    from dyad.queries.library import run_named_sparql
    from dyad.trajectory.compute import _rarer_country_first

    # In the 2018-01-01 export China acts in far more events than North Korea.
    params = {"countryA": "CHN", "countryB": "PRK"}
    assert _rarer_country_first(fused_store, params) == {"countryA": "PRK", "countryB": "CHN"}
    assert _rarer_country_first(fused_store, {"countryA": "PRK", "countryB": "CHN"}) == {"countryA": "PRK", "countryB": "CHN"}
    as_written = run_named_sparql(fused_store, "trajectory", params)[1]
    swapped = run_named_sparql(fused_store, "trajectory", _rarer_country_first(fused_store, params))[1]
    assert as_written and as_written == swapped


def test_gdelt_records_news_and_curated_events_are_fused_on_one_scale(fused_store):
    rows = _by_period(trajectory("PRK", "CHN", by="year", since="2017-01-01", until="2020-12-31", store=fused_store))
    assert list(rows) == ["2017", "2018", "2019", "2020"]
    assert rows["2017"].events == 0  # an empty period inside the range is there, with zeros
    # 2018: eight GDELT records and Kim Jong Un's visit to Beijing (curated, Goldstein 1.9 for CAMEO 042).
    assert (rows["2018"].events, rows["2018"].goldstein_sum, rows["2018"].sources) == (9, 15.5, 2)
    assert rows["2018"].highlights == ["Kim Jong Un visits Beijing, meets Xi Jinping"]
    # 2020: the seed article's suspension (-4.0) and border closure (-5.0), placed by their event types.
    assert (rows["2020"].events, rows["2020"].goldstein_sum, rows["2020"].material_conflict) == (2, -9.0, 2)
    assert rows["2020"].news_claims == 2
    assert rows["2020"].highlights == ["North Korea–China border closed against COVID-19", "Pyongyang–Beijing train service suspended"]


def test_the_source_option_splits_gdelt_records_from_news_and_curated_events(fused_store):
    gdelt = _by_period(trajectory("PRK", "CHN", by="year", source="gdelt", store=fused_store))
    news = _by_period(trajectory("PRK", "CHN", by="year", source="news", store=fused_store))
    assert list(gdelt) == ["2018"] and gdelt["2018"].events == 8 and gdelt["2018"].news_claims == 0
    assert news["2018"].events == 1 and news["2020"].events == 2 and news["1961"].events == 1


def test_gdelt_claims_are_not_counted_as_news_claims(fused_store):
    rows = _by_period(trajectory("PRK", "CHN", by="month", since="2018-01-01", until="2018-01-31", store=fused_store))
    assert rows["2018-01"].news_claims == 0


def test_periods_by_quarter_and_month():
    assert period_of("2020-05-17", "quarter") == "2020-Q2"
    assert period_of("2020", "month") == "2020-01"
    assert periods_between("2019-Q4", "2020-Q2", "quarter") == ["2019-Q4", "2020-Q1", "2020-Q2"]
    rows = aggregate([{"event": "e1", "date": "2020-02-03", "goldstein": "-4", "quadClass": 4, "document": "d1"},
                      {"event": "e2", "date": "2020-04-01", "goldstein": "6", "quadClass": 2, "document": "d1"}],
                     by="month")
    assert [(r.period, r.events, r.goldstein_sum, r.sources) for r in rows] == [
        ("2020-02", 1, -4.0, 1), ("2020-03", 0, 0.0, 0), ("2020-04", 1, 6.0, 1)]


def test_a_bad_since_date_is_a_clear_error(fused_store):
    with pytest.raises(QueryError, match="YYYY-MM-DD"):
        trajectory("PRK", "CHN", since="2018-13-01", store=fused_store)


def _png_size(path) -> tuple[int, int]:
    import struct

    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_the_png_chart_has_one_size_whatever_the_number_of_periods(tmp_path, fused_store):
    from dyad.trajectory.charts import plot_trajectory

    years = trajectory("PRK", "CHN", by="year", since="2017-01-01", store=fused_store)
    months = trajectory("PRK", "CHN", by="month", since="1961-01-01", until="2020-12-31", store=fused_store)
    assert len(months) == 720
    plot_trajectory(years, tmp_path / "years.png", title="North Korea – China")
    plot_trajectory(months, tmp_path / "months.png", title="North Korea – China")
    width, height = _png_size(tmp_path / "years.png")
    assert _png_size(tmp_path / "months.png") == (width, height)
    assert 800 <= width <= 1200 and 400 <= height <= 700


def test_the_chart_has_quadclass_bars_a_goldstein_line_and_numbered_news_events(fused_store):
    from dyad.trajectory.charts import chart_spec

    rows = trajectory("PRK", "CHN", by="quarter", since="2017-10-01", until="2020-12-31", store=fused_store)
    spec = chart_spec(rows, title="t")
    plot, events = spec["vconcat"]
    bars, goldstein, news = plot["layer"]
    assert bars["mark"]["type"] == "bar" and bars["encoding"]["x"]["type"] == "temporal"
    assert bars["encoding"]["x"]["scale"]["domain"] == [{"year": 2017, "month": 10, "date": 1}, {"year": 2021, "month": 1, "date": 1}]
    assert {bar["quadclass"] for bar in bars["data"]["values"]} == {"verbal cooperation", "material cooperation", "verbal conflict", "material conflict"}
    assert any(layer["mark"]["type"] == "line" for layer in goldstein["layer"])
    assert [mark["mark"] for mark in news["data"]["values"]] == ["1", "2", "3–4"]
    lines = [value["text"] for value in events["data"]["values"]]
    assert lines[0].startswith("1  2018-Q1 ") and any("train service suspended" in line for line in lines)


def test_the_html_chart_is_self_contained_and_tables_only_periods_with_events(tmp_path, fused_store):
    import re

    from dyad.trajectory.charts import plot_trajectory

    rows = trajectory("PRK", "CHN", by="month", since="2017-01-01", until="2020-12-31", store=fused_store)
    plot_trajectory(rows, tmp_path / "t.html", title="North Korea – China")
    html = (tmp_path / "t.html").read_text(encoding="utf-8")
    assert "vegaEmbed" in html and "Pyongyang–Beijing train service suspended" in html and "Goldstein mean" in html
    markup = re.sub(r"(?s)(<script[^>]*>).*?</script>", r"\1</script>", html)  # the page without its inlined scripts
    assert markup.count("<script") == 3 and not re.search(r"src=|<link|@import|url\(", markup), "nothing is fetched"
    assert markup.count("<tr>") == 1 + sum(1 for row in rows if row.events) < len(rows)


def test_a_chart_in_another_format_is_refused_before_the_table_prints(fused_store, tmp_path):
    from click.testing import CliRunner

    from dyad.cli import main

    result = CliRunner().invoke(main, ["--store", str(tmp_path / "none"), "trajectory", "PRK", "CHN", "--plot", str(tmp_path / "x.svg")])
    assert result.exit_code == 1
    assert "write the chart as .png or .html" in result.output and "period" not in result.output
    assert not (tmp_path / "none").exists(), "refused before the store is opened"


@pytest.mark.neo4j
def test_sparql_and_cypher_engines_return_identical_rows(fused_store, neo4j_driver):
    from dyad.neo4j.sync import Neo4jSync

    Neo4jSync(neo4j_driver).sync(fused_store)
    for by in ("month", "quarter", "year"):
        for source in ("all", "gdelt", "news"):
            options = {"by": by, "source": source, "since": "1961-01-01", "until": "2020-12-31"}
            sparql = trajectory("PRK", "CHN", engine="sparql", store=fused_store, **options)
            cypher = trajectory("PRK", "CHN", engine="cypher", driver=neo4j_driver, **options)
            assert sparql == cypher, (by, source)
    assert _by_period(trajectory("CHN", "PRK", engine="cypher", driver=neo4j_driver, by="month"))["2018-01"].goldstein_sum == 13.6


def test_no_chart_is_drawn_for_a_range_without_events(tmp_path, fused_store):
    from dyad.errors import DyadError
    from dyad.trajectory.charts import plot_trajectory

    rows = trajectory("USA", "FRA", by="month", store=fused_store)
    with pytest.raises(DyadError, match="no events"):
        plot_trajectory(rows, tmp_path / "t.png", title="United States – France")
    assert not (tmp_path / "t.png").exists()
