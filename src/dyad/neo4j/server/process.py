"""The running server as a process: its state file, whether it is alive and ours, ports, stopping it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dyad.jvm import default_cache_dir, port_is_free
from dyad.neo4j.server.config import ENTRY_POINT, finish_cds_dump
from dyad.neo4j.server.errors import Neo4jPasswordError, Neo4jServerError, PortInUseError

logger = logging.getLogger(__name__)
DEFAULT_USER = "neo4j"
# Servers started by this process: holding the Popen keeps Python from warning that a child
# "is still running" when it is garbage-collected, and lets _reap collect a dead one.
CHILDREN: dict[int, subprocess.Popen[bytes]] = {}
STATE_FILE = "state.json"
POLL_INTERVAL = 0.3


@dataclass
class Neo4jServer:
    """A running (or recorded) local Neo4j server.

    ``password`` is only known to the process that started the server (or that was given it);
    a server read back by :func:`server_status` has ``password=None``. ``external_uri`` is set
    only for a server that this module did not start (e.g. ``NEO4J_URI`` in tests); ``pid`` is
    then 0 and ``run_dir`` is meaningless.
    """

    run_dir: Path
    bolt_port: int
    http_port: int
    pid: int
    auth: bool
    user: str
    password: str | None = field(repr=False)  # kept out of reprs, tracebacks and logs
    external_uri: str | None = None

    @property
    def uri(self) -> str:
        """The Bolt URI to hand to the driver, e.g. ``bolt://127.0.0.1:7687``."""
        if self.external_uri:
            return self.external_uri
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def driver_auth(self) -> tuple[str, str] | None:
        """The ``auth`` argument for ``GraphDatabase.driver``: None when auth is off."""
        if not self.auth:
            return None
        if self.password is None:
            raise Neo4jPasswordError(
                "this server requires a password but none is known here: pass it yourself "
                "(e.g. from $NEO4J_PASSWORD)"
            )
        return (self.user, self.password)


def default_run_dir() -> Path:
    """The run directory used when none is given: ``default_cache_dir() / "neo4j-run"``."""
    return default_cache_dir() / "neo4j-run"


def _reap(pid: int) -> None:
    """Collect ``pid``'s exit status if it is our child, so it does not linger as a zombie."""
    child = CHILDREN.get(pid)
    if child is not None:
        if child.poll() is not None:
            del CHILDREN[pid]
        return
    with contextlib.suppress(OSError):  # not our child (ChildProcessError), or already gone
        os.waitpid(pid, os.WNOHANG)


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    child = CHILDREN.get(pid)
    if child is not None:
        # waitpid succeeds only once every thread has exited and closed its sockets
        if child.poll() is None:
            return True
        del CHILDREN[pid]
        return False
    _reap(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    if stat.exists():
        try:
            # the state letter follows the command name in parentheses; Z is a zombie, X is dead
            state = stat.read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return False
        if state not in ("Z", "X"):
            return True
        # A JVM's main thread turns zombie before its other threads have exited (and freed the ports).
        try:
            return len(os.listdir(f"/proc/{pid}/task")) > 1
        except OSError:
            return False
    return True


def _is_our_server(pid: int, run_dir: Path) -> bool:
    """True if ``pid`` is alive and, where /proc tells, is the Neo4j started on ``run_dir``."""
    if not _alive(pid):
        return False
    cmdline = Path(f"/proc/{pid}/cmdline")
    if not cmdline.exists():  # no /proc (macOS): trust the pid
        return True
    try:
        args = cmdline.read_bytes().split(b"\0")
    except OSError:
        return False
    return ENTRY_POINT.encode() in args and f"--home-dir={run_dir}".encode() in args


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.1)
    return not _alive(pid)


def _signal(pid: int, sig: signal.Signals) -> None:
    try:
        # the server leads its own process group (start_new_session): signal the group
        os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)


def _read_state(run_dir: Path) -> dict[str, Any] | None:
    path = run_dir / STATE_FILE
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        logger.warning("ignoring unreadable %s: %s", path, error)
        return None
    if not isinstance(state, dict):
        logger.warning("ignoring %s: not a JSON object", path)
        return None
    return state


