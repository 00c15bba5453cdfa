"""The bulk path: a first sync (or a rebuild) written by ``neo4j-admin database import full``.

The importer writes the store files directly, without transactions, which is what a first sync
of millions of statements needs. It runs only on a database that is offline: with Community's
single database that means stopping the server. So the bulk path is for the local server that
Dyad starts (:mod:`dyad.neo4j.server`): write CSV files from the same mapping (shared subjects
through the :class:`~dyad.neo4j.mapping.Describer`, the others straight from their one graph's
statements, to the same rows) while the server stops, import, start it again with the same
settings, create the schema and record the sync ledger. Later syncs are incremental, through the
driver, as usual. A remote server (a cluster, Aura, a server on another machine) gets the
transactional sync; :func:`write_import_files` writes the same CSV files and the command line
for an administrator who can run the importer there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
import re
import secrets
import shutil
import subprocess
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox

from dyad.errors import SyncError
from dyad.neo4j.changes import graph_contributions, store_graph_hashes
from dyad.neo4j.ledger import store_name
from dyad.neo4j.mapping import (
    CONCEPT_BASE,
    RESOURCE,
    STATE_LABEL,
    Describer,
    NodeDescription,
    NodeSupport,
    compact_iri,
    compact_predicate,
    ledger_object,
    local_name,
    neo4j_value,
    node_key,
    property_key,
    relationship_type,
)
from dyad.store import ONTOLOGY_GRAPH, STATE_GRAPH, DyadStore

log = logging.getLogger(__name__)

#: Between the values of a list property in the CSV files: a control character no IRI and no
#: text Dyad writes contains (a value that does contain it makes the bulk path step aside).
ARRAY_DELIMITER = "\x1f"
#: Between the fields of a row, and around a field that is empty text or spans lines: two more
#: such characters, so that no field needs escaping (``"`` and ``,`` in values are plain characters).
FIELD_DELIMITER = "\x1e"
QUOTE = "\x1d"
_RESERVED = re.compile("[\x1d-\x1f]")
_ADMIN_TOOL = "org.neo4j.cli.AdminTool"
#: A first sync of fewer statements goes through the driver: restarting the server costs more.
BULK_MINIMUM_STATEMENTS = 200_000
#: Node ids in the files are this many bits of a hash of the IRI (the importer takes integers below 2^56).
_ID_BYTES = 7
#: Attempts with another hash salt when two IRIs of a store get one id (about 1 in 10^5 at 10^6 nodes).
_ID_ATTEMPTS = 3
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
#: Typed values seen again (scores, dates, counts) are converted once; text is not cached.
_VALUE_CACHE = 200_000


class BulkImportUnsupported(SyncError):
    """The bulk path cannot write this store (the transactional sync can)."""


class DuplicateNodeIds(BulkImportUnsupported):
    """Two IRIs of the store hash to one node id: the files are written again with another salt."""


@dataclass
class ImportFiles:
    """CSV files for ``neo4j-admin database import full``, and the arguments that name them."""

    folder: Path
    nodes: list[Path] = field(default_factory=list)
    relationships: list[Path] = field(default_factory=list)
    multiline: list[Path] = field(default_factory=list)  # files with a value spanning lines
    node_count: int = 0
    relationship_count: int = 0
    statements: int = 0
    graphs: list[str] = field(default_factory=list)

    def arguments(self, database: str = "neo4j") -> list[str]:
        # The database name first: after --nodes/--relationships (which take several files) it would be read as a file.
        # Integer ids (a hash of the IRI, below) spare the importer its map of string ids: its relationship phase took half as long.
        arguments = ["database", "import", "full", database, "--overwrite-destination=true", "--id-type=integer",
                     "--delimiter=U+001E", "--quote=U+001D", "--array-delimiter=U+001F", "--normalize-types=false",
                     "--skip-bad-relationships=false", "--skip-duplicate-nodes=false", f"--report-file={self.folder / 'import.report'}"]
        arguments += [f"--nodes={path}" for path in self.nodes]
        arguments += [f"--relationships={path}" for path in self.relationships]
        if self.multiline:
            arguments += ["--multiline-fields-format=v2", "--multiline-fields=" + ",".join(map(str, self.multiline))]
        return arguments


def _csv_type(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, dt.datetime):
        return "datetime" if value.tzinfo is not None else "localdatetime"
    if isinstance(value, dt.date):
        return "date"
    return "string"


def _csv_scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return _checked(str(value))


def _checked(text: str) -> str:
    if _RESERVED.search(text):
        raise BulkImportUnsupported(f"a value holds one of the control characters U+001D-U+001F: {text[:60]!r}")
    return text


def _field(text: str) -> str:
    """A field as the importer reads it: quoted when empty (unquoted, it would be no value) or spanning lines."""
    return f"{QUOTE}{text}{QUOTE}" if not text or "\n" in text or "\r" in text else text


class NodeIds:
    """The importer's node id of each IRI: 56 bits of a salted hash, so that every process finds the same one unaided."""

    def __init__(self, salt: int = 0) -> None:
        self.salt = salt.to_bytes(16, "big")
        self._known: dict[str, str] = {}

    def __call__(self, uri: str) -> str:
        found = self._known.get(uri)
        if found is None:
            digest = hashlib.blake2b(uri.encode(), digest_size=_ID_BYTES, salt=self.salt).digest()
            found = self._known[uri] = str(int.from_bytes(digest, "big"))
        return found


