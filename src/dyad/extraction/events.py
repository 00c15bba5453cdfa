"""Events: who did what to whom, when, and how sure the sentence is.

A trigger lexicon (verbs and nouns per event type) finds candidate events in a sentence.
Each sentence is cut into clauses (at punctuation and subordinators); an event takes its
actors and its date from its own clause first, then from the sentence, then from the
article's main pair of countries for event types that always involve two parties (a
train service between two countries, talks, visits). Countries named inside a source
("Japan's NHK"), a cause ("owing to U.S. pressure") or as someone's allies are not actors.
Status comes from the words before the trigger: negation → denied; "may have",
"reportedly" → reported; modals, "to", "expected", "toward" → expected; else happened.
Mentions of the same event (same type, actors and time, compatible dates and objects) are
merged into one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from dyad.extraction.agreements import TEXT_AGREED
from dyad.extraction.dates import DateMention, names_a_thing
from dyad.extraction.lexicon_countries import demonyms
from dyad.extraction.patterns import FirstCharacterAlternation

BILATERAL_TYPES = {"suspension", "resumption", "negotiation", "agreement", "visit", "trade", "sanction",
                   "border_reopening", "border_closure", "other"}
UNILATERAL_TRIGGERS = re.compile(r"\btest|drills?\b|exercises?\b|no\s+(?:direct\s+)?comment|declined", re.I)

_SERVICE = (r"service|services|train|trains|flights?|routes?|rail|railway|bus|buses|ferry|ferries|links?|talks|"
            r"negotiations|cooperation|trade|exports?|imports?|aid|visas?|operations?|shipments|relations|ties|"
            r"deal|agreement|program|programme|exchanges?|travel|tourism|tours|traffic|crossings?|deliveries|"
            r"connections?|Express|air\s+travel|dialogue|consular|embass(?:y|ies)|border|borders|supplies|payments|"
            r"communications?|channels?|hotlines?|contacts?|shipping|deliveries|flows?|imports|investments?|"
            r"weapons|arms|ammunition")

# A verb's base form where it can only be a verb: after a modal, an auxiliary, "to" or a negation ("will close",
# "to expel", "did not sever"). Base forms that are also nouns or adjectives ("close", "free") are read only there.
_BEFORE_BASE = ("will", "would", "shall", "should", "could", "can", "may", "might", "must", "to", "not", "n't", "did",
                "does", "do", "'ll")


def _base(form: str) -> str:
    """``form`` as a trigger only right after one of :data:`_BEFORE_BASE` (fixed-width look-behinds, one each)."""
    return "(?:" + "|".join(f"(?<=\\b{re.escape(word)}\\s)" if word[0].isalpha() else f"(?<={re.escape(word)}\\s)"
                            for word in _BEFORE_BASE) + ")" + form


# (pattern, type, part of speech). Verbs carry tense; nouns take the clause's modality. Every verb is given in all
# its forms (base, -s, past, -ing); a base form that is also another word class goes through _base().
TRIGGERS: list[tuple[str, str, str]] = [
    # Ending a measure restores what it stopped: "lifted its ban on flights" is a resumption, not a sanction.
    (r"(?:lift(?:ed|s|ing)?|remov(?:e|ed|es|ing)|scrap(?:ped|s|ping)?|eas(?:e|ed|es|ing))\s+(?:the\s+|its\s+|their\s+|a\s+)?"
     r"(?:[\w-]+\s+){0,2}(?:ban|bans|restrictions?|sanctions|embargo|suspension|blockade|veto)|"
     # Ending a stoppage restores what it stopped: "ending a closure that had lasted since March"
     r"end(?:ed|s|ing)?\s+(?:the\s+|its\s+|their\s+|a\s+)?(?:[\w-]+\s+){0,2}(?:closure|shutdown|suspension|ban|"
     r"blockade|embargo|freeze|hiatus)", "resumption", "verb"),
    # A stoppage whose verb ends it: "the suspension of flights was lifted", "the closure of the crossing ended"
    (r"(?:suspension|closure|shutdown|ban|freeze|blockade|embargo)\s+(?:of|on)\s+(?:[\w'’.-]+\s+){0,7}?"
     r"(?:(?:was|were|has\s+been|have\s+been|had\s+been|is|are)\s+(?:\w+ly\s+)?(?:lifted|scrapped|removed|revoked|eased)|"
     r"(?:ended|ends)(?!\s+(?:in|with)\b))", "stop_ended", "verb"),
    (r"(?<!re)opening\s+of\s+(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,2}(?:borders?|crossings?|checkpoints?|frontier)",
     "border_reopening", "noun"),
    (r"exchang(?:ed|es|ing)\s+(?:\w+\s+)?fire|skirmish(?:es|ed)?|gunfire", "military", "noun"),
    (r"(?:(?<=will\s)buy|(?<=would\s)buy|buys|buying|bought|purchased|purchasing)\s+(?:[\w$.,%-]+\s+){0,4}(?:gas|oil|grain|wheat|rice|electricity|"
     r"coal|weapons|arms|fuel|crude|LNG|power|fertili[sz]ers?|goods)\b", "trade", "verb"),
    (r"suspend(?:ed|s|ing)?|(?:hold|held|holds|holding|put|puts|placed|kept|keep)\s+(?:the\s+|its\s+|their\s+)?"
     r"(?:[\w-]+\s+){0,6}in\s+abeyance", "suspension", "verb"),
    (r"suspensions?", "suspension", "noun"),
    (r"hiatus|freeze", "suspension", "noun"),
    (r"halt(?:ed|s|ing)?|stop(?:ped|s|ping)?|cancel(?:l?ed|s|l?ing)?|terminat(?:ed|es|ing)|cut\s+off|cuts\s+off|froze|frozen|"
     r"grounded|shut\s+down|(?:broke|break|breaks|breaking)\s+off|sever(?:ed|s|ing)?|scrapped|discontinued|collapsed|broke\s+down|"
     # a particle verb with a pronoun between: "broke them off", "shut it down"
     r"(?:broke|cut|shut|called)\s+(?:them|it)\s+(?:off|down)|"
     r"cut\s+(?:\w+\s+){0,2}(?:ties|relations|links|supplies|power|electricity|gas|oil|exports|imports|aid|funding)|"
     # reducing ties is a suspension of part of them: "downgraded diplomatic ties with Russia"
     r"downgrad(?:e|ed|es|ing)\s+(?:its\s+|their\s+|the\s+)?(?:\w+\s+){0,2}(?:ties|relations)|"
     r"not\s+(?:to\s+)?(?:renew|extend)",
     "suspension?", "verb"),
    (r"resum(?:e|ed|es|ing)|restart(?:ed|s|ing)?|relaunch(?:ed|es|ing)?|"
     r"re-?establish(?:ed|es|ing)?|rekindl(?:e|ed|es|ing)", "resumption", "verb"),
    (r"reopen(?:ed|s|ing)?", "reopen", "verb"),
    # A service told to run again: "the train will run again from Monday", "will fly between A and B again"
    (r"(?:fly|flies|flew|run|runs|ran|sail|sails|sailed|operate|operates|operated)(?=\s[^,.;]{0,50}?\bagain\b)",
     "resumption", "verb"),
    (r"beg[au]n|begins?|start(?:ed|s)?|launch(?:ed|es)?|inaugurat(?:e|ed|es|ing)", "start", "verb"),
    # Opening a link: "will open a new road bridge", "opened the rebuilt railway"
    (r"open(?:ed|s|ing)?(?=\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,3}(?:bridges?|railways?|rail\s+lines?|"
     r"roads?|highways?|motorways?|tunnels?|pipelines?|ferry\s+services?|train\s+services?|air\s+routes?)\b)", "start", "verb"),
    # People handed from one state to the other: "handed over 288 soldiers", "repatriated 173 nationals"
    (r"hand(?:ed|s|ing)?\s+over|repatriat(?:e|ed|es|ing)|deport(?:ed|s|ing)?|extradit(?:e|ed|es|ing)|"
     r"(?:prisoner|detainee)\s+(?:swap|exchange)|(?:swapp?|exchang)(?:ed|es|ing)?\s+(?:[\d,]+\s+)?(?:\w+\s+){0,2}"
     r"(?:prisoners|detainees|captives|prisoners\s+of\s+war)", "other", "verb"),
    # A state's assent to the other's request: "Turkey's parliament approved Sweden's bid to join NATO"
    (r"(?:approv(?:e|ed|es|ing)|ratif(?:y|ied|ies|ying)|endors(?:e|ed|es|ing))\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}(?:bid|request|application|"
     r"membership|accession)\b", "other", "verb"),
    # Goods starting to flow along a link: "Gas began flowing through the Iasi-Ungheni-Chisinau pipeline"
    (r"(?:gas|oil|crude|electricity|power|LNG)\s+(?:began|begins|started|starts|will\s+(?:begin|start))\s+(?:flowing|to\s+flow)",
     "trade", "verb"),
    # A state's national set free: "Iran freed Swedish diplomat Johan Floderus"
    (r"(?:freed|frees|freeing|" + _base("free") + r"|releas(?:e|ed|es|ing)|pardon(?:ed|s|ing)?)\s+(?:[\w'’.-]+\s+){0,3}?(?:diplomats?|prisoners?|detainees?|nationals?|"
     r"citizens?|journalists?|hostages?|soldiers|fishermen|sailors|crew|aid\s+workers?)\b", "other", "verb"),
    # Talks by telephone: "spoke by phone", "a phone call between the two presidents"
    (r"spoke\s+(?:by|on\s+the|over\s+the)\s+(?:tele)?phone|(?:tele)?phone\s+(?:call|conversation|talks)", "negotiation", "noun"),
    (r"restor(?:e|ed|es|ing)|reinstat(?:e|ed|es|ing)", "resumption?", "verb"),
    (r"resumption|reopenings?|restoration|comeback|(?:expected\s+|planned\s+)?return\s+of", "resumption_noun", "noun"),
    (r"negotiat(?:e|ed|es|ing)|discuss(?:ed|es|ing)?|(?:held|hold|holding|holds)\s+talks|in\s+talks|"
     r"met\s+with|(?:met|meet|meets|meeting)(?:\s+again|\s+\w+ly)?(?=\s+(?:for|on|in|at|during|with)\b)|"
     r"(?<!to\s)met(?=\s+(?:the\s+|with\s+)?(?-i:[A-Z]))|"
     r"(?<!to\s)(?:met|meet|meets|meeting)\s+(?:his|her|their|its)\s+(?:[\w-]+\s+){0,3}counterparts?|"
     r"(?:hold|held|holds|holding)\s+(?:a\s+|the\s+|their\s+)?(?:\w+\s+)?(?:summit|meeting)|"
     # the same in the passive: "Their last joint government session was held in Tirana in 2022"
     r"(?:summit|meeting|session|consultations)\s+(?:was|were|has\s+been|have\s+been|had\s+been|will\s+be|is\s+to\s+be)\s+held",
     "negotiation", "verb"),
    (r"negotiations?|talks|"
     # a round told without its noun: "A third round is planned in Yaounde"; "a round of sanctions" is none
     r"(?:new|next|second|third|fourth|fifth|sixth|seventh|fresh|further|another|latest|final)\s+round(?!\s+of\b)",
     "negotiation", "noun"),
    # an agreement a third state brokered is one between the two: "had brokered a first deal between the two",
    # "a declaration brokered by Turkey" (the broker is no party)
    (r"(?<![-.])(?:brokered|mediated)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}(?:deal|agreement|accord|pact|truce|ceasefire|declaration)|"
     r"(?<=\s)(?:deal|agreement|accord|pact|truce|ceasefire|declaration)\s+(?:brokered|mediated)\s+by", "agreement", "verb"),
    (r"agreed\s+(?:to|on)|agrees\s+(?:to|on)|agreed(?=\s+(?:in|at|during|last|earlier)\s+[^,.;:()\"“”]{1,30}?\s+(?:not\s+)?to\s)|agree[ds]?\s+(?=\d+\s)|" + TEXT_AGREED + r"|sign(?:ed|s|ing)?|inked|ratif(?:y|ied|ies|ying)|"
     r"(?:reach(?:ed|es|ing)?|str(?:uck|ike|ikes|iking)|conclud(?:e|ed|es|ing))\s+(?:an?\s+|the\s+)?(?:\w+\s+){0,2}(?:deal|agreement|accord|pact|treaty)",
     "agreement", "verb"),
    (r"visit(?:ed|s|ing)?(?=\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+|its\s+|their\s+)?(?-i:[A-Z]))|"
     r"(?<!\bon\s)travel(?:l?ed|l?ing|s)?\s+to|arriv(?:e|ed|es|ing)\s+in|flew\s+to|toured|"
     r"(?:was|were)\s+(?:briefly\s+)?in(?=\s+(?-i:[A-Z]))|"
     # a leader at the other's ceremony of state: "Arce had attended Lula's inauguration in Brasilia"
     r"attend(?:ed|s|ing)?\s+(?:[\w'’.-]+\s+){0,3}(?:inauguration|swearing-in|funeral|coronation|investiture)",
     "visit", "verb"),
    (r"(?:state|official|working|(?:\d|one|two|three|four|five|six|seven)[\w-]*-day)\s+visits?|visits?(?=\s+to\b)|"
     # "a planned visit by a delegation", but not the apposition that ranks one told ("the first visit by")
     r"(?<!first\s)(?<!second\s)(?<!third\s)(?<!last\s)visits?(?=\s+by\b)|trip\s+to", "visit", "noun"),
    # A state's nationals held by the other: "arrested 12 Georgian citizens", "nationals were detained in Yerevan"
    (r"(?:detain|arrest|jail|imprison)(?:ed|s|ing)?\s+(?:[\w'’.,-]+\s+){0,4}?(?:nationals?|citizens?|diplomats?|"
     r"journalists?|fishermen|sailors|soldiers|crew|businessm[ae]n|workers|students|tourists)\b|"
     r"(?:nationals|citizens|diplomats?|journalists?|fishermen|sailors|soldiers|crew|businessm[ae]n|workers|students|"
     r"tourists)\s+(?:were|was|have\s+been|has\s+been|had\s+been)\s+(?:\w+ly\s+)?(?:detained|arrested|jailed|imprisoned)",
     "other", "verb"),
    # The host's side of a visit: "Lula hosted Milei", "will receive his Kyrgyz counterpart"
    (r"(?:host(?:ed|s|ing)?|welcom(?:ed|es|ing)|receiv(?:ed|es|ing)|receive)(?=\s+(?:(?-i:[A-Z])[\w'’-]+|(?:his|her|their)\s+"
     r"(?:[\w-]+\s+)?counterparts?)\b)(?!\s+(?:the\s+)?(?-i:[A-Z])\w+\s+(?:summit|talks|meeting|conference|forum)\b)"
     # "welcomed Egypt's decision": the state's reaction to an act, not a guest
     r"(?!\s+(?-i:[A-Z])[\w'’-]*['’]s?\s+(?:[\w-]+\s+)?(?:decision|move|step|announcement|initiative|proposal|offer|"
     r"pledge|overture|gesture)s?\b)",
     "visit", "verb"),
    # The host's side when the guest is named by nationality and title: "received the Iranian foreign minister"
    (r"(?:host(?:ed|s|ing)?|welcom(?:ed|es|ing)|receiv(?:ed|es|ing)|receive)\s+(?:the\s+|a\s+|an\s+)?(?:visiting\s+)?"
     r"(?-i:[A-Z])[\w'’-]+\s+(?:foreign\s+|prime\s+|defen[cs]e\s+|trade\s+|deputy\s+|vice\s+|crown\s+)?"
     r"(?:minister|president|premier|leader|prince|king|delegation|envoy|chancellor|counterpart)\b", "visit", "verb"),
    # A mission opened: "opened an embassy in Tel Aviv", "the opening of the new US embassy"
    (r"open(?:ed|s|ing)?\s+(?:an?\s+|its\s+|their\s+|the\s+)?(?:new\s+)?(?:embass(?:y|ies)|consulates?)|"
     r"(?<!re)opening\s+of\s+(?:the\s+|its\s+|an?\s+)?(?:new\s+)?(?:[\w-]+\s+)?(?:embassy|consulate)", "other", "verb"),
    (r"export(?:ed|s)?\s+to|import(?:ed|s)?\s+from|bilateral\s+trade|trade\s+(?:between|with|volume)|"
     r"commercial\s+exchange|trade\s+(?:rose|fell|grew|increased|declined)", "trade", "noun"),
    (r"(?:impos(?:e|ed|es|ing)|introduc(?:e|ed|es|ing)|announc(?:e|ed|es|ing)|slapp?(?:ed|s)?)\s+(?:a\s+|an\s+|the\s+|its\s+)?"
     r"(?:[\w-]+\s+){0,2}bans?\s+on|sanction(?:s|ed|ing)?|embargo(?:es)?|tariffs?|levy|levies|(?:import\s+|customs\s+)?duties|revoked|blacklist(?:ed)?|export\s+controls|"
     r"(?:tighten(?:ed|s|ing)?|impos(?:e|ed|es|ing)|introduc(?:e|ed|es|ing))\s+(?:new\s+|fresh\s+|further\s+)?"
     r"(?:restrictions|curbs|limits)\s+on|"
     r"bann?(?:ed|s|ing)?\s+(?:them|it|(?:\w+\s+){0,3}(?:imports?|exports?|trucks|goods|flights|vessels|ships|entry|citizens|"
     r"products|airlines|carriers))", "sanction", "noun"),
    (r"invasion|invad(?:e|ed|es|ing)|attack(?:s|ed|ing)?|air\s?strikes?|strikes?|shell(?:ing|ed)|clash(?:es|ed)?|"
     r"offensive|bombing|incursion|(?:missile|nuclear)\s+tests?|test(?:ed)?\s+of\s+an?\s+(?:\w+[-\s]){0,3}missile|"
     r"drills|military\s+exercises|blew\s+up|blown\s+up|"
     r"sh(?:ot|oots|ooting)\s+down|downing\s+of|"
     r"fired\s+(?:water\s+cannons?|warning\s+shots|shots|missiles?|rockets?|shells|flares)|"
     r"(?:withdr(?:aw|ew|awn|awing)|pull(?:ed|s|ing)?\s+out|replac(?:e|ed|es|ing))\s+(?:its\s+|their\s+|the\s+|all\s+)?"
     r"(?:[\w-]+\s+){0,3}(?:troops|soldiers|forces|military\s+personnel)|(?:send|sent|sending|sends|deploy|deployed|deploying|deploys)\s+(?:\w+\s+){0,2}troops|troops\s+(?:entered|crossed)",
     "military", "noun"),
    # A ban told by the relative after it, its own act: "ending a ban it imposed in 2010"
    (r"(?:(?<=ban\s)|(?<=bans\s))(?:that\s+|which\s+)?(?:it|they)\s+(?:had\s+)?(?:imposed|introduced)", "sanction", "verb"),
    # Trade measures by their verbs: "restricted the import of garments from Bangladesh", "an anti-dumping probe"
    (r"(?:restrict(?:ed|s|ing)?|curb(?:ed|s|ing)?|barred|bars|blocked|blocks)\s+(?:the\s+|all\s+|its\s+)?(?:[\w-]+\s+){0,2}"
     r"(?:imports?|exports?|shipments|entry\s+of)|anti-(?:dumping|subsidy)\s+(?:probe|investigation|duties|tariffs)",
     "sanction", "noun"),
    (r"(?:rebut(?:ted|s)?|reject(?:ed|s)?|dismiss(?:ed|es)?)\s+(?:the\s+|their\s+|its\s+)?(?:[\w-]+\s+){0,2}"
     r"(?:accusations?|allegations?|claims?|charges?)|(?:lodg|fil|brought|bring|launch)(?:e|ed|es|ing|s)?\s+(?:a\s+|an\s+)?(?:[\w-]+\s+){0,2}?(?:complaint|protest|case|lawsuit|suit|"
     r"legal\s+challenge)|"
     r"call(?:ed|s)\s+(?:the\s+|this\s+|that\s+|it\s+|them\s+)(?:[\w-]+\s+){0,3}[\"“]?\s*(?:unjustified|unacceptable|"
     r"illegal|illegitimate|provocative|baseless|irresponsible|discriminatory|absurd)|"
     # a judgement passed on the other's act: "called the downing of the drone 'a hostile act'"
     r"call(?:ed|s|ing)\s+(?:the\s+|this\s+|that\s+|it\s+|them\s+|its\s+)(?:[\w'’-]+\s+){0,5}?[\"“]\s*(?:an?\s+|the\s+)?"
     r"(?:[\w-]+\s+){0,2}(?:hostile|unfriendly|provocation|aggression|interference|violation|breach|threat|fiction|lies?|"
     r"propaganda|mistake|blow)\b|"
     # welcoming the other's decision, voicing concern: the state's reaction is its statement
     r"welcom(?:ed|es|ing)\s+(?:the\s+|this\s+|that\s+|its\s+|their\s+|a\s+)?(?:[\w'’-]+\s+){0,2}(?:decision|move|step|"
     r"announcement|initiative|proposal|offer|outcome|gesture|pledge|overture)s?\b|"
     r"express(?:ed|es|ing)\s+(?:its\s+|their\s+|his\s+|her\s+)?(?:deep\s+|grave\s+|serious\s+|strong\s+)?"
     r"(?:concern|regret|disappointment|outrage|anger|dismay)\b|regrett(?:ed|s)\b|congratulat(?:ed|es|ing)\b|"
     # a state warning, not one warned ("diplomats have been warned that")
     r"(?<!been\s)(?<!were\s)(?<!was\s)(?<!be\s)warn(?:ed|s)(?=\s+(?:the\s+)?(?-i:[A-Z])|\s+(?:that|of|against)\b)",
     "statement", "verb"),
    (r"meetings?\s+between", "negotiation", "noun"),
    # A denial is its own act, denied: "Pakistan denied any role in the attack", "denied sheltering militants"
    (r"den(?:ied|ies|y|ying)\s+(?:any\s+|all\s+)?(?:role|involvement|responsibility|part|links?|wrongdoing|"
     r"(?!being\b)[a-z]+ing)\b", "statement", "verb"),
    (r"sent\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}(?:letter|note|message)\b|condemn(?:ed|s|ing)?|criticis(?:e|ed|es|ing)|criticiz(?:e|ed|es|ing)|denounc(?:e|ed|es|ing)|protest(?:ed|s)|"
     r"summon(?:ed|s|ing)?|accus(?:e|ed|es|ing)|(?:urg(?:ed|es)|called\s+on|pressed)(?=\s+(?:the\s+)?(?-i:[A-Z]))|(?:offered|gave|made)\s+no\s+(?:direct\s+|immediate\s+)?comment|"
     r"declined\s+to\s+comment", "statement", "verb"),
    (r"(?:closed|closes|closing|" + _base("close") + r")\s+(?:\w+\s+){0,2}(?:borders?|(?:border\s+)?crossings?)|"
     r"(?:borders?|(?:border\s+)?crossings?)\s+(?:was\s+|were\s+|had\s+been\s+|has\s+been\s+)(?:closed|shut|sealed)|borders?\s+(?:were\s+|was\s+)?closed|border\s+closures?|"
     r"seal(?:ed|s)?\s+(?:the\s+|their\s+|its\s+)?borders?|shut\s+(?:the\s+|their\s+|its\s+)?borders?",
     "border_closure", "verb"),
    (r"clos(?:ed|es|ing|ures?)|" + _base("close") + r"|shut(?:s|ting)?|seal(?:ed|s|ing)?", "close", "verb"),
    (r"(?:sen[dt]|sends|sending|provid(?:e|ed|es|ing)|deliver(?:ed|s|ing)?|pledg(?:e|ed|es|ing)|g(?:ave|ive|ives|iving)|"
     r"grant(?:ed|s|ing)?|extend(?:ed|s|ing)?|"
     r"offer(?:ed|s|ing)?|donat(?:e|ed|es|ing)|announc(?:e|ed|es|ing))\s+(?:\$?[\d.,]+\s+(?:million|billion)\s+"
     r"(?:in\s+|of\s+|worth\s+of\s+)?|\w+\s+){0,4}(?:aid|assistance|loans?|grants?|credit\s+lines?|donations?|"
     # goods given for relief: "sent 300 trucks of food and medicine"
     r"humanitarian\s+supplies|relief\s+(?:supplies|goods)|food\s+and\s+medicines?|medical\s+supplies)|donated",
     "aid", "verb"),
    # acts of a state's agents, not of a crowd: "police stormed the embassy", not "protesters stormed its embassy"
    (r"(?<!protesters\s)(?<!demonstrators\s)(?<!crowds\s)(?<!crowd\s)(?<!mob\s)(?<!gunman\s)(?<!gunmen\s)(?<!rioters\s)"
     r"(?<!students\s)(?<!militants\s)"
     r"(?:storm(?:ed|s|ing)?|raid(?:ed|s|ing)?|forced\s+(?:their|its)\s+way\s+into)\s+(?:the\s+|its\s+)?(?:[\w'’-]+\s+){0,2}"
     r"(?:embass(?:y|ies)|consulates?|mission)\b|"
     r"evacuat(?:e|ed|es|ing)\s+(?:its\s+|their\s+|the\s+|all\s+)?(?:[\w-]+\s+){0,2}(?:diplomats|embassy|staff|mission|"
     r"nationals|citizens)\b|"
     r"(?:build|builds|built|building|erect(?:ed|s|ing)?|construct(?:ed|s|ing)?)\s+(?:a\s+|an\s+|the\s+|its\s+)?"
     r"(?:[\w-]+\s+){0,3}(?:fence|wall|barrier)\b|"
     r"appoint(?:ed|s|ing)?\s+(?:new\s+|special\s+)?(?:ambassadors?|envoys?)|expel(?:l?ed|l?ing|s)?\s+(?:[\w'’]+\s+){0,3}(?:diplomats?|ambassadors?|consuls?|"
     r"envoys?|attach[eé]s?|counsell?ors?|(?:first|second|third)\s+secretar(?:y|ies)|charg[eé]s?\s+d['’]affaires|embassy\s+staff|(?:consular|embassy|military|diplomatic)\s+(?:officials|staff|advisers|personnel))|"
     r"order(?:ed|s|ing)?\s+(?:[\w'’-]+\s+){1,5}(?:diplomats?|ambassadors?|consuls?|envoys?|staff|officials|advisers|"
     r"personnel|attach[eé]s?)\s+to\s+leave|"
     # an expulsion by its formula: "declared two diplomats persona non grata", "was declared persona non grata"
     r"declar(?:e|ed|es|ing)\s+(?:[\w'’.-]+\s+){0,6}?persona\s+non\s+grata|persona\s+non\s+grata|"
     # an envoy called home, diplomats pulled out: "recalling its own ambassador", "had withdrawn its diplomats"
     r"recall(?:ed|s|ing)?\s+(?:its\s+|their\s+|the\s+)?(?:own\s+|top\s+)?(?:ambassadors?|envoys?|diplomats|charg[eé]s?\s+d)|"
     r"(?:withdr(?:aw|ew|awn|awing|aws)|pull(?:ed|s|ing)?\s+out)\s+(?:its\s+|their\s+|the\s+|all\s+)?(?:own\s+)?"
     r"(?:ambassadors?|envoys?|diplomats|diplomatic\s+staff|embassy\s+staff)",
     "other", "verb"),
]
# People named by what they are or by their nationality in the plural (the gazetteer's demonyms: "Uzbeks",
# "North Koreans", "Chinese"), right before a verb of travelling: people moving, not a state's visit.
_PEOPLE_NOUNS = (r"tourists?|citizens|nationals|workers|labou?rers|students|pilgrims|migrants|refugees|people|residents|"
                 r"fans|travell?ers|passengers|traders|businessmen")
_PEOPLES = sorted({form for form in demonyms() if form.endswith(("s", "ese")) and form[:1].isupper() and "-" not in form},
                  key=len, reverse=True)
_TRAVELLERS = re.compile(r"(?:\b(?i:" + _PEOPLE_NOUNS + r")|(?<![\w'’-])(?:" + "|".join(map(re.escape, _PEOPLES)) +
                         r"))\s+(?i:(?:have\s+|has\s+|had\s+)?(?:(?:\w+ly|also|now|already|even|still|again)\s+)?)$")
_SERVICE_RE = re.compile(r"\b(?:" + _SERVICE + r")\b", re.I)
_BORDER_RE = re.compile(r"(?<!cross-)\bborders?\b|border\s+crossings?|(?<!first\s)crossings?\b", re.I)
# Tried at a word start, only the triggers that can start with its character (same matches, fewer tries).
_TRIGGERS = FirstCharacterAlternation([(f"t{i}", f"\\b(?:{p})\\b") for i, (p, _, _) in enumerate(TRIGGERS)], re.I)

_CLAUSE_SPLIT = re.compile(
    r"[,;:()\"“”—–]|\s-\s|\s(?=(?:when|while|after|before|following|amid|as|because|due\s+to|owing\s+to|but|that|who|"
    r"whereas|although|which|where|in\s+the\s+aftermath\s+of|in\s+response\s+to|in\s+protest|until|since)\b)")
_CAUSAL = re.compile(r"^\W*(?:due\s+to|owing\s+to|because|amid|following|in\s+response\s+to|in\s+the\s+aftermath|"
                     r"in\s+protest)\b", re.I)
_NEGATION = re.compile(r"\b(?:not|n't|never|no\s+longer|stopp(?:ed|ing)\s+short\s+of|refrain(?:ed|s|ing)?\s+from|no\s+plans?\s+to|no\s+intention\s+(?:to|of)|denied|denies|deny|ruled\s+out|rejected\s+reports|"
                       r"dismissed\s+reports|refused\s+to|has\s+yet\s+to|have\s+yet\s+to)\b", re.I)
_FUTURE = re.compile(r"\b(?:will|'ll|shall|would|could|may|might|should|going\s+to|soon|plans?\s+to|planning\s+to|"
                     r"threat\w*|"
                     r"expected|planned|proposed|possible|potential|prospective|future|upcoming|likely|set\s+to|"
                     r"poised|scheduled|due\s+to|toward|towards|ready\s+to|aims?\s+to|hopes?\s+to|intends?\s+to|"
                     r"further|if|once|next|interested\s+in|keen\s+(?:on|to)|consider(?:s|ing)?|wants?\s+to|"
                     r"seeks?\s+to|seeking\s+to)\b", re.I)
_PAST_HEDGE = re.compile(r"\b(?:may|might|could|must)\s+have\b|\breportedly\b|\ballegedly\b|\bpurportedly\b|"
                         r"\b(?:is|are|was|were)\s+(?:said|believed|thought|reported)\s+to\s+have\b", re.I)
_DENIAL_VERB = re.compile(r"den(?:ied|ies|y|ying)\b", re.I)
# A negation inside a reported clause, then "and" and the main clause's next verb: the negation ends with the report
_REPORTED_NEGATION_THEN_AND = re.compile(
    r"\b(?:said|says|told\s+[\w'’-]+|added|complained|argued|insisted)\s+(?:that\s+)?(?:it|they|he|she|we|the\s+[\w-]+)\s+"
    r"(?:[\w'’-]+\s+){0,3}?(?:not|n't|never)\s+(?:[\w'’-]+\s+){1,6}?and\s+(?:then\s+|also\s+)?$", re.I)
_CALLED_OFF_BEFORE = re.compile(r"\b(?:cancell?(?:ed|ing|s)?|call(?:ed|s|ing)\s+off|scrapp(?:ed|ing)|scraps?|axed)\s+"
                                r"(?:[\w'’-]+\s+){0,5}$", re.I)
_CALLED_OFF_AFTER = re.compile(r"(?:\s+[\w'’.-]+){0,8}?\s+(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:\w+ly\s+)?"
                               r"(?:cancell?ed|called\s+off|scrapped|axed)\b", re.I)
# What a past cause made someone do happened: "That led the Chinese government to launch a probe ... and lodge a
# complaint" (an infinitive after "led X to" tells no plan)
_CAUSED_TO = re.compile(r"\b(?:ordered|forced|compelled|instructed|led|prompted|pushed|drove|spurred)\s+(?:[\w'’-]+\s+){1,6}"
                        r"to\s+[a-z]+(?:\s+[\w'’-]+){0,8}\s+(?:(?:and|or)\s+)?$", re.I)
_PLANNED_AFTER = re.compile(r"(?:\s+(?:of|on|with|between)\s+[^,.;]{0,40}?)?\s+(?:is|are|was|were)\s+(?:now\s+|also\s+|tentatively\s+)?"
                            r"(?:planned|scheduled|due(?!\s+to\s+(?:last|end|run|continue)\b)|slated)\b", re.I)
_PUT_OFF_BEFORE = re.compile(r"\b(?:postpon|delay|defer)\w*\s+(?:[\w'’-]+\s+){0,5}$", re.I)
_TOPIC_OF_PLAN = re.compile(r"\b(?:talks|negotiations?|negotiat(?:e|ed|es|ing)|discuss(?:ed|es|ing|ions?)?|plans?|proposals?|"
                            r"preparations?|prepar(?:e|ed|es|ing))\s+(?:[\w-]+\s+){0,2}?(?:on|about|over|for|regarding)\s+"
                            r"(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?:possible\s+|planned\s+|eventual\s+|gradual\s+)?$", re.I)
_TOPIC_BEFORE = re.compile(r"\b(?:over|about|regarding|concerning)\s+(?:the\s+)?$", re.I)
# A noun after a copula whose subject is a pronoun, "(this|it) is ... (not yet) a": it names what something is
_PREDICATE_NOUN = re.compile(r"\b(?:this|that|it|these|those)\s+(?:is|was|are|were|would\s+be|will\s+be)\s+"
                             r"(?:(?!(?:in|of|on|at|for|with|from|by|since|after|during|over)\b)[\w'’-]+,?\s+){0,6}?"
                             r"(?:not\s+(?:yet\s+)?)?(?:an?|the)\s+(?:[\w-]+\s+)?$", re.I)
_PRONOUN_OBJECT = re.compile(r"\s+(?:it|them)\b")
_TEMPORAL_CLAUSE = re.compile(r"\W*(?:when|once|after|before|until|as\s+soon\s+as)\b", re.I)
_PRESENT_THIRD = re.compile(r"[a-z]+(?<!s)s\b")  # "visits", "meets": not "talks" (a noun there) nor "discuss"
# the past forms of the verbs the triggers start with that do not end in -ed
_IRREGULAR_PAST = frozenset({"met", "held", "made", "took", "began", "went", "came", "shut", "cut", "sent", "spoke",
                             "broke", "flew", "led", "fought", "told", "struck", "froze", "drew", "threw", "withdrew",
                             "undertook", "overtook", "won", "lost", "left", "paid", "sold", "bought", "brought",
                             "kept", "hit", "set", "put", "saw", "gave", "ran", "rode", "sought", "stood"})


def _present_tense(trigger: str, before: str) -> bool:
    """A verb trigger in the present: "visits", "meets", and after a plural subject ("the two presidents meet",
    "they sign") the plain form; not "met", "signed", nor a noun after its determiner ("a closure")."""
    if _PRESENT_THIRD.match(trigger):
        return True
    head = trigger.split()[0].lower() if trigger.split() else ""
    return head.isalpha() and not head.endswith(("ed", "ing")) and head not in _IRREGULAR_PAST and bool(
        re.search(r"(?:\b(?:they|we)|[a-z]{3,}s)\s+$", before)) and not re.search(
        r"\b(?:a|an|the|its|their|his|her|of|this|that)\s+\S+\s+$", before)


_AFTER_BEFORE = re.compile(r"\b(?:after|since)\s+$", re.I)
_ONE_PARTICIPLE = re.compile(r"[a-z]+ed", re.I)
_CANCELLING = re.compile(r"cancel|call|scrap", re.I)
_THAT_CLAUSE = re.compile(r"\W*that\b")
# An attributive participle: "the reopened crossing", "its suspended flights"
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|its|their|his|her|this|that|these|those)\s+(?:newly\s+|recently\s+)?$", re.I)
_NOUN_AFTER = re.compile(r"\s+(?!(?:by|in|on|at|since|for|to|from|with|and|or)\b)\w")
_CONDITIONAL = re.compile(r"\b(?:if|unless|in\s+case|should\s+it\s+be)\s+(?:[\w'’-]+\s+){0,3}$", re.I)
_LASTING_AFTER = re.compile(r"\s+(?:(?:will|would|could|must|should|may|might)\s+)?(?:stay|stays|remain|remains|remained|"
                            r"stayed)\s+(?:in\s+(?:place|force|effect)|effective)\b", re.I)
_NOUN_TOPIC = re.compile(r"\b(?:about|regarding|concerning|on\s+the\s+subject\s+of|asked\s+about)\s+(?:the\s+|a\s+|its\s+)?$", re.I)


@dataclass
class CountryRef:
    """A country named in a sentence (by name, demonym, capital, city or leader), with its span."""

    iso3: str
    start: int
    end: int
    kind: str
    excluded: bool = False  # a source's country, an ally, or named in a cause


@dataclass
class EventMention:
    type: str
    trigger: str
    start: int  # in the sentence
    end: int
    status: str
    actors: list[str]
    date: str | None
    sentence_index: int
    signature: frozenset[str] = frozenset()
    objects: frozenset[str] = frozenset()  # what the clause is about: airspace, border, service, talks...
    soft_date: bool = False  # worked out from a duration ("a four-year hiatus"): yields to any stated date
    dates_seen: list[str] = field(default_factory=list)
    reciprocal: bool = False  # its sentence tells a response in kind ("in response", "in retaliation")
    answer: bool = False  # its own clause tells it as the answer ("responded on Wednesday by expelling", "in response")
    anaphor: bool = False  # "the reopening", "the suspension": a one-off happening told before, named again
    earlier: bool = False  # dated "earlier in August", "earlier this month": before the news, another happening
    also: bool = False  # "The two governments also signed a deal": one more act of its kind, not the one told before
    speaker: str | None = None  # a statement's speaker: the country named first before its verb
    perfect: bool = False  # told in the past perfect as narration ("Bourita had travelled to Nouakchott"): an earlier act


_WORD_START = re.compile(r"\b\w")


def _iter_triggers(sentence: str) -> Iterator[re.Match[str]]:
    """Trigger matches, left to right, not overlapping; tried only at word starts (several times faster)."""
    last_end = 0
    for word in _WORD_START.finditer(sentence):
        position = word.start()
        if position < last_end:
            continue
        match = _TRIGGERS.match(sentence, position)
        if match:
            last_end = match.end()
            yield match


_DENIAL_OF_GERUND = re.compile(r"den(?:ied|ies|y|ying)\s+(?:any\s+|all\s+)?(?=[a-z]+ing\b)", re.I)


def _denied_act(sentence: str, match: re.Match[str]) -> re.Match[str]:
    """A denial is typed by the act it denies when that act is itself a trigger ("Rwanda denied sending troops into
    Congo": a military act, denied, as the gold has it); "denied any role", "denied sheltering militants" stay the
    speaker's denial."""
    gerund = _DENIAL_OF_GERUND.match(match.group())
    if gerund is None:
        return match
    inner = _TRIGGERS.match(sentence, match.start() + gerund.end())
    if inner is None or TRIGGERS[int(inner.lastgroup[1:])][1] == "statement":
        return match
    return inner


def clauses(sentence: str) -> list[tuple[int, int]]:
    """Clause spans of a sentence: cut at punctuation and subordinating words."""
    cuts = [0]
    for match in _CLAUSE_SPLIT.finditer(sentence):
        cuts.append(match.start() if not match.group().strip() else match.end())
    cuts.append(len(sentence))
    spans = []
    for a, b in zip(cuts, cuts[1:]):
        if b > a:
            spans.append((a, b))
    return spans or [(0, len(sentence))]


def _clause_of(spans: list[tuple[int, int]], position: int) -> tuple[int, int]:
    for a, b in spans:
        if a <= position < b:
            return a, b
    return spans[-1]


def _refine_type(raw: str, clause_text: str, trigger_text: str) -> str | None:
    if raw not in ("suspension?", "suspension", "reopen", "resumption_noun", "resumption?"):
        has_object = border = None
    else:
        has_object = _SERVICE_RE.search(clause_text)
        border = _BORDER_RE.search(clause_text)
    if raw in ("suspension?", "suspension") and not has_object and re.search(
            r"\b(?:ministers?|officials?|deputies|deputy|players?|staff|employees|workers|members|journalists|judges?|"
            r"officers?|lawmakers|mps|teachers|students)\b", clause_text, re.I):
        return None  # "the ministers were suspended": people, not a link between the two
    if raw == "suspension?":
        if border and re.search(r"clos|shut|seal", trigger_text, re.I):
            return "border_closure"
        return "suspension" if has_object else "other"
    if raw == "reopen":
        return "border_reopening" if border else "resumption"
    if raw == "stop_ended":
        return "border_reopening" if _BORDER_RE.search(trigger_text) else "resumption"
    if raw == "resumption_noun":
        return "border_reopening" if border else "resumption"
    if raw == "close":
        return "border_closure" if re.search(r"\bborders?\b|\bcrossings?\b|checkpoints?|frontier|airspace|\bbridges?\b|"
                                             r"territorial\s+waters|\bports?\s+to\b", clause_text, re.I) else None
    if raw == "start":
        # "the flights may have begun in July", "launched a ferry service": a link between the
        # two countries comes into service; the schema has no "opening" type, resumption is nearest.
        if not re.search(r"\b(?:flights?|services?|trains?|routes?|ferr(?:y|ies)|bus(?:es)?|rail\s+links?|pipelines?|"
                         r"shipping\s+lines?|air\s+links?|bridges?|railways?|roads?|highways?|motorways?|tunnels?)\b",
                         clause_text, re.I):
            return None
        # A link built new has not come back: its opening is "other"; anything else reopens.
        # "start building a second bridge": a link being built or added is new, not back
        return "other" if re.search(r"\bnew(?:ly)?\b|\bfirst\b(?!\s+(?:time\s+)?(?:since|in)\b)|\b(?:second|third|another|"
                                    r"additional)\s+(?:[\w-]+\s+)?(?:bridges?|railways?|roads?|highways?|tunnels?|pipelines?|"
                                    r"crossings?|lines?)\b|\b(?:build|construct)\w*\b", clause_text, re.I) \
            else "resumption"
    if raw == "resumption?":
        return ("border_reopening" if border else "resumption") if has_object else None
    if raw == "agreement" and re.match(r"sign", trigger_text, re.I) and not re.search(
            r"\b(?:agreements?|deals?|treat(?:y|ies)|accords?|pacts?|memorand\w*|MoUs?|declarations?|protocols?|"
            r"conventions?|contracts?|charters?|ceasefire|truce|armistice)\b", clause_text, re.I):
        return None
    before_trigger = clause_text[:clause_text.find(trigger_text)] if trigger_text in clause_text else ""
    if raw == "visit" and _TRAVELLERS.search(before_trigger):
        # "more North Koreans have traveled to China", "Kazakhs have also travelled to Tashkent": people
        # travelling, not a state's visit; a people is one of the gazetteer's plural demonyms, so a leader's
        # surname that merely ends like one ("Prime Minister Anthony Albanese visited") is none
        return "other"
    if raw == "visit" and re.match(r"trav|flew|fl[yi]", trigger_text, re.I) and re.search(
            r"\b(?:flights?|planes?|aircraft|trains?|ships?|ferr(?:y|ies)|bus(?:es)?|airlines?|carriers?)\b|\bAir\s+[A-Z]",
            clause_text):
        return None  # "Air Koryo was traveling to Shanghai": a service, not a visit
    if raw == "sanction":
        if re.match(r"bann?(?:ed|s|ing)?\s+(?:them|it)\b", trigger_text, re.I) and not re.search(
                r"\b(?:imports?|exports?|goods|products|seafood|beef|grain|food|trade|shipments)\b", clause_text, re.I):
            return None
        if re.fullmatch(r"tariffs?|export\s+controls|levy|levies|(?:import\s+|customs\s+)?duties", trigger_text, re.I) and not re.search(
                r"\b(?:rais(?:e|ed|es|ing)|impos(?:e|ed|es|ing|ition)|hik(?:e|ed|es|ing)|slap(?:s|ped)?|lev(?:y|ied|ies)|"
                r"increas(?:e|ed|es)|tighten(?:ed|s)?|expand(?:ed|s)?|introduc(?:e|ed|es))\b", clause_text, re.I):
            return None
        if trigger_text.lower() == "revoked" and not re.search(r"favou?red\s+nation|status|licen[cs]e|visa", clause_text, re.I):
            return None
        return "sanction"
    if raw == "military" and re.fullmatch(r"strikes?", trigger_text, re.I) and not re.search(
            r"\b(?:air|missile|drone|military|launched|carried\s+out)\b", clause_text, re.I):
        return None
    if raw == "military" and re.match(r"attack", trigger_text, re.I) and re.search(r"\bcyber", clause_text, re.I):
        return "military"
    return raw


def _main_clause_before(sentence: str, start: int) -> str:
    """The clause a subordinate clause at ``start`` hangs on: back to the last comma or semicolon before it."""
    before = sentence[max(0, start - 160):start]
    return re.split(r"[,;:]", before)[-1]


def status_of(sentence: str, clause: tuple[int, int], trig_start: int, trig_end: int, pos: str) -> str:
    """happened / expected / reported / denied, from the words before the trigger."""
    window = sentence[max(clause[0], trig_start - 70):trig_start]
    window_words = " ".join(window.split()[-7:])
    trigger = sentence[trig_start:trig_end]
    wide = " ".join(sentence[max(0, trig_start - 90):trig_start].split()[-9:])
    if re.search(r"\b(?:denied|denies|deny|denying|rejected\s+reports|dismissed\s+reports)\b(?:\s+\w+){0,3}\s+that\b", wide, re.I):
        return "denied"  # "Poland denied on Friday that it had closed the border"
    negation = _NEGATION.search(window_words)
    if negation and _REPORTED_NEGATION_THEN_AND.search(sentence, max(0, trig_start - 120), trig_start):
        negation = None  # "said they had not been consulted and called the timing 'unacceptable'": not the calling
    denial_verb = negation and re.match(r"den|rejected|dismissed|ruled", negation.group(), re.I)
    if negation and not re.search(r"\bnot\s+only\b", window_words, re.I) and (denial_verb or not re.search(
            r"\b(?:whether|if|that|when|how|why|what)\b", window_words[negation.end():], re.I)):
        return "denied"  # but "did not say whether they would discuss" denies the saying, not the talks
    if _DENIAL_VERB.match(trigger):
        return "denied"  # the trigger is the denial itself
    if pos == "noun" and (_CALLED_OFF_BEFORE.search(window) or _CALLED_OFF_AFTER.match(sentence, trig_end, clause[1])):
        return "denied"  # "cancelled a planned visit", "a planned visit ... was called off": it will not happen
    if pos == "noun" and _PLANNED_AFTER.match(sentence, trig_end, clause[1]):
        return "expected"  # "A third round is planned in Yaounde in September": a noun whose verb plans it
    if pos == "noun" and _PUT_OFF_BEFORE.search(window):
        return "expected"  # "postponed his trip to Yerevan": still to come
    if _TOPIC_OF_PLAN.search(window):
        return "expected"  # "held talks on reopening the crossing": what talks or a plan are about is still to come
    if _PAST_HEDGE.search(window_words) or re.search(r"\breportedly\b|\ballegedly\b", sentence, re.I) and \
            not _FUTURE.search(window_words):
        return "reported"
    if re.search(r"\b(?:is|are|was|were)\s+(?:\w+ly\s+)?(?:due\s+)?to\s+be\s+(?:\w+ly\s+)?$", window, re.I):
        return "expected"  # "is to be signed on Friday"
    if re.search(r"\bto\s+(?:\w+ly\s+)?$", window) and not re.search(
            r"\b(?:due|owing|according|prior|thanks)\s+to\s+$|\b(?:continu\w*|began|begun|begin|started|starts?|keeps?|kept)"
            r"\s+to\s+(?:\w+ly\s+)?$|\b(?:ordered|forced|compelled|instructed|led|prompted|pushed|drove|spurred)\s+(?:[\w'’-]+\s+){1,6}to\s+$", window, re.I):
        return "expected"
    if re.search(r"\bto\s+(?!(?:and|from|the|a|an|its|their|his|her|our)\b)[a-z]+(?:\s+[\w-]+){0,8}\s+(?:and|or)\s+$",
                 sentence[max(clause[0], trig_start - 90):trig_start]) \
            and not re.search(
            r"\b(?:due|owing|according)\s+to\b", window, re.I) \
            and not _CAUSED_TO.search(sentence, max(clause[0], trig_start - 120), trig_start):
        return "expected"  # "agreed to restore relations and reopen embassies"
    if _FUTURE.search(window_words) or re.match(r"expected|planned", trigger, re.I):
        return "expected"
    if pos == "verb" and _TEMPORAL_CLAUSE.match(sentence, clause[0], clause[1]) and _present_tense(trigger, window) and \
            _FUTURE.search(_main_clause_before(sentence, clause[0])):
        # "is set to be signed when Anwar visits Jakarta", "are due to sign an agreement on a joint border post
        # when Chakwera visits Lusaka": the present of a future time
        return "expected"
    if re.match(r"(?:resum|reopen|restor|restart|relaunch)\w*ing\b", trigger, re.I) and re.search(
            r"\b(?:is|are)\s+(?:\w+ly\s+)?$", window, re.I):
        return "expected"  # "India and China are resuming direct flights": news of a return still to come
    gerund = trigger.lower().endswith("ing") and not re.search(r"\b(?:is|are|was|were|been|be)\s+(?:\w+ly\s+)?$", window, re.I)
    if gerund and _AFTER_BEFORE.search(window):
        return "happened"  # "will reopen the border, two years after closing it": what came before has happened
    if pos == "noun" or gerund:
        clause_text = sentence if gerund else sentence[clause[0]:clause[1]]
        if re.search(r"\b(?:will|would|could|may|might|should|likely|expected\s+to|set\s+to)\b", clause_text) or \
                re.search(r"\b(?:poised|set|ready)\s+for\b", clause_text) or \
                re.search(r"\bto\s+\w+\s+(?:the\s+|a\s+|an\s+|new\s+|further\s+)*$", window) and \
                not _CAUSED_TO.search(sentence, max(clause[0], trig_start - 120), trig_start):
            return "expected"
    return "happened"


def find_event_mentions(
    sentence: str,
    sentence_index: int,
    countries: list[CountryRef],
    dates_past: list[DateMention],
    dates_future: list[DateMention],
    blocked: list[tuple[int, int]],
    report_dates: set[int],
    main_dyad: tuple[str, str] | None = None,
) -> list[EventMention]:
    """Event mentions in one sentence. ``blocked`` spans (source names) hold no triggers."""
    spans = clauses(sentence)
    found: list[EventMention] = []
    triggers = []
    for match in _iter_triggers(sentence):
        if any(a <= match.start() < b for a, b in blocked):
            continue
        match = _denied_act(sentence, match)
        index = int(match.lastgroup[1:])
        _, raw, pos = TRIGGERS[index]
        clause = _clause_of(spans, match.start())
        clause_text = sentence[clause[0]:clause[1]]
        context = sentence[max(0, match.start() - 60):match.start()] + " " + clause_text + " " + \
            sentence[match.end():match.end() + 60] if raw in ("reopen", "resumption_noun") else \
            sentence[max(clause[0] - 40, 0):clause[0]] + " " + clause_text + " " + sentence[match.end():match.end() + 60]
        if raw == "sanction" and re.match(r"ban", match.group(), re.I):
            context = sentence  # "banned them": what "them" is lies anywhere in the sentence
        elif _PRONOUN_OBJECT.match(sentence, match.end()):
            # "more than two years after closing it in July 2023": what "it" is was named before in the sentence
            context = sentence[:match.start()] + " " + context
        etype = _refine_type(raw, context, match.group())
        if etype is None:
            continue
        if raw == "start" and re.search(r"\b(?:the|a|an|its)\s+$", sentence[:match.start()], re.I) and \
                not _SERVICE_RE.search(sentence[match.end():match.end() + 40].split(",")[0]):
            continue  # "the start of the pandemic": a noun, and no link begins
        if pos == "noun" and _NOUN_TOPIC.search(sentence[:match.start()]):
            continue
        if pos == "noun" and _LASTING_AFTER.match(sentence, match.end()):
            continue  # "the sanctions would stay in place until ...": a measure told as lasting, no new happening
        if pos == "verb" and _ONE_PARTICIPLE.fullmatch(match.group()) and \
                _DETERMINER_BEFORE.search(sentence, max(0, match.start() - 24), match.start()) and \
                _NOUN_AFTER.match(sentence, match.end()):
            continue  # "met at the reopened crossing": a participle describing a thing, no happening told
        if pos == "noun" and _PREDICATE_NOUN.search(sentence[max(0, match.start() - 80):match.start()]):
            continue  # "This is a firm protest, not yet a sanction": a label for what was done, not a happening
        if _CONDITIONAL.search(sentence[clause[0]:match.start()]) and not re.search(
                r"\b(?:the|its|their|these|those)\s+$", sentence[:match.start()], re.I):
            continue  # "to come to the other's aid if attacked": a hypothesis; but "if the talks fail" presumes talks
        if etype == "statement" and _words_not_a_statement(sentence, match):
            continue
        if etype != "statement" and _OBSTRUCTED.search(sentence, max(clause[0], match.start() - 60), match.start()):
            etype = "other"  # "had blocked the opening of North Macedonia's talks": the blocking is the act, not talks
        if etype == "military" and re.search(r"\bcall(?:ing|ed|s)?\s+(?:it|them|this|that|the\s+\w+)\s+(?:an?\s+)?(?:\w+\s+)?$",
                                             sentence[:match.start()], re.I):
            continue  # "calling them an attack on the people": a figure of speech
        if etype == "trade" and pos == "noun" and re.search(
                r"^(?:\s+[\w-]+){0,6}?\s+(?:is|was|are|were|has\s+been|had\s+been)\s+(?:\w+\s+)?(?:worth|valued|small|"
                r"large|limited|modest|negligible|significant|substantial|tiny|minimal)\b|"
                r"^(?:\s+[\w-]+){0,6}?\s+(?:stood|stands|totall?ed|totals|amounted|amounts)\s+(?:at|to)\b|"
                r"^(?:\s+[\w-]+){0,6}?\s+(?:reached|hit|topped|exceeded|(?:rose|fell|grew|climbed|dropped)\s+(?:\w+\s+)?to)\s+"
                r"(?:about\s+|around\s+|nearly\s+|almost\s+|more\s+than\s+|some\s+)?[$€£]?\d",
                sentence[match.end():], re.I):
            continue  # "trade between the two countries was worth $7bn": a standing figure, not a happening
        if etype == "trade" and pos == "noun" and (_TRADE_FIGURE_MOVED.match(sentence, match.end()) or
                                                   _SHARE_BEFORE.search(sentence, max(0, match.start() - 30), match.start())):
            continue  # "gas exports to Brazil have fallen by almost half", "trade rose 12 percent": a figure that moved
        if raw == "suspension?" and not _stops_a_link(sentence[:match.start()], sentence[match.end():]):
            continue  # "failing to stop drug trafficking", "until construction stopped": no link between the two stops
        if raw in ("resumption", "resumption?", "reopen") and not _ENDS_A_STOP.match(match.group()) and \
                not _restores_a_link(sentence[match.end():], sentence[:match.start()]):
            continue  # "resumes its trade dispute", "restoring stability": nothing between the two comes back
        if raw == "resumption_noun" and re.match(r"(?:expected\s+|planned\s+)?return", match.group(), re.I) and not \
                _SERVICE_RE.match(re.sub(r"^(?:the\s+|its\s+|their\s+|a\s+)?(?:[\w-]+\s+)?", "", sentence[match.end():].lstrip())):
            continue  # "the return of refugees" brings people back, not a link
        if etype in ("suspension", "resumption") and re.search(r"(?<!cross-)\bborders?\b", clause_text, re.I) and raw != "suspension" \
                and not _SERVICE_RE.search(" ".join(sentence[match.end():].split()[:4]).replace("border", "")):
            # "closed the border and stopped issuing visas": what the verb stops is the visas, not the border
            etype = "border_closure" if etype == "suspension" else "border_reopening"
        if etype in ("border_reopening", "border_closure") and raw in ("reopen", "resumption?", "resumption", "suspension?"):
            acted = _acted_on(sentence, clause, match)
            if acted and _SERVICE_RE.search(acted) and not _BORDER_RE.search(acted):
                # "Talks between the two on the border resumed", "flights across the border stopped": what the
                # verb acts on is the talks or the flights, not the border named in a phrase beside them
                etype = "resumption" if etype == "border_reopening" else "suspension"
        triggers.append((match, etype, pos, clause))
    kept = []
    for index, (match, etype, pos, clause) in enumerate(triggers):
        if pos == "noun" and etype in ("visit", "negotiation") and kept and kept[-1][3] == clause and \
                _CANCELLING.match(kept[-1][0].group()) and match.start() - kept[-1][0].end() <= 40 \
                and "," not in sentence[kept[-1][0].end():match.start()] and ";" not in sentence[kept[-1][0].end():match.start()]:
            kept[-1] = (match, etype, pos, clause)  # "cancelled a planned visit": the visit called off is the event
            continue
        if pos == "noun" and kept and kept[-1][1] != "statement" and kept[-1][3] == clause and \
                match.start() - kept[-1][0].end() <= 28 and not re.search(
                    r"[,;]|\b(?:and|during|in|of|after|before|amid|over|for|with|at|by|from|following)\b",
                    sentence[kept[-1][0].end():match.start()]):
            continue  # "resume talks", "suspended trade": the noun is what the verb acts on
        if pos == "noun" and etype == "visit" and kept and kept[-1][1] == "visit" and kept[-1][3] == clause:
            continue  # "arrived in New Delhi on Wednesday for a three-day visit": the verb's visit, named again
        kept.append((match, etype, pos, clause))
    triggers = [t for i, t in enumerate(kept) if not (
        t[2] == "noun" and t[1] in ("negotiation", "trade") and i + 1 < len(kept) and kept[i + 1][3] == t[3]
        and kept[i + 1][1] in ("suspension", "resumption") and kept[i + 1][0].start() - t[0].end() <= 45
        and not re.search(r"[,;]", sentence[t[0].end():kept[i + 1][0].start()]))]  # "talks broke down", "trade resumed": one
    triggers = [t for i, t in enumerate(triggers) if not (
        t[1] == "negotiation" and t[2] == "verb" and re.search(r"\bto\s+$", sentence[max(0, t[0].start() - 4):t[0].start()])
        and any(u[1] in ("negotiation", "visit") for u in triggers[:i]))  # "met ... to discuss trade": one meeting
        and not (re.match(r"meetings?\s+between", t[0].group(), re.I)
                 and re.search(r",\s+(?:the|a|an|their|its)\s+(?:[\w-]+\s+){0,2}$", sentence[:t[0].start()])
                 and any(u[1] in ("negotiation", "visit") for u in triggers[:i]))]  # "hosted X, the first meeting between"
    triggers = [t for i, t in enumerate(triggers) if not (
        _ENDS_A_STOP.match(t[0].group()) and t[0].group().lower().endswith(tuple(_STOPS))
        and re.search(r",\s+$", sentence[:t[0].start()]) and t[0].group()[:1].lower() == "e"
        and any(u[1] in ("resumption", "border_reopening") for u in triggers[:i]))]  # "reopened it, ending a closure"
    triggers = [t for i, t in enumerate(triggers) if not (
        t[0].group().lower().endswith("ing") and not sentence[t[3][0]:t[0].start()].strip()
        and any(_FAMILY.get(u[1], u[1]) == _FAMILY.get(t[1], t[1]) for u in triggers[:i]))]
    # ", restoring a service suspended since 2020" after "will run again": the participle restates the event
    triggers = [t for i, t in enumerate(triggers) if not _restates_in_apposition(sentence, t, triggers[:i])
                and not _tells_a_habit(sentence, t)]
    background = [_is_background(sentence, clause, match, etype) for match, etype, pos, clause in triggers]
    if not all(background):
        # A happening named only as the cause or backdrop of the one the sentence reports
        # ("over its offensive in Gaza", "in the wake of a massacre", "following its missile test") is
        # context, not a second event.
        triggers = [t for t, bg in zip(triggers, background) if not bg]
    for match, etype, pos, clause in triggers:
        call = _CALL_FOR.search(sentence[clause[0]:match.start()]) if etype in _CALLABLE else None
        demand = _DEMAND_THAT.search(sentence[max(0, clause[0] - 40):match.start()]) \
            if etype in _CALLABLE and not call and _THAT_CLAUSE.match(sentence, clause[0], clause[1]) else None
        if demand:
            status = status_of(sentence, clause, match.start(), match.start(), "verb")
            status = "denied" if status == "denied" else "happened"
            etype = "statement"
        elif call:
            # "Ankara called for the reopening of the border": what was called for has not happened;
            # the call is the caller's statement, with the call's tense
            status = status_of(sentence, clause, clause[0] + call.start(), clause[0] + call.end(), "verb")
            etype = "statement"
        else:
            status = status_of(sentence, clause, match.start(), match.end(), pos)
        actors = _actors(sentence, spans, clause, etype, match, countries, main_dyad)
        dates = dates_future if status == "expected" else dates_past
        if _ENDS_A_STOP.match(match.group()):
            dates = [d for d in dates if d.kind != "duration"]  # "ended a two-year closure": the end, not its start
        after_only = status == "expected" and bool(re.search(r"\bto\s+(?:\w+ly\s+)?$", sentence[clause[0]:match.start()]))
        since_ok = match.end() if etype in ("suspension", "border_closure", "sanction") else -1
        siblings = [t[0].start() for t in triggers if t[3] == clause]
        date, soft = _date_for(dates, clause, match.start(), len(triggers), report_dates, after_only=after_only,
                               trigger_end=since_ok, sentence=sentence, siblings=siblings, spans=spans)
        clause_text = sentence[clause[0]:clause[1]]
        signature = frozenset(
            c.iso3 + ":" + sentence[c.start:c.end] for c in countries
            if c.kind in ("city", "capital") and not c.excluded and clause[0] <= c.start < clause[1]
        ) | frozenset(m.lower() for m in re.findall(r"\b[A-Z][a-z]+\s+Express\b", clause_text))
        objects = frozenset(name for name, pattern in _OBJECT_CLASSES.items() if pattern.search(clause_text))
        if etype == "agreement" and pos == "verb" and not _AGREEMENT_NOUN.match(match.group()):  # "a deal brokered by": told
            # which agreement the verb makes: its noun ("reached a deal", "also signed a pact on"), else the verb's own
            # ("agreed on Tuesday to open a rail line"); a definite noun ("signed the deal") names one told already
            head = _AGREEMENT_NOUN.search(match.group()) or _AGREEMENT_HEAD.match(sentence, match.end(), clause[1])
            if not (head and re.match(r"\s*(?:on\s+|to\s+)?(?:the|this|that)\s", sentence[match.end():head.start(1)]
                                      if head.re is _AGREEMENT_HEAD else "")):
                objects |= {"made:" + (head.group(1).lower().rstrip("s") if head else "verb")}
        anaphor = etype in _ONE_OFF and bool(re.search(r"\b(?:stays?|stayed|remains?|remained|be\s+kept|kept)\s+$",
                                                       sentence[:match.start()], re.I)) or \
            etype in _ONE_OFF and bool(re.fullmatch(r"[a-z]+(?:ing|ion|ure|s)", match.group(), re.I)) \
            and bool(_DEFINITE_BEFORE.search(sentence[:match.start()])) \
            and not re.match(r"\s+(?:of|between|on|for|with|to|at)\b", sentence[match.end():]) \
            or _nominal_restatement(sentence, match, etype) \
            or etype == "negotiation" and pos == "noun" and bool(_TALKS_AS_SUBJECT.match(sentence[:match.end()]))
        # "the reopening of flights": another; "The talks, hosted by Turkey, are due to end on Thursday": those told
        found.append(EventMention(etype, match.group(), match.start(), match.end(), status, actors, date,
                                  sentence_index, signature, objects, soft_date=soft,
                                  reciprocal=bool(_RECIPROCAL.search(sentence)), anaphor=anaphor,
                                  answer=bool(_RECIPROCAL.search(clause_text)),
                                  speaker=_speaker(countries, match.start()) if etype == "statement" else None,
                                  perfect=pos == "verb" and _narrated_perfect(sentence, clause, match.start())))
    for index, mention in enumerate(found):
        previous = next((m for m in reversed(found[:index]) if m.date), None)  # the last verb told with a date
        clause_start = _clause_of(spans, mention.start)[0]
        if previous is not None and mention.date is None and previous.status == mention.status and (re.fullmatch(
                r",?\s*and\s+(?:then\s+|also\s+|later\s+)?", sentence[clause_start:mention.start])
                or clause_start <= previous.start and re.search(r"\band\s+(?:then\s+|also\s+|later\s+)?$",
                                                               sentence[previous.end:mention.start])):
            # "arrived in Cairo on Wednesday ..., and held talks with Sisi", "closed its border on Friday and
            # stopped issuing visas": a second verb of the same subject, with no date of its own, happened
            # when the first did
            mention.date = previous.date
        elif previous is not None and mention.date is None and previous.status == mention.status and previous.type == "visit" \
                and mention.type in ("negotiation", "visit") \
                and re.fullmatch(r"[^,;]*\bfor\s+(?:a\s+|an\s+|the\s+)?(?:[\w-]+\s+){0,2}", sentence[previous.end:mention.start]):
            # "would travel to Bamako next week for talks with Goita": the talks the journey is for are then
            mention.date = previous.date
    _date_from_neighbour_clauses(sentence, spans, found, dates_past, report_dates, dates_future)
    _date_visit_told_as_occasion(sentence, found)
    anchor = next((m.date for m in found if m.date and not m.soft_date), None)
    if anchor:
        for mention in found:
            if mention.soft_date and mention.date and len(mention.date) == 4:
                years = _duration_years(sentence)
                if years:
                    # "resumed in 2023 after a 12-year hiatus": the hiatus began 12 years before 2023
                    mention.date = f"{int(anchor[:4]) - years:04d}"
    return found


# ", his first visit to the country since 2022": an apposition that sizes up the act the sentence told
_SIZING_APPOSITION = re.compile(r",\s+(?:his|her|its|their|the)\s+(?:first|second|third|latest|last|\w+est)\s+"
                                r"(?:[\w-]+\s+)?$", re.I)
# "have held the talks every year since 1985": a habit, no happening
_HABIT = re.compile(r"\b(?:every|each)\s+(?:year|month|week|summer|winter|spring|autumn)\b|\bannually\b", re.I)


def _restates_in_apposition(sentence: str, trigger: tuple, earlier: list[tuple]) -> bool:
    """A noun in an apposition after an act of its kind names that act again, with no tense of its own."""
    match, etype, pos, _ = trigger
    return pos == "noun" and bool(_SIZING_APPOSITION.search(sentence, 0, match.start())) and \
        any(other[1] == etype for other in earlier)


def _tells_a_habit(sentence: str, trigger: tuple) -> bool:
    """An act in a past or present clause that says it recurs ("every year", "annually") is no one happening."""
    clause = trigger[3]
    text = sentence[clause[0]:clause[1]]
    return bool(_HABIT.search(text)) and not _FUTURE.search(text)


# A visit named as the occasion of the sentence's act: "signed a memorandum on Tuesday, during Lula's first visit to
# Bolivia", "held talks in Nouakchott on Wednesday, his second visit to the Mauritanian capital".
_OCCASION_VISIT_BEFORE = re.compile(r"(?:,\s*|\bduring\s+)(?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+|its\s+|"
                                    r"(?-i:[A-Z])[\w'’-]+['’]s?\s+)?(?:[\w-]+\s+){0,2}$", re.I)


def _date_visit_told_as_occasion(sentence: str, found: list[EventMention]) -> None:
    """An undated visit noun in apposition to the sentence's dated act, or after "during", happened then."""
    for mention in found:
        if mention.type != "visit" or mention.date or not re.match(r"visits?|trip", mention.trigger, re.I) or \
                not _OCCASION_VISIT_BEFORE.search(sentence, max(0, mention.start - 40), mention.start):
            continue
        act = next((m for m in found if m is not mention and m.date and not m.soft_date and m.start < mention.start
                    and _time_class(m.status) == _time_class(mention.status)), None)
        if act is not None:
            mention.date = act.date


def _date_from_neighbour_clauses(sentence: str, spans: list[tuple[int, int]], found: list[EventMention],
                                 dates: list[DateMention], report_dates: set[int],
                                 dates_future: list[DateMention] | None = None) -> None:
    """Dates another clause of the sentence gives an undated act.

    An agreement reached "after talks ... on Tuesday" was reached at those talks; an act followed by a
    when-clause that tells no act of its own ("the tariffs it imposed when relations plummeted in 2020")
    happened then; an act still to come followed by a when-clause that dates it ("are due to sign ... when
    Chakwera visits Lusaka on Monday") comes at that time, the when-clause's act being that time.
    """
    for mention in found:
        if mention.date:
            continue
        if mention.status == "expected":
            if dates_future is not None:
                mention.date = _time_of_when_clause(sentence, spans, mention, found, dates_future, report_dates)
            continue
        if mention.type == "agreement":
            talks = [m for m in found if m.type == "negotiation" and m.date and m.start > mention.start
                     and re.match(r"\W*(?:after|following)\b", sentence[_clause_of(spans, m.start)[0]:], re.I)]
            if talks:
                mention.date = talks[0].date
                continue
        clause = _clause_of(spans, mention.start)
        own_time = _relative_own_time(sentence, spans, clause, mention, dates, report_dates) or \
            _time_of_main_clause(sentence, spans, clause, mention, found, dates, report_dates)
        if own_time:
            mention.date = own_time
            continue
        following = next(((a, b) for a, b in spans if a >= clause[1]), None)
        if following is None or not re.match(r"\W*when\b", sentence[following[0]:following[1]], re.I) \
                or any(following[0] <= m.start < following[1] or mention.start < m.start < following[0] for m in found) \
                or re.search(r"\bto\b", sentence[mention.start:following[0]], re.I):
            continue  # the act nearest the when-clause, and not through an infinitive ("agreed to review X when")
        told = [d for d in dates if d.value and not d.since and d.start not in report_dates
                and following[0] <= d.start < following[1]]
        if told:
            mention.date = told[0].value


def _time_of_when_clause(sentence: str, spans: list[tuple[int, int]], mention: EventMention,
                         found: list[EventMention], dates: list[DateMention], report_dates: set[int]) -> str | None:
    """The date a when-clause right after the act's clause tells ("will sign the deal when Chapo visits Dodoma on
    Tuesday"): a when-clause says at what time the clause it hangs on happens. Not through an infinitive ("agreed
    to review tariffs ... when"), nor past another act between them, nor from an act of the same kind (the act
    told again)."""
    clause = _clause_of(spans, mention.start)
    following = next(((a, b) for a, b in spans if a >= clause[1]), None)
    if following is None or not re.match(r"\W*when\b", sentence[following[0]:following[1]], re.I) \
            or any(mention.start < m.start < following[0] for m in found) \
            or any(following[0] <= m.start < following[1] and m.type == mention.type for m in found) \
            or _INFINITIVE.search(sentence, mention.end, following[0]):
        return None
    told = [d for d in dates if d.value and not d.since and d.start not in report_dates
            and following[0] <= d.start < following[1]]
    return told[0].value if told else None


# "talks that began in 2019", "the deal, which was signed in 2005": a relative clause whose verb only places the
# noun's happening in time tells the noun's own date
_PLACING_RELATIVE = re.compile(r"\W*(?:(?:that|which)\s+(?:had\s+|has\s+|have\s+)?(?:was\s+|were\s+|been\s+)?"
                               r"(?:first\s+)?(?:began|begun|started|opened|took\s+place|held|signed|concluded|ended|"
                               r"broke\s+down|collapsed|stalled|came)|"
                               # reduced: "The talks, held in Ankara last week, ...", "the accord, signed in 2005"
                               r"(?:first\s+)?(?:held|signed|concluded|staged|hosted|launched|reached))\b", re.I)


def _placing_phrase(text: str) -> bool:
    """A verbless phrase set off after a noun that says where and when it was: "The meeting, on the sidelines of a
    summit in Johannesburg on Saturday, lasted an hour"."""
    return bool(re.match(r"\W*(?:on|at|in|during)\b", text, re.I)) and not _VERB_WORD.search(text)


# a word that makes a clause of a noun phrase: "the talks [between the two] were", "[India] said"
_VERB_WORD = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|said|says|[a-z]{3,}ed)\b")


