"""The ``dyad`` command line: thin commands over :mod:`dyad.api` and friends.

A command parses options, calls one function, and formats the result. Domain errors
become a clear message and exit 1; usage errors exit 2 (``validate``: 0 conforms,
1 violations, 2 error).
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from dyad import __version__
from dyad.errors import DyadError, ShapeViolationError

log = logging.getLogger("dyad")


def _fail(message: str, code: int = 1) -> None:
    from dyad.errors import printable

    # Messages may quote file names and file content: no control character reaches the terminal.
    safe = "\n".join(printable(line) for line in message.split("\n"))
    click.secho(f"Error: {safe}", fg="red", err=True)
    sys.exit(code)


def handles_errors(exit_code: int = 1) -> Callable:
    """Turn Dyad's errors into a message on stderr and a non-zero exit."""

    def decorate(command: Callable) -> Callable:
        @functools.wraps(command)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return command(*args, **kwargs)
            except ShapeViolationError as error:
                _fail(str(error), exit_code)
            except DyadError as error:
                _fail(str(error), exit_code)
            except RecursionError:
                _fail("the input is nested too deep to read (see docs/limits.md: --limit depth=...)", exit_code)
            except MemoryError:
                _fail("out of memory reading the input; lower the input limits (see docs/limits.md)", exit_code)

        return wrapper

    return decorate


class Context:
    def __init__(self, store_path: Path) -> None:
        self.store_path = store_path

    def store(self, *, read_only: bool = False):  # noqa: ANN201
        """Open the store for this command; it is closed (its lock released) when the command ends."""
        from dyad.api import open_store

        opened = open_store(self.store_path, read_only=read_only)
        click.get_current_context().call_on_close(opened.close)
        return opened


pass_context = click.make_pass_decorator(Context)


def _store_path_default() -> str:
    from dyad.store import default_store_path

    return str(default_store_path())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dyad")
@click.option("--store", "store_path", type=click.Path(path_type=Path), default=_store_path_default,
              show_default=".dyad/store or $DYAD_STORE", help="Where the embedded store lives.")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.pass_context
def main(ctx: click.Context, store_path: Path, verbose: int) -> None:
    """Dyad: a knowledge graph of bilateral relations between countries."""
    logging.basicConfig(level=[logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)], format="%(levelname)s %(name)s: %(message)s")
    ctx.obj = Context(store_path)


def metadata_options(command: Callable) -> Callable:
    for option in reversed([
        click.option("--published", help="Publication date of the article (YYYY-MM-DD)."),
        click.option("--publisher", help="Who published it."),
        click.option("--url", help="Where it was published."),
        click.option("--title", help="Its title."),
    ]):
        command = option(command)
    return command


def _metadata(published: str | None, publisher: str | None, url: str | None, title: str | None):  # noqa: ANN202
    from dyad.loaders import SourceMetadata

    if published:
        import datetime as dt

        try:
            dt.date.fromisoformat(published[:10])
        except ValueError:
            raise click.BadParameter(f"{published!r} is not a date (YYYY-MM-DD)", param_hint="--published") from None
    return SourceMetadata(published=published, publisher=publisher, url=url, title=title)


def limit_options(command: Callable) -> Callable:
    return click.option(
        "--limit", "limits", multiple=True, metavar="NAME=VALUE",
        help="Raise (or lower) an input limit, e.g. --limit file-bytes=2G --limit depth=5000 (see docs/limits.md).",
    )(command)


def _limits(assignments: tuple[str, ...]):  # noqa: ANN202
    from dyad.loaders.limits import limits_from_environment, limits_with

    try:
        return limits_with(assignments, limits_from_environment())
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--limit / DYAD_LIMIT_*") from None


def _check_loader(loader: str | None) -> None:
    """An unknown --loader is a usage error (exit 2), named before any file is read."""
    from dyad.loaders import loader_names

    if loader and loader not in loader_names():
        raise click.BadParameter(f"unknown loader {loader!r}; available: {', '.join(loader_names())}", param_hint="--loader")


