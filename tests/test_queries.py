"""Every query of the library, with the answer it gives on the curated examples.

The curated examples are the seed article's facts and the North Korea–China milestones;
contradictions and corroboration need more than one source, so those tests also load the
clearly labelled hypothetical fixture in tests/fixtures/ (dated 2099, example.org sources).
"""

from __future__ import annotations

import pytest

from conftest import EXAMPLES, TESTS
from dyad.api import load, open_store
from dyad.queries.library import run_sparql

CURATED = sorted(EXAMPLES.glob("*.facts.yaml"))
HYPOTHETICAL = TESTS / "fixtures" / "hypothetical-contradictions.facts.yaml"
RAIL = "https://w3id.org/dyad/id/route/rail/CHN-beijing--PRK-pyongyang"


@pytest.fixture(scope="module")
def curated():
    store = open_store(None)
    load(CURATED, store=store)
    return store


@pytest.fixture(scope="module")
def with_hypothetical():
    store = open_store(None)
    load([*CURATED, HYPOTHETICAL], store=store)
    return store


def records(store, name, **params):
    return run_sparql(store, name, {k: str(v) for k, v in params.items()}).records()


def test_events_of_a_dyad_oldest_first_with_undated_ones_first(curated):
    rows = records(curated, "events-of-dyad", countryA="PRK", countryB="CHN")
    assert len(rows) == 8
    assert [r["date"] for r in rows if r["date"]] == ["1961-07-11", "2018-03", "2019-06", "2020-01", "2020-01"]
    treaty = next(r for r in rows if r["date"] == "1961-07-11")
    assert treaty["type"] == "agreement" and treaty["quadClass"] == 1 and treaty["goldstein"] == 8.0
    expected = next(r for r in rows if r["label"] == "Pyongyang–Beijing train service expected to resume")
    assert (expected["status"], expected["claims"], expected["documents"]) == ("expected", 2, 1)


def test_events_of_a_dyad_in_a_window(curated):
    rows = records(curated, "events-of-dyad", countryA="CHN", countryB="PRK", since="2018-01-01", until="2019-12-31")
    assert [r["label"] for r in rows] == ["Kim Jong Un visits Beijing, meets Xi Jinping", "Xi Jinping visits Pyongyang"]


def test_status_of_the_rail_route_and_the_treaty_as_of_a_date(curated):
    def status(as_of):
        return {r["name"]: (r["status"], r["since"]) for r in records(curated, "status-as-of", asOf=as_of)}

    assert status("1960-12-31") == {}
    assert status("2019-12-31") == {"Sino-North Korean Mutual Aid and Cooperation Friendship Treaty": ("signed", "1961-07-11")}
    assert status("2021-06-30")["Pyongyang–Beijing train service"] == ("suspended", "2020-01")
    only_rail = records(curated, "status-as-of", asOf="2021-06-30", subject=RAIL)
    assert [(r["kind"], r["status"], r["eventLabel"]) for r in only_rail] == [("route", "suspended", "Pyongyang–Beijing train service suspended")]


def test_an_expected_resumption_does_not_change_the_status_but_a_reported_one_does(with_hypothetical):
    def rail(as_of):
        return [(r["status"], r["since"]) for r in records(with_hypothetical, "status-as-of", asOf=as_of, label="train")]

    assert rail("2099-02-28") == [("suspended", "2020-01")]
    assert rail("2099-03-10") == [("operating", "2099-03-01")]
    assert rail("2099-04-01") == [("suspended", "2099-03-15")]


def test_claims_about_an_event_with_document_agent_and_certainty(curated):
    rows = records(curated, "claims-about-event", label="expected to resume")
    assert len(rows) == 2
    by_quote = {r["quote"]: r for r in rows}
    nhk = by_quote["According to Japan’s NHK broadcaster, the train service could resume as early as next month."]
    assert (nhk["certainty"], nhk["hedged"], nhk["hedgeCue"], nhk["agentName"]) == ("speculative", True, "could", "NHK")
    assert nhk["documentTitle"] == "Pyongyang-Beijing train service may soon restart"
    headline = by_quote["Pyongyang-Beijing train service may soon restart"]
    assert headline["agent"] is None and headline["hedgeCue"] == "may soon"
    event = rows[0]["event"]
    assert len(records(curated, "claims-about-event", event=event)) == 2


def test_no_event_of_the_curated_examples_has_two_independent_sources(curated):
    assert records(curated, "corroborated-events") == []
    single = records(curated, "corroborated-events", minSources=1, countryA="PRK", countryB="CHN")
    assert len(single) == 8 and {r["sources"] for r in single} == {1}
    treaty = next(r for r in single if r["date"] == "1961-07-11")
    assert treaty["publishers"] == "Wikipedia"


