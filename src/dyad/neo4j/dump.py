"""Rebuild RDF from Neo4j: one named graph per source document, as the sync wrote it.

The sync keeps everything needed on the property graph (see ``docs/neo4j-mapping.md``):
each node's ``rdf`` property lists its literal, type and concept statements in N-Triples
form with the graphs supporting each, and each relationship carries its ``predicate``
(a prefixed name or the IRI) and its ``graphs`` (none when they are the node's). Reading those back gives the store's named graphs again, so that
``dyad neo4j dump`` is isomorphic to the store for what was synced.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from dyad.errors import SyncError
from dyad.neo4j.mapping import RESOURCE, expand_predicate, parse_ledger

log = logging.getLogger(__name__)

_PAGE = 5000


def _term(uri: str) -> str:
    return f"_:{uri[2:]}" if uri.startswith("_:") else f"<{uri}>"


def dump_nquads(driver, *, database: str | None = None, graphs: Iterable[str] | None = None) -> Iterator[str]:  # noqa: ANN001
    """N-Quads lines of the synced graph, read from Neo4j page by page (only ``graphs``, when given)."""
    wanted = set(graphs) if graphs is not None else None

    def keep(graph: str) -> bool:
        return wanted is None or graph in wanted

    with driver.session(database=database, default_access_mode="READ", notifications_min_severity="OFF") as session:
        last = ""
        while True:
            records = session.execute_read(lambda tx, after=last: list(tx.run(
                f"MATCH (n:{RESOURCE}) WHERE n.uri > $after AND (n.rdf IS NOT NULL OR (n)-->()) "
                "WITH n ORDER BY n.uri LIMIT $page "
                "RETURN n.uri AS uri, coalesce(n.rdf, []) AS rdf, coalesce(n.graphs, []) AS graphs, "
                "[(n)-[r]->(t) WHERE r.predicate IS NOT NULL | [r.predicate, t.uri, coalesce(r.graphs, n.graphs)]] AS rels",
                after=after, page=_PAGE,
            )))
            if not records:
                return
            for record in records:
                uri = str(record["uri"])
                subject = _term(uri)
                support = parse_ledger(uri, record["rdf"], record["graphs"])
                for statement, supporting in support.ledger.items():
                    predicate, obj = support.terms[statement]  # the entry has prefixed names: N-Quads needs the IRIs
                    for graph in sorted(supporting):
                        if keep(graph):
                            yield f"{subject} <{predicate}> {obj} <{graph}> .\n"
                for predicate, target, rel_graphs in record["rels"]:
                    iri = expand_predicate(str(predicate))
                    for graph in sorted(rel_graphs or []):
                        if keep(graph):
                            yield f"{subject} <{iri}> {_term(str(target))} <{graph}> .\n"
            last = str(records[-1]["uri"])


def dump_store(driver, *, database: str | None = None, graphs: Iterable[str] | None = None) -> ox.Store:  # noqa: ANN001
    """The synced graph as an in-memory pyoxigraph dataset (one named graph per source document)."""
    store = ox.Store()
    batch: list[str] = []
    try:
        for line in dump_nquads(driver, database=database, graphs=graphs):
            batch.append(line)
            if len(batch) >= 50_000:
                store.load("".join(batch).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
                batch.clear()
        if batch:
            store.load("".join(batch).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    except SyntaxError as error:
        raise SyncError(f"Neo4j holds statements Dyad cannot read back ({error}): was it written by `dyad sync`?") from error
    return store


def dump_trig(driver, output: Path | str | BinaryIO, *, database: str | None = None,  # noqa: ANN001
              graphs: Iterable[str] | None = None) -> int:
    """Write the synced graph as TriG (one named graph per source document); returns the number of quads."""
    from dyad.vocabulary.namespaces import PREFIXES

    store = dump_store(driver, database=database, graphs=graphs)
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    if isinstance(output, (str, Path)):
        with open(output, "wb") as handle:
            ox.serialize(store, handle, format=ox.RdfFormat.TRIG, prefixes=prefixes)
    else:
        ox.serialize(store, output, format=ox.RdfFormat.TRIG, prefixes=prefixes)
    count = len(store)
    log.info("dumped %d quads from Neo4j", count)
    return count


def dump_graphs(driver, *, database: str | None = None, graphs: Iterable[str] | None = None) -> dict[str, "object"]:  # noqa: ANN001
    """The synced graph as rdflib Graphs keyed by graph name (for comparisons with the store)."""
    from rdflib import Graph, URIRef

    from dyad.store import from_ox

    store = dump_store(driver, database=database, graphs=graphs)
    found: dict[str, Graph] = {}
    for quad in store:
        name = quad.graph_name.value  # type: ignore[union-attr]
        graph = found.setdefault(name, Graph(identifier=URIRef(name)))
        graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))  # type: ignore[arg-type]
    return found


__all__ = ["dump_nquads", "dump_store", "dump_trig", "dump_graphs"]