# ---------------------------------------------------------------------- load / validate / remove


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--loader", help="Which loader to use (default: chosen from each file).")
@metadata_options
@click.option("--shapes", "extra_shapes", multiple=True, type=click.Path(exists=True, path_type=Path), help="Extra SHACL shapes the data must also pass.")
@click.option("--strict", is_flag=True, help="Fail on the first bad GDELT row instead of reporting and skipping it.")
@limit_options
@pass_context
@handles_errors()
def load(ctx: Context, paths: tuple[Path, ...], loader: str | None, published: str | None, publisher: str | None,
         url: str | None, title: str | None, extra_shapes: tuple[Path, ...], strict: bool, limits: tuple[str, ...]) -> None:
    """Load files (a folder: every file in it) into the store; validates first, all or nothing.

    GDELT exports are streamed into the store (rows checked as they are read; see
    docs/gdelt.md); the other files are validated against the shapes first. If anything
    fails, the store is left as it was.
    """
    from contextlib import nullcontext

    from tqdm import tqdm

    from dyad.api import load as load_sources
    from dyad.loaders.gdelt import load_gdelt_events, split_gdelt_files
    from dyad.loaders.limits import use_limits

    _check_loader(loader)
    chosen_limits = _limits(limits)
    metadata = _metadata(published, publisher, url, title)
    with use_limits(chosen_limits):
        gdelt_files, other_files = split_gdelt_files(paths, loader=loader)
    store = ctx.store()
    gdelt = result = None
    # Only GDELT exports need the bulk session (and its undo); other files are written in one transaction.
    with use_limits(chosen_limits), (store.bulk_replace() if gdelt_files else nullcontext()) as session:
        if gdelt_files:
            with tqdm(desc="GDELT records", unit="rec", disable=not sys.stderr.isatty(), file=sys.stderr) as bar:
                gdelt = load_gdelt_events(gdelt_files, store=store, metadata=metadata, strict=strict, session=session, progress=bar.update)
        if other_files:
            with tqdm(desc="reading", unit="doc", disable=not sys.stderr.isatty(), file=sys.stderr) as bar:
                result = load_sources(
                    other_files, store=store, loader=loader, metadata=metadata,
                    extra_shapes=extra_shapes, progress=lambda _what, amount: bar.update(amount),
                )
    if gdelt is not None:
        stats = gdelt.stats
        click.echo(f"GDELT: {len(gdelt.graphs)} export file(s) stored, {len(gdelt.unchanged)} unchanged; records read {stats.read}, "
                   f"loaded {stats.loaded}, skipped {stats.skipped} ({stats.bad_rows} bad rows, {stats.no_country} with no actor country)")
        for problem in stats.problems[:20]:
            click.echo(f"skipped {problem}")
        if stats.bad_rows > 20:
            click.echo(f"... and {stats.bad_rows - 20} more bad rows")
    if result is not None:
        summary = ", ".join(f"{key} {value}" for key, value in result.summary.items())
        click.echo(f"stored {len(result.graphs)} document graph(s), {len(result.unchanged)} unchanged; "
                   f"quads {result.quads_before} -> {result.quads_after}" + (f" ({summary})" if summary else ""))
        for note in result.notes:
            click.echo(f"note: {note}")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--loader", help="Which loader reads the files (default: chosen from each file).")
