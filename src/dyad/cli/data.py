"""Commands that put data in and take it out: ``load``, ``validate``, ``remove``, ``documents``, ``stats``, ``extract``.
"""

from __future__ import annotations

import json
import logging
import sys
from contextlib import nullcontext
from pathlib import Path

import click
from dyad.cli.main import main
from dyad.cli.options import (
    Context, check_loader, chosen_limits, fail, handles_errors, limit_options, metadata_options, pass_context, source_metadata,
)
from dyad.errors import DyadError


# In a folder, files that are about the data rather than data: skipped with a note (--include takes them).
NOT_DATA = ("README*", "LICENSE*", "LICENCE*", "CHANGELOG*", "NOTICE*", "*.md", "*.schema.json", "*.xsd", "*.rng", "*.rnc")
STDIN_NAMES = {"facts": "stdin.facts.yaml", "rdf": "stdin.ttl", "news": "stdin.txt", "gdelt": "stdin.export.CSV"}


def _matches(path: Path, folder: Path, patterns: tuple[str, ...]) -> bool:
    from fnmatch import fnmatch

    relative = path.relative_to(folder).as_posix()
    return any(fnmatch(path.name, pattern) or fnmatch(relative, pattern) for pattern in patterns)


def choose_files(paths: tuple[Path, ...], *, loader: str | None, include: tuple[str, ...], exclude: tuple[str, ...]) -> tuple[list[Path], list[str]]:
    """The files to load, and notes on the files of a folder that were left out.

    Files named on the command line are taken as they are. In a folder: the files matching
    ``include`` (all, when none is given) and not ``exclude``; without ``include``, files that
    describe the data (README, schemas) and files no loader recognises are skipped with a note.
    """
    from dyad.api import expand_paths
    from dyad.errors import LoaderError
    from dyad.loaders import loader_for

    files: list[Path] = []
    notes: list[str] = []
    for path in paths:
        if not path.is_dir():
            files.extend(expand_paths([path]))
            continue
        for found in expand_paths([path]):
            if (include and not _matches(found, path, include)) or _matches(found, path, exclude):
                continue
            if not include and _matches(found, path, NOT_DATA):
                notes.append(f"skipped {found}: not data (--include '{found.name}' loads it)")
                continue
            if not loader:
                try:
                    loader_for(found)
                except LoaderError:
                    notes.append(f"skipped {found}: no loader recognises it (--loader NAME reads it)")
                    continue
            files.append(found)
    return files, notes


def _from_standard_input(paths: tuple[Path, ...], loader: str | None, folder: Path) -> tuple[Path, ...]:
    """``-`` replaced by a file holding standard input (named for the loader, which must be given)."""
    if Path("-") not in paths:
        return paths
    if loader not in STDIN_NAMES:
        raise click.UsageError("say which loader reads standard input: --loader " + "|".join(STDIN_NAMES))
    target = folder / STDIN_NAMES[loader]
    target.write_bytes(sys.stdin.buffer.read())
    return tuple(target if path == Path("-") else path for path in paths)


