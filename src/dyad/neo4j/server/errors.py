"""What can go wrong with the local Neo4j server, each with a message saying what to do.
"""

from __future__ import annotations

from dyad.errors import DyadError
from dyad.jvm import ToolMissingError  # noqa: F401 - re-exported: a missing java or mvn


class Neo4jServerError(DyadError):
    """Base of the errors raised while fetching, starting or stopping the local Neo4j server."""




class Neo4jFetchError(Neo4jServerError):
    """Maven could not fetch the Neo4j jars."""


class Neo4jStartError(Neo4jServerError):
    """The server process died or did not answer on Bolt in time; the message carries the log tail."""


class ServerAlreadyRunningError(Neo4jServerError):
    """A server recorded in the run directory is still running."""


class PortInUseError(Neo4jServerError):
    """A requested port is already taken on 127.0.0.1."""


class Neo4jPasswordError(Neo4jServerError):
    """The password is missing, too short, or not the one this run directory was set up with."""
