"""Find date expressions in a sentence and resolve them against the publication date.

Absolute dates ("January 5, 2020", "in August 2017", "in 2022") resolve on their own;
relative ones ("next month", "last week", "on Wednesday", "in July", "January 1") only
when the publication date is known, otherwise they stay ``None``. A month or weekday
without a year is read forwards from the publication date when the sentence speaks of the
future and backwards otherwise. "A year later" and "the same day" count from the last date the article told
(at the precision it was told; a year naming a thing, "the 2001 murder", tells no time), "two years after X
did" and "nine days after closing it" back from the main clause's date. Values are ISO strings at the precision the text gives:
``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "an": 1}

_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_NUM = r"(?P<num>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an)"

# Order matters: the first pattern that matches a span claims it.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("month_day_year", re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{2})\b")),
    ("day_month_year", re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>(?:19|20)\d{2})\b")),
    ("month_year", re.compile(_MONTH + r",?\s+(?:of\s+)?(?P<year>(?:19|20)\d{2})\b")),
    ("month_this_year", re.compile(_MONTH + r"\s+(?P<which>this|last|next)\s+year\b")),
    ("month_day", re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?:,\s*)?(?:19|20)\d{2})(?![\d,]*\s*(?:per|%|km|kilometres|kilometers|miles|people|passengers))")),
    ("day_month", re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"\b")),
    ("relative_unit", re.compile(r"\b(?P<which>this|last|next|past|coming|previous|current)\s+(?P<unit>week|month|year)(?:'s)?\b", re.I)),
    ("end_of", re.compile(r"\b(?:by|before|at|until|till|towards?)\s+the\s+end\s+of\s+(?:the\s+|this\s+)?(?P<which>next\s+)?(?P<unit>year|month)\b", re.I)),
    ("relative_early", re.compile(r"\b(?P<which>earlier|later)\s+this\s+(?P<unit>week|month|year)\b", re.I)),
    ("ago", re.compile(r"\b" + _NUM + r"\s+(?P<unit>day|week|month|year)s?\s+ago\b", re.I)),
    # "over the weekend", "days ago": the text anchors the happening to a span, told at month precision
    ("weekend", re.compile(r"\b(?:over|at|during|on|this|last|next)\s+(?:the\s+)?(?P<which>past\s+|coming\s+)?weekend\b", re.I)),
    ("days_ago", re.compile(r"\b(?:a\s+few\s+|several\s+|some\s+)?days\s+ago\b", re.I)),
    # A day counted from the one the article told last: "the following day", "two days later"
    ("day_after", re.compile(r"\b(?:the\s+(?P<rel>following|next|same|previous)\s+day|(?P<count>a|one|two|three|four|five|\d)\s+"
                             # "two days after" that ends its clause counts on from the day told; followed by a
                             # clause ("nine days after closing it") it dates that clause (``after_clause``)
                             r"days?\s+(?P<dir>later|earlier|(?:after|before)(?=\s*(?:[,.;:)]|$)))|"
                             r"(?P<that>that)\s+(?:same\s+)?day)\b", re.I)),
    # Years, months or weeks counted from the date the article told last: "resumed it a year later"
    ("units_later", re.compile(r"\b(?P<count>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
                               r"(?P<unit>year|month|week)s?\s+(?:(?P<dir>later|earlier)\b(?!\s+than\b)|"
                               # "two years after", "a month before" end their clause; followed by one ("two years
                               # after Beijing banned them") they date that clause's event, counted from another time
                               r"(?P<conj>after|before)(?=\s*(?:[,.;:)]|$)))", re.I)),
    # "two years after Beijing banned them": the clause after happened that long before the news
    ("after_clause", re.compile(r"\b(?P<count>a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+"
                                r"(?P<unit>year|month|week|day)s?\s+(?P<conj>after)\s+(?=\w)", re.I)),
    ("day_word", re.compile(r"\b(?P<word>today|yesterday|tomorrow|tonight)\b", re.I)),
    # a season is told at the precision of its year: "in the autumn", "last summer", "by next spring"
    ("season", re.compile(r"\b(?P<prep>in|this|last|next|by|until|since|during|over)\s+(?:the\s+)?(?:(?P<early>early|late)\s+)?"
                          r"(?P<season>spring|summer|autumn|fall|winter)\b(?!\s+(?:of\s+)?(?:19|20)\d{2})", re.I)),
    ("weekday", re.compile(r"\b(?:(?P<which>(?i:last|next|this))\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b(?!s)")),
    ("duration", re.compile(r"\b" + _NUM + r"[- ](?P<unit>year|month|week)(?:s)?[- ](?:long\s+)?(?P<noun>hiatus|suspension|break|pause|halt|closure|freeze|gap|absence|ban|shutdown)\b", re.I)),
    # the preposition may open the sentence: "In January, ...", "Last October ..."
    ("month", re.compile(r"\b(?P<prep>(?i:in|since|from|until|till|by|before|after|during|early|late|mid|end of|of|this|last|next|on))[\s-]+" + _MONTH + r"(?![\w-])")),
    ("year", re.compile(r"(?<![\d,.$€£-])\b(?P<year>(?:19|20)\d{2})\b(?!\d|,\d|\s*(?:%|per cent|percent|km|kilomet|miles|people|passengers|troops|soldiers|tonnes|tons))")),
]


@dataclass(frozen=True)
class DateMention:
    """A date expression: span in the sentence, kind, resolved ISO value (or None)."""

    start: int
    end: int
    text: str
    kind: str
    value: str | None
    since: bool = False  # "since X": the start of a state, not when an event happened
    earlier: bool = False  # "earlier in August", "earlier this month": before the happening the article reports


def parse_published(value: str | None) -> dt.date | None:
    """The publication date from an ISO string (date or date-time); ``None`` if absent or unreadable."""
    if not value:
        return None
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _month_value(month: int, published: dt.date | None, future: bool) -> str | None:
    if published is None:
        return None
    year = published.year
    if future and month < published.month:
        year += 1
    elif not future and month > published.month:
        year -= 1
    return f"{year:04d}-{month:02d}"


def _day_value(month: int, day: int, published: dt.date | None, future: bool) -> str | None:
    if published is None:
        return None
    year = published.year
    try:
        candidate = dt.date(year, month, day)
    except ValueError:
        return None
    if future and candidate < published:
        year += 1
    elif not future and candidate > published:
        year -= 1
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _shift_months(date: dt.date, months: int) -> str:
    index = date.year * 12 + date.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _number(text: str) -> int:
    return int(text) if text.isdigit() else NUMBER_WORDS.get(text.lower(), 1)


def _counted_from(told: str | None, groups: dict[str, str | None]) -> str | None:
    """A date counted in years, months or weeks from the value told before, at the precision both allow."""
    if not told:
        return None
    count = _number(groups["count"] or "1")
    step = count if (groups.get("dir") or groups.get("conj") or "").lower() in ("later", "after") else -count
    unit = (groups.get("unit") or "").lower()
    if unit == "year":
        return f"{int(told[:4]) + step:04d}"
    if len(told) < 7:
        return None  # "three months after" a year: the month is not told
    if unit == "month":
        return _shift_months(dt.date(int(told[:4]), int(told[5:7]), 1), step)
    if len(told) < 10:
        return None
    if unit == "day":
        return (dt.date.fromisoformat(told) + dt.timedelta(days=step)).isoformat()
    return _shift_months(dt.date.fromisoformat(told) + dt.timedelta(weeks=step), 0)


def resolve(kind: str, groups: dict[str, str | None], published: dt.date | None, future: bool,
            anchor: dt.date | None = None, told: str | None = None) -> str | None:
    """The ISO value of one matched expression (see the module docstring for the rules).

    ``anchor`` is the day the article told last, for "the following day" and "two days later";
    ``told`` the last date it told at any precision, for "a year later".
    """
    month = MONTHS.get((groups.get("month") or "").lower().rstrip("."))
    if kind == "units_later":
        return _counted_from(told, groups)
    if kind == "after_clause":
        # counted back from the main clause's date ("began in 2021, eight years after relations collapsed"),
        # else from the publication date
        reference = groups.get("main") or (published.isoformat() if published else None)
        return _counted_from(reference, {"conj": "before", "count": groups["count"], "unit": groups["unit"]})
    if kind == "day_after":
        if told and len(told) < 10:
            # the last date told was a month or a year ("in November 2020 ... responded the same day"):
            # the day is that time, at the precision it was told
            return told
        if told:
            anchor = dt.date.fromisoformat(told)
        if anchor is None:
            return None
        rel = (groups.get("rel") or "").lower()
        count = _number(groups["count"]) if groups.get("count") else 1
        step = {"following": 1, "next": 1, "previous": -1, "same": 0}.get(rel) if rel else (
            0 if groups.get("that") else (count if (groups.get("dir") or "").lower() in ("later", "after") else -count))
        return (anchor + dt.timedelta(days=step)).isoformat()
    if kind == "iso":
        return f"{groups['year']}-{groups['m']}-{groups['d']}"
    if kind in ("month_day_year", "day_month_year"):
        try:
            return dt.date(int(groups["year"]), month, int(groups["day"])).isoformat()
        except (ValueError, TypeError):
            return None
    if kind == "month_year":
        return f"{groups['year']}-{month:02d}"
    if kind == "year":
        return groups["year"]
    if published is None:
        return None
    if kind == "month_this_year":
        offset = {"this": 0, "last": -1, "next": 1}[groups["which"].lower()]
        return f"{published.year + offset:04d}-{month:02d}"
    if kind == "month_day":
        return _day_value(month, int(groups["day"]), published, future)
    if kind == "day_month":
        return _day_value(month, int(groups["day"]), published, future)
    if kind == "month":
        prep = groups["prep"].lower()
        if prep == "last":
            future = False
        elif prep == "next":
            future = True
        return _month_value(month, published, future)
    if kind == "end_of":
        step = 1 if groups.get("which") else 0
        if groups["unit"].lower() == "year":
            return f"{published.year + step:04d}"
        return _shift_months(published, step)
    if kind in ("relative_unit", "relative_early"):
        which = groups["which"].lower()
        unit = groups["unit"].lower()
        step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(which, 0)
        if unit == "year":
            return f"{published.year + step:04d}"
        if unit == "month":
            return _shift_months(published, step)
        return _shift_months(published + dt.timedelta(weeks=step), 0)
    if kind == "ago":
        n = _number(groups["num"])
        unit = groups["unit"].lower()
        if unit == "day":
            return (published - dt.timedelta(days=n)).isoformat()
        if unit == "week":
            return _shift_months(published - dt.timedelta(weeks=n), 0)
        if unit == "month":
            return _shift_months(published, -n)
        return f"{published.year - n:04d}"
    if kind == "season":
        prep = groups["prep"].lower()
        start_month = _SEASON_START[groups["season"].lower()]
        if prep == "last":
            future = False
        elif prep == "next":
            future = True
        value = _month_value(start_month, published, future)
        return value[:4] if value else None
    if kind == "weekend":
        ahead = (groups.get("which") or "").strip().lower() == "coming" or future
        saturday = published + dt.timedelta(days=(5 - published.weekday()) % 7) if ahead else \
            published - dt.timedelta(days=(published.weekday() - 5) % 7)
        return _shift_months(saturday, 0)
    if kind == "days_ago":
        return _shift_months(published - dt.timedelta(days=3), 0)
    if kind == "day_word":
        offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[groups["word"].lower()]
        return (published + dt.timedelta(days=offset)).isoformat()
    if kind == "weekday":
        target = WEEKDAYS[groups["weekday"].lower()]
        which = (groups.get("which") or "").lower()
        if which == "next" or (future and which != "last"):
            delta = (target - published.weekday()) % 7 or (7 if which == "next" else 0)
            return (published + dt.timedelta(days=delta)).isoformat()
        delta = (published.weekday() - target) % 7
        if which == "last" and delta == 0:
            delta = 7
        return (published - dt.timedelta(days=delta)).isoformat()
    if kind == "duration":
        n = _number(groups["num"])
        unit = groups["unit"].lower()
        if unit == "year":
            return f"{published.year - n:04d}"
        if unit == "month":
            return _shift_months(published, -n)
        return _shift_months(published - dt.timedelta(weeks=n), 0)
    return None


_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_NEEDS = {
    "season": re.compile(r"spring|summer|autumn|fall|winter", re.I),
    "relative_unit": re.compile(r"week|month|year", re.I), "relative_early": re.compile(r"week|month|year", re.I),
    "end_of": re.compile(r"end\s+of", re.I),
    "day_word": re.compile(r"today|yesterday|tomorrow|tonight", re.I), "weekday": re.compile(r"day"),
    "weekend": re.compile(r"weekend", re.I), "days_ago": re.compile(r"days\s+ago", re.I),
    "day_after": re.compile(r"\bdays?\b", re.I),
    "units_later": re.compile(r"(?:year|month|week)s?\s+(?:later|earlier|after|before)\b", re.I),
    "after_clause": re.compile(r"(?:year|month|week|day)s?\s+after\s", re.I),
}
_MONTH_HINT = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
_NUMBER_HINT = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|an?)[- ](?:day|week|month|year)", re.I)
_MONTH_KINDS = {"month_day_year", "day_month_year", "month_year", "month_this_year", "month_day", "day_month", "month"}
_NUMBER_KINDS = {"iso", "year", "ago", "duration"}


@lru_cache(maxsize=4096)
def _matches(sentence: str) -> tuple[tuple[str, int, int, tuple[tuple[str, str | None], ...], bool, bool], ...]:
    """The date expressions of a sentence before resolution (cached: a sentence is read several times)."""
    has_month = bool(_MONTH_HINT.search(sentence))
    has_number = bool(_NUMBER_HINT.search(sentence))
    taken: list[tuple[int, int]] = []
    found = []
    for kind, pattern in _PATTERNS:
        if kind in _MONTH_KINDS and not has_month or kind in _NUMBER_KINDS and not has_number:
            continue
        if kind in _NEEDS and not _NEEDS[kind].search(sentence):
            continue
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if kind == "month":
                start = match.start("month")
            if kind == "after_clause":
                start = match.start("conj")  # it dates the clause that "after" opens
            if any(start < b and a < end for a, b in taken):
                continue
            groups = match.groupdict()
            if kind == "month" and groups["month"] == "May" and groups["prep"].lower() not in ("in", "since", "until", "by", "early", "late", "mid", "last", "next", "this"):
                continue
            if kind == "weekday" and re.search(r"\bevery\s+(?:\w+day,?\s+(?:and|or)\s+)?$|\((?:$)", sentence[max(0, start - 24):start]):
                continue  # "every Thursday" is a timetable, not a date
            prefix = sentence[max(0, start - 28):start].lower()
            if kind in ("relative_unit", "year", "month_this_year") and re.search(r"\bfor\s+$", prefix):
                continue  # "quotas for next year", "the budget for 2025": what it covers, not when it happened
            since = bool(re.search(r"\b(?:since|first time since|for the first time since)\s+(?:early\s+|late\s+)?$", prefix)) or (
                kind in ("month", "season") and groups["prep"].lower() == "since")
            earlier = bool(re.search(r"\bearlier\s+(?:in\s+)?$", prefix)) or (
                kind == "relative_early" and groups["which"].lower() == "earlier")
            taken.append((start, end))
            found.append((kind, start, end, tuple(groups.items()), since, earlier))
    found.sort(key=lambda item: item[1])
    return tuple(found)


def find_dates(sentence: str, published: dt.date | None, *, future: bool = False,
               anchor: dt.date | None = None, told: str | None = None) -> list[DateMention]:
    """Date expressions in ``sentence``, left to right, not overlapping.

    ``told`` is the last date the article told before the sentence (``anchor`` the same, given as a day); a
    whole article is read with :class:`DateThread`, which carries it from sentence to sentence.

    >>> [d.value for d in find_dates("Flights resumed in November.", dt.date(2022, 12, 31))]
    ['2022-11']
    >>> [d.value for d in find_dates("The border will reopen on January 1.", dt.date(2022, 12, 31), future=True)]
    ['2023-01-01']
    """
    found: list[DateMention] = []
    if told is None and anchor is not None:
        told = anchor.isoformat()
    matches = _matches(sentence)
    for kind, start, end, groups, since, earlier in matches:
        fields = dict(groups)
        if kind == "after_clause" and _dated_in_own_clause(sentence, end, matches):
            continue  # "two years after closing it in July 2023": the clause tells its own date
        if kind == "after_clause":
            fields["main"] = next((d.value for d in reversed(found) if d.value), None)
        value = resolve(kind, fields, published, future, told=told)
        found.append(DateMention(start, end, sentence[start:end], kind, value, since, earlier))
        told = last_told(sentence, found[-1:], told)
    return found


def last_told(sentence: str, dates: list[DateMention], told: str | None) -> str | None:
    """The last date ``dates`` tell, else ``told``: what "two years later" and "the same day" count from.

    "Restored in 2016 ... two years later" counts from 2016; a year naming a thing ("the 2001 murder") tells no time.
    """
    return next((d.value for d in reversed(dates) if d.value and not names_a_thing(sentence, d)), told)


@dataclass
class DateThread:
    """The dates of an article read in order: each sentence's dates, both ways, counted from the last date told.

    The one owner of "the last date told" across sentences (``find_dates`` carries it within one sentence).
    """

    published: dt.date | None
    told: str | None = None

    def read(self, sentence: str) -> tuple[list[DateMention], list[DateMention]]:
        """The sentence's dates read backwards (past) and forwards (future); then the date it told last is kept."""
        past = find_dates(sentence, self.published, future=False, told=self.told)
        future = find_dates(sentence, self.published, future=True, told=self.told)
        self.told = last_told(sentence, past, self.told)
        return past, future


