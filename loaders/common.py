"""Pieces every loader shares: reading bytes safely, and describing the source document."""

from __future__ import annotations

import hashlib
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

import dyad
from dyad.errors import LoaderError, SourceLocation
from dyad.vocabulary.iris import document_iri, loader_run_iri
from dyad.vocabulary.namespaces import DCTERMS, DYAD, PROV, RDF


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a LoaderError naming it."""
    try:
        return path.read_bytes()
    except FileNotFoundError as error:
        raise LoaderError("no such file", SourceLocation(str(path))) from error
    except IsADirectoryError as error:
        raise LoaderError("is a folder, not a file", SourceLocation(str(path))) from error
    except OSError as error:
        raise LoaderError(f"cannot read: {error.strerror}", SourceLocation(str(path))) from error


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def document_key(*, url: str | None, explicit_id: str | None = None, sha256: str | None = None) -> str:
    """The stable key a document IRI is made from: an explicit id, else the URL, else the content hash."""
    if explicit_id:
        return f"id:{explicit_id}"
    if url:
        return url
    if sha256:
        return f"sha256:{sha256}"
    raise ValueError("a document needs an id, a URL or a content hash")


def add_document(
    graph: Graph,
    node: URIRef,
    *,
    kind: str,
    sha256: str | None = None,
    url: str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    published: str | None = None,
) -> URIRef:
    """Describe a source document (shape: DocumentShape)."""
    graph.add((node, RDF.type, DYAD.Document))
    graph.add((node, RDF.type, PROV.Entity))
    graph.add((node, DYAD.documentKind, Literal(kind)))
    if sha256:
        graph.add((node, DYAD.sha256, Literal(sha256)))
    if url:
        graph.add((node, DYAD.url, Literal(url, datatype=XSD.anyURI)))
    if title:
        graph.add((node, DCTERMS.title, Literal(title)))
    if publisher:
        graph.add((node, DYAD.publisherName, Literal(publisher)))
    if published:
        datatype = XSD.dateTime if "T" in published else XSD.date
        graph.add((node, DCTERMS.issued, Literal(published, datatype=datatype)))
    return node


def add_loader_run(graph: Graph, loader_name: str) -> URIRef:
    """The loader run (loader + software version) that generated the claims of a graph."""
    run = loader_run_iri(loader_name, dyad.__version__)
    graph.add((run, RDF.type, DYAD.LoaderRun))
    graph.add((run, RDF.type, PROV.Activity))
    graph.add((run, DYAD.loaderName, Literal(loader_name)))
    graph.add((run, DYAD.softwareVersion, Literal(dyad.__version__)))
    return run


__all__ = ["read_bytes", "sha256_hex", "document_key", "document_iri", "add_document", "add_loader_run"]
