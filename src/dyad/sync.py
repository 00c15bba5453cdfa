"""Bring Neo4j to the state of the store: idempotent, incremental, deletions included.

The mapping is documented in ``docs/neo4j-mapping.md``. In short: every IRI (or blank
node) that is the subject of a statement becomes a node labelled ``Resource`` with a unique
``uri``, plus one label per ``rdf:type`` (its local name) and per superclass the ontology
gives it; literals become typed properties named by the predicate's local name; SKOS
concepts of Dyad's controlled lists become string properties (``eventType: 'suspension'``);
other IRIs objects become relationships in UPPER_SNAKE case carrying the full ``predicate``
IRI. Each node and relationship records in ``graphs`` the named graphs (source documents)
that support it, and each node keeps in ``rdf`` its non-relationship statements in N-Triples
form with the graphs supporting each, so that :mod:`dyad.neo4j_dump` can rebuild the RDF.

Sync state lives in Neo4j itself: one ``DyadSyncState`` node per named graph with its
content hash and the subjects it describes, so two machines syncing to one server agree on
what is there. A sync writes only the nodes whose subjects appear in graphs added, changed or
removed since the last sync, recomputed from the union of the store's graphs, in transactions
of bounded size. Before any node is written, each touched graph's state records every subject
it had or will have; its hash is written last. So an interrupted sync leaves nothing that the
next one does not find and rewrite, and the next sync converges to the same graph.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from dyad.errors import SyncError
from dyad.namespaces import DYAD, PREFIXES
from dyad.store import ONTOLOGY_GRAPH, DyadStore

log = logging.getLogger(__name__)

#: Bumped whenever the mapping changes, so that the next sync rewrites every graph.
MAPPING_VERSION = "3"
CONCEPT_BASE = "https://w3id.org/dyad/ontology/"
RESOURCE = "Resource"
STATE_LABEL = "DyadSyncState"
#: Node properties the mapping itself uses; a predicate whose local name collides gets ``rdf_`` in front.
RESERVED_KEYS = frozenset({"uri", "graphs", "rdf"})
DEFAULT_BATCH_SIZE = 20_000  # statements (triples) per write transaction

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {f"{_XSD}{name}" for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "negativeInteger",
    "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
_FLOATS = {f"{_XSD}decimal", f"{_XSD}double", f"{_XSD}float"}
_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_INT64 = (-(2**63), 2**63 - 1)

ProgressCallback = Callable[[str, int, int], None]  # (stage, done, total)

# One pass, in the store's own engine, over every named graph: a content hash and a size per graph.
# Blank node labels are left out of the hash (they are not content); a graph's order of
# statements in GROUP_CONCAT follows the store's index, which depends only on its content.
_GRAPH_HASHES = """
SELECT ?g (MD5(GROUP_CONCAT(?h; separator=" ")) AS ?hash) (COUNT(*) AS ?quads) WHERE {
  GRAPH ?g { ?s ?p ?o }
  BIND(MD5(CONCAT(IF(isBlank(?s), "_:", STR(?s)), " ", STR(?p), " ", IF(isBlank(?o), "_:", STR(?o)), " ",
                  IF(isLiteral(?o), CONCAT(STR(DATATYPE(?o)), "@", LANG(?o)), ""))) AS ?h)
}
GROUP BY ?g
"""


# ---------------------------------------------------------------------- naming


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``.

    >>> local_name("https://w3id.org/dyad/ontology#concernsDyad")
    'concernsDyad'
    """
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


def relationship_type(predicate_iri: str) -> str:
    """The relationship type for an object property.

    >>> relationship_type("https://w3id.org/dyad/ontology#concernsDyad")
    'CONCERNS_DYAD'
    >>> relationship_type("http://www.w3.org/ns/prov#wasDerivedFrom")
    'WAS_DERIVED_FROM'
    """
    name = re.sub(r"[^A-Za-z0-9]+", "_", local_name(predicate_iri))
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper().strip("_")
    return name if _IDENTIFIER.match(name or "") else "RELATED_TO"


def node_label(class_iri: str) -> str | None:
    """The label for a class (its local name), or None when it cannot be one.

    >>> node_label("https://w3id.org/dyad/ontology#Event")
    'Event'
    """
    name = re.sub(r"[^A-Za-z0-9_]", "_", local_name(class_iri))
    return name if _IDENTIFIER.match(name) else None


