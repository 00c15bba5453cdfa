"""Rounds 9 and 10 of issue 12, as specifications: dates that belong to one verb of several, years
that name things, events named again, events carried by a verb's object or particle, sources by
appraisal and apposition, agreements beside named ones, brokers, and the ends of a link's frame.

Written for the round-9 and round-10 passages in ``passages/`` (``"_round": 9`` and ``10``), each
batch scored before any of these rules existed (docs/extraction.md).
"""

from __future__ import annotations

import datetime as dt

import pytest

from dyad.extraction.dates import find_dates

from passage import passage_report


def events(text: str, published: str = "2024-09-18") -> list[tuple[str, list[str], str | None, str]]:
    return [(e["type"], sorted(e["actors"]), e["date"], e["status"])
            for e in passage_report(text, published)["events"]]


def test_each_verb_of_a_coordination_takes_the_date_that_follows_it():
    assert events("Venezuela closed the frontier in 2015 and cut ties with Colombia in 2019.") == [
        ("border_closure", ["COL", "VEN"], "2015", "happened"), ("suspension", ["COL", "VEN"], "2019", "happened")]


def test_a_date_before_the_verbs_dates_them_all():
    found = events("On Monday, Ethiopia halted flights to Kenya and suspended the visa programme.")
    assert {date for _, _, date, _ in found} == {"2024-09-16"}


def test_a_year_that_names_a_treaty_does_not_date_the_talks_about_it():
    found = events("Paraguay and Brazil are due to begin talks on revising the 1973 Itaipu Treaty later this year.")
    assert found == [("negotiation", ["BRA", "PRY"], "2024", "expected")]


def test_a_year_before_its_own_event_noun_still_dates_it():
    assert events("Ukraine said the 2022 invasion by Russia had failed.")[0][2] == "2022"


def test_the_reopening_named_again_is_the_reopening_told_before():
    found = events("Peru and Ecuador will reopen the Huaquillas border crossing next month. "
                   "Trade ministers from both countries met in Lima last week to prepare the reopening.")
    assert found == [("border_reopening", ["ECU", "PER"], "2024-10", "expected"),
                     ("negotiation", ["ECU", "PER"], "2024-09", "happened")]


@pytest.mark.parametrize("second", ["A reopening of flights between them is planned.",
                                    "The reopening of flights between them is planned."])
def test_a_reopening_with_its_own_article_or_object_is_another_one(second: str):
    assert len(events("Peru and Ecuador reopened the border crossing in March. " + second)) == 2


# Events carried by the verb's object, particle or complement

def test_closing_a_bridge_between_two_towns_closes_the_border():
    assert events("Thailand closed the Friendship Bridge between Mae Sot and Myawaddy to traffic on Tuesday.",
                  "2024-04-10") == [("border_closure", ["MMR", "THA"], "2024-04-09", "happened")]


def test_a_particle_verb_with_a_pronoun_between_is_still_the_verb():
    assert events("Kenya and Somalia restored diplomatic ties last year after Somalia broke them off in 2020.",
                  "2022-05-18") == [("resumption", ["KEN", "SOM"], "2021", "happened"),
                                    ("suspension", ["KEN", "SOM"], "2020", "happened")]


def test_a_treaty_held_in_abeyance_is_suspended():
    assert events("India said on Wednesday it would hold the Indus Waters Treaty with Pakistan in abeyance.",
                  "2025-04-24")[0][0] == "suspension"


def test_expelling_or_ordering_out_embassy_staff_is_an_event():
    assert events("France expelled twelve Algerian consular officials on Monday.", "2025-04-16") == [
        ("other", ["DZA", "FRA"], "2025-04-14", "happened")]
    assert events("Algeria ordered twelve French embassy staff to leave on Monday.", "2025-04-16")[0][0] == "other"


def test_an_order_to_halt_is_a_halt_made_on_the_day_of_the_order():
    assert events("A Russian court on Wednesday ordered the Kazakh consortium to halt operations for 30 days.",
                  "2022-07-07") == [("suspension", ["KAZ", "RUS"], "2022-07-06", "happened")]


def test_restrictions_on_travel_are_a_sanction_not_a_visit():
    assert events("The United States tightened restrictions on travel to Cuba in 2019.", "2022-06-01") == [
        ("sanction", ["CUB", "USA"], "2019", "happened")]


def test_firing_water_cannon_at_a_boat_is_a_military_act():
    assert events("Chinese coast guard ships fired water cannon at a Philippine supply boat on Saturday.",
                  "2023-08-08") == [("military", ["CHN", "PHL"], "2023-08-05", "happened")]


# Sources: appraisals, names in apposition, speakers interrupted by a relative clause

def _sources(sentence: str) -> list[str]:
    from dyad.extraction.attribution import find_sources, plausible_source
    from dyad.extraction.gazetteer import default_gazetteer

    return [s.name for src in find_sources(sentence, default_gazetteer()) if (s := plausible_source(src))]


def test_an_appraisal_credits_its_speaker_but_a_call_for_something_does_not():
    assert _sources("Paraguayan President Santiago Pena called the agreement fair.") == [
        "Paraguayan President Santiago Pena"]
    assert _sources("Paraguayan officials called for new talks.") == []
    assert _sources("The so-called agreement was never signed.") == []


