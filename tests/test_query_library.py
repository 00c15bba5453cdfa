"""The query library: every file's header is well formed and matches the query it describes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from dyad.errors import QueryError
from dyad.queries.library import assigned_variables, find_query, list_queries, run_sparql, used_parameters

ALL_QUERIES = list_queries()


def test_the_library_has_the_queries_analysts_ask_for():
    names = {q.name for q in list_queries("sparql")}
    assert {
        "events-of-dyad", "trajectory", "status-as-of", "claims-about-event", "corroborated-events",
        "contradicting-claims", "cited-about-dyad", "most-active-dyads", "ego-network", "documents",
    } <= names
    assert {q.name for q in list_queries("cypher")} >= {"trajectory"}


@pytest.mark.parametrize("named", ALL_QUERIES, ids=lambda q: f"{q.language}:{q.path.name}")
def test_every_query_file_has_a_header_that_matches_its_text(named):
    assert named.name == named.path.stem, "the header's name is the file name"
    assert len(named.description) > 20
    assert named.returns, "the header says what the query returns"
    declared = {p.name for p in named.parameters}
    used = used_parameters(named)
    assert declared <= used, f"declared but never used: {sorted(declared - used)}"
    assert not declared & assigned_variables(named), "a parameter must not be computed by the query itself"
    if named.language == "cypher":
        assert used <= declared, f"Cypher parameters used but not declared: {sorted(used - declared)}"
    for parameter in named.parameters:
        assert parameter.description, f"parameter {parameter.name} has no description"


@pytest.mark.parametrize("named", list_queries("sparql"), ids=lambda q: q.path.name)
def test_every_sparql_query_parses_and_runs_on_an_empty_store(store, named):
    values = {"country": "PRK", "iri": "https://w3id.org/dyad/id/country/PRK", "string": "x", "date": "2020-01-01", "int": "1", "float": "1.5"}
    params = {p.name: values[p.type] for p in named.parameters if not p.optional}
    if {"countryA", "countryB"} <= params.keys():
        params["countryB"] = "CHN"
    result = run_sparql(store, named.name, params)
    assert result.columns == [c.strip() for c in named.returns.split(",")], "the header's returns list the columns in order"


def test_a_value_is_bound_as_a_term_and_never_changes_the_query(examples_store):
    injected = 'x")) } UNION { ?claim ?p ?o } #'
    result = run_sparql(examples_store, "claims-about-event", {"label": injected})
    assert result.rows == []


def test_unknown_missing_and_malformed_parameters_are_refused_with_the_fix():
    named = find_query("events-of-dyad", "sparql")
    with pytest.raises(QueryError, match="no parameter colour; it takes: countryA:country, countryB:country"):
        named.bind({"countryA": "PRK", "countryB": "CHN", "colour": "red"})
    with pytest.raises(QueryError, match="needs --param countryB"):
        named.bind({"countryA": "PRK"})
    with pytest.raises(QueryError, match="--param since='last year': expected a date"):
        named.bind({"countryA": "PRK", "countryB": "CHN", "since": "last year"})
    with pytest.raises(QueryError, match="no sparql query named 'no-such-query'"):
        find_query("no-such-query", "sparql")


def test_an_update_is_refused_unless_writing_is_allowed(store):
    update = "INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:b> <urn:x:c> } }"
    before = store.quad_count()
    with pytest.raises(QueryError, match="read-only unless you pass --write"):
        run_sparql(store, update)
    assert store.quad_count() == before
    assert run_sparql(store, update, write=True) is None
    assert len(store.graph("urn:x:g")) == 1


def test_ask_and_construct_give_a_boolean_and_a_graph(examples_store):
    assert run_sparql(examples_store, "ASK { ?e a <https://w3id.org/dyad/ontology#Event> }") is True
    graph = run_sparql(examples_store, "CONSTRUCT { ?e a <https://w3id.org/dyad/ontology#Event> } WHERE { ?e a <https://w3id.org/dyad/ontology#Event> }")
    assert len(graph) >= 9


def test_dyad_query_runs_a_library_query_on_a_store_path(tmp_path):
    import dyad
    from dyad.api import load, open_store

    with open_store(tmp_path / "store") as disk:
        load(sorted(EXAMPLES.glob("*.facts.yaml")), store=disk)
    result = dyad.query("ego-network", {"country": "PRK"}, store=tmp_path / "store")
    assert result.column("partnerCode") == ["CHN"]
    assert result.column("events") == [8]
    assert json.loads(result.format("json"))[0]["partnerName"] == "China"


def test_query_list_and_query_sparql_on_the_command_line(tmp_path):
    from dyad.cli import main

    runner = CliRunner()
    store = str(tmp_path / "store")
    listing = runner.invoke(main, ["--store", store, "query", "list"])
    assert listing.exit_code == 0
    assert "status-as-of" in listing.output and "Where each route or agreement stood on a date" in listing.output
    assert "asOf:date, subject:iri?, label:string?" in listing.output
    assert runner.invoke(main, ["--store", store, "load", *map(str, sorted(EXAMPLES.glob("*.facts.yaml")))]).exit_code == 0
    csv = runner.invoke(main, ["--store", store, "query", "sparql", "status-as-of", "--param", "asOf=2021-01-01", "--param", "label=train", "--format", "csv"])
    assert csv.exit_code == 0, csv.output
    assert csv.output.splitlines()[0] == "subject,name,kind,status,since,event,eventLabel,eventType,claims"
    assert ",route,suspended,2020-01," in csv.output
    refused = runner.invoke(main, ["--store", store, "query", "sparql", "DELETE WHERE { ?s ?p ?o }"])
    assert refused.exit_code == 1 and "read-only unless you pass --write" in refused.output
    missing = runner.invoke(main, ["--store", store, "query", "sparql", "ego-network"])
    assert missing.exit_code == 1 and "needs --param country" in missing.output
