"""Validate new documents against a large store without re-validating the store.

Plain SHACL engines validate every focus node of the data graph, so loading one article into
a store of millions of triples re-checks everything (and pySHACL checks a few thousand nodes a
second). Dyad validates only what can change, on the store's own SPARQL engine:

* **core shapes** (cardinality, datatype, class, ``sh:in``, pattern, ranges, ``sh:or`` of
  datatypes..., on one-step paths) are translated to one SPARQL SELECT per constraint and run on
  the store for the nodes the new documents touch: the subjects and objects of their triples and
  of the versions they replace, the nodes pointing to a node that lost a type, and every
  ``sh:targetNode``. New literals are tested as written, not as the store rewrites them. Shapes
  using anything else run in pySHACL on all the data in view (the new documents as written),
  the one slice provably large enough for any shape;
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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from dyad.store import REFERENCE_GRAPHS, STATE_GRAPH, DyadStore, Store, from_ox, to_ox
from dyad.validation.report import (
    ValidationReport, ValidationResult, compact, path_text, shape_name, sort_results, term_text,
)
from dyad.validation.shapes import validate_graph
from dyad.validation.slicing import StoreView, chunks, values_clause, with_values
from dyad.validation.translation import CompiledShapes, SparqlConstraint, compile_shapes, compiled_shapes

log = logging.getLogger(__name__)

STAGING_PREFIX = "urn:dyad:staging:"
BATCH_SIZE = 4000  # nodes per VALUES block
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
        wanted = None if nodes is None else set(nodes)
        named = None if nodes is None else [n for n in nodes if not isinstance(n, BNode)]
        for chunk in ([None] if named is None or len(named) < len(wanted or ()) else list(chunks(named, BATCH_SIZE))):
            text = query if chunk is None else with_values(query, "n", chunk)
            found.update(row["n"] for row in view.select(text)
                         if row["n"] is not None and (wanted is None or row["n"] in wanted))
    return found


def _run_sparql_constraint(
    view: StoreView, constraint: SparqlConstraint, focus: Sequence[Node] | None, shapes: Graph,
    written: WrittenLiterals | None = None,
) -> tuple[list[ValidationResult], Graph]:
    """Evaluate one constraint on the store for ``focus`` (None: every target).

    ``written`` holds the new documents' literals as written: a translated constraint whose
    outcome depends on how a literal is written tests those in Python instead of their stored form.
    """
    # A translated constraint's query selects its targets itself; a SHACL-SPARQL one is filtered here.
    targets = None if constraint.translated else _targets(view, constraint, focus)
    if targets is not None and not targets:
        return [], Graph()
    chosen = sorted(targets) if targets is not None else (sorted(focus) if focus is not None else None)
    if chosen is not None and not chosen:
        return [], Graph()
    # With no focus (the whole store) the query runs once for every target and is filtered here.
    rows = list(_select_for(view, constraint.select, None if focus is None else chosen))
    if written is not None and constraint.value_test is not None and constraint.value_predicates:
        rows = [row for row in rows if not written.covers(row.get("this"), row.get("value"), constraint.value_predicates)]
        candidates = written.subjects(constraint.value_predicates)
        if focus is not None:
            candidates &= set(focus)
        if candidates and constraint.target_query is not None:
            for this in sorted(written.targets(view, constraint.target_query, candidates), key=_node_order):
                rows.extend({"this": this, "value": value} for value in written.values(this, constraint.value_predicates)
                            if not constraint.value_test(value))
    results: list[ValidationResult] = []
    report = Graph()
    seen: set[tuple] = set()
    for row in rows:
        this = row.get("this")
        if this is None or (targets is not None and this not in targets):
            continue
        value = row.get("value")
        path = row.get("path") or constraint.path
        key = (this, value, path, row.get("other"))
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


def _select_for(view: StoreView, query: str, focus: Sequence[Node] | None) -> Iterator[dict[str, Node | None]]:
    """The rows of ``query`` for the focus nodes (None: all of them).

    SPARQL cannot name a blank node, so blank focus nodes are found by running the query
    for every target and keeping theirs.
    """
    if focus is None:
        yield from view.select(query)
        return
    named = [n for n in focus if not isinstance(n, BNode)]
    blank = {n for n in focus if isinstance(n, BNode)}
    for chunk in chunks(named, BATCH_SIZE):
        yield from view.select(with_values(query, "this", chunk))
    if blank:
        yield from (row for row in view.select(query) if row.get("this") in blank)


class WrittenLiterals:
    """The new documents' literal-valued triples as written, and the form the store gave each literal."""

    def __init__(self, graphs: Iterable[Graph]) -> None:
        self.triples: dict[tuple[Node, URIRef], set[Literal]] = {}
        for graph in graphs:
            for s, p, o in graph:
                if isinstance(o, Literal):
                    self.triples.setdefault((s, p), set()).add(o)  # type: ignore[arg-type]
        literals = sorted({o for values in self.triples.values() for o in values}, key=lambda lit: (str(lit), str(lit.datatype)))
        self.stored = dict(zip(literals, stored_forms(literals)))
        self._targets: dict[str, set[Node]] = {}  # a shape's target query -> its targets among the subjects

    def targets(self, view: StoreView, target_query: str, candidates: set[Node]) -> set[Node]:
        """Which candidates are targets of the query (the property shapes of one node shape share it)."""
        if target_query not in self._targets:
            subjects = sorted({s for (s, _) in self.triples}, key=_node_order)
            self._targets[target_query] = {row["this"] for row in _select_for(view, target_query, subjects) if row.get("this") is not None}
        return self._targets[target_query] & candidates

    def covers(self, this: Node | None, value: Node | None, predicates: Sequence[URIRef]) -> bool:
        """True when a stored (this, value) row comes from a new literal, which is tested as written instead."""
        if this is None or not isinstance(value, Literal):
            return False
        return any(self.stored.get(o) == value for p in predicates for o in self.triples.get((this, p), ()))

    def subjects(self, predicates: Sequence[URIRef]) -> set[Node]:
        return {s for (s, p) in self.triples if p in predicates}

    def values(self, this: Node, predicates: Sequence[URIRef]) -> list[Literal]:
        return sorted({o for p in predicates for o in self.triples.get((this, p), ())}, key=str)


