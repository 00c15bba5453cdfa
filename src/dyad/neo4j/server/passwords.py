"""The password of the local server: chosen, or generated and kept in its run folder; set through Bolt.
"""

from __future__ import annotations

import logging
import os

from dyad.neo4j.server.errors import Neo4jPasswordError
from dyad.neo4j.server.process import Neo4jServer

logger = logging.getLogger(__name__)
INITIAL_PASSWORD = "neo4j"  # what Neo4j gives a new DBMS; it must be changed before any other query
MIN_PASSWORD_LENGTH = 8  # Neo4j's dbms.security.auth_minimum_password_length default


def resolve_password(auth: bool, password: str | None) -> str | None:
    if not auth:
        return None
    if password is None:
        password = os.environ.get("NEO4J_PASSWORD")
    if not password:
        raise Neo4jPasswordError("auth is on but no password was given: pass password=... or set NEO4J_PASSWORD")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Neo4jPasswordError(f"Neo4j refuses passwords shorter than {MIN_PASSWORD_LENGTH} characters: choose a longer one")
    if password == INITIAL_PASSWORD:
        raise Neo4jPasswordError("the password must differ from Neo4j's initial 'neo4j'")
    return password


def set_password(server: Neo4jServer, password: str, *, initial: bool) -> None:
    """Make ``password`` the user's password, replacing Neo4j's initial one if it is still in force.

    ``initial`` says the DBMS was created by this start, so the initial password is surely in force;
    otherwise the given password is tried first (Neo4j locks a user after 3 failed logins in a row).
    """
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError

    if not initial:
        with GraphDatabase.driver(server.uri, auth=(server.user, password)) as driver:
            try:
                if driver.verify_authentication():
                    return  # set by an earlier start on this run directory
            except AuthError:
                pass
    with GraphDatabase.driver(server.uri, auth=(server.user, INITIAL_PASSWORD)) as driver:
        try:
            with driver.session(database="system") as session:
                session.run("ALTER CURRENT USER SET PASSWORD FROM $old TO $new",
                            old=INITIAL_PASSWORD, new=password).consume()
        except AuthError:
            raise Neo4jPasswordError(
                f"Neo4j in {server.run_dir} refused both the given password and the initial one: this run "
                "directory was set up with another password. Use that one, or start with fresh=True to wipe it"
            ) from None
    logger.info("set the password of user %r on the server in %s", server.user, server.run_dir)
