"""The store as the gate sees it, and the data pySHACL gets from it.

A :class:`StoreView` is the store with the staged documents in and the versions they replace out
(and, for a user's shapes alone, without Dyad's reference graphs). Shapes Dyad does not translate
get all of it (:meth:`StoreView.union_graph`): a smaller slice is not provably enough for every
shape (inverse steps, long paths, nested shapes, literal and blank focus nodes...).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from dyad.store import REFERENCE_GRAPHS, Store, from_ox, to_ox

_OX_TYPE = ox.NamedNode(str(RDF.type))
_OX_SUBCLASS = ox.NamedNode(str(RDFS.subClassOf))
_AROUND_GRAPH = ox.NamedNode("urn:dyad:around")
_AROUND_BATCH = 4000  # nodes per VALUES block


class StoreView:
    """The store as it would be with the staged documents in and the versions they replace out."""

    def __init__(self, store: Store, hidden: Iterable[URIRef] = ()) -> None:
        self.store = store
        self.hidden = {str(name) for name in hidden}
        self._types: dict[Node, set[Node]] = {}
        self._dataset_options: dict | None = None

    def _dataset(self) -> dict:
        # A query's default graph is read as a set of triples (the translated constraints count DISTINCT values;
        # the store repeats a triple two graphs hold, listed or not): hiding graphs changes it only by the triples that no
        # visible graph also holds. When there are none (a document re-read with nothing dropped, the usual
        # case for a reload), the union of all graphs *is* the view, and the store answers far faster over it
        # than over a list of every other graph, which it reads one by one (a reload into a store of 176
        # articles took 120 s that way). Worked out once per view: the store does not change under it.
        if self._dataset_options is None:
            if not self.hidden or not self._hidden_graphs_hold_triples_of_their_own():
                self._dataset_options = {"union_default_graph": True}
            else:
                visible = [g.value for g in self.store.named_graphs() if g.value not in self.hidden]
                self._dataset_options = {"default_graphs": visible}
        return self._dataset_options

    @property
    def read_graph_by_graph(self) -> bool:
        """True when the view can only be read through the list of the graphs it keeps (slow with many graphs)."""
        return "default_graphs" in self._dataset()

    def _hidden_graphs_hold_triples_of_their_own(self) -> bool:
        # Graph names written by the term serialiser (an IRI cannot break out of its brackets).
        names = [str(ox.NamedNode(name)) for name in sorted(self.hidden)]
        query = (
            f"ASK {{ VALUES ?hidden {{ {' '.join(names)} }} GRAPH ?hidden {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other NOT IN ({', '.join(names)})) }} }}"
        )
        return bool(self.store.query(query, union_default_graph=False))

    def select(self, sparql: str) -> Iterator[dict[str, Node | None]]:
        solutions = self.store.query(sparql, **self._dataset())
        names = [v.value for v in solutions.variables]
        for solution in solutions:
            yield {name: from_ox(solution[name]) for name in names}

    def around(self, nodes: Sequence[Node], *, backwards: bool) -> StoreView | None:
        """What a translated core constraint can read about ``nodes``, copied into a small in-memory view.

        Such a constraint follows one step from its focus node (two for ``sh:class``: the value's
        types), so for focus nodes among ``nodes`` it gives the same rows on this copy as on the
        whole view: every triple from a node (and, with ``backwards``, to it), the types of the
        nodes one step away, and every ``rdfs:subClassOf`` triple. Read through this view's own
        dataset, so hidden versions stay hidden. None when a blank node is in the way (a query
        cannot name one) or the store is not embedded (a server may keep a literal as written,
        which a copy would rewrite).
        """
        from dyad.store import DyadStore

        if not isinstance(self.store, DyadStore) or any(isinstance(n, BNode) for n in nodes):
            return None
        triples: set[tuple] = set()
        neighbours: set = set()
        for chunk in chunks(list(nodes), _AROUND_BATCH):
            for row in self.store.query(f"SELECT ?s ?p ?o WHERE {{ {values_clause('s', chunk)} ?s ?p ?o }}", **self._dataset()):
                triples.add((row["s"], row["p"], row["o"]))
                neighbours.add(row["o"])
            if backwards:
                for row in self.store.query(f"SELECT ?s ?p ?o WHERE {{ {values_clause('o', chunk)} ?s ?p ?o }}", **self._dataset()):
                    triples.add((row["s"], row["p"], row["o"]))
                    neighbours.add(row["s"])
        neighbours = {n for n in neighbours if not isinstance(n, ox.Literal)}
        if any(isinstance(n, ox.BlankNode) for n in neighbours):
            return None
        for chunk in chunks(sorted(neighbours, key=str), _AROUND_BATCH):
            named = " ".join(str(n) for n in chunk)  # pyoxigraph terms, written by its serialiser
            for row in self.store.query(f"SELECT ?s ?o WHERE {{ VALUES ?s {{ {named} }} ?s {_OX_TYPE} ?o }}", **self._dataset()):
                triples.add((row["s"], _OX_TYPE, row["o"]))
        for row in self.store.query(f"SELECT ?s ?o WHERE {{ ?s {_OX_SUBCLASS} ?o }}", **self._dataset()):
            triples.add((row["s"], _OX_SUBCLASS, row["o"]))
        copy = DyadStore.scratch()
        copy.oxigraph.extend(ox.Quad(s, p, o, _AROUND_GRAPH) for s, p, o in triples)
        return StoreView(copy)

    def union_graph(self, *, without: Iterable[str] = ()) -> Graph:
        """Everything in view (but the graphs named in ``without``), as one rdflib graph (a copy)."""
        graph = Graph()
        skipped = self.hidden | set(without)
        for quad in self.store.quads_for_pattern(None, None, None, None):
            if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value in skipped:
                continue
            graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))  # type: ignore[arg-type]
        return graph

    def triples_from(self, node: Node) -> set[tuple[Node, Node, Node]]:
        triples = set()
        for quad in self.store.quads_for_pattern(to_ox(node), None, None, None):
            if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value in self.hidden:
                continue
            triples.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
        return triples  # type: ignore[return-value]

    def types_of(self, node: Node) -> set[tuple[Node, Node, Node]]:
        triples = set()
        for quad in self.store.quads_for_pattern(to_ox(node), _OX_TYPE, None, None):
            if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value in self.hidden:
                continue
            triples.add((node, RDF.type, from_ox(quad.object)))
        return triples  # type: ignore[return-value]

    def graph_of(self, node: Node) -> str | None:
        """The first document graph holding a triple about ``node`` (reference graphs last)."""
        found = None
        for quad in self.store.quads_for_pattern(to_ox(node), None, None, None):
            name = quad.graph_name
            if isinstance(name, ox.NamedNode) and name.value not in self.hidden:
                if URIRef(name.value) not in REFERENCE_GRAPHS:
                    return name.value
                found = found or name.value
        return found


def values_clause(variable: str, nodes: Iterable[Node]) -> str:
    return f"VALUES ?{variable} {{ " + " ".join(str(to_ox(n)) for n in nodes) + " }"


def with_values(sparql: str, variable: str, nodes: Sequence[Node]) -> str:
    """``sparql`` with ``VALUES ?variable {...}`` at the start of each of its WHERE clauses.

    Sub-selects get it too, so that an aggregate over the focus node (which SHACL requires a
    sub-select to project) is computed for the given nodes only, not for the whole store.
    """
    values = " " + values_clause(variable, nodes) + " "
    wheres = list(re.finditer(r"\bWHERE\s*\{", sparql, flags=re.IGNORECASE))
    selects = [m.end() for m in re.finditer(r"\bSELECT\b", sparql, flags=re.IGNORECASE)]
    text, count, last = "", 0, 0
    for index, where in enumerate(wheres):
        projection = sparql[max([s for s in selects if s < where.start()], default=0):where.start()]
        if index == 0 or f"?{variable}" in projection or f"${variable}" in projection:
            text += sparql[last:where.end()] + values  # the outer query, and sub-selects that project the variable
            last = where.end()
            count += 1
    text += sparql[last:]
    if count == 0:
        match = re.search(r"\{", sparql)
        if match is None:
            raise ValueError("the query has no WHERE clause")
        text = sparql[: match.end()] + values + sparql[match.end():]
    return text


def chunks(items: Sequence[Node], size: int) -> Iterator[Sequence[Node]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


__all__ = ["StoreView", "values_clause", "with_values", "chunks"]