def _substitute(message: str, row: Mapping[str, Node | None]) -> str:
    def replace(match: re.Match[str]) -> str:
        value = row.get(match.group(1))
        return str(value) if value is not None else match.group(0)

    return re.sub(r"\{[?$](\w+)\}", replace, message)


def _affected_focus(view: StoreView, compiled: CompiledShapes, touched: Sequence[Node]) -> dict[int, set[Node]]:
    """For each SPARQL constraint (by index), the focus nodes whose result may change (None-hinted: all)."""
    affected: dict[int, set[Node]] = {}
    if any(isinstance(node, BNode) for node in touched):
        return affected  # a query cannot name a blank node: every constraint runs on all its targets (exact, slower)
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
    builtin_shapes: bool = True,
) -> ValidationReport:
    """Validate documents about to be stored, against the shapes and the rest of the store.

    The result equals a full validation of the store as it would be after the load,
    restricted to the problems that the load can change (everything else was already
    validated when it was loaded); shapes left to pySHACL are checked on the whole store.
    New literals are tested as written, before the store rewrites them. With
    ``builtin_shapes=False`` only the given shapes apply, and Dyad's reference graphs are
    not part of the data. Nothing in the store changes.
    """
    replaced = [doc.name for doc in documents if store.has_graph(doc.name)]
    if not isinstance(store, DyadStore) and (_has_blank_nodes(doc.graph for doc in documents) or _holds_blank_nodes(store, replaced)):
        # A query cannot name a blank node, and a server labels them afresh in each answer: the
        # checks that follow a blank node from one query to the next run on a local copy instead.
        log.info("blank nodes in the data: validating on a local copy of %s", store.location)
        return validate_documents(_local_copy(store), documents, extra_shapes=extra_shapes, builtin_shapes=builtin_shapes)
    compiled = compiled_shapes(extra_shapes, builtin=builtin_shapes)
    out_of_view = _out_of_view(builtin_shapes)
    pre_view = StoreView(store, hidden=out_of_view)
    old_touched: set[Node] = set()
    old_objects: set[Node] = set()
    old_types: set[tuple[Node, Node]] = set()
    everything = False  # a change to the class hierarchy can change any node's targets
    # The objects of new (and replaced) triples matter only to a constraint that reads a path
    # backwards; Dyad's own shapes do not, and a country or the loader run as focus is costly.
    backwards = any(c.reads_backwards for c in compiled.sparql if c.translated)
    for name in replaced:
        for s, p, o in store.graph(name):
            old_touched.add(s)
            if backwards and not isinstance(o, Literal):
                old_objects.add(o)
            if p == RDF.type:
                old_types.add((s, o))
            everything = everything or p == RDFS.subClassOf
    pre_affected = _affected_focus(pre_view, compiled, sorted(old_touched)) if old_touched else {}

    run = uuid.uuid4().hex
    staged = {f"{STAGING_PREFIX}{run}/{index}": doc for index, doc in enumerate(documents)}
    _stage(store, staged)
    try:
        view = _view_after_load(store, hidden=replaced + out_of_view)
        # Every node a new triple starts at (and ends at, for a constraint reading backwards): a
        # one-step path from a node is all a translated constraint reads, besides the node's types.
        new_touched = {s for doc in documents for s in doc.graph.subjects()}
        new_objects = {o for doc in documents for o in doc.graph.objects() if not isinstance(o, Literal)} if backwards else set()
        everything = everything or any(True for doc in documents for _ in doc.graph.triples((None, RDFS.subClassOf, None)))
        # sh:targetNode nodes are targets whatever the data says, even with no triples at all.
        target_nodes = {n for c in compiled.sparql if c.translated for n in c.target_nodes}
        touched = sorted(old_touched | new_touched, key=_node_order)
        core_touched = sorted(set(touched) | old_objects | new_objects | target_nodes, key=_node_order)
        # A node that lost a type (its old version said it, nothing says it now) can break an
        # sh:class constraint of the nodes pointing to it: they are validated too.
        untyped = sorted({node for node, klass in old_types if (node, RDF.type, klass) not in view.types_of(node)}, key=_node_order)
        if untyped:
            pointing = set()
            for chunk in chunks([n for n in untyped if not isinstance(n, BNode)], BATCH_SIZE):
                pointing.update(row["this"] for row in view.select(with_values("SELECT DISTINCT ?this WHERE { ?this ?p ?x }", "x", chunk))
                                if row.get("this") is not None)
            touched = sorted(set(touched) | pointing, key=_node_order)
            core_touched = sorted(set(core_touched) | pointing, key=_node_order)
        affected = _affected_focus(view, compiled, touched)
        written = WrittenLiterals(doc.graph for doc in documents)
        report = _validate(view, compiled, None if everything else core_touched, affected, pre_affected, written=written,
                           new_documents={name: doc.graph for name, doc in staged.items()})
        report.results = sort_results(_locate(report.results, view, staged))
    finally:
        _unstage(store, staged)
    report.checked = [doc.origin or str(doc.name) for doc in documents]
    return report


