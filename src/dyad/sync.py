"""Bring Neo4j to the state of the store: idempotent, incremental, deletions included.

The mapping (see ``docs/neo4j-mapping.md``): every IRI becomes a node with the label
``Resource`` and a unique ``uri``, plus one label per ``rdf:type`` (its local name);
literals become typed properties named by the predicate's local name; object properties
become relationships named in UPPER_SNAKE case; SKOS concepts of Dyad's controlled lists
become plain string properties (``eventType: 'suspension'``). Each node and relationship
records in ``graphs`` the named graphs (source documents) that support it.

Sync state lives in Neo4j itself (one ``DyadSyncState`` node per named graph with its
content hash), so two machines syncing to one server agree on what is there. A sync
recomputes only the nodes touched by graphs added, changed or removed since the last sync,
from the union of the store's graphs, and writes them in bounded transactions; the state
is written last, so an interrupted sync is repaired by the next one.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
from rdflib.namespace import RDF, XSD

from dyad.errors import SyncError
from dyad.store import ONTOLOGY_GRAPH, DyadStore

log = logging.getLogger(__name__)

CONCEPT_BASE = "https://w3id.org/dyad/ontology/"
RESOURCE = "Resource"
STATE_LABEL = "DyadSyncState"
_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")

ProgressCallback = Callable[[str, int, int], None]  # (stage, done, total)


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``."""
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


def relationship_type(predicate_iri: str) -> str:
    """``concernsDyad`` -> ``CONCERNS_DYAD``; ``wasDerivedFrom`` -> ``WAS_DERIVED_FROM``."""
    name = re.sub(r"[^A-Za-z0-9]+", "_", local_name(predicate_iri))
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper().strip("_")
    return name if _IDENTIFIER.match(name or "") else "RELATED_TO"


def node_label(class_iri: str) -> str | None:
    name = re.sub(r"[^A-Za-z0-9_]", "_", local_name(class_iri))
    return name if _IDENTIFIER.match(name) else None


def property_key(predicate_iri: str) -> str:
    name = re.sub(r"[^A-Za-z0-9_]", "_", local_name(predicate_iri))
    return name if _IDENTIFIER.match(name) else "value"


def _safe(identifier: str) -> str:
    """Backtick-quote a label or type after checking it is a plain identifier (labels cannot be parameters)."""
    if not _IDENTIFIER.match(identifier):
        raise SyncError(f"refusing to use {identifier!r} as a Neo4j label or type")
    return f"`{identifier}`"


def neo4j_value(literal: ox.Literal) -> object:
    """A literal as the closest Neo4j type: dates as Date, numbers as int/float, booleans as bool."""
    datatype = literal.datatype.value
    text = literal.value
    try:
        if datatype == str(XSD.date):
            return dt.date.fromisoformat(text[:10])
        if datatype == str(XSD.dateTime):
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        if datatype in (str(XSD.integer), str(XSD.int), str(XSD.long), str(XSD.nonNegativeInteger), str(XSD.positiveInteger)):
            return int(text)
        if datatype in (str(XSD.decimal), str(XSD.double), str(XSD.float)):
            return float(Decimal(text))
        if datatype == str(XSD.boolean):
            return text.strip().lower() in ("true", "1")
    except (ValueError, InvalidOperation):
        pass
    return text


@dataclass
class NodeDescription:
    """What Neo4j should hold for one IRI, derived from the union of the store's graphs."""

    uri: str
    labels: set[str] = field(default_factory=set)
    properties: dict[str, object] = field(default_factory=dict)
    relationships: list[tuple[str, str, str, list[str]]] = field(default_factory=list)  # type, target, predicate, graphs
    graphs: set[str] = field(default_factory=set)


@dataclass
class SyncResult:
    changed_graphs: list[str] = field(default_factory=list)
    removed_graphs: list[str] = field(default_factory=list)
    nodes_written: int = 0
    nodes_deleted: int = 0
    relationships_written: int = 0

    @property
    def nothing_to_do(self) -> bool:
        return not self.changed_graphs and not self.removed_graphs


def _node_key(term: object) -> str | None:
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return None


def _subject_term(uri: str) -> ox.NamedNode | ox.BlankNode:
    return ox.BlankNode(uri[2:]) if uri.startswith("_:") else ox.NamedNode(uri)


