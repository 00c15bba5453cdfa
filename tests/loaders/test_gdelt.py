"""The gdelt loader: GDELT 1.0 and 2.0 event exports as events backed by reported claims."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import XSD

import dyad
from dyad.errors import LoaderError
from dyad.vocabulary.iris import country_iri, document_iri, dyad_iri, gdelt_event_iri
from dyad.loaders import loader_for
from dyad.loaders.common import document_key
from dyad.loaders.gdelt import GdeltLoader, export_document_iri, gdelt_claim_iri, load_gdelt_events
from dyad.vocabulary.namespaces import CERTAINTY, DYAD, EVENT_STATUS, EVENT_TYPE, PROV, RDF
from dyad.trajectory import trajectory
from dyad.validation import validate_graph

CASES = Path(__file__).parent / "cases" / "gdelt"
PACKAGED = Path(dyad.__file__).parent / "data" / "gdelt"
ARTICLE = "https://www.channelnewsasia.com/news/world/after-trump-criticism--china-denies-selling-oil-illicitly-to-north-korea-9819368"


@pytest.fixture(scope="module")
def export_2018(shared: Path) -> Path:
    return shared / "data" / "gdelt" / "v2_events" / "20180101000000.export.CSV"


def _graph(path: Path, **options) -> Graph:
    return next(GdeltLoader(**options).load(path)).graph


def test_loading_the_2018_export_gives_the_chn_prk_row_of_the_acceptance(store, export_2018):
    result = load_gdelt_events([export_2018], store=store)
    assert (result.stats.read, result.stats.loaded, result.stats.bad_rows, result.stats.no_country) == (2414, 1825, 0, 589)
    (row,) = trajectory("CHN", "PRK", by="month", store=store)
    assert row.period == "2018-01"
    assert row.goldstein_sum == 13.6
    assert (row.material_cooperation, row.verbal_conflict, row.verbal_cooperation, row.material_conflict) == (4, 4, 0, 0)
    assert row.events == 8  # every GDELT record counts as one report
    assert row.sources == 1  # all eight records come from one article


def test_a_record_becomes_an_event_with_its_cameo_coding_backed_by_a_reported_claim():
    graph = _graph(CASES / "two-records.export.CSV")
    event, claim = gdelt_event_iri("719025337"), gdelt_claim_iri("719025337")
    article = document_iri(document_key(url=ARTICLE))
    assert graph.value(event, DYAD.cameoCode) == Literal("111")
    assert graph.value(event, DYAD.cameoRootCode) == Literal("11")
    assert str(graph.value(event, DYAD.cameoLabel)) == "Criticize or denounce"
    assert graph.value(event, DYAD.quadClass) == Literal(3)
    assert graph.value(event, DYAD.goldstein).datatype == XSD.decimal
    assert Decimal(str(graph.value(event, DYAD.goldstein))) == Decimal("-2.0")
    assert Decimal(str(graph.value(event, DYAD.avgTone))) == Decimal("-3.2258064516129")
    assert [int(graph.value(event, p)) for p in (DYAD.numMentions, DYAD.numSources, DYAD.numArticles)] == [1, 1, 1]
    assert graph.value(event, DYAD.date) == Literal("2018-01-01", datatype=XSD.date)
    assert graph.value(event, DYAD.initiator) == country_iri("CHN")
    assert graph.value(event, DYAD.recipient) == country_iri("PRK")
    assert set(graph.objects(event, DYAD.actor)) == {country_iri("CHN"), country_iri("PRK")}
    assert {str(n) for n in graph.objects(event, DYAD.actorName)} == {"CHINA", "NORTH KOREA"}
    assert graph.value(event, DYAD.concernsDyad) == dyad_iri("CHN", "PRK")
    assert graph.value(event, DYAD.eventType) == EVENT_TYPE.statement
    assert graph.value(event, DYAD.eventStatus) == EVENT_STATUS.reported
    assert graph.value(claim, DYAD.asserts) == event
    assert graph.value(claim, DYAD.certainty) == CERTAINTY.reported
    assert graph.value(claim, PROV.wasDerivedFrom) == article
    assert str(graph.value(article, DYAD.documentKind)) == "news-article"
    assert str(graph.value(article, DYAD.url)) == ARTICLE
    run = graph.value(claim, PROV.wasGeneratedBy)
    assert str(graph.value(run, DYAD.loaderName)) == "gdelt"
    export = export_document_iri(CASES / "two-records.export.CSV")
    assert str(graph.value(export, DYAD.documentKind)) == "event-export"


def test_two_records_map_to_the_golden_graph():
    actual = _graph(CASES / "two-records.export.CSV")
    text = (CASES / "two-records.expected.ttl").read_text(encoding="utf-8")
    version = dyad.__version__
    text = text.replace("run/gdelt/0-1-0", "run/gdelt/" + version.replace(".", "-")).replace('"0.1.0"', f'"{version}"')
    expected = Graph().parse(data=text, format="turtle")
    if not isomorphic(actual, expected):
        _, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        pytest.fail("graph differs from the golden file\nmissing:\n" + missing.serialize(format="nt") + "\nextra:\n" + extra.serialize(format="nt"))


@pytest.mark.parametrize("name", ["spark-gdelt_events.csv", "spark-gdelt_events1.csv", "chn_prk_rows_from_20180101000000.export.CSV"])
def test_the_loader_output_passes_the_shapes(name):
    # GDELT 2.0 (61 columns) and GDELT 1.0 (57 and 58 columns) rows, as shipped in the package.
    path = PACKAGED / name
    report = validate_graph(_graph(path), source=str(path))
    assert not report.failures(), report.as_text()  # warnings do not refuse a load


def test_gdelt_1_rows_without_a_url_are_derived_from_the_export_file():
    path = PACKAGED / "spark-gdelt_events1.csv"
    graph = _graph(path)
    export = export_document_iri(path)
    derived = {graph.value(claim, PROV.wasDerivedFrom) for claim in graph.subjects(RDF.type, DYAD.Claim)}
    assert export in derived  # the 57-column rows
    assert any(str(graph.value(doc, DYAD.documentKind)) == "news-article" for doc in derived)  # the 58-column rows


def test_bad_rows_are_reported_with_file_and_line_counted_and_skipped(store):
    path = CASES / "bad-rows.export.CSV"
    result = load_gdelt_events([path], store=store)
    stats = result.stats
    assert (stats.read, stats.loaded, stats.bad_rows, stats.no_country, stats.skipped) == (7, 2, 4, 1, 5)
    reasons = {problem.line: problem.reason for problem in stats.problems}
    assert all(problem.path == str(path) for problem in stats.problems)
    assert "40 columns" in reasons[2]
    assert "GoldsteinScale (column 31) is 'abc'" in reasons[3]
    assert "unknown CAMEO country code 'XYZ'" in reasons[4]
    assert "bad date '20181301'" in reasons[5]
    assert store.has_graph(export_document_iri(path))


def test_strict_fails_on_the_first_bad_row_and_changes_nothing(store):
    before = store.quad_count()
    with pytest.raises(LoaderError) as error:
        load_gdelt_events([CASES / "bad-rows.export.CSV"], store=store, strict=True)
    assert error.value.location.line == 2
    assert str(CASES / "bad-rows.export.CSV") in str(error.value)
    assert store.quad_count() == before


def test_a_failed_load_puts_back_the_graphs_it_replaced(disk_store, tmp_path):
    export = tmp_path / "20180101000000.export.CSV"
    export.write_bytes((PACKAGED / "chn_prk_rows_from_20180101000000.export.CSV").read_bytes())
    load_gdelt_events([export], store=disk_store)
    name = export_document_iri(export)
    before = disk_store.graph_hash(name)
    export.write_bytes(b"".join(export.read_bytes().splitlines(keepends=True)[:3]))  # the file changed
    with pytest.raises(LoaderError):
        load_gdelt_events([export, CASES / "bad-rows.export.CSV"], store=disk_store, strict=True)
    assert disk_store.graph_hash(name) == before
    assert not disk_store.has_graph(export_document_iri(CASES / "bad-rows.export.CSV"))


def test_reloading_the_same_export_changes_nothing(store):
    path = PACKAGED / "chn_prk_rows_from_20180101000000.export.CSV"
    first = load_gdelt_events([path], store=store)
    quads = store.quad_count()
    second = load_gdelt_events([path], store=store)
    assert first.graphs == second.unchanged == [export_document_iri(path)]
    assert store.quad_count() == quads


def test_a_zipped_export_loads_like_the_plain_file(tmp_path):
    plain = CASES / "two-records.export.CSV"
    zipped = tmp_path / "two-records.export.CSV.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.write(plain, plain.name)
    events = lambda graph: set(graph.subjects(RDF.type, DYAD.Event))  # noqa: E731
    assert events(_graph(zipped)) == events(_graph(plain)) == {gdelt_event_iri("719025337"), gdelt_event_iri("719026622")}


def test_the_loader_is_chosen_from_the_file(shared):
    assert loader_for(PACKAGED / "spark-gdelt_events.csv").name == "gdelt"
    assert loader_for(PACKAGED / "spark-gdelt_events1.csv").name == "gdelt"
    assert not GdeltLoader().can_load(shared / "data" / "cow" / "states2016_cols1-10.csv")


def test_dyad_load_prints_what_it_read_loaded_and_skipped(tmp_path):
    from dyad.cli import main

    runner = CliRunner()
    result = runner.invoke(main, ["--store", str(tmp_path / "s"), "load", str(CASES / "bad-rows.export.CSV")])
    assert result.exit_code == 0, result.output
    assert "records read 7, loaded 2, skipped 5 (4 bad rows, 1 with no actor country)" in result.output
    assert f"skipped {CASES / 'bad-rows.export.CSV'}:5: bad date '20181301'" in result.output
    strict = runner.invoke(main, ["--store", str(tmp_path / "t"), "load", "--strict", str(CASES / "bad-rows.export.CSV")])
    assert strict.exit_code == 1
    assert "bad-rows.export.CSV:2" in strict.output
