"""Round 16 specifications: every form of a trigger verb, who mediates, answers in kind, one event per happening.

Written for the round-16 passages in ``passages/`` (``"_round": 16``), scored before any of these rules existed
(docs/extraction.md); each test states one general rule on sentences of its own.
"""

from __future__ import annotations

import pytest

from passage import passage_events as _events, passage_report


def _types(text: str) -> list[str]:
    return [e[0] for e in _events(text)]


# A verb is a trigger in all its forms: the base form after a modal, "to" or a negation too.
@pytest.mark.parametrize(("past", "base", "etype"), [
    ("Peru closed its border with Bolivia", "Peru will close its border with Bolivia", "border_closure"),
    ("Peru closed the bridge to Bolivia", "Peru will close the bridge to Bolivia", "border_closure"),
    ("Peru expelled two Bolivian diplomats", "Peru will expel two Bolivian diplomats", "other"),
    ("Peru summoned Bolivia's ambassador", "Peru is to summon Bolivia's ambassador", "statement"),
    ("Peru severed ties with Bolivia", "Peru may sever ties with Bolivia", "suspension"),
    ("Peru sent aid to Bolivia", "Peru will send aid to Bolivia", "aid"),
    ("Peru freed three Bolivian soldiers", "Peru will free three Bolivian soldiers", "other"),
    ("The Peruvian president arrived in La Paz", "The Peruvian president will arrive in La Paz", "visit"),
])
def test_a_trigger_verb_counts_in_its_base_form_as_in_its_past(past: str, base: str, etype: str) -> None:
    assert etype in _types(past + " on Monday.")
    assert etype in _types(base + " on Monday.")


def test_close_as_an_adjective_is_no_closure() -> None:
    assert _types("Peru and Bolivia have close ties along their border, officials said.") == []


@pytest.mark.parametrize("sentence", [
    "Moldova downgraded diplomatic ties with Russia on Wednesday.",
    "Moldova will downgrade its relations with Russia.",
])
def test_downgrading_ties_suspends_part_of_them(sentence: str) -> None:
    assert _types(sentence) == ["suspension"]


@pytest.mark.parametrize("sentence", [
    "Burkina Faso declared two Ivorian diplomats persona non grata on Tuesday.",
    "On Tuesday, Burkina Faso declared persona non grata two Ivorian diplomats accused of spying.",
])
def test_a_declaration_of_persona_non_grata_is_an_expulsion(sentence: str) -> None:
    assert _events(sentence) == [("other", ["BFA", "CIV"], "2025-06-10", "happened")]


def test_relief_goods_sent_are_aid() -> None:
    assert _types("Turkey sent 300 trucks of food and medicine to Syria on Tuesday.") == ["aid"]


def test_an_adverb_between_met_and_its_complement_keeps_the_meeting() -> None:
    assert ("negotiation", ["MYS", "THA"], "2025-06-09", "happened") in _events(
        "Thai and Malaysian ministers met separately on Monday to discuss fishing rights.")


def test_a_reduced_passive_relative_accused_of_tells_no_statement() -> None:
    assert _types("On Tuesday, Burkina Faso expelled two Ivorian diplomats accused of spying.") == ["other"]
    assert "statement" in _types("On Tuesday, Burkina Faso accused two Ivorian diplomats of spying.")


# One event per happening: an answer in kind is the other side's own act, in its sentence or the next.
def test_an_expulsion_answered_by_an_expulsion_in_the_same_sentence_is_two_acts() -> None:
    events = _events("Britain expelled a Russian defence attache in March, and Moscow responded by expelling a British "
                     "diplomat.")
    assert [e[0] for e in events] == ["other", "other"]


def test_an_answer_told_in_the_next_sentence_is_its_own_act() -> None:
    events = _events("Burkina Faso expelled two Ivorian diplomats on Friday. Ivory Coast responded by expelling a "
                     "Burkinabe embassy counsellor, its spokesman said.")
    assert [e[0] for e in events] == ["other", "other"]


def test_the_same_expulsion_told_again_is_one_act() -> None:
    events = _events("Burkina Faso expelled two Ivorian diplomats on Friday. Burkina Faso expelled the two diplomats "
                     "for meeting armed groups, its foreign ministry said.")
    assert [e[0] for e in events] == ["other"]


@pytest.mark.parametrize("sentence", [
    "Albania and North Macedonia signed an agreement on a border crossing on Tuesday, at a summit where the two prime "
    "ministers also signed a pact on university degrees.",
    "Thailand and Malaysia agreed on a plan to build a second bridge, and signed a memorandum on halal food exports.",
    "Portugal and Spain agreed on Tuesday to open a rail line, at a summit where the two leaders also signed a water pact.",
])
def test_two_agreements_made_in_one_sentence_are_two_events(sentence: str) -> None:
    assert _types(sentence).count("agreement") == 2


