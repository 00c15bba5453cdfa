"""Benchmark: the record-level GDELT load of two versions of Dyad, back to back on the same rows.

The rows are those of ``bench_gdelt_scale.py``'s record-level step (the first files of its
10M-record folder, the real rows with fresh ids), loaded with ``load_gdelt_events(files,
each_file_alone=True)`` into a fresh on-disk store, each run in its own process. A version is
``NAME=PATH``: a folder put first on ``PYTHONPATH`` that holds a ``dyad`` package (a checkout's
``src/`` with ``loaders``, ``ontology`` and ``queries`` linked in), or ``NAME=`` for the installed
code. The runs alternate (A B A B ...), so a change in the machine's load hits both.
Each run also reports where the store's time went (compaction, bulk loads, updates), timed
around the pyoxigraph calls.

    python bench/bench_record_level.py --rows 200000 --runs 2 --code now= --code old=/path/to/old/src

One JSON line per run on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parents[1]


class _TimedStore:
    """A pyoxigraph store that adds up the seconds spent in its heavy calls (everything else passes through)."""

    TIMED = ("optimize", "bulk_load", "update", "load", "dump", "flush")

    def __init__(self, store) -> None:  # noqa: ANN001 - a pyoxigraph Store
        self._inner = store
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def __getattr__(self, name: str):  # noqa: ANN204
        attribute = getattr(self._inner, name)
        if name not in self.TIMED:
            return attribute

        def timed(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            began = time.perf_counter()
            try:
                return attribute(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - began
                self.calls[name] += 1

        return timed

    def __len__(self) -> int:
        return len(self._inner)


def step(folder: str, store_path: str, limit: str) -> dict:
    from bench_gdelt_scale import _du, first_files

    import dyad.store.embedded as embedded
    from dyad.api import open_store
    from dyad.loaders.gdelt import load_gdelt_events

    files = first_files(folder, int(limit))
    store = open_store(store_path)
    timed = store._store = _TimedStore(store._store)
    began = time.perf_counter()
    result = load_gdelt_events(files, store=store, each_file_alone=True)
    seconds = time.perf_counter() - began
    store._store = timed._inner
    store.close()
    return {"small_graph_bytes": getattr(embedded, "SMALL_GRAPH_BYTES", None), "seconds": round(seconds, 2), "rows": result.stats.read,
            "rows_per_s": round(result.stats.read / seconds), "records": result.stats.loaded,
            "store_mb": round(_du(Path(store_path)) / 1e6), "store_seconds": {k: round(v, 2) for k, v in timed.seconds.items()},
            "store_calls": dict(timed.calls)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=200_000, help="rows loaded (whole files of the 10M folder)")
    parser.add_argument("--runs", type=int, default=2, help="runs of each version")
    parser.add_argument("--code", action="append", default=[], help="NAME=PATH (PATH first on PYTHONPATH) or NAME= (installed)")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--step", nargs=3, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.step:
        print(json.dumps(step(*options.step)))
        return
    from bench_gdelt import real_rows
    from bench_gdelt_scale import build_folder

    workdir = Path(options.workdir or tempfile.mkdtemp(prefix="dyad-bench-record-level-"))
    folder = workdir / "exports"
    if not folder.exists():
        # The first files of bench_gdelt_scale's 10M folder (100k rows each), the same rows it loads at record level.
        build_folder(real_rows(options.shared), 10_000_000, 100, folder, first=-(-options.rows // 100_000))
    codes = [c.partition("=")[::2] for c in options.code] or [("installed", "")]
    for run in range(options.runs):
        for name, path in codes:
            env = dict(os.environ)
            if path:
                env["PYTHONPATH"] = path + os.pathsep + env.get("PYTHONPATH", "")
            store = workdir / f"store-{name}"
            shutil.rmtree(store, ignore_errors=True)
            shutil.rmtree(store.with_name(store.name + ".gdelt-scans"), ignore_errors=True)
            before = os.getloadavg()[0]
            completed = subprocess.run([sys.executable, __file__, "--step", str(folder), str(store), str(options.rows)],
                                       check=True, capture_output=True, text=True, env=env)
            measured = json.loads(completed.stdout.strip().splitlines()[-1])
            print(json.dumps({"code": name, "run": run + 1, "load_before": round(before, 2), "load_after": round(os.getloadavg()[0], 2),
                              **measured}), flush=True)
            shutil.rmtree(store, ignore_errors=True)
    if not options.workdir:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
