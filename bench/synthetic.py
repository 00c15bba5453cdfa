"""Deterministic synthetic Dyad data for the sync benchmark and the large-sync tests.

Documents look like event-data exports: each is one named graph with a Document node and,
per event, an Event (actors, dyad, date, Goldstein score, QuadClass, CAMEO code, type and
status concepts, an English label) and the Claim that asserts it, derived from the document.
Dyad nodes are shared between documents, so some nodes are supported by many graphs.
About 31 triples per event plus 5 per document.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

ONTO = "https://w3id.org/dyad/ontology#"
BASE = "https://w3id.org/dyad/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"
COUNTRIES = ("PRK", "CHN", "KOR", "JPN", "USA", "RUS", "FRA", "DEU", "GBR", "IND", "BRA", "ZAF")
EVENT_TYPES = ("suspension", "resumption", "negotiation", "agreement", "visit", "trade", "sanction", "statement")
STATUSES = ("happened", "expected", "reported")
CERTAINTIES = ("confirmed", "reported", "expected", "speculative")
TRIPLES_PER_EVENT = 31
TRIPLES_PER_DOCUMENT = 5


def _lit(text: str, datatype: str | None = None, language: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    if language:
        return f'"{escaped}"@{language}'
    return f'"{escaped}"^^<{XSD}{datatype}>' if datatype else f'"{escaped}"'


def document_iri(index: int, *, prefix: str = "synthetic") -> str:
    return f"{BASE}document/{prefix}-{index:06d}"


def document_quads(index: int, events: int, *, prefix: str = "synthetic", variant: int = 0) -> Iterator[str]:
    """N-Quads lines of one synthetic document graph (``variant`` changes its content)."""
    rng = random.Random(f"{prefix}:{index}:{variant}")
    doc = document_iri(index, prefix=prefix)
    g = f"<{doc}>"

    def quad(s: str, p: str, o: str) -> str:
        return f"<{s}> <{p}> {o} {g} .\n"

    yield quad(doc, RDF_TYPE, f"<{ONTO}Document>")
    yield quad(doc, f"{ONTO}documentKind", _lit("event-export"))
    yield quad(doc, f"{DCT}title", _lit(f"Synthetic export {index} v{variant}"))
    yield quad(doc, f"{ONTO}url", _lit(f"https://example.org/export/{index}", "anyURI"))
    yield quad(doc, f"{ONTO}sha256", _lit(f"{index:064x}"))
    for e in range(events):
        a, b = rng.sample(COUNTRIES, 2)
        lo, hi = sorted((a, b))
        event = f"{BASE}event/{prefix}-{index:06d}-{e:04d}"
        claim = f"{BASE}claim/{prefix}-{index:06d}-{e:04d}"
        dyad = f"{BASE}dyad/{lo}-{hi}"
        year, month, day = rng.randint(1990, 2024), rng.randint(1, 12), rng.randint(1, 28)
        etype = rng.choice(EVENT_TYPES)
        yield quad(event, RDF_TYPE, f"<{ONTO}Event>")
        yield quad(event, f"{ONTO}actor", f"<{BASE}country/{a}>")
        yield quad(event, f"{ONTO}actor", f"<{BASE}country/{b}>")
        yield quad(event, f"{ONTO}initiator", f"<{BASE}country/{a}>")
        yield quad(event, f"{ONTO}recipient", f"<{BASE}country/{b}>")
        yield quad(event, f"{ONTO}concernsDyad", f"<{dyad}>")
        yield quad(event, f"{ONTO}date", _lit(f"{year:04d}-{month:02d}-{day:02d}", "date"))
        yield quad(event, f"{ONTO}goldstein", _lit(f"{rng.randint(-100, 100) / 10}", "decimal"))
        yield quad(event, f"{ONTO}quadClass", _lit(str(rng.randint(1, 4)), "integer"))
        yield quad(event, f"{ONTO}cameoCode", _lit(f"{rng.randint(10, 200):03d}"))
        yield quad(event, f"{ONTO}numMentions", _lit(str(rng.randint(1, 50)), "integer"))
        yield quad(event, f"{ONTO}avgTone", _lit(f"{rng.uniform(-10, 10):.3f}", "decimal"))
        yield quad(event, f"{ONTO}gdeltEventId", _lit(f"{index}{e:05d}"))
        yield quad(event, f"{ONTO}eventType", f"<https://w3id.org/dyad/ontology/event-type/{etype}>")
        yield quad(event, f"{ONTO}eventStatus", f"<https://w3id.org/dyad/ontology/event-status/{rng.choice(STATUSES)}>")
        yield quad(event, RDFS_LABEL, _lit(f"{a} {etype} with {b} ({index}/{e})", language="en"))
        yield quad(claim, RDF_TYPE, f"<{ONTO}Claim>")
        yield quad(claim, f"{ONTO}asserts", f"<{event}>")
        yield quad(claim, f"{PROV}wasDerivedFrom", f"<{doc}>")
        yield quad(claim, f"{ONTO}certainty", f"<https://w3id.org/dyad/ontology/certainty/{rng.choice(CERTAINTIES)}>")
        yield quad(claim, f"{ONTO}quote", _lit(f"Record {e} of export {index}: {a} and {b}."))
        yield quad(claim, f"{ONTO}hedged", _lit(rng.choice(("true", "false")), "boolean"))
        yield quad(claim, f"{ONTO}startOffset", _lit(str(e * 100), "integer"))
        yield quad(claim, f"{ONTO}endOffset", _lit(str(e * 100 + 80), "integer"))
        yield quad(claim, f"{PROV}wasAttributedTo", f"<{BASE}agent/synthetic-wire>")
        yield quad(dyad, RDF_TYPE, f"<{ONTO}Dyad>")
        yield quad(dyad, f"{ONTO}member", f"<{BASE}country/{lo}>")
        yield quad(dyad, f"{ONTO}member", f"<{BASE}country/{hi}>")
        yield quad(dyad, RDFS_LABEL, _lit(f"{lo}–{hi}", language="en"))
        yield quad(event, f"{ONTO}numSources", _lit(str(rng.randint(1, 9)), "integer"))
        yield quad(event, f"{ONTO}numArticles", _lit(str(rng.randint(1, 90)), "integer"))


def synthetic_nquads(documents: int, events_per_document: int, *, prefix: str = "synthetic") -> str:
    """The N-Quads text of ``documents`` synthetic documents."""
    return "".join(line for index in range(documents) for line in document_quads(index, events_per_document, prefix=prefix))


def load_synthetic(store, documents: int, events_per_document: int, *, prefix: str = "synthetic") -> int:  # noqa: ANN001 - a DyadStore
    """Bulk-load synthetic documents into a Dyad store; returns the number of quads added."""
    import pyoxigraph as ox

    before = len(store.oxigraph)
    store.oxigraph.load(synthetic_nquads(documents, events_per_document, prefix=prefix).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    added = len(store.oxigraph) - before
    store.stamp()  # what `dyad load` does as it writes: a content hash per graph
    return added


def replace_document(store, index: int, events_per_document: int, *, prefix: str = "synthetic", variant: int = 1) -> None:  # noqa: ANN001
    """Replace one synthetic document's graph by another variant of it (an edited document)."""
    import pyoxigraph as ox

    name = ox.NamedNode(document_iri(index, prefix=prefix))
    store.oxigraph.remove_graph(name)
    text = "".join(document_quads(index, events_per_document, prefix=prefix, variant=variant))
    store.oxigraph.load(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    store.stamp([name.value])
