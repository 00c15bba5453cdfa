"""Validate new documents against a large store without re-validating the store.

Plain SHACL engines validate every focus node of the data graph, so loading one article into
a store of millions of triples re-checks everything (and pySHACL checks a few thousand nodes a
second). Dyad validates only what can change, on the store's own SPARQL engine:

* **core shapes** (cardinality, datatype, class, ``sh:in``, pattern, ranges, ``sh:or`` of
  datatypes...) are translated to one SPARQL SELECT per constraint and run on the store for
  the nodes the new documents touch: the subjects of their triples and of the versions they
  replace, and the nodes pointing to a node that lost a type. Node shapes using anything
  else run in pySHACL, on a slice of the store holding those nodes, the nodes they point to
  and those nodes' types;
* **SHACL-SPARQL constraints** (the cross-document rules) run on the store for the touched
  nodes and for the nodes a rule's ``shapes:incrementalFocus`` query says may change with
  them. A SPARQL constraint without that hint (a user's own) is checked on all of its
  targets: still right, only slower.

The new documents are added to temporary staging graphs (``urn:dyad:staging:...``, in the
write-ahead log only, never flushed) for the duration of the check and removed after it,
whatever the outcome; the versions they replace are hidden from every query. The same
machinery validates a whole store (:func:`validate_whole_store`, what ``dyad validate`` runs on
a store). Tests check both against plain pySHACL on the union of all graphs.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from dyad.store import REFERENCE_GRAPHS, DyadStore, from_ox, to_ox
from dyad.validation import (
    ValidationReport, ValidationResult, compact, path_text, shape_name, shapes_graph, sort_results, term_text,
    validate_graph,
)

log = logging.getLogger(__name__)

SHAPES = "https://w3id.org/dyad/shapes#"
INCREMENTAL_FOCUS = URIRef(SHAPES + "incrementalFocus")
STORE_SELECT = URIRef(SHAPES + "storeSelect")
STAGING_PREFIX = "urn:dyad:staging:"
BATCH_SIZE = 4000  # nodes per VALUES block
SLICE_BATCH_SIZE = 20000  # focus nodes per closed slice given to pySHACL
_OX_TYPE = ox.NamedNode(str(RDF.type))


@dataclass(frozen=True)
class DocumentToValidate:
    """A document graph about to be stored as the named graph ``name``."""

    name: URIRef
    graph: Graph
    origin: str | None = None  # the file it was read from, for reports
    locations: Mapping[str, str] = field(default_factory=dict)  # node IRI -> "file:line"


@dataclass(frozen=True)
class SparqlConstraint:
    """One ``sh:sparql`` constraint of a shape, ready to run on the store's SPARQL engine."""

    shape: Node
    constraint: Node
    select: str  # with PREFIX lines, $this written as ?this
    message: str | None
    severity: URIRef
    target_classes: tuple[URIRef, ...]
    target_nodes: tuple[Node, ...]
    path: Node | None
    focus_query: str | None  # shapes:incrementalFocus, with PREFIX lines
    component: URIRef = SH.SPARQLConstraintComponent  # for the SHACL report
    translated: bool = False  # a core constraint Dyad translated to SPARQL (its focus nodes: the touched ones)


@dataclass(frozen=True)
class CompiledShapes:
    """A shapes graph split into what pySHACL checks on slices and what the store's engine checks."""

    shapes: Graph  # the full shapes graph (for readable names)
    core: Graph  # the shapes without their sh:sparql constraints
    sparql: tuple[SparqlConstraint, ...]
    target_classes: frozenset[URIRef]
    target_nodes: frozenset[Node]
    target_subjects_of: frozenset[URIRef]
    target_objects_of: frozenset[URIRef]
    advanced: bool  # the shapes use SHACL-AF (rules, SPARQL targets): pySHACL must run in advanced mode


@lru_cache(maxsize=8)
def _compiled(extra_shapes: tuple[str, ...]) -> CompiledShapes:
    return compile_shapes(shapes_graph(extra_shapes))


def compiled_shapes(extra_shapes: Iterable[Path | str] = ()) -> CompiledShapes:
    """Dyad's shapes plus the user's, compiled for incremental validation (cached)."""
    return _compiled(tuple(str(p) for p in extra_shapes))