def property_key(predicate_iri: str) -> str:
    """The property name for a datatype property (its local name).

    >>> property_key("https://w3id.org/dyad/ontology#goldstein")
    'goldstein'
    """
    name = re.sub(r"[^A-Za-z0-9_]", "_", local_name(predicate_iri))
    name = name if _IDENTIFIER.match(name) else "value"
    return f"rdf_{name}" if name in RESERVED_KEYS else name


def _prefixed_key(predicate_iri: str) -> str:
    """``dcterms_date`` for a predicate whose local name another predicate of the node already uses."""
    base = property_key(predicate_iri)
    for prefix, namespace in PREFIXES.items():
        if predicate_iri.startswith(str(namespace)):
            return f"{prefix}_{base}"
    return f"p{hashlib.sha1(predicate_iri.encode()).hexdigest()[:6]}_{base}"


def _safe(identifier: str) -> str:
    """Backtick-quote a label or type after checking it is a plain identifier (labels cannot be parameters)."""
    if not _IDENTIFIER.match(identifier):
        raise SyncError(f"refusing to use {identifier!r} as a Neo4j label or type")
    return f"`{identifier}`"


def neo4j_value(literal: ox.Literal) -> object:
    """A literal as the closest Neo4j type: dates as Date, numbers as int/float, booleans as bool, else text."""
    datatype = literal.datatype.value
    text = literal.value
    try:
        if datatype == f"{_XSD}date":
            return dt.date.fromisoformat(text[:10])
        if datatype == f"{_XSD}dateTime":
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        if datatype in _INTEGERS:
            number = int(text)
            return number if _INT64[0] <= number <= _INT64[1] else text
        if datatype in _FLOATS:
            return float(Decimal(text))
        if datatype == f"{_XSD}boolean":
            return text.strip().lower() in ("true", "1")
    except (ValueError, InvalidOperation):
        pass
    return text


# ---------------------------------------------------------------------- describing nodes


@dataclass
class NodeDescription:
    """What Neo4j should hold for one subject."""

    uri: str
    labels: set[str] = field(default_factory=set)
    properties: dict[str, object] = field(default_factory=dict)
    relationships: list[tuple[str, str, str, list[str]]] = field(default_factory=list)  # type, target, predicate, graphs
    graphs: set[str] = field(default_factory=set)
    statements: int = 0


def _node_key(term: object) -> str | None:
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return None


def _subject_term(uri: str) -> ox.NamedNode | ox.BlankNode:
    return ox.BlankNode(uri[2:]) if uri.startswith("_:") else ox.NamedNode(uri)


def _is_ledger_statement(predicate: str, obj: object) -> bool:
    """Literals, types and concepts are kept on the node; other IRIs and blank nodes become relationships."""
    return isinstance(obj, ox.Literal) or (
        isinstance(obj, ox.NamedNode) and (predicate == _RDF_TYPE or obj.value.startswith(CONCEPT_BASE))
    )


@dataclass
class NodeSupport:
    """A subject's statements with the graphs supporting each: the node's ledger and its outgoing relationships."""

    uri: str
    ledger: dict[str, set[str]] = field(default_factory=dict)  # "<p> object" (N-Triples) -> graphs
    terms: dict[str, tuple[str, object]] = field(default_factory=dict)  # same key -> (predicate IRI, object term)
    relationships: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # (predicate, target) -> graphs

    def add(self, predicate: str, obj: object, graph: str) -> None:
        if _is_ledger_statement(predicate, obj):
            key = f"<{predicate}> {obj}"
            self.ledger.setdefault(key, set()).add(graph)
            self.terms.setdefault(key, (predicate, obj))
        else:
            target = _node_key(obj)
            if target is not None:
                self.relationships.setdefault((predicate, target), set()).add(graph)

    def withdraw(self, graphs: set[str]) -> None:
        """Take away the support of ``graphs`` (whose contribution is about to be replaced)."""
        for table in (self.ledger, self.relationships):
            for key in list(table):
                table[key] -= graphs
                if not table[key]:
                    del table[key]

    @property
    def graphs(self) -> set[str]:
        found: set[str] = set()
        for supporting in (*self.ledger.values(), *self.relationships.values()):
            found |= supporting
        return found


