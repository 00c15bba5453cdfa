"""The store seam measured: the embedded store vs Oxigraph server vs Apache Jena Fuseki, same data, same code.

On the synthetic graphs of the Validation section (``bench/generate.py``, seed 7), each store
started fresh on 127.0.0.1 (``dyad.store.servers``), each step in its own child process:

* load: every named graph written through the store interface (``bulk_replace``: the embedded
  store's bulk loader; one streamed SPARQL update per graph for a server);
* incremental validation of one new article against the loaded store (``validate_documents``);
* the library queries of ``bench_queries.py`` for the busiest pair (median of 3).

    python bench/bench_remote.py [--sizes 100k,1m] [--timeout 900] [--backends embedded,oxigraph,fuseki]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_queries import QUERIES, _bound_text, _busiest_pair, dyad_queries  # noqa: E402
from bench_validation import RESULTS, dataset, dyad_incremental, in_child  # noqa: E402

BACKENDS = ("embedded", "oxigraph", "fuseki")


def interface_load(data: str, location: str) -> dict:
    """Write every graph of an N-Quads file through the store interface; seconds and quads."""
    import pyoxigraph as ox

    from dyad.api import open_store

    by_graph: dict[str, list[str]] = {}
    for quad in ox.parse(path=data, format=ox.RdfFormat.N_QUADS):
        by_graph.setdefault(quad.graph_name.value, []).append(f"{quad.subject} {quad.predicate} {quad.object} .\n")
    store = open_store(location)
    started = time.perf_counter()
    with store.bulk_replace() as session:
        for name, lines in by_graph.items():
            from rdflib import URIRef

            session.replace(URIRef(name), ["".join(lines)], rdf_format=ox.RdfFormat.N_TRIPLES)
    seconds = time.perf_counter() - started
    quads = store.quad_count()
    store.close()
    return {"seconds": round(seconds, 2), "quads": quads, "graphs": len(by_graph)}


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


def run(label: str, backends: list[str], timeout: float) -> dict:
    data, new = dataset(label)
    results: dict[str, dict] = {}
    pair = None
    for backend in backends:
        folder = Path(tempfile.mkdtemp(prefix=f"dyad-bench-{backend}-"))
        server = start(backend, folder)
        location = server.url if server else str(folder / "store")
        try:
            print(f"[remote] {label} {backend}: load", file=sys.stderr, flush=True)
            row = {"load_one_update": in_child(one_update_load, str(data), location, timeout=timeout)}
            row["load"] = in_child(interface_load, str(data), location, timeout=timeout)
            print(f"[remote] {label} {backend}: incremental validation", file=sys.stderr, flush=True)
            row["incremental"] = in_child(dyad_incremental, location, str(new), timeout=timeout)
            pair = pair or _busiest_pair(location)  # the first store's: ties would pick another pair elsewhere
            texts = {name: _bound_text(name, pair) for name in QUERIES}
            print(f"[remote] {label} {backend}: queries", file=sys.stderr, flush=True)
            row["queries"] = in_child(dyad_queries, location, texts, timeout=timeout)
            row["pair"] = pair
            results[backend] = row
        finally:
            if server:
                server.stop()
            shutil.rmtree(folder, ignore_errors=True)
    result = {"size": label, "results": results}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"remote-{label}.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


def _cell(entry: dict, key: str = "seconds") -> str:
    if "timeout" in entry:
        return f"> {entry['timeout']:.0f} s (stopped)"
    if "error" in entry:
        return f"error: {entry['error'][:80]}"
    return f"{entry[key]:.3f} s" if isinstance(entry.get(key), float) else f"{entry.get(key)} s"


def markdown(result: dict) -> str:
    backends = list(result["results"])
    head = "| step | " + " | ".join(backends) + " |"
    lines = [head, "| --- |" + " --- |" * len(backends)]
    first = result["results"][backends[0]]
    load = first["load"]
    lines.append(f"| load {load.get('quads', '?')} quads in {load.get('graphs', '?')} graphs, one update (`replace_graphs`, as `dyad load` of documents) | "
                 + " | ".join(_cell(result["results"][b]["load_one_update"]) for b in backends) + " |")
    lines.append(f"| replace them again graph by graph, streamed (`bulk_replace`, as `dyad load` of GDELT exports) | "
                 + " | ".join(_cell(result["results"][b]["load"]) for b in backends) + " |")
    lines.append(f"| validate one new article ({first['incremental'].get('triples', '?')} triples, incremental; median of 3) | "
                 + " | ".join(_cell(result["results"][b]["incremental"]) for b in backends) + " |")
    for name in QUERIES:
        cells = []
        for b in backends:
            queries = result["results"][b]["queries"]
            cells.append(_cell(queries.get(name, queries)) + (f" ({queries[name]['rows']} rows)" if name in queries else ""))
        lines.append(f"| `{name}` (median of 3) | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k")
    parser.add_argument("--backends", default=",".join(BACKENDS))
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args()

    print("Command: `python bench/bench_remote.py --sizes 100k` (in `make bench`). The synthetic graph of the Validation "
          "section; each store fresh, on 127.0.0.1 (Oxigraph server 0.5 on RocksDB; Fuseki 5.6.0, TDB2 on disk, 2 GB heap, "
          "Java 17); each step in its own child process; one run, on a shared 2-core machine "
          "(other work running): noisy. The queries use the busiest pair of the first store for every store.\n")
    for label in args.sizes.split(","):
        result = run(label, args.backends.split(","), args.timeout)
        print(f"### {label}\n\n{markdown(result)}\n")


if __name__ == "__main__":
    main()