def compile_shapes(shapes: Graph) -> CompiledShapes:
    translated, untranslatable = _translate_core_shapes(shapes)
    core = Graph()
    for triple in shapes:
        if triple[1] == SH.sparql:
            continue
        if triple[1] in _TARGETS and triple[0] not in untranslatable:
            continue  # checked as SPARQL on the store; pySHACL keeps only what Dyad cannot translate
        core.add(triple)
    constraints = list(translated)
    for shape, constraint in shapes.subject_objects(SH.sparql):
        if shapes.value(constraint, SH.deactivated) == Literal(True) or shapes.value(shape, SH.deactivated) == Literal(True):
            continue
        # shapes:storeSelect: the same constraint written for a store-wide engine (Dyad's hint)
        select = shapes.value(constraint, STORE_SELECT) or shapes.value(constraint, SH.select)
        if select is None:
            log.warning("shape %s: sh:sparql without sh:select is not supported; skipped", shape)
            continue
        prefixes = _prefix_lines(shapes, constraint)
        focus = shapes.value(constraint, INCREMENTAL_FOCUS)
        messages = list(shapes.objects(constraint, SH.message)) or list(shapes.objects(shape, SH.message))
        english = [m for m in messages if isinstance(m, Literal) and m.language == "en"]
        constraints.append(SparqlConstraint(
            shape=shape,
            constraint=constraint,
            select=prefixes + _this_as_variable(str(select)),
            message=str(english[0]) if english else (str(messages[0]) if messages else None),
            severity=shapes.value(shape, SH.severity) or SH.Violation,
            target_classes=tuple(shapes.objects(shape, SH.targetClass))
            + ((shape,) if (shape, RDF.type, RDFS.Class) in shapes else ()),
            target_nodes=tuple(shapes.objects(shape, SH.targetNode)),
            path=shapes.value(shape, SH.path),
            focus_query=prefixes + str(focus) if focus is not None else None,
        ))
    return CompiledShapes(
        shapes=shapes,
        core=core,
        sparql=tuple(constraints),
        target_classes=frozenset(core.objects(None, SH.targetClass)),
        target_nodes=frozenset(core.objects(None, SH.targetNode)),
        target_subjects_of=frozenset(core.objects(None, SH.targetSubjectsOf)),
        target_objects_of=frozenset(core.objects(None, SH.targetObjectsOf)),
        advanced=any(True for _ in shapes.triples((None, SH.rule, None)))
        or any(True for _ in shapes.triples((None, SH.target, None))),
    )


# ---------------------------------------------------------------------- core shapes as SPARQL
# pySHACL checks a few thousand nodes a second; the store's SPARQL engine checks the same
# constraints on millions of triples in seconds. Property shapes made of the common core
# constraints are translated to one SELECT per constraint (returning ?this and ?value);
# a node shape using anything else is left to pySHACL, whole.

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
_NODE_SHAPE_KEYS = {RDF.type, SH.targetClass, SH.targetNode, SH.property, SH.sparql, SH.severity, SH.message,
                    RDFS.comment, RDFS.label, SH.name, SH.description, SH.deactivated}
_PROPERTY_KEYS = {RDF.type, SH.path, SH.message, SH.severity, SH.name, SH.description, RDFS.comment, RDFS.label,
                  SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH["in"], SH.pattern, SH.flags,
                  SH.minInclusive, SH.maxInclusive, SH.minLength, SH.lessThan, SH["or"]}
_RDFS_SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"


def _sparql_path(shapes: Graph, path: Node) -> str | None:
    if isinstance(path, URIRef):
        return str(to_ox(path))
    inverse = shapes.value(path, SH.inversePath)
    if isinstance(inverse, URIRef):
        return "^" + str(to_ox(inverse))
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        steps = [_sparql_path(shapes, step) for step in Collection(shapes, alternatives)]
        return "(" + "|".join(steps) + ")" if steps and all(steps) else None  # type: ignore[arg-type]
    return None


def _term(node: Node) -> str:
    return str(to_ox(node))


