"""Local SPARQL 1.1 servers for tests and benchmarks: Oxigraph server and Apache Jena Fuseki, on 127.0.0.1.

Oxigraph server is the ``oxigraph`` command of the ``oxigraph`` package on PyPI. Fuseki
(``org.apache.jena:jena-fuseki-main``) is fetched once from Maven Central with Maven into the
cache folder the Neo4j server uses (``$DYAD_CACHE``, else ``~/.cache/dyad``), and runs on Java 17
with a TDB2 dataset (on disk, or in memory) whose default graph is the union of its named graphs
and whose update endpoint is on.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from dyad.jvm import fetch_jars, free_port, java_executable

log = logging.getLogger(__name__)

FUSEKI_VERSION = "5.6.0"  # the last line that runs on Java 17; newer ones need Java 21
#: Fuseki's logging goes through log4j 2, which jena-fuseki-main leaves to the application.
LOG4J_VERSION = "2.24.3"
_FUSEKI_CONFIG = """\
@prefix fuseki: <http://jena.apache.org/fuseki#> .
@prefix tdb2:   <http://jena.apache.org/2016/tdb#> .
@prefix rdf:    <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .

<#service> rdf:type fuseki:Service ;
    fuseki:name "{name}" ;
    fuseki:endpoint [ fuseki:operation fuseki:query ; fuseki:name "query" ] ;
    fuseki:endpoint [ fuseki:operation fuseki:update ; fuseki:name "update" ] ;
    fuseki:endpoint [ fuseki:operation fuseki:gsp-rw ; fuseki:name "data" ] ;
    fuseki:dataset <#dataset> .

<#dataset> rdf:type tdb2:DatasetTDB2 ;
    tdb2:location "{location}" ;
    tdb2:unionDefaultGraph true .
"""


class ServerError(RuntimeError):
    """A local SPARQL server could not be fetched or started."""


@dataclass
class LocalServer:
    """A SPARQL server process on 127.0.0.1 and the URL to give ``--store``."""

    name: str
    url: str
    process: subprocess.Popen
    log_file: Path
    folder: Path | None = None
    _own_folder: bool = field(default=False, repr=False)

    def stop(self) -> None:
        """Stop the server (its process only) and remove the folder it was given if it made it."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)
        if self._own_folder and self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> LocalServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def oxigraph_command() -> str:
    """The ``oxigraph`` server command: beside this Python (a virtual environment), else on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise ServerError("the `oxigraph` command was not found: pip install oxigraph")
    return found


def start_oxigraph_server(location: Path | str | None = None, *, port: int = 0, timeout: float = 60) -> LocalServer:
    """Start ``oxigraph serve`` on 127.0.0.1 with its data in ``location`` (None: a temporary folder)."""
    folder = Path(location) if location is not None else Path(tempfile.mkdtemp(prefix="dyad-oxigraph-"))
    folder.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    log_file = folder.parent / f"{folder.name}.oxigraph.log"
    command = [oxigraph_command(), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"]
    server = _spawn("oxigraph", command, f"http://127.0.0.1:{port}", log_file, folder, location is None)
    _wait_until_up(server, f"http://127.0.0.1:{port}/query", timeout)
    return server


def fetch_fuseki(version: str = FUSEKI_VERSION, *, cache_dir: Path | None = None) -> Path:
    """Fetch Fuseki's jars once with Maven (into ``<cache>/fuseki-<version>/lib``) and return that folder."""
    return fetch_jars(f"Apache Jena Fuseki {version}", f"fuseki-{version}",
                      [f"org.apache.jena:jena-fuseki-main:{version}", f"org.apache.logging.log4j:log4j-core:{LOG4J_VERSION}",
                       f"org.apache.logging.log4j:log4j-slf4j2-impl:{LOG4J_VERSION}"],
                      main_jar=f"jena-fuseki-main-{version}.jar", size="about 60 MB", error=ServerError, cache_dir=cache_dir)


def start_fuseki(location: Path | str | None = None, *, port: int = 0, dataset: str = "dyad", memory: bool = False,
                 heap: str = "1g", timeout: float = 120) -> LocalServer:
    """Start Fuseki on 127.0.0.1 with one TDB2 dataset ``dataset`` in ``location`` (or in memory) and its update endpoint on."""
    lib = fetch_fuseki()
    folder = Path(location) if location is not None else Path(tempfile.mkdtemp(prefix="dyad-fuseki-"))
    folder.mkdir(parents=True, exist_ok=True)
    config = folder.parent / f"{folder.name}.fuseki.ttl"
    database = "--mem--" if memory else str((folder / "tdb2").resolve()).replace("\\", "/")
    config.write_text(_FUSEKI_CONFIG.format(name=dataset, location=database), encoding="utf-8")
    port = port or free_port()
    log_file = folder.parent / f"{folder.name}.fuseki.log"
    command = [java_executable(), f"-Xmx{heap}", "-cp", f"{lib}/*", "org.apache.jena.fuseki.main.cmds.FusekiMainCmd",
               "--localhost", "--port", str(port), "--conf", str(config)]
    server = _spawn("fuseki", command, f"http://127.0.0.1:{port}/{dataset}", log_file, folder, location is None)
    _wait_until_up(server, f"http://127.0.0.1:{port}/{dataset}/query", timeout)
    return server


def _spawn(name: str, command: list[str], url: str, log_file: Path, folder: Path, own: bool) -> LocalServer:
    with log_file.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    return LocalServer(name, url, process, log_file, folder, own)


def _wait_until_up(server: LocalServer, query_url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    probe = f"{query_url}?query={quote('ASK {}')}"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise ServerError(f"{server.name} exited ({server.process.returncode}) while starting; its log:\n"
                              + server.log_file.read_text(errors="replace")[-3000:])
        try:
            with urllib.request.urlopen(probe, timeout=2) as response:  # noqa: S310 - a loopback URL we built
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    server.stop()
    raise ServerError(f"{server.name} did not answer on {query_url} within {timeout:.0f} s")
