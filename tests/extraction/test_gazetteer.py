"""The gazetteer reads countries, demonyms, capitals, leaders and cities, and keeps homonyms out."""

from __future__ import annotations

from dyad.extraction.gazetteer import country_name, default_gazetteer


def found(text: str) -> list[tuple[str, str, str]]:
    return [(m.text, m.kind, m.iso3) for m in default_gazetteer().find(text)]


def test_abbreviations_and_official_names_map_to_iso3():
    assert found("The DPRK and the ROK met; the PRC and the UAE watched.") == [
        ("DPRK", "country", "PRK"), ("ROK", "country", "KOR"), ("PRC", "country", "CHN"), ("UAE", "country", "ARE")]
    assert found("the Democratic People's Republic of Korea") == [("Democratic People's Republic of Korea", "country", "PRK")]


def test_abbreviations_only_in_capitals_so_us_is_not_the_united_states():
    assert found("Tell us what the U.S. wants.") == [("U.S.", "country", "USA")]


def test_demonyms_and_plurals_name_their_country():
    assert found("North Koreans travelled with Ethiopian and Eritrean officials.") == [
        ("North Koreans", "demonym", "PRK"), ("Ethiopian", "demonym", "ETH"), ("Eritrean", "demonym", "ERI")]


def test_capitals_stand_for_governments_and_possessives_are_dropped():
    assert found("Havana's response angered Washington.") == [("Havana's", "capital", "CUB"), ("Washington", "capital", "USA")]


def test_longest_match_keeps_a_region_from_reading_as_its_city():
    assert found("an attack in Jammu and Kashmir's Pulwama")[0] == ("Jammu and Kashmir's", "region", "IND")


def test_south_american_is_not_american():
    assert [m for m in found("The South American countries agreed.") if m[1] != "other"] == []


def test_person_names_and_airport_names_are_not_cities():
    kinds = found("Oleg Kozhemyako landed at Shanghai's Pudong Airport.")
    assert ("Shanghai's", "city", "CHN") in kinds
    assert all(text != "Pudong" for text, _, _ in kinds)


def test_leaders_stand_for_their_country():
    assert found("President Vladimir Putin met Narendra Modi.") == [
        ("Vladimir Putin", "leader", "RUS"), ("Narendra Modi", "leader", "IND")]


def test_country_names_are_the_short_names_people_write():
    assert country_name("PRK") == "North Korea"
    assert country_name("RUS") == "Russia"


def test_sino_prefix_names_china():
    assert found("Sino-Japanese relations")[0] == ("Sino", "demonym", "CHN")


def test_a_body_of_water_named_after_a_state_is_neither_the_state_nor_a_town_of_that_name():
    assert found("Fishermen on Lake Chad said Nigerian patrols had resumed.") == [("Nigerian", "demonym", "NGA")]
    assert found("Tankers crossed the Gulf of Mexico, the Sea of Japan and the Gulf of Oman.") == []
    assert found("Chad and Sudan reopened the border.") == [("Chad", "country", "TCD"), ("Sudan", "country", "SDN")]
