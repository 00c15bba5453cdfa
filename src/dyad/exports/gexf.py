"""GEXF for Gephi: dynamic (start/end), with colours and sizes.
"""

from __future__ import annotations

import networkx as nx


def _hex_rgb(colour: str) -> dict[str, int]:
    return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16), "a": 1}


def with_viz(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with GEXF colours and sizes (Gephi shows them as they are)."""
    copy = graph.copy()
    copy.graph["mode"] = "dynamic"
    for _, data in copy.nodes(data=True):
        data["viz"] = {"color": _hex_rgb(str(data["colour"])), "size": 10.0 if data["type"] in ("Country", "Event") else 5.0}
    return copy
