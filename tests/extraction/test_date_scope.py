"""Round 12: an event's date follows the discourse (its clause, the verb that governs it, the occasion
told in the sentence before, a date told for the same act nearby), and mentions merge by date and parties."""

from __future__ import annotations

from passage import passage_report


def events(text: str, published: str) -> list[tuple[str, list[str], str | None, str]]:
    return [(e["type"], sorted(e["actors"]), e["date"], e["status"]) for e in passage_report(text, published)["events"]]


def test_an_infinitive_keeps_its_own_date_from_the_verb_that_governs_it():
    found = events("Tunisian and Libyan officials agreed to reopen the Ras Jedir crossing from Monday.", "2024-04-14")
    assert ("agreement", ["LBY", "TUN"], None, "happened") in found
    assert ("border_reopening", ["LBY", "TUN"], "2024-04-15", "expected") in found


def test_a_verb_shares_the_date_of_the_act_it_reports_but_not_of_an_earlier_verb():
    assert ("statement", ["RUS", "UKR"], "2023-08", "happened") in events(
        "Kyiv accused Moscow of shelling port facilities in Odesa last week.", "2023-08-15")
    # the accusation in the reduced relative does not take Monday; since round 14 it is no act of its own at all
    # (it names whom the sanctions target: test_happenings_and_speakers), so the sanction alone carries the date
    assert events("The United States imposed sanctions on Monday on six Hong Kong officials it accused of undermining "
                  "the city's autonomy.", "2025-04-01") == [("sanction", ["CHN", "USA"], "2025-03-31", "happened")]


def test_a_purpose_infinitive_happens_when_the_future_verb_that_governs_it_does():
    assert events("Austria and the Czech Republic will meet again in September to discuss the Temelín plant.",
                  "2025-05-16") == [("negotiation", ["AUT", "CZE"], "2025-09", "expected")]
    assert ("negotiation", ["BTN", "IND"], "2024-08-09", "expected") in events(
        "Bhutan's prime minister is due to meet Narendra Modi on Friday to discuss the Gelephu-Dadgiri railway, "
        "a project the two governments first agreed in 2018.", "2024-08-08")


def test_an_act_told_at_the_occasion_of_the_sentence_before_happened_on_its_date():
    found = events("On Friday, Tunisian and Libyan officials met at the Ras Jedir border crossing. "
                   "At the meeting, they agreed to reopen the crossing to travellers from Monday.", "2024-04-14")
    assert ("negotiation", ["LBY", "TUN"], "2024-04-12", "happened") in found
    assert ("agreement", ["LBY", "TUN"], "2024-04-12", "happened") in found


def test_a_following_sentence_about_the_same_thing_dates_an_undated_act():
    found = events("Nepal and China have resumed direct flights between Kathmandu and Lhasa. "
                   "The first Air China flight landed in Kathmandu on Tuesday.", "2025-03-20")
    assert found == [("resumption", ["CHN", "NPL"], "2025-03-18", "happened")]


def test_a_following_sentence_about_something_else_or_in_another_tense_dates_nothing():
    found = events("Muizzu had asked New Delhi to withdraw its soldiers from the Maldives. "
                   "The first group of civilians will arrive by March 10.", "2024-02-14")
    assert [date for _, _, date, _ in found] == [None]


def test_talks_dated_earlier_in_the_month_are_not_the_meeting_dated_that_month():
    found = events("Earlier in August, following talks between their foreign ministers, China and India agreed to "
                   "promote trade. On August 31, Modi met with Xi in Tianjin.", "2025-08-31")
    assert [(t, d) for t, _, d, _ in found if t == "negotiation"] == [("negotiation", "2025-08"),
                                                                      ("negotiation", "2025-08-31")]


def test_a_month_or_weekday_that_opens_the_sentence_is_a_date():
    import datetime as dt

    from dyad.extraction.dates import find_dates

    published = dt.date(2025, 9, 25)
    assert [d.value for d in find_dates("In January, the two prime ministers signed a memorandum.", published)] == ["2025-01"]
    assert [d.value for d in find_dates("Last October the halt began.", published)] == ["2024-10"]
    assert [d.value for d in find_dates("Last Monday, they met.", published)] == ["2025-09-22"]


def test_years_or_months_later_count_from_the_date_told_before():
    import datetime as dt

    from dyad.extraction.dates import find_dates

    published = dt.date(2025, 9, 25)
    assert [d.value for d in find_dates("Relations were restored in 2016, but both expelled each other's diplomats "
                                        "two years later.", published)] == ["2016", "2018"]
    assert [d.value for d in find_dates("The line reopened three months later.", published, told="2020-03")] == ["2020-06"]
    assert [d.value for d in find_dates("The talks ended a year later.", published)] == [None]


