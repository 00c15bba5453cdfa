"""`dyad serve` and `dyad query sparql` as a user runs them, on every kind of store (a folder, Oxigraph server, Fuseki).

The endpoint is started as a command (``dyad --store ... serve --port 0``) and asked what a
SPARQL client asks: a query's own ``FROM``, ``named-graph-uri`` without ``default-graph-uri``,
relative IRIs, the ``format`` names SPARQLWrapper sends; and it answers from the store as it is
after a later ``dyad load``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from dyad.cli import main
from dyad.store import COUNTRIES_GRAPH

EXAMPLES = Path(__file__).parent.parent / "examples"
MILESTONES = EXAMPLES / "north-korea-china-milestones.facts.yaml"
SEED_FACTS = EXAMPLES / "seed-pyongyang-beijing-train.facts.yaml"
COUNT_EVENTS = "PREFIX dyad: <https://w3id.org/dyad/ontology#> SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a dyad:Event }"
COUNTRY_TRIPLES = "CONSTRUCT WHERE { ?s a <https://w3id.org/dyad/ontology#Country> } LIMIT 3"


def dyad(store: str, *args: str):  # noqa: ANN201
    return CliRunner().invoke(main, ["--store", store, *args], catch_exceptions=False)


def ask(url: str, **fields: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url + "?" + urllib.parse.urlencode(fields), timeout=30) as response:
            return response.status, response.headers.get("Content-Type") or "", response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type") or "", error.read()


def number(url: str, query: str, **fields: str) -> int:
    status, _, body = ask(url, query=query, **fields)
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


@pytest.fixture
def served(backend) -> Iterator[tuple[str, str]]:  # noqa: ANN001
    """The store (the milestones loaded) and the URL of ``dyad serve`` over it, run as a command."""
    assert dyad(backend, "load", str(MILESTONES)).exit_code == 0
    process = subprocess.Popen([sys.executable, "-c", "from dyad.cli import main; main()", "--store", backend, "serve", "--port", "0"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stderr.readline()
        found = re.search(r"SPARQL endpoint on (\S+)", line)
        assert found, f"dyad serve said: {line}{process.stderr.read() if process.poll() is not None else ''}"
        yield backend, found.group(1)
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stderr.close()


def test_from_in_a_query_reads_only_the_graphs_it_names(served):
    _, url = served
    everything = number(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    countries = number(url, f"SELECT (COUNT(*) AS ?n) FROM <{COUNTRIES_GRAPH}> WHERE {{ ?s ?p ?o }}")
    assert 0 < countries < everything


def test_named_graph_uri_without_default_graph_uri_leaves_the_default_graph_empty(served):
    _, url = served
    assert number(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", **{"named-graph-uri": str(COUNTRIES_GRAPH)}) == 0
    assert number(url, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", **{"named-graph-uri": str(COUNTRIES_GRAPH)}) > 0


def test_a_relative_iri_resolves_against_the_endpoint(served):
    _, url = served
    status, _, body = ask(url, query="SELECT ?x WHERE { BIND(<thing> AS ?x) }")
    assert status == 200, body
    assert json.loads(body)["results"]["bindings"][0]["x"]["value"] == urllib.parse.urljoin(url, "thing")


@pytest.mark.parametrize("name, media, syntax", [("n3", "text/turtle", "turtle"), ("rdf+xml", "application/rdf+xml", "xml")])
def test_the_graph_formats_sparqlwrapper_asks_for_are_sent(served, name, media, syntax):
    _, url = served
    status, got, body = ask(url, query=COUNTRY_TRIPLES, format=name)
    assert status == 200 and got.startswith(media), body
    assert len(Graph().parse(data=body.decode("utf-8"), format=syntax)) == 3


def test_the_endpoint_answers_from_the_store_as_it_is_after_a_later_load(served):
    store, url = served
    before = number(url, COUNT_EVENTS)
    assert dyad(store, "load", str(SEED_FACTS)).exit_code == 0
    assert number(url, COUNT_EVENTS) > before


def test_query_sparql_honours_from(backend):
    assert dyad(backend, "load", str(MILESTONES)).exit_code == 0

    def count(query: str) -> int:
        result = dyad(backend, "query", "sparql", query, "--format", "json")
        assert result.exit_code == 0, result.output
        return int(json.loads(result.output)["results"]["bindings"][0]["n"]["value"])

    everything = count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    countries = count(f"SELECT (COUNT(*) AS ?n) FROM <{COUNTRIES_GRAPH}> WHERE {{ ?s ?p ?o }}")
    in_that_graph = count("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g = <" + str(COUNTRIES_GRAPH) + ">) }")
    assert 0 < countries == in_that_graph < everything