def _or_datatypes(shapes: Graph, options: Node) -> list[URIRef] | None:
    datatypes = []
    for option in Collection(shapes, options):
        keys = set(shapes.predicates(option, None))
        datatype = shapes.value(option, SH.datatype)
        if keys != {SH.datatype} or not isinstance(datatype, URIRef):
            return None
        datatypes.append(datatype)
    return datatypes


def _translate_core_shapes(shapes: Graph) -> tuple[list[SparqlConstraint], set[Node]]:
    """SPARQL constraints for the translatable node shapes, and the node shapes left to pySHACL."""
    translated: list[SparqlConstraint] = []
    untranslatable: set[Node] = set()
    for shape in set(shapes.subjects(SH.targetClass, None)) | set(shapes.subjects(SH.targetNode, None)) | {
        s for p in (SH.targetSubjectsOf, SH.targetObjectsOf, SH.target) for s in shapes.subjects(p, None)
    }:
        parts = _translate_node_shape(shapes, shape)
        if parts is None:
            untranslatable.add(shape)
        else:
            translated.extend(parts)
    return translated, untranslatable


def _translate_node_shape(shapes: Graph, shape: Node) -> list[SparqlConstraint] | None:
    if set(shapes.predicates(shape, None)) - _NODE_SHAPE_KEYS:
        return None
    classes = tuple(shapes.objects(shape, SH.targetClass))
    nodes = tuple(shapes.objects(shape, SH.targetNode))
    # DISTINCT sub-selects: a node restated in many documents (a country, the loader run) has
    # one quad per named graph, and the union graph would otherwise repeat it in every join.
    target = "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(
        [f"{{ ?this a/{_RDFS_SUBCLASS}* {_term(c)} }}" for c in classes] + [f"{{ VALUES ?this {{ {_term(n)} }} }}" for n in nodes]
    ) + " } }"
    parts: list[SparqlConstraint] = []
    for prop in shapes.objects(shape, SH.property):
        if shapes.value(prop, SH.deactivated) == Literal(True):
            continue
        if set(shapes.predicates(prop, None)) - _PROPERTY_KEYS:
            return None
        path_node = shapes.value(prop, SH.path)
        path = _sparql_path(shapes, path_node) if path_node is not None else None
        if path is None:
            return None
        checks = _property_checks(shapes, prop, path, target)
        if checks is None:
            return None
        messages = list(shapes.objects(prop, SH.message)) or list(shapes.objects(shape, SH.message))
        english = [m for m in messages if isinstance(m, Literal) and m.language == "en"]
        for component, body in checks:
            parts.append(SparqlConstraint(
                shape=prop, constraint=prop,
                select=f"SELECT DISTINCT ?this ?value WHERE {{ {target} {body} }}",
                message=str(english[0]) if english else (str(messages[0]) if messages else None),
                severity=shapes.value(prop, SH.severity) or shapes.value(shape, SH.severity) or SH.Violation,
                target_classes=classes, target_nodes=nodes, path=path_node, focus_query=None,
                component=component, translated=True,
            ))
    return parts


