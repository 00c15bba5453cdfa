"""The bulk path: a first sync (or a rebuild) written by ``neo4j-admin database import full``.

The importer writes the store files directly, without transactions, which is what a first sync
of millions of statements needs. It runs only on a database that is offline: with Community's
single database that means stopping the server. So the bulk path is for the local server that
Dyad starts (:mod:`dyad.neo4j.server`): write CSV files from the same mapping (the same
:class:`~dyad.neo4j.mapping.Describer`), stop the server, import, start it again with the same
settings, create the schema and record the sync ledger. Later syncs are incremental, through the
driver, as usual. A remote server (a cluster, Aura, a server on another machine) gets the
transactional sync; :func:`write_import_files` writes the same CSV files and the command line
for an administrator who can run the importer there.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import math
import secrets
import shutil
import subprocess
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dyad.errors import SyncError
from dyad.neo4j.changes import graph_contributions, store_graph_hashes
from dyad.neo4j.ledger import store_name
from dyad.neo4j.mapping import RESOURCE, STATE_LABEL, Describer, NodeDescription, NodeSupport
from dyad.store import DyadStore

log = logging.getLogger(__name__)

#: Between the values of a list property in the CSV files: a control character no IRI and no
#: text Dyad writes contains (a value that does contain it makes the bulk path step aside).
ARRAY_DELIMITER = "\x1f"
_ADMIN_TOOL = "org.neo4j.cli.AdminTool"
#: A first sync of fewer statements goes through the driver: restarting the server costs more.
BULK_MINIMUM_STATEMENTS = 200_000


class BulkImportUnsupported(SyncError):
    """The bulk path cannot write this store (the transactional sync can)."""


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
        arguments = ["database", "import", "full", database, "--overwrite-destination=true", "--id-type=string",
                     "--array-delimiter=U+001F", "--normalize-types=false", "--skip-bad-relationships=false",
                     "--skip-duplicate-nodes=false", f"--report-file={self.folder / 'import.report'}"]
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
    text = str(value)
    if ARRAY_DELIMITER in text:
        raise BulkImportUnsupported(f"a value holds the control character U+001F: {text[:60]!r}")
    return text


class _NodeFiles:
    """One CSV file per property signature (names and types), since a CSV header types its columns."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: dict[tuple, tuple[object, csv.writer]] = {}  # type: ignore[valid-type]
        self.paths: list[Path] = []
        self.multiline: list[Path] = []
        self.count = 0

    def add(self, description: NodeDescription) -> None:
        properties = {**description.properties, "graphs": sorted(description.graphs)}
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
        labels = ARRAY_DELIMITER.join((RESOURCE, *sorted(description.labels)))
        self._writer((tuple(columns), multiline)).writerow([description.uri, labels, *values])
        self.count += 1

    def add_bare(self, uri: str) -> None:
        self._writer(((), False)).writerow([uri, RESOURCE])
        self.count += 1

    def _writer(self, signature: tuple) -> csv.writer:  # type: ignore[valid-type]
        found = self.files.get(signature)
        if found is None:
            columns, multiline = signature
            path = self.folder / f"nodes-{len(self.files):04d}.csv"
            handle = open(path, "w", encoding="utf-8", newline="")
            writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
            writer.writerow([f"uri:ID({RESOURCE})", ":LABEL", *(f"{name}:{kind}" for name, kind in columns)])
            found = self.files[signature] = (handle, writer)
            self.paths.append(path)
            if multiline:
                self.multiline.append(path)
        return found[1]

    def close(self) -> None:
        for handle, _ in self.files.values():
            handle.close()  # type: ignore[attr-defined]


