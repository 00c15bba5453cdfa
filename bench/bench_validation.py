"""Validation at scale: load, whole-store validation and incremental validation, Dyad vs the rest.

Each measurement runs in its own child process (fresh memory, a hard time limit), on the
synthetic graphs of ``bench/generate.py``:

* load: Dyad's embedded store (pyoxigraph bulk load) vs rdflib (``Dataset.parse``);
* whole graph: Dyad (``dyad validate`` on the store) vs plain pySHACL on the union graph,
  with and without the SHACL-SPARQL rules, and pyrudof when it is installed;
* one new article into the store: Dyad's incremental validation vs a full pySHACL run;
* Apache Jena SHACL 5.6.0 (``bench/jena/``: fetched from Maven Central into ``bench/.cache/jena`` with
  ``mvn -f bench/jena/pom.xml dependency:copy-dependencies``; skipped when Java or the jars are missing),
  on the union of the same files: the whole graph, and the whole graph plus the new article (Jena has
  no incremental mode).

    python bench/bench_validation.py [--sizes 100k,1m] [--timeout 300]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
DATA = BENCH / "data"
RESULTS = BENCH / "results"
SEED = 7
SIZES = {"20k": 20_000, "100k": 100_000, "1m": 1_000_000, "5m": 5_000_000}


# ---------------------------------------------------------------------- harness


def _child(queue: mp.Queue, function: Callable[..., dict], args: tuple) -> None:
    try:
        result = function(*args)
    except Exception as error:  # noqa: BLE001 - reported, not raised: a benchmark row says what failed
        result = {"error": f"{type(error).__name__}: {error}"}
    result["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    queue.put(result)


def in_child(function: Callable[..., dict], *args: object, timeout: float) -> dict:
    """Run ``function(*args)`` in a fresh process; ``{"timeout": s}`` if it takes longer than ``timeout``."""
    context = mp.get_context("fork")
    queue: mp.Queue = context.Queue()
    process = context.Process(target=_child, args=(queue, function, args))
    started = time.perf_counter()
    process.start()
    process.join(timeout)
    if process.is_alive():
        process.kill()
        process.join()
        return {"timeout": timeout}
    try:
        result = queue.get(timeout=5)
    except Exception:  # noqa: BLE001
        result = {"error": f"the child process died (exit code {process.exitcode})"}
    result["wall_s"] = round(time.perf_counter() - started, 2)
    return result


def dataset(label: str) -> tuple[Path, Path]:
    """The synthetic store file and the new article for a size label, generated when missing."""
    sys.path.insert(0, str(BENCH))
    import generate

    store_file = DATA / f"dyad-{label}-seed{SEED}.nq"
    new_file = DATA / f"dyad-{label}-seed{SEED}-new.nq"
    if not store_file.exists() or not new_file.exists():
        generate.write(generate.generate(SIZES[label], SEED), store_file)
        generate.write(iter(generate.new_article(SIZES[label], SEED)), new_file)
    return store_file, new_file


def store_dir(label: str) -> Path:
    return DATA / f"store-{label}"


# ---------------------------------------------------------------------- measurements (run in children)


def dyad_load(data: str, target: str) -> dict:
    import pyoxigraph as ox

    from dyad.store import DyadStore

    shutil.rmtree(target, ignore_errors=True)
    started = time.perf_counter()
    store = DyadStore(target)
    store.oxigraph.bulk_load(path=data, format=ox.RdfFormat.N_QUADS)
    store.oxigraph.optimize()
    seconds = time.perf_counter() - started
    quads = store.quad_count()
    store.close()
    return {"seconds": round(seconds, 2), "quads": quads}


def rdflib_load(data: str) -> dict:
    from rdflib import Dataset

    started = time.perf_counter()
    graph = Dataset()
    graph.parse(data, format="nquads")
    return {"seconds": round(time.perf_counter() - started, 2), "quads": len(graph)}


def dyad_whole(target: str) -> dict:
    from dyad.api import open_store, validate_store

    store = open_store(target, read_only=True)
    started = time.perf_counter()
    report = validate_store(store)
    return {"seconds": round(time.perf_counter() - started, 2), "counts": report.counts(), "conforms": report.conforms}


def _union_graph(*paths: str):  # noqa: ANN202
    from rdflib import Dataset, Graph

    data = Dataset()
    for path in paths:
        data.parse(path, format="nquads")
    union = Graph()
    for s, p, o, _ in data.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def pyshacl_whole(data: str, new: str | None, sparql_rules: bool) -> dict:
    from pyshacl import validate
    from rdflib import Graph
    from rdflib.namespace import SH

    from dyad.validation import shapes_graph

    union = _union_graph(data, *([new] if new else []))
    shapes = shapes_graph()
    if not sparql_rules:  # the same shapes without their SHACL-SPARQL rules
        shapes = Graph()
        for triple in shapes_graph():
            if triple[1] != SH.sparql:
                shapes.add(triple)
    started = time.perf_counter()
    conforms, _, _ = validate(union, shacl_graph=shapes, inference="none", allow_warnings=True)
    return {"seconds": round(time.perf_counter() - started, 2), "conforms": bool(conforms), "triples": len(union)}


def pyrudof_whole(data: str) -> dict:
    import pyrudof

    from dyad.store import ontology_file

    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    started_load = time.perf_counter()
    rudof.read_data(data, format=pyrudof.RDFFormat.NQuads) if hasattr(pyrudof.RDFFormat, "NQuads") else rudof.read_data(data)
    rudof.read_shacl(str(ontology_file("shapes.ttl")))
    started = time.perf_counter()
    results = rudof.validate_shacl()
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "load_seconds": round(started - started_load, 2),
        "conforms": bool(results.conforms) if not callable(results.conforms) else bool(results.conforms()),
    }


JENA = BENCH / ".cache" / "jena"


def jena_whole(data: str, new: str | None, timeout: float = 300) -> dict:
    """Apache Jena SHACL (in a JVM of its own) on the union graph of the files, with Dyad's shapes."""
    from dyad.store import ontology_file

    if shutil.which("java") is None or not any(JENA.glob("jena-shacl-*.jar")):
        return {"error": "no java or no Jena jars: mvn -f bench/jena/pom.xml dependency:copy-dependencies"}
    command = ["java", "-Xmx3g", "-cp", f"{JENA}/*", str(BENCH / "jena" / "JenaShacl.java"),
               str(ontology_file("shapes.ttl")), data, *([new] if new else [])]
    try:  # the JVM is stopped here: a child killed by in_child would leave it running
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"timeout": timeout}
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def dyad_incremental(target: str, new: str, repeats: int = 3) -> dict:
    import pyoxigraph as ox
    from rdflib import Graph, URIRef

    from dyad.api import open_store
    from dyad.validation import DocumentToValidate, validate_documents
    from dyad.store import from_ox

    graphs: dict[str, Graph] = {}
    for quad in ox.parse(path=new, format=ox.RdfFormat.N_QUADS):
        graphs.setdefault(quad.graph_name.value, Graph()).add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    documents = [DocumentToValidate(URIRef(name), graph, Path(new).name) for name, graph in graphs.items()]
    store = open_store(target)
    timings = []
    report = None
    for _ in range(repeats):
        started = time.perf_counter()
        report = validate_documents(store, documents)
        timings.append(time.perf_counter() - started)
    store.close()
    return {
        "seconds": round(statistics.median(timings), 3),
        "runs": [round(t, 3) for t in timings],
        "triples": sum(len(g) for g in graphs.values()),
        "counts": report.counts() if report else None,
    }


