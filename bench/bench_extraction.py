"""Articles per second of the news extraction on one core.

Builds N synthetic articles of about 5 KB from the project's own test passages (shuffled
sentences, so no two are the same), writes them to a temporary folder, then times
``extract_report`` (read + extract, the JSON path) and ``NewsLoader().load`` (the RDF path)
over all of them. The gazetteer is built once before timing, as in a long-running process.

    .venv/bin/python bench/bench_extraction.py [--articles 200] [--size 5000] [--json]
    .venv/bin/python bench/bench_extraction.py --from DIR   # real articles (*.txt) from a folder, cycled
    .venv/bin/python bench/bench_extraction.py --from DIR --join   # the same run together into 5 KB files
    .venv/bin/python bench/bench_extraction.py --load 10            # and what `dyad load` adds: SHACL gate, store write

The graph path is what the news loader makes of an article; ``dyad load`` then validates the
graph against the shapes (with what it touches in the store) and writes it into the on-disk
store. ``--load N`` times that whole call (``dyad.api.load``) for the first N files: one call per
file as ``dyad load FILE`` makes, then all N in one call as ``dyad load FOLDER`` makes, each into a
new store (after one warm-up load into a scratch store: the shapes compiled once, as in a
long-running process).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSAGES = ROOT / "tests" / "loaders" / "cases" / "news"


def make_articles(folder: Path, count: int, size: int, seed: int = 7) -> list[Path]:
    sentences = []
    for path in sorted(PASSAGES.glob("*.txt")):
        sentences.extend(line.strip() for line in path.read_text().splitlines() if line.strip())
    rng = random.Random(seed)
    paths = []
    for index in range(count):
        body: list[str] = []
        while sum(len(s) + 1 for s in body) < size:
            body.append(rng.choice(sentences))
        path = folder / f"article-{index:04d}.txt"
        path.write_text("\n".join(body) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def join_articles(folder: Path, found: list[Path], count: int, size: int) -> list[Path]:
    """Real articles run together until each file is about ``size`` bytes: real density at 5 KB."""
    texts = [p.read_text(encoding="utf-8") for p in found]
    paths = []
    for index in range(count):
        body, k = [], index
        while sum(len(t) + 1 for t in body) < size:
            body.append(texts[k % len(texts)])
            k += 1
        path = folder / f"joined-{index:04d}.txt"
        path.write_text("\n".join(body)[:size + 500], encoding="utf-8")
        paths.append(path)
    return paths


def time_load(folder: Path, paths: list[Path], metadata: object) -> dict[str, float]:
    """What ``dyad load FILE`` costs per file (read, SHACL gate, store write), one call per file into a new store."""
    from dyad.api import load, open_store

    load(paths[-1:], store=open_store(None), metadata=metadata)  # warm-up: shapes compiled, store code loaded
    store = open_store(folder / "load-store")
    started, cpu = time.perf_counter(), time.process_time()
    for path in paths:
        load([path], store=store, metadata=metadata)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    # ``dyad load FOLDER``: the same files in one call (one gate, one transaction) into another new store.
    batch_store = open_store(folder / "batch-store")
    batch_started, batch_cpu = time.perf_counter(), time.process_time()
    load(paths, store=batch_store, metadata=metadata)
    batch_wall, batch_cpu = time.perf_counter() - batch_started, time.process_time() - batch_cpu
    return {"load_articles": len(paths), "load_articles_per_cpu_s": round(len(paths) / cpu, 2),
            "load_ms_per_article": round(1000 * cpu / len(paths), 1), "load_articles_per_s": round(len(paths) / wall, 2),
            "batch_load_articles_per_cpu_s": round(len(paths) / batch_cpu, 2),
            "batch_load_ms_per_article": round(1000 * batch_cpu / len(paths), 1),
            "batch_load_articles_per_s": round(len(paths) / batch_wall, 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--from", dest="source", type=Path, help="time these *.txt articles (cycled) instead")
    parser.add_argument("--join", action="store_true",
                        help="with --from: run the articles together into --size files (real density, 5 KB)")
    parser.add_argument("--load", type=int, default=0, metavar="N",
                        help="also time dyad load itself (gate and store write) on the first N files, one call each")
    args = parser.parse_args(argv)

    from dyad.extraction import extract_report
    from dyad.extraction.gazetteer import default_gazetteer
    from dyad.loaders.base import SourceMetadata
    from dyad.loaders.news import NewsLoader

    started = time.perf_counter()
    default_gazetteer()
    warmup = time.perf_counter() - started
    metadata = SourceMetadata(published="2024-06-26", publisher="bench")
    with tempfile.TemporaryDirectory() as tmp:
        if args.source:
            found = sorted(args.source.glob("*.txt"))
            if not found:
                parser.error(f"no *.txt articles in {args.source}")
            paths = [found[i % len(found)] for i in range(args.articles)]
            if args.join:
                paths = join_articles(Path(tmp), found, args.articles, args.size)
        else:
            paths = make_articles(Path(tmp), args.articles, args.size)
        mean_kb = sum(p.stat().st_size for p in paths) / len(paths) / 1024
        started, cpu = time.perf_counter(), time.process_time()
        events = sum(len(extract_report(p, metadata)["events"]) for p in paths)
        report_s, report_cpu = time.perf_counter() - started, time.process_time() - cpu
        loader = NewsLoader()
        started, cpu = time.perf_counter(), time.process_time()
        triples = sum(len(g.graph) for p in paths for g in loader.load(p, metadata))
        graph_s, graph_cpu = time.perf_counter() - started, time.process_time() - cpu
        loaded = time_load(Path(tmp), paths[:args.load], metadata) if args.load else None
    result = {
        "articles": len(paths), "mean_kb": round(mean_kb, 2), "gazetteer_build_s": round(warmup, 2),
        "report_articles_per_s": round(len(paths) / report_s, 1),
        "graph_articles_per_s": round(len(paths) / graph_s, 1),
        # per CPU-second of this process: the one-core rate, whatever else the machine is doing
        "report_articles_per_cpu_s": round(len(paths) / report_cpu, 1),
        "graph_articles_per_cpu_s": round(len(paths) / graph_cpu, 1),
        "events": events, "triples": triples,
        **(loaded or {}),
        "python": platform.python_version(), "machine": platform.machine(),
    }
    if args.json:
        sys.stdout.write(json.dumps(result) + "\n")
    else:
        sys.stdout.write(
            f"{result['articles']} articles of {result['mean_kb']} KB: "
            f"{result['report_articles_per_s']} articles/s (report), {result['graph_articles_per_s']} articles/s (RDF) "
            f"wall clock; per CPU second {result['report_articles_per_cpu_s']} (report), "
            f"{result['graph_articles_per_cpu_s']} (RDF); "
            f"gazetteer built once in {result['gazetteer_build_s']} s; {events} events, {triples} triples\n")
        if loaded:
            sys.stdout.write(
                f"dyad load, {loaded['load_articles']} files one call each into a new store: "
                f"{loaded['load_articles_per_cpu_s']} articles per CPU second ({loaded['load_ms_per_article']} ms each; "
                f"{loaded['load_articles_per_s']} per second wall clock); the same files in one call: "
                f"{loaded['batch_load_articles_per_cpu_s']} articles per CPU second ({loaded['batch_load_ms_per_article']} ms each; "
                f"{loaded['batch_load_articles_per_s']} per second wall clock)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
