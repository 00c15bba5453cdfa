"""``dyad query``: the named query library, SPARQL on the store and Cypher on Neo4j (read-only unless ``--write``).
"""

from __future__ import annotations

import json

import click
from dyad.cli.main import main
from dyad.cli.options import (
    Context,
    handles_errors,
    neo4j_options,
    open_driver,
    parse_params,
    pass_context,
    query_options,
)
from dyad.errors import DyadError


@main.group()
def query() -> None:
    """Run named, file or inline queries (SPARQL on the store, Cypher on Neo4j)."""


@query.command("list")
@click.option("--language", type=click.Choice(["sparql", "cypher"]))
@handles_errors()
def query_list(language: str | None) -> None:
    """Show the query library with descriptions and parameters."""
    from dyad.queries.library import list_queries

    for named in list_queries(language):
        click.echo(f"{named.language:7} {named.name}")
        click.echo(f"        {named.description}")
        click.echo(f"        parameters: {named.signature()}")


@query.command("sparql")
@query_options(write_help="Allow a SPARQL UPDATE to change the store.")
@pass_context
@handles_errors()
def query_sparql(ctx: Context, query_ref: str, params: tuple[str, ...], fmt: str, write: bool) -> None:
    """Run a SPARQL query: a library name (see `dyad query list`), a file, or query text.

    Query text may use the prefixes dyad:, prov:, skos:, xsd:, rdfs:, rdf: and dcterms: without
    declaring them. --format json is W3C SPARQL Results JSON (as the endpoint answers); tables
    shorten IRIs with Dyad's prefixes.
    """
    from dyad.queries.library import find_query, is_sparql_update, run_sparql
    from rdflib import Graph

    is_update = is_sparql_update(find_query(query_ref, "sparql").text)
    if is_update and not write:
        raise DyadError("this is a SPARQL UPDATE; queries are read-only unless you pass --write")
    result = run_sparql(ctx.store(read_only=not is_update), query_ref, parse_params(params), write=write)
    if result is None:
        click.echo("update applied")
    elif isinstance(result, bool):
        click.echo(json.dumps({"head": {}, "boolean": result}) if fmt == "json" else str(result).lower())
    elif isinstance(result, Graph):
        click.echo(result.serialize(format="json-ld" if fmt == "json" else "turtle"))
    elif fmt == "json":
        from dyad.queries.formatting import sparql_results_json

        click.echo(sparql_results_json(result.columns, result.rows))
    elif fmt == "table":
        from dyad.queries.formatting import format_rows, shorten
        from dyad.vocabulary.namespaces import PREFIXES

        prefixes = {name: str(namespace) for name, namespace in PREFIXES.items()}
        click.echo(format_rows(result.columns, [{c: shorten(v, prefixes) for c, v in row.items()} for row in result.rows], "table"))
    else:
        click.echo(result.format(fmt))


@query.command("cypher")
@query_options(write_help="Run in a write transaction (default: read-only).")
@neo4j_options
@handles_errors()
def query_cypher(query_ref: str, params: tuple[str, ...], fmt: str, write: bool, uri: str | None, user: str | None,
                 password: str | None, database: str | None) -> None:
    """Run a Cypher query against Neo4j in a read-only session (unless --write)."""
    from dyad.neo4j.connection import LIBRARY_NOTIFICATION_SETTINGS, NOTIFICATION_SETTINGS, short_notifications
    from dyad.queries.formatting import format_rows
    from dyad.queries.library import find_query, list_queries

    from neo4j.exceptions import ClientError

    named = find_query(query_ref, "cypher")
    bound = named.bind(parse_params(params))
    parameters = {p.name: bound.get(p.name) for p in named.parameters} if named.parameters else parse_params(params)
    # The library's queries are written for a graph where a property may be absent: no "does not exist" notices.
    in_library = named.path in {q.path for q in list_queries("cypher")}
    notices = LIBRARY_NOTIFICATION_SETTINGS if in_library else NOTIFICATION_SETTINGS
    driver = open_driver(uri, user, password)
    try:
        with driver.session(database=database, default_access_mode="WRITE" if write else "READ", **notices) as session:
            def work(tx):  # noqa: ANN001, ANN202
                result = tx.run(named.text, parameters)
                rows = [record.data() for record in result]
                return list(result.keys()), rows, short_notifications(result.consume())

            try:
                columns, rows, warnings = session.execute_write(work) if write else session.execute_read(work)
            except ClientError as error:
                if "write" in str(error.message).lower() and not write:
                    raise DyadError("this Cypher query writes; queries are read-only unless you pass --write") from error
                raise DyadError(f"Neo4j refused the query: {error.message}") from error
    finally:
        driver.close()
    for warning in warnings:  # each once, in one line; the driver's own log line (with the whole query) is muted in main
        click.secho(f"Neo4j warns: {warning}", fg="yellow", err=True)
    click.echo(format_rows(columns, rows, fmt))