def _property_checks(shapes: Graph, prop: Node, path: str, target: str) -> list[tuple[URIRef, str]] | None:
    """(component, WHERE body after the target) for each constraint of a property shape."""
    checks: list[tuple[URIRef, str]] = []
    value = f"{{ SELECT DISTINCT ?this ?value WHERE {{ ?this {path} ?value }} }}"
    low, high = shapes.value(prop, SH.minCount), shapes.value(prop, SH.maxCount)
    if low is not None and int(low) > 0:
        count = f"{{ SELECT ?this (COUNT(DISTINCT ?v) AS ?n) WHERE {{ ?this {path} ?v }} GROUP BY ?this }}"
        checks.append((SH.MinCountConstraintComponent,
                       f"OPTIONAL {count} BIND(COALESCE(?n, 0) AS ?count) FILTER(?count < {int(low)})"))
    if high is not None:
        count = f"{{ SELECT ?this (COUNT(DISTINCT ?v) AS ?n) WHERE {{ ?this {path} ?v }} GROUP BY ?this }}"
        checks.append((SH.MaxCountConstraintComponent, f"{count} FILTER(?n > {int(high)})"))
    datatype = shapes.value(prop, SH.datatype)
    if datatype is not None:
        checks.append((SH.DatatypeConstraintComponent,
                       f"{value} FILTER(!isLiteral(?value) || DATATYPE(?value) != {_term(datatype)})"))
    klass = shapes.value(prop, SH["class"])
    if klass is not None:
        # The values lacking the class are found once, as a set difference, then joined back to their
        # focus nodes. A per-row FILTER NOT EXISTS {?value a/subClassOf* C} took oxigraph minutes at 1M
        # quads for one value typed in every document graph (the loader run); this takes 0.1 s.
        failing = (f"{{ SELECT DISTINCT ?value WHERE {{ {{ SELECT DISTINCT ?value WHERE {{ {value} }} }} "
                   f"MINUS {{ {{ SELECT ?type WHERE {{ ?type {_RDFS_SUBCLASS}* {_term(klass)} }} }} ?value a ?type }} }} }}")
        checks.append((SH.ClassConstraintComponent, f"{value} {failing}"))
    allowed = shapes.value(prop, SH["in"])
    if allowed is not None:
        members = [f"sameTerm(?value, {_term(v)})" for v in Collection(shapes, allowed)]
        checks.append((SH.InConstraintComponent, f"{value} FILTER(!({' || '.join(members) or 'false'}))"))
    pattern = shapes.value(prop, SH.pattern)
    if pattern is not None:
        flags = shapes.value(prop, SH.flags)
        regex = f"REGEX(STR(?value), {_term(Literal(str(pattern)))}" + (f", {_term(Literal(str(flags)))})" if flags else ")")
        checks.append((SH.PatternConstraintComponent, f"{value} FILTER(isBlank(?value) || !{regex})"))
    for predicate, operator, component in ((SH.minInclusive, ">=", SH.MinInclusiveConstraintComponent),
                                           (SH.maxInclusive, "<=", SH.MaxInclusiveConstraintComponent)):
        bound = shapes.value(prop, predicate)
        if bound is not None:
            checks.append((component, f"{value} FILTER(!COALESCE(?value {operator} {_term(bound)}, false))"))
    length = shapes.value(prop, SH.minLength)
    if length is not None:
        checks.append((SH.MinLengthConstraintComponent, f"{value} FILTER(isBlank(?value) || STRLEN(STR(?value)) < {int(length)})"))
    other = shapes.value(prop, SH.lessThan)
    if other is not None:
        if not isinstance(other, URIRef):
            return None
        checks.append((SH.LessThanConstraintComponent,
                       f"{value} ?this {_term(other)} ?other . FILTER(!COALESCE(?value < ?other, false))"))
    options = shapes.value(prop, SH["or"])
    if options is not None:
        datatypes = _or_datatypes(shapes, options)
        if datatypes is None:
            return None
        allowed_types = ", ".join(_term(d) for d in datatypes)
        checks.append((SH.OrConstraintComponent, f"{value} FILTER(!isLiteral(?value) || !(DATATYPE(?value) IN ({allowed_types})))"))
    return checks


def _prefix_lines(shapes: Graph, constraint: Node) -> str:
    lines = []
    for holder in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(holder, SH.declare):
            prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: <{namespace}>\n")
    return "".join(lines)


def _this_as_variable(select: str) -> str:
    return re.sub(r"\$this\b", "?this", select)


# ---------------------------------------------------------------------- a view of the store


