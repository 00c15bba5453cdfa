"""Content stamps: the store records a hash per graph as it writes it, so a sync need not reread graphs."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from dyad.neo4j.changes import store_graph_hashes

G = URIRef("https://example.org/graph/stamped")


def graph_of(value: str) -> Graph:
    graph = Graph()
    graph.add((URIRef("https://example.org/s"), URIRef("https://example.org/p"), Literal(value)))
    return graph


def test_a_written_graph_is_stamped_and_the_stamp_follows_its_content(store):
    store.replace_graphs([(G, graph_of("a"))])
    first = store.content_stamps()[str(G)]
    store.replace_graphs([(G, graph_of("a"))])
    assert store.content_stamps()[str(G)] == first
    store.replace_graphs([(G, graph_of("b"))])
    assert store.content_stamps()[str(G)] != first


def test_removing_a_graph_removes_its_stamp_and_the_bookkeeping_is_no_document(store):
    store.replace_graphs([(G, graph_of("a"))])
    assert G in store.graph_names()
    assert not any("store-state" in str(name) for name in store.graph_names(include_reference=True))
    store.remove_graphs([G])
    assert str(G) not in store.content_stamps()


def test_a_user_update_drops_every_stamp_so_the_sync_hashes_afresh(store):
    store.replace_graphs([(G, graph_of("a"))])
    stamped, _ = store_graph_hashes(store)
    store.update(f"INSERT DATA {{ GRAPH <{G}> {{ <https://example.org/s> <https://example.org/p> \"extra\" }} }}")
    assert store.content_stamps() == {}
    hashed, _ = store_graph_hashes(store)
    assert hashed[str(G)] != stamped[str(G)]


def test_graphs_written_straight_through_oxigraph_can_be_stamped_afterwards(store):
    import pyoxigraph as ox

    store.oxigraph.add(ox.Quad(ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p"),
                               ox.Literal("raw"), ox.NamedNode(str(G))))
    assert str(G) not in store.content_stamps()
    store.stamp()
    digest, size = store.content_stamps()[str(G)]
    assert len(digest) == 64 and size > 0


def test_an_undone_bulk_replace_puts_the_graph_and_its_stamp_back(disk_store):
    import pytest

    name = URIRef("https://example.org/graph/export")
    disk_store.replace_graphs([(name, graph_of("before"))])
    stamps_before = disk_store.content_stamps()
    quads_before = sorted(str(quad) for quad in disk_store.oxigraph)
    with pytest.raises(RuntimeError):
        with disk_store.bulk_replace() as session:
            session.replace(name, ['<https://example.org/s> <https://example.org/p> "after" .\n'])
            raise RuntimeError("the load failed after the graph was replaced")
    assert disk_store.content_stamps() == stamps_before
    assert sorted(str(quad) for quad in disk_store.oxigraph) == quads_before