@click.option("--shapes", "extra_shapes", multiple=True, type=click.Path(path_type=Path), help="Extra SHACL shapes (Turtle) to check as well.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "turtle"]), default="text", show_default=True)
@click.option("--fail-on", type=click.Choice(["violation", "warning"]), default="violation", show_default=True)
@metadata_options
@limit_options
@pass_context
def validate(ctx: Context, paths: tuple[Path, ...], loader: str | None, extra_shapes: tuple[Path, ...], fmt: str,
             fail_on: str, published: str | None, publisher: str | None, url: str | None, title: str | None,
             limits: tuple[str, ...]) -> None:
    """Validate files (or, with no PATH, the whole store) against the shapes. Exit 0 conforms, 1 violations, 2 error.

    Files are validated together (rules across them hold); the store is validated as one
    graph. Reports: text (grouped by shape, with the file and line of each problem), json,
    or turtle (the standard SHACL validation report). --fail-on warning also fails on warnings.
    """
    from dyad.api import validate_files, validate_store
    from dyad.loaders.limits import use_limits

    chosen_limits = _limits(limits)
    try:
        for shape_file in extra_shapes:
            if not shape_file.is_file():
                raise DyadError(f"{shape_file}: no such shapes file")
        if paths:
            with use_limits(chosen_limits):
                report = validate_files(paths, loader=loader, metadata=_metadata(published, publisher, url, title), extra_shapes=extra_shapes)
        else:
            report = validate_store(ctx.store(read_only=True), extra_shapes=extra_shapes)
    except DyadError as error:
        _fail(str(error), 2)
        return
    click.echo(report.format(fmt))
    sys.exit(report.exit_code(fail_on))


@main.command()
@click.argument("document")
@pass_context
@handles_errors()
def remove(ctx: Context, document: str) -> None:
    """Take a source document (IRI, URL, title or file name) and all it alone supported out of the store."""
    from dyad.api import remove_document

    removed = remove_document(ctx.store(), document)
    click.echo(f"removed {len(removed)} document graph(s): " + ", ".join(removed))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@pass_context
@handles_errors()
def documents(ctx: Context, fmt: str) -> None:
    """List the source documents in the store."""
    from dyad.formatting import format_rows
    from dyad.query_library import run_named_sparql

    columns, rows = run_named_sparql(ctx.store(read_only=True), "documents")
    click.echo(format_rows(columns, rows, fmt))


@main.command()
@pass_context
@handles_errors()
def stats(ctx: Context) -> None:
    """Counts of the store: quads, document graphs, and instances per class."""
    from dyad.formatting import format_rows

    store = ctx.store(read_only=True)
    _, rows = store.select(
        "PREFIX dyad: <https://w3id.org/dyad/ontology#> SELECT ?class (COUNT(DISTINCT ?s) AS ?instances) "
        "WHERE { ?s a ?class . FILTER(STRSTARTS(STR(?class), STR(dyad:))) } GROUP BY ?class ORDER BY ?class"
    )
    click.echo(f"quads: {store.quad_count()}   document graphs: {len(store.graph_names())}")
    click.echo(format_rows(["class", "instances"], rows, "table"))


# ---------------------------------------------------------------------- extract


@main.command()
@click.argument("article", type=click.Path(path_type=Path))
@metadata_options
@click.option("--format", "fmt", type=click.Choice(["json", "ttl"]), default="json", show_default=True)
@handles_errors()
def extract(article: Path, published: str | None, publisher: str | None, url: str | None, title: str | None, fmt: str) -> None:
    """Run the news loader on one article and print what it found, without storing it."""
    metadata = _metadata(published, publisher, url, title)
    try:
        from dyad import extraction
    except ModuleNotFoundError:
        _fail("the news loader is not built in this version yet", 2)
        return
    if fmt == "json":
        click.echo(json.dumps(extraction.extract_report(article, metadata), indent=2, ensure_ascii=False))
    else:
        from dyad.loaders.news import NewsLoader
        from dyad.namespaces import bind_prefixes

        for source in NewsLoader().load(article, metadata):
            bind_prefixes(source.graph)
            click.echo(source.graph.serialize(format="turtle"))


# ---------------------------------------------------------------------- query


def _params(values: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{value!r}: write NAME=VALUE", param_hint="--param")
        params[name.strip()] = text
    return params


def query_options(*, write_help: str) -> Callable:
    """The arguments every query command takes: the query, its parameters, the output format, --write."""

    def decorate(command: Callable) -> Callable:
        for option in reversed([
            click.argument("query_ref", metavar="QUERY"),
            click.option("--param", "params", multiple=True, help="NAME=VALUE, bound as a parameter (repeatable)."),
            click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True),
            click.option("--write", is_flag=True, help=write_help),
        ]):
            command = option(command)
        return command

    return decorate


@main.group()
def query() -> None:
    """Run named, file or inline queries (SPARQL on the store, Cypher on Neo4j)."""


@query.command("list")
@click.option("--language", type=click.Choice(["sparql", "cypher"]))
@handles_errors()
def query_list(language: str | None) -> None:
    """Show the query library with descriptions and parameters."""
    from dyad.query_library import list_queries

    for named in list_queries(language):
        click.echo(f"{named.language:7} {named.name}")
        click.echo(f"        {named.description}")
        click.echo(f"        parameters: {named.signature()}")


@query.command("sparql")
@query_options(write_help="Allow a SPARQL UPDATE to change the store.")
@pass_context
@handles_errors()
def query_sparql(ctx: Context, query_ref: str, params: tuple[str, ...], fmt: str, write: bool) -> None:
    """Run a SPARQL query: a library name (see `dyad query list`), a file, or query text."""
    from rdflib import Graph

    from dyad.query_library import find_query, is_sparql_update, run_sparql

    is_update = is_sparql_update(find_query(query_ref, "sparql").text)
    if is_update and not write:
        raise DyadError("this is a SPARQL UPDATE; queries are read-only unless you pass --write")
    result = run_sparql(ctx.store(read_only=not is_update), query_ref, _params(params), write=write)
    if result is None:
        click.echo("update applied")
    elif isinstance(result, bool):
        click.echo(json.dumps({"boolean": result}) if fmt == "json" else str(result).lower())
    elif isinstance(result, Graph):
        click.echo(result.serialize(format="json-ld" if fmt == "json" else "turtle"))
    else:
        click.echo(result.format(fmt))


def neo4j_options(command: Callable) -> Callable:
    for option in reversed([
        click.option("--uri", envvar="NEO4J_URI", help="Bolt URI (default: $NEO4J_URI, else the local server started by `dyad neo4j start`)."),
        click.option("--user", envvar="NEO4J_USER", default="neo4j", show_default=True, help="Also $NEO4J_USER."),
        click.option("--password", envvar="NEO4J_PASSWORD", help="Also $NEO4J_PASSWORD (never printed)."),
        click.option("--database", envvar="NEO4J_DATABASE", help="Database name (default: the server's default)."),
    ]):
        command = option(command)
    return command


def _driver(uri: str | None, user: str | None, password: str | None):  # noqa: ANN202
    from dyad.sync import connect

    if not uri:
        from dyad.neo4j_server import server_status

        local = server_status()
        if local is None:
            raise DyadError("no Neo4j given: pass --uri (or set NEO4J_URI), or start a local server with `dyad neo4j start`")
        uri = local.uri
    return connect(uri, user, password)


@query.command("cypher")
@query_options(write_help="Run in a write transaction (default: read-only).")
@neo4j_options
@handles_errors()
def query_cypher(query_ref: str, params: tuple[str, ...], fmt: str, write: bool, uri: str | None, user: str | None,
                 password: str | None, database: str | None) -> None:
    """Run a Cypher query against Neo4j in a read-only session (unless --write)."""
    from neo4j.exceptions import ClientError

    from dyad.formatting import format_rows
    from dyad.query_library import find_query

    named = find_query(query_ref, "cypher")
    bound = named.bind(_params(params))
    parameters = {p.name: bound.get(p.name) for p in named.parameters} if named.parameters else _params(params)
    driver = _driver(uri, user, password)
    try:
        with driver.session(database=database, default_access_mode="WRITE" if write else "READ") as session:
            def work(tx):  # noqa: ANN001, ANN202
                result = tx.run(named.text, parameters)
                return list(result.keys()), [record.data() for record in result]

            try:
                columns, rows = session.execute_write(work) if write else session.execute_read(work)
            except ClientError as error:
                if "write" in str(error.message).lower() and not write:
                    raise DyadError("this Cypher query writes; queries are read-only unless you pass --write") from error
                raise DyadError(f"Neo4j refused the query: {error.message}") from error
    finally:
        driver.close()
    click.echo(format_rows(columns, rows, fmt))


# ---------------------------------------------------------------------- sync, trajectory, export


@main.command()
@neo4j_options
@click.option("--batch-size", default=20000, show_default=True, help="Statements (triples) written per transaction.")
@pass_context
@handles_errors()
def sync(ctx: Context, uri: str | None, user: str | None, password: str | None, database: str | None, batch_size: int) -> None:
    """Bring Neo4j to the state of the store: idempotent, incremental, deletions included."""
    from tqdm import tqdm

    from dyad.sync import Neo4jSync

    store = ctx.store(read_only=True)
    driver = _driver(uri, user, password)
    try:
        syncer = Neo4jSync(driver, database=database, batch_size=batch_size)
        with tqdm(desc="syncing", unit="B", unit_scale=True, disable=not sys.stderr.isatty(), file=sys.stderr) as bar:
            def progress(_stage: str, done: int, total: int) -> None:
                bar.total = total
                bar.n = done
                bar.refresh()

            result = syncer.sync(store, progress=progress)
        counts = syncer.counts()
    finally:
        driver.close()
    if result.nothing_to_do:
        click.echo(f"Neo4j is up to date ({counts['nodes']} nodes, {counts['relationships']} relationships)")
    else:
        click.echo(f"synced {len(result.changed_graphs)} changed and {len(result.removed_graphs)} removed graph(s): "
                   f"{result.nodes_written} nodes written, {result.nodes_deleted} deleted, {result.relationships_written} relationships; "
                   f"Neo4j now has {counts['nodes']} nodes, {counts['relationships']} relationships")


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
    """The relations between countries A and B over time (both directions), per period."""
    from dataclasses import fields

    from dyad.countries import country
    from dyad.formatting import format_rows
    from dyad.trajectory import TrajectoryRow, trajectory as compute

    a, b = country(country_a), country(country_b)
    kwargs: dict[str, Any] = {"by": by, "engine": engine, "since": since, "until": until, "source": source}
    if engine == "sparql":
        rows = compute(a.iso3, b.iso3, store=ctx.store(read_only=True), **kwargs)
    else:
        driver = _driver(uri, user, password)
        try:
            rows = compute(a.iso3, b.iso3, driver=driver, database=database, **kwargs)
        finally:
            driver.close()
    columns = [f.name for f in fields(TrajectoryRow) if f.name != "highlights" or fmt != "table"]
    click.echo(format_rows(columns, [r.as_dict() for r in rows], fmt))
    if plot:
        from dyad.plot import plot_trajectory

        plot_trajectory(rows, plot, title=f"{a.name} – {b.name}: events per {by}")
        click.echo(f"chart written to {plot}", err=True)


@main.command()
@click.option("--dyad", "dyad_pair", nargs=2, metavar="A B", help="The events between two countries and what surrounds them.")
@click.option("--center", help="IRI of the node at the centre of an ego network.")
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
    from dyad.export import export as write_export

    if not (dyad_pair or center or source or since or until):
        raise click.UsageError("choose a subgraph: --dyad A B, --center IRI, --source DOCUMENT, or --since/--until")
    graph = write_export(output, store=ctx.store(read_only=True), format=fmt, dyad=dyad_pair, center=center, hops=hops,
                         source=source, since=since, until=until, title=title)
    click.echo(f"wrote {graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges to {output}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 exposes the store to the network).")
@click.option("--port", default=7878, show_default=True, help="Port (0: any free port).")
@pass_context
@handles_errors()
def serve(ctx: Context, host: str, port: int) -> None:
    """A read-only SPARQL 1.1 Protocol endpoint on the store, at http://HOST:PORT/sparql."""
    from dyad.serve import make_server

    server = make_server(ctx.store(read_only=True), host=host, port=port)
    click.echo(f"SPARQL endpoint on {server.url} (read-only; Ctrl-C stops it)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


# ---------------------------------------------------------------------- local neo4j


@main.group()
def neo4j() -> None:
    """Run a local Neo4j Community server (fetched from Maven Central; needs Java 17)."""


@neo4j.command("start")
@click.option("--run-dir", type=click.Path(path_type=Path), help="Where the server keeps data and logs.")
@click.option("--auth/--no-auth", default=False, show_default=True, help="Require a password ($NEO4J_PASSWORD).")
@click.option("--bolt-port", type=int, help="Bolt port (default: a free one).")
@handles_errors()
def neo4j_start(run_dir: Path | None, auth: bool, bolt_port: int | None) -> None:
    """Start the local server (fetching it first if needed) and print its Bolt URI."""
    from dyad.neo4j_server import server_status, start_server

    running = server_status(run_dir)
    if running is not None:
        click.echo(running.uri)
        return
    password = os.environ.get("NEO4J_PASSWORD") if auth else None
    if auth and not password:
        raise DyadError("--auth needs the password in $NEO4J_PASSWORD (8 characters or more)")
    server = start_server(run_dir, auth=auth, password=password, bolt_port=bolt_port)
    click.echo(server.uri)


@neo4j.command("dump")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="TriG file to write.")
@click.option("--graph", "graphs", multiple=True, help="Only this named graph (repeatable).")
@neo4j_options
@handles_errors()
def neo4j_dump(output: Path, graphs: tuple[str, ...], uri: str | None, user: str | None, password: str | None,
               database: str | None) -> None:
    """Rebuild RDF from Neo4j as TriG, one named graph per source document (the sync's round trip)."""
    from dyad.neo4j_dump import dump_trig

    driver = _driver(uri, user, password)
    try:
        count = dump_trig(driver, output, database=database, graphs=graphs or None)
    finally:
        driver.close()
    click.echo(f"wrote {count} quads to {output}")


@neo4j.command("stop")
@click.option("--run-dir", type=click.Path(path_type=Path))
@handles_errors()
def neo4j_stop(run_dir: Path | None) -> None:
    """Stop the local server."""
    from dyad.neo4j_server import default_run_dir, server_status, stop_server

    if server_status(run_dir) is None:
        click.echo("not running")
        return
    stop_server(run_dir or default_run_dir())
    click.echo("stopped")


@neo4j.command("status")
@click.option("--run-dir", type=click.Path(path_type=Path))
def neo4j_status(run_dir: Path | None) -> None:
    """Say whether the local server runs, and where. Exit 1 when it does not."""
    from dyad.neo4j_server import server_status

    server = server_status(run_dir)
    if server is None:
        click.echo("not running")
        sys.exit(1)
    click.echo(f"running: {server.uri} (pid {server.pid}, http port {server.http_port}, auth {'on' if server.auth else 'off'})")


if __name__ == "__main__":
    main()