class _NodeFiles:
    """One CSV file per property signature (names and types), since a CSV header types its columns."""

    def __init__(self, folder: Path, prefix: str, ids: NodeIds) -> None:
        self.folder = folder
        self.prefix = prefix
        self.ids = ids
        self.files: dict[tuple, TextIO] = {}
        self.paths: list[Path] = []
        self.multiline: list[Path] = []
        self.written: list[str] = []  # node ids, for the check that no two IRIs got one

    def add(self, description: NodeDescription) -> None:
        properties = {**description.properties, "graphs": description.graph_list()}
        columns: list[tuple[str, str]] = []
        values: list[str] = []
        multiline = False
        for key in sorted(properties):
            value = properties[key]
            if isinstance(value, list):
                kind = (_csv_type(value[0]) if value else "string") + "[]"
                text = ARRAY_DELIMITER.join(_csv_scalar(v) for v in value)
            else:
                kind = _csv_type(value)
                text = _csv_scalar(value)
            multiline |= "\n" in text or "\r" in text
            columns.append((key, kind))
            values.append(text)
        self.add_row(description.uri, ARRAY_DELIMITER.join((RESOURCE, *sorted(description.labels))), tuple(columns), values,
                     multiline)

    def add_row(self, uri: str, labels: str, columns: tuple[tuple[str, str], ...], values: list[str], multiline: bool) -> None:
        handle = self._file((columns, multiline))
        node = self.ids(uri)
        if multiline or "" in values:
            values = [_field(text) for text in values]
        handle.write(FIELD_DELIMITER.join((node, uri, labels, *values)) + "\n")
        self.written.append(node)

    def add_bare(self, uri: str) -> None:
        node = self.ids(uri)
        self._file(((), False)).write(f"{node}{FIELD_DELIMITER}{uri}{FIELD_DELIMITER}{RESOURCE}\n")
        self.written.append(node)

    @property
    def count(self) -> int:
        return len(self.written)

    def _file(self, signature: tuple) -> TextIO:
        found = self.files.get(signature)
        if found is None:
            columns, multiline = signature
            path = self.folder / f"{self.prefix}-{len(self.files):04d}.csv"
            found = self.files[signature] = open(path, "w", encoding="utf-8", newline="")
            found.write(FIELD_DELIMITER.join((f":ID({RESOURCE})", "uri:string", ":LABEL", *(f"{name}:{kind}" for name, kind in columns))) + "\n")
            self.paths.append(path)
            if multiline:
                self.multiline.append(path)
        return found

    def close(self) -> None:
        for handle in self.files.values():
            handle.close()


_RELATIONSHIP_HEADER = FIELD_DELIMITER.join((f":START_ID({RESOURCE})", f":END_ID({RESOURCE})", ":TYPE", "predicate:string"))


@dataclass
class _Part:
    """The files one worker wrote for its share of the graphs, and what the others need from it."""

    nodes: list[Path] = field(default_factory=list)
    multiline: list[Path] = field(default_factory=list)
    relationships: Path | None = None
    node_ids: list[str] = field(default_factory=list)
    relationship_count: int = 0
    statements: int = 0
    subjects_of: dict[str, list[str]] = field(default_factory=dict)  # graph -> its subjects, sorted
    targets: set[str] = field(default_factory=set)  # relationship targets that are neither its subjects nor shared


