"""Cytoscape JSON (Cytoscape.js and Cytoscape desktop), which networkx reads back as a directed multigraph.
"""

from __future__ import annotations

import networkx as nx


def cytoscape_json(graph: nx.MultiDiGraph, *, title: str = "Dyad subgraph") -> dict[str, object]:
    """The graph in the Cytoscape.js elements format (which Cytoscape desktop imports as .cyjs)."""
    nodes = [{"data": {"id": node, "name": data["label"], "value": node, **data}} for node, data in graph.nodes(data=True)]
    edges = [
        {"data": {**data, "id": f"e{index}", "source": source, "target": target, "key": key, "interaction": key}}
        for index, (source, target, key, data) in enumerate(graph.edges(keys=True, data=True))
    ]
    return {
        "format_version": "1.0", "directed": True, "multigraph": True, "generated_by": "dyad", "target_cytoscapejs_version": "~3.0",
        "data": {"name": title, "shared_name": title},
        "elements": {"nodes": nodes, "edges": edges},
    }
