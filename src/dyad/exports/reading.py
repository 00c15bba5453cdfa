"""What the exports read of the store's terms: IRIs, the links they leave out, and the dates of nodes."""

from __future__ import annotations

import calendar
import datetime as dt

import pyoxigraph as ox
from dyad.store import DyadStore

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DYAD = "https://w3id.org/dyad/ontology#"
PROV = "http://www.w3.org/ns/prov#"
SKIPPED_LINKS = {PROV + "wasGeneratedBy", "http://purl.org/dc/terms/source"}


def iri(term: object) -> str | None:
    return term.value if isinstance(term, ox.NamedNode) else None


def date_span(text: str) -> tuple[str, str] | None:
    """The first and last day of a date, month or year given as text (``2020-01`` -> Jan 1 to 31)."""
    text = text.strip()[:10]
    try:
        if len(text) == 4:
            return f"{text}-01-01", f"{text}-12-31"
        if len(text) == 7:
            year, month = int(text[:4]), int(text[5:7])
            return f"{text}-01", f"{text}-{calendar.monthrange(year, month)[1]:02d}"
        day = dt.date.fromisoformat(text).isoformat()
        return day, day
    except ValueError:
        return None


def overlaps(span: tuple[str, str], since: str | None, until: str | None) -> bool:
    return (since is None or span[1] >= since) and (until is None or span[0] <= until)


def literal_text(store: DyadStore, node: str, predicate: str) -> str | None:
    for quad in store.quads_for_pattern(ox.NamedNode(node), ox.NamedNode(predicate), None, None):
        if isinstance(quad.object, ox.Literal):
            return quad.object.value
    return None


def node_span(store: DyadStore, node: str) -> tuple[str, str] | None:
    """When an event happened (its date, or its start to its end), as first and last day."""
    date = literal_text(store, node, DYAD + "date")
    start = date or literal_text(store, node, DYAD + "startDate")
    if start is None:
        return None
    first = date_span(start)
    end = None if date else literal_text(store, node, DYAD + "endDate")
    last = date_span(end) if end else first
    if first is None or last is None:
        return None
    return first[0], last[1]
