"""GDELT at scale: filtered loads, dyad-day aggregates for every dyad, and queries whose cost does not grow with restatement."""

from __future__ import annotations

import time
import zipfile
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from dyad.api import load, open_store
from dyad.cli import main
from dyad.gdelt.scan import RowFilter
from dyad.loaders.gdelt import BadRow, export_document_iri, load_gdelt_events, open_export, parse_record, split_gdelt_files
from dyad.trajectory import trajectory
from dyad.vocabulary.iris import dyad_iri, gdelt_event_iri

EXAMPLES = Path(__file__).parents[2] / "examples"
AGGREGATES = """PREFIX dyad: <https://w3id.org/dyad/ontology#>
SELECT ?dyad ?date ?quadClass ?events ?goldsteinSum ?mentions ?sources ?articles ?sourceUrls WHERE {
  ?a a dyad:DyadDayAggregate ; dyad:aggregateOf ?dyad ; dyad:date ?date ; dyad:quadClass ?quadClass ; dyad:eventCount ?events ;
     dyad:goldsteinSum ?goldsteinSum ; dyad:numMentions ?mentions ; dyad:numSources ?sources ; dyad:numArticles ?articles ;
     dyad:sourceUrlCount ?sourceUrls }"""


def real_exports(shared: Path) -> list[Path]:
    """Every GDELT file of the shared data (1.0 and 2.0 layouts; the derived file restates 8 rows of a 2018 export)."""
    files, _ = split_gdelt_files([shared / "data" / "gdelt" / folder for folder in ("v1_events", "v2_events", "derived")])
    return sorted(files, key=lambda path: str(export_document_iri(path)))


def sums_from_the_records(paths: list[Path]) -> dict[tuple[str, str, int], tuple[int, Decimal, int, int, int]]:
    """Per dyad × day × QuadClass, from every record between two countries, each GLOBALEVENTID once."""
    seen: set[str] = set()
    sums: dict[tuple[str, str, int], list] = defaultdict(lambda: [0, Decimal(0), 0, 0, 0])
    for path in paths:
        with open_export(path) as handle:
            for line in handle:
                line = line.rstrip("\r\n")
                if not line:
                    continue
                try:
                    record = parse_record(line.split("\t"))
                except BadRow:
                    continue
                a, b = record.initiator, record.recipient
                if not a or not b or a == b or record.event_id in seen:
                    continue
                seen.add(record.event_id)
                entry = sums[(str(dyad_iri(a, b)), record.date, record.quad_class)]
                entry[0] += 1
                entry[1] += Decimal(record.goldstein)
                entry[2] += record.num_mentions
                entry[3] += record.num_sources
                entry[4] += record.num_articles
    return {key: tuple(value) for key, value in sums.items()}  # type: ignore[misc]


def stored_aggregates(store) -> dict[tuple[str, str, int], tuple[int, Decimal, int, int, int]]:  # noqa: ANN001
    _, rows = store.select(AGGREGATES)
    found = {}
    for row in rows:
        key = (str(row["dyad"]), str(row["date"]), int(row["quadClass"].toPython()))
        assert key not in found, f"two aggregates for {key}"
        found[key] = (int(row["events"].toPython()), Decimal(str(row["goldsteinSum"])), int(row["mentions"].toPython()),
                      int(row["sources"].toPython()), int(row["articles"].toPython()))
    return found


def test_every_aggregate_equals_the_sum_of_the_records_for_every_dyad_including_those_outside_the_filter(shared):
    exports = real_exports(shared)
    assert len(exports) >= 6
    store = open_store(None)
    result = load_gdelt_events(exports, store=store, row_filter=RowFilter.of(countries=["PRK", "CHN"]))
    expected = sums_from_the_records(exports)
    found = stored_aggregates(store)
    assert len({key[0] for key in expected}) > 100  # hundreds of dyads, most of them outside the filter
    assert set(found) == set(expected)
    for key, (events, goldstein, mentions, sources, articles) in expected.items():
        stored_events, stored_goldstein, *stored_counts = found[key]
        assert (stored_events, stored_counts) == (events, [mentions, sources, articles]), key
        assert abs(stored_goldstein - goldstein) < Decimal("0.0005"), key  # stored rounded to 3 decimals
    # Record-level events only for the rows the filter keeps, and the others were counted, not parsed.
    assert result.stats.filtered_out > 0
    _, actors = store.select("PREFIX dyad: <https://w3id.org/dyad/ontology#> SELECT DISTINCT ?e WHERE { ?e a dyad:Event . "
                             "FILTER NOT EXISTS { ?e dyad:actor ?c . FILTER(?c IN (<https://w3id.org/dyad/id/country/PRK>, <https://w3id.org/dyad/id/country/CHN>)) } }")
    assert actors == []