class _StoreView:
    """The store as it would be with the staged documents in and the versions they replace out."""

    def __init__(self, store: DyadStore, hidden: Iterable[URIRef] = ()) -> None:
        self.oxigraph = store.oxigraph
        self.hidden = {str(name) for name in hidden}
        self._types: dict[Node, set[Node]] = {}

    def _dataset(self) -> dict:
        if not self.hidden:
            return {"use_default_graph_as_union": True}
        graphs = [g for g in self.oxigraph.named_graphs() if not (isinstance(g, ox.NamedNode) and g.value in self.hidden)]
        return {"default_graph": graphs}

    def select(self, sparql: str) -> Iterator[dict[str, Node | None]]:
        solutions = self.oxigraph.query(sparql, **self._dataset())
        names = [v.value for v in solutions.variables]
        for solution in solutions:
            yield {name: from_ox(solution[name]) for name in names}

    def triples_from(self, node: Node) -> set[tuple[Node, Node, Node]]:
        triples = set()
        for quad in self.oxigraph.quads_for_pattern(to_ox(node), None, None, None):
            if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value in self.hidden:
                continue
            triples.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
        return triples  # type: ignore[return-value]

    def types_of(self, node: Node) -> set[tuple[Node, Node, Node]]:
        triples = set()
        for quad in self.oxigraph.quads_for_pattern(to_ox(node), _OX_TYPE, None, None):
            if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value in self.hidden:
                continue
            triples.add((node, RDF.type, from_ox(quad.object)))
        return triples  # type: ignore[return-value]

    def graph_of(self, node: Node) -> str | None:
        """The first document graph holding a triple about ``node`` (reference graphs last)."""
        found = None
        for quad in self.oxigraph.quads_for_pattern(to_ox(node), None, None, None):
            name = quad.graph_name
            if isinstance(name, ox.NamedNode) and name.value not in self.hidden:
                if URIRef(name.value) not in REFERENCE_GRAPHS:
                    return name.value
                found = found or name.value
        return found


def _values(variable: str, nodes: Iterable[Node]) -> str:
    return f"VALUES ?{variable} {{ " + " ".join(str(to_ox(n)) for n in nodes) + " }"


def _with_values(sparql: str, variable: str, nodes: Sequence[Node]) -> str:
    """``sparql`` with ``VALUES ?variable {...}`` at the start of each of its WHERE clauses.

    Sub-selects get it too, so that an aggregate over the focus node (which SHACL requires a
    sub-select to project) is computed for the given nodes only, not for the whole store.
    """
    values = " " + _values(variable, nodes) + " "
    wheres = list(re.finditer(r"\bWHERE\s*\{", sparql, flags=re.IGNORECASE))
    selects = [m.end() for m in re.finditer(r"\bSELECT\b", sparql, flags=re.IGNORECASE)]
    text, count, last = "", 0, 0
    for index, where in enumerate(wheres):
        projection = sparql[max([s for s in selects if s < where.start()], default=0):where.start()]
        if index == 0 or f"?{variable}" in projection or f"${variable}" in projection:
            text += sparql[last:where.end()] + values  # the outer query, and sub-selects that project the variable
            last = where.end()
            count += 1
    text += sparql[last:]
    if count == 0:
        match = re.search(r"\{", sparql)
        if match is None:
            raise ValueError("the query has no WHERE clause")
        text = sparql[: match.end()] + values + sparql[match.end():]
    return text


