"""The Neo4j sync against the real server: mapping, idempotence, increments, deletions."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from dyad.vocabulary.namespaces import DYAD, EVENT_TYPE, ID
from dyad.neo4j.sync import Neo4jSync
from dyad.neo4j.mapping import compact_iri, describe, relationship_type

pytestmark = pytest.mark.neo4j

DOC_A = URIRef(ID["document/test-a"])
DOC_B = URIRef(ID["document/test-b"])
EVENT = URIRef(ID["event/test-1"])
SHARED_EVENT = URIRef(ID["event/shared"])
PRK = URIRef(ID["country/PRK"])


def _graph(*triples) -> Graph:  # noqa: ANN002
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


def _two_documents(store) -> None:  # noqa: ANN001
    """Document A describes an event alone; A and B both describe a shared event, B adding a label of its own."""
    store.replace_graphs([
        (DOC_A, _graph(
            (EVENT, RDF.type, DYAD.Event),
            (EVENT, DYAD.date, Literal("2020-01-15", datatype=XSD.date)),
            (EVENT, DYAD.goldstein, Literal("-4.5", datatype=XSD.decimal)),
            (EVENT, DYAD.eventType, EVENT_TYPE.suspension),
            (EVENT, DYAD.actor, PRK),
            (EVENT, RDFS.label, Literal("Train suspended", lang="en")),
            (EVENT, RDFS.label, Literal("열차 중단", lang="ko")),
            (SHARED_EVENT, RDF.type, DYAD.Event),
            (SHARED_EVENT, DYAD.quadClass, Literal(1)),
            (SHARED_EVENT, DYAD.actor, PRK),
        )),
        (DOC_B, _graph(
            (SHARED_EVENT, RDF.type, DYAD.Event),
            (SHARED_EVENT, DYAD.quadClass, Literal(1)),
            (SHARED_EVENT, DYAD.actor, PRK),
            (SHARED_EVENT, RDFS.label, Literal("Talks", lang="en")),
        )),
    ])


def _node(driver, uri: str) -> dict | None:  # noqa: ANN001
    records = driver.execute_query("MATCH (n:Resource {uri: $uri}) RETURN n, labels(n) AS labels", uri=uri).records
    if not records:
        return None
    return dict(records[0]["n"], labels=sorted(records[0]["labels"]))


def _counts(driver) -> tuple[int, int]:  # noqa: ANN001
    nodes = driver.execute_query("MATCH (n:Resource) RETURN count(n) AS c").records[0]["c"]
    rels = driver.execute_query("MATCH (:Resource)-[r]->(:Resource) RETURN count(r) AS c").records[0]["c"]
    return nodes, rels


def test_relationship_types_are_upper_snake_case():
    assert relationship_type(str(DYAD.concernsDyad)) == "CONCERNS_DYAD"
    assert relationship_type("http://www.w3.org/ns/prov#wasDerivedFrom") == "WAS_DERIVED_FROM"


def test_literals_become_typed_properties_and_concepts_strings(store, neo4j_driver):
    _two_documents(store)
    Neo4jSync(neo4j_driver).sync(store)
    event = _node(neo4j_driver, str(EVENT))
    assert event["date"].to_native() == dt.date(2020, 1, 15)  # xsd:date -> Neo4j Date
    assert event["goldstein"] == -4.5
    assert event["eventType"] == "suspension"
    assert event["label"] == "Train suspended"
    assert event["label_ko"] == "열차 중단"
    assert event["labels"] == ["Activity", "Event", "Resource"]  # prov:Activity from the ontology's class hierarchy
    assert event["graphs"] == [str(DOC_A)]
    shared = _node(neo4j_driver, str(SHARED_EVENT))
    assert shared["quadClass"] == 1
    assert shared["graphs"] == [str(DOC_A), str(DOC_B)]
    rel = neo4j_driver.execute_query(
        "MATCH (:Resource {uri: $e})-[r:ACTOR]->(c) RETURN r.predicate AS p, r.graphs AS g, c.uri AS c",
        e=str(SHARED_EVENT)).records[0]
    # Stated by both graphs of its node: no graphs of its own (they are the node's; mapping version 4); a prefixed predicate (5).
    assert (rel["p"], rel["g"], rel["c"]) == ("dyad:actor", None, str(PRK))


def test_syncing_twice_changes_nothing(examples_store, neo4j_driver):
    syncer = Neo4jSync(neo4j_driver)
    first = syncer.sync(examples_store)
    counts = _counts(neo4j_driver)
    second = syncer.sync(examples_store)
    assert first.nodes_written > 300 and len(first.changed_graphs) == len(examples_store.graph_names(include_reference=True)) - 1
    assert second.nothing_to_do and second.nodes_written == 0 and second.transactions == 0
    assert _counts(neo4j_driver) == counts
    assert counts[0] == first.nodes_written


def test_only_changed_graphs_are_written(examples_store, neo4j_driver):
    syncer = Neo4jSync(neo4j_driver)
    syncer.sync(examples_store)
    # An unrelated node: tag it, then check the tag survives (a rewrite would replace all its properties).
    neo4j_driver.execute_query("MATCH (n:Resource {uri: $uri}) SET n.untouched = true", uri=str(ID["country/FRA"]))
    examples_store.replace_graphs([(DOC_A, _graph((EVENT, RDF.type, DYAD.Event), (EVENT, DYAD.actor, PRK)))])
    result = syncer.sync(examples_store)
    assert result.changed_graphs == [str(DOC_A)] and result.removed_graphs == []
    assert result.nodes_written == 1 and result.relationships_written == 1 and result.transactions == 1
    assert _node(neo4j_driver, str(ID["country/FRA"]))["untouched"] is True
    assert _node(neo4j_driver, str(EVENT))["graphs"] == [str(DOC_A)]


def test_removing_a_document_removes_exactly_what_only_it_supported(store, neo4j_driver):
    _two_documents(store)
    syncer = Neo4jSync(neo4j_driver)
    syncer.sync(store)
    before_nodes, _ = _counts(neo4j_driver)
    store.remove_graphs([DOC_A])
    result = syncer.sync(store)
    assert result.removed_graphs == [str(DOC_A)] and result.changed_graphs == []
    assert _node(neo4j_driver, str(EVENT)) is None  # only A described it
    shared = _node(neo4j_driver, str(SHARED_EVENT))
    assert shared["graphs"] == [str(DOC_B)] and shared["quadClass"] == 1 and shared["label"] == "Talks"
    rel = neo4j_driver.execute_query("MATCH (n:Resource {uri: $e})-[r:ACTOR]->() RETURN coalesce(r.graphs, n.graphs) AS g",
                                     e=str(SHARED_EVENT)).records
    assert [r["g"] for r in rel] == [[str(DOC_B)]]
    assert _counts(neo4j_driver)[0] == before_nodes - 1
    assert neo4j_driver.execute_query("MATCH (s:DyadSyncState {graph: $g}) RETURN s", g=str(DOC_A)).records == []


def test_a_value_supported_by_another_graph_survives_its_removal_from_one(store, neo4j_driver):
    _two_documents(store)
    syncer = Neo4jSync(neo4j_driver)
    syncer.sync(store)
    store.replace_graphs([(DOC_B, _graph((SHARED_EVENT, RDF.type, DYAD.Event)))])  # B no longer states quadClass
    syncer.sync(store)
    shared = _node(neo4j_driver, str(SHARED_EVENT))
    assert shared["quadClass"] == 1  # A still says so
    assert "label" not in shared  # only B said "Talks"
    assert shared["graphs"] == [str(DOC_A), str(DOC_B)]


def test_cli_remove_then_sync_takes_the_document_out_of_neo4j(tmp_path, neo4j_server, neo4j_driver):
    from click.testing import CliRunner

    from dyad.cli import main
    from conftest import EXAMPLES

    runner = CliRunner()
    store = str(tmp_path / "store")
    assert runner.invoke(main, ["--store", store, "load", str(EXAMPLES)]).exit_code == 0
    assert runner.invoke(main, ["--store", store, "sync", "--uri", neo4j_server.uri]).exit_code == 0
    docs = neo4j_driver.execute_query("MATCH (d:Document) WHERE d.title STARTS WITH 'Curated facts: milestones' "
                                      "RETURN d.uri AS uri").records
    assert len(docs) == 1
    removed = runner.invoke(main, ["--store", store, "remove", docs[0]["uri"]])
    assert removed.exit_code == 0, removed.output
    synced = runner.invoke(main, ["--store", store, "sync", "--uri", neo4j_server.uri])
    assert synced.exit_code == 0 and "1 removed" in synced.output
    assert neo4j_driver.execute_query("MATCH (n:Resource) WHERE $g IN n.graphs RETURN count(n) AS c",
                                      g=docs[0]["uri"]).records[0]["c"] == 0
    # The treaty event only the milestones described is gone; the countries it named stay.
    assert neo4j_driver.execute_query("MATCH (e:Event) WHERE e.label STARTS WITH 'Friendship treaty' RETURN e").records == []
    assert _node(neo4j_driver, str(PRK))["iso3"] == "PRK"


def test_describe_reads_the_union_of_graphs(store):
    _two_documents(store)
    shared = describe(store, str(SHARED_EVENT))
    assert shared.graphs == {str(DOC_A), str(DOC_B)}
    assert shared.properties["quadClass"] == 1
    assert describe(store, str(ID["event/nowhere"])) is None


def test_ledger_entries_name_graphs_only_when_not_every_graph_of_the_node_states_them(store, neo4j_driver):
    _two_documents(store)
    Neo4jSync(neo4j_driver).sync(store)
    rdf = _node(neo4j_driver, str(SHARED_EVENT))["rdf"]
    assert 'dyad:quadClass "1"^^xsd:integer' in rdf  # A and B both say so: no graph list
    assert f'rdfs:label "Talks"@en\t<{DOC_B}>' in rdf  # only B does
    assert all("\t" not in entry for entry in _node(neo4j_driver, str(EVENT))["rdf"])


def test_hub_nodes_and_transaction_size_do_not_change_the_graph(store, neo4j_driver):
    """Dyad nodes shared by every document are written once at the end, whatever the transaction size."""
    from neo4j_fixtures import graph_snapshot
    from synthetic import load_synthetic

    load_synthetic(store, 12, 10, prefix="hub")
    one = Neo4jSync(neo4j_driver, batch_size=1_000_000).sync(store)
    expected = graph_snapshot(neo4j_driver)
    assert one.transactions == 1
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    many = Neo4jSync(neo4j_driver, batch_size=300).sync(store)
    assert many.transactions > 10 and graph_snapshot(neo4j_driver) == expected
    # Into a database that already has nodes (no shortcut for an empty one), with hubs rewritten.
    neo4j_driver.execute_query("MATCH (s:DyadSyncState) DELETE s")
    Neo4jSync(neo4j_driver, batch_size=300).sync(store, force=True)  # nodes without sync state: refused unless forced
    assert graph_snapshot(neo4j_driver) == expected
    assert Neo4jSync(neo4j_driver).sync(store).nothing_to_do


def test_an_edited_document_leaves_the_hubs_it_still_supports_as_they_are(store, neo4j_driver):
    """A node of several graphs is rewritten only when its description changes; the graph is a fresh sync's."""
    from neo4j_fixtures import graph_snapshot

    def fresh_snapshot() -> tuple[set, set]:
        neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
        Neo4jSync(neo4j_driver).sync(store)
        return graph_snapshot(neo4j_driver)

    _two_documents(store)
    syncer = Neo4jSync(neo4j_driver)
    syncer.sync(store)
    edited = store.graph(DOC_A)
    edited.set((EVENT, DYAD.goldstein, Literal("2.0", datatype=XSD.decimal)))
    store.replace_graphs([(DOC_A, edited)])
    result = syncer.sync(store)
    assert result.changed_graphs == [str(DOC_A)]
    assert result.nodes_written == 1  # the edited event; the shared event (A and B) reads as it was
    assert _node(neo4j_driver, str(SHARED_EVENT))["graphs"] == sorted([str(DOC_A), str(DOC_B)])
    after = graph_snapshot(neo4j_driver)
    assert after == fresh_snapshot()

    syncer = Neo4jSync(neo4j_driver)
    edited.remove((SHARED_EVENT, DYAD.quadClass, None))
    edited.add((SHARED_EVENT, DYAD.quadClass, Literal(2)))
    store.replace_graphs([(DOC_A, edited)])
    result = syncer.sync(store)
    assert result.nodes_written == 2  # the hub's description changed: it is rewritten
    assert _node(neo4j_driver, str(SHARED_EVENT))["quadClass"] == [1, 2]
    after = graph_snapshot(neo4j_driver)
    assert after == fresh_snapshot()


