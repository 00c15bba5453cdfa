"""Round 14 specifications: which happening is the event, of what type, and when two mentions are one.

Written for the round-14 passages in ``passages/`` (``"_round": 14``), scored before any of these rules
existed (docs/extraction.md); each test states one general rule on sentences of its own.
"""

from __future__ import annotations

import pytest

from dyad.extraction.agreements import find_agreements

from passage import passage_events as _events, passage_report


def _agreements(text: str, published: str = "2025-06-10") -> list[tuple[str, str]]:
    return [(a["name"], a["status"]) for a in passage_report(text, published)["agreements"]]


# One event per happening: statements of the two sides, a summons and words

def test_the_two_sides_statements_about_one_row_are_two_events() -> None:
    events = _events("Chile summoned Peru's ambassador on Monday over the remarks. "
                     "Peru's foreign ministry rejected the accusation as baseless.")
    statements = [e for e in events if e[0] == "statement"]
    assert len(statements) == 2


def test_a_summons_and_the_same_sides_words_are_two_events() -> None:
    events = _events("Kenya's foreign ministry rejected the allegations on Monday. "
                     "On Tuesday, Nairobi summoned the Somali ambassador.")
    assert [e[0] for e in events] == ["statement", "statement"]
    assert [e[2] for e in events] == ["2025-06-09", "2025-06-10"]


def test_one_sides_statement_told_twice_stays_one_event() -> None:
    events = _events("Poland condemned Belarus on Monday. The Polish foreign ministry condemned Minsk in a note.")
    assert [e[0] for e in events] == ["statement"]


def test_crowds_protesting_make_no_statement_of_a_state() -> None:
    assert _events("Peru closed the border on Friday during protests against the government in Lima.") == [
        ("border_closure", ["PER"], "2025-06-06", "happened")]


def test_an_accusation_in_a_reduced_relative_is_no_act_of_its_own() -> None:
    events = _events("Canada imposed sanctions on Monday on four Chinese officials it accused of cyber espionage.")
    assert [e[0] for e in events] == ["sanction"]


# The past perfect, the occasion of an act

def test_an_act_narrated_in_the_past_perfect_is_an_earlier_happening() -> None:
    events = _events("Spain's foreign minister held talks in Rabat on Tuesday, his second visit to Morocco. "
                     "In March, he had travelled to Rabat to prepare the summit.")
    visits = sorted(e[2] or "" for e in events if e[0] == "visit")
    assert visits == ["2025-03", "2025-06-10"]


def test_a_visit_named_as_the_occasion_of_the_act_happened_when_it_did() -> None:
    events = _events("Peru and Chile signed a port agreement on Tuesday, during Boric's first visit to Lima.")
    assert ("visit", ["CHL", "PER"], "2025-06-10", "happened") in events


def test_a_visit_noun_after_its_clauses_visit_verb_is_that_visit() -> None:
    events = _events("Bhutan's prime minister arrived in New Delhi on Monday for a four-day visit.")
    assert [e[0] for e in events] == ["visit"]


def test_the_lifting_of_the_ban_restates_the_resumption_told_before() -> None:
    events = _events("Japan will resume imports of Mongolian beef from next year. "
                     "The lifting of the ban is a boost for herders who lost markets when China tightened its rules.")
    assert [e[0] for e in events] == ["resumption"]


# Types: what the verb does to the act it governs

@pytest.mark.parametrize("verb", ["blocked", "vetoed"])
def test_an_act_another_blocks_is_the_obstruction_not_the_act(verb: str) -> None:
    events = _events(f"Bulgaria {verb} the opening of North Macedonia's accession talks in 2020.")
    assert events == [("other", ["BGR", "MKD"], "2020", "happened")]


def test_a_link_being_built_or_added_is_new_not_back() -> None:
    events = _events("Tanzania and Mozambique plan to start building a second bridge over the Ruvuma river.")
    assert [(e[0], e[3]) for e in events] == [("other", "expected")]


@pytest.mark.parametrize("sentence", [
    "Gas exports from Bolivia to Brazil have fallen by almost half since 2019.",
    "Trade between Armenia and Iran rose 12 percent to $710 million in the first half.",
])
def test_a_trade_figure_that_moved_is_no_event(sentence: str) -> None:
    assert _events(sentence) == []


def test_buying_gas_still_to_come_is_trade() -> None:
    assert _events("Brazil will buy more Bolivian natural gas from next year.") == [
        ("trade", ["BOL", "BRA"], "2026", "expected")]


@pytest.mark.parametrize("sentence, kind", [
    ("Mali recalled its ambassador from Algeria on Sunday.", "other"),
    ("Egypt had withdrawn its diplomats from Libya in 2014.", "other"),
    ("The Algerian army shot down a Malian drone on Sunday.", "military"),
    ("Turkey's parliament approved Sweden's bid to join NATO on Tuesday.", "other"),
    ("Gas began flowing from Romania to Moldova on Tuesday.", "trade"),
    ("Bolivia's president attended the inauguration of Brazil's president in Brasilia in 2023.", "visit"),
    ("Japan imposed a ban in 2010 and ended the ban it imposed this year.", "sanction"),
])
def test_acts_carried_by_their_own_verbs(sentence: str, kind: str) -> None:
    assert kind in [e[0] for e in _events(sentence)]


@pytest.mark.parametrize("sentence", [
    "Mali's transitional government called the downing of the drone \"a hostile act\".",
    "Libya welcomed Egypt's decision on Monday.",
    "Nigeria expressed deep concern over the clashes with Cameroon.",
    "Serbia's president congratulated Croatia's new prime minister on Monday.",
    "China warned Japan against interfering in its affairs.",
])
def test_a_states_reaction_is_its_statement(sentence: str) -> None:
    assert [e[0] for e in _events(sentence)] == ["statement"]


# Plans

@pytest.mark.parametrize("sentence", [
    "The two leaders will meet again in Skopje in the autumn.",
    "A third round is planned in Yaounde in September, Nigeria said.",
])
def test_a_meeting_still_to_come_is_an_expected_negotiation(sentence: str) -> None:
    assert [(e[0], e[3]) for e in _events(sentence, "2025-05-09")] == [("negotiation", "expected")]


def test_what_a_past_cause_made_a_state_do_happened() -> None:
    events = _events("The tariffs led China to open an anti-dumping probe into Canadian canola and lodge a complaint "
                     "with the WTO.")
    assert events and all(e[3] == "happened" for e in events)


# Agreements

def test_a_signing_that_did_not_happen_names_no_agreement() -> None:
    assert find_agreements("The two leaders held talks on Thursday but did not sign any agreement.") == []


def test_failing_to_reach_an_agreement_is_still_a_negotiation() -> None:
    assert [(a.status) for a in find_agreements("The two sides failed to reach an agreement on Monday.")] == [
        "negotiating"]


def test_an_agreement_a_party_ended_is_terminated() -> None:
    assert [a.status for a in find_agreements("Mali ended the 2015 peace agreement in January.")] == ["terminated"]


def test_talks_that_ended_without_agreement_terminate_nothing() -> None:
    assert find_agreements("Talks in Santo Domingo last week ended without agreement.") == []


def test_an_agreements_name_stops_before_its_occasion() -> None:
    assert _agreements("Morocco and Mauritania are expected to sign a memorandum on power links during that visit.") == [
        ("memorandum on power links", "proposed")]


def test_a_state_warned_by_another_is_no_warning_of_its_own() -> None:
    assert _events("Canada said foreign diplomats have been warned that they will be expelled.") == []
