"""Validation reports people and programs can act on.

A :class:`ValidationReport` can be read by a person (text, grouped by shape), a program (JSON) or
another SHACL tool (the standard ``sh:ValidationReport`` graph, Turtle). Every validation path
(:func:`dyad.validation.shapes.validate_graph`, the incremental gate) produces one.
"""

from __future__ import annotations

import json
import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from dyad.store.terms import to_ox
from dyad.vocabulary.namespaces import PREFIXES

log = logging.getLogger(__name__)

SEVERITY_ORDER = {"Info": 0, "Warning": 1, "Violation": 2}
FAIL_ON = ("violation", "warning")
_COMPACT = sorted(
    [(str(namespace), prefix) for prefix, namespace in PREFIXES.items()]
    + [(str(SH), "sh"), (str(RDF), "rdf"), ("https://w3id.org/dyad/shapes#", "shapes")],
    key=lambda pair: -len(pair[0]),
)


@dataclass(frozen=True)
class ValidationResult:
    """One problem: which node, which property, which value, what to do, and where it came from."""

    severity: str  # Violation | Warning | Info
    focus_node: str
    path: str | None  # readable: dyad:date, dyad:date | dyad:startDate, ^dyad:about, ...
    value: str | None
    message: str
    shape: str | None  # readable: shapes:EventShape › dyad:date, or the shape's IRI when it has one
    source: str | None = None  # "file:line" where the focus node was written, else its document graph
    document: str | None = None  # the named graph (source document) the focus node is in, when known

    def as_dict(self) -> dict[str, str | None]:
        return {
            "severity": self.severity,
            "focus_node": self.focus_node,
            "path": self.path,
            "value": self.value,
            "message": self.message,
            "shape": self.shape,
            "source": self.source,
            "document": self.document,
        }

    def key(self) -> tuple[str, str, str, str, str]:
        """What makes two results the same problem (used to compare validations)."""
        return (self.severity, self.focus_node, self.path or "", self.value or "", self.message)


@dataclass
class ValidationReport:
    """The outcome of validating some data against the shapes."""

    conforms: bool
    results: list[ValidationResult] = field(default_factory=list)
    report_graph: Graph | None = None
    checked: list[str] = field(default_factory=list)  # what was validated (files, graphs)

    def failures(self, fail_on: str = "violation") -> list[ValidationResult]:
        """The results at or above the given severity (``violation`` or ``warning``)."""
        if fail_on not in FAIL_ON:
            raise ValueError(f"fail_on is one of {', '.join(FAIL_ON)}, not {fail_on!r}")
        threshold = SEVERITY_ORDER["Warning" if fail_on == "warning" else "Violation"]
        return [r for r in self.results if SEVERITY_ORDER.get(r.severity, 2) >= threshold]

    def exit_code(self, fail_on: str = "violation") -> int:
        """0 when nothing reaches ``fail_on``, 1 otherwise (2 is left for errors, at the CLI)."""
        return 1 if self.failures(fail_on) else 0

    def counts(self) -> dict[str, int]:
        counts = {"Violation": 0, "Warning": 0, "Info": 0}
        for result in self.results:
            counts[result.severity] = counts.get(result.severity, 0) + 1
        return counts

    def merge(self, other: ValidationReport) -> ValidationReport:
        graph = Graph()
        for part in (self.report_graph, other.report_graph):
            if part is not None:
                graph += part
        return ValidationReport(
            conforms=self.conforms and other.conforms,
            results=self.results + other.results,
            report_graph=graph,
            checked=self.checked + other.checked,
        )

    def format(self, fmt: str) -> str:
        """The report as ``text``, ``json`` or ``turtle``."""
        formats = {"text": self.as_text, "json": self.as_json, "turtle": self.as_turtle}
        if fmt not in formats:
            raise ValueError(f"report format is one of {', '.join(formats)}, not {fmt!r}")
        return formats[fmt]()

    def as_text(self) -> str:
        """A report for people: grouped by shape, one block per problem, with where it came from."""
        what = ", ".join(self.checked) if self.checked else "the data"
        if not self.results:
            return f"{what}: conforms to the shapes."
        by_shape: dict[str, list[ValidationResult]] = defaultdict(list)
        for result in self.results:
            by_shape[result.shape or "(shape)"].append(result)
        counts = self.counts()
        summary = ", ".join(f"{n} {name.lower()}(s)" for name, n in counts.items() if n)
        # SHACL: any result means the data does not conform; say when none of them is a violation.
        verdict = "does not conform" if counts.get("Violation") else "does not conform (no violations)"
        lines = [f"{what}: {verdict}: {summary}."]
        for shape, results in sorted(by_shape.items()):
            lines.append(f"\n{shape} ({len(results)})")
            said = None
            # The same message for many nodes (eight undated events) is said once, with each node under it.
            for result in sorted(results, key=lambda r: (SEVERITY_ORDER.get(r.severity, 0) * -1, r.message or "")):
                if (result.severity, result.message) != said:
                    same = sum(1 for r in results if (r.severity, r.message) == (result.severity, result.message))
                    lines.append(f"  {result.severity}{f' ({same} nodes)' if same > 1 else ''}: {result.message}")
                    said = (result.severity, result.message)
                lines.append(f"    focus node: {result.focus_node}")
                if result.path:
                    lines.append(f"    path:       {_own_terms(result.path)}")
                if result.value is not None:
                    lines.append(f"    value:      {result.value}")
                if result.source:
                    lines.append(f"    source:     {result.source}")
                if result.document and result.document != result.source:
                    lines.append(f"    document:   {result.document}")
        return "\n".join(lines)

    def as_json(self) -> str:
        return json.dumps(
            {
                "conforms": self.conforms,
                "checked": self.checked,
                "counts": self.counts(),
                "results": [r.as_dict() for r in self.results],
            },
            indent=2,
        )

    def as_turtle(self) -> str:
        """The standard SHACL validation report (``sh:ValidationReport``) as Turtle."""
        graph = Graph()
        report = BNode()
        graph.add((report, RDF.type, SH.ValidationReport))
        graph.add((report, SH.conforms, Literal(self.conforms)))
        if self.report_graph is not None:
            for result in self.report_graph.subjects(RDF.type, SH.ValidationResult):
                if (None, SH.detail, result) not in self.report_graph:  # a detail belongs to its result
                    graph.add((report, SH.result, result))
            for triple in self.report_graph:
                if triple[1] not in (SH.conforms, SH.result) and triple[2] != SH.ValidationReport:
                    graph.add(triple)
        prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
        prefixes.update({"sh": str(SH), "shapes": "https://w3id.org/dyad/shapes#"})
        # Oxigraph's writer: it keeps every literal as written (rdflib's would print an ill-formed
        # "none"^^xsd:boolean as a bare, unreadable `none`).
        triples = (ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph)  # type: ignore[arg-type]
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8")