def test_one_agreement_told_by_two_verbs_is_one_event() -> None:
    assert _types("Albania and North Macedonia reached a deal on a border crossing on Tuesday and signed the deal "
                  "in Ohrid.").count("agreement") == 1


def test_an_act_told_as_done_takes_no_date_after_publication() -> None:
    events = _events("Albania and North Macedonia agreed on a plan to build a railway, with work due to start in 2027.")
    assert ("agreement", ["ALB", "MKD"], None, "happened") in events


# Who mediates, hosts or brokers is no party; an agreement with a non-state party has the state alone.
@pytest.mark.parametrize("sentence", [
    "Djibouti and Eritrea held talks hosted by Qatar on Wednesday.",
    "Djibouti and Eritrea held talks on Wednesday under the auspices of Qatar.",
    "Qatari mediators brought Djibouti and Eritrea together for talks on Wednesday.",
])
def test_the_host_or_mediator_of_talks_is_no_party(sentence: str) -> None:
    assert ("negotiation", ["DJI", "ERI"], "2025-06-04", "happened") in _events(sentence)


@pytest.mark.parametrize("sentence", [
    "Qatari mediators had brokered a first deal between Djibouti and Eritrea in 2010.",
    "Djibouti and Eritrea are bound by a declaration brokered by Qatar in 2010.",
])
def test_an_agreement_a_third_state_brokered_is_between_the_two(sentence: str) -> None:
    assert ("agreement", ["DJI", "ERI"], "2010", "happened") in _events(sentence)


def test_an_agreement_with_armed_groups_has_the_state_alone_for_party() -> None:
    report = passage_report("Mali recalled its ambassador from Algeria on Sunday. Mali ended a 2015 peace agreement "
                            "with northern separatist groups, mediated by Algeria, in January 2024.", "2025-04-08")
    assert [(a["parties"], a["status"]) for a in report["agreements"]] == [(["MLI"], "terminated")]


def test_an_agreement_made_also_by_a_verb_is_another_agreement() -> None:
    report = passage_report("Djibouti and Eritrea agreed on Wednesday to exchange prisoners. The two sides also agreed "
                            "on a plan to demarcate their frontier.", "2025-10-02")
    assert len(report["agreements"]) == 2


def test_a_negation_in_a_reported_clause_ends_at_the_next_main_verb() -> None:
    assert ("statement", ["ARG", "PRY"], None, "happened") in _events(
        "Argentine officials said they had not been consulted by Paraguay and called the timing \"unacceptable\".")
    assert ("other", ["PER"], None, "denied") in _events("Peru said it had not closed the border and did not expel "
                                                       "diplomats.")


def test_reopening_them_reopens_the_borders_named_before_in_the_sentence() -> None:
    assert ("border_reopening", ["BEN", "NGA"], "2020-12", "happened") in _events(
        "Nigeria shut its land borders with Benin in August 2019 and reopened them in December 2020.")


def test_a_measure_told_as_lasting_is_no_new_happening() -> None:
    events = _events("Britain imposed sanctions on Russia on Monday. Lammy said the sanctions would stay in place "
                     "until the children were returned.")
    assert [e[0] for e in events] == ["sanction"]


def test_a_deal_a_third_state_brokered_and_the_two_signed_is_one_event() -> None:
    events = _events("Lebanon and Israel signed a U.S.-brokered agreement on their maritime border on Thursday.")
    assert [e[:2] for e in events] == [("agreement", ["ISR", "LBN"])]


def test_a_summons_and_the_protest_it_delivered_are_one_act_in_one_sentence() -> None:
    assert _types("Peru summoned Bolivia's ambassador on Monday and lodged a formal protest.") == ["statement"]
    assert _types("Peru summoned Bolivia's ambassador on Monday. Peru's foreign ministry later accused Bolivia of "
                  "meddling.") == ["statement", "statement"]


@pytest.mark.parametrize("sentence", ["Peru and Bolivia initialled the text of a border treaty on Monday.",
                                      "Peru and Bolivia agreed on the final text of a border treaty on Monday."])
def test_agreeing_the_text_of_a_treaty_is_the_agreement_of_the_two(sentence: str) -> None:
    assert _events(sentence) == [("agreement", ["BOL", "PER"], "2025-06-09", "happened")]


