"""The RDF namespaces Dyad writes and reads.

The vocabulary lives under one namespace (``dyad:``); instances live under one base
(``https://w3id.org/dyad/id/``) so that their IRIs can be derived from content.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

DYAD = Namespace("https://w3id.org/dyad/ontology#")
ID = Namespace("https://w3id.org/dyad/id/")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")

# Concept schemes (SKOS) of the controlled lists, as IRIs under the vocabulary namespace.
EVENT_TYPE = Namespace("https://w3id.org/dyad/ontology/event-type/")
EVENT_STATUS = Namespace("https://w3id.org/dyad/ontology/event-status/")
TRANSPORT_MODE = Namespace("https://w3id.org/dyad/ontology/transport-mode/")
CERTAINTY = Namespace("https://w3id.org/dyad/ontology/certainty/")
AGREEMENT_STATUS = Namespace("https://w3id.org/dyad/ontology/agreement-status/")
AGENT_KIND = Namespace("https://w3id.org/dyad/ontology/agent-kind/")
QUAD_CLASS = Namespace("https://w3id.org/dyad/ontology/quad-class/")

PREFIXES: dict[str, Namespace] = {
    "dyad": DYAD,
    "id": ID,
    "etype": EVENT_TYPE,
    "estatus": EVENT_STATUS,
    "mode": TRANSPORT_MODE,
    "certainty": CERTAINTY,
    "astatus": AGREEMENT_STATUS,
    "akind": AGENT_KIND,
    "quad": QUAD_CLASS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "schema": SCHEMA,
    "wd": WD,
}

EVENT_TYPES = (
    "suspension", "resumption", "negotiation", "agreement", "visit", "trade", "sanction",
    "military", "statement", "border_reopening", "border_closure", "aid", "other",
)
EVENT_STATUSES = ("happened", "expected", "reported", "denied")
TRANSPORT_MODES = ("rail", "air", "road", "sea", "pipeline", "other")
CERTAINTIES = ("confirmed", "reported", "expected", "speculative", "denied")
AGREEMENT_STATUSES = ("signed", "negotiating", "proposed", "in_force", "terminated", "other")
AGENT_KINDS = ("media", "government", "official", "anonymous", "analyst", "organisation", "person", "other")


def bind_prefixes(graph) -> None:  # noqa: ANN001 - any rdflib Graph/Dataset
    """Bind Dyad's prefixes on an rdflib graph so serialisations read well."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)

__all__ = [
    "DYAD", "ID", "SCHEMA", "WD", "EVENT_TYPE", "EVENT_STATUS", "TRANSPORT_MODE", "CERTAINTY",
    "AGREEMENT_STATUS", "AGENT_KIND", "QUAD_CLASS", "PREFIXES", "EVENT_TYPES", "EVENT_STATUSES",
    "TRANSPORT_MODES", "CERTAINTIES", "AGREEMENT_STATUSES", "AGENT_KINDS", "bind_prefixes",
    "DCTERMS", "OWL", "PROV", "RDF", "RDFS", "SKOS", "XSD",
]
