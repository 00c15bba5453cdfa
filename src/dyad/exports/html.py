"""One self-contained HTML page that draws the subgraph offline, with a time slider.

The page, its style and its script are files in ``assets/``, read at run time and inlined.
"""

from __future__ import annotations

import html as html_escape
import json
import math
from importlib import resources

import networkx as nx
from dyad.exports.networkx_view import QUAD_CLASS_COLOURS, QUAD_CLASS_NAMES, TYPE_COLOURS, UNCODED_EVENT_COLOUR


def layout(graph: nx.MultiDiGraph, *, seed: int = 7, iterations: int = 200) -> dict[str, tuple[float, float]]:
    """Node positions in [0, 1000] x [0, 1000]: a force-directed layout, the same on every run."""
    import numpy as np

    nodes = list(graph.nodes)
    count = len(nodes)
    if count == 0:
        return {}
    if count == 1:
        return {nodes[0]: (500.0, 500.0)}
    if count > 1500:  # O(n²) forces would be slow: a circle per node type instead
        return _rings(graph)
    index = {node: i for i, node in enumerate(nodes)}
    pairs = np.array([(index[u], index[v]) for u, v in graph.to_undirected(as_view=True).edges() if u != v] or [(0, 0)])
    rng = np.random.default_rng(seed)
    position = rng.random((count, 2))
    k = math.sqrt(1.0 / count)
    temperature = 0.1
    for _ in range(iterations):
        delta = position[:, None, :] - position[None, :, :]
        distance = np.maximum(np.linalg.norm(delta, axis=-1), 0.01)
        force = (delta / distance[..., None] * (k * k / distance)[..., None]).sum(axis=1)
        edge_delta = position[pairs[:, 0]] - position[pairs[:, 1]]
        edge_distance = np.maximum(np.linalg.norm(edge_delta, axis=1), 0.01)
        pull = edge_delta * (edge_distance / k)[:, None]
        np.add.at(force, pairs[:, 0], -pull)
        np.add.at(force, pairs[:, 1], pull)
        length = np.maximum(np.linalg.norm(force, axis=1), 0.01)
        position += force / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature *= 0.98
    low, high = position.min(axis=0), position.max(axis=0)
    scaled = (position - low) / np.maximum(high - low, 1e-9) * 900 + 50
    return {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in zip(nodes, scaled)}


def _rings(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    by_type: dict[str, list[str]] = {}
    for node, data in graph.nodes(data=True):
        by_type.setdefault(str(data.get("type")), []).append(node)
    positions = {}
    for ring, (_, members) in enumerate(sorted(by_type.items(), key=lambda item: len(item[1]))):
        radius = 60 + 440 * (ring + 1) / len(by_type)
        for i, node in enumerate(sorted(members)):
            angle = 2 * math.pi * i / len(members)
            positions[node] = (round(500 + radius * math.cos(angle), 1), round(500 + radius * math.sin(angle), 1))
    return positions


def _view_data(graph: nx.MultiDiGraph, title: str) -> dict[str, object]:
    positions = layout(graph)
    nodes = []
    for node, data in graph.nodes(data=True):
        x, y = positions[node]
        shown = {k: v for k, v in data.items() if k not in ("colour", "label", "uri")}
        nodes.append({"id": node, "label": data["label"], "type": data["type"], "colour": data["colour"], "x": x, "y": y,
                      "start": data.get("start"), "end": data.get("end"), "attributes": shown})
    edges = [{"source": s, "target": t, "label": d["label"], "start": d.get("start")} for s, t, d in graph.edges(data=True)]
    legend = [{"label": QUAD_CLASS_NAMES[q], "colour": c} for q, c in QUAD_CLASS_COLOURS.items()]
    legend.append({"label": "event without QuadClass", "colour": UNCODED_EVENT_COLOUR})
    legend += [{"label": name, "colour": colour} for name, colour in TYPE_COLOURS.items() if name != "Resource"]
    return {"title": title, "nodes": nodes, "edges": edges, "legend": legend}


def html_text(graph: nx.MultiDiGraph, *, title: str = "Dyad subgraph") -> str:
    """One self-contained HTML page (no network access) that draws the graph with its own small SVG renderer."""
    data = json.dumps(_view_data(graph, title), ensure_ascii=False, separators=(",", ":"))
    data = data.replace("</", "<\\/").replace("<!--", "<\\!--")  # safe inside <script>
    return (
        _asset("view.html").replace("__TITLE__", html_escape.escape(title))
        .replace("__STYLE__", _asset("view.css"))
        .replace("__SCRIPT__", _asset("view.js"))
        .replace("__DATA__", data)
    )


def _asset(name: str) -> str:
    """A file of the graph view (``assets/``), read from the installed package."""
    return resources.files("dyad.exports").joinpath("assets", name).read_text(encoding="utf-8")
