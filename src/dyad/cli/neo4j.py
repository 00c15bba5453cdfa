"""``dyad sync`` and ``dyad neo4j``: mirror the store into Neo4j; start, stop and dump a local server.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from dyad.cli.main import main
from dyad.cli.options import Context, handles_errors, neo4j_options, open_driver, pass_context
from dyad.errors import DyadError


@main.command()
@neo4j_options
@click.option("--batch-size", default=20000, show_default=True, help="Statements (triples) written per transaction.")
@click.option("--force", is_flag=True, help="Replace what another store (or something other than dyad sync) wrote there.")
@click.option("--rebuild", is_flag=True, help="Write the whole graph again instead of what changed.")
@click.option("--bulk/--no-bulk", default=None,
              help="Write through neo4j-admin import (local server only; it is restarted). Default: for a first sync or "
                   "a rebuild of a large store into the local server.")
@pass_context
@handles_errors()
def sync(ctx: Context, uri: str | None, user: str | None, password: str | None, database: str | None, batch_size: int,
         force: bool, rebuild: bool, bulk: bool | None) -> None:
    """Bring Neo4j to the state of the store: idempotent, incremental, deletions included."""
    from dyad.neo4j.bulk import bulk_decision, bulk_import
    from dyad.neo4j.sync import Neo4jSync
    from tqdm import tqdm

    store = ctx.store(read_only=True)
    driver = open_driver(uri, user, password)
    with tqdm(desc="syncing", unit="B", unit_scale=True, disable=not sys.stderr.isatty(), file=sys.stderr) as bar:
        def progress(_stage: str, done: int, total: int) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        try:
            syncer = Neo4jSync(driver, database=database, batch_size=batch_size)
            if not force:
                syncer.check_owner(store)
            use_bulk, why = bulk_decision(store, syncer, uri=uri, database=database, rebuild=rebuild, bulk=bulk)
            if not use_bulk:
                if rebuild:
                    syncer.writer.clear()
                result = syncer.sync(store, progress=progress, force=True)
                counts = syncer.counts()
        finally:
            driver.close()
        if use_bulk:
            bar.set_description(f"bulk import ({why})")
            done = bulk_import(store, password=password, progress=progress)
            click.echo(f"imported {done.graphs} graph(s) with neo4j-admin ({why}): {done.nodes} nodes, {done.relationships} "
                       f"relationships in {done.seconds:.1f} s (CSV {done.csv_seconds:.1f} s, import {done.import_seconds:.1f} s, "
                       f"restart {done.stop_wait_seconds + done.start_seconds:.1f} s, schema {done.schema_seconds:.1f} s, "
                       f"warm-up {done.warm_up_seconds:.1f} s)")
            return
    if result.nothing_to_do:
        click.echo(f"Neo4j is up to date ({counts['nodes']} nodes, {counts['relationships']} relationships)")
    else:
        click.echo(f"synced {len(result.changed_graphs)} changed and {len(result.removed_graphs)} removed graph(s): "
                   f"{result.nodes_written} nodes written, {result.nodes_deleted} deleted, {result.relationships_written} relationships; "
                   f"Neo4j now has {counts['nodes']} nodes, {counts['relationships']} relationships")


@main.group()
def neo4j() -> None:
    """Run a local Neo4j Community server (fetched from Maven Central; needs Java 17)."""


@neo4j.command("start")
@click.option("--run-dir", type=click.Path(path_type=Path), help="Where the server keeps data and logs.")
@click.option("--auth/--no-auth", default=False, show_default=True, help="Require a password ($NEO4J_PASSWORD, or --ask-password).")
@click.option("--ask-password", is_flag=True, help="With --auth: prompt for the password instead of reading $NEO4J_PASSWORD.")
@click.option("--bolt-port", type=int, help="Bolt port (default: the last one of this run dir, else 7687 if free, else a free one).")
@click.option("--http-port", type=int, help="HTTP port (default: the last one, else 7474 if free, else a free one).")
@click.option("--browser", is_flag=True, help="Serve Neo4j Browser at /browser/ (the newest jar on Maven Central, fetched once).")
@handles_errors()
def neo4j_start(run_dir: Path | None, auth: bool, ask_password: bool, bolt_port: int | None, http_port: int | None,
                browser: bool) -> None:
    """Start the local server (fetching it first if needed) and print its Bolt URI."""
    from dyad.neo4j.server import server_status, start_server

    running = server_status(run_dir)
    if running is not None:
        click.echo(running.uri)
        return
    password = None
    if auth:
        password = (click.prompt("Neo4j password to set (8 characters or more)", hide_input=True, err=True)
                    if ask_password else os.environ.get("NEO4J_PASSWORD"))
        if not password:
            raise DyadError("--auth needs a password: set $NEO4J_PASSWORD (8 characters or more) or pass --ask-password")
    server = start_server(run_dir, auth=auth, password=password, bolt_port=bolt_port, http_port=http_port, browser=browser)
    click.echo(server.uri)
    if browser:
        click.echo(f"Neo4j Browser: http://127.0.0.1:{server.http_port}/browser/", err=True)


@neo4j.command("dump")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="TriG file to write.")
@click.option("--graph", "graphs", multiple=True, help="Only this named graph (repeatable).")
@neo4j_options
@handles_errors()
def neo4j_dump(output: Path, graphs: tuple[str, ...], uri: str | None, user: str | None, password: str | None,
               database: str | None) -> None:
    """Rebuild RDF from Neo4j as TriG, one named graph per source document (the sync's round trip)."""
    from dyad.neo4j.dump import dump_trig

    driver = open_driver(uri, user, password)
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
    from dyad.neo4j.server import default_run_dir, server_status, stop_server

    if server_status(run_dir) is None:
        click.echo("not running")
        return
    stop_server(run_dir or default_run_dir())
    click.echo("stopped")


@neo4j.command("status")
@click.option("--run-dir", type=click.Path(path_type=Path))
def neo4j_status(run_dir: Path | None) -> None:
    """Say whether the local server runs, and where. Exit 1 when it does not."""
    from dyad.neo4j.server import server_status

    server = server_status(run_dir)
    if server is None:
        click.echo("not running")
        sys.exit(1)
    click.echo(f"running: {server.uri} (pid {server.pid}, http port {server.http_port}, auth {'on' if server.auth else 'off'})")
