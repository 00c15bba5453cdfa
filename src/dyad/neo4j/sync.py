"""Bring Neo4j to the state of the store: idempotent, incremental, deletions included.

Three parts, one job each: :mod:`~dyad.neo4j.changes` finds which graphs changed since the last
sync (content hashes), :mod:`~dyad.neo4j.ledger` keeps what Neo4j holds per graph (one
``DyadSyncState`` node each, naming the store it came from), and :mod:`~dyad.neo4j.writer` writes
nodes and relationships. :class:`Neo4jSync` cuts the touched graphs' contributions into chunks
and hands them to the writer in order.

A sync writes only the nodes whose subjects appear in graphs added, changed or removed since
the last sync, recomputed from the union of the store's graphs, in transactions of bounded size.
Before any node is written, each touched graph's state records every subject it had or will have;
its hash is written last. So an interrupted sync leaves nothing that the next one does not find and
rewrite, and the next sync converges to the same graph.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from dyad.errors import SyncError
from dyad.neo4j.changes import ChangeSet, detect_changes, graph_contributions, store_graph_hashes
from dyad.neo4j.connection import Database
from dyad.neo4j.ledger import LedgerSnapshot, SyncLedger, store_name
from dyad.neo4j.mapping import Describer, NodeSupport, is_ledger_statement, node_key
from dyad.neo4j.writer import Chunk, GraphWriter, WriteRun
from dyad.store import DyadStore

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 20_000  # statements (triples) per write transaction
ProgressCallback = Callable[[str, int, int], None]  # (stage, done, total)


class OtherStoreError(SyncError):
    """Neo4j holds graphs that another store synced (or that no Dyad sync wrote); a sync would replace them."""


@dataclass
class SyncResult:
    """What a sync did."""

    changed_graphs: list[str] = field(default_factory=list)
    removed_graphs: list[str] = field(default_factory=list)
    unchanged_graphs: int = 0
    statements: int = 0  # statements (triples) read from the changed graphs
    nodes_written: int = 0
    nodes_deleted: int = 0
    relationships_written: int = 0
    transactions: int = 0
    seconds: float = 0.0
    detect_seconds: float = 0.0  # of which: finding what changed
    bulk: bool = False  # written by neo4j-admin import (see dyad.neo4j.bulk)

    @property
    def nothing_to_do(self) -> bool:
        return not self.changed_graphs and not self.removed_graphs

    @classmethod
    def of(cls, changes: ChangeSet) -> SyncResult:
        return cls(changed_graphs=changes.changed, removed_graphs=changes.removed, unchanged_graphs=changes.unchanged)


class Neo4jSync:
    """Synchronise a store into a Neo4j database through the official driver.

    The unit of work is *replace graph G's contribution*: for each subject G has or had, take
    away G's support from the node's statements and relationships, add G's current statements,
    and rewrite the node from what is left. That is idempotent, so a sync interrupted anywhere
    converges when run again, and its cost follows the size of the changed graphs, not the store.
    ``batch_size`` bounds a write transaction to about that many statements (twice that at most:
    a transaction ends between graphs unless one graph alone is larger).
    """

    def __init__(self, driver, *, database: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE) -> None:  # noqa: ANN001
        if batch_size < 1:
            raise SyncError("batch_size must be at least 1")
        self.driver = driver
        self.database = database
        self.batch_size = batch_size
        self._db = Database(driver, database)
        self.ledger = SyncLedger(self._db)
        self.writer = GraphWriter(self._db)
        self._statements_read = 0

    def ensure_schema(self) -> None:
        """The uniqueness constraints on ``uri`` and on the sync state, and the indexes the query library filters on."""
        self.writer.ensure_schema()

    def neo4j_state(self) -> dict[str, str | None]:
        """graph -> hash as last written (None for a graph whose sync began but did not finish)."""
        return self.ledger.hashes()

    @staticmethod
    def store_state(store: DyadStore) -> dict[str, str]:
        """graph -> the hash the sync compares with :meth:`neo4j_state`."""
        return store_graph_hashes(store)[0]

    def plan(self, store: DyadStore) -> SyncResult:
        """What a sync would do now (which graphs are new, changed or removed), without writing."""
        return SyncResult.of(detect_changes(self.store_state(store), self.neo4j_state()))

    def check_owner(self, store: DyadStore, snapshot: LedgerSnapshot | None = None) -> None:
        """Raise :class:`OtherStoreError` when Neo4j holds graphs of another store, or nodes no Dyad sync wrote.

        ``snapshot``: the ledger as :meth:`SyncLedger.snapshot` read it (read here when not given).
        """
        this = store_name(store)
        snapshot = snapshot or self.ledger.snapshot()
        others = [owner for owner in snapshot.owners if owner.store != this]
        if others:
            whose = "; ".join(f"{o.graphs} graph(s) from {o.store}" + (f" (last synced {o.last_synced[:19]})" if o.last_synced else "")
                              for o in others)
            raise OtherStoreError(
                f"Neo4j holds the graphs of another store: {whose}. This store is {this}; a sync would replace "
                "those graphs with its own. Pass --force (force=True) to do so, or sync into another database or server")
        if self.ledger.foreign_nodes(snapshot):
            raise OtherStoreError(
                "Neo4j holds nodes that dyad sync did not write (no sync state): a sync would mix its graph with them. "
                "Empty the database, pass --force (force=True) to sync beside them, or sync into another database or server")

    def warm_up_hub_updates(self, graph: str) -> None:
        """After ``graph`` is synced: run the hub-list statement on its nodes, leaving them as they are (see
        :meth:`GraphWriter.warm_up_hub_updates`; the bulk import's warm-up calls it)."""
        self.writer.warm_up_hub_updates(graph, self.ledger.subjects([graph]).get(graph, []))

    # ------------------------------------------------------------------ sync

    def sync(self, store: DyadStore, *, progress: ProgressCallback | None = None, force: bool = False) -> SyncResult:
        """Bring the database to the state of the store; returns what was written.

        ``progress(stage, done, total)`` is called after each transaction with statements done
        and to do. Raises :class:`OtherStoreError` when Neo4j holds another store's graphs (unless
        ``force``), :class:`SyncError` when Neo4j fails or goes away; the next sync repairs it.
        """
        from neo4j.exceptions import DriverError, Neo4jError

        started = time.perf_counter()
        try:
            snapshot = self.ledger.snapshot()  # read once: the owner check and the change detection both need it
            if not force:
                self.check_owner(store, snapshot)
            read_seconds = time.perf_counter() - started
            result = self._sync(store, progress, snapshot, force=force)
            result.detect_seconds += read_seconds
        except (Neo4jError, DriverError, OSError) as error:
            raise SyncError(f"the sync to Neo4j stopped: {error}. Nothing is lost: run the sync again to finish it") from error
        result.seconds = time.perf_counter() - started
        log.info("sync: %d changed, %d removed graph(s); %d nodes written, %d deleted, %d relationships in %.2f s",
                 len(result.changed_graphs), len(result.removed_graphs), result.nodes_written, result.nodes_deleted,
                 result.relationships_written, result.seconds)
        return result

    def _sync(self, store: DyadStore, progress: ProgressCallback | None, snapshot: LedgerSnapshot, *,
              force: bool = False) -> SyncResult:
        detect_started = time.perf_counter()
        self.writer.ensure_schema()
        wanted, sizes = store_graph_hashes(store)
        changes = detect_changes(wanted, snapshot.hashes)
        result = SyncResult.of(changes)
        result.detect_seconds = time.perf_counter() - detect_started
        name = store_name(store)
        if force:
            self.ledger.adopt(sorted(wanted), name)
        if result.nothing_to_do:
            return result
        old_subjects = self.ledger.subjects(changes.touched)
        total = sum(sizes.get(g, 0) for g in changes.changed) or 1
        labels, has_resources = self.writer.labels_in_use()
        run = WriteRun(Describer(store), labels, known=None if has_resources else set(), store=name)
        self._statements_read = 0
        done_bytes = 0

        def write(chunk: Chunk) -> None:
            present, deleted, relationships = self.writer.write_chunk(chunk, run)
            result.transactions += 1
            result.nodes_written += present
            result.nodes_deleted += deleted
            result.relationships_written += relationships

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="dyad-sync") as writer:
            pending: Future[None] | None = None
            for chunk in self._chunks(store, changes, wanted, sizes, old_subjects):
                if pending is None:
                    chunk.opened = changes.touched
                self._prepare(chunk, run)  # while the previous chunk is being written
                if pending is not None:
                    pending.result()
                pending = writer.submit(write, chunk)
                done_bytes += chunk.read_bytes
                if progress:
                    progress("graphs", min(done_bytes, total), total)
            if pending is not None:
                pending.result()
        result.statements = self._statements_read
        if progress:
            progress("graphs", total, total)
        return result

    def _chunks(self, store: DyadStore, changes: ChangeSet, wanted: dict[str, str], sizes: dict[str, int],
                old_subjects: dict[str, list[str]]) -> Iterator[Chunk]:
        """The touched graphs' contributions, cut into chunks of about ``batch_size`` statements.

        A subject already written by an earlier chunk of this sync (a hub such as a dyad or a
        country, stated by many documents) is not rewritten once per chunk: the contributions
        of later graphs to it wait, and go together in the last chunks. A graph whose
        contribution waits is finished (its hash written) only with them.
        """
        chunk = Chunk()
        written: set[str] = set()  # subjects of the chunks yielded so far
        waiting: dict[str, dict[str, list[tuple[str, object]]]] = defaultdict(dict)  # subject -> graph -> statements
        waiting_new: dict[str, list[str]] = defaultdict(list)
        waiting_finished: list[dict[str, object]] = []
        waiting_removed: list[str] = []

        def add(subject: str, graph: str, statements: list[tuple[str, object]], new: bool) -> bool:
            if subject in written:
                waiting[subject][graph] = statements
                if new:
                    waiting_new[graph].append(subject)
                return True
            chunk.contributions[subject][graph] = statements
            chunk.statements += len(statements) or 1
            if new:
                chunk.new_subjects[graph].append(subject)
            return False

        for graph in changes.touched:
            remaining = set(old_subjects.get(graph, []))
            seen: list[str] = []
            waits = False
            if graph in wanted:
                for subject, statements in graph_contributions(store, graph):
                    self._statements_read += len(statements)
                    seen.append(subject)
                    new = subject not in remaining
                    remaining.discard(subject)
                    waits |= add(subject, graph, statements, new)
                    # Cut between graphs where possible: a graph split across transactions has its
                    # nodes written as bare targets by the first one and rewritten by the next.
                    if chunk.statements >= 2 * self.batch_size:
                        written.update(chunk.contributions)
                        yield chunk
                        chunk = Chunk()
            for subject in sorted(remaining):  # subjects the graph no longer has: its support goes
                waits |= add(subject, graph, [], False)
            chunk.read_bytes += sizes.get(graph, 0)
            if graph in wanted:
                row = {"graph": graph, "hash": wanted[graph], "subjects": sorted(seen)}
                (waiting_finished if waits else chunk.finished).append(row)
            else:
                (waiting_removed if waits else chunk.removed).append(graph)
            if chunk.statements >= self.batch_size:
                written.update(chunk.contributions)
                yield chunk
                chunk = Chunk()
        # The waiting contributions: their graphs' states list the new subjects before any is written.
        for graph, subjects in waiting_new.items():
            chunk.new_subjects[graph].extend(subjects)
        for subject in sorted(waiting):
            for graph, statements in waiting[subject].items():
                chunk.contributions[subject][graph] = statements
                chunk.statements += len(statements) or 1
            if chunk.statements >= self.batch_size:
                yield chunk
                chunk = Chunk()
        chunk.finished.extend(waiting_finished)
        chunk.removed.extend(waiting_removed)
        if chunk.contributions or chunk.finished or chunk.removed or chunk.new_subjects:
            yield chunk

    @staticmethod
    def _prepare(chunk: Chunk, run: WriteRun) -> None:
        """Into a database that had no nodes: describe the chunk's subjects that no earlier chunk wrote.

        Those are absent from Neo4j when the chunk's transaction runs (transactions run in chunk
        order), so they need no read and can be described here, beside the writes of the chunk
        before. ``run.known`` is kept by this thread alone: the URIs earlier chunks write.
        """
        if run.known is None:
            return
        targets: set[str] = set()
        for uri, by_graph in chunk.contributions.items():
            if uri in run.known:  # described in the transaction, from what Neo4j holds
                for statements in by_graph.values():
                    targets.update(key for predicate, obj in statements
                                   if not is_ledger_statement(predicate, obj) and (key := node_key(obj)) is not None)
                continue
            support = NodeSupport(uri)
            for graph, statements in by_graph.items():
                for predicate, obj in statements:
                    support.add(predicate, obj, graph)
            description = chunk.described[uri] = run.describer.describe(support)
            if description is not None:
                targets.update(target for _, target, _, _ in description.relationships)
        targets -= chunk.contributions.keys()
        chunk.absent_targets = targets - run.known
        run.known |= chunk.contributions.keys() | targets

    def counts(self) -> dict[str, int]:
        """Nodes and relationships of the synced graph (sync state excluded)."""
        return self.writer.counts()


def sync_store(store: DyadStore, driver, *, database: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE,  # noqa: ANN001
               progress: ProgressCallback | None = None, force: bool = False) -> SyncResult:
    """Bring the Neo4j database behind ``driver`` to the state of ``store`` (see :class:`Neo4jSync`)."""
    return Neo4jSync(driver, database=database, batch_size=batch_size).sync(store, progress=progress, force=force)
