"""`dyad serve` against the W3C SPARQL 1.1 Protocol tests, read at test time from ../shared/conformance/sparql11-protocol/.

Every query test and every "bad request" test runs as the manifest says. The endpoint is
read-only by design, so the update tests are checked to be refused (403) and to change nothing;
that is the one place Dyad departs from the suite, on purpose.
"""

from __future__ import annotations

import http.client
import json
import threading
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.collection import Collection

from conftest import SHARED

SUITE = SHARED / "conformance" / "sparql11-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")


def _manifest() -> Graph:
    if not (SUITE / "manifest.ttl").is_file():
        pytest.fail(f"the W3C protocol tests are missing: {SUITE}")
    return Graph().parse(SUITE / "manifest.ttl", format="turtle", publicID=(SUITE / "manifest.ttl").as_uri())


def _tests() -> list[tuple[str, URIRef]]:
    if not (SUITE / "manifest.ttl").is_file():
        return [("manifest-missing", URIRef("urn:missing"))]
    manifest = _manifest()
    entries = next(manifest.objects(None, MF.entries))
    return [(str(entry).rpartition("#")[2], entry) for entry in Collection(manifest, entries)]


def _requests(manifest: Graph, test: URIRef) -> list[dict]:
    action = manifest.value(test, MF.action)
    found = []
    for request in Collection(manifest, manifest.value(action, HT.requests)):
        headers = {}
        listed = manifest.value(request, HT.headers)
        for header in Collection(manifest, listed) if listed is not None else []:
            headers[str(manifest.value(header, HT.fieldName))] = str(manifest.value(header, HT.fieldValue))
        body = manifest.value(request, HT.body)
        data = None
        if body is not None:
            encoding = str(manifest.value(body, CNT.characterEncoding) or "UTF-8")
            data = str(manifest.value(body, CNT.chars)).encode(encoding)
        response = manifest.value(request, HT.resp)
        found.append({
            "method": str(manifest.value(request, HT.methodName)), "path": str(manifest.value(request, HT.absolutePath)),
            "headers": headers, "body": data,
            "status": {str(s).rpartition("#")[2] for s in manifest.objects(response, MF.expectedStatus)},
            "format": str(manifest.value(response, MF.expectedFormat) or ""),
            "boolean": manifest.value(response, MF.expectedBoolean),
        })
    return found


@pytest.fixture
def protocol_store(request):
    """An in-memory store holding the test's graph data, each as the named graph its label names."""
    from dyad.api import open_store

    manifest, test = request.param
    store = open_store(None)
    for data in manifest.objects(test, UT.graphData):
        graph = Graph().parse(SUITE / Path(str(manifest.value(data, UT.graph))).name, format="nt")
        store.replace_graphs([(URIRef(str(manifest.value(data, RDFS.label))), graph)])
    return store


def _send(server, request: dict) -> tuple[int, str, bytes]:
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        headers = dict(request["headers"])
        if request["body"] is not None:
            headers["Content-Length"] = str(len(request["body"]))
        connection.request(request["method"], request["path"], body=request["body"], headers=headers)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type") or "", response.read()
    finally:
        connection.close()


TESTS = _tests()
MANIFEST = _manifest() if (SUITE / "manifest.ttl").is_file() else Graph()


@pytest.mark.parametrize("protocol_store, test", [((MANIFEST, t), t) for _, t in TESTS], indirect=["protocol_store"],
                         ids=[name for name, _ in TESTS])
def test_w3c_sparql_protocol(protocol_store, test):
    from dyad.serve import make_server

    server = make_server(protocol_store, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        name = str(test).rpartition("#")[2]
        before = protocol_store.quad_count()
        for request in _requests(MANIFEST, test):
            status, media, body = _send(server, request)
            is_update = "update=" in request["path"] or "update=" in (request["body"] or b"").decode("utf-8", "replace") \
                or "sparql-update" in request["headers"].get("content-type", "")
            if name.startswith("update_") and is_update:
                assert status == 403, (name, status, body)  # read-only by design
                assert protocol_store.quad_count() == before
                break
            assert f"StatusCode{str(status)[0]}xx" in request["status"], (name, status, body[:300])
            if request["format"] == "boolean" or request["boolean"] is not None:
                assert "sparql-results" in media, media
                answer = json.loads(body) if "json" in media else None
                if request["boolean"] is not None:
                    assert answer["boolean"] is request["boolean"].toPython(), (name, body)
            elif request["format"] == "tabular":
                assert "sparql-results" in media or media.startswith(("text/csv", "text/tab-separated")), media
            elif request["format"] == "RDF":
                assert media.startswith(("text/turtle", "application/rdf+xml", "application/n-triples", "application/ld+json")), media
    finally:
        server.shutdown()
        server.server_close()