def _relative_own_time(sentence: str, spans: list[tuple[int, int]], clause: tuple[int, int], mention: EventMention,
                       dates: list[DateMention], report_dates: set[int]) -> str | None:
    """The date of a relative clause right after a noun trigger that only says when it happened."""
    following = next(((a, b) for a, b in spans if a >= clause[1]), None)
    if following is None or _VERB_WORD.search(sentence, mention.end, following[0]) or not (
            _PLACING_RELATIVE.match(sentence, following[0], following[1]) or _placing_phrase(sentence[following[0]:following[1]])):
        return None
    told = [d for d in dates if d.value and not d.since and d.start not in report_dates
            and following[0] <= d.start < following[1]]
    return told[0].value if told else None


def _time_of_main_clause(sentence: str, spans: list[tuple[int, int]], clause: tuple[int, int], mention: EventMention,
                         found: list[EventMention], dates: list[DateMention], report_dates: set[int]) -> str | None:
    """An act told in a when-clause with no date of its own happened at the time of the clause before it
    ("last met in Wellington in August, when they agreed to ..."): the date of that clause's act, else its own."""
    own = sentence[clause[0]:clause[1]]
    if not re.match(r"\W*when\b", own, re.I) and not (
            re.match(r"\W*where\b", own, re.I) and not re.search(r"\b(?:had|earlier|previously|once|often|since)\b", own, re.I)):
        return None  # a where-clause of a dated meeting ("last met in January in Uzhhorod, where they agreed") is
        # at its time; one in the past perfect or "earlier" keeps its own ("the area where they had earlier clashed")
    before = next(((a, b) for a, b in reversed(spans) if b <= clause[0]), None)
    if before is None:
        return None
    acts = [m for m in found if before[0] <= m.start < before[1]]
    if any(m.type == mention.type for m in acts):
        return None  # "was last shut in 2020, when both countries closed it": the main act told again
    dated = [m.date for m in acts if m.date and not m.soft_date]
    if dated:
        return dated[-1]
    told = [d for d in dates if d.value and not d.since and d.start not in report_dates
            and before[0] <= d.start < before[1] and not names_a_thing(sentence, d)]
    return told[-1].value if told else None


