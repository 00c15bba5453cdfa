"""Sources: who a sentence credits, in the phrasings news copy uses."""

from __future__ import annotations

from dyad.extraction.attribution import classify, find_sources
from dyad.extraction.gazetteer import default_gazetteer


def sources(sentence: str) -> list[tuple[str, str, str | None]]:
    return [(s.name, s.kind, s.country) for s in find_sources(sentence, default_gazetteer()) if not s.anaphor]


def test_according_to_names_the_source_and_its_country():
    assert sources("Talks could resume soon, according to Ukraine's state broadcaster Suspilne.") == [
        ("Ukraine's state broadcaster Suspilne", "media", "UKR")]


def test_subject_of_a_speech_verb_is_the_source():
    assert sources("India's external affairs ministry said the visit went ahead.") == [
        ("India's external affairs ministry", "government", "IND")]


def test_inverted_said_after_a_quote():
    assert sources('"We will reopen the crossing," said Eritrea\'s information minister Yemane Gebremeskel.') == [
        ("Eritrea's information minister Yemane Gebremeskel", "official", "ERI")]


def test_anonymous_sources_and_insiders():
    assert sources("People familiar with the matter told reporters the deal was near.")[0][1] == "anonymous"
    assert sources("One insider noted that flights had resumed.") == [("One insider", "anonymous", None)]


def test_citing_a_person_in_apposition_gives_the_name():
    found = sources("Citing the mayor of the border town, Ana Lopez, Efecto Cocuyo reported that trucks crossed.")
    assert found[0] == ("Ana Lopez", "person", None)


def test_no_comment_is_still_attribution():
    assert sources("Cuba's foreign ministry offered no immediate comment.") == [
        ("Cuba's foreign ministry", "government", "CUB")]


def test_passive_confirmed_by():
    assert sources("The figures were confirmed by a source at the Japan Tourism Agency.")[0][0] == \
        "a source at the Japan Tourism Agency"


def test_events_and_data_are_not_agents():
    assert classify("The development") is None
    assert sources("The development confirms an earlier report.") == []
