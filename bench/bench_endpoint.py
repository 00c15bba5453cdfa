"""`dyad serve` under load: a few thousand requests from a second process on loopback, some of them slow.

Starts ``dyad serve`` (its own process) on an on-disk store holding ``examples/``, then sends
``--requests`` requests from ``--clients`` threads of this process: mostly quick queries (``ASK``,
a library query, a CONSTRUCT), and a share of slow ones (a triple cross product) that must be
stopped at the time limit (503) while the others go on being answered. Prints latency
percentiles per kind and every unexpected answer.

    python bench/bench_endpoint.py [--requests 2000] [--clients 8] [--slow-every 100] [--timeout 2] [--workers 3]
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUICK = {
    "ask": "ASK {}",
    "select": "PREFIX dyad: <https://w3id.org/dyad/ontology#> SELECT ?e ?label WHERE { ?e a dyad:Event ; <http://www.w3.org/2000/01/rdf-schema#label> ?label } LIMIT 20",
    "construct": "CONSTRUCT WHERE { ?c a <https://w3id.org/dyad/ontology#Country> ; <https://w3id.org/dyad/ontology#iso3> ?code } LIMIT 50",
}
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--slow-every", type=int, default=100, help="one slow query in this many requests")
    parser.add_argument("--timeout", type=float, default=2.0, help="the endpoint's query time limit")
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    dyad = str(Path(sys.executable).with_name("dyad"))
    folder = Path(tempfile.mkdtemp(prefix="dyad-endpoint-bench-"))
    store = folder / "store"
    subprocess.run([dyad, "--store", str(store), "load", str(ROOT / "examples")], check=True, capture_output=True)
    port = 0
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([dyad, "--store", str(store), "serve", "--port", str(port), "--timeout", str(args.timeout),
                               "--workers", str(args.workers)], stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/sparql?query=ASK%7B%7D")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        time.sleep(2)  # the workers open the store
        latencies: dict[str, list[float]] = defaultdict(list)
        statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        unexpected: list[str] = []
        lock = threading.Lock()
        local = threading.local()

        def one(index: int) -> None:
            kind = "slow" if index % args.slow_every == args.slow_every - 1 else list(QUICK)[index % len(QUICK)]
            query = SLOW if kind == "slow" else QUICK[kind]
            path = "/sparql?" + urllib.parse.urlencode({"query": query})
            started = time.perf_counter()
            try:
                if getattr(local, "connection", None) is None:
                    local.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                local.connection.request("GET", path)
                response = local.connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                local.connection = None
                status = -1
                with lock:
                    unexpected.append(f"{kind}: {type(error).__name__}: {error}")
            seconds = time.perf_counter() - started
            with lock:
                latencies[kind].append(seconds)
                statuses[kind][status] += 1
                expected = 503 if kind == "slow" else 200
                if status not in (expected, -1):
                    unexpected.append(f"{kind}: HTTP {status}")

        started = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            list(pool.map(one, range(args.requests)))
        total = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"{args.requests} requests from {args.clients} client threads in {total:.1f} s ({args.requests / total:.0f}/s); "
          f"endpoint: {args.workers} workers, time limit {args.timeout:g} s; one slow query in {args.slow_every}")
    print()
    print("| kind | requests | answers | p50 | p90 | p99 | max |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for kind in [*QUICK, "slow"]:
        values = latencies[kind]
        if not values:
            continue
        answers = ", ".join(f"{count}× {status}" for status, count in sorted(statuses[kind].items()))
        print(f"| {kind} | {len(values)} | {answers} | {statistics.median(values) * 1000:.1f} ms | {percentile(values, 0.9) * 1000:.1f} ms | "
              f"{percentile(values, 0.99) * 1000:.1f} ms | {max(values) * 1000:.1f} ms |")
    print()
    print(f"unexpected answers or errors: {len(unexpected)}" + (": " + "; ".join(unexpected[:10]) if unexpected else ""))


if __name__ == "__main__":
    main()
