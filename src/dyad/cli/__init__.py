"""Stage 6, the command line: thin ``dyad`` commands over the Python API.

A command parses options, calls one function of the API, and formats the result. Domain errors
become a clear message and exit 1 at this boundary only; usage errors exit 2 (``validate``: 0
conforms, 1 violations, 2 error). Progress bars and colour live here, never in the library.
Commands are grouped by what they do: :mod:`.data`, :mod:`.query`, :mod:`.neo4j`, :mod:`.views`.
"""

from dyad.cli.main import main
from dyad.cli import data, neo4j, query, views  # noqa: F401 - importing a group's module registers its commands

__all__ = ["main"]
