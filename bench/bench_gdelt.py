"""Benchmark: loading big GDELT exports, and the trajectory query on them.

Builds files of N records by repeating the real rows of the two GDELT 2.0 export batches in
the shared data folder (``--shared``, default ``../shared`` beside the checkout) with fresh
GLOBALEVENTIDs and dates spread over ten years, then, each step in its own process so that
peak memory is its own:

* loads the file into a fresh on-disk store with ``load_gdelt_events`` (the path ``dyad
  load`` takes) and reports records/s and peak RSS;
* times the ``trajectory`` of CHN–PRK and of the busiest dyad by month on the store (SPARQL on
  oxigraph), and the same library query on rdflib's own SPARQL engine over the same triples
  (only up to ``--rdflib-max`` records: rdflib holds every triple as Python objects).

    python bench/bench_gdelt.py --records 100000 1000000 --json bench/results/gdelt.json
    python bench/bench_gdelt.py --from-json bench/results/gdelt.json   # only print the section again

Progress goes to stderr; stdout is the body of the "GDELT load and trajectory" section of
BENCHMARKS.md (``bench/run_all.py`` pastes it there). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BATCHES = ("20180101000000.export.CSV", "20161013151500.export.CSV")


def real_rows(shared: Path) -> list[list[str]]:
    rows = []
    for name in BATCHES:
        with (shared / "data" / "gdelt" / "v2_events" / name).open(encoding="utf-8") as handle:
            rows.extend(line.rstrip("\n").split("\t") for line in handle if line.strip())
    return rows


def build_file(rows: list[list[str]], count: int, path: Path) -> None:
    """``count`` records: the real rows over and over, each with a fresh id and a date in 2010–2019."""
    start = dt.date(2010, 1, 1)
    with path.open("w", encoding="utf-8") as out:
        for index in range(count):
            row = list(rows[index % len(rows)])
            day = start + dt.timedelta(days=(index * 3653) // count)
            row[0] = str(1_000_000_000 + index)
            row[1], row[2], row[3] = day.strftime("%Y%m%d"), day.strftime("%Y%m"), day.strftime("%Y")
            row[4] = f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}"
            out.write("\t".join(row) + "\n")


def busiest_dyad(rows: list[list[str]]) -> tuple[str, str]:
    from dyad.vocabulary.cameo import cameo_country_to_iso3

    pairs: Counter[tuple[str, str]] = Counter()
    for row in rows:
        a, b = (cameo_country_to_iso3(code) if code else None for code in (row[7], row[17]))
        if a and b and a != b:
            pairs[tuple(sorted((a, b)))] += 1  # type: ignore[index]
    return pairs.most_common(1)[0][0]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------- steps (each run in a child process)


def step_load(export: str, store_path: str) -> dict:
    from dyad.api import open_store
    from dyad.loaders.gdelt import load_gdelt_events

    store = open_store(store_path)
    began = time.perf_counter()
    result = load_gdelt_events([export], store=store)
    seconds = time.perf_counter() - began
    quads = store.quad_count()
    store.close()
    return {"seconds": seconds, "records_read": result.stats.read, "records_loaded": result.stats.loaded,
            "records_per_s": result.stats.read / seconds, "quads": quads, "peak_rss_mb": peak_rss_mb()}


def step_store_floor(export: str, store_path: str) -> dict:
    """What the store alone can take: Dyad's Turtle for the file written out first (not timed), then
    oxigraph's bulk loader reading that file natively into a fresh on-disk store, no Dyad code in the loop."""
    import pyoxigraph as ox

    from dyad.loaders.gdelt import GdeltExport

    export_graph = GdeltExport(Path(export))
    turtle = Path(store_path + ".ttl")
    with turtle.open("w", encoding="utf-8") as out:
        out.writelines(export_graph.turtle())
    store = ox.Store(store_path)
    began = time.perf_counter()
    store.bulk_load(path=str(turtle), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(str(export_graph.name)), lenient=True)
    store.flush()
    seconds = time.perf_counter() - began
    quads = len(store)
    del store
    turtle.unlink()
    return {"seconds": seconds, "records_per_s": export_graph.stats.read / seconds, "quads": quads, "peak_rss_mb": peak_rss_mb()}


