"""The ``dyad`` command group: the options every command shares (``--store``, ``-v``).
"""

from __future__ import annotations

import logging
from pathlib import Path

import click
from dyad import __version__
from dyad.cli.options import Context, store_path_default

log = logging.getLogger("dyad")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dyad")
@click.option("--store", "store_path", type=click.Path(path_type=Path), default=store_path_default,
              show_default=".dyad/store or $DYAD_STORE", help="Where the embedded store lives.")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.pass_context
def main(ctx: click.Context, store_path: Path, verbose: int) -> None:
    """Dyad: a knowledge graph of bilateral relations between countries."""
    logging.basicConfig(level=[logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)], format="%(levelname)s %(name)s: %(message)s")
    # The driver logs each server notice with the whole query; `dyad query cypher` shows them once, short.
    logging.getLogger("neo4j.notifications").setLevel(logging.DEBUG if verbose >= 2 else logging.ERROR)
    ctx.obj = Context(store_path)


if __name__ == "__main__":
    main()