def describe(store: DyadStore, uri: str) -> NodeDescription | None:
    """The Neo4j node for ``uri`` from every graph of the store (None if no graph describes it)."""
    description = NodeDescription(uri=uri)
    values: dict[str, list[object]] = defaultdict(list)
    relationships: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for quad in store.oxigraph.quads_for_pattern(_subject_term(uri), None, None, None):
        graph = _node_key(quad.graph_name)
        if graph is None or graph == str(ONTOLOGY_GRAPH):
            continue
        description.graphs.add(graph)
        predicate, obj = quad.predicate.value, quad.object
        if predicate == str(RDF.type) and isinstance(obj, ox.NamedNode):
            label = node_label(obj.value)
            if label:
                description.labels.add(label)
        elif isinstance(obj, ox.Literal):
            value = neo4j_value(obj)
            if value not in values[property_key(predicate)]:
                values[property_key(predicate)].append(value)
        elif isinstance(obj, ox.NamedNode) and obj.value.startswith(CONCEPT_BASE):
            concept = local_name(obj.value)
            if concept not in values[property_key(predicate)]:
                values[property_key(predicate)].append(concept)
        else:
            target = _node_key(obj)
            if target is not None:
                relationships[(relationship_type(predicate), target, predicate)].add(graph)
    if not description.graphs:
        return None
    for key, found in values.items():
        if key in ("uri", "graphs"):
            key = f"rdf_{key}"
        found_sorted = sorted(found, key=lambda v: (type(v).__name__, str(v)))
        if len({type(v) for v in found_sorted}) > 1:  # Neo4j lists are homogeneous
            found_sorted = [str(v) for v in found_sorted]
        description.properties[key] = found_sorted[0] if len(found_sorted) == 1 else found_sorted
    description.relationships = [(t, target, p, sorted(g)) for (t, target, p), g in sorted(relationships.items())]
    return description


