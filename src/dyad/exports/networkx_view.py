"""The chosen nodes as a networkx MultiDiGraph: flat attributes of plain types, object properties as edges.

Literal properties and controlled values (event type, certainty...) become flat attributes, the same type
for an attribute on every node, so GraphML, GEXF and Cytoscape readers get them back. Dated nodes (events,
claims, documents) and the edges that touch them carry ``start`` and ``end`` (ISO dates), so that Gephi can
play the graph over time. Attribute names follow the Neo4j mapping (:mod:`dyad.neo4j.mapping`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import networkx as nx
import pyoxigraph as ox
from dyad.exports.reading import DYAD, RDF_TYPE, SKIPPED_LINKS, date_span, iri, node_span
from dyad.neo4j.mapping import CONCEPT_BASE, local_name, neo4j_value, property_key
from dyad.store import ONTOLOGY_GRAPH, DyadStore

# Links that do not make two things neighbours in a picture: the loader run behind every
# claim, and the curated file that recorded a claim (its source document is what matters).
_LABELS = (
    "http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://purl.org/dc/terms/title",
)


QUAD_CLASS_COLOURS = {1: "#74c476", 2: "#238b45", 3: "#fd8d3c", 4: "#d7301f"}
QUAD_CLASS_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
UNCODED_EVENT_COLOUR = "#9e9ac8"
TYPE_COLOURS = {
    "Country": "#3182bd", "Dyad": "#6baed6", "Claim": "#fdd0a2", "Document": "#969696", "Agent": "#e7ba52",
    "Route": "#8c6d31", "Agreement": "#ad494a", "Place": "#9ecae1", "Resource": "#d9d9d9",
}


def _label(node: str, attributes: dict[str, object], labels: dict[str, str]) -> str:
    if node in labels:
        return labels[node]
    for key in ("iso3", "quote"):
        if key in attributes:
            text = str(attributes[key])
            return text if len(text) <= 60 else text[:57] + "..."
    return local_name(node)


def to_networkx(store: DyadStore, nodes: Iterable[str]) -> nx.MultiDiGraph:
    """The nodes with flat attributes (one plain type per attribute), and the edges among them.

    Every node has ``uri``, ``label`` and ``type`` (its Dyad class); events also ``colour`` (by
    QuadClass); dated nodes ``start`` and ``end``. Edges have ``predicate`` and ``label``.
    """
    wanted = set(nodes)
    graph = nx.MultiDiGraph()
    edges: list[tuple[str, str, str]] = []
    for node in sorted(wanted):
        values: dict[str, list[object]] = {}
        labels: dict[str, str] = {}
        types: set[str] = set()
        for quad in store.quads_for_pattern(ox.NamedNode(node), None, None, None):
            if iri(quad.graph_name) == str(ONTOLOGY_GRAPH):
                continue
            predicate, obj = quad.predicate.value, quad.object
            if predicate == RDF_TYPE and isinstance(obj, ox.NamedNode):
                if obj.value.startswith(DYAD):
                    types.add(local_name(obj.value))
            elif isinstance(obj, ox.Literal):
                if predicate in _LABELS and (node not in labels or obj.language in (None, "en")):
                    labels[node] = obj.value
                value = neo4j_value(obj)
                value = value if isinstance(value, (int, float, bool, str)) else str(value)
                values.setdefault(property_key(predicate), [])
                if value not in values[property_key(predicate)]:
                    values[property_key(predicate)].append(value)
            elif isinstance(obj, ox.NamedNode) and obj.value.startswith(CONCEPT_BASE):
                found = values.setdefault(property_key(predicate), [])
                if local_name(obj.value) not in found:
                    found.append(local_name(obj.value))
            elif isinstance(obj, ox.NamedNode) and obj.value in wanted and predicate not in SKIPPED_LINKS:
                edges.append((node, obj.value, predicate))
        attributes = _single_valued(values)
        attributes.pop("label", None)
        attributes.update(uri=node, type=_main_type(types), label=_label(node, attributes, labels))
        if attributes["type"] == "Event":
            quad_class = attributes.get("quadClass")
            attributes["colour"] = QUAD_CLASS_COLOURS.get(quad_class, UNCODED_EVENT_COLOUR) if isinstance(quad_class, int) else UNCODED_EVENT_COLOUR
            span = node_span(store, node)
            if span:
                attributes["start"], attributes["end"] = span
        else:
            attributes["colour"] = TYPE_COLOURS.get(str(attributes["type"]), TYPE_COLOURS["Resource"])
            published = attributes.get("issued") if attributes["type"] == "Document" else None
            if isinstance(published, str) and date_span(published):
                attributes["start"] = date_span(published)[0]  # type: ignore[index]
        graph.add_node(node, **attributes)
    for source, target, predicate in edges:
        name = local_name(predicate)
        graph.add_edge(source, target, key=name, predicate=name, label=name)
    _name_unlabelled(graph)
    _date_claims(graph)
    _date_edges(graph)
    _unify_attribute_types(graph)
    return graph


def _name_unlabelled(graph: nx.MultiDiGraph) -> None:
    """Labels people can read for what has no label of its own (a GDELT record, its claim, a document known by its hash).

    An event gets its CAMEO description (``cameoLabel``, added from the code when missing) and its date; a
    document its title, else its URL's host, else its kind; a claim what it says about which event.
    """
    from urllib.parse import urlsplit

    from dyad.vocabulary.cameo import cameo_label

    for node, data in graph.nodes(data=True):
        if data.get("type") == "Event" and isinstance(data.get("cameoCode"), str) and "cameoLabel" not in data:
            try:
                data["cameoLabel"] = cameo_label(str(data["cameoCode"]))
            except LookupError:
                pass
        unlabelled = data.get("label") in (None, "", local_name(node))
        if not unlabelled:
            continue
        if data.get("type") == "Event":
            what = data.get("cameoLabel") or data.get("eventType") or "event"
            data["label"] = f"{what} · {data['date']}" if data.get("date") else str(what)
        elif data.get("type") == "Document":
            host = urlsplit(str(data["url"])).hostname if data.get("url") else None
            data["label"] = str(data.get("title") or host or f"{data.get('documentKind', 'document')} {local_name(node)[:8]}")
    for node, data in graph.nodes(data=True):
        if data.get("type") == "Claim" and data.get("label") in (None, "", local_name(node)):
            events = [target for _, target, key in graph.out_edges(node, keys=True) if key == "asserts"]
            about = graph.nodes[events[0]]["label"] if events else "an event"
            data["label"] = f"{data.get('certainty', 'claim')}: {about}"


def _single_valued(values: dict[str, list[object]]) -> dict[str, object]:
    """One value per attribute: a second or third value (two actors' names) goes to ``name_2``, ``name_3``...

    GraphML, GEXF and Cytoscape declare one plain type per attribute, and a value that joins two
    (``"CHINA | NORTH KOREA"``) is one that no tool can filter on.
    """
    attributes: dict[str, object] = {}
    for key, found in values.items():
        for position, value in enumerate(sorted(found, key=str), start=1):
            attributes[key if position == 1 else f"{key}_{position}"] = value
    return attributes


def _main_type(types: set[str]) -> str:
    for preferred in ("Event", "Claim", "Document", "Agent", "Country", "Dyad", "Route", "Agreement", "Place", "LoaderRun"):
        if preferred in types:
            return preferred
    return sorted(types)[0] if types else "Resource"


def _date_claims(graph: nx.MultiDiGraph) -> None:
    """A claim lives from its event's start (or its document's publication) to its event's end."""
    for node, data in graph.nodes(data=True):
        if data.get("type") != "Claim":
            continue
        for _, target, key in graph.out_edges(node, keys=True):
            if key == "asserts" and "start" in graph.nodes[target]:
                data["start"], data["end"] = graph.nodes[target]["start"], graph.nodes[target]["end"]
        if "start" not in data:
            for _, target, key in graph.out_edges(node, keys=True):
                if key == "wasDerivedFrom" and "start" in graph.nodes[target]:
                    data["start"] = graph.nodes[target]["start"]


def _date_edges(graph: nx.MultiDiGraph) -> None:
    """An edge exists while both its ends do (the later start, the earlier end)."""
    for source, target, data in graph.edges(data=True):
        starts = [graph.nodes[n]["start"] for n in (source, target) if "start" in graph.nodes[n]]
        ends = [graph.nodes[n]["end"] for n in (source, target) if "end" in graph.nodes[n]]
        if starts:
            data["start"] = max(starts)
        if ends:
            data["end"] = max(min(ends), data.get("start", ""))


def _unify_attribute_types(graph: nx.MultiDiGraph) -> None:
    """One type per attribute name across all nodes (GraphML and GEXF declare a type per key)."""
    kinds: dict[str, set[type]] = {}
    for _, data in graph.nodes(data=True):
        for key, value in data.items():
            kinds.setdefault(key, set()).add(type(value))
    for key, found in kinds.items():
        if len(found) <= 1:
            continue
        target: Callable[[object], object] = float if found <= {int, float} else str
        for _, data in graph.nodes(data=True):
            if key in data:
                data[key] = target(data[key])