def test_an_agreement_long_ago_is_not_the_text_agreed_now() -> None:
    events = _events("Negotiators of Peru and Bolivia initialled the text of a border treaty. The two countries "
                     "agreed in 2019 to manage the lake jointly.")
    assert [(e[0], e[2]) for e in events] == [("agreement", None), ("agreement", "2019")]


@pytest.mark.parametrize("sentence", ["Peru granted Bolivia a 500 million dollar loan on Monday.",
                                      "Peru extended a $2 billion credit line to Bolivia on Monday."])
def test_giving_verbs_with_a_loan_or_credit_are_aid(sentence: str) -> None:
    assert _types(sentence) == ["aid"]


@pytest.mark.parametrize("sentence", [
    "Saidov said trade between Kyrgyzstan and Uzbekistan had tripled since 2017.",
    "The crossing carries most of the trade between Nigeria and Benin.",
])
def test_a_trade_figure_or_share_is_no_event(sentence: str) -> None:
    assert _types(sentence) == []


def test_trade_as_the_subject_of_a_verb_of_resuming_is_one_resumption() -> None:
    assert _types("Trade between Nigeria and Benin will resume on Monday.") == ["resumption"]


def test_a_judgement_with_two_modifiers_is_the_speakers_statement() -> None:
    assert ("statement", ["GBR", "RUS"], None, "happened") in _events(
        "Britain imposed sanctions on Russia on Monday. The Russian embassy in London called the measures \"a new "
        "anti-Russian provocation\".")


def test_a_treaty_named_by_its_year_and_brokered_long_ago_still_stands() -> None:
    report = passage_report("India held the treaty in abeyance. The 1960 treaty, brokered by the World Bank, had "
                            "survived three wars between India and Pakistan.", "2025-04-25")
    assert [a["status"] for a in report["agreements"] if a["name"] == "1960 treaty"] == ["in_force"]


def test_the_state_that_brokered_a_deal_is_no_party_to_it() -> None:
    events = _events("Thailand and Cambodia agreed on Sunday to reopen their checkpoints. Malaysia, which brokered "
                     "the ceasefire between Thailand and Cambodia, will host a meeting.")
    assert [e[1] for e in events if e[0] == "agreement"] == [["KHM", "THA"]]


def test_a_meeting_held_in_the_passive_is_a_meeting() -> None:
    assert ("negotiation", ["ALB", "MKD"], "2022", "happened") in _events(
        "Albania and North Macedonia signed a pact on Tuesday. Their last joint government session was held in Tirana "
        "in 2022.")


def test_a_mission_reopened_comes_back() -> None:
    assert ("resumption", ["IRQ", "SWE"], "2024", "happened") in _events(
        "Iraq expelled the Swedish ambassador in 2023. Sweden only reopened its mission in Baghdad last year.")


def test_a_deal_named_in_an_adjunct_after_the_verbs_agreement_is_that_agreement() -> None:
    report = passage_report("Saudi Arabia and Iran agreed to restore diplomatic relations, in a deal brokered by China, "
                            "state media reported on Friday.", "2023-03-10")
    assert len(report["agreements"]) == 1
    assert [e["type"] for e in report["events"]].count("agreement") == 1


def test_the_talks_as_a_subject_are_the_talks_told_resumed_before() -> None:
    events = _events("Somalia and Ethiopia resumed technical talks in Ankara on Monday. The talks, hosted by Turkey's "
                     "foreign ministry, are due to end on Thursday.", "2025-01-15")
    assert [e[0] for e in events] == ["resumption"]


def test_the_talks_retold_with_their_date_keep_it() -> None:
    events = _events("China and Lithuania agreed to review trade curbs after talks between their ministers. The talks "
                     "were held in Beijing last week.", "2025-07-15")
    assert ("negotiation", ["CHN", "LTU"], "2025-07", "happened") in events


def test_a_visit_for_talks_with_a_bloc_is_no_event_of_the_pair() -> None:
    report = passage_report("Moldova downgraded its ties with Russia on Wednesday. Moldovan President Maia Sandu will "
                            "travel to Brussels next week for talks with European Union leaders.", "2025-03-27")
    assert [e["type"] for e in report["events"]] == ["suspension"]
    assert "BEL" not in report["countries"]


def test_a_denial_is_typed_by_the_act_it_denies_when_that_act_is_a_trigger() -> None:
    assert ("military", ["COD", "RWA"], None, "denied") in _events(
        "Rwanda on Sunday denied sending troops into eastern Congo.")
    assert ("border_closure", ["BLR", "POL"], None, "denied") in _events("Poland denied closing the border with Belarus.")
    assert [e[0] for e in _events("Pakistan denied sheltering militants from Afghanistan.")] == ["statement"]