def _timed(run, repeats: int = 3) -> tuple[float, object]:
    times, value = [], None
    for _ in range(repeats):
        began = time.perf_counter()
        value = run()
        times.append(time.perf_counter() - began)
    return statistics.median(times), value


def step_query_store(store_path: str, pairs: list[list[str]]) -> dict:
    from dyad.api import open_store
    from dyad.trajectory import trajectory

    store = open_store(store_path, read_only=True)
    out = {}
    for a, b in pairs:
        seconds, rows = _timed(lambda: trajectory(a, b, by="month", store=store))
        out[f"{a}-{b}"] = {"seconds": seconds, "events": sum(r.events for r in rows), "periods": len(rows)}
    return out


def step_query_rdflib(export: str, pairs: list[list[str]]) -> dict:
    from rdflib import Dataset

    from dyad.vocabulary.iris import country_iri
    from dyad.loaders.gdelt import GdeltExport
    from dyad.queries.library import find_query
    from dyad.store import bind_values
    from dyad.trajectory import aggregate

    began = time.perf_counter()
    # A dataset whose default graph is the union, as in the store: the query reads the claim's own graph.
    graph = Dataset(default_union=True)
    export_graph = GdeltExport(Path(export))
    graph.graph(export_graph.name).parse(data="".join(export_graph.turtle()), format="turtle")
    parse_seconds = time.perf_counter() - began
    query = find_query("trajectory", "sparql").text
    out = {"parse_seconds": parse_seconds, "triples": len(graph)}
    for a, b in pairs:
        def run(a: str = a, b: str = b) -> list:
            text = bind_values(query, {"countryA": country_iri(a), "countryB": country_iri(b)})
            rows = [{str(k): v for k, v in row.asdict().items()} for row in graph.query(text)]
            return aggregate(rows, by="month")

        seconds, rows = _timed(run, repeats=1)
        out[f"{a}-{b}"] = {"seconds": seconds, "events": sum(r.events for r in rows)}  # type: ignore[union-attr]
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def child(step: str, *args: str, script: str = __file__) -> dict:
    """Run one step of a benchmark script in a fresh process (its own peak RSS); the JSON it prints last."""
    command = [sys.executable, script, "--step", step, *args]
    completed = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def run_step(options: argparse.Namespace, steps: dict) -> bool:
    """The child's side of :func:`child`: run the step it was started for and print its JSON (False: no step asked)."""
    if not options.step:
        return False
    args = [json.loads(a) if a.startswith("[") else a for a in options.args]
    print(json.dumps(steps[options.step](*args)))
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--rdflib-max", type=int, default=100_000, help="largest size also queried with rdflib")
    parser.add_argument("--workdir", type=Path, help="where files and stores go (default: a temporary folder)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--from-json", type=Path, help="print the section from saved results instead of measuring")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if run_step(options, {"load": step_load, "store-floor": step_store_floor, "query-store": step_query_store,
                          "query-rdflib": step_query_rdflib}):
        return

    if options.from_json:
        print(markdown(json.loads(options.from_json.read_text(encoding="utf-8"))))
        return
    rows = real_rows(options.shared)
    pairs = [["CHN", "PRK"], list(busiest_dyad(rows))]
    workdir = Path(options.workdir or tempfile.mkdtemp(prefix="dyad-bench-gdelt-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results = {
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "processor": platform.processor() or platform.machine(),
                    "python": platform.python_version()},
        "versions": {name: __import__(name).__version__ for name in ("pyoxigraph", "rdflib")},
        "sizes": [],
    }
    for count in options.records:
        export = workdir / f"bench-{count}.export.CSV"
        build_file(rows, count, export)
        store = workdir / f"store-{count}"
        entry: dict = {"records": count, "file_mb": export.stat().st_size / 1e6}
        entry["load"] = child("load", str(export), str(store))
        print(f"{count:>9} records: load {entry['load']['seconds']:.1f} s, {entry['load']['records_per_s']:.0f} records/s, "
              f"peak RSS {entry['load']['peak_rss_mb']:.0f} MB, {entry['load']['quads']} quads", file=sys.stderr, flush=True)
        entry["store_floor"] = child("store-floor", str(export), str(workdir / f"floor-{count}"))
        subprocess.run(["rm", "-rf", str(workdir / f"floor-{count}")], check=False)
        print(f"           oxigraph alone: {entry['store_floor']['seconds']:.1f} s, {entry['store_floor']['records_per_s']:.0f} records/s, "
              f"peak RSS {entry['store_floor']['peak_rss_mb']:.0f} MB", file=sys.stderr, flush=True)
        entry["trajectory_store"] = child("query-store", str(store), json.dumps(pairs))
        print(f"           trajectory on the store: {entry['trajectory_store']}", file=sys.stderr, flush=True)
        if count <= options.rdflib_max:
            entry["trajectory_rdflib"] = child("query-rdflib", str(export), json.dumps(pairs))
            print(f"           trajectory on rdflib:    {entry['trajectory_rdflib']}", file=sys.stderr, flush=True)
        results["sizes"].append(entry)
        export.unlink()
        subprocess.run(["rm", "-rf", str(store)], check=False)
    if options.json:
        options.json.parent.mkdir(parents=True, exist_ok=True)
        options.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(markdown(results))


