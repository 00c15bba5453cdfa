"""Incremental validation finds exactly what a full validation finds, without validating the whole store."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from dyad.api import load, read_sources
from dyad.errors import ShapeViolationError
from dyad.validation import DocumentToValidate, validate_documents, validate_whole_store
from dyad.validation import validate_graph

CASES = Path(__file__).parent / "cases" / "validation"
FACTS = sorted((Path(__file__).parent.parent / "examples").glob("*.facts.yaml"))


def _keys(report) -> set[tuple[str, str, str, str, str]]:  # noqa: ANN001
    return {result.key() for result in report.results}


def _documents(path: Path) -> list[DocumentToValidate]:
    return [DocumentToValidate(s.name, s.graph, s.origin, s.locations) for s in read_sources([path])]


def _full_pyshacl(store) -> set:  # noqa: ANN001 - plain pySHACL on the union of every graph: the reference
    return _keys(validate_graph(store.union_graph()))


@pytest.fixture
def examples(store):
    load(FACTS, store=store)
    return store


@pytest.mark.parametrize("case", ["late-report.ttl", "bad-event.ttl", "undated-event.ttl", "wrong-classes.ttl"])
def test_incremental_equals_full_validation_on_the_examples_with_deliberate_errors(examples, case):
    before = _full_pyshacl(examples)
    incremental = validate_documents(examples, _documents(CASES / case))

    load([CASES / case], store=examples, validate=False)
    after = _full_pyshacl(examples)

    # Everything new that the full validation finds, the incremental one finds; and nothing else.
    assert _keys(incremental) - before == after - before
    assert _keys(incremental) <= after
    assert after - before, "the case should add problems"


def test_cross_document_rules_hold_incrementally(examples):
    report = validate_documents(examples, _documents(CASES / "late-report.ttl"))
    found = {(r.shape, r.focus_node, r.value, r.severity) for r in report.results}
    assert ("shapes:ClaimNotAfterDocumentShape", "https://example.org/claim/suspension", "2020-01", "Violation") in found
    assert ("shapes:EventNotBeforeRouteShape", "https://example.org/event/opened-1990", "1990", "Warning") in found
    assert ("shapes:EventShape › dyad:eventStatus", "https://example.org/event/opened-1990", None, "Violation") in found
    # The event in the examples that the late claim is about is in another document; the
    # problem is reported on the claim, with the file it came from.
    (late,) = [r for r in report.results if r.shape == "shapes:ClaimNotAfterDocumentShape"]
    assert late.source == str(CASES / "late-report.ttl")


def test_replacing_a_document_drops_the_problems_only_its_old_version_had(examples):
    load([CASES / "late-report.ttl"], store=examples, validate=False)
    fixed = Graph().parse(CASES / "late-report.ttl")
    fixed.remove((None, None, URIRef("https://w3id.org/dyad/id/event/d8355cdd377ce88c")))
    (document,) = _documents(CASES / "late-report.ttl")
    report = validate_documents(examples, [DocumentToValidate(document.name, fixed + _file_node(document.graph), document.origin)])
    assert not [r for r in report.results if r.shape == "shapes:ClaimNotAfterDocumentShape"]


def test_validation_leaves_the_store_exactly_as_it_was(examples):
    before = sorted(map(str, examples.quads()))
    validate_documents(examples, _documents(CASES / "late-report.ttl"))
    assert sorted(map(str, examples.quads())) == before


def test_a_load_that_breaks_a_cross_document_rule_stores_nothing(examples):
    count = examples.quad_count()
    with pytest.raises(ShapeViolationError) as raised:
        load([CASES / "late-report.ttl"], store=examples)
    assert "after its source document https://example.org/doc/late-report was published" in str(raised.value)
    assert examples.quad_count() == count


def test_the_whole_store_validation_equals_plain_pyshacl(examples):
    load([CASES / "late-report.ttl", CASES / "bad-event.ttl", CASES / "wrong-classes.ttl"], store=examples, validate=False)
    whole = _keys(validate_whole_store(examples))
    assert whole == _full_pyshacl(examples)
    # The sh:class violations (a value of the wrong class, a literal where a node is due) are among them.
    focus_and_value = {(key[1], key[3]) for key in whole}
    assert ("https://example.org/event/wrong-actor", "https://example.org/doc/wrong-classes") in focus_and_value
    assert ("https://example.org/claim/wrong-run", "https://example.org/doc/wrong-classes") in focus_and_value
    assert ("https://example.org/claim/literal-source", "a newspaper") in focus_and_value


def _file_node(graph: Graph) -> Graph:
    """The rdf loader's description of the file itself (kept when a test edits the rest)."""
    from dyad.vocabulary.namespaces import DYAD

    kept = Graph()
    for document in graph.subjects(DYAD.documentKind, None):
        for triple in graph.triples((document, None, None)):
            kept.add(triple)
    return kept


