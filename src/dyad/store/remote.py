"""A SPARQL 1.1 server as Dyad's store: Oxigraph server, Apache Jena Fuseki, or any server with Query and Update endpoints.

``RemoteStore("http://host:port/dataset")`` talks the SPARQL 1.1 Protocol only (queries as
``application/x-www-form-urlencoded`` POSTs, updates as ``application/sparql-update``), so it
needs nothing a conforming server lacks:

- the query endpoint is the URL given if it ends in ``/query`` or ``/sparql``, else the URL with
  ``/query`` added (Fuseki's ``/ds/query``, Oxigraph server's ``/query``); the update endpoint is
  the same with ``update`` for the last segment, or ``$DYAD_STORE_UPDATE``;
- credentials come from the environment (``DYAD_STORE_USER`` and ``DYAD_STORE_PASSWORD`` for
  HTTP Basic, or ``DYAD_STORE_TOKEN`` for a bearer token) or from the URL's user part; a password
  is never printed: :attr:`location` masks it;
- a load is one update request, which these servers run as one transaction; a big load
  (:meth:`bulk_replace`) streams its update body (chunked, never whole in memory) with the
  graph's old content saved to a temporary file first, put back if anything fails;
- Dyad's default graph is the union of the named graphs. Oxigraph server gives it on request
  (its ``union-default-graph`` parameter, sent with every query when the server's default graph
  is not the union already); other servers must be set up so
  (Fuseki: ``tdb2:unionDefaultGraph true``; GraphDB and Virtuoso do it by default). The store
  checks once when it opens, and says so if the server does not.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pyoxigraph as ox
from rdflib import Graph, URIRef

from dyad.errors import QueryError, StoreError
from dyad.store.base import Store
from dyad.store.graphs import COUNTRIES_GRAPH
from dyad.store.stamps import stamp_delete, stamp_insert
from dyad.store.terms import declares_dataset, ntriples_body, ntriples_term

log = logging.getLogger(__name__)

_CHUNK = 256 * 1024  # bytes per piece of a streamed update body
_RESULTS = "application/sparql-results+json"
_TRIPLES = "application/n-triples"


def is_store_url(location: object) -> bool:
    """True when ``location`` names a SPARQL server (``http://`` or ``https://``) rather than a folder."""
    return isinstance(location, str) and location.lower().startswith(("http://", "https://"))


def mask_url(url: str) -> str:
    """``url`` with any password in it replaced by ``***``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, f"{parts.username}:***@{host}", parts.path, parts.query, parts.fragment))


def _endpoints(url: str) -> tuple[str, str, tuple[str, str] | None]:
    """The query and update endpoints for ``url`` and the credentials in it (userinfo removed)."""
    parts = urlsplit(url)
    userinfo = None
    if parts.username is not None:
        from urllib.parse import unquote

        userinfo = (unquote(parts.username), unquote(parts.password or ""))
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    if parts.port:
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    if last in ("query", "sparql"):
        query_path, update_path = path, f"{head}/update"
    else:
        query_path, update_path = f"{path}/query", f"{path}/update"
    query = urlunsplit((parts.scheme, host, query_path, parts.query, ""))
    update = os.environ.get("DYAD_STORE_UPDATE") or urlunsplit((parts.scheme, host, update_path, parts.query, ""))
    return query, update, userinfo


class RemoteStore(Store):
    """A SPARQL 1.1 server (Query and Update endpoints) holding Dyad's named graphs."""

    def __init__(self, url: str, *, read_only: bool = False, timeout: float | None = None) -> None:
        import urllib3

        self.url = url
        self.location = mask_url(url)
        self.read_only = read_only
        self.query_url, self.update_url, userinfo = _endpoints(url)
        self._headers = self._auth_headers(userinfo)
        seconds = timeout if timeout is not None else float(os.environ.get("DYAD_STORE_TIMEOUT") or 600)
        # urllib3 applies the connect timeout while a request body is being sent too: a server that
        # parses a streamed update as it arrives pushes back for as long as it takes, so both are long.
        self._http = urllib3.PoolManager(maxsize=4, retries=False, timeout=urllib3.Timeout(connect=seconds, read=seconds))
        self._union_parameter = True
        if not read_only and not self.has_graph(COUNTRIES_GRAPH):
            self._write_reference_graphs()
        self._check_union_default_graph()

    @staticmethod
    def _auth_headers(userinfo: tuple[str, str] | None) -> dict[str, str]:
        token = os.environ.get("DYAD_STORE_TOKEN")
        if token:
            return {"Authorization": f"Bearer {token}"}
        user = os.environ.get("DYAD_STORE_USER") or (userinfo[0] if userinfo else None)
        password = os.environ.get("DYAD_STORE_PASSWORD") or (userinfo[1] if userinfo else None)
        if user:
            pair = f"{user}:{password or ''}".encode()
            return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}
        return {}

    def __repr__(self) -> str:
        return f"RemoteStore({self.location!r})"

    # ------------------------------------------------------------------ HTTP

    def _request(self, method: str, url: str, *, body=None, headers: dict[str, str], stream: bool = False):  # noqa: ANN001, ANN202
        import urllib3

        try:
            response = self._http.request(
                method, url, body=body, headers={**self._headers, **headers}, preload_content=not stream,
                chunked=not isinstance(body, (bytes, str, type(None))),
            )
        except urllib3.exceptions.HTTPError as error:
            raise StoreError(f"cannot reach the SPARQL server at {self.location}: {type(error).__name__}: {_masked(str(error), self)}") from error
        return response

    def _post_query(self, fields: list[tuple[str, str]], accept: str, *, stream: bool = False):  # noqa: ANN202
        response = self._request(
            "POST", self.query_url, body=urlencode(fields).encode("utf-8"), stream=stream,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
        )
        if response.status >= 400:
            text = response.data.decode("utf-8", errors="replace")[:2000] if not stream else response.read(2000).decode("utf-8", "replace")
            response.release_conn()
            if response.status in (400, 422):
                raise QueryError(f"the SPARQL server refused the query: {text.strip()}")
            if response.status in (401, 403):
                raise StoreError(f"the SPARQL server at {self.location} refused the credentials (HTTP {response.status}): "
                                 "set DYAD_STORE_USER and DYAD_STORE_PASSWORD, or DYAD_STORE_TOKEN")
            raise StoreError(f"the SPARQL server at {self.location} failed the query (HTTP {response.status}): {text.strip()}")
        return response

    # ------------------------------------------------------------------ the primitives

    def run_query(
        self,
        sparql: str,
        *,
        union_default_graph: bool = True,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base_iri: str | None = None,
        stream: bool = False,
    ):  # noqa: ANN201
        if base_iri:
            sparql = f"BASE {ntriples_term(URIRef(base_iri))}\n{sparql}"
        fields = [("query", sparql)]
        if default_graphs is not None:
            fields += [("default-graph-uri", g) for g in default_graphs]
        elif union_default_graph and self._union_parameter and not declares_dataset(sparql):
            fields.append(("union-default-graph", ""))
        if named_graphs is not None:
            fields += [("named-graph-uri", g) for g in named_graphs]
        response = self._post_query(fields, f"{_RESULTS}, {_TRIPLES};q=0.9", stream=True)
        media = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            if media in (_TRIPLES, "text/plain"):
                triples = ox.parse(response if stream else response.read(), format=ox.RdfFormat.N_TRIPLES)
                return triples if stream else list(triples)
            if media in (_RESULTS, "application/json"):
                body = response if stream else response.read()
                return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            if media in ("text/turtle", "application/rdf+xml", "application/ld+json"):
                formats = {"text/turtle": ox.RdfFormat.TURTLE, "application/rdf+xml": ox.RdfFormat.RDF_XML,
                           "application/ld+json": ox.RdfFormat.JSON_LD}
                return list(ox.parse(response.read(), format=formats[media]))
            if media in ("application/sparql-results+xml", "application/xml"):
                return ox.parse_query_results(response.read(), format=ox.QueryResultsFormat.XML)
        except SyntaxError as error:
            raise StoreError(f"the SPARQL server at {self.location} sent an answer that does not parse: {error}") from error
        finally:
            if not stream:
                response.release_conn()
        raise StoreError(f"the SPARQL server at {self.location} answered in {media or 'no media type'}, which Dyad does not read")

    def _update(self, sparql_update, *, what: str = "the update") -> None:  # noqa: ANN001 - str or an iterator of bytes
        if self.read_only:
            raise StoreError(f"the store at {self.location} is open read-only")
        body = sparql_update.encode("utf-8") if isinstance(sparql_update, str) else sparql_update
        response = self._request("POST", self.update_url, body=body, headers={"Content-Type": "application/sparql-update"})
        if response.status >= 400:
            text = response.data.decode("utf-8", errors="replace")[:2000].strip()
            if response.status in (401, 403):
                raise StoreError(f"the SPARQL server at {self.location} refused to write (HTTP {response.status}): "
                                 "give credentials in DYAD_STORE_USER and DYAD_STORE_PASSWORD (or DYAD_STORE_TOKEN), "
                                 "and check that its update endpoint is on")
            raise StoreError(f"the SPARQL server refused {what}, nothing was written (HTTP {response.status}): {text}")

    def _update_operations(self, operations: list[str]) -> None:
        # One request, sent in pieces: the body of a big load is never joined (and encoded) whole in memory.
        def body() -> Iterator[bytes]:
            pending: list[bytes] = []
            size = 0
            for index, operation in enumerate(operations):
                pending.append(((" ;\n" if index else "") + operation).encode("utf-8"))
                size += len(pending[-1])
                if size >= _CHUNK:
                    yield b"".join(pending)
                    pending, size = [], 0
            yield b"".join(pending)

        self._update(body(), what="the write")

    def quads_for_pattern(self, subject=None, predicate=None, object=None, graph_name=None) -> Iterator[ox.Quad]:  # noqa: A002, ANN001
        if any(isinstance(term, ox.BlankNode) for term in (subject, predicate, object, graph_name)):
            # A blank node in a query is a variable: a server's blank nodes cannot be named from outside.
            return iter(())
        fixed = {"s": subject, "p": predicate, "o": object, "g": graph_name}
        pattern = {name: (str(term) if term is not None else f"?{name}") for name, term in fixed.items()}
        variables = [f"?{name}" for name, term in fixed.items() if term is None]
        text = (f"SELECT {' '.join(variables) or '*'} WHERE {{ GRAPH {pattern['g']} {{ {pattern['s']} {pattern['p']} {pattern['o']} }} }}")
        if not variables:
            text = f"ASK {{ GRAPH {pattern['g']} {{ {pattern['s']} {pattern['p']} {pattern['o']} }} }}"
            if bool(self.run_query(text, union_default_graph=False)):
                return iter([ox.Quad(subject, predicate, object, graph_name)])
            return iter(())

        def quads() -> Iterator[ox.Quad]:
            for solution in self.run_query(text, union_default_graph=False, stream=True):
                values = {name: (term if term is not None else solution[name]) for name, term in fixed.items()}
                yield ox.Quad(values["s"], values["p"], values["o"], values["g"])

        return quads()

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        solutions = self.run_query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", union_default_graph=False)
        return iter([s["g"] for s in solutions if isinstance(s["g"], ox.NamedNode)])

    def has_graph(self, name: URIRef | str) -> bool:
        try:
            term = ntriples_term(URIRef(str(name)))
        except (ValueError, StoreError):
            return False
        return bool(self.run_query(f"ASK {{ GRAPH {term} {{ ?s ?p ?o }} }}", union_default_graph=False))

    def quad_count(self) -> int:
        solutions = self.run_query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", union_default_graph=False)
        return int(next(iter(solutions))["n"].value)

    def _ntriples(self, name: URIRef | str, *, stream: bool = False):  # noqa: ANN202
        term = ntriples_term(URIRef(str(name)))
        return self.run_query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {term} {{ ?s ?p ?o }} }}", union_default_graph=False, stream=stream)

    def dump_digest(self, name: URIRef | str) -> tuple[str, int]:
        """Hash and size of a graph's N-Triples lines, sorted (a server's order is its own)."""
        text = "\n".join(sorted(f"{t.subject} {t.predicate} {t.object} ." for t in self._ntriples(name))) + "\n"
        content = text.encode("utf-8")
        return hashlib.sha256(content).hexdigest(), len(content)

    def stage_graph(self, name: str, graph: Graph) -> None:
        body = ntriples_body(graph)
        self._update(f"INSERT DATA {{ GRAPH {ntriples_term(URIRef(name))} {{\n{body}\n}} }}", what="the staged documents")

    def unstage_graph(self, name: str) -> None:
        self._update(f"DROP SILENT GRAPH {ntriples_term(URIRef(name))}")

    @contextmanager
    def bulk_replace(self) -> Iterator[RemoteBulkReplace]:
        """Replace big named graphs from streamed RDF text, undone as a whole if anything fails.

        Each ``replace(name, chunks)`` saves the graph's current content to a temporary file
        (streamed from the server), then sends one streamed update that drops the graph,
        inserts the new content and stamps it: the server runs it as one transaction. If the
        ``with`` block raises, every graph it replaced is put back from its saved content.
        """
        session = RemoteBulkReplace(self)
        try:
            yield session
        except BaseException:
            session.undo()
            raise
        finally:
            session.discard_backups()

    def _check_union_default_graph(self) -> None:
        probe = f"ASK {{ GRAPH <{COUNTRIES_GRAPH}> {{ ?s ?p ?o }} }}"
        if not bool(self.run_query(probe, union_default_graph=False)):
            return  # an empty read-only store: nothing to check yet
        union = "ASK { ?s a <https://w3id.org/dyad/ontology#Country> }"
        # A server whose default graph is the union already (Fuseki set up so) is sent nothing more;
        # else ask for it with Oxigraph server's parameter.
        for self._union_parameter in (False, True):
            if bool(self.run_query(union)):
                return
        raise StoreError(
            f"the SPARQL server at {self.location} does not answer queries over the union of its named graphs, "
            "which Dyad's queries need: set its default graph to the union (Fuseki: tdb2:unionDefaultGraph true; "
            "Oxigraph server does it on request)"
        )

    def close(self) -> None:
        self._http.clear()


