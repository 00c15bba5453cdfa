"""Mapping version 6: a node whose properties give back its statements exactly names a shape instead of keeping `rdf`."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

from dyad.neo4j.dump import dump_graphs
from dyad.neo4j.mapping import NodeShapes
from dyad.neo4j.sync import Neo4jSync
from dyad.vocabulary.namespaces import DYAD, ID
from neo4j_fixtures import graph_snapshot

pytestmark = pytest.mark.neo4j

PLAIN = URIRef(ID["event/plain"])
AWKWARD = URIRef(ID["event/awkward"])
SHARED_LABEL = URIRef(ID["event/shared-label"])
DOC_A, DOC_B = URIRef(ID["document/test-shapes-a"]), URIRef(ID["document/test-shapes-b"])


def _documents() -> tuple[Graph, Graph]:
    a, b = Graph(), Graph()
    for triple in [
        (PLAIN, RDF.type, DYAD.Event), (PLAIN, DYAD.goldstein, Literal("4.3", datatype=XSD.decimal)),
        (PLAIN, DYAD.quadClass, Literal(3)), (PLAIN, DYAD.date, Literal("2020-01-15", datatype=XSD.date)),
        (PLAIN, DYAD.hedged, Literal(True)), (PLAIN, RDFS.label, Literal("Talks", lang="en")),
        (PLAIN, RDFS.label, Literal("Gespräche", lang="de")), (PLAIN, DYAD.cameoCode, Literal("036")),
        (PLAIN, DYAD.eventType, URIRef("https://w3id.org/dyad/ontology/event-type/visit")),
        (PLAIN, DYAD.actor, URIRef(ID["country/PRK"])),
        # the server prints a date-time's Z as +00:00: this node keeps its rdf
        (AWKWARD, RDF.type, DYAD.Event), (AWKWARD, DYAD.quadClass, Literal(7)),
        (AWKWARD, DYAD.startDate, Literal("2020-01-15T10:30:00Z", datatype=XSD.dateTime)),
        (SHARED_LABEL, RDF.type, DYAD.Event), (SHARED_LABEL, RDFS.label, Literal("Said by A", lang="en")),
    ]:
        a.add(triple)
    b.add((SHARED_LABEL, RDF.type, DYAD.Event))  # the label is A's alone: only rdf can say so
    return a, b


@pytest.fixture
def shaped_store(examples_store):
    a, b = _documents()
    examples_store.replace_graphs([(DOC_A, a), (DOC_B, b)])
    return examples_store


def _node(driver, uri: URIRef) -> dict:  # noqa: ANN001
    (record,) = driver.execute_query("MATCH (n:Resource {uri: $uri}) RETURN properties(n) AS p", uri=str(uri)).records
    return record["p"]


def _shapes(driver) -> dict[int, tuple[str, ...]]:  # noqa: ANN001
    return {int(r["number"]): tuple(r["lines"]) for r in
            driver.execute_query("MATCH (s:DyadNodeShape) RETURN s.number AS number, s.lines AS lines").records}


def _assert_dump_is_the_store(store, driver) -> None:  # noqa: ANN001
    dumped = dump_graphs(driver)
    for name in (DOC_A, DOC_B):
        assert isomorphic(store.graph(name), dumped[str(name)]), name


def test_a_node_its_properties_give_back_names_a_shape_and_the_others_keep_their_rdf(shaped_store, neo4j_driver):
    Neo4jSync(neo4j_driver).sync(shaped_store)
    plain, awkward, shared = (_node(neo4j_driver, uri) for uri in (PLAIN, AWKWARD, SHARED_LABEL))
    assert "rdf" not in plain and plain["shape"] in _shapes(neo4j_driver)
    assert plain["goldstein"] == 4.3 and plain["label_de"] == "Gespräche" and plain["eventType"] == "visit"
    assert "shape" not in awkward and 'dyad:startDate "2020-01-15T10:30:00Z"^^xsd:dateTime' in awkward["rdf"]
    assert "shape" not in shared and any(entry.endswith(f"\t<{DOC_A}>") for entry in shared["rdf"])
    # Nearly every node of the examples is given back by its properties
    counts = neo4j_driver.execute_query("MATCH (n:Resource) WHERE n.graphs IS NOT NULL "
                                        "RETURN count(n.shape) AS shaped, count(n.rdf) AS ledgers").records[0]
    assert counts["shaped"] > 10 * counts["ledgers"]
    _assert_dump_is_the_store(shaped_store, neo4j_driver)


def test_a_node_whose_statements_change_kind_moves_between_shape_and_rdf(shaped_store, neo4j_driver):
    syncer = Neo4jSync(neo4j_driver)
    syncer.sync(shaped_store)
    a, b = _documents()
    a.add((PLAIN, DYAD.endDate, Literal("2020-01-16T08:00:00Z", datatype=XSD.dateTime)))  # no value gives it back
    b.add((SHARED_LABEL, RDFS.label, Literal("Said by A", lang="en")))  # now stated by both: a shape will do
    shaped_store.replace_graphs([(DOC_A, a), (DOC_B, b)])
    syncer.sync(shaped_store)
    plain, shared = _node(neo4j_driver, PLAIN), _node(neo4j_driver, SHARED_LABEL)
    assert "shape" not in plain and 'dyad:goldstein "4.3"^^xsd:decimal' in plain["rdf"]
    assert "rdf" not in shared and shared["shape"] in _shapes(neo4j_driver)
    _assert_dump_is_the_store(shaped_store, neo4j_driver)
    incremental = graph_snapshot(neo4j_driver)
    Neo4jSync(neo4j_driver).writer.clear()
    Neo4jSync(neo4j_driver).sync(shaped_store)
    assert graph_snapshot(neo4j_driver) == incremental


def test_a_database_of_mapping_version_5_is_read_and_rewritten(shaped_store, neo4j_driver):
    """Version 5 kept every node's statements in rdf: the next sync reads them and rewrites the nodes with shapes."""
    syncer = Neo4jSync(neo4j_driver)
    syncer.sync(shaped_store)
    expected = graph_snapshot(neo4j_driver)
    shapes = NodeShapes(_shapes(neo4j_driver))
    rows = [{"uri": r["uri"], "rdf": shapes.ledger(r["uri"], r["p"])} for r in neo4j_driver.execute_query(
        "MATCH (n:Resource) WHERE n.shape IS NOT NULL RETURN n.uri AS uri, n {.*} AS p").records]
    assert len(rows) > 100
    # The database as version 5 left it: rdf on every node, no shapes, hashes of another mapping version
    neo4j_driver.execute_query("UNWIND $rows AS row MATCH (n:Resource {uri: row.uri}) SET n.rdf = row.rdf REMOVE n.shape", rows=rows)
    neo4j_driver.execute_query("MATCH (s:DyadNodeShape) DELETE s")
    neo4j_driver.execute_query("MATCH (s:DyadSyncState) SET s.hash = 'mapping version 5'")
    _assert_dump_is_the_store(shaped_store, neo4j_driver)  # the dump reads version 5 too

    result = syncer.sync(shaped_store)
    assert len(result.changed_graphs) == len(shaped_store.graph_names(include_reference=True)) - 1  # all but the ontology
    assert graph_snapshot(neo4j_driver) == expected
    _assert_dump_is_the_store(shaped_store, neo4j_driver)


def test_only_a_literal_whose_value_prints_back_as_its_lexical_form_is_given_back_by_its_property():
    from dyad.neo4j.mapping import literal_kind
    import pyoxigraph as ox

    def typed(text: str, datatype: str) -> ox.Literal:
        return ox.Literal(text, datatype=ox.NamedNode(str(XSD) + datatype))

    assert literal_kind(typed("4.3", "decimal")) == f"^^{XSD}decimal"
    assert literal_kind(typed("7", "integer")) == f"^^{XSD}integer"
    assert literal_kind(typed("2020-01-15", "date")) == f"^^{XSD}date"
    assert literal_kind(ox.Literal("Talks", language="en")) == "@en"
    for awkward in (typed("4.30", "decimal"), typed("07", "integer"), typed("1", "boolean"), typed("2020-01-15Z", "date"),
                    typed("2020-01-15T10:30:00Z", "dateTime"), typed("NaN", "double")):
        assert literal_kind(awkward) is None, awkward
