"""The command line, end to end on an on-disk store: the walking skeleton's contract."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from dyad.cli import main

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"

EVENT_WITHOUT_TYPE = """@prefix dyad: <https://w3id.org/dyad/ontology#> .
@prefix estatus: <https://w3id.org/dyad/ontology/event-status/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/dyad/id/country/PRK> a dyad:Country ; dyad:iso3 "PRK" ; rdfs:label "North Korea"@en .
<https://example.org/event/1> a dyad:Event ;
    dyad:eventStatus estatus:happened ;
    dyad:actor <https://w3id.org/dyad/id/country/PRK> ;
    dyad:date "2020-01"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> .
"""


def dyad(store: Path, *args: str):
    return CliRunner().invoke(main, ["--store", str(store), *args], catch_exceptions=False)


def quad_count(store: Path) -> int:
    from dyad.store import DyadStore

    with DyadStore(store, read_only=True) as opened:
        return opened.quad_count()


@pytest.fixture
def loaded(tmp_path) -> Path:
    store = tmp_path / "store"
    result = dyad(store, "load", str(EXAMPLES))
    assert result.exit_code == 0, result.output
    return store


def test_loading_the_same_files_twice_leaves_the_quad_count_unchanged(loaded):
    before = quad_count(loaded)
    result = dyad(loaded, "load", str(EXAMPLES))
    assert result.exit_code == 0
    assert "0 document graph(s)" in result.output
    assert quad_count(loaded) == before


def test_validate_exits_0_when_the_store_conforms(loaded):
    result = dyad(loaded, "validate")
    assert result.exit_code == 0, result.output


def test_validate_exits_1_and_names_focus_node_path_and_message_on_a_violation(tmp_path):
    data = tmp_path / "bad.ttl"
    data.write_text(EVENT_WITHOUT_TYPE, encoding="utf-8")
    result = dyad(tmp_path / "store", "validate", str(data))
    assert result.exit_code == 1
    assert "focus node: https://example.org/event/1" in result.output
    assert "path:       eventType" in result.output
    assert "An event needs exactly one type" in result.output


def test_validate_exits_2_and_names_the_line_of_a_file_that_does_not_parse(tmp_path):
    data = tmp_path / "broken.ttl"
    data.write_text('@prefix dyad: <https://w3id.org/dyad/ontology#> .\n<https://example.org/a> dyad:x "oops .\n')
    result = dyad(tmp_path / "store", "validate", str(data))
    assert result.exit_code == 2
    assert "broken.ttl:2" in result.output


def test_a_load_with_a_violation_stores_nothing(loaded, tmp_path):
    before = quad_count(loaded)
    data = tmp_path / "bad.ttl"
    data.write_text(EVENT_WITHOUT_TYPE, encoding="utf-8")
    result = dyad(loaded, "load", str(EXAMPLES / "seed-pyongyang-beijing-train.facts.yaml"), str(data))
    assert result.exit_code == 1
    assert "nothing was stored" in result.output
    assert quad_count(loaded) == before


def test_a_load_of_a_missing_file_names_it_and_stores_nothing(loaded, tmp_path):
    before = quad_count(loaded)
    result = dyad(loaded, "load", str(tmp_path / "missing.yaml"))
    assert result.exit_code == 1
    assert "missing.yaml" in result.output
    assert quad_count(loaded) == before


def test_query_sparql_runs_a_library_query_with_parameters(loaded):
    result = dyad(loaded, "query", "sparql", "events-of-dyad", "--param", "countryA=PRK", "--param", "countryB=CHN", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["results"]["bindings"]
    assert {"Pyongyang–Beijing train service suspended", "Xi Jinping visits Pyongyang"} <= {r["label"]["value"] for r in rows if "label" in r}


def test_query_sparql_refuses_an_update_without_write(loaded):
    before = quad_count(loaded)
    result = dyad(loaded, "query", "sparql", "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert result.exit_code == 1
    assert "read-only" in result.output
    assert quad_count(loaded) == before


def test_query_sparql_rejects_a_parameter_the_query_does_not_declare(loaded):
    result = dyad(loaded, "query", "sparql", "documents", "--param", "x=1")
    assert result.exit_code == 1
    assert "has no parameter x" in result.output


def test_trajectory_json_rows_carry_the_contract_fields(loaded):
    result = dyad(loaded, "trajectory", "PRK", "CHN", "--by", "year", "--since", "2018-01-01", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["period"] for r in rows][:3] == ["2018", "2019", "2020"]
    first = rows[0]
    for key in ("period", "events", "goldstein_sum", "goldstein_mean", "verbal_cooperation", "material_cooperation",
                "verbal_conflict", "material_conflict", "sources", "news_claims"):
        assert key in first
    assert rows[2]["events"] >= 2  # 2020: the rail suspension and the border closure


def test_trajectory_accepts_countries_in_either_order(loaded):
    one = dyad(loaded, "trajectory", "PRK", "CHN", "--format", "json").output
    other = dyad(loaded, "trajectory", "CHN", "PRK", "--format", "json").output
    assert one == other


def test_trajectory_names_an_unknown_country(loaded):
    result = dyad(loaded, "trajectory", "PRK", "XYZ")
    assert result.exit_code == 1
    assert "unknown country code 'XYZ'" in result.output


def test_export_graphml_reads_back_in_networkx(loaded, tmp_path):
    output = tmp_path / "prk-chn.graphml"
    result = dyad(loaded, "export", "--dyad", "PRK", "CHN", "--format", "graphml", "-o", str(output))
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(output)
    assert "https://w3id.org/dyad/id/dyad/CHN-PRK" in {data["uri"] for _, data in graph.nodes(data=True)}
    events = [n for n, data in graph.nodes(data=True) if data.get("type") == "Event"]
    assert len(events) >= 8


def test_remove_takes_a_document_out_of_the_store_by_its_id(loaded):
    before = quad_count(loaded)
    result = dyad(loaded, "remove", "examples/north-korea-china-milestones")
    assert result.exit_code == 0, result.output
    assert quad_count(loaded) < before
    assert dyad(loaded, "remove", "examples/north-korea-china-milestones").exit_code == 1
    events = json.loads(dyad(loaded, "query", "sparql", "events-of-dyad", "--param", "countryA=PRK", "--param", "countryB=CHN", "--format", "json").output)
    labels = {r["label"]["value"] for r in events["results"]["bindings"] if "label" in r}
    assert "Xi Jinping visits Pyongyang" not in labels
    assert "Pyongyang–Beijing train service suspended" in labels


@pytest.mark.neo4j
def test_sync_twice_leaves_neo4j_counts_unchanged(loaded, neo4j_server, neo4j_driver):
    first = dyad(loaded, "sync", "--uri", neo4j_server.uri)
    assert first.exit_code == 0, first.output

    def counts() -> tuple[int, int]:
        nodes = neo4j_driver.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"]
        relationships = neo4j_driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS c").records[0]["c"]
        return nodes, relationships

    after_first = counts()
    second = dyad(loaded, "sync", "--uri", neo4j_server.uri)
    assert second.exit_code == 0, second.output
    assert "up to date" in second.output
    assert counts() == after_first
    assert after_first[0] > 250 and after_first[1] > 50


@pytest.mark.neo4j
def test_query_cypher_runs_read_only(loaded, neo4j_server, neo4j_driver):
    assert dyad(loaded, "sync", "--uri", neo4j_server.uri).exit_code == 0
    result = dyad(loaded, "query", "cypher", "MATCH (c:Country {iso3: $code}) RETURN c.label AS label",
                  "--param", "code=PRK", "--uri", neo4j_server.uri, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"label": "North Korea"}]
    refused = dyad(loaded, "query", "cypher", "CREATE (n:Intruder) RETURN n", "--uri", neo4j_server.uri)
    assert refused.exit_code == 1
    assert "read-only" in refused.output
    assert neo4j_driver.execute_query("MATCH (n:Intruder) RETURN count(n) AS c").records[0]["c"] == 0