def test_a_new_version_that_drops_a_type_is_caught_on_the_nodes_that_point_to_it(examples):
    load([CASES / "late-report.ttl"], store=examples, validate=False)
    (document,) = _documents(CASES / "late-report.ttl")
    untyped = Graph()
    for triple in document.graph:
        if triple[0] == URIRef("https://example.org/doc/late-report") and triple[2] == URIRef("https://w3id.org/dyad/ontology#Document"):
            continue
        untyped.add(triple)
    before = _full_pyshacl(examples)
    report = validate_documents(examples, [DocumentToValidate(document.name, untyped, document.origin)])
    examples.replace_graphs([(document.name, untyped)])
    after = _full_pyshacl(examples)
    assert _keys(report) - before == after - before
    assert any("prov:wasDerivedFrom" in (r.path or "") for r in report.results)


def test_a_document_stored_unchanged_is_not_validated_again_unless_the_users_shapes_are_given(examples):
    again = load(FACTS[:1], store=examples)
    assert again.graphs == [] and len(again.unchanged) == 1
    assert again.report is None  # it was validated when it was stored, and storing it again changes nothing
    with_own_shapes = load(FACTS[:1], store=examples, extra_shapes=[CASES / "every-event-labelled.shapes.ttl"])
    assert with_own_shapes.report is not None


def test_a_hidden_version_whose_triples_are_all_held_elsewhere_is_read_through_the_union_of_all_graphs(examples):
    from dyad.validation.slicing import StoreView

    name = next(g.value for g in examples.named_graphs() if g.value.startswith("https://w3id.org/dyad/id/document/"))
    old = examples.graph(name)
    # Distinct triples: a query's default graph is read as a set (the store repeats a triple held by two graphs,
    # in either way of naming the dataset, and the translated constraints count DISTINCT values).
    query = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"

    def count_over_graphs_kept(view: StoreView) -> int:
        """The view spelt out: the query over the list of every graph it does not hide."""
        kept = [g.value for g in examples.named_graphs() if g.value not in view.hidden]
        return int(next(iter(examples.query(query, default_graphs=kept)))["n"].value)

    examples.stage_graph("urn:dyad:staging:test/copy", old)
    try:
        view = StoreView(examples, hidden=[URIRef(name)])
        assert not view.read_graph_by_graph
        assert int(next(view.select(query))["n"]) == count_over_graphs_kept(view)
    finally:
        examples.unstage_graph("urn:dyad:staging:test/copy")
    # Without the copy, the old version holds triples nothing else does: the view lists the graphs it keeps.
    view = StoreView(examples, hidden=[URIRef(name)])
    assert view.read_graph_by_graph
    assert int(next(view.select(query))["n"]) == count_over_graphs_kept(view)


