"""Shared fixtures. Tests that need Neo4j use the session server from neo4j_fixtures."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
ROOT = TESTS.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"  # the read-only reference folder beside the checkout (CI has it too)

sys.path.insert(0, str(TESTS))
sys.path.insert(0, str(ROOT / "bench"))  # bench/synthetic.py: the synthetic documents sync tests share with the benchmarks
pytest_plugins = ["store_servers"] + (["neo4j_fixtures"] if (TESTS / "neo4j_fixtures.py").exists() else [])


@pytest.fixture
def store():
    """An empty in-memory store (reference graphs only)."""
    from dyad.api import open_store

    return open_store(None)


@pytest.fixture
def disk_store(tmp_path):
    """An empty store on disk in a temporary folder."""
    from dyad.api import open_store

    opened = open_store(tmp_path / "store")
    yield opened
    opened.close()


@pytest.fixture
def examples_store(store):
    """An in-memory store with the project's examples loaded."""
    from dyad.api import load

    load([EXAMPLES], store=store)
    return store


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared reference folder (data, seed article); present beside the checkout in CI."""
    if not SHARED.is_dir():
        pytest.fail(f"the shared reference folder is missing beside the checkout: {SHARED}")
    return SHARED
