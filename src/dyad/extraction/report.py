"""Put the pieces together: one article in, the extraction report of
``shared/extraction/report.schema.json`` out.

The report is a plain dict (JSON-ready). Its contract keys are ``document``, ``countries``,
``dyads``, ``places``, ``routes``, ``agreements``, ``events``, ``sources_cited`` and
``claims``; extra keys (``notes``, ``main_dyad``, per-claim ``certainty`` and ``hedge_cue``,
per-event ``claims`` and ``about``) carry what the RDF mapping needs.
"""

from __future__ import annotations

import bisect
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dyad.extraction import agreements as agreements_mod
from dyad.extraction import routes as routes_mod
from dyad.extraction.attribution import SourceMention, find_sources, plausible_source
from dyad.extraction.dates import DateThread, find_dates, parse_published
from dyad.extraction.events import (BILATERAL_TYPES, CountryRef, EventMention, SentenceDates, clauses, complete_actors,
                                    date_across_sentences, find_event_mentions, merge_mentions)
from dyad.extraction.gazetteer import Entry, Gazetteer, Mention, default_gazetteer, fold, stands_for_its_government
from dyad.extraction.hedging import find_hedge
from dyad.extraction.text import ArticleText, Sentence, read_article, split_sentences
from dyad.errors import LoaderError, SourceLocation
from dyad.vocabulary.iris import document_iri

ACTOR_KINDS = ("country", "demonym", "capital", "city", "leader")
WIRE_SERVICES = {"reuters", "ap", "afp", "upi", "associated press", "agence france presse", "efe", "dpa", "ansa"}
# The country after the city: "SANTA CRUZ, Bolivia, July 10 (Reuters) -", "NOUAKCHOTT, Mauritania (AP) —"
_DATELINE_COUNTRY = r"(?:,\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}(?=\s*(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d|\()))?"
_DATELINE = re.compile(
    r"\A\s*(?:[A-Z][A-Z .'’-]{1,40}" + _DATELINE_COUNTRY +
    r"|[A-Z][A-Z .,'’-]{1,40}|[A-Z][a-z]+\.?\s+\d{1,2},?|[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})?"  # "New Delhi, May 17 (IANS)"
    r"\s*(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*)?"
    r"\((?:Reuters|AP|AFP|UPI|Xinhua|Yonhap|Bloomberg|dpa|EFE|ANI|PTI|IANS|KCNA|TASS|Interfax|[A-Z][A-Za-z.&' ]{1,24})\)"
    r"\s*(?:[-–—]+|:)?\s*")
_CREDIT = re.compile(r"\((?:Reporting|Writing|Additional reporting|Editing|Compiled)\b[^)]*\)|^\s*(?:Reporting|Writing|"
                     r"Editing) by\b.*$", re.M | re.I)
_ALLY = re.compile(r"\A(?:['’]s)?\s+(?:\w+\s+)?(?:allies|partners|neighbou?rs|friends|rivals|enemies|critics|backers|"
                   r"supporters)\b")
# A broker is no party: "a U.S.-brokered agreement", "a swap mediated by Oman"
# ... and so is the one who asked: "Iraq suspended flights at Lithuania's request"
# ... and so is the host of talks or the one who mediates them: "talks hosted by Qatar", "Qatari mediators",
# "after mediation by Togo", "under the auspices of Turkey"
_MEDIATOR_AFTER = re.compile(r"\A(?:(?:['’]s)?-(?:brokered|mediated|sponsored|hosted|facilitated)\b|(?:['’]s)?\s+(?:request|behest|urging|"
                             r"mediation|mediators?|facilitation|facilitators?|good\s+offices)\b)", re.I)
_MEDIATOR_BEFORE = re.compile(r"\b(?:(?:brokered|mediated|co-mediated|sponsored|hosted|co-hosted|facilitated)\s+by|"
                              r"at\s+the\s+(?:request|behest|urging)\s+of|under\s+the\s+auspices\s+of|"
                              r"(?:mediation|facilitation)\s+(?:of|by|from))\s+(?:the\s+)?$", re.I)
# "a peace agreement with northern separatist groups": the other party is named, and is no state
_WITH_NON_STATE = re.compile(r"(?:[\w'’-]+\s+){1,5}?with\s+(?:the\s+|a\s+|an\s+)?(?:[a-z][\w-]*\s+){0,3}"
                             r"(?:groups?|rebels?|separatists?|militants?|movements?|factions?|insurgents?|opposition|"
                             r"militias?|companies|firms?|creditors|unions?)\b")
_BLOC = re.compile(r"\b(?:EU|European\s+Union|UN|United\s+Nations|Security\s+Council|G-?7|G-?20|NATO|the\s+West|"
                   r"Western\s+(?:countries|nations|governments|powers)|African\s+Union|ECOWAS|ASEAN|Arab\s+League)\b")