def _chunks(items: Sequence[Node], size: int) -> Iterator[Sequence[Node]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


# ---------------------------------------------------------------------- the checks


def _slice(
    view: _StoreView, focus: Iterable[Node], subclass_triples: Iterable[tuple[Node, Node, Node]], *, closed: bool = False,
) -> Graph:
    """The focus nodes' triples, and the triples of every node they point to (blank nodes in full).

    ``closed`` also adds the types of the nodes those point to, so that every target node in
    the slice can be validated on it (no focus restriction needed).
    """
    graph = Graph()
    seen: set[Node] = set()
    frontier = list(focus)
    depth = {node: 0 for node in frontier}
    second: set[Node] = set()
    while frontier:
        node = frontier.pop()
        if node in seen:
            continue
        seen.add(node)
        for triple in view.triples_from(node):
            graph.add(triple)
            target = triple[2]
            if isinstance(target, Literal) or target in seen:
                continue
            if depth[node] == 0 or isinstance(target, BNode):
                depth.setdefault(target, depth[node] + 1)
                frontier.append(target)
            elif closed:
                second.add(target)
    for node in second - seen:
        for triple in view.types_of(node):
            graph.add(triple)
    for triple in subclass_triples:
        graph.add(triple)
    return graph


def _subclass_triples(view: _StoreView) -> list[tuple[Node, Node, Node]]:
    rows = view.select("SELECT ?a ?b WHERE { ?a <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?b }")
    return [(row["a"], RDFS.subClassOf, row["b"]) for row in rows if row["a"] is not None and row["b"] is not None]


def _targets(view: _StoreView, constraint: SparqlConstraint, nodes: Sequence[Node] | None) -> set[Node]:
    """Which of ``nodes`` (None: any node) are targets of the constraint's shape."""
    found: set[Node] = set(constraint.target_nodes) if nodes is None else {n for n in nodes if n in constraint.target_nodes}
    if constraint.target_classes:
        query = (
            "SELECT DISTINCT ?n WHERE { " + _values("c", constraint.target_classes)
            + " ?n a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?c }"
        )
        for chunk in ([None] if nodes is None else list(_chunks(list(nodes), BATCH_SIZE))):
            text = query if chunk is None else _with_values(query, "n", chunk)
            found.update(row["n"] for row in view.select(text) if row["n"] is not None)
    return found


def _run_sparql_constraint(
    view: _StoreView, constraint: SparqlConstraint, focus: Sequence[Node] | None, shapes: Graph,
) -> tuple[list[ValidationResult], Graph]:
    """Evaluate one SHACL-SPARQL constraint on the store for ``focus`` (None: every target)."""
    # A translated constraint's query selects its targets itself; a SHACL-SPARQL one is filtered here.
    targets = None if constraint.translated else _targets(view, constraint, focus)
    if targets is not None and not targets:
        return [], Graph()
    results: list[ValidationResult] = []
    report = Graph()
    seen: set[tuple] = set()
    chosen = sorted(targets) if targets is not None else (sorted(focus) if focus is not None else None)
    if chosen is not None and not chosen:
        return [], Graph()
    queries = [constraint.select] if focus is None else [
        _with_values(constraint.select, "this", chunk) for chunk in _chunks(chosen, BATCH_SIZE)  # type: ignore[arg-type]
    ]
    for query in queries:
        for row in view.select(query):
            this = row.get("this")
            if this is None or (targets is not None and this not in targets):
                continue
            value = row.get("value")
            path = row.get("path") or constraint.path
            key = (this, value, path)
            if key in seen:
                continue
            seen.add(key)
            message = _substitute(constraint.message, row) if constraint.message else "does not conform"
            node = BNode()
            report.add((node, RDF.type, SH.ValidationResult))
            report.add((node, SH.focusNode, this))
            report.add((node, SH.resultSeverity, constraint.severity))
            report.add((node, SH.sourceConstraintComponent, constraint.component))
            report.add((node, SH.sourceShape, constraint.shape))
            if not constraint.translated:
                report.add((node, SH.sourceConstraint, constraint.constraint))
            if isinstance(path, BNode):
                _copy_description(shapes, path, report)
            report.add((node, SH.resultMessage, Literal(message, lang="en")))
            if value is not None:
                report.add((node, SH.value, value))
            if path is not None:
                report.add((node, SH.resultPath, path))
            results.append(ValidationResult(
                severity=compact(constraint.severity).removeprefix("sh:"),
                focus_node=term_text(this) or "",
                path=path_text(shapes, path) if path is not None else None,
                value=term_text(value),
                message=message,
                shape=shape_name(shapes, constraint.shape),
            ))
    return results, report


def _substitute(message: str, row: Mapping[str, Node | None]) -> str:
    def replace(match: re.Match[str]) -> str:
        value = row.get(match.group(1))
        return str(value) if value is not None else match.group(0)

    return re.sub(r"\{[?$](\w+)\}", replace, message)


def _affected_focus(view: _StoreView, compiled: CompiledShapes, touched: Sequence[Node]) -> dict[int, set[Node]]:
    """For each SPARQL constraint (by index), the focus nodes whose result may change (None-hinted: all)."""
    affected: dict[int, set[Node]] = {}
    for index, constraint in enumerate(compiled.sparql):
        if constraint.focus_query is None:
            continue
        nodes: set[Node] = set(touched)
        for chunk in _chunks(list(touched), BATCH_SIZE):
            nodes.update(row["this"] for row in view.select(_with_values(constraint.focus_query, "touched", chunk)) if row.get("this") is not None)
        affected[index] = nodes
    return affected


def _locate(results: list[ValidationResult], view: _StoreView, staged: Mapping[str, DocumentToValidate]) -> list[ValidationResult]:
    """Fill in each result's document (named graph) and source (file:line where known)."""
    located = []
    cache: dict[str, str | None] = {}
    for result in results:
        if result.focus_node not in cache:
            cache[result.focus_node] = view.graph_of(URIRef(result.focus_node)) if result.focus_node.startswith(("http", "urn")) else None
        graph = cache[result.focus_node]
        document = staged[graph] if graph in staged else None
        name = str(document.name) if document else graph
        where = (document.locations.get(result.focus_node) or document.origin) if document else None
        located.append(ValidationResult(
            severity=result.severity, focus_node=result.focus_node, path=result.path, value=result.value,
            message=result.message, shape=result.shape, source=where or name, document=name,
        ))
    return located


def _stage(store: DyadStore, staged: Mapping[str, DocumentToValidate]) -> None:
    # Written straight to the store without a flush: staging lives in the write-ahead log
    # and memory only, and leaves no files behind once it is dropped.
    for name, document in staged.items():
        graph_name = ox.NamedNode(name)
        store.oxigraph.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph_name) for s, p, o in document.graph)


