"""Agreements: treaties, deals, accords, declarations, with their status.

An agreement is read where an agreement noun is governed by a verb that says what became
of it: signed ("signed", "inked", "concluded", "reached"), negotiating ("negotiating",
"talks on"), proposed ("proposed", "draft"), in force ("took effect"), terminated
("withdrew from", "scrapped"). Its name is the noun phrase as written: a capitalised name
("the Treaty of Friendship") or the description ("a bilateral deal that included a mutual
defence pledge").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The two sides agreeing a text ("agreed on the final text of a treaty", "initialled the text"): the agreement of the
# two is made, while the agreement it is the text of is still being negotiated (its signing to come)
TEXT_AGREED = r"(?:agreed|finali[sz]ed|approved|initial+ed)\s+(?:on\s+)?(?:the\s+|a\s+|an\s+)?(?:final\s+)?(?:text|draft|terms|wording)"
_NOUN = (r"agreements?|deals?|treat(?:y|ies)|accords?|pacts?|memorand(?:um|a|ums)(?:\s+of\s+understanding)?|MoUs?|joint\s+statements?|"
         r"declarations?|protocols?|conventions?|charters?|ceasefire|truce|armistice")
_STATUS_VERBS = [
    ("terminated", r"withdr(?:ew|awn|aw|awing)\s+from|quit(?:s|ting)?|walked\s+away\s+from|scrap(?:ped|s|ping)?|terminat(?:ed|es|ing)|tore\s+up|"
                   r"abandon(?:ed|s)?|pulled\s+out\s+of|suspend(?:ed|s)?|annul(?:led|s)?|exit(?:ed)?|end(?:ed|s)(?!\s+(?:without|with|in|up)\b)|revok(?:ed|es)|"
                   r"renounc(?:ed|es)"),
    ("in_force", r"(?:came|come|comes|entered|enter|coming)\s+into\s+(?:force|effect)|(?:took|take|takes|taking)\s+effect|"
                 r"in\s+force|in\s+effect|renew(?:ed|s|ing)?|extend(?:ed|s|ing)?"),
    ("signed", r"sign(?:ed|s|ing)?|ink(?:ed|s|ing)|conclud(?:e|ed|es|ing)|reach(?:ed|es|ing)?|str(?:uck|ike|iking)|"
               r"seal(?:ed|s|ing)|ratif(?:ied|y|ies|ying)|agreed|clinch(?:ed)?|exchang(?:ed|es|ing)"),
    ("negotiating", r"negotiat(?:ed|e|es|ing)|(?:talks|negotiations)\s+(?:on|over|for)|discuss(?:ed|es|ing)?|work(?:ing)?\s+on|draft(?:ing)?"),
    ("proposed", r"propos(?:ed|es|ing|al)|offer(?:ed|s)?|plan(?:ned|s)?|seek(?:s|ing)?|sought"),
]
# A signing that did not take place: "did not sign any agreement", "signed no deal". Failing to reach one is
# still a negotiation ("failed to reach an agreement"); not signing at all names no agreement.
_SIGNING_DENIED = re.compile(r"\b(?:did\s+not|didn't|never|no\s+(?:\w+\s+)?was)\s+(?:\w+ly\s+)?(?:sign|ink|seal|conclude)\w*\s+"
                             r"(?:any|an?|the)\s+(?:[\w-]+\s+){0,2}$|\b(?:signed|inked|sealed)\s+no\s+(?:[\w-]+\s+){0,2}$", re.I)
# A signing still to come: the verb before the noun is governed by a modal or a plan.
_PROSPECT_BEFORE = re.compile(
    r"\b(?:will|would|shall|to|set\s+to|expected\s+to|due\s+to|poised\s+to|plans?\s+to|planning\s+to|ready\s+to|"
    r"result\s+in|lead\s+to|pave\s+the\s+way\s+for)\s+(?:\w+\s+){0,2}(?:sign|signing|ink|seal|conclude|reach|strike|"
    r"clinch|ratify)\b(?:\s+[\w'’-]+){0,6}\s*$", re.I)
_PROSPECT_AFTER = re.compile(
    r"(?:\s+[^,.;]{0,40}?)?\s+(?:is|are|was|were)\s+(?:\w+ly\s+)?(?:due\s+|set\s+|expected\s+|scheduled\s+)?to\s+be\s+"
    r"|\s+(?:will|would|could|may)\s+be\s+", re.I)
# "a trade agreement between Indonesia and Australia was signed": the parties before the verb
_PARTIES_AFTER = r"(?:\s+(?:between|with)\s+[A-Z][\w'’-]*(?:\s+(?:and\s+)?[A-Z][\w'’-]*){0,3})?"
_NOUN_RE = re.compile(r"\b(?:" + _NOUN + r")\b", re.I)


_STOP_BEFORE = {"a", "an", "the", "its", "their", "his", "her", "this", "that", "new", "of", "to", "on", "signed",
                "signing", "sign", "reached", "inked", "struck", "concluded", "with", "and", "in", "quit", "reviving",
                "revive", "exchanged", "renewed", "extended", "ratified", "sealed", "a", "any", "no", "first", "last", "previous", "existing", "under", "from", "by", "agreed"}


@dataclass(frozen=True)
class AgreementFound:
    name: str
    status: str
    start: int
    end: int


def find_agreements(sentence: str) -> list[AgreementFound]:
    """Agreements named in one sentence, with the status the verb gives them.

    >>> [(a.name, a.status) for a in find_agreements("Ethiopia and Eritrea signed a peace deal in 2018.")]
    [('peace deal', 'signed')]
    """
    found: list[AgreementFound] = []
    for noun in _NOUN_RE.finditer(sentence):
        if noun.group().lower() in ("deal", "deals") and re.match(r"\s+with\b", sentence[noun.end():]):
            pass
        before = sentence[max(0, noun.start() - 80):noun.start()]
        status = None
        if re.search(r"\b" + TEXT_AGREED + r"\s+of\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}$", before, re.I):
            status = "negotiating"  # the text is agreed; nothing is signed yet
        for name, verbs in ([] if status else _STATUS_VERBS):
            if re.search(r"\b(?:" + verbs + r")\b(?:\s+[\w'’-]+(?:\.[\w'’-]*)*){0,6}\s*$", before, re.I):  # "a U.S.-brokered deal"
                status = name
                break
        after = sentence[noun.end():noun.end() + 60]
        if status == "signed" and _SIGNING_DENIED.search(before):
            continue  # "the two did not sign any agreement": no agreement exists, nor is one under way
        if status == "signed" and re.search(
                r"\b(?:fail(?:ed|s)?\s+to|did\s+not|didn't|could\s+not|couldn't|yet\s+to)\s+(?:\w+\s+){0,3}$", before, re.I):
            status = "negotiating"  # "failed to reach an agreement": still being negotiated
        if status == "signed" and _PROSPECT_BEFORE.search(before):
            status = "proposed"  # "set to sign", "will sign", "expected to result in the signing of"
        if status is None:
            for name, verbs in _STATUS_VERBS:
                if re.match(_PARTIES_AFTER + r",?\s+(?:was|were|has\s+been|had\s+been|(?:is|are)(?:\s+(?:due|set|expected|scheduled))?\s+to\s+be|"
                            r"is|are|will\s+be)?\s*(?:" + verbs + r")\b",
                            after, re.I):
                    status = name
                    break
            if status == "signed" and _PROSPECT_AFTER.match(after):
                status = "proposed"  # "a trade agreement ... is to be signed on Friday"
        if status is None and re.search(r"\b(?:brokered|mediated)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}$", before, re.I) or \
                status is None and re.match(r",?\s+(?:brokered|mediated)\s+by\b", after, re.I) and \
                not re.search(r"\b(?:1[89]|20)\d{2}\s+(?:[\w-]+\s+){0,2}$", before):
            status = "signed"  # "had brokered a first deal", "a declaration brokered by Turkey"; "the 1960 treaty, brokered by" stands
        if status is None and re.match(r"(?:\s+(?:that|which))?\s+(?:the\s+two\s+[\w-]+|both\s+(?:sides|countries|governments)|"
                                       r"they|(?-i:[A-Z])[\w'’-]+(?:\s+and\s+(?-i:[A-Z])[\w'’-]+)?)\s+(?:had\s+|have\s+|has\s+)?"
                                       r"(?:signed|inked|concluded|reached|struck|sealed)\b", after, re.I):
            status = "signed"  # "an agreement the two governments signed in 2019"
        if status is None and re.search(r"\bunder\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+|(?-i:[A-Z])[\w-]+['’]s\s+)?"
                                        r"(?:[\w-]+\s+){0,3}$", before, re.I):
            status = "in_force"  # "processed under Italy's deal with Albania": a deal that is being applied
        if status is None and noun.group()[:1].isupper() and (
                re.search(r"(?-i:[A-Z])[\w'’-]+\s+$", before) or re.match(r"\s+(?:of|on)\s+(?-i:[A-Z])", after)) and \
                not re.search(r"(?:^|[.!?]\s+)(?:\W*\w+\s+){0,1}$", before):
            status = "other"  # "the Prespa Agreement", "the Treaty of Friendship": named, so it exists; the text says no more
        if status is None and re.search(r"\b(?:1[89]|20)\d{2}\s+(?:[\w-]+\s+){0,2}$", before):
            status = "in_force"  # "the 1979 peace treaty": named by the year it was made, and standing
        if status is None:
            continue
        name, start, end = _name(sentence, noun.start(), noun.end())
        if not any(f.start <= start < f.end for f in found):
            found.append(AgreementFound(name, status, start, end))
    return found


def _name(sentence: str, start: int, end: int) -> tuple[str, int, int]:
    # Left: adjectives and capitalised words back to a determiner or verb.
    left = sentence[:start]
    words = list(re.finditer(r"[\w'’-]+", left))
    begin = start
    for position, word in enumerate(reversed(words[-5:])):
        w = word.group()
        if position == 0 and re.fullmatch(r"[a-z]+", w) and w not in _STOP_BEFORE:
            begin = word.start()  # a noun modifier right before the noun: "a supply agreement"
            continue
        if w.lower() in _STOP_BEFORE:
            break
        if not re.fullmatch(r"[A-Z][\w'’-]*|[a-z][\w-]*(?:al|ic|ive|ary|ual|ed|ing|ern|ian|ese|ish)|peace|trade|"
                            r"security|defen[cs]e|border|nuclear|grain|gas|arms|friendship|partnership|cooperation|"
                            r"free|strategic|mutual|economic|military|joint|\d{4}", w):
            break
        begin = word.start()
    # Right: "of/on/for X" and a relative clause ("that included ..."), up to punctuation.
    right = sentence[end:]
    tail = re.match(r"(?:\s+(?:between|with)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:and\s+)?[A-Z][\w'’-]*){0,3})?"
                    r"(?:\s+(?:of|on|for|that|which|including|covering|to)\b[^,.;:()\"“”]{0,80})?", right)
    stop = end + (tail.end() if tail else 0)
    name = re.sub(r"\s+(?:in|on|at|since|by|last|this|next)\s+(?:\w+\s+)?(?:(?:19|20)\d{2}|week|month|year|"
                  r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b.*$", "", sentence[begin:stop]).strip()
    name = re.sub(r"\s+during\s+.*$", "", name)  # "a memorandum ... during that visit": the occasion, not the name
    name = re.sub(r"\s+(?:in|at)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*$", "", name).strip()
    stop = begin + len(name)
    return name, begin, stop


_AGREED_TO = re.compile(
    r"\b(?:agreed|agree|agrees|have\s+agreed|has\s+agreed)\s+(?:on\s+(?:\w+day|\w+\s+\d{1,2})\s+|"
    # a place or time between the verb and what was agreed: "agreed in Addis Ababa last month to ease visa rules"
    r"(?:in|at|during|last|earlier)\s+[^,.;:()\"“”]{1,30}?\s+(?=(?:not\s+)?to\s))?"
    r"(?P<what>(?:not\s+)?(?:to|on)\s+[\"“]?(?!(?:meet|talk|hold|discuss|negotiate|continue|keep|consider|study|explore)\b)"
    r"[^,.;:()\"“”]{4,90})", re.I)


def find_verbal_agreements(sentence: str) -> list[AgreementFound]:
    """Agreements made by a verb with no agreement noun: "China and India agreed to promote trade".

    An agreement to meet or to keep talking is a plan for talks, not an agreement.

    >>> [(a.name, a.status) for a in find_verbal_agreements("Chile and Peru agreed to set up a joint commission.")]
    [('agreement to set up a joint commission', 'signed')]
    """
    found = []
    for match in _AGREED_TO.finditer(sentence):
        what = re.split(r"\s+(?:after|as|while|when|but|following|amid|despite|that|which|who)\s+|\s+and\s+(?:to\s+)?"
                        r"(?:discuss|hold|meet|talk|sign|signed|inked|review)\b|\s+(?:on|in|last|this|next)\s+"
                        r"(?:\w+day|week|month|year|(?:19|20)\d{2})\b", match.group("what"))[0].strip()
        words = what.split()
        if len(words) < 2 or re.match(r"(?:to|on)\s+(?:[\w-]+\s+){0,3}(?:talks|negotiations|dialogue|meetings?|consultations)\b",
                                      what, re.I):
            continue  # "agreed to resume talks": a plan for talks, read as a negotiation
        status = "proposed" if re.search(r"\b(?:will|would|could|may|might|expected\s+to|set\s+to)\s+(?:\w+\s+)?$",
                                         sentence[:match.start()], re.I) else "signed"
        end = match.start("what") + len(what)  # "agreed to X and signed a declaration": X ends before the declaration
        found.append(AgreementFound("agreement " + " ".join(words[:10]), status, match.start(), end))
    return found
