"""SHACL Core shapes compiled into SPARQL constraints the store's own engine runs.

:func:`compile_shapes` splits a shapes graph into what translates exactly to one SPARQL SELECT per
constraint (cardinality, datatype, class, ``sh:in``, pattern, ranges, ``sh:or`` of datatypes...),
the SHACL-SPARQL constraints (run as written), and the rest, which stays for pySHACL.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import BNode, Node

from dyad.store import to_ox
from dyad.validation.shapes import shapes_graph

log = logging.getLogger(__name__)

SHAPES = "https://w3id.org/dyad/shapes#"
INCREMENTAL_FOCUS = URIRef(SHAPES + "incrementalFocus")
STORE_SELECT = URIRef(SHAPES + "storeSelect")


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
    target_query: str | None = None  # a translated constraint: SELECT DISTINCT ?this of its shape's targets
    # A translated constraint whose outcome depends on how a literal is written (datatype, pattern,
    # length, sh:in): the same test in Python, which the gate applies to new literals as written,
    # before the store rewrites them; and the predicates whose values it tests (forward steps).
    value_test: Callable[[Node], bool] | None = None
    value_predicates: tuple[URIRef, ...] = ()
    reads_backwards: bool = False  # an inverse step or sh:targetObjectsOf: a new triple's object can change its result


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
    untranslated: frozenset[Node] = frozenset()  # the shapes with targets left to pySHACL, whole


@lru_cache(maxsize=8)
def _compiled(extra_shapes: tuple[str, ...], builtin: bool) -> CompiledShapes:
    return compile_shapes(shapes_graph(extra_shapes, builtin=builtin))


def compiled_shapes(extra_shapes: Iterable[Path | str] = (), *, builtin: bool = True) -> CompiledShapes:
    """Dyad's shapes (unless ``builtin=False``) plus the user's, compiled for incremental validation (cached)."""
    return _compiled(tuple(str(p) for p in extra_shapes), builtin)


def compile_shapes(shapes: Graph) -> CompiledShapes:
    translated, untranslatable, implicit = _translate_core_shapes(shapes)
    core = Graph()
    for triple in shapes:
        if triple[1] == SH.sparql:
            continue
        if triple[0] not in untranslatable and (
            triple[1] in _TARGETS or (triple[0] in implicit and triple[1] == RDF.type and triple[2] == RDFS.Class)
        ):
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
        untranslated=frozenset(untranslatable),
    )


# ---------------------------------------------------------------------- core shapes as SPARQL
# pySHACL checks a few thousand nodes a second; the store's SPARQL engine checks the same
# constraints on millions of triples in seconds. Property shapes made of the common core
# constraints are translated to one SELECT per constraint (returning ?this and ?value);
# a node shape using anything else is left to pySHACL, whole.

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
_NODE_SHAPE_KEYS = {RDF.type, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.property,
                    SH.sparql, SH.severity, SH.message, RDFS.comment, RDFS.label, SH.name, SH.description, SH.deactivated}
_PROPERTY_KEYS = {RDF.type, SH.path, SH.message, SH.severity, SH.name, SH.description, RDFS.comment, RDFS.label,
                  SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH["in"], SH.pattern, SH.flags,
                  SH.minInclusive, SH.maxInclusive, SH.minLength, SH.lessThan, SH["or"]}
_RDFS_SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"


def _sparql_path(shapes: Graph, path: Node) -> str | None:
    """One step (an IRI or its inverse) or alternatives of steps; anything longer stays for pySHACL.

    Longer paths would need the gate to follow them backwards from every changed node. A list
    node is a sequence path whatever else it says (``sh:inversePath`` on it is not an inverse).
    """
    if isinstance(path, URIRef):
        return str(to_ox(path))
    if (path, RDF.first, None) in shapes or path == RDF.nil:
        return None
    keys = set(shapes.predicates(path, None))
    inverse = shapes.value(path, SH.inversePath)
    if keys == {SH.inversePath} and isinstance(inverse, URIRef):
        return "^" + str(to_ox(inverse))
    alternatives = shapes.value(path, SH.alternativePath)
    if keys == {SH.alternativePath} and alternatives is not None:
        steps = [_sparql_path(shapes, step) for step in Collection(shapes, alternatives)]
        return "(" + "|".join(steps) + ")" if steps and all(steps) else None  # type: ignore[arg-type]
    return None


def _forward_predicates(shapes: Graph, path: Node) -> tuple[URIRef, ...]:
    """The predicates whose objects are values of a translated path (its forward steps)."""
    if isinstance(path, URIRef):
        return (path,)
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return tuple(p for step in Collection(shapes, alternatives) if isinstance(step, URIRef) for p in (step,))
    return ()


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


def implicit_class_shapes(shapes: Graph) -> set[Node]:
    """Shapes that are also classes: they target their own instances (SHACL 2.1.3.3)."""
    return {
        shape for shape in shapes.subjects(RDF.type, RDFS.Class)
        if (shape, RDF.type, SH.NodeShape) in shapes or (shape, RDF.type, SH.PropertyShape) in shapes
    }


def _translate_core_shapes(shapes: Graph) -> tuple[list[SparqlConstraint], set[Node], set[Node]]:
    """SPARQL constraints for the translatable node shapes, the shapes left to pySHACL, the implicit class shapes."""
    translated: list[SparqlConstraint] = []
    untranslatable: set[Node] = set()
    implicit = implicit_class_shapes(shapes)
    for shape in set(shapes.subjects(SH.targetClass, None)) | set(shapes.subjects(SH.targetNode, None)) | {
        s for p in (SH.targetSubjectsOf, SH.targetObjectsOf, SH.target) for s in shapes.subjects(p, None)
    } | implicit:
        parts = _translate_node_shape(shapes, shape, implicit_class=shape in implicit)
        if parts is None:
            untranslatable.add(shape)
        else:
            translated.extend(parts)
    return translated, untranslatable, implicit


def _translate_node_shape(shapes: Graph, shape: Node, *, implicit_class: bool = False) -> list[SparqlConstraint] | None:
    if set(shapes.predicates(shape, None)) - _NODE_SHAPE_KEYS:
        return None
    if _deactivated(shapes, shape):
        return []  # a deactivated shape has no results (SHACL 2.1.5): exact, and nothing to run
    classes = tuple(shapes.objects(shape, SH.targetClass)) + ((shape,) if implicit_class and isinstance(shape, URIRef) else ())
    nodes = tuple(shapes.objects(shape, SH.targetNode))
    subjects_of = tuple(shapes.objects(shape, SH.targetSubjectsOf))
    objects_of = tuple(shapes.objects(shape, SH.targetObjectsOf))
    if not all(isinstance(p, URIRef) for p in subjects_of + objects_of) or (implicit_class and not isinstance(shape, URIRef)):
        return None
    # DISTINCT sub-selects: a node restated in many documents (a country, the loader run) has
    # one quad per named graph, and the union graph would otherwise repeat it in every join.
    target = "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(
        [f"{{ ?this a/{_RDFS_SUBCLASS}* {_term(c)} }}" for c in classes] + [f"{{ VALUES ?this {{ {_term(n)} }} }}" for n in nodes]
        + [f"{{ ?this {_term(p)} ?any }}" for p in subjects_of] + [f"{{ ?any {_term(p)} ?this }}" for p in objects_of]
    ) + " } }"
    parts: list[SparqlConstraint] = []
    for prop in shapes.objects(shape, SH.property):
        if _deactivated(shapes, prop):
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
        # Neither a node shape's severity nor its message passes to its property shapes (SHACL 2.1.5).
        messages = list(shapes.objects(prop, SH.message))
        english = [m for m in messages if isinstance(m, Literal) and m.language == "en"]
        for component, body, test in checks:
            # sh:lessThan has one result per pair of values (the value, and the other it is not less than).
            projected = "?this ?value ?other" if component == SH.LessThanConstraintComponent else "?this ?value"
            parts.append(SparqlConstraint(
                shape=prop, constraint=prop,
                select=f"SELECT DISTINCT {projected} WHERE {{ {target} {body} }}",
                message=str(english[0]) if english else (str(messages[0]) if messages else None),
                severity=shapes.value(prop, SH.severity) or SH.Violation,
                target_classes=classes, target_nodes=nodes, path=path_node, focus_query=None,
                component=component, translated=True,
                target_query=f"SELECT DISTINCT ?this WHERE {{ {target} }}",
                value_test=test, value_predicates=_forward_predicates(shapes, path_node) if test else (),
                reads_backwards=bool(objects_of) or "^" in path,
            ))
    return parts


def _deactivated(shapes: Graph, shape: Node) -> bool:
    return any(isinstance(v, Literal) and v.value is True for v in shapes.objects(shape, SH.deactivated))


# Datatypes whose well-formedness the store's SPARQL engine can test with a cast (an ill-formed
# literal fails the cast). The store rewrites valid literals of derived types (xsd:int...) to
# xsd:integer, so those are only right at the gate, which tests new literals as written.
_CASTABLE = {XSD[name] for name in (
    "string", "boolean", "integer", "decimal", "float", "double", "dateTime", "date", "time", "duration", "gYear",
    "gYearMonth", "dayTimeDuration", "yearMonthDuration",
)}


def _datatype_holds_sparql(datatype: URIRef) -> str:
    """A SPARQL expression true when ?value is a well-formed literal of ``datatype``."""
    test = f"isLiteral(?value) && DATATYPE(?value) = {_term(datatype)}"
    if datatype in _CASTABLE:
        test += f" && COALESCE(isLiteral({_term(datatype)}(?value)), false)"
    return f"({test})"


def has_datatype(value: Node, datatype: URIRef) -> bool:
    """SHACL's sh:datatype test on a term as written: a literal of that datatype, well-formed."""
    if not isinstance(value, Literal):
        return False
    written = value.datatype or (RDF.langString if value.language else XSD.string)
    return written == datatype and not value.ill_typed


