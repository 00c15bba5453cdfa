"""The one call: choose a subgraph of the store and write it in a format (:func:`export`).

    dyad.export("prk-chn.gexf", dyad=("PRK", "CHN"), store=".dyad/store")
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import networkx as nx
from dyad.errors import DyadError
from dyad.exports.formats import export_graph, format_for
from dyad.exports.networkx_view import to_networkx
from dyad.exports.selection import select_nodes
from dyad.neo4j.mapping import local_name
from dyad.store import Store
from dyad.vocabulary.countries import country

log = logging.getLogger(__name__)


def export(
    path: Path | str,
    *,
    store: Store | Path | str | None = None,
    format: str | None = None,
    dyad: tuple[str, str] | list[str] | None = None,
    center: str | None = None,
    hops: int = 2,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    title: str | None = None,
) -> nx.MultiDiGraph:
    """Choose a subgraph (see :func:`select_nodes`) and write it to ``path``; returns the graph written.

    ``format`` defaults from the suffix (``.graphml``, ``.gexf``, ``.cyjs``, ``.jsonld``,
    ``.dot``, ``.html``). ``store`` is a store, the path or URL of one, or None for the default.
    """
    from dyad.store import default_store_path

    chosen_format = format_for(path, format)
    for name, value in (("since", since), ("until", until)):
        if value is not None:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise DyadError(f"{name}={value!r} is not a date (YYYY-MM-DD)") from None
    from dyad.api import open_store

    opened = store if isinstance(store, Store) else open_store(store if store is not None else default_store_path(), read_only=True)
    try:
        pair = tuple(dyad) if dyad else None
        nodes = select_nodes(opened, dyad=pair, center=center, hops=hops, source=source, since=since, until=until)  # type: ignore[arg-type]
        graph = to_networkx(opened, nodes)
        if title is None:
            title = _title(pair, center, source, since, until)
        graph.graph["name"] = title
        export_graph(graph, path, format=chosen_format, store=opened, title=title)
        log.info("exported %d nodes and %d edges to %s", graph.number_of_nodes(), graph.number_of_edges(), path)
        return graph
    finally:
        if opened is not store:
            opened.close()


def _title(pair: tuple[str, ...] | None, center: str | None, source: str | None, since: str | None, until: str | None) -> str:
    parts = []
    if pair:
        parts.append(f"{country(pair[0]).name} – {country(pair[1]).name}")
    if center:
        parts.append(f"around {local_name(center)}")
    if source:
        parts.append(f"from {source}")
    if since or until:
        parts.append(f"{since or '…'} to {until or '…'}")
    return "Dyad: " + ", ".join(parts) if parts else "Dyad subgraph"