def test_a_document_joining_or_leaving_a_hub_changes_only_the_hubs_list_of_graphs(store, neo4j_driver):
    """The hub's relationships and ledger stay as they are (the same relationships, not re-created); the graph is a fresh sync's."""
    from neo4j_fixtures import graph_snapshot
    from synthetic import document_iri, load_synthetic, replace_document

    load_synthetic(store, 8, 6, prefix="join")
    syncer = Neo4jSync(neo4j_driver)
    syncer.sync(store)

    def hubs() -> dict[str, tuple[list[str], set[str]]]:
        records, _, _ = neo4j_driver.execute_query(
            "MATCH (d:Dyad) RETURN d.uri AS uri, d.graphs AS graphs, [(d)-[r]->() | elementId(r)] AS relationships")
        return {r["uri"]: (r["graphs"], set(r["relationships"])) for r in records}

    before = hubs()
    replace_document(store, 3, 6, prefix="join", variant=1)  # other events, other dyads
    result = syncer.sync(store)
    after = hubs()
    edited = document_iri(3, prefix="join")
    moved = [uri for uri in before if uri in after and (edited in before[uri][0]) != (edited in after[uri][0])]
    assert moved, "the variant should join or leave some dyad"
    for uri in moved:
        assert sorted(set(before[uri][0]) ^ set(after[uri][0])) == [edited]
        assert after[uri][1] == before[uri][1]  # its MEMBER relationships were left in place
    assert result.nodes_written >= len(moved)
    snapshot = graph_snapshot(neo4j_driver)
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    Neo4jSync(neo4j_driver).sync(store)
    assert graph_snapshot(neo4j_driver) == snapshot