_RECIPROCAL = re.compile(r"\bin\s+(?:response|retaliation|return|kind)\b|\bretaliat\w*|\btit[- ]for[- ]tat\b|"
                         r"\breciprocal\b|" + r"\b(?:respond|react|answer)(?:ed|s|ing)?\s+(?:[\w'’.,-]+\s+){0,5}?by\s+[a-z]+ing\b|"
                         r"\bhit\s+back\b", re.I)
_AGREEMENT_NOUN = re.compile(r"\b(deals?|agreements?|accords?|pacts?|treat(?:y|ies)|text|terms|draft|wording)\b", re.I)
# The head noun of the agreement an agreement verb makes: "signed a pact on ...", "agreed on a plan to ..."
_AGREEMENT_HEAD = re.compile(r"\s+(?:on\s+|to\s+)?(?:an?\s+|the\s+|its\s+|their\s+)?(?:[\w'’.-]+\s+){0,3}?"
                             r"(agreements?|deals?|treat(?:y|ies)|accords?|pacts?|memorand\w*|MoUs?|declarations?|protocols?|"
                             r"conventions?|charters?|ceasefire|truce|plans?|roadmap|framework|text|terms)\b", re.I)
_OBJECT_HEAD = re.compile(r"\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+|his\s+|her\s+|our\s+|some\s+|all\s+|full\s+)?"
                          r"((?:[\w'’-]+\s+){0,3}?)(?!(?:the|a|an|its|their|his|her|our)\b)([a-z][\w-]*)"
                          r"(?=\s+(?:to|from|with|between|in|on|at|for|of|after|"
                          r"and|as|by|since|this|last|next|that|which|when|across|through|into|over|under|along|"
                          r"against|without|within|[a-z]+ed)\b|\s*[,.;:)\"”]|\s*$)")
