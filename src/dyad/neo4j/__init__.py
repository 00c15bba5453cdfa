"""Stage 4, Neo4j: the store mirrored as a property graph for Cypher, and back.

- :mod:`~dyad.neo4j.mapping`: how RDF becomes labels, relationships and typed properties (and the ledger that
  lets the RDF be rebuilt);
- :mod:`~dyad.neo4j.changes`: what changed in the store since the last sync;
- :mod:`~dyad.neo4j.sync`: the incremental, idempotent sync;
- :mod:`~dyad.neo4j.dump`: RDF rebuilt from Neo4j (the round trip);
- :mod:`~dyad.neo4j.connection`: the official driver, imported lazily;
- :mod:`~dyad.neo4j.server`: a local Neo4j Community server fetched from Maven Central.

The sync reads only RDF from the store; it never parses documents.
"""

from dyad.neo4j.connection import check_server_version, connect
from dyad.neo4j.mapping import MAPPING_VERSION, describe, local_name, neo4j_value, node_label, property_key, relationship_type
from dyad.neo4j.sync import DEFAULT_BATCH_SIZE, Neo4jSync, OtherStoreError, SyncResult, sync_store

__all__ = [
    "check_server_version", "connect", "MAPPING_VERSION", "describe", "local_name", "neo4j_value", "node_label",
    "property_key", "relationship_type", "DEFAULT_BATCH_SIZE", "Neo4jSync", "OtherStoreError", "SyncResult", "sync_store",
]