def _own_terms(text: str) -> str:
    """Dyad's own vocabulary without its prefix, for people (``eventType``, ``prov:wasDerivedFrom``)."""
    return re.sub(r"(?<![\w:])dyad:", "", text)


def results_from_report(
    report: Graph,
    shapes: Graph,
    *,
    source: str | None = None,
    locations: Mapping[str, str] | None = None,
    documents: Mapping[str, str] | None = None,
) -> list[ValidationResult]:
    """Readable results from a standard SHACL report graph (paths and shapes rendered, not blank ids)."""
    locations = locations or {}
    documents = documents or {}
    results = []
    for node in report.subjects(predicate=SH.resultSeverity):
        if (None, SH.detail, node) in report:
            continue  # a nested shape's result, part of the result that holds it
        focus = report.value(node, SH.focusNode)
        severity = report.value(node, SH.resultSeverity)
        messages = list(report.objects(node, SH.resultMessage))
        english = [m for m in messages if isinstance(m, Literal) and m.language == "en"]
        path = report.value(node, SH.resultPath)
        shape = report.value(node, SH.sourceShape)
        focus_text = term_text(focus) or ""
        document = documents.get(focus_text)
        results.append(
            ValidationResult(
                severity=compact(severity).removeprefix("sh:") if severity is not None else "Violation",
                focus_node=focus_text,
                path=path_text(report, path) if path is not None else None,
                value=term_text(report.value(node, SH.value)),
                message=str(english[0]) if english else (str(messages[0]) if messages else "does not conform"),
                shape=shape_name(shapes, shape),
                source=locations.get(focus_text) or document or source,
                document=document or source,
            )
        )
    return sort_results(results)


def sort_results(results: Iterable[ValidationResult]) -> list[ValidationResult]:
    return sorted(results, key=lambda r: (r.source or "", r.shape or "", r.focus_node, r.path or "", r.value or "", r.message))


# ---------------------------------------------------------------------- readable terms, paths, shapes


def compact(iri: object) -> str:
    """An IRI with a known prefix (``dyad:date``), or the IRI as it is."""
    text = str(iri)
    for namespace, prefix in _COMPACT:
        if text.startswith(namespace) and len(text) > len(namespace):
            return f"{prefix}:{text[len(namespace):]}"
    return text


def term_text(node: Node | None) -> str | None:
    """An RDF term as text: IRIs in full, literals by their lexical form, blank nodes as ``_:id``."""
    if node is None:
        return None
    if isinstance(node, Literal):
        return str(node)
    return str(node) if isinstance(node, URIRef) else f"_:{node}"


def path_text(graph: Graph, path: Node) -> str:
    """A SHACL property path written as in SPARQL: ``dyad:date | dyad:startDate``, ``^dyad:about``, ``a/b``."""
    if isinstance(path, URIRef):
        return compact(path)
    if (path, RDF.first, None) in graph:
        return "/".join(_grouped(graph, step) for step in Collection(graph, path))
    for predicate, template in (
        (SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"), (SH.oneOrMorePath, "{}+"), (SH.zeroOrOnePath, "{}?"),
    ):
        inner = graph.value(path, predicate)
        if inner is not None:
            return template.format(_grouped(graph, inner))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return " | ".join(path_text(graph, step) for step in Collection(graph, alternatives))
    return term_text(path) or ""


def _grouped(graph: Graph, path: Node) -> str:
    text = path_text(graph, path)
    return f"({text})" if (" | " in text or "/" in text) and not isinstance(path, URIRef) else text


def shape_name(shapes: Graph, shape: Node | None) -> str | None:
    """A shape's readable name: its compact IRI, or for a blank property shape ``Parent › path``."""
    if shape is None:
        return None
    if isinstance(shape, URIRef):
        return compact(shape)
    path = shapes.value(shape, SH.path)
    parent = shapes.value(predicate=SH.property, object=shape) or shapes.value(predicate=SH.sparql, object=shape)
    parent_name = shape_name(shapes, parent) if parent is not None else None
    own = path_text(shapes, path) if path is not None else "constraint"
    return f"{parent_name} › {own}" if parent_name else own


__all__ = [
    "ValidationResult", "ValidationReport", "results_from_report",
    "compact", "path_text", "shape_name", "term_text", "sort_results", "SEVERITY_ORDER", "FAIL_ON",
]