def test_a_dyad_filter_keeps_only_its_records_and_the_aggregates_still_cover_every_dyad(shared, tmp_path):
    export = shared / "data" / "gdelt" / "v2_events" / "20180101000000.export.CSV"
    zipped = tmp_path / "20180101000000.export.CSV.zip"
    with zipfile.ZipFile(zipped, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(export, export.name)
    for path in (export, zipped):
        store = open_store(None)
        load_gdelt_events([path], store=store, row_filter=RowFilter.of(dyads=[("PRK", "CHN")]))
        _, events = store.select("PREFIX dyad: <https://w3id.org/dyad/ontology#> SELECT DISTINCT ?e WHERE { ?e a dyad:Event }")
        assert len(events) == 8 and {"event": gdelt_event_iri("719025337")} not in events
        assert stored_aggregates(store) == sums_from_the_records([export])
        usa_rus = trajectory("USA", "RUS", by="year", store=store)
        assert usa_rus and usa_rus[0].events > 0  # outside the filter, in the aggregates


def test_overlapping_exports_give_the_same_trajectory_as_one_and_take_about_as_long(shared, tmp_path):
    """The same rows in two export files (GDELT 1.0 daily and 2.0 15-minute files overlap; users reload)."""
    def build(with_overlap: bool):  # noqa: ANN202
        store = open_store(tmp_path / ("overlap" if with_overlap else "single"))
        load([EXAMPLES], store=store)
        files = [shared / "data" / "gdelt" / "v2_events" / name for name in ("20180101000000.export.CSV", "20161013151500.export.CSV")]
        if with_overlap:
            files.append(shared / "data" / "gdelt" / "derived" / "chn_prk_rows_from_20180101000000.export.CSV")
        load_gdelt_events(files + [EXAMPLES / "gdelt-chn-prk-20180101000000.export.CSV"], store=store)
        return store

    def timed(store):  # noqa: ANN001, ANN202
        best, rows = float("inf"), None
        for _ in range(3):
            start = time.perf_counter()
            rows = trajectory("PRK", "CHN", by="year", store=store)
            best = min(best, time.perf_counter() - start)
        return best, rows

    single, overlap = build(False), build(True)
    single_time, single_rows = timed(single)
    overlap_time, overlap_rows = timed(overlap)
    assert overlap_rows == single_rows
    assert {row.period: row.events for row in single_rows}["2018"] == 9
    assert overlap_time < 2 * single_time + 0.02, (single_time, overlap_time)


def test_load_options_countries_and_dyad_on_the_command_line(shared, tmp_path):
    export = shared / "data" / "gdelt" / "v2_events" / "20180101000000.export.CSV"
    runner = CliRunner()
    store = str(tmp_path / "store")
    result = runner.invoke(main, ["--store", store, "load", str(export), "--dyad", "PRK", "CHN", "--dyad", "USA", "RUS"])
    assert result.exit_code == 0, result.output
    assert "outside --countries/--dyad" in result.output and "aggregates:" in result.output
    bad = runner.invoke(main, ["--store", str(tmp_path / "other"), "load", str(export), "--countries", "PRK,XX9"])
    assert bad.exit_code == 2 and "XX9" in bad.output


def test_removing_an_export_from_a_folder_load_updates_the_aggregates(shared, tmp_path):
    first = shared / "data" / "gdelt" / "v2_events" / "20180101000000.export.CSV"
    overlap = shared / "data" / "gdelt" / "derived" / "chn_prk_rows_from_20180101000000.export.CSV"
    store = open_store(tmp_path / "store")
    load_gdelt_events([first, overlap], store=store, each_file_alone=True)
    both = trajectory("PRK", "CHN", by="year", store=store)
    from dyad.api import remove_document

    remove_document(store, str(export_document_iri(first)))
    alone = trajectory("PRK", "CHN", by="year", store=store)
    assert both == alone and alone[0].events == 8  # the 8 rows are still in the other file
    remove_document(store, str(export_document_iri(overlap)))
    assert trajectory("PRK", "CHN", by="year", source="gdelt", store=store) == []


def test_most_active_dyads_counts_gdelt_from_the_aggregates_and_news_and_curated_events_one_by_one(shared):
    from dyad.queries.library import run_sparql

    store = open_store(None)
    load([EXAMPLES / "north-korea-china-milestones.facts.yaml", EXAMPLES / "seed-pyongyang-beijing-train.facts.yaml"], store=store)
    export = shared / "data" / "gdelt" / "v2_events" / "20180101000000.export.CSV"
    overlap = shared / "data" / "gdelt" / "derived" / "chn_prk_rows_from_20180101000000.export.CSV"
    load_gdelt_events([export, overlap], store=store, row_filter=RowFilter.of(countries=["PRK"]))
    rows = {r["name"]: r for r in run_sparql(store, "most-active-dyads").records()}
    # 8 curated events (10 claims) and the 8 GDELT records (once, though in two files; one claim each).
    assert (rows["CHN–PRK"]["events"], rows["CHN–PRK"]["claims"]) == (16, 18)
    expected = sums_from_the_records([export])
    usa_rus = [value for key, value in expected.items() if key[0] == str(dyad_iri("USA", "RUS"))]
    assert rows["RUS–USA"]["events"] == sum(v[0] for v in usa_rus)
    recent = run_sparql(store, "most-active-dyads", {"since": "2018-01-01", "until": "2018-01-31", "country": "PRK"}).records()
    assert {r["name"]: (r["events"], r["conflictShare"]) for r in recent}["CHN–PRK"] == (8, 0.5)
    assert all("PRK" in (r["countryA"], r["countryB"]) for r in recent) and len(recent) > 1


def test_a_trajectory_reads_whole_months_from_month_rows_and_the_cut_months_from_day_rows(shared):
    exports = real_exports(shared)
    store = open_store(None)
    load_gdelt_events(exports, store=store, row_filter=RowFilter.of(countries=["PRK"]))
    expected = sums_from_the_records(exports)
    busiest = max({key[0] for key in expected}, key=lambda d: sum(v[0] for k, v in expected.items() if k[0] == d))
    a, b = busiest.rsplit("/", 1)[-1].split("-")
    days = sorted({key[1] for key in expected if key[0] == busiest})
    bounds = [(None, None), (days[0], days[-1]), (days[len(days) // 3], None), (None, days[len(days) // 2]),
              (days[len(days) // 3], days[len(days) // 3]), ("2016-09-15", "2016-10-31"), ("2016-10-02", "2018-01-01")]
    for since, until in bounds:
        rows = trajectory(a, b, by="month", since=since, until=until, source="gdelt", store=store)
        wanted = [v for k, v in expected.items() if k[0] == busiest and (since is None or k[1] >= since) and (until is None or k[1] <= until)]
        assert sum(r.events for r in rows) == sum(v[0] for v in wanted), (since, until)
        assert abs(sum(r.goldstein_sum for r in rows) - float(sum(v[1] for v in wanted))) < 0.01, (since, until)


def test_an_export_loaded_through_the_rdflib_path_counts_in_the_aggregates_too():
    store = open_store(None)
    load([EXAMPLES], store=store)  # the examples hold 8 GDELT rows, read by GdeltLoader.load
    rows = {row.period: row for row in trajectory("PRK", "CHN", by="year", source="gdelt", store=store)}
    assert rows["2018"].events == 8 and rows["2018"].sources == 1


def test_a_folder_load_reports_progress_over_bytes_and_resumes_where_it_stopped(shared, tmp_path):
    from dyad.loaders.gdelt import total_bytes

    folder = tmp_path / "exports"
    folder.mkdir()
    source = (shared / "data" / "gdelt" / "v2_events" / "20180101000000.export.CSV").read_text(encoding="utf-8").splitlines(keepends=True)
    for number in range(3):
        (folder / f"2018010{number}000000.export.CSV").write_text("".join(source[number * 700:(number + 1) * 700]), encoding="utf-8")
    zipped = folder / "20180104000000.export.CSV.zip"
    with zipfile.ZipFile(zipped, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("20180104000000.export.CSV", "".join(source[2100:]))
    files, _ = split_gdelt_files([folder])
    store = open_store(tmp_path / "store")
    done: list[int] = []
    first = load_gdelt_events(files[:2], store=store, each_file_alone=True, progress_bytes=done.append)
    assert sum(done) == total_bytes(files[:2]) and len(first.graphs) == 2
    done.clear()
    again = load_gdelt_events(files, store=store, each_file_alone=True, progress_bytes=done.append)
    assert len(again.unchanged) == 2 and len(again.graphs) == 2  # the files already stored are skipped by their stamp
    assert sum(done) == total_bytes(files)  # zipped or not, the bar ends at the bytes on disk
    assert stored_aggregates(store) == sums_from_the_records(files)


def test_files_scanned_in_parallel_store_the_same_as_files_read_one_by_one(shared):
    exports = real_exports(shared)
    outcome = {}
    for workers in (1, 2):
        store = open_store(None)
        result = load_gdelt_events(exports, store=store, row_filter=RowFilter.of(countries=["PRK"]), workers=workers)
        _, events = store.select("PREFIX dyad: <https://w3id.org/dyad/ontology#> SELECT ?e ?date WHERE { ?e a dyad:Event ; dyad:date ?date }")
        outcome[workers] = (stored_aggregates(store), sorted(str(row["e"]) for row in events), result.stats.summary(),
                            [str(graph) for graph in result.graphs])
    assert outcome[1] == outcome[2]
    assert outcome[2][1] and outcome[2][2]["outside the filter"] > 0


def test_a_bad_row_in_a_file_scanned_by_another_process_is_named_by_file_and_line_and_nothing_is_stored(shared, tmp_path):
    from dyad.errors import LoaderError

    good = shared / "data" / "gdelt" / "v2_events" / "20180101000000.export.CSV"
    bad = tmp_path / "20990101000000.export.CSV"
    bad.write_text(good.read_text(encoding="utf-8").splitlines(keepends=True)[0] + "not\ta\tgdelt\trow\n", encoding="utf-8")
    store = open_store(tmp_path / "store")
    before = store.quad_count()
    with pytest.raises(LoaderError) as raised:
        load_gdelt_events([good, bad], store=store, row_filter=RowFilter.of(countries=["PRK"]), strict=True, workers=2)
    assert raised.value.location is not None and raised.value.location.line == 2
    assert bad.name in str(raised.value) and "--strict" in str(raised.value)
    assert store.quad_count() == before


class _CallLog:
    """A pyoxigraph store that notes its compactions and writes, in order (everything else passes through)."""

    def __init__(self, store) -> None:  # noqa: ANN001 - a pyoxigraph Store
        self._inner, self.calls = store, []

    def __getattr__(self, name: str):  # noqa: ANN204
        attribute = getattr(self._inner, name)
        if name not in ("optimize", "bulk_load", "update"):
            return attribute

        def noted(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            self.calls.append(name)
            return attribute(*args, **kwargs)

        return noted

    def __len__(self) -> int:
        return len(self._inner)


def test_a_folder_load_compacts_the_store_before_its_first_file_and_once_when_done_not_before_the_aggregates(shared, tmp_path, monkeypatch):
    import dyad.loaders.gdelt as gdelt

    monkeypatch.setattr(gdelt, "COMPACT_AFTER_ROWS", 1)  # the shared files are small; a real load compacts from 100k rows
    store = open_store(tmp_path / "store")
    log = store._store = _CallLog(store._store)
    files = sorted((shared / "data" / "gdelt" / "v2_events").glob("*.export.CSV"))
    result = load_gdelt_events(files, store=store, each_file_alone=True)
    assert len(result.graphs) == len(files) >= 2 and result.aggregates["aggregate rows written"] > 0
    # Compacting before the aggregates' write too cost as much as the compaction after it (200k rows: ~5 s of ~38 s).
    assert log.calls.count("optimize") == 2
    assert log.calls[0] == "optimize" and log.calls[-1] == "optimize"
