"""Library queries at scale: Dyad's embedded store vs rdflib's own SPARQL engine, same data, same query text.

Three queries from ``queries/sparql/``: ``trajectory``, ``events-of-dyad`` and
``corroborated-events``, for the busiest pair of countries in the synthetic graph. Parameters
are bound the same way for both engines (an inline VALUES block), and each engine runs in
its own child process with a time limit.

    python bench/bench_queries.py [--size 1m] [--timeout 300]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_validation import RESULTS, dataset, in_child, store_dir  # noqa: E402

QUERIES = ("trajectory", "events-of-dyad", "corroborated-events")
REPEATS = 3


def _busiest_pair(target: str) -> tuple[str, str]:
    from dyad.api import open_store

    store = open_store(target, read_only=True)
    _, rows = store.select(
        "PREFIX dyad: <https://w3id.org/dyad/ontology#> SELECT ?a ?b (COUNT(?e) AS ?n) WHERE { "
        "?e dyad:initiator ?x ; dyad:recipient ?y . ?x dyad:iso3 ?a . ?y dyad:iso3 ?b } GROUP BY ?a ?b ORDER BY DESC(?n) LIMIT 1"
    )
    store.close()
    return str(rows[0]["a"]), str(rows[0]["b"])


def _bound_text(name: str, pair: tuple[str, str]) -> str:
    from dyad.queries.library import find_query
    from dyad.store import bind_values

    query = find_query(name, "sparql")
    params = {"countryA": pair[0], "countryB": pair[1]}
    if name == "corroborated-events":
        params["minSources"] = "1"
    known = {p.name for p in query.parameters}
    bindings = query.bind({k: v for k, v in params.items() if k in known})
    return bind_values(query.text, bindings) if bindings else query.text  # type: ignore[arg-type]


def dyad_queries(target: str, texts: dict[str, str]) -> dict:
    from dyad.api import open_store

    store = open_store(target, read_only=True)
    out = {}
    for name, text in texts.items():
        timings, rows = [], 0
        for _ in range(REPEATS):
            started = time.perf_counter()
            rows = len(list(store.query(text)))
            timings.append(time.perf_counter() - started)
        out[name] = {"seconds": round(statistics.median(timings), 4), "rows": rows}
    return out


def rdflib_queries(data: str, texts: dict[str, str], per_query_limit: float) -> dict:
    from rdflib import Dataset

    graph = Dataset(default_union=True)
    started = time.perf_counter()
    graph.parse(data, format="nquads")
    out: dict[str, object] = {"load_seconds": round(time.perf_counter() - started, 2)}
    for name, text in texts.items():
        started = time.perf_counter()
        rows = len(list(graph.query(text)))
        seconds = time.perf_counter() - started
        out[name] = {"seconds": round(seconds, 3), "rows": rows}
        if seconds > per_query_limit:
            break  # the remaining queries would not fit the budget either
    return out


def run(label: str, timeout: float) -> dict:
    data, _ = dataset(label)
    if not store_dir(label).exists():
        from bench_validation import dyad_load

        in_child(dyad_load, str(data), str(store_dir(label)), timeout=timeout * 3)
    pair = _busiest_pair(str(store_dir(label)))
    texts = {name: _bound_text(name, pair) for name in QUERIES}
    print(f"[queries] {label}: {pair[0]}–{pair[1]}", file=sys.stderr, flush=True)
    dyad = in_child(dyad_queries, str(store_dir(label)), texts, timeout=timeout)
    rdflib = in_child(rdflib_queries, str(data), texts, timeout / 2, timeout=timeout * 2)
    result = {"size": label, "pair": pair, "dyad": dyad, "rdflib": rdflib}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "queries.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


def markdown(result: dict) -> str:
    dyad, rdflib = result["dyad"], result["rdflib"]
    quads = result.get("quads") or result["size"]
    lines = [
        f"The {quads} synthetic graph of the Validation section; the pair is the busiest one, "
        f"{result['pair'][0]}–{result['pair'][1]}. Median of {REPEATS} runs for Dyad, one run for rdflib "
        f"(its load took {rdflib.get('load_seconds', '?')} s, not counted).",
        "",
        "| query | rows | Dyad (embedded store) | rdflib SPARQL engine | ratio |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name in QUERIES:
        ours, theirs = dyad.get(name, {}), rdflib.get(name)
        if "timeout" in rdflib and not theirs:
            other, ratio = f"> {rdflib['timeout']:.0f} s (stopped, load included)", ""
        elif theirs:
            other = f"{theirs['seconds']:.3f} s"
            ratio = f"{theirs['seconds'] / max(ours.get('seconds', 1e-4), 1e-4):.0f}×"
        else:
            other, ratio = "not run (budget)", ""
        lines.append(f"| `{name}` | {ours.get('rows', '?')} | {ours.get('seconds', float('nan')):.4f} s | {other} | {ratio} |")
    lines.append(f"| peak memory (RSS, MB) | | {dyad.get('max_rss_mb')} | {rdflib.get('max_rss_mb', '?')} | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="1m")
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args(argv)
    print(markdown(run(args.size, args.timeout)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
