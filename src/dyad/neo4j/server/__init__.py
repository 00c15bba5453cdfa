"""A real Neo4j Community server on 127.0.0.1, fetched from Maven Central and run with the local Java.

No Docker engine is needed: the Neo4j jars come from Maven Central (``org.neo4j:neo4j``, the
whole Community DBMS) through ``mvn``, are cached under :func:`default_cache_dir`, and the
server runs with its own entry point, ``org.neo4j.server.CommunityEntryPoint``, as a
detached background process that outlives the process that started it. A *run directory*
holds its configuration, data and logs, plus a ``state.json`` that lets any later process
find it (pid, ports, whether auth is on, the user; never the password).

Typical use::

    server = start_server(auth=False)        # fetches the jars on first use
    driver = GraphDatabase.driver(server.uri)
    ...
    stop_server(server)

Neo4j 5.26 (LTS) is the last release that runs on Java 17; newer releases need Java 21
and another entry point, so only 5.x versions are accepted here.

The package's modules: :mod:`.fetch` (the jars), :mod:`.config` (configuration and JVM command),
:mod:`.process` (state file, liveness, ports, stopping), :mod:`.passwords` and :mod:`.start`.
"""

from dyad.jvm import default_cache_dir
from dyad.neo4j.server.errors import (
    Neo4jFetchError,
    Neo4jPasswordError,
    Neo4jServerError,
    Neo4jStartError,
    PortInUseError,
    ServerAlreadyRunningError,
    ToolMissingError,
)
from dyad.neo4j.server.fetch import DEFAULT_VERSION, fetch_neo4j
from dyad.neo4j.server.process import Neo4jServer, default_run_dir, kill_server, server_status, stop_server
from dyad.neo4j.server.start import start_server

__all__ = [
    "DEFAULT_VERSION", "Neo4jFetchError", "Neo4jPasswordError", "Neo4jServer", "Neo4jServerError", "Neo4jStartError",
    "PortInUseError", "ServerAlreadyRunningError", "ToolMissingError", "default_cache_dir", "default_run_dir",
    "fetch_neo4j", "kill_server", "server_status", "start_server", "stop_server",
]
