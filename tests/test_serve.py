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

from dyad.serve import make_server

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


def test_cors_lets_a_browser_client_such_as_yasgui_ask(endpoint):
    request_ = urllib.request.Request(endpoint, method="OPTIONS", headers={"Origin": "http://example.org", "Access-Control-Request-Method": "POST"})
    with urllib.request.urlopen(request_, timeout=10) as response:
        assert response.status == 204
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "POST" in response.headers["Access-Control-Allow-Methods"]