_NOT_AN_OBJECT = re.compile(r"(?:on|in|at|after|before|from|to|with|for|by|since|this|last|next|early|late|"
                            r"again|normally|fully|partially|soon|today|yesterday|as|and|or|but|once|when|if|until|"
                            r"unless|because|while|is|are|was|were|will|would|could|may|within|\d\w*|\w+ly)$", re.I)
_STOPS = ("closure", "shutdown", "suspension", "ban", "blockade", "embargo", "freeze", "hiatus")
_ENDS_A_STOP = re.compile(r"lift|remov|scrap|eas|end", re.I)  # "lifted its ban", "ending a closure": the object is the stop
_LINK_HEAD = re.compile(r"(?:" + _SERVICE + r"|missions?|consulates?|markets?|routes?|lines?|bridges?|roads?|highways?|tunnels?|pipelines?|ports?|airspace|checkpoints?|frontiers?|posts?|"
                        r"gates?|terminals?|stations?|airports?|corridors?|waterways?|canals?|"
                        r"diplomatic|diplomacy|operations|ties|contacts?|work|exports|imports|sales|purchases|production|"
                        r"[a-z]+ing)$", re.I)  # a gerund is an activity taken up again: "resumed sailing"


_STOPPED_HEAD = re.compile(r"(?:events?|visits?|meetings?|programmes?|programs?|projects?|contracts?|concerts?|festivals?|"
                           r"matches|games?|cooperation|funding|payments?|purchases?|sales?|work|accords?|agreements?|"
                           r"deals?|treat(?:y|ies)|memorand\w*|licen[cs]es?|permits?|quotas?|facilit(?:y|ies)|arrangements?|schemes?|waivers?|"
                           r"privileges?|exemptions?)$", re.I)