_REPORT_VERB_BEFORE = re.compile(r"\b(?:said|says|reported|reports|announced|told|stated|confirmed|added|noted)"
                                 r"(?:\s+(?:in\s+a\s+statement|on|early|late|in\s+the\s+morning))*\s*$", re.I)
# "Rwanda on Sunday denied sending troops": the day is the denial's, not the act's
_DENIAL_AFTER = re.compile(r"\s+(?:denied|denies|rejected|dismissed)\b", re.I)
_BLOC_PARTNER = re.compile(r"\b(?:with|to)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:EU|European\s+Union|NATO|UN|United\s+Nations|"
                           r"African\s+Union|ASEAN|Arab\s+League|European\s+Commission)\b")
_BOTH = re.compile(r"\b(?:both|the\s+two)\s+(?:countries|nations|sides|governments|neighbou?rs|states|capitals|"
                   r"leaders|presidents|ministers|foreign\s+ministers|delegations)\b|"
                   r"\btheir\s+(?:shared\s+|common\s+|land\s+|sea\s+|mutual\s+)?(?:border|frontier)\b", re.I)


# Names of two countries at once: "the two Koreas", "inter-Korean talks".
_PAIRS = {"koreas": ("PRK", "KOR"), "inter-korean": ("PRK", "KOR"), "congos": ("COD", "COG"),
          "sudans": ("SDN", "SSD")}
_PAIR_NAMES = re.compile(r"\b(?:two|both)\s+(?P<plural>Koreas|Congos|Sudans)\b|\b(?P<adjective>inter-Korean)\b", re.I)


@dataclass
class _SentenceFacts:
    sentence: Sentence
    sources: list[SourceMention]
    countries: list[CountryRef]
    places: list[Mention]
    mentions: list[EventMention] = field(default_factory=list)


_CAPS_DATELINE = re.compile(r"^[ \t]*[A-Z][A-Z/.'’ -]{2,40}" + _DATELINE_COUNTRY.replace(r"\(", r"\(|[—–]") +
                            r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([^)\n]{1,25}\))?\s*[—–]+\s*"
                            r"|^[ \t]*[A-Z][A-Z/.'’ -]{2,40}\s+--\s+", re.M)


def datelines(text: str) -> list[tuple[int, int]]:
    """The spans of the article's datelines ("CARACAS (Reuters) –", "SANTA CRUZ, Bolivia, July 10 (Reuters) -")."""
    spans = []
    match = _DATELINE.match(text)
    if match:
        spans.append(match.span())
    head = text[:600]
    for caps in _CAPS_DATELINE.finditer(head):
        if sum(1 for c in caps.group() if c.isupper()) >= 3:
            spans.append(caps.span())
    return spans


_DATELINE_CITY = re.compile(r"\s*([A-Z][A-Za-z .'’-]*?[A-Za-z]),\s*([A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})\b")


def dateline_towns(text: str, gazetteer: Gazetteer) -> dict[str, str]:
    """The city of each dateline that names its state ("SANTA CRUZ, Bolivia, ..."), folded, with that state.

    The dateline is no place, but it says where its city is: the same name in the body is that state's town,
    not a town of that name elsewhere (Santa Cruz in Bolivia, not in the Philippines).
    """
    towns = {}
    for a, b in datelines(text):
        named = _DATELINE_CITY.match(text, a, b)
        state = named and gazetteer.lookup(named.group(2))
        if state is not None and state.kind == "country":
            towns[fold(named.group(1))] = state.iso3
    return towns


def masked(text: str) -> str:
    """The text with datelines and reporting credits blanked out (same length, so offsets hold)."""
    chars = list(text)
    spans = datelines(text)
    spans.extend(m.span() for m in _CREDIT.finditer(text))
    for a, b in spans:
        for i in range(a, b):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def extra_places(text: str, gazetteer: Gazetteer, known: list[Mention]) -> list[Mention]:
    """Places named by a phrase ("the North Korean port of Rason") that no gazetteer lists."""
    found = []
    for match in routes_mod.PLACE_PHRASE.finditer(text):
        start, end = match.span("name")
        covering = next((m for m in known if m.start <= start < m.end), None)
        if covering is not None:
            if covering.kind == "region" and covering.start == start:
                # "the Slovenian city of Nova Gorica": after a town noun a region's name is its town
                found.append(Mention(covering.start, covering.end, covering.text,
                                     Entry("city", covering.iso3, covering.text)))
            continue
        adjective = (match.group("adj") or "").strip()
        country = None
        for mention in gazetteer.find(adjective):
            if mention.kind in ("country", "demonym"):
                country = mention.iso3
        if country:
            name = match.group("name")
            found.append(Mention(start, end, name, Entry("city", country, name)))
    for match in routes_mod.PLACE_IN_COUNTRY.finditer(text):
        start, end = match.span("name")
        if any(m.start <= start < m.end for m in [*known, *found]):
            continue
        entry = gazetteer.lookup(match.group("adj"))
        if entry is not None and entry.kind == "country" and gazetteer.lookup(match.group("name")) is None:
            found.append(Mention(start, end, match.group("name"), Entry("city", entry.iso3, match.group("name"))))
    # A link between a known town and an unknown one across the article's likeliest border: the unknown
    # end is a town of the other country ("the ferry between Aswan and Wadi Halfa")
    frames = list(routes_mod.ROUTE_FRAME.finditer(text))
    pair = [iso3 for iso3, _ in Counter(m.iso3 for m in known if m.kind in ("country", "demonym")).most_common(2)] \
        if frames else []
    names = [*known, *found]
    for match in frames if len(pair) == 2 else ():
        spans = [match.span(g) for g in ("a", "b", "c", "d") if match.group(g)]
        ends = [next((m for m in names if m.start < b and a < m.end), None) for a, b in spans]
        unknown = [span for span, end in zip(spans, ends) if end is None]
        towns = [end for end in ends if end is not None and end.kind in ("city", "capital")]
        if len(unknown) != 1 or len(towns) != 1 or towns[0].iso3 not in pair:
            continue
        name = text[unknown[0][0]:unknown[0][1]]
        listed = gazetteer.lookup(name)
        if listed is not None and listed.kind == "city":
            found.append(Mention(unknown[0][0], unknown[0][1], name, listed))  # a small town, read in a link's frame
            names.append(found[-1])
        elif listed is None:
            other = pair[1] if towns[0].iso3 == pair[0] else pair[0]
            found.append(Mention(unknown[0][0], unknown[0][1], name, Entry("city", other, name)))
            names.append(found[-1])
    return found


