"""Subgraphs of the store, written for Gephi, Cytoscape, networkx, Graphviz and a browser.

A subgraph is chosen by a dyad (its events and what surrounds them), by a centre node and a
number of hops, by a source document, or by a time window alone; a window also narrows the
other choices. The nodes are the IRIs of the store; their literal properties and controlled
values (event type, certainty...) become flat attributes of plain types, the same type for
an attribute on every node, so GraphML, GEXF and Cytoscape readers get them back; the object
properties among the chosen nodes become edges. Dated nodes (events, claims, documents) and
the edges that touch them carry ``start`` and ``end`` (ISO dates), so that Gephi can play the
graph over time.

Formats: ``graphml``, ``gexf`` (dynamic, with colours), ``cyjs`` (Cytoscape.js / Cytoscape
desktop JSON), ``jsonld`` (the RDF of the subgraph), ``dot`` (Graphviz) and ``html`` (one
self-contained page that works offline: an SVG drawing with a time slider, events coloured
by QuadClass, claims linked to their sources). Every file is written to a temporary file and
renamed over the target, so a failure never leaves half a file.

``dyad.export`` is this module and, called, :func:`export`::

    dyad.export("prk-chn.gexf", dyad=("PRK", "CHN"), store=".dyad/store")
"""

from __future__ import annotations

import calendar
import datetime as dt
import html as html_escape
import json
import logging
import math
import os
import sys
import tempfile
import types
from collections.abc import Callable, Iterable
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from dyad.countries import country
from dyad.errors import DyadError
from dyad.iris import country_iri, dyad_iri
from dyad.store import ONTOLOGY_GRAPH, DyadStore
from dyad.sync import CONCEPT_BASE, local_name, neo4j_value, property_key

log = logging.getLogger(__name__)

FORMATS = ("graphml", "gexf", "cyjs", "jsonld", "dot", "html")
SUFFIXES = {
    ".graphml": "graphml", ".gexf": "gexf", ".cyjs": "cyjs", ".json": "cyjs", ".jsonld": "jsonld",
    ".dot": "dot", ".gv": "dot", ".html": "html", ".htm": "html",
}

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_DYAD = "https://w3id.org/dyad/ontology#"
_PROV = "http://www.w3.org/ns/prov#"
# Links that do not make two things neighbours in a picture: the loader run behind every
# claim, and the curated file that recorded a claim (its source document is what matters).
_SKIPPED_LINKS = {_PROV + "wasGeneratedBy", "http://purl.org/dc/terms/source"}
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


# ---------------------------------------------------------------------- choosing the nodes


def _iri(term: object) -> str | None:
    return term.value if isinstance(term, ox.NamedNode) else None


def _neighbours(store: DyadStore, node: str) -> set[str]:
    """IRIs linked to ``node`` in either direction (types, controlled values and loader runs aside)."""
    found: set[str] = set()
    term = ox.NamedNode(node)
    for quad in store.oxigraph.quads_for_pattern(term, None, None, None):
        target = _iri(quad.object)
        if target and quad.predicate.value != RDF_TYPE and quad.predicate.value not in _SKIPPED_LINKS and not target.startswith(CONCEPT_BASE):
            found.add(target)
    for quad in store.oxigraph.quads_for_pattern(None, None, term, None):
        source = _iri(quad.subject)
        if source and quad.predicate.value not in _SKIPPED_LINKS and _iri(quad.graph_name) != str(ONTOLOGY_GRAPH):
            found.add(source)
    return found


def _objects(store: DyadStore, node: str, predicate: str) -> set[str]:
    return {
        value for quad in store.oxigraph.quads_for_pattern(ox.NamedNode(node), ox.NamedNode(predicate), None, None)
        if (value := _iri(quad.object))
    }


def _types(store: DyadStore, node: str) -> set[str]:
    return {local_name(t) for t in _objects(store, node, RDF_TYPE)}


def ego_nodes(store: DyadStore, centre: str, hops: int) -> set[str]:
    """The centre and every node within ``hops`` links of it (either direction)."""
    if not any(True for _ in store.oxigraph.quads_for_pattern(ox.NamedNode(centre), None, None, None)):
        raise DyadError(f"nothing in the store is about {centre!r}: give the IRI of a node (see `dyad query sparql`)")
    seen = {centre}
    frontier = {centre}
    for _ in range(hops):
        frontier = {n for node in frontier for n in _neighbours(store, node)} - seen
        seen |= frontier
    return seen