def _has_blank_nodes(graphs: Iterable[Graph]) -> bool:
    return any(isinstance(term, BNode) for graph in graphs for triple in graph for term in triple)


def _holds_blank_nodes(store: Store, names: Sequence[URIRef] | None = None) -> bool:
    """True when the graphs named (None: every graph) hold a blank node."""
    if names is not None and not names:
        return False
    graphs = "" if names is None else values_clause("g", names)
    return bool(store.run_query(f"ASK {{ {graphs} GRAPH ?g {{ ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }} }}", union_default_graph=False))


def _local_copy(store: Store, without: set[str] = frozenset()) -> DyadStore:  # type: ignore[assignment]
    """Every quad of a store (but those of the graphs named ``without``) in memory on this machine, read in
    one answer (so a blank node keeps one label throughout)."""
    local = DyadStore.scratch()
    quads = store.quads_for_pattern(None, None, None, None)
    if without:
        quads = (q for q in quads if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in without))
    local.oxigraph.extend(quads)
    return local


#: Up to this many quads, a load that replaces documents and drops some of their triples is validated on
#: an in-memory copy of the store without the versions it replaces (a copy of 20k quads takes ~0.1 s,
#: of 1M a few seconds and a few hundred MB). Above it the store is read through the list of the graphs
#: kept in view, whose cost grows with the number of graphs (BENCHMARKS.md, "Validation").
IN_MEMORY_VIEW_MAX_QUADS = 2_000_000


