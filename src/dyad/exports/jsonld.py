"""JSON-LD: the RDF of the subgraph's nodes, from the store.
"""

from __future__ import annotations

import networkx as nx
import pyoxigraph as ox
from dyad.exports.reading import RDF_TYPE, SKIPPED_LINKS, iri
from dyad.neo4j.mapping import CONCEPT_BASE
from dyad.store import ONTOLOGY_GRAPH, DyadStore


def jsonld_text(store: DyadStore, graph: nx.MultiDiGraph) -> str:
    """The RDF statements about the subgraph's nodes (from the document graphs), as JSON-LD."""
    from dyad.store import from_ox
    from dyad.vocabulary.namespaces import PREFIXES, bind_prefixes
    from rdflib import Graph

    wanted = set(graph.nodes)
    rdf = Graph()
    bind_prefixes(rdf)
    for node in sorted(wanted):
        for quad in store.quads_for_pattern(ox.NamedNode(node), None, None, None):
            if iri(quad.graph_name) == str(ONTOLOGY_GRAPH) or quad.predicate.value in SKIPPED_LINKS:
                continue
            target = iri(quad.object)
            if target is None or quad.predicate.value == RDF_TYPE or target.startswith(CONCEPT_BASE) or target in wanted:
                rdf.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))  # type: ignore[arg-type]
    context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    return rdf.serialize(format="json-ld", context=context, indent=1)
