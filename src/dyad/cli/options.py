"""What the commands share: error handling at the boundary, the store of a command, common options.

Domain errors become a clear message and exit 1; usage errors exit 2.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from dyad.errors import DyadError, ShapeViolationError


def fail(message: str, code: int = 1) -> None:
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
                fail(str(error), exit_code)
            except DyadError as error:
                fail(str(error), exit_code)
            except RecursionError:
                fail("the input is nested too deep to read (see docs/limits.md: --limit depth=...)", exit_code)
            except MemoryError:
                fail("out of memory reading the input; lower the input limits (see docs/limits.md)", exit_code)

        return wrapper

    return decorate


class Context:
    def __init__(self, store_path: Path | str) -> None:
        self.store_path = store_path

    def store(self, *, read_only: bool = False):  # noqa: ANN201
        """Open the store for this command; it is closed (its lock released) when the command ends."""
        from dyad.api import open_store

        opened = open_store(self.store_path, read_only=read_only)
        click.get_current_context().call_on_close(opened.close)
        return opened


pass_context = click.make_pass_decorator(Context)


def store_path_default() -> str:
    from dyad.store import default_store_path

    return str(default_store_path())


def metadata_options(command: Callable) -> Callable:
    for option in reversed([
        click.option("--published", help="Publication date of the article (YYYY-MM-DD)."),
        click.option("--publisher", help="Who published it."),
        click.option("--url", help="Where it was published."),
        click.option("--title", help="Its title."),
    ]):
        command = option(command)
    return command


def source_metadata(published: str | None, publisher: str | None, url: str | None, title: str | None):  # noqa: ANN202
    from dyad.loaders import SourceMetadata

    if published:
        import datetime as dt

        try:
            dt.date.fromisoformat(published[:10])
        except ValueError:
            raise click.BadParameter(f"{published!r} is not a date (YYYY-MM-DD)", param_hint="--published") from None
    return SourceMetadata(published=published, publisher=publisher, url=url, title=title)


def parse_params(values: tuple[str, ...]) -> dict[str, str]:
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


def _refuse_password_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        raise click.UsageError("--password is gone: a password on the command line shows in `ps` and the shell's history. "
                               "Set NEO4J_PASSWORD, or pass --ask-password to type it")


def neo4j_options(command: Callable) -> Callable:
    """--uri, --user, --ask-password and --database; the command gets ``password`` from $NEO4J_PASSWORD or the prompt."""

    @functools.wraps(command)
    def wrapper(*args: Any, ask_password: bool, **kwargs: Any) -> Any:
        import os

        kwargs["password"] = (click.prompt(f"Neo4j password for {kwargs.get('user') or 'neo4j'}", hide_input=True, err=True)
                              if ask_password else os.environ.get("NEO4J_PASSWORD") or None)
        return command(*args, **kwargs)

    for option in reversed([
        click.option("--uri", envvar="NEO4J_URI", help="Bolt or routing URI: bolt://, bolt+s://, neo4j://, neo4j+s:// "
                     "(default: $NEO4J_URI, else the local server started by `dyad neo4j start`)."),
        click.option("--user", envvar="NEO4J_USER", default="neo4j", show_default=True, help="Also $NEO4J_USER."),
        click.option("--ask-password", is_flag=True, help="Prompt for the password (default: $NEO4J_PASSWORD; never printed)."),
        click.option("--password", hidden=True, expose_value=False, callback=_refuse_password_option),
        click.option("--database", envvar="NEO4J_DATABASE", help="Database name (default: the server's default)."),
    ]):
        wrapper = option(wrapper)
    return wrapper


def open_driver(uri: str | None, user: str | None, password: str | None):  # noqa: ANN202
    from dyad.neo4j.connection import connect

    if not uri:
        from dyad.neo4j.server import server_status

        local = server_status()
        if local is None:
            raise DyadError("no Neo4j given: pass --uri (or set NEO4J_URI), or start a local server with `dyad neo4j start`")
        uri = local.uri
    return connect(uri, user, password)


def limit_options(command: Callable) -> Callable:
    return click.option(
        "--limit", "limits", multiple=True, metavar="NAME=VALUE",
        help="Raise (or lower) an input limit, e.g. --limit file-bytes=2G --limit depth=5000 (see docs/limits.md).",
    )(command)


def chosen_limits(assignments: tuple[str, ...]):  # noqa: ANN201 - dyad.loaders.limits.Limits
    """The input limits: the defaults, then ``DYAD_LIMIT_*``, then ``--limit`` options."""
    from dyad.loaders.limits import limits_from_environment, limits_with

    try:
        return limits_with(assignments, limits_from_environment())
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--limit / DYAD_LIMIT_*") from None


def check_loader(loader: str | None) -> None:
    """An unknown --loader is a usage error (exit 2), named before any file is read."""
    from dyad.loaders import loader_names

    if loader and loader not in loader_names():
        raise click.BadParameter(f"unknown loader {loader!r}; available: {', '.join(loader_names())}", param_hint="--loader")