def _masked(text: str, store: RemoteStore) -> str:
    return text.replace(store.url, store.location) if store.url != store.location else text


class RemoteBulkReplace:
    """The graphs replaced inside one :meth:`RemoteStore.bulk_replace` block, with their backups."""

    def __init__(self, store: RemoteStore) -> None:
        self._store = store
        self._backups: list[tuple[URIRef, Path | None]] = []
        self._folder = tempfile.mkdtemp(prefix="dyad-bulk-")

    def replace(self, name: URIRef, chunks: Iterable[str], *, rdf_format: ox.RdfFormat = ox.RdfFormat.TURTLE) -> None:
        """Replace the named graph ``name`` by the triples in ``chunks`` (text in ``rdf_format``), streamed."""
        from dyad.store.embedded import _ChunkReader

        backup: Path | None = None
        if self._store.has_graph(name):
            backup = Path(self._folder) / f"{len(self._backups)}.nt"
            with backup.open("w", encoding="utf-8") as out:
                for triple in self._store._ntriples(name, stream=True):
                    out.write(f"{triple.subject} {triple.predicate} {triple.object} .\n")
        self._backups.append((name, backup))
        # lenient: skip IRI re-validation; callers stream RDF they generated from checked values.
        triples = ox.parse(_ChunkReader(chunks), format=rdf_format, lenient=True)
        lines = (f"{t.subject} {t.predicate} {t.object} .\n" for t in triples)
        try:
            self._store._update(_replacement_body(name, lines), what=f"the write of {name}")
        except SyntaxError as error:
            raise StoreError(f"the generated RDF for {name} does not parse ({error}); nothing was written") from error

    def replace_many(self, graphs: list[tuple[URIRef, Iterable[str]]], *, rdf_format: ox.RdfFormat = ox.RdfFormat.TURTLE,
                     prefixes: str = "") -> None:
        """Replace several named graphs, one streamed update each (``prefixes`` read before each graph's chunks)."""
        for name, chunks in graphs:
            self.replace(name, itertools.chain([prefixes], chunks), rdf_format=rdf_format)

    def undo(self) -> None:
        for name, backup in reversed(self._backups):
            if backup is None:
                self._store._update(f"DROP SILENT GRAPH {ntriples_term(name)} ;\n{stamp_delete(str(name))}")
                continue
            with backup.open(encoding="utf-8") as saved:
                self._store._update(_replacement_body(name, saved), what=f"putting {name} back")
        if self._backups:
            log.warning("bulk write undone: %d graph(s) put back as they were", len(self._backups))
        self._backups.clear()

    def discard_backups(self) -> None:
        shutil.rmtree(self._folder, ignore_errors=True)


def _replacement_body(name: URIRef, lines: Iterable[str]) -> Iterator[bytes]:
    """One update, streamed: drop the graph, insert ``lines`` (N-Triples) into it, stamp it with their hash."""
    graph = ntriples_term(name)
    yield (f"DROP SILENT GRAPH {graph} ;\n{stamp_delete(str(name))} ;\nINSERT DATA {{ GRAPH {graph} {{\n").encode("utf-8")
    digest, size, pending, pending_size = hashlib.sha256(), 0, [], 0
    for line in lines:
        encoded = line.encode("utf-8")
        digest.update(encoded)
        size += len(encoded)
        pending.append(encoded)
        pending_size += len(encoded)
        if pending_size >= _CHUNK:
            yield b"".join(pending)
            pending, pending_size = [], 0
    pending.append(f"}} }} ;\n{stamp_insert(str(name), digest.hexdigest(), size)}\n".encode("utf-8"))
    yield b"".join(pending)