class _RowProblemsOnce(logging.Filter):
    """The command prints the bad GDELT rows itself: the loader's warning for each is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        from dyad.loaders.gdelt import RowProblem

        return not (record.args and isinstance(record.args, tuple) and isinstance(record.args[0], RowProblem))


def _progress(description: str, total: int | None, unit: str):  # noqa: ANN202 - a tqdm bar
    from tqdm import tqdm

    return tqdm(desc=description, total=total, unit=unit, unit_scale=unit == "B", disable=not sys.stderr.isatty(), file=sys.stderr)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, allow_dash=True))
@click.option("--loader", help="Which loader to use (default: chosen from each file).")
@metadata_options
@click.option("--shapes", "extra_shapes", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Extra SHACL shapes the data must also pass (any RDF syntax the rdf loader reads).")
@click.option("--no-builtin-shapes", "no_builtin_shapes", is_flag=True, help="Gate with the --shapes alone (not Dyad's shapes).")
@click.option("--strict", is_flag=True, help="Fail on the first bad GDELT row instead of reporting and skipping it (files already loaded are checked too).")
@click.option("--include", multiple=True, metavar="GLOB", help="In folders, load only the files matching GLOB (name or path in the folder; repeatable).")
@click.option("--exclude", multiple=True, metavar="GLOB", help="In folders, leave out the files matching GLOB (repeatable).")
@click.option("--countries", help="GDELT: keep record-level events only for rows with one of these actor countries (comma-separated ISO codes); every dyad still goes into the aggregates.")
@click.option("--dyad", "dyads", nargs=2, multiple=True, metavar="A B", help="GDELT: keep record-level events only for rows between A and B (repeatable; with --countries, either matches).")
@click.option("--commit-each-file", is_flag=True, help="GDELT: each file is stored on its own, all or nothing (a folder of thousands: a failure keeps the files before it; loading again resumes).")
@limit_options
@pass_context
@handles_errors()
def load(ctx: Context, paths: tuple[Path, ...], loader: str | None, published: str | None, publisher: str | None,
         url: str | None, title: str | None, extra_shapes: tuple[Path, ...], no_builtin_shapes: bool, strict: bool, include: tuple[str, ...],
         exclude: tuple[str, ...], countries: str | None, dyads: tuple[tuple[str, str], ...], commit_each_file: bool,
         limits: tuple[str, ...]) -> None:
    """Load files (a folder: the data files in it; -: standard input, with --loader) into the store; all or nothing.

    GDELT exports are streamed into the store (rows checked as they are read; see
    docs/gdelt.md); the other files are validated against the shapes first. If anything
    fails, the store is left as it was. In a folder, README, Markdown and schema files and
    files no loader recognises are skipped with a note; --include/--exclude choose by glob.
    """
    from dyad.loaders.limits import use_limits

    check_loader(loader)
    if no_builtin_shapes and not extra_shapes:
        raise click.UsageError("--no-builtin-shapes needs --shapes: the shapes to gate with")
    with use_limits(chosen_limits(limits)):
        _load(ctx, paths, loader, source_metadata(published, publisher, url, title), extra_shapes, not no_builtin_shapes, strict, include, exclude,
              countries, dyads, commit_each_file)


def _load(ctx: Context, paths: tuple[Path, ...], loader: str | None, metadata, extra_shapes: tuple[Path, ...],  # noqa: ANN001
          builtin_shapes: bool, strict: bool, include: tuple[str, ...], exclude: tuple[str, ...], countries: str | None,
          dyads: tuple[tuple[str, str], ...], commit_each_file: bool) -> None:
    import tempfile

    from dyad.api import load as load_sources
    from dyad.loaders.gdelt import RowFilter, load_gdelt_events, split_gdelt_files, total_bytes

    try:
        row_filter = RowFilter.of(countries=[c for c in (countries or "").split(",") if c.strip()], dyads=dyads)
    except DyadError as error:
        fail(f"--countries/--dyad: {error}", 2)
        return
    with tempfile.TemporaryDirectory(prefix="dyad-stdin-") as scratch:
        files, skipped = choose_files(_from_standard_input(paths, loader, Path(scratch)), loader=loader, include=include, exclude=exclude)
        for note in skipped:
            click.echo(f"note: {note}", err=True)
        if not files:
            raise DyadError("no data files to load" + (" (every file of the folder was skipped)" if skipped else ""))
        gdelt_files, other_files = split_gdelt_files(files, loader=loader)
        store = ctx.store()
        gdelt = result = None
        quiet_rows = _RowProblemsOnce()
        logging.getLogger("dyad.loaders.gdelt").addFilter(quiet_rows)

        def load_gdelt(session) -> object:  # noqa: ANN001 - a bulk_replace session, or None: each file alone
            with _progress("reading GDELT", total_bytes(gdelt_files), "B") as bar:
                return load_gdelt_events(gdelt_files, store=store, metadata=metadata, strict=strict, session=session,
                                         progress_bytes=bar.update, row_filter=row_filter, each_file_alone=session is None)

        try:
            if commit_each_file and gdelt_files:
                gdelt = load_gdelt(None)
            # Only GDELT exports need the bulk session (and its undo); other files are written in one transaction.
            with store.bulk_replace() if gdelt_files else nullcontext() as session:
                if gdelt_files:
                    if gdelt is None:
                        gdelt = load_gdelt(session)
                    _refuse_what_is_not_gdelt(gdelt)
                    if strict:
                        _check_unchanged_strictly(gdelt_files, gdelt, metadata)
                if other_files:
                    with _progress("reading", len(other_files), "file") as bar:
                        result = load_sources(
                            other_files, store=store, loader=loader, metadata=metadata,
                            extra_shapes=extra_shapes, builtin_shapes=builtin_shapes,
                            progress=lambda _what, amount: bar.update(amount),
                        )
        finally:
            logging.getLogger("dyad.loaders.gdelt").removeFilter(quiet_rows)
    if gdelt is not None:
        stats = gdelt.stats
        click.echo(f"GDELT: {len(gdelt.graphs)} export file(s) stored, {len(gdelt.unchanged)} unchanged; records read {stats.read}, "
                   f"loaded {stats.loaded}, skipped {stats.skipped} ({stats.bad_rows} bad rows, {stats.no_country} with no actor country)"
                   + (f", {stats.filtered_out} outside --countries/--dyad (in the aggregates only)" if stats.filtered_out else "")
                   + (f"; aggregates: {gdelt.aggregates['aggregate rows written']} dyad-day rows written" if gdelt.aggregates else ""))
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


def _refuse_what_is_not_gdelt(gdelt) -> None:  # noqa: ANN001 - GdeltLoadResult
    """A load where every row read was bad is not a GDELT export: refused, so no empty document is stored."""
    stats = gdelt.stats
    if gdelt.graphs and stats.read and stats.bad_rows == stats.read:
        first = stats.problems[0] if stats.problems else "no row"
        raise DyadError(f"not a GDELT export: none of its {stats.read} rows could be read (first: {first}); "
                        "nothing was stored. Is --loader right?")


def _check_unchanged_strictly(paths: list[Path], gdelt, metadata) -> None:  # noqa: ANN001
    """--strict on files already in the store: their rows are read again, and the first bad one fails."""
    from dyad.loaders.gdelt import GdeltExport, LoadStats, read_records

    unchanged = {str(name) for name in gdelt.unchanged}
    for path in paths:
        if str(GdeltExport(path, metadata).name) in unchanged:
            for _ in read_records(path, LoadStats(), strict=True):
                pass


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@click.option("--loader", help="Which loader reads the files (default: chosen from each file; needed for -, standard input).")
@click.option("--shapes", "extra_shapes", multiple=True, type=click.Path(path_type=Path),
              help="Extra SHACL shapes to check as well (any RDF syntax the rdf loader reads, by suffix; Turtle by default).")
@click.option("--no-builtin-shapes", "no_builtin_shapes", is_flag=True,
              help="Check against the --shapes alone: no Dyad shapes, no Dyad reference graphs; RDF files as written.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "turtle"]), default="text", show_default=True)
@click.option("--fail-on", type=click.Choice(["violation", "warning"]), default="violation", show_default=True)
@metadata_options
@limit_options
@pass_context
def validate(ctx: Context, paths: tuple[Path, ...], loader: str | None, extra_shapes: tuple[Path, ...], no_builtin_shapes: bool,
             fmt: str, fail_on: str, published: str | None, publisher: str | None, url: str | None, title: str | None,
             limits: tuple[str, ...]) -> None:
    """Validate files (or, with no PATH, the whole store) against the shapes. Exit 0 conforms, 1 violations, 2 error.

    Files are validated together (rules across them hold); the store is validated as one
    graph. Reports: text (grouped by shape, with the file and line of each problem), json,
    or turtle (the standard SHACL validation report, whose sh:conforms is false as soon as there
    is any result). --fail-on warning also fails on warnings.
    """
    import tempfile

    from dyad.api import validate_files, validate_store
    from dyad.loaders.limits import use_limits

    input_limits = chosen_limits(limits)
    scratch = click.get_current_context().with_resource(tempfile.TemporaryDirectory(prefix="dyad-stdin-"))
    paths = _from_standard_input(paths, loader, Path(scratch))
    if no_builtin_shapes and not extra_shapes:
        fail("--no-builtin-shapes needs --shapes: the shapes to check against", 2)
        return
    builtin = not no_builtin_shapes
    try:
        for shape_file in extra_shapes:
            if not shape_file.is_file():
                raise DyadError(f"{shape_file}: no such shapes file")
        if paths:
            with use_limits(input_limits):
                report = validate_files(paths, loader=loader, metadata=source_metadata(published, publisher, url, title),
                                        extra_shapes=extra_shapes, builtin_shapes=builtin)
        else:
            with _progress("validating", None, "step") as bar:
                def progress(done: int, total: int) -> None:
                    bar.total = total
                    bar.n = done
                    bar.refresh()

                report = validate_store(ctx.store(read_only=True), extra_shapes=extra_shapes, builtin_shapes=builtin, progress=progress)
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

    store = ctx.store()
    try:
        removed = remove_document(store, document)
    except DyadError:
        if _is_cited_document(store, document):
            raise DyadError(f"{document} was not loaded on its own: documents that were loaded cite it. "
                            "Remove one of those (`dyad documents` lists what can be removed)") from None
        raise
    click.echo(f"removed {len(removed)} document graph(s): " + ", ".join(removed))


def _is_cited_document(store, document: str) -> bool:  # noqa: ANN001 - DyadStore
    import pyoxigraph as ox

    try:
        node = ox.NamedNode(document)
    except ValueError:
        return False
    kind = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    return any(True for _ in store.quads_for_pattern(node, kind, ox.NamedNode("https://w3id.org/dyad/ontology#Document"), None))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--kind", help="Only documents of this kind (news-article, curated-facts, event-export, reference...).")
@click.option("--match", "text", help="Only documents whose title, URL, publisher or IRI contains this text (any case).")
@click.option("--all", "everything", is_flag=True,
              help="Also the documents only cited by others (a GDELT record's article, a reference): `dyad remove` cannot take those.")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many rows.")
@pass_context
@handles_errors()
def documents(ctx: Context, fmt: str, kind: str | None, text: str | None, everything: bool, limit: int | None) -> None:
    """List the source documents loaded into the store (each one `dyad remove` takes)."""
    from dyad.queries.formatting import format_rows
    from dyad.queries.library import run_named_sparql

    store = ctx.store(read_only=True)
    columns, rows = run_named_sparql(store, "documents")
    loaded = {str(name) for name in store.graph_names()}
    rows = [row for row in rows if everything or str(row["document"]) in loaded]
    if kind:
        rows = [row for row in rows if str(row.get("kind")) == kind]
    if text:
        needle = text.casefold()
        rows = [row for row in rows if any(needle in str(row.get(c) or "").casefold() for c in ("document", "title", "url", "publisher"))]
    if everything:
        columns = [*columns, "loaded"]
        rows = [{**row, "loaded": str(row["document"]) in loaded} for row in rows]
    click.echo(format_rows(columns, rows[:limit] if limit else rows, fmt))


@main.command()
@pass_context
@handles_errors()
def stats(ctx: Context) -> None:
    """Counts of the store: quads, document graphs, and instances per class."""
    from dyad.queries.formatting import format_rows, shorten
    from dyad.vocabulary.namespaces import PREFIXES

    store = ctx.store(read_only=True)
    _, rows = store.select(
        "PREFIX dyad: <https://w3id.org/dyad/ontology#> SELECT ?class (COUNT(DISTINCT ?s) AS ?instances) "
        "WHERE { ?s a ?class . FILTER(STRSTARTS(STR(?class), STR(dyad:))) } GROUP BY ?class ORDER BY ?class"
    )
    from dyad.gdelt.aggregates import is_aggregate_graph

    names = store.graph_names()
    derived = sum(1 for name in names if is_aggregate_graph(name))
    click.echo(f"quads: {store.quad_count()}   document graphs: {len(names) - derived}   derived graphs (GDELT aggregates): {derived}")
    prefixes = {name: str(namespace) for name, namespace in PREFIXES.items()}
    click.echo(format_rows(["class", "instances"], [{**row, "class": shorten(row["class"], prefixes)} for row in rows], "table"))


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
