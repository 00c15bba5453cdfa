"""The sync ledger: what Neo4j holds, graph by graph, and which store it came from.

One ``DyadSyncState`` node per named graph, in Neo4j itself, so that two machines syncing one
store to one server agree on what is there: the graph's content hash (null while its sync is
under way), the subjects it describes, when it was last written and the store it came from.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass

from dyad.neo4j.connection import Database
from dyad.neo4j.mapping import STATE_LABEL

#: How a state written before states named their store is shown.
UNKNOWN_STORE = "a store not named (synced by an older Dyad)"


def store_name(store) -> str:  # noqa: ANN001 - a DyadStore
    """How a store is named in the ledger: the host and the store's absolute path (or ``in-memory`` for one in memory).

    A store is the same store wherever it is opened from on one machine; a copy elsewhere, or a
    store moved to another folder, is another store (``dyad sync --force`` adopts the graphs once).
    ``$DYAD_STORE_NAME`` overrides it, for a store shared by several machines.
    """
    configured = os.environ.get("DYAD_STORE_NAME")
    if configured:
        return configured
    path = getattr(store, "path", None)
    location = str(getattr(store, "location", "") or "")
    if path is None and location.startswith(("http://", "https://")):
        return location  # a SPARQL server's URL (credentials masked) names the store wherever it is synced from
    where = str(path.expanduser().resolve()) if path is not None else "in-memory"
    return f"{socket.gethostname()}:{where}"


@dataclass
class Owner:
    """A store whose graphs Neo4j holds."""

    store: str
    graphs: int
    last_synced: str | None


@dataclass
class LedgerSnapshot:
    """What one read of the ledger gives: every graph's hash, and whose graphs they are."""

    hashes: dict[str, str | None]  # graph -> hash (None: its sync began and did not finish)
    owners: list[Owner]  # the one with most graphs first


class SyncLedger:
    """Reads and writes the ``DyadSyncState`` nodes; the writes that must share the writer's transaction take ``tx``."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def snapshot(self) -> LedgerSnapshot:
        """Every graph's hash and the stores they came from, in one read."""
        # One record per store, its graphs in one list: thousands of records (or of DateTime values) cost
        # the driver more than one list of strings (a 6,430-graph ledger: 40 ms against 160 ms for two reads).
        rows = self.database.read(
            f"MATCH (s:{STATE_LABEL}) WITH s.store AS store, collect([s.graph, s.hash]) AS states, max(s.synced) AS synced "
            "RETURN store, states, toString(synced) AS synced ORDER BY size(states) DESC, store")
        hashes: dict[str, str | None] = {}
        owners = []
        for row in rows:
            states = row["states"]
            hashes.update((str(graph), None if hash_ is None else str(hash_)) for graph, hash_ in states)  # type: ignore[union-attr]
            owners.append(Owner(str(row["store"]) if row["store"] is not None else UNKNOWN_STORE, len(states),  # type: ignore[arg-type]
                                str(row["synced"]) if row["synced"] is not None else None))
        return LedgerSnapshot(hashes, owners)

    def hashes(self) -> dict[str, str | None]:
        """graph -> hash as last written (None for a graph whose sync began but did not finish)."""
        return self.snapshot().hashes

    def foreign_nodes(self, snapshot: LedgerSnapshot) -> bool:
        """True when the database has nodes but no ledger (``snapshot`` is empty): a graph not written by ``dyad sync``."""
        if snapshot.hashes:
            return False
        return bool(self.database.read("MATCH (n) RETURN 1 AS found LIMIT 1"))

    def subjects(self, graphs: list[str]) -> dict[str, list[str]]:
        """graph -> the subjects its last sync wrote (or began to write)."""
        return {
            str(row["graph"]): list(row["subjects"] or [])  # type: ignore[arg-type]
            for row in self.database.read(
                f"UNWIND $graphs AS graph MATCH (s:{STATE_LABEL} {{graph: graph}}) RETURN s.graph AS graph, s.subjects AS subjects",
                graphs=graphs,
            )
        }

    def begin(self, graphs: list[str], store: str) -> None:
        """:meth:`open` the graphs' states in a transaction of their own."""
        self.database.write(lambda tx: self.open(tx, graphs, store))

    @staticmethod
    def open(tx, graphs: list[str], store: str) -> None:  # noqa: ANN001
        """Forget the hash of every graph about to be written: it is "unchanged" again only once all of it is written."""
        if graphs:
            tx.run(f"UNWIND $graphs AS graph MERGE (s:{STATE_LABEL} {{graph: graph}}) "
                   "SET s.hash = null, s.subjects = coalesce(s.subjects, []), s.store = $store",
                   graphs=graphs, store=store).consume()

    def adopt(self, graphs: list[str], store: str) -> None:
        """Name ``store`` as the source of graphs it holds unchanged (after a forced sync from another store)."""
        self.database.write(lambda tx: tx.run(
            f"UNWIND $graphs AS graph MATCH (s:{STATE_LABEL} {{graph: graph}}) "
            "WHERE s.store IS NULL OR s.store <> $store SET s.store = $store",
            graphs=graphs, store=store,
        ).consume())

    @staticmethod
    def grow(tx, rows: list[dict[str, object]]) -> None:  # noqa: ANN001
        """Add subjects to graphs whose writing goes on (``rows``: graph, subjects), before the nodes are written."""
        if rows:
            tx.run(f"UNWIND $rows AS row MATCH (s:{STATE_LABEL} {{graph: row.graph}}) SET s.subjects = s.subjects + row.subjects",
                   rows=rows).consume()

    @staticmethod
    def finish(tx, rows: list[dict[str, object]], store: str) -> None:  # noqa: ANN001
        """Record graphs as written (``rows``: graph, hash, subjects), in the transaction that writes their last nodes."""
        if rows:
            tx.run(f"UNWIND $rows AS row MATCH (s:{STATE_LABEL} {{graph: row.graph}}) "
                   "SET s.hash = row.hash, s.subjects = row.subjects, s.synced = datetime(), s.store = $store",
                   rows=[{k: row[k] for k in ("graph", "hash", "subjects")} for row in rows], store=store).consume()

    @staticmethod
    def remove(tx, graphs: list[str]) -> None:  # noqa: ANN001
        if graphs:
            tx.run(f"UNWIND $graphs AS graph MATCH (s:{STATE_LABEL} {{graph: graph}}) DELETE s", graphs=graphs).consume()

    def is_empty(self) -> bool:
        """True when the database holds no node at all (no synced graph, no ledger, nothing else)."""
        return not self.database.read("MATCH (n) RETURN 1 AS found LIMIT 1")
