"""Events from passages about many pairs of countries: type, actors, date, status."""

from __future__ import annotations

import pytest

from passage import passage_report


def events(text: str, published: str | None = "2024-03-20") -> list[tuple[str, list[str], str | None, str]]:
    report = passage_report(text, published)
    return [(e["type"], sorted(e["actors"]), e["date"], e["status"]) for e in report["events"]]


def test_expected_resumption_with_a_month_resolved_forwards():
    assert events("India and Pakistan will resume the Thar Express service in June, railway officials said.") == [
        ("resumption", ["IND", "PAK"], "2024-06", "expected")]


def test_past_suspension_with_absolute_date():
    assert events("Ukraine halted rail traffic with Belarus in February 2022.") == [
        ("suspension", ["BLR", "UKR"], "2022-02", "happened")]


def test_reportedly_makes_a_past_event_reported():
    assert events("Eritrea reportedly closed the border with Ethiopia last month.") == [
        ("border_closure", ["ERI", "ETH"], "2024-02", "reported")]


def test_denial_makes_the_event_denied():
    assert events("Havana did not suspend flights to the United States, the ministry said.")[0][3] == "denied"


def test_demonyms_and_capitals_are_actors():
    assert events("Japanese and South Korean diplomats held talks in Seoul on Monday.") == [
        ("negotiation", ["JPN", "KOR"], "2024-03-18", "happened")]


def test_a_source_country_is_not_an_actor():
    found = events("According to Japan's NHK, Beijing and Pyongyang signed a tourism agreement on Tuesday.")
    assert found == [("agreement", ["CHN", "PRK"], "2024-03-19", "happened")]


def test_cause_country_is_not_an_actor_of_the_suspension():
    found = events("Plans for flights between Minsk and Tehran were suspended owing to U.S. pressure.")
    assert found == [("suspension", ["BLR", "IRN"], None, "happened")]


def test_second_party_comes_from_the_article_main_pair():
    text = ("Cuba and the United States restored direct flights in 2015.\n"
            "Cuba expects the ferry service to resume next year, officials said.")
    assert ("resumption", ["CUB", "USA"], "2025", "expected") in events(text)


def test_mentions_of_the_same_event_are_merged_and_keep_the_most_precise_date():
    text = ("Pakistan has suspended the Thar Express to India.\n"
            "The Thar Express was suspended today in view of tensions, Pakistan's railway ministry said.")
    assert events(text, "2019-08-08") == [("suspension", ["IND", "PAK"], "2019-08-08", "happened")]


def test_different_dates_make_different_events():
    text = ("Colombia and Venezuela reopened a border crossing in September.\n"
            "Colombia and Venezuela will fully reopen the border on January 1.")
    assert events(text, "2022-12-31") == [
        ("border_reopening", ["COL", "VEN"], "2022-09", "happened"),
        ("border_reopening", ["COL", "VEN"], "2023-01-01", "expected")]


def test_sanctions_name_the_target_and_not_the_allies():
    found = events("Sanctions on Moscow by Kyiv's allies followed the invasion.")
    assert ("sanction", ["RUS"], None, "happened") in found


def test_unknown_publication_date_leaves_relative_dates_null():
    assert events("The train service between Russia and North Korea could resume next month.", None) == [
        ("resumption", ["PRK", "RUS"], None, "expected")]


@pytest.mark.parametrize("sentence", [
    "The city council approved a budget for parks.",
    "Signs of progress are strong, officials said.",
])
def test_sentences_without_a_bilateral_happening_give_no_events(sentence):
    assert events(sentence) == []


@pytest.mark.parametrize("sentence, expected", [
    ("Vietnam and Cambodia are set to reopen the Moc Bai border gate on April 1.",
     ("border_reopening", ["KHM", "VNM"], "2024-04-01", "expected")),
    ("Argentina has yet to resume beef exports to China, officials said.",
     ("resumption", ["ARG", "CHN"], None, "denied")),
    ("Brazil plans to sign a trade deal with Mexico later this year.",
     ("agreement", ["BRA", "MEX"], "2024", "expected")),
    ("Egypt denied reports that it had suspended gas deliveries to Israel.",
     ("suspension", ["EGY", "ISR"], None, "denied")),
    ("Chile and Peru signed an extradition treaty in Lima on 12 March 2024.",
     ("agreement", ["CHL", "PER"], "2024-03-12", "happened")),
    ("Tanzania donated 10,000 tonnes of maize to Zambia.", ("aid", ["TZA", "ZMB"], None, "happened")),
    ("Morocco recalled its ambassador from Algeria on Monday.", ("other", ["DZA", "MAR"], "2024-03-18", "happened")),
    ("German Chancellor Olaf Scholz will travel to Warsaw next week for talks with Polish leaders.",
     ("visit", ["DEU", "POL"], "2024-03", "expected")),
    ("Ferries between Helsinki and Tallinn may have started again in May, Estonian media said.",
     ("resumption", ["EST", "FIN"], "2023-05", "reported")),
])
def test_phrasings_from_many_pairs(sentence, expected):
    assert events(sentence)[0] == expected


def test_an_anaphoric_source_credits_the_source_named_before():
    text = ("Yonhap reported that the two Koreas held talks at Panmunjom.\n"
            "South Korea also suspended loudspeaker broadcasts, according to the report.")
    report = passage_report(text, "2024-03-20")
    assert [c["attributed_to"] for c in report["claims"]] == ["Yonhap", "Yonhap"]
    assert report["sources_cited"] == ["Yonhap"]
