"""Jars are fetched once with Maven into a cache folder; ports on 127.0.0.1 are probed the same way by every server."""

from __future__ import annotations

import socket

import pytest

from dyad import jvm
from dyad.store.servers import FUSEKI_VERSION, ServerError, fetch_fuseki


def test_a_fresh_cache_gets_the_jars_once_and_a_second_call_does_not_run_maven(tmp_path, monkeypatch):
    lib = fetch_fuseki(cache_dir=tmp_path)  # from Maven's local repository once `make test` has fetched it
    assert (lib / f"jena-fuseki-main-{FUSEKI_VERSION}.jar").is_file()
    assert (lib.parent / "COMPLETE").is_file() and not list(lib.parent.glob("fetch-*"))  # no staging folder left
    monkeypatch.setattr(jvm, "maven_executable", lambda what: pytest.fail("Maven ran for a finished cache"))
    assert fetch_fuseki(cache_dir=tmp_path) == lib


def test_a_main_jar_missing_from_what_maven_fetched_is_the_callers_error_and_leaves_no_finished_cache(tmp_path):
    with pytest.raises(ServerError, match="no-such-jar-1.jar is not among the fetched jars"):
        jvm.fetch_jars("log4j's API", "log4j-api", ["org.apache.logging.log4j:log4j-api:2.24.3"], main_jar="no-such-jar-1.jar",
                       size="1 MB", error=ServerError, cache_dir=tmp_path)
    assert not (tmp_path / "log4j-api" / "COMPLETE").exists() and not (tmp_path / "log4j-api" / "lib").exists()


def test_a_port_something_listens_on_is_not_free_and_free_port_gives_one_that_is():
    port = jvm.free_port()
    assert jvm.port_is_free(port)
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", port))
        listener.listen()
        assert not jvm.port_is_free(port)
