"""What a person types: options where they put them, clear errors, results in the standard shapes (issue #17)."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from dyad.cli import main


def dyad(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "store"
    result = dyad("--store", str(path), "load", str(EXAMPLES))
    assert result.exit_code == 0, result.output
    return path


def test_store_is_accepted_after_the_command_too(tmp_path):
    path = tmp_path / "after"
    result = dyad("load", str(EXAMPLES), "--store", str(path))
    assert result.exit_code == 0, result.output
    assert path.is_dir()
    stats = dyad("stats", "--store", str(path))
    assert stats.exit_code == 0 and "document graphs: 3" in stats.output
    assert dyad("query", "sparql", "documents", "--store", str(path)).exit_code == 0


def test_stats_names_classes_with_prefixes(store):
    result = dyad("--store", str(store), "stats")
    assert "dyad:Event" in result.output and "https://w3id.org/dyad/ontology#" not in result.output


def test_query_sparql_json_is_w3c_sparql_results_json(store):
    result = dyad("--store", str(store), "query", "sparql", "SELECT DISTINCT ?c WHERE { ?c dyad:iso3 \"PRK\" }", "--format", "json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["head"]["vars"] == ["c"]
    assert answer["results"]["bindings"] == [{"c": {"type": "uri", "value": "https://w3id.org/dyad/id/country/PRK"}}]
    ask = json.loads(dyad("--store", str(store), "query", "sparql", "ASK { ?c a dyad:Country }", "--format", "json").output)
    assert ask == {"head": {}, "boolean": True}


def test_inline_queries_have_the_usual_prefixes_and_tables_shorten_iris(store):
    query = "SELECT DISTINCT ?class WHERE { ?e a ?class . FILTER(?class IN (dyad:Event, prov:Entity)) } ORDER BY ?class"
    result = dyad("--store", str(store), "query", "sparql", query)
    assert result.exit_code == 0, result.output
    assert "dyad:Event" in result.output and "prov:Entity" in result.output


def test_a_misspelt_query_form_is_a_syntax_error(store):
    result = dyad("--store", str(store), "query", "sparql", "SELEC ?c WHERE { ?c a dyad:Country }")
    assert result.exit_code == 1
    assert "syntax error" in result.output and "SELEC" in result.output and "no sparql query named" not in result.output


def test_every_document_listed_can_be_removed_and_a_cited_one_is_explained(store, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(store, copy)
    listed = json.loads(dyad("--store", str(copy), "documents", "--format", "json").output)
    assert len(listed) == 3
    for row in listed:
        assert dyad("--store", str(copy), "remove", row["document"]).exit_code == 0
    cited = [row for row in json.loads(dyad("--store", str(store), "documents", "--all", "--format", "json").output) if not row["loaded"]]
    assert cited
    result = dyad("--store", str(copy), "remove", cited[0]["document"])
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_documents_can_be_filtered(store):
    kinds = json.loads(dyad("--store", str(store), "documents", "--kind", "event-export", "--format", "json").output)
    assert [row["kind"] for row in kinds] == ["event-export"]
    matched = json.loads(dyad("--store", str(store), "documents", "--match", "TRAIN", "--format", "json").output)
    assert matched and all("train" in (row["title"] or "").lower() for row in matched)
    assert len(json.loads(dyad("--store", str(store), "documents", "--limit", "1", "--format", "json").output)) == 1


@pytest.mark.parametrize("centre", ["PRK", "id:country/PRK"])
def test_export_center_takes_a_country_code_or_a_prefixed_name(store, tmp_path, centre):
    result = dyad("--store", str(store), "export", "--center", centre, "--hops", "1", "-o", str(tmp_path / "c.cyjs"))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("centre", ["not a node", "https://x y"])
def test_export_center_names_what_is_not_a_node(store, tmp_path, centre):
    result = dyad("--store", str(store), "export", "--center", centre, "-o", str(tmp_path / "c.cyjs"))
    assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit)
    assert "Error:" in result.output


def test_serve_on_a_busy_port_is_a_clear_error(store):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = dyad("--store", str(store), "serve", "--port", str(port))
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert f"cannot listen on 127.0.0.1:{port}" in result.output and "--port" in result.output