def _dates_compatible(a: str | None, b: str | None) -> bool:
    return not a or not b or a.startswith(b) or b.startswith(a)


def _similar_names(a: str, b: str) -> bool:
    words_a, words_b = set(fold(a).split()) - _NAME_FILLER, set(fold(b).split()) - _NAME_FILLER
    if not words_a or not words_b:
        return False
    return len(words_a & words_b) / min(len(words_a), len(words_b)) >= 0.6


_NAME_FILLER = {"the", "a", "an", "of", "on", "to", "and", "with", "for", "agreement", "deal"}


_PERFECT_BEFORE = re.compile(r"\b(?:has|have)\s+(?:\w+ly\s+)?(?:also\s+)?$", re.I)
_PERFECT_TRIGGER = re.compile(r"(?:has|have)\s", re.I)


def _carry_dates(mentions: list[EventMention], sentence: str, past: list, future: list, report_dates: set[int]) -> None:
    """Dates that govern more than their own clause.

    A fronted date ("Earlier in August, following talks, China and India agreed ...") dates the
    sentence's undated events; a participle clause ("visited North Korea last week, ... signing
    a deal") happens when its main verb did.
    """
    first_trigger = min((m.start for m in mentions), default=len(sentence))
    lead = re.match(r"[^,;]{0,40},", sentence)
    for mention in mentions:
        if mention.date:
            continue
        dates = future if mention.status == "expected" else past
        fronted = [d for d in dates if d.value and not d.since and d.start not in report_dates
                   and lead and d.end <= lead.end() <= first_trigger]
        if fronted:
            mention.date = fronted[0].value
            continue
        said_then = [d for d in past if d.value and d.start in report_dates and d.end <= mention.start]
        if mention.status == "happened" and said_then and re.fullmatch(
                r"\s*(?:that\s+)?(?:it|they|he|she|the\s+\w+|(?-i:[A-Z])[\w'’-]+)\s+(?:is|are|was|were)\s+|"
                r"\s*(?:the\s+|a\s+|an\s+|new\s+)*(?:[\w-]+\s+){0,2}(?:of\s+)?",
                sentence[said_then[-1].end:mention.start], re.I) and (
                mention.trigger.split()[0].lower().endswith("ing") or not re.search(r"\b(?:is|are|was|were)\s+$",
                                                                          sentence[:mention.start])):
            # "China said Tuesday it was expelling the consul", "announced Thursday the imposition of
            # sanctions": the act is the announcement, so the day of saying dates it
            mention.date = said_then[-1].value
            continue
        said_after = [d for d in past if d.value and d.start in report_dates and d.start >= mention.end]
        if mention.status == "happened" and said_after and (
                _PERFECT_BEFORE.search(sentence[:mention.start]) or _PERFECT_TRIGGER.match(mention.trigger)):
            # "Kuwait has closed its border crossing, KUNA said on Monday": news told in the present perfect
            # is as recent as the report of it, so the day of saying dates it (the dev gold does so)
            mention.date = said_after[0].value
            continue
        if mention.trigger.lower().endswith("ing"):
            earlier = [m for m in mentions if m.start < mention.start and m.date and m.status == mention.status]
            if earlier and re.search(r",\s+(?:\w+ly\s+)?(?:\w+ing\b|$)", sentence[earlier[-1].end:mention.start]):
                mention.date = earlier[-1].date
            elif not any(m.start < mention.start for m in mentions) and re.search(r",\s+(?:\w+ly\s+)?$", sentence[:mention.start]):
                # "A ferry made its first crossing on Saturday, restoring a sea link": the participle tells what
                # the main clause did, and the main clause tells no act of its own, so its date is the act's
                main = [d for d in dates if d.value and not d.since and d.start not in report_dates and d.end <= mention.start]
                if main:
                    mention.date = main[-1].value


