"""The ``dyad`` command group: the options every command shares (``--store``, ``-v``).
"""

from __future__ import annotations

import logging
from pathlib import Path

import click
from dyad import __version__
from dyad.cli.options import Context, store_path_default

log = logging.getLogger("dyad")


def _store_after_the_command(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.ensure_object(Context).store_path = value


class DyadGroup(click.Group):
    """A group whose commands also take ``--store`` after their name (``dyad load examples/ --store X``)."""

    group_class = type  # subgroups (``dyad query``) are DyadGroups too

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        if not any(param.name == "store_after" for param in cmd.params):
            cmd.params.append(click.Option(
                ["--store", "store_after"], type=click.Path(path_type=Path), expose_value=False, is_eager=True,
                callback=_store_after_the_command, help="Where the embedded store lives (as `dyad --store PATH`).",
            ))
        super().add_command(cmd, name)


@click.group(cls=DyadGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dyad")
@click.option("--store", "store_path", default=store_path_default, show_default=".dyad/store or $DYAD_STORE",
              help="Where the store is: a folder (the embedded store) or the URL of a SPARQL 1.1 server "
                   "(http://host:port/dataset; credentials from DYAD_STORE_USER/DYAD_STORE_PASSWORD or DYAD_STORE_TOKEN).")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.pass_context
def main(ctx: click.Context, store_path: str, verbose: int) -> None:
    """Dyad: a knowledge graph of bilateral relations between countries."""
    logging.basicConfig(level=[logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)], format="%(levelname)s %(name)s: %(message)s")
    # The driver logs each server notice with the whole query; `dyad query cypher` shows them once, short.
    logging.getLogger("neo4j.notifications").setLevel(logging.DEBUG if verbose >= 2 else logging.ERROR)
    from dyad.store.remote import is_store_url

    ctx.obj = Context(store_path if is_store_url(store_path) else Path(store_path))


if __name__ == "__main__":
    main()