def _around_events(store: DyadStore, events: Iterable[str]) -> set[str]:
    """Events with their actors, dyad, what they are about, and their claims with source document and agent."""
    nodes: set[str] = set()
    for event in events:
        nodes.add(event)
        for neighbour in _neighbours(store, event):
            nodes.add(neighbour)
            kinds = _types(store, neighbour)
            if "Claim" in kinds:
                nodes |= _objects(store, neighbour, _PROV + "wasDerivedFrom") | _objects(store, neighbour, _PROV + "wasAttributedTo")
            elif "Route" in kinds:
                nodes |= _objects(store, neighbour, _DYAD + "connects")
    return nodes


def dyad_nodes(store: DyadStore, country_a: str, country_b: str, *, since: str | None = None, until: str | None = None) -> set[str]:
    """The dyad, its two countries, its events, and the claims, documents, agents and routes around them."""
    from dyad.query_library import run_named_sparql

    a, b = country(country_a).iso3, country(country_b).iso3
    params = {"countryA": a, "countryB": b, **({"since": since} if since else {}), **({"until": until} if until else {})}
    _, rows = run_named_sparql(store, "events-of-dyad", params)
    nodes = _around_events(store, {str(row["event"]) for row in rows})
    return nodes | {str(country_iri(a)), str(country_iri(b)), str(dyad_iri(a, b))}


def window_nodes(store: DyadStore, *, since: str | None = None, until: str | None = None) -> set[str]:
    """Every event dated in the window, with what surrounds it (as for a dyad)."""
    _, rows = store.select(
        "PREFIX dyad: <https://w3id.org/dyad/ontology#> SELECT DISTINCT ?event ?date WHERE { ?event a dyad:Event . "
        "OPTIONAL { ?event dyad:date ?d } OPTIONAL { ?event dyad:startDate ?s } OPTIONAL { ?event dyad:endDate ?e } "
        "BIND(COALESCE(?d, ?s) AS ?date) }"
    )
    events = set()
    for row in rows:
        span = _span(str(row["date"])) if row.get("date") is not None else None
        if span and _overlaps(span, since, until):
            events.add(str(row["event"]))
    return _around_events(store, events)


def source_nodes(store: DyadStore, document: str) -> set[str]:
    """What a source document says: everything its named graph describes (when it was loaded
    as one) and the claims read from it, with their events and what surrounds them."""
    from dyad.query_library import run_named_sparql

    documents = set()
    for row in run_named_sparql(store, "documents")[1]:
        keys = {str(row[key]) for key in ("document", "url", "title", "sha256") if row.get(key) is not None}
        if document in keys or Path(document).name in keys:
            documents.add(str(row["document"]))
    if store.has_graph(document):
        documents.add(document)
    if not documents:
        raise DyadError(f"no document {document!r} in the store (see `dyad documents`)")
    nodes: set[str] = set(documents)
    events: set[str] = set()
    for name in documents:
        for quad in store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(name)):
            subject = _iri(quad.subject)
            if subject:
                nodes.add(subject)
            target = _iri(quad.object)
            if target and quad.predicate.value != RDF_TYPE and quad.predicate.value not in _SKIPPED_LINKS and not target.startswith(CONCEPT_BASE):
                nodes.add(target)
        for quad in store.oxigraph.quads_for_pattern(None, ox.NamedNode(_PROV + "wasDerivedFrom"), ox.NamedNode(name), None):
            claim = _iri(quad.subject)
            if claim:
                events |= _objects(store, claim, _DYAD + "asserts")
    return (nodes | _around_events(store, events)) - {str(ONTOLOGY_GRAPH)}


