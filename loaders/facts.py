"""The ``facts`` loader: curated facts written by hand in YAML (format ``dyad: facts/1``).

A facts file is itself a source document (kind ``curated-facts``): one named graph. It
describes the documents its claims were read from (``sources``), and the places, routes,
agreements, agents and events, each event with the claims that support it. See
``docs/facts-format.md`` for the format and ``examples/`` for real files.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from itertools import combinations
from pathlib import Path
from typing import Any, ClassVar

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from dyad.vocabulary.countries import add_country, is_country_code
from dyad.errors import LoaderError, SourceLocation, UnknownCountryError
from dyad.vocabulary.iris import agent_iri, agreement_iri, claim_iri, dyad_iri, event_iri, place_iri, route_iri
from dyad.loaders.base import SourceGraph, SourceMetadata
from dyad.loaders.common import add_document, add_loader_run, document_iri, document_key, read_bytes, sha256_hex
from dyad.vocabulary.namespaces import (
    AGENT_KIND, AGENT_KINDS, AGREEMENT_STATUS, AGREEMENT_STATUSES, CERTAINTIES, CERTAINTY, DCTERMS, DYAD,
    EVENT_STATUS, EVENT_STATUSES, EVENT_TYPE, EVENT_TYPES, PROV, RDF, RDFS, TRANSPORT_MODE, TRANSPORT_MODES,
)

FORMAT_MARK = "facts/1"
_LINE = "__line__"
_KEY_LINES = "__key_lines__"
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers the line of every mapping, for error messages."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[_LINE] = node.start_mark.line + 1
    mapping[_KEY_LINES] = {str(key.value): key.start_mark.line + 1 for key, _ in node.value}
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def date_literal(value: object) -> Literal:
    """A date as the most precise XSD type it allows: 2020-01-31, 2020-01 or 2020."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return Literal(value.isoformat(), datatype=XSD.date)
    text = str(value).strip()
    if not _DATE.match(text):
        raise ValueError(f"not a date: {value!r} (write YYYY-MM-DD, YYYY-MM or YYYY)")
    if len(text) == 10:
        dt.date.fromisoformat(text)  # rejects 2020-02-31
        return Literal(text, datatype=XSD.date)
    if len(text) == 7:
        if not 1 <= int(text[5:]) <= 12:
            raise ValueError(f"not a month: {value!r}")
        return Literal(text, datatype=XSD.gYearMonth)
    return Literal(text, datatype=XSD.gYear)


class FactsLoader:
    """Load a curated-facts YAML file."""

    name: ClassVar[str] = "facts"
    suffixes: ClassVar[tuple[str, ...]] = (".yaml", ".yml")

    def can_load(self, path: Path) -> bool:
        if path.suffix.lower() not in self.suffixes:
            return False
        try:
            with path.open("rb") as handle:
                return FACTS_MARK_BYTES in handle.read(4096)
        except OSError:
            return False

    def load(self, path: Path, metadata: SourceMetadata | None = None) -> Iterator[SourceGraph]:
        data = read_bytes(path)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise LoaderError(f"not UTF-8 (byte {error.start}): save the file as UTF-8", SourceLocation(str(path))) from error
        try:
            document = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = SourceLocation(str(path), mark.line + 1, mark.column + 1) if mark else SourceLocation(str(path))
            raise LoaderError(f"invalid YAML: {getattr(error, 'problem', error)}", where) from error
        if not isinstance(document, dict) or document.get("dyad") != FORMAT_MARK:
            raise LoaderError(f"not a Dyad facts file: it must start with 'dyad: {FORMAT_MARK}'", SourceLocation(str(path), 1))
        yield _FactsMapper(path, document, sha256_hex(data), metadata or SourceMetadata()).map()


FACTS_MARK_BYTES = f"dyad: {FORMAT_MARK}".encode()