def test_a_new_version_that_drops_triples_gets_the_same_report_from_the_in_memory_view_and_the_graph_list(examples, monkeypatch):
    import dyad.validation.gate as gate

    load([CASES / "late-report.ttl"], store=examples, validate=False)
    (document,) = _documents(CASES / "late-report.ttl")
    dropped = Graph()
    for triple in document.graph:
        if triple[2] != URIRef("https://w3id.org/dyad/ontology#Document"):  # the document's type goes
            dropped.add(triple)
    assert len(dropped) < len(document.graph)
    new_version = [DocumentToValidate(document.name, dropped, document.origin)]
    copies = []
    local_copy = gate._local_copy

    def counted_local_copy(*args, **kwargs):
        copies.append(args)
        return local_copy(*args, **kwargs)

    monkeypatch.setattr(gate, "_local_copy", counted_local_copy)
    in_memory = _keys(validate_documents(examples, new_version))
    assert len(copies) == 1  # the in-memory view was the one read
    monkeypatch.setattr(gate, "IN_MEMORY_VIEW_MAX_QUADS", 0)  # the store read through the list of graphs kept
    listed = _keys(validate_documents(examples, new_version))
    assert len(copies) == 1  # no copy this time
    assert in_memory == listed and in_memory


_NEIGHBOURHOOD_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/> .
ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;
    sh:property [ sh:path ex:knows ; sh:class ex:Person ; sh:maxCount 1 ] ,
                [ sh:path ex:name ; sh:minCount 1 ; sh:datatype xsd:string ] ,
                [ sh:path [ sh:inversePath ex:employs ] ; sh:class ex:Company ] .
"""
_STORED = """
@prefix ex: <https://example.org/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:Employee rdfs:subClassOf ex:Person .
ex:bob a ex:Person ; ex:name "Bob" ; ex:knows ex:carol .
ex:carol a ex:Employee ; ex:name "Carol" .
ex:acme a ex:Company .
"""
_NEW = """
@prefix ex: <https://example.org/> .
ex:bob ex:knows ex:alice .
ex:alice a ex:Person ; ex:name "Alice" ; ex:knows ex:carol .
ex:dave a ex:Person ; ex:name 7 ; ex:knows ex:acme .
ex:erin a ex:Employee .
ex:acme ex:employs ex:frank . ex:widget ex:employs ex:frank .
ex:frank a ex:Person ; ex:name "Frank" .
"""


def test_core_constraints_read_a_copy_of_the_touched_nodes_neighbourhood_and_find_what_the_whole_store_gives(
    store, tmp_path, monkeypatch,
):
    # Each problem needs a triple of the stored document: bob's second acquaintance, erin's class through
    # the stored subclass, carol's class, acme's type, and widget's lack of one.
    from dyad.validation.slicing import StoreView

    shapes = tmp_path / "people.shapes.ttl"
    shapes.write_text(_NEIGHBOURHOOD_SHAPES)
    store.replace_graphs([(URIRef("https://example.org/doc/stored"), Graph().parse(data=_STORED, format="turtle"))])
    new = [DocumentToValidate(URIRef("https://example.org/doc/new"), Graph().parse(data=_NEW, format="turtle"))]

    copies = []
    around = StoreView.around

    def counted_around(self, nodes, *, backwards):  # noqa: ANN001
        copies.append(around(self, nodes, backwards=backwards))
        return copies[-1]

    monkeypatch.setattr(StoreView, "around", counted_around)
    near = validate_documents(store, new, extra_shapes=[shapes], builtin_shapes=False)
    assert copies and copies[-1] is not None  # the neighbourhood copy answered the core constraints
    monkeypatch.setattr(StoreView, "around", lambda self, nodes, backwards: None)
    whole = validate_documents(store, new, extra_shapes=[shapes], builtin_shapes=False)

    found = {(r.focus_node.rsplit("/", 1)[-1], r.shape.rsplit("›", 1)[-1].strip().replace("https://example.org/", "ex:"), r.value) for r in near.results}
    assert found == {
        ("bob", "ex:knows", None),  # two acquaintances, one of them stored
        ("dave", "ex:knows", "https://example.org/acme"),  # a company, typed in the stored document
        ("dave", "ex:name", "7"),
        ("erin", "ex:name", None),  # a person through the stored subclass, without a name
        ("frank", "^ex:employs", "https://example.org/widget"),  # read backwards
    }, found
    assert _keys(near) == _keys(whole)
