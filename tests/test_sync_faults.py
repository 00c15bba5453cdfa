"""Faults: a server killed mid-sync, authentication, unreachable and unsupported servers."""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

import pytest

from dyad.errors import SyncError
from dyad.jvm import free_port
from dyad.neo4j.sync import Neo4jSync
from dyad.neo4j.connection import check_server_version, connect

pytestmark = pytest.mark.neo4j

from neo4j_fixtures import graph_snapshot
from synthetic import load_synthetic

EXAMPLES = Path(__file__).parent.parent / "examples"

TEST_JVM_OPTIONS = ("-XX:TieredStopAtLevel=1",)


def test_a_sync_killed_midway_converges_after_a_restart(store, neo4j_driver, tmp_path):
    from neo4j import GraphDatabase

    from dyad.neo4j.server import kill_server, start_server, stop_server

    added = load_synthetic(store, 40, 25, prefix="kill")
    assert added > 30_000
    reference = Neo4jSync(neo4j_driver, batch_size=2000).sync(store)
    expected = graph_snapshot(neo4j_driver)
    assert reference.transactions >= 10 and len(expected[0]) > 2000  # hub nodes are rewritten once per transaction

    run_dir = tmp_path / "killed-neo4j"
    server = start_server(run_dir, fresh=True, jvm_options=TEST_JVM_OPTIONS, standard_ports=False)
    try:
        calls = []

        def kill_after_a_few_transactions(_stage: str, done: int, total: int) -> None:
            calls.append(done)
            if len(calls) == 3:
                kill_server(server)

        with GraphDatabase.driver(server.uri, max_transaction_retry_time=1.0) as driver:
            with pytest.raises(SyncError, match="run the sync again"):
                Neo4jSync(driver, batch_size=2000).sync(store, progress=kill_after_a_few_transactions)
        assert len(calls) == 3
        server = start_server(run_dir, jvm_options=TEST_JVM_OPTIONS, standard_ports=False)  # same run dir: the data written so far stays
        with GraphDatabase.driver(server.uri) as driver:
            partial = driver.execute_query("MATCH (n:Resource) RETURN count(n) AS c").records[0]["c"]
            assert 0 < partial < len(expected[0])  # it really was interrupted
            resumed = Neo4jSync(driver, batch_size=2000).sync(store)
            assert not resumed.nothing_to_do
            assert graph_snapshot(driver) == expected
            assert Neo4jSync(driver).sync(store).nothing_to_do
    finally:
        stop_server(server)


def test_auth_on_password_from_the_environment_never_printed(examples_store, tmp_path, monkeypatch, caplog):
    from click.testing import CliRunner

    from dyad.api import open_store
    from dyad.cli import main
    from dyad.neo4j.server import start_server, stop_server

    password = "dyad-" + secrets.token_hex(8)
    monkeypatch.setenv("NEO4J_PASSWORD", password)
    server = start_server(tmp_path / "auth-neo4j", auth=True, fresh=True, jvm_options=TEST_JVM_OPTIONS, standard_ports=False)
    try:
        store_path = tmp_path / "store"
        disk = open_store(store_path)
        disk.replace_graphs((name, examples_store.graph(name)) for name in examples_store.graph_names())
        disk.close()
        caplog.set_level(logging.DEBUG)
        runner = CliRunner()
        synced = runner.invoke(main, ["-vv", "--store", str(store_path), "sync", "--uri", server.uri])
        assert synced.exit_code == 0, synced.output
        assert "synced" in synced.output
        monkeypatch.setenv("NEO4J_PASSWORD", "not-the-password")
        refused = runner.invoke(main, ["-vv", "--store", str(store_path), "sync", "--uri", server.uri])
        assert refused.exit_code == 1
        assert "refused the credentials for user 'neo4j'" in refused.output
        monkeypatch.delenv("NEO4J_PASSWORD")
        anonymous = runner.invoke(main, ["--store", str(store_path), "sync", "--uri", server.uri])
        assert anonymous.exit_code == 1 and "no password was given" in anonymous.output
        logs = "\n".join(record.getMessage() for record in caplog.records)
        for text in (synced.output, refused.output, anonymous.output, logs):
            assert password not in text and "not-the-password" not in text
        server_logs = "".join(p.read_text(errors="replace") for p in (tmp_path / "auth-neo4j" / "logs").glob("*.log"))
        assert password not in server_logs
    finally:
        stop_server(server)


