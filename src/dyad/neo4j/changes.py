"""What changed in the store since the last sync: content hashes per graph and the subjects each graph describes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from dyad.neo4j.mapping import MAPPING_VERSION, node_key
from dyad.store import ONTOLOGY_GRAPH, DyadStore

# One pass, in the store's own engine, over every named graph: a content hash and a size per graph.
# Blank node labels are left out of the hash (they are not content); a graph's order of
# statements in GROUP_CONCAT follows the store's index, which depends only on its content.
_GRAPH_HASHES = """
SELECT ?g (MD5(GROUP_CONCAT(?h; separator=" ")) AS ?hash) (COUNT(*) AS ?quads) WHERE {
  GRAPH ?g { ?s ?p ?o }
  BIND(MD5(CONCAT(IF(isBlank(?s), "_:", STR(?s)), " ", STR(?p), " ", IF(isBlank(?o), "_:", STR(?o)), " ",
                  IF(isLiteral(?o), CONCAT(STR(DATATYPE(?o)), "@", LANG(?o)), ""))) AS ?h)
}
GROUP BY ?g
"""


def store_graph_hashes(store: DyadStore) -> tuple[dict[str, str], dict[str, int]]:
    """Per named graph of the store (the ontology aside): the hash the sync compares, and its size in bytes.

    The hash covers the graph's content (its N-Triples as the store dumps them, in the store's
    index order, which depends only on the content), the mapping version and the ontology
    (which gives the superclass labels), so a change to either rewrites every graph.
    """
    digests: dict[str, str] = {}
    sizes: dict[str, int] = {}
    stamps = store.content_stamps()  # written with each graph: no need to read the graph again
    for name in map(str, store.graph_names(include_reference=True)):
        digests[name], sizes[name] = stamps[name] if name in stamps else store.dump_digest(name)
    ontology = digests.pop(str(ONTOLOGY_GRAPH), "")
    sizes.pop(str(ONTOLOGY_GRAPH), None)
    salt = f"dyad-neo4j-mapping/{MAPPING_VERSION}/{ontology}/"
    return {g: hashlib.sha256((salt + h).encode()).hexdigest() for g, h in digests.items()}, sizes


def graph_subjects(store: DyadStore, graph: str) -> set[str]:
    """The subjects (IRIs, ``_:`` blank nodes) of one named graph."""
    return {key for key, _ in graph_contributions(store, graph) if key}


def graph_contributions(store: DyadStore, graph: str) -> Iterator[tuple[str, list[tuple[str, object]]]]:
    """A graph's statements grouped by subject, subjects in order."""
    grouped: dict[str, list[tuple[str, object]]] = {}
    previous, statements = None, None
    for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
        subject = quad.subject
        if subject != previous:  # statements mostly come grouped by subject: look the group up only when it changes
            previous = subject
            key = node_key(subject)
            if key is None:
                continue
            statements = grouped.setdefault(key, [])
        statements.append((quad.predicate.value, quad.object))  # type: ignore[union-attr]
    for key in sorted(grouped):
        yield key, grouped[key]


@dataclass
class ChangeSet:
    """Which graphs a sync must write: new or changed in the store, gone from it, or the same in both."""

    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def touched(self) -> list[str]:
        return self.changed + self.removed


def detect_changes(wanted: dict[str, str], current: dict[str, str | None]) -> ChangeSet:
    """Compare the store's graph hashes (``wanted``) with the ledger's (``current``; None: a sync that did not finish).

    >>> detect_changes({"a": "1", "b": "2"}, {"a": "1", "b": None, "c": "3"})
    ChangeSet(changed=['b'], removed=['c'], unchanged=1)
    """
    return ChangeSet(
        changed=sorted(g for g, h in wanted.items() if current.get(g) != h),
        removed=sorted(g for g in current if g not in wanted),
        unchanged=sum(1 for g, h in wanted.items() if current.get(g) == h),
    )
