"""Benchmark: GDELT at the scale analysts use it (a folder of exports, every dyad in aggregates, a few in detail).

Builds a folder of export files holding N records in all: the real rows of the two GDELT 2.0
batches in the shared data folder (``--shared``) over and over, each with a fresh GLOBALEVENTID
and a date spread over 2010–2020. Then, side by side in one run, each step in its own process
(so that its peak RSS is its own):

* ``raw``: reading the files and splitting every line on tabs, no mapping (the floor for any
  Python reader);
* ``duckdb``: DuckDB's ``read_csv`` over the folder and one ``GROUP BY`` for the same aggregate
  (unordered dyad × day × QuadClass: events, Goldstein sum, mentions, sources, articles,
  distinct source URLs; each GLOBALEVENTID once), what a data analyst would pick;
* ``scan``: Dyad's scan alone (:class:`dyad.gdelt.scan.ExportScanner` with ``--dyad CHN PRK``):
  every row's two country columns tested, every row between two countries kept for the aggregates;
  then the aggregates computed from the scans (numpy), no store;
* ``load``: ``load_gdelt_events(folder, row_filter=--dyad CHN PRK, each_file_alone=True)``: what
  ``dyad load FOLDER --dyad CHN PRK --commit-each-file`` runs, into a fresh on-disk store;
* ``record-level``: today's record-level load of every row of the first ``--record-level`` records;
* ``trajectory``: ``dyad trajectory`` by month on the loaded store for CHN–PRK and the busiest dyad.

    python bench/bench_gdelt_scale.py --records 10000000 --files 100 --json bench/results/gdelt_scale.json

Progress goes to stderr; stdout is the body of the "GDELT at scale" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_gdelt import busiest_dyad, child, real_rows, run_step  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FIRST_DAY, DAYS = dt.date(2010, 1, 1), 4018  # 2010-01-01 .. 2020-12-31


def build_folder(rows: list[list[str]], count: int, files: int, folder: Path, *, first: int | None = None) -> list[Path]:
    """``count`` records in ``files`` files: the real rows again and again, fresh ids, dates over 11 years.

    ``first``: write only the first that many files (the same rows as in the whole folder).
    """
    folder.mkdir(parents=True, exist_ok=True)
    per_file = -(-count // files)
    paths = []
    days = [(FIRST_DAY + dt.timedelta(days=d)) for d in range(DAYS)]
    texts = [(d.strftime("%Y%m%d"), d.strftime("%Y%m"), d.strftime("%Y"), f"{d.year + (d.timetuple().tm_yday - 1) / 365:.4f}") for d in days]
    for number in range(files if first is None else min(first, files)):
        path = folder / f"{20100101000000 + number * 1500:014d}.export.CSV"
        with path.open("w", encoding="utf-8") as out:
            for index in range(number * per_file, min(count, (number + 1) * per_file)):
                row = rows[index % len(rows)]
                day = texts[(index * DAYS) // count]
                out.write(f"{3_000_000_000 + index}\t{day[0]}\t{day[1]}\t{day[2]}\t{day[3]}\t" + "\t".join(row[5:]) + "\n")
        paths.append(path)
    return paths


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _files(folder: str) -> list[Path]:
    return sorted(Path(folder).glob("*.export.CSV"))


# ---------------------------------------------------------------- steps (each in a child process)


def step_raw(folder: str) -> dict:
    began, rows, size = time.perf_counter(), 0, 0
    for path in _files(folder):
        size += path.stat().st_size
        with path.open(encoding="utf-8", errors="replace", newline="") as handle:
            for line in handle:
                line.split("\t")
                rows += 1
    seconds = time.perf_counter() - began
    return {"seconds": seconds, "rows": rows, "rows_per_s": rows / seconds, "mb": size / 1e6, "peak_rss_mb": peak_rss_mb()}


DUCKDB_AGGREGATE = """
WITH raw AS (
  SELECT column00 AS id, column01 AS day, column07 AS code1, column17 AS code2, column29 AS quad, column30 AS goldstein,
         column31 AS mentions, column32 AS sources, column33 AS articles, column60 AS url
  FROM read_csv(?, delim = '\t', header = false, quote = '', escape = '', all_varchar = true, null_padding = true)
), rows AS (
  SELECT raw.*, c1.iso3 AS a, c2.iso3 AS b FROM raw
  JOIN cameo c1 ON c1.code = raw.code1 JOIN cameo c2 ON c2.code = raw.code2
  WHERE c1.iso3 <> c2.iso3
), once AS (SELECT DISTINCT ON (id) * FROM rows)
SELECT least(a, b) AS a, greatest(a, b) AS b, day, quad, count(*) AS events, sum(goldstein::DOUBLE) AS goldstein,
       sum(mentions::BIGINT) AS mentions, sum(sources::BIGINT) AS sources, sum(articles::BIGINT) AS articles,
       count(DISTINCT url) AS urls
