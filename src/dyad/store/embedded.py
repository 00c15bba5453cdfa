"""The embedded RDF store: pyoxigraph on disk, one named graph per source document.

Writes are all-or-nothing: a load replaces the named graphs of the documents it read in
one SPARQL update (one transaction), so a failure leaves the store exactly as it was.
The store also holds two reference graphs, written once when it is created: the ontology
(for labels of classes and concepts) and the ISO 3166 country list.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from dyad.errors import StoreError
from dyad.store.graphs import COUNTRIES_GRAPH, ONTOLOGY_GRAPH, REFERENCE_GRAPHS, STATE_GRAPH, ontology_file
from dyad.store.stamps import read_stamps, stamp_delete, stamp_insert
from dyad.store.terms import bind_values, from_ox, ntriples_body, ntriples_term

log = logging.getLogger(__name__)


class DyadStore:
    """An embedded, on-disk RDF dataset with one named graph per source document.

    ``DyadStore(None)`` is an in-memory store (tests, ``dyad extract``).
    """

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                if not self.path.exists():
                    raise StoreError(f"no store at {self.path}: load something first (dyad load ...)")
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as error:
            if "lock" in str(error).lower():  # RocksDB's LOCK file: another process has the store open for writing
                raise StoreError(f"the store at {self.path} is in use by another Dyad command (a load, sync or serve "
                                 "that writes); wait for it to finish and run this again") from error
            raise StoreError(f"cannot open the store at {self.path}: {error}") from error
        if self.path is not None and backup_folder(self.path).exists():
            self._restore_left_backup(read_only=read_only)
        if not read_only and not self._store.contains_named_graph(ox.NamedNode(str(COUNTRIES_GRAPH))):
            self._write_reference_graphs()

    def _restore_left_backup(self, *, read_only: bool) -> None:
        """A bulk write was cut short (the process was killed): put its graphs back as they were, first of all.

        Opening the store for writing takes its lock, so the backup is nobody's any more. A
        read-only open restores through a short writable open; when that fails another process
        holds the store (its bulk write is still running) and its backup is left alone.
        """
        assert self.path is not None
        if read_only:
            try:
                writable = ox.Store(str(self.path))
            except OSError:
                return
            BulkReplace.restore_left_backup(writable, self.path)
            writable.flush()
            del writable
            self._store = ox.Store.read_only(str(self.path))
            return
        BulkReplace.restore_left_backup(self._store, self.path)

    # ------------------------------------------------------------------ reading

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for callers that need its full API."""
        return self._store

    def __len__(self) -> int:
        return len(self._store)

    def quad_count(self) -> int:
        return len(self._store)

    def graph_names(self, *, include_reference: bool = False) -> list[URIRef]:
        names = sorted(
            URIRef(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode) and g.value != str(STATE_GRAPH)
        )
        if include_reference:
            return names
        return [name for name in names if name not in REFERENCE_GRAPHS]

    def has_graph(self, name: URIRef | str) -> bool:
        try:
            return self._store.contains_named_graph(ox.NamedNode(str(name)))
        except ValueError:  # not an IRI, so not a graph name
            return False

    def graph(self, name: URIRef | str) -> Graph:
        """A copy of one named graph as an rdflib Graph."""
        graph = Graph(identifier=URIRef(str(name)))
        for quad in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(name))):
            graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))  # type: ignore[arg-type]
        return graph

    def union_graph(self, *, include_reference: bool = True) -> Graph:
        """Every named graph merged into one rdflib Graph (a copy)."""
        graph = Graph()
        skip = set() if include_reference else {str(g) for g in REFERENCE_GRAPHS}
        for quad in self._store:
            if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value in skip:
                continue
            graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))  # type: ignore[arg-type]
        return graph

    def graph_hash(self, name: URIRef | str) -> str:
        """A content hash of one named graph, independent of insertion order (blank nodes aside)."""
        lines = sorted(
            f"{q.subject} {q.predicate} {q.object}"
            for q in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(name)))
        )
        return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()

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
        scratch = DyadStore.__new__(DyadStore)
        scratch.path, scratch._store = None, ox.Store()
        scratch.replace_graphs([(URIRef(str(name)), graph)])
        def size(store: ox.Store) -> int:
            return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(str(name))))

        if size(scratch._store) != size(self._store):
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
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a read-only SPARQL query with ``bindings`` bound to its variables.

        Bindings are typed RDF terms written by the term serialiser into an inline ``VALUES``
        block at the start of the WHERE clause, so a value can never change the query's
        structure; filters in the query see them.
        """
        from dyad.errors import QueryError

        if bindings:
            sparql = bind_values(sparql, bindings)
        try:
            return self._store.query(sparql, use_default_graph_as_union=union_default_graph)
        except SyntaxError as error:
            raise QueryError(f"SPARQL syntax error: {error}") from error
        except (OSError, RuntimeError, ValueError) as error:
            raise QueryError(f"the SPARQL query failed: {error}") from error

    def select(
        self, sparql: str, bindings: Mapping[str, Node] | None = None
    ) -> tuple[list[str], list[dict[str, Node | None]]]:
        """Run a SELECT and return its variable names and rows of rdflib terms."""
        solutions = self.query(sparql, bindings)
        if not isinstance(solutions, ox.QuerySolutions):
            from dyad.errors import QueryError

            raise QueryError("expected a SELECT query")
        variables = [v.value for v in solutions.variables]
        rows = [{name: from_ox(solution[name]) for name in variables} for solution in solutions]
        return variables, rows

    def quads(self) -> Iterator[tuple[Node, Node, Node, Node | None]]:
        for quad in self._store:
            yield from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object), from_ox(quad.graph_name)  # type: ignore[misc]

    # ------------------------------------------------------------------ writing

    def replace_graphs(self, graphs: Iterable[tuple[URIRef, Graph]]) -> None:
        """Replace each named graph by the given content, all in one transaction.

        Either every graph is written or, on any failure, none is.
        """
        parts: list[str] = []
        try:
            self._append_replacements(parts, graphs)
        except ValueError as error:
            raise StoreError(f"cannot store the data, nothing was written: {error}") from error
        if not parts:
            return
        self._update(" ;\n".join(parts))

    @staticmethod
    def _append_replacements(parts: list[str], graphs: Iterable[tuple[URIRef, Graph]]) -> None:
        for name, graph in graphs:
            graph_term = ntriples_term(name)
            parts.append(f"DROP SILENT GRAPH {graph_term}")
            parts.append(stamp_delete(str(name)))
            body = ntriples_body(graph)
            if body:
                parts.append(f"INSERT DATA {{ GRAPH {graph_term} {{\n{body}\n}} }}")
                digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
                parts.append(stamp_insert(str(name), digest, len(body)))

    def dump_digest(self, name: URIRef | str) -> tuple[str, int]:
        """Hash and size of a graph's N-Triples as the store dumps them (index order: it depends only on the content)."""
        content = self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(name)))
        return hashlib.sha256(content).hexdigest(), len(content)

    def stamp(self, names: Iterable[URIRef | str] | None = None) -> None:
        """Stamp graphs written behind the store's back (straight through :attr:`oxigraph`): all unstamped ones by default."""
        stamps = self.content_stamps()
        targets = [str(n) for n in names] if names is not None else [str(n) for n in self.graph_names(include_reference=True) if str(n) not in stamps]
        parts = []
        for name in targets:
            parts += [stamp_delete(name), stamp_insert(name, *self.dump_digest(name))]
        if parts:
            self._update(" ;\n".join(parts))

    def content_stamps(self) -> dict[str, tuple[str, int]]:
        """Per named graph written through this store: a hash of its content and its size in bytes.

        A graph written in another way (a user's SPARQL update) has no stamp; callers hash it themselves.
        """
        return read_stamps(self._store)

    @contextmanager
    def bulk_replace(self, *, compact: bool = True) -> Iterator[BulkReplace]:
        """Replace big named graphs from streamed RDF text, undone as a whole if anything fails.

        For machine-generated sources too big for one transaction (a GDELT export of a million
        records): each ``replace(name, chunks)`` saves the graph's current content to a
        temporary N-Triples file, clears it and streams the new content in with oxigraph's bulk
        loader (memory stays flat). If the ``with`` block raises, every graph it replaced is
        cleared and its saved content loaded back, so the store is as it was. Unlike
        :meth:`replace_graphs`, readers may see a graph while it is being written. ``compact=False``
        skips the compaction, for the many small writes of a folder load (it is paid once, first).
        """
        session = BulkReplace(self)
        if self.path is not None and compact:
            # Compact first: RocksDB places bulk-loaded files that overlap recently written (level-0)
            # data in level 0 too and compacts them during the load. A 1M-record GDELT load into a
            # store holding only its reference graphs: 208 s as it was, 165 s compacted first (one run each).
            self._store.optimize()
        try:
            yield session
        except BaseException:
            session.undo()
            raise
        finally:
            session.discard_backups()
            if self.path is not None:
                self._store.flush()

    def remove_graphs(self, names: Iterable[URIRef | str]) -> int:
        """Drop the named graphs; returns how many existed."""
        present = [name for name in names if self.has_graph(name)]
        if present:
            self._update(" ;\n".join(
                f"DROP GRAPH <{ox.NamedNode(str(name)).value}> ;\n{stamp_delete(str(name))}" for name in present
            ))
        return len(present)

    def update(self, sparql_update: str) -> None:
        """Run a SPARQL UPDATE (the caller decides whether writing is allowed).

        The update may change any graph, so every content stamp goes, in the same transaction.
        """
        body = sparql_update.rstrip().rstrip(";")
        self._update(f"{body}\n;\nDROP SILENT GRAPH <{STATE_GRAPH}>")

    def _update(self, sparql_update: str, *, flush: bool = True) -> None:
        try:
            self._store.update(sparql_update)
        except (OSError, SyntaxError, ValueError) as error:
            raise StoreError(f"the store refused the update, nothing was written: {error}") from error
        if flush and self.path is not None:
            self._store.flush()

    def _write_reference_graphs(self) -> None:
        from dyad.vocabulary.countries import countries_graph

        ontology = Graph().parse(ontology_file("dyad.ttl"), format="turtle")
        self.replace_graphs([(ONTOLOGY_GRAPH, ontology), (COUNTRIES_GRAPH, countries_graph())])
        log.info("initialised store reference graphs (ontology, countries)")

    def close(self) -> None:
        """Release the on-disk store (RocksDB lock)."""
        if self.path is not None:
            try:
                self._store.flush()
            except (OSError, RuntimeError):  # a read-only store has nothing to flush
                pass
        del self._store

    def __enter__(self) -> DyadStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _ChunkReader(io.RawIOBase):
    """A binary file object over an iterator of text chunks, for oxigraph's streaming loader."""

    def __init__(self, chunks: Iterable[str]) -> None:
        self._chunks = iter(chunks)
        self._buffer = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:  # noqa: ANN001 - a writable buffer
        while not self._buffer:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._buffer = memoryview(chunk.encode("utf-8"))
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]  # a view: no copy of the rest
        return size