# ---------------------------------------------------------------------- the run


def run(labels: list[str], timeout: float) -> dict:
    results: dict[str, dict] = {}
    for label in labels:
        data, new = dataset(label)
        row: dict[str, object] = {"file": data.name}
        print(f"[validation] {label}: loading", file=sys.stderr, flush=True)
        row["dyad_load"] = in_child(dyad_load, str(data), str(store_dir(label)), timeout=timeout * 3)
        if label != "5m":
            row["rdflib_load"] = in_child(rdflib_load, str(data), timeout=timeout)
            print(f"[validation] {label}: whole-store validation", file=sys.stderr, flush=True)
            row["dyad_whole"] = in_child(dyad_whole, str(store_dir(label)), timeout=timeout * 3)
            row["pyshacl_whole"] = in_child(pyshacl_whole, str(data), str(new), True, timeout=timeout)
            row["jena_whole"] = in_child(jena_whole, str(data), None, timeout, timeout=timeout + 30)
            row["jena_with_new"] = in_child(jena_whole, str(data), str(new), timeout, timeout=timeout + 30)
            if label == "100k":
                row["pyshacl_core_only"] = in_child(pyshacl_whole, str(data), None, False, timeout=timeout)
                row["pyrudof_whole"] = in_child(pyrudof_whole, str(data), timeout=timeout)
        print(f"[validation] {label}: incremental validation of one new article", file=sys.stderr, flush=True)
        row["dyad_incremental"] = in_child(dyad_incremental, str(store_dir(label)), str(new), timeout=timeout)
        results[label] = row
        print(json.dumps({label: row}, indent=1), file=sys.stderr, flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "validation.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    return results


def _seconds(measure: dict | None) -> str:
    if not measure:
        return "not run"
    if "timeout" in measure:
        return f"> {measure['timeout']:.0f} s (stopped)"
    if "error" in measure:
        return f"failed: {measure['error'][:80]}"
    return f"{measure['seconds']:.2f} s"


def _ratio(slow: dict | None, fast: dict | None) -> str:
    if not slow or not fast or "seconds" not in fast:
        return ""
    if "timeout" in slow:
        return f"> {slow['timeout'] / max(fast['seconds'], 1e-3):.0f}×"
    if "seconds" in slow:
        return f"{slow['seconds'] / max(fast['seconds'], 1e-3):.1f}×"
    return ""


def _load_note(measure: dict) -> str:
    return f"; its load {measure['load_seconds']:.1f} s not counted" if "load_seconds" in measure else ""


def markdown(results: dict) -> str:
    lines = [
        "Synthetic graphs from `bench/generate.py` (seed 7): ~200 countries, 600 cities, routes, agreements,",
        "news articles (one named graph each) with events, claims and provenance; every article conforms.",
        "Each cell is measured in a fresh child process; a stopped cell ran into its time limit.",
        "",
        "| size (quads) | step | Dyad | other tool | ratio |",
        "| --- | --- | --- | --- | --- |",
    ]
    for label, row in results.items():
        quads = row.get("dyad_load", {}).get("quads", label)
        lines.append(f"| {quads} | load | {_seconds(row.get('dyad_load'))} (oxigraph bulk load) | "
                     f"{_seconds(row.get('rdflib_load')) if 'rdflib_load' in row else 'not run'} (rdflib Dataset) | "
                     f"{_ratio(row.get('rdflib_load'), row.get('dyad_load'))} |")
        if "dyad_whole" in row:
            counts = row["dyad_whole"].get("counts")
            lines.append(f"| {quads} | validate the whole graph | {_seconds(row['dyad_whole'])} | "
                         f"{_seconds(row.get('pyshacl_whole'))} (pySHACL, all shapes) | {_ratio(row.get('pyshacl_whole'), row['dyad_whole'])} |")
            if "pyshacl_core_only" in row:
                lines.append(f"| {quads} | validate the whole graph, without the SPARQL rules | (as above) | "
                             f"{_seconds(row['pyshacl_core_only'])} (pySHACL, core shapes only) | "
                             f"{_ratio(row['pyshacl_core_only'], row['dyad_whole'])} |")
            if "jena_whole" in row:
                lines.append(f"| {quads} | validate the whole graph | (as above) | {_seconds(row['jena_whole'])} (Jena SHACL 5.6.0"
                             f"{_load_note(row['jena_whole'])}) | {_ratio(row['jena_whole'], row['dyad_whole'])} |")
            if "pyrudof_whole" in row:
                lines.append(f"| {quads} | validate the whole graph | (as above) | {_seconds(row['pyrudof_whole'])} (pyrudof) | "
                             f"{_ratio(row['pyrudof_whole'], row['dyad_whole'])} |")
            if counts:
                lines.append(f"| {quads} | (results of Dyad's whole-graph validation) | {counts} | | |")
        incremental = row.get("dyad_incremental")
        if incremental:
            other = row.get("pyshacl_whole")
            lines.append(f"| {quads} | validate one new article ({incremental.get('triples', '?')} triples) | "
                         f"{_seconds(incremental)} (incremental) | {_seconds(other) if other else 'not run'} (pySHACL, full) | "
                         f"{_ratio(other, incremental)} |")
            if "jena_with_new" in row:
                lines.append(f"| {quads} | validate one new article | (as above) | {_seconds(row['jena_with_new'])} (Jena SHACL, "
                             f"full{_load_note(row['jena_with_new'])}) | {_ratio(row['jena_with_new'], incremental)} |")
        rss = [(name, m.get("max_rss_mb")) for name, m in row.items() if isinstance(m, dict) and m.get("max_rss_mb")]
        lines.append(f"| {quads} | peak memory (RSS, MB) | " + ", ".join(f"{n}: {v}" for n, v in rss if n.startswith("dyad")) +
                     " | " + ", ".join(f"{n}: {v}" for n, v in rss if not n.startswith("dyad")) + " | |")
    if "5m" in results:
        lines.append("")
        lines.append("At 5M quads the graph is generated, loaded and validated incrementally only: a whole-graph pySHACL")
        lines.append("run (and rdflib's load) would not finish within this machine's benchmark budget.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100k,1m,5m", help="comma-separated: 100k, 1m, 5m")
    parser.add_argument("--timeout", type=float, default=300, help="seconds before a measurement is stopped")
    args = parser.parse_args(argv)
    results = run([s.strip() for s in args.sizes.split(",") if s.strip()], args.timeout)
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
