"""Stage 3, the store: where validated RDF lives, one named graph per source document.

The embedded store (:class:`DyadStore`, pyoxigraph on disk, no server) is the default; a SPARQL 1.1
server (:class:`dyad.store.remote.RemoteStore`) is the other implementation of :class:`Store`. Writes are
all-or-nothing; reference graphs (the ontology, the ISO 3166 countries) and the store's own
bookkeeping (content stamps per graph, read by the Neo4j sync) live in reserved graphs.
"""

from dyad.store.base import Store
from dyad.store.embedded import BulkReplace, DyadStore
from dyad.store.graphs import COUNTRIES_GRAPH, ONTOLOGY_GRAPH, REFERENCE_GRAPHS, STATE_GRAPH, default_store_path, ontology_file
from dyad.store.terms import bind_values, from_ox, to_ox

__all__ = [
    "COUNTRIES_GRAPH", "ONTOLOGY_GRAPH", "REFERENCE_GRAPHS", "STATE_GRAPH", "BulkReplace", "DyadStore", "Store",
    "bind_values", "default_store_path", "from_ox", "ontology_file", "to_ox",
]
