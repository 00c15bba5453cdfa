"""The Cypher library mirrors the SPARQL one: same parameters, same answers on the synced examples."""

from __future__ import annotations

import re

import pytest

from dyad.queries.library import list_queries, run_named_sparql
from dyad.neo4j.sync import Neo4jSync

MIRRORED = ("events-of-dyad", "claims-about-event", "status-as-of", "cited-about-dyad")


def _cypher(name: str):  # noqa: ANN202
    return {q.name: q for q in list_queries("cypher")}[name]


@pytest.mark.parametrize("name", MIRRORED)
def test_each_cypher_query_declares_exactly_the_parameters_it_uses(name):
    query = _cypher(name)
    body = "\n".join(line for line in query.text.splitlines() if not line.lstrip().startswith("//"))
    assert {p.name for p in query.parameters} == set(re.findall(r"\$(\w+)", body))
    assert query.description and query.returns
    sparql = {q.name: q for q in list_queries("sparql")}[name]
    assert [(p.name, p.type, p.optional) for p in query.parameters] == [(p.name, p.type, p.optional) for p in sparql.parameters]


def _run(driver, name: str, params: dict[str, str]) -> list[dict]:  # noqa: ANN001
    query = _cypher(name)
    bound = query.bind(params)
    parameters = {p.name: bound.get(p.name) for p in query.parameters}
    with driver.session(default_access_mode="READ") as session:
        return session.execute_read(lambda tx: [r.data() for r in tx.run(query.text, parameters)])


@pytest.fixture
def synced(examples_store, neo4j_driver):
    Neo4jSync(neo4j_driver).sync(examples_store)
    return examples_store, neo4j_driver


@pytest.mark.neo4j
def test_events_of_dyad_matches_sparql(synced):
    store, driver = synced
    params = {"countryA": "PRK", "countryB": "CHN", "since": "2018-01-01"}
    rows = _run(driver, "events-of-dyad", params)
    _, expected = run_named_sparql(store, "events-of-dyad", params)
    assert len(rows) == len(expected) >= 3
    assert [(r["event"], r["claims"]) for r in rows] == [(str(e["event"]), int(e["claims"])) for e in expected]
    assert all(r["date"] >= "2018" for r in rows)


@pytest.mark.neo4j
def test_claims_about_event_matches_sparql(synced):
    store, driver = synced
    params = {"label": "train service suspended"}
    rows = _run(driver, "claims-about-event", params)
    _, expected = run_named_sparql(store, "claims-about-event", params)
    assert rows and {(r["claim"], r["certainty"], r["document"]) for r in rows} == {
        (str(e["claim"]), str(e["certainty"]), str(e["document"])) for e in expected}
    assert all(r["quote"] for r in rows)


@pytest.mark.neo4j
def test_status_as_of_matches_sparql(synced):
    store, driver = synced
    for as_of in ("2020-06-30", "1970-01-01"):
        rows = _run(driver, "status-as-of", {"asOf": as_of})
        _, expected = run_named_sparql(store, "status-as-of", {"asOf": as_of})
        assert [(r["subject"], r["status"], r["since"]) for r in rows] == [
            (str(e["subject"]), str(e["status"]), str(e["since"])) for e in expected], as_of
    assert any(r["status"] == "suspended" for r in _run(driver, "status-as-of", {"asOf": "2020-06-30"}))


@pytest.mark.neo4j
def test_cited_about_dyad_matches_sparql(synced):
    store, driver = synced
    params = {"countryA": "PRK", "countryB": "CHN"}
    rows = _run(driver, "cited-about-dyad", params)
    _, expected = run_named_sparql(store, "cited-about-dyad", params)
    assert rows
    assert sorted((r["source"], r["claims"], r["hedged"]) for r in rows) == sorted(
        (str(e["source"]), int(e["claims"]), int(e["hedged"])) for e in expected)