def select_nodes(
    store: DyadStore,
    *,
    dyad: tuple[str, str] | None = None,
    center: str | None = None,
    hops: int = 2,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> set[str]:
    """The nodes of a subgraph: by dyad, by centre and hops, by source document, or by a time window.

    When more than one of ``dyad``, ``center`` and ``source`` is given, the subgraph is what
    they have in common. A window (``since``/``until``, ISO dates) keeps only the events that
    overlap it (undated events are left out) and the claims about those events.
    """
    chosen: list[set[str]] = []
    anchors: set[str] = set()
    if dyad:
        a, b = dyad
        chosen.append(dyad_nodes(store, a, b, since=since, until=until))
        anchors |= {str(country_iri(country(a).iso3)), str(country_iri(country(b).iso3))}
    if center:
        chosen.append(ego_nodes(store, center, hops))
        anchors.add(center)
    if source:
        chosen.append(source_nodes(store, source))
    if not chosen:
        if not (since or until):
            raise DyadError("choose a subgraph: a dyad, a centre IRI, a source document, or a time window")
        return window_nodes(store, since=since, until=until)
    nodes = set.intersection(*chosen)
    if since or until:
        nodes = _within_window(store, nodes, anchors, since, until)
    return nodes


def _within_window(store: DyadStore, nodes: set[str], anchors: set[str], since: str | None, until: str | None) -> set[str]:
    """Drop events outside the window, the claims about them, and what only they connected."""
    dropped = set()
    for node in nodes:
        if "Event" in _types(store, node):
            span = _node_span(store, node)
            if span is None or not _overlaps(span, since, until):
                dropped.add(node)
    for node in nodes - dropped:
        if "Claim" in _types(store, node) and _objects(store, node, _DYAD + "asserts") & dropped:
            dropped.add(node)
    kept = nodes - dropped
    graph = to_networkx(store, kept)
    return {node for node in kept if node in anchors or graph.degree(node) > 0}


# ---------------------------------------------------------------------- time


def _span(text: str) -> tuple[str, str] | None:
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


def _overlaps(span: tuple[str, str], since: str | None, until: str | None) -> bool:
    return (since is None or span[1] >= since) and (until is None or span[0] <= until)


def _literal_text(store: DyadStore, node: str, predicate: str) -> str | None:
    for quad in store.oxigraph.quads_for_pattern(ox.NamedNode(node), ox.NamedNode(predicate), None, None):
        if isinstance(quad.object, ox.Literal):
            return quad.object.value
    return None


def _node_span(store: DyadStore, node: str) -> tuple[str, str] | None:
    """When an event happened (its date, or its start to its end), as first and last day."""
    date = _literal_text(store, node, _DYAD + "date")
    start = date or _literal_text(store, node, _DYAD + "startDate")
    if start is None:
        return None
    first = _span(start)
    end = None if date else _literal_text(store, node, _DYAD + "endDate")
    last = _span(end) if end else first
    if first is None or last is None:
        return None
    return first[0], last[1]


# ---------------------------------------------------------------------- the networkx graph


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
        for quad in store.oxigraph.quads_for_pattern(ox.NamedNode(node), None, None, None):
            if _iri(quad.graph_name) == str(ONTOLOGY_GRAPH):
                continue
            predicate, obj = quad.predicate.value, quad.object
            if predicate == RDF_TYPE and isinstance(obj, ox.NamedNode):
                if obj.value.startswith(_DYAD):
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
                values.setdefault(property_key(predicate), []).append(local_name(obj.value))
            elif isinstance(obj, ox.NamedNode) and obj.value in wanted and predicate not in _SKIPPED_LINKS:
                edges.append((node, obj.value, predicate))
        attributes: dict[str, object] = {
            key: found[0] if len(found) == 1 else " | ".join(str(v) for v in sorted(found, key=str))
            for key, found in values.items()
        }
        attributes.pop("label", None)
        attributes.update(uri=node, type=_main_type(types), label=_label(node, attributes, labels))
        if attributes["type"] == "Event":
            quad_class = attributes.get("quadClass")
            attributes["colour"] = QUAD_CLASS_COLOURS.get(quad_class, UNCODED_EVENT_COLOUR) if isinstance(quad_class, int) else UNCODED_EVENT_COLOUR
            span = _node_span(store, node)
            if span:
                attributes["start"], attributes["end"] = span
        else:
            attributes["colour"] = TYPE_COLOURS.get(str(attributes["type"]), TYPE_COLOURS["Resource"])
            published = attributes.get("issued") if attributes["type"] == "Document" else None
            if isinstance(published, str) and _span(published):
                attributes["start"] = _span(published)[0]  # type: ignore[index]
        graph.add_node(node, **attributes)
    for source, target, predicate in edges:
        name = local_name(predicate)
        graph.add_edge(source, target, key=name, predicate=name, label=name)
    _date_claims(graph)
    _date_edges(graph)
    _unify_attribute_types(graph)
    return graph


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


# ---------------------------------------------------------------------- writing


def write_atomically(path: Path, write: Callable[[str], None]) -> None:
    """Write to a temporary file beside ``path`` and rename it over ``path``: never a half file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    try:
        write(temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_text(text: str) -> Callable[[str], None]:
    def write(target: str) -> None:
        Path(target).write_text(text, encoding="utf-8")

    return write


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
        write_atomically(path, lambda target: nx.write_graphml(graph, target))
    elif format == "gexf":
        write_atomically(path, lambda target: nx.write_gexf(_with_viz(graph), target, version="1.2draft"))
    elif format == "cyjs":
        write_atomically(path, _write_text(json.dumps(cytoscape_json(graph, title=title), indent=1, ensure_ascii=False)))
    elif format == "jsonld":
        if store is None:
            raise DyadError("a JSON-LD export needs the store the graph came from")
        write_atomically(path, _write_text(jsonld_text(store, graph)))
    elif format == "dot":
        write_atomically(path, _write_text(dot_text(graph, title=title)))
    elif format == "html":
        write_atomically(path, _write_text(html_text(graph, title=title)))
    else:
        raise DyadError(f"unknown export format {format!r}; use one of {', '.join(FORMATS)}")


def _hex_rgb(colour: str) -> dict[str, int]:
    return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16), "a": 1}


def _with_viz(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with GEXF colours and sizes (Gephi shows them as they are)."""
    copy = graph.copy()
    copy.graph["mode"] = "dynamic"
    for _, data in copy.nodes(data=True):
        data["viz"] = {"color": _hex_rgb(str(data["colour"])), "size": 10.0 if data["type"] in ("Country", "Event") else 5.0}
    return copy


def cytoscape_json(graph: nx.MultiDiGraph, *, title: str = "Dyad subgraph") -> dict[str, object]:
    """The graph in the Cytoscape.js elements format (which Cytoscape desktop imports as .cyjs)."""
    nodes = [{"data": {"id": node, "name": data["label"], "value": node, **data}} for node, data in graph.nodes(data=True)]
    edges = [
        {"data": {"id": f"e{index}", "source": source, "target": target, "interaction": key, **data}}
        for index, (source, target, key, data) in enumerate(graph.edges(keys=True, data=True))
    ]
    return {
        "format_version": "1.0", "generated_by": "dyad", "target_cytoscapejs_version": "~3.0",
        "data": {"name": title, "shared_name": title},
        "elements": {"nodes": nodes, "edges": edges},
    }


def jsonld_text(store: DyadStore, graph: nx.MultiDiGraph) -> str:
    """The RDF statements about the subgraph's nodes (from the document graphs), as JSON-LD."""
    from rdflib import Graph

    from dyad.namespaces import PREFIXES, bind_prefixes
    from dyad.store import from_ox

    wanted = set(graph.nodes)
    rdf = Graph()
    bind_prefixes(rdf)
    for node in sorted(wanted):
        for quad in store.oxigraph.quads_for_pattern(ox.NamedNode(node), None, None, None):
            if _iri(quad.graph_name) == str(ONTOLOGY_GRAPH) or quad.predicate.value in _SKIPPED_LINKS:
                continue
            target = _iri(quad.object)
            if target is None or quad.predicate.value == RDF_TYPE or target.startswith(CONCEPT_BASE) or target in wanted:
                rdf.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))  # type: ignore[arg-type]
    context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    return rdf.serialize(format="json-ld", context=context, indent=1)


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


