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
from dyad.errors import InputLimitError, LoaderError, SourceLocation, UnknownCountryError
from dyad.vocabulary.iris import agent_iri, agreement_iri, claim_iri, dyad_iri, event_iri, place_iri, route_iri
from dyad.loaders.base import SourceGraph, SourceMetadata
from dyad.loaders.common import (
    add_loader_run, document_iri, document_triples, document_key, ill_typed_reason, read_bytes, sha256_hex, text_encoding_problem,
)
from dyad.loaders.limits import current_limits, limit_hint
from dyad.vocabulary.namespaces import (
    AGENT_KIND, AGENT_KINDS, AGREEMENT_STATUS, AGREEMENT_STATUSES, CERTAINTIES, CERTAINTY, DCTERMS, DYAD,
    EVENT_STATUS, EVENT_STATUSES, EVENT_TYPE, EVENT_TYPES, PROV, RDF, RDFS, TRANSPORT_MODE, TRANSPORT_MODES,
)

FORMAT_MARK = "facts/1"
_LINE = "__line__"
_KEY_LINES = "__key_lines__"
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers the line of every mapping, for error messages.

    It also keeps within the input limits: nesting depth and the number of aliases while
    composing, and the size of the document with its aliases expanded before constructing
    it (a "billion laughs" file is small until its aliases are followed). A key given twice
    in one mapping is an error, not "the later one wins".
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.limits = current_limits()
        self.depth = 0
        self.aliases = 0
        self.nodes = 0

    def compose_node(self, parent, index):  # noqa: ANN001, ANN201 - PyYAML's signature
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > self.limits.yaml_aliases:
                raise _LimitReached(f"more than {self.limits.yaml_aliases} YAML aliases; {limit_hint('yaml_aliases')}",
                                    self.peek_event().start_mark)
            return super().compose_node(parent, index)
        self.nodes += 1
        if self.nodes > self.limits.yaml_nodes:
            raise _LimitReached(f"more than {self.limits.yaml_nodes} YAML nodes; {limit_hint('yaml_nodes')}", self.peek_event().start_mark)
        self.depth += 1
        if self.depth > self.limits.depth:
            raise _LimitReached(f"nested more than {self.limits.depth} deep; {limit_hint('depth')}", self.peek_event().start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def get_single_data(self):  # noqa: ANN201
        node = self.get_single_node()
        if node is None:
            return None
        size = _expanded_size(node, self.limits.yaml_nodes)
        if size > self.limits.yaml_nodes:
            raise _LimitReached(
                f"with its aliases expanded the document has more than {self.limits.yaml_nodes} nodes (a YAML alias bomb?); "
                f"{limit_hint('yaml_nodes')}", node.start_mark)
        return self.construct_document(node)


class _LimitReached(yaml.YAMLError):
    def __init__(self, problem: str, mark: yaml.Mark) -> None:
        super().__init__(problem)
        self.problem, self.problem_mark = problem, mark


def _expanded_size(root: yaml.Node, cap: int) -> int:
    """Nodes of the document with every alias followed (shared nodes counted each time), up to just past ``cap``."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        sizes[id(node)] = 1  # a node that contains itself counts once
        total = 1
        if isinstance(node, yaml.SequenceNode):
            children: list[yaml.Node] = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        else:
            children = []
        for child in children:
            total += size(child)
            if total > cap:
                break
        sizes[id(node)] = total
        return total

    return size(root)


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    seen: dict[object, int] = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            first = seen.get(key)
        except TypeError:  # an unhashable key; PyYAML says so below
            continue
        if first is not None:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping", node.start_mark,
                f"duplicate key {key!r} (first given on line {first}); each key may appear once", key_node.start_mark)
        if isinstance(key, str) and key.startswith("__"):
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r}: keys starting with '__' are reserved", key_node.start_mark)
        seen[key] = line
    mapping = loader.construct_mapping(node, deep=True)
    mapping[_LINE] = node.start_mark.line + 1
    mapping[_KEY_LINES] = {str(key.value): key.start_mark.line + 1 for key, _ in node.value}
    return mapping


def _timestamp_or_text(loader: _LineLoader, node: yaml.ScalarNode) -> object:
    """A YAML date as a date, and one that is not a real day (2020-02-30) as its text, so the mapper names its line."""
    try:
        return loader.construct_yaml_timestamp(node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


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
        try:
            dt.date.fromisoformat(text)  # rejects 2020-02-31
        except ValueError as error:
            raise ValueError(f"not a date: {value!r} ({error})") from None
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
        problem = text_encoding_problem(data)
        if problem:
            raise LoaderError(problem, SourceLocation(str(path)))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            raise LoaderError(f"not UTF-8 (byte {error.start}): save the file as UTF-8", SourceLocation(str(path), line)) from error
        try:
            document = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
        except _LimitReached as error:
            mark = error.problem_mark
            raise InputLimitError(error.problem, SourceLocation(str(path), mark.line + 1, mark.column + 1)) from error
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = SourceLocation(str(path), mark.line + 1, mark.column + 1) if mark else SourceLocation(str(path))
            raise LoaderError(f"invalid YAML: {getattr(error, 'problem', None) or error}", where) from error
        except RecursionError as error:
            raise InputLimitError(f"nested too deep to read; {limit_hint('depth')}", SourceLocation(str(path))) from error
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

    def text(self, entry: Mapping[str, Any], field: str, where: str, *, required: bool = False) -> str | None:
        """A field that holds text (a number or a date is taken as written); a list or mapping is refused."""
        value = self.required(entry, field, where) if required else entry.get(field)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float, dt.date)):
            raise self.fail(f"{where}: '{field}' must be text, not {_kind(value)}", entry, where, field)
        return value.isoformat() if isinstance(value, dt.date) else str(value)

    def listing(self, entry: Mapping[str, Any], field: str, where: str, what: str) -> list[Any]:
        """A field that holds a list; one value alone (``countries: PRK``) is refused with the fix."""
        value = entry.get(field)
        if value is None:
            return []
        if not isinstance(value, list):
            shown = f" {value!r}" if isinstance(value, (str, int, float)) else ""
            raise self.fail(f"{where}: '{field}' must be a list of {what} (write [{value if shown else '...'}] or one '- ' line "
                            f"per item), not {_kind(value)}{shown}", entry, where, field)
        return value

    def number(self, entry: Mapping[str, Any], field: str, where: str, *, whole: bool = False,
               low: float | None = None, high: float | None = None) -> str | None:
        """A numeric field as its lexical form (xsd:integer or xsd:decimal), within [low, high]."""
        value = entry.get(field)
        if value is None:
            return None
        kind = "whole number" if whole else "number"
        text = str(value).strip() if isinstance(value, (int, float, str)) and not isinstance(value, bool) else None
        datatype = "http://www.w3.org/2001/XMLSchema#" + ("integer" if whole else "decimal")
        if text is not None and not whole and isinstance(value, float):
            text = format(value, "f") if value == value and value not in (float("inf"), float("-inf")) else None
        if text is None or ill_typed_reason(text, datatype):
            raise self.fail(f"{where}: '{field}' is {value!r}, not a {kind}", entry, where, field)
        amount = float(text)
        if (low is not None and amount < low) or (high is not None and amount > high):
            raise self.fail(f"{where}: '{field}' is {value!r}, outside {low:g}..{high:g}" if low is not None and high is not None
                            else f"{where}: '{field}' is {value!r}, out of range", entry, where, field)
        return text

    def flag(self, entry: Mapping[str, Any], field: str, where: str, default: bool) -> bool:
        value = entry.get(field, default)
        if not isinstance(value, bool):
            raise self.fail(f"{where}: '{field}' is {value!r}; write true or false", entry, where, field)
        return value

    def choice(self, entry: Mapping[str, Any], field: str, allowed: tuple[str, ...], where: str, default: str | None = None) -> str:
        value = entry.get(field, default)
        if value not in allowed:
            raise self.fail(f"{where}: '{field}' is {value!r}; use one of {', '.join(allowed)}", entry, where, field)
        return str(value)

    def country(self, code: object, entry: Mapping[str, Any], where: str, field: str | None = None) -> URIRef:
        if isinstance(code, (list, dict)):
            raise self.fail(f"{where}: '{field or 'country'}' must be one country code, not {_kind(code)}", entry, where, field)
        if not isinstance(code, str) or not is_country_code(code):
            raise UnknownCountryError(
                f"{where}: unknown country {code!r}; use an ISO 3166-1 alpha-3 code such as PRK or CHN",
                self.location(entry, field),
            )
        add_country(self.graph, code.upper())
        from dyad.vocabulary.iris import country_iri

        return country_iri(code.upper())

    def reference(self, table: dict[str, URIRef], key: object, entry: Mapping[str, Any], where: str, what: str) -> URIRef:
        if isinstance(key, (list, dict)):
            raise self.fail(f"{where}: a {what} is named by one key, not {_kind(key)}", entry, where)
        if key not in table:
            known = ", ".join(sorted(table)) or "none defined"
            raise self.fail(f"{where}: unknown {what} {key!r} (defined: {known})", entry, where)
        return table[str(key)]

    def date(self, value: object, entry: Mapping[str, Any], where: str, field: str | None = None) -> Literal:
        try:
            return date_literal(value)
        except ValueError as error:
            raise self.fail(f"{where}: {error}", entry, where, field) from error

    def day(self, entry: Mapping[str, Any], field: str, where: str) -> Literal | None:
        """A publication date: a full day (YYYY-MM-DD), as the document shape requires."""
        value = entry.get(field)
        if value is None:
            return None
        literal = self.date(value, entry, where, field)
        if literal.datatype != XSD.date:
            raise self.fail(f"{where}: '{field}' is {value!r}; a publication date is a full day, YYYY-MM-DD", entry, where, field)
        return literal

    # ------------------------------------------------------------------ mapping

    def map(self) -> SourceGraph:
        document_id = self.document.get("id")
        if not document_id:
            raise self.fail("the facts file needs an 'id' (a stable name such as examples/north-korea-china)", self.document)
        if not isinstance(document_id, (str, int)) or isinstance(document_id, bool):
            raise self.fail(f"'id' must be one name (text), not {_kind(document_id)}", self.document, None, "id")
        self.document_id = str(document_id)
        self.node = document_iri(document_key(url=None, explicit_id=self.document_id))
        doc = self.document
        updated = self.day(doc, "updated", "the file")
        self.graph += document_triples(
            self.node, kind="curated-facts", sha256=self.sha256,
            title=self.metadata.title or self.text(doc, "title", "the file"),
            publisher=self.metadata.publisher or self.text(doc, "curator", "the file"),
            url=self.metadata.url or self.text(doc, "url", "the file"),
            published=self.metadata.published or (str(updated) if updated is not None else None),
        )
        self.run = add_loader_run(self.graph, "facts")
        for code in self.listing(doc, "countries", "countries", "country codes"):
            self.country(code, doc, "countries", "countries")
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
        url, sha256, explicit_id = (self.text(entry, field, where) for field in ("url", "sha256", "id"))
        if not (url or sha256 or explicit_id):
            raise self.fail(f"{where}: give the source's 'url', or its 'sha256' when it has no URL", entry, where)
        node = document_iri(document_key(url=url, explicit_id=explicit_id, sha256=sha256))
        kind = self.choice(entry, "kind", ("news-article", "event-export", "curated-facts", "reference", "rdf"), where, "news-article")
        published = self.day(entry, "published", where)
        self.graph += document_triples(
            node, kind=kind, sha256=sha256, url=url, title=self.text(entry, "title", where),
            publisher=self.text(entry, "publisher", where), published=str(published) if published is not None else None,
        )
        self.graph.add((self.node, DYAD.cites, node))
        self.sources[key] = node
        self.note(node, entry)
        self.counts["sources"] += 1

    def map_agent(self, key: str, entry: dict[str, Any]) -> None:
        where = f"agents.{key}"
        name = str(self.text(entry, "name", where, required=True))
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
        name = str(self.text(entry, "name", where, required=True))
        country = self.country(self.required(entry, "country", where), entry, where, "country")
        node = place_iri(name, str(entry["country"]))
        self.graph.add((node, RDF.type, DYAD.Place))
        self.graph.add((node, RDFS.label, Literal(name, lang="en")))
        self.graph.add((node, DYAD.inCountry, country))
        if entry.get("kind"):
            self.graph.add((node, DYAD.placeKind, Literal(self.text(entry, "kind", where))))
        for field, predicate, bound in (("lat", DYAD.latitude, 90), ("lon", DYAD.longitude, 180)):
            value = self.number(entry, field, where, low=-bound, high=bound)
            if value is not None:
                self.graph.add((node, predicate, Literal(value, datatype=XSD.decimal)))
        self.places[key] = node
        self.note(node, entry)
        self.counts["places"] += 1

    def map_route(self, key: str, entry: dict[str, Any]) -> None:
        where = f"routes.{key}"
        mode = self.choice(entry, "mode", TRANSPORT_MODES, where)
        ends = entry.get("between")
        if not isinstance(ends, list) or len(ends) != 2:
            raise self.fail(f"{where}: 'between' must list exactly two place keys", entry, where, "between")
        a, b = (self.reference(self.places, end, entry, where, "place") for end in ends)
        node = route_iri(mode, a, b)
        self.graph.add((node, RDF.type, DYAD.Route))
        self.graph.add((node, DYAD.transportMode, TRANSPORT_MODE[mode]))
        self.graph.add((node, DYAD.connects, a))
        self.graph.add((node, DYAD.connects, b))
        if entry.get("name"):
            self.graph.add((node, RDFS.label, Literal(self.text(entry, "name", where), lang="en")))
        self.routes[key] = node
        self.note(node, entry)
        self.counts["routes"] += 1

    def map_agreement(self, key: str, entry: dict[str, Any]) -> None:
        where = f"agreements.{key}"
        name = str(self.text(entry, "name", where, required=True))
        parties = self.required(entry, "parties", where)
        if not isinstance(parties, list):
            raise self.fail(f"{where}: 'parties' must be a list of country codes", entry, where, "parties")
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
            raise self.fail(f"{where}: 'actors' must list at least one country code", entry, where, "actors")
        node = event_iri("facts", self.document["id"] if isinstance(self.document["id"], str) else self.document_id, key)
        graph = self.graph
        graph.add((node, RDF.type, DYAD.Event))
        graph.add((node, DYAD.eventType, EVENT_TYPE[event_type]))
        graph.add((node, DYAD.eventStatus, EVENT_STATUS[status]))
        if entry.get("label"):
            graph.add((node, RDFS.label, Literal(self.text(entry, "label", where), lang="en")))
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
            about = self.text(entry, "about", where)
            target = self.routes.get(about) or self.agreements.get(about)
            if target is None:
                raise self.fail(f"{where}: 'about' names no route or agreement: {entry['about']!r}", entry, where, "about")
            graph.add((node, DYAD.about, target))
        goldstein = self.number(entry, "goldstein", where, low=-10, high=10)
        if goldstein is not None:
            graph.add((node, DYAD.goldstein, Literal(goldstein, datatype=XSD.decimal)))
        quad_class = self.number(entry, "quad_class", where, whole=True, low=1, high=4)
        if quad_class is not None:
            graph.add((node, DYAD.quadClass, Literal(int(quad_class))))
        if entry.get("cameo") is not None:
            cameo = str(self.text(entry, "cameo", where))
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
        claims = self.listing(entry, "claims", where, "claims")
        if not claims:
            raise self.fail(f"{where}: give at least one claim (the source that says so)", entry, where, "claims")
        for index, claim in enumerate(claims):
            self.map_claim(node, claim, f"{where}.claims[{index}]", entry)

    def map_claim(self, event: URIRef, entry: dict[str, Any], where: str, parent: Mapping[str, Any]) -> None:
        if not isinstance(entry, dict):
            raise self.fail(f"{where}: a claim is a mapping with source, quote, certainty", parent, where)
        source = self.reference(self.sources, self.required(entry, "source", where), entry, where, "source")
        certainty = self.choice(entry, "certainty", CERTAINTIES, where)
        quote = self.text(entry, "quote", where)
        node = claim_iri(event, source, quote, entry.get("start"))
        graph = self.graph
        graph.add((node, RDF.type, DYAD.Claim))
        graph.add((node, RDF.type, PROV.Entity))
        graph.add((node, DYAD.asserts, event))
        graph.add((node, PROV.wasDerivedFrom, source))
        graph.add((node, PROV.wasGeneratedBy, self.run))
        graph.add((node, DYAD.certainty, CERTAINTY[certainty]))
        graph.add((node, DYAD.hedged, Literal(self.flag(entry, "hedged", where, certainty == "speculative"))))
        if entry.get("hedge_cue"):
            graph.add((node, DYAD.hedgeCue, Literal(self.text(entry, "hedge_cue", where))))
        if quote:
            graph.add((node, DYAD.quote, Literal(str(quote))))
        for field, predicate in (("start", DYAD.startOffset), ("end", DYAD.endOffset)):
            offset = self.number(entry, field, where, whole=True, low=0, high=2**62)
            if offset is not None:
                graph.add((node, predicate, Literal(int(offset))))
        if entry.get("attributed_to"):
            agent = self.reference(self.agents, entry["attributed_to"], entry, where, "agent")
            graph.add((node, PROV.wasAttributedTo, agent))
        graph.add((node, DCTERMS.source, self.node))  # the curated file that recorded the claim
        self.note(node, entry)
        self.counts["claims"] += 1


def _kind(value: object) -> str:
    """What a YAML value is, in a user's words."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (dt.date, dt.datetime)):
        return "a date"
    return "text" if isinstance(value, str) else type(value).__name__