def test_a_name_in_apposition_after_a_title_is_the_source():
    assert _sources("Cuba's foreign minister, Bruno Rodriguez, called the decision a limited step.") == [
        "Bruno Rodriguez"]
    assert _sources("The Thai prime minister, Srettha Thavisin, said the border would reopen.") == ["Srettha Thavisin"]


def test_a_speaker_interrupted_by_a_relative_clause_is_the_one_who_speaks():
    assert _sources("Colombian President Gustavo Petro, who restored relations with Caracas in August, said the "
                    "reopening would revive trade.") == ["Colombian President Gustavo Petro"]


# Agreements made by a verb beside named ones

def _agreements(text: str, published: str = "2024-05-09") -> list[tuple[str, list[str], str | None]]:
    return [(a["name"], sorted(a["parties"]), a["date"]) for a in passage_report(text, published)["agreements"]]


def test_a_place_and_time_between_agreed_and_what_was_agreed():
    assert _agreements("Kenya and Ethiopia agreed in Addis Ababa last month to ease visa rules.", "2025-02-06") == [
        ("agreement to ease visa rules", ["ETH", "KEN"], "2025-01")]


def test_an_agreement_by_verb_before_a_named_one_in_the_same_sentence_is_a_second_agreement():
    found = _agreements("Germany and Poland agreed to step up cooperation on defence and signed a declaration on "
                        "border security.")
    assert [name for name, _, _ in found] == ["declaration on border security",
                                              "agreement to step up cooperation on defence"]


def test_a_verbs_agreement_is_not_a_restatement_of_an_old_treaty_and_the_deal_is_the_one_told():
    found = _agreements("Paraguay and Brazil agreed on Wednesday on a new tariff for Itaipu power. Under the deal, the "
                        "tariff will stay the same until 2026. They will revise the 1973 Itaipu Treaty later this year.")
    assert found == [("1973 Itaipu Treaty", ["BRA", "PRY"], "1973"),
                     ("agreement on a new tariff for Itaipu power", ["BRA", "PRY"], "2024-05-08")]


# A service that runs again, a participle that restates, a topic that names no party

def test_a_service_that_runs_again_is_a_resumption_and_the_participle_restates_it():
    assert events("A passenger train from Hanoi to Nanning will run again from next Monday, Vietnam Railways said, "
                  "restoring a cross-border service suspended since the start of the pandemic.", "2023-04-11") == [
        ("resumption", ["CHN", "VNM"], "2023-04-17", "expected"), ("suspension", ["CHN", "VNM"], None, "happened")]


def test_the_start_of_something_that_is_no_link_is_no_event():
    assert events("Flights between Hanoi and Beijing have been suspended since the start of the pandemic.",
                  "2023-04-11") == [("suspension", ["CHN", "VNM"], None, "happened")]


def test_a_state_named_in_the_topic_of_talks_is_no_party():
    assert events("Turkish President Recep Tayyip Erdogan held talks in Cairo with Egypt's president on the war in "
                  "Gaza on Wednesday.", "2024-02-15") == [("negotiation", ["EGY", "TUR"], "2024-02-14", "happened")]


def test_a_second_verb_of_the_same_subject_happened_when_the_first_did():
    found = events("Erdogan arrived in Cairo on Wednesday for his first visit to Egypt in a decade, and held talks "
                   "with the Egyptian president.", "2024-02-15")
    assert [(t, d) for t, _, d, _ in found] == [("visit", "2024-02-14"), ("negotiation", "2024-02-14")]


# Days counted from the day told before

def test_the_following_day_counts_from_the_day_the_article_told_last():
    found = events("Russian police detained 50 Azerbaijani nationals in Yekaterinburg on Friday 27 June. "
                   "The following day, Azerbaijan summoned the Russian ambassador.", "2025-06-30")
    assert ("statement", ["AZE", "RUS"], "2025-06-28", "happened") in found


def test_days_later_need_a_day_to_count_from():
    assert [d.value for d in find_dates("Two days later, talks resumed.", None)] == [None]
    assert [d.value for d in find_dates("Two days later, talks resumed.", None, anchor=dt.date(2025, 6, 27))] == [
        "2025-06-29"]
    assert [d.kind for d in find_dates("Two days before the vote, talks resumed.", None)] == []


def test_one_sides_statement_in_copy_about_the_pair_is_aimed_at_the_other():
    assert events("Ukraine and Poland are at odds over grain. Kyiv has filed a complaint at the World Trade "
                  "Organization.", "2023-09-20")[-1] == ("statement", ["POL", "UKR"], None, "happened")


def test_a_test_or_a_drill_stays_one_sides_act():
    found = events("India and Pakistan traded accusations. Pakistan conducted a missile test on Monday.", "2025-04-24")
    assert ("military", ["PAK"], "2025-04-21", "happened") in found


# Round 10: people freed, cases filed, markets reopened, figures and hypotheses