def test_corroboration_counts_publishers_not_documents_and_not_denials(with_hypothetical):
    rows = records(with_hypothetical, "corroborated-events", minSources=2)
    assert [(r["label"], r["sources"], r["documents"], r["claims"]) for r in rows] == [
        ("Hypothetical: Pyongyang–Beijing train service resumes", 2, 3, 3),
    ]
    assert sorted(rows[0]["publishers"].split(" | ")) == ["Hypothetical Wire A", "Hypothetical Wire B"]  # GROUP_CONCAT has no order


def test_contradicting_claims_resumed_against_still_suspended_and_confirmed_against_denied(curated, with_hypothetical):
    assert records(curated, "contradicting-claims") == []
    rows = records(with_hypothetical, "contradicting-claims", countryA="PRK", countryB="CHN")
    suspended = [r for r in rows if r["conflict"] == "resumed vs still suspended"]
    assert len(suspended) == 3  # three claims of the resumption, each against the one "still suspended"
    assert {(r["says"], r["date"], r["otherSays"], r["otherDate"]) for r in suspended} == {("resumed", "2099-03-01", "suspended", "2099-03-15")}
    assert {r["subjectName"] for r in suspended} == {"Pyongyang–Beijing train service"}
    denied = [r for r in rows if r["conflict"] == "confirmed vs denied"]
    assert [(r["subjectName"], r["certainty"], r["otherCertainty"], r["otherAgent"]) for r in denied] == [
        ("Hypothetical: freight agreement signed", "reported", "denied", "Hypothetical railway official"),
    ]


def test_who_is_cited_about_a_dyad_and_how_often_hedged(curated):
    listed = records(curated, "cited-about-dyad", countryA="PRK", countryB="CHN")
    rows = {r["name"]: r for r in listed}
    assert (rows["NHK"]["claims"], rows["NHK"]["hedged"], rows["NHK"]["hedgedShare"], rows["NHK"]["kind"]) == (1, 1, 1, "media")
    article = rows["Pyongyang-Beijing train service may soon restart"]
    assert (article["claims"], article["hedged"], article["hedgedShare"], article["kind"]) == (4, 1, 0.25, "document: news-article")
    assert rows["Sources familiar with the discussions"]["kind"] == "anonymous"
    assert rows["One insider"]["hedged"] == 0
    # China's foreign ministry's "no comment" has one actor, so it is not an event of the dyad
    assert "China's foreign ministry" not in rows
    assert [r["claims"] for r in listed if r["name"] == "Wikipedia"] == [2, 1]  # two Wikipedia articles
    assert sum(r["claims"] for r in listed) == 10


def test_most_active_dyads_in_a_period(curated):
    rows = records(curated, "most-active-dyads")
    assert [(r["name"], r["events"], r["claims"], r["firstDate"], r["lastDate"]) for r in rows] == [("CHN–PRK", 8, 10, "1961-07-11", "2020-01")]
    # Curated events without a score take their event type's (docs/cameo-mapping.md): treaty 8.0, three visits 1.9,
    # suspension -4.0, border closure -5.0, negotiation 7.0, resumption 6.0.
    assert rows[0]["goldsteinMean"] == pytest.approx((8.0 + 3 * 1.9 - 4.0 - 5.0 + 7.0 + 6.0) / 8)
    recent = records(curated, "most-active-dyads", since="2018-01-01", until="2020-12-31", country="CHN")
    assert [(r["countryA"], r["countryB"], r["events"], r["conflictShare"]) for r in recent] == [("CHN", "PRK", 4, 0.5)]  # the 2020 suspension and border closure are material conflict
    assert records(curated, "most-active-dyads", country="USA") == []


def test_the_ego_network_of_a_country(curated):
    rows = records(curated, "ego-network", country="CHN")
    assert [(r["partnerCode"], r["partnerName"], r["events"], r["claims"], r["verbalCooperation"]) for r in rows] == [("PRK", "North Korea", 8, 10, 5)]
    assert records(curated, "ego-network", country="JPN") == []
    assert records(curated, "ego-network", country="PRK", since="2019-01-01")[0]["events"] == 3


def test_documents_lists_every_source(curated):
    rows = records(curated, "documents")
    assert {r["kind"] for r in rows} == {"curated-facts", "news-article", "reference"}
    assert len(rows) == 5


def test_trajectory_rows_are_one_per_event_and_document(curated):
    rows = records(curated, "trajectory", countryA="PRK", countryB="CHN")
    assert len({r["event"] for r in rows}) == 5  # the dated events