# A year inside a noun phrase names a thing, not the time of the clause's event: "the 1973 Itaipu
# Treaty", "the 2018 Panmunjom Declaration", "the January 2023 attack", "the 2001 murder".
_NAMING_BEFORE = re.compile(r"\b(?:the|a|an|its|their|his|her|this|that)\s+$", re.I)
_NAMING_AFTER = re.compile(r"\s+(?!(?:and|or|to|in|on|at|for|from|with|by|when|after|before|until|as|but|the|a|an|was|"
                           r"were|is|are|had|has|have|will|would|said|says|amid|over|under|of|that|which|who)\b)[A-Za-z]")


def names_a_thing(sentence: str, date: DateMention) -> bool:
    """The date premodifies a noun ("the 1973 treaty"): it names the thing, it tells no time of the sentence."""
    if date.kind != "year" and not date.kind.startswith("month"):
        return False
    return bool(_NAMING_BEFORE.search(sentence[:date.start]) and _NAMING_AFTER.match(sentence, date.end))


_ABSOLUTE_KINDS = frozenset({"iso", "month_day_year", "day_month_year", "month_year", "year"})


def _dated_in_own_clause(sentence: str, end: int, matches: tuple) -> bool:
    """True when an absolute date follows ``end`` before the clause closes (a comma, semicolon or the end)."""
    return any(kind in _ABSOLUTE_KINDS and start >= end and not re.search(r"[,;:]", sentence[end:start])
               for kind, start, *_ in matches)