class _SingleGraphRows:
    """CSV rows for subjects that one graph alone describes (nearly all), straight from their statements.

    The result is what :class:`~dyad.neo4j.mapping.Describer` gives for such a subject (a node whose
    every statement and relationship has the one graph as its support), without building a
    :class:`NodeDescription`: the ledger needs no graph lists and the relationships no graphs. A
    subject the shortcut does not cover (a property key with several values or predicates, an
    ``rdf:type`` that is not an IRI, an object that is neither IRI, blank node nor literal) goes
    through the describer.
    """

    def __init__(self, describer: Describer, nodes: _NodeFiles, relationships: TextIO) -> None:
        self.describer = describer
        self.nodes = nodes
        self.ids = nodes.ids
        self.relationships = relationships
        self.relationship_count = 0
        self.targets: set[str] = set()
        self._keys: dict[tuple[str, str], str] = {}  # (predicate, language) -> property key
        self._predicates: dict[str, tuple[str, str]] = {}  # predicate -> (its rdf entries' prefix, relationship type and predicate)
        self._labels: dict[frozenset[str], str] = {}
        self._concepts: dict[str, tuple[str, str]] = {}  # concept IRI -> (value, rdf entry object)
        self._values: dict[tuple[str, str], tuple[str, str, bool, str]] = {}  # (datatype, lexical form) -> (type, text, multiline, rdf object)

    def _key(self, predicate: str, language: str | None) -> str:
        key = self._keys.get((predicate, language or ""))
        if key is None:
            key = property_key(predicate)
            if language and language != "en":
                key = f"{key}_{re.sub(r'[^A-Za-z0-9]', '_', language)}"
            self._keys[(predicate, language or "")] = key
        return key

    def _predicate(self, predicate: str) -> tuple[str, str]:
        found = self._predicates.get(predicate)
        if found is None:
            found = self._predicates[predicate] = (
                compact_iri(predicate) + " ", f"{FIELD_DELIMITER}{relationship_type(predicate)}{FIELD_DELIMITER}{compact_predicate(predicate)}\n")
        return found

    def _literal(self, literal: ox.Literal) -> tuple[str, str, bool, str]:
        datatype = literal.datatype.value
        text = literal.value
        if datatype == _XSD_STRING or datatype == _LANG_STRING:
            return "string", _checked(text), "\n" in text or "\r" in text, str(literal)
        found = self._values.get((datatype, text))
        if found is None:
            value = neo4j_value(literal)
            scalar = _csv_scalar(value)
            found = _csv_type(value), scalar, "\n" in scalar or "\r" in scalar, ledger_object(literal)
            if len(self._values) < _VALUE_CACHE:
                self._values[(datatype, text)] = found
        return found

    def write(self, uri: str, graph: str, statements: list[tuple[str, object]]) -> None:
        ledger: list[str] = []
        classes: set[str] = set()
        properties: dict[str, tuple[str, str]] = {}
        relationships: list[tuple[str, str]] = []
        multiline = False
        for predicate, obj in statements:
            kind = type(obj)
            if kind is ox.Literal:
                if predicate == _RDF_TYPE:
                    return self._described(uri, graph, statements)
                key = self._key(predicate, obj.language)  # type: ignore[attr-defined]
                if key in properties:
                    return self._described(uri, graph, statements)
                csv_type, text, spans_lines, entry = self._literal(obj)  # type: ignore[arg-type]
                properties[key] = (csv_type, text)
                multiline |= spans_lines
                ledger.append(self._predicate(predicate)[0] + entry)
            elif kind is ox.NamedNode:
                iri = obj.value  # type: ignore[attr-defined]
                if predicate == _RDF_TYPE:
                    classes.add(iri)
                    ledger.append(self._predicate(predicate)[0] + compact_iri(iri))
                elif iri.startswith(CONCEPT_BASE):
                    key = self._key(predicate, None)
                    if key in properties:
                        return self._described(uri, graph, statements)
                    concept = self._concepts.get(iri)
                    if concept is None:
                        concept = self._concepts[iri] = (local_name(iri), compact_iri(iri))
                    properties[key] = ("string", concept[0])
                    ledger.append(self._predicate(predicate)[0] + concept[1])
                else:
                    relationships.append((predicate, iri))
            elif kind is ox.BlankNode:
                relationships.append((predicate, f"_:{obj.value}"))  # type: ignore[attr-defined]
            else:
                return self._described(uri, graph, statements)
        ledger.sort()
        properties["graphs"] = ("string[]", graph)
        properties["rdf"] = ("string[]", ARRAY_DELIMITER.join(ledger))
        columns = tuple(sorted((key, kind) for key, (kind, _) in properties.items()))
        values = [properties[key][1] for key, _ in columns]
        labels = self._labels.get(frozenset(classes))
        if labels is None:
            found: set[str] = set()
            for iri in classes:
                found.update(self.describer._labels_of(iri))
            labels = self._labels[frozenset(classes)] = ARRAY_DELIMITER.join((RESOURCE, *sorted(found)))
        self.nodes.add_row(uri, labels, columns, values, multiline)
        if relationships:
            start = self.ids(uri) + FIELD_DELIMITER
            ids, targets = self.ids, self.targets
            self.relationships.writelines([start + ids(target) + self._predicate(predicate)[1] for predicate, target in relationships])
            targets.update(target for _, target in relationships)
            self.relationship_count += len(relationships)

    def _described(self, uri: str, graph: str, statements: list[tuple[str, object]]) -> None:
        support = NodeSupport(uri)
        for predicate, obj in statements:
            support.add(predicate, obj, graph)
        description = self.describer.describe(support)
        if description is None:
            return
        self.nodes.add(description)
        start = self.ids(uri)
        for rel_type, target, predicate, _ in description.relationships:  # its one graph is the node's: no graphs of its own
            self.relationships.write(FIELD_DELIMITER.join((start, self.ids(target), rel_type, predicate)) + "\n")
            self.targets.add(target)
        self.relationship_count += len(description.relationships)