# "Senegal and Mauritania said": a source made of states alone is those states speaking
_ONLY_STATES = re.compile(r"(?:both\s+)?(?:the\s+)?\x00(?:\s*(?:,|and|,\s+and)\s+(?:the\s+)?\x00)+")


def _states_masked(s_text: str, src: SourceMention, countries: list[Mention], offset: int) -> str:
    """The source's text with each country name in it replaced by a NUL mark."""
    text = s_text[src.start:src.end]
    for m in sorted(countries, key=lambda m: -m.start):
        a, b = m.start - offset - src.start, m.end - offset - src.start
        if 0 <= a and b <= len(text):
            text = text[:a] + "\x00" + text[b:]
    return text


def _main_dyad(facts: list[_SentenceFacts]) -> tuple[str, str] | None:
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for fact in facts:
        for ref in fact.countries:
            if not ref.excluded:
                counts[ref.iso3] += 1
                first.setdefault(ref.iso3, ref.start + fact.sentence.start)
    ranked = sorted(counts, key=lambda c: (-counts[c], first[c]))
    if len(ranked) < 2:
        return None
    return ranked[0], ranked[1]


def _agreement_parties(fact: _SentenceFacts, position: int, main_dyad: tuple[str, str] | None) -> list[str]:
    """The parties of an agreement named at ``position``: its clause's countries, then the likeliest partner."""
    usable = [c for c in fact.countries if not c.excluded]
    spans = clauses(fact.sentence.text)
    clause = next(((a, b) for a, b in spans if a <= position < b), (0, len(fact.sentence.text)))
    parties = list(dict.fromkeys(c.iso3 for c in usable if clause[0] <= c.start < clause[1]))
    if len(parties) >= 2:
        return parties
    if len(parties) == 1 and _WITH_NON_STATE.match(fact.sentence.text, position):
        return parties  # "Mali ended a 2015 peace agreement with northern separatist groups, mediated by Algeria"
    if main_dyad and (not parties or parties[0] in main_dyad):
        return list(dict.fromkeys([*parties, *main_dyad]))[:2]
    nearest = sorted((c for c in usable if c.iso3 not in parties), key=lambda c: abs(c.start - position))
    parties = list(dict.fromkeys([*parties, *(c.iso3 for c in nearest)]))[:2]
    if len(parties) < 2:
        # "Egypt's foreign minister said the treaty with Israel ...": the speaker's country is a party
        speakers = [c.iso3 for c in fact.countries if c.excluded and c.iso3 not in parties]
        parties = list(dict.fromkeys([*parties, *speakers]))[:2]
    return parties


_INSTITUTION_WORDS = {"ministry", "office", "government", "department", "agency", "council", "times", "news", "post",
                      "service", "authorities", "officials", "sources", "command", "bank", "committee", "parliament"}


# An anaphor that names a body of its own: "the government said" with no government named before
_AGENT_ANAPHOR = re.compile(r"government|ministry|presidency|cabinet")


def _dedupe_sources(names: list[SourceMention], publisher: str | None) -> list[SourceMention]:
    gazetteer = default_gazetteer()
    bare_states = set()
    for source in names:
        entry = gazetteer.lookup(source.name)
        if entry is not None and entry.kind in ("country", "capital"):
            bare_states.add(id(source))
    # "Belgrade denied..." next to "Serbia's energy ministry": the capital stands for the ministry.
    names = [s for s in names if id(s) not in bare_states
             or not any(o.country == s.country and id(o) not in bare_states for o in names if s.country)]
    # "Afghanistan ... Kabul responded": a country and its capital as sources are one government.
    seen_states: set[str] = set()
    deduped = []
    for s in names:
        if id(s) in bare_states and s.country:
            if s.country in seen_states:
                continue
            seen_states.add(s.country)
        deduped.append(s)
    names = deduped
    kept: list[SourceMention] = []
    publisher_key = fold(publisher or "")
    for source in names:
        key = fold(source.name)
        bare = re.sub(r"^(?:the|a|an)\s+", "", key)
        if not bare or source.anaphor and (not _AGENT_ANAPHOR.fullmatch(bare) or any(
                fold(o.name).split()[-1:] == bare.split()[-1:] or o.kind == source.kind for o in kept)):
            continue  # "the ministry said" after "Tanzania's foreign ministry" names it again; a first "the
            # government said", with no government named before, credits the government
        if bare in WIRE_SERVICES and (bare in publisher_key or not publisher_key):
            continue
        duplicate = False
        for other in kept:
            other_key = re.sub(r"^(?:the|a|an)\s+", "", fold(other.name))
            words, other_words = set(bare.split()), set(other_key.split())
            last, other_last = source.name.split()[-1], other.name.split()[-1]
            if last == other_last and last[:1].isupper() and "person" in (source.kind, other.kind) and \
                    fold(last) not in _INSTITUTION_WORDS:
                duplicate = True  # "Foreign Minister Penny Wong", then "Senator Wong"
                break
            if bare in other_key or other_key in bare or (
                    source.kind == "person" and words <= other_words) or (other.kind == "person" and other_words <= words):
                duplicate = True
                break
        if not duplicate:
            kept.append(source)
    return kept


