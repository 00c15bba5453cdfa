"""Round 17 specifications: a date only where the text anchors the act, datelines that name their state, and
the kinds of credit a source is given.

Written for the round-17 passages in ``passages/`` (``"_round": 17``), scored before any of these rules
existed (docs/extraction.md). Each test states one general rule with sentences of its own.
"""

from __future__ import annotations

import datetime as dt

from dyad.extraction.dates import DateThread
from dyad.extraction.report import masked

from passage import passage_events as _events, passage_report


def _places(text: str, published: str = "2025-07-10") -> set[tuple[str, str]]:
    return {(p["name"], p["country"]) for p in passage_report(text, published)["places"]}


# The last date told has one owner

def test_the_thread_of_an_article_counts_from_the_last_date_told_in_an_earlier_sentence():
    thread = DateThread(dt.date(2025, 6, 11))
    thread.read("Togo closed the border on Monday.")
    past, _ = thread.read("Benin responded the following day.")
    assert [d.value for d in past] == ["2025-06-10"]
    thread.read("The two sides first met in the 2001 summit.")  # a year naming a thing tells no time
    past, _ = thread.read("A year later, trade resumed.")
    assert [d.value for d in past] == ["2026"]


# Datelines

def test_a_dateline_with_its_country_after_the_city_is_masked():
    for line in ("SANTA CRUZ, Bolivia, July 10 (Reuters) - ", "NOUAKCHOTT, Mauritania (AP) — "):
        assert masked(line + "Bolivia said.").strip() == "Bolivia said."


def test_a_dateline_is_no_place_and_its_city_in_the_body_is_in_the_state_it_names():
    text = ("SANTA CRUZ, Bolivia, July 10 (Reuters) - Paraguay's energy minister arrived in Santa Cruz on "
            "Tuesday for talks on a gas pipeline.")
    assert _places(text) == {("Santa Cruz", "BOL")}
    assert _places("NOUAKCHOTT, Mauritania (AP) — Mali's foreign minister will travel to Bamako for talks.") == {
        ("Bamako", "MLI")}


def test_an_acronym_is_not_a_town_of_that_name():
    assert _places("The Tbilisi office of the UN said talks would resume in Yerevan.") == {
        ("Tbilisi", "GEO"), ("Yerevan", "ARM")}


# A when-clause says at what time the clause it hangs on happens

def test_an_act_still_to_come_takes_the_date_of_the_when_clause_it_hangs_on():
    found = _events("Zambia and Malawi are due to sign an agreement on a border post when Malawian President Lazarus "
                    "Chakwera visits Lusaka on Monday, Zambia's foreign ministry said on Thursday.", "2025-04-17")
    assert ("agreement", ["MWI", "ZMB"], "2025-04-21", "expected") in found
    assert ("visit", ["MWI", "ZMB"], "2025-04-21", "expected") in found


def test_a_present_verb_after_a_plural_subject_in_a_when_clause_of_a_future_clause_is_still_to_come():
    found = _events("Kenya will reopen the border when the two presidents meet in Arusha on Friday.", "2025-08-14")
    assert ("negotiation", ["KEN", "TZA"], "2025-08-15", "expected") in found
    assert ("border_reopening", ["KEN", "TZA"], "2025-08-15", "expected") in found


def test_a_noun_after_its_determiner_in_an_after_clause_is_no_present_verb():
    found = _events("Pakistan and Iran will reopen the Taftan crossing on Saturday after a closure of nearly three "
                    "weeks that followed a militant attack near the border.", "2025-08-14")
    assert ("border_closure", ["IRN", "PAK"], None, "happened") in found


# The date of the same happening told in another clause or sentence

def test_talks_named_again_with_a_participle_that_places_them_in_time_take_that_date():
    found = _events("Somalia and Ethiopia held talks. The talks, held in Ankara last week, were the third round.",
                    "2025-02-12")
    assert found == [("negotiation", ["ETH", "SOM"], "2025-02", "happened")]


def test_the_town_talks_are_held_in_is_their_venue_not_a_party():
    found = _events("The talks, held in Ankara last week, were the third round between Somalia and Ethiopia.",
                    "2025-02-12")
    assert all("TUR" not in actors for _, actors, _, _ in found)


def test_an_act_in_a_where_clause_of_a_dated_meeting_happened_then():
    found = _events("Slovakia and Ukraine last met in January in Uzhhorod, where they agreed to build a power line.",
                    "2025-06-04")
    assert ("agreement", ["SVK", "UKR"], "2025-01", "happened") in found


