"""How RDF becomes a property graph: labels, relationship types, property keys and values, node descriptions.

The mapping is documented in ``docs/neo4j-mapping.md``. In short: every IRI (or blank
node) that is the subject of a statement becomes a node labelled ``Resource`` with a unique
``uri``, plus one label per ``rdf:type`` (its local name) and per superclass the ontology
gives it; literals become typed properties named by the predicate's local name; SKOS
concepts of Dyad's controlled lists become string properties (``eventType: 'suspension'``);
other IRIs objects become relationships in UPPER_SNAKE case carrying the ``predicate``
(a prefixed name such as ``dyad:actor`` where :data:`COMPACT_PREFIXES` has one, else the IRI). Each node records in ``graphs`` the named graphs (source documents) that support it, and
each relationship too where they differ from its node's, and each node keeps in ``rdf`` its non-relationship statements in Turtle
form (N-Triples with prefixed names) with the graphs supporting each (the ledger), so that :mod:`dyad.neo4j.dump` can rebuild the RDF.
The networkx view of the exports names attributes the same way.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from dyad.errors import SyncError
from dyad.store import ONTOLOGY_GRAPH, DyadStore
from dyad.vocabulary.namespaces import (
    AGENT_KIND,
    AGREEMENT_STATUS,
    CERTAINTY,
    DYAD,
    EVENT_STATUS,
    EVENT_TYPE,
    PREFIXES,
    QUAD_CLASS,
    TRANSPORT_MODE,
)

#: Bumped whenever the mapping changes, so that the next sync rewrites every graph.
MAPPING_VERSION = "5"  # 5: prefixed names in ``rdf`` entries and relationship ``predicate`` (4: no graphs on a relationship stated by all of its node's)
CONCEPT_BASE = "https://w3id.org/dyad/ontology/"
RESOURCE = "Resource"
STATE_LABEL = "DyadSyncState"
#: Node properties the mapping itself uses; a predicate whose local name collides gets ``rdf_`` in front.
RESERVED_KEYS = frozenset({"uri", "graphs", "rdf"})
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {f"{_XSD}{name}" for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "negativeInteger",
    "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
_FLOATS = {f"{_XSD}decimal", f"{_XSD}double", f"{_XSD}float"}
IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_INT64 = (-(2**63), 2**63 - 1)
#: Namespaces written as prefixed names in ``rdf`` entries and in relationships' ``predicate``: a full IRI
#: there is 40-60 characters, repeated on every node and relationship (the importer wrote them as
#: separate string records). Part of the mapping: changing this table is a new mapping version.
COMPACT_PREFIXES: dict[str, str] = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": _XSD,
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "dyad": str(DYAD),
    "etype": str(EVENT_TYPE),
    "estatus": str(EVENT_STATUS),
    "mode": str(TRANSPORT_MODE),
    "certainty": str(CERTAINTY),
    "astatus": str(AGREEMENT_STATUS),
    "akind": str(AGENT_KIND),
    "quad": str(QUAD_CLASS),
}
# A local part every Turtle parser reads as it is (a subset of PN_LOCAL, without escapes).
_PLAIN_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_BY_LENGTH = sorted(COMPACT_PREFIXES.items(), key=lambda item: -len(item[1]))
_TURTLE_PREFIXES = "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in COMPACT_PREFIXES.items())


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``.

    >>> local_name("https://w3id.org/dyad/ontology#concernsDyad")
    'concernsDyad'
    """
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


@functools.lru_cache(maxsize=65536)
def compact_iri(iri: str) -> str:
    """An IRI as a Turtle term: a prefixed name of :data:`COMPACT_PREFIXES` where one reads back as it is, else ``<iri>``.

    >>> compact_iri("https://w3id.org/dyad/ontology#goldstein")
    'dyad:goldstein'
    >>> compact_iri("http://example.org/p")
    '<http://example.org/p>'
    """
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace) and _PLAIN_LOCAL.match(iri, len(namespace)):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


@functools.lru_cache(maxsize=65536)
def compact_predicate(iri: str) -> str:
    """What a relationship's ``predicate`` holds: a prefixed name, else the IRI (in ``<>`` if it would read as one).

    >>> compact_predicate("http://www.w3.org/ns/prov#wasDerivedFrom")
    'prov:wasDerivedFrom'
    >>> compact_predicate("http://example.org/p")
    'http://example.org/p'
    """
    compact = compact_iri(iri)
    if not compact.startswith("<"):
        return compact
    return iri if expand_predicate(iri) == iri else compact


@functools.lru_cache(maxsize=65536)
def expand_predicate(predicate: str) -> str:
    """The IRI of a relationship's ``predicate`` (the inverse of :func:`compact_predicate`).

    >>> expand_predicate("dyad:concernsDyad")
    'https://w3id.org/dyad/ontology#concernsDyad'
    """
    if predicate.startswith("<") and predicate.endswith(">"):
        return predicate[1:-1]
    prefix, colon, local = predicate.partition(":")
    namespace = COMPACT_PREFIXES.get(prefix) if colon else None
    return namespace + local if namespace is not None and _PLAIN_LOCAL.match(local) else predicate


def ledger_object(obj: ox.NamedNode | ox.Literal | ox.BlankNode) -> str:
    """The object of an ``rdf`` entry in Turtle: N-Triples with the IRIs of classes, concepts and datatypes prefixed."""
    if isinstance(obj, ox.NamedNode):
        return compact_iri(obj.value)
    text = str(obj)
    if isinstance(obj, ox.Literal) and obj.language is None and text.endswith(">"):
        datatype = obj.datatype.value  # the N-Triples form ends with ^^<datatype>
        return f"{text[:-len(datatype) - 4]}^^{compact_iri(datatype)}"
    return text


