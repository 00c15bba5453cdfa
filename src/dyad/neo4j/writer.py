"""The writer: nodes and relationships into Neo4j, one bounded transaction per chunk of the store's graphs.

It rewrites each node of a chunk from the support Neo4j records for it (the ledger of its
statements in ``rdf``, the ``graphs`` of its relationships) with the chunk's graphs withdrawn and
their new contributions added. Which graphs changed is :mod:`~dyad.neo4j.changes`' job, what
Neo4j holds per graph :mod:`~dyad.neo4j.ledger`'s.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from dyad.neo4j.connection import Database
from dyad.neo4j.ledger import SyncLedger
from dyad.neo4j.mapping import (
    IDENTIFIER,
    RESOURCE,
    STATE_LABEL,
    Describer,
    NodeDescription,
    NodeSupport,
    parse_ledger,
    safe_identifier,
)


@dataclass
class WriteRun:
    """What one sync carries from transaction to transaction."""

    describer: Describer
    labels_in_use: set[str]  # labels a rewritten node may carry and must lose first
    known: set[str] | None  # None: the database had nodes; else it had none, and these URIs are what this sync writes
    store: str = ""  # the store's name, recorded with each graph it finishes


@dataclass
class Chunk:
    """One write transaction's worth of work: graphs' contributions to some subjects."""

    contributions: dict[str, dict[str, list[tuple[str, object]]]] = field(default_factory=lambda: defaultdict(dict))  # subject -> graph -> statements
    new_subjects: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # graph -> subjects first listed now
    finished: list[dict[str, object]] = field(default_factory=list)  # state rows of graphs completed by this chunk
    removed: list[str] = field(default_factory=list)  # removed graphs completed by this chunk
    statements: int = 0
    read_bytes: int = 0  # size of the graphs whose reading this chunk completes (for progress)
    described: dict[str, NodeDescription | None] = field(default_factory=dict)  # subjects proven absent, described ahead
    absent_targets: set[str] = field(default_factory=set)  # relationship targets proven absent
    opened: list[str] = field(default_factory=list)  # graphs whose states this chunk opens (the first chunk: every touched one)


# The nodes a chunk rewrites, as Neo4j holds them. A node whose every statement is stated by all of its graphs
# (every `rdf` entry without a graph list, every relationship without graphs of its own: a dyad, a country)
# is *uniform*: its list of graphs (thousands long for a hub) is not sent, only its length and which of the
# chunk's graphs it names; that is enough to rewrite it or to change only its list (see _Stored.regraphing).
_READ_NODES = (
    f"UNWIND $rows AS row MATCH (n:{RESOURCE} {{uri: row.uri}}) "
    # A relationship without graphs of its own has its node's (filled in by Python, not sent once per relationship).
    "WITH n, row, [(n)-[r]->(t) WHERE r.predicate IS NOT NULL | [r.predicate, t.uri, r.graphs, type(r)]] AS rels "
    "WITH n, row, rels, all(entry IN coalesce(n.rdf, []) WHERE NOT entry CONTAINS '\\t') "
    "AND all(rel IN rels WHERE rel[2] IS NULL) AS uniform "
    "RETURN n.uri AS uri, n {.*, graphs: null} AS props, labels(n) AS labels, rels, "
    "CASE WHEN uniform THEN null ELSE n.graphs END AS graphs, coalesce(size(n.graphs), 0) AS graph_count, "
    "[g IN row.graphs WHERE g IN n.graphs] AS held"
)
_READ_GRAPHS = f"UNWIND $uris AS uri MATCH (n:{RESOURCE} {{uri: uri}}) RETURN n.uri AS uri, n.graphs AS graphs"
# A hub's list of graphs changed on the server: filtering keeps its order, and a graph added goes where it sorts
# (Cypher compares strings as Python does: by code point), one at a time for a few, else the list is sorted again.
_REGRAPH = (
    f"UNWIND $rows AS row MATCH (n:{RESOURCE} {{uri: row.uri}}) "
    "WITH n, row, [g IN n.graphs WHERE NOT g IN row.removed] AS kept "
    "SET n.graphs = CASE WHEN size(row.added) <= $inserted_one_by_one "
    "THEN reduce(graphs = kept, added IN row.added | [g IN graphs WHERE g < added] + [added] + [g IN graphs WHERE g > added]) "
    "ELSE COLLECT { UNWIND kept + row.added AS g WITH DISTINCT g RETURN g ORDER BY g } END"
)
_INSERTED_ONE_BY_ONE = 4  # beyond that many graphs added to one list, sorting it once is cheaper than inserting each


@dataclass
class _Stored:
    """A node as Neo4j holds it: its properties, labels and outgoing relationships (predicate, target, own graphs, type).

    ``graphs`` is None for a uniform node whose list was not read: ``graph_count`` graphs, of which
    ``held`` are the chunk's.
    """

    properties: dict[str, object]  # without graphs
    labels: list[str]
    relationships: list[list[object]]
    graphs: list[str] | None
    graph_count: int
    held: set[str]

    def holds(self, description: NodeDescription) -> bool:
        """True when writing ``description`` would leave this node, its labels and its relationships as they are."""
        return self.graphs == description.graph_list() and self.holds_but_graphs(description)

    def holds_but_graphs(self, description: NodeDescription) -> bool:
        """True when ``description`` differs from this node at most in the node's ``graphs``.

        The ``rdf`` entries and relationships without graphs of their own stand for "every graph
        of the node", so they need no rewrite when only that list changes.
        """
        node_graphs = description.graph_list()
        if set(self.labels) != {RESOURCE, *description.labels}:
            return False
        if self.properties != {**description.properties, "uri": description.uri}:
            return False
        held = sorted(((str(kind), str(predicate), str(target), None if graphs is None else list(graphs))  # type: ignore[call-overload]
                       for predicate, target, graphs, kind in self.relationships), key=lambda row: row[:3])
        wanted = sorted(((kind, predicate, target, None if graphs == node_graphs else graphs)
                         for kind, target, predicate, graphs in description.relationships), key=lambda row: row[:3])
        return held == wanted

    def regraphing(self, by_graph: dict[str, list[tuple[str, object]]]) -> tuple[list[str], list[str]] | None:
        """For a uniform node that keeps graphs outside the chunk: the chunk's graphs it gains and loses.

        None unless each of the chunk's graphs that still describes the node states exactly what the node
        says, and the node keeps two graphs or more. Then every statement is still stated by every graph
        of the node: its labels, properties, ``rdf`` and relationships stay, and only its list changes.
        """
        says = {*map(str, self.properties.get("rdf") or []), *((str(p), str(t)) for p, t, _, _ in self.relationships)}  # type: ignore[union-attr]
        stating = set()
        for graph, statements in by_graph.items():
            if not statements:
                continue  # the graph no longer describes the node
            support = NodeSupport("")
            for predicate, obj in statements:
                support.add(predicate, obj, graph)
            if {*support.ledger, *support.relationships} != says:
                return None
            stating.add(graph)
        added, removed = sorted(stating - self.held), sorted(self.held - stating)
        if self.graph_count - len(removed) + len(added) < 2:
            return None  # a node of one graph is rewritten (the bulk import's warm-up relies on it to plan the writes)
        return added, removed


class GraphWriter:
    """Writes chunks of nodes and relationships, and the schema they need."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def ensure_schema(self) -> None:
        """The uniqueness constraints on ``uri`` and on the sync state, and the indexes the query library filters on."""
        # The indexes first: each is filled in the background, while a constraint's statement waits
        # for its own index (after a bulk import the indexes are filled side by side).
        statements = [
            "CREATE INDEX dyad_country_iso3 IF NOT EXISTS FOR (n:Country) ON (n.iso3)",
            "CREATE INDEX dyad_event_date IF NOT EXISTS FOR (n:Event) ON (n.date)",
            "CREATE INDEX dyad_event_type IF NOT EXISTS FOR (n:Event) ON (n.eventType)",
            "CREATE INDEX dyad_claim_certainty IF NOT EXISTS FOR (n:Claim) ON (n.certainty)",
            "CREATE INDEX dyad_document_url IF NOT EXISTS FOR (n:Document) ON (n.url)",
            "CREATE INDEX dyad_document_kind IF NOT EXISTS FOR (n:Document) ON (n.documentKind)",
            f"CREATE CONSTRAINT dyad_resource_uri IF NOT EXISTS FOR (n:{RESOURCE}) REQUIRE n.uri IS UNIQUE",
            f"CREATE CONSTRAINT dyad_sync_state_graph IF NOT EXISTS FOR (s:{STATE_LABEL}) REQUIRE s.graph IS UNIQUE",
        ]
        existing = {str(row["name"]) for row in self.database.read("SHOW INDEXES YIELD name RETURN name")}
        for statement in statements:
            if statement.split()[2] not in existing:
                self.database.run(statement)

    def labels_in_use(self) -> tuple[set[str], bool]:
        """The labels a rewritten node may carry (and must lose first), and whether any synced node exists, in one read."""
        (row,) = self.database.read(f"CALL db.labels() YIELD label WITH collect(label) AS labels "
                                    f"RETURN labels, EXISTS {{ MATCH (:{RESOURCE}) }} AS has_resources")
        labels = {str(label) for label in row["labels"] if IDENTIFIER.match(str(label))} - {RESOURCE, STATE_LABEL}  # type: ignore[union-attr]
        return labels, bool(row["has_resources"])

    def write_chunk(self, chunk: Chunk, run: WriteRun) -> tuple[int, int, int]:
        """One transaction: the chunk's nodes rewritten from what Neo4j holds and the new contributions, and the
        ledger entries of the graphs it grows, finishes or removes. Returns nodes written and deleted, relationships."""
        uris = sorted(chunk.contributions)
        to_read = [uri for uri in uris if uri not in chunk.described]
        finished = {str(row["graph"]) for row in chunk.finished}

        def work(tx) -> tuple[int, int, int]:  # noqa: ANN001
            # The first chunk opens the touched graphs' states in its own transaction: a sync of one chunk (one
            # document) is one transaction, and a failed one leaves Neo4j as it was.
            SyncLedger.open(tx, chunk.opened, run.store)
            olds = self._read_nodes(tx, to_read, chunk)
            descriptions: dict[str, NodeDescription | None] = dict(chunk.described)
            regraphed: list[dict[str, object]] = []  # nodes whose list of graphs alone changes, on the server
            to_describe = []
            for uri in to_read:
                old = olds.get(uri)
                if old is not None and old.graphs is None:
                    change = old.regraphing(chunk.contributions[uri])
                    if change is not None and all(g.isascii() for g in change[0]):
                        if change[0] or change[1]:
                            regraphed.append({"uri": uri, "added": change[0], "removed": change[1]})
                        continue
                to_describe.append(uri)
            unread = [uri for uri in to_describe if uri in olds and olds[uri].graphs is None]
            if unread:  # uniform nodes that change more than their list of graphs: the list is needed after all
                for record in tx.run(_READ_GRAPHS, uris=unread):
                    olds[str(record["uri"])].graphs = list(record["graphs"] or [])
            for uri in to_describe:
                by_graph = chunk.contributions[uri]
                old = olds.get(uri)
                if old is None:
                    support = NodeSupport(uri)
                else:
                    node_graphs = old.graphs or []
                    support = parse_ledger(uri, old.properties.get("rdf") or [], node_graphs)  # type: ignore[arg-type]
                    for predicate, target, graphs, _ in old.relationships:
                        support.relationships[(str(predicate), str(target))] = set(node_graphs if graphs is None else graphs)
                    support.withdraw(set(by_graph))
                for graph, statements in by_graph.items():
                    for predicate, obj in statements:
                        support.add(predicate, obj, graph)
                description = run.describer.describe(support)
                # A hub (a dyad, a country) that a re-synced document still supports as before is left as it is:
                # rewriting it would send its whole list of graphs, thousands long in a large store, to no effect.
                # (A node of one graph is rewritten: the bulk import's warm-up relies on that to plan the writes.)
                if old is not None and description is not None and len(description.graphs) > 1:
                    if old.holds(description):
                        continue
                    if old.holds_but_graphs(description):
                        # A document joins or leaves a hub: only its name goes into or out of the hub's list, on the server.
                        old_graphs = set(old.graphs or [])
                        added = sorted(description.graphs - old_graphs)
                        if all(g.isascii() for g in added):
                            regraphed.append({"uri": uri, "added": added, "removed": sorted(old_graphs - description.graphs)})
                            continue
                descriptions[uri] = description
            if regraphed:
                tx.run(_REGRAPH, rows=regraphed, inserted_one_by_one=_INSERTED_ONE_BY_ONE).consume()
            present, deleted, relationships = self._write_descriptions(tx, descriptions, run, existing=set(olds),
                                                                       kept=set(olds) - descriptions.keys(),
                                                                       absent_targets=chunk.absent_targets)
            written = present + len(regraphed), deleted, relationships
            # A graph finished here gets its whole subject list below; others grow by what this chunk adds.
            SyncLedger.grow(tx, [{"graph": g, "subjects": subjects} for g, subjects in chunk.new_subjects.items() if g not in finished])
            SyncLedger.finish(tx, chunk.finished, run.store)
            SyncLedger.remove(tx, chunk.removed)
            return written

        return self.database.write(work)  # type: ignore[return-value]

    def warm_up_hub_updates(self, graph: str, uris: list[str]) -> None:
        """Put ``graph`` through the statement that changes hubs' lists, on nodes ``uris`` that list it: taken out and put back.

        The lists come out as they were. A server restarted after a bulk import has then planned and run that
        statement (the warm-up's rewrite of a document as it is changes no hub's list) before the user's
        first incremental sync, which otherwise paid for it (1.1-1.4 s more, niced, on a loaded machine).
        """
        rows = [{"uri": uri, "added": [graph], "removed": [graph]} for uri in uris]
        if rows and graph.isascii():  # put back where it was taken from (see _REGRAPH)
            self.database.write(lambda tx: tx.run(_REGRAPH, rows=rows, inserted_one_by_one=_INSERTED_ONE_BY_ONE).consume())

    @staticmethod
    def _read_nodes(tx, uris: list[str], chunk: Chunk) -> dict[str, _Stored]:  # noqa: ANN001
        """The nodes of ``uris`` that Neo4j holds; a uniform node's list of graphs is left unread unless every graph in it
        is one of the chunk's (then the list is exactly those)."""
        if not uris:
            return {}
        olds = {}
        rows = [{"uri": uri, "graphs": list(chunk.contributions[uri])} for uri in uris]
        for record in tx.run(_READ_NODES, rows=rows):
            properties = {key: value for key, value in record["props"].items() if key != "graphs"}
            held = set(record["held"])
            graphs = record["graphs"]
            count = int(record["graph_count"])
            if graphs is None and count == len(held):
                graphs = sorted(held)
            olds[str(record["uri"])] = _Stored(properties, record["labels"], record["rels"],
                                               None if graphs is None else list(graphs), count, held)
        return olds

    def _write_descriptions(self, tx, descriptions: dict[str, NodeDescription | None], run: WriteRun,  # noqa: ANN001
                            *, existing: set[str], kept: set[str], absent_targets: set[str]) -> tuple[int, int, int]:
        """Write a chunk's nodes and their outgoing relationships; returns what was written and deleted.

        ``kept``: nodes of the chunk left in place (still described), never orphans."""
        deleted = [uri for uri, d in descriptions.items() if d is None and uri in existing]
        present = [d for d in descriptions.values() if d is not None]
        new_by_labels: dict[tuple[str, ...], list[dict[str, object]]] = defaultdict(list)
        old_by_labels: dict[tuple[str, ...], list[dict[str, object]]] = defaultdict(list)
        by_type: dict[str, list[dict[str, object]]] = defaultdict(list)
        targets: set[str] = set()
        for description in present:
            node_graphs = description.graph_list()
            properties = {**description.properties, "uri": description.uri, "graphs": node_graphs}
            (old_by_labels if description.uri in existing else new_by_labels)[tuple(sorted(description.labels))].append(properties)
            for rel_type, target, predicate, graphs in description.relationships:
                # A relationship stated by every graph of its node (nearly all) carries no graphs of its own.
                by_type[rel_type].append({"from": description.uri, "to": target, "predicate": predicate,
                                          "graphs": None if graphs == node_graphs else graphs})
                targets.add(target)
        old_labels = sorted(run.labels_in_use)
        for labels in (*new_by_labels, *old_by_labels):
            run.labels_in_use.update(labels)
        rewritten = [d.uri for d in present if d.uri in existing] + deleted
        # Targets of the relationships taken away below that no graph describes: deleted at the
        # end unless something still points at them.
        orphans: set[str] = set(deleted)
        if rewritten:  # their labels and outgoing relationships go, in one statement
            removable = "".join(f":{safe_identifier(label)}" for label in old_labels)
            for record in tx.run(
                f"UNWIND $uris AS uri MATCH (n:{RESOURCE} {{uri: uri}}) " + (f"REMOVE n{removable} " if removable else "")
                + "WITH n OPTIONAL MATCH (n)-[r]->(t) WHERE r.predicate IS NOT NULL DELETE r RETURN collect(DISTINCT t.uri) AS targets",
                uris=rewritten,
            ):
                orphans.update(record["targets"])
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
        # Described, or the target of a relationship created above: no orphan (in a one-document sync, none is left to check).
        orphans -= targets | kept | {d.uri for d in present}
        if orphans:
            tx.run(
                f"UNWIND $uris AS uri MATCH (n:{RESOURCE} {{uri: uri}}) WHERE n.graphs IS NULL AND NOT (n)--() DELETE n",
                uris=sorted(orphans),
            ).consume()
        return len(present), len(deleted), sum(len(rows) for rows in by_type.values())

    def clear(self) -> None:
        """Delete every synced node and the ledger, in transactions of bounded size (a rebuild through the driver)."""
        for label in (RESOURCE, STATE_LABEL):
            self.database.run(f"MATCH (n:{label}) CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF 10000 ROWS")

    def counts(self) -> dict[str, int]:
        """Nodes and relationships of the synced graph (sync state excluded)."""
        nodes = self.database.read(f"MATCH (n:{RESOURCE}) RETURN count(n) AS c")[0]["c"]
        relationships = self.database.read(f"MATCH (:{RESOURCE})-[r]->(:{RESOURCE}) RETURN count(r) AS c")[0]["c"]
        return {"nodes": int(nodes), "relationships": int(relationships)}  # type: ignore[arg-type]
