"""The export formats, told from a file's suffix, and writing a graph in one of them (atomically).
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
from dyad.errors import DyadError
from dyad.exports.cytoscape import cytoscape_json
from dyad.exports.dot import dot_text
from dyad.exports.gexf import gexf_text
from dyad.exports.graphml import graphml_graph
from dyad.exports.html import html_text
from dyad.exports.jsonld import jsonld_text
from dyad.files import text_writer, write_atomically
from dyad.store import DyadStore

FORMATS = ("graphml", "gexf", "cyjs", "jsonld", "dot", "html")
SUFFIXES = {
    ".graphml": "graphml", ".gexf": "gexf", ".cyjs": "cyjs", ".json": "cyjs", ".jsonld": "jsonld",
    ".dot": "dot", ".gv": "dot", ".html": "html", ".htm": "html",
}


def format_for(path: Path | str, format: str | None = None) -> str:
    """The export format: as given, else from the file's suffix."""
    if format:
        if format not in FORMATS:
            raise DyadError(f"unknown export format {format!r}; use one of {', '.join(FORMATS)}")
        return format
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise DyadError(f"cannot tell the format from {Path(path).name!r}; pass one of {', '.join(FORMATS)}")
    return SUFFIXES[suffix]


def export_graph(graph: nx.MultiDiGraph, path: Path | str, *, format: str, store: DyadStore | None = None, title: str = "Dyad subgraph") -> None:
    """Write a graph made by :func:`to_networkx` in one of :data:`FORMATS` (``jsonld`` needs the store)."""
    path = Path(path)
    if format == "graphml":
        write_atomically(path, lambda target: nx.write_graphml(graphml_graph(graph), target))
    elif format == "gexf":
        write_atomically(path, text_writer(gexf_text(graph, title=title)))
    elif format == "cyjs":
        write_atomically(path, text_writer(json.dumps(cytoscape_json(graph, title=title), indent=1, ensure_ascii=False)))
    elif format == "jsonld":
        if store is None:
            raise DyadError("a JSON-LD export needs the store the graph came from")
        write_atomically(path, text_writer(jsonld_text(store, graph)))
    elif format == "dot":
        write_atomically(path, text_writer(dot_text(graph, title=title)))
    elif format == "html":
        write_atomically(path, text_writer(html_text(graph, title=title)))
    else:
        raise DyadError(f"unknown export format {format!r}; use one of {', '.join(FORMATS)}")
