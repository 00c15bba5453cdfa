"""The ``rdf`` loader: RDF files as they are (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML).

Triples go into one named graph for the file (named by the file's document IRI, with a
Document node describing the file); named graphs in TriG / N-Quads stay as they are.
Parsing uses pyoxigraph, whose errors carry the line and column.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox
from rdflib import Graph, URIRef

from dyad.errors import LoaderError, SourceLocation
from dyad.loaders.base import SourceGraph, SourceMetadata
from dyad.loaders.common import add_document, document_iri, document_key, read_bytes, sha256_hex
from dyad.store import from_ox

FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json-ld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}


class RdfLoader:
    """Load RDF files into the store, one named graph per file (or per graph in a dataset file)."""

    name: ClassVar[str] = "rdf"
    suffixes: ClassVar[tuple[str, ...]] = tuple(FORMATS)

    def can_load(self, path: Path) -> bool:
        return path.suffix.lower() in FORMATS

    def load(self, path: Path, metadata: SourceMetadata | None = None) -> Iterator[SourceGraph]:
        metadata = metadata or SourceMetadata()
        rdf_format = FORMATS.get(path.suffix.lower())
        if rdf_format is None:
            raise LoaderError(f"not an RDF file extension; use one of {', '.join(FORMATS)}", SourceLocation(str(path)))
        data = read_bytes(path)
        sha256 = sha256_hex(data)
        file_document = document_iri(document_key(url=metadata.url) if metadata.url else document_key(url=None, explicit_id=f"file:{path.name}"))
        graphs: dict[URIRef, Graph] = defaultdict(Graph)
        try:
            for quad in ox.parse(data, format=rdf_format, base_iri=path.resolve().as_uri()):
                name = file_document if isinstance(quad.graph_name, ox.DefaultGraph) else from_ox(quad.graph_name)
                graphs[URIRef(str(name))].add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))  # type: ignore[arg-type]
        except SyntaxError as error:
            raise LoaderError(f"invalid {path.suffix.lstrip('.')} syntax: {error.msg}", SourceLocation(str(path), error.lineno, error.offset)) from error
        except (ValueError, UnicodeDecodeError) as error:
            raise LoaderError(f"cannot parse: {error}", SourceLocation(str(path))) from error
        file_graph = graphs[file_document]
        add_document(
            file_graph, file_document, kind="rdf", sha256=sha256, url=metadata.url,
            title=metadata.title or path.name, publisher=metadata.publisher, published=metadata.published,
        )
        for name, graph in graphs.items():
            yield SourceGraph(name=name, graph=graph, origin=str(path), summary={"triples": len(graph)})