def _write_part(store: DyadStore, graphs: list[str], shared: set[str], describer: Describer, folder: Path, name: str,
                salt: int, progress: Callable[[str], None] | None = None) -> _Part:
    """The nodes and relationships of the subjects that only one of ``graphs`` describes, and every graph's subjects."""
    part = _Part(relationships=folder / f"relationships-{name}.csv")
    nodes = _NodeFiles(folder, f"nodes-{name}", NodeIds(salt))
    try:
        with open(part.relationships, "w", encoding="utf-8", newline="") as handle:  # type: ignore[arg-type]
            handle.write(_RELATIONSHIP_HEADER + "\n")
            rows = _SingleGraphRows(describer, nodes, handle)
            for graph in graphs:
                subjects = []
                for subject, statements in graph_contributions(store, graph):
                    subjects.append(subject)
                    part.statements += len(statements)
                    if subject not in shared:
                        rows.write(subject, graph, statements)
                part.subjects_of[graph] = subjects
                if progress:
                    progress(graph)
    finally:
        nodes.close()
    part.nodes, part.multiline, part.node_ids = nodes.paths, nodes.multiline, nodes.written
    part.relationship_count = rows.relationship_count
    described = {s for subjects in part.subjects_of.values() for s in subjects}
    part.targets = rows.targets - described - shared
    return part


def _parallel_store(store: DyadStore) -> Callable[[], DyadStore] | None:
    """How a forked worker gets at the store: the same in-memory store, or the on-disk one opened read-only; else None.

    A store on a server is read by one process (its HTTP connections would be shared by a fork).
    """
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods() or not isinstance(store, DyadStore):
        return None
    if store.path is None:
        return lambda: store
    path = store.path
    return lambda: DyadStore(path, read_only=True)


def _child(opener: Callable[[], DyadStore], graphs: list[str], shared: set[str], describer: Describer, folder: Path,
           salt: int, connection) -> None:  # noqa: ANN001 - a multiprocessing Connection
    try:
        result: object = _write_part(opener(), graphs, shared, describer, folder, "b", salt)
    except BaseException as error:  # noqa: BLE001 - handed to the parent, which raises it
        result = error if isinstance(error, SyncError) else SyncError(f"a CSV worker failed: {error!r}")
    connection.send(result)
    connection.close()