class Neo4jSync:
    """Synchronise a store into a Neo4j database through the official driver."""

    def __init__(self, driver, *, database: str | None = None, batch_size: int = 2000) -> None:  # noqa: ANN001
        self.driver = driver
        self.database = database
        self.batch_size = batch_size

    # ------------------------------------------------------------------ plumbing

    def _read(self, cypher: str, **parameters: object) -> list[dict[str, object]]:
        records, _, _ = self.driver.execute_query(cypher, parameters, database_=self.database, routing_="r")
        return [record.data() for record in records]

    def _write(self, work: Callable[[object], None]) -> None:
        with self.driver.session(database=self.database) as session:
            session.execute_write(work)

    def ensure_schema(self) -> None:
        """The uniqueness constraint on ``uri`` and the indexes the query library filters on."""
        statements = [
            f"CREATE CONSTRAINT dyad_resource_uri IF NOT EXISTS FOR (n:{RESOURCE}) REQUIRE n.uri IS UNIQUE",
            f"CREATE CONSTRAINT dyad_sync_state_graph IF NOT EXISTS FOR (s:{STATE_LABEL}) REQUIRE s.graph IS UNIQUE",
            "CREATE INDEX dyad_country_iso3 IF NOT EXISTS FOR (n:Country) ON (n.iso3)",
            "CREATE INDEX dyad_event_date IF NOT EXISTS FOR (n:Event) ON (n.date)",
            "CREATE INDEX dyad_event_type IF NOT EXISTS FOR (n:Event) ON (n.eventType)",
            "CREATE INDEX dyad_document_url IF NOT EXISTS FOR (n:Document) ON (n.url)",
        ]
        for statement in statements:
            self.driver.execute_query(statement, database_=self.database)

    def neo4j_state(self) -> dict[str, str]:
        rows = self._read(f"MATCH (s:{STATE_LABEL}) RETURN s.graph AS graph, s.hash AS hash")
        return {str(row["graph"]): str(row["hash"]) for row in rows}

    @staticmethod
    def store_state(store: DyadStore) -> dict[str, str]:
        return {
            str(name): store.graph_hash(name)
            for name in store.graph_names(include_reference=True)
            if name != ONTOLOGY_GRAPH
        }

    # ------------------------------------------------------------------ sync

    def sync(self, store: DyadStore, *, progress: ProgressCallback | None = None) -> SyncResult:
        self.ensure_schema()
        wanted = self.store_state(store)
        current = self.neo4j_state()
        result = SyncResult(
            changed_graphs=sorted(g for g, h in wanted.items() if current.get(g) != h),
            removed_graphs=sorted(g for g in current if g not in wanted),
        )
        if result.nothing_to_do:
            return result
        touched = set(result.changed_graphs) | set(result.removed_graphs)
        affected: set[str] = set()
        for graph in result.changed_graphs:
            for quad in store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
                key = _node_key(quad.subject)
                if key:
                    affected.add(key)
        for row in self._read(
            f"MATCH (n:{RESOURCE}) WHERE any(g IN coalesce(n.graphs, []) WHERE g IN $graphs) RETURN n.uri AS uri",
            graphs=sorted(touched),
        ):
            affected.add(str(row["uri"]))
        ordered = sorted(affected)
        labels_in_use = self._labels_in_use()
        for start in range(0, len(ordered), self.batch_size):
            batch = ordered[start : start + self.batch_size]
            descriptions = {uri: describe(store, uri) for uri in batch}
            self._write_batch(descriptions, labels_in_use, result)
            if progress:
                progress("nodes", min(start + self.batch_size, len(ordered)), len(ordered))
        self._write(lambda tx: tx.run(
            f"MATCH (n:{RESOURCE}) WHERE n.graphs IS NULL AND NOT (n)--() DELETE n"
        ).consume())
        self._write_state(wanted, result.removed_graphs)
        return result

    def _labels_in_use(self) -> set[str]:
        rows = self._read("CALL db.labels() YIELD label RETURN label")
        return {str(row["label"]) for row in rows if _IDENTIFIER.match(str(row["label"]))} - {RESOURCE, STATE_LABEL}

    def _write_batch(self, descriptions: dict[str, NodeDescription | None], labels_in_use: set[str], result: SyncResult) -> None:
        deleted = [uri for uri, d in descriptions.items() if d is None]
        present = [d for d in descriptions.values() if d is not None]
        by_labels: dict[tuple[str, ...], list[dict[str, object]]] = defaultdict(list)
        for description in present:
            properties = dict(description.properties, uri=description.uri, graphs=sorted(description.graphs))
            by_labels[tuple(sorted(description.labels))].append({"uri": description.uri, "props": properties})
            labels_in_use |= description.labels
        by_type: dict[str, list[dict[str, object]]] = defaultdict(list)
        for description in present:
            for rel_type, target, predicate, graphs in description.relationships:
                by_type[rel_type].append({"from": description.uri, "to": target, "predicate": predicate, "graphs": graphs})
        uris = [d.uri for d in present]
        removable = "".join(f":{_safe(label)}" for label in sorted(labels_in_use))

        def work(tx) -> None:  # noqa: ANN001
            if deleted:
                # A node no graph describes any more: keep it only as a bare target if still referenced.
                tx.run(
                    f"UNWIND $uris AS uri MATCH (n:{RESOURCE} {{uri: uri}}) "
                    "OPTIONAL MATCH (n)-[out]->() DELETE out "
                    f"WITH DISTINCT n SET n = {{uri: n.uri}} REMOVE n{removable} "
                    "WITH n WHERE NOT (n)--() DELETE n",
                    uris=deleted,
                ).consume()
            if uris:
                tx.run(f"UNWIND $uris AS uri MATCH (n:{RESOURCE} {{uri: uri}})-[r]->() DELETE r", uris=uris).consume()
                if removable:
                    tx.run(f"UNWIND $uris AS uri MATCH (n:{RESOURCE} {{uri: uri}}) REMOVE n{removable}", uris=uris).consume()
            for labels, rows in by_labels.items():
                set_labels = "".join(f":{_safe(label)}" for label in labels)
                tx.run(
                    f"UNWIND $rows AS row MERGE (n:{RESOURCE} {{uri: row.uri}}) SET n = row.props"
                    + (f" SET n{set_labels}" if set_labels else ""),
                    rows=rows,
                ).consume()
            for rel_type, rows in by_type.items():
                tx.run(
                    f"UNWIND $rows AS row MATCH (a:{RESOURCE} {{uri: row.from}}) "
                    f"MERGE (b:{RESOURCE} {{uri: row.to}}) "
                    f"MERGE (a)-[r:{_safe(rel_type)}]->(b) SET r.graphs = row.graphs, r.predicate = row.predicate",
                    rows=rows,
                ).consume()

        self._write(work)
        result.nodes_written += len(present)
        result.nodes_deleted += len(deleted)
        result.relationships_written += sum(len(rows) for rows in by_type.values())

    def _write_state(self, wanted: dict[str, str], removed: Iterable[str]) -> None:
        rows = [{"graph": graph, "hash": digest} for graph, digest in sorted(wanted.items())]

        def work(tx) -> None:  # noqa: ANN001
            tx.run(f"UNWIND $rows AS row MERGE (s:{STATE_LABEL} {{graph: row.graph}}) SET s.hash = row.hash", rows=rows).consume()
            tx.run(f"UNWIND $graphs AS graph MATCH (s:{STATE_LABEL} {{graph: graph}}) DELETE s", graphs=list(removed)).consume()

        self._write(work)

    def counts(self) -> dict[str, int]:
        """Nodes and relationships of the synced graph (sync state excluded)."""
        nodes = self._read(f"MATCH (n:{RESOURCE}) RETURN count(n) AS c")[0]["c"]
        relationships = self._read(f"MATCH (:{RESOURCE})-[r]->(:{RESOURCE}) RETURN count(r) AS c")[0]["c"]
        return {"nodes": int(nodes), "relationships": int(relationships)}  # type: ignore[arg-type]


def connect(uri: str, user: str | None, password: str | None):  # noqa: ANN201 - neo4j.Driver, imported lazily
    """A verified driver; clear errors for a wrong password, an unreachable or unsupported server."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, ServiceUnavailable

    auth = (user or "neo4j", password) if password else None
    driver = GraphDatabase.driver(uri, auth=auth)
    try:
        driver.verify_connectivity()
        info = driver.get_server_info()
    except AuthError as error:
        driver.close()
        raise SyncError(f"Neo4j at {uri} refused the credentials for user {user or 'neo4j'!r}: check NEO4J_USER / NEO4J_PASSWORD") from error
    except (ServiceUnavailable, OSError, ValueError) as error:
        driver.close()
        raise SyncError(f"cannot reach Neo4j at {uri}: {error}. Is it running? (`dyad neo4j start` runs a local one)") from error
    version = str(getattr(info, "agent", "")).split("/")[-1]
    major = int(version.split(".")[0]) if version[:1].isdigit() else 0
    if major and major < 5:
        driver.close()
        raise SyncError(f"Neo4j at {uri} is version {version}; Dyad needs 5.x or later")
    return driver


def chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