FROM once GROUP BY ALL
"""


def step_duckdb(folder: str) -> dict:
    import duckdb

    connection = duckdb.connect()
    from dyad.vocabulary.cameo import country_codes, cameo_country_to_iso3

    connection.execute(f"SET threads = {os.cpu_count() or 1}")
    # CAMEO country codes to ISO alpha-3, as Dyad maps them (regions have none, so they are no dyad).
    mapping = [(code, cameo_country_to_iso3(code)) for code in country_codes()]
    connection.execute("CREATE TABLE cameo (code VARCHAR, iso3 VARCHAR)")
    connection.executemany("INSERT INTO cameo VALUES (?, ?)", [(c, i) for c, i in mapping if i])
    began = time.perf_counter()
    groups = connection.execute(f"SELECT count(*) FROM ({DUCKDB_AGGREGATE})", [str(Path(folder) / "*.export.CSV")]).fetchone()[0]
    seconds = time.perf_counter() - began
    return {"seconds": seconds, "groups": groups, "version": duckdb.__version__, "threads": os.cpu_count(), "peak_rss_mb": peak_rss_mb()}


def step_scan(folder: str, workers: str = "0") -> dict:
    import numpy as np

    from dyad.gdelt.aggregates import COLUMNS, _combined, aggregate_rows
    from dyad.gdelt.scan import RowFilter
    from dyad.loaders.gdelt import GdeltExport, scan_exports

    began = time.perf_counter()
    scans, read, kept = [], 0, 0
    row_filter = RowFilter.of(dyads=[("CHN", "PRK")])
    exports = [GdeltExport(path, row_filter=row_filter) for path in _files(folder)]
    # The same scan as `dyad load` runs: one process per CPU unless workers says otherwise (1: this process alone).
    for export, chunks in scan_exports(exports, workers=int(workers) or None):
        for _ in chunks:
            pass
        read += export.stats.read
        kept += export.stats.loaded
        rows = export.scanner.rows
        scans.append({**{name: np.frombuffer(getattr(rows, name), dtype=getattr(rows, name).typecode) for name in COLUMNS},
                      "pairs": np.array(rows.pairs, dtype="U7")})
    scanned = time.perf_counter() - began
    table = _combined(scans, [str(n) for n in range(len(scans))])
    groups = len(aggregate_rows(table)["events"])
    seconds = time.perf_counter() - began
    return {"scan_seconds": scanned, "rows": read, "rows_per_s": read / scanned, "kept_records": kept,
            "dyad_rows": int(len(table["ids"])), "aggregate_seconds": seconds - scanned, "seconds": seconds,
            "groups": groups, "workers": int(workers) or os.cpu_count(), "peak_rss_mb": peak_rss_mb()}


def first_files(folder: str, rows: int) -> list[Path]:
    """The folder's first export files, in order, until they hold at least ``rows`` lines."""
    files, total = [], 0
    for path in _files(folder):
        if total >= rows:
            break
        files.append(path)
        with path.open("rb") as lines:
            total += sum(1 for _ in lines)
    return files


