"""Connecting to Neo4j with the official driver (imported lazily), and checking the server's version.
"""

from __future__ import annotations

import re

from dyad.errors import SyncError

#: The oldest Neo4j release line the mapping's Cypher runs on.
MINIMUM_MAJOR_VERSION = 5


def check_server_version(agent: str, uri: str = "Neo4j") -> str:
    """The version from a server agent string (``Neo4j/5.26.0``); SyncError when it is too old.

    >>> check_server_version("Neo4j/5.26.30")
    '5.26.30'
    """
    version = str(agent).split("/")[-1].strip()
    match = re.match(r"^(\d+)\.", version)
    if not match:
        raise SyncError(f"{uri} did not say which Neo4j version it is (agent {agent!r}); Dyad needs Neo4j 5 or later")
    if int(match.group(1)) < MINIMUM_MAJOR_VERSION:
        raise SyncError(f"Neo4j at {uri} is version {version}; Dyad needs Neo4j {MINIMUM_MAJOR_VERSION}.x or later "
                        "(5.26 LTS is tested): upgrade the server")
    return version


def connect(uri: str, user: str | None, password: str | None, **config: object):  # noqa: ANN201 - neo4j.Driver, imported lazily
    """A verified driver; clear errors for a wrong password, an unreachable or unsupported server.

    The password is only handed to the driver: no message or log line of Dyad's contains it.
    """
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, ConfigurationError, DriverError, ServiceUnavailable

    name = user or "neo4j"
    auth = (name, password) if password else None
    try:
        driver = GraphDatabase.driver(uri, auth=auth, **config)
    except (ConfigurationError, ValueError) as error:
        raise SyncError(f"{uri!r} is not a Neo4j URI ({error}): write bolt://HOST:PORT or neo4j://HOST:PORT") from error
    try:
        driver.verify_connectivity()
        info = driver.get_server_info()
    except AuthError as error:
        driver.close()
        hint = "no password was given: set NEO4J_PASSWORD" if not password else "check NEO4J_USER / NEO4J_PASSWORD"
        raise SyncError(f"Neo4j at {uri} refused the credentials for user {name!r}: {hint}") from error
    except (ServiceUnavailable, DriverError, OSError) as error:
        driver.close()
        raise SyncError(f"cannot reach Neo4j at {uri}: is it running? (`dyad neo4j start` runs a local one)") from error
    try:
        check_server_version(str(getattr(info, "agent", "")), uri)
    except SyncError:
        driver.close()
        raise
    return driver
