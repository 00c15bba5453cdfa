"""Content stamps: a (hash, size) per named graph, written in the same update as the graph.

A sync reads the stamps to tell what changed without reading every graph again.
"""

from __future__ import annotations

import hashlib

from dyad.store.graphs import STATE_GRAPH

_STAMP = "https://w3id.org/dyad/id/graph-state/"
_STAMP_OF = "https://w3id.org/dyad/ontology#stampOf"
_STAMP_HASH = "https://w3id.org/dyad/ontology#contentHash"
_STAMP_SIZE = "https://w3id.org/dyad/ontology#contentBytes"


def stamp_node(name: str) -> str:
    return f"<{_STAMP}{hashlib.sha256(name.encode('utf-8')).hexdigest()[:32]}>"


def stamp_delete(name: str) -> str:
    return f"DELETE WHERE {{ GRAPH <{STATE_GRAPH}> {{ {stamp_node(name)} ?p ?o }} }}"


def stamp_insert(name: str, digest: str, size: int) -> str:
    node = stamp_node(name)
    return (f"INSERT DATA {{ GRAPH <{STATE_GRAPH}> {{ {node} <{_STAMP_OF}> <{name}> ; "
            f"<{_STAMP_HASH}> \"{digest}\" ; <{_STAMP_SIZE}> {int(size)} . }} }}")


# Every stamp in the state graph: graph name, content hash, size in bytes.
STAMPS_QUERY = f"""
SELECT ?g ?hash ?bytes WHERE {{ GRAPH <{STATE_GRAPH}> {{ ?stamp <{_STAMP_OF}> ?g ; <{_STAMP_HASH}> ?hash ; <{_STAMP_SIZE}> ?bytes }} }}
"""


def read_stamp(store, name: str) -> tuple[str, int] | None:  # noqa: ANN001 - a pyoxigraph Store
    """The stamp of one graph (content hash, size in bytes), or None when it has none."""
    import pyoxigraph as ox

    node, graph = ox.NamedNode(stamp_node(name)[1:-1]), ox.NamedNode(str(STATE_GRAPH))
    digest = next(store.quads_for_pattern(node, ox.NamedNode(_STAMP_HASH), None, graph), None)
    size = next(store.quads_for_pattern(node, ox.NamedNode(_STAMP_SIZE), None, graph), None)
    if digest is None or size is None:
        return None
    return digest.object.value, int(size.object.value)
