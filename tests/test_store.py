"""The embedded store: named graphs per document, all-or-nothing writes, bound query parameters."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from dyad.errors import QueryError, StoreError
from dyad.store import COUNTRIES_GRAPH, ONTOLOGY_GRAPH, DyadStore, bind_values

G1 = URIRef("https://example.org/graph/1")
S = URIRef("https://example.org/s")
P = URIRef("https://example.org/p")


def graph_of(*values: str) -> Graph:
    graph = Graph()
    for value in values:
        graph.add((S, P, Literal(value)))
    return graph


def test_a_new_store_holds_the_ontology_and_every_iso_country(store):
    assert store.graph_names(include_reference=True) == sorted([COUNTRIES_GRAPH, ONTOLOGY_GRAPH])
    _, rows = store.select(
        "PREFIX dyad: <https://w3id.org/dyad/ontology#> SELECT (COUNT(?c) AS ?n) WHERE { ?c a dyad:Country }"
    )
    assert int(rows[0]["n"]) == 250  # 249 ISO 3166-1 entries and Kosovo (XKX)


def test_replacing_a_graph_swaps_its_content(store):
    store.replace_graphs([(G1, graph_of("a", "b"))])
    store.replace_graphs([(G1, graph_of("c"))])
    assert {str(o) for _, _, o in store.graph(G1)} == {"c"}


def test_a_failed_write_leaves_the_store_as_it_was(store, monkeypatch):
    store.replace_graphs([(G1, graph_of("a"))])
    before = store.quad_count()
    bad = Graph()
    bad.add((S, P, Literal("x", datatype=URIRef("not an iri"))))
    with pytest.raises(StoreError):
        store.replace_graphs([(URIRef("https://example.org/graph/2"), graph_of("y")), (G1, bad)])
    assert store.quad_count() == before
    assert not store.has_graph("https://example.org/graph/2")


def test_store_on_disk_keeps_its_graphs_across_openings(tmp_path):
    with DyadStore(tmp_path / "s") as first:
        first.replace_graphs([(G1, graph_of("kept"))])
    with DyadStore(tmp_path / "s", read_only=True) as again:
        assert {str(o) for _, _, o in again.graph(G1)} == {"kept"}


def test_opening_a_missing_store_read_only_says_how_to_create_one(tmp_path):
    with pytest.raises(StoreError, match="load something first"):
        DyadStore(tmp_path / "nothing", read_only=True)


def test_query_parameters_are_bound_as_values_not_pasted_text(store):
    store.replace_graphs([(G1, graph_of("a", 'b" } ; DROP ALL ; #'))])
    query = "SELECT ?s WHERE { ?s <https://example.org/p> ?value }"
    _, rows = store.select(query, {"value": Literal('b" } ; DROP ALL ; #')})
    assert [str(r["s"]) for r in rows] == [str(S)]
    assert store.has_graph(G1)


def test_bound_values_are_visible_to_filters():
    text = bind_values("SELECT ?x WHERE { FILTER(?x = 1) }", {"x": Literal(1)})
    assert text.index("VALUES") < text.index("FILTER")


def test_a_variable_name_that_is_not_a_name_is_refused():
    with pytest.raises(ValueError):
        bind_values("SELECT * WHERE { }", {"x) } DROP ALL {": Literal(1)})


def test_a_malformed_query_is_a_query_error(store):
    with pytest.raises(QueryError):
        store.select("SELEKT nonsense")


def test_holds_compares_literals_as_the_store_normalises_them(store):
    graph = Graph()
    graph.add((S, P, Literal("8.0", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))))
    store.replace_graphs([(G1, graph)])
    assert store.holds(G1, graph)
    assert not store.holds(G1, graph_of("other"))


def test_a_store_in_use_by_another_process_is_refused_with_a_plain_message(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "store"
    with DyadStore(path):
        second = subprocess.run([sys.executable, "-c", f"from dyad.store import DyadStore; DyadStore({str(path)!r})"],
                                capture_output=True, text=True)
    assert second.returncode != 0
    assert "is in use by another Dyad command" in second.stderr
    assert "LOCK" not in second.stderr.splitlines()[-1]