def write_state(server: Neo4jServer, version: str, *, cds_dump: Path | None = None,
                start_options: dict[str, object] | None = None) -> None:
    state: dict[str, object] = {
        "pid": server.pid,
        "bolt_port": server.bolt_port,
        "http_port": server.http_port,
        "auth": server.auth,
        "user": server.user,
        "version": version,
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    if cds_dump is not None:
        state["cds_dump"] = str(cds_dump)
    if start_options:
        state["start_options"] = start_options  # so that a restart (the bulk import's) starts it the same way
    path = server.run_dir / STATE_FILE
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
    temporary.replace(path)


def recorded_state(run_dir: Path) -> dict[str, Any]:
    """What ``state.json`` records of the server on ``run_dir`` (empty when nothing is recorded)."""
    return _read_state(run_dir.expanduser().resolve()) or {}


def server_status(run_dir: Path | None = None) -> Neo4jServer | None:
    """The server recorded in ``run_dir`` (default :func:`default_run_dir`) if its process still runs, else None.

    The returned server has ``password=None``: the password is never written to disk.
    """
    run_dir = (run_dir or default_run_dir()).resolve()
    state = _read_state(run_dir)
    if state is None:
        return None
    try:
        server = Neo4jServer(
            run_dir=run_dir,
            bolt_port=int(state["bolt_port"]),
            http_port=int(state["http_port"]),
            pid=int(state["pid"]),
            auth=bool(state["auth"]),
            user=str(state.get("user", DEFAULT_USER)),
            password=None,
        )
    except (KeyError, TypeError, ValueError) as error:
        logger.warning("ignoring malformed %s: %s", run_dir / STATE_FILE, error)
        return None
    return server if _is_our_server(server.pid, run_dir) else None


def check_port_free(port: int, name: str, *, wait: float = 2.0) -> None:
    """Raise :class:`PortInUseError` unless ``port`` can be bound on 127.0.0.1 within ``wait`` seconds.

    The short wait covers a server on that port that was just stopped or killed.
    """
    deadline = time.monotonic() + wait
    while not port_is_free(port):
        if time.monotonic() >= deadline:
            raise PortInUseError(
                f"the {name} port {port} on 127.0.0.1 is taken: stop what uses it, "
                "or pass another port (or none, to get a free one)"
            )
        time.sleep(0.2)


def forget_state(run_dir: Path) -> None:
    """Remove the run directory's state.json, and the class archive its server could not finish."""
    state = _read_state(run_dir)
    if state and state.get("cds_dump"):
        finish_cds_dump(Path(str(state["cds_dump"])), clean_exit=False)
    (run_dir / STATE_FILE).unlink(missing_ok=True)


def _as_server(server_or_run_dir: Neo4jServer | Path) -> tuple[Path, int | None, Path | None]:
    """The run directory, pid and pending class archive of a server or of the one a run directory records."""
    if isinstance(server_or_run_dir, Neo4jServer):
        if server_or_run_dir.external_uri:
            raise Neo4jServerError(f"{server_or_run_dir.external_uri} was not started here: stop it where it runs")
        run_dir, pid = server_or_run_dir.run_dir, server_or_run_dir.pid
    else:
        run_dir, pid = Path(server_or_run_dir).expanduser().resolve(), None
    state = _read_state(run_dir) or {}
    if pid is None:
        try:
            pid = int(state["pid"])
        except (KeyError, TypeError, ValueError):
            pid = None
    same_process = state.get("pid") == pid
    cds_dump = Path(str(state["cds_dump"])) if same_process and state.get("cds_dump") else None
    return run_dir, pid, cds_dump


def stop_server(server_or_run_dir: Neo4jServer | Path, *, timeout: float = 60.0) -> None:
    """Stop the server cleanly (SIGTERM), waiting up to ``timeout`` seconds before a SIGKILL.

    Accepts a :class:`Neo4jServer` or its run directory. Stopping a server that is not running
    does nothing. Removes the run directory's ``state.json``; the data stays.
    """
    run_dir, pid, cds_dump = _as_server(server_or_run_dir)
    clean_exit = False
    if pid is not None and _is_our_server(pid, run_dir):
        logger.info("stopping Neo4j (pid %d) in %s", pid, run_dir)
        _signal(pid, signal.SIGTERM)
        clean_exit = _wait_gone(pid, timeout)
        if not clean_exit:
            logger.warning("Neo4j (pid %d) did not stop within %.0f s: killing it", pid, timeout)
            _signal(pid, signal.SIGKILL)
            _wait_gone(pid, 10.0)
    else:
        logger.info("no Neo4j server runs in %s", run_dir)
    finish_cds_dump(cds_dump, clean_exit=clean_exit)
    (run_dir / STATE_FILE).unlink(missing_ok=True)


def kill_server(server: Neo4jServer) -> None:
    """Kill the server at once (SIGKILL), as a crash would: no checkpoint, ``state.json`` left behind.

    Tests use it to check that a restart on the same run directory recovers the data.
    """
    if server.external_uri:
        raise Neo4jServerError(f"{server.external_uri} was not started here: it cannot be killed from here")
    if not _is_our_server(server.pid, server.run_dir):
        logger.info("Neo4j pid %d is not running: nothing to kill", server.pid)
        return
    logger.info("killing Neo4j (pid %d) in %s", server.pid, server.run_dir)
    _signal(server.pid, signal.SIGKILL)
    if not _wait_gone(server.pid, 10.0):
        raise Neo4jServerError(f"Neo4j pid {server.pid} survived SIGKILL for 10 s: check it with `ps -p {server.pid}`")
