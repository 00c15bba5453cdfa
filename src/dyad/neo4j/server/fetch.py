"""Fetching Neo4j Community's jars and Neo4j Browser from Maven Central with Maven, once, into a cache folder."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from dyad.jvm import DEPENDENCY_PLUGIN, default_cache_dir, fetch_jars, maven_executable, tail
from dyad.neo4j.server.errors import Neo4jFetchError, Neo4jServerError

logger = logging.getLogger(__name__)
#: The newest Neo4j 5.26 LTS patch that resolved from Maven Central with all its dependencies.
DEFAULT_VERSION = "5.26.30"
#: Neo4j Browser, served at /browser/ when its jar is on the class path. Maven Central has no
#: org.neo4j.client:neo4j-browser for 5.26 (checked December 2026: the newest there is 5.24.0); the
#: 5.26 distribution bundles its own, which is not published. 5.24.0 speaks Bolt to a 5.26 server.
BROWSER_VERSION = "5.24.0"
_VERSION_PATTERN = re.compile(r"5\.\d+\.\d+")


def check_version(version: str) -> None:
    if not _VERSION_PATTERN.fullmatch(version):
        raise Neo4jServerError(
            f"unsupported Neo4j version {version!r}: give a 5.x.y release such as {DEFAULT_VERSION} "
            "(2025.x and later need Java 21 and another entry point, which this launcher does not handle)"
        )


def fetch_neo4j(version: str = DEFAULT_VERSION, *, cache_dir: Path | None = None) -> Path:
    """Fetch the Neo4j Community jars for ``version`` once (``<cache_dir>/neo4j-<version>/lib``) and return that folder.

    See :func:`dyad.jvm.fetch_jars`; raises :class:`Neo4jFetchError` if Maven fails.
    """
    check_version(version)
    return fetch_jars(f"Neo4j {version}", f"neo4j-{version}", [f"org.neo4j:neo4j:{version}"], main_jar=f"neo4j-{version}.jar",
                      size="about 125 MB", error=Neo4jFetchError, cache_dir=cache_dir)


def fetch_browser(version: str = BROWSER_VERSION, *, cache_dir: Path | None = None) -> Path:
    """Fetch the Neo4j Browser jar (``org.neo4j.client:neo4j-browser``) once; returns the directory holding it."""
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise Neo4jServerError(f"unsupported Neo4j Browser version {version!r}: give one such as {BROWSER_VERSION}")
    root = (cache_dir or default_cache_dir()) / f"neo4j-browser-{version}"
    jar = root / f"neo4j-browser-{version}.jar"
    if jar.is_file():
        return root
    mvn = maven_executable("Neo4j Browser")
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="fetch-", dir=root))
    try:
        command = [mvn, "-B", "-q", f"{DEPENDENCY_PLUGIN}:copy", f"-Dartifact=org.neo4j.client:neo4j-browser:{version}",
                   f"-DoutputDirectory={staging}"]
        logger.info("fetching Neo4j Browser %s with Maven (about 15 MB, once)", version)
        result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=staging)
        fetched = staging / jar.name
        if result.returncode != 0 or not fetched.is_file():
            raise Neo4jFetchError(f"Maven could not fetch org.neo4j.client:neo4j-browser:{version} (exit {result.returncode}):\n"
                                  f"{tail(result.stdout + result.stderr)}")
        fetched.replace(jar)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return root
