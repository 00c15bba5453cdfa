"""Start a local Neo4j Community server on 127.0.0.1 and wait until Bolt answers.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

from dyad.jvm import free_port, java_executable, port_is_free, tail
from dyad.neo4j.server.config import cds_jvm_options, conf, finish_cds_dump, java_command
from dyad.neo4j.server.errors import Neo4jStartError, ServerAlreadyRunningError
from dyad.neo4j.server.fetch import DEFAULT_VERSION, check_version, fetch_browser, fetch_neo4j
from dyad.neo4j.server.passwords import INITIAL_PASSWORD, resolve_password, set_password
from dyad.neo4j.server.process import (
    CHILDREN,
    DEFAULT_USER,
    POLL_INTERVAL,
    STATE_FILE,
    Neo4jServer,
    check_port_free,
    default_run_dir,
    forget_state,
    server_status,
    stop_server,
    write_state,
)

logger = logging.getLogger(__name__)
CONSOLE_LOG = "console.log"  # the JVM's stdout and stderr: config errors appear only there


def _log_tails(run_dir: Path, names: Sequence[str] = (CONSOLE_LOG, "neo4j.log", "debug.log"), lines: int = 30) -> str:
    parts = []
    for name in names:
        path = run_dir / "logs" / name
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if text.strip():
            parts.append(f"--- last lines of {path} ---\n{tail(text, lines)}")
    return "\n".join(parts) if parts else f"(no log was written under {run_dir / 'logs'})"


def _wait_for_bolt(server: Neo4jServer, process: subprocess.Popen[bytes], auth: tuple[str, str] | None,
                   timeout: float) -> None:
    """Poll ``verify_connectivity`` until Bolt answers; an auth refusal also proves it is up."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired

    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise Neo4jStartError(
                f"the Neo4j process exited with code {process.returncode} during start.\n{_log_tails(server.run_dir)}"
            )
        try:
            with GraphDatabase.driver(server.uri, auth=auth, connection_timeout=2.0) as driver:
                driver.verify_connectivity()
            return
        except AuthError:
            return
        except (ServiceUnavailable, SessionExpired, Neo4jError, OSError) as error:
            last_error = error
        time.sleep(POLL_INTERVAL)
    raise Neo4jStartError(
        f"Neo4j did not answer on {server.uri} within {timeout:.0f} s (last error: {last_error}), so it was "
        f"stopped. Give it more time (timeout=...), or see why in the logs:\n{_log_tails(server.run_dir)}"
    )


STANDARD_BOLT_PORT = 7687
STANDARD_HTTP_PORT = 7474
#: Never handed on to the JVM (or any child): the password goes to Neo4j through Bolt alone.
SECRET_VARIABLES = ("NEO4J_PASSWORD", "NEO4J_AUTH", "NEO4J_URI")


def child_environment() -> dict[str, str]:
    """This process's environment without the variables that may carry a Neo4j password."""
    return {name: value for name, value in os.environ.items() if name not in SECRET_VARIABLES}


def _previous_ports(run_dir: Path) -> tuple[int | None, int | None]:
    """The Bolt and HTTP ports of this run directory's last start, read from the neo4j.conf it wrote."""
    try:
        text = (run_dir / "conf" / "neo4j.conf").read_text(encoding="utf-8")
    except OSError:
        return None, None
    found = dict(re.findall(r"^server\.(bolt|http)\.listen_address=[^:\n]*:(\d+)$", text, re.M))
    return (int(found["bolt"]) if "bolt" in found else None, int(found["http"]) if "http" in found else None)


def _preferred_port(*choices: int | None, taken: int | None = None) -> int:
    """The first of ``choices`` that is free (and not ``taken``), else a free port."""
    for port in choices:
        if port and port != taken and port_is_free(port):
            return port
    return free_port()


def _wait_for_port(port: int, process: subprocess.Popen[bytes], *, deadline: float) -> None:
    while time.monotonic() < deadline and process.poll() is None:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.settimeout(1.0)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(POLL_INTERVAL)
    logger.warning("Neo4j's HTTP port %d did not open in time: Neo4j Browser may not be reachable yet", port)