def _fresh_sync_snapshot(store, driver) -> tuple[set, set]:  # noqa: ANN001
    """The graph a sync into an empty database gives (the database is left holding it)."""
    from neo4j_fixtures import graph_snapshot

    driver.execute_query("MATCH (n) DETACH DELETE n")
    Neo4jSync(driver).sync(store)
    return graph_snapshot(driver)


def test_hubs_whose_lists_many_documents_join_or_leave_at_once_match_a_fresh_sync(store, neo4j_driver):
    """Dyads every graph of which states the same (uniform hubs) gain and lose graphs on the server, a few at a time or many."""
    from neo4j_fixtures import graph_snapshot
    from synthetic import load_synthetic, replace_document

    def lists() -> dict[str, list[str]]:
        return {r["uri"]: r["graphs"] for r in neo4j_driver.execute_query("MATCH (d:Dyad) RETURN d.uri AS uri, d.graphs AS graphs").records}

    load_synthetic(store, 16, 30, prefix="many")
    syncer = Neo4jSync(neo4j_driver)
    syncer.sync(store)
    before = lists()
    for index in range(8):  # half the documents edited: other events, other dyads
        replace_document(store, index, 30, prefix="many", variant=1)
    load_synthetic(store, 6, 30, prefix="more")  # and six new documents
    result = syncer.sync(store)
    after = lists()
    gained = [len(set(after[uri]) - set(before.get(uri, []))) for uri in after]
    assert max(gained) > 4 and any(0 < n <= 4 for n in gained)  # both ways of inserting into a sorted list
    assert any(set(before[uri]) - set(after[uri]) for uri in before)
    assert result.transactions == 1
    assert all(graphs == sorted(graphs) for graphs in after.values())
    assert graph_snapshot(neo4j_driver) == _fresh_sync_snapshot(store, neo4j_driver)

    syncer = Neo4jSync(neo4j_driver)
    for index in range(16):  # every graph of every hub replaced in one sync
        replace_document(store, index, 30, prefix="many", variant=2)
    store.remove_graphs([URIRef(uri) for uri in {g for graphs in after.values() for g in graphs} if "/more-" in uri])
    syncer.sync(store)
    assert graph_snapshot(neo4j_driver) == _fresh_sync_snapshot(store, neo4j_driver)


