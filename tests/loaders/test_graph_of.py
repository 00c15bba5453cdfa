"""graph_of fills a new graph in one go: it must be the graph Graph.add builds, triple by triple."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import ConjunctiveGraph, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from dyad.loaders.common import bind_dyad_prefixes, graph_of
from dyad.loaders.news import extract_graph
from dyad.vocabulary.namespaces import bind_prefixes

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


def _prefix_state(graph: Graph) -> tuple[object, ...]:
    manager = {key: value for key, value in vars(graph.namespace_manager).items() if key != "graph"}
    return (list(graph.store._Memory__namespace.items()), list(graph.store._Memory__prefix.items()), manager)


def test_a_filled_graph_gets_the_prefixes_bind_prefixes_would_bind_in_the_same_order():
    name = URIRef("urn:test:graph")
    triples = [(URIRef("https://w3id.org/dyad/ontology#x"), RDF.type, RDFS.Class)]
    copied, bound = graph_of(name, triples), graph_of(name, triples)
    bind_dyad_prefixes(copied)
    bind_prefixes(bound)
    assert _prefix_state(copied) == _prefix_state(bound)
    assert copied.namespace_manager.graph is copied
    assert copied.serialize(format="turtle") == bound.serialize(format="turtle")
    # each graph has its own tables: a prefix bound on one (or a qname worked out) is not in the next
    copied.bind("mine", "urn:mine:")
    later, fresh = graph_of(name, triples), graph_of(name, triples)
    bind_dyad_prefixes(later)
    bind_prefixes(fresh)
    assert _prefix_state(later) == _prefix_state(fresh)


def test_a_graph_with_a_prefix_bound_already_is_bound_as_usual():
    graph = graph_of(URIRef("urn:test:graph"), [])
    graph.bind("mine", "urn:mine:")
    bind_dyad_prefixes(graph)
    expected = Graph(identifier=URIRef("urn:test:graph"))
    expected.bind("mine", "urn:mine:")
    bind_prefixes(expected)
    assert list(graph.namespaces()) == list(expected.namespaces())