_SUBJECT_HEAD = re.compile(r"\W*((?:(?!(?:on|of|between|with|across|at|in|over|from|to|along|through|into)\b)[\w'’-]+\s+)*)")
_AUXILIARIES = re.compile(r"(?:\b(?:has|have|had|was|were|is|are|been|be|will|would|could|may|might|finally|also|"
                          r"then|again|now|fully|partly|partially|formally|officially|never|not)\s+)+$", re.I)


def _acted_on(sentence: str, clause: tuple[int, int], match: re.Match[str]) -> str:
    """What a verb acts on: its object ("reopened its border with X"), else, with no object, its subject's
    head phrase ("Talks between A and B on the border resumed": "Talks"); empty when neither is named."""
    head = _OBJECT_HEAD.match(sentence[match.end():clause[1]])
    if head is not None:
        words = (head.group(1) + head.group(2)).split()
        if words and not _NOT_AN_OBJECT.fullmatch(words[0]):
            return " ".join(words)
    before = _AUXILIARIES.sub("", sentence[clause[0]:match.start()])
    return _SUBJECT_HEAD.match(before).group(1).strip()


def _stops_a_link(before: str, after: str) -> bool:
    """A verb of stopping stops something between the parties when its object is a link, a service,
    an exchange or a shared programme ("halted flights", "cancelled all cultural events"), not "drug
    trafficking"; with no object, when its subject is one ("flights stopped", not "construction stopped")."""
    head = _OBJECT_HEAD.match(after)
    if head is not None:
        first = (head.group(1).split() or [head.group(2)])[0]
        if not (_NOT_AN_OBJECT.fullmatch(first) or first[:1].isupper()):
            word = head.group(2)  # a gerund stops only when it names a service ("halted shipping", not "trafficking")
            return bool((_LINK_HEAD.fullmatch(word) and (not word.endswith("ing") or _SERVICE_RE.fullmatch(word)))
                        or _STOPPED_HEAD.fullmatch(word))
    if re.match(r"\s*(?:[,.;:]|$|until\b|when\b|after\b|before\b|as\b|because\b)", after):
        subject = re.search(r"([a-z][\w-]*)\s+(?:(?:has|have|had|was|were|is|are|been|be|then|also|abruptly|suddenly|now|"
                            r"still|again|currently|temporarily|indefinitely|formally|officially)\s+)*$",
                            before)
        if subject and not re.fullmatch(r"(?:it|they|them|this|that|which|who|and|or|but|not|all|both)", subject.group(1)):
            return bool(_LINK_HEAD.fullmatch(subject.group(1)) or _STOPPED_HEAD.fullmatch(subject.group(1)))
    return True


