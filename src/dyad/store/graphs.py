"""The reserved graphs of a Dyad store, and where its files live.

Dyad writes these graphs for itself; no user file may write them: the ontology (labels of classes
and concepts), the ISO 3166 countries, and the store's own state (content stamps).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from rdflib import URIRef



ONTOLOGY_GRAPH = URIRef("https://w3id.org/dyad/ontology")
COUNTRIES_GRAPH = URIRef("https://w3id.org/dyad/id/graph/countries")
REFERENCE_GRAPHS = (ONTOLOGY_GRAPH, COUNTRIES_GRAPH)
# The store's own bookkeeping: a content stamp (hash, size) per named graph, written with the graph,
# so a sync can tell what changed without reading every graph. Never a document graph.
STATE_GRAPH = URIRef("https://w3id.org/dyad/id/graph/store-state")


def default_store_path() -> Path | str:
    """``$DYAD_STORE`` (a folder, or the URL of a SPARQL server), else ``.dyad/store`` in the current directory."""
    configured = os.environ.get("DYAD_STORE")
    if configured and configured.lower().startswith(("http://", "https://")):
        return configured
    return Path(configured or Path(".dyad") / "store")


def ontology_file(name: str = "dyad.ttl") -> Path:
    """Path of a file shipped in the ``ontology`` folder (``dyad.ttl``, ``shapes.ttl``)."""
    return Path(str(resources.files("dyad.ontology").joinpath(name)))