class _FactsMapper:
    """Maps one parsed facts document to RDF; every error names the file and line."""

    def __init__(self, path: Path, document: dict[str, Any], sha256: str, metadata: SourceMetadata) -> None:
        self.path = path
        self.document = document
        self.graph = Graph()
        self.locations: dict[str, str] = {}
        self.sha256 = sha256
        self.metadata = metadata
        self.sources: dict[str, URIRef] = {}
        self.agents: dict[str, URIRef] = {}
        self.places: dict[str, URIRef] = {}
        self.routes: dict[str, URIRef] = {}
        self.agreements: dict[str, URIRef] = {}
        self.counts = {"sources": 0, "places": 0, "routes": 0, "agreements": 0, "events": 0, "claims": 0}

    # ------------------------------------------------------------------ helpers

    def fail(self, message: str, entry: Mapping[str, Any] | None = None, key: str | None = None, field: str | None = None) -> LoaderError:
        return LoaderError(message, self.location(entry, field))

    def location(self, entry: Mapping[str, Any] | None, field: str | None = None) -> SourceLocation:
        """The file and line of an entry, or of one of its fields when known."""
        if not isinstance(entry, Mapping):
            return SourceLocation(str(self.path))
        line = entry.get(_KEY_LINES, {}).get(field) if field else None
        return SourceLocation(str(self.path), line or entry.get(_LINE))

    def note(self, node: URIRef, entry: Mapping[str, Any]) -> None:
        if _LINE in entry:
            self.locations[str(node)] = f"{self.path}:{entry[_LINE]}"

    def section(self, name: str) -> list[tuple[str, dict[str, Any]]]:
        value = self.document.get(name) or {}
        if not isinstance(value, dict):
            raise self.fail(f"'{name}' must be a mapping of keys to entries", self.document)
        entries = []
        for key, entry in value.items():
            if key in (_LINE, _KEY_LINES):
                continue
            if not isinstance(entry, dict):
                raise self.fail(f"{name}.{key} must be a mapping", value, str(key))
            entries.append((str(key), entry))
        return entries

    def required(self, entry: Mapping[str, Any], field: str, where: str) -> Any:
        value = entry.get(field)
        if value is None or value == "":
            raise self.fail(f"{where}: '{field}' is required", entry, where, field)
        return value

    def choice(self, entry: Mapping[str, Any], field: str, allowed: tuple[str, ...], where: str, default: str | None = None) -> str:
        value = entry.get(field, default)
        if value not in allowed:
            raise self.fail(f"{where}: '{field}' is {value!r}; use one of {', '.join(allowed)}", entry, where, field)
        return str(value)

    def country(self, code: object, entry: Mapping[str, Any], where: str, field: str | None = None) -> URIRef:
        if not isinstance(code, str) or not is_country_code(code):
            raise UnknownCountryError(
                f"{where}: unknown country {code!r}; use an ISO 3166-1 alpha-3 code such as PRK or CHN",
                self.location(entry, field),
            )
        add_country(self.graph, code.upper())
        from dyad.vocabulary.iris import country_iri

        return country_iri(code.upper())

    def reference(self, table: dict[str, URIRef], key: object, entry: Mapping[str, Any], where: str, what: str) -> URIRef:
        if key not in table:
            known = ", ".join(sorted(table)) or "none defined"
            raise self.fail(f"{where}: unknown {what} {key!r} (defined: {known})", entry, where)
        return table[str(key)]

    def date(self, value: object, entry: Mapping[str, Any], where: str, field: str | None = None) -> Literal:
        try:
            return date_literal(value)
        except ValueError as error:
            raise self.fail(f"{where}: {error}", entry, where, field) from error

    # ------------------------------------------------------------------ mapping

    def map(self) -> SourceGraph:
        document_id = self.document.get("id")
        if not document_id:
            raise self.fail("the facts file needs an 'id' (a stable name such as examples/north-korea-china)", self.document)
        self.node = document_iri(document_key(url=None, explicit_id=str(document_id)))
        add_document(
            self.graph, self.node, kind="curated-facts", sha256=self.sha256,
            title=self.metadata.title or self.document.get("title"),
            publisher=self.metadata.publisher or self.document.get("curator"),
            url=self.metadata.url or self.document.get("url"),
            published=self.metadata.published or _iso(self.document.get("updated")),
        )
        self.run = add_loader_run(self.graph, "facts")
        for code in self.document.get("countries") or []:
            self.country(code, self.document, "countries")
        for key, entry in self.section("sources"):
            self.map_source(key, entry)
        for key, entry in self.section("agents"):
            self.map_agent(key, entry)
        for key, entry in self.section("places"):
            self.map_place(key, entry)
        for key, entry in self.section("routes"):
            self.map_route(key, entry)
        for key, entry in self.section("agreements"):
            self.map_agreement(key, entry)
        for key, entry in self.section("events"):
            self.map_event(key, entry)
        return SourceGraph(
            name=self.node, graph=self.graph, origin=str(self.path), summary=dict(self.counts), locations=self.locations
        )

    def map_source(self, key: str, entry: dict[str, Any]) -> None:
        where = f"sources.{key}"
        url, sha256 = entry.get("url"), entry.get("sha256")
        if not (url or sha256 or entry.get("id")):
            raise self.fail(f"{where}: give the source's 'url', or its 'sha256' when it has no URL", entry, where)
        node = document_iri(document_key(url=url, explicit_id=entry.get("id"), sha256=sha256))
        kind = self.choice(entry, "kind", ("news-article", "event-export", "curated-facts", "reference", "rdf"), where, "news-article")
        add_document(
            self.graph, node, kind=kind, sha256=sha256, url=url, title=entry.get("title"),
            publisher=entry.get("publisher"), published=_iso(entry.get("published")),
        )
        self.graph.add((self.node, DYAD.cites, node))
        self.sources[key] = node
        self.note(node, entry)
        self.counts["sources"] += 1

    def map_agent(self, key: str, entry: dict[str, Any]) -> None:
        where = f"agents.{key}"
        name = str(self.required(entry, "name", where))
        node = agent_iri(name)
        self.graph.add((node, RDF.type, DYAD.Agent))
        self.graph.add((node, RDF.type, PROV.Agent))
        self.graph.add((node, RDFS.label, Literal(name, lang="en")))
        if "kind" in entry:
            self.graph.add((node, DYAD.agentKind, AGENT_KIND[self.choice(entry, "kind", AGENT_KINDS, where)]))
        if entry.get("country"):
            self.graph.add((node, DYAD.affiliatedWith, self.country(entry["country"], entry, where, "country")))
        self.agents[key] = node
        self.note(node, entry)

    def map_place(self, key: str, entry: dict[str, Any]) -> None:
        where = f"places.{key}"
        name = str(self.required(entry, "name", where))
        country = self.country(self.required(entry, "country", where), entry, where, "country")
        node = place_iri(name, str(entry["country"]))
        self.graph.add((node, RDF.type, DYAD.Place))
        self.graph.add((node, RDFS.label, Literal(name, lang="en")))
        self.graph.add((node, DYAD.inCountry, country))
        if entry.get("kind"):
            self.graph.add((node, DYAD.placeKind, Literal(str(entry["kind"]))))
        for field, predicate in (("lat", DYAD.latitude), ("lon", DYAD.longitude)):
            if entry.get(field) is not None:
                self.graph.add((node, predicate, Literal(str(entry[field]), datatype=XSD.decimal)))
        self.places[key] = node
        self.note(node, entry)
        self.counts["places"] += 1

    def map_route(self, key: str, entry: dict[str, Any]) -> None:
        where = f"routes.{key}"
        mode = self.choice(entry, "mode", TRANSPORT_MODES, where)
        ends = entry.get("between")
        if not isinstance(ends, list) or len(ends) != 2:
            raise self.fail(f"{where}: 'between' must list exactly two place keys", entry, where)
        a, b = (self.reference(self.places, end, entry, where, "place") for end in ends)
        node = route_iri(mode, a, b)
        self.graph.add((node, RDF.type, DYAD.Route))
        self.graph.add((node, DYAD.transportMode, TRANSPORT_MODE[mode]))
        self.graph.add((node, DYAD.connects, a))
        self.graph.add((node, DYAD.connects, b))
        if entry.get("name"):
            self.graph.add((node, RDFS.label, Literal(str(entry["name"]), lang="en")))
        self.routes[key] = node
        self.note(node, entry)
        self.counts["routes"] += 1

    def map_agreement(self, key: str, entry: dict[str, Any]) -> None:
        where = f"agreements.{key}"
        name = str(self.required(entry, "name", where))
        parties = self.required(entry, "parties", where)
        if not isinstance(parties, list):
            raise self.fail(f"{where}: 'parties' must be a list of country codes", entry, where)
        node = agreement_iri(name, [str(p) for p in parties])
        self.graph.add((node, RDF.type, DYAD.Agreement))
        self.graph.add((node, RDFS.label, Literal(name, lang="en")))
        for party in parties:
            self.graph.add((node, DYAD.party, self.country(party, entry, where, "parties")))
        self.graph.add((node, DYAD.agreementStatus, AGREEMENT_STATUS[self.choice(entry, "status", AGREEMENT_STATUSES, where)]))
        if entry.get("signed") is not None:
            self.graph.add((node, DYAD.signedOn, self.date(entry["signed"], entry, where, "signed")))
        self.agreements[key] = node
        self.note(node, entry)
        self.counts["agreements"] += 1

    def map_event(self, key: str, entry: dict[str, Any]) -> None:
        where = f"events.{key}"
        event_type = self.choice(entry, "type", EVENT_TYPES, where)
        status = self.choice(entry, "status", EVENT_STATUSES, where)
        actors = self.required(entry, "actors", where)
        if not isinstance(actors, list) or not actors:
            raise self.fail(f"{where}: 'actors' must list at least one country code", entry, where)
        node = event_iri("facts", self.document["id"], key)
        graph = self.graph
        graph.add((node, RDF.type, DYAD.Event))
        graph.add((node, DYAD.eventType, EVENT_TYPE[event_type]))
        graph.add((node, DYAD.eventStatus, EVENT_STATUS[status]))
        if entry.get("label"):
            graph.add((node, RDFS.label, Literal(str(entry["label"]), lang="en")))
        codes = []
        for actor in actors:
            graph.add((node, DYAD.actor, self.country(actor, entry, where, "actors")))
            codes.append(str(actor).upper())
        for role, predicate in (("initiator", DYAD.initiator), ("recipient", DYAD.recipient)):
            if entry.get(role):
                graph.add((node, predicate, self.country(entry[role], entry, where, role)))
        for first, second in combinations(sorted(set(codes)), 2):
            pair = dyad_iri(first, second)
            graph.add((pair, RDF.type, DYAD.Dyad))
            graph.add((pair, DYAD.member, self.country(first, entry, where)))
            graph.add((pair, DYAD.member, self.country(second, entry, where)))
            graph.add((pair, RDFS.label, Literal(f"{first}–{second}")))
            graph.add((node, DYAD.concernsDyad, pair))
        for field, predicate in (("date", DYAD.date), ("start", DYAD.startDate), ("end", DYAD.endDate)):
            if entry.get(field) is not None:
                graph.add((node, predicate, self.date(entry[field], entry, where, field)))
        if entry.get("about"):
            target = self.routes.get(entry["about"]) or self.agreements.get(entry["about"])
            if target is None:
                raise self.fail(f"{where}: 'about' names no route or agreement: {entry['about']!r}", entry, where)
            graph.add((node, DYAD.about, target))
        if entry.get("goldstein") is not None:
            graph.add((node, DYAD.goldstein, Literal(str(entry["goldstein"]), datatype=XSD.decimal)))
        if entry.get("quad_class") is not None:
            graph.add((node, DYAD.quadClass, Literal(int(entry["quad_class"]))))
        if entry.get("cameo") is not None:
            cameo = str(entry["cameo"])
            graph.add((node, DYAD.cameoCode, Literal(cameo)))
            graph.add((node, DYAD.cameoRootCode, Literal(cameo[:2])))
        # What the file does not say is filled from the event type (docs/cameo-mapping.md),
        # so curated events sit on the same Goldstein/QuadClass scale as GDELT records.
        from dyad.vocabulary.cameo import event_type_scale

        scale = event_type_scale(event_type)
        if scale is not None:
            if entry.get("cameo") is None:
                graph.add((node, DYAD.cameoRootCode, Literal(scale.root)))
            if entry.get("goldstein") is None:
                graph.add((node, DYAD.goldstein, Literal(str(scale.goldstein), datatype=XSD.decimal)))
            if entry.get("quad_class") is None:
                graph.add((node, DYAD.quadClass, Literal(scale.quad_class)))
        self.note(node, entry)
        self.counts["events"] += 1
        claims = entry.get("claims") or []
        if not claims:
            raise self.fail(f"{where}: give at least one claim (the source that says so)", entry, where)
        for index, claim in enumerate(claims):
            self.map_claim(node, claim, f"{where}.claims[{index}]", entry)

    def map_claim(self, event: URIRef, entry: dict[str, Any], where: str, parent: Mapping[str, Any]) -> None:
        if not isinstance(entry, dict):
            raise self.fail(f"{where}: a claim is a mapping with source, quote, certainty", parent, where)
        source = self.reference(self.sources, self.required(entry, "source", where), entry, where, "source")
        certainty = self.choice(entry, "certainty", CERTAINTIES, where)
        quote = entry.get("quote")
        node = claim_iri(event, source, quote, entry.get("start"))
        graph = self.graph
        graph.add((node, RDF.type, DYAD.Claim))
        graph.add((node, RDF.type, PROV.Entity))
        graph.add((node, DYAD.asserts, event))
        graph.add((node, PROV.wasDerivedFrom, source))
        graph.add((node, PROV.wasGeneratedBy, self.run))
        graph.add((node, DYAD.certainty, CERTAINTY[certainty]))
        graph.add((node, DYAD.hedged, Literal(bool(entry.get("hedged", certainty == "speculative")))))
        if entry.get("hedge_cue"):
            graph.add((node, DYAD.hedgeCue, Literal(str(entry["hedge_cue"]))))
        if quote:
            graph.add((node, DYAD.quote, Literal(str(quote))))
        for field, predicate in (("start", DYAD.startOffset), ("end", DYAD.endOffset)):
            if entry.get(field) is not None:
                graph.add((node, predicate, Literal(int(entry[field]))))
        if entry.get("attributed_to"):
            agent = self.reference(self.agents, entry["attributed_to"], entry, where, "agent")
            graph.add((node, PROV.wasAttributedTo, agent))
        graph.add((node, DCTERMS.source, self.node))  # the curated file that recorded the claim
        self.note(node, entry)
        self.counts["claims"] += 1


def _iso(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)
