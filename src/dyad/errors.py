"""Dyad's error hierarchy. Every error says where the problem is and, where it can, how to fix it."""

from __future__ import annotations

import re
from dataclasses import dataclass

# C0 and C1 control characters, DEL, and the Unicode line/paragraph separators and bidi controls,
# and the surrogates that stand for undecodable bytes in a file name: a file name holding them could rewrite what the terminal shows.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with control characters escaped, so a file name cannot drive the terminal.

    >>> printable("a\\nb\\x1b[31m.ttl")
    'a\\\\nb\\\\x1b[31m.ttl'
    """

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char) or (
            f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
        )

    return _UNPRINTABLE.sub(escape, text)


class DyadError(Exception):
    """Base of every error Dyad raises on purpose."""


@dataclass
class SourceLocation:
    """Where in an input a problem is: a file, and a line/column or record number when known."""

    path: str
    line: int | None = None
    column: int | None = None
    record: str | None = None

    def __str__(self) -> str:
        text = printable(self.path)
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        if self.record:
            text += f" ({printable(self.record)})"
        return text


class LoaderError(DyadError):
    """A source could not be read or mapped; carries the location."""

    def __init__(self, message: str, location: SourceLocation | None = None) -> None:
        self.message = message
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)


class InputLimitError(LoaderError):
    """A source is bigger, longer or deeper than a limit allows (see ``dyad.loaders.limits``)."""


class ReservedGraphError(LoaderError):
    """A source tries to write a graph that only Dyad writes (ontology, countries, store state)."""


class UnknownCountryError(LoaderError):
    """A country name or code that Dyad cannot map to ISO 3166-1 alpha-3."""


class ShapeViolationError(DyadError):
    """Data does not conform to the shapes; carries the validation report."""

    def __init__(self, message: str, report: object | None = None) -> None:
        self.report = report
        super().__init__(message)


class StoreError(DyadError):
    """The embedded store could not be opened, read or written."""


class QueryError(DyadError):
    """A query is unknown, malformed, misses a parameter, or tries to write when it may not."""


class SyncError(DyadError):
    """Neo4j could not be brought to the state of the store."""
