"""One self-contained HTML page that draws the subgraph offline with Cytoscape.js, with a time slider.

The page, its style and script are files in ``assets/``, read at run time and inlined together with
Cytoscape.js (``assets/cytoscape.min.js``, MIT licence in ``assets/cytoscape.LICENSE.txt``, from the
npm package ``cytoscape``). The browser lays the graph out (force-directed, Cytoscape's ``cose``).
Claims are collapsed behind the event they assert until asked for; a subgraph with more nodes than
:data:`DRAWABLE_NODES` is not drawn until asked, with a message saying how to narrow it.
"""

from __future__ import annotations

import html as html_escape
import json
from importlib import resources

import networkx as nx
from dyad.exports.networkx_view import QUAD_CLASS_COLOURS, QUAD_CLASS_NAMES, TYPE_COLOURS, UNCODED_EVENT_COLOUR

DRAWABLE_NODES = 1500  # beyond this, a force-directed layout in a browser is slow and a hairball


def view_label(data: dict[str, object]) -> str:
    """What a node is called on the page: an event with its date, others by their label.

    >>> view_label({"type": "Event", "label": "Xi Jinping visits Pyongyang", "date": "2019-06"})
    'Xi Jinping visits Pyongyang · 2019-06'
    """
    label = str(data.get("label", ""))
    label = label if len(label) <= 80 else label[:78] + "…"
    if data.get("type") == "Event" and data.get("date") and str(data["date"]) not in label:
        return f"{label} · {data['date']}"
    return label


def _view_data(graph: nx.MultiDiGraph, title: str) -> dict[str, object]:
    nodes = []
    for node, data in graph.nodes(data=True):
        shown = {k: v for k, v in data.items() if k not in ("colour", "label", "uri")}
        entry = {"id": node, "label": view_label(data), "type": data["type"], "colour": data["colour"],
                 "start": data.get("start"), "end": data.get("end"), "attributes": shown}
        if data["type"] == "Claim":
            events = [target for _, target, key in graph.out_edges(node, keys=True) if key == "asserts"]
            if events:
                entry["event"] = events[0]
        nodes.append(entry)
    edges = [{"source": s, "target": t, "label": d["label"], "start": d.get("start")} for s, t, d in graph.edges(data=True)]
    legend = [{"label": QUAD_CLASS_NAMES[q], "colour": c} for q, c in QUAD_CLASS_COLOURS.items()]
    legend.append({"label": "event without QuadClass", "colour": UNCODED_EVENT_COLOUR})
    legend += [{"label": name, "colour": colour} for name, colour in TYPE_COLOURS.items() if name != "Resource"]
    return {"title": title, "nodes": nodes, "edges": edges, "legend": legend, "drawable": DRAWABLE_NODES}


def html_text(graph: nx.MultiDiGraph, *, title: str = "Dyad subgraph") -> str:
    """One self-contained HTML page (no network access) that draws the graph with the inlined Cytoscape.js."""
    data = _script_safe(json.dumps(_view_data(graph, title), ensure_ascii=False, separators=(",", ":")))
    return (
        _asset("view.html").replace("__TITLE__", html_escape.escape(title))
        .replace("__STYLE__", _asset("view.css"))
        .replace("__LIBRARY__", _script_safe(_asset("cytoscape.min.js")))
        .replace("__SCRIPT__", _asset("view.js"))
        .replace("__DATA__", data)
    )


def _script_safe(text: str) -> str:
    """Text that cannot end the ``<script>`` element it sits in."""
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def _asset(name: str) -> str:
    """A file of the graph view (``assets/``), read from the installed package."""
    return resources.files("dyad.exports").joinpath("assets", name).read_text(encoding="utf-8")
