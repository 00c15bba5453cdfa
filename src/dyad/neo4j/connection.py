"""Connecting to Neo4j with the official driver (imported lazily), and checking the server's version.
"""

from __future__ import annotations

import re

from dyad.errors import SyncError

#: The oldest Neo4j release line the mapping's Cypher runs on.
MINIMUM_MAJOR_VERSION = 5

#: Driver settings for every connection: the server sends no notices below WARNING.
NOTIFICATION_SETTINGS: dict[str, object] = {"notifications_min_severity": "WARNING"}
#: For Dyad's own queries (the sync, the dump, the query library): "property does not exist" is normal
#: in a graph whose nodes carry only what their documents state, so the server is asked not to send it.
LIBRARY_NOTIFICATION_SETTINGS: dict[str, object] = {
    "notifications_min_severity": "WARNING", "notifications_disabled_classifications": ["UNRECOGNIZED"],
}


def short_notifications(summary) -> list[str]:  # noqa: ANN001 - neo4j.ResultSummary
    """The server's warnings about a query, each once, in one short line (the driver's log line repeats the query).

    >>> short_notifications(None)
    []
    """
    if summary is None:
        return []
    lines: list[str] = []
    for status in getattr(summary, "gql_status_objects", ()):
        if not getattr(status, "is_notification", False):
            continue
        description = str(getattr(status, "status_description", "") or "").removeprefix("warn: ").strip()
        position = getattr(status, "position", None)
        where = f" (line {position.line}, column {position.column})" if position is not None else ""
        line = f"{description}{where}"
        if line not in lines:
            lines.append(line)
    return lines


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
        driver = GraphDatabase.driver(uri, auth=auth, **{**NOTIFICATION_SETTINGS, **config})
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