class Describer:
    """Turns a node's supported statements into the labels, typed properties and relationships Neo4j holds."""

    def __init__(self, store: DyadStore) -> None:
        self.superclasses = _superclass_labels(store)
        # Names derived from IRIs repeat across millions of statements: derive each once.
        self._keys: dict[str, str] = {}
        self._types: dict[str, str] = {}
        self._class_labels: dict[str, tuple[str, ...]] = {}
        self._concepts: dict[str, str] = {}
        self._suffixes: dict[str, str] = {}

    def _labels_of(self, class_iri: str) -> tuple[str, ...]:
        labels = self._class_labels.get(class_iri)
        if labels is None:
            label = node_label(class_iri)
            labels = self._class_labels[class_iri] = (label, *sorted(self.superclasses.get(class_iri, ()))) if label else ()
        return labels

    def _suffix(self, supporting: set[str]) -> str:
        """The tab and ``<graph>`` list that ends a ledger entry."""
        if len(supporting) == 1:
            (graph,) = supporting
            suffix = self._suffixes.get(graph)
            if suffix is None:
                suffix = self._suffixes[graph] = f"\t<{graph}>"
            return suffix
        return "\t" + " ".join(f"<{g}>" for g in sorted(supporting))

    def describe(self, support: NodeSupport) -> NodeDescription | None:
        """The node for ``support``, or None when no graph supports any statement about it."""
        graphs = support.graphs
        if not graphs:
            return None
        description = NodeDescription(uri=support.uri, graphs=graphs)
        values: dict[str, dict[str, list[object]]] = {}  # key -> predicate -> values
        statements = 0
        ledger: list[str] = []
        for statement, supporting in support.ledger.items():
            statements += len(supporting)
            # Most statements are stated by every graph of the node: those entries need no graph list.
            ledger.append(statement if supporting == graphs else statement + self._suffix(supporting))
            predicate, obj = support.terms[statement]
            if predicate == _RDF_TYPE:
                description.labels.update(self._labels_of(obj.value))  # type: ignore[attr-defined]
                continue
            key = self._keys.get(predicate)
            if key is None:
                key = self._keys[predicate] = property_key(predicate)
            if isinstance(obj, ox.Literal):
                language = obj.language
                if language and language != "en":
                    key = f"{key}_{re.sub(r'[^A-Za-z0-9]', '_', language)}"
                value: object = neo4j_value(obj)
            else:
                value = self._concepts.get(obj.value)  # type: ignore[attr-defined]
                if value is None:
                    value = self._concepts[obj.value] = local_name(obj.value)  # type: ignore[attr-defined]
            found = values.setdefault(key, {}).setdefault(predicate, [])
            if value not in found:
                found.append(value)
        description.properties = _properties(values)
        ledger.sort()
        description.properties["rdf"] = ledger
        relationships = []
        for (predicate, target), supporting in sorted(support.relationships.items()):
            rel_type = self._types.get(predicate)
            if rel_type is None:
                rel_type = self._types[predicate] = relationship_type(predicate)
            relationships.append((rel_type, target, predicate, sorted(supporting)))
            statements += len(supporting)
        description.relationships = relationships
        description.statements = statements
        return description


def _properties(values: dict[str, dict[str, list[object]]]) -> dict[str, object]:
    properties: dict[str, object] = {}
    for key, by_predicate in values.items():
        if len(by_predicate) == 1:  # the usual case: one predicate, usually one value
            (found,) = by_predicate.values()
            properties[key] = found[0] if len(found) == 1 else _homogeneous(found)
            continue
        predicates = sorted(by_predicate, key=lambda iri: (not iri.startswith(str(DYAD)), iri))
        for position, predicate in enumerate(predicates):
            # Two predicates with one local name on one node: Dyad's own (else the first IRI) keeps the name.
            name = key if position == 0 else _prefixed_key(predicate) + key[len(property_key(predicate)):]
            found = by_predicate[predicate]
            properties[name] = found[0] if len(found) == 1 else _homogeneous(found)
    return properties


def _homogeneous(found: list[object]) -> list[object]:
    """Several values of one key, sorted, as strings if their types differ (Neo4j lists are homogeneous)."""
    found = sorted(found, key=lambda v: (type(v).__name__, str(v)))
    return [str(v) for v in found] if len({type(v) for v in found}) > 1 else found


