"""Who a sentence credits for what it says: "according to X", "X said", "said X",
"X reported", "citing X", "confirmed by X", "X offered no comment", "sources familiar with...".

Each found source carries the span of its name in the sentence (countries named there are
sources, not actors), a kind (media, government, official, anonymous, analyst,
organisation, person) and, when the name says it, the country it belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dyad.extraction.gazetteer import Gazetteer, default_gazetteer, fold
from dyad.extraction.patterns import FirstCharacterAlternation, split_alternatives

SPEECH_VERBS = (
    "said|says|say|told|tells|reported|reports|report|stated|states|announced|announces|confirmed|confirms|"
    "noted|notes|added|adds|claimed|claims|warned|warns|wrote|writes|explained|insisted|stressed|argued|"
    "denied|denies|tweeted|posted|quoted|cited|cites|revealed|disclosed|acknowledged|admitted|indicated|indicates|"
    "criticised|criticized|criticises|criticizes|"
    "suggested|estimated|estimates|predicted|predicts|emphasized|emphasised|underlined|declared|declares|"
    "informed|mentioned|observed|commented|responded|replied|accused|accuses|vowed|vows|pledged|promised|blamed|"
    "described|describes|"
    # an appraisal is a claim credited to its speaker: "Picardo called the deal historic"; not "called for",
    # "called on", "called off", nor the passive "was called"
    r"(?<!so-)(?<!was\s)(?<!were\s)(?<!been\s)(?<!be\s)called(?=\s+(?:the|this|that|it|them|his|her|its|their|a|an)\b)"
)
OPINION_VERBS = "believe|believes|believed|view|views|viewed|expect|expects|expected|think|thinks|see|sees|say|says|said"
NO_COMMENT = (
    r"(?:offered|gave|made|had)\s+no\s+(?:direct\s+|immediate\s+|further\s+)?comment|declined\s+to\s+comment|"
    r"refused\s+to\s+comment|did\s+not\s+(?:immediately\s+)?(?:comment|respond)|could\s+not\s+be\s+reached"
)

AGENT_HEADS = {
    "media": {"broadcaster", "network", "newspaper", "daily", "television", "tv", "radio", "outlet", "media",
              "paper", "magazine", "website", "channel", "news", "wire", "tabloid", "journal", "gazette", "times",
              "post", "herald", "report", "reports", "agency"},
    "anonymous": {"source", "sources", "insider", "insiders", "people", "person", "individuals", "witnesses",
                  "residents", "traders", "locals", "activists", "farmers", "workers", "passengers", "drivers"},
    "analyst": {"analyst", "analysts", "expert", "experts", "observer", "observers", "scholar", "scholars",
                "economist", "economists", "researcher", "researchers", "commentators", "commentator"},
    "official": {"spokesperson", "spokesman", "spokeswoman", "minister", "president", "governor", "ambassador",
                 "official", "officials", "envoy", "diplomat", "diplomats", "secretary", "chairman", "premier",
                 "chancellor", "king", "leader", "representative", "mayor", "general", "commander", "chief",
                 "senator", "lawmaker", "lawmakers", "adviser", "advisor"},
    "government": {"ministry", "office", "authorities", "authority", "government", "department", "embassy",
                   "migration", "customs", "railways", "railway", "administration", "council", "army", "military",
                   "police", "cabinet", "kremlin", "parliament", "presidency", "commission", "service",
                   "body", "bureau", "guard", "foreign office"},
    # Bodies named by what they do: "operators said", "the carriers said", "rights groups said"
    "organisation": {"operator", "operators", "carrier", "carriers", "airline", "airlines", "company", "companies",
                     "firm", "firms", "exporters", "importers", "shippers", "groups", "organisers", "organizers",
                     "unions", "producers", "industry", "association", "federation", "chamber"},
}
# Heads that name a source only after "according to" ("according to official data").
DATA_HEADS = {"data", "figures", "statistics", "estimates", "records", "documents", "survey", "poll", "study"}
_HEAD_END = re.compile(r"\s(?:familiar|close|with|of|at|from|in|for|to|who|on|knowledgeable|briefed|involved)\b")
# News organisations by name, with their country ("" for wire services of no one country).
KNOWN_MEDIA = {
    "nhk": "JPN", "kyodo": "JPN", "asahi": "JPN", "yomiuri": "JPN", "nikkei": "JPN", "yonhap": "KOR",
    "channel a": "KOR", "kbs": "KOR", "mbc": "KOR", "sbs": "KOR", "chosun ilbo": "KOR", "joongang": "KOR",
    "kcna": "PRK", "rodong sinmun": "PRK", "xinhua": "CHN", "global times": "CHN", "cctv": "CHN", "cgtn": "CHN",
    "people's daily": "CHN", "interfax": "RUS", "tass": "RUS", "ria novosti": "RUS", "ria": "RUS",
    "sputnik": "RUS", "kommersant": "RUS", "ndtv": "IND", "pti": "IND", "ani": "IND", "the hindu": "IND",
    "dawn": "PAK", "geo news": "PAK", "app": "PAK", "irna": "IRN", "tasnim": "IRN", "anadolu": "TUR",
    "bbc": "GBR", "al jazeera": "QAT", "ukrinform": "UKR", "prensa latina": "CUB", "granma": "CUB",
    "efe": "ESP", "ansa": "ITA", "dpa": "DEU", "afp": "FRA", "reuters": "", "associated press": "", "ap": "",
    "bloomberg": "USA", "cnn": "USA", "new york times": "USA", "washington post": "USA", "upi": "USA",
    "wall street journal": "USA", "financial times": "GBR", "the guardian": "GBR", "el tiempo": "COL",
}
ANAPHORS = {"the agency", "the network", "the report", "the ministry", "the broadcaster", "the newspaper",
            "the statement", "the paper", "the daily", "the outlet", "the official", "the spokesperson",
            "the spokesman", "the spokeswoman", "the source", "the government", "the office", "the channel",
            "the news agency", "the broadcaster's report", "the publication", "the governor", "the minister"}
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "this", "that", "which", "who", "both", "some", "others",
            "many", "one", "all"}
_LEAD_TRIM = re.compile(
    r"^(?:and|but|while|then|also|however|meanwhile|later|earlier|separately|instead|as|so|when|after|"
    r"(?:a|an|the)\s+(?:earlier\s+|separate\s+|later\s+|new\s+)?(?:statement|report|announcement|notice|post|"
    r"release|article|dispatch|readout)\s+(?:by|from|in|of|on)|(?:an?\s+)?(?:earlier\s+)?reports?\s+(?:by|from|in)|"
    r"quoting|citing)\s+",
    re.I,
)
_TAIL_TRIM = re.compile(
    r"\s+(?:on|early\s+on|late\s+on)?\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$|"
    r"\s+(?:today|yesterday|earlier|later|also|previously|separately|again|too|recently|still|now|already|long)$|"
    r"\s+(?:has|have|had|was|were|is|are|will|would|also|then|previously|again|reportedly|later|earlier)$|"
    r"\s+in\s+a\s+statement$|"
    r"\s+early\s+in\s+the\s+morning$|\s+last\s+(?:week|month)$",
    re.I,
)
_CLAUSE_BREAK = re.compile(r"[,;:()\"“”]|\b(?:that|after|before|when|while|because|although|and then|but|as|since|what|"
                           r"whereas|if|which|who)\b(?!\s*[-–])")


_MEDIA_RE = re.compile(r"\b(?:" + "|".join(re.escape(m) for m in sorted(KNOWN_MEDIA, key=len, reverse=True)) + r")\b")
_SPEECH_RE = re.compile(r"\b(?:" + SPEECH_VERBS + r")\b")
_INVERTED_RE = re.compile(r"(?:[,\"”]\s*|^)(?:" + SPEECH_VERBS + r")\s+(?!that\b|on\b|in\b)")
_OPINION_RE = re.compile(r"\b(?:" + OPINION_VERBS + r")\b")
_NO_COMMENT_RE = re.compile(r"\b(?:" + NO_COMMENT + r")\b")
_ANAPHOR_KEYS = frozenset(fold(a) for a in ANAPHORS)
# A sentence with none of these words credits no one: skip the pattern scans.
_CUE_WORDS = "according|citing|cited|quoted|telling|saying|adding|insisting|warning|show|shows|showed|" + SPEECH_VERBS + "|" + OPINION_VERBS
_ANY_CUE = re.compile(r"\b(?:" + _CUE_WORDS + r")\b|comment|reached", re.I)
# The same test, faster: a cue word is tried only at word starts, and only the words starting with that letter.
_CUE_WORD = FirstCharacterAlternation([(f"w{i}", rf"\b{w}\b") for i, w in enumerate(split_alternatives(_CUE_WORDS))], re.I)
_CUE_ANYWHERE = re.compile(r"comment|reached", re.I)
_WORD_START = re.compile(r"\b\w")


def _has_cue(sentence: str) -> bool:
    """``bool(_ANY_CUE.search(sentence))``: a cue word at a word start, or "comment"/"reached" anywhere."""
    if _CUE_ANYWHERE.search(sentence):
        return True
    return any(_CUE_WORD.match(sentence, word.start()) for word in _WORD_START.finditer(sentence))


@dataclass(frozen=True)
class SourceMention:
    """A source credited in a sentence: its name as written, where, and what it is."""

    name: str
    start: int
    end: int
    kind: str
    country: str | None = None
    anaphor: bool = False


def _trim(np: str, start: int) -> tuple[str, int]:
    """Strip lead-ins ("A statement by"), trailing time words and punctuation; keep the offset right."""
    for _ in range(3):
        lead = _LEAD_TRIM.match(np)
        if lead:
            np = np[lead.end():]
            start += lead.end()
    np = np.rstrip()
    for _ in range(3):
        new = _TAIL_TRIM.sub("", np)
        if new == np:
            break
        np = new
    stripped = np.rstrip(" ,.;:'\"”’)")
    lead_ws = len(stripped) - len(stripped.lstrip(" \"“'‘("))
    return stripped.strip(" \"“'‘("), start + lead_ws


def classify(name: str, *, loose: bool = False) -> str | None:
    """The kind of agent a name denotes, or ``None`` when it does not name an agent.

    >>> classify("Sources familiar with the discussions"), classify("the development")
    ('anonymous', None)
    """
    key = fold(name)
    words = key.split()
    head = _HEAD_END.search(" " + name)
    region = name[: head.start()] if head and head.start() > 0 else name
    region_words = region.split()
    head_words = fold(region).split()[-1:]
    if region_words and region_words[-1][:1].isupper() and len(region_words) > 1:
        # "state broadcaster Suspilne": a name in apposition; its head is the common noun before it.
        common = [fold(w) for w in region_words if not w[:1].isupper()]
        head_words = common[-1:] or head_words
    if not words:
        return None
    if key in PRONOUNS or words[0] in PRONOUNS and len(words) == 1:
        return None
    if _MEDIA_RE.search(key):
        return "media"
    entry = default_gazetteer().lookup(name)
    if entry is not None and entry.kind in ("country", "capital"):
        return "government"  # "Poland said", "Beijing denied"
    if entry is not None and entry.kind == "leader":
        return "official"
    if loose and any(w in DATA_HEADS for w in head_words):
        return "government"
    for kind in ("anonymous", "analyst", "official", "government", "media", "organisation"):
        heads = AGENT_HEADS[kind]
        if any(w in heads for w in head_words):
            if kind == "media" and "agency" in words and "news" not in words and not _has_proper(name):
                return "government"
            return kind
    if _has_proper(name):
        proper = [w for w in name.split() if w[:1].isupper()]
        return "person" if 1 <= len(proper) <= 4 and len(proper) == len(name.split()) else "organisation"
    return None


def _has_proper(name: str) -> bool:
    words = name.split()
    return any(w[:1].isupper() for w in words[1:]) or (bool(words) and words[0][:1].isupper() and fold(words[0]) not in {
        "the", "a", "an", "one", "some", "two", "several", "many", "regional", "local", "senior"})


def _country_of(name: str, gazetteer: Gazetteer) -> str | None:
    for mention in gazetteer.find(name):
        if mention.kind in ("country", "demonym", "capital", "leader"):
            return mention.iso3
    match = _MEDIA_RE.search(fold(name))
    return (KNOWN_MEDIA[match.group()] or None) if match else None


def _left_np(sentence: str, end: int) -> tuple[str, int]:
    """The noun phrase that ends at ``end``: back to the previous clause break."""
    left = sentence[:end]
    cut = 0
    for match in _CLAUSE_BREAK.finditer(left):
        cut = match.end()
    np = left[cut:]
    return np, cut


def _right_np(sentence: str, start: int) -> tuple[str, int]:
    rest = sentence[start:]
    match = re.search(r"[,;:!?()\"“”]|\.(?:\s|$)|\s(?:on|during|after|before|when|while|that|who|adding|as|to)\s"
                      r"|\s(?:at|in)\s+(?:a|an|the)\s+(?:press|news|briefing|statement|meeting|interview|conference|"
                      r"opening|news)\b", rest)
    np = rest[:match.start()] if match else rest
    return np, start


def find_sources(sentence: str, gazetteer: Gazetteer) -> list[SourceMention]:
    """The sources credited in one sentence, in the order they appear.

    >>> from dyad.extraction.gazetteer import default_gazetteer
    >>> [s.name for s in find_sources("The talks stalled, Ukraine's foreign ministry said.", default_gazetteer())]
    ["Ukraine's foreign ministry"]
    """
    found: list[SourceMention] = []
    if not _has_cue(sentence):
        return found

    def add(np: str, start: int, *, strict: bool, loose: bool = False) -> None:
        if re.search(r"\b(?:not|n't|never)\s*$", np):
            return  # "China has not confirmed": nothing is credited to it
        coordinated = re.match(r"^(.*?[A-Z][\w'’.-]*)\s+[a-z]+(?:ed|s)\b.*\band\s*$", np)
        if coordinated:
            np = coordinated.group(1)  # "X welcomed the decision and said": X is the source
        elif re.search(r"\b(?:was|were|is|are|has|have|had|will|would)\b", np) and " and " in np:
            tail = np[np.rindex(" and ") + 5:]
            start += len(np) - len(tail)
            np = tail  # "the crossing was shut and traders said": the traders speak
        lead = _LEADING_COORDINATOR.match(np)
        if lead:
            np, start = np[lead.end():], start + lead.end()  # ", and Croatian media reported": the coordinator is no part
        relative = _REDUCED_RELATIVE.match(np)
        if relative:
            # "a charge the German government denied": in a reduced object relative the speaker is the second phrase
            start += relative.start(1)
            np = relative.group(1)
        np, start = _trim(np, start)
        if not np or len(np.split()) > 14:
            return
        key = fold(np)
        if key in _ANAPHOR_KEYS:
            found.append(SourceMention(np, start, start + len(np), classify(np) or "other", None, anaphor=True))
            return
        kind = classify(np, loose=loose)
        if start == 0 and kind in ("person", "organisation") and re.fullmatch(
                r"[A-Z][a-z]+(?:ers|ors|ists|ants|ents|ats|ies|ces|ses|als|ics|ians|ees|ives|ments|ups)", np) and \
                classify(np.lower()) is None:
            return  # "Members said": a sentence-initial common noun, not a name
        if kind is None or (strict and kind == "organisation" and not _has_proper(np)
                            and fold(np).split()[-1] not in AGENT_HEADS["organisation"]):
            return
        if any(s.start <= start < s.end or start <= s.start < start + len(np) for s in found):
            return
        found.append(SourceMention(np, start, start + len(np), kind, _country_of(np, gazetteer)))

    # "Citing X, Y reported": X may be followed by the person's name in apposition.
    for match in re.finditer(r"\b[Cc]iting\s+", sentence):
        rest = sentence[match.end():]
        parts = rest.split(",")
        if len(parts) >= 3 and re.fullmatch(r"\s*(?:[A-Z][\w'’-]+\s*){2,4}", parts[1]):
            offset = match.end() + len(parts[0]) + 1
            name = parts[1].strip()
            add(name, offset + parts[1].index(name), strict=True)
        else:
            np, start = _right_np(sentence, match.end())
            add(np, start, strict=False)
    for match in re.finditer(
        r"\b(?:according\s+to|as\s+reported\s+by|(?:reported|confirmed|announced|said|quoted|stated|denied|"
        r"published|disclosed|revealed)\s+by|in\s+a\s+statement\s+(?:by|from))\s+", sentence, re.I):
        np, start = _right_np(sentence, match.end())
        if re.match(r"according", match.group(), re.I):
            np = re.split(r"\s+(?:to|cited|quoted)\s+", np)[0]
        add(np, start, strict=False, loose=True)
    # "X cited Y as saying"
    for match in re.finditer(r"\b(?:cited|quoted)\s+(?P<np>[^,.;]+?)\s+as\s+(?:saying|telling)", sentence):
        add(match.group("np"), match.start("np"), strict=True)
    # "X said", "X has said", "X reported on Wednesday"
    for match in _SPEECH_RE.finditer(sentence):
        if match.start() == 0:
            continue
        if _PASSIVE_BEFORE.search(sentence, max(0, match.start() - 20), match.start()) and \
                not re.match(r"(?:quoted|cited)\s+(?:by\s+[^,.;]{1,40}?\s+)?as\b", sentence[match.start():]):
            continue  # "Lalonde was told to leave", "soldiers were accused of": the subject is spoken to or of
        np, start = _left_np(sentence, match.start())
        relative = _UNSET_RELATIVE.search(sentence[:match.start()])
        if relative and not re.search(r"[,;:]", relative.group(2)):
            # "a Zambian official who asked not to be named said": the speaker is before the relative clause
            add(relative.group(1), relative.start(1), strict=True)
            continue
        if not np.strip() and re.search(r"\bbut\s*$", sentence[:match.start()]) and (subject := _SUBJECT.match(sentence)):
            # "Belarus's foreign ministry welcomed the decision but said ...": the sentence's subject speaks
            add(subject.group(1), subject.start(1), strict=True)
            continue
        if np.strip().lower() in ("and", "but", "then", "and then"):
            # "Santiago called the decision 'unjustified' and said...": the sentence's subject speaks
            subject = re.match(r"([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)\s+[a-z]+(?:ed|s)\b", sentence)
            if subject:
                add(subject.group(1), 0, strict=True)
        elif not np.strip() and (interrupted := re.search(
                r"(?:^|[,;:]\s*)([^,;:]{2,80}),\s+(?:speaking|writing|(?:who|which)\s+[a-z]+)\b[^,;:]*,\s*$",
                sentence[:match.start()])):
            # "Turkish officials, speaking on condition of anonymity, said", "Petro, who restored ties in
            # August, said": the speaker is before the aside
            add(interrupted.group(1), interrupted.start(1), strict=True)
        elif not np.strip() and (titled := _NAME_THEN_TITLE.search(sentence[:match.start()])):
            # "Mao Ning, a spokeswoman for China's foreign ministry, said": the name before its title in apposition
            add(titled.group(1), titled.start(1), strict=True)
        elif not np.strip() and (apposed := _APPOSED_NAME.search(sentence[:match.start()])):
            # "Cuba's foreign minister, Bruno Rodriguez, called the decision ...": the person named in apposition
            add(apposed.group(1), apposed.start(1), strict=True)
        elif np.strip():
            add(np, start, strict=True)
    # "X welcomed the decision, telling the broadcaster TPA that ...": a speech participle's speaker is the
    # sentence's subject
    for match in re.finditer(r",\s+(?:telling|saying|adding|insisting|warning)\b", sentence):
        subject = _SUBJECT.match(sentence)
        if subject and subject.end(1) < match.start():
            add(subject.group(1), subject.start(1), strict=True)
    # "..., said X." and '..." said X'
    for match in _INVERTED_RE.finditer(sentence):
        np, start = _right_np(sentence, match.end())
        add(np, start, strict=True)
    # Analysts and sources with opinion verbs: "regional analysts view the development as..."
    for match in _OPINION_RE.finditer(sentence):
        np, start = _left_np(sentence, match.start())
        trimmed, _ = _trim(np, start)
        if classify(trimmed) in ("analyst", "anonymous") or classify(trimmed) == "government" and re.match(
                r"\s*(?:believes|believed|thinks|expects)\s+(?:that|if|it|the)\b", sentence[match.start():]):
            add(np, start, strict=True)  # "The federal government believes if the tariffs ... are lifted"
    # "USDA forecasts show", "customs data showed": the figures' owner is credited, as "according to official data"
    for match in _DATA_SHOW.finditer(sentence):
        np, start = _left_np(sentence, match.end("data"))
        if not re.fullmatch(r"\s*(?:the|these|those|such|new|latest|recent)?\s*\w+\s*", np, re.I):
            add(np, start, strict=False, loose=True)  # but "The figures show" names no owner
    for match in _NO_COMMENT_RE.finditer(sentence):
        np, start = _left_np(sentence, match.start())
        add(np, start, strict=True)
    found.sort(key=lambda s: s.start)
    return found


_LEADING_COORDINATOR = re.compile(r"\s*(?:and|but|while|as|so)\s+")
_DATA_SHOW = re.compile(r"\b(?P<data>" + "|".join(sorted(DATA_HEADS | {"forecasts", "forecast"})) + r")\s+(?:also\s+)?"
                        r"(?:show|shows|showed|shown)\b")
# "was told", "were accused", "has been quoted": a speech verb in the passive credits no one before it
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|is|are|been|be|being)\s+(?:\w+ly\s+)?$", re.I)
# "<a name> who asked not to be named said": a relative clause not set off by commas between speaker and verb
_UNSET_RELATIVE = re.compile(r"(?:^|[,;:]\s*|\b(?:and|but)\s+)((?:[\w'’.-]+\s+){0,5}?(?:[\w'’.-]+))\s+(?:who|which)\s+"
                             r"((?:asked|spoke|requested|declined|was|were|is|are|has|have)\b[^\"“”]{0,60}?)\s*$")
# "a charge the German government denied": a noun phrase, then the phrase that speaks
_REDUCED_RELATIVE = re.compile(r"\s*(?:an?|the|this|that)\s+(?:(?!(?:at|of|in|for|from|with|on|to|by|near)\s)[a-z-]+\s+){1,2}"
                               r"((?:the|its|his|her|their)\s+\S.*|(?-i:[A-Z])[\w'’.-]*(?:\s+(?-i:[A-Z])[\w'’.-]*){0,3})\s*$")
# A sentence's subject up to its first past-tense verb: "The Portuguese ambassador in Luanda welcomed"
_SUBJECT = re.compile(r"\s*((?:The\s+|the\s+)?(?-i:[A-Z])[\w'’.-]+(?:\s+(?!(?:has|have|had|was|were|is|are|will)\b)"
                      r"[\w'’.-]+){0,6}?)\s+(?:[a-z]+ed|said|told|met|spoke|wrote)\b")
# "<title>, <Name Surname>, said": a name of two to four capitalised words set off by commas after a title
# ("A spokesman for the Beninese government, Wilfried Houngbedji, said")
_APPOSED_NAME = re.compile(r"(?:^|[,;:]\s*)(?:the\s+|The\s+|an?\s+|An?\s+)?(?:[\w'’-]+\s+){0,4}(?:minister|president|premier|leader|"
                           r"spokes(?:man|woman|person)|ambassador|secretary|chief|envoy|chancellor|governor|mayor|"
                           r"official|commander|adviser|advisor|director|head)"
                           r"(?:\s+(?:for|of|at|to)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}[\w'’-]+)?,\s+"
                           r"((?-i:[A-Z])[\w'’.-]+(?:\s+(?-i:[A-Z])[\w'’.-]+){1,3}),\s*$", re.I)

# "<Name Surname>, a spokeswoman for China's foreign ministry, said": a name, then its title in apposition
_NAME_THEN_TITLE = re.compile(r"(?:^|[,;:]\s*)((?-i:[A-Z])[\w'’.-]+(?:\s+(?-i:[A-Z])[\w'’.-]+){0,3}),\s+(?:an?|the)\s+"
                              r"(?:[\w'’-]+\s+){0,4}(?:minister|president|premier|leader|spokes(?:man|woman|person)|"
                              r"ambassador|secretary|chief|envoy|chancellor|governor|mayor|official|commander|adviser|"
                              r"advisor|director|head|analyst|expert|researcher)"
                              r"(?:\s+(?:for|of|at|to|in)\s+(?:[\w'’.-]+\s+){0,5}[\w'’.-]+)?,\s*$")

_CLAUSE_WORD = re.compile(
    r"^(?:is|was|are|were|has|had|have|will|would|that|which|who|whom|whose|if|because|while|[a-z]{3,}(?:ed|ing))$")
_NAME_EDGE = " \t—–-,;:\"“”'‘’()"


def plausible_source(source: SourceMention) -> SourceMention | None:
    """The source with its edges cleaned, or None when the span caught a clause, not a name.

    A source is a noun phrase ("the newspaper Helsingin Sanomat", "Pakistan's Information Minister
    Attaullah Tarar"); a span with a finite or -ing verb in it ("the foreign ministry summoned
    Ambassador X and", "Afghanistan's Taliban regime of harboring militants") overran its name.

    >>> plausible_source(SourceMention("— China", 0, 7, "government")).name
    'China'
    >>> plausible_source(SourceMention("is acting prime minister with Anthony Albanese", 0, 46, "person")) is None
    True
    """
    name = source.name.strip(_NAME_EDGE)
    if not name:
        return None
    words = name.split()
    lowercase = [w for w in words if w[:1].islower()]
    if any(_CLAUSE_WORD.match(w) for w in lowercase if w not in ("unnamed", "ruling", "governing", "leading", "united")) \
            or len(words) > 9:
        return None
    if name == source.name:
        return source
    offset = source.name.index(name)
    return SourceMention(name, source.start + offset, source.start + offset + len(name), source.kind, source.country,
                         source.anaphor)