def test_a_where_clause_in_the_past_perfect_keeps_its_own_time():
    found = _events("India and China met in Moscow on Monday, near the area where their troops had earlier clashed.",
                    "2025-06-04")
    assert ("military", ["CHN", "IND"], "2025-06-02", "happened") not in found


def test_talks_a_journey_is_for_are_at_the_time_of_the_journey():
    found = _events("Mauritania's president would travel to Bamako next week for talks with Mali's leader.",
                    "2025-03-14")
    assert ("negotiation", ["MLI", "MRT"], "2025-03", "expected") in found


def test_talks_during_the_visit_told_before_are_at_the_time_of_the_visit():
    found = _events("Malawi's president will visit Lusaka on Monday. He will hold talks with President Hakainde "
                    "Hichilema on electricity trade during the two-day visit.", "2025-04-17")
    assert ("negotiation", ["MWI", "ZMB"], "2025-04-21", "expected") in found


def test_the_topic_of_dated_talks_is_found_and_has_no_date_of_its_own():
    # a determiner is never the head of what a verb of reopening acts on ("the shared border")
    found = _events("Rwanda and Burundi met on Monday to discuss the reopening of their shared border.", "2025-05-06")
    assert ("negotiation", ["BDI", "RWA"], "2025-05-05", "happened") in found
    assert ("border_reopening", ["BDI", "RWA"], None, "expected") in found


# Who is credited

def _sources(sentence: str) -> list[str]:
    from dyad.extraction.attribution import find_sources, plausible_source
    from dyad.extraction.gazetteer import default_gazetteer
    return [clean.name for source in find_sources(sentence, default_gazetteer())
            if (clean := plausible_source(source)) is not None]


def test_the_subject_of_a_speech_verb_in_the_passive_is_spoken_to_or_of_not_credited():
    assert _sources("Lalonde was told to leave China by May 13.") == []
    assert _sources("Malian soldiers were accused of killing herders, the foreign ministry said.") == [
        "the foreign ministry"]
    assert _sources('"Trade must flow freely," Merad was quoted as saying.') == ["Merad"]


def test_a_speaker_before_a_relative_clause_not_set_off_by_commas_is_credited():
    assert _sources("Lifting the ban is not on the agenda, a Zambian official who asked not to be named said.") == [
        "a Zambian official"]


def test_the_subject_of_a_reaction_but_said_is_credited():
    assert _sources("Belarus's foreign ministry welcomed the decision but said all crossings should reopen.") == [
        "Belarus's foreign ministry"]


def test_a_name_after_the_noun_of_a_reduced_relative_is_the_speaker():
    assert _sources("Burundi shut its border after clashes with rebels, a charge Rwanda denies.") == ["Rwanda"]


def _cited(text: str) -> list[str]:
    return passage_report(text, "2025-06-04")["sources_cited"]


def test_a_first_the_government_said_credits_the_government_and_a_later_the_ministry_names_one_told_before():
    cited = _cited("Chile and Peru signed a framework agreement on Monday. The deal covers fishing, the government said.")
    assert [s["name"] if isinstance(s, dict) else s for s in cited] == ["the government"]
    cited = _cited("Chile and Peru signed a deal, Chile's foreign ministry said. It covers fishing, the ministry said.")
    assert [s["name"] if isinstance(s, dict) else s for s in cited] == ["Chile's foreign ministry"]


def test_present_tense_credits_criticism_and_a_government_s_belief_are_credited():
    assert _sources("The New York Times also indicates that the two leaders disagreed.") == ["The New York Times"]
    assert _sources("Turkish Trade Minister Omer Bolat criticised the decision.") == ["Turkish Trade Minister Omer Bolat"]
    assert _sources("The federal government believes if the tariffs are lifted, trade will recover.") == [
        "The federal government"]
    assert _sources("China believes in dialogue.") == []


def test_the_venue_of_talks_stays_their_only_party_when_no_one_else_is_named():
    assert [(e[0], e[1], e[3]) for e in _events("The two leaders will meet again in Skopje in the autumn.", "2025-05-09")] == [
        ("negotiation", ["MKD"], "expected")]


