"""Connecting to Neo4j with the official driver (imported lazily), and checking the server's version.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit, urlunsplit
from collections.abc import Callable

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
    places: dict[str, list[str]] = {}  # description -> where in the query, in order
    for status in getattr(summary, "gql_status_objects", ()):
        if not getattr(status, "is_notification", False):
            continue
        description = str(getattr(status, "status_description", "") or "").removeprefix("warn: ").strip()
        position = getattr(status, "position", None)
        found = places.setdefault(description, [])
        if position is not None and f"{position.line}:{position.column}" not in found:
            found.append(f"{position.line}:{position.column}")
    return [f"{description} (at line:column {', '.join(where)})" if where else description
            for description, where in places.items()]


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


def split_credentials(uri: str) -> tuple[str, str | None, str | None]:
    """The URI without user and password, and those (None when absent); the driver takes them apart.

    >>> split_credentials("neo4j+s://ana:s%40cret@db.example.org:7687")
    ('neo4j+s://db.example.org:7687', 'ana', 's@cret')
    """
    parts = urlsplit(uri)
    if "@" not in parts.netloc:
        return uri, None, None
    userinfo, _, host = parts.netloc.rpartition("@")
    user, colon, password = userinfo.partition(":")
    return urlunsplit(parts._replace(netloc=host)), unquote(user) or None, unquote(password) if colon else None


def mask_uri(uri: str) -> str:
    """The URI as Dyad prints it: a password in it becomes ``***``.

    >>> mask_uri("bolt://neo4j:SECRET@127.0.0.1:7687")
    'bolt://neo4j:***@127.0.0.1:7687'
    """
    clean, user, password = split_credentials(uri)
    if user is None and password is None:
        return uri
    parts = urlsplit(clean)
    userinfo = (user or "") + (":***" if password is not None else "")
    return urlunsplit(parts._replace(netloc=f"{userinfo}@{parts.netloc}"))


def connect(uri: str, user: str | None, password: str | None, **config: object):  # noqa: ANN201 - neo4j.Driver, imported lazily
    """A verified driver; clear errors for a wrong password, an unreachable or unsupported server.

    The password is only handed to the driver: no message or log line of Dyad's contains it, and a
    password written in the URI (``bolt://user:password@host``) is taken out of it and masked.
    Routing (``neo4j://``, ``neo4j+s://``) and encrypted (``bolt+s://``, ``+ssc``) URIs go to the
    driver as they are: Dyad has no code path that assumes one local server.
    """
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, ConfigurationError, DriverError, ServiceUnavailable

    uri, uri_user, uri_password = split_credentials(uri)
    user = user if uri_user is None else uri_user
    password = password if uri_password is None else uri_password
    shown = mask_uri(uri)
    name = user or "neo4j"
    auth = (name, password) if password else None
    try:
        driver = GraphDatabase.driver(uri, auth=auth, **{**NOTIFICATION_SETTINGS, **config})
    except (ConfigurationError, ValueError) as error:
        raise SyncError(f"{shown!r} is not a Neo4j URI ({error}): write bolt://HOST:PORT or neo4j://HOST:PORT") from error
    try:
        driver.verify_connectivity()
        info = driver.get_server_info()
    except AuthError as error:
        driver.close()
        hint = "no password was given: set NEO4J_PASSWORD" if not password else "check NEO4J_USER / NEO4J_PASSWORD"
        raise SyncError(f"Neo4j at {shown} refused the credentials for user {name!r}: {hint}") from error
    except (ServiceUnavailable, DriverError, OSError) as error:
        driver.close()
        raise SyncError(f"cannot reach Neo4j at {shown}: is it running? (`dyad neo4j start` runs a local one)") from error
    try:
        check_server_version(str(getattr(info, "agent", "")), shown)
    except SyncError:
        driver.close()
        raise
    return driver


class Database:
    """One database of a driver, with the read and write helpers the sync's parts share.

    Sessions send no notifications: these are Dyad's own queries, on properties a node may lack.
    """

    def __init__(self, driver, name: str | None = None) -> None:  # noqa: ANN001 - neo4j.Driver
        self.driver = driver
        self.name = name

    def session(self):  # noqa: ANN201
        return self.driver.session(database=self.name, notifications_min_severity="OFF")

    def read(self, cypher: str, **parameters: object) -> list[dict[str, object]]:
        """The records as dicts of the values the driver gives (not ``record.data()``, which walks every nested value:
        for the ledger's thousands of states that walk cost more than the read)."""
        with self.session() as session:
            return session.execute_read(lambda tx: [dict(record.items()) for record in tx.run(cypher, parameters)])

    def write(self, work: Callable[[object], object]) -> object:
        with self.session() as session:
            return session.execute_write(work)

    def run(self, cypher: str, **parameters: object) -> None:
        """One statement in an auto-commit transaction (schema changes)."""
        with self.session() as session:
            session.run(cypher, parameters).consume()
