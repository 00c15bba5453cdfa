"""Stable instance IRIs derived from content.

The same thing read twice gets the same IRI, so reloading a document changes nothing.
Countries use their ISO 3166-1 alpha-3 code; places, routes and agents a normalised name;
documents a stable key (URL, explicit id, or content hash); events and claims a hash of
what identifies them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from rdflib import URIRef

from dyad.vocabulary.namespaces import ID


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens.

    >>> slug("Pyongyang–Beijing  Train!")
    'pyongyang-beijing-train'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words) or "x"


def short_hash(*parts: object, length: int = 16) -> str:
    """A hex digest of the parts, stable across runs and machines."""
    joined = "\x1f".join(str(part) for part in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]


# The IRIs of countries, pairs and places recur in every article and GDELT row: each is made once
# (rdflib's Namespace builds a new URIRef per lookup, and a place's slug normalises Unicode).
@lru_cache(maxsize=4096)
def country_iri(iso3: str) -> URIRef:
    return ID[f"country/{iso3.upper()}"]


@lru_cache(maxsize=8192)
def dyad_iri(country_a: str, country_b: str) -> URIRef:
    """The unordered pair: ``dyad_iri('PRK', 'CHN') == dyad_iri('CHN', 'PRK')``."""
    first, second = sorted((country_a.upper(), country_b.upper()))
    return ID[f"dyad/{first}-{second}"]


@lru_cache(maxsize=8192)
def place_iri(name: str, country_iso3: str | None) -> URIRef:
    return ID[f"place/{(country_iso3 or 'XXX').upper()}/{slug(name)}"]


def route_iri(mode: str, place_a: URIRef | str, place_b: URIRef | str) -> URIRef:
    """A transport link, undirected: the two ends are sorted."""
    ends = sorted(str(place).rsplit("/", 2)[-2] + "-" + str(place).rsplit("/", 1)[-1] for place in (place_a, place_b))
    return ID[f"route/{slug(mode)}/{ends[0]}--{ends[1]}"]


def agent_iri(name: str) -> URIRef:
    return ID[f"agent/{slug(name)}"]


def agreement_iri(name: str, parties: list[str] | tuple[str, ...] = ()) -> URIRef:
    return ID[f"agreement/{slug(name)}-{short_hash(*sorted(p.upper() for p in parties), length=8)}"]


def document_iri(key: str) -> URIRef:
    """A source document, from its stable key: its URL, an explicit id, or its sha256."""
    return ID[f"document/{short_hash(key)}"]


def event_iri(*identity: object) -> URIRef:
    return ID[f"event/{short_hash(*identity)}"]


def gdelt_event_iri(global_event_id: str | int) -> URIRef:
    return ID[f"event/gdelt/{global_event_id}"]


def gdelt_claim_iri(global_event_id: str | int) -> URIRef:
    """The claim that GDELT reports event ``global_event_id`` (one per record)."""
    return ID[f"claim/gdelt/{global_event_id}"]


def claim_iri(*identity: object) -> URIRef:
    return ID[f"claim/{short_hash(*identity)}"]


def loader_run_iri(loader: str, version: str) -> URIRef:
    """A loader run is identified by loader and software version (not time), so reloads are no-ops."""
    return ID[f"run/{slug(loader)}/{slug(version)}"]
