"""Neo4j sync benchmark: Dyad vs rdflib-neo4j (batching on), same triples, same server, one run.

    python bench/bench_sync.py [--sizes 100000 1000000] [--rdflib-limit 900] [--json bench/results/sync.json] [--cache DIR]
    python bench/bench_sync.py --sizes 10000000 --cache DIR --prepare   # niced, before: writes the N-Quads files only

It starts a local server (dyad.neo4j.server) in a temporary run directory: Dyad's bulk path
(neo4j-admin import) restarts it. At each size: rdflib-neo4j in a child process, stopped after
--rdflib-limit seconds ("> N s"); Dyad's transactional first sync (up to --transactional-max);
Dyad's bulk first sync, then one-document incremental syncs through the driver into that graph.
Data: bench/synthetic.py (deterministic event-export documents, ~1,555 triples each).
rdflib-neo4j is fed the same triples as N-Triples (it has no named graphs). With --cache the documents
are generated once into an N-Quads file there (--prepare does only that, so it can run beforehand at low
priority) and each run reads that file: generating 10M triples in Python is slower than loading them.
The load average (1, 5, 15 minutes) is recorded before and after each size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import TRIPLES_PER_DOCUMENT, TRIPLES_PER_EVENT, document_quads, load_synthetic, replace_document, synthetic_nquads  # noqa: E402

EVENTS = 50
PER_DOC = EVENTS * TRIPLES_PER_EVENT + TRIPLES_PER_DOCUMENT


def cached_nquads(cache: Path | None, documents: int) -> Path | None:
    """The N-Quads file of ``documents`` synthetic documents in ``cache``, written first if missing (None: no cache)."""
    if cache is None:
        return None
    path = cache / f"synthetic-{documents}x{EVENTS}.nq"
    if not path.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        with open(partial, "w", encoding="utf-8") as handle:
            for index in range(documents):
                handle.writelines(document_quads(index, EVENTS))
        partial.replace(path)
    return path


def load_store(store, documents: int, nquads: Path | None) -> int:  # noqa: ANN001 - a DyadStore
    """The synthetic documents into ``store`` (from the cached file when there is one), stamped as `dyad load` does."""
    if nquads is None:
        return load_synthetic(store, documents, EVENTS)
    import pyoxigraph as ox

    before = len(store.oxigraph)
    store.oxigraph.load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    store.stamp()
    return len(store.oxigraph) - before


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def clear(driver) -> None:  # noqa: ANN001
    with driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def run_rdflib_neo4j(driver, documents: int, nquads: Path | None = None) -> tuple[float, int]:  # noqa: ANN001
    from rdflib import Graph
    from rdflib_neo4j import HANDLE_VOCAB_URI_STRATEGY, Neo4jStore, Neo4jStoreConfig

    lines = nquads.read_text(encoding="utf-8").splitlines() if nquads else synthetic_nquads(documents, EVENTS).splitlines()
    text = "".join(line.rsplit(" <", 1)[0] + " .\n" for line in lines)
    del lines
    config = Neo4jStoreConfig(auth_data=None, batching=True, handle_vocab_uri_strategy=HANDLE_VOCAB_URI_STRATEGY.IGNORE)
    print("STARTED", flush=True)
    started = time.perf_counter()
    graph = Graph(store=Neo4jStore(config=config, neo4j_driver=driver))
    graph.parse(data=text, format="nt")
    graph.close(True)
    return time.perf_counter() - started, text.count("\n")


def run_rdflib_limited(uri: str, documents: int, limit: float, nquads: Path | None = None) -> tuple[float | None, int]:
    """rdflib-neo4j in a child process; (None, triples) when it is stopped at ``limit`` seconds (after reading its input)."""
    import subprocess

    command = [sys.executable, __file__, "--rdflib-child", str(documents), "--uri", uri, *(["--nquads", str(nquads)] if nquads else [])]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    # The child says when it starts timing: preparing its input is not counted against the limit.
    import threading

    assert child.stdout is not None
    lines: list[str] = []
    started = threading.Event()

    def read() -> None:
        for line in child.stdout:  # type: ignore[union-attr]
            lines.append(line)
            if line.startswith("STARTED"):
                started.set()
        started.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    started.wait()
    try:
        child.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
        reader.join()
        return None, documents * PER_DOC
    reader.join()
    # rdflib-neo4j prints its own progress lines: the result is the line marked RESULT
    _, seconds, triples = next(line for line in lines if line.startswith("RESULT ")).split()
    return float(seconds), int(triples)


def run_dyad_bulk(uri: str, run_dir: Path, documents: int, store_path: Path | None, nquads: Path | None = None) -> dict[str, float]:
    from neo4j import GraphDatabase

    from dyad.api import open_store
    from dyad.neo4j.bulk import bulk_import
    from dyad.neo4j.sync import Neo4jSync

    store = open_store(store_path)
    triples = load_store(store, documents, nquads)
    done = bulk_import(store, run_dir)
    with GraphDatabase.driver(uri) as driver:
        syncer = Neo4jSync(driver)
        replace_document(store, documents // 2, EVENTS, variant=1)
        incremental = syncer.sync(store)
        noop = syncer.sync(store)
        replace_document(store, documents // 3, EVENTS, variant=2)
        again = syncer.sync(store)
    return {"triples": triples, "seconds": done.seconds, "csv": done.csv_seconds, "import": done.import_seconds,
            "stop": done.stop_seconds, "stop_wait": done.stop_wait_seconds, "start": done.start_seconds,
            "restart": done.stop_wait_seconds + done.start_seconds, "schema": done.schema_seconds, "warm_up": done.warm_up_seconds,
            "nodes": done.nodes,
            "relationships": done.relationships, "incremental": incremental.seconds,
            "incremental_detect": incremental.detect_seconds, "noop": noop.seconds, "incremental_again": again.seconds}


def run_dyad(driver, documents: int, store_path: Path | None, nquads: Path | None = None) -> dict[str, float]:  # noqa: ANN001
    from dyad.api import open_store
    from dyad.neo4j.sync import Neo4jSync

    store = open_store(store_path)
    triples = load_store(store, documents, nquads)
    syncer = Neo4jSync(driver)
    result = syncer.sync(store)
    replace_document(store, documents // 2, EVENTS, variant=1)
    incremental = syncer.sync(store)
    noop = syncer.sync(store)
    # Another edited document: the first incremental sync after a bulk one also pays for the
    # server replanning its cached queries (the statistics changed); this one shows the steady state.
    replace_document(store, documents // 3, EVENTS, variant=2)
    again = syncer.sync(store)
    return {"triples": triples, "seconds": result.seconds, "incremental": incremental.seconds,
            "incremental_detect": incremental.detect_seconds, "noop": noop.seconds, "incremental_again": again.seconds}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--rdflib-limit", type=float, default=900.0, help="seconds after which rdflib-neo4j is stopped")
    parser.add_argument("--no-rdflib", action="store_true",
                        help="leave rdflib-neo4j out (its time does not depend on Dyad's code: take it from a run that measured it)")
    parser.add_argument("--transactional-max", type=int, default=1_000_000, help="largest size for Dyad's transactional first sync")
    parser.add_argument("--disk-store", action="store_true", help="Dyad's store on disk (default: in memory)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--cache", type=Path, help="keep the generated documents here as N-Quads files, read again by later runs")
    parser.add_argument("--prepare", action="store_true", help="only write the cached N-Quads files (needs --cache)")
    parser.add_argument("--uri", help=argparse.SUPPRESS)
    parser.add_argument("--rdflib-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--nquads", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        if args.cache is None:
            parser.error("--prepare needs --cache")
        for size in args.sizes:
            print(cached_nquads(args.cache, max(1, size // PER_DOC)))
        return
    from neo4j import GraphDatabase

    if args.rdflib_child:
        with GraphDatabase.driver(args.uri) as driver:
            seconds, triples = run_rdflib_neo4j(driver, args.rdflib_child, args.nquads)
        print("RESULT", seconds, triples)
        return
    from dyad.neo4j.server import start_server, stop_server

    import importlib.metadata as md

    # Before the server starts: a failure here must not leave it running.
    machine = (f"{platform.processor() or platform.machine()}, {platform.system()} {platform.release()}, python {platform.python_version()}; "
               f"neo4j driver {md.version('neo4j')}, rdflib-neo4j {md.version('rdflib-neo4j')}, pyoxigraph {md.version('pyoxigraph')}")
    print(f"machine: {machine}")
    run_dir = Path(tempfile.mkdtemp(prefix="bench-neo4j-"))
    server = start_server(run_dir, heap="2g", pagecache="1g", fresh=True, standard_ports=False)
    results: dict[str, object] = {"machine": machine, "disk_store": args.disk_store, "sizes": []}
    try:
        with GraphDatabase.driver(server.uri) as driver:
            results["server"] = str(driver.get_server_info().agent)
        print(f"server: {results['server']}")
        print("| triples | rdflib-neo4j s | Dyad transactional s | Dyad bulk s (CSV / import / restart / schema / warm-up) "
              "| bulk vs rdflib-neo4j | one-document incremental into it s (detection) | a second one s | no-op s | load average before, after |")
        print("|---|---|---|---|---|---|---|---|---|")
        for size in args.sizes:
            documents = max(1, size // PER_DOC)
            nquads = cached_nquads(args.cache, documents)
            entry: dict[str, object] = {"size": size, "documents": documents, "load_average_before": load_average()}
            with GraphDatabase.driver(server.uri) as driver:
                clear(driver)
            rdflib_seconds: float | None = None
            if args.no_rdflib:
                rdflib_cell = "not run"
            else:
                rdflib_seconds, rdflib_triples = run_rdflib_limited(server.uri, documents, args.rdflib_limit, nquads)
                entry["rdflib_neo4j"] = {"seconds": rdflib_seconds, "triples": rdflib_triples, "limit": args.rdflib_limit}
                rdflib_cell = f"{rdflib_seconds:.1f}" if rdflib_seconds is not None else f"> {args.rdflib_limit:.0f} (stopped)"
            transactional_cell = "not run"
            if size <= args.transactional_max:
                with GraphDatabase.driver(server.uri) as driver:
                    clear(driver)
                    with tempfile.TemporaryDirectory() as tmp:
                        entry["dyad_transactional"] = dyad = run_dyad(driver, documents, Path(tmp) / "store" if args.disk_store else None,
                                                                      nquads)
                    transactional_cell = f"{dyad['seconds']:.1f}"
            # No clearing before the bulk path: the importer replaces the database (rdflib-neo4j's remains of a stopped run too).
            with tempfile.TemporaryDirectory() as tmp:
                entry["dyad_bulk"] = bulk = run_dyad_bulk(server.uri, run_dir, documents, Path(tmp) / "store" if args.disk_store else None,
                                                          nquads)
            ratio = ("not measured" if args.no_rdflib else f"{rdflib_seconds / bulk['seconds']:.1f}x" if rdflib_seconds is not None
                     else f"> {args.rdflib_limit / bulk['seconds']:.1f}x")
            entry["ratio"] = ratio
            entry["load_average_after"] = after = load_average()
            results["sizes"].append(entry)  # type: ignore[union-attr]
            if args.json:
                args.json.parent.mkdir(parents=True, exist_ok=True)
                args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
            before = entry["load_average_before"]
            print(f"| {bulk['triples']:,} | {rdflib_cell} | {transactional_cell} | {bulk['seconds']:.1f} ({bulk['csv']:.1f} / "
                  f"{bulk['import']:.1f} / {bulk['restart']:.1f} / {bulk['schema']:.1f} / {bulk['warm_up']:.1f}) | {ratio} | "
                  f"{bulk['incremental']:.2f} ({bulk['incremental_detect']:.2f}) | {bulk['incremental_again']:.2f} | {bulk['noop']:.2f} "
                  f"| {before[0]:.1f}, {after[0]:.1f} |", flush=True)
    finally:
        stop_server(run_dir)


if __name__ == "__main__":
    main()
