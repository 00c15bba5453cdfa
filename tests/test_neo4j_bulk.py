"""The bulk path (neo4j-admin database import) gives the same graph as the transactional sync, on the real server."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from dyad.neo4j.bulk import bulk_import, write_import_files
from dyad.neo4j.dump import dump_graphs
from dyad.neo4j.sync import Neo4jSync
from dyad.vocabulary.namespaces import DYAD, ID
from neo4j_fixtures import TEST_JVM_OPTIONS, graph_snapshot

pytestmark = pytest.mark.neo4j

EXAMPLES = Path(__file__).parent.parent / "examples"
ODD = URIRef(ID["document/test-odd-values"])


def _odd_values() -> Graph:
    """Values a CSV file could get wrong: quotes, commas, new lines, empty text, languages, numbers, instants, lists."""
    event = URIRef(ID["event/odd"])
    graph = Graph()
    for triple in [
        (event, RDF.type, DYAD.Event),
        (event, RDFS.label, Literal('He said "no", then\nleft', lang="en")),
        (event, RDFS.label, Literal("Il a dit « non »", lang="fr")),
        (event, RDFS.comment, Literal("")),
        (event, RDFS.comment, Literal("  padded  ")),
        (event, DYAD.goldstein, Literal("-4.5", datatype=XSD.decimal)),
        (event, DYAD.goldstein, Literal("7", datatype=XSD.decimal)),
        (event, DYAD.quadClass, Literal(3)),
        (event, DYAD.date, Literal("2020-01-15", datatype=XSD.date)),
        (event, DYAD.startDate, Literal("2020-01-15T10:30:00Z", datatype=XSD.dateTime)),
        (event, DYAD.endDate, Literal("2020-01-16T08:00:00", datatype=XSD.dateTime)),
        (event, DYAD.hedged, Literal(True)),
        (event, DYAD.actor, URIRef(ID["country/PRK"])),
        (event, DYAD.about, URIRef("http://example.org/described-nowhere")),
    ]:
        graph.add(triple)
    return graph


@pytest.fixture
def odd_store(examples_store):
    examples_store.replace_graphs([(ODD, _odd_values())])
    return examples_store


@pytest.fixture
def bulk_server(tmp_path):
    from dyad.neo4j.server import start_server, stop_server

    server = start_server(tmp_path / "bulk-run", fresh=True, jvm_options=TEST_JVM_OPTIONS, standard_ports=False)
    yield tmp_path / "bulk-run"
    stop_server(tmp_path / "bulk-run")


def test_the_import_files_carry_multiline_values_in_their_own_files(odd_store, tmp_path):
    files = write_import_files(odd_store, tmp_path / "csv")
    assert files.multiline and set(files.multiline) <= set(files.nodes)
    assert files.node_count > 250 and files.relationship_count > 50


def _rows(files) -> tuple[set, set]:  # noqa: ANN001 - ImportFiles
    """Every row of the node and relationship files, as a set of (column, value) pairs (the sync time left out)."""
    import csv

    from dyad.neo4j.bulk import FIELD_DELIMITER, QUOTE

    def read(paths: list[Path]) -> set:
        found = set()
        for path in paths:
            with open(path, newline="", encoding="utf-8") as handle:
                reader = csv.reader(handle, delimiter=FIELD_DELIMITER, quotechar=QUOTE)
                header = next(reader)
                found |= {tuple(sorted((k, v) for k, v in zip(header, row) if k != "synced:datetime")) for row in reader}
        return found

    return read(files.nodes), read(files.relationships)


def test_one_process_or_two_write_the_same_files(tmp_path):
    """The forked worker, reading a store on disk through its own read-only handle, writes what one process would."""
    from dyad.api import load, open_store

    store = open_store(tmp_path / "store")
    load([EXAMPLES], store=store)
    store.replace_graphs([(ODD, _odd_values())])
    one = write_import_files(store, tmp_path / "one", workers=1)
    two = write_import_files(store, tmp_path / "two", workers=2)
    assert any("-b-" in path.name for path in two.nodes)  # the second process wrote some of them
    assert (one.node_count, one.relationship_count, one.statements) == (two.node_count, two.relationship_count, two.statements)
    assert _rows(one) == _rows(two)


def test_the_bulk_path_gives_the_graph_of_the_transactional_sync(odd_store, neo4j_driver, bulk_server):
    from neo4j import GraphDatabase

    from dyad.neo4j.server import server_status
    from rdflib.compare import isomorphic

    Neo4jSync(neo4j_driver).sync(odd_store)
    expected = graph_snapshot(neo4j_driver)
    expected_dump = dump_graphs(neo4j_driver)

    result = bulk_import(odd_store, bulk_server)
    assert result.nodes == len(expected[0]) and result.relationships == len(expected[1])
    server = server_status(bulk_server)
    with GraphDatabase.driver(server.uri) as driver:
        assert graph_snapshot(driver) == expected
        dumped = dump_graphs(driver)
        assert dumped.keys() == expected_dump.keys()
        assert all(isomorphic(dumped[name], expected_dump[name]) for name in expected_dump)
        syncer = Neo4jSync(driver)
        assert syncer.sync(odd_store).nothing_to_do  # the ledger is written: the next sync is incremental
        constraints = {r["name"] for r in driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN name").records}
        assert "dyad_resource_uri" in constraints

        # An incremental sync after the bulk one changes both graphs alike.
        changed = _odd_values()
        changed.remove((None, RDFS.comment, None))
        changed.add((URIRef(ID["event/odd"]), RDFS.label, Literal("Later", lang="en")))
        odd_store.replace_graphs([(ODD, changed)])
        assert odd_store.remove_graphs([next(g for g in odd_store.graph_names() if g != ODD)]) == 1
        incremental = syncer.sync(odd_store)
        assert incremental.changed_graphs and incremental.removed_graphs
        Neo4jSync(neo4j_driver).sync(odd_store)
        assert graph_snapshot(driver) == graph_snapshot(neo4j_driver)


def test_a_server_dyad_did_not_start_gets_the_transactional_sync_and_says_why(examples_store, neo4j_server, neo4j_driver):
    from dyad.errors import SyncError
    from dyad.neo4j.bulk import bulk_decision

    syncer = Neo4jSync(neo4j_driver)
    use, why = bulk_decision(examples_store, syncer, uri=neo4j_server.uri, database=None, rebuild=False, bulk=None)
    assert not use and "local server" in why
    with pytest.raises(SyncError, match="local server"):
        bulk_decision(examples_store, syncer, uri=neo4j_server.uri, database=None, rebuild=False, bulk=True)


def test_rebuild_through_the_driver_writes_the_same_graph_again(tmp_path, neo4j_server, neo4j_driver):
    from click.testing import CliRunner

    from dyad.cli import main

    store = tmp_path / "store"
    runner = CliRunner()
    assert runner.invoke(main, ["--store", str(store), "load", str(EXAMPLES)]).exit_code == 0
    assert runner.invoke(main, ["--store", str(store), "sync", "--uri", neo4j_server.uri]).exit_code == 0
    before = graph_snapshot(neo4j_driver)
    neo4j_driver.execute_query("MATCH (n:Event) WITH n LIMIT 3 SET n.tampered = true")
    rebuilt = runner.invoke(main, ["--store", str(store), "sync", "--uri", neo4j_server.uri, "--rebuild"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert graph_snapshot(neo4j_driver) == before


def test_the_database_name_comes_before_the_file_lists_that_would_swallow_it(tmp_path):
    from dyad.neo4j.bulk import ImportFiles

    files = ImportFiles(folder=tmp_path, nodes=[tmp_path / "n.csv"], relationships=[tmp_path / "r.csv"])
    arguments = files.arguments("neo4j")
    assert arguments[:4] == ["database", "import", "full", "neo4j"]
    assert arguments[-1].startswith("--relationships=")


def test_two_iris_with_one_node_id_are_caught_and_the_files_written_again_with_another_salt(examples_store, tmp_path, monkeypatch):
    from dyad.neo4j import bulk

    real = bulk.NodeIds.__call__

    def colliding_without_salt(self, uri: str) -> str:  # noqa: ANN001
        return "1" if self.salt == bytes(16) else real(self, uri)

    monkeypatch.setattr(bulk.NodeIds, "__call__", colliding_without_salt)
    with pytest.raises(bulk.DuplicateNodeIds):
        write_import_files(examples_store, tmp_path / "salt-0")
    files = bulk._write_with_unique_ids(examples_store, tmp_path / "retried", None)
    assert files.node_count > 250
