"""The layout's rules (docs/architecture.md), checked on the source tree."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {"dyad": ROOT / "src" / "dyad", "dyad.loaders": ROOT / "loaders", "dyad.queries": ROOT / "queries"}


def _modules() -> dict[str, Path]:
    found = {}
    for package, folder in PACKAGES.items():
        for path in folder.rglob("*.py"):
            parts = path.relative_to(folder).with_suffix("").parts
            name = ".".join((package, *[p for p in parts if p != "__init__"]))
            found[name] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside functions."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _offenders(stage: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{name} imports {imported}"
        for name, path in MODULES.items() if name == stage or name.startswith(stage + ".")
        for imported in _imports(path)
        if any(imported == f or imported.startswith(f + ".") for f in forbidden)
    )


def test_loaders_never_reach_neo4j_exports_the_endpoint_or_the_cli():
    assert _offenders("dyad.loaders", ("neo4j", "dyad.neo4j", "dyad.exports", "dyad.serve", "dyad.cli")) == []


def test_the_neo4j_stage_never_parses_documents():
    assert _offenders("dyad.neo4j", ("dyad.loaders", "dyad.extraction")) == []


def test_the_shared_vocabulary_depends_on_nothing_downstream():
    downstream = tuple(name for name in ("dyad.loaders", "dyad.extraction", "dyad.validation", "dyad.store", "dyad.queries",
                                         "dyad.trajectory", "dyad.exports", "dyad.serve", "dyad.neo4j", "dyad.cli", "dyad.api"))
    assert _offenders("dyad.vocabulary", downstream) == []


@pytest.mark.parametrize("name", sorted(n for n in MODULES if not n.startswith("dyad.cli")))
def test_the_library_never_prints_nor_configures_logging(name):
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    printing = [node.lineno for node in calls if isinstance(node.func, ast.Name) and node.func.id == "print"]
    configuring = [node.lineno for node in calls if isinstance(node.func, ast.Attribute) and node.func.attr == "basicConfig"]
    assert (printing, configuring) == ([], []), f"{name}: print at lines {printing}, basicConfig at {configuring}"


def test_importing_the_api_does_not_load_the_neo4j_driver_or_networkx():
    code = "import sys, dyad, dyad.api; print(sorted(m for m in ('neo4j', 'networkx') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"


def test_every_package_says_what_it_is_for():
    packages = [name for name, path in MODULES.items() if path.name == "__init__.py"]
    undocumented = [name for name in packages if not ast.get_docstring(ast.parse(MODULES[name].read_text(encoding="utf-8")))]
    assert undocumented == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_page_style_or_script_lives_in_a_python_string(name):
    """Pages, styles and scripts are asset files (exports/assets, trajectory/assets, serve/assets), inlined at run time."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    markers = ("<!doctype", "</html>", "<style>", "<script>", "function (", "function(")
    pages = [node.lineno for node in ast.walk(tree)
             if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) > 200
             and any(marker in node.value.lower() for marker in markers)]
    assert pages == [], f"{name}: a page or script in a string at lines {pages}"
