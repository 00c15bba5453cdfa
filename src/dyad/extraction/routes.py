"""Transport routes between named cities, and places the gazetteer does not know.

A sentence is rewritten as a template in which every place is a placeholder (``@P3@``), and
route phrasings are matched on the template: "the X-Y train service", "flights between X
and Y", "trains will run from X to Y", "the flight leaves X for Y", "connecting X to A, B
and C", and a named service "departing from X" when only one end is named. The mode comes
from the nearest transport word in the sentence, else from the article's most used one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

MODE_WORDS: dict[str, str] = {
    "rail": r"trains?|rail|railways?|railroad|express|locomotives?|sleeper",
    "air": r"flights?|airlines?|air\s+routes?|air\s+services?|planes?|aircraft|airports?|flying|flew|fly|flies|carrier|air\s+travel",
    "road": r"bus(?:es)?|roads?|highways?|motorways?|trucks?|lorr(?:y|ies)|coach(?:es)?|bridges?|tunnels?|"
            r"(?:border\s+)?crossings?|checkpoints?",
    "sea": r"ferr(?:y|ies)|ships?|shipping|sea\s+routes?|vessels?|boats?|cruise",
    "pipeline": r"pipelines?|gas\s+links?",
}
_MODE_RES = {mode: re.compile(r"\b(?:" + words + r")\b", re.I) for mode, words in MODE_WORDS.items()}

# "the North Korean port of Rason", "the city of Vladivostok": a place even when no gazetteer has it.
PLACE_PHRASE = re.compile(
    r"\b(?:the\s+)?(?P<adj>(?:[A-Z][\w'’-]+\s+){0,2})?(?P<what>port|city|town|village|border\s+town|capital|"
    r"border\s+city|harbou?r\s+city)\s+of\s+(?P<name>[A-Z][a-z'’-]+(?:[\s-][A-Z][a-z'’-]+)?)")
# "between Nagapattinam in India and Kankesanthurai in northern Sri Lanka": a town placed by its country
PLACE_IN_COUNTRY = re.compile(
    r"\b(?:between|from|to|and|at)\s+(?P<name>[A-Z][a-z'’-]+(?:[\s-][A-Z][a-z'’-]+)?)\s+in\s+"
    r"(?:(?:north|south|east|west)(?:ern|-?(?:east|west)(?:ern)?)?\s+)?(?P<adj>(?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+)?)")
# The two ends of a link named in its frame, known to a gazetteer or not: "the Kirkuk-Ceyhan pipeline",
# "the passenger ferry between Aswan and Wadi Halfa"
_END = r"(?!(?:The|A|An|In|On|At|By|For|From|To|And)\s)[A-Z][a-z'’]+(?:\s[A-Z][a-z'’]+)?"
ROUTE_FRAME = re.compile(
    r"\b(?P<a>" + _END + r")[-–](?P<b>" + _END + r")(?:[-–][A-Z][a-z'’]+)*\s+(?:[\w-]+\s+)?"
    r"(?:pipelines?|railways?|rail\s+lines?|trains?|roads?|highways?|bridges?|ferr(?:y|ies)|(?:border\s+)?crossings?|"
    r"flights?|routes?)\b|"
    r"\b(?:ferr(?:y|ies)|(?:border\s+)?crossings?|bridges?|pipelines?|trains?|railways?|roads?|flights?)\s+(?:[\w-]+\s+){0,3}?"
    r"between\s+(?P<c>" + _END + r")\s+and\s+(?P<d>" + _END + r")\b")
# After a place, its country: "Nagapattinam in India"
_IN_COUNTRY = r"(?:\s+in\s+(?:(?:north|south|east|west)(?:ern|-?(?:east|west)(?:ern)?)?\s+)?(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)?"


@dataclass(frozen=True)
class RouteFound:
    mode: str
    a: int  # index into the sentence's place list
    b: int | None  # None when only one end is named
    start: int
    end: int


def mode_near(sentence: str, position: int) -> str | None:
    """The transport mode whose word is nearest to ``position`` in the sentence."""
    best: tuple[int, str] | None = None
    for mode, pattern in _MODE_RES.items():
        for match in pattern.finditer(sentence):
            distance = abs(match.start() - position)
            if best is None or distance < best[0]:
                best = (distance, mode)
    return best[1] if best else None


@lru_cache(maxsize=64)
def article_mode(text: str) -> str | None:
    """The transport mode the article speaks of most."""
    counts = {mode: len(pattern.findall(text)) for mode, pattern in _MODE_RES.items()}
    mode, count = max(counts.items(), key=lambda item: item[1])
    return mode if count else None


_P = r"@P(\d+)@"
_PLACE_LEAD = r"(?:the\s+(?:[\w'’-]+\s+){0,4}?(?:city|port|town|capital|capitals|cities)\s+(?:of\s+)?)?"


# The sentence patterns of find_routes, compiled once (they were joined and looked up in re's cache
# on every call; a joined string is hashed anew each time).
_CHAIN_RE = re.compile(_P + r"\s*[-–—]\s*" + _P + r"(?:\s*[-–—]\s*(?:@P(\d+)@|[A-Z][\w'’-]*))?(?=\s+(?:[\w-]+\s+){0,2}?(?:" + "|".join(MODE_WORDS.values())
                       + r"|route|line|link|service|corridor)\b)", re.I)
_BETWEEN_RE = re.compile(r"\bbetween\s+" + _PLACE_LEAD + _P + _IN_COUNTRY + r"\s+and\s+(?:both\s+)?" + _PLACE_LEAD +
                         r"(?P<ends>" + _P + r"(?:(?:\s*,\s*|,?\s+and\s+)" + _P + r")*)", re.I)
_STRETCH_BEFORE_RE = re.compile(r"\b(?:section|stretch|leg|line|link|route|service|corridor)\s+$", re.I)
_P_RE = re.compile(_P)
_CONNECTING_RE = re.compile(r"\bconnect(?:s|ed|ing)?\s+" + _PLACE_LEAD + _P + r"\s+and\s+" + _PLACE_LEAD + _P, re.I)
_TO_FROM_RE = re.compile(r"\bto\s+" + _PLACE_LEAD + _P + r"\s+from\s+" + _PLACE_LEAD + _P, re.I)
_LINKING_RE = re.compile(r"\blink(?:s|ed|ing)?\s+" + _PLACE_LEAD + _P + r"\s+(?:and|to|with)\s+" + _PLACE_LEAD + _P, re.I)
_FROM_TO_RE = re.compile(r"\bfrom\s+" + _PLACE_LEAD + _P + r"\s+to\s+" + _PLACE_LEAD + _P, re.I)
_LEAVES_FOR_RE = re.compile(r"\b(?:leaves?|leaving|left|departs?|departed|departing)\s+(?:from\s+)?" + _P + r"\s+for\s+" + _P, re.I)
_CONNECTS_TO_RE = re.compile(r"\bconnect(?:s|ed|ing)?\s+(?:(?P<the_city>the\s+(?:city|capital|port))|" + _P + r")\s+(?:to|with)\s+"
                             r"(?P<list>" + _P + r"(?:\s*,\s*" + _P + r")*(?:,?\s+and\s+" + _P + r")?)", re.I)
_DEPARTS_RE = re.compile(r"\b(?:departs?|departed|departing|leaves?|leaving|left)\s+(?:from\s+)?" + _P, re.I)
_VEHICLE_RE = re.compile(r"\b(?:train|flight|service|express|bus|ferry)\b", re.I)


def find_routes(template: str, default_mode: str | None | Callable[[], str | None],
                previous_place: int | None) -> list[RouteFound]:
    """Routes in one sentence template (places replaced by ``@P<i>@``)."""
    found: list[RouteFound] = []
    if "@P" not in template:
        return found  # every pattern below needs a place

    def add(mode_pos: int, a: int, b: int | None, span: tuple[int, int], *, need_mode_word: bool) -> None:
        mode = mode_near(template, mode_pos)
        if mode is None:
            if need_mode_word:
                return
            mode = (default_mode() if callable(default_mode) else default_mode) or "other"
        if b is not None and a == b:
            return
        found.append(RouteFound(mode, a, b, span[0], span[1]))

    for m in _CHAIN_RE.finditer(template):
        # "the Iasi-Ungheni-Chisinau pipeline": from the first end to the last
        add(m.end(), int(m[1]), int(m[3] if m[3] is not None else m[2]), m.span(), need_mode_word=True)
    # "between Tel Aviv and Dubai", "between Tel Aviv and both Dubai and Abu Dhabi": one route per far end
    for m in _BETWEEN_RE.finditer(template):
        # "the section between Belgrade and Novi Sad": a stretch of the article's own link
        stretch = bool(_STRETCH_BEFORE_RE.search(template[:m.start()]))
        for target in _P_RE.findall(m.group("ends")):
            add(m.start(), int(m[1]), int(target), m.span(), need_mode_word=not stretch)
    # "flights connecting Riyadh and Tehran"
    for m in _CONNECTING_RE.finditer(template):
        add(m.start(), int(m[1]), int(m[2]), m.span(), need_mode_word=True)
    # "will fly to Tel Aviv from Dubai"
    for m in _TO_FROM_RE.finditer(template):
        add(m.start(), int(m[2]), int(m[1]), m.span(), need_mode_word=True)
    # "the bridge linking Blagoveshchensk and Heihe", "a crossing that links Narva to Ivangorod"
    for m in _LINKING_RE.finditer(template):
        add(m.start(), int(m[1]), int(m[2]), m.span(), need_mode_word=True)
    for m in _FROM_TO_RE.finditer(template):
        add(m.start(), int(m[1]), int(m[2]), m.span(), need_mode_word=True)
    for m in _LEAVES_FOR_RE.finditer(template):
        add(m.start(), int(m[1]), int(m[2]), m.span(), need_mode_word=False)
    for m in _CONNECTS_TO_RE.finditer(template):
        if m.group("the_city"):
            earlier = _P_RE.findall(template[:m.start()])
            origin = int(earlier[-1]) if earlier else previous_place
        else:
            origin = int(m[2])
        if origin is None:
            continue
        for target in _P_RE.findall(m.group("list")):
            add(m.start(), origin, int(target), m.span(), need_mode_word=False)
    if not found:
        for m in _DEPARTS_RE.finditer(template):
            subject = template[max(0, m.start() - 60):m.start()]
            if _VEHICLE_RE.search(subject):
                add(m.start(), int(m[1]), None, m.span(), need_mode_word=False)
    return found