_XPATH_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}


def _matches_pattern(pattern: str, flags: str) -> Callable[[Node], bool]:
    if "q" in flags:
        pattern = re.escape(pattern)
    compiled = re.compile(pattern, sum(_XPATH_FLAGS.get(f, 0) for f in flags))
    return lambda value: not isinstance(value, BNode) and compiled.search(str(value)) is not None


def _compares(value: Node, operator: str, bound: Node) -> bool:
    """``value >= bound`` (or ``<=``) as SHACL compares literals as written: ill-formed or incomparable fails."""
    if not isinstance(value, Literal) or not isinstance(bound, Literal) or value.ill_typed or value.value is None:
        return False
    numeric = value.datatype in _NUMERIC and bound.datatype in _NUMERIC
    if not numeric and value.datatype != bound.datatype:
        return False  # SPARQL's comparison is an error there, and so a failure
    try:
        return bool(value.value >= bound.value) if operator == ">=" else bool(value.value <= bound.value)
    except TypeError:
        return False


_NUMERIC = {XSD[name] for name in (
    "decimal", "integer", "float", "double", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte",
)}


def _property_checks(
    shapes: Graph, prop: Node, path: str, target: str,
) -> list[tuple[URIRef, str, Callable[[Node], bool] | None]] | None:
    """(component, WHERE body after the target, the value test as written if any) per constraint of a property shape."""
    checks: list[tuple[URIRef, str, Callable[[Node], bool] | None]] = []
    value = f"{{ SELECT DISTINCT ?this ?value WHERE {{ ?this {path} ?value }} }}"
    low, high = shapes.value(prop, SH.minCount), shapes.value(prop, SH.maxCount)
    if low is not None and int(low) > 0:
        count = f"{{ SELECT ?this (COUNT(DISTINCT ?v) AS ?n) WHERE {{ ?this {path} ?v }} GROUP BY ?this }}"
        checks.append((SH.MinCountConstraintComponent,
                       f"OPTIONAL {count} BIND(COALESCE(?n, 0) AS ?count) FILTER(?count < {int(low)})", None))
    if high is not None:
        count = f"{{ SELECT ?this (COUNT(DISTINCT ?v) AS ?n) WHERE {{ ?this {path} ?v }} GROUP BY ?this }}"
        checks.append((SH.MaxCountConstraintComponent, f"{count} FILTER(?n > {int(high)})", None))
    datatype = shapes.value(prop, SH.datatype)
    if datatype is not None:
        if not isinstance(datatype, URIRef):
            return None
        checks.append((SH.DatatypeConstraintComponent, f"{value} FILTER(!{_datatype_holds_sparql(datatype)})",
                       lambda v, d=datatype: has_datatype(v, d)))
    klass = shapes.value(prop, SH["class"])
    if klass is not None:
        # The values lacking the class are found once, as a set difference, then joined back to their
        # focus nodes. A per-row FILTER NOT EXISTS {?value a/subClassOf* C} took oxigraph minutes at 1M
        # quads for one value typed in every document graph (the loader run); this takes 0.1 s.
        failing = (f"{{ SELECT DISTINCT ?value WHERE {{ {{ SELECT DISTINCT ?value WHERE {{ {value} }} }} "
                   f"MINUS {{ {{ SELECT ?type WHERE {{ ?type {_RDFS_SUBCLASS}* {_term(klass)} }} }} ?value a ?type }} }} }}")
        checks.append((SH.ClassConstraintComponent, f"{value} {failing}", None))
    allowed = shapes.value(prop, SH["in"])
    if allowed is not None:
        members = list(Collection(shapes, allowed))
        tests = [f"sameTerm(?value, {_term(v)})" for v in members]
        checks.append((SH.InConstraintComponent, f"{value} FILTER(!({' || '.join(tests) or 'false'}))",
                       lambda v, m=frozenset(members): v in m))
    pattern = shapes.value(prop, SH.pattern)
    if pattern is not None:
        flags = shapes.value(prop, SH.flags)
        regex = f"REGEX(STR(?value), {_term(Literal(str(pattern)))}" + (f", {_term(Literal(str(flags)))})" if flags else ")")
        checks.append((SH.PatternConstraintComponent, f"{value} FILTER(isBlank(?value) || !{regex})",
                       _matches_pattern(str(pattern), str(flags or ""))))
    for predicate, operator, component in ((SH.minInclusive, ">=", SH.MinInclusiveConstraintComponent),
                                           (SH.maxInclusive, "<=", SH.MaxInclusiveConstraintComponent)):
        bound = shapes.value(prop, predicate)
        if bound is not None:
            checks.append((component, f"{value} FILTER(!COALESCE(?value {operator} {_term(bound)}, false))",
                           lambda v, b=bound, o=operator: _compares(v, o, b)))
    length = shapes.value(prop, SH.minLength)
    if length is not None:
        checks.append((SH.MinLengthConstraintComponent, f"{value} FILTER(isBlank(?value) || STRLEN(STR(?value)) < {int(length)})",
                       lambda v, n=int(length): not isinstance(v, BNode) and len(str(v)) >= n))
    other = shapes.value(prop, SH.lessThan)
    if other is not None:
        if not isinstance(other, URIRef):
            return None
        checks.append((SH.LessThanConstraintComponent,
                       f"{value} ?this {_term(other)} ?other . FILTER(!COALESCE(?value < ?other, false))", None))
    options = shapes.value(prop, SH["or"])
    if options is not None:
        datatypes = _or_datatypes(shapes, options)
        if datatypes is None:
            return None
        any_of = " || ".join(_datatype_holds_sparql(d) for d in datatypes) or "false"
        checks.append((SH.OrConstraintComponent, f"{value} FILTER(!({any_of}))",
                       lambda v, ds=tuple(datatypes): any(has_datatype(v, d) for d in ds)))
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


__all__ = ["SparqlConstraint", "CompiledShapes", "compile_shapes", "compiled_shapes", "INCREMENTAL_FOCUS", "STORE_SELECT"]
