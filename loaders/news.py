"""The news loader: one article (plain text or HTML) becomes one named graph.

:func:`extract_report` runs the offline extraction (:mod:`dyad.extraction`) and returns the
report of ``shared/extraction/report.schema.json``; :func:`report_to_graph` maps a report
into RDF with the ontology: the Document, its Claims (quote, offsets, certainty, hedge,
attributed Agent, the loader run), the Events they assert, and the Countries, Dyads,
Places, Routes and Agreements these refer to, each described in the graph so that it
validates on its own. Same file and metadata, same graph, byte for byte.

Dates: an event the article dates gets ``dyad:date``. An event it does not date is bounded
by the publication date, which is what the article does say about it: a past event
happened by then (``dyad:endDate``), an expected one comes after (``dyad:startDate``), with
an ``rdfs:comment`` saying so. When the publication date is unknown too, the event has no
time at all; the shapes require one, so it stays in the JSON report (``date: null``) but is
left out of the graph, and its claim asserts the route or agreement it is about (or is left
out); the SourceGraph's notes say how many.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from dyad.vocabulary.countries import country_triples
from dyad.extraction.dates import parse_published
from dyad.errors import LoaderError, SourceLocation
from dyad.extraction.report import extract_report as _extract_report
from dyad.extraction.attribution import KNOWN_MEDIA, classify
from dyad.extraction.gazetteer import fold
from dyad.vocabulary.cameo import event_type_scale
from dyad.vocabulary.iris import agent_iri, agreement_iri, claim_iri, country_iri, dyad_iri, event_iri, place_iri, route_iri
from dyad.loaders.base import SourceGraph, SourceMetadata
from dyad.loaders.common import bind_dyad_prefixes, document_triples, graph_of, loader_run_triples, require_regular_file, utf16_or_32
from dyad.vocabulary.namespaces import (
    AGENT_KIND,
    AGENT_KINDS,
    AGREEMENT_STATUS,
    CERTAINTY,
    DYAD,
    EVENT_STATUS,
    EVENT_TYPE,
    PROV,
    RDF,
    RDFS,
    TRANSPORT_MODE,
)

logger = logging.getLogger(__name__)


class _Terms:
    """A namespace whose terms are made once: rdflib builds a new URIRef on every attribute
    access, which was a fifth of the time spent writing an article's graph."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name) if not name.startswith("_") else None
        if term is None:
            raise AttributeError(name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        return getattr(self, name)  # made once, then found as an attribute


DYAD, PROV, RDF, RDFS, XSD = _Terms(DYAD), _Terms(PROV), _Terms(RDF), _Terms(RDFS), _Terms(XSD)  # type: ignore[assignment]
AGENT_KIND, AGREEMENT_STATUS, CERTAINTY = _Terms(AGENT_KIND), _Terms(AGREEMENT_STATUS), _Terms(CERTAINTY)  # type: ignore[assignment]
EVENT_STATUS, EVENT_TYPE, TRANSPORT_MODE = _Terms(EVENT_STATUS), _Terms(EVENT_TYPE), _Terms(TRANSPORT_MODE)  # type: ignore[assignment]

EVENT_LABELS = {
    "suspension": "suspension", "resumption": "resumption", "negotiation": "negotiation", "agreement": "agreement",
    "visit": "visit", "trade": "trade", "sanction": "sanction", "military": "military action",
    "statement": "statement", "border_reopening": "border reopening", "border_closure": "border closure",
    "aid": "aid", "other": "event",
}


def extract_report(path: Path, metadata: SourceMetadata | None = None) -> dict[str, Any]:
    """The extraction report (a JSON-ready dict) of one article; see :mod:`dyad.extraction`."""
    return _extract_report(Path(path), metadata)


_NO_DATE_EXPECTED = Literal("The article gives no date: expected after its publication date.", lang="en")
_NO_DATE_PAST = Literal("The article gives no date: it took place by its publication date.", lang="en")


@lru_cache(maxsize=None)
def _scale_literals(event_type: str) -> tuple[tuple[URIRef, Literal], ...]:
    scale = event_type_scale(event_type)
    if scale is None:
        return ()
    return ((DYAD.cameoRootCode, Literal(scale.root)),
            (DYAD.goldstein, Literal(str(scale.goldstein), datatype=XSD.decimal)),
            (DYAD.quadClass, Literal(scale.quad_class)))


# Literals that recur from article to article (labels, dates, offsets, flags) are made once each:
# rdflib's Literal() is Python code (a fifth of the mapping's time), and a literal never changes.
_TRUE, _FALSE, _CITY = Literal(True), Literal(False), Literal("city")


@lru_cache(maxsize=8192)
def _english(text: str) -> Literal:
    return Literal(text, lang="en")


@lru_cache(maxsize=8192)
def _plain(text: str) -> Literal:
    return Literal(text)


@lru_cache(maxsize=8192)
def _integer(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


@lru_cache(maxsize=8192)
def _date_literal(value: str) -> Literal:
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}[len(value)]
    return Literal(value, datatype=datatype)


def _agent_name(name: str) -> str:
    return name.replace("’", "'").replace("‘", "'")


def report_to_graph(report: dict[str, Any], *, origin: str = "") -> SourceGraph:
    """Map an extraction report into the article's named graph."""
    doc = report["document"]
    doc_node = URIRef(doc["iri"])
    doc_key = doc.get("url") or f"sha256:{doc['sha256']}"
    # The triples are made first, in the order they are written, and go into the graph at once (graph_of).
    triples: list[tuple[Node, Node, Node]] = []
    add = triples.append
    notes = list(report.get("notes") or [])
    published = doc.get("published")
    published_ok = parse_published(published) is not None
    published_day = str(published)[:10] if published_ok else None
    published_date = Literal(published_day, datatype=XSD.date) if published_day else None
    triples.extend(document_triples(doc_node, kind="news-article", sha256=doc["sha256"], url=doc.get("url"),
                                    title=doc.get("title"), publisher=doc.get("publisher"), published=published_day))
    countries: set[str] = set()

    def country(iso3: str) -> URIRef:
        if iso3 not in countries:
            triples.extend(country_triples(iso3))
            countries.add(iso3)
        return country_iri(iso3)

    pairs: set[URIRef] = set()

    def pair(a: str, b: str) -> URIRef:
        first, second = sorted((a, b))
        node = dyad_iri(first, second)
        if node in pairs:
            return node
        pairs.add(node)
        add((node, RDF.type, DYAD.Dyad))
        add((node, DYAD.member, country(first)))
        add((node, DYAD.member, country(second)))
        add((node, RDFS.label, _plain(f"{first}–{second}")))
        return node

    place_nodes: dict[tuple[str, str], URIRef] = {}
    for place in report["places"]:
        if not place.get("country"):
            continue
        name = place.get("canonical") or place["name"]
        node = place_iri(name, place["country"])
        add((node, RDF.type, DYAD.Place))
        add((node, RDFS.label, _english(name)))
        add((node, DYAD.inCountry, country(place["country"])))
        add((node, DYAD.placeKind, _CITY))
        place_nodes[(place["name"], place["country"])] = node

    route_nodes: dict[int, URIRef] = {}
    for index, route in enumerate(report["routes"]):
        if not route.get("to") or not route.get("to_country"):
            continue  # one end unnamed: no Route in RDF (the shapes need two places)
        a = place_iri(route["from_canonical"], route["from_country"])
        b = place_iri(route["to_canonical"], route["to_country"])
        node = route_iri(route["mode"], a, b)
        add((node, RDF.type, DYAD.Route))
        add((node, DYAD.transportMode, TRANSPORT_MODE[route["mode"]]))
        add((node, DYAD.connects, a))
        add((node, DYAD.connects, b))
        add((node, RDFS.label, _english(f"{route['from_canonical']}–{route['to_canonical']} ({route['mode']})")))
        route_nodes[index] = node

    agreement_nodes: dict[int, URIRef] = {}
    for index, agreement in enumerate(report["agreements"]):
        node = agreement_iri(agreement["name"], agreement["parties"])
        add((node, RDF.type, DYAD.Agreement))
        add((node, RDFS.label, _english(agreement["name"])))
        for party in agreement["parties"]:
            add((node, DYAD.party, country(party)))
        add((node, DYAD.agreementStatus, AGREEMENT_STATUS[agreement["status"]]))
        if agreement.get("date") and agreement["status"] in ("signed", "in_force", "terminated"):
            add((node, DYAD.signedOn, _date_literal(agreement["date"])))
        agreement_nodes[index] = node

    event_nodes: dict[int, URIRef] = {}
    about_nodes: dict[int, URIRef] = {}
    undated = 0
    for index, event in enumerate(report["events"]):
        about = event.get("about") or {}
        target = route_nodes.get(about.get("route", -1)) if "route" in about else agreement_nodes.get(about.get("agreement", -1))
        if target is not None:
            about_nodes[index] = target
        if not event.get("date") and not published_ok:
            undated += 1  # kept, undated: the shapes warn, and a trajectory leaves it out
        actors = sorted(set(event["actors"]))
        node = event_iri("news", doc_key, index, event["type"], *actors, event.get("date") or "", event["status"])
        add((node, RDF.type, DYAD.Event))
        add((node, DYAD.eventType, EVENT_TYPE[event["type"]]))
        add((node, DYAD.eventStatus, EVENT_STATUS[event["status"]]))
        for iso3 in actors:
            add((node, DYAD.actor, country(iso3)))
        if len(actors) == 2:
            add((node, DYAD.concernsDyad, pair(*actors)))
        if event.get("date"):
            add((node, DYAD.date, _date_literal(event["date"])))
        elif not published_ok:
            pass
        elif event["status"] == "expected":
            add((node, DYAD.startDate, published_date))
            add((node, RDFS.comment, _NO_DATE_EXPECTED))
        else:
            add((node, DYAD.endDate, published_date))
            add((node, RDFS.comment, _NO_DATE_PAST))
        if target is not None:
            add((node, DYAD.about, target))
        for predicate, value in _scale_literals(event["type"]):  # the Goldstein scale of GDELT (docs/cameo-mapping.md)
            add((node, predicate, value))
        label = f"{'–'.join(actors)} {EVENT_LABELS[event['type']]} ({event['status']})"
        add((node, RDFS.label, _english(label)))
        event_nodes[index] = node
    if undated:
        notes.append(f"{undated} event(s) have no date and the publication date is unknown: stored undated, "
                     "so they stay out of trajectories (give --published to bound them by the publication date)")

    sources = {s["name"]: s for s in report.get("sources") or []}
    run = None
    claims_written = 0
    agents: dict[str, URIRef] = {}
    for index, claim in enumerate(report["claims"]):
        asserted = [event_nodes[i] for i in claim.get("events", []) if i in event_nodes]
        if not asserted:
            asserted = sorted({about_nodes[i] for i in claim.get("events", []) if i in about_nodes})
        if not asserted:
            continue
        if run is None:
            run_triples = loader_run_triples("news")
            triples.extend(run_triples)
            run = run_triples[0][0]
        node = claim_iri("news", doc_key, claim["start"], claim["end"])
        add((node, RDF.type, DYAD.Claim))
        add((node, RDF.type, PROV.Entity))
        for target in asserted:
            add((node, DYAD.asserts, target))
        add((node, PROV.wasDerivedFrom, doc_node))
        add((node, PROV.wasGeneratedBy, run))
        add((node, DYAD.certainty, CERTAINTY[claim.get("certainty") or "confirmed"]))
        add((node, DYAD.hedged, _TRUE if claim["hedged"] else _FALSE))
        if claim.get("hedge_cue"):
            add((node, DYAD.hedgeCue, _plain(claim["hedge_cue"])))
        add((node, DYAD.quote, Literal(claim["text"])))
        add((node, DYAD.startOffset, _integer(claim["start"])))
        add((node, DYAD.endOffset, _integer(claim["end"])))
        if claim.get("attributed_to"):
            name = claim["attributed_to"]
            if name not in agents:
                agents[name] = _agent(add, name, sources, country)
            add((node, PROV.wasAttributedTo, agents[name]))
        claims_written += 1

    summary = {
        "events": len(event_nodes), "claims": claims_written, "places": len(place_nodes), "routes": len(route_nodes),
        "agreements": len(agreement_nodes), "sources": len(report.get("sources_cited") or []),
        "events_without_date": undated,
    }
    graph = graph_of(doc_node, triples)
    bind_dyad_prefixes(graph)
    return SourceGraph(name=doc_node, graph=graph, origin=origin, summary=summary, notes=notes)


_MEDIA_NAMES = re.compile(r"\b(?:" + "|".join(re.escape(m) for m in sorted(KNOWN_MEDIA, key=len, reverse=True)) + r")\b")
_MEDIA_LABELS = {"nhk": "NHK", "kcna": "KCNA", "upi": "UPI", "bbc": "BBC", "cnn": "CNN", "ndtv": "NDTV", "tass": "TASS",
                 "afp": "AFP", "irna": "IRNA", "cctv": "CCTV", "cgtn": "CGTN", "pti": "PTI", "ani": "ANI", "efe": "EFE",
                 "ansa": "ANSA", "dpa": "dpa", "ap": "AP", "ria": "RIA"}


def _agent(add: Callable[[tuple[Node, Node, Node]], None], name: str, sources: dict[str, dict[str, Any]],
           country: Callable[[str], URIRef]) -> URIRef:
    """The Agent a claim is credited to. "Japan's NHK broadcaster" becomes the outlet's own name, NHK,
    so that news and curated facts credit the same agent."""
    info = sources.get(name) or {}
    kind = info.get("kind") or classify(name) or "other"
    label = _agent_name(name)
    descriptive = any(w[:1].islower() for w in label.split()) or "'s" in label
    outlet = _MEDIA_NAMES.search(fold(name)) if kind == "media" and descriptive else None
    if outlet:
        label = _MEDIA_LABELS.get(outlet.group(), " ".join(w.capitalize() for w in outlet.group().split()))
    node = agent_iri(label)
    add((node, RDF.type, DYAD.Agent))
    add((node, RDF.type, PROV.Agent))
    add((node, RDFS.label, _english(label)))
    add((node, DYAD.agentKind, AGENT_KIND[kind if kind in AGENT_KINDS else "other"]))
    if info.get("country"):
        add((node, DYAD.affiliatedWith, country(info["country"])))
    return node


def extract_graph(path: Path, metadata: SourceMetadata | None = None) -> SourceGraph:
    """The named graph of one article (without storing it)."""
    report = extract_report(Path(path), metadata)
    return report_to_graph(report, origin=str(path))


# Structured data is never an article, even when the news loader is asked for by name.
_DATA_SUFFIXES = (".json", ".jsonld", ".yaml", ".yml", ".csv", ".tsv", ".ttl", ".trig", ".nt", ".nq", ".rdf", ".xml")


class NewsLoader:
    """Loads news articles (``.txt``, ``.html``, ``.htm``): one named graph per article."""

    name: ClassVar[str] = "news"
    suffixes: ClassVar[tuple[str, ...]] = (".txt", ".html", ".htm")

    def can_load(self, path: Path) -> bool:
        return Path(path).suffix.lower() in self.suffixes and not Path(path).name.endswith(".meta.json")

    def load(self, path: Path, metadata: SourceMetadata | None = None) -> Iterator[SourceGraph]:
        """Yield the article's SourceGraph; raises LoaderError (naming the file) on unreadable input."""
        if Path(path).suffix.lower() in _DATA_SUFFIXES:
            raise LoaderError(f"a {Path(path).suffix} file is data, not a news article (.txt, .html or .htm)",
                              SourceLocation(str(path)))
        _refuse_non_utf8_text(Path(path))
        source = extract_graph(Path(path), metadata)
        logger.debug("news: %s -> %s", path, source.summary)
        yield source


def _refuse_non_utf8_text(path: Path) -> None:
    """UTF-16/32 articles are text, not "binary": say which encoding it is and how to convert it."""
    require_regular_file(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return  # the extraction names the problem
    encoding = utf16_or_32(head)
    if encoding:
        raise LoaderError(f"{encoding} text, not UTF-8: convert it (e.g. iconv -f {encoding} -t UTF-8)", SourceLocation(str(path)))


__all__ = ["NewsLoader", "extract_graph", "extract_report", "report_to_graph"]
