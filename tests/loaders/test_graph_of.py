"""graph_of fills a new graph in one go: it must be the graph Graph.add builds, triple by triple."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import ConjunctiveGraph, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from dyad.loaders.common import graph_of
from dyad.loaders.news import extract_graph

PASSAGES = Path(__file__).resolve().parents[1] / "extraction" / "passages"
ARTICLES = sorted(PASSAGES.glob("*.txt"))[:12] + sorted((Path(__file__).parent / "cases" / "news").glob("*.txt"))


def _added_one_by_one(name: URIRef, triples: list) -> Graph:
    graph = Graph(identifier=name)
    for triple in triples:
        graph.add(triple)
    return graph


def _store_state(graph: Graph) -> dict[str, object]:
    """Everything rdflib's Memory store holds, graphs named by their identifier (they are different objects)."""
    state = {}
    for key, value in vars(graph.store).items():
        if key == "_Memory__all_contexts":
            value = sorted(str(g.identifier) for g in value)
        elif key == "_Memory__context_obj_map":
            value = {k: str(g.identifier) for k, g in value.items()}
        elif key == "dispatcher":
            continue
        state[key] = value
    return state


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.stem)
def test_a_graph_filled_at_once_holds_what_adding_each_triple_holds(article: Path):
    source = extract_graph(article)
    triples = sorted(source.graph, key=lambda t: tuple(map(str, t)))  # any order: both get the same
    filled = graph_of(source.name, triples)
    added = _added_one_by_one(source.name, triples)
    assert _store_state(filled) == _store_state(added)
    assert [t for t in filled.triples((None, None, None))] == [t for t in added.triples((None, None, None))]


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_a_filled_graph_answers_patterns_contexts_and_merges_like_any_graph():
    name = URIRef("urn:test:graph")
    a, b = URIRef("urn:test:a"), URIRef("urn:test:b")
    triples = [(a, RDF.type, RDFS.Class), (a, RDFS.label, Literal("A", lang="en")), (b, RDFS.seeAlso, a)]
    filled = graph_of(name, triples)
    assert len(filled) == 3
    assert set(filled.subjects(RDFS.seeAlso, None)) == {b}
    assert set(filled.objects(a, None)) == {RDFS.Class, Literal("A", lang="en")}
    assert [c.identifier for c in filled.store.contexts()] == [name]
    merged = Graph()
    merged += filled
    assert set(merged) == set(triples)
    wrapped = ConjunctiveGraph(filled.store)  # what the SHACL gate does with a graph
    assert set(wrapped.quads((None, None, None, None))) == {(*t, filled) for t in triples}
    filled.remove((b, None, None))
    assert len(filled) == 2 and (b, RDFS.seeAlso, a) not in filled
    filled.add((b, RDFS.seeAlso, a))
    assert len(filled) == 3


def test_a_triple_given_twice_is_held_once_and_no_triples_make_an_empty_graph():
    name, a = URIRef("urn:test:graph"), URIRef("urn:test:a")
    twice = graph_of(name, [(a, RDF.type, RDFS.Class), (a, RDF.type, RDFS.Class)])
    assert len(twice) == 1
    assert _store_state(twice) == _store_state(_added_one_by_one(name, [(a, RDF.type, RDFS.Class)]))
    assert _store_state(graph_of(name, [])) == _store_state(Graph(identifier=name))
