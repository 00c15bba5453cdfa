"""Neo4j sync benchmark: Dyad vs rdflib-neo4j (batching on), same triples, same server, one run.

    python bench/bench_sync.py [--sizes 100000 1000000] [--uri bolt://...] [--json bench/results/sync.json]

Without --uri it starts a local server (dyad.neo4j.server) in a temporary run directory.
Data: bench/synthetic.py (deterministic event-export documents, ~1,555 triples each).
rdflib-neo4j is fed the same triples as N-Triples (it has no named graphs).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import TRIPLES_PER_DOCUMENT, TRIPLES_PER_EVENT, load_synthetic, replace_document, synthetic_nquads  # noqa: E402

EVENTS = 50
PER_DOC = EVENTS * TRIPLES_PER_EVENT + TRIPLES_PER_DOCUMENT


def clear(driver) -> None:  # noqa: ANN001
    with driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def run_rdflib_neo4j(driver, documents: int) -> tuple[float, int]:  # noqa: ANN001
    from rdflib import Graph
    from rdflib_neo4j import HANDLE_VOCAB_URI_STRATEGY, Neo4jStore, Neo4jStoreConfig

    text = "".join(line.rsplit(" <", 1)[0] + " .\n" for line in synthetic_nquads(documents, EVENTS).splitlines())
    config = Neo4jStoreConfig(auth_data=None, batching=True, handle_vocab_uri_strategy=HANDLE_VOCAB_URI_STRATEGY.IGNORE)
    started = time.perf_counter()
    graph = Graph(store=Neo4jStore(config=config, neo4j_driver=driver))
    graph.parse(data=text, format="nt")
    graph.close(True)
    return time.perf_counter() - started, text.count("\n")


def run_dyad(driver, documents: int, store_path: Path | None) -> dict[str, float]:  # noqa: ANN001
    from dyad.api import open_store
    from dyad.neo4j.sync import Neo4jSync

    store = open_store(store_path)
    triples = load_synthetic(store, documents, EVENTS)
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
    parser.add_argument("--rdflib-max", type=int, default=100_000, help="largest size given to rdflib-neo4j (beyond: extrapolated)")
    parser.add_argument("--uri")
    parser.add_argument("--disk-store", action="store_true", help="Dyad's store on disk (default: in memory)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    from neo4j import GraphDatabase

    server = None
    if not args.uri:
        from dyad.neo4j.server import start_server

        server = start_server(Path(tempfile.mkdtemp(prefix="bench-neo4j-")), heap="2g", pagecache="1g", fresh=True, standard_ports=False)
        args.uri = server.uri
    import importlib.metadata as md

    machine = (f"{platform.processor() or platform.machine()}, {platform.system()} {platform.release()}, python {platform.python_version()}; "
               f"neo4j driver {md.version('neo4j')}, rdflib-neo4j {md.version('rdflib-neo4j')}, pyoxigraph {md.version('pyoxigraph')}")
    print(f"machine: {machine}")
    results: dict[str, object] = {"machine": machine, "disk_store": args.disk_store, "sizes": []}
    try:
        with GraphDatabase.driver(args.uri) as driver:
            results["server"] = str(driver.get_server_info().agent)
            print(f"server: {results['server']}")
            print("| triples | rdflib-neo4j s | rdflib-neo4j triples/s | Dyad s | Dyad triples/s | ratio | Dyad one-document incremental s (of which change detection) | a second one s | no-op s |")
            print("|---|---|---|---|---|---|---|---|---|")
            rate: float | None = None  # rdflib-neo4j's triples/s at the largest size it ran
            for size in args.sizes:
                documents = max(1, size // PER_DOC)
                clear(driver)
                entry: dict[str, object] = {"size": size, "documents": documents}
                if size <= args.rdflib_max:
                    rdflib_seconds, rdflib_triples = run_rdflib_neo4j(driver, documents)
                    rate = rdflib_triples / rdflib_seconds
                    rdflib_cell = f"{rdflib_seconds:.1f}"
                    entry["rdflib_neo4j"] = {"seconds": rdflib_seconds, "triples": rdflib_triples}
                elif rate is not None:
                    rdflib_cell = f"~{documents * PER_DOC / rate:.0f} (extrapolated)"
                else:
                    rdflib_cell = "not run"
                clear(driver)
                with tempfile.TemporaryDirectory() as tmp:
                    dyad = run_dyad(driver, documents, Path(tmp) / "store" if args.disk_store else None)
                dyad_rate = dyad["triples"] / dyad["seconds"]
                entry["dyad"] = dyad
                entry["ratio"] = dyad_rate / rate if rate else None
                results["sizes"].append(entry)  # type: ignore[union-attr]
                if args.json:
                    args.json.parent.mkdir(parents=True, exist_ok=True)
                    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
                rate_cell, ratio_cell = (f"{rate:,.0f}", f"{dyad_rate / rate:.1f}x") if rate else ("", "")
                print(f"| {dyad['triples']:,} | {rdflib_cell} | {rate_cell} | {dyad['seconds']:.1f} | {dyad_rate:,.0f} | "
                      f"{ratio_cell} | {dyad['incremental']:.2f} ({dyad['incremental_detect']:.2f}) | {dyad['incremental_again']:.2f} | "
                      f"{dyad['noop']:.2f} |", flush=True)
    finally:
        if server is not None:
            from dyad.neo4j.server import stop_server

            stop_server(server)


if __name__ == "__main__":
    main()
