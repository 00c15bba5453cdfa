"""`dyad serve`: a read-only SPARQL 1.1 Protocol endpoint, queried over HTTP."""

from __future__ import annotations

import csv
import io
import json
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

from dyad.serve import EndpointLimits, make_server

COUNT_EVENTS = "PREFIX dyad: <https://w3id.org/dyad/ontology#> SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a dyad:Event }"


@pytest.fixture
def endpoint(examples_store):
    server = make_server(examples_store, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.url
    server.shutdown()
    server.server_close()


def request(url, *, data=None, headers=None):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers or {}), timeout=10) as response:
            return response.status, response.headers.get("Content-Type"), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type"), error.read().decode("utf-8")


def events_in(store):
    return int(next(iter(store.query(COUNT_EVENTS)))["n"].value)


def test_it_listens_on_localhost_by_default(examples_store):
    server = make_server(examples_store, port=0)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()


def test_get_returns_sparql_json_results(endpoint, examples_store):
    status, media, body = request(endpoint + "?" + urllib.parse.urlencode({"query": COUNT_EVENTS}))
    assert status == 200 and media.startswith("application/sparql-results+json")
    results = json.loads(body)
    assert results["head"]["vars"] == ["n"]
    assert int(results["results"]["bindings"][0]["n"]["value"]) == events_in(examples_store) > 0


def test_post_as_a_form_and_as_a_query_body_with_csv_and_tsv(endpoint, examples_store):
    form = urllib.parse.urlencode({"query": COUNT_EVENTS}).encode()
    status, media, body = request(endpoint, data=form, headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/csv"})
    assert status == 200 and media.startswith("text/csv")
    assert list(csv.reader(io.StringIO(body))) == [["n"], [str(events_in(examples_store))]]
    status, media, body = request(endpoint, data=COUNT_EVENTS.encode(), headers={"Content-Type": "application/sparql-query", "Accept": "text/tab-separated-values"})
    assert status == 200 and media.startswith("text/tab-separated-values")
    assert body.splitlines()[0] == "?n"


def test_construct_answers_turtle_or_json_ld(endpoint):
    construct = "PREFIX dyad: <https://w3id.org/dyad/ontology#> CONSTRUCT { ?c dyad:iso3 ?code } WHERE { ?c dyad:iso3 ?code FILTER(?code = \"PRK\") }"
    url = endpoint + "?" + urllib.parse.urlencode({"query": construct})
    status, media, body = request(url)
    assert status == 200 and media.startswith("text/turtle")
    assert "<https://w3id.org/dyad/id/country/PRK>" in body and '"PRK"' in body
    status, media, body = request(url, headers={"Accept": "application/ld+json"})
    assert status == 200 and media.startswith("application/ld+json")
    assert "https://w3id.org/dyad/id/country/PRK" in json.dumps(json.loads(body))


def test_ask_and_the_format_parameter(endpoint):
    status, _, body = request(endpoint + "?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }", "format": "json"}))
    assert status == 200 and json.loads(body)["boolean"] is True


def test_updates_are_refused_and_change_nothing(endpoint, examples_store):
    before = examples_store.quad_count()
    update = "INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:b> <urn:x:c> } }"
    for data, media in ((urllib.parse.urlencode({"update": update}).encode(), "application/x-www-form-urlencoded"),
                        (update.encode(), "application/sparql-update")):
        status, _, body = request(endpoint, data=data, headers={"Content-Type": media})
        assert status == 403 and "read-only" in body
    status, _, body = request(endpoint + "?" + urllib.parse.urlencode({"query": update}))
    assert status == 403
    assert examples_store.quad_count() == before


def test_a_syntax_error_is_a_400_with_the_parser_message(endpoint):
    status, media, body = request(endpoint + "?" + urllib.parse.urlencode({"query": "SELEKT * WHERE { ?s ?p ?o }"}))
    assert status == 400 and media.startswith("text/plain") and "syntax error" in body


