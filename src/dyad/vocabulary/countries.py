"""Countries: ISO 3166-1 codes and names (from pycountry), as lookups and as RDF."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pycountry
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from dyad.errors import UnknownCountryError
from dyad.vocabulary.iris import country_iri
from dyad.vocabulary.namespaces import DYAD, RDF, RDFS

# Short names people write, where pycountry's is the formal one.
_SHORT_NAMES = {
    "RUS": "Russia", "COD": "DR Congo", "COG": "Republic of the Congo", "PSE": "Palestine",
    "BRN": "Brunei", "VAT": "Vatican City", "FSM": "Micronesia", "TUR": "Turkey",
}
# Codes in use that ISO 3166-1 has not assigned (user-assigned range), with their names.
_EXTRA = {"XKX": ("XK", "Kosovo")}


@dataclass(frozen=True)
class Country:
    iso3: str
    iso2: str
    name: str
    official_name: str | None = None


@lru_cache(maxsize=1)
def all_countries() -> dict[str, Country]:
    """Every country Dyad knows, by ISO alpha-3 code."""
    found: dict[str, Country] = {}
    for record in pycountry.countries:
        name = _SHORT_NAMES.get(record.alpha_3) or getattr(record, "common_name", None) or record.name
        found[record.alpha_3] = Country(record.alpha_3, record.alpha_2, name, getattr(record, "official_name", None))
    for iso3, (iso2, name) in _EXTRA.items():
        found[iso3] = Country(iso3, iso2, name)
    return found


@lru_cache(maxsize=1)
def _by_alpha2() -> dict[str, Country]:
    return {record.iso2: record for record in all_countries().values()}


def country(code: str) -> Country:
    """The country for an ISO alpha-3 or alpha-2 code (any case).

    >>> country("prk").name
    'North Korea'
    """
    key = code.strip().upper()
    countries = all_countries()
    if len(key) == 3 and key in countries:
        return countries[key]
    if len(key) == 2 and key in _by_alpha2():
        return _by_alpha2()[key]
    raise UnknownCountryError(f"unknown country code {code!r}: use an ISO 3166-1 alpha-3 code such as PRK or CHN")


def is_country_code(code: str) -> bool:
    return code.strip().upper() in all_countries()


def add_country(graph: Graph, iso3: str) -> None:
    """Describe a country in ``graph`` (type, codes, name), so the graph validates on its own."""
    for triple in country_triples(iso3):
        graph.add(triple)


@lru_cache(maxsize=None)
def country_triples(iso3: str) -> tuple[tuple[URIRef, URIRef, Node], ...]:
    """The triples that describe a country (type, codes, name), made once per country and process."""
    record = country(iso3)
    node = country_iri(record.iso3)
    return ((node, RDF.type, DYAD.Country),
            (node, DYAD.iso3, Literal(record.iso3)),
            (node, DYAD.iso2, Literal(record.iso2)),
            (node, RDFS.label, Literal(record.name, lang="en")))


def countries_graph() -> Graph:
    """The reference graph of every known country."""
    graph = Graph()
    for iso3 in all_countries():
        add_country(graph, iso3)
        official = all_countries()[iso3].official_name
        if official:
            graph.add((country_iri(iso3), DYAD.officialName, Literal(official, lang="en")))
    return graph
