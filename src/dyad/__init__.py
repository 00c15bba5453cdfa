"""Dyad: a knowledge graph of bilateral relations between countries.

The packages follow the flow of data: ``loaders`` (sources to RDF) → :mod:`dyad.validation` (the SHACL
gate) → :mod:`dyad.store` (named graphs on disk) → :mod:`dyad.queries`, :mod:`dyad.trajectory`,
:mod:`dyad.exports`, :mod:`dyad.serve` (reading it) and :mod:`dyad.neo4j` (mirroring it). :mod:`dyad.api`
is the Python API the command line (:mod:`dyad.cli`) is a thin shell over; ``docs/architecture.md``
has the picture.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

__version__ = "0.1.0"


def query(reference: str, params: dict[str, Any] | None = None, *, store: Any = None, write: bool = False) -> Any:
    """Run a SPARQL query of the library (by name), a file or query text; see :func:`dyad.queries.library.query`."""
    from dyad.queries.library import query as run

    return run(reference, params, store=store, write=write)


def export(path: Any, **options: Any) -> nx.MultiDiGraph:
    """Choose a subgraph of the store and write it to ``path``; see :func:`dyad.exports.export`."""
    from dyad.exports import export as write_export

    return write_export(path, **options)