def _shared_subjects(store: DyadStore) -> set[str]:
    """Subjects that several named graphs describe (countries, dyads): described once, from all of them."""
    found: set[str] = set()
    for row in store.run_query(_SHARED_SUBJECTS % (ONTOLOGY_GRAPH, STATE_GRAPH)):
        key = node_key(row[0])
        if key is not None:
            found.add(key)
    if not isinstance(store, DyadStore) and any(key.startswith("_:") for key in found):
        # A SPARQL server names a blank node afresh in each answer: it cannot be looked up again by its label.
        raise BulkImportUnsupported("a blank node is described by several graphs of a store on a SPARQL server")
    return found


# The ontology and the store's own state graph are no documents: a subject they share with one document is not shared.
_SHARED_SUBJECTS = """
SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g NOT IN (<%s>, <%s>)) } GROUP BY ?s HAVING (COUNT(DISTINCT ?g) > 1)
"""


def write_import_files(store: DyadStore, folder: Path, *, progress: Callable[[str, int, int], None] | None = None,
                       workers: int = 2, salt: int = 0) -> ImportFiles:
    """The store as CSV files for the importer: the same nodes, relationships and sync ledger as a transactional sync.

    The subjects that several graphs describe (countries, dyads) are found first, in the store's
    own query engine, and described once from all of their statements. Every other subject is
    written straight from its one graph's statements, with ``workers`` processes (a fork each,
    beside this one) sharing the graphs between them. Nodes are numbered by a hash of their IRI
    (with ``salt``), so the processes agree without asking each other; raises
    :class:`DuplicateNodeIds` in the rare store where two IRIs get one number.
    """
    folder.mkdir(parents=True, exist_ok=True)
    wanted, sizes = store_graph_hashes(store)
    graphs = sorted(wanted)
    describer = Describer(store)
    shared = _shared_subjects(store)
    files = ImportFiles(folder=folder, graphs=graphs)
    total = sum(sizes.get(g, 0) for g in graphs) or 1
    done = [0]

    def advance(*finished: str) -> None:  # graphs written (in bytes, as the transactional sync reports)
        done[0] += sum(sizes.get(g, 0) for g in finished)
        if progress:
            progress("csv", min(done[0], total), total)

    # Two shares of about the same size: graphs dealt out largest first.
    by_size = sorted(graphs, key=lambda g: (-sizes.get(g, 0), g))
    opener = _parallel_store(store) if workers > 1 and len(graphs) > 1 else None
    mine, theirs = (by_size[0::2], by_size[1::2]) if opener is not None else (by_size, [])
    parts: list[_Part] = []
    child = None
    if theirs:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        receiving, sending = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(opener, theirs, shared, describer, folder, salt, sending), daemon=True)
        child.start()
        sending.close()
    try:
        parts.append(_write_part(store, mine, shared, describer, folder, "a", salt, advance))
    finally:
        if child is not None:
            try:
                received = receiving.recv() if receiving.poll(None) else None
            except EOFError:
                received = None
            child.join()
            receiving.close()
            if isinstance(received, BaseException):
                raise received
            if not isinstance(received, _Part):
                raise SyncError(f"a CSV worker ended without its files (exit code {child.exitcode})")
            parts.append(received)
            advance(*theirs)

    # The shared subjects, each from all the graphs that state something about it.
    ids = NodeIds(salt)
    nodes = _NodeFiles(folder, "nodes-shared", ids)
    shared_path, own_graphs_path = folder / "relationships-shared.csv", folder / "relationships-own-graphs.csv"
    targets: set[str] = set()
    try:
        with open(shared_path, "w", encoding="utf-8", newline="") as handle, \
                open(own_graphs_path, "w", encoding="utf-8", newline="") as own_handle:
            handle.write(_RELATIONSHIP_HEADER + "\n")
            # A relationship stated by every graph of its node carries no graphs (mapping version 4): the others do.
            own_handle.write(FIELD_DELIMITER.join((_RELATIONSHIP_HEADER, "graphs:string[]")) + "\n")
            for subject in sorted(shared):
                support = NodeSupport(subject)
                for quad in store.quads_for_pattern(_term(subject), None, None, None):
                    graph = quad.graph_name
                    if isinstance(graph, ox.NamedNode) and graph.value in wanted:
                        support.add(quad.predicate.value, quad.object, graph.value)
                description = describer.describe(support)
                if description is None:
                    continue
                nodes.add(description)
                node_graphs = description.graph_list()
                start = ids(subject)
                for rel_type, target, predicate, supporting in description.relationships:
                    row = FIELD_DELIMITER.join((start, ids(target), rel_type, predicate))
                    if supporting == node_graphs:
                        handle.write(row + "\n")
                    else:
                        own_handle.write(f"{row}{FIELD_DELIMITER}{ARRAY_DELIMITER.join(supporting)}\n")
                    targets.add(target)
                    files.relationship_count += 1
            described = shared.copy()
            for part in parts:
                described.update(s for subjects in part.subjects_of.values() for s in subjects)
                targets |= part.targets
            for uri in sorted(targets - described):
                nodes.add_bare(uri)
    finally:
        nodes.close()

    node_ids = [*nodes.written, *(node for part in parts for node in part.node_ids)]
    if len(set(node_ids)) != len(node_ids):
        raise DuplicateNodeIds(f"two IRIs of the store hash to one node id with salt {salt}")
    subjects_of: dict[str, list[str]] = {}
    for part in parts:
        files.nodes += part.nodes
        files.multiline += part.multiline
        files.relationship_count += part.relationship_count
        files.statements += part.statements
        files.relationships.append(part.relationships)  # type: ignore[arg-type]
        subjects_of.update(part.subjects_of)
    files.nodes += nodes.paths
    files.multiline += nodes.multiline
    files.node_count = len(node_ids)
    files.relationships += [shared_path, own_graphs_path]

    state_path = folder / "sync-state.csv"
    synced = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    name = _checked(store_name(store))
    with open(state_path, "w", encoding="utf-8", newline="") as handle:
        handle.write(FIELD_DELIMITER.join((f":ID({STATE_LABEL})", "graph:string", ":LABEL", "hash:string", "subjects:string[]",
                                           "store:string", "synced:datetime")) + "\n")
        for number, graph in enumerate(graphs):
            handle.write(FIELD_DELIMITER.join((str(number), graph, STATE_LABEL, wanted[graph],
                                               _field(ARRAY_DELIMITER.join(subjects_of[graph])), _field(name), synced)) + "\n")
    files.nodes.append(state_path)
    return files