def _unstage(store: DyadStore, staged: Mapping[str, DocumentToValidate]) -> None:
    for name in staged:
        store.oxigraph.remove_graph(ox.NamedNode(name))


def validate_documents(
    store: DyadStore,
    documents: Sequence[DocumentToValidate],
    *,
    extra_shapes: Iterable[Path | str] = (),
) -> ValidationReport:
    """Validate documents about to be stored, against the shapes and the rest of the store.

    The result equals a full validation of the store as it would be after the load,
    restricted to the problems that the load can change (everything else was already
    validated when it was loaded). Nothing in the store changes.
    """
    compiled = compiled_shapes(extra_shapes)
    replaced = [doc.name for doc in documents if store.has_graph(doc.name)]
    pre_view = _StoreView(store)
    old_touched: set[Node] = set()
    old_types: set[tuple[Node, Node]] = set()
    for name in replaced:
        for s, p, o in store.graph(name):
            if isinstance(s, URIRef):
                old_touched.add(s)
                if p == RDF.type:
                    old_types.add((s, o))
    pre_affected = _affected_focus(pre_view, compiled, sorted(old_touched)) if old_touched else {}

    run = uuid.uuid4().hex
    staged = {f"{STAGING_PREFIX}{run}/{index}": doc for index, doc in enumerate(documents)}
    _stage(store, staged)
    try:
        view = _StoreView(store, hidden=replaced)
        touched = sorted(old_touched | {s for doc in documents for s in doc.graph.subjects() if isinstance(s, URIRef)})
        # A node that lost a type (its old version said it, nothing says it now) can break an
        # sh:class constraint of the nodes pointing to it: they are validated too.
        untyped = sorted({node for node, klass in old_types if (node, RDF.type, klass) not in view.types_of(node)})
        if untyped:
            pointing = set()
            for chunk in _chunks(untyped, BATCH_SIZE):
                pointing.update(row["this"] for row in view.select(_with_values("SELECT DISTINCT ?this WHERE { ?this ?p ?x }", "x", chunk))
                                if isinstance(row.get("this"), URIRef))
            touched = sorted(set(touched) | pointing)
        affected = _affected_focus(view, compiled, touched)
        report = _validate(view, compiled, touched, affected, pre_affected)
        report.results = sort_results(_locate(report.results, view, staged))
    finally:
        _unstage(store, staged)
    report.checked = [doc.origin or str(doc.name) for doc in documents]
    return report


