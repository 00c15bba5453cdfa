"""Input limits: how much a loader reads before it refuses a file, and how to raise them.

Every loader reads within :func:`current_limits`. The defaults protect a laptop from a
hostile or broken file (a zip bomb, a 4 GiB line, a "billion laughs" YAML or XML file, a
Turtle file nested 200,000 deep): such a file is refused quickly with a message naming it
and the limit to raise, instead of running out of memory or time.

A user raises a limit with ``dyad load --limit NAME=VALUE`` (and ``dyad validate``), or with
the environment variable ``DYAD_LIMIT_<NAME>`` (upper case, ``-`` as ``_``), e.g.
``DYAD_LIMIT_FILE_BYTES=2G``. Sizes take a K, M or G suffix (powers of 1024).
See ``docs/limits.md``.

>>> parse_limit("line-bytes=4M")
('line_bytes', 4194304)
>>> with use_limits(current_limits().raised(depth=500)):
...     current_limits().depth
500
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields, replace

KIB, MIB, GIB = 1024, 1024**2, 1024**3


@dataclass(frozen=True)
class Limits:
    """The bounds a loader reads within. See ``docs/limits.md`` for what each one protects."""

    file_bytes: int = 64 * MIB
    """Bytes of a file read whole into memory (RDF, facts, news)."""
    stream_bytes: int = 16 * GIB
    """Bytes of a streamed GDELT export: the plain file, or the decompressed zip member."""
    triples: int = 100_000
    """Triples of one RDF file (all read into memory, then validated against the shapes)."""
    line_bytes: int = 1 * MIB
    """Bytes of one line of a GDELT export (a GDELT row is about 1 KiB)."""
    blank_lines: int = 10_000
    """Consecutive blank lines in a GDELT export."""
    bad_rows: int = 100_000
    """Rows of one GDELT export that cannot be mapped (skipped and named) before the file is refused."""
    depth: int = 1_000
    """Nesting depth: Turtle/TriG collections and blank nodes, JSON(-LD) arrays and objects, XML elements, YAML."""
    entity_expansion: int = 1 * MIB
    """Characters XML entity references may expand to in an RDF/XML file."""
    yaml_aliases: int = 1_000
    """Aliases (``*name``) in a facts file."""
    yaml_nodes: int = 250_000
    """Nodes of a facts file, with its aliases expanded (a "billion laughs" file has 10^9; a curated file a few thousand)."""
    zip_ratio: int = 1_000
    """Decompressed size over compressed size of a zip member (a zip bomb has 1,000,000+)."""

    def raised(self, **values: int) -> Limits:
        """These limits with some replaced."""
        return replace(self, **values)

    @classmethod
    def names(cls) -> list[str]:
        """The limits' names as a user writes them (``file-bytes``...)."""
        return [f.name.replace("_", "-") for f in fields(cls)]


_SIZE = re.compile(r"^\s*(\d+)\s*([kmg]i?b?)?\s*$", re.IGNORECASE)
_FACTORS = {"k": KIB, "m": MIB, "g": GIB}


def parse_size(text: str) -> int:
    """``"512"``, ``"64K"``, ``"4M"``, ``"2G"`` (powers of 1024; ``KiB``, ``MB`` accepted too) as an integer.

    >>> parse_size("2G")
    2147483648
    """
    match = _SIZE.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not a whole number (a K, M or G suffix may follow)")
    number, unit = int(match.group(1)), (match.group(2) or "")[:1].lower()
    return number * _FACTORS.get(unit, 1)


def parse_limit(assignment: str) -> tuple[str, int]:
    """``NAME=VALUE`` as (attribute name, value); raises ValueError naming the known limits."""
    name, sep, value = assignment.partition("=")
    key = name.strip().lower().replace("-", "_")
    known = {f.name for f in fields(Limits)}
    if not sep or key not in known:
        raise ValueError(f"unknown limit {name.strip()!r}; write NAME=VALUE with NAME one of {', '.join(Limits.names())}")
    size = parse_size(value)
    if size <= 0:
        raise ValueError(f"limit {name.strip()} must be positive")
    return key, size


def limits_from_environment(environ: Mapping[str, str] | None = None) -> Limits:
    """The defaults, with any ``DYAD_LIMIT_<NAME>`` variable applied."""
    environ = os.environ if environ is None else environ
    values = {}
    for f in fields(Limits):
        text = environ.get(f"DYAD_LIMIT_{f.name.upper()}")
        if text:
            key, value = parse_limit(f"{f.name}={text}")
            values[key] = value
    return Limits(**values)


def limits_with(assignments: Iterable[str], base: Limits | None = None) -> Limits:
    """``base`` (default: the environment's) with ``NAME=VALUE`` assignments applied."""
    limits = base or limits_from_environment()
    values = dict(parse_limit(a) for a in assignments)
    return limits.raised(**values) if values else limits


_CURRENT: ContextVar[Limits | None] = ContextVar("dyad_limits", default=None)


def current_limits() -> Limits:
    """The limits loaders read within now: set by :func:`use_limits`, else the environment's."""
    limits = _CURRENT.get()
    return limits if limits is not None else limits_from_environment()


@contextmanager
def use_limits(limits: Limits) -> Iterator[Limits]:
    """Run the ``with`` block's loads within ``limits``."""
    token = _CURRENT.set(limits)
    try:
        yield limits
    finally:
        _CURRENT.reset(token)


def limit_hint(name: str) -> str:
    """How to raise one limit, for error messages."""
    option = name.replace("_", "-")
    return f"raise it with --limit {option}=... or DYAD_LIMIT_{name.upper()}"


def human_size(size: int) -> str:
    """``4 MiB``, ``16 GiB``, ``512 bytes``."""
    for unit, factor in (("GiB", GIB), ("MiB", MIB), ("KiB", KIB)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size} bytes"


__all__ = [
    "Limits", "current_limits", "use_limits", "limits_with", "limits_from_environment", "parse_limit", "parse_size",
    "limit_hint", "human_size",
]