def build_report(article: ArticleText, *, published: str | None = None, publisher: str | None = None,
                 url: str | None = None, title: str | None = None) -> dict[str, Any]:
    """The extraction report for an article already read into text."""
    gazetteer = default_gazetteer()
    text = article.text
    work = masked(text)
    published = published or article.published
    title = title or article.title
    pub_date = parse_published(published)
    notes = list(article.notes)
    if published and pub_date is None:
        notes.append(f"publication date {published!r} is not an ISO date: relative dates left unresolved")

    mentions = gazetteer.towns_of([m for m in gazetteer.find(work) if m.kind != "other"],
                                  towns_in=dateline_towns(text, gazetteer))
    extra = extra_places(work, gazetteer, mentions)
    towns = {m.start for m in extra}  # a region read as the town a place noun names gives way to it
    mentions = sorted([m for m in mentions if not (m.kind == "region" and m.start in towns)] + extra,
                      key=lambda m: m.start)
    mention_starts = [m.start for m in mentions]
    facts: list[_SentenceFacts] = []
    for sentence in split_sentences(work):
        if not sentence.text.strip():
            continue
        s_text = sentence.text
        sources = [clean for src in find_sources(s_text, gazetteer) if (clean := plausible_source(src)) is not None]
        refs, places = [], []
        first = bisect.bisect_left(mention_starts, sentence.start)
        last = bisect.bisect_left(mention_starts, sentence.end)
        states_speaking = {id(src) for src in sources if _ONLY_STATES.fullmatch(_states_masked(
            s_text, src, [m for m in mentions[first:last] if m.kind == "country"], sentence.start))}
        for mention in mentions[first:last]:
            local = mention.start - sentence.start
            if mention.kind in ("city", "capital") and not stands_for_its_government(work, mention):
                places.append(mention)
            if mention.kind not in ACTOR_KINDS:
                continue
            # A country named inside a source is not an actor ("Japan's NHK"), unless the source is
            # the country itself ("Egypt denied that it had suspended...").
            in_source = any(src.start <= local < src.end and fold(src.name) != fold(mention.text)
                            and id(src) not in states_speaking for src in sources)
            ally = bool(_ALLY.match(s_text[mention.end - sentence.start:])) or bool(
                re.search(r"\b(?:pro|anti)-$", s_text[:local], re.I)) or bool(  # "pro-Palestinian activists" are no party
                _MEDIATOR_AFTER.match(s_text[mention.end - sentence.start:]) or _MEDIATOR_BEFORE.search(s_text[:local]))
            refs.append(CountryRef(mention.iso3, local, mention.end - sentence.start, mention.kind, in_source or ally))
        for pair in _PAIR_NAMES.finditer(s_text):
            group = "plural" if pair.group("plural") else "adjective"
            for iso3 in _PAIRS[pair.group(group).lower()]:
                refs.append(CountryRef(iso3, pair.start(group), pair.end(group), "country"))
        refs.sort(key=lambda r: r.start)
        facts.append(_SentenceFacts(sentence, sources, refs, places))

    main_dyad = _main_dyad(facts)
    aside_actors: list[str] = []
    sentence_times: list[SentenceDates] = []
    thread = DateThread(pub_date)  # what "a year later" and "the same day" count from
    for index, fact in enumerate(facts):
        s_text = fact.sentence.text
        past, future = thread.read(s_text)
        report_dates = {d.start for d in past if _REPORT_VERB_BEFORE.search(s_text[:d.start])
                        or _DENIAL_AFTER.match(s_text, d.end)}
        blocked = [(s.start, s.end) for s in fact.sources]
        fact.mentions = find_event_mentions(s_text, index, fact.countries, past, future, blocked, report_dates, main_dyad)
        _carry_dates(fact.mentions, s_text, past, future, report_dates)
        sentence_times.append(SentenceDates(s_text, past, future, report_dates, fact.mentions))
        for mention in fact.mentions:
            if _BOTH.search(s_text) and main_dyad and not set(main_dyad) <= set(mention.actors) and (
                    len(mention.actors) < 2 or not set(mention.actors) & set(main_dyad)):
                mention.actors = list(main_dyad)  # "both countries", "their border": the article's pair
            if mention.type == "statement" and len(mention.actors) <= 1:
                # "Israel's foreign minister accused Turkey's president ...": the speaker's country speaks;
                # "Mali's transitional government called the downing 'a hostile act'": it speaks alone
                speakers = [ref.iso3 for ref in fact.countries if ref.excluded and ref.iso3 not in mention.actors
                            and any(src.start <= ref.start < src.end for src in fact.sources)]
                if speakers:
                    mention.actors = [speakers[0], *mention.actors]
            if not (mention.type == "sanction" and _BLOC.search(s_text)):
                complete_actors(mention, main_dyad)  # but "the EU threatened Ankara with sanctions": a bloc imposes them
        # A two-party event with one known party, outside the article's pair ("the US has imposed
        # sanctions on RZD"), is about someone else: not an event of these relations.
        for mention in fact.mentions:
            if main_dyad and len(mention.actors) > 2 and set(main_dyad) <= set(mention.actors):
                aside_actors.extend(a for a in mention.actors if a not in main_dyad)
                mention.actors = list(main_dyad)  # "condemned the US decision and Israel's use of force": the pair acts
        aside = [m for m in fact.mentions if m.actors and main_dyad and (
            len(m.actors) == 1 and m.type in BILATERAL_TYPES and m.actors[0] not in main_dyad
            or len(m.actors) >= 2 and not set(m.actors) & set(main_dyad))]  # "Brazil, Colombia and Argentina condemned"
        aside_actors.extend(a for m in aside for a in m.actors)  # still states that act in the article
        if main_dyad and _BLOC_PARTNER.search(s_text):
            # "Sandu will travel to Brussels next week for talks with European Union leaders": a visit or talks of one
            # side with a bloc, the town its seat; no event of the pair, and the town's state no actor
            aside.extend(m for m in fact.mentions if m.type in ("visit", "negotiation") and len(m.actors) == 2
                         and len(set(m.actors) & set(main_dyad)) == 1)
        fact.mentions = [m for m in fact.mentions if m.actors and m not in aside]
        sentence_times[-1].mentions = fact.mentions
    date_across_sentences(sentence_times)

    # Events
    all_mentions = [m for fact in facts for m in fact.mentions]
    events: list[dict[str, Any]] = []
    claim_of_sentence: dict[int, int] = {}
    claims: list[dict[str, Any]] = []
    last_named: SourceMention | None = None
    for fact_index, fact in enumerate(facts):
        named = [src for src in fact.sources if not src.anaphor]
        # "according to the report", "the agency said": the source named last before
        attributed = named[0].name if named else (last_named.name if fact.sources and last_named else None)
        if named:
            last_named = named[-1]
        if not fact.mentions:
            continue
        s = fact.sentence
        cue = find_hedge(s.text)
        statuses = {m.status for m in fact.mentions}
        certainty = ("denied" if statuses == {"denied"} else "speculative" if cue else
                     "expected" if statuses == {"expected"} else "reported" if "reported" in statuses or attributed
                     else "confirmed")
        claim_of_sentence[fact_index] = len(claims)
        claims.append({"text": text[s.start:s.end], "attributed_to": attributed, "hedged": bool(cue),
                       "hedge_cue": cue, "certainty": certainty, "start": s.start, "end": s.end, "events": []})
    for group in merge_mentions(all_mentions, pub_date):
        head = group[0]
        dates = [m.date for m in group if m.date and not m.soft_date] or [m.date for m in group if m.date]
        date = max(dates, key=len) if dates else None
        status = Counter(m.status for m in group).most_common(1)[0][0]
        if "happened" in {m.status for m in group} and status == "reported":
            status = "happened"
        event_index = len(events)
        sentence_indexes = sorted({m.sentence_index for m in group})
        for si in sentence_indexes:
            claims[claim_of_sentence[si]]["events"].append(event_index)
        first = facts[head.sentence_index].sentence
        events.append({
            "type": head.type, "actors": list(head.actors), "date": date, "status": status,
            "evidence": text[first.start:first.end], "trigger": head.trigger,
            "claims": [claim_of_sentence[si] for si in sentence_indexes],
        })

    # Places and routes
    place_list: list[dict[str, Any]] = []
    place_key: dict[tuple[str, str], int] = {}
    def default_mode() -> str | None:
        return routes_mod.article_mode(work)

    routes: list[dict[str, Any]] = []
    route_keys: set[tuple[str, frozenset[str]]] = set()
    last_place: int | None = None
    for fact in facts:
        local_places = []
        for mention in fact.places:
            surface = re.sub(r"['’]s?$", "", mention.text)
            key = (fold(mention.entry.name), mention.iso3)
            if key not in place_key:
                place_key[key] = len(place_list)
                place_list.append({"name": surface, "country": mention.iso3, "canonical": mention.entry.name})
            local_places.append((mention, place_key[key]))
        template = fact.sentence.text
        for i, (mention, _) in reversed(list(enumerate(local_places))):
            a, b = mention.start - fact.sentence.start, mention.end - fact.sentence.start
            template = template[:a] + f"@P{i}@" + template[b:]
        for found in routes_mod.find_routes(template, default_mode, None):
            a = local_places[found.a][1]
            b = local_places[found.b][1] if found.b is not None else None
            ends = frozenset({place_list[a]["name"], place_list[b]["name"] if b is not None else ""})
            key = (found.mode, ends)
            if key in route_keys:
                continue
            route_keys.add(key)
            routes.append({"mode": found.mode, "from": place_list[a]["name"],
                           "to": place_list[b]["name"] if b is not None else "",
                           "from_country": place_list[a]["country"],
                           "to_country": place_list[b]["country"] if b is not None else None,
                           "from_canonical": place_list[a]["canonical"],
                           "to_canonical": place_list[b]["canonical"] if b is not None else None})
        if local_places:
            last_place = local_places[-1][1]
    full_ends = {(r["mode"], r["from"]) for r in routes if r["to"]} | {(r["mode"], r["to"]) for r in routes if r["to"]}
    routes = [r for r in routes if r["to"] or (r["mode"], r["from"]) not in full_ends]
    del last_place

    # Agreements
    agreement_list: list[dict[str, Any]] = []
    # Named agreements first, over the whole article, so that "they agreed to ..." in the lead does not
    # stand in for "the joint declaration" named further down.
    named_in = [agreements_mod.find_agreements(fact.sentence.text) for fact in facts]
    # A verb's agreement in a sentence that names one counts only when it ends before the named one
    # ("agreed to step up defence cooperation and signed a declaration on border security").
    verbal_in = [[] if not any(m.type == "agreement" for m in fact.mentions) else
                 [v for v in agreements_mod.find_verbal_agreements(fact.sentence.text)
                  if all(v.end <= n.start for n in named)] for fact, named in zip(facts, named_in)]
    verbal = {id(found) for found_list in verbal_in for found in found_list}
    # "agreed to restore relations ..., in a deal brokered by China": the one-word noun of an adjunct after the verb's
    # agreement names that agreement, not another
    named_in = [[n for n in named if not (len(n.name.split()) == 1 and verbs and re.search(
        r"\b(?:in|under|as\s+part\s+of)\s+(?:a|an|the)\s+$", fact.sentence.text[:n.start], re.I))]
                for fact, named, verbs in zip(facts, named_in, verbal_in)]
    # "Under the deal", "the agreement": a bare definite noun names the agreement told already, so it
    # comes after the verbs' agreements and stands only when there is none
    def bare(fact: _SentenceFacts, found: agreements_mod.AgreementFound) -> bool:
        return len(found.name.split()) == 1 and bool(re.search(r"\b(?:the|this|that)\s+$", fact.sentence.text[:found.start], re.I))
    named_first = [[f for f in found_list if not bare(fact, f)] for fact, found_list in zip(facts, named_in)]
    named_bare = [[f for f in found_list if bare(fact, f)] for fact, found_list in zip(facts, named_in)]
    for fact, found_list in [*zip(facts, named_first), *zip(facts, verbal_in), *zip(facts, named_bare)]:
        for found in found_list:
            parties = _agreement_parties(fact, found.start, main_dyad)
            if not parties:
                continue
            # the date of its own clause: "since the Taliban took power in 2021" does not date a truce
            clause = next(((a, b) for a, b in clauses(fact.sentence.text) if a <= found.start < b),
                          (0, len(fact.sentence.text)))
            dates = [d for d in find_dates(fact.sentence.text, pub_date, future=found.status == "proposed")
                     if d.value and not d.since and clause[0] <= d.start < clause[1]]
            date = min(dates, key=lambda d: abs(d.start - found.start)).value if dates else None
            if any(fold(a["name"]) == fold(found.name) for a in agreement_list):
                continue
            another = bool(re.search(r"\balso\s+(?:\w+\s+){0,2}$", fact.sentence.text[:found.start], re.I))
            if any(set(a["parties"]) == set(parties) and (
                    id(found) in verbal and not another and a["status"] != "in_force" and a["evidence"] != fact.sentence.text
                    and _dates_compatible(a["date"], date) or _similar_names(a["name"], found.name))
                   for a in agreement_list):
                continue  # the same agreement told again, or restated by its verb ("they agreed to ..."), not a treaty in force
            if len(found.name.split()) == 1 and any(set(a["parties"]) == set(parties) for a in agreement_list) and \
                    bare(fact, found):
                continue  # "under the deal": the one already told
            if re.fullmatch(r"(?:\d+|several|two|three|four|five|many|some)?\s*(?:agreements|deals|accords|pacts|treaties|"
                            r"memorandums|MoUs)", found.name, re.I):
                continue  # "signed 20 agreements": a count of unnamed deals, no one agreement
            if agreement_list and len(found.name.split()) == 1 and re.search(
                    r"\b(?:the|this|that)\s+$", fact.sentence.text[:found.start], re.I):
                continue  # "reviving the deal": the one already named
            agreement_list.append({"name": found.name, "parties": parties, "date": date, "status": found.status,
                                   "evidence": fact.sentence.text})

    # Attach routes and agreements to the events about them
    for event in events:
        event["about"] = None
        if event["type"] in ("suspension", "resumption", "negotiation"):
            candidates = [i for i, r in enumerate(routes) if r["to"] and
                          {r["from_country"], r["to_country"]} == set(event["actors"])]
            mentioned = [i for i in candidates if routes[i]["from"] in event["evidence"] or routes[i]["to"] in event["evidence"]]
            if len(mentioned) == 1 or (not mentioned and len(candidates) == 1):
                event["about"] = {"route": (mentioned or candidates)[0]}
        if event["type"] == "agreement":
            for i, agreement in enumerate(agreement_list):
                if agreement["evidence"] == event["evidence"]:
                    event["about"] = {"agreement": i}

    # Countries and dyads
    countries: list[str] = []
    for event in events:
        for iso3 in event["actors"]:
            if iso3 not in countries:
                countries.append(iso3)
    countries.extend(iso3 for iso3 in dict.fromkeys(aside_actors) if iso3 not in countries)
    for fact in facts:
        if fact.mentions:
            for ref in fact.countries:
                cause = re.search(r"\b(?:owing\s+to|due\s+to|because\s+of|under\s+pressure\s+from|in\s+response\s+to)\s+"
                                  r"(?:\S+\s+){0,3}$", fact.sentence.text[:ref.start])
                if cause and not ref.excluded and ref.iso3 not in countries:
                    countries.append(ref.iso3)
    # The pairs the article is about: its main pair, any pair a route links, and any other pair
    # that acts together in more than one sentence. A pair met once ("Belgium summoned the Israeli ambassador",
    # "Muizzu later visited China, where he signed 20 agreements") is an aside.
    pair_counts: Counter[tuple[str, ...]] = Counter(
        tuple(sorted(event["actors"])) for event in events if len(event["actors"]) == 2)
    pair_sentences: dict[tuple[str, ...], set[int]] = {}
    for event in events:
        if len(event["actors"]) == 2:
            pair_sentences.setdefault(tuple(sorted(event["actors"])), set()).update(event.get("claims") or [id(event)])
    main_pair = tuple(sorted(main_dyad)) if main_dyad else None
    linked = {tuple(sorted((r["from_country"], r["to_country"]))) for r in routes if r["to_country"]}
    dyads = [list(pair) for pair in pair_counts if len(pair_sentences[pair]) > 1 or pair == main_pair or pair in linked]
    if not dyads and pair_counts:
        dyads = [list(pair_counts.most_common(1)[0][0])]
    if not events:
        named = list(dict.fromkeys(ref.iso3 for fact in facts for ref in fact.countries if not ref.excluded))
        if not named:
            notes.append("no country named: the article is kept as a document with no events")
        else:
            notes.append("no event found between the countries named: the article is kept as a document with no events")

    named_sources = _dedupe_sources([s for fact in facts for s in fact.sources], publisher)
    key = url or f"sha256:{article.sha256}"
    return {
        "document": {"iri": str(document_iri(key)), "title": title, "publisher": publisher, "url": url,
                     "published": published, "sha256": article.sha256, "format": article.format,
                     "encoding": article.encoding},
        "countries": countries,
        "dyads": dyads,
        "places": place_list,
        "routes": routes,
        "agreements": [{k: a[k] for k in ("name", "parties", "date", "status")} for a in agreement_list],
        "events": events,
        "sources_cited": [s.name for s in named_sources],
        "sources": [{"name": s.name, "kind": s.kind, "country": s.country} for s in named_sources],
        "claims": claims,
        "main_dyad": sorted(main_dyad) if main_dyad else None,
        "notes": notes,
    }


