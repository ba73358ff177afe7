"""kg.dates: the one parser, validity rule and year range; random inputs
by hypothesis."""
from __future__ import annotations

import calendar
import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import dates
from kg.dates import MAX_YEAR, MIN_YEAR, Date

# no example database in the work tree; no deadline on a shared machine
RANDOM = settings(database=None, deadline=None)
valid_days = st.dates(datetime.date(MIN_YEAR, 1, 1), datetime.date(MAX_YEAR, 12, 31))


@RANDOM
@given(valid_days)
def test_any_valid_day_round_trips(day):
    text = day.isoformat()
    assert dates.normalize(text) == text
    assert dates.parse(text) == Date(day.year, day.month, day.day)
    assert dates.parse(day) == dates.parse(text)
    assert dates.normalize(f"{day.year}/{day.month}/{day.day}") == text
    assert dates.first_day(text) == text


@RANDOM
@given(valid_days)
def test_partial_dates_round_trip_and_open_on_their_first_day(day):
    month = f"{day.year:04d}-{day.month:02d}"
    assert dates.normalize(month) == month and dates.first_day(month) == month + "-01"
    assert dates.normalize(str(day.year)) == str(day.year) and dates.first_day(str(day.year)) == f"{day.year}-01-01"


@RANDOM
@given(st.integers(-10, 10_000), st.one_of(st.none(), st.integers(-5, 20)), st.one_of(st.none(), st.integers(-5, 40)))
def test_validity_is_the_calendar_and_the_range(year, month, day):
    expected = MIN_YEAR <= year <= MAX_YEAR and (
        (month is None and day is None)
        or (month is not None and 1 <= month <= 12
            and (day is None or 1 <= day <= calendar.monthrange(year, month)[1])))
    assert dates.is_valid(year, month, day) == expected
    assert (dates.iso(year, month, day) is not None) == expected


@RANDOM
@given(st.one_of(st.text(max_size=30), st.text(alphabet="0123456789-/. T年月日", max_size=25), st.none(),
                 st.integers(), st.dates(), st.datetimes()))
def test_parse_never_raises_and_gives_a_valid_date_or_none(value):
    date = dates.parse(value)
    assert date is None or dates.is_valid(*date)
    assert dates.normalize(value) == (date.iso if date else None)


@pytest.mark.parametrize("value", ["2021-02-31", "2023-02-29", "2021-04-31", "2021-13", "2021-00-10", "1899-12-31",
                                   "2100-01-01", "2021-1-1x", "2021-01/02", "2021年"])
def test_not_dates(value):
    assert dates.parse(value) is None and dates.first_day(value) is None


@RANDOM
@given(valid_days, valid_days)
def test_later_is_the_order_of_days(a, b):
    assert dates.later(a.isoformat(), b.isoformat()) == (a > b)
    # at the precision both have: a day in a month is not after that month
    assert not dates.later(a.isoformat(), a.isoformat()[:7]) and not dates.later(a.isoformat()[:4], a.isoformat())


def test_the_year_pattern_is_the_year_range():
    import re

    years = [y for y in range(1000, 10_000) if re.fullmatch(dates.YEAR, str(y))]
    assert (years[0], years[-1], len(years)) == (MIN_YEAR, MAX_YEAR, MAX_YEAR - MIN_YEAR + 1)
