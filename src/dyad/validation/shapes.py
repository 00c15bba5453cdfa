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
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from dyad.errors import DyadError
from dyad.store import from_ox, ontology_file
from dyad.validation.report import ValidationReport, results_from_report


def read_rdf(path: Path | str, *, what: str = "data") -> Graph:
    """An RDF file as written (literals keep their lexical form), in the syntax its suffix says; a dataset's graphs merged.

    The syntaxes are the ``rdf`` loader's (Turtle when the suffix says nothing).
    """
    from dyad.loaders.rdf import FORMATS  # the rdf loader's syntaxes, so that shapes read like data

    path = Path(path)
    syntax = FORMATS.get(path.suffix.lower(), ox.RdfFormat.TURTLE)
    graph = Graph()
    try:
        for quad in ox.parse(path.read_bytes(), format=syntax, base_iri=path.resolve().as_uri()):
            graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))  # type: ignore[arg-type]
    except (OSError, SyntaxError, ValueError, UnicodeDecodeError) as error:
        where = f":{error.lineno}" if isinstance(error, SyntaxError) and error.lineno else ""
        raise DyadError(f"{path}{where}: cannot read the {what} ({syntax.name}): {error}") from error
    return graph


@lru_cache(maxsize=8)
def _shapes_graph(extra_shapes: tuple[str, ...] = (), builtin: bool = True) -> Graph:
    shapes = Graph().parse(ontology_file("shapes.ttl"), format="turtle") if builtin else Graph()
    for path in extra_shapes:
        shapes += read_rdf(path, what="shapes")
    return shapes


def shapes_graph(extra_shapes: Iterable[Path | str] = (), *, builtin: bool = True) -> Graph:
    """Dyad's shapes (unless ``builtin=False``) plus the user's shapes files. Cached: do not modify it.

    Shapes files may be in any RDF syntax the ``rdf`` loader reads, chosen by suffix (Turtle by default).
    """
    return _shapes_graph(tuple(str(p) for p in extra_shapes), builtin)


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
    builtin_shapes: bool = True,
) -> ValidationReport:
    """Validate one RDF graph against the shapes.

    ``source`` names where the data came from; ``locations`` maps node IRIs to a finer place
    (``file:line``) and ``documents`` to the named graph they were read from. With
    ``focus_nodes`` only those nodes are validated (the others in ``data`` are context).
    ``shapes`` replaces the shapes graph (used by incremental validation); ``advanced=False``
    skips SHACL-AF (rules, SPARQL targets), which spares pySHACL a copy of the data.
    ``builtin_shapes=False`` checks the extra shapes alone.

    ``conforms`` is the standard's (SHACL 3.1): false as soon as there is any result, warnings
    included; whether that fails a load is :meth:`ValidationReport.failures`' business.
    """
    shapes = shapes if shapes is not None else shapes_graph(extra_shapes, builtin=builtin_shapes)
    focus = sorted(set(focus_nodes)) if focus_nodes is not None else None
    if focus is not None and not focus:
        return ValidationReport(conforms=True, report_graph=_empty_report(), checked=[source] if source else [])
    conforms, report_graph, _ = pyshacl_validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=advanced,
        allow_warnings=False,
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


__all__ = ["shapes_graph", "validate_graph", "read_rdf"]
