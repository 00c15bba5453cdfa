"""The HTML view and chart in a real browser: Debian's Chromium, installed once by `make test` (scripts/install-chromium.sh)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT
from dyad.api import load, open_store
from dyad.exports import export

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Chromium, installed once by `make test` (scripts/install-chromium.sh); the tests install nothing themselves."""
    assert CHROMIUM.exists(), (
        "Chromium is needed for the browser tests and is not installed: run `make test`, which installs it once "
        "(scripts/install-chromium.sh, as root), or run that script yourself"
    )
    return CHROMIUM


def run_chromium(chromium: Path, profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(chromium), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--virtual-time-budget=5000", *args],
        capture_output=True, text=True, timeout=120,
    )


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> tuple[Path, int]:
    folder = tmp_path_factory.mktemp("html")
    store = open_store(None)
    load(sorted(EXAMPLES.glob("*.facts.yaml")), store=store)
    graph = export(folder / "prk-chn.html", store=store, dyad=("PRK", "CHN"))
    return folder / "prk-chn.html", graph.number_of_nodes()


def test_chromium_draws_every_node_of_the_html_view_with_claims_folded(chromium, page, tmp_path):
    path, count = page
    done = run_chromium(chromium, tmp_path / "profile", "--dump-dom", path.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert count == 31
    assert f'data-drawn-nodes="{count}"' in dom, "Cytoscape.js drew the graph and the page's script ran to the end"
    visible = int(re.search(r'data-visible-nodes="(\d+)"', dom).group(1))
    assert 0 < visible < count, "claims are folded behind their events until asked for"
    assert f"{visible} of {count} nodes" in dom
    assert "<canvas" in dom


def test_a_subgraph_too_big_to_draw_says_so(chromium, tmp_path):
    import networkx as nx

    from dyad.exports.html import DRAWABLE_NODES, html_text

    graph = nx.MultiDiGraph()
    for i in range(DRAWABLE_NODES + 1):
        graph.add_node(f"https://example.org/n{i}", label=f"n{i}", type="Agent", colour="#e7ba52")
    page = tmp_path / "big.html"
    page.write_text(html_text(graph, title="big"), encoding="utf-8")
    dom = run_chromium(chromium, tmp_path / "profile", "--dump-dom", page.as_uri()).stdout
    assert 'data-drawn-nodes="0"' in dom
    assert f"This subgraph has {DRAWABLE_NODES + 1} nodes" in dom and "Gephi" in dom


def test_the_html_chart_draws_offline(chromium, tmp_path):
    from dyad.trajectory import trajectory
    from dyad.trajectory.charts import plot_trajectory

    store = open_store(None)
    load([EXAMPLES], store=store)
    rows = trajectory("PRK", "CHN", by="quarter", since="2017-10-01", until="2020-12-31", store=store)
    plot_trajectory(rows, tmp_path / "chart.html", title="North Korea – China")
    done = run_chromium(chromium, tmp_path / "profile", "--dump-dom", (tmp_path / "chart.html").as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    assert 'data-drawn="yes"' in done.stdout and "<svg" in done.stdout
    assert ">The chart could not be drawn" not in done.stdout


def test_a_screenshot_of_the_view_is_not_blank(chromium, page, tmp_path):
    path, _ = page
    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><html><body></body></html>", encoding="utf-8")
    shots = {}
    for name, url in (("view", path.as_uri()), ("blank", blank.as_uri())):
        target = tmp_path / f"{name}.png"
        done = run_chromium(chromium, tmp_path / f"profile-{name}", f"--screenshot={target}", "--window-size=1200,800", url)
        assert done.returncode == 0 and target.exists(), done.stderr[-2000:]
        shots[name] = target.read_bytes()
    # a blank page compresses to almost nothing; a drawn graph with labels does not
    assert len(shots["view"]) > 10 * len(shots["blank"])
