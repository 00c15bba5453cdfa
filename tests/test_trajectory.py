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


def test_the_charts_are_written_as_png_and_self_contained_html(tmp_path, fused_store):
    from dyad.trajectory.charts import plot_trajectory

    rows = trajectory("PRK", "CHN", by="year", since="2017-01-01", store=fused_store)
    plot_trajectory(rows, tmp_path / "t.png", title="North Korea – China")
    plot_trajectory(rows, tmp_path / "t.html", title="North Korea – China")
    assert (tmp_path / "t.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    html = (tmp_path / "t.html").read_text(encoding="utf-8")
    assert "<svg" in html and "Pyongyang–Beijing train service suspended" in html and "Goldstein mean" in html
    assert "src=" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in html


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
