"""GraphML: node ids are ``n0``, ``n1``... (GraphML ids are XML name tokens, IRIs are not); the IRI is the ``uri`` attribute.
"""

from __future__ import annotations

import networkx as nx


def graphml_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy that GraphML can hold: nodes renamed ``n<i>``, edges keyed ``e<i>`` (the predicate stays an attribute)."""
    names = {node: f"n{index}" for index, node in enumerate(graph.nodes)}
    copy = nx.MultiDiGraph(**graph.graph)
    for node, data in graph.nodes(data=True):
        copy.add_node(names[node], **data)
    for index, (source, target, data) in enumerate(graph.edges(data=True)):
        copy.add_edge(names[source], names[target], key=f"e{index}", **data)
    return copy
