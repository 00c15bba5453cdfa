"""``dyad serve``: a read-only SPARQL 1.1 Protocol endpoint on the embedded store.

``GET /sparql?query=...`` and ``POST /sparql`` (``application/x-www-form-urlencoded`` with
``query=...``, or ``application/sparql-query`` with the query as the body) answer with the
format the client asks for in ``Accept`` (or ``format=``): SPARQL results as JSON (default),
XML, CSV or TSV for SELECT and ASK; Turtle (default), JSON-LD, N-Triples or RDF/XML for
CONSTRUCT and DESCRIBE. ``default-graph-uri`` and ``named-graph-uri`` choose the dataset; by
default the default graph is the union of every graph, as for ``dyad query``. Updates are
refused with 403: the store is opened read-only. ``SERVICE`` is refused unless its host is
allowed, browsers get no CORS header unless an origin is allowed, and each query has a time
limit and a size limit (:class:`EndpointLimits`). It listens on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from dyad.errors import DyadError
from dyad.store import Store

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


# What SPARQLWrapper and other clients send as format= (or output=): a name per kind of answer.
FORMAT_NAMES = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", None), "tsv": ("text/tab-separated-values", None),
    "turtle": (None, "text/turtle"), "ttl": (None, "text/turtle"), "n3": (None, "text/turtle"),
    "rdf+xml": (None, "application/rdf+xml"), "rdfxml": (None, "application/rdf+xml"), "rdf": (None, "application/rdf+xml"),
    "jsonld": (None, "application/ld+json"), "json-ld": (None, "application/ld+json"),
    "nt": (None, "application/n-triples"), "ntriples": (None, "application/n-triples"), "n-triples": (None, "application/n-triples"),
}


@dataclass
class EndpointLimits:
    """What protects the machine serving the endpoint; each can be raised by its user."""

    #: Seconds a query may run before it is stopped and the client told so (503).
    query_seconds: float = 30.0
    #: Bytes an answer may have; a bigger one is refused (ask with LIMIT).
    result_bytes: int = 50 * 1024 * 1024
    #: Hosts a query's SERVICE clauses may call; none by default, so the endpoint makes no outgoing requests.
    service_hosts: tuple[str, ...] = ()
    #: Origins a browser may read answers from (CORS); ``*`` for any. None by default.
    cors_origins: tuple[str, ...] = ()
    #: Queries run at once (worker processes); others wait for a free one.
    workers: int = 2


class _Capped(io.RawIOBase):
    """A write-only buffer that refuses to grow past ``limit`` bytes."""

    def __init__(self, limit: int) -> None:
        self.buffer, self.limit = io.BytesIO(), limit

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # noqa: ANN001 - bytes-like
        if self.buffer.tell() + len(data) > self.limit:
            raise _TooLarge()
        return self.buffer.write(data)


class _TooLarge(Exception):
    pass


def check_service(query: str, allowed_hosts: Iterable[str]) -> None:
    """Refuse a query whose SERVICE clauses call anything but the allowed hosts (a variable is never allowed)."""
    from dyad.store.terms import service_iris

    allowed = {host.lower() for host in allowed_hosts}
    for target in service_iris(query):
        host = urlsplit(target.strip("<>")).hostname if target.startswith("<") else None
        if host is None or host.lower() not in allowed:
            raise SparqlError(HTTPStatus.FORBIDDEN, f"SERVICE {target} is refused: this endpoint makes no outgoing requests "
                                                    "unless its user names the hosts allowed (dyad serve --allow-service HOST)")


def answer(
    store: Store,
    query: str,
    *,
    accept: str = "",
    format: str | None = None,
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
    base_iri: str | None = None,
    limits: EndpointLimits | None = None,
) -> tuple[str, bytes]:
    """Run one protocol request; returns the media type and the body, or raises :class:`SparqlError`.

    The dataset follows the protocol: ``default-graph-uri`` and ``named-graph-uri`` (either one)
    replace the query's own ``FROM``/``FROM NAMED``; with neither, the query's dataset holds, and
    with none at all the default graph is the union of every graph. Relative IRIs resolve against
    ``base_iri`` (the endpoint's URL).
    """
    from dyad.errors import QueryError
    from dyad.queries.library import is_sparql_update

    limits = limits or EndpointLimits()
    if not query.strip():
        raise SparqlError(HTTPStatus.BAD_REQUEST, "give a query: ?query=... or a POST body")
    if is_sparql_update(query):
        raise SparqlError(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL updates are refused")
    check_service(query, limits.service_hosts)
    for graph in (default_graphs or []) + (named_graphs or []):
        try:
            ox.NamedNode(graph)
        except ValueError:
            raise SparqlError(HTTPStatus.BAD_REQUEST, f"not an absolute IRI: {graph!r} (default-graph-uri / named-graph-uri)") from None
    if default_graphs or named_graphs:
        default_graphs, named_graphs = list(default_graphs or []), list(named_graphs or [])
    try:
        result = store.query(query, default_graphs=default_graphs, named_graphs=named_graphs, base_iri=base_iri)
    except QueryError as error:
        text = str(error)
        status = HTTPStatus.BAD_REQUEST if "syntax" in text.lower() or "refused the query" in text else HTTPStatus.INTERNAL_SERVER_ERROR
        raise SparqlError(status, text) from error
    except DyadError as error:
        raise SparqlError(HTTPStatus.BAD_GATEWAY, str(error)) from error
    is_graph = not isinstance(result, (ox.QuerySolutions, ox.QueryBoolean))
    named = FORMAT_NAMES.get((format or "").lower())
    wanted = (named[1] if is_graph else named[0]) if named else (format or "").lower()
    offered = GRAPH_FORMATS if is_graph else RESULT_FORMATS
    if wanted in offered:
        media = wanted
    elif format and not named and "/" not in format:
        raise SparqlError(HTTPStatus.NOT_ACCEPTABLE, f"format {format!r} is not one this endpoint writes: use one of {', '.join(FORMAT_NAMES)}")
    else:  # a format for the other kind of answer (format=xml on a CONSTRUCT...): the Accept header decides
        media = _choose(accept, offered, "text/turtle" if is_graph else "application/sparql-results+json")
    out = _Capped(limits.result_bytes)
    try:
        if is_graph:
            ox.serialize(result, out, format=GRAPH_FORMATS[media])
        else:
            result.serialize(out, format=RESULT_FORMATS[media])
    except _TooLarge:
        raise SparqlError(HTTPStatus.BAD_REQUEST, f"the answer is bigger than the endpoint's limit of {limits.result_bytes} bytes: "
                                                  "ask for less (LIMIT), or raise the limit (dyad serve --max-result-bytes)") from None
    charset = "" if media.endswith(("json", "+xml")) else "; charset=utf-8"
    return media + charset, out.buffer.getvalue()


class SparqlHandler(BaseHTTPRequestHandler):
    """One request of the SPARQL 1.1 Protocol (query operation only)."""

    server: SparqlServer
    server_version = "dyad-sparql"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        log.info("%s %s", self.address_string(), format % args)

    def _cors(self) -> None:
        allowed = self.server.limits.cors_origins
        origin = self.headers.get("Origin")
        if "*" in allowed:
            self.send_header("Access-Control-Allow-Origin", "*")
        elif origin and origin in allowed:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Vary", "Origin")

    def _send(self, status: HTTPStatus | int, media: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self._cors()
        self.send_header("Vary", "Accept")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _fail(self, error: SparqlError) -> None:
        self._send(error.status, "text/plain; charset=utf-8", (str(error) + "\n").encode("utf-8"))

    def do_OPTIONS(self) -> None:  # noqa: N802 - http.server's naming
        self.send_response(HTTPStatus.NO_CONTENT)
        self._cors()
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Access-Control-Max-Age", "86400")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _refuse_method(self) -> None:
        self.close_connection = True
        self._fail(SparqlError(HTTPStatus.METHOD_NOT_ALLOWED, "the endpoint answers GET and POST"))

    do_PUT = do_DELETE = do_PATCH = _refuse_method

    def do_GET(self) -> None:  # noqa: N802
        try:
            url = urlsplit(self.path)
            fields = _parse_fields(url.query)
            if url.path in ("/", "/sparql", "/sparql/") and not fields:
                self._send(HTTPStatus.OK, "text/html; charset=utf-8", _form_page().encode("utf-8"))
                return
            if url.path not in ("/sparql", "/sparql/"):
                raise SparqlError(HTTPStatus.NOT_FOUND, "the endpoint is /sparql")
            if "update" in fields:
                raise SparqlError(HTTPStatus.BAD_REQUEST, "updates are never sent with GET (and this endpoint is read-only)")
            self._run(fields)
        except SparqlError as error:
            self._fail(error)

    do_HEAD = do_GET

    def do_POST(self) -> None:  # noqa: N802
        try:
            url = urlsplit(self.path)
            if url.path not in ("/sparql", "/sparql/"):
                self._discard_body()
                raise SparqlError(HTTPStatus.NOT_FOUND, "the endpoint is /sparql")
            body = self._read_body()
            content_type = self.headers.get("Content-Type") or ""
            media = content_type.split(";")[0].strip().lower()
            charset = _charset(content_type)
            if charset not in ("utf-8", "utf8", "us-ascii", "ascii"):
                raise SparqlError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"the body must be UTF-8, not {charset}")
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                raise SparqlError(HTTPStatus.BAD_REQUEST, "the body is not UTF-8") from None
            fields = _parse_fields(url.query)
            if media == "application/sparql-update":
                raise SparqlError(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL updates are refused")
            if media == "application/sparql-query":
                if "query" in fields:
                    raise SparqlError(HTTPStatus.BAD_REQUEST, "give the query once: in the body or as ?query=, not both")
                fields["query"] = [text]
            elif media == "application/x-www-form-urlencoded":
                for key, values in _parse_fields(text).items():
                    fields.setdefault(key, []).extend(values)
            elif not media:
                raise SparqlError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                                  "say what the body is: Content-Type application/sparql-query or application/x-www-form-urlencoded")
            else:
                raise SparqlError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"cannot read a {media} body: send application/sparql-query or a form")
            self._run(fields)
        except SparqlError as error:
            self._fail(error)

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            self.close_connection = True
            raise SparqlError(HTTPStatus.LENGTH_REQUIRED, "send a Content-Length (chunked bodies are not read)")
        raw = self.headers.get("Content-Length")
        try:
            length = int(raw) if raw is not None else 0
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            raise SparqlError(HTTPStatus.BAD_REQUEST, f"Content-Length is not a length: {raw!r}")
        if length > MAX_BODY:
            self.close_connection = True
            raise SparqlError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "the request body is too large")
        self.connection.settimeout(30)
        body = self.rfile.read(length)
        if len(body) < length:
            self.close_connection = True
            raise SparqlError(HTTPStatus.BAD_REQUEST, "the body is shorter than its Content-Length")
        return body

    def _discard_body(self) -> None:
        try:
            self._read_body()
        except SparqlError:
            pass

    def _run(self, fields: dict[str, list[str]]) -> None:
        if "update" in fields:
            raise SparqlError(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL updates are refused")
        queries = fields.get("query", [])
        if len(queries) != 1:
            raise SparqlError(HTTPStatus.BAD_REQUEST, "give exactly one query parameter")
        formats = fields.get("format") or fields.get("output") or [None]
        request = {
            "query": queries[0], "accept": self.headers.get("Accept", ""), "format": formats[0],
            "default_graphs": fields.get("default-graph-uri"), "named_graphs": fields.get("named-graph-uri"),
            "base_iri": self.server.url,
        }
        media, body = self.server.answer(request)
        self._send(HTTPStatus.OK, media, body)


def _parse_fields(text: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, strict_parsing=False, errors="strict", max_num_fields=1000)
    except (ValueError, UnicodeDecodeError) as error:
        raise SparqlError(HTTPStatus.BAD_REQUEST, f"the request's parameters do not parse: {error}") from None


def _charset(content_type: str) -> str:
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return "utf-8"


class SparqlServer(ThreadingHTTPServer):
    """An HTTP server answering from a store: in worker processes (a location) or in its own threads (a store object)."""

    daemon_threads = True

    def __init__(self, store: Store | Path | str, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 limits: EndpointLimits | None = None) -> None:
        self.limits = limits or EndpointLimits()
        self.store = store if isinstance(store, Store) else None
        self.pool = None
        super().__init__((host, port), SparqlHandler)
        if self.store is None:
            from dyad.serve.workers import WorkerPool

            self.pool = WorkerPool(store, self.limits)

    def answer(self, request: dict) -> tuple[str, bytes]:
        if self.pool is None:
            # In-process (a store object, such as an in-memory one): no time limit can stop a query here.
            return answer(self.store, request.pop("query"), limits=self.limits, **request)  # type: ignore[arg-type]
        outcome, first, second = self.pool.run(request)
        if outcome == "ok":
            return first, second  # type: ignore[return-value]
        raise SparqlError(HTTPStatus(first), str(second))

    def server_close(self) -> None:
        super().server_close()
        if self.pool is not None:
            self.pool.close()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/sparql"


def make_server(store: Store | Path | str, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                limits: EndpointLimits | None = None) -> SparqlServer:
    """A server bound to ``host:port`` (port 0: a free one); call ``serve_forever()`` on it.

    Given a store's location (a folder or a server's URL), queries run in worker processes that
    follow later writes and can be stopped at the time limit; given a store object, in threads.
    """
    return SparqlServer(store, host, port, limits)


def serve(store: Store | Path | str, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, limits: EndpointLimits | None = None) -> None:
    """Answer SPARQL queries on ``host:port`` until interrupted."""
    server = make_server(store, host=host, port=port, limits=limits)
    log.info("SPARQL endpoint on %s", server.url)
    try:
        server.serve_forever()
    finally:
        server.server_close()