def _term(uri: str) -> ox.NamedNode | ox.BlankNode:
    return ox.BlankNode(uri[2:]) if uri.startswith("_:") else ox.NamedNode(uri)


def admin_command(java: str, lib: Path, files: ImportFiles, *, database: str = "neo4j", heap: str = "1g",
                  jvm_options: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The importer's command line, run with the server's own jars (``neo4j-admin`` is ``org.neo4j.cli.AdminTool``)."""
    import os

    return [java, f"-Xmx{heap}", *jvm_options, "-XX:+UseG1GC", "-Dfile.encoding=UTF-8",
            "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "-cp", f"{lib}{os.sep}*", _ADMIN_TOOL, *files.arguments(database)]


@dataclass
class BulkResult:
    """What a bulk import did, and where its time went."""

    graphs: int = 0
    statements: int = 0
    nodes: int = 0
    relationships: int = 0
    csv_seconds: float = 0.0
    stop_seconds: float = 0.0  # the server's stop, while the CSV files were written
    stop_wait_seconds: float = 0.0  # of which the files were done first and waited for it
    import_seconds: float = 0.0
    start_seconds: float = 0.0
    schema_seconds: float = 0.0
    warm_up_seconds: float = 0.0
    seconds: float = 0.0


def bulk_import(store: DyadStore, run_dir: Path | None = None, *, password: str | None = None, database: str = "neo4j",
                progress: Callable[[str, int, int], None] | None = None, keep_files: bool = False) -> BulkResult:
    """Replace the database of the local server on ``run_dir`` with the store, through ``neo4j-admin database import``.

    The server is stopped for the import and started again with the settings it had (its ports,
    auth, heap, page cache); ``password`` is needed when auth is on. Whatever the database held is
    replaced. Raises :class:`BulkImportUnsupported` when the store holds a value the CSV files
    cannot carry (the transactional sync can), :class:`SyncError` when the import fails (the server
    is started again, and a transactional sync can then rebuild the database).
    """
    from dyad.jvm import java_executable, tail
    from dyad.neo4j.connection import Database, connect
    from dyad.neo4j.server import Neo4jServer, default_run_dir, server_status, start_server, stop_server
    from dyad.neo4j.server.config import cds_jvm_options, finish_cds_dump
    from dyad.neo4j.server.fetch import fetch_neo4j
    from dyad.neo4j.server.process import recorded_state
    from dyad.neo4j.server.start import child_environment
    from dyad.neo4j.writer import GraphWriter

    started = time.perf_counter()
    run_dir = (run_dir or default_run_dir()).expanduser().resolve()
    server = server_status(run_dir)
    if server is None:
        raise SyncError(f"no local Neo4j server runs on {run_dir}: the bulk path needs the one `dyad neo4j start` runs")
    state = recorded_state(run_dir)
    options = dict(state.get("start_options") or {})
    version = str(state.get("version") or "")
    result = BulkResult()
    folder = run_dir / "import" / f"dyad-bulk-{secrets.token_hex(4)}"
    start_options = {k: options[k] for k in ("heap", "pagecache", "browser", "class_data_sharing") if k in options}

    def restart() -> Neo4jServer:
        mark = time.perf_counter()
        restarted = start_server(run_dir, version=version or _default_version(), auth=server.auth, password=password,
                                 bolt_port=server.bolt_port, http_port=server.http_port, **start_options,
                                 jvm_options=tuple(options.get("jvm_options") or ()), standard_ports=False)
        result.start_seconds = time.perf_counter() - mark
        return restarted

    def stop() -> float:
        mark = time.perf_counter()
        stop_server(server)
        return time.perf_counter() - mark

    # The server stops while Python writes the files: its database is about to be replaced anyway.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="dyad-bulk-stop") as stopper:
        stopping = stopper.submit(stop)
        try:
            files = _write_with_unique_ids(store, folder, progress)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            stopping.result()
            restart()  # as it was, for the transactional sync the caller falls back to
            raise
        result.csv_seconds = time.perf_counter() - started
        mark = time.perf_counter()
        result.stop_seconds = stopping.result()
        result.stop_wait_seconds = time.perf_counter() - mark
    try:
        result.graphs, result.statements = len(files.graphs), files.statements
        result.nodes, result.relationships = files.node_count, files.relationship_count
        lib = fetch_neo4j(version) if version else fetch_neo4j()
        java = java_executable()
        # The importer's own class archive (its first run writes it): about a second less of JVM start at every import.
        cds_options, cds_dump = cds_jvm_options(lib, java, kind="importer")
        command = admin_command(java, lib, files, database=database, jvm_options=cds_options)
        mark = time.perf_counter()
        environment = {**child_environment(), "NEO4J_HOME": str(run_dir), "NEO4J_CONF": str(run_dir / "conf")}
        completed = None
        try:
            completed = subprocess.run(command, capture_output=True, text=True, check=False, env=environment, cwd=folder)
        finally:
            finish_cds_dump(cds_dump, clean_exit=completed is not None and completed.returncode == 0)
        result.import_seconds = time.perf_counter() - mark
        failure = None
        if completed.returncode != 0:
            report = folder / "import.report"
            failure = (f"neo4j-admin database import failed (exit {completed.returncode}):\n"
                       f"{tail(completed.stdout + completed.stderr, 30)}"
                       + (f"\n{tail(report.read_text(errors='replace'), 20)}" if report.is_file() else ""))
        restarted = restart()
        if failure:
            raise SyncError(failure + "\nThe server is running again: `dyad sync --rebuild --no-bulk` rebuilds the database through the driver")
        mark = time.perf_counter()
        driver = connect(restarted.uri, restarted.user, password)
        try:
            database_handle = Database(driver, database)
            GraphWriter(database_handle).ensure_schema()
            database_handle.run("CALL db.awaitIndexes(600)")
            result.schema_seconds = time.perf_counter() - mark
            mark = time.perf_counter()
            _warm_up(store, driver, database, files.graphs)
            result.warm_up_seconds = time.perf_counter() - mark
        finally:
            driver.close()
    finally:
        if not keep_files:
            shutil.rmtree(folder, ignore_errors=True)
    result.seconds = time.perf_counter() - started
    log.info("bulk import: %d graphs, %d statements, %d nodes, %d relationships in %.1f s (CSV %.1f, import %.1f, restart %.1f, schema %.1f)",
             result.graphs, result.statements, result.nodes, result.relationships, result.seconds, result.csv_seconds,
             result.import_seconds, result.stop_wait_seconds + result.start_seconds, result.schema_seconds)
    return result


def _write_with_unique_ids(store: DyadStore, folder: Path, progress: Callable[[str, int, int], None] | None) -> ImportFiles:
    """The import files, written again with another salt in the rare store where two IRIs got one node id."""
    for salt in range(_ID_ATTEMPTS):
        try:
            return write_import_files(store, folder, progress=progress, salt=salt)
        except DuplicateNodeIds as error:
            log.warning("%s: writing the import files again", error)
            shutil.rmtree(folder, ignore_errors=True)
    raise BulkImportUnsupported(f"two IRIs of the store hash to one node id with {_ID_ATTEMPTS} salts")


def _warm_up(store: DyadStore, driver, database: str, graphs: list[str]) -> None:  # noqa: ANN001
    """Sync the smallest document graph again through the driver (it rewrites it as it is).

    The restarted server has planned none of the writer's statements and compiled none of its
    code; without this the user's next one-document sync paid for that (28 s on a loaded machine).
    """
    from dyad.neo4j.sync import Neo4jSync
    from dyad.store import REFERENCE_GRAPHS

    sizes = store_graph_hashes(store)[1]
    documents = [g for g in graphs if g not in {str(r) for r in REFERENCE_GRAPHS}]
    if not documents:
        return
    graph = min(documents, key=lambda g: (sizes.get(g, 0), g))
    syncer = Neo4jSync(driver, database=database)
    syncer.ledger.begin([graph], store_name(store))
    syncer.sync(store)  # the files named this store as the owner: no adopting of 6,430 states
    syncer.warm_up_hub_updates(graph)


def _default_version() -> str:
    from dyad.neo4j.server.fetch import DEFAULT_VERSION

    return DEFAULT_VERSION


def is_local_uri(uri: str | None, run_dir: Path | None = None) -> bool:
    """True when ``uri`` (None: the default) points at the local server Dyad runs on ``run_dir``."""
    from urllib.parse import urlsplit

    from dyad.neo4j.connection import split_credentials
    from dyad.neo4j.server import server_status

    local = server_status(run_dir)
    if local is None:
        return False
    if uri is None:
        return True
    parts = urlsplit(split_credentials(uri)[0])
    return parts.scheme in ("bolt", "neo4j") and parts.hostname in ("127.0.0.1", "localhost") and parts.port == local.bolt_port


def bulk_decision(store: DyadStore, syncer, *, uri: str | None, database: str | None,  # noqa: ANN001 - a Neo4jSync
                  rebuild: bool, bulk: bool | None) -> tuple[bool, str]:
    """Whether this sync goes through the importer, and why (or why not).

    ``bulk=None`` (the default) takes it for a first sync or a rebuild of a store of at least
    :data:`BULK_MINIMUM_STATEMENTS` statements into the local server's default database;
    ``bulk=True`` asks for it (an error where it cannot run), ``bulk=False`` never.
    """
    if bulk is False:
        return False, "--no-bulk"
    where = []
    if not is_local_uri(uri):
        where.append("the bulk path needs the local server that `dyad neo4j start` runs (the importer stops it); "
                     "a remote server gets the transactional sync")
    if database not in (None, "neo4j"):
        where.append(f"the bulk path writes the default database 'neo4j', not {database!r}")
    if bulk is True:
        if where:
            raise SyncError("; ".join(where))
        return True, "--bulk"
    if where:
        return False, where[0]
    if not (rebuild or syncer.ledger.is_empty()):
        return False, "the database holds a synced graph: the sync is incremental"
    size = store.quad_count()
    if size < BULK_MINIMUM_STATEMENTS:
        return False, f"{size} statements: fewer than {BULK_MINIMUM_STATEMENTS}, the driver is quicker than a restart"
    return True, "a first sync" if not rebuild else "--rebuild"


__all__ = ["ARRAY_DELIMITER", "BULK_MINIMUM_STATEMENTS", "BulkImportUnsupported", "BulkResult", "DuplicateNodeIds", "FIELD_DELIMITER",
           "ImportFiles", "NodeIds", "QUOTE", "bulk_decision", "admin_command", "bulk_import", "is_local_uri", "write_import_files"]

