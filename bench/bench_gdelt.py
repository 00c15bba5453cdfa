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

Not part of the test suite.
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
    from dyad.cameo import cameo_country_to_iso3

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
    from rdflib import Graph

    from dyad.iris import country_iri
    from dyad.loaders.gdelt import GdeltExport
    from dyad.query_library import find_query
    from dyad.store import bind_values
    from dyad.trajectory import aggregate

    began = time.perf_counter()
    graph = Graph()
    graph.parse(data="".join(GdeltExport(Path(export)).turtle()), format="turtle")
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


def child(step: str, *args: str) -> dict:
    command = [sys.executable, __file__, "--step", step, *args]
    completed = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--rdflib-max", type=int, default=100_000, help="largest size also queried with rdflib")
    parser.add_argument("--workdir", type=Path, help="where files and stores go (default: a temporary folder)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.step:
        steps = {"load": step_load, "query-store": step_query_store, "query-rdflib": step_query_rdflib}
        args = [json.loads(a) if a.startswith("[") else a for a in options.args]
        print(json.dumps(steps[options.step](*args)))
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
              f"peak RSS {entry['load']['peak_rss_mb']:.0f} MB, {entry['load']['quads']} quads", flush=True)
        entry["trajectory_store"] = child("query-store", str(store), json.dumps(pairs))
        print(f"           trajectory on the store: {entry['trajectory_store']}", flush=True)
        if count <= options.rdflib_max:
            entry["trajectory_rdflib"] = child("query-rdflib", str(export), json.dumps(pairs))
            print(f"           trajectory on rdflib:    {entry['trajectory_rdflib']}", flush=True)
        results["sizes"].append(entry)
        export.unlink()
        subprocess.run(["rm", "-rf", str(store)], check=False)
    if options.json:
        options.json.parent.mkdir(parents=True, exist_ok=True)
        options.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
