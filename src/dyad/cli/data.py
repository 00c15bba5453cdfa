"""Commands that put data in and take it out: ``load``, ``validate``, ``remove``, ``documents``, ``stats``, ``extract``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from dyad.cli.main import main
from dyad.cli.options import Context, fail, handles_errors, metadata_options, pass_context, source_metadata
from dyad.errors import DyadError


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--loader", help="Which loader to use (default: chosen from each file).")
@metadata_options
@click.option("--shapes", "extra_shapes", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Extra SHACL shapes the data must also pass (any RDF syntax the rdf loader reads).")
@click.option("--no-builtin-shapes", "no_builtin_shapes", is_flag=True, help="Gate with the --shapes alone (not Dyad's shapes).")
@click.option("--strict", is_flag=True, help="Fail on the first bad GDELT row instead of reporting and skipping it.")
@pass_context
@handles_errors()
def load(ctx: Context, paths: tuple[Path, ...], loader: str | None, published: str | None, publisher: str | None,
         url: str | None, title: str | None, extra_shapes: tuple[Path, ...], no_builtin_shapes: bool, strict: bool) -> None:
    """Load files (a folder: every file in it) into the store; validates first, all or nothing.

    GDELT exports are streamed into the store (rows checked as they are read; see
    docs/gdelt.md); the other files are validated against the shapes first. If anything
    fails, the store is left as it was.
    """
    from dyad.api import load as load_sources
    from dyad.loaders.gdelt import load_gdelt_events, split_gdelt_files
    from tqdm import tqdm

    if no_builtin_shapes and not extra_shapes:
        raise click.UsageError("--no-builtin-shapes needs --shapes: the shapes to gate with")
    store = ctx.store()
    metadata = source_metadata(published, publisher, url, title)
    gdelt_files, other_files = split_gdelt_files(paths, loader=loader)
    gdelt = result = None
    with store.bulk_replace() as session:
        if gdelt_files:
            with tqdm(desc="GDELT records", unit="rec", disable=not sys.stderr.isatty(), file=sys.stderr) as bar:
                gdelt = load_gdelt_events(gdelt_files, store=store, metadata=metadata, strict=strict, session=session, progress=bar.update)
        if other_files:
            with tqdm(desc="reading", unit="doc", disable=not sys.stderr.isatty(), file=sys.stderr) as bar:
                result = load_sources(
                    other_files, store=store, loader=loader, metadata=metadata,
                    extra_shapes=extra_shapes, builtin_shapes=not no_builtin_shapes,
                    progress=lambda _what, amount: bar.update(amount),
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
@click.option("--shapes", "extra_shapes", multiple=True, type=click.Path(path_type=Path),
              help="Extra SHACL shapes to check as well (any RDF syntax the rdf loader reads, by suffix; Turtle by default).")
@click.option("--no-builtin-shapes", "no_builtin_shapes", is_flag=True,
              help="Check against the --shapes alone: no Dyad shapes, no Dyad reference graphs; RDF files as written.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "turtle"]), default="text", show_default=True)
@click.option("--fail-on", type=click.Choice(["violation", "warning"]), default="violation", show_default=True)
@metadata_options
@pass_context
def validate(ctx: Context, paths: tuple[Path, ...], loader: str | None, extra_shapes: tuple[Path, ...], no_builtin_shapes: bool,
             fmt: str, fail_on: str, published: str | None, publisher: str | None, url: str | None, title: str | None) -> None:
    """Validate files (or, with no PATH, the whole store) against the shapes. Exit 0 conforms, 1 violations, 2 error.

    Files are validated together (rules across them hold); the store is validated as one
    graph. Reports: text (grouped by shape, with the file and line of each problem), json,
    or turtle (the standard SHACL validation report, whose sh:conforms is false as soon as there
    is any result). --fail-on warning also fails on warnings.
    """
    from dyad.api import validate_files, validate_store

    if no_builtin_shapes and not extra_shapes:
        fail("--no-builtin-shapes needs --shapes: the shapes to check against", 2)
        return
    builtin = not no_builtin_shapes
    try:
        for shape_file in extra_shapes:
            if not shape_file.is_file():
                raise DyadError(f"{shape_file}: no such shapes file")
        if paths:
            report = validate_files(paths, loader=loader, metadata=source_metadata(published, publisher, url, title),
                                    extra_shapes=extra_shapes, builtin_shapes=builtin)
        else:
            report = validate_store(ctx.store(read_only=True), extra_shapes=extra_shapes, builtin_shapes=builtin)
    except DyadError as error:
        fail(str(error), 2)
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
    from dyad.queries.formatting import format_rows
    from dyad.queries.library import run_named_sparql

    columns, rows = run_named_sparql(ctx.store(read_only=True), "documents")
    click.echo(format_rows(columns, rows, fmt))


@main.command()
@pass_context
@handles_errors()
def stats(ctx: Context) -> None:
    """Counts of the store: quads, document graphs, and instances per class."""
    from dyad.queries.formatting import format_rows

    store = ctx.store(read_only=True)
    _, rows = store.select(
        "PREFIX dyad: <https://w3id.org/dyad/ontology#> SELECT ?class (COUNT(DISTINCT ?s) AS ?instances) "
        "WHERE { ?s a ?class . FILTER(STRSTARTS(STR(?class), STR(dyad:))) } GROUP BY ?class ORDER BY ?class"
    )
    click.echo(f"quads: {store.quad_count()}   document graphs: {len(store.graph_names())}")
    click.echo(format_rows(["class", "instances"], rows, "table"))


@main.command()
@click.argument("article", type=click.Path(path_type=Path))
@metadata_options
@click.option("--format", "fmt", type=click.Choice(["json", "ttl"]), default="json", show_default=True)
@handles_errors()
def extract(article: Path, published: str | None, publisher: str | None, url: str | None, title: str | None, fmt: str) -> None:
    """Run the news loader on one article and print what it found, without storing it."""
    metadata = source_metadata(published, publisher, url, title)
    from dyad import extraction

    if fmt == "json":
        click.echo(json.dumps(extraction.extract_report(article, metadata), indent=2, ensure_ascii=False))
    else:
        from dyad.loaders.news import NewsLoader
        from dyad.vocabulary.namespaces import bind_prefixes

        for source in NewsLoader().load(article, metadata):
            bind_prefixes(source.graph)
            click.echo(source.graph.serialize(format="turtle"))
