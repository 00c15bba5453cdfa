"""Hostile input is refused: a clear message naming the file (and line), exit 1 (2 for usage), the store unchanged.

The cases come from ``corpus.py``, generated per class of fault and per loader or syntax.
Every case runs ``dyad load`` on a store holding ``examples/`` and compares the store's
content digest (every quad, the store-state graph included) before and after.
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from dyad.cli import main
from dyad.errors import printable

sys.path.insert(0, str(Path(__file__).parent))
import corpus  # noqa: E402

CASES = corpus.all_cases()
SECONDS_PER_CASE = 10  # each must be refused quickly; the corpus as a whole stays well under a minute


def store_digest(path: Path) -> str:
    """A digest of everything the store holds: every quad of every graph, in a canonical order."""
    from dyad.store import DyadStore

    with DyadStore(path, read_only=True) as opened:
        dump = opened.oxigraph.dump(format=ox.RdfFormat.N_QUADS)
    return hashlib.sha256(b"\n".join(sorted(dump.splitlines()))).hexdigest()


@dataclass
class Outcome:
    exit_code: int
    output: str
    crash: str | None


def run_dyad(store: Path, *args: str, env: dict[str, str] | None = None) -> Outcome:
    result = CliRunner().invoke(main, ["--store", str(store), *args], env=env)
    crash = None  # a traceback, as text only: the exception object would keep the store open
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        crash = "".join(traceback.format_exception(result.exception))
    outcome = Outcome(result.exit_code, result.output, crash)
    # A failed command's traceback keeps its frames, and with them the open store (and its lock), alive.
    del result
    gc.collect()
    return outcome


@pytest.fixture(scope="module")
def examples_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("hostile") / "store"
    result = run_dyad(store, "load", str(corpus.EXAMPLES))
    assert result.exit_code == 0, result.output
    _DIGESTS[store] = store_digest(store)
    return store


# The digest of the shared store after the last case: each case starts from it (one store opening less per case).
_DIGESTS: dict[Path, str] = {}


@pytest.fixture
def scratch_store(examples_store, tmp_path) -> Path:
    """A copy of the examples store, for the cases that are allowed to change it."""
    import shutil

    copy = tmp_path / "store-copy"
    shutil.copytree(examples_store, copy)
    return copy


def test_the_corpus_covers_every_class_with_at_least_sixty_cases():
    classes = {case.id.split("/")[0] for case in CASES}
    assert len(CASES) >= 60
    assert {"rdf-empty", "rdf-syntax", "reserved-graph", "depth", "xml-entities", "yaml", "facts", "gdelt", "gdelt-digits",
            "news", "names", "usage"} <= classes


@pytest.mark.parametrize("case", [c for c in CASES if not c.changes_store], ids=lambda c: c.id)
def test_hostile_input_is_refused_naming_the_file_and_the_store_is_unchanged(case, examples_store, tmp_path):
    path = case.write(tmp_path)
    before = _DIGESTS[examples_store]
    started = time.monotonic()
    result = run_dyad(examples_store, "load", *case.args, str(path), env=case.env)
    elapsed = time.monotonic() - started
    output = result.output
    assert result.crash is None, result.crash
    assert result.exit_code == case.exit_code, output
    assert_message(case, path, output)
    after = _DIGESTS[examples_store] = store_digest(examples_store)
    assert after == before, "the store changed"
    assert elapsed < SECONDS_PER_CASE, f"took {elapsed:.1f} s"


@pytest.mark.parametrize("case", [c for c in CASES if c.changes_store], ids=lambda c: c.id)
def test_bad_gdelt_rows_are_skipped_and_named_as_file_and_line_in_a_non_strict_load(case, scratch_store, tmp_path):
    path = case.write(tmp_path)
    result = run_dyad(scratch_store, "load", *case.args, str(path), env=case.env)
    assert result.crash is None, result.crash
    assert result.exit_code == case.exit_code, result.output
    assert_message(case, path, result.output)
    assert "loaded 1" in result.output  # the good row is stored


def assert_message(case: corpus.Case, path: Path, output: str) -> None:
    shown = printable(str(path))
    if case.names_file:
        assert shown in output, f"the message does not name {shown!r}:\n{output}"
    if printable(path.name) != path.name:
        assert path.name not in output, "a control character in the file name reached the terminal"
    if case.line is not None:
        assert re.search(re.escape(shown) + r"(![^:\s]+)?:" + str(case.line) + r"\b", output), (
            f"the message does not name line {case.line}:\n{output}")
    for words in case.says:
        assert words.lower() in output.lower(), f"{words!r} not in:\n{output}"
    assert "Traceback" not in output, output


def test_an_xml_entity_bomb_is_refused_by_the_command_itself_without_killing_it(tmp_path, examples_store):
    """Out of process, as a user runs it: a refusal with exit 1, not a SIGABRT (and no traceback)."""
    case = next(c for c in CASES if c.id == "xml-entities/billion-laughs")
    path = case.write(tmp_path)
    dyad = Path(sys.executable).with_name("dyad")
    command = [str(dyad)] if dyad.exists() else [sys.executable, "-m", "dyad.cli"]
    completed = subprocess.run([*command, "--store", str(examples_store), "load", str(path)], capture_output=True, text=True,
                               timeout=60, env={**os.environ, "NO_COLOR": "1"})
    assert completed.returncode == 1, completed.stderr
    assert f"{path}:" in completed.stderr and "entity-expansion" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_rdfxml_with_ordinary_entity_declarations_still_loads(tmp_path, scratch_store):
    path = tmp_path / "entities.rdf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY e "http://example.org/e/">]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="&e;">'
        '<rdf:Description rdf:about="&e;a"><e:p>x</e:p></rdf:Description></rdf:RDF>\n', encoding="utf-8")
    result = run_dyad(scratch_store, "load", str(path))
    assert result.exit_code == 0, result.output


def test_a_raised_limit_lets_a_deep_but_honest_file_load(tmp_path, scratch_store):
    path = tmp_path / "list.ttl"
    path.write_text(f"<{corpus.EX}s> <{corpus.EX}p> {corpus.nested('(', ')', 50, '1')} .\n", encoding="utf-8")
    refused = run_dyad(scratch_store, "load", "--limit", "depth=20", str(path))
    assert refused.exit_code == 1 and "depth" in refused.output
    loaded = run_dyad(scratch_store, "load", str(path), env={"DYAD_LIMIT_DEPTH": "100"})
    assert loaded.exit_code == 0, loaded.output


def test_a_turtle_file_with_a_utf8_byte_order_mark_loads(tmp_path, scratch_store):
    path = tmp_path / "bom.ttl"
    path.write_bytes(b"\xef\xbb\xbf" + f"<{corpus.EX}s> <{corpus.EX}p> <{corpus.EX}o> .\n".encode())
    result = run_dyad(scratch_store, "load", str(path))
    assert result.exit_code == 0, result.output


def test_a_refused_reload_of_a_stored_gdelt_export_leaves_the_store_as_it_was(tmp_path, scratch_store):
    export = tmp_path / "reload.export.CSV"
    export.write_text(corpus.gdelt_row() + "\n", encoding="utf-8")
    assert run_dyad(scratch_store, "load", str(export)).exit_code == 0
    before = store_digest(scratch_store)
    export.write_text(corpus.gdelt_row() + "\n" + "junk\n" * 50, encoding="utf-8")
    result = run_dyad(scratch_store, "load", "--loader", "gdelt", "--limit", "bad-rows=10", str(export))
    assert result.exit_code == 1 and f"{export}:" in result.output, result.output
    assert store_digest(scratch_store) == before


def test_a_gdelt_export_with_a_utf8_byte_order_mark_loads_every_row(tmp_path, scratch_store):
    path = tmp_path / "bom.export.CSV"
    path.write_bytes(b"\xef\xbb\xbf" + (corpus.gdelt_row() + "\n").encode())
    result = run_dyad(scratch_store, "load", "--loader", "gdelt", str(path))
    assert result.exit_code == 0 and "loaded 1" in result.output, result.output