def _validate(
    view: _StoreView,
    compiled: CompiledShapes,
    core_focus: Sequence[Node] | None,
    affected: Mapping[int, set[Node]] | None = None,
    pre_affected: Mapping[int, set[Node]] | None = None,
) -> ValidationReport:
    """Core shapes on ``core_focus`` (None: every target, in batches), SPARQL constraints on what may change."""
    report_graph = Graph()
    results: list[ValidationResult] = []
    conforms = True
    subclass = _subclass_triples(view)
    # pySHACL's own focus-node option also filters the value nodes of nested shapes (sh:or,
    # sh:node...), which then pass unchecked; so each batch is validated on a closed slice,
    # where every target node is complete, and only the batch's own results are kept.
    has_untranslated = bool(compiled.target_classes or compiled.target_nodes or compiled.target_subjects_of
                            or compiled.target_objects_of or compiled.advanced)
    focus = (list(core_focus) if core_focus is not None else _all_core_targets(view, compiled)) if has_untranslated else []
    for batch in _chunks(focus, SLICE_BATCH_SIZE):
        members = {str(n) for n in batch}
        part = validate_graph(_slice(view, batch, subclass, closed=True), shapes=compiled.core, advanced=compiled.advanced)
        kept = [r for r in part.results if r.focus_node in members]
        conforms = conforms and not any(r.severity == "Violation" for r in kept)
        results.extend(kept)
        if part.report_graph is not None:
            for result in part.report_graph.subjects(RDF.type, SH.ValidationResult):
                if str(part.report_graph.value(result, SH.focusNode)) in members:
                    _copy_description(part.report_graph, result, report_graph)
    for index, constraint in enumerate(compiled.sparql):
        if core_focus is not None and constraint.translated:
            nodes = list(core_focus)  # a core constraint: only the touched nodes can change
        elif core_focus is None or (affected is not None and index not in affected):
            nodes = None  # every target: the whole store, or a constraint without an incremental hint
        else:
            nodes = sorted(set(affected[index]) | set((pre_affected or {}).get(index, set())))  # type: ignore[index]
        found, graph = _run_sparql_constraint(view, constraint, nodes, compiled.shapes)
        results.extend(found)
        report_graph += graph
        if any(r.severity == "Violation" for r in found):
            conforms = False
    return ValidationReport(conforms=conforms, results=results, report_graph=report_graph)


def _copy_description(source: Graph, node: Node, target: Graph) -> None:
    """A result node with everything hanging off it through blank nodes (e.g. its path)."""
    pending, seen = [node], set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        for triple in source.triples((current, None, None)):
            target.add(triple)
            if isinstance(triple[2], BNode):
                pending.append(triple[2])


def _all_core_targets(view: _StoreView, compiled: CompiledShapes) -> list[Node]:
    """Every focus node of the core shapes, grouped by the document graph that holds it."""
    ordered: dict[Node, None] = {}
    if compiled.target_classes:
        query = (
            "SELECT ?n ?g WHERE { " + _values("c", compiled.target_classes)
            + " GRAPH ?g { ?n a ?c } } ORDER BY ?g"
        )
        ordered.update((row["n"], None) for row in view.select(query) if row["n"] is not None)
        query = (
            "SELECT DISTINCT ?n WHERE { " + _values("c", compiled.target_classes)
            + " ?n a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>+ ?c }"
        )
        ordered.update((row["n"], None) for row in view.select(query) if row["n"] is not None)
    ordered.update((node, None) for node in compiled.target_nodes)
    for predicate in compiled.target_subjects_of:
        ordered.update((row["n"], None) for row in view.select(f"SELECT DISTINCT ?n WHERE {{ ?n {to_ox(predicate)} ?o }}"))
    for predicate in compiled.target_objects_of:
        ordered.update((row["n"], None) for row in view.select(f"SELECT DISTINCT ?n WHERE {{ ?s {to_ox(predicate)} ?n }}"))
    return [n for n in ordered if isinstance(n, URIRef)]


def validate_whole_store(store: DyadStore, *, extra_shapes: Iterable[Path | str] = ()) -> ValidationReport:
    """Validate everything in the store (all document graphs and the reference graphs, as one union).

    Core shapes run on slices of a few thousand focus nodes at a time, so memory stays
    bounded; SHACL-SPARQL rules run once each on the store's SPARQL engine.
    """
    compiled = compiled_shapes(extra_shapes)
    view = _StoreView(store)
    report = _validate(view, compiled, None)
    report.results = sort_results(_locate(report.results, view, {}))
    report.checked = [str(store.path) if store.path else "the store"]
    return report


__all__ = ["DocumentToValidate", "validate_documents", "validate_whole_store", "compiled_shapes", "compile_shapes"]
