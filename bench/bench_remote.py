"""The store seam measured: the embedded store vs Oxigraph server vs Apache Jena Fuseki, same data, same code.

On the synthetic graphs of the Validation section (``bench/generate.py``, seed 7), each store
started fresh on 127.0.0.1 (``dyad.store.servers``), each step in its own child process:

* load: every named graph in one update (``replace_graphs``, what ``dyad load`` sends for
  documents), then every graph replaced again, streamed graph by graph from the file
  (``bulk_replace``, what ``dyad load`` does with GDELT exports: the embedded store's
  transaction or bulk loader, one streamed SPARQL update per graph for a server);
* incremental validation of one new article against the loaded store (``validate_documents``);
* the library queries of ``bench_queries.py`` for the busiest pair (median of 3).

Each backend's row is merged into ``bench/results/remote-<size>.json`` with the load average
before and after it, the client's peak RSS per step and the server's, so backends can be run one
at a time (each under the bench lock); ``--report`` prints the section from those files.

    python bench/bench_remote.py [--sizes 100k,1m] [--timeout 900] [--load-timeout S] [--backends embedded,oxigraph,fuseki]
    python bench/bench_remote.py --report
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_queries import QUERIES, _bound_text, _busiest_pair, dyad_queries  # noqa: E402
from bench_validation import RESULTS, dataset, dyad_incremental, in_child  # noqa: E402

BACKENDS = ("embedded", "oxigraph", "fuseki")
_PIECE = 256 * 1024  # characters of N-Triples per chunk handed to the store


def graphs_in(data: str) -> Iterator[tuple[str, Iterator[str]]]:
    """The graphs of an N-Quads file whose graphs are contiguous (``generate.py``'s are), each as streamed N-Triples chunks."""
    import pyoxigraph as ox

    def pieces(quads: Iterator) -> Iterator[str]:  # noqa: ANN001
        lines: list[str] = []
        size = 0
        for quad in quads:
            line = f"{quad.subject} {quad.predicate} {quad.object} .\n"
            lines.append(line)
            size += len(line)
            if size >= _PIECE:
                yield "".join(lines)
                lines, size = [], 0
        if lines:
            yield "".join(lines)

    for name, quads in itertools.groupby(ox.parse(path=data, format=ox.RdfFormat.N_QUADS), key=lambda q: q.graph_name.value):
        yield name, pieces(quads)


def interface_load(data: str, location: str) -> dict:
    """Replace every graph of an N-Quads file through ``bulk_replace``, streamed from the file; seconds and quads."""
    import pyoxigraph as ox
    from rdflib import URIRef

    from dyad.api import open_store

    store = open_store(location)
    started = time.perf_counter()
    count = 0
    with store.bulk_replace() as session:
        for name, chunks in graphs_in(data):
            session.replace(URIRef(name), chunks, rdf_format=ox.RdfFormat.N_TRIPLES)
            count += 1
            if count % 500 == 0:
                print(f"[remote]   {count} graphs in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    seconds = time.perf_counter() - started
    quads = store.quad_count()
    store.close()
    return {"seconds": round(seconds, 2), "quads": quads, "graphs": count}


def one_update_load(data: str, location: str) -> dict:
    """Write every graph of an N-Quads file with ``replace_graphs``: one update, what ``dyad load`` sends for documents."""
    import pyoxigraph as ox
    from rdflib import Graph, URIRef

    from dyad.api import open_store
    from dyad.store import from_ox

    graphs: dict[str, Graph] = {}
    for quad in ox.parse(path=data, format=ox.RdfFormat.N_QUADS):
        graphs.setdefault(quad.graph_name.value, Graph()).add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    store = open_store(location)
    started = time.perf_counter()
    store.replace_graphs([(URIRef(name), graph) for name, graph in graphs.items()])
    seconds = time.perf_counter() - started
    quads = store.quad_count()
    store.close()
    return {"seconds": round(seconds, 2), "quads": quads, "graphs": len(graphs)}


def start(backend: str, folder: Path):  # noqa: ANN201
    from dyad.store.servers import start_fuseki, start_oxigraph_server

    if backend == "oxigraph":
        return start_oxigraph_server(folder / "oxigraph")
    if backend == "fuseki":
        return start_fuseki(folder / "fuseki", heap="2g")
    return None


def server_peak_rss_mb(server) -> float | None:  # noqa: ANN001 - a LocalServer
    """The server process's peak resident memory so far (Linux's VmHWM), in MB."""
    try:
        for line in Path(f"/proc/{server.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def results_file(label: str) -> Path:
    return RESULTS / f"remote-{label}.json"


def run(label: str, backends: list[str], timeout: float, load_timeout: float) -> dict:
    data, new = dataset(label)
    saved = results_file(label)
    result = json.loads(saved.read_text(encoding="utf-8")) if saved.exists() else {"size": label, "results": {}}
    pair = tuple(result["pair"]) if result.get("pair") else None  # every backend on the same pair, whichever ran first
    for backend in backends:
        folder = Path(tempfile.mkdtemp(prefix=f"dyad-bench-{backend}-"))
        row: dict[str, object] = {"started": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                                  "load_average_before": [round(x, 2) for x in os.getloadavg()]}
        server = start(backend, folder)
        location = server.url if server else str(folder / "store")
        try:
            print(f"[remote] {label} {backend}: load in one update", file=sys.stderr, flush=True)
            row["load_one_update"] = in_child(one_update_load, str(data), location, timeout=load_timeout)
            print(f"[remote] {label} {backend}: load again graph by graph, streamed", file=sys.stderr, flush=True)
            row["load"] = in_child(interface_load, str(data), location, timeout=load_timeout)
            print(f"[remote] {label} {backend}: incremental validation", file=sys.stderr, flush=True)
            row["incremental"] = in_child(dyad_incremental, location, str(new), timeout=timeout)
            pair = pair or _busiest_pair(location)
            texts = {name: _bound_text(name, pair) for name in QUERIES}
            print(f"[remote] {label} {backend}: queries", file=sys.stderr, flush=True)
            row["queries"] = in_child(dyad_queries, location, texts, timeout=timeout)
            row["pair"] = list(pair)
            if server:
                row["server_peak_rss_mb"] = server_peak_rss_mb(server)
        finally:
            if server:
                server.stop()
            shutil.rmtree(folder, ignore_errors=True)
        row["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
        result["results"][backend] = row
        result["pair"] = list(pair) if pair else None
        RESULTS.mkdir(parents=True, exist_ok=True)
        saved.write_text(json.dumps(result, indent=2), encoding="utf-8")  # after each backend: a later one may be stopped
    return result


def _cell(entry: dict, key: str = "seconds") -> str:
    if "timeout" in entry:
        return f"> {entry['timeout']:.0f} s (stopped)"
    if "error" in entry:
        return f"error: {entry['error'][:80]}"
    return f"{entry[key]:.3f} s" if isinstance(entry.get(key), float) else f"{entry.get(key)} s"


def _rss(entry: dict) -> str:
    return f" ({entry['max_rss_mb']:.0f} MB)" if isinstance(entry.get("max_rss_mb"), (int, float)) and "timeout" not in entry else ""


def markdown(result: dict) -> str:
    order = [b for b in BACKENDS if b in result["results"]]
    rows = result["results"]
    lines = ["| step | " + " | ".join(order) + " |", "| --- |" + " --- |" * len(order)]
    load = next((rows[b]["load"] for b in order if "quads" in rows[b]["load"]), {})
    incremental = next((rows[b]["incremental"] for b in order if "triples" in rows[b]["incremental"]), {})
    lines.append("| when (UTC); load average before → after | "
                 + " | ".join(f"{rows[b].get('started', '?')[11:16]}; {rows[b]['load_average_before'][0]:.2f} → "
                              f"{rows[b]['load_average_after'][0]:.2f}" if "load_average_before" in rows[b] else "?" for b in order) + " |")
    lines.append(f"| load {load.get('quads', '?'):,} quads in {load.get('graphs', '?'):,} graphs, one update (`replace_graphs`, as "
                 "`dyad load` of documents; client peak RSS) | "
                 + " | ".join(_cell(rows[b]["load_one_update"]) + _rss(rows[b]["load_one_update"]) for b in order) + " |")
    lines.append("| replace them again graph by graph, streamed from the file (`bulk_replace`, as `dyad load` of GDELT exports; "
                 "client peak RSS) | " + " | ".join(_cell(rows[b]["load"]) + _rss(rows[b]["load"]) for b in order) + " |")
    lines.append(f"| validate one new article ({incremental.get('triples', '?')} triples, incremental; median of 3) | "
                 + " | ".join(_cell(rows[b]["incremental"]) for b in order) + " |")
    for name in QUERIES:
        cells = []
        for b in order:
            queries = rows[b]["queries"]
            cells.append(_cell(queries.get(name, queries)) + (f" ({queries[name]['rows']} rows)" if name in queries else ""))
        lines.append(f"| `{name}` (median of 3) | " + " | ".join(cells) + " |")
    lines.append("| server peak RSS | " + " | ".join(
        f"{rows[b]['server_peak_rss_mb']:.0f} MB" if rows[b].get("server_peak_rss_mb") else "(in the client)" for b in order) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k")
    parser.add_argument("--backends", default=",".join(BACKENDS))
    parser.add_argument("--timeout", type=float, default=900, help="seconds per validation or query step")
    parser.add_argument("--load-timeout", type=float, default=None, help="seconds per load step (default: --timeout)")
    parser.add_argument("--report", action="store_true", help="print the section from the saved results, run nothing")
    args = parser.parse_args()

    print("Command: `python bench/bench_remote.py --sizes 100k` (in `make bench`). The synthetic graph of the Validation "
          "section; each store fresh, on 127.0.0.1 (Oxigraph server 0.5 on RocksDB; Fuseki 5.6.0, TDB2 on disk, 2 GB heap, "
          "Java 17); each step in its own child process, on a shared 2-core machine. The queries use one pair for every "
          "store (the busiest of the first store measured).\n")
    for label in args.sizes.split(","):
        if args.report:
            result = json.loads(results_file(label).read_text(encoding="utf-8"))
        else:
            result = run(label, args.backends.split(","), args.timeout, args.load_timeout or args.timeout)
        pair = "–".join(result.get("pair") or ("?", "?"))
        print(f"### {label} (pair {pair})\n\n{markdown(result)}\n")


if __name__ == "__main__":
    main()