def test_a_possessive_date_dates_the_noun_it_premodifies_and_no_other_act():
    assert _events("Moldova expelled a Russian diplomat over interference in September's parliamentary election.",
                   "2025-11-19") == [("other", ["MDA", "RUS"], None, "happened")]
    assert _events("Moldova expelled a Russian diplomat on Wednesday over September's election.", "2025-11-19") == [
        ("other", ["MDA", "RUS"], "2025-11-19", "happened")]
    assert ("negotiation", ["JPN", "MNG"], "2025-10-07", "happened") in _events(
        "The announcement came after Tuesday's meeting in Tokyo between the prime ministers of Japan and Mongolia.",
        "2025-10-09")


def test_a_past_relative_clause_tells_the_past_of_the_thing_not_the_time_of_the_act():
    assert _events("Armenia said on Friday it would sign the peace treaty with Azerbaijan, which was agreed in March, "
                   "at a summit next month.", "2025-06-11") == [("agreement", ["ARM", "AZE"], "2025-07", "expected")]
    # a relative clause in the present still times what is done to the thing
    assert _events("Algeria said it would not renew a contract for the gas pipeline with Morocco, which expires at "
                   "the end of October.", "2025-06-11")[0][2] == "2025-10"


def test_a_verbless_phrase_set_off_after_a_noun_trigger_places_it_in_time():
    # two acts in the sentence, so the date reaches the meeting through the phrase, not as the sentence's one date
    assert ("negotiation", ["CHN", "IND"], "2025-06-07", "happened") in _events(
        "The meeting between India and China, on the sidelines of a summit in Johannesburg on Saturday, was followed "
        "by talks between their defence ministers.", "2025-06-11")


def test_an_agreement_or_process_named_after_a_town_is_no_place():
    assert _places("Russia and Ukraine discussed the Istanbul grain deal and the Minsk agreements in Geneva.") == {
        ("Geneva", "CHE")}
    assert _places("Armenia and Azerbaijan met under the Astana format.") == set()
    assert _places("Armenia and Azerbaijan met in Astana.") == {("Astana", "KAZ")}


def test_what_the_talks_a_journey_is_for_are_about_keeps_no_date():
    found = _events("Iraq's oil ministry said a delegation would travel to Ankara next week for talks on resuming "
                    "exports.", "2023-03-29")
    assert ("resumption", ["TUR"], None, "expected") in [(t, a, d, s) for t, a, d, s in found]


def test_the_occasion_told_before_may_be_named_with_a_possessive():
    found = _events("Kenyan President William Ruto arrived in Mogadishu on Monday. During his visit, he signed a "
                    "security pact with Somalia.", "2025-06-11")
    assert ("agreement", ["KEN", "SOM"], "2025-06-09", "happened") in found


def test_the_owner_of_figures_that_show_something_is_credited():
    assert _sources("China brings in larger volumes of the raw oilseed, USDA forecasts show.") == ["USDA forecasts"]
    assert _sources("Trade fell by a third last year, customs data showed.") == ["customs data"]
    assert _sources("The figures show that trade has fallen.") == []


def test_a_subject_that_can_only_name_the_act_just_told_dates_it():
    assert _events("China said it will impose retaliatory tariffs on imports of pork from Canada. The changes will be "
                   "effective March 20.", "2025-03-08") == [("sanction", ["CAN", "CHN"], "2025-03-20", "expected")]


def test_a_speaker_quoted_by_an_outlet_a_name_before_its_title_and_a_readout_s_author_are_credited():
    assert _sources("Lavrov was quoted by TASS as saying the talks would continue.") == ["Lavrov", "TASS"]
    assert _sources("Mao Ning, a spokeswoman for China's foreign ministry, said the talks were useful.") == ["Mao Ning"]
    assert _sources("According to a readout from the White House, the two leaders discussed trade.") == [
        "the White House"]


def test_a_season_is_told_at_the_precision_of_its_year_read_in_the_clause_s_direction():
    from dyad.extraction.dates import find_dates
    values = lambda text, published, future=False: [d.value for d in find_dates(text, published, future=future)]
    assert values("The two sides would meet again in the autumn.", dt.date(2025, 7, 16), future=True) == ["2025"]
    assert values("Trade fell last summer.", dt.date(2025, 3, 5)) == ["2024"]
    assert values("They will meet next spring.", dt.date(2025, 11, 5), future=True) == ["2026"]
    assert [d.since for d in find_dates("Lorries have waited since the summer.", dt.date(2025, 11, 5))] == [True]
