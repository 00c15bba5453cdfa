"""The one small interface every loader implements.

A loader reads one source file (with metadata a user may give) and yields
:class:`SourceGraph` objects: the RDF of one source document, to be stored as one named
graph. Loaders have no other side effects: they never touch the store or Neo4j.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Protocol, runtime_checkable

from rdflib import Graph, URIRef


@dataclass(frozen=True)
class SourceMetadata:
    """What a user can tell a loader about a source beyond its bytes."""

    published: str | None = None  # ISO date
    publisher: str | None = None
    url: str | None = None
    title: str | None = None


@dataclass
class SourceGraph:
    """The RDF of one source document, to be stored as the named graph ``name``.

    ``origin`` is the file it came from, for error messages; ``summary`` holds counts a
    command may print (records read, loaded, skipped...); ``notes`` are remarks for the user
    (e.g. "no country named: stored as a document with no events"); ``locations`` maps a
    node's IRI to the place in the source that defined it, so a shape violation can name it.
    """

    name: URIRef
    graph: Graph
    origin: str
    summary: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    locations: dict[str, str] = field(default_factory=dict)  # node IRI -> "file:line", for reports


@runtime_checkable
class Loader(Protocol):
    """A loader: ``name`` keys it in the registry; ``suffixes`` help pick it for a file."""

    name: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]]

    def can_load(self, path: Path) -> bool:
        """True when this loader recognises the file (by name or a peek at its start)."""
        ...

    def load(self, path: Path, metadata: SourceMetadata | None = None) -> Iterator[SourceGraph]:
        """Read ``path`` and yield one SourceGraph per source document in it."""
        ...
