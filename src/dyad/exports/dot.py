"""Graphviz DOT.
"""

from __future__ import annotations

import networkx as nx


def _dot_quote(value: object) -> str:
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "")
    return f'"{text}"'


_DOT_SHAPES = {"Event": "box", "Claim": "note", "Document": "folder", "Agent": "house", "Country": "ellipse", "Dyad": "diamond"}
_DOT_RESERVED = {"label", "shape", "style", "fillcolor", "tooltip", "id"}


def dot_text(graph: nx.MultiDiGraph, *, title: str = "Dyad subgraph") -> str:
    """The graph in Graphviz DOT; every flat attribute kept (reserved names prefixed ``dyad_``)."""
    lines = [
        "digraph dyad {",
        f"  graph [label={_dot_quote(title)}, labelloc=t, overlap=false, splines=true];",
        '  node [style=filled, fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=8, color="#888888"];',
    ]
    for node, data in graph.nodes(data=True):
        attributes = {
            "label": data["label"], "shape": _DOT_SHAPES.get(str(data["type"]), "ellipse"),
            "fillcolor": data["colour"], "tooltip": node,
        }
        for key, value in data.items():
            if key not in ("label", "colour"):
                attributes[f"dyad_{key}" if key in _DOT_RESERVED else key] = value
        lines.append(f"  {_dot_quote(node)} [" + ", ".join(f"{k}={_dot_quote(v)}" for k, v in attributes.items()) + "];")
    for source, target, data in graph.edges(data=True):
        extras = "".join(f", {k}={_dot_quote(data[k])}" for k in ("start", "end") if k in data)
        lines.append(f"  {_dot_quote(source)} -> {_dot_quote(target)} [label={_dot_quote(data['label'])}{extras}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
