"""`make bench` rewrites the tables of BENCHMARKS.md and keeps what people wrote about earlier runs."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location("run_all", Path(__file__).resolve().parents[1] / "bench" / "run_all.py")
run_all = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(run_all)  # type: ignore[union-attr]

DOC = """# Benchmarks

## Sync

Analysis of the 2026-12-01 run: the restart dominates.

## Queries

q
"""


def test_a_first_run_puts_its_tables_above_the_analysis_and_leaves_other_sections_alone():
    text = run_all.replace_section(DOC, "## Sync", "| s | 1.0 |")
    sync = text.split("## Sync\n", 1)[1].split("## Queries", 1)[0]
    assert sync.index("| s | 1.0 |") < sync.index("Analysis of the 2026-12-01 run")
    assert text.endswith("## Queries\n\nq\n")


def test_a_second_run_replaces_only_the_generated_tables():
    once = run_all.replace_section(DOC, "## Sync", "| s | 1.0 |")
    twice = run_all.replace_section(once, "## Sync", "| s | 2.0 |")
    assert "| s | 2.0 |" in twice and "| s | 1.0 |" not in twice
    assert twice.count("Analysis of the 2026-12-01 run") == 1
    assert twice.count(run_all.GENERATED_START) == 1


def test_a_missing_section_is_added_at_the_end():
    text = run_all.replace_section(DOC, "## Endpoint", "| e |")
    assert text.rstrip().endswith(f"## Endpoint\n\n{run_all.GENERATED_START}\n| e |\n{run_all.GENERATED_END}")