def _view_after_load(store: Store, hidden: list[URIRef]) -> StoreView:
    """The store as it would be after the load: the staged documents in, the ``hidden`` graphs out.

    The store reads a query's default graph over a list of named graphs one graph at a time, which
    made a reload that drops triples cost ~0.6-1 s per query in a store of 177 articles (150 queries,
    86 s). When the hidden graphs hold nothing of their own the union of all graphs is the same view;
    otherwise a local store of every graph but the hidden ones is, and it answers over its union.
    """
    view = StoreView(store, hidden=hidden)
    if not view.read_graph_by_graph or not isinstance(store, DyadStore) or store.quad_count() > IN_MEMORY_VIEW_MAX_QUADS:
        return view
    log.info("validating on an in-memory copy of %s without the %d graph(s) the load replaces", store.location, len(hidden))
    return StoreView(_local_copy(store, without={str(name) for name in hidden}), hidden=())


def _out_of_view(builtin_shapes: bool) -> list[URIRef]:
    """Graphs that are not data: with the user's shapes alone, Dyad's reference graphs and bookkeeping."""
    return [] if builtin_shapes else [*REFERENCE_GRAPHS, STATE_GRAPH]


def _node_order(node: Node) -> tuple[str, str]:
    return (type(node).__name__, str(node))


