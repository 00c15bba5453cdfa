"""Choosing the nodes of a subgraph: a dyad's events and what surrounds them, an ego network, a source document, a time window.

A window also narrows the other choices. Dated nodes are those with a date or an interval.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from dyad.errors import DyadError
from dyad.exports.networkx_view import to_networkx
from dyad.exports.reading import DYAD, PROV, RDF_TYPE, SKIPPED_LINKS, date_span, iri, node_span, overlaps
from dyad.neo4j.mapping import CONCEPT_BASE, local_name
from dyad.store import ONTOLOGY_GRAPH, DyadStore
from dyad.vocabulary.countries import country
from dyad.vocabulary.iris import country_iri, dyad_iri


def _neighbours(store: DyadStore, node: str) -> set[str]:
    """IRIs linked to ``node`` in either direction (types, controlled values and loader runs aside)."""
    found: set[str] = set()
    term = ox.NamedNode(node)
    for quad in store.quads_for_pattern(term, None, None, None):
        target = iri(quad.object)
        if target and quad.predicate.value != RDF_TYPE and quad.predicate.value not in SKIPPED_LINKS and not target.startswith(CONCEPT_BASE):
            found.add(target)
    for quad in store.quads_for_pattern(None, None, term, None):
        source = iri(quad.subject)
        if source and quad.predicate.value not in SKIPPED_LINKS and iri(quad.graph_name) != str(ONTOLOGY_GRAPH):
            found.add(source)
    return found


def _objects(store: DyadStore, node: str, predicate: str) -> set[str]:
    return {
        value for quad in store.quads_for_pattern(ox.NamedNode(node), ox.NamedNode(predicate), None, None)
        if (value := iri(quad.object))
    }


def _types(store: DyadStore, node: str) -> set[str]:
    return {local_name(t) for t in _objects(store, node, RDF_TYPE)}


def resolve_centre(centre: str) -> str:
    """The IRI of a centre given as an IRI, a prefixed name (``id:agent/nhk``) or a country (``PRK``, ``China``)."""
    import re

    from dyad.vocabulary.namespaces import PREFIXES

    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", centre):
        return centre
    prefix, colon, rest = centre.partition(":")
    if colon and prefix in PREFIXES:
        return str(PREFIXES[prefix]) + rest
    try:
        return str(country_iri(country(centre).iso3))
    except DyadError:
        raise DyadError(f"{centre!r} is not a node: give an IRI (https://w3id.org/dyad/id/...), a prefixed name "
                        "(id:agent/nhk) or a country code (PRK)") from None


def ego_nodes(store: DyadStore, centre: str, hops: int) -> set[str]:
    """The centre and every node within ``hops`` links of it (either direction)."""
    centre = resolve_centre(centre)
    try:
        node = ox.NamedNode(centre)
    except ValueError as error:
        raise DyadError(f"{centre!r} is not an IRI: {error}") from None
    if not any(True for _ in store.quads_for_pattern(node, None, None, None)):
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
                nodes |= _objects(store, neighbour, PROV + "wasDerivedFrom") | _objects(store, neighbour, PROV + "wasAttributedTo")
            elif "Route" in kinds:
                nodes |= _objects(store, neighbour, DYAD + "connects")
    return nodes


def dyad_nodes(store: DyadStore, country_a: str, country_b: str, *, since: str | None = None, until: str | None = None) -> set[str]:
    """The dyad, its two countries, its events, and the claims, documents, agents and routes around them."""
    from dyad.queries.library import run_named_sparql

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
        span = date_span(str(row["date"])) if row.get("date") is not None else None
        if span and overlaps(span, since, until):
            events.add(str(row["event"]))
    return _around_events(store, events)


def source_nodes(store: DyadStore, document: str) -> set[str]:
    """What a source document says: everything its named graph describes (when it was loaded
    as one) and the claims read from it, with their events and what surrounds them."""
    from dyad.queries.library import run_named_sparql

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
        for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(name)):
            subject = iri(quad.subject)
            if subject:
                nodes.add(subject)
            target = iri(quad.object)
            if target and quad.predicate.value != RDF_TYPE and quad.predicate.value not in SKIPPED_LINKS and not target.startswith(CONCEPT_BASE):
                nodes.add(target)
        for quad in store.quads_for_pattern(None, ox.NamedNode(PROV + "wasDerivedFrom"), ox.NamedNode(name), None):
            claim = iri(quad.subject)
            if claim:
                events |= _objects(store, claim, DYAD + "asserts")
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
        anchors.add(resolve_centre(center))
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
            span = node_span(store, node)
            if span is None or not overlaps(span, since, until):
                dropped.add(node)
    for node in nodes - dropped:
        if "Claim" in _types(store, node) and _objects(store, node, DYAD + "asserts") & dropped:
            dropped.add(node)
    kept = nodes - dropped
    graph = to_networkx(store, kept)
    return {node for node in kept if node in anchors or graph.degree(node) > 0}


