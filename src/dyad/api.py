"""Dyad's Python API: everything the command line does, as functions.

>>> from dyad.api import open_store, load
>>> store = open_store(None)  # in memory
>>> len(store.graph_names())
0
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from contextlib import nullcontext
from pathlib import Path

from rdflib import Graph, URIRef

from dyad.errors import DyadError, LoaderError, ShapeViolationError, SourceLocation
from dyad.loaders.rdf import literals_as_written
from dyad.loaders import SourceGraph, SourceMetadata, get_loader, loader_for
from dyad.store import COUNTRIES_GRAPH, Store, default_store_path
from dyad.validation import DocumentToValidate, validate_documents, validate_whole_store
from dyad.validation import ValidationReport, validate_graph

log = logging.getLogger(__name__)

ProgressCallback = Callable[[str, int], None]  # (what, amount) — the CLI turns it into a progress bar


def open_store(location: Path | str | None = None, *, read_only: bool = False) -> Store:
    """Open the store at ``location``: a folder (the embedded store; None: in memory) or the URL of a SPARQL 1.1 server.

    A URL (``http://host:port/dataset``) opens a :class:`~dyad.store.remote.RemoteStore`; see
    ``docs/remote-store.md`` for the endpoints it derives and the credentials it reads.
    """
    from dyad.store.remote import RemoteStore, is_store_url

    if isinstance(location, Store):
        return location
    if is_store_url(location):
        return RemoteStore(str(location), read_only=read_only)
    from dyad.store import DyadStore

    return DyadStore(location, read_only=read_only)


def expand_paths(paths: Iterable[Path | str]) -> list[Path]:
    """Files as given, and every file (recursively, sorted) in the folders given."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".") and not p.name.endswith(".meta.json"))
            )
        elif path.exists():
            files.append(path)
        else:
            raise LoaderError("no such file or folder", SourceLocation(str(path)))
    return files


def read_sources(
    paths: Iterable[Path | str], *, loader: str | None = None, metadata: SourceMetadata | None = None
) -> Iterator[SourceGraph]:
    """Run the right loader on every file and yield its source graphs (nothing is stored)."""
    from dyad.errors import ReservedGraphError
    from dyad.loaders.common import reserved_graph

    for path in expand_paths(paths):
        chosen = get_loader(loader) if loader else loader_for(path)
        log.info("loading %s with the %s loader", path, chosen.name)
        try:
            for source in chosen.load(path, metadata):
                reserved = reserved_graph(str(source.name))
                if reserved:  # whatever the loader (a plugin too): only Dyad writes its own graphs
                    raise ReservedGraphError(f"the {chosen.name} loader would write <{source.name}>, {reserved}; only Dyad writes it",
                                             SourceLocation(str(path)))
                yield source
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            # a value the loader did not check (a date 2018-13-45, a list where a string belongs): name the file
            log.debug("the %s loader failed on %s", chosen.name, path, exc_info=True)
            raise LoaderError(f"cannot be read by the {chosen.name} loader: {error}", SourceLocation(str(path))) from error


@dataclass
class LoadResult:
    """What a load did."""

    graphs: list[URIRef] = field(default_factory=list)
    unchanged: list[URIRef] = field(default_factory=list)
    quads_before: int = 0
    quads_after: int = 0
    summary: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    report: ValidationReport | None = None  # the gate's report (warnings and infos do not refuse a load)


def load(
    paths: Iterable[Path | str],
    *,
    store: Store,
    loader: str | None = None,
    metadata: SourceMetadata | None = None,
    extra_shapes: Iterable[Path | str] = (),
    builtin_shapes: bool = True,
    validate: bool = True,
    progress: ProgressCallback | None = None,
) -> LoadResult:
    """Read, validate and store sources; all or nothing.

    Every file is read and validated before anything is written; then every source graph
    replaces its named graph in one transaction. On any error (unreadable file, SHACL
    violation) the store is left exactly as it was. ``builtin_shapes=False`` gates with the
    ``extra_shapes`` alone (Dyad's shapes and reference graphs left out).
    """
    result = LoadResult(quads_before=store.quad_count())
    sources: list[SourceGraph] = []
    report: ValidationReport | None = None
    with nullcontext() if builtin_shapes else literals_as_written():
        for source in read_sources(paths, loader=loader, metadata=metadata):
            sources.append(source)
            for key, value in source.summary.items():
                result.summary[key] = result.summary.get(key, 0) + value
            result.notes.extend(source.notes)
            if progress:
                progress("documents", 1)
    merged = _merge_by_name(sources)
    changed = [(name, graph) for name, graph in merged.items() if not store.holds(name, graph)]
    extra_shapes = list(extra_shapes)
    # A document the store already holds exactly was validated against Dyad's shapes when it was stored,
    # and storing it again changes nothing: only a user's own shapes give a reason to look at it again.
    to_validate = merged if extra_shapes or not builtin_shapes else dict(changed)
    if validate and to_validate:
        # Incremental: the new graphs against the shapes and what they touch in the store
        # (cross-document rules included), not a re-validation of the whole store.
        report = validate_documents(store, _documents_to_validate(sources, to_validate), extra_shapes=extra_shapes,
                                    builtin_shapes=builtin_shapes)
        result.report = report
    if report is not None and report.failures():
        raise ShapeViolationError(
            f"{len(report.failures())} shape violation(s); nothing was stored.\n{report.as_text()}", report
        )
    store.replace_graphs(changed)
    from dyad.gdelt.aggregates import scan_stored_exports

    # GDELT exports read by the rdflib path (small files) count in the dyad-day aggregates too.
    scan_stored_exports(store, [Path(source.origin) for source in sources if source.name in dict(changed)])
    result.graphs = [name for name, _ in changed]
    result.unchanged = [name for name in merged if name not in result.graphs]
    result.quads_after = store.quad_count()
    return result