SECOND_NAMES = """
PREFIX dyad: <https://w3id.org/dyad/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?thing ?predicate ?name WHERE {
  { ?thing a ?class ; rdfs:label ?first . VALUES ?class { dyad:Route dyad:Agreement dyad:Event } BIND(rdfs:label AS ?predicate) }
  UNION { ?claim prov:wasAttributedTo ?thing . ?thing rdfs:label ?first . BIND(rdfs:label AS ?predicate) }
  UNION { ?thing a dyad:Document ; dcterms:title ?first . BIND(dcterms:title AS ?predicate) }
  BIND(CONCAT(STR(?first), " (also)") AS ?name)
}
"""


@pytest.fixture
def synced_with_second_names(examples_store, neo4j_driver):
    """The examples plus a document that names every route, agreement, event, agent and document a second time."""
    from rdflib import Graph, Literal, URIRef

    second = Graph()
    for row in examples_store.select(SECOND_NAMES)[1]:
        second.add((URIRef(str(row["thing"])), URIRef(str(row["predicate"])), Literal(str(row["name"]), lang="en")))
    assert len(second) > 10
    examples_store.replace_graphs([(URIRef("https://w3id.org/dyad/id/document/test-second-names"), second)])
    Neo4jSync(neo4j_driver).sync(examples_store)
    return examples_store, neo4j_driver


def _text(term) -> str | None:  # noqa: ANN001
    return None if term is None else str(term)


@pytest.mark.neo4j
def test_every_cypher_query_reads_properties_with_two_values_as_sparql_does(synced_with_second_names):
    store, driver = synced_with_second_names
    route_labels = driver.execute_query("MATCH (r:Route) RETURN r.label AS label").records
    assert any(isinstance(r["label"], list) and len(r["label"]) == 2 for r in route_labels)  # the case that failed

    rows = _run(driver, "status-as-of", {"asOf": "2020-06-30"})
    _, expected = run_named_sparql(store, "status-as-of", {"asOf": "2020-06-30"})
    assert sorted((r["subject"], r["name"], r["status"], r["since"], r["eventLabel"]) for r in rows) == sorted(
        (_text(e["subject"]), _text(e["name"]), _text(e["status"]), _text(e["since"]), _text(e["eventLabel"])) for e in expected)
    assert any(r["name"].endswith("(also)") for r in rows)
    assert _run(driver, "status-as-of", {"asOf": "2020-06-30", "label": "(also)"})

    params = {"countryA": "PRK", "countryB": "CHN"}
    rows = _run(driver, "events-of-dyad", params)
    _, expected = run_named_sparql(store, "events-of-dyad", params)
    assert sorted((r["event"], r["date"], r["label"], r["about"], r["claims"]) for r in rows) == sorted(
        (_text(e["event"]), _text(e["date"]), _text(e["label"]), _text(e["about"]), int(e["claims"]))
        for e in expected)

    rows = _run(driver, "claims-about-event", {"label": "suspended"})
    _, expected = run_named_sparql(store, "claims-about-event", {"label": "suspended"})
    assert rows and sorted((r["claim"], r["eventLabel"], r["documentTitle"], r["agentName"]) for r in rows) == sorted(
        (_text(e["claim"]), _text(e["eventLabel"]), _text(e["documentTitle"]), _text(e["agentName"]))
        for e in expected)

    rows = _run(driver, "cited-about-dyad", params)
    _, expected = run_named_sparql(store, "cited-about-dyad", params)
    assert sorted((r["source"], r["name"], r["claims"], r["hedged"]) for r in rows) == sorted(
        (_text(e["source"]), _text(e["name"]), int(e["claims"]), int(e["hedged"])) for e in expected)

    rows = _run(driver, "trajectory", params)
    _, expected = run_named_sparql(store, "trajectory", params)
    assert sorted((r["event"], r["date"], r["label"], r["claim"]) for r in rows) == sorted(
        (_text(e["event"]), _text(e["date"]), _text(e["label"]), _text(e["claim"])) for e in expected)
