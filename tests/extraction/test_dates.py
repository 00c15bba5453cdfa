"""Dates resolve against the publication date; without one, relative dates stay unresolved."""

from __future__ import annotations

import datetime as dt

from dyad.extraction.dates import find_dates, parse_published

PUBLISHED = dt.date(2024, 11, 15)  # a Friday


def values(sentence: str, published: dt.date | None = PUBLISHED, *, future: bool = False) -> list[str | None]:
    return [d.value for d in find_dates(sentence, published, future=future)]


def test_relative_date_next_month_resolves_against_publication():
    assert values("The train could resume as early as next month.", future=True) == ["2024-12"]


def test_relative_date_stays_null_without_publication_date():
    assert values("The train could resume as early as next month.", None, future=True) == [None]


def test_absolute_month_and_year_needs_no_publication_date():
    assert values("The service stopped in January 2020.", None) == ["2020-01"]


def test_month_without_year_looks_back_for_past_events_and_forward_for_expected_ones():
    assert values("Flights resumed in September.") == ["2024-09"]
    assert values("The border will reopen in February.", future=True) == ["2025-02"]
    assert values("The border will reopen on January 1.", dt.date(2022, 12, 31), future=True) == ["2023-01-01"]


def test_last_week_is_the_month_of_the_week_before_publication():
    assert values("Putin visited Pyongyang last week.", dt.date(2024, 6, 26)) == ["2024-06"]
    assert values("Talks were held last week.", dt.date(2024, 3, 4)) == ["2024-02"]


def test_since_may_this_year_is_marked_as_the_start_of_a_state():
    [mention] = find_dates("Since May this year, trade has grown.", PUBLISHED)
    assert (mention.value, mention.since) == ("2024-05", True)


def test_weekday_is_the_last_such_day_up_to_publication():
    assert values("The ministry said on Wednesday.") == ["2024-11-13"]
    assert values("The delegation arrives next Monday.", future=True) == ["2024-11-18"]


def test_today_and_years_ago():
    assert values("The line was suspended today.") == ["2024-11-15"]
    assert values("The pact was signed two years ago.") == ["2022"]


def test_duration_of_a_hiatus_dates_its_start():
    assert values("after a four-year hiatus", dt.date(2024, 6, 26)) == ["2020"]


def test_may_the_modal_is_not_may_the_month_and_numbers_are_not_years():
    assert values("The talks may resume; the 2,200 kilometre border; 2019 passengers") == []


def test_timetables_are_not_dates():
    assert values("The flight leaves every Thursday and Sunday.") == []


def test_publication_date_parses_dates_and_datetimes_and_rejects_junk():
    assert parse_published("2019-02-28T10:00:00Z") == dt.date(2019, 2, 28)
    assert parse_published("last spring") is None