def _merge_by_name(sources: list[SourceGraph]) -> dict[URIRef, Graph]:
    merged: dict[URIRef, Graph] = {}
    for source in sources:
        if source.name in merged:
            merged[source.name] += source.graph
        else:
            merged[source.name] = source.graph
    return merged


def _documents_to_validate(sources: list[SourceGraph], merged: dict[URIRef, Graph]) -> list[DocumentToValidate]:
    origins: dict[URIRef, str] = {}
    locations: dict[URIRef, dict[str, str]] = {}
    for source in sources:
        origins.setdefault(source.name, source.origin)
        locations.setdefault(source.name, {}).update(source.locations)
    return [DocumentToValidate(name, graph, origins[name], locations[name]) for name, graph in merged.items()]


def validate_files(
    paths: Iterable[Path | str], *, loader: str | None = None, metadata: SourceMetadata | None = None,
    extra_shapes: Iterable[Path | str] = (), builtin_shapes: bool = True,
) -> ValidationReport:
    """Validate files against the shapes without storing them (together, so rules across them hold).

    With ``builtin_shapes=False`` the files are checked against ``extra_shapes`` alone, as plain
    SHACL does: RDF files exactly as written (no document description, no reference graphs),
    other files as their loader reads them.
    """
    if not builtin_shapes:
        return validate_graph(_data_as_written(paths, loader=loader, metadata=metadata), extra_shapes=extra_shapes,
                              builtin_shapes=False, source=", ".join(str(p) for p in paths))
    sources = list(read_sources(paths, loader=loader, metadata=metadata))
    if not sources:
        return ValidationReport(conforms=True)
    scratch = open_store(None)  # in memory, with the reference graphs the files may lean on
    return validate_documents(scratch, _documents_to_validate(sources, _merge_by_name(sources)), extra_shapes=extra_shapes)


def _data_as_written(paths: Iterable[Path | str], *, loader: str | None, metadata: SourceMetadata | None) -> Graph:
    from dyad.validation.shapes import read_rdf

    data = Graph()
    for path in expand_paths(paths):
        chosen = get_loader(loader) if loader else loader_for(path)
        if chosen.name == "rdf":
            data += read_rdf(path)
        else:
            for source in chosen.load(path, metadata):
                data += source.graph
    return data


def validate_store(
    store: Store, *, extra_shapes: Iterable[Path | str] = (), builtin_shapes: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> ValidationReport:
    """Validate the whole store (every document graph and the reference graphs, as one union).

    ``builtin_shapes=False``: the ``extra_shapes`` alone, on the document graphs alone.
    ``progress(done, total)`` is called as the steps of the validation are taken.
    """
    return validate_whole_store(store, extra_shapes=extra_shapes, builtin_shapes=builtin_shapes, progress=progress)


def remove_document(store: Store, document: str) -> list[URIRef]:
    """Remove a source document's named graph(s) from the store.

    ``document`` is a document IRI, or a URL / file path of a loaded document.
    """
    names = resolve_documents(store, document)
    if not names:
        raise DyadError(f"no document {document!r} in the store (see `dyad documents`)")
    from dyad.gdelt.aggregates import remove_exports

    remove_exports(store, names)
    store.remove_graphs(names)
    return names


def resolve_documents(store: Store, document: str) -> list[URIRef]:
    """Graph names matching a document IRI, URL, facts-file id, file name, title or sha256."""
    from dyad.vocabulary.iris import document_iri
    from dyad.queries.library import run_named_sparql

    candidates = [document, document_iri(document), document_iri(f"id:{document}"), document_iri(f"file:{Path(document).name}"),
                  document_iri(f"sha256:{document}")]
    direct = [URIRef(str(c)) for c in candidates if store.has_graph(c)]
    if direct:
        return direct[:1]
    rows = run_named_sparql(store, "documents")[1]
    matches = []
    for row in rows:
        values = {str(row.get(key)) for key in ("url", "title", "sha256") if row.get(key) is not None}
        if document in values:
            matches.append(URIRef(str(row["document"])))
    return sorted({name for name in matches if store.has_graph(name)})


__all__ = [
    "open_store", "load", "LoadResult", "validate_files", "validate_store", "remove_document", "read_sources",
    "default_store_path", "COUNTRIES_GRAPH", "SourceMetadata",
]