def read_sidecar(path: Path) -> dict[str, Any]:
    """The metadata in ``NAME.meta.json`` beside an article, if there is one."""
    sidecar = path.with_suffix(".meta.json")
    if not sidecar.is_file():
        return {}
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        line = getattr(err, "lineno", None)
        raise LoaderError(f"the metadata sidecar is not valid JSON ({err}); fix it or remove it",
                          SourceLocation(str(sidecar), line)) from err
    if not isinstance(data, dict):
        raise LoaderError("the metadata sidecar must hold a JSON object such as {\"published\": \"2024-06-26\"}",
                          SourceLocation(str(sidecar)))
    return data


def extract_report(path: Path | str, metadata: Any = None) -> dict[str, Any]:
    """Read one article file and return its extraction report.

    ``metadata`` is a :class:`dyad.loaders.base.SourceMetadata` (or any object with
    ``published``, ``publisher``, ``url`` and ``title``); values it leaves empty come from a
    ``NAME.meta.json`` sidecar, then from the HTML page itself.
    """
    path = Path(path)
    article = read_article(path)
    sidecar = read_sidecar(path)

    def pick(name: str) -> str | None:
        value = getattr(metadata, name, None) if metadata is not None else None
        return value or sidecar.get(name) or None

    return build_report(article, published=pick("published"), publisher=pick("publisher"), url=pick("url"),
                        title=pick("title"))
