"""One pass over a GDELT export: the filter for record-level events, and the dyad rows for the aggregates.

Rows are read as bytes: each is split up to its two actor country columns, which are looked up
in a cache of CAMEO codes, and then:

* a row between two different countries becomes a :class:`DyadRows` entry (GLOBALEVENTID,
  dyad, day, QuadClass, Goldstein, mentions, sources, articles, a hash of the SOURCEURL),
  whatever the filter: the aggregates cover every dyad;
* only a row the :class:`RowFilter` keeps is parsed in full (:func:`dyad.loaders.gdelt.parse_record`)
  and mapped to record-level RDF. The others cost the split and two dictionary look-ups, and are
  never decoded.
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
_REST = ACTOR2_COUNTRY + 1  # the first column of the rest of a row, after the split at its actor columns
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
    """CAMEO country codes of the actor columns (bytes, as read) to ISO alpha-3 (None: no country), cached: rows repeat them."""

    def __init__(self) -> None:
        self._iso: dict[bytes, str | None] = {b"": None}

    def __call__(self, code: bytes) -> str | None:
        found = self._iso.get(code, _BAD)
        if found is _BAD:
            try:
                found = cameo_country_to_iso3(code.decode("ascii"))
            except (UnknownCameoCode, UnicodeDecodeError):
                found = _BAD
            self._iso[code] = found
        return found  # _BAD for an unknown code


def url_hash(url: str | bytes) -> int:
    """A signed 64-bit hash of a SOURCEURL (text, or its UTF-8 bytes): distinct articles are counted by it."""
    data = url.encode("utf-8") if isinstance(url, str) else url
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little", signed=True)


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
    """Reads the rows of one export: :meth:`scan` feeds the aggregates and says which rows to parse in full."""

    def __init__(self, row_filter: RowFilter | None = None) -> None:
        self.filter = row_filter or RowFilter()
        self._keeps_everything = self.filter.keeps_everything
        # A row none of whose countries is one of these is not kept: two set look-ups, no call.
        self._wanted = self.filter.countries | {code for pair in self.filter.dyads for code in pair}
        self.rows = DyadRows()
        self._codes = CountryCodes()
        self._iso = self._codes._iso  # read directly in the loop: a method call per column costs more than the look-up
        self._pairs: dict[tuple[str, str], int] = {}
        self._days: dict[bytes, int | None] = {}
        self._urls: dict[bytes, int] = {}
        self._event_codes = frozenset(code.encode("ascii") for code in event_codes())

    def _day(self, text: bytes) -> int | None:
        day = self._days.get(text, -1)
        if day == -1:
            day = None
            if len(text) == 8 and text.isdigit():  # bytes.isdigit(): ASCII digits only
                try:
                    dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
                    day = int(text)
                except ValueError:
                    pass
            self._days[text] = day
        return day

    def scan(self, lines: list[bytes]) -> list[int]:
        """Take lines (bytes, no line ends): add those between two countries to the dyad rows; return the indexes to parse.

        A line is parsed in full when the filter keeps it, when its actor columns cannot be read
        (the full parse says why), and always when the filter keeps everything. Blank lines are
        neither. The loop works on bytes: most rows end after one split and two dictionary
        look-ups, and are never decoded.
        """
        iso, codes, wanted, add = self._iso, self._codes, self._wanted, self._add
        keeps_everything, matches = self._keeps_everything, self.filter.matches
        parse: list[int] = []
        for index, line in enumerate(lines):
            # The actor columns first (a split stopped after Actor2CountryCode): most rows end here.
            fields = line.split(b"\t", ACTOR2_COUNTRY + 1)
            if len(fields) <= ACTOR2_COUNTRY + 1:
                if line:
                    parse.append(index)  # too short: the full parse says why
                continue
            a = iso.get(fields[ACTOR1_COUNTRY], _UNSEEN)
            if a is _UNSEEN:
                a = codes(fields[ACTOR1_COUNTRY])
            b = iso.get(fields[ACTOR2_COUNTRY], _UNSEEN)
            if b is _UNSEEN:
                b = codes(fields[ACTOR2_COUNTRY])
            if a is _BAD or b is _BAD:
                parse.append(index)
                continue
            if a is not None and b is not None and a != b:
                add(line, fields, a, b)
            if keeps_everything or ((a in wanted or b in wanted) and matches(a, b)):
                parse.append(index)
        return parse

    def _add(self, line: bytes, head: list[bytes], a: str, b: str) -> None:
        """Add a row between two countries; ``head`` is its first split (the columns up to Actor2CountryCode, then the rest)."""
        rows = self.rows
        # The rest split only up to NumArticles: the columns after it are not read.
        rest = head[ACTOR2_COUNTRY + 1].split(b"\t", AGGREGATE_SPLITS - ACTOR2_COUNTRY - 1)
        try:
            if len(rest) <= AGGREGATE_SPLITS - ACTOR2_COUNTRY - 1 or rest[EVENT_CODE - _REST] not in self._event_codes:
                raise ValueError
            columns = line.count(b"\t") + 1
            if columns not in LAYOUT_COLUMNS:
                raise ValueError
            event_id, day = head[GLOBALEVENTID], self._day(head[SQLDATE])
            quad_text = rest[QUAD_CLASS - _REST]
            quad = b"1234".find(quad_text) + 1 if len(quad_text) == 1 else 0
            goldstein = float(rest[GOLDSTEIN - _REST])
            mentions, sources, articles = rest[NUM_MENTIONS - _REST], rest[NUM_SOURCES - _REST], rest[NUM_ARTICLES - _REST]
            if (day is None or not quad or not -10 <= goldstein <= 10 or not event_id.isdigit()  # bytes: ASCII digits only
                    or not mentions.isdigit() or not sources.isdigit() or not articles.isdigit()):
                raise ValueError
        except ValueError:
            rows.skipped += 1
            return
        key = (a, b) if a < b else (b, a)
        index = self._pairs.get(key)
        if index is None:
            index = self._pairs[key] = len(rows.pairs)
            rows.pairs.append(f"{key[0]}-{key[1]}")
        url = line[line.rindex(b"\t") + 1:] if columns != 57 else b""
        hashed = self._urls.get(url)
        if hashed is None:
            if len(self._urls) > 200_000:
                self._urls.clear()
            # Hashed as the text the full parse reads (undecodable bytes replaced, surrounding space stripped).
            text = url.strip() if url.isascii() else url.decode("utf-8", "replace").strip().encode("utf-8")
            hashed = self._urls[url] = url_hash(text) if text else 0
        rows.ids.append(int(event_id))
        rows.pair.append(index)
        rows.day.append(day)
        rows.quad.append(quad)
        rows.goldstein.append(goldstein)
        rows.mentions.append(int(mentions))
        rows.sources.append(int(sources))
        rows.articles.append(int(articles))
        rows.url.append(hashed)
