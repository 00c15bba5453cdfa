"""What people look at: ``trajectory`` (a table and a chart), ``export`` (subgraphs), ``serve`` (the endpoint).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from dyad.cli.main import main
from dyad.cli.options import Context, handles_errors, neo4j_options, open_driver, pass_context
from dyad.errors import DyadError


@main.command()
@click.argument("country_a")
@click.argument("country_b")
@click.option("--by", type=click.Choice(["month", "quarter", "year"]), default="month", show_default=True)
@click.option("--engine", type=click.Choice(["sparql", "cypher"]), default="sparql", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--plot", type=click.Path(path_type=Path), help="Also write a chart: FILE.png, or FILE.html (interactive, self-contained).")
@click.option("--since", help="First date (YYYY-MM-DD).")
@click.option("--until", help="Last date (YYYY-MM-DD).")
@click.option("--source", type=click.Choice(["all", "gdelt", "news"]), default="all", show_default=True,
              help="Which events: GDELT records, news and curated events, or both.")
@neo4j_options
@pass_context
@handles_errors()
def trajectory(ctx: Context, country_a: str, country_b: str, by: str, engine: str, fmt: str, plot: Path | None,
               since: str | None, until: str | None, source: str, uri: str | None, user: str | None,
               password: str | None, database: str | None) -> None:
    """The relations between countries A and B over time (both directions), per period.

    The periods run from the first with an event to the last (or --since/--until); the table
    shows those with events, CSV and JSON every period, and --plot draws them all on a time axis.
    """
    from dataclasses import fields

    from dyad.queries.formatting import format_rows
    from dyad.trajectory import TrajectoryRow
    from dyad.trajectory import trajectory as compute
    from dyad.vocabulary.countries import country

    if plot:
        from dyad.trajectory.charts import chart_format

        chart_format(plot)  # a chart that cannot be written is refused before anything prints
    a, b = country(country_a), country(country_b)
    kwargs: dict[str, Any] = {"by": by, "engine": engine, "since": since, "until": until, "source": source}
    if engine == "sparql":
        rows = compute(a.iso3, b.iso3, store=ctx.store(read_only=True), **kwargs)
    else:
        driver = open_driver(uri, user, password)
        try:
            rows = compute(a.iso3, b.iso3, driver=driver, database=database, **kwargs)
        finally:
            driver.close()
    columns = [f.name for f in fields(TrajectoryRow) if f.name != "highlights" or fmt != "table"]
    shown = [r for r in rows if r.events] if fmt == "table" else rows  # a table to read: the periods with events
    click.echo(format_rows(columns, [r.as_dict() for r in shown], fmt))
    if len(shown) < len(rows):
        click.echo(f"{len(rows) - len(shown)} of {len(rows)} periods have no events and are not shown "
                   "(--format csv or json lists every period)", err=True)
    if plot:
        from dyad.trajectory.charts import plot_trajectory

        plot_trajectory(rows, plot, title=f"{a.name} – {b.name}: events per {by}")
        click.echo(f"chart written to {plot}", err=True)


@main.command()
@click.option("--dyad", "dyad_pair", nargs=2, metavar="A B", help="The events between two countries and what surrounds them.")
@click.option("--center", help="The node at the centre of an ego network: an IRI, a prefixed name (id:agent/nhk) or a country code.")
@click.option("--hops", default=2, show_default=True, help="How far from the centre.")
@click.option("--source", help="A source document (IRI, URL, title or file name): what it says.")
@click.option("--since", help="First date (YYYY-MM-DD): only events from then on.")
@click.option("--until", help="Last date (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "cyjs", "jsonld", "dot", "html"]),
              help="Output format (default: from the file's suffix).")
@click.option("--title", help="Title of the graph (HTML page, GEXF, DOT).")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True)
@pass_context
@handles_errors()
def export(ctx: Context, dyad_pair: tuple[str, str] | None, center: str | None, hops: int, source: str | None,
           since: str | None, until: str | None, fmt: str | None, title: str | None, output: Path) -> None:
    """Write a subgraph for Gephi, Cytoscape, networkx, Graphviz or a browser (written atomically)."""
    from dyad.exports import export as write_export

    if not (dyad_pair or center or source or since or until):
        raise click.UsageError("choose a subgraph: --dyad A B, --center IRI, --source DOCUMENT, or --since/--until")
    graph = write_export(output, store=ctx.store(read_only=True), format=fmt, dyad=dyad_pair, center=center, hops=hops,
                         source=source, since=since, until=until, title=title)
    click.echo(f"wrote {graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges to {output}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 exposes the store to the network).")
@click.option("--port", default=7878, show_default=True, help="Port (0: any free port).")
@click.option("--timeout", "query_seconds", default=30.0, show_default=True, help="Seconds a query may run before it is stopped.")
@click.option("--max-result-bytes", default=50 * 1024 * 1024, show_default=True, help="Largest answer sent; bigger ones are refused.")
@click.option("--workers", default=2, show_default=True, help="Queries answered at once (one process each).")
@click.option("--allow-service", "service_hosts", multiple=True, metavar="HOST",
              help="A host SERVICE clauses may call (repeatable); none by default, so the endpoint makes no outgoing requests.")
@click.option("--cors-origin", "cors_origins", multiple=True, metavar="ORIGIN",
              help="A web origin whose pages may read answers (repeatable; '*' for any); none by default.")
@pass_context
@handles_errors()
def serve(ctx: Context, host: str, port: int, query_seconds: float, max_result_bytes: int, workers: int,
          service_hosts: tuple[str, ...], cors_origins: tuple[str, ...]) -> None:
    """A read-only SPARQL 1.1 Protocol endpoint on the store, at http://HOST:PORT/sparql.

    It answers from the store as it is at each query (later loads show), one query per worker.
    """
    from dyad.serve import EndpointLimits, make_server
    from dyad.store.remote import mask_url

    ctx.store(read_only=True)  # fails now, with a clear message, if there is no store there
    limits = EndpointLimits(query_seconds=query_seconds, result_bytes=max_result_bytes, workers=workers,
                            service_hosts=service_hosts, cors_origins=cors_origins)
    try:
        server = make_server(ctx.store_path, host=host, port=port, limits=limits)
    except OSError as error:  # the port is taken, or the address is not this machine's
        raise DyadError(f"cannot listen on {host}:{port}: {error.strerror or error}; choose another --port (0: any free port)") from None
    server.pool.wait_until_ready()
    click.echo(f"SPARQL endpoint on {server.url} over {mask_url(str(ctx.store_path))} (read-only; Ctrl-C stops it)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
