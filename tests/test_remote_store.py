"""The remote store's own concerns: which endpoints a URL means, credentials from the environment, never printed."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from click.testing import CliRunner

from dyad.cli import main
from dyad.errors import StoreError
from dyad.store.remote import RemoteStore, _endpoints, is_store_url, mask_url


@pytest.mark.parametrize("url, query, update", [
    ("http://127.0.0.1:7878", "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update"),
    ("http://h:3030/dyad", "http://h:3030/dyad/query", "http://h:3030/dyad/update"),
    ("http://h:3030/dyad/sparql", "http://h:3030/dyad/sparql", "http://h:3030/dyad/update"),
    ("https://u:secret@h/ds/query", "https://h/ds/query", "https://h/ds/update"),
])
def test_a_url_names_its_query_and_update_endpoints(url, query, update, monkeypatch):
    monkeypatch.delenv("DYAD_STORE_UPDATE", raising=False)
    assert _endpoints(url)[:2] == (query, update)


def test_a_password_in_a_url_is_masked():
    assert mask_url("https://anna:s3cret@graphs.example.org/dyad") == "https://anna:***@graphs.example.org/dyad"
    assert is_store_url("https://x") and not is_store_url("/data/store")


class _Recorder(BaseHTTPRequestHandler):
    seen: list[str | None] = []

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        _Recorder.seen.append(self.headers.get("Authorization"))
        self.send_response(401)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def refusing_server():
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Recorder.seen = []
    yield f"http://127.0.0.1:{server.server_address[1]}/ds"
    server.shutdown()
    server.server_close()


def test_credentials_come_from_the_environment_and_a_refusal_says_where_to_put_them(refusing_server, monkeypatch):
    monkeypatch.setenv("DYAD_STORE_USER", "anna")
    monkeypatch.setenv("DYAD_STORE_PASSWORD", "s3cret")
    with pytest.raises(StoreError, match="DYAD_STORE_USER") as raised:
        RemoteStore(refusing_server)
    assert "s3cret" not in str(raised.value)
    import base64

    assert _Recorder.seen[0] == "Basic " + base64.b64encode(b"anna:s3cret").decode()


def test_the_cli_never_prints_a_password_from_the_url(refusing_server):
    url = refusing_server.replace("http://", "http://anna:s3cret@")
    result = CliRunner().invoke(main, ["--store", url, "stats"])
    assert result.exit_code == 1
    assert "s3cret" not in result.output and "***" in result.output


def test_an_unreachable_server_is_a_clear_error_without_the_password():
    from dyad.jvm import free_port

    url = f"http://anna:s3cret@127.0.0.1:{free_port()}/ds"
    result = CliRunner().invoke(main, ["--store", url, "documents"])
    assert result.exit_code == 1
    assert "cannot reach the SPARQL server" in result.output and "s3cret" not in result.output
