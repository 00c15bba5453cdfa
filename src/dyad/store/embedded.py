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
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from dyad.errors import QueryError, StoreError
from dyad.store.base import Store
from dyad.store.graphs import COUNTRIES_GRAPH
from dyad.store.stamps import read_stamp, stamp_delete, stamp_insert
from dyad.store.terms import declares_dataset, to_ox

log = logging.getLogger(__name__)


class DyadStore(Store):
    """An embedded, on-disk RDF dataset with one named graph per source document.

    ``DyadStore(None)`` is an in-memory store (tests, ``dyad extract``).
    """

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.location = str(self.path) if self.path is not None else "(in memory)"
        self.read_only = read_only
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
    @classmethod
    def scratch(cls) -> DyadStore:
        """An empty in-memory store without the reference graphs (for comparisons)."""
        scratch = cls.__new__(cls)
        scratch.path, scratch.location, scratch.read_only, scratch._store = None, "(scratch)", False, ox.Store()
        return scratch

    # ------------------------------------------------------------------ the primitives

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for callers that need its full API (embedded only)."""
        return self._store

    def quad_count(self) -> int:
        return len(self._store)

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        return (g for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def has_graph(self, name: URIRef | str) -> bool:
        try:
            return self._store.contains_named_graph(ox.NamedNode(str(name)))
        except ValueError:  # not an IRI, so not a graph name
            return False

    def quads_for_pattern(self, subject=None, predicate=None, object=None, graph_name=None) -> Iterator[ox.Quad]:  # noqa: A002, ANN001
        return self._store.quads_for_pattern(subject, predicate, object, graph_name)

    def run_query(
        self,
        sparql: str,
        *,
        union_default_graph: bool = True,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base_iri: str | None = None,
    ):  # noqa: ANN201
        options: dict[str, object] = {}
        if default_graphs is not None:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        elif union_default_graph and not declares_dataset(sparql):
            options["use_default_graph_as_union"] = True
        if named_graphs is not None:
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        if base_iri:
            options["base_iri"] = base_iri
        try:
            return self._store.query(sparql, **options)  # type: ignore[arg-type]
        except SyntaxError as error:
            raise QueryError(f"SPARQL syntax error: {error}") from error
        except (OSError, RuntimeError, ValueError) as error:
            raise QueryError(f"the SPARQL query failed: {error}") from error

    def dump_digest(self, name: URIRef | str) -> tuple[str, int]:
        """Hash and size of a graph's N-Triples as the store dumps them (index order: it depends only on the content)."""
        content = self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(name)))
        return hashlib.sha256(content).hexdigest(), len(content)

    def stage_graph(self, name: str, graph: Graph) -> None:
        # Written straight to the store without a flush: staging lives in the write-ahead log
        # and memory only, and leaves no files behind once it is dropped.
        graph_name = ox.NamedNode(name)
        self._store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph_name) for s, p, o in graph)

    def unstage_graph(self, name: str) -> None:
        self._store.remove_graph(ox.NamedNode(name))

    @contextmanager
    def bulk_replace(self, *, compact: bool = True) -> Iterator[BulkReplace]:
        """Replace big named graphs from streamed RDF text, undone as a whole if anything fails.

        For machine-generated sources too big for one transaction (a GDELT export of a million
        records): each ``replace(name, chunks)`` saves the graph's current content to a
        temporary N-Triples file, clears it and streams the new content in with oxigraph's bulk
        loader (memory stays flat). Content under :data:`SMALL_GRAPH_BYTES` (64 KiB) of text is written
        in one ordinary transaction instead (drop, insert and stamp together), which costs less
        than a bulk ingestion at that size. If the ``with`` block raises, every graph it replaced is
        cleared and its saved content loaded back, so the store is as it was. Unlike
        :meth:`replace_graphs`, readers may see a big graph while it is being written. ``compact=False``
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

    def _update(self, sparql_update: str, *, flush: bool = True) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.location} is open read-only")
        try:
            self._store.update(sparql_update)
        except (OSError, SyntaxError, ValueError) as error:
            raise StoreError(f"the store refused the update, nothing was written: {error}") from error
        if flush and self.path is not None:
            self._store.flush()

    def compact(self) -> None:
        """Compact the on-disk store after a big bulk write, so that reads seek through fewer RocksDB files.

        A dyad's GDELT trajectory over 10 years on 1M records: 35 ms right after the load, 15 ms compacted.
        """
        if self.path is not None and not self.read_only:
            self._store.optimize()

    def close(self) -> None:
        """Release the on-disk store (RocksDB lock)."""
        if self.path is not None:
            try:
                self._store.flush()
            except (OSError, RuntimeError):  # a read-only store has nothing to flush
                pass
        del self._store


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

#: Below this much text a replaced graph is written in one ordinary transaction rather than by the
#: bulk loader, whose fixed cost (an ingestion of sorted files into every index) dominates small
#: graphs and grows with the number of files ingested (556 graphs of 13-41 KB: 40 s by bulk load,
#: 3.4 s this way). A transaction costs more per byte, and more than linearly: measured one graph
#: at a time, 64 KB 0.07 s against 0.05 s by bulk load, 256 KB 0.24 against 0.1, 1 MB 1.1-1.5
#: against 0.2-0.4, 3 MB ~5 against 0.65. So only graphs about as small as the crossover go this way
#: (a year of aggregates of a 200k-row load, 4 MB, took 5 s by transaction). BENCHMARKS.md, "GDELT at scale".
SMALL_GRAPH_BYTES = 64 * 1024


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
        self._backed_up: set[str] = set()
        self._stamps: dict[str, tuple[str, int]] = {}  # the stamps of the graphs backed up, put back by undo()
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
        Graphs whose text adds up to less than :data:`SMALL_GRAPH_BYTES` are written in one
        transaction instead (see :meth:`_write_small`).
        """
        graphs, small = _read_ahead(graphs, SMALL_GRAPH_BYTES)
        for name, _ in graphs:
            self._back_up(name)
        if small:
            self._write_small(graphs, rdf_format=rdf_format, prefixes=prefixes)
        else:
            self._write_bulk(graphs, rdf_format=rdf_format, prefixes=prefixes)

    def _write_small(self, graphs: list[tuple[URIRef, list[str]]], *, rdf_format: ox.RdfFormat, prefixes: str) -> None:
        """One SPARQL update drops the graphs, inserts their triples and stamps them: readers see before or after."""
        parts: list[str] = []
        for name, chunks in graphs:
            graph = f"<{name}>"
            parts += [f"DROP SILENT GRAPH {graph}", stamp_delete(str(name))]
            text = "".join(chunks)
            try:
                # lenient: skip IRI re-validation; callers stream RDF they generated from checked values.
                triples = [f"{t.subject} {t.predicate} {t.object} ." for t in ox.parse(prefixes + text, format=rdf_format, lenient=True)]
            except SyntaxError as error:
                raise StoreError(f"the generated RDF for {name} does not parse ({error}); nothing was written") from error
            if triples:
                parts.append(f"INSERT DATA {{ GRAPH {graph} {{\n" + "\n".join(triples) + "\n} }")
                encoded = text.encode("utf-8")  # the stamp hashes the text as the bulk path does: one stamp per content
                parts.append(stamp_insert(str(name), hashlib.sha256(encoded).hexdigest(), len(encoded)))
        self._store._update(" ;\n".join(parts), flush=False)

    def _write_bulk(self, graphs: list[tuple[URIRef, Iterable[str]]], *, rdf_format: ox.RdfFormat, prefixes: str) -> None:
        store = self._store.oxigraph
        for name, _ in graphs:
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
        if str(name) in self._backed_up:
            return  # replaced before in this block: its first backup holds the state to go back to
        self._backed_up.add(str(name))
        backup: Path | None = None
        if store.contains_named_graph(graph):
            backup = Path(self._folder) / f"{len(self._backups)}.nt"
            store.dump(output=str(backup), format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
            _sync(backup)
            stamp = read_stamp(store, str(name))
            if stamp is not None:
                self._stamps[str(name)] = stamp
        self._backups.append((name, backup))
        self._journal_entry(name, backup)

    def _journal_entry(self, name: URIRef, backup: Path | None) -> None:
        """Append one line and sync it: a line cut short by a crash has no newline and is not read (its graph was not touched)."""
        new = not self._journal.exists()
        with self._journal.open("a", encoding="utf-8") as journal:
            journal.write(f"{name}\t{backup.name if backup else '-'}\n")
            journal.flush()
            os.fsync(journal.fileno())
        if new:
            _sync(Path(self._folder))

    def undo(self) -> None:
        _put_back(self._store.oxigraph, self._backups)
        # The graphs are as they were: so are their stamps (a crash restore leaves them off, to be hashed afresh).
        for name, backup in self._backups:
            if backup is not None and str(name) in self._stamps:
                self._store.oxigraph.update(stamp_insert(str(name), *self._stamps[str(name)]))
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
            for line in journal.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True):
                if not line.endswith("\n"):
                    break  # cut short while being written: its graph was not touched yet
                name, _, backup = line.rstrip("\n").partition("\t")
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
        # The stamp stays off: the next reader hashes the graph afresh.
        if backup is not None and backup.stat().st_size < SMALL_GRAPH_BYTES:
            store.load(path=str(backup), format=ox.RdfFormat.N_TRIPLES, to_graph=graph)  # one transaction: cheaper than a bulk load
        elif backup is not None:
            store.bulk_load(path=str(backup), format=ox.RdfFormat.N_TRIPLES, to_graph=graph)


def _read_ahead(graphs: list[tuple[URIRef, Iterable[str]]], limit: int) -> tuple[list[tuple[URIRef, Iterable[str]]], bool]:
    """The graphs with their chunks read until ``limit`` bytes of text in all: whole lists if under it (True), else still streamed."""
    read: list[tuple[URIRef, list[str]]] = []
    total = 0
    for index, (name, chunks) in enumerate(graphs):
        pieces: list[str] = []
        iterator = iter(chunks)
        for piece in iterator:
            pieces.append(piece)
            total += len(piece)
            if total >= limit:
                rest = [(name, itertools.chain(pieces, iterator))] + list(graphs[index + 1:])
                return [*read, *rest], False
        read.append((name, pieces))
    return list(read), True


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