def test_a_hub_whose_statements_a_document_changes_is_described_anew(store, neo4j_driver):
    """A dyad whose label one document changes is no longer uniform (its entries name their graphs), and back again;
    a document with a non-ASCII name joins a hub by a rewrite. Each time the graph is a fresh sync's."""
    from neo4j_fixtures import graph_snapshot
    from synthetic import document_iri, load_synthetic

    load_synthetic(store, 6, 20, prefix="label")
    syncer = Neo4jSync(neo4j_driver)
    syncer.sync(store)
    edited_name = URIRef(document_iri(2, prefix="label"))
    original = store.graph(edited_name)
    others = {dyad for name in store.graph_names() if name != edited_name for dyad in store.graph(name).subjects(RDF.type, DYAD.Dyad)}
    dyad = min(set(original.subjects(RDF.type, DYAD.Dyad)) & others)  # a hub other documents state too
    edited = store.graph(edited_name)
    edited.set((dyad, RDFS.label, Literal("renamed", lang="en")))
    store.replace_graphs([(edited_name, edited)])
    syncer.sync(store)
    hub = _node(neo4j_driver, str(dyad))
    assert hub["label"] == sorted(hub["label"]) and "renamed" in hub["label"] and len(hub["graphs"]) > 1
    assert f"{compact_iri(str(RDFS.label))} \"renamed\"@en\t<{edited_name}>" in hub["rdf"]
    assert graph_snapshot(neo4j_driver) == _fresh_sync_snapshot(store, neo4j_driver)

    syncer = Neo4jSync(neo4j_driver)
    store.replace_graphs([(edited_name, original)])
    syncer.sync(store)
    assert all("\t" not in entry for entry in _node(neo4j_driver, str(dyad))["rdf"])
    assert graph_snapshot(neo4j_driver) == _fresh_sync_snapshot(store, neo4j_driver)

    syncer = Neo4jSync(neo4j_driver)
    accented = URIRef(ID["document/résumé"])
    store.replace_graphs([(accented, _graph(*original.triples((dyad, None, None))))])
    syncer.sync(store)
    assert str(accented) in _node(neo4j_driver, str(dyad))["graphs"]
    assert graph_snapshot(neo4j_driver) == _fresh_sync_snapshot(store, neo4j_driver)


def test_a_database_synced_under_another_mapping_version_is_rewritten_by_the_next_sync(store, neo4j_driver, monkeypatch):
    """The states' hashes are salted with the mapping version: a database of an older version has every graph
    rewritten by the next sync, in several transactions, and the result is a fresh sync's."""
    import dyad.neo4j.changes as changes
    from neo4j_fixtures import graph_snapshot
    from synthetic import load_synthetic

    load_synthetic(store, 6, 4, prefix="older")
    expected = _fresh_sync_snapshot(store, neo4j_driver)
    monkeypatch.setattr(changes, "MAPPING_VERSION", "4")
    older = changes.store_graph_hashes(store)[0]
    monkeypatch.undo()
    neo4j_driver.execute_query("UNWIND $rows AS row MATCH (s:DyadSyncState {graph: row.graph}) SET s.hash = row.hash",
                               rows=[{"graph": g, "hash": h} for g, h in older.items()])

    result = Neo4jSync(neo4j_driver, batch_size=300).sync(store)
    assert sorted(result.changed_graphs) == sorted(older) and result.transactions > 3
    assert graph_snapshot(neo4j_driver) == expected
    assert Neo4jSync(neo4j_driver).sync(store).nothing_to_do
