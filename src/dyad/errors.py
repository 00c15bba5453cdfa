"""Dyad's error hierarchy. Every error says where the problem is and, where it can, how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


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
        text = self.path
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        if self.record:
            text += f" ({self.record})"
        return text


class LoaderError(DyadError):
    """A source could not be read or mapped; carries the location."""

    def __init__(self, message: str, location: SourceLocation | None = None) -> None:
        self.message = message
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)


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