def test_freeing_a_states_national_is_an_event_between_the_two():
    assert events("Iran freed Swedish diplomat Johan Floderus on Saturday.", "2024-06-16") == [
        ("other", ["IRN", "SWE"], "2024-06-15", "happened")]


def test_a_case_filed_against_a_state_is_its_statement():
    assert events("Ireland filed an interstate case against Britain on Wednesday.", "2024-01-18") == [
        ("statement", ["GBR", "IRL"], "2024-01-17", "happened")]


def test_a_market_reopened_is_a_resumption():
    assert events("Uganda will reopen its market to Kenyan eggs next month.", "2024-03-13") == [
        ("resumption", ["KEN", "UGA"], "2024-04", "expected")]


def test_a_trade_figure_reached_is_no_event():
    assert events("Trade between Ecuador and Colombia reached about $2.5 billion last year.", "2025-01-24") == []


def test_an_act_in_a_conditional_is_a_hypothesis():
    assert events("Australia and Papua New Guinea will come to each other's aid if attacked.", "2025-10-08") == []


def test_a_leader_whose_surname_ends_like_a_demonym_still_makes_a_visit():
    assert events("Australian Prime Minister Anthony Albanese visited Port Moresby last month.", "2025-10-08") == [
        ("visit", ["AUS", "PNG"], "2025-09", "happened")]
    assert events("More North Koreans have traveled to China this year.", "2025-10-08")[0][0] == "other"


def test_a_relative_clause_keeps_to_its_own_time():
    found = events("Laos and Vietnam signed a memorandum on Thursday. Vietnamese Prime Minister Pham Minh Chinh, who "
                   "was in Vientiane for the signing, said construction could begin in 2026.", "2024-12-13")
    assert ("visit", ["LAO", "VNM"], None, "happened") in found


# What a verb of stopping stops

def test_a_stop_needs_a_link_service_or_programme_for_object_or_subject():
    assert events("Ecuador accused Colombia of failing to stop drug trafficking across their border.", "2025-01-24") == [
        ("statement", ["COL", "ECU"], None, "happened")]
    assert events("Azerbaijan cancelled all cultural events with Russia on Sunday.", "2025-06-29") == [
        ("other", ["AZE", "RUS"], "2025-06-29", "happened")]


def test_stopping_visas_beside_a_border_closure_is_a_suspension_of_visas():
    assert events("The Dominican Republic closed its land border with Haiti on Friday and stopped issuing visas to "
                  "Haitians.", "2023-09-20") == [("border_closure", ["DOM", "HTI"], "2023-09-15", "happened"),
                                                 ("suspension", ["DOM", "HTI"], "2023-09-15", "happened")]


def test_a_border_that_stays_closed_is_the_closure_told_before():
    assert events("The Dominican Republic closed its border with Haiti on Friday. President Luis Abinader said the "
                  "border would stay closed until construction stopped.", "2023-09-20") == [
        ("border_closure", ["DOM", "HTI"], "2023-09-15", "happened")]


def test_a_broker_is_no_party_to_the_agreement_it_brokered():
    assert _agreements("Lebanon and Israel signed a U.S.-brokered agreement on their maritime border on Thursday.",
                       "2022-10-28") == [("agreement on their maritime border", ["ISR", "LBN"], "2022-10-27")]
    assert events("Iran freed a Swedish diplomat on Saturday in a swap mediated by Oman.", "2024-06-16") == [
        ("other", ["IRN", "SWE"], "2024-06-15", "happened")]


# A link's frame names its two ends

def _routes(text: str, published: str = "2024-11-06") -> list[tuple[str, str, str]]:
    return [(r["mode"], r["from"], r["to"]) for r in passage_report(text, published)["routes"]]


def test_a_ferry_between_a_known_and_an_unknown_town_links_the_two_countries():
    text = ("The passenger ferry between Aswan and Wadi Halfa resumed sailing on Sunday, Egypt said. "
            "The service was suspended when war broke out in Sudan.")
    assert _routes(text) == [("sea", "Aswan", "Wadi Halfa")]


def test_a_small_town_in_a_pipelines_name_is_read():
    assert _routes("Turkey halted the flow of Iraqi crude through the Kirkuk-Ceyhan pipeline on Saturday. Iraq "
                   "protested.", "2023-03-29") == [("pipeline", "Kirkuk", "Ceyhan")]


def test_the_article_before_a_name_is_no_part_of_it():
    assert _routes("The Pyongyang-Beijing train resumed on Monday, North Korea and China said.", "2024-06-26") == [
        ("rail", "Pyongyang", "Beijing")]


def test_a_british_territory_is_britains_side_not_a_third_state():
    assert _agreements("Spain and Britain reached a political agreement on Gibraltar on Wednesday.", "2025-06-12") == [
        ("political agreement on Gibraltar", ["ESP", "GBR"], "2025-06-11")]


def test_the_state_that_asked_is_no_party_to_the_act():
    found = events("Lithuania recalled its envoy from Belarus. Iraq suspended flights from Baghdad to Minsk on Aug. 6 "
                   "at Lithuania's request.", "2021-08-19")
    assert found[-1] == ("suspension", ["BLR", "IRQ"], "2021-08-06", "happened")
