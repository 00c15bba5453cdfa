"""The embedded store's streamed replacement (bulk_replace): small graphs in one transaction each, big ones bulk-loaded.

Either way a graph is all-or-nothing, the block is undone as a whole, a process killed midway
leaves the state before the block, and the same text gets the same content stamp.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from rdflib import URIRef

from dyad.errors import StoreError
from dyad.store import STATE_GRAPH, DyadStore, embedded
from dyad.store.embedded import JOURNAL, backup_folder

GRAPHS = [URIRef(f"https://example.org/graph/small/{number}") for number in range(40)]


def ntriples(number: int, *, variant: str, lines: int = 20) -> str:
    return "".join(f'<https://example.org/s/{number}/{line}> <https://example.org/p> "{variant} {line}" .\n' for line in range(lines))


def content(store: DyadStore) -> set[str]:
    """Every quad outside the stamps' graph, as text."""
    return {str(q) for q in store.oxigraph if getattr(q.graph_name, "value", None) != str(STATE_GRAPH)}


def replace_all(store: DyadStore, variant: str) -> None:
    import pyoxigraph as ox

    with store.bulk_replace() as session:
        for number, name in enumerate(GRAPHS):
            session.replace(name, [ntriples(number, variant=variant)], rdf_format=ox.RdfFormat.N_TRIPLES)


def test_small_and_bulk_loaded_graphs_hold_the_same_triples_under_the_same_stamp(tmp_path, monkeypatch):
    small = DyadStore(tmp_path / "small")
    replace_all(small, "a")
    monkeypatch.setattr(embedded, "SMALL_GRAPH_BYTES", 0)  # every graph through the bulk loader
    bulk = DyadStore(tmp_path / "bulk")
    replace_all(bulk, "a")
    try:
        assert content(small) == content(bulk)
        stamps = {name: small.content_stamps()[str(name)] for name in GRAPHS}
        assert stamps == {name: bulk.content_stamps()[str(name)] for name in GRAPHS}
    finally:
        small.close()
        bulk.close()


def test_a_graph_replaced_by_nothing_goes_with_its_stamp(disk_store):
    import pyoxigraph as ox

    replace_all(disk_store, "a")
    with disk_store.bulk_replace() as session:
        session.replace(GRAPHS[0], [], rdf_format=ox.RdfFormat.N_TRIPLES)
    assert not disk_store.has_graph(GRAPHS[0])
    assert str(GRAPHS[0]) not in disk_store.content_stamps()
    assert disk_store.has_graph(GRAPHS[1])


def test_a_block_of_small_graphs_that_fails_is_undone_with_its_stamps(disk_store):
    import pyoxigraph as ox

    replace_all(disk_store, "a")
    before, stamps = content(disk_store), disk_store.content_stamps()
    with pytest.raises(StoreError):
        with disk_store.bulk_replace() as session:
            for number, name in enumerate(GRAPHS[:10]):
                session.replace(name, [ntriples(number, variant="b")], rdf_format=ox.RdfFormat.N_TRIPLES)
            session.replace(GRAPHS[10], ["<https://example.org/s> <https://example.org/p> this does not parse .\n"],
                            rdf_format=ox.RdfFormat.N_TRIPLES)
    assert content(disk_store) == before
    assert disk_store.content_stamps() == stamps


KILLED_MIDWAY = """
import os, signal, sys
import pyoxigraph as ox
from rdflib import URIRef
from dyad.store import DyadStore

store = DyadStore(sys.argv[1])
with store.bulk_replace() as session:
    for number in range(40):
        if number == int(sys.argv[2]):
            os.kill(os.getpid(), signal.SIGKILL)  # as kill -9 would, between two graphs of one block
        line = '<https://example.org/s/{0}/0> <https://example.org/p> "b" .\\n'.format(number)
        session.replace(URIRef("https://example.org/graph/small/{0}".format(number)), [line], rdf_format=ox.RdfFormat.N_TRIPLES)
"""


@pytest.mark.parametrize("killed_at", [1, 25])
def test_a_block_of_small_graphs_killed_midway_leaves_the_state_before_it(tmp_path, killed_at):
    path = tmp_path / "store"
    with DyadStore(path) as store:
        replace_all(store, "a")
        before = content(store)
    script = tmp_path / "killed.py"
    script.write_text(textwrap.dedent(KILLED_MIDWAY), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), str(path), str(killed_at)], capture_output=True, check=False)
    assert done.returncode == -9, done.stderr
    assert (backup_folder(path) / JOURNAL).exists()  # the block was cut short with graphs written
    with DyadStore(path) as reopened:  # the next command puts every graph back first
        assert content(reopened) == before
    assert not backup_folder(path).exists()


def test_a_journal_line_cut_short_by_a_crash_is_not_read(tmp_path):
    path = tmp_path / "store"
    with DyadStore(path) as store:
        replace_all(store, "a")
        before = content(store)
    folder = backup_folder(path)
    folder.mkdir()
    # The crash came while the second line was written: its graph was not touched, and its backup may be half there.
    (folder / "0.nt").write_text(ntriples(0, variant="a"), encoding="utf-8")
    Path(folder / JOURNAL).write_text(f"{GRAPHS[0]}\t0.nt\n{GRAPHS[1]}\t1.n", encoding="utf-8")
    with DyadStore(path) as reopened:
        assert content(reopened) == before
    assert not folder.exists()