def write_import_files(store: DyadStore, folder: Path, *, progress: Callable[[str, int, int], None] | None = None) -> ImportFiles:
    """The store as CSV files for the importer: the same nodes, relationships and sync ledger as a transactional sync.

    Two passes over the store's graphs: the first finds the subjects each graph describes (and
    those several graphs describe: countries, dyads); the second describes each subject from all
    the graphs that state something about it, holding in memory only the subjects of one graph
    and those shared by several.
    """
    folder.mkdir(parents=True, exist_ok=True)
    wanted, sizes = store_graph_hashes(store)
    graphs = sorted(wanted)
    subjects_of: dict[str, list[str]] = {}
    seen_in: dict[str, int] = defaultdict(int)
    for graph in graphs:
        subjects = [subject for subject, _ in graph_contributions(store, graph)]
        subjects_of[graph] = subjects
        for subject in subjects:
            seen_in[subject] += 1
    shared = {subject for subject, count in seen_in.items() if count > 1}
    described = set(seen_in)
    del seen_in

    describer = Describer(store)
    files = ImportFiles(folder=folder, graphs=graphs)
    nodes = _NodeFiles(folder)
    relationship_path = folder / "relationships.csv"
    own_graphs_path = folder / "relationships-own-graphs.csv"
    targets: set[str] = set()
    pending: dict[str, NodeSupport] = {}
    total = sum(sizes.get(g, 0) for g in graphs) or 1
    done = 0
    with open(relationship_path, "w", encoding="utf-8", newline="") as handle, \
            open(own_graphs_path, "w", encoding="utf-8", newline="") as own_handle:
        relationships = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
        relationships.writerow([f":START_ID({RESOURCE})", f":END_ID({RESOURCE})", ":TYPE", "predicate:string"])
        # A relationship stated by every graph of its node carries no graphs (mapping version 4): the others do.
        own_graphs = csv.writer(own_handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
        own_graphs.writerow([f":START_ID({RESOURCE})", f":END_ID({RESOURCE})", ":TYPE", "predicate:string", "graphs:string[]"])

        def emit(support: NodeSupport) -> None:
            description = describer.describe(support)
            if description is None:
                return
            nodes.add(description)
            node_graphs = sorted(description.graphs)
            for rel_type, target, predicate, supporting in description.relationships:
                if supporting == node_graphs:
                    relationships.writerow([description.uri, target, rel_type, predicate])
                else:
                    own_graphs.writerow([description.uri, target, rel_type, predicate, ARRAY_DELIMITER.join(supporting)])
                targets.add(target)
                files.relationship_count += 1

        try:
            for graph in graphs:
                for subject, statements in graph_contributions(store, graph):
                    files.statements += len(statements)
                    support = pending.get(subject) if subject in shared else None
                    if support is None:
                        support = NodeSupport(subject)
                        if subject in shared:
                            pending[subject] = support
                    for predicate, obj in statements:
                        support.add(predicate, obj, graph)
                    if subject not in shared:
                        emit(support)
                done += sizes.get(graph, 0)
                if progress:
                    progress("csv", done, total)
            for subject in sorted(pending):
                emit(pending[subject])
            for uri in sorted(targets - described):
                nodes.add_bare(uri)
        finally:
            nodes.close()
    files.nodes = nodes.paths
    files.multiline = nodes.multiline
    files.node_count = nodes.count
    files.relationships = [relationship_path, own_graphs_path]

    state_path = folder / "sync-state.csv"
    synced = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    name = store_name(store)
    with open(state_path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow([f"graph:ID({STATE_LABEL})", ":LABEL", "hash:string", "subjects:string[]", "store:string", "synced:datetime"])
        for graph in graphs:
            writer.writerow([graph, STATE_LABEL, wanted[graph], ARRAY_DELIMITER.join(sorted(subjects_of[graph])), name, synced])
    files.nodes.append(state_path)
    return files


def admin_command(java: str, lib: Path, files: ImportFiles, *, database: str = "neo4j", heap: str = "1g") -> list[str]:
    """The importer's command line, run with the server's own jars (``neo4j-admin`` is ``org.neo4j.cli.AdminTool``)."""
    import os

    return [java, f"-Xmx{heap}", "-XX:+UseG1GC", "-Dfile.encoding=UTF-8",
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
    stop_seconds: float = 0.0
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
    from dyad.neo4j.server import default_run_dir, server_status, start_server, stop_server
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
    try:
        files = write_import_files(store, folder, progress=progress)
        result.graphs, result.statements = len(files.graphs), files.statements
        result.nodes, result.relationships = files.node_count, files.relationship_count
        result.csv_seconds = time.perf_counter() - started

        lib = fetch_neo4j(version) if version else fetch_neo4j()
        command = admin_command(java_executable(), lib, files, database=database)
        mark = time.perf_counter()
        stop_server(server)
        result.stop_seconds = time.perf_counter() - mark
        mark = time.perf_counter()
        environment = {**child_environment(), "NEO4J_HOME": str(run_dir), "NEO4J_CONF": str(run_dir / "conf")}
        completed = subprocess.run(command, capture_output=True, text=True, check=False, env=environment, cwd=folder)
        result.import_seconds = time.perf_counter() - mark
        failure = None
        if completed.returncode != 0:
            report = folder / "import.report"
            failure = (f"neo4j-admin database import failed (exit {completed.returncode}):\n"
                       f"{tail(completed.stdout + completed.stderr, 30)}"
                       + (f"\n{tail(report.read_text(errors='replace'), 20)}" if report.is_file() else ""))
        mark = time.perf_counter()
        restarted = start_server(run_dir, version=version or _default_version(), auth=server.auth, password=password,
                                 bolt_port=server.bolt_port, http_port=server.http_port,
                                 **{k: options[k] for k in ("heap", "pagecache", "browser", "class_data_sharing") if k in options},
                                 jvm_options=tuple(options.get("jvm_options") or ()), standard_ports=False)
        result.start_seconds = time.perf_counter() - mark
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
             result.import_seconds, result.stop_seconds + result.start_seconds, result.schema_seconds)
    return result


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
    syncer.sync(store, force=True)


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


__all__ = ["ARRAY_DELIMITER", "BULK_MINIMUM_STATEMENTS", "BulkImportUnsupported", "BulkResult", "ImportFiles", "bulk_decision",
           "admin_command", "bulk_import", "is_local_uri", "write_import_files"]