def test_no_cors_header_unless_an_origin_is_allowed(endpoint, examples_store):
    preflight = {"Origin": "http://example.org", "Access-Control-Request-Method": "POST"}
    with urllib.request.urlopen(urllib.request.Request(endpoint, method="OPTIONS", headers=preflight), timeout=10) as response:
        assert response.status == 204
        assert response.headers["Access-Control-Allow-Origin"] is None
    server = make_server(examples_store, port=0, limits=EndpointLimits(cors_origins=("http://example.org",)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(urllib.request.Request(server.url, method="OPTIONS", headers=preflight), timeout=10) as response:
            assert response.headers["Access-Control-Allow-Origin"] == "http://example.org"
            assert "POST" in response.headers["Access-Control-Allow-Methods"]
        other = {"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"}
        with urllib.request.urlopen(urllib.request.Request(server.url, method="OPTIONS", headers=other), timeout=10) as response:
            assert response.headers["Access-Control-Allow-Origin"] is None
    finally:
        server.shutdown()
        server.server_close()


def test_from_in_a_query_chooses_its_default_graph(endpoint):
    from dyad.store import COUNTRIES_GRAPH

    def count(query):
        return int(json.loads(request(endpoint + "?" + urllib.parse.urlencode({"query": query}))[2])["results"]["bindings"][0]["n"]["value"])

    everything = count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    countries = count(f"SELECT (COUNT(*) AS ?n) FROM <{COUNTRIES_GRAPH}> WHERE {{ ?s ?p ?o }}")
    assert 0 < countries < everything


def test_named_graph_uri_alone_leaves_the_default_graph_empty(endpoint):
    from dyad.store import COUNTRIES_GRAPH

    query = "ASK { ?s ?p ?o }"
    status, _, body = request(endpoint + "?" + urllib.parse.urlencode({"query": query, "named-graph-uri": str(COUNTRIES_GRAPH)}))
    assert status == 200 and json.loads(body)["boolean"] is False
    named = "ASK { GRAPH ?g { ?s ?p ?o } }"
    assert json.loads(request(endpoint + "?" + urllib.parse.urlencode({"query": named, "named-graph-uri": str(COUNTRIES_GRAPH)}))[2])["boolean"]


def test_relative_iris_resolve_against_the_endpoint(endpoint):
    status, _, body = request(endpoint + "?" + urllib.parse.urlencode({"query": "SELECT ?x WHERE { BIND(<thing> AS ?x) }"}))
    assert status == 200
    assert json.loads(body)["results"]["bindings"][0]["x"]["value"].endswith("/thing")


@pytest.mark.parametrize("name, media", [("n3", "text/turtle"), ("rdf+xml", "application/rdf+xml"), ("xml", "application/rdf+xml"),
                                         ("turtle", "text/turtle"), ("json", "application/ld+json")])
def test_the_format_names_sparqlwrapper_sends_are_understood(endpoint, name, media):
    construct = "CONSTRUCT WHERE { ?s a <https://w3id.org/dyad/ontology#Country> } LIMIT 3"
    status, got, _ = request(endpoint + "?" + urllib.parse.urlencode({"query": construct, "format": name}))
    assert status == 200 and got.startswith(media)


def test_a_select_with_a_graph_format_name_falls_back_to_the_accept_header(endpoint):
    status, got, _ = request(endpoint + "?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "format": "rdf+xml"}))
    assert status == 200 and got.startswith("application/sparql-results+json")


def test_service_is_refused_and_no_request_leaves(endpoint):
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.5)
        port = listener.getsockname()[1]
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        status, _, body = request(endpoint + "?" + urllib.parse.urlencode({"query": query}))
        assert status == 403 and "SERVICE" in body
        with pytest.raises(socket.timeout):
            listener.accept()


@pytest.mark.parametrize("raw", [
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: banana\r\n\r\nASK {}",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: -5\r\n\r\n",
    b"GET /sparql?query=ASK%20%7B%7D&default-graph-uri=not%20an%20iri HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /sparql?query=%FF%FE HTTP/1.1\r\nHost: x\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nASK {}",
    b"PUT /sparql?query=ASK%20%7B%7D HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
    b"GET /sparql?query=ASK%20%7B%7D&query=ASK%20%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query; charset=UTF-16\r\nContent-Length: 14\r\n\r\n"
    + "ASK {}".encode("utf-16"),
])
def test_every_malformed_request_gets_a_4xx_answer(endpoint, raw):
    import socket

    host, port = urllib.parse.urlsplit(endpoint).hostname, urllib.parse.urlsplit(endpoint).port
    with socket.create_connection((host, port), timeout=10) as connection:
        connection.sendall(raw)
        answer = connection.recv(4096).decode("latin-1")
    assert answer.startswith("HTTP/1.1 4"), answer


def test_an_answer_past_the_size_limit_is_refused(examples_store):
    server = make_server(examples_store, port=0, limits=EndpointLimits(result_bytes=2000))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        status, _, body = request(server.url + "?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"}))
        assert status == 400 and "limit" in body
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def served_folder(tmp_path):
    """An endpoint over an on-disk store (the examples), answering from worker processes with a 3 s limit."""
    from dyad.api import load, open_store
    from conftest import EXAMPLES

    folder = tmp_path / "store"
    with open_store(folder) as store:
        load([EXAMPLES / "north-korea-china-milestones.facts.yaml"], store=store)
    server = make_server(folder, port=0, limits=EndpointLimits(query_seconds=3, workers=2))
    assert server.pool.wait_until_ready()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, server.url
    server.shutdown()
    server.server_close()


SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_a_slow_query_is_stopped_at_the_time_limit_while_others_are_answered(served_folder):
    import time

    _, url = served_folder
    outcome = {}

    def slow():
        outcome["slow"] = request(url + "?" + urllib.parse.urlencode({"query": SLOW}))

    started = time.monotonic()
    runner = threading.Thread(target=slow)
    runner.start()
    time.sleep(0.5)
    status, _, body = request(url + "?" + urllib.parse.urlencode({"query": "ASK {}"}))
    assert status == 200 and json.loads(body)["boolean"] is True
    assert time.monotonic() - started < 3
    runner.join(timeout=30)
    assert outcome["slow"][0] == 503 and "time limit" in outcome["slow"][2]
    assert request(url + "?" + urllib.parse.urlencode({"query": "ASK {}"}))[0] == 200


def test_the_endpoint_answers_from_the_store_as_it_is_now(served_folder):
    from dyad.api import load, open_store
    from conftest import EXAMPLES

    folder, url = served_folder
    query = urllib.parse.urlencode({"query": COUNT_EVENTS})
    before = int(json.loads(request(url + "?" + query)[2])["results"]["bindings"][0]["n"]["value"])
    with open_store(folder) as store:
        load([EXAMPLES / "seed-pyongyang-beijing-train.facts.yaml"], store=store)
    after = int(json.loads(request(url + "?" + query)[2])["results"]["bindings"][0]["n"]["value"])
    assert after > before