def _superclass_labels(store: DyadStore) -> dict[str, set[str]]:
    """class IRI -> labels of its superclasses (transitively), from the ontology graph."""
    parents: dict[str, set[str]] = defaultdict(set)
    for quad in store.oxigraph.quads_for_pattern(None, ox.NamedNode(_RDFS_SUBCLASS), None, ox.NamedNode(str(ONTOLOGY_GRAPH))):
        if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.NamedNode):
            parents[quad.subject.value].add(quad.object.value)
    labels: dict[str, set[str]] = {}
    for cls in parents:
        seen: set[str] = set()
        todo = list(parents[cls])
        while todo:
            parent = todo.pop()
            if parent not in seen:
                seen.add(parent)
                todo.extend(parents.get(parent, ()))
        labels[cls] = {label for label in map(node_label, seen) if label}
    return labels


def describe(store: DyadStore, uri: str) -> NodeDescription | None:
    """The Neo4j node for ``uri`` from every graph of the store (None if no graph describes it)."""
    support = NodeSupport(uri)
    for quad in store.oxigraph.quads_for_pattern(_subject_term(uri), None, None, None):
        if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value != str(ONTOLOGY_GRAPH):
            support.add(quad.predicate.value, quad.object, quad.graph_name.value)
    return Describer(store).describe(support)


def parse_ledger(uri: str, rdf: Sequence[str], graphs: Sequence[str] = ()) -> NodeSupport:
    """A node's ``rdf`` property (as the sync writes it) back into its statements and supporting graphs.

    An entry without a graph list is stated by every graph of the node (its ``graphs``).
    """
    support = NodeSupport(uri)
    keys, graph_lists = [], []
    for entry in rdf:
        statement, tab, listed = entry.rpartition("\t")
        if tab:
            keys.append(statement)
            graph_lists.append({g[1:-1] for g in listed.split(" ") if g})
        else:  # N-Triples escapes tabs, so the only tab of an entry is the one before its graphs
            keys.append(listed)
            graph_lists.append(set(graphs))
    if not keys:
        return support
    text = "".join(f"<urn:dyad:s> {statement} .\n" for statement in keys)
    try:
        triples = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError as error:
        raise SyncError(f"the rdf property of Neo4j node {uri} is not what Dyad writes ({error}); re-sync from an empty database") from error
    for statement, triple, graphs in zip(keys, triples, graph_lists):
        support.ledger[statement] = graphs
        support.terms[statement] = (triple.predicate.value, triple.object)
    return support


# ---------------------------------------------------------------------- store side


def store_graph_hashes(store: DyadStore) -> tuple[dict[str, str], dict[str, int]]:
    """Per named graph of the store (the ontology aside): the hash the sync compares, and its size in bytes.

    The hash covers the graph's content (its N-Triples as the store dumps them, in the store's
    index order, which depends only on the content), the mapping version and the ontology
    (which gives the superclass labels), so a change to either rewrites every graph.
    """
    digests: dict[str, str] = {}
    sizes: dict[str, int] = {}
    stamps = store.content_stamps()  # written with each graph: no need to read the graph again
    for name in map(str, store.graph_names(include_reference=True)):
        digests[name], sizes[name] = stamps[name] if name in stamps else store.dump_digest(name)
    ontology = digests.pop(str(ONTOLOGY_GRAPH), "")
    sizes.pop(str(ONTOLOGY_GRAPH), None)
    salt = f"dyad-neo4j-mapping/{MAPPING_VERSION}/{ontology}/"
    return {g: hashlib.sha256((salt + h).encode()).hexdigest() for g, h in digests.items()}, sizes


def graph_subjects(store: DyadStore, graph: str) -> set[str]:
    """The subjects (IRIs, ``_:`` blank nodes) of one named graph."""
    return {key for key, _ in _graph_contributions(store, graph) if key}


def _graph_contributions(store: DyadStore, graph: str) -> Iterator[tuple[str, list[tuple[str, object]]]]:
    """A graph's statements grouped by subject, subjects in order."""
    grouped: dict[str, list[tuple[str, object]]] = {}
    previous, statements = None, None
    for quad in store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
        subject = quad.subject
        if subject != previous:  # statements mostly come grouped by subject: look the group up only when it changes
            previous = subject
            key = _node_key(subject)
            if key is None:
                continue
            statements = grouped.setdefault(key, [])
        statements.append((quad.predicate.value, quad.object))  # type: ignore[union-attr]
    for key in sorted(grouped):
        yield key, grouped[key]


# ---------------------------------------------------------------------- result


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