# ---------------------------------------------------------------------- the HTML view


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
        _HTML_TEMPLATE.replace("__TITLE__", html_escape.escape(title))
        .replace("__DATA__", data)
        .replace("__SCRIPT__", _VIEW_SCRIPT)
    )


_HTML_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="dyad">
<title>__TITLE__</title>
<style>
  html, body { margin: 0; height: 100%; font: 13px/1.4 system-ui, "DejaVu Sans", sans-serif; color: #222; }
  body { display: flex; flex-direction: column; }
  header { padding: 6px 12px; border-bottom: 1px solid #ddd; display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
  header h1 { font-size: 15px; margin: 0; }
  main { flex: 1; display: flex; min-height: 0; }
  #graph { flex: 1; background: #fcfcfc; cursor: grab; }
  #panel { width: 300px; border-left: 1px solid #ddd; padding: 8px 12px; overflow: auto; }
  #panel table { border-collapse: collapse; width: 100%; }
  #panel td { border-bottom: 1px solid #eee; padding: 2px 4px; vertical-align: top; word-break: break-word; }
  #panel td:first-child { color: #666; white-space: nowrap; }
  .legend { display: flex; gap: 10px; flex-wrap: wrap; font-size: 11px; }
  .legend span::before { content: ""; display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 4px; background: var(--c); }
  .node text { font-size: 9px; fill: #333; pointer-events: none; }
  .node circle { stroke: #fff; stroke-width: 1.5; cursor: pointer; }
  .node.selected circle { stroke: #000; stroke-width: 3; }
  .edge { stroke: #bbb; stroke-width: 1; }
  .edge.source-link { stroke: #7f7f7f; stroke-dasharray: 4 2; }
  .hidden { display: none; }
</style>
</head>
<body>
<header>
  <h1>__TITLE__</h1>
  <label>up to <input id="slider" type="range" min="0" max="0" value="0"> <output id="when"></output></label>
  <label><input id="undated" type="checkbox" checked> undated events</label>
  <span id="counts"></span>
  <div class="legend" id="legend"></div>
</header>
<main>
  <svg id="graph" viewBox="0 0 1000 1000" preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">
    <g id="edges"></g><g id="nodes"></g>
  </svg>
  <aside id="panel"><p>Click a node to see its attributes; a claim shows the documents it was read from.</p></aside>
</main>
<script type="application/json" id="dyad-data">__DATA__</script>
<script>
__SCRIPT__
</script>
</body>
</html>
"""

# The renderer: plain DOM and SVG, no library, so the page works offline and from a file.
_VIEW_SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dyad-data").textContent);
  var NS = "http://www.w3.org/2000/svg";
  var svg = document.getElementById("graph"), nodeLayer = document.getElementById("nodes"), edgeLayer = document.getElementById("edges");
  var panel = document.getElementById("panel"), slider = document.getElementById("slider"), when = document.getElementById("when");
  var undated = document.getElementById("undated"), counts = document.getElementById("counts");
  var byId = {}, nodeEls = {}, edgeEls = [];
  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) { e.setAttribute(k, attrs[k]); }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function text(s) { return document.createTextNode(s == null ? "" : String(s)); }
  data.legend.forEach(function (item) {
    var span = document.createElement("span");
    span.style.setProperty("--c", item.colour);
    span.appendChild(text(item.label));
    document.getElementById("legend").appendChild(span);
  });
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  data.edges.forEach(function (e) {
    var a = byId[e.source], b = byId[e.target];
    var line = el("line", {x1: a.x, y1: a.y, x2: b.x, y2: b.y, "class": "edge" + (e.label === "wasDerivedFrom" ? " source-link" : "")}, edgeLayer);
    var title = el("title", {}, line); title.appendChild(text(e.label));
    edgeEls.push({edge: e, el: line});
  });
  data.nodes.forEach(function (n) {
    var g = el("g", {"class": "node", "data-id": n.id, "data-type": n.type, transform: "translate(" + n.x + "," + n.y + ")"}, nodeLayer);
    var r = n.type === "Country" ? 11 : n.type === "Event" ? 8 : 6;
    el("circle", {r: r, fill: n.colour}, g);
    var label = el("text", {x: r + 2, y: 3}, g);
    label.appendChild(text(n.label.length > 40 ? n.label.slice(0, 38) + "…" : n.label));
    var title = el("title", {}, g); title.appendChild(text(n.type + ": " + n.label));
    g.addEventListener("click", function (ev) { ev.stopPropagation(); select(n.id); });
    nodeEls[n.id] = g;
  });
  var dates = [];
  data.nodes.forEach(function (n) { if (n.start && dates.indexOf(n.start) < 0) { dates.push(n.start); } });
  dates.sort();
  slider.max = Math.max(dates.length - 1, 0);
  slider.value = slider.max;
  slider.disabled = dates.length === 0;
  function visible(n, limit) {
    if (!n.start) { return n.type !== "Event" && n.type !== "Claim" ? true : undated.checked; }
    return limit == null || n.start <= limit;
  }
  function apply() {
    var limit = dates.length ? dates[+slider.value] : null;
    when.value = limit || "no dates";
    var shown = 0;
    data.nodes.forEach(function (n) {
      var on = visible(n, limit);
      nodeEls[n.id].setAttribute("class", "node" + (on ? "" : " hidden") + (n.id === selected ? " selected" : ""));
      if (on) { shown += 1; }
    });
    edgeEls.forEach(function (item) {
      var on = visible(byId[item.edge.source], limit) && visible(byId[item.edge.target], limit);
      item.el.setAttribute("class", item.el.getAttribute("class").replace(/ hidden/g, "") + (on ? "" : " hidden"));
    });
    counts.textContent = shown + " of " + data.nodes.length + " nodes";
  }
  var selected = null;
  function row(table, key, value) {
    var tr = document.createElement("tr"), k = document.createElement("td"), v = document.createElement("td");
    k.appendChild(text(key));
    if (value instanceof Node) { v.appendChild(value); } else { v.appendChild(text(value)); }
    tr.appendChild(k); tr.appendChild(v); table.appendChild(tr);
  }
  function nodeLink(id) {
    var a = document.createElement("a");
    a.href = "#"; a.appendChild(text(byId[id].label));
    a.addEventListener("click", function (ev) { ev.preventDefault(); select(id); });
    return a;
  }
  function select(id) {
    selected = id;
    var n = byId[id];
    panel.textContent = "";
    var h = document.createElement("h3"); h.appendChild(text(n.label)); panel.appendChild(h);
    var table = document.createElement("table");
    row(table, "type", n.type);
    row(table, "IRI", n.id);
    Object.keys(n.attributes).sort().forEach(function (k) { if (k !== "type") { row(table, k, n.attributes[k]); } });
    if (n.attributes.url) {
      var a = document.createElement("a"); a.href = n.attributes.url; a.rel = "noopener"; a.appendChild(text(n.attributes.url));
      row(table, "open", a);
    }
    data.edges.forEach(function (e) {
      if (e.source === id) { row(table, e.label + " →", nodeLink(e.target)); }
      else if (e.target === id) { row(table, "← " + e.label, nodeLink(e.source)); }
    });
    panel.appendChild(table);
    apply();
  }
  svg.addEventListener("click", function () { selected = null; apply(); });
  slider.addEventListener("input", apply);
  undated.addEventListener("change", apply);
  var view = {x: 0, y: 0, w: 1000, h: 1000}, drag = null;
  function setView() { svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" ")); }
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var f = ev.deltaY > 0 ? 1.15 : 1 / 1.15, box = svg.getBoundingClientRect();
    var px = view.x + view.w * (ev.clientX - box.left) / box.width, py = view.y + view.h * (ev.clientY - box.top) / box.height;
    view.x = px - (px - view.x) * f; view.y = py - (py - view.y) * f; view.w *= f; view.h *= f; setView();
  }, {passive: false});
  svg.addEventListener("mousedown", function (ev) { drag = {x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y}; });
  window.addEventListener("mouseup", function () { drag = null; });
  window.addEventListener("mousemove", function (ev) {
    if (!drag) { return; }
    var box = svg.getBoundingClientRect(), s = Math.max(view.w / box.width, view.h / box.height);
    view.x = drag.vx - (ev.clientX - drag.x) * s; view.y = drag.vy - (ev.clientY - drag.y) * s; setView();
  });
  apply();
  document.body.setAttribute("data-drawn-nodes", String(nodeLayer.childNodes.length));
})();
"""


# ---------------------------------------------------------------------- the one call


def export(
    path: Path | str,
    *,
    store: DyadStore | Path | str | None = None,
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
    ``.dot``, ``.html``). ``store`` is a DyadStore, the path of one, or None for the default.
    """
    from dyad.store import default_store_path

    chosen_format = format_for(path, format)
    for name, value in (("since", since), ("until", until)):
        if value is not None:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise DyadError(f"{name}={value!r} is not a date (YYYY-MM-DD)") from None
    opened = store if isinstance(store, DyadStore) else DyadStore(store if store is not None else default_store_path(), read_only=True)
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


class _CallableModule(types.ModuleType):
    """Lets ``dyad.export(...)`` call :func:`export` although ``dyad.export`` is this module.

    Importing a submodule always sets it as an attribute of its package, so a function
    ``dyad.export`` would be replaced by the module the first time anything imports
    ``dyad.export``; a callable module keeps both spellings working.
    """

    def __call__(self, *args: object, **kwargs: object) -> nx.MultiDiGraph:
        return export(*args, **kwargs)  # type: ignore[arg-type]


sys.modules[__name__].__class__ = _CallableModule

__all__ = [
    "FORMATS", "export", "select_nodes", "dyad_nodes", "ego_nodes", "source_nodes", "window_nodes", "to_networkx",
    "export_graph", "cytoscape_json", "jsonld_text", "dot_text", "html_text", "layout", "write_atomically", "format_for",
]
