"""GEXF 1.3 for Gephi: a directed multigraph, dynamic (start/end dates), with colours and sizes.

Written here rather than by networkx, whose writer knows only GEXF 1.1/1.2draft and adds a
``networkx_key`` attribute to every edge. Each edge's ``kind`` is its predicate, so Gephi keeps
parallel edges of different predicates apart. The output validates against the GEXF 1.3 XSD.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import networkx as nx

GEXF_NS = "http://gexf.net/1.3"
_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_SKIPPED = {"label", "start", "end", "colour"}  # written as GEXF's own fields, not as attributes
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _hex_rgb(colour: str) -> dict[str, str]:
    return {"r": str(int(colour[1:3], 16)), "g": str(int(colour[3:5], 16)), "b": str(int(colour[5:7], 16))}


def _declare(items: list[dict[str, object]]) -> dict[str, tuple[str, str]]:
    """Attribute name -> (GEXF id, GEXF type), in the order first seen."""
    declared: dict[str, tuple[str, str]] = {}
    for data in items:
        for key, value in data.items():
            if key not in _SKIPPED and key not in declared and type(value) in _TYPES:
                declared[key] = (str(len(declared)), _TYPES[type(value)])
    return declared


def _value(value: object) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _dated(element: ET.Element, data: dict[str, object]) -> None:
    for key in ("start", "end"):
        if isinstance(data.get(key), str) and _DATE.match(str(data[key])):
            element.set(key, str(data[key]))


def _attvalues(element: ET.Element, data: dict[str, object], declared: dict[str, tuple[str, str]]) -> None:
    values = ET.SubElement(element, "attvalues")
    for key, (ident, _) in declared.items():
        if key in data and type(data[key]) in _TYPES:
            ET.SubElement(values, "attvalue", {"for": ident, "value": _value(data[key])})


def gexf_text(graph: nx.MultiDiGraph, *, title: str = "Dyad subgraph") -> str:
    """The graph as GEXF 1.3 text (nodes keep their IRIs as ids; edges are ``e0``, ``e1``...)."""
    root = ET.Element("gexf", {"xmlns": GEXF_NS, "version": "1.3"})
    meta = ET.SubElement(root, "meta", {"lastmodifieddate": dt.date.today().isoformat()})
    ET.SubElement(meta, "creator").text = "dyad"
    ET.SubElement(meta, "description").text = title
    body = ET.SubElement(root, "graph", {"defaultedgetype": "directed", "mode": "dynamic", "timeformat": "date"})
    node_attributes = _declare([data for _, data in graph.nodes(data=True)])
    edge_attributes = _declare([data for _, _, data in graph.edges(data=True)])
    for kind, declared in (("node", node_attributes), ("edge", edge_attributes)):
        attributes = ET.SubElement(body, "attributes", {"class": kind, "mode": "static"})
        for key, (ident, gexf_type) in declared.items():
            ET.SubElement(attributes, "attribute", {"id": ident, "title": key, "type": gexf_type})
    nodes = ET.SubElement(body, "nodes", {"count": str(graph.number_of_nodes())})
    for node, data in graph.nodes(data=True):
        element = ET.SubElement(nodes, "node", {"id": str(node), "label": str(data.get("label", node))})
        _dated(element, data)
        _attvalues(element, data, node_attributes)
        ET.SubElement(element, "color", _hex_rgb(str(data.get("colour", "#d9d9d9"))))
        ET.SubElement(element, "size", {"value": "10.0" if data.get("type") in ("Country", "Event") else "5.0"})
    edges = ET.SubElement(body, "edges", {"count": str(graph.number_of_edges())})
    for index, (source, target, key, data) in enumerate(graph.edges(keys=True, data=True)):
        element = ET.SubElement(edges, "edge", {"id": f"e{index}", "source": str(source), "target": str(target),
                                                "label": str(data.get("label", key)), "kind": str(key)})
        _dated(element, data)
        _attvalues(element, data, edge_attributes)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