def _clear_run_dir(run_dir: Path) -> None:
    for name in ("data", "logs", "run", "plugins", "import", "conf", STATE_FILE):
        path = run_dir / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def start_server(
    run_dir: Path | None = None,
    *,
    version: str = DEFAULT_VERSION,
    auth: bool = False,
    password: str | None = None,
    bolt_port: int | None = None,
    http_port: int | None = None,
    heap: str = "512m",
    pagecache: str = "128m",
    timeout: float = 120.0,
    fresh: bool = False,
    jvm_options: Sequence[str] = (),
    class_data_sharing: bool = True,
    standard_ports: bool = True,
    browser: bool = False,
) -> Neo4jServer:
    """Start a Neo4j server on 127.0.0.1 in ``run_dir`` (default :func:`default_run_dir`) and wait until Bolt answers.

    Fetches the jars first if needed (:func:`fetch_neo4j`). Ports are free ones chosen now unless
    given. The process is detached (its own session, no terminal, output to ``logs/console.log``),
    so it outlives the caller; find it again with :func:`server_status`, end it with :func:`stop_server`.

    With ``auth=True`` the password (``password``, else ``$NEO4J_PASSWORD``; 8 characters or more)
    replaces Neo4j's initial one on first start; on a later start it must be the same.
    The password is never written to disk. An existing ``run_dir`` keeps its data unless
    ``fresh=True``, which wipes it first.

    ``heap`` and ``pagecache`` size the JVM heap and Neo4j's page cache (``"2g"``, ``"512m"``).

    ``jvm_options`` are added to the java command line (tests pass ``-XX:TieredStopAtLevel=1``,
    which starts faster but runs long queries slower). With ``class_data_sharing`` the first
    start records the classes it loads, written to the cache when that server stops cleanly
    (which then takes some 10-20 s longer), and later starts load them from there.

    Raises :class:`ServerAlreadyRunningError` if a server already runs on ``run_dir``,
    :class:`PortInUseError`, :class:`Neo4jPasswordError`, or :class:`Neo4jStartError` (with the
    tail of the logs) if the process dies or Bolt does not answer within ``timeout`` seconds.
    """
    check_version(version)
    if not re.fullmatch(r"\d+[kmgKMG]?", pagecache):  # it goes into neo4j.conf: one plain value, no new line
        raise ValueError(f"pagecache must be a size such as 512m or 2g, not {pagecache!r}")
    password = resolve_password(auth, password)
    run_dir = (run_dir or default_run_dir()).expanduser().resolve()
    running = server_status(run_dir)
    if running is not None:
        raise ServerAlreadyRunningError(
            f"a Neo4j server already runs on {run_dir} (pid {running.pid}, {running.uri}): use it, "
            "or stop it first with stop_server() or `dyad neo4j stop`"
        )
    java = java_executable()
    lib = fetch_neo4j(version)
    if fresh:
        _clear_run_dir(run_dir)
    for name in ("conf", "data", "logs", "run", "plugins", "import"):
        (run_dir / name).mkdir(parents=True, exist_ok=True)
    forget_state(run_dir)
    initial = not (run_dir / "data" / "databases" / "system").exists()

    previous = _previous_ports(run_dir)
    bolt_port = bolt_port or _preferred_port(previous[0], STANDARD_BOLT_PORT if standard_ports else None)
    check_port_free(bolt_port, "Bolt")
    http_port = http_port or _preferred_port(previous[1], STANDARD_HTTP_PORT if standard_ports else None, taken=bolt_port)
    if http_port == bolt_port:
        http_port = free_port()
    check_port_free(http_port, "HTTP")
    (run_dir / "conf" / "neo4j.conf").write_text(conf(run_dir, bolt_port=bolt_port, http_port=http_port, auth=auth, pagecache=pagecache),
                                                 encoding="utf-8")

    cds_options, cds_dump = cds_jvm_options(lib, java) if class_data_sharing else ([], None)
    classpath = [fetch_browser()] if browser else []
    command = java_command(java, lib, run_dir, heap, [*cds_options, *jvm_options], classpath=classpath)
    logger.info("starting Neo4j %s in %s (Bolt %d, HTTP %d, auth %s)", version, run_dir, bolt_port, http_port,
                "on" if auth else "off")
    started = time.monotonic()
    try:
        with open(run_dir / "logs" / CONSOLE_LOG, "ab") as console:
            process = subprocess.Popen(
                command,
                cwd=run_dir,
                stdin=subprocess.DEVNULL,
                stdout=console,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                close_fds=True,
                env=child_environment(),
            )
    except OSError as error:
        finish_cds_dump(cds_dump, clean_exit=False)
        raise Neo4jStartError(f"could not run {java}: {error}") from error
    CHILDREN[process.pid] = process
    server = Neo4jServer(run_dir=run_dir, bolt_port=bolt_port, http_port=http_port, pid=process.pid, auth=auth,
                         user=DEFAULT_USER, password=password)
    # Written before waiting, so a server that hangs at start can still be found and stopped.
    write_state(server, version, cds_dump=cds_dump, start_options={
        "heap": heap, "pagecache": pagecache, "jvm_options": list(jvm_options), "browser": browser,
        "class_data_sharing": class_data_sharing})
    try:
        # A new DBMS knows only the initial password; logging in with it to probe avoids failed
        # logins, which Neo4j counts towards locking the user.
        probe_auth = None if password is None else (DEFAULT_USER, INITIAL_PASSWORD if initial else password)
        _wait_for_bolt(server, process, probe_auth, timeout)
        if browser:  # the HTTP connector can open after Bolt answers (seen on a loaded machine)
            _wait_for_port(http_port, process, deadline=started + timeout)
        if password is not None:
            set_password(server, password, initial=initial)
    except BaseException:
        stop_server(server, timeout=15.0)
        raise
    logger.info("Neo4j answered on %s after %.1f s", server.uri, time.monotonic() - started)
    return server
