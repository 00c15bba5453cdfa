"""Round 11 specifications: dependent territories and demonyms before a place noun.

Written for the round-11 passages in ``passages/`` (``"_round": 11``); each test states one general
rule of the gazetteer, not one sentence of a passage.
"""

from __future__ import annotations

import pytest

from dyad.extraction.gazetteer import default_gazetteer
from dyad.extraction.lexicon_countries import TERRITORY_SOVEREIGN

from passage import passage_report


def _report(text: str, published: str) -> dict:
    return passage_report(text, published)


def _names(text: str) -> list[tuple[str, str, str]]:
    return [(m.text, m.kind, m.iso3) for m in default_gazetteer().find(text)]


@pytest.mark.parametrize(("name", "sovereign"), [
    ("Greenland", "DNK"), ("Faroe Islands", "DNK"), ("Puerto Rico", "USA"), ("Guam", "USA"),
    ("New Caledonia", "FRA"), ("French Polynesia", "FRA"), ("Bermuda", "GBR"), ("Cayman Islands", "GBR"),
    ("Aruba", "NLD"), ("Curaçao", "NLD"), ("Hong Kong", "CHN"), ("Macao", "CHN"), ("Gibraltar", "GBR"),
])
def test_a_dependent_territory_is_its_sovereign_state(name: str, sovereign: str) -> None:
    assert default_gazetteer().lookup(name).iso3 == sovereign


def test_no_name_in_the_gazetteer_belongs_to_a_dependent_territory() -> None:
    # Towns and regions of a territory (Nuuk, Willemstad, Noumea) are the sovereign's too.
    index = default_gazetteer()._index
    assert not [key for key, entries in index.items() for e in entries if e.iso3 in TERRITORY_SOVEREIGN]
    assert _names("Officials met in Nuuk and in Noumea.") == [("Nuuk", "capital", "DNK"), ("Noumea", "capital", "FRA")]


def test_a_territory_in_copy_about_its_sovereign_is_no_third_country() -> None:
    text = ("Danish and American officials will hold talks in Nuuk next week on the US air base in Greenland, "
            "the Danish foreign ministry said on Wednesday.")
    report = _report(text, "2025-04-02")
    assert sorted(report["countries"]) == ["DNK", "USA"]
    assert [(e["type"], sorted(e["actors"])) for e in report["events"]] == [("negotiation", ["DNK", "USA"])]


@pytest.mark.parametrize("text", ["the Spanish town of La Linea", "near the Spanish town of Irun"])
def test_a_demonym_before_a_place_noun_is_a_demonym_not_a_place_name(text: str) -> None:
    assert ("Spanish", "demonym", "ESP") in _names(text)
    assert not [name for name in _names(text) if name[2] == "JAM"]


def test_the_place_name_written_with_its_capitals_is_still_the_place() -> None:
    assert _names("in Spanish Town, Jamaica")[0] == ("Spanish Town", "city", "JAM")
    assert _names("in Mexico City")[0] == ("Mexico City", "capital", "MEX")


def test_the_town_a_demonym_and_place_noun_introduce_is_a_place_of_that_country() -> None:
    text = ("French and Spanish rail operators will restore the train service between the Spanish town of Irun and "
            "the French town of Hendaye on Friday, Spain's transport ministry said on Tuesday.")
    report = _report(text, "2025-05-13")
    assert {(p["name"], p["country"]) for p in report["places"]} == {("Irun", "ESP"), ("Hendaye", "FRA")}
    assert [(r["from"], r["to"], r["mode"]) for r in report["routes"]] == [("Irun", "Hendaye", "rail")]


def _events(text: str, published: str) -> list[tuple[str, list[str], str | None]]:
    return [(e["type"], sorted(e["actors"]), e["date"]) for e in _report(text, published)["events"]]


def test_an_undated_closure_and_the_same_closure_told_years_before_are_two_acts() -> None:
    text = ("Kuwait has closed its border crossing with Iraq at Safwan, the state news agency KUNA reported. "
            "The crossing was last shut in 2020, when both countries closed it for four months.")
    assert _events(text, "2025-09-15") == [("border_closure", ["IRQ", "KWT"], None),
                                           ("border_closure", ["IRQ", "KWT"], "2020")]


def test_an_undated_closure_and_its_recent_date_are_one_act() -> None:
    text = ("Kuwait has closed its border crossing with Iraq at Safwan, the state news agency KUNA said. "
            "The crossing was shut in September, officials said.")
    assert _events(text, "2025-09-15") == [("border_closure", ["IRQ", "KWT"], "2025-09")]


def test_news_in_the_present_perfect_takes_the_day_its_source_said_it() -> None:
    text = "Kuwait has closed its border crossing with Iraq at Safwan, the state news agency KUNA said on Monday."
    assert _events(text, "2025-09-16") == [("border_closure", ["IRQ", "KWT"], "2025-09-15")]


def test_news_in_the_present_perfect_with_no_day_of_saying_stays_undated() -> None:
    text = "Kuwait has closed its border crossing with Iraq at Safwan, the state news agency KUNA reported."
    assert _events(text, "2025-09-16") == [("border_closure", ["IRQ", "KWT"], None)]
