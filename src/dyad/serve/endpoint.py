"""``dyad serve``: a read-only SPARQL 1.1 Protocol endpoint on the embedded store.

``GET /sparql?query=...`` and ``POST /sparql`` (``application/x-www-form-urlencoded`` with
``query=...``, or ``application/sparql-query`` with the query as the body) answer with the
format the client asks for in ``Accept`` (or ``format=``): SPARQL results as JSON (default),
XML, CSV or TSV for SELECT and ASK; Turtle (default), JSON-LD, N-Triples or RDF/XML for
CONSTRUCT and DESCRIBE. ``default-graph-uri`` and ``named-graph-uri`` choose the dataset; by
default the default graph is the union of every graph, as for ``dyad query``. Updates are
refused with 403: the store is opened read-only. CORS is allowed, so YASGUI in a browser can
query it. It listens on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import logging
from importlib import resources
import threading
from collections.abc import Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from dyad.store import DyadStore

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
MAX_BODY = 10 * 1024 * 1024

RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
SHORT_NAMES = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
    "tsv": "text/tab-separated-values", "turtle": "text/turtle", "ttl": "text/turtle", "jsonld": "application/ld+json",
    "json-ld": "application/ld+json", "nt": "application/n-triples", "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml",
}

def _form_page() -> str:
    """The page a browser gets at ``/``: a query form (``assets/form.html``)."""
    return resources.files("dyad.serve").joinpath("assets", "form.html").read_text(encoding="utf-8")


class SparqlError(Exception):
    """A request the endpoint refuses: an HTTP status and a message for the client."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


def _choose(accept: str, offered: Iterable[str], default: str) -> str:
    """The offered media type the Accept header prefers (q-values honoured; */* means the default)."""
    offered = list(offered)
    best, best_q = None, 0.0
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for field in fields[1:]:
            if field.startswith("q="):
                try:
                    q = float(field[2:])
                except ValueError:
                    q = 0.0
        if media in ("*/*", "application/*", "text/*"):
            candidate = default
        else:
            candidate = media if media in offered else None
        score = q - position * 1e-6  # earlier wins a tie
        if candidate and score > best_q:
            best, best_q = candidate, score
    return best or default


def answer(
    store: DyadStore,
    query: str,
    *,
    accept: str = "",
    format: str | None = None,
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
) -> tuple[str, bytes]:
    """Run one protocol request; returns the media type and the body, or raises :class:`SparqlError`."""
    from dyad.queries.library import is_sparql_update

    if not query.strip():
        raise SparqlError(HTTPStatus.BAD_REQUEST, "give a query: ?query=... or a POST body")
    if is_sparql_update(query):
        raise SparqlError(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL updates are refused")
    options: dict[str, object] = {}
    if default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        result = store.oxigraph.query(query, **options)  # type: ignore[arg-type]
    except SyntaxError as error:
        raise SparqlError(HTTPStatus.BAD_REQUEST, f"SPARQL syntax error: {error}") from error
    except (OSError, RuntimeError, ValueError) as error:
        raise SparqlError(HTTPStatus.INTERNAL_SERVER_ERROR, f"the query failed: {error}") from error
    wanted = SHORT_NAMES.get((format or "").lower(), format or "")
    if isinstance(result, ox.QueryTriples):
        media = wanted if wanted in GRAPH_FORMATS else _choose(accept, GRAPH_FORMATS, "text/turtle")
        if format and wanted not in GRAPH_FORMATS:
            raise SparqlError(HTTPStatus.NOT_ACCEPTABLE, f"format {format!r} is not a graph format: use one of {', '.join(GRAPH_FORMATS)}")
        body = result.serialize(format=GRAPH_FORMATS[media])
    else:
        media = wanted if wanted in RESULT_FORMATS else _choose(accept, RESULT_FORMATS, "application/sparql-results+json")
        if format and wanted not in RESULT_FORMATS:
            raise SparqlError(HTTPStatus.NOT_ACCEPTABLE, f"format {format!r} is not a results format: use one of {', '.join(RESULT_FORMATS)}")
        body = result.serialize(format=RESULT_FORMATS[media])
    charset = "" if media.endswith(("json", "+xml")) else "; charset=utf-8"
    return media + charset, body or b""


class SparqlHandler(BaseHTTPRequestHandler):
    """One request of the SPARQL 1.1 Protocol (query operation only)."""

    server: SparqlServer
    server_version = "dyad-sparql"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        log.info("%s %s", self.address_string(), format % args)

    def _send(self, status: HTTPStatus, media: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Vary", "Accept")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _fail(self, error: SparqlError) -> None:
        self._send(error.status, "text/plain; charset=utf-8", (str(error) + "\n").encode("utf-8"))

    def do_OPTIONS(self) -> None:  # noqa: N802 - http.server's naming
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Access-Control-Max-Age", "86400")
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        fields = parse_qs(url.query, keep_blank_values=True)
        if url.path in ("/", "/sparql") and not fields:
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", _form_page().encode("utf-8"))
            return
        if url.path != "/sparql":
            self._fail(SparqlError(HTTPStatus.NOT_FOUND, "the endpoint is /sparql"))
            return
        self._run(fields)

    do_HEAD = do_GET

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self._fail(SparqlError(HTTPStatus.NOT_FOUND, "the endpoint is /sparql"))
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._fail(SparqlError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "the request body is too large"))
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        fields = parse_qs(url.query, keep_blank_values=True)
        if media == "application/sparql-update":
            self._fail(SparqlError(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL updates are refused"))
            return
        if media == "application/sparql-query":
            fields["query"] = [body]
        elif media in ("application/x-www-form-urlencoded", ""):
            for key, values in parse_qs(body, keep_blank_values=True).items():
                fields.setdefault(key, []).extend(values)
        else:
            self._fail(SparqlError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"cannot read a {media} body: send application/sparql-query or a form"))
            return
        self._run(fields)

    def _run(self, fields: dict[str, list[str]]) -> None:
        if "update" in fields:
            self._fail(SparqlError(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL updates are refused"))
            return
        queries = fields.get("query", [])
        if len(queries) != 1:
            self._fail(SparqlError(HTTPStatus.BAD_REQUEST, "give exactly one query parameter"))
            return
        try:
            with self.server.lock:
                media, body = answer(
                    self.server.store, queries[0], accept=self.headers.get("Accept", ""),
                    format=(fields.get("format") or [None])[0],
                    default_graphs=fields.get("default-graph-uri"), named_graphs=fields.get("named-graph-uri"),
                )
        except SparqlError as error:
            self._fail(error)
            return
        self._send(HTTPStatus.OK, media, body)


class SparqlServer(ThreadingHTTPServer):
    """An HTTP server holding the store it answers from."""

    daemon_threads = True

    def __init__(self, store: DyadStore, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
        self.store = store
        self.lock = threading.Lock()
        super().__init__((host, port), SparqlHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/sparql"


def make_server(store: DyadStore, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> SparqlServer:
    """A server bound to ``host:port`` (port 0: a free one); call ``serve_forever()`` on it."""
    return SparqlServer(store, host, port)


def serve(store: DyadStore, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Answer SPARQL queries on ``host:port`` until interrupted."""
    server = make_server(store, host=host, port=port)
    log.info("SPARQL endpoint on %s", server.url)
    try:
        server.serve_forever()
    finally:
        server.server_close()
