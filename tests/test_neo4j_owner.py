"""Each sync state names its store; a sync from another store is refused unless forced (against the real server)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dyad.cli import main

pytestmark = pytest.mark.neo4j
EXAMPLES = Path(__file__).parent.parent / "examples"


def dyad(store: Path, *args: str):
    return CliRunner().invoke(main, ["--store", str(store), *args], catch_exceptions=False)


def _nodes(driver) -> int:  # noqa: ANN001
    return driver.execute_query("MATCH (n:Resource) RETURN count(n) AS c").records[0]["c"]


def test_a_sync_from_another_store_is_refused_naming_whose_graphs_are_there(tmp_path, neo4j_server, neo4j_driver):
    first, second = tmp_path / "first", tmp_path / "second"
    assert dyad(first, "load", str(EXAMPLES)).exit_code == 0
    assert dyad(second, "load", str(EXAMPLES / "seed-pyongyang-beijing-train.facts.yaml")).exit_code == 0
    assert dyad(first, "sync", "--uri", neo4j_server.uri).exit_code == 0
    stores = {r["store"] for r in neo4j_driver.execute_query("MATCH (s:DyadSyncState) RETURN s.store AS store").records}
    assert len(stores) == 1 and str(first.resolve()) in stores.pop()
    before = _nodes(neo4j_driver)

    refused = dyad(second, "sync", "--uri", neo4j_server.uri)
    assert refused.exit_code == 1
    assert "another store" in refused.output and str(first.resolve()) in refused.output and "--force" in refused.output
    assert _nodes(neo4j_driver) == before  # nothing deleted

    assert dyad(first, "sync", "--uri", neo4j_server.uri).exit_code == 0  # the same store is welcome
    forced = dyad(second, "sync", "--uri", neo4j_server.uri, "--force")
    assert forced.exit_code == 0, forced.output
    stores = {r["store"] for r in neo4j_driver.execute_query("MATCH (s:DyadSyncState) RETURN s.store AS store").records}
    assert len(stores) == 1 and str(second.resolve()) in stores.pop()


def test_a_database_holding_nodes_no_sync_wrote_is_refused(tmp_path, neo4j_server, neo4j_driver):
    neo4j_driver.execute_query("CREATE (:Resource {uri: 'http://example.org/theirs'})")
    store = tmp_path / "store"
    assert dyad(store, "load", str(EXAMPLES)).exit_code == 0
    refused = dyad(store, "sync", "--uri", neo4j_server.uri)
    assert refused.exit_code == 1 and "did not write" in refused.output
    assert _nodes(neo4j_driver) == 1


def test_cypher_warnings_are_shown_once_and_short_and_library_queries_show_none(tmp_path, neo4j_server, neo4j_driver):
    import subprocess
    import sys

    store = tmp_path / "store"
    assert dyad(store, "load", str(EXAMPLES)).exit_code == 0
    assert dyad(store, "sync", "--uri", neo4j_server.uri).exit_code == 0
    command = [str(Path(sys.executable).with_name("dyad")), "--store", str(store), "query", "cypher", "--uri", neo4j_server.uri]
    library = subprocess.run([*command, "events-of-dyad", "--param", "countryA=PRK", "--param", "countryB=CHN"],
                             capture_output=True, text=True, timeout=120)
    assert library.returncode == 0, library.stderr
    assert library.stderr == ""  # startDate/endDate absent from this graph: no notice at all
    own = subprocess.run([*command, "MATCH (e:Event) RETURN e.noSuchThing AS a, e.noSuchThing AS b LIMIT 1"],
                         capture_output=True, text=True, timeout=120)
    assert own.returncode == 0, own.stderr
    lines = own.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Neo4j warns:") and "noSuchThing" in lines[0]
    assert len(own.stderr) < 300 and "MATCH" not in own.stderr  # no repeat of the query
