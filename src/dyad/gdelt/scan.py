"""One pass over a GDELT export: the filter for record-level events, and the dyad rows for the aggregates.

Every row is split once up to the columns the aggregates need (GDELT's SOURCEURL, the last
column, is cut off the end), its two actor countries are looked up in a cache of CAMEO codes,
and then:

* a row between two different countries becomes a :class:`DyadRows` entry (GLOBALEVENTID,
  dyad, day, QuadClass, Goldstein, mentions, sources, articles, a hash of the SOURCEURL),
  whatever the filter: the aggregates cover every dyad;
* only a row the :class:`RowFilter` keeps is parsed in full (:func:`dyad.loaders.gdelt.parse_record`)
  and mapped to record-level RDF. The others cost the split and two dictionary look-ups.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field

from dyad.vocabulary.cameo import UnknownCameoCode, cameo_country_to_iso3, event_codes
from dyad.vocabulary.countries import country

# Columns (0-based) shared by every layout; the same as in dyad.loaders.gdelt.
GLOBALEVENTID, SQLDATE, ACTOR1_COUNTRY, ACTOR2_COUNTRY = 0, 1, 7, 17
EVENT_CODE = 26
QUAD_CLASS, GOLDSTEIN, NUM_MENTIONS, NUM_SOURCES, NUM_ARTICLES = 29, 30, 31, 32, 33
# The columns a row is split into: the aggregates read none past NumArticles (column 34).
AGGREGATE_SPLITS = NUM_ARTICLES + 1
LAYOUT_COLUMNS = (57, 58, 61)

_BAD = "!"  # a CAMEO code that is no code: the row is bad
_UNSEEN = object()


@dataclass(frozen=True)
class RowFilter:
    """Which rows are kept as record-level events: all (no countries, no dyads), or those that match.

    A row matches ``countries`` when one of its actor countries is listed, and ``dyads`` when its
    two actor countries are one of the pairs (either direction).

    >>> RowFilter.of(countries=["PRK"]).matches("PRK", "USA"), RowFilter.of(dyads=[("CHN", "PRK")]).matches("PRK", "USA")
    (True, False)
    """

    countries: frozenset[str] = frozenset()
    dyads: frozenset[tuple[str, str]] = frozenset()

    @classmethod
    def of(cls, *, countries: Iterable[str] = (), dyads: Iterable[tuple[str, str]] = ()) -> RowFilter:
        """A filter from country codes (ISO alpha-2/3 or names, checked) and pairs of them."""
        codes = frozenset(country(code).iso3 for code in countries)
        pairs = frozenset(tuple(sorted((country(a).iso3, country(b).iso3))) for a, b in dyads)
        return cls(codes, pairs)  # type: ignore[arg-type]

    @property
    def keeps_everything(self) -> bool:
        return not self.countries and not self.dyads

    def matches(self, a: str | None, b: str | None) -> bool:
        if self.keeps_everything:
            return True
        if a in self.countries or b in self.countries:
            return True
        return a is not None and b is not None and ((a, b) if a < b else (b, a)) in self.dyads


class CountryCodes:
    """CAMEO country codes of the actor columns to ISO alpha-3 (None: no country), cached: rows repeat them."""

    def __init__(self) -> None:
        self._iso: dict[str, str | None] = {"": None}

    def __call__(self, code: str) -> str | None:
        found = self._iso.get(code, _BAD)
        if found is _BAD:
            try:
                found = cameo_country_to_iso3(code)
            except UnknownCameoCode:
                found = _BAD
            self._iso[code] = found
        return found  # _BAD for an unknown code


def url_hash(url: str) -> int:
    """A signed 64-bit hash of a SOURCEURL: distinct articles are counted by it."""
    return int.from_bytes(hashlib.blake2b(url.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


@dataclass
class DyadRows:
    """The rows of one export between two countries, column by column (compact: ~45 bytes a row)."""

    pairs: list[str] = field(default_factory=list)  # "CHN-PRK", indexed by ``pair``
    ids: array = field(default_factory=lambda: array("q"))
    pair: array = field(default_factory=lambda: array("i"))
    day: array = field(default_factory=lambda: array("i"))  # yyyymmdd
    quad: array = field(default_factory=lambda: array("b"))
    goldstein: array = field(default_factory=lambda: array("d"))
    mentions: array = field(default_factory=lambda: array("i"))
    sources: array = field(default_factory=lambda: array("i"))
    articles: array = field(default_factory=lambda: array("i"))
    url: array = field(default_factory=lambda: array("q"))
    skipped: int = 0  # rows between two countries with a value the aggregates cannot use

    def __len__(self) -> int:
        return len(self.ids)


class ExportScanner:
    """Reads rows of one export: :meth:`row` feeds the aggregates and says whether to keep the record."""

    def __init__(self, row_filter: RowFilter | None = None) -> None:
        self.filter = row_filter or RowFilter()
        self._keeps_everything = self.filter.keeps_everything
        self.rows = DyadRows()
        self._codes = CountryCodes()
        self._iso = self._codes._iso  # read directly in the loop: a method call per column costs more than the look-up
        self._pairs: dict[tuple[str, str], int] = {}
        self._days: dict[str, int | None] = {}
        self._urls: dict[str, int] = {}
        self._event_codes = frozenset(event_codes())

    def _day(self, text: str) -> int | None:
        day = self._days.get(text, -1)
        if day == -1:
            day = None
            if len(text) == 8 and text.isascii() and text.isdigit():
                try:
                    dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
                    day = int(text)
                except ValueError:
                    pass
            self._days[text] = day
        return day

    def row(self, line: str) -> bool:
        """Take one line (no line end): add it to the dyad rows if it is between two countries; True to keep its record.

        A row whose actor columns cannot be read is kept (the full parse reports it); so is
        every row when the filter keeps everything.
        """
        # The actor columns first (a split stopped after Actor2CountryCode): most rows end here.
        fields = line.split("\t", ACTOR2_COUNTRY + 1)
        if len(fields) <= ACTOR2_COUNTRY + 1:
            return True  # too short: the full parse says why
        iso = self._iso
        a = iso.get(fields[ACTOR1_COUNTRY], _UNSEEN)
        if a is _UNSEEN:
            a = self._codes(fields[ACTOR1_COUNTRY])
        b = iso.get(fields[ACTOR2_COUNTRY], _UNSEEN)
        if b is _UNSEEN:
            b = self._codes(fields[ACTOR2_COUNTRY])
        if a is _BAD or b is _BAD:
            return True
        if a is not None and b is not None and a != b:
            self._add(line.split("\t", AGGREGATE_SPLITS), line, a, b)
        return self._keeps_everything or self.filter.matches(a, b)

    def _add(self, fields: list[str], line: str, a: str, b: str) -> None:
        rows = self.rows
        try:
            if len(fields) <= AGGREGATE_SPLITS or fields[EVENT_CODE] not in self._event_codes:
                raise ValueError
            columns = line.count("\t") + 1
            if columns not in LAYOUT_COLUMNS:
                raise ValueError
            event_id, day = fields[GLOBALEVENTID], self._day(fields[SQLDATE])
            quad = "1234".find(fields[QUAD_CLASS]) + 1 if len(fields[QUAD_CLASS]) == 1 else 0
            goldstein = float(fields[GOLDSTEIN])
            counts = fields[NUM_MENTIONS], fields[NUM_SOURCES], fields[NUM_ARTICLES]
            if (day is None or not quad or not -10 <= goldstein <= 10 or not (event_id.isascii() and event_id.isdigit())
                    or not all(c.isascii() and c.isdigit() for c in counts)):
                raise ValueError
        except ValueError:
            rows.skipped += 1
            return
        key = (a, b) if a < b else (b, a)
        index = self._pairs.get(key)
        if index is None:
            index = self._pairs[key] = len(rows.pairs)
            rows.pairs.append(f"{key[0]}-{key[1]}")
        url = line[line.rindex("\t") + 1:].strip() if columns != 57 else ""
        hashed = self._urls.get(url)
        if hashed is None:
            if len(self._urls) > 200_000:
                self._urls.clear()
            hashed = self._urls[url] = url_hash(url) if url else 0
        rows.ids.append(int(event_id))
        rows.pair.append(index)
        rows.day.append(day)
        rows.quad.append(quad)
        rows.goldstein.append(goldstein)
        rows.mentions.append(int(counts[0]))
        rows.sources.append(int(counts[1]))
        rows.articles.append(int(counts[2]))
        rows.url.append(hashed)