def test_also_tells_one_more_act_of_its_kind_on_the_same_occasion():
    found = events("Georgia and Armenia signed a strategic partnership agreement in Tbilisi on Wednesday. "
                   "The two governments also signed a deal on a new bridge over the Debed river.", "2025-09-25")
    assert found == [("agreement", ["ARM", "GEO"], "2025-09-24", "happened")] * 2


def test_the_occasion_is_the_last_one_told_across_a_quote():
    found = events("The U.S. Treasury Department announced Thursday the imposition of sanctions against Iran's oil "
                   "minister. \"The regime continues to use its oil money for its own ends,\" the secretary said. "
                   "Washington is also sanctioning three entities that trade Iranian oil.", "2025-03-13")
    assert [date for _, _, date, _ in found] == ["2025-03-13", "2025-03-13"]


def test_years_after_a_clause_date_that_clause_counted_back_from_the_main_one():
    import datetime as dt

    from dyad.extraction.dates import find_dates

    published = dt.date(2025, 6, 30)
    assert [d.value for d in find_dates("China will resume imports, the agency said on Sunday, two years after "
                                        "Beijing banned them.", published)] == ["2025-06-29", "2023"]
    assert [d.value for d in find_dates("The visit caps a rapprochement that began in 2021, eight years after "
                                        "relations collapsed.", published)] == ["2021", "2013"]
    assert ("sanction", ["CHN", "JPN"], "2023", "happened") in events(
        "China will resume imports of Japanese seafood, the Chinese customs agency said on Sunday, two years after "
        "Beijing banned them over the release of treated water.", "2025-06-30")


def test_an_agreement_reached_after_dated_talks_was_reached_at_them():
    assert ("agreement", ["KEN", "UGA"], "2024-03-12", "happened") in events(
        "Kenya and Uganda agreed to remove barriers on trade in milk after talks between their trade ministers in "
        "Nairobi on Tuesday.", "2024-03-13")


def test_a_when_clause_with_no_act_of_its_own_dates_the_act_before_it():
    found = events("China agreed to undertake a review of the tariffs it imposed on Australian barley when relations "
                   "between the two countries plummeted in 2020.", "2023-04-11")
    assert ("sanction", ["AUS", "CHN"], "2020", "happened") in found
    assert ("agreement", ["AUS", "CHN"], None, "happened") in found


def test_the_day_of_a_denial_does_not_date_the_act_denied():
    # the denial is typed by the act it denies when that act is a trigger (round 16, as the passage gold has it), and
    # the act denied keeps no date of the denial's day
    assert events("Rwanda on Sunday denied sending troops into eastern Congo.", "2024-02-20") == [
        ("military", ["COD", "RWA"], None, "denied")]


def test_a_participle_after_a_main_clause_with_no_act_takes_its_date():
    assert ("resumption", ["IND", "LKA"], "2023-10-14", "happened") in events(
        "A passenger ferry between Nagapattinam in India and Kankesanthurai in northern Sri Lanka made its first "
        "crossing on Saturday, restoring a sea link suspended for four decades.", "2023-10-16")


def test_a_where_clause_keeps_its_own_time():
    found = events("Indian and Chinese troops clashed in the Galwan valley on Monday evening. The army statement issued "
                   "on Tuesday evening said troops at the Galwan area where they had earlier clashed have disengaged.",
                   "2020-06-16")
    assert [(t, d) for t, _, d, _ in found] == [("military", "2020-06-15")]


def test_talks_held_on_a_day_told_in_apposition_are_dated_by_it_and_the_agreement_by_its_report():
    assert events("Ghana and Nigeria have agreed to scrap visa fees for traders, Ghana's trade ministry said on "
                  "Wednesday. The talks, held in Accra on Tuesday, were the first between the two ministries since "
                  "2019.", "2025-04-24") == [("agreement", ["GHA", "NGA"], "2025-04-23", "happened"),
                                             ("negotiation", ["GHA", "NGA"], "2025-04-22", "happened")]


def test_one_reopening_told_again_in_a_quote_is_one_event():
    found = passage_report("Croatia reopened the Bajakovo border crossing with Serbia on Monday. \"The reopening is "
                           "good news for hauliers,\" the Serbian trade minister said.", "2025-11-18")["events"]
    assert [(e["type"], e["date"], e["claims"]) for e in found] == [("border_reopening", "2025-11-17", [0, 1])]