def _du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0


def step_load(folder: str, store_path: str) -> dict:
    from dyad.api import open_store
    from dyad.gdelt.scan import RowFilter
    from dyad.loaders.gdelt import load_gdelt_events

    store = open_store(store_path)
    base = _du(Path(store_path))
    began = time.perf_counter()
    result = load_gdelt_events(_files(folder), store=store, row_filter=RowFilter.of(dyads=[("CHN", "PRK")]), each_file_alone=True)
    seconds = time.perf_counter() - began
    _, counted = store.select("PREFIX dyad: <https://w3id.org/dyad/ontology#> SELECT (COUNT(*) AS ?n) WHERE { ?a a dyad:DyadDayAggregate }")
    aggregates = int(counted[0]["n"].toPython())
    quads = store.quad_count()
    store.close()
    return {"seconds": seconds, "rows": result.stats.read, "rows_per_s": result.stats.read / seconds, "records": result.stats.loaded,
            "aggregate_rows": aggregates, "quads": quads, "store_bytes": _du(Path(store_path)) - base,
            "scan_bytes": _du(Path(store_path + ".gdelt-scans")), "peak_rss_mb": peak_rss_mb()}


def step_record_level(folder: str, store_path: str, limit: str) -> dict:
    from dyad.api import open_store
    from dyad.loaders.gdelt import load_gdelt_events

    files = first_files(folder, int(limit))
    store = open_store(store_path)
    base = _du(Path(store_path))
    began = time.perf_counter()
    result = load_gdelt_events(files, store=store, each_file_alone=True)
    seconds = time.perf_counter() - began
    store.close()
    return {"seconds": seconds, "rows": result.stats.read, "rows_per_s": result.stats.read / seconds, "records": result.stats.loaded,
            "store_bytes": _du(Path(store_path)) - base, "peak_rss_mb": peak_rss_mb()}


def step_trajectory(store_path: str, pairs: list[list[str]]) -> dict:
    from dyad.api import open_store
    from dyad.trajectory import trajectory

    store = open_store(store_path, read_only=True)
    out = {}
    for a, b in pairs:
        times, rows = [], []
        for _ in range(5):
            began = time.perf_counter()
            rows = trajectory(a, b, by="month", store=store)
            times.append(time.perf_counter() - began)
        out[f"{a}-{b}"] = {"seconds": statistics.median(times), "best": min(times), "events": sum(r.events for r in rows), "periods": len(rows)}
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def step_sync(store_path: str) -> dict:
    """`dyad sync` of the loaded store into a fresh local Neo4j: the transactional first sync, a no-op, then the bulk import."""
    from neo4j import GraphDatabase

    from dyad.api import open_store
    from dyad.neo4j.bulk import bulk_import
    from dyad.neo4j.server import start_server, stop_server
    from dyad.neo4j.sync import Neo4jSync

    store = open_store(store_path, read_only=True)
    run_dir = Path(tempfile.mkdtemp(prefix="dyad-bench-gdelt-neo4j-"))
    server = start_server(run_dir, heap="2g", pagecache="1g", fresh=True, standard_ports=False)
    try:
        with GraphDatabase.driver(server.uri) as driver:
            first = Neo4jSync(driver).sync(store)
            noop = Neo4jSync(driver).sync(store)
            nodes = driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
            aggregates = driver.execute_query("MATCH (n:DyadDayAggregate) RETURN count(n) AS n").records[0]["n"]
            with driver.session() as session:
                session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
        bulk = bulk_import(store, run_dir)
    finally:
        stop_server(run_dir)
    return {"quads": store.quad_count(), "transactional_seconds": first.seconds, "noop_seconds": noop.seconds, "nodes": nodes,
            "day_aggregate_nodes": aggregates, "bulk_seconds": bulk.seconds, "bulk_import_seconds": bulk.import_seconds,
            "bulk_csv_seconds": bulk.csv_seconds, "peak_rss_mb": peak_rss_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=10_000_000)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--record-level", type=int, default=200_000, help="records loaded at record level for comparison")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--skip", nargs="*", default=[], help="steps not to run")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--from-json", type=Path)
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if run_step(options, {"raw": step_raw, "duckdb": step_duckdb, "scan": step_scan, "load": step_load,
                          "record-level": step_record_level, "trajectory": step_trajectory, "sync": step_sync}):
        return
    if options.from_json:
        print(markdown(json.loads(options.from_json.read_text(encoding="utf-8"))))
        return
    rows = real_rows(options.shared)
    pairs = [["CHN", "PRK"], list(busiest_dyad(rows))]
    workdir = Path(options.workdir or tempfile.mkdtemp(prefix="dyad-bench-gdelt-scale-"))
    folder = workdir / "exports"
    began = time.perf_counter()
    if not folder.exists() or len(_files(str(folder))) != options.files:
        build_folder(rows, options.records, options.files, folder)
    print(f"built {options.records:,} records in {options.files} files ({time.perf_counter() - began:.0f} s)", file=sys.stderr, flush=True)
    results: dict = {
        "records": options.records, "files": options.files, "pairs": pairs,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "load_average_before": os.getloadavg()[0]},
    }
    store = workdir / "store"
    for step, args in (("raw", [str(folder)]), ("duckdb", [str(folder)]), ("scan", [str(folder)]), ("scan-one-process", [str(folder), "1"]),
                       ("load", [str(folder), str(store)]), ("trajectory", [str(store), json.dumps(pairs)]),
                       ("record-level", [str(folder), str(workdir / "record-level"), str(options.record_level)]),
                       ("sync", [str(store)])):
        if step in options.skip:
            continue
        results[step] = child(step.replace("-one-process", ""), *args, script=__file__)
        print(f"{step}: {json.dumps(results[step])}", file=sys.stderr, flush=True)
    results["machine"]["load_average_after"] = os.getloadavg()[0]
    if options.json:
        options.json.parent.mkdir(parents=True, exist_ok=True)
        options.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(markdown(results))


