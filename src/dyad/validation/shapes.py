"""Dyad's shapes, a user's extra shapes, and plain pySHACL validation of one graph.

``validate_graph`` runs pySHACL with Dyad's shapes (plus any extra shapes a user gives) and returns
a :class:`~dyad.validation.report.ValidationReport`. Validating a new document against a large
store without re-validating the whole store is the job of :mod:`dyad.validation.gate`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

from pyshacl import validate as pyshacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from dyad.errors import DyadError
from dyad.store import ontology_file
from dyad.validation.report import ValidationReport, results_from_report


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
    """Dyad's shapes, plus the user's extra shapes files (Turtle). Cached: do not modify it."""
    return _shapes_graph(tuple(str(p) for p in extra_shapes))


def validate_graph(
    data: Graph,
    *,
    extra_shapes: Iterable[Path | str] = (),
    source: str | None = None,
    locations: Mapping[str, str] | None = None,
    documents: Mapping[str, str] | None = None,
    focus_nodes: Iterable[URIRef] | None = None,
    shapes: Graph | None = None,
    advanced: bool = True,
) -> ValidationReport:
    """Validate one RDF graph against the shapes.

    ``source`` names where the data came from; ``locations`` maps node IRIs to a finer place
    (``file:line``) and ``documents`` to the named graph they were read from. With
    ``focus_nodes`` only those nodes are validated (the others in ``data`` are context).
    ``shapes`` replaces the shapes graph (used by incremental validation); ``advanced=False``
    skips SHACL-AF (rules, SPARQL targets), which spares pySHACL a copy of the data.
    """
    shapes = shapes if shapes is not None else shapes_graph(extra_shapes)
    focus = sorted(set(focus_nodes)) if focus_nodes is not None else None
    if focus is not None and not focus:
        return ValidationReport(conforms=True, report_graph=_empty_report(), checked=[source] if source else [])
    conforms, report_graph, _ = pyshacl_validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=advanced,
        allow_warnings=True,
        focus_nodes=focus,
    )
    results = results_from_report(report_graph, shapes, source=source, locations=locations or {}, documents=documents or {})
    return ValidationReport(
        conforms=bool(conforms),
        results=results,
        report_graph=report_graph,
        checked=[source] if source else [],
    )


def _empty_report() -> Graph:
    graph = Graph()
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(True)))
    return graph


__all__ = ["shapes_graph", "validate_graph"]