def test_an_unreachable_server_is_a_clear_error():
    port = free_port()
    with pytest.raises(SyncError, match=rf"cannot reach Neo4j at bolt://127.0.0.1:{port}: is it running"):
        connect(f"bolt://127.0.0.1:{port}", None, None, connection_timeout=2.0)


def test_an_unsupported_server_version_is_a_clear_error(neo4j_server, monkeypatch):
    assert check_server_version("Neo4j/5.26.30") == "5.26.30"
    assert check_server_version("Neo4j/2025.01.0") == "2025.01.0"
    driver = connect(neo4j_server.uri, None, None)  # the real 5.26 server passes
    driver.close()
    from neo4j import Driver

    class OldServer:
        agent = "Neo4j/4.4.12"

    monkeypatch.setattr(Driver, "get_server_info", lambda self, **kw: OldServer())
    with pytest.raises(SyncError, match=r"is version 4\.4\.12; Dyad needs Neo4j 5\.x or later"):
        connect(neo4j_server.uri, None, None)


def test_a_password_in_the_uri_is_masked_in_every_message(tmp_path):
    from click.testing import CliRunner

    from dyad.cli import main

    runner = CliRunner()
    store = tmp_path / "store"
    assert runner.invoke(main, ["--store", str(store), "load", str(EXAMPLES)]).exit_code == 0
    result = runner.invoke(main, ["-vv", "--store", str(store), "sync", "--uri", "bolt://neo4j:SECRET-42@127.0.0.1:1"])
    assert result.exit_code == 1
    assert "cannot reach Neo4j at bolt://127.0.0.1:1" in result.output
    assert "SECRET-42" not in result.output


def test_a_password_option_is_refused_with_the_ways_that_keep_it_out_of_ps(tmp_path):
    from click.testing import CliRunner

    from dyad.cli import main

    result = CliRunner().invoke(main, ["--store", str(tmp_path / "s"), "sync", "--password", "hunter22"])
    assert result.exit_code == 2
    assert "NEO4J_PASSWORD" in result.output and "--ask-password" in result.output and "hunter22" not in result.output


def test_mask_uri_hides_only_the_password():
    from dyad.neo4j.connection import mask_uri

    assert mask_uri("neo4j+s://ana:p%40ss@db.example.org") == "neo4j+s://ana:***@db.example.org"
    assert mask_uri("bolt://127.0.0.1:7687") == "bolt://127.0.0.1:7687"


def test_a_one_document_sync_that_fails_leaves_neo4j_as_it_was(store, neo4j_driver, monkeypatch):
    """Its states, nodes and hub lists are written in one transaction: a failure midway rolls all of it back."""
    from dyad.neo4j.writer import GraphWriter
    from synthetic import replace_document

    load_synthetic(store, 10, 20, prefix="fail")
    Neo4jSync(neo4j_driver).sync(store)
    before = graph_snapshot(neo4j_driver)
    states = neo4j_driver.execute_query("MATCH (s:DyadSyncState) RETURN s.graph AS g, s.hash AS h, s.subjects AS subjects").records
    replace_document(store, 4, 20, prefix="fail", variant=1)
    written = GraphWriter._write_descriptions

    def write_then_lose_the_connection(self, tx, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        written(self, tx, *args, **kwargs)
        raise OSError("connection reset")

    monkeypatch.setattr(GraphWriter, "_write_descriptions", write_then_lose_the_connection)
    with pytest.raises(SyncError, match="run the sync again"):
        Neo4jSync(neo4j_driver).sync(store)
    assert graph_snapshot(neo4j_driver) == before
    assert neo4j_driver.execute_query("MATCH (s:DyadSyncState) RETURN s.graph AS g, s.hash AS h, s.subjects AS subjects").records == states
    monkeypatch.undo()
    assert Neo4jSync(neo4j_driver).sync(store).changed_graphs == [str(next(g for g in store.graph_names() if "fail-000004" in str(g)))]
