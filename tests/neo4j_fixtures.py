"""Pytest plugin: one real Neo4j server per test session, and a driver on an emptied database per test.

Pull it in from ``tests/conftest.py`` (with ``tests/`` on ``sys.path``)::

    pytest_plugins = ["neo4j_fixtures"]

Fixtures:

``neo4j_server`` (session)
    A :class:`dyad.neo4j.server.Neo4jServer`. By default a local server with auth off, started
    in a fresh temporary run directory and stopped at the end of the session. With ``NEO4J_URI``
    set, that server is used instead (``NEO4J_USER``, default ``neo4j``, and ``NEO4J_PASSWORD``);
    it must hold nothing you want to keep: every test empties it. If the local server cannot
    start, every test that needs it fails with the log tail; none is skipped.

``neo4j_driver`` (function)
    A ``neo4j.Driver`` on that server, after :func:`clear_database`.

:func:`graph_snapshot` gives every synced node and relationship, to compare two syncs.

Tests that use either fixture get the ``neo4j`` marker, so ``-m "not neo4j"`` leaves them out.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from dyad.neo4j.server import Neo4jServer, Neo4jServerError, start_server, stop_server

if TYPE_CHECKING:
    from neo4j import Driver

NEO4J_FIXTURES = ("neo4j_server", "neo4j_driver")

#: JVM options for test servers: the client compiler only, which reaches Bolt-ready with about
#: a third less CPU; test queries are too small to miss the optimising compiler.
TEST_JVM_OPTIONS = ("-XX:TieredStopAtLevel=1",)

# Names come from the server, but a test may have chosen them: only these are pasted into DROP.
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test that uses a Neo4j fixture with ``neo4j``."""
    for item in items:
        if any(name in getattr(item, "fixturenames", ()) for name in NEO4J_FIXTURES):
            item.add_marker(pytest.mark.neo4j)


def _quoted_name(name: str) -> str:
    if not _PLAIN_NAME.fullmatch(name):
        raise ValueError(f"cannot drop schema object {name!r}: name test constraints and indexes with letters, digits and _")
    return f"`{name}`"


def clear_database(driver: Driver, *, database: str | None = None) -> None:
    """Delete every node and relationship, and drop every constraint and index a test could have made.

    The token lookup indexes that Neo4j creates with every database stay; indexes that belong to a
    constraint go with it.
    """
    driver.execute_query("MATCH (n) DETACH DELETE n", database_=database)
    constraints = driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN name", database_=database).records
    for record in constraints:
        driver.execute_query(f"DROP CONSTRAINT {_quoted_name(record['name'])} IF EXISTS", database_=database)
    indexes = driver.execute_query(
        "SHOW INDEXES YIELD name, type, owningConstraint "
        "WHERE type <> 'LOOKUP' AND owningConstraint IS NULL RETURN name",
        database_=database,
    ).records
    for record in indexes:
        driver.execute_query(f"DROP INDEX {_quoted_name(record['name'])} IF EXISTS", database_=database)


def graph_snapshot(driver: Driver) -> tuple[set, set]:
    """Every synced node (uri, labels, properties) and relationship (from, type, to, properties)."""
    nodes = {
        (r["uri"], tuple(sorted(r["labels"])), repr(sorted(r["props"].items())))
        for r in driver.execute_query("MATCH (n:Resource) RETURN n.uri AS uri, labels(n) AS labels, properties(n) AS props").records
    }
    rels = {
        (r["a"], r["t"], r["b"], repr(sorted(r["props"].items())))
        for r in driver.execute_query(
            "MATCH (a:Resource)-[r]->(b:Resource) RETURN a.uri AS a, type(r) AS t, b.uri AS b, properties(r) AS props").records
    }
    return nodes, rels


def _external_server() -> Neo4jServer | None:
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        return None
    password = os.environ.get("NEO4J_PASSWORD") or None
    return Neo4jServer(
        run_dir=Path(),
        bolt_port=0,
        http_port=0,
        pid=0,
        auth=password is not None,
        user=os.environ.get("NEO4J_USER") or "neo4j",
        password=password,
        external_uri=uri,
    )


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jServer]:
    """The session's Neo4j: ``$NEO4J_URI`` if set, else a local server with auth off, stopped at the end."""
    external = _external_server()
    if external is not None:
        yield external
        return
    run_dir = tmp_path_factory.mktemp("neo4j-run")
    failure: str | None = None
    try:
        server = start_server(run_dir, auth=False, fresh=True, jvm_options=TEST_JVM_OPTIONS, standard_ports=False)
    except Neo4jServerError as error:
        failure = str(error)
    if failure is not None:  # outside the except block, so the report is the log tail alone
        pytest.fail(f"the test Neo4j server could not start: {failure}", pytrace=False)
    try:
        yield server
    finally:
        stop_server(server)


@pytest.fixture
def neo4j_driver(neo4j_server: Neo4jServer) -> Iterator[Driver]:
    """A driver on the session server, whose default database has just been emptied."""
    from neo4j import GraphDatabase

    with GraphDatabase.driver(neo4j_server.uri, auth=neo4j_server.driver_auth) as driver:
        clear_database(driver)
        yield driver