# ---------------------------------------------------------------------- the sync


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
        return self.driver.session(database=self.database, notifications_min_severity="OFF")

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
                for subject, statements in _graph_contributions(store, graph):
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
        return {str(row["label"]) for row in rows if _IDENTIFIER.match(str(row["label"]))} - {RESOURCE, STATE_LABEL}

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
                                   if not _is_ledger_statement(predicate, obj) and (key := _node_key(obj)) is not None)
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
            removable = "".join(f":{_safe(label)}" for label in old_labels)
            if removable:
                tx.run(f"UNWIND $uris AS uri MATCH (n:{RESOURCE} {{uri: uri}}) REMOVE n{removable}", uris=rewritten).consume()
        if deleted:
            tx.run(f"UNWIND $uris AS uri MATCH (n:{RESOURCE} {{uri: uri}}) SET n = {{uri: n.uri}}", uris=deleted).consume()
        for labels, rows in old_by_labels.items():
            set_labels = "".join(f":{_safe(label)}" for label in labels)
            tx.run(f"UNWIND $rows AS props MATCH (n:{RESOURCE} {{uri: props.uri}}) SET n = props"
                   + (f" SET n{set_labels}" if set_labels else ""), rows=rows).consume()
        for labels, rows in new_by_labels.items():
            # Not found above, or proven absent by _prepare: CREATE is exact.
            all_labels = "".join(f":{_safe(label)}" for label in (RESOURCE, *labels))
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
                f"CREATE (a)-[:{_safe(rel_type)} {{predicate: row.predicate, graphs: row.graphs}}]->(b)",
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


# ---------------------------------------------------------------------- connecting

#: The oldest Neo4j release line the mapping's Cypher runs on.
MINIMUM_MAJOR_VERSION = 5


def check_server_version(agent: str, uri: str = "Neo4j") -> str:
    """The version from a server agent string (``Neo4j/5.26.0``); SyncError when it is too old.

    >>> check_server_version("Neo4j/5.26.30")
    '5.26.30'
    """
    version = str(agent).split("/")[-1].strip()
    match = re.match(r"^(\d+)\.", version)
    if not match:
        raise SyncError(f"{uri} did not say which Neo4j version it is (agent {agent!r}); Dyad needs Neo4j 5 or later")
    if int(match.group(1)) < MINIMUM_MAJOR_VERSION:
        raise SyncError(f"Neo4j at {uri} is version {version}; Dyad needs Neo4j {MINIMUM_MAJOR_VERSION}.x or later "
                        "(5.26 LTS is tested): upgrade the server")
    return version


def connect(uri: str, user: str | None, password: str | None, **config: object):  # noqa: ANN201 - neo4j.Driver, imported lazily
    """A verified driver; clear errors for a wrong password, an unreachable or unsupported server.

    The password is only handed to the driver: no message or log line of Dyad's contains it.
    """
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, ConfigurationError, DriverError, ServiceUnavailable

    name = user or "neo4j"
    auth = (name, password) if password else None
    try:
        driver = GraphDatabase.driver(uri, auth=auth, **config)
    except (ConfigurationError, ValueError) as error:
        raise SyncError(f"{uri!r} is not a Neo4j URI ({error}): write bolt://HOST:PORT or neo4j://HOST:PORT") from error
    try:
        driver.verify_connectivity()
        info = driver.get_server_info()
    except AuthError as error:
        driver.close()
        hint = "no password was given: set NEO4J_PASSWORD" if not password else "check NEO4J_USER / NEO4J_PASSWORD"
        raise SyncError(f"Neo4j at {uri} refused the credentials for user {name!r}: {hint}") from error
    except (ServiceUnavailable, DriverError, OSError) as error:
        driver.close()
        raise SyncError(f"cannot reach Neo4j at {uri}: is it running? (`dyad neo4j start` runs a local one)") from error
    try:
        check_server_version(str(getattr(info, "agent", "")), uri)
    except SyncError:
        driver.close()
        raise
    return driver


def chunks(items: list[str], size: int) -> Iterator[list[str]]:
    """``items`` in lists of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


__all__ = [
    "MAPPING_VERSION", "Neo4jSync", "SyncResult", "NodeDescription", "Describer", "describe", "sync_store", "connect",
    "check_server_version", "store_graph_hashes", "graph_subjects", "relationship_type", "node_label", "property_key",
    "neo4j_value", "local_name",
]
