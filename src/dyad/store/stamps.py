"""Content stamps: a (hash, size) per named graph, written in the same update as the graph.

A sync reads the stamps to tell what changed without reading every graph again.
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox


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


def read_stamps(store: ox.Store) -> dict[str, tuple[str, int]]:
    """Every stamp in the store's state graph: graph name -> (content hash, size in bytes)."""
    stamps: dict[str, tuple[str, int]] = {}
    graph = ox.NamedNode(str(STATE_GRAPH))
    of, digest_p, size_p = ox.NamedNode(_STAMP_OF), ox.NamedNode(_STAMP_HASH), ox.NamedNode(_STAMP_SIZE)
    for quad in store.quads_for_pattern(None, of, None, graph):
        digest = next(store.quads_for_pattern(quad.subject, digest_p, None, graph), None)
        size = next(store.quads_for_pattern(quad.subject, size_p, None, graph), None)
        if digest is not None and size is not None:
            stamps[quad.object.value] = (digest.object.value, int(size.object.value))
    return stamps
