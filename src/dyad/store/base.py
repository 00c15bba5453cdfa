"""The store interface: what loads, validation, queries, stamps, the Neo4j sync and exports need of a store.

Two implementations: the embedded store (:class:`dyad.store.embedded.DyadStore`, pyoxigraph on
disk) and a SPARQL 1.1 server over HTTP (:class:`dyad.store.remote.RemoteStore`). A subclass
gives a handful of primitives (pattern reads, one query, one update, a graph's digest, staging
and bulk replacement); everything else (replacing document graphs in one update, content
stamps, comparing a graph with what is stored, binding parameters) is written once, here, in
SPARQL, so both stores mean the same by it.

Terms cross the interface as pyoxigraph terms (``quads_for_pattern`` yields :class:`pyoxigraph.Quad`,
``query`` returns pyoxigraph's query results) whichever store answers.
"""

from __future__ import annotations

import hashlib
import logging
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from dyad.errors import QueryError, StoreError
from dyad.store.graphs import COUNTRIES_GRAPH, ONTOLOGY_GRAPH, REFERENCE_GRAPHS, STATE_GRAPH, ontology_file
from dyad.store.stamps import STAMPS_QUERY, stamp_delete, stamp_insert
from dyad.store.terms import bind_values, from_ox, ntriples_body, ntriples_term

log = logging.getLogger(__name__)

QueryResults = "ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | list[ox.Triple]"


