"""The SPARQL servers the store-contract tests run against, started once per session on 127.0.0.1.

Oxigraph server (the ``oxigraph`` command from PyPI) and Apache Jena Fuseki 5.6.0 (fetched once
from Maven Central by ``make test``, as the Neo4j server is). Never skipped: a server that cannot
start fails the tests that need it.
"""

from __future__ import annotations

import pytest

BACKENDS = ["embedded", "oxigraph", "fuseki"]


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    from dyad.store.servers import start_oxigraph_server

    server = start_oxigraph_server(tmp_path_factory.mktemp("oxigraph") / "data")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def fuseki_server(tmp_path_factory):
    from dyad.store.servers import start_fuseki

    server = start_fuseki(tmp_path_factory.mktemp("fuseki") / "data")
    yield server
    server.stop()


def empty_server(server) -> str:  # noqa: ANN001
    """Clear every graph of a session server and return its URL (the next open writes the reference graphs)."""
    import urllib3

    query_url, update_url, _ = __import__("dyad.store.remote", fromlist=["_endpoints"])._endpoints(server.url)
    response = urllib3.request("POST", update_url, body=b"DROP ALL", headers={"Content-Type": "application/sparql-update"})
    assert response.status < 300, response.data
    return server.url


@pytest.fixture(params=BACKENDS)
def backend(request, tmp_path) -> str:
    """Where an empty store is, for each kind of store: a folder, or the URL of a cleared server."""
    if request.param == "embedded":
        return str(tmp_path / "store")
    return empty_server(request.getfixturevalue(f"{request.param}_server"))


@pytest.fixture
def contract_store(backend):
    """An empty store (reference graphs only) of each kind."""
    from dyad.api import open_store

    opened = open_store(backend)
    yield opened
    opened.close()
