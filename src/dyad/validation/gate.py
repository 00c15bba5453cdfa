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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from dyad.store import DyadStore, to_ox
from dyad.validation.report import (
    ValidationReport, ValidationResult, compact, path_text, shape_name, sort_results, term_text,
)
from dyad.validation.shapes import validate_graph
from dyad.validation.slicing import StoreView, chunks, store_slice, subclass_triples, values_clause, with_values
from dyad.validation.translation import CompiledShapes, SparqlConstraint, compile_shapes, compiled_shapes

log = logging.getLogger(__name__)

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


# ---------------------------------------------------------------------- the checks


def _targets(view: StoreView, constraint: SparqlConstraint, nodes: Sequence[Node] | None) -> set[Node]:
    """Which of ``nodes`` (None: any node) are targets of the constraint's shape."""
    found: set[Node] = set(constraint.target_nodes) if nodes is None else {n for n in nodes if n in constraint.target_nodes}
    if constraint.target_classes:
        query = (
            "SELECT DISTINCT ?n WHERE { " + values_clause("c", constraint.target_classes)
            + " ?n a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?c }"
        )
        for chunk in ([None] if nodes is None else list(chunks(list(nodes), BATCH_SIZE))):
            text = query if chunk is None else with_values(query, "n", chunk)
            found.update(row["n"] for row in view.select(text) if row["n"] is not None)
    return found


def _run_sparql_constraint(
    view: StoreView, constraint: SparqlConstraint, focus: Sequence[Node] | None, shapes: Graph,
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
        with_values(constraint.select, "this", chunk) for chunk in chunks(chosen, BATCH_SIZE)  # type: ignore[arg-type]
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


def _affected_focus(view: StoreView, compiled: CompiledShapes, touched: Sequence[Node]) -> dict[int, set[Node]]:
    """For each SPARQL constraint (by index), the focus nodes whose result may change (None-hinted: all)."""
    affected: dict[int, set[Node]] = {}
    for index, constraint in enumerate(compiled.sparql):
        if constraint.focus_query is None:
            continue
        nodes: set[Node] = set(touched)
        for chunk in chunks(list(touched), BATCH_SIZE):
            nodes.update(row["this"] for row in view.select(with_values(constraint.focus_query, "touched", chunk)) if row.get("this") is not None)
        affected[index] = nodes
    return affected


def _locate(results: list[ValidationResult], view: StoreView, staged: Mapping[str, DocumentToValidate]) -> list[ValidationResult]:
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
        store.stage_graph(name, document.graph)


def _unstage(store: DyadStore, staged: Mapping[str, DocumentToValidate]) -> None:
    for name in staged:
        store.unstage_graph(name)


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
    pre_view = StoreView(store)
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
        view = StoreView(store, hidden=replaced)
        touched = sorted(old_touched | {s for doc in documents for s in doc.graph.subjects() if isinstance(s, URIRef)})
        # A node that lost a type (its old version said it, nothing says it now) can break an
        # sh:class constraint of the nodes pointing to it: they are validated too.
        untyped = sorted({node for node, klass in old_types if (node, RDF.type, klass) not in view.types_of(node)})
        if untyped:
            pointing = set()
            for chunk in chunks(untyped, BATCH_SIZE):
                pointing.update(row["this"] for row in view.select(with_values("SELECT DISTINCT ?this WHERE { ?this ?p ?x }", "x", chunk))
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
    view: StoreView,
    compiled: CompiledShapes,
    core_focus: Sequence[Node] | None,
    affected: Mapping[int, set[Node]] | None = None,
    pre_affected: Mapping[int, set[Node]] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ValidationReport:
    """Core shapes on ``core_focus`` (None: every target, in batches), SPARQL constraints on what may change.

    ``progress(done, total)`` is called after each batch of focus nodes and each SPARQL constraint
    (the total counts one step per batch and per constraint).
    """
    report_graph = Graph()
    results: list[ValidationResult] = []
    conforms = True
    subclass = subclass_triples(view)
    # pySHACL's own focus-node option also filters the value nodes of nested shapes (sh:or,
    # sh:node...), which then pass unchecked; so each batch is validated on a closed slice,
    # where every target node is complete, and only the batch's own results are kept.
    has_untranslated = bool(compiled.target_classes or compiled.target_nodes or compiled.target_subjects_of
                            or compiled.target_objects_of or compiled.advanced)
    focus = (list(core_focus) if core_focus is not None else _all_core_targets(view, compiled)) if has_untranslated else []
    steps, done = -(-len(focus) // SLICE_BATCH_SIZE) + len(compiled.sparql), 0
    for batch in chunks(focus, SLICE_BATCH_SIZE):
        if progress:
            progress(done, steps)
        done += 1
        members = {str(n) for n in batch}
        part = validate_graph(store_slice(view, batch, subclass, closed=True), shapes=compiled.core, advanced=compiled.advanced)
        kept = [r for r in part.results if r.focus_node in members]
        conforms = conforms and not any(r.severity == "Violation" for r in kept)
        results.extend(kept)
        if part.report_graph is not None:
            for result in part.report_graph.subjects(RDF.type, SH.ValidationResult):
                if str(part.report_graph.value(result, SH.focusNode)) in members:
                    _copy_description(part.report_graph, result, report_graph)
    for index, constraint in enumerate(compiled.sparql):
        if progress:
            progress(done, steps)
        done += 1
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
    if progress:
        progress(steps, steps)
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


def _all_core_targets(view: StoreView, compiled: CompiledShapes) -> list[Node]:
    """Every focus node of the core shapes, grouped by the document graph that holds it."""
    ordered: dict[Node, None] = {}
    if compiled.target_classes:
        query = (
            "SELECT ?n ?g WHERE { " + values_clause("c", compiled.target_classes)
            + " GRAPH ?g { ?n a ?c } } ORDER BY ?g"
        )
        ordered.update((row["n"], None) for row in view.select(query) if row["n"] is not None)
        query = (
            "SELECT DISTINCT ?n WHERE { " + values_clause("c", compiled.target_classes)
            + " ?n a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>+ ?c }"
        )
        ordered.update((row["n"], None) for row in view.select(query) if row["n"] is not None)
    ordered.update((node, None) for node in compiled.target_nodes)
    for predicate in compiled.target_subjects_of:
        ordered.update((row["n"], None) for row in view.select(f"SELECT DISTINCT ?n WHERE {{ ?n {to_ox(predicate)} ?o }}"))
    for predicate in compiled.target_objects_of:
        ordered.update((row["n"], None) for row in view.select(f"SELECT DISTINCT ?n WHERE {{ ?s {to_ox(predicate)} ?n }}"))
    return [n for n in ordered if isinstance(n, URIRef)]


def validate_whole_store(
    store: DyadStore, *, extra_shapes: Iterable[Path | str] = (), progress: Callable[[int, int], None] | None = None,
) -> ValidationReport:
    """Validate everything in the store (all document graphs and the reference graphs, as one union).

    Core shapes run on slices of a few thousand focus nodes at a time, so memory stays
    bounded; SHACL-SPARQL rules run once each on the store's SPARQL engine. ``progress(done,
    total)`` is told of each slice and rule (for a progress bar).
    """
    compiled = compiled_shapes(extra_shapes)
    view = StoreView(store)
    report = _validate(view, compiled, None, progress=progress)
    report.results = sort_results(_locate(report.results, view, {}))
    report.checked = [store.location or "the store"]
    return report


__all__ = ["DocumentToValidate", "validate_documents", "validate_whole_store", "compiled_shapes", "compile_shapes"]
