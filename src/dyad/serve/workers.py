"""The endpoint's query workers: each query runs in a worker process, so one can be stopped when it overruns.

A worker opens the store itself (read-only) and reopens it when the store on disk has changed
since it last looked (a later ``dyad load``), so answers follow the store, not a snapshot taken
when the endpoint started. A query that runs past the time limit has its worker killed and
replaced; the other workers go on answering other clients meanwhile.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import threading
from dataclasses import asdict
from http import HTTPStatus
from multiprocessing.connection import Connection
from pathlib import Path

log = logging.getLogger(__name__)


def store_generation(location: str) -> object:
    """Something that changes whenever the embedded store at ``location`` is written (None for a server: always fresh)."""
    from dyad.store.remote import is_store_url

    if is_store_url(location):
        return None
    try:
        return tuple(sorted((entry.name, entry.stat().st_size, entry.stat().st_mtime_ns) for entry in os.scandir(location)))
    except OSError:
        return ()


def _worker_main(connection: Connection, location: str, limits: dict) -> None:
    """Answer requests from ``connection`` until it closes: ('ok', media, body) or ('error', status, message)."""
    from dyad.api import open_store
    from dyad.errors import DyadError
    from dyad.serve.endpoint import EndpointLimits, SparqlError, answer

    endpoint_limits = EndpointLimits(**limits)
    store, generation = None, object()
    try:
        generation = store_generation(location)
        store = open_store(location, read_only=True)
    except DyadError:
        store = None  # said to the client at its first query
    connection.send(("ready",))  # the time limit counts from here: starting up is not the query's time
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        try:
            current = store_generation(location)
            if store is None or current != generation:
                if store is not None:
                    store.close()
                store, generation = open_store(location, read_only=True), current
            media, body = answer(store, request.pop("query"), limits=endpoint_limits, **request)
            connection.send(("ok", media, body))
        except SparqlError as error:
            connection.send(("error", int(error.status), str(error)))
        except DyadError as error:
            store = None
            connection.send(("error", int(HTTPStatus.SERVICE_UNAVAILABLE), str(error)))
        except Exception as error:  # noqa: BLE001 - a worker answers every request, whatever went wrong
            connection.send(("error", int(HTTPStatus.INTERNAL_SERVER_ERROR), f"the query failed: {type(error).__name__}: {error}"))


class _Worker:
    def __init__(self, location: str, limits: dict) -> None:
        context = multiprocessing.get_context("spawn")
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, location, limits), daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        self.connection.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=10)


class WorkerPool:
    """A fixed number of query workers over one store location."""

    def __init__(self, location: Path | str, limits) -> None:  # noqa: ANN001 - EndpointLimits
        self.location = str(location)
        self.limits = limits
        self._config = asdict(limits)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        for _ in range(max(1, limits.workers)):
            self._add(wait=False)

    def _add(self, *, wait: bool = True) -> None:
        """Start a worker; it joins the idle ones once it says it is ready (in the background unless ``wait``)."""
        worker = _Worker(self.location, self._config)
        with self._lock:
            self._all.append(worker)

        def when_ready() -> None:
            try:
                if worker.connection.poll(120) and worker.connection.recv() == ("ready",):
                    self._idle.put(worker)
                    return
            except (EOFError, OSError):
                pass
            log.warning("a query worker did not start")
            worker.stop()

        if wait:
            when_ready()
        else:
            threading.Thread(target=when_ready, daemon=True).start()

    def wait_until_ready(self, timeout: float = 120) -> bool:
        """Block until every worker has started (True), or ``timeout`` passes (False)."""
        import time

        deadline = time.monotonic() + timeout
        while self._idle.qsize() < max(1, self.limits.workers):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    def run(self, request: dict, *, wait: float = 30.0) -> tuple[str, int | None, str | bytes]:
        """('ok', media, body) or ('error', status, message); a query past the time limit stops its worker."""
        try:
            worker = self._idle.get(timeout=wait)
        except queue.Empty:
            return "error", int(HTTPStatus.SERVICE_UNAVAILABLE), "every query worker is busy: try again shortly"
        try:
            worker.connection.send(request)
            if worker.connection.poll(self.limits.query_seconds):
                reply = worker.connection.recv()
                self._idle.put(worker)
                return reply
        except (EOFError, OSError, BrokenPipeError):
            pass
        # Overran (or died): stop it, and put a fresh worker in its place.
        worker.stop()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        self._add(wait=False)
        return ("error", int(HTTPStatus.SERVICE_UNAVAILABLE),
                f"the query ran past the endpoint's time limit of {self.limits.query_seconds:g} s and was stopped "
                "(dyad serve --timeout raises it)")

    def close(self) -> None:
        with self._lock:
            workers, self._all = list(self._all), []
        for worker in workers:
            worker.stop()