def _restores_a_link(after: str, before: str = "") -> bool:
    """A verb of resuming with a direct object resumes something between the parties only when
    the object is a link, a service or an exchange ("resumed direct flights", not "resumes its
    trade dispute" or "restoring stability"); with no object ("flights resumed") it stands; a pronoun
    ("reopened them") stands for the link named before it in the sentence."""
    head = _OBJECT_HEAD.match(after)
    if head is None:
        return True
    first = (head.group(1).split() or [head.group(2)])[0]
    if first.lower() in ("it", "them"):
        return bool(_SERVICE_RE.search(before) or _BORDER_RE.search(before))
    if _NOT_AN_OBJECT.fullmatch(first) or first[:1].isupper():
        return True
    return bool(_LINK_HEAD.fullmatch(head.group(2)))


_BACKDROP_CLAUSE = re.compile(r"^\W*(?:amid|following|in\s+the\s+aftermath\s+of|in\s+response\s+to|"
                              r"due\s+to|owing\s+to|because)\b", re.I)
_BACKDROP_BEFORE = re.compile(r"\b(?:over|amid|following|(?:that|which)\s+followed|(?:triggered|sparked|prompted|caused)\s+by|"
                              r"in\s+the\s+(?:wake|aftermath)\s+of|in\s+response\s+to|"
                              r"because\s+of|due\s+to|owing\s+to)\s+(?:(?:the|a|an|its|their|his|her|last\s+\w+['’]s|"
                              r"[A-Z][\w-]+['’]s)\s+)?(?:[\w-]+\s+){0,3}$")
_BACKDROP_AFTER = re.compile(r"\b(?:over|amid|on|about|in\s+the\s+(?:wake|aftermath)\s+of|in\s+response\s+to|because\s+of|"
                             r"to\s+protest\s+(?:against\s+)?|in\s+protest\s+(?:against|at|over)|in\s+a\s+dispute\s+over)\s+"
                             r"(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?:[\w'’-]+\s+){0,3}?(?:killing|massacre|deaths?|treatment|"
                             r"arrest|detention|protests?|attacks?|offensive|war|conflict|crisis|violence)\b", re.I)
_CALLABLE = {"resumption", "border_reopening", "suspension", "border_closure", "negotiation", "sanction", "other",
             "military"}
# "demanded that Turkey reopen the crossing": the demand is told, the act demanded is not
_DEMAND_THAT = re.compile(r"\b(?:demand|insist|ask|urg|propos|suggest|request)\w*\s+that\s+(?:the\s+)?(?:[\w'’-]+\s+){1,3}"
                          r"(?:should\s+|must\s+)?$", re.I)
_CALL_FOR = re.compile(r"\b(?:call(?:ed|s|ing)?\s+for|urg(?:ed|es|ing)|demand(?:ed|s|ing)?|appeal(?:ed|s|ing)?\s+for|"
                       r"press(?:ed|es|ing)?\s+for|push(?:ed|es|ing)?\s+for|plead(?:ed|s)?\s+for|"
                       # a threat is what happened: "threatened sanctions", "threatened to close the border"
                       r"threaten(?:ed|s|ing)?(?:\s+to(?:\s+\w+)?)?|warn(?:ed|s|ing)?\s+of)\s+"
                       r"(?:(?:an?|the|its|their|immediate|swift|early|full|prompt|new|fresh|further|tougher)\s+){0,3}$|"
                       # "urged Turkey to reopen the border", "called on Kabul to restore ..."
                       r"\b(?:call(?:ed|s|ing)?\s+on|urg(?:ed|es|ing)|ask(?:ed|s|ing)|press(?:ed|es|ing)|appeal(?:ed|s)?\s+to)\s+"
                       r"(?:the\s+)?(?:[\w'’-]+\s+){1,3}to\s+(?:\w+ly\s+)?$", re.I)
_BACKDROP_TYPES = {"military", "sanction", "statement", "border_closure", "trade"}


def _is_background(sentence: str, clause: tuple[int, int], match: re.Match[str], etype: str) -> bool:
    """A trigger in a cause adjunct ("over its offensive", "amid clashes"). Not "after" or "when":
    news copy dates earlier happenings that way ("two years after it banned imports")."""
    if etype not in _BACKDROP_TYPES:
        return False
    if _BACKDROP_CLAUSE.match(sentence[clause[0]:match.start()]):
        return True
    return bool(_BACKDROP_BEFORE.search(sentence[max(clause[0], match.start() - 60):match.start()]))


def _duration_years(sentence: str) -> int | None:
    match = re.search(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[- ]years?[- ](?:long\s+)?"
                      r"(?:hiatus|suspension|break|pause|halt|closure|freeze|gap|absence|ban|shutdown)", sentence, re.I)
    if not match:
        return None
    words = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
             "ten": 10, "eleven": 11, "twelve": 12}
    return int(match.group(1)) if match.group(1).isdigit() else words[match.group(1).lower()]


def _actors(sentence: str, spans: list[tuple[int, int]], clause: tuple[int, int], etype: str,
            match: re.Match[str], countries: list[CountryRef], main_dyad: tuple[str, str] | None = None) -> list[str]:
    usable = [c for c in countries if not c.excluded]
    backdrop = _BACKDROP_AFTER.search(sentence, match.end())
    if backdrop:
        # "expelled the Israeli ambassador in the wake of a massacre of Palestinian protesters":
        # who the cause concerns is no party to the event
        usable = [c for c in usable if c.start < backdrop.start()]
    if etype == "statement" and re.search(r",\s+$", sentence[:match.start()]) and match.group().split()[0].endswith("ing"):
        # "Lithuania has begun building a fence, the minister said, accusing Minsk of flying in migrants
        # from Iraq": the participle's subject is the sentence's, its object the first state after it
        before = [c for c in usable if c.start < match.start()]
        after = [c for c in usable if c.start >= match.end()]
        if before and after and before[0].iso3 != after[0].iso3:
            return [before[0].iso3, after[0].iso3]
    if etype == "statement":
        # "accused Berlin of hostile acts over the Western Sahara": the state a statement is about is no party
        usable = [c for c in usable if c.start < match.end() or not _TOPIC_BEFORE.search(sentence[max(0, c.start - 16):c.start])]
    if etype == "agreement" and re.match(r"(?:brokered|mediated)\s", match.group(), re.I):
        usable = [c for c in usable if c.start > match.start()]  # "Malaysia, which brokered the ceasefire": the broker
    if etype == "negotiation":
        # "The talks, held in Ankara last week": the town talks are held in is their venue, not a party, when
        # someone else is there to hold them (a state named, or the article's pair)
        away = [c for c in usable if not (c.kind in ("city", "capital") and re.search(r"\bin\s+$", sentence[max(0, c.start - 4):c.start]))]
        if away or main_dyad:
            usable = away
    if etype == "sanction":
        targeted = _sanction_actors(sentence, usable)
        if targeted:
            return targeted
    if main_dyad and re.search(r"\bhost(?:s|ed|ing)?\b", sentence[clause[0]:match.start()], re.I):
        return list(main_dyad)  # "Malaysia will host the talks": the host is not a party
    in_clause = _unique(c.iso3 for c in usable if clause[0] <= c.start < clause[1])
    strong = _unique(c.iso3 for c in usable if clause[0] <= c.start < clause[1] and c.kind != "city")
    if len(strong) >= 2:
        in_clause = strong  # named countries outrank a city's country ("the war in Gaza")
    unilateral = bool(UNILATERAL_TRIGGERS.search(match.group())) and etype in ("statement", "military")
    if unilateral:
        if in_clause:
            return in_clause
    if len(in_clause) >= 2:
        return in_clause
    causal = [span for span in spans if _CAUSAL.match(sentence[span[0]:span[1]]) and span != clause]
    in_sentence = _unique(
        [*in_clause, *(c.iso3 for c in usable if not any(a <= c.start < b for a, b in causal))]
    )
    if unilateral:
        return in_sentence[:1]
    if len(in_sentence) <= 2:
        return in_sentence
    # Three or more countries in the sentence: the clause's country and its likeliest partner,
    # the article's main pair first, else the nearest country to the trigger.
    if main_dyad and (not in_clause or in_clause[0] in main_dyad):
        chosen = _unique([*in_clause, *(c for c in in_sentence if c in main_dyad)])
        if len(chosen) >= 2:
            return chosen[:2]
    nearest = sorted((c for c in usable if c.iso3 not in in_clause),
                     key=lambda c: abs(c.start - match.start()))
    return _unique([*in_clause, *(c.iso3 for c in nearest)])[:2]


