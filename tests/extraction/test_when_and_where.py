"""Round 15 specifications: which date belongs to which act, and which names are places.

Written for the round-15 passages in ``passages/`` (``"_round": 15``), which were scored before any of
these rules existed (docs/extraction.md). Each test states one general rule with sentences of its own.
"""

from __future__ import annotations

import datetime as dt

import pytest

from dyad.extraction.dates import find_dates

from passage import passage_events as _events, passage_report


def _places(text: str, published: str = "2025-03-12") -> set[tuple[str, str]]:
    return {(p["name"], p["country"]) for p in passage_report(text, published)["places"]}


# Counting from another act

def test_n_days_after_a_clause_dates_that_clause_counted_back_from_the_main_clause():
    assert _events("Turkey reopened its border crossing with Syria on Friday, six days after closing it over a "
                   "smuggling dispute.", "2025-06-14") == [
        ("border_reopening", ["SYR", "TUR"], "2025-06-13", "happened"),
        ("border_closure", ["SYR", "TUR"], "2025-06-07", "happened")]


def test_n_days_after_that_ends_its_clause_still_counts_on_from_the_day_told():
    values = [d.value for d in find_dates("Talks began on March 3. They broke down two days after.",
                                          dt.date(2025, 3, 12), anchor=dt.date(2025, 3, 3))]
    assert values == ["2025-03-03", "2025-03-05"]


def test_the_count_of_an_after_clause_dates_no_act_of_the_main_clause():
    found = _events("Chile said on Monday that it would suspend the fishing accord with Peru, a day after gunmen "
                    "attacked a patrol boat.", "2025-06-11")
    assert ("suspension", ["CHL", "PER"], None, "expected") in found


def test_the_same_day_is_the_last_date_told_at_the_precision_it_was_told():
    # the last day told was Monday, but a month was told after it: "the same day" is in that month
    published, monday = dt.date(2025, 6, 11), dt.date(2025, 6, 9)
    assert [d.value for d in find_dates("Togo responded the same day.", published, anchor=monday,
                                        told="2021-03")] == ["2021-03"]
    assert [d.value for d in find_dates("Togo responded the next day.", published, anchor=monday,
                                        told="2025-06-09")] == ["2025-06-10"]


def test_a_year_that_names_a_thing_is_no_date_told_for_what_comes_later():
    values = [d.value for d in find_dates("Police detained him on June 27 over the 2001 murder. He died the following "
                                          "day.", dt.date(2025, 6, 29))]
    assert values[-1] == "2025-06-28"


# Which clause a date belongs to

def test_a_when_clause_reached_through_an_infinitive_does_not_date_the_main_act():
    assert _events("China and Australia agreed to review the tariffs on wine imposed when relations plummeted in "
                   "2020.", "2025-07-16") == [("agreement", ["AUS", "CHN"], None, "happened")]


def test_a_when_clause_of_the_main_verb_still_dates_it():
    assert _events("Algeria said it would not renew the gas contract with Morocco when it expires at the end of "
                   "October.", "2025-09-22")[0][2] == "2025-10"


def test_an_act_in_a_when_clause_happened_at_the_time_of_the_clause_before():
    assert _events("The two prime ministers of Norway and Sweden last met in Oslo in May, when they agreed to link "
                   "their power grids.", "2025-09-03") == [
        ("negotiation", ["NOR", "SWE"], "2025-05", "happened"), ("agreement", ["NOR", "SWE"], "2025-05", "happened")]


def test_a_relative_clause_that_only_places_a_noun_in_time_dates_it():
    assert ("negotiation", ["ESP", "PRT"], "2019", "happened") in _events(
        "Spain and Portugal signed a water treaty on Tuesday, after talks that began in 2019.", "2025-03-12")


def test_also_dates_the_verb_it_modifies_not_an_act_named_beside_it():
    found = _events("Egypt and Sudan held talks in Cairo in August. Egypt also plans to resume flights to Khartoum, "
                    "suspended for two years.", "2025-09-10")
    assert ("resumption", ["EGY", "SDN"], None, "expected") in found
    assert all(date is None for kind, _, date, _ in found if kind == "suspension")


def test_earlier_this_year_and_a_month_in_it_may_tell_one_act():
    found = _events("Kenya and Ethiopia will resume border talks on Monday, after Kenya suspended them earlier this "
                    "year. Nairobi halted the talks in January.", "2025-04-09")
    assert [e for e in found if e[0] == "suspension"] == [("suspension", ["ETH", "KEN"], "2025-01", "happened")]


# Acts that are not one happening

def test_an_apposition_sizing_up_the_act_is_that_act_again():
    found = _events("President Ruto will travel to Addis Ababa on Thursday for talks with Ethiopia, his office said, "
                    "his first visit to the country since 2022.", "2025-11-19")
    assert [e for e in found if e[0] == "visit"] == [("visit", ["ETH", "KEN"], "2025-11-20", "expected")]


def test_an_act_that_recurs_every_year_is_no_happening():
    assert _events("Finland and Estonia have held fisheries talks every year since 1995.", "2025-04-09") == []


# Places

@pytest.mark.parametrize("sentence", [
    "Iran accused Berlin of meddling in its affairs.",
    "Budapest has blocked the talks for a year.",
    "Tokyo's sanctions were widened.",
    "\"Berlin should stop lecturing others,\" the spokesman said.",
])
def test_a_capital_standing_for_its_government_is_no_place(sentence: str):
    assert _places(sentence) == set()


def test_a_capital_where_something_happens_stays_a_place():
    assert _places("Moscow's embassy in Riga protested. The delegation flew to Moscow.") == {
        ("Riga", "LVA"), ("Moscow", "RUS")}


def test_a_town_name_shared_by_several_countries_is_the_one_in_a_state_the_article_names():
    assert ("Valencia", "ESP") in _places("Portugal and Spain last held a summit in Valencia in 2023.")


def test_western_sahara_is_no_state():
    report = passage_report("The Polisario Front, which seeks independence for the Western Sahara, condemned the deal "
                            "on Tuesday. Morocco and Mauritania agreed on Monday to build a second border crossing.",
                            "2025-11-05")
    assert report["countries"] == ["MAR", "MRT"]
    assert all("ESH" not in e["actors"] for e in report["events"])


def test_a_capital_that_acts_as_its_state_is_no_place_whatever_the_act():
    assert _places("Washington tightened restrictions on travel to the island in 2019.") == set()


def test_a_dateline_in_title_case_with_its_date_and_agency_is_no_place():
    assert _places("New Delhi, May 17 (IANS) India on Saturday restricted imports from Bangladesh via land ports.") == set()


def test_new_york_in_a_place_phrase_is_the_city():
    assert _places("The ministers met in New York last week.") == {("New York", "USA")}