def relationship_type(predicate_iri: str) -> str:
    """The relationship type for an object property.

    >>> relationship_type("https://w3id.org/dyad/ontology#concernsDyad")
    'CONCERNS_DYAD'
    >>> relationship_type("http://www.w3.org/ns/prov#wasDerivedFrom")
    'WAS_DERIVED_FROM'
    """
    name = re.sub(r"[^A-Za-z0-9]+", "_", local_name(predicate_iri))
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper().strip("_")
    return name if IDENTIFIER.match(name or "") else "RELATED_TO"


def node_label(class_iri: str) -> str | None:
    """The label for a class (its local name), or None when it cannot be one.

    >>> node_label("https://w3id.org/dyad/ontology#Event")
    'Event'
    """
    name = re.sub(r"[^A-Za-z0-9_]", "_", local_name(class_iri))
    return name if IDENTIFIER.match(name) else None


def property_key(predicate_iri: str) -> str:
    """The property name for a datatype property (its local name).

    >>> property_key("https://w3id.org/dyad/ontology#goldstein")
    'goldstein'
    """
    name = re.sub(r"[^A-Za-z0-9_]", "_", local_name(predicate_iri))
    name = name if IDENTIFIER.match(name) else "value"
    return f"rdf_{name}" if name in RESERVED_KEYS else name


def _prefixed_key(predicate_iri: str) -> str:
    """``dcterms_date`` for a predicate whose local name another predicate of the node already uses."""
    base = property_key(predicate_iri)
    for prefix, namespace in PREFIXES.items():
        if predicate_iri.startswith(str(namespace)):
            return f"{prefix}_{base}"
    return f"p{hashlib.sha1(predicate_iri.encode()).hexdigest()[:6]}_{base}"


def safe_identifier(identifier: str) -> str:
    """Backtick-quote a label or type after checking it is a plain identifier (labels cannot be parameters)."""
    if not IDENTIFIER.match(identifier):
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


@dataclass
class NodeDescription:
    """What Neo4j should hold for one subject."""

    uri: str
    labels: set[str] = field(default_factory=set)
    properties: dict[str, object] = field(default_factory=dict)
    relationships: list[tuple[str, str, str, list[str]]] = field(default_factory=list)  # type, target, compact predicate, graphs
    graphs: set[str] = field(default_factory=set)
    statements: int = 0
    _ordered: list[str] | None = field(default=None, repr=False, compare=False)

    def graph_list(self) -> list[str]:
        """``graphs`` sorted, as Neo4j holds it: sorted once (a hub has thousands) and shared by whoever needs it."""
        if self._ordered is None or len(self._ordered) != len(self.graphs):
            self._ordered = sorted(self.graphs)
        return self._ordered


def node_key(term: object) -> str | None:
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return None


def _subject_term(uri: str) -> ox.NamedNode | ox.BlankNode:
    return ox.BlankNode(uri[2:]) if uri.startswith("_:") else ox.NamedNode(uri)


def is_ledger_statement(predicate: str, obj: object) -> bool:
    """Literals, types and concepts are kept on the node; other IRIs and blank nodes become relationships."""
    return isinstance(obj, ox.Literal) or (
        isinstance(obj, ox.NamedNode) and (predicate == _RDF_TYPE or obj.value.startswith(CONCEPT_BASE))
    )


@dataclass
class NodeSupport:
    """A subject's statements with the graphs supporting each: the node's ledger and its outgoing relationships."""

    uri: str
    ledger: dict[str, set[str]] = field(default_factory=dict)  # "p object" (Turtle, prefixed: an rdf entry) -> graphs
    terms: dict[str, tuple[str, object]] = field(default_factory=dict)  # same key -> (predicate IRI, object term)
    relationships: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # (compact predicate, target) -> graphs

    def add(self, predicate: str, obj: object, graph: str) -> None:
        if is_ledger_statement(predicate, obj):
            key = f"{compact_iri(predicate)} {ledger_object(obj)}"  # type: ignore[arg-type]
            self.ledger.setdefault(key, set()).add(graph)
            self.terms.setdefault(key, (predicate, obj))
        else:
            target = node_key(obj)
            if target is not None:  # keyed as Neo4j holds it, so that what the writer reads back matches
                self.relationships.setdefault((compact_predicate(predicate), target), set()).add(graph)

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
        ordered = description.graph_list()
        for (predicate, target), supporting in sorted(support.relationships.items()):
            rel_type = self._types.get(predicate)
            if rel_type is None:
                rel_type = self._types[predicate] = relationship_type(expand_predicate(predicate))
            relationships.append((rel_type, target, predicate, ordered if supporting == graphs else sorted(supporting)))
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
    for quad in store.quads_for_pattern(None, ox.NamedNode(_RDFS_SUBCLASS), None, ox.NamedNode(str(ONTOLOGY_GRAPH))):
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
    for quad in store.quads_for_pattern(_subject_term(uri), None, None, None):
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
    text = _TURTLE_PREFIXES + "".join(f"<urn:dyad:s> {statement} .\n" for statement in keys)
    try:
        triples = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    except SyntaxError as error:
        raise SyncError(f"the rdf property of Neo4j node {uri} is not what Dyad writes ({error}); re-sync from an empty database") from error
    for statement, triple, graphs in zip(keys, triples, graph_lists):
        support.ledger[statement] = graphs
        support.terms[statement] = (triple.predicate.value, triple.object)
    return support
