"""The HTML view in a real browser: Debian's Chromium, installed by scripts/install-chromium.sh."""

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
    """Chromium, installed from Debian's packages when missing; the test fails (never skips) without it."""
    if not CHROMIUM.exists():
        done = subprocess.run(["sh", str(ROOT / "scripts" / "install-chromium.sh")], capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, f"installing Chromium failed:\n{done.stdout}\n{done.stderr}"
    assert CHROMIUM.exists(), "Chromium is needed for the browser test: run scripts/install-chromium.sh as root"
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


def test_chromium_draws_every_node_of_the_html_view(chromium, page, tmp_path):
    path, count = page
    done = run_chromium(chromium, tmp_path / "profile", "--dump-dom", path.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    drawn = re.findall(r'<g class="node[^"]*" data-id="([^"]+)"[^>]*><circle', dom)
    assert len(drawn) == count == 31
    assert f'data-drawn-nodes="{count}"' in dom, "the page's script ran to the end"
    assert f"{count} of {count} nodes" in dom
    assert dom.count('<line ') > count, "edges drawn too"


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