def backup_folder(store_path: Path) -> Path:
    """Where a bulk write keeps the graphs it replaces until it is done: beside the store, so a crash leaves them findable."""
    return store_path.with_name(store_path.name + ".bulk-backup")


JOURNAL = "journal.tsv"


class BulkReplace:
    """The graphs replaced inside one :meth:`DyadStore.bulk_replace` block, with their backups.

    For an on-disk store the backups and a journal (one line per graph: its name and its
    backup file, or ``-`` for a graph that did not exist) live in ``<store>.bulk-backup/``. A
    line is written and synced to disk only once its backup is whole, before the graph is
    touched; the folder goes once the block is done. If the process dies in between, the next
    :class:`DyadStore` opened on the store finds the journal and puts every graph back
    (:meth:`restore_left_backup`), so the store holds the state before the block, or after it.
    """

    def __init__(self, store: DyadStore) -> None:
        self._store = store
        self._backups: list[tuple[URIRef, Path | None]] = []
        if store.path is not None:
            folder = backup_folder(store.path)
            shutil.rmtree(folder, ignore_errors=True)  # a finished block's leftovers (the journal went first)
            folder.mkdir(parents=True)
            self._folder = str(folder)
        else:
            self._folder = tempfile.mkdtemp(prefix="dyad-bulk-")
        self._journal = Path(self._folder) / JOURNAL

    def replace(self, name: URIRef, chunks: Iterable[str], *, rdf_format: ox.RdfFormat = ox.RdfFormat.TURTLE) -> None:
        """Replace the named graph ``name`` by the triples in ``chunks`` (text in ``rdf_format``)."""
        self.replace_many([(name, chunks)], rdf_format=rdf_format)

    def replace_many(self, graphs: list[tuple[URIRef, Iterable[str]]], *, rdf_format: ox.RdfFormat = ox.RdfFormat.TURTLE,
                     prefixes: str = "") -> None:
        """Replace several named graphs by Turtle ``chunks`` each, streamed in one bulk load (each load has a fixed cost).

        With more than one graph the chunks must not declare prefixes: pass them once in ``prefixes``.
        """
        store = self._store.oxigraph
        for name, _ in graphs:
            self._back_up(name)
            # No stamp while the graph is being rewritten: a crash midway leaves it unstamped (so hashed afresh).
            self._store._update(stamp_delete(str(name)), flush=False)
            _clear_graph(store, ox.NamedNode(str(name)))
        digests = {str(name): hashlib.sha256() for name, _ in graphs}
        sizes = dict.fromkeys(digests, 0)

        def hashed(name: str, pieces: Iterable[str]) -> Iterator[str]:
            for piece in pieces:
                encoded = piece.encode("utf-8")
                digests[name].update(encoded)
                sizes[name] += len(encoded)
                yield piece

        def trig() -> Iterator[str]:
            yield prefixes
            for name, chunks in graphs:
                yield f"<{name}> {{\n"
                yield from hashed(str(name), chunks)
                yield "}\n"

        try:
            # lenient: skip IRI re-validation; callers stream RDF they generated from checked values.
            if len(graphs) == 1 and not prefixes:
                (name, chunks), = graphs
                store.bulk_load(input=_ChunkReader(hashed(str(name), chunks)), format=rdf_format, to_graph=ox.NamedNode(str(name)), lenient=True)
            else:
                store.bulk_load(input=_ChunkReader(trig()), format=ox.RdfFormat.TRIG, lenient=True)
        except SyntaxError as error:
            raise StoreError(f"the generated RDF for {', '.join(str(n) for n, _ in graphs)} does not parse ({error}); nothing was written") from error
        except (OSError, ValueError) as error:
            raise StoreError(f"the store refused the write of {', '.join(str(n) for n, _ in graphs)}, nothing was written: {error}") from error
        stamps = []
        for name, _ in graphs:
            graph = ox.NamedNode(str(name))
            if sizes[str(name)] and store.contains_named_graph(graph):
                stamps.append(stamp_insert(str(name), digests[str(name)].hexdigest(), sizes[str(name)]))
            elif store.contains_named_graph(graph):
                store.remove_graph(graph)  # replaced by nothing: the graph goes
        if stamps:
            self._store._update(" ;\n".join(stamps), flush=False)

    def _back_up(self, name: URIRef) -> None:
        """Save the graph's content and journal it, once per block, before it is touched."""
        store, graph = self._store.oxigraph, ox.NamedNode(str(name))
        if any(str(done) == str(name) for done, _ in self._backups):
            return  # replaced before in this block: its first backup holds the state to go back to
        backup: Path | None = None
        if store.contains_named_graph(graph):
            backup = Path(self._folder) / f"{len(self._backups)}.nt"
            store.dump(output=str(backup), format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
            _sync(backup)
        self._backups.append((name, backup))
        self._write_journal()

    def _write_journal(self) -> None:
        partial = self._journal.with_suffix(".partial")
        partial.write_text("".join(f"{name}\t{backup.name if backup else '-'}\n" for name, backup in self._backups), encoding="utf-8")
        _sync(partial)
        os.replace(partial, self._journal)
        _sync(Path(self._folder))

    def undo(self) -> None:
        _put_back(self._store.oxigraph, self._backups)
        self._store._store.flush() if self._store.path is not None else None
        if self._backups:
            log.warning("bulk write undone: %d graph(s) put back as they were", len(self._backups))
        self._backups.clear()

    def discard_backups(self) -> None:
        """The block is over (done or undone): the journal goes first, then the backups."""
        if self._store.path is not None:
            self._store._store.flush()
        self._journal.unlink(missing_ok=True)
        shutil.rmtree(self._folder, ignore_errors=True)

    @staticmethod
    def restore_left_backup(store: ox.Store, store_path: Path) -> int:
        """Put back the graphs of a bulk write that a crash cut short (see the class); returns how many."""
        folder = backup_folder(store_path)
        journal = folder / JOURNAL
        entries: list[tuple[URIRef, Path | None]] = []
        if journal.exists():
            for line in journal.read_text(encoding="utf-8").splitlines():
                name, _, backup = line.partition("\t")
                entries.append((URIRef(name), None if backup == "-" else folder / backup))
        _put_back(store, entries)
        store.flush()
        journal.unlink(missing_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
        if entries:
            log.warning("a bulk write was cut short: %d graph(s) put back as they were before it", len(entries))
        return len(entries)


def _put_back(store: ox.Store, backups: list[tuple[URIRef, Path | None]]) -> None:
    for name, backup in reversed(backups):
        graph = ox.NamedNode(str(name))
        store.update(stamp_delete(str(name)))
        _clear_graph(store, graph)
        if store.contains_named_graph(graph):
            store.remove_graph(graph)
        if backup is not None:
            store.bulk_load(path=str(backup), format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
            # the stamp stays off: the next reader hashes the graph afresh


def _clear_graph(store: ox.Store, graph: ox.NamedNode, *, batch: int = 100_000) -> None:
    """Empty a graph quad by quad, a batch at a time.

    ``Store.clear_graph`` deletes a big graph in one transaction that slows as it grows (1.8M quads
    in a 4.8 GB store: about 14 minutes); one small write per quad keeps the cost linear (about
    3x the bulk load of the same quads, see BENCHMARKS.md) and memory bounded. Not atomic: the
    caller's backup journal covers a crash midway.
    """
    while True:
        quads = list(itertools.islice(store.quads_for_pattern(None, None, None, graph), batch))
        if not quads:
            return
        for quad in quads:
            store.remove(quad)


def _sync(path: Path) -> None:
    """Make a file (or a folder's entries) durable before going on."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