def markdown(results: dict) -> str:
    """The body of the BENCHMARKS.md section, from the measurements."""
    machine, versions, sizes = results["machine"], results["versions"], results["sizes"]
    lines = [
        f"`python bench/bench_gdelt.py --records {' '.join(str(e['records']) for e in sizes)} --json bench/results/gdelt.json`",
        "(the real rows of the two GDELT 2.0 batches in `../shared/data/gdelt/v2_events/` repeated with fresh",
        "GLOBALEVENTIDs and dates spread over 2010–2019; each step in its own process; on-disk store;",
        f"{machine['cpus']} CPUs, {machine['platform']}; Python {machine['python']}, pyoxigraph {versions['pyoxigraph']}, rdflib {versions['rdflib']}).",
        "About 25% of the real rows have no actor country: they are read, counted and skipped.",
        "",
        "Three loads of the same records into a fresh on-disk store: Dyad's (`load_gdelt_events`, what `dyad load`",
        "runs: read, check, map, stream into oxigraph), oxigraph's bulk loader alone on Dyad's Turtle for the same",
        "records written out beforehand (the store's own ceiling on this machine), and rdflib parsing that Turtle",
        "into its in-memory graph (the alternative a user would pick; only up to `--rdflib-max` records).",
        "",
        "| records | file | events stored | quads | Dyad s | Dyad records/s | Dyad peak RSS | oxigraph alone s | oxigraph alone peak RSS | Dyad / oxigraph alone | rdflib parse s | Dyad vs rdflib |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for e in sizes:
        load, floor, on_rdflib = e["load"], e.get("store_floor"), e.get("trajectory_rdflib")
        floor_text = (f"{floor['seconds']:.1f} | {floor['peak_rss_mb']:,.0f} MB | {floor['seconds'] / load['seconds']:.0%} of its speed"
                      if floor else "not run | | ")
        rdflib_text = (f"{on_rdflib['parse_seconds']:.0f} | {on_rdflib['parse_seconds'] / load['seconds']:.1f}x faster"
                       if on_rdflib else "not run | ")
        lines.append(f"| {e['records']:,} | {e['file_mb']:.0f} MB | {load['records_loaded']:,} | {load['quads']:,} | {load['seconds']:.1f} | "
                     f"{load['records_per_s']:,.0f} | {load['peak_rss_mb']:,.0f} MB | {floor_text} | {rdflib_text} |")
    lines += ["", "Trajectory by month (the library query `trajectory` plus the sums in `dyad.trajectory`), median of 3",
              "runs on the store; rdflib's own SPARQL engine runs the same query text on the same triples (1 run):", "",
              "| records | dyad (events) | store (oxigraph) s | rdflib s | rdflib / store |", "|---|---|---|---|---|"]
    for e in sizes:
        for pair, on_store in e["trajectory_store"].items():
            on_rdflib = e.get("trajectory_rdflib", {}).get(pair)
            rdflib_text = f"{on_rdflib['seconds']:.2f} | {on_rdflib['seconds'] / on_store['seconds']:.0f}x" if on_rdflib else "not run |"
            lines.append(f"| {e['records']:,} | {pair} ({on_store['events']:,}) | {on_store['seconds']:.2f} | {rdflib_text} |")
    measured_rdflib = [e for e in sizes if "trajectory_rdflib" in e]
    if measured_rdflib:
        biggest = measured_rdflib[-1]["trajectory_rdflib"]
        lines += ["", f"rdflib is run only up to `--rdflib-max` records: at {measured_rdflib[-1]['records']:,} records parsing "
                  f"{biggest['triples']:,} triples into rdflib took {biggest['parse_seconds']:.0f} s and {biggest['peak_rss_mb']:,.0f} MB."]
    lines += ["", ANALYSIS.strip()]
    return "\n".join(lines)


# Written from the measurements of 2026-11-23 (session 2); the tables above are regenerated.
ANALYSIS = """
Analysis. **The load target (≥ 20k records/s) is not met, and this store cannot meet it on this
machine.** oxigraph's bulk loader alone, reading Dyad's Turtle for the same records from a file
into an empty store with no Dyad code in the loop, reaches ~10k records/s at 100k and 1M records
(~170k quads/s; CPU-bound: user + system time is ~1.8x the wall time on the 2 cores) and slows
as the store grows (RocksDB compactions): ~4–5k records/s at 3M. 20k records/s would need at
most ~12 quads per record with no overhead at all; the fields the issue asks for (the event with
its CAMEO code, label, root, QuadClass, Goldstein, counts, tone, date, actors and names; a claim
with its source document and certainty) take ~24.

Dyad's load matches that ceiling at 100k (96%) but not at 1M (154–187 s in three runs, 55–65%).
The gap is not Dyad's Python: the same streamed load into an empty raw oxigraph store took
95–115 s. It is the data already in the store: RocksDB puts bulk-loaded files that overlap data
written by transactions (here only the ontology and country graphs that every Dyad store holds)
into level 0 and compacts them during the load. The same raw load into a store holding those
reference graphs took 208 s. `DyadStore.bulk_replace` now compacts the store before loading
(165 s in that experiment; Dyad's load at 1M 159 s after the change, one run). A real store
always holds earlier documents, so about 6k records/s at 1M is what a user sees on this machine.
The 1M and 3M rows above also shared the cores with the Neo4j test suite (load average ~3.9).

**Memory is flat in the file size**: peak RSS 1.30 GB at 100k, 1.82 GB at 1M and 1.87 GB at 3M
records, the same as oxigraph's bulk loader alone (its batch buffers and RocksDB's caches);
Dyad's own part (read, check, map to Turtle) stays at ~100 MB.

Trajectory after the run above: the SPARQL engine now starts from the country that acts in fewer
events (oxigraph keeps no statistics and joins in the order written). On the 1M store, best of 3:
CHN–PRK 0.56 → 0.32 s, USA–CHN 2.30 → 0.71 s, ISR–PSE (two busy countries) 1.50 → 1.45 s; same rows.

Against rdflib (the alternative): mapping the same records and parsing them into an rdflib
graph takes 6x longer at 100k and 2.3 GB; rdflib is not run beyond that.

Choices measured on the way (100k records, 1.8M quads): a producer thread feeding the loader,
or a named pipe, or a temporary file read natively by oxigraph: all within 5% of the streamed
load (the loader is the bottleneck, not Dyad's Python); loading in several smaller bulk loads
per file: 24% slower and no less memory. Staging into a temporary graph and `MOVE GRAPH` into
place had not finished 20 s after a 34 s bulk load and was stopped (it runs as one transaction,
all in memory), so the all-or-nothing write uses a backup-and-restore session instead
(`docs/gdelt.md`); oxigraph's transactional `Store.load` was 4–5x slower than `bulk_load` and
wrote 5x the disk.
"""


if __name__ == "__main__":
    main()
