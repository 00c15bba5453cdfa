"""Many small graphs through the embedded store's ``bulk_replace``: a first load into a fresh store, then every graph again.

The graphs of a synthetic store file (``bench/generate.py``), streamed graph by graph, as a
folder of small GDELT exports is loaded. To compare with an earlier ``dyad.store.embedded``, put
a copy of ``src/`` holding it first on ``PYTHONPATH``; the JSON line names the module measured.

    python bench/bench_small_graphs.py bench/data/dyad-100k-seed7.nq
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_remote import graphs_in  # noqa: E402


def main() -> None:
    import pyoxigraph as ox
    from rdflib import URIRef

    import dyad.store.embedded as embedded
    from dyad.store import DyadStore

    folder = tempfile.mkdtemp(prefix="dyad-small-graphs-")
    store = DyadStore(os.path.join(folder, "store"))
    out: dict[str, object] = {"module": embedded.__name__, "small_graphs_in_transactions": hasattr(embedded, "SMALL_GRAPH_BYTES"),
                              "load_average_before": round(os.getloadavg()[0], 2)}
    for step in ("first", "again"):
        started = time.perf_counter()
        with store.bulk_replace() as session:
            for name, chunks in graphs_in(sys.argv[1]):
                session.replace(URIRef(name), chunks, rdf_format=ox.RdfFormat.N_TRIPLES)
        out[f"{step}_s"] = round(time.perf_counter() - started, 2)
    out["quads"] = len(store)
    out["load_average_after"] = round(os.getloadavg()[0], 2)
    out["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    store.close()
    shutil.rmtree(folder)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
