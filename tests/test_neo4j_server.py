"""The local Neo4j server: start, answer, authenticate, survive a crash, stop.

The session server (auth off) comes from ``neo4j_fixtures``; the auth tests start a second,
short-lived server of their own, which the crash test kills and restarts.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

from dyad.neo4j.server import (
    Neo4jPasswordError,
    Neo4jServer,
    Neo4jStartError,
    PortInUseError,
    ServerAlreadyRunningError,
    kill_server,
    server_status,
    start_server,
    stop_server,
)
from neo4j_fixtures import TEST_JVM_OPTIONS, clear_database

from dyad.jvm import port_is_free

pytestmark = pytest.mark.neo4j


def test_the_session_server_answers_cypher_on_bolt(neo4j_driver):
    records, _, _ = neo4j_driver.execute_query("RETURN 1 AS one")
    assert records[0]["one"] == 1


def test_clearing_the_database_removes_data_and_the_schema_a_test_made(neo4j_driver):
    neo4j_driver.execute_query("CREATE (:Country {iso3: 'PRK'})-[:BORDERS]->(:Country {iso3: 'CHN'})")
    neo4j_driver.execute_query("CREATE CONSTRAINT country_iso3 IF NOT EXISTS FOR (c:Country) REQUIRE c.iso3 IS UNIQUE")
    neo4j_driver.execute_query("CREATE INDEX event_date IF NOT EXISTS FOR (e:Event) ON (e.date)")
    lookup_indexes_before = neo4j_driver.execute_query("SHOW INDEXES YIELD name, type WHERE type = 'LOOKUP' RETURN name").records

    clear_database(neo4j_driver)

    assert neo4j_driver.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"] == 0
    assert neo4j_driver.execute_query("SHOW CONSTRAINTS").records == []
    remaining = neo4j_driver.execute_query("SHOW INDEXES YIELD name, type RETURN name, type").records
    assert {r["name"] for r in remaining} == {r["name"] for r in lookup_indexes_before}


def test_a_local_session_server_is_recorded_in_its_run_dir(neo4j_server):
    if neo4j_server.external_uri:
        pytest.skip("NEO4J_URI points at a server not started by these tests")
    status = server_status(neo4j_server.run_dir)
    assert status is not None
    assert (status.pid, status.bolt_port, status.auth) == (neo4j_server.pid, neo4j_server.bolt_port, False)


def test_starting_a_second_server_on_a_running_run_dir_is_refused(neo4j_server):
    if neo4j_server.external_uri:
        pytest.skip("NEO4J_URI points at a server not started by these tests")
    with pytest.raises(ServerAlreadyRunningError, match="already runs"):
        start_server(neo4j_server.run_dir)


def test_a_short_password_is_refused_before_anything_starts(tmp_path):
    with pytest.raises(Neo4jPasswordError, match="8 characters"):
        start_server(tmp_path / "run", auth=True, password="short")
    assert not (tmp_path / "run").exists()


def test_a_server_that_dies_at_start_raises_with_the_tail_of_its_log(tmp_path):
    with pytest.raises(Neo4jStartError, match=r"(?s)exited with code.*console\.log.*Invalid maximum heap size"):
        start_server(tmp_path / "run", heap="1x")
    assert server_status(tmp_path / "run") is None


def test_a_taken_bolt_port_is_refused_with_advice(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(PortInUseError, match=f"port {port} .* pass another port"):
            start_server(tmp_path / "run", bolt_port=port)


# --------------------------------------------------------------------------- a second server, auth on


@pytest.fixture(scope="module")
def password() -> str:
    """A generated password, as a user would put in NEO4J_PASSWORD."""
    return secrets.token_urlsafe(18)


@pytest.fixture(scope="module")
def auth_server(tmp_path_factory: pytest.TempPathFactory, password: str) -> Iterator[Neo4jServer]:
    run_dir = tmp_path_factory.mktemp("neo4j-auth-run")
    # Given the way a user gives it, and in the URI variable too: neither may reach the JVM's environment.
    saved = {name: os.environ.get(name) for name in ("NEO4J_PASSWORD", "NEO4J_URI")}
    os.environ["NEO4J_PASSWORD"] = password
    os.environ["NEO4J_URI"] = f"bolt://neo4j:{password}@127.0.0.1:1"
    try:
        server = start_server(run_dir, auth=True, fresh=True, jvm_options=TEST_JVM_OPTIONS, standard_ports=False)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    yield server
    stop_server(run_dir)  # by run dir: the crash test may have replaced the process


def test_an_auth_server_accepts_its_password(auth_server, password):
    with GraphDatabase.driver(auth_server.uri, auth=("neo4j", password)) as driver:
        assert driver.execute_query("RETURN 1 AS one").records[0]["one"] == 1


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads the JVM's environment from /proc")
def test_the_password_is_not_passed_on_to_the_jvm_environment(auth_server, password):
    environment = Path(f"/proc/{auth_server.pid}/environ").read_bytes()
    assert password.encode() not in environment
    assert b"NEO4J_PASSWORD=" not in environment
    arguments = Path(f"/proc/{auth_server.pid}/cmdline").read_bytes()
    assert password.encode() not in arguments


def test_the_cli_prompts_for_the_password_and_never_shows_it(auth_server, password, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from dyad.cli import main

    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    monkeypatch.delenv("NEO4J_URI", raising=False)
    store = tmp_path / "store"
    runner = CliRunner()
    assert runner.invoke(main, ["--store", str(store), "load", str(Path(__file__).parent.parent / "examples")]).exit_code == 0
    prompted = runner.invoke(main, ["--store", str(store), "sync", "--uri", auth_server.uri, "--ask-password"], input=password + "\n")
    assert prompted.exit_code == 0, prompted.output
    assert "synced" in prompted.output and password not in prompted.output
    in_uri = runner.invoke(main, ["--store", str(store), "sync", "--uri", f"bolt://neo4j:{password}@127.0.0.1:{auth_server.bolt_port}"])
    assert in_uri.exit_code == 0, in_uri.output  # the URI's credentials are used, and never printed
    assert password not in in_uri.output
    with GraphDatabase.driver(auth_server.uri, auth=("neo4j", password)) as driver:
        clear_database(driver)


def test_an_auth_server_refuses_a_wrong_password(auth_server, password):
    with GraphDatabase.driver(auth_server.uri, auth=("neo4j", password + "-wrong")) as driver, pytest.raises(AuthError):
        driver.verify_connectivity()


def test_the_password_is_written_to_neither_the_state_nor_the_config_nor_the_logs(auth_server, password):
    state = json.loads((auth_server.run_dir / "state.json").read_text())
    assert state["auth"] is True and state["user"] == "neo4j"
    assert password not in json.dumps(state)
    assert server_status(auth_server.run_dir).password is None
    assert password not in repr(auth_server)
    logs = list((auth_server.run_dir / "logs").iterdir())
    assert {p.name for p in logs} >= {"neo4j.log", "debug.log", "console.log"}
    written = [auth_server.run_dir / "state.json", *(auth_server.run_dir / "conf").iterdir(), *logs]
    assert [p.name for p in written if password.encode() in p.read_bytes()] == []


def test_a_killed_server_restarted_on_its_run_dir_has_its_data_and_password(auth_server, password):
    credentials = ("neo4j", password)
    with GraphDatabase.driver(auth_server.uri, auth=credentials) as driver:
        driver.execute_query("CREATE (:Dyad {pair: 'CHN-PRK', events: 3})")

    kill_server(auth_server)
    assert server_status(auth_server.run_dir) is None

    restarted = start_server(auth_server.run_dir, auth=True, password=password, bolt_port=auth_server.bolt_port,
                             jvm_options=TEST_JVM_OPTIONS, standard_ports=False)
    assert restarted.pid != auth_server.pid
    with GraphDatabase.driver(restarted.uri, auth=credentials) as driver:
        records = driver.execute_query("MATCH (d:Dyad) RETURN d.pair AS pair, d.events AS events").records
    assert [(r["pair"], r["events"]) for r in records] == [("CHN-PRK", 3)]


def test_a_stopped_server_has_no_status(auth_server):
    # Runs last in this module: it stops the auth server for good.
    stop_server(auth_server.run_dir)
    assert server_status(auth_server.run_dir) is None
    assert not (auth_server.run_dir / "state.json").exists()
    assert (auth_server.run_dir / "data" / "databases" / "neo4j").is_dir()  # the data stays
    stop_server(auth_server.run_dir)  # stopping again does nothing


def test_a_run_dir_with_nothing_recorded_has_no_status(tmp_path: Path):
    assert server_status(tmp_path) is None


# --------------------------------------------------------------------------- ports a user can bookmark, Neo4j Browser


def test_the_local_server_prefers_7687_and_7474_keeps_its_ports_and_serves_neo4j_browser(tmp_path):
    import urllib.request

    standard_free = port_is_free(7687) and port_is_free(7474)
    server = start_server(tmp_path / "run", fresh=True, jvm_options=TEST_JVM_OPTIONS, browser=True)
    try:
        if standard_free:  # else another server has them (a colleague's, on a shared machine): free ones are fine
            assert (server.bolt_port, server.http_port) == (7687, 7474)
        with urllib.request.urlopen(f"http://127.0.0.1:{server.http_port}/browser/", timeout=30) as page:
            assert page.status == 200 and b"Neo4j Browser" in page.read()
    finally:
        stop_server(server)
    again = start_server(tmp_path / "run", jvm_options=TEST_JVM_OPTIONS, standard_ports=False)
    try:
        assert (again.bolt_port, again.http_port) == (server.bolt_port, server.http_port)  # the ports of last time
    finally:
        stop_server(again)