# A verb that stops the other's act from happening: what it governs did not take place, the obstruction did.
_OBSTRUCTED = re.compile(r"\b(?:block(?:ed|s|ing)?|veto(?:ed|es|ing)?|obstruct(?:ed|s|ing)?|prevent(?:ed|s|ing)?|"
                         r"thwart(?:ed|s|ing)?|stall(?:ed|s|ing)?)\s+(?:the\s+|its\s+|their\s+|any\s+)?(?:[\w'’-]+\s+){0,6}$", re.I)
# A trade figure and how it moved: the sentence reports a statistic, not an act of either state.
_TRADE_FIGURE_MOVED = re.compile(r"(?:\s+[\w'’-]+){0,6}?\s+(?:has\s+|have\s+|had\s+)?(?:\w+ly\s+)?(?:rose|risen|fell|fallen|grew|grown|"
                                 r"climbed|dropped|declined|increased|decreased|jumped|slumped|doubled|tripled|halved|"
                                 r"plunged|surged|soared|shrank|shrunk|slid)\s+(?:by\s+)?(?:about\s+|almost\s+|nearly\s+|"
                                 r"more\s+than\s+|some\s+)?(?:[$€£]?\d|half|a\s+(?:third|quarter|fifth)|sharply|steeply)|"
                                 # a verb that is itself a measure needs no figure: "had tripled since 2017"
                                 r"(?:\s+[\w'’-]+){0,6}?\s+(?:has\s+|have\s+|had\s+)?(?:\w+ly\s+)?(?:doubled|tripled|trebled|"
                                 r"quadrupled|halved)\b", re.I)
# A share of trade ("carries most of the trade between the two"): a figure, not an act
_SHARE_BEFORE = re.compile(r"\b(?:most|much|half|all|part|some|a\s+(?:third|quarter|fifth|share)|\d+\s*(?:%|percent|per\s+cent))"
                           r"\s+of\s+(?:the\s+|their\s+|its\s+)?$", re.I)
_PROTESTS_OF_PEOPLE = re.compile(r"\b(?:during|amid|after|following|of|by|mass|street|violent|anti-[\w-]+|the)\s+"
                                 r"(?:[\w-]+\s+)?$", re.I)
_AUXILIARY_BEFORE = re.compile(r"\b(?:is|are|was|were|been|be|being|has|have|had|they|it|he|she|we|who|which|that)\s+"
                               r"(?:\w+ly\s+|also\s+|repeatedly\s+)?$", re.I)
_RELATIVE_SUBJECT = re.compile(r"\b[a-z]{3,}\s+(?:it|they|he|she)\s+(?:had\s+|has\s+|have\s+)?$")


def _words_not_a_statement(sentence: str, match: re.Match[str]) -> bool:
    """A statement word that tells no statement of a state: crowds' protests ("during protests against the
    government"), and a reduced relative that describes a noun ("six officials it accused of undermining"):
    the accusation names who the act before it is aimed at, it is not told as an act of its own."""
    before = sentence[:match.start()]
    if match.group().lower() == "protests" and _PROTESTS_OF_PEOPLE.search(before):
        return True
    if match.group().lower().startswith("protest") and (
            _TRAVELLERS.search(before[-60:]) or re.search(r"\b(?:as|while|when)\s+they\s+$", before)):
        return True  # "61 Palestinians were killed ... as they protested along the border": people, not a state
    if match.group().lower() == "accused" and re.match(r"\s+of\b", sentence[match.end():]) and \
            re.search(r"\b[a-z]{3,}\s+$", before) and not _AUXILIARY_BEFORE.search(before):
        return True  # "two Ivorian diplomats accused of spying": a reduced passive relative describes the diplomats
    return bool(_RELATIVE_SUBJECT.search(before)) and not re.search(r"\b(?:said|says|say|announced|added)\s+\w+\s+$", before)


_PERFECT_BEFORE = re.compile(r"\bhad\s+(?:\w+ly\s+|also\s+|already\s+|first\s+)?(?:been\s+)?$", re.I)
_REPORTED_BEFORE = re.compile(r"\b(?:that|said|says|say|saying|told|announced|confirmed|denied|claimed|added)\b", re.I)


def _narrated_perfect(sentence: str, clause: tuple[int, int], trigger_start: int) -> bool:
    """A verb in the past perfect told by the article itself ("In November, Bourita had travelled to Nouakchott"):
    background earlier than the news. In reported speech ("said it had closed the border") the perfect is the
    report's tense shift, and the act may well be the news."""
    return bool(_PERFECT_BEFORE.search(sentence, max(0, trigger_start - 30), trigger_start)) and \
        not _REPORTED_BEFORE.search(sentence, 0, trigger_start)


def _speaker(countries: list[CountryRef], trigger_start: int) -> str | None:
    """Who makes a statement: the country named first before its verb, a source's included ("Ukraine's foreign
    ministry rejected the accusation")."""
    return next((c.iso3 for c in countries if c.start < trigger_start), None)


def _sanction_actors(sentence: str, usable: list[CountryRef]) -> list[str]:
    actors: list[str] = []
    for pattern in (r"sanctions?\s+(?:on|against)\s+(?:the\s+)?", r"sanctions?\s+(?:imposed\s+)?by\s+(?:the\s+)?"):
        for m in re.finditer(pattern, sentence, re.I):
            for c in usable:
                if m.end() <= c.start <= m.end() + 2:
                    actors.append(c.iso3)
    for c in usable:
        after = sentence[c.end:c.end + 60]
        if re.match(r"(?:['’]s)?\s+(?:has\s+|have\s+|had\s+|will\s+|also\s+)?(?:imposed|announced|slapped|placed|levied|"
                    r"introduced|extended|tightened|lifted|eased)\s+(?:\w+\s+){0,3}sanctions", after) or \
                re.match(r"['’]s\s+(?:\w+\s+){0,2}sanctions", after):
            actors.append(c.iso3)
    return _unique(actors)


_OBJECT_CLASSES = {
    "airspace": re.compile(r"\bairspace\b", re.I),
    "border": re.compile(r"\bborders?\b|\bcrossings?\b|checkpoints?|frontier", re.I),
    "service": re.compile(r"\b(?:services?|trains?|flights?|routes?|rail|railway|ferr(?:y|ies)|bus(?:es)?|operations?|"
                          r"Express|links?|connections?)\b", re.I),
    "talks": re.compile(r"\b(?:talks|negotiations?|dialogue)\b", re.I),
    "relations": re.compile(r"\b(?:ties|relations|embass(?:y|ies)|ambassadors?|consul\w*)\b", re.I),
    "energy": re.compile(r"\b(?:gas|oil|pipelines?|electricity|power)\b", re.I),
}


def _since_when(date: DateMention, clause: tuple[int, int], position: int = -1, trigger_end: int = -1,
                sentence: str = "") -> bool:
    """A since-date that dates the event: "since 1978, when talks broke down" (the when-clause
    happened then), or "has been closed since 1994" (the closure began then)."""
    if date.end <= clause[0] <= date.end + 3 and date.kind in ("year", "month_year", "month_day_year", "day_month_year") \
            and re.match(r"\W*when\b", sentence[clause[0]:], re.I):
        return True
    return 0 <= trigger_end <= date.start <= trigger_end + 12


def _names_a_thing(date: DateMention, sentence: str, position: int) -> bool:
    """The date premodifies a noun other than the trigger's ("the 1973 treaty" does not date talks on it, nor
    "September's election" the expulsion over it; "Tuesday's meeting" dates the meeting)."""
    possessive = date.text.endswith(("'s", "’s")) or sentence.startswith(("'s", "’s"), date.end)
    if not possessive and not names_a_thing(sentence, date):
        return False
    return not (date.end < position <= date.end + 30 and not re.search(r"[,;]", sentence[date.end:position]))


def _owned_dates(in_clause: list[DateMention], position: int, siblings: list[int], sentence: str = "") -> list[DateMention]:
    """With several triggers in one clause, a date belongs to the trigger it follows, the first
    trigger when it comes before them all: "closed the frontier in 2015 and cut ties in 2019". A trigger
    that owns none shares the date of a later verb it governs ("accused Moscow of shelling the port last
    week"), not an infinitive's, which has its own time ("agreed to reopen the crossing from Monday" leaves
    the agreeing undated), nor an earlier verb's ("met on Tuesday to discuss the reopening")."""
    if len(siblings) < 2:
        return in_clause
    def owner(d: DateMention) -> int:
        before = [s for s in siblings if s < d.start]
        return before[-1] if before else siblings[0]
    owned = [d for d in in_clause if owner(d) == position]
    return owned or [d for d in in_clause if owner(d) > position
                     and not re.search(r"\bto\s+(?:\w+ly\s+)?$", sentence[max(0, owner(d) - 16):owner(d)])]


def _date_for(dates: list[DateMention], clause: tuple[int, int], position: int, trigger_count: int,
              report_dates: set[int], *, after_only: bool = False, trigger_end: int = -1,
              sentence: str = "", siblings: list[int] | None = None,
              spans: list[tuple[int, int]] | None = None) -> tuple[str | None, bool]:
    usable = [d for d in dates if d.value and d.start not in report_dates and (not after_only or d.start > position)
              and (not d.since or _since_when(d, clause, position, trigger_end, sentence))
              and not (sentence and _names_a_thing(d, sentence, position))]
    in_clause = _owned_dates([d for d in usable if clause[0] <= d.start < clause[1]], position, siblings or [],
                              sentence)
    anchored = [d for d in usable if d.since]  # "since 2023, when the neighbours resumed..."
    # "…by May 10, the ministry said, after a second round of talks": an event told in an
    # after/before clause happened at another time than the main clause's date
    subordinate = bool(sentence) and bool(re.match(r"\W*(?:after|before|following|ahead\s+of|until)\b",
                                                   sentence[clause[0]:clause[1]], re.I))
    # a relative clause has its own time: "Chinh, who was in Vientiane for the signing, said construction
    # could begin in 2026" does not date the visit
    relative = bool(sentence) and bool(re.match(r"\W*(?:who|which|whose|where)\b", sentence[clause[0]:clause[1]], re.I))
    governing = []
    if after_only and not in_clause and sentence:
        # "will meet again in September to discuss the plant", "is due to meet Modi on Friday to discuss":
        # a purpose infinitive happens when the future verb that governs it does
        governing = [d for d in dates if d.value and clause[0] <= d.start < position and not d.since
                     and d.start not in report_dates and _FUTURE.search(sentence[clause[0]:d.start])]
    pool = in_clause or governing or anchored or (
        _main_clause_dates(usable, sentence, position, spans) if trigger_count == 1 and not subordinate and not relative else [])
    if not pool:
        return None, False
    best = min(pool, key=lambda d: abs(d.start - position))
    return best.value, best.kind == "duration"


# A clause opened by a subordinator of time or cause tells its own time: "agreed to review tariffs imposed when
# relations plummeted in 2020" does not date the agreeing. (A relative clause may tell the time of the thing the
# event acts on: "would not renew a contract ..., which expires at the end of October".)
_OWN_TIME_CLAUSE = re.compile(r"\W*(?:when|whenever|while|as|since|because|until|after|before|following)\b", re.I)


_INFINITIVE = re.compile(r"\bto\s+(?!(?:the|a|an|its|their|his|her|this|that|these|those|be)\b)[a-z]+\b")
_PAST_RELATIVE = re.compile(r"\W*(?:which|that|who)\s+(?:was|were|had|has\s+been|have\s+been|[a-z]+ed)\b", re.I)


def _main_clause_dates(usable: list[DateMention], sentence: str, position: int,
                       spans: list[tuple[int, int]] | None = None) -> list[DateMention]:
    """The dates a sentence's one event takes from outside its clause: not those of a clause with its own
    time (when, after, because...) reached through an infinitive, which that clause belongs to ("agreed to
    review tariffs imposed when relations plummeted in 2020"); "would not renew a contract ..., when it
    expires at the end of October" keeps its date."""
    if not sentence:
        return usable
    spans = spans if spans is not None else clauses(sentence)  # the caller's split, when it has one
    kept = []
    for d in usable:
        clause = _clause_of(spans, d.start)
        if clause[0] <= position < clause[1]:
            kept.append(d)
        elif d.kind == "after_clause":
            continue  # "a day after gunmen killed ...": the count dates the clause "after" opens, nothing else
        elif _PAST_RELATIVE.match(sentence, clause[0], clause[1]):
            continue  # "would sign the treaty, which was agreed in March, at a summit next month": the relative
            # clause tells the past of the thing, not the time of the act
        elif not _OWN_TIME_CLAUSE.match(sentence[clause[0]:clause[1]]) or \
                not (position < clause[0] and _INFINITIVE.search(sentence, position, clause[0])):
            kept.append(d)
    return kept


def _unique(items) -> list[str]:  # noqa: ANN001
    seen: list[str] = []
    for item in items:
        if item and item not in seen:
            seen.append(item)
    return seen


def complete_actors(mention: EventMention, main_dyad: tuple[str, str] | None) -> None:
    """Give two-party events their second party from the article's main pair of countries."""
    if main_dyad is None:
        return
    if mention.type in ("statement", "military") and not UNILATERAL_TRIGGERS.search(mention.trigger):
        # one side's statement or act of force in copy about the pair is aimed at the other: "Pakistan
        # denied any role", "Kyiv filed a complaint"; not a test, a drill or "declined to comment"
        if len(mention.actors) == 1 and mention.actors[0] in main_dyad:
            mention.actors = [mention.actors[0], main_dyad[1] if mention.actors[0] == main_dyad[0] else main_dyad[0]]
        return
    if mention.type not in BILATERAL_TYPES:
        return
    if not mention.actors:
        mention.actors = list(main_dyad)
    elif len(mention.actors) == 1 and mention.actors[0] in main_dyad:
        partner = main_dyad[1] if mention.actors[0] == main_dyad[0] else main_dyad[0]
        mention.actors = [mention.actors[0], partner]


