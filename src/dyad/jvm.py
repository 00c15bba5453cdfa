"""The Java tools Dyad drives on this machine: finding ``java`` and ``mvn``, and where fetched jars are cached.

Neo4j (:mod:`dyad.neo4j.server`) and Apache Jena Fuseki (:mod:`dyad.store.servers`) are fetched from Maven
Central with Maven, once, into :func:`default_cache_dir`, and run with the local Java.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from dyad.errors import DyadError

#: Pinned, or Maven 3.8 picks its own old default version of the plugin.
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1"


class ToolMissingError(DyadError):
    """``java`` or ``mvn`` is not installed; the message says how to get it."""


def default_cache_dir() -> Path:
    """Where fetched jars are kept: ``$DYAD_CACHE`` if set, else ``~/.cache/dyad``."""
    configured = os.environ.get("DYAD_CACHE")
    return Path(configured).expanduser() if configured else Path.home() / ".cache" / "dyad"


def find_tool(name: str, hint: str) -> str:
    """The path of a command (``java`` honours ``$JAVA_HOME``), or :class:`ToolMissingError` with ``hint``."""
    if name == "java":
        java_home = os.environ.get("JAVA_HOME")
        if java_home and (Path(java_home) / "bin" / "java").is_file():
            return str(Path(java_home) / "bin" / "java")
    found = shutil.which(name)
    if not found:
        raise ToolMissingError(f"`{name}` was not found on PATH: {hint}")
    return found


def java_executable() -> str:
    return find_tool(
        "java", "install a Java 17 or later runtime (Debian: apt-get install openjdk-17-jre-headless) or set JAVA_HOME"
    )


def maven_executable(what: str) -> str:
    return find_tool("mvn", f"install Apache Maven (Debian: apt-get install maven); it fetches {what} from Maven Central")


def tail(text: str, lines: int = 40) -> str:
    """The last lines of a tool's output, for an error message."""
    return "\n".join(text.splitlines()[-lines:])
