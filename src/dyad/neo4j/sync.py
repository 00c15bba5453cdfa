"""Bring Neo4j to the state of the store: idempotent, incremental, deletions included.

Sync state lives in Neo4j itself: one ``DyadSyncState`` node per named graph with its
content hash and the subjects it describes, so two machines syncing to one server agree on
what is there. A sync writes only the nodes whose subjects appear in graphs added, changed or
removed since the last sync, recomputed from the union of the store's graphs, in transactions
of bounded size. Before any node is written, each touched graph's state records every subject
it had or will have; its hash is written last. So an interrupted sync leaves nothing that the
next one does not find and rewrite, and the next sync converges to the same graph.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from dyad.errors import SyncError
from dyad.neo4j.changes import graph_contributions, store_graph_hashes
from dyad.neo4j.mapping import (
    IDENTIFIER,
    RESOURCE,
    STATE_LABEL,
    Describer,
    NodeDescription,
    NodeSupport,
    is_ledger_statement,
    node_key,
    parse_ledger,
    safe_identifier,
)
from dyad.store import DyadStore

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 20_000  # statements (triples) per write transaction
ProgressCallback = Callable[[str, int, int], None]  # (stage, done, total)


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

    @property
    def nothing_to_do(self) -> bool:
        return not self.changed_graphs and not self.removed_graphs


@dataclass
class _Run:
    """What one sync carries from transaction to transaction."""

    describer: Describer
    labels_in_use: set[str]  # labels a rewritten node may carry and must lose first
    known: set[str] | None  # None: the database had nodes; else it had none, and these URIs are what this sync writes


@dataclass
class _Chunk:
    """One write transaction's worth of work: graphs' contributions to some subjects."""

    contributions: dict[str, dict[str, list[tuple[str, object]]]] = field(default_factory=lambda: defaultdict(dict))  # subject -> graph -> statements
    new_subjects: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # graph -> subjects first listed now
    finished: list[dict[str, object]] = field(default_factory=list)  # state rows of graphs completed by this chunk
    removed: list[str] = field(default_factory=list)  # removed graphs completed by this chunk
    statements: int = 0
    read_bytes: int = 0  # size of the graphs whose reading this chunk completes (for progress)
    described: dict[str, NodeDescription | None] = field(default_factory=dict)  # subjects proven absent, described ahead
    absent_targets: set[str] = field(default_factory=set)  # relationship targets proven absent


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

    # ------------------------------------------------------------------ plumbing

    def _session(self):  # noqa: ANN202
        return self.driver.session(database=self.database, notifications_min_severity="OFF")  # the sync's own queries

    def _read(self, cypher: str, **parameters: object) -> list[dict[str, object]]:
        with self._session() as session:
            return session.execute_read(lambda tx: [record.data() for record in tx.run(cypher, parameters)])

    def _write(self, work: Callable[[object], object]) -> object:
        with self._session() as session:
            return session.execute_write(work)

    def ensure_schema(self) -> None:
        """The uniqueness constraints on ``uri`` and on the sync state, and the indexes the query library filters on."""
        statements = [
            f"CREATE CONSTRAINT dyad_resource_uri IF NOT EXISTS FOR (n:{RESOURCE}) REQUIRE n.uri IS UNIQUE",
            f"CREATE CONSTRAINT dyad_sync_state_graph IF NOT EXISTS FOR (s:{STATE_LABEL}) REQUIRE s.graph IS UNIQUE",
            "CREATE INDEX dyad_country_iso3 IF NOT EXISTS FOR (n:Country) ON (n.iso3)",
            "CREATE INDEX dyad_event_date IF NOT EXISTS FOR (n:Event) ON (n.date)",
            "CREATE INDEX dyad_event_type IF NOT EXISTS FOR (n:Event) ON (n.eventType)",
            "CREATE INDEX dyad_claim_certainty IF NOT EXISTS FOR (n:Claim) ON (n.certainty)",
            "CREATE INDEX dyad_document_url IF NOT EXISTS FOR (n:Document) ON (n.url)",
            "CREATE INDEX dyad_document_kind IF NOT EXISTS FOR (n:Document) ON (n.documentKind)",
        ]
        existing = {str(row["name"]) for row in self._read("SHOW INDEXES YIELD name RETURN name")}
        for statement in statements:
            if statement.split()[2] not in existing:
                with self._session() as session:
                    session.run(statement).consume()

    def neo4j_state(self) -> dict[str, str | None]:
        """graph -> hash as last written (None for a graph whose sync began but did not finish)."""
        rows = self._read(f"MATCH (s:{STATE_LABEL}) RETURN s.graph AS graph, s.hash AS hash")
        return {str(row["graph"]): (str(row["hash"]) if row["hash"] is not None else None) for row in rows}

    @staticmethod
    def store_state(store: DyadStore) -> dict[str, str]:
        """graph -> the hash the sync compares with :meth:`neo4j_state`."""
        return store_graph_hashes(store)[0]

    # ------------------------------------------------------------------ sync

    def plan(self, store: DyadStore) -> SyncResult:
        """What a sync would do now (which graphs are new, changed or removed), without writing."""
        wanted = self.store_state(store)
        current = self.neo4j_state()
        return SyncResult(
            changed_graphs=sorted(g for g, h in wanted.items() if current.get(g) != h),
            removed_graphs=sorted(g for g in current if g not in wanted),
            unchanged_graphs=sum(1 for g, h in wanted.items() if current.get(g) == h),
        )

    def sync(self, store: DyadStore, *, progress: ProgressCallback | None = None) -> SyncResult:
        """Bring the database to the state of the store; returns what was written.

        ``progress(stage, done, total)`` is called after each transaction with statements done
        and to do. Raises :class:`SyncError` when Neo4j fails or goes away; the next sync repairs it.
        """
        from neo4j.exceptions import DriverError, Neo4jError

        started = time.perf_counter()
        try:
            result = self._sync(store, progress)
        except (Neo4jError, DriverError, OSError) as error:
            raise SyncError(f"the sync to Neo4j stopped: {error}. Nothing is lost: run the sync again to finish it") from error
        result.seconds = time.perf_counter() - started
        log.info("sync: %d changed, %d removed graph(s); %d nodes written, %d deleted, %d relationships in %.2f s",
                 len(result.changed_graphs), len(result.removed_graphs), result.nodes_written, result.nodes_deleted,
                 result.relationships_written, result.seconds)
        return result

    def _sync(self, store: DyadStore, progress: ProgressCallback | None) -> SyncResult:
        detect_started = time.perf_counter()
        self.ensure_schema()
        wanted, sizes = store_graph_hashes(store)
        current = self.neo4j_state()
        result = SyncResult(
            changed_graphs=sorted(g for g, h in wanted.items() if current.get(g) != h),
            removed_graphs=sorted(g for g in current if g not in wanted),
            unchanged_graphs=sum(1 for g, h in wanted.items() if current.get(g) == h),
        )
        result.detect_seconds = time.perf_counter() - detect_started
        if result.nothing_to_do:
            return result
        touched = result.changed_graphs + result.removed_graphs
        old_subjects = {
            str(row["graph"]): list(row["subjects"] or [])  # type: ignore[arg-type]
            for row in self._read(
                f"UNWIND $graphs AS graph MATCH (s:{STATE_LABEL} {{graph: graph}}) RETURN s.graph AS graph, s.subjects AS subjects",
                graphs=touched,
            )
        }
        # Forget the hash of every touched graph before writing a node: a graph is "unchanged"
        # again only once all of its contribution is written (its hash goes in that transaction).
        self._write(lambda tx: tx.run(
            f"UNWIND $graphs AS graph MERGE (s:{STATE_LABEL} {{graph: graph}}) "
            "SET s.hash = null, s.subjects = coalesce(s.subjects, [])",
            graphs=touched,
        ).consume())
        total = sum(sizes.get(g, 0) for g in result.changed_graphs) or 1
        run = _Run(Describer(store), self._labels_in_use(), known=None if self._has_resources() else set())
        done_bytes = 0
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="dyad-sync") as writer:
            pending: Future[None] | None = None
            for chunk in self._chunks(store, result, wanted, sizes, old_subjects):
                self._prepare(chunk, run)  # while the previous chunk is being written
                if pending is not None:
                    pending.result()
                pending = writer.submit(self._write_chunk, chunk, run, result)
                done_bytes += chunk.read_bytes
                if progress:
                    progress("graphs", min(done_bytes, total), total)
            if pending is not None:
                pending.result()
        if progress:
            progress("graphs", total, total)
        return result

    def _chunks(self, store: DyadStore, result: SyncResult, wanted: dict[str, str], sizes: dict[str, int],
                old_subjects: dict[str, list[str]]) -> Iterator[_Chunk]:
        """The touched graphs' contributions, cut into chunks of about ``batch_size`` statements.

        A subject already written by an earlier chunk of this sync (a hub such as a dyad or a
        country, stated by many documents) is not rewritten once per chunk: the contributions
        of later graphs to it wait, and go together in the last chunks. A graph whose
        contribution waits is finished (its hash written) only with them.
        """
        chunk = _Chunk()
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

        for graph in result.changed_graphs + result.removed_graphs:
            remaining = set(old_subjects.get(graph, []))
            seen: list[str] = []
            waits = False
            if graph in wanted:
                for subject, statements in graph_contributions(store, graph):
                    result.statements += len(statements)
                    seen.append(subject)
                    new = subject not in remaining
                    remaining.discard(subject)
                    waits |= add(subject, graph, statements, new)
                    # Cut between graphs where possible: a graph split across transactions has its
                    # nodes written as bare targets by the first one and rewritten by the next.
                    if chunk.statements >= 2 * self.batch_size:
                        written.update(chunk.contributions)
                        yield chunk
                        chunk = _Chunk()
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
                chunk = _Chunk()
        # The waiting contributions: their graphs' states list the new subjects before any is written.
        for graph, subjects in waiting_new.items():
            chunk.new_subjects[graph].extend(subjects)
        for subject in sorted(waiting):
            for graph, statements in waiting[subject].items():
                chunk.contributions[subject][graph] = statements
                chunk.statements += len(statements) or 1
            if chunk.statements >= self.batch_size:
                yield chunk
                chunk = _Chunk()
        chunk.finished.extend(waiting_finished)
        chunk.removed.extend(waiting_removed)
        if chunk.contributions or chunk.finished or chunk.removed or chunk.new_subjects:
            yield chunk

    def _labels_in_use(self) -> set[str]:
        rows = self._read("CALL db.labels() YIELD label RETURN label")
        return {str(row["label"]) for row in rows if IDENTIFIER.match(str(row["label"]))} - {RESOURCE, STATE_LABEL}

    def _has_resources(self) -> bool:
        return bool(self._read(f"MATCH (n:{RESOURCE}) RETURN 1 AS found LIMIT 1"))

    @staticmethod
    def _prepare(chunk: _Chunk, run: _Run) -> None:
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

    def _write_chunk(self, chunk: _Chunk, run: _Run, result: SyncResult) -> None:
        uris = sorted(chunk.contributions)
        to_read = [uri for uri in uris if uri not in chunk.described]
        finished = {str(row["graph"]) for row in chunk.finished}

        def work(tx) -> tuple[int, int, int]:  # noqa: ANN001
            olds = {
                str(record["uri"]): (record["rdf"] or [], record["rels"], record["graphs"] or [])
                for record in tx.run(
                    f"UNWIND $uris AS uri MATCH (n:{RESOURCE} {{uri: uri}}) "
                    "RETURN n.uri AS uri, n.rdf AS rdf, n.graphs AS graphs, "
                    "[(n)-[r]->(t) WHERE r.predicate IS NOT NULL | [r.predicate, t.uri, r.graphs]] AS rels",
                    uris=to_read,
                )
            } if to_read else {}
            descriptions: dict[str, NodeDescription | None] = dict(chunk.described)
            for uri in to_read:
                by_graph = chunk.contributions[uri]
                old = olds.get(uri)
                if old is None:
                    support = NodeSupport(uri)
                else:
                    support = parse_ledger(uri, old[0], old[2])
                    for predicate, target, graphs in old[1]:
                        support.relationships[(str(predicate), str(target))] = set(graphs or [])
                    support.withdraw(set(by_graph))
                for graph, statements in by_graph.items():
                    for predicate, obj in statements:
                        support.add(predicate, obj, graph)
                descriptions[uri] = run.describer.describe(support)
            written = self._write_descriptions(tx, descriptions, run, existing=set(olds), absent_targets=chunk.absent_targets)
            # A graph finished here gets its whole subject list below; others grow by what this chunk adds.
            grown = [{"graph": g, "subjects": subjects} for g, subjects in chunk.new_subjects.items() if g not in finished]
            if grown:
                tx.run(f"UNWIND $rows AS row MATCH (s:{STATE_LABEL} {{graph: row.graph}}) SET s.subjects = s.subjects + row.subjects",
                       rows=grown).consume()
            if chunk.finished:
                tx.run(f"UNWIND $rows AS row MATCH (s:{STATE_LABEL} {{graph: row.graph}}) "
                       "SET s.hash = row.hash, s.subjects = row.subjects, s.synced = datetime()",
                       rows=[{k: row[k] for k in ("graph", "hash", "subjects")} for row in chunk.finished]).consume()
            if chunk.removed:
                tx.run(f"UNWIND $graphs AS graph MATCH (s:{STATE_LABEL} {{graph: graph}}) DELETE s",
                       graphs=chunk.removed).consume()
            return written

        present, deleted, relationships = self._write(work)  # type: ignore[misc]
        result.transactions += 1
        result.nodes_written += present
        result.nodes_deleted += deleted
        result.relationships_written += relationships

    def _write_descriptions(self, tx, descriptions: dict[str, NodeDescription | None], run: _Run,  # noqa: ANN001
                            *, existing: set[str], absent_targets: set[str]) -> tuple[int, int, int]:
        """Write a chunk's nodes and their outgoing relationships; returns what was written and deleted."""
        deleted = [uri for uri, d in descriptions.items() if d is None and uri in existing]
        present = [d for d in descriptions.values() if d is not None]
        new_by_labels: dict[tuple[str, ...], list[dict[str, object]]] = defaultdict(list)
        old_by_labels: dict[tuple[str, ...], list[dict[str, object]]] = defaultdict(list)
        by_type: dict[str, list[dict[str, object]]] = defaultdict(list)
        targets: set[str] = set()
        for description in present:
            properties = {**description.properties, "uri": description.uri, "graphs": sorted(description.graphs)}
            (old_by_labels if description.uri in existing else new_by_labels)[tuple(sorted(description.labels))].append(properties)
            for rel_type, target, predicate, graphs in description.relationships:
                by_type[rel_type].append({"from": description.uri, "to": target, "predicate": predicate, "graphs": graphs})
                targets.add(target)
        old_labels = sorted(run.labels_in_use)
        for labels in (*new_by_labels, *old_by_labels):
            run.labels_in_use.update(labels)
        rewritten = [d.uri for d in present if d.uri in existing] + deleted
        # Targets of the relationships taken away below that no graph describes: deleted at the
        # end unless something still points at them.
        orphans: set[str] = set(deleted)
        if rewritten:
            for record in tx.run(
                f"UNWIND $uris AS uri MATCH (n:{RESOURCE} {{uri: uri}})-[r]->(t) WHERE r.predicate IS NOT NULL "
                "DELETE r RETURN collect(DISTINCT t.uri) AS targets",
                uris=rewritten,
            ):
                orphans.update(record["targets"])
            removable = "".join(f":{safe_identifier(label)}" for label in old_labels)
            if removable:
                tx.run(f"UNWIND $uris AS uri MATCH (n:{RESOURCE} {{uri: uri}}) REMOVE n{removable}", uris=rewritten).consume()
        if deleted:
            tx.run(f"UNWIND $uris AS uri MATCH (n:{RESOURCE} {{uri: uri}}) SET n = {{uri: n.uri}}", uris=deleted).consume()
        for labels, rows in old_by_labels.items():
            set_labels = "".join(f":{safe_identifier(label)}" for label in labels)
            tx.run(f"UNWIND $rows AS props MATCH (n:{RESOURCE} {{uri: props.uri}}) SET n = props"
                   + (f" SET n{set_labels}" if set_labels else ""), rows=rows).consume()
        for labels, rows in new_by_labels.items():
            # Not found above, or proven absent by _prepare: CREATE is exact.
            all_labels = "".join(f":{safe_identifier(label)}" for label in (RESOURCE, *labels))
            tx.run(f"UNWIND $rows AS props CREATE (n{all_labels}) SET n = props", rows=rows).consume()
        # Targets that are not nodes of this chunk: bare nodes unless something else describes them.
        outside = targets - {d.uri for d in present} - set(deleted)
        absent = outside & absent_targets
        if absent:
            tx.run(f"UNWIND $uris AS uri CREATE (:{RESOURCE} {{uri: uri}})", uris=sorted(absent)).consume()
        if outside - absent:
            tx.run(f"UNWIND $uris AS uri MERGE (:{RESOURCE} {{uri: uri}})", uris=sorted(outside - absent)).consume()
        for rel_type, rows in by_type.items():
            # Every outgoing relationship of these nodes was deleted above, in this transaction: CREATE is exact.
            tx.run(
                f"UNWIND $rows AS row MATCH (a:{RESOURCE} {{uri: row.from}}) MATCH (b:{RESOURCE} {{uri: row.to}}) "
                f"CREATE (a)-[:{safe_identifier(rel_type)} {{predicate: row.predicate, graphs: row.graphs}}]->(b)",
                rows=rows,
            ).consume()
        if orphans:
            tx.run(
                f"UNWIND $uris AS uri MATCH (n:{RESOURCE} {{uri: uri}}) WHERE n.graphs IS NULL AND NOT (n)--() DELETE n",
                uris=sorted(orphans),
            ).consume()
        return len(present), len(deleted), sum(len(rows) for rows in by_type.values())

    def counts(self) -> dict[str, int]:
        """Nodes and relationships of the synced graph (sync state excluded)."""
        nodes = self._read(f"MATCH (n:{RESOURCE}) RETURN count(n) AS c")[0]["c"]
        relationships = self._read(f"MATCH (:{RESOURCE})-[r]->(:{RESOURCE}) RETURN count(r) AS c")[0]["c"]
        return {"nodes": int(nodes), "relationships": int(relationships)}  # type: ignore[arg-type]


def sync_store(store: DyadStore, driver, *, database: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE,  # noqa: ANN001
               progress: ProgressCallback | None = None) -> SyncResult:
    """Bring the Neo4j database behind ``driver`` to the state of ``store`` (see :class:`Neo4jSync`)."""
    return Neo4jSync(driver, database=database, batch_size=batch_size).sync(store, progress=progress)


def chunks(items: list[str], size: int) -> Iterator[list[str]]:
    """``items`` in lists of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
