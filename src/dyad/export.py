"""Subgraphs of the store as networkx graphs, written for visualisation tools.

A subgraph is chosen by a dyad (its events and what they link to), or by a centre node and
a number of hops; the nodes are the IRIs, their literal properties become flat attributes
(so GraphML and GEXF readers get them back), the object properties become edges.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from dyad.countries import country
from dyad.iris import country_iri, dyad_iri
from dyad.store import ONTOLOGY_GRAPH, DyadStore
from dyad.sync import CONCEPT_BASE, local_name, neo4j_value, property_key

FORMATS = ("graphml",)


def _neighbours(store: DyadStore, node: str) -> set[str]:
    found: set[str] = set()
    term = ox.NamedNode(node)
    for quad in store.oxigraph.quads_for_pattern(term, None, None, None):
        if isinstance(quad.object, ox.NamedNode) and not quad.object.value.startswith(CONCEPT_BASE) and quad.predicate.value != str(ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type").value):
            found.add(quad.object.value)
    for quad in store.oxigraph.quads_for_pattern(None, None, term, None):
        if isinstance(quad.subject, ox.NamedNode):
            found.add(quad.subject.value)
    return found


def ego_nodes(store: DyadStore, centre: str, hops: int) -> set[str]:
    """The centre and every node within ``hops`` links of it (either direction)."""
    seen = {centre}
    frontier = {centre}
    for _ in range(hops):
        frontier = {n for node in frontier for n in _neighbours(store, node)} - seen
        seen |= frontier
    return seen


def dyad_nodes(store: DyadStore, country_a: str, country_b: str, *, since: str | None = None, until: str | None = None) -> set[str]:
    """The dyad, its two countries, its events, and the claims, documents, agents and routes around them."""
    from dyad.query_library import run_named_sparql

    a, b = country(country_a).iso3, country(country_b).iso3
    params = {"countryA": a, "countryB": b, **({"since": since} if since else {}), **({"until": until} if until else {})}
    _, rows = run_named_sparql(store, "events-of-dyad", params)
    events = {str(row["event"]) for row in rows}
    nodes = set(events) | {str(country_iri(a)), str(country_iri(b)), str(dyad_iri(a, b))}
    for event in events:
        for neighbour in _neighbours(store, event):
            nodes.add(neighbour)
            if "/claim/" in neighbour:  # a claim brings its document and the agent it is attributed to
                nodes |= {n for n in _neighbours(store, neighbour) if "/claim/" not in n and "/event/" not in n}
    return nodes


def to_networkx(store: DyadStore, nodes: Iterable[str]) -> nx.MultiDiGraph:
    """The nodes with flat attributes, and the edges among them."""
    wanted = set(nodes)
    graph = nx.MultiDiGraph()
    for node in sorted(wanted):
        attributes: dict[str, object] = {"uri": node}
        types: list[str] = []
        for quad in store.oxigraph.quads_for_pattern(ox.NamedNode(node), None, None, None):
            if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value == str(ONTOLOGY_GRAPH):
                continue
            predicate = quad.predicate.value
            obj = quad.object
            if predicate.endswith("#type") and isinstance(obj, ox.NamedNode):
                types.append(local_name(obj.value))
            elif isinstance(obj, ox.Literal):
                value = neo4j_value(obj)
                attributes[property_key(predicate)] = value if isinstance(value, (int, float, bool, str)) else str(value)
            elif isinstance(obj, ox.NamedNode) and obj.value.startswith(CONCEPT_BASE):
                attributes[property_key(predicate)] = local_name(obj.value)
            elif isinstance(obj, ox.NamedNode) and obj.value in wanted:
                graph.add_edge(node, obj.value, key=local_name(predicate), label=local_name(predicate))
        attributes["type"] = ",".join(sorted(set(types))) or "Resource"
        attributes.setdefault("label", local_name(node))
        graph.add_node(node, **attributes)
    return graph


def write_atomically(path: Path, write) -> None:  # noqa: ANN001 - callable taking a file path
    """Write to a temporary file beside ``path`` and rename it over ``path``: never a half file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        write(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def export_graph(graph: nx.MultiDiGraph, path: Path, *, format: str) -> None:
    """Write a networkx graph in a visualisation format."""
    if format == "graphml":
        write_atomically(path, lambda target: nx.write_graphml(graph, target))
    else:
        raise ValueError(f"unknown export format {format!r}; use one of {', '.join(FORMATS)}")
