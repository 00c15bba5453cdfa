"""Snapshot what the news extraction produces, to show a speed change leaves it unchanged.

For every article (``*.txt``, ``*.html``) under the given folders, twice (as it is, with its
``NAME.meta.json`` sidecar, and copied alone into a folder with no sidecar, so without a
publication date), it records the JSON report as ``dyad extract --format json`` prints it and the
RDF of ``dyad load``: the graph's N-Triples sorted, its prefixes, summary and notes.

    .venv/bin/python bench/extraction_snapshot.py --write before.jsonl ../shared/extraction/dev/articles tests
    .venv/bin/python bench/extraction_snapshot.py --compare before.jsonl ../shared/extraction/dev/articles tests

``--compare`` exits 1 and names every article whose report or graph differs.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SUFFIXES = (".txt", ".html", ".htm")


def articles(folders: list[Path]) -> list[Path]:
    found = [p for folder in folders for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()]
    return sorted(set(found))


def snapshot(path: Path, label: str) -> dict[str, Any]:
    from dyad.extraction import extract_report
    from dyad.loaders.news import NewsLoader

    entry: dict[str, Any] = {"article": label}
    try:
        entry["report"] = json.dumps(extract_report(path), indent=2, ensure_ascii=False)
        graphs = []
        for source in NewsLoader().load(path):
            graphs.append({
                "name": str(source.name),
                "triples": sorted(line for line in source.graph.serialize(format="nt").splitlines() if line),
                "prefixes": sorted(f"{prefix} {namespace}" for prefix, namespace in source.graph.namespaces()),
                "summary": source.summary, "notes": source.notes,
            })
        entry["graphs"] = graphs
    except Exception as error:  # an article a loader refuses: the refusal is part of the behaviour
        entry["error"] = f"{type(error).__name__}: {error}"
    return entry


def snapshots(folders: list[Path]) -> Iterator[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        for index, path in enumerate(articles(folders)):
            yield snapshot(path, str(path))
            alone = Path(tmp) / str(index) / path.name  # same name, no sidecar beside it
            alone.parent.mkdir()
            shutil.copyfile(path, alone)
            yield snapshot(alone, f"{path} (no sidecar)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", type=Path, help="write the snapshot (JSON lines) here")
    action.add_argument("--compare", type=Path, help="compare with this snapshot")
    parser.add_argument("folders", type=Path, nargs="+")
    args = parser.parse_args(argv)
    current = list(snapshots(args.folders))
    if args.write:
        args.write.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in current), encoding="utf-8")
        sys.stdout.write(f"{len(current)} snapshots written to {args.write}\n")
        return 0
    before = {e["article"]: e for e in map(json.loads, args.compare.read_text(encoding="utf-8").splitlines())}
    differ = [e["article"] for e in current if before.get(e["article"]) != e]
    missing = sorted(set(before) - {e["article"] for e in current})
    for label in differ:
        sys.stdout.write(f"differs: {label}\n")
    for label in missing:
        sys.stdout.write(f"missing: {label}\n")
    sys.stdout.write(f"{len(current)} snapshots compared: {len(differ)} differ, {len(missing)} missing\n")
    return 1 if differ or missing else 0


if __name__ == "__main__":
    sys.exit(main())