def _validate(
    view: StoreView,
    compiled: CompiledShapes,
    core_focus: Sequence[Node] | None,
    affected: Mapping[int, set[Node]] | None = None,
    pre_affected: Mapping[int, set[Node]] | None = None,
    *,
    written: WrittenLiterals | None = None,
    new_documents: Mapping[str, Graph] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ValidationReport:
    """Translated constraints on ``core_focus`` (None: every target), SPARQL constraints on what may change,
    and the shapes left to pySHACL on the whole view.

    ``progress(done, total)`` is called before each step: the pySHACL pass (if any) and each SPARQL constraint.
    """
    report_graph = Graph()
    results: list[ValidationResult] = []
    with_pyshacl = bool(compiled.untranslated or compiled.advanced)
    steps, done = int(with_pyshacl) + len(compiled.sparql), 0
    if with_pyshacl:
        if progress:
            progress(done, steps)
        done += 1
        # What Dyad cannot translate exactly runs in pySHACL on all the data, the one slice that
        # is large enough for any shape (paths of any length, nested shapes, SPARQL targets...).
        log.info("%d shape(s) left to pySHACL: validating the whole view with them", len(compiled.untranslated))
        # New documents go in as written, not as the store rewrote their literals.
        data = view.union_graph(without=new_documents or {})
        for graph in (new_documents or {}).values():
            data += graph
        part = validate_graph(data, shapes=compiled.core, advanced=compiled.advanced)
        results.extend(part.results)
        if part.report_graph is not None:
            for result in part.report_graph.subjects(RDF.type, SH.ValidationResult):
                _copy_description(part.report_graph, result, report_graph)
    # A core constraint reads one step around its focus nodes: a copy of that neighbourhood answers
    # its queries as the store would, in a fraction of the time (~0.3 against ~2 ms a query), and
    # only the constraints with a target among the touched nodes run at all.
    near, targets = None, {}
    if core_focus is not None:
        near = view.around(core_focus, backwards=any(c.reads_backwards for c in compiled.sparql if c.translated))
    if near is not None:
        for query in {c.target_query for c in compiled.sparql if c.translated and c.target_query is not None}:
            targets[query] = sorted({row["this"] for row in _select_for(near, query, core_focus) if row.get("this") is not None},
                                    key=_node_order)
    for index, constraint in enumerate(compiled.sparql):
        if progress:
            progress(done, steps)
        done += 1
        if near is not None and constraint.translated and constraint.target_query in targets:
            # The touched nodes this constraint's shape targets (the same query its own SELECT starts with).
            if targets[constraint.target_query]:
                found, graph = _run_sparql_constraint(near, constraint, targets[constraint.target_query], compiled.shapes, written)
                results.extend(found)
                report_graph += graph
            continue
        if core_focus is not None and constraint.translated:
            nodes = list(core_focus)  # a core constraint: only the touched nodes can change
        elif core_focus is None or (affected is not None and index not in affected):
            nodes = None  # every target: the whole store, or a constraint without an incremental hint
        else:
            nodes = sorted(set(affected[index]) | set((pre_affected or {}).get(index, set())), key=_node_order)  # type: ignore[index]
        found, graph = _run_sparql_constraint(view, constraint, nodes, compiled.shapes, written)
        results.extend(found)
        report_graph += graph
    if progress:
        progress(steps, steps)
    # SHACL 3.1: a report conforms only when it has no results at all, warnings included.
    return ValidationReport(conforms=not results, results=results, report_graph=report_graph)


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


def stored_forms(literals: Sequence[Literal]) -> list[Literal]:
    """The form the store gives each literal (it rewrites valid ones to a canonical form: ``"01"^^xsd:int``
    becomes ``"1"^^xsd:integer``)."""
    scratch = ox.Store()
    predicate = ox.NamedNode("urn:dyad:literal")
    scratch.extend(ox.Quad(ox.NamedNode(f"urn:dyad:literal:{index}"), predicate, to_ox(literal), ox.DefaultGraph())
                   for index, literal in enumerate(literals))
    forms = {int(quad.subject.value.rsplit(":", 1)[1]): from_ox(quad.object) for quad in scratch}
    return [forms.get(index, literal) for index, literal in enumerate(literals)]  # type: ignore[misc]


def validate_whole_store(
    store: DyadStore, *, extra_shapes: Iterable[Path | str] = (), builtin_shapes: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> ValidationReport:
    """Validate everything in the store (all document graphs and the reference graphs, as one union).

    Translated core shapes and SHACL-SPARQL rules run once each on the store's SPARQL engine;
    shapes left to pySHACL run on the whole store. With ``builtin_shapes=False`` only the given
    shapes apply and the reference graphs are left out. The store holds literals as it rewrote
    them (see docs/validation.md): datatype checks here see the stored form.
    """
    compiled = compiled_shapes(extra_shapes, builtin=builtin_shapes)
    # On a server a blank node cannot be followed from one query to the next (see validate_documents).
    local = _local_copy(store) if not isinstance(store, DyadStore) and _holds_blank_nodes(store) else store
    view = StoreView(local, hidden=_out_of_view(builtin_shapes))
    report = _validate(view, compiled, None, progress=progress)
    report.results = sort_results(_locate(report.results, view, {}))
    report.checked = [store.location or "the store"]
    return report


__all__ = ["DocumentToValidate", "validate_documents", "validate_whole_store", "compiled_shapes", "compile_shapes"]
