"""Reproduce BENCHMARKS.md: `make bench` (or `python bench/run_all.py`).

Runs every benchmark present in ``bench/`` and rewrites the generated part (between two
markers; the analysis people wrote under it stays) of the sections of BENCHMARKS.md they own: Machine, Validation and Library queries here; Extraction, GDELT and Sync by their own
scripts (``bench_extraction.py``, ``bench_gdelt.py``, ``bench_sync.py``) when present, each
printing its section's Markdown body on stdout.

    python bench/run_all.py [--sizes 100k,1m,5m] [--timeout 240] [--only validation,queries]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DOC = ROOT / "BENCHMARKS.md"
sys.path.insert(0, str(BENCH))

SECTIONS = {  # script -> the heading of the section whose body it writes
    "bench_extraction.py": "## Extraction (news loader)",
    "bench_gdelt.py": "## GDELT load and trajectory",
    "bench_gdelt_scale.py": "## GDELT at scale (filtered loads and dyad-day aggregates)",
    "bench_sync.py": "## Neo4j sync (Dyad vs rdflib-neo4j)",
    "bench_remote.py": "## Store backends (embedded vs Oxigraph server vs Fuseki)",
    "bench_endpoint.py": "## The endpoint under load (dyad serve)",
}
VALIDATION = "## Validation (incremental vs full pySHACL)"
QUERIES = "## Library queries (embedded store vs rdflib's SPARQL engine)"
MACHINE = "## Machine"


def machine() -> str:
    """The machine and the versions that matter, as a Markdown body."""
    memory = ""
    try:
        with open("/proc/meminfo", encoding="utf-8") as handle:
            kb = int(next(line for line in handle if line.startswith("MemTotal")).split()[1])
            memory = f"{kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    versions = []
    for package in ("dyad", "pyoxigraph", "rdflib", "pyshacl", "pyrudof", "neo4j", "rdflib-neo4j"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} (not installed)")
    return "\n".join([
        f"- {os.cpu_count()} cores ({cpu}), {memory}, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; " + ", ".join(versions),
        f"- measured {time.strftime('%Y-%m-%d')} with `make bench` (`python bench/run_all.py`)",
    ])


GENERATED_START = "<!-- make bench: generated, replaced by each run -->"
GENERATED_END = "<!-- end of generated part -->"


def replace_section(text: str, heading: str, body: str) -> str:
    """``text`` with the generated part of the section under ``heading`` replaced by ``body``.

    A section is a generated part (the tables of the latest run, between the two markers) and
    whatever people wrote under it: the analysis of dated runs is kept, so a new run never
    erases what an earlier one taught. A section without markers gets them right under its
    heading; a missing section is added at the end.
    """
    generated = f"{GENERATED_START}\n{body.strip()}\n{GENERATED_END}"
    section = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
    found = section.search(text)
    if not found:
        return text.rstrip() + f"\n\n{heading}\n\n{generated}\n"
    old = found.group(0)
    part = re.compile(rf"{re.escape(GENERATED_START)}\n.*?{re.escape(GENERATED_END)}", re.S)
    if part.search(old):
        new = part.sub(lambda _: generated, old, count=1)
    else:
        rest = old[len(heading):].strip()
        new = f"{heading}\n\n{generated}\n\n" + (f"{rest}\n\n" if rest else "")
    return text[: found.start()] + new + text[found.end():]


def update_section(heading: str, body: str) -> None:
    """Rewrite one section, re-reading the file first: other sections may change meanwhile."""
    DOC.write_text(replace_section(DOC.read_text(encoding="utf-8"), heading, body), encoding="utf-8")


def run_script(script: Path, timeout: float) -> str | None:
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=timeout, cwd=ROOT, check=False)
    except subprocess.TimeoutExpired:
        return f"(`{script.name}` did not finish within {timeout:.0f} s in this run.)"
    print(f"[run_all] {script.name}: exit {done.returncode} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-2000:])
        return None
    return done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100k,1m,5m")
    parser.add_argument("--timeout", type=float, default=240, help="seconds before one measurement is stopped")
    parser.add_argument("--only", default="", help="comma-separated subset: validation, queries, extraction, gdelt, gdelt_scale, sync")
    args = parser.parse_args(argv)
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    update_section(MACHINE, machine())
    if not only or "validation" in only:
        import bench_validation

        results = bench_validation.run([s for s in args.sizes.split(",") if s], args.timeout)
        update_section(VALIDATION, "Command: `make bench` (this section: `python bench/bench_validation.py`).\n\n" + bench_validation.markdown(results))
    if not only or "queries" in only:
        import bench_queries

        size = "1m" if "1m" in args.sizes else args.sizes.split(",")[0]
        result = bench_queries.run(size, args.timeout)
        update_section(QUERIES, "Command: `make bench` (this section: `python bench/bench_queries.py`).\n\n" + bench_queries.markdown(result))
    for script, heading in SECTIONS.items():
        name = script.removeprefix("bench_").removesuffix(".py")
        path = BENCH / script
        if (only and name not in only) or not path.exists():
            continue
        body = run_script(path, timeout=args.timeout * 4)
        if body:
            update_section(heading, body)
    print(f"[run_all] wrote {DOC.name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