def markdown(r: dict) -> str:
    """The body of the BENCHMARKS.md section, from the measurements."""
    m = r["machine"]
    lines = [
        f"`python bench/bench_gdelt_scale.py --records {r['records']} --files {r['files']} --json bench/results/gdelt_scale.json`",
        f"({r['records']:,} records in {r['files']} files: the real rows of the two GDELT 2.0 batches repeated with fresh",
        "GLOBALEVENTIDs and dates over 2010–2020; each step in its own process, one run each, all in one run;",
        f"{m['cpus']} CPUs shared with other work (load average {m['load_average_before']:.1f} before, {m['load_average_after']:.1f} after); "
        f"{m['platform']}; Python {m['python']}).",
        "",
        "| step | what | s | rows/s | peak RSS |",
        "|---|---|---|---|---|",
    ]

    def row(name: str, what: str, key: str = "seconds") -> None:
        if name in r:
            e = r[name]
            rate = f"{e['rows_per_s']:,.0f}" if "rows_per_s" in e else f"{r['records'] / e[key]:,.0f}"
            lines.append(f"| {name} | {what} | {e[key]:.1f} | {rate} | {e['peak_rss_mb']:,.0f} MB |")

    row("raw", "read + split every line, no mapping")
    row("duckdb", f"DuckDB {r.get('duckdb', {}).get('version', '')} read_csv + GROUP BY, {r.get('duckdb', {}).get('threads', '')} threads: {r.get('duckdb', {}).get('groups', 0):,} groups")
    if "scan" in r:
        s = r["scan"]
        lines.append(f"| scan | Dyad's filtered scan (--dyad CHN PRK), {s.get('workers', 1)} processes: {s['kept_records']:,} records kept, "
                     f"{s['dyad_rows']:,} rows between two countries | {s['scan_seconds']:.1f} | {s['rows_per_s']:,.0f} | |")
        if "scan-one-process" in r:
            o = r["scan-one-process"]
            lines.append(f"| scan, one process | the same scan in the loading process alone | {o['scan_seconds']:.1f} | {o['rows_per_s']:,.0f} | "
                         f"{o['peak_rss_mb']:,.0f} MB |")
        lines.append(f"| aggregates | the scan + numpy aggregates: {s['groups']:,} groups | {s['seconds']:.1f} | {r['records'] / s['seconds']:,.0f} | {s['peak_rss_mb']:,.0f} MB |")
    if "load" in r:
        e = r["load"]
        row("load", f"`dyad load FOLDER --dyad CHN PRK --commit-each-file`: {e['records']:,} records, {e['aggregate_rows']:,} aggregate rows, "
                    f"{e['quads']:,} quads")
    if "record-level" in r:
        e = r["record-level"]
        row("record-level", f"today's load of every row, first {e['rows']:,} rows: {e['records']:,} events")
    if "trajectory" in r:
        lines += ["", "| trajectory by month on the loaded store | median of 5 | best | events | periods |", "|---|---|---|---|---|"]
        for pair, e in r["trajectory"].items():
            if pair != "peak_rss_mb":
                lines.append(f"| {pair} | {e['seconds'] * 1000:.0f} ms | {e['best'] * 1000:.0f} ms | {e['events']:,} | {e['periods']} |")
    if "load" in r:
        e = r["load"]
        lines += ["", f"Store: {e['store_bytes'] / 1e6:,.0f} MB for {e['aggregate_rows']:,} aggregate rows and {e['records']:,} record-level events "
                  f"({e['store_bytes'] / max(1, e['aggregate_rows'] + e['records']):,.0f} bytes per row or event, RocksDB's compression included); "
                  f"scans beside it {e['scan_bytes'] / 1e6:,.0f} MB ({e['scan_bytes'] / r['records']:.0f} bytes per record read)."]
    if "record-level" in r:
        e = r["record-level"]
        lines.append(f"Record-level store: {e['store_bytes'] / max(1, e['records']):,.0f} bytes per event.")
    if "rerun_after_the_run" in r:
        e = r["rerun_after_the_run"]
        t = e["trajectory"]
        lines += ["", f"Rerun after the run, under the bench lock (uptime before its steps: {e['uptime_before_each_step_and_after'][0].split('load average:')[-1].strip()}): "
                  f"raw {e['raw']['rows_per_s']:,.0f} rows/s; DuckDB {e['duckdb']['seconds']:.1f} s; Dyad's scan, "
                  f"{e['scan']['workers']} processes, {e['scan']['rows_per_s']:,.0f} rows/s, with the aggregates {e['scan']['seconds']:.1f} s "
                  f"({e['scan']['seconds'] / e['duckdb']['seconds']:.2f}x DuckDB); trajectory by month, median of 5 (best): "
                  + ", ".join(f"{pair} {v['seconds'] * 1000:.0f} ms ({v['best'] * 1000:.0f} ms)" for pair, v in t.items() if pair != "peak_rss_mb") + "."]
    if "sync" in r:
        e = r["sync"]
        lines += ["", f"`dyad sync` of a store loaded this way from {e.get('records', r['records']):,} records ({e['quads']:,} quads, "
                  f"{e['day_aggregate_nodes']:,} day aggregates) into a fresh local Neo4j: transactional first sync "
                  f"{e['transactional_seconds']:.1f} s ({e['nodes']:,} nodes), no-op sync {e['noop_seconds']:.2f} s, bulk first sync "
                  f"(neo4j-admin import) {e['bulk_seconds']:.1f} s ({e['bulk_csv_seconds']:.1f} s writing CSV, {e['bulk_import_seconds']:.1f} s "
                  f"importing); peak RSS {e['peak_rss_mb']:,.0f} MB" + (f" ({e['note']}; uptime {e['uptime_before_and_after'][0].split('load average:')[-1].strip()} before, "
                  f"{e['uptime_before_and_after'][1].split('load average:')[-1].strip()} after)" if "note" in e else "") + "."]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