def _time_class(status: str) -> str:
    return "future" if status == "expected" else ("denied" if status == "denied" else "past")


def _dates_compatible(a: str | None, b: str | None) -> bool:
    return not a or not b or a.startswith(b) or b.startswith(a)


# A one-off happening named by a bare definite noun refers back to the one told before ("Peru and
# Ecuador will reopen the crossing next month ... ministers met to prepare the reopening"), whatever
# tense or date its own clause has; "a reopening", "the planned reopening" or "the first closure" do not.
_DEFINITE_BEFORE = re.compile(r"\b(?:the|this|that)\s+$", re.I)
_ONE_OFF = {"resumption", "border_reopening", "suspension", "border_closure"}
_FAMILY = {"resumption": "opening", "border_reopening": "opening", "suspension": "stop", "border_closure": "stop"}


# A sentence that opens on "the talks" as its subject speaks of talks told before
_TALKS_AS_SUBJECT = re.compile(r"\W*(?:the|these|those)\s+(?:talks|negotiations)$", re.I)
_NOMINAL_OF = re.compile(r"\w+ing\s+of\s", re.I)  # "the lifting of", "the reopening of": an act named by its nominal


def _nominal_restatement(sentence: str, match: re.Match[str], etype: str) -> bool:
    """ "The lifting of the ban is a boost for herders": a definite nominal of ending a stop, whose object is itself
    definite, names the act told before again; "the lifting of sanctions on oil" tells a new one."""
    nominal = _NOMINAL_OF.match(match.group())
    return etype in _ONE_OFF and nominal is not None \
        and bool(re.match(r"\s*(?:the|this|that)\s+", match.group()[nominal.end():], re.I)) \
        and bool(_DEFINITE_BEFORE.search(sentence[:match.start()]))


def _antecedent(groups: list[list[EventMention]], mention: EventMention) -> list[EventMention] | None:
    for group in reversed(groups):
        head = group[0]
        if mention.type == "negotiation":
            # talks told before as talks resumed or stopped ("resumed technical talks in Ankara"); talks told as talks
            # merge as any mention does, and keep the date the restatement adds ("The talks were held in Beijing last week")
            if head.sentence_index < mention.sentence_index and set(mention.actors) <= set(head.actors) and \
                    head.type in ("resumption", "suspension") and "talks" in head.objects:
                return group
            continue
        if head.sentence_index < mention.sentence_index and _FAMILY.get(head.type) == _FAMILY[mention.type] \
                and (set(mention.actors) <= set(head.actors) or _nominal_restatement_of(mention, head)):
            return group
    return None


def _nominal_restatement_of(mention: EventMention, head: EventMention) -> bool:
    # its clause may name someone the act concerns ("a boost for Mongolian herders ... since China tightened"):
    # one party shared is enough, the act told before keeps its parties
    return bool(_NOMINAL_OF.match(mention.trigger)) and bool(set(mention.actors) & set(head.actors))


def _long_before(date: str | None, published: dt.date | None) -> bool:
    """A date whose whole span ends more than a year before the publication date."""
    if not date or published is None:
        return False
    year, month = int(date[:4]), int(date[5:7]) if len(date) >= 7 else 12
    return (published.year - year) * 12 + published.month - month > 12


@dataclass
class SentenceDates:
    """What one sentence tells about time: its text, its date expressions read backwards and forwards,
    the starts of those that date a report ("said on Monday"), and its event mentions."""

    text: str
    past: list[DateMention]
    future: list[DateMention]
    report_dates: set[int]
    mentions: list[EventMention]


# A sentence that goes on with the occasion told before: "At the meeting, they agreed ...", "They also
# signed ...", "..., Anwar told reporters after the talks".
_SAME_OCCASION = re.compile(
    r"^\W*(?:at|during|on\s+the\s+sidelines\s+of|in\s+the\s+course\s+of)\s+(?:the|his|her|their|its|that|this)\s+(?:\w+\s+)?"
    r"(?:meeting|talks|summit|visit|signing|ceremony|call|session|conference|discussions?|trip)\b|"
    r"^\W*(?:[\w'’.-]+\s+){1,4}also\b|"
    r"\b(?:after|following)\s+the\s+(?:meeting|talks|summit|call|signing|ceremony)\b|"
    # "... will hold talks with Hichilema during the two-day visit": the visit told before is the occasion
    r"\b(?:during|at)\s+(?:the|his|her|their|its)\s+(?:[\w-]+\s+){0,2}(?:meeting|talks|summit|visit|ceremony|trip)\b", re.I)
# A sentence about what the one before told, by a definite subject: "The first flight landed on Tuesday",
# "The changes will be effective March 20".
_DEFINITE_SUBJECT = re.compile(r"^\W*(?:the|this|that|these|those|its|their)\s+(?![\w-]+\s+(?:of|between)\b)", re.I)


def _goes_on_with_occasion(text: str, occasion: re.Match[str], mention: EventMention) -> bool:
    """"At the meeting, ..." and "after the talks" place every act of the sentence; "also" only the verb it
    modifies ("They also signed a deal"), not an act named beside it ("Egypt also plans to resume flights,
    suspended for a decade")."""
    if not re.search(r"\balso\b", occasion.group(), re.I) or re.match(r"\W*(?:at|during|on|in)\b", occasion.group(), re.I):
        return True
    return bool(re.search(r"\balso\s+(?:[\w'’-]+\s+){0,3}$", text[occasion.start():mention.start], re.I))


def _occasion_date(previous: SentenceDates, status: str) -> str | None:
    dated = [m.date for m in previous.mentions if m.date and not m.soft_date and _time_class(m.status) == _time_class(status)]
    return dated[0] if dated else None


def date_across_sentences(sentences: list[SentenceDates]) -> None:
    """Dates told in another sentence than the act.

    An undated act in a sentence that goes on with the occasion of the one before ("On Friday, officials
    met ... At the meeting, they agreed to ...") happened on that occasion's date. An undated act followed
    by a sentence with no act of its own that tells, by a definite subject, when it took place ("... have
    resumed direct flights. The first flight landed on Tuesday") takes that date.
    """
    for index, current in enumerate(sentences):
        # the occasion is the last one told, across a quote or aside that tells no act
        previous = next((sentences[i] for i in range(index - 1, max(index - 3, -1), -1) if sentences[i].mentions), None)
        occasion = _SAME_OCCASION.search(current.text) if previous is not None and current.mentions else None
        if occasion:
            for mention in current.mentions:
                if mention.date is None and not mention.anaphor and _goes_on_with_occasion(current.text, occasion, mention):
                    mention.date = _occasion_date(previous, mention.status)
        following = sentences[index + 1] if index + 1 < len(sentences) else None
        if following is None or following.mentions or not current.mentions or not _DEFINITE_SUBJECT.match(following.text):
            continue
        undated = [m for m in current.mentions if m.date is None and not m.anaphor]
        if not undated or not _same_topic(following.text, current.text):
            continue
        mention = undated[0]
        future = bool(_FUTURE.search(following.text))
        if future != (mention.status == "expected"):
            continue  # "The first group will arrive by March 10" does not date what was asked before
        dates = following.future if future else following.past
        told = [d for d in dates if d.value and not d.since and d.start not in following.report_dates
                and not names_a_thing(following.text, d)]  # "a 2017 education law" dates no act before it
        if told:
            mention.date = told[0].value
    for current in sentences:
        for mention in current.mentions:
            mention.earlier = bool(mention.date) and any(d.earlier and d.value == mention.date
                                                         for d in (*current.past, *current.future))
            mention.also = bool(re.search(r"\balso\s+(?:\w+\s+){0,2}$", current.text[:mention.start], re.I))


_TOPIC_WORD = re.compile(r"\b[a-z]{4,}\b")
_NOT_A_TOPIC = {"first", "second", "third", "last", "next", "both", "countries", "country", "sides", "side",
                "governments", "government", "officials", "ministry", "minister", "ministers", "president",
                "leaders", "leader", "that", "this", "these", "those", "their", "with", "from", "after", "also"}


# A subject that can only name what was just told: "The changes will be effective March 20", "The measures take effect"
_ANAPHORIC_SUBJECT = re.compile(r"^\W*(?:the|these|this|those)\s+(?:new\s+)?(?:changes?|measures?|move|moves|steps?|"
                                r"decision|restrictions?|rules?)\s+(?:will|would|take|takes|took|come|comes|came|"
                                r"went|go|goes|are|is|were|was)\b", re.I)


def _same_topic(follower: str, sentence: str) -> bool:
    """The follower's subject names a thing the sentence named ("The first flight ..." after "resumed flights"), or
    can only name what the sentence told ("The changes will be effective March 20")."""
    if _ANAPHORIC_SUBJECT.match(follower):
        return True
    subject = follower.split()[:6]
    stems = {w[:5] for w in _TOPIC_WORD.findall(" ".join(subject)) if w not in _NOT_A_TOPIC}
    return bool(stems & {w[:5] for w in _TOPIC_WORD.findall(sentence) if w not in _NOT_A_TOPIC})


def _opposite_speakers(group: list[EventMention], mention: EventMention) -> bool:
    """Statements of the two sides are two acts: "Hungary summoned Ukraine's ambassador ... Ukraine's foreign
    ministry rejected the accusation" is a protest and its answer, though both are between the same pair.
    The speaker is the country named first before the statement's verb; where none is, they may merge."""
    def speaker(m: EventMention) -> str | None:
        return m.speaker if m.speaker in m.actors else None  # a speaker outside the parties tells nothing

    known = {speaker(m) for m in group} - {None}
    return mention.type == "statement" and speaker(mention) is not None and bool(known) \
        and speaker(mention) not in known


def _makes_another(group: list[EventMention], mention: EventMention, across: bool = False) -> bool:
    """An agreement verb of a sentence that makes another agreement than the group's in the same sentence ("signed an
    agreement on a border crossing, ... where the two also signed a pact on degrees", "agreed on a plan ... and signed
    a memorandum"): two agreements, two events. Across sentences an agreement is often named again by another noun
    ("reached a deal ... The accord was signed"), so only one sentence's verbs are compared."""
    made = {o for o in mention.objects if o.startswith("made:")}
    return bool(made) and any((across or m.sentence_index == mention.sentence_index) and
                              {o for o in m.objects if o.startswith("made:")} - made for m in group)


def _summons_and_words(group: list[EventMention], mention: EventMention) -> bool:
    """Summoning an envoy is a deed of its own, not the words said about the same row: "Ukraine's foreign ministry
    rejected the accusation ... On Wednesday, Kyiv summoned the Hungarian ambassador" are two statements. In one
    sentence the words are what the summons delivered ("summoned the ambassador and lodged a strong protest"): one act."""
    def summons(m: EventMention) -> bool:
        return m.trigger.lower().startswith("summon")

    return mention.type == "statement" and all(summons(m) != summons(mention) and m.sentence_index != mention.sentence_index
                                               for m in group)  # a group is never empty


def _after_publication(date: str | None, published: dt.date | None) -> bool:
    return bool(date) and published is not None and date > published.isoformat()[:len(date)]  # type: ignore[operator]


def merge_mentions(mentions: list[EventMention], published: dt.date | None = None) -> list[list[EventMention]]:
    """Group mentions of the same event, in order of first mention."""
    groups: list[list[EventMention]] = []
    for mention in mentions:
        if mention.status in ("happened", "reported") and _after_publication(mention.date, published):
            # "agreed on a plan ..., with work due to start in 2027": a later date belongs to what is still to come,
            # not to an act told as done
            mention.date = None
        antecedent = _antecedent(groups, mention) if mention.anaphor else None
        if antecedent is not None:
            mention.date, mention.status = None, antecedent[0].status  # the antecedent's time and tense stand
            antecedent.append(mention)
            continue
        for group in groups:
            head = group[0]
            if head.type != mention.type or set(head.actors) != set(mention.actors):
                continue
            if _opposite_speakers(group, mention) or _summons_and_words(group, mention):
                continue
            if mention.perfect and not any(m.perfect for m in group) and \
                    any(m.sentence_index < mention.sentence_index for m in group):
                continue  # "held talks in Nouakchott on Wednesday ... In November, Bourita had travelled to Nouakchott"
            if mention.reciprocal and any(m.sentence_index == mention.sentence_index and m.actors[:1] != mention.actors[:1]
                                          and m.trigger.lower() != mention.trigger.lower() for m in group):
                continue  # "Lithuania recalled its ambassador, and Belarus expelled Lithuanian diplomats": tit for tat, two acts
            if mention.answer and any(m.actors[:1] != mention.actors[:1] for m in group):
                continue  # "... Ivory Coast responded on Wednesday by expelling a Burkinabe diplomat": the other side's answer
            if mention.type == "agreement" and _makes_another(group, mention):
                continue  # "signed an agreement on a crossing ... also signed a pact on degrees": two agreements
            if _time_class(head.status) != _time_class(mention.status):
                continue
            group_date = next((m.date for m in group if m.date and not m.soft_date), None)
            if group_date is None and head.type in _ONE_OFF and not mention.soft_date \
                    and _long_before(mention.date, published) \
                    and mention.objects & frozenset().union(*(m.objects for m in group)):
                continue  # undated news, then "the crossing was last shut in 2020": the same thing stopped long ago is another act
            if group_date is None and head.type == "agreement" and not mention.soft_date and \
                    _long_before(mention.date, published) and _makes_another(group, mention, across=True):
                continue  # "initialled the text ... the reservoir, which the two agreed in 2022 to manage jointly"
            if not _dates_compatible(group_date, None if mention.soft_date else mention.date):
                continue
            if mention.also and not mention.anaphor and any(m.sentence_index < mention.sentence_index for m in group):
                continue  # "signed a partnership agreement on Wednesday. The two governments also signed a deal on a bridge"
            if group_date and mention.date and group_date != mention.date and (
                    mention.earlier and len(group_date) == 10 or len(mention.date) == 10 and any(m.earlier for m in group)):
                continue  # "On August 31, Modi met Xi" and "earlier in August, talks between ministers": two meetings;
                # but "earlier this year" and "in January" may tell one act
            group_sig = frozenset().union(*(m.signature for m in group))
            if group_sig and mention.signature and not (group_sig & mention.signature):
                continue
            group_objects = frozenset().union(*(m.objects for m in group))
            if mention.type in ("border_closure", "border_reopening", "suspension", "resumption") and group_objects \
                    and mention.objects and not (group_objects & mention.objects):
                continue  # the airspace closed and the land border closed are two closures
            group.append(mention)
            break
        else:
            groups.append([mention])
    return groups
