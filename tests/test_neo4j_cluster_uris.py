"""Routing URIs (neo4j://) work end to end: what a cluster or Aura user writes, tested against one real server."""

from __future__ import annotations

import pytest

from dyad.neo4j.connection import connect
from dyad.neo4j.dump import dump_graphs
from dyad.neo4j.sync import Neo4jSync
from neo4j_fixtures import graph_snapshot

pytestmark = pytest.mark.neo4j


def test_a_routing_uri_syncs_and_dumps_like_a_direct_one(examples_store, neo4j_server, neo4j_driver):
    if neo4j_server.external_uri:
        pytest.skip("needs the local session server's port")
    Neo4jSync(neo4j_driver).sync(examples_store)
    expected = graph_snapshot(neo4j_driver)
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    routed = connect(f"neo4j://127.0.0.1:{neo4j_server.bolt_port}", None, None)
    try:
        assert not Neo4jSync(routed).sync(examples_store).nothing_to_do
        assert Neo4jSync(routed).sync(examples_store).nothing_to_do
        assert graph_snapshot(routed) == expected
        assert dump_graphs(routed)
    finally:
        routed.close()
