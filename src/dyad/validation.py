"""SHACL validation: the gate every graph passes before it is stored.

``validate_graph`` runs pyshacl with Dyad's shapes (plus any extra shapes a user gives)
and returns a :class:`ValidationReport` that can be read by a person (text), a program
(JSON) or another SHACL tool (the standard report graph, Turtle).
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pyshacl import validate as pyshacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from dyad.errors import DyadError
from dyad.store import ontology_file

log = logging.getLogger(__name__)

SEVERITY_ORDER = {"Info": 0, "Warning": 1, "Violation": 2}


@dataclass(frozen=True)
class ValidationResult:
    """One problem: which node, which property, which value, what to do."""

    severity: str  # Violation | Warning | Info
    focus_node: str
    path: str | None
    value: str | None
    message: str
    shape: str | None
    source: str | None = None  # file (and line) or named graph the focus node came from

    def as_dict(self) -> dict[str, str | None]:
        return {
            "severity": self.severity,
            "focus_node": self.focus_node,
            "path": self.path,
            "value": self.value,
            "message": self.message,
            "shape": self.shape,
            "source": self.source,
        }


@dataclass
class ValidationReport:
    """The outcome of validating some data against the shapes."""

    conforms: bool
    results: list[ValidationResult] = field(default_factory=list)
    report_graph: Graph | None = None
    checked: list[str] = field(default_factory=list)  # what was validated (files, graphs)

    def failures(self, fail_on: str = "violation") -> list[ValidationResult]:
        """The results at or above the given severity (``violation`` or ``warning``)."""
        threshold = SEVERITY_ORDER["Warning" if fail_on == "warning" else "Violation"]
        return [r for r in self.results if SEVERITY_ORDER.get(r.severity, 2) >= threshold]

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

    def as_text(self) -> str:
        """A report for people: grouped by shape, one block per problem."""
        if not self.results:
            what = ", ".join(self.checked) if self.checked else "the data"
            return f"{what}: conforms to the shapes."
        by_shape: dict[str, list[ValidationResult]] = defaultdict(list)
        for result in self.results:
            by_shape[_short(result.shape) or "(shape)"].append(result)
        lines = [f"{len(self.results)} problem(s) found:"]
        for shape, results in sorted(by_shape.items()):
            lines.append(f"\n{shape} ({len(results)})")
            for result in results:
                lines.append(f"  {result.severity}: {result.message}")
                lines.append(f"    focus node: {result.focus_node}")
                if result.path:
                    lines.append(f"    path:       {_short(result.path)}")
                if result.value:
                    lines.append(f"    value:      {result.value}")
                if result.source:
                    lines.append(f"    source:     {result.source}")
        return "\n".join(lines)

    def as_json(self) -> str:
        return json.dumps(
            {"conforms": self.conforms, "checked": self.checked, "results": [r.as_dict() for r in self.results]},
            indent=2,
        )

    def as_turtle(self) -> str:
        graph = self.report_graph if self.report_graph is not None else Graph()
        graph.bind("sh", SH)
        return graph.serialize(format="turtle")


@lru_cache(maxsize=8)
def _shapes_graph(extra_shapes: tuple[str, ...] = ()) -> Graph:
    shapes = Graph().parse(ontology_file("shapes.ttl"), format="turtle")
    for path in extra_shapes:
        try:
            shapes.parse(path, format="turtle")
        except Exception as error:  # noqa: BLE001 - any parser error is the user's file
            raise DyadError(f"{path}: cannot read the extra shapes: {error}") from error
    return shapes


def shapes_graph(extra_shapes: Iterable[Path | str] = ()) -> Graph:
    """Dyad's shapes, plus the user's extra shapes files (Turtle)."""
    return _shapes_graph(tuple(str(p) for p in extra_shapes))


def validate_graph(
    data: Graph,
    *,
    extra_shapes: Iterable[Path | str] = (),
    source: str | None = None,
    locations: Mapping[str, str] | None = None,
) -> ValidationReport:
    """Validate one RDF graph against the shapes.

    ``source`` names where the data came from; ``locations`` maps node IRIs to a finer
    place (``file:line``) for the report.
    """
    shapes = shapes_graph(extra_shapes)
    conforms, report_graph, _ = pyshacl_validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    results = _results_from(report_graph, source=source, locations=locations or {})
    return ValidationReport(
        conforms=bool(conforms),
        results=results,
        report_graph=report_graph,
        checked=[source] if source else [],
    )


def _results_from(report: Graph, *, source: str | None, locations: Mapping[str, str]) -> list[ValidationResult]:
    results = []
    for node in report.subjects(predicate=SH.resultSeverity):
        focus = report.value(node, SH.focusNode)
        severity = report.value(node, SH.resultSeverity)
        messages = [str(m) for m in report.objects(node, SH.resultMessage)]
        english = [m for m in report.objects(node, SH.resultMessage) if isinstance(m, Literal) and m.language == "en"]
        results.append(
            ValidationResult(
                severity=_short(severity) or "Violation",
                focus_node=_term(focus) or "",
                path=_term(report.value(node, SH.resultPath)),
                value=_term(report.value(node, SH.value)),
                message=str(english[0]) if english else (messages[0] if messages else "does not conform"),
                shape=_term(report.value(node, SH.sourceShape)),
                source=locations.get(str(focus), source),
            )
        )
    results.sort(key=lambda r: (r.source or "", r.shape or "", r.focus_node, r.path or ""))
    return results


def _term(node: Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, Literal):
        return str(node)
    return str(node) if isinstance(node, URIRef) else f"_:{node}"


def _short(iri: object) -> str | None:
    if iri is None:
        return None
    text = str(iri)
    for separator in ("#", "/"):
        if separator in text:
            return text.rsplit(separator, 1)[-1]
    return text