class Store(ABC):
    """An RDF dataset with one named graph per source document, plus Dyad's reserved graphs."""

    #: Where the store is, for messages (a folder, or a URL with any password masked).
    location: str = ""
    read_only: bool = False

    # ------------------------------------------------------------------ primitives

    @abstractmethod
    def quads_for_pattern(
        self, subject: object = None, predicate: object = None, object: object = None, graph_name: object = None  # noqa: A002
    ) -> Iterator[ox.Quad]:
        """The quads matching a pattern of pyoxigraph terms (None: any); named graphs only for a remote store."""

    @abstractmethod
    def named_graphs(self) -> Iterator[ox.NamedNode]:
        """Every named graph (the reserved ones included)."""

    @abstractmethod
    def has_graph(self, name: URIRef | str) -> bool:
        """True when a named graph of that name holds something."""

    @abstractmethod
    def quad_count(self) -> int:
        """How many quads the store holds."""

    @abstractmethod
    def run_query(
        self,
        sparql: str,
        *,
        union_default_graph: bool = True,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base_iri: str | None = None,
    ):  # noqa: ANN201 - QueryResults
        """Run one read-only query on the dataset given (default: the union of every graph, unless the query says FROM)."""

    @abstractmethod
    def _update(self, sparql_update: str) -> None:
        """Run one SPARQL update as one transaction; raise :class:`StoreError` if refused."""

    @abstractmethod
    def dump_digest(self, name: URIRef | str) -> tuple[str, int]:
        """A content hash and size of one graph, for graphs without a stamp (the same content, the same hash)."""

    @abstractmethod
    def bulk_replace(self) -> AbstractContextManager:
        """Replace big graphs from streamed RDF text, undone as a whole if the block fails."""

    @abstractmethod
    def stage_graph(self, name: str, graph: Graph) -> None:
        """Write a scratch graph (the validation gate's staged documents): not stamped, dropped by :meth:`unstage_graph`."""

    @abstractmethod
    def unstage_graph(self, name: str) -> None:
        """Drop a scratch graph written by :meth:`stage_graph`."""

    def close(self) -> None:  # noqa: B027 - nothing to release by default
        """Release what the store holds (a lock, connections)."""

    def compact(self) -> None:  # noqa: B027 - a server compacts its own files
        """Compact the store's files after a big bulk write, where the store has any to compact."""

    # ------------------------------------------------------------------ reading

    def __len__(self) -> int:
        return self.quad_count()

    def graph_names(self, *, include_reference: bool = False) -> list[URIRef]:
        names = sorted(URIRef(g.value) for g in self.named_graphs() if isinstance(g, ox.NamedNode) and g.value != str(STATE_GRAPH))
        if include_reference:
            return names
        return [name for name in names if name not in REFERENCE_GRAPHS]

    def graph(self, name: URIRef | str) -> Graph:
        """A copy of one named graph as an rdflib Graph."""
        graph = Graph(identifier=URIRef(str(name)))
        for quad in self.quads_for_pattern(None, None, None, ox.NamedNode(str(name))):
            graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))  # type: ignore[arg-type]
        return graph

    def union_graph(self, *, include_reference: bool = True) -> Graph:
        """Every named graph merged into one rdflib Graph (a copy)."""
        graph = Graph()
        skip = set() if include_reference else {str(g) for g in REFERENCE_GRAPHS}
        for quad in self.quads_for_pattern(None, None, None, None):
            if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value in skip | {str(STATE_GRAPH)}:
                continue
            graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))  # type: ignore[arg-type]
        return graph

    def quads(self) -> Iterator[tuple[Node, Node, Node, Node | None]]:
        for quad in self.quads_for_pattern(None, None, None, None):
            yield from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object), from_ox(quad.graph_name)  # type: ignore[misc]

    def graph_hash(self, name: URIRef | str) -> str:
        """A content hash of one named graph, independent of insertion order (blank nodes aside)."""
        lines = sorted(
            f"{q.subject} {q.predicate} {q.object}" for q in self.quads_for_pattern(None, None, None, ox.NamedNode(str(name)))
        )
        return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()

    def _graph_size(self, name: URIRef | str) -> int:
        return sum(1 for _ in self.quads_for_pattern(None, None, None, ox.NamedNode(str(name))))

    def holds(self, name: URIRef | str, graph: Graph) -> bool:
        """True when the named graph already holds exactly ``graph`` (literals compared as the store normalises them)."""
        if not self.has_graph(name):
            return False
        has_blank_nodes = any(isinstance(term, BNode) for triple in graph for term in triple)
        stamp = self.content_stamps().get(str(name))
        if stamp is not None and not has_blank_nodes:
            # Written by replace_graphs: its stamp hashes exactly the text this graph would be written as.
            try:
                body = ntriples_body(graph)
            except ValueError:
                return False
            if stamp[0] == hashlib.sha256(body.encode("utf-8")).hexdigest():
                return True
        from dyad.store.embedded import DyadStore

        scratch = DyadStore.scratch()
        scratch.replace_graphs([(URIRef(str(name)), graph)])
        if scratch._graph_size(name) != self._graph_size(name):
            return False
        if not has_blank_nodes:
            return scratch.graph_hash(name) == self.graph_hash(name)
        from rdflib.compare import isomorphic

        return isomorphic(scratch.graph(name), self.graph(name))

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        union_default_graph: bool = True,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base_iri: str | None = None,
    ):  # noqa: ANN201 - QueryResults
        """Run a read-only SPARQL query with ``bindings`` bound to its variables.

        Bindings are typed RDF terms written by the term serialiser into an inline ``VALUES``
        block at the start of the WHERE clause, so a value can never change the query's
        structure; filters in the query see them. The default graph is the union of every graph,
        unless the query names its dataset (``FROM``, ``FROM NAMED``) or ``default_graphs`` is given.
        """
        if bindings:
            sparql = bind_values(sparql, bindings)
        return self.run_query(sparql, union_default_graph=union_default_graph, default_graphs=default_graphs,
                              named_graphs=named_graphs, base_iri=base_iri)

    def select(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> tuple[list[str], list[dict[str, Node | None]]]:
        """Run a SELECT and return its variable names and rows of rdflib terms."""
        solutions = self.query(sparql, bindings)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        variables = [v.value for v in solutions.variables]
        rows = [{name: from_ox(solution[name]) for name in variables} for solution in solutions]
        return variables, rows

    def content_stamps(self) -> dict[str, tuple[str, int]]:
        """Per named graph written through this store: a hash of its content and its size in bytes.

        A graph written in another way (a user's SPARQL update) has no stamp; callers hash it themselves.
        """
        stamps: dict[str, tuple[str, int]] = {}
        for solution in self.run_query(STAMPS_QUERY, union_default_graph=False):
            stamps[solution["g"].value] = (solution["hash"].value, int(solution["bytes"].value))
        return stamps

    # ------------------------------------------------------------------ writing

    def replace_graphs(self, graphs: Iterable[tuple[URIRef, Graph]]) -> None:
        """Replace each named graph by the given content, all in one update (one transaction).

        Either every graph is written or, on any failure, none is.
        """
        parts: list[str] = []
        try:
            for name, graph in graphs:
                graph_term = ntriples_term(name)
                parts.append(f"DROP SILENT GRAPH {graph_term}")
                parts.append(stamp_delete(str(name)))
                body = ntriples_body(graph)
                if body:
                    parts.append(f"INSERT DATA {{ GRAPH {graph_term} {{\n{body}\n}} }}")
                    parts.append(stamp_insert(str(name), hashlib.sha256(body.encode("utf-8")).hexdigest(), len(body)))
        except ValueError as error:
            raise StoreError(f"cannot store the data, nothing was written: {error}") from error
        if parts:
            self._update_operations(parts)

    def _update_operations(self, operations: list[str]) -> None:
        """Run update operations as one request, one transaction (a server store streams them instead of joining them)."""
        self._update(" ;\n".join(operations))

    def stamp(self, names: Iterable[URIRef | str] | None = None) -> None:
        """Stamp graphs written behind the store's back: all unstamped ones by default."""
        stamps = self.content_stamps()
        targets = [str(n) for n in names] if names is not None else [str(n) for n in self.graph_names(include_reference=True) if str(n) not in stamps]
        parts = []
        for name in targets:
            parts += [stamp_delete(name), stamp_insert(name, *self.dump_digest(name))]
        if parts:
            self._update(" ;\n".join(parts))

    def remove_graphs(self, names: Iterable[URIRef | str]) -> int:
        """Drop the named graphs (in one update); returns how many existed."""
        present = [name for name in names if self.has_graph(name)]
        if present:
            self._update(" ;\n".join(
                f"DROP GRAPH {ntriples_term(URIRef(str(name)))} ;\n{stamp_delete(str(name))}" for name in present
            ))
        return len(present)

    def update(self, sparql_update: str) -> None:
        """Run a SPARQL UPDATE (the caller decides whether writing is allowed).

        The update may change any graph, so every content stamp goes, in the same transaction.
        """
        body = sparql_update.rstrip().rstrip(";")
        self._update(f"{body}\n;\nDROP SILENT GRAPH <{STATE_GRAPH}>")

    def _write_reference_graphs(self) -> None:
        from dyad.vocabulary.countries import countries_graph

        ontology = Graph().parse(ontology_file("dyad.ttl"), format="turtle")
        self.replace_graphs([(ONTOLOGY_GRAPH, ontology), (COUNTRIES_GRAPH, countries_graph())])
        log.info("initialised store reference graphs (ontology, countries)")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
