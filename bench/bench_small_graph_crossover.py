"""Benchmark: where the embedded store's one-transaction path stops paying against the bulk loader.

Writes one graph of GDELT aggregate Turtle at a time through ``DyadStore.bulk_replace`` into the
store at ``STORE`` (created if missing), by transaction and by bulk load in turn, for each size in
bytes, ``REPEATS`` times (a fresh graph each time). The choice of path is forced by setting
``dyad.store.embedded.SMALL_GRAPH_BYTES``; what is measured is the whole replace (backup, journal,
write, stamp). Run it on a fresh store and on a big one: the bulk loader's fixed cost grows with the
files already ingested.

    python bench/bench_small_graph_crossover.py STORE 16000,64000,256000,1000000,3000000 2

One JSON line: the seconds of each write, by size and path.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time


def aggregate_turtle(size: int, seed: int) -> str:
    """About ``size`` characters of day-aggregate statements, as ``dyad.gdelt.aggregates`` writes them."""
    from dyad.gdelt.aggregates import _statement

    chooser = random.Random(seed)
    out, total = [], 0
    while total < size:
        day = 1 + chooser.randrange(28)
        statement = _statement("DyadDayAggregate", chooser.choice(["CHN-PRK", "USA-RUS", "ISR-PSE", "DEU-FRA"]), chooser.randrange(10**8),
                               f"2010-01-{day:02d}", chooser.randrange(1, 5), chooser.randrange(1, 50), chooser.uniform(-10, 10),
                               chooser.randrange(100), chooser.randrange(50), chooser.randrange(80), chooser.randrange(20))
        out.append(statement)
        total += len(statement)
    return "".join(out)


def main() -> None:
    from rdflib import URIRef

    import dyad.store.embedded as embedded
    from dyad.gdelt.aggregates import PREFIXES
    from dyad.store import DyadStore

    location, sizes, repeats = sys.argv[1], [int(s) for s in sys.argv[2].split(",")], int(sys.argv[3])
    store = DyadStore(location)
    results: dict[str, list[float]] = {}
    written = 0
    for size in sizes:
        for _ in range(repeats):
            for path in ("transaction", "bulk"):
                written += 1
                text = aggregate_turtle(size, written)
                embedded.SMALL_GRAPH_BYTES = (1 << 40) if path == "transaction" else 0
                began = time.perf_counter()
                with store.bulk_replace(compact=False) as session:
                    session.replace_many([(URIRef(f"https://example.org/crossover/{written}"), [text])], prefixes=PREFIXES)
                results.setdefault(f"{size}:{path}", []).append(round(time.perf_counter() - began, 3))
    store.close()
    print(json.dumps({"store": os.path.basename(location), "load_average": round(os.getloadavg()[0], 2), **results}))


if __name__ == "__main__":
    main()
