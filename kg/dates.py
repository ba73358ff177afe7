"""Dates: the one parser, the one validity rule and the one year range.

Every date kg handles is an ISO string as precise as its source:
``"2020-10-09"``, ``"2022-03"`` or ``"2021"``. A date is valid when it exists
in the calendar (``2021-02-31`` does not) and its year lies in
``MIN_YEAR..MAX_YEAR``. Ingestion (article dates), the quantities stage (dates
in the text), relations (``later``) and the exporters (``first_day``) all ask
this module, so they cannot disagree about what a date is.
"""
from __future__ import annotations

import calendar
import datetime as _dt
import re
from typing import NamedTuple

# The years of the news this tool reads and of the history they name
# (1949, 1978 ...); YEAR is the pattern of exactly these years, for the
# patterns that look for a year in text.
MIN_YEAR = 1900
MAX_YEAR = 2099
YEAR = r"(?:19|20)\d\d"

# a date, the same separator twice, then nothing or a time part
_ISO = re.compile(r"\s*(\d{4})(?:([-/.])(\d{1,2})(?:\2(\d{1,2}))?)?(?=$|[\sT])")


class Date(NamedTuple):
    """A valid date as precise as known: ``month`` and ``day`` may be None."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def iso(self) -> str:
        """The ISO string: ``2020-10-09``, ``2022-03`` or ``2021``.

        Examples
        --------
        >>> Date(2022, 3).iso
        '2022-03'
        """
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def is_valid(year: int, month: int | None = None, day: int | None = None) -> bool:
    """Whether the date exists: a year in range, a month 1..12, a day of that
    month (a day needs a month).

    Parameters
    ----------
    year, month, day : int or None
        The parts; ``month`` and ``day`` may be None for a less precise date.

    Returns
    -------
    bool

    Examples
    --------
    >>> is_valid(2024, 2, 29), is_valid(2021, 2, 29), is_valid(2021, 2, 31)
    (True, False, False)
    >>> is_valid(2021), is_valid(1899), is_valid(2021, None, 5)
    (True, False, False)
    """
    if not MIN_YEAR <= year <= MAX_YEAR:
        return False
    if month is None:
        return day is None
    if not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= calendar.monthrange(year, month)[1]


def make(year: int, month: int | None = None, day: int | None = None) -> Date | None:
    """The date of these parts, or None when it is not valid.

    Examples
    --------
    >>> make(2020, 10, 9)
    Date(year=2020, month=10, day=9)
    >>> make(2021, 2, 31) is None
    True
    """
    return Date(year, month, day) if is_valid(year, month, day) else None


def iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """The ISO string of these parts, or None when they are not a valid date.

    Examples
    --------
    >>> iso(2020, 3, 1), iso(2020, 3), iso(2020)
    ('2020-03-01', '2020-03', '2020')
    >>> iso(2021, 2, 31) is None, iso(2021, 13) is None
    (True, True)
    """
    date = make(year, month, day)
    return date.iso if date else None


def parse(value: object) -> Date | None:
    """A date from text (``2020-10-29``, ``2020/10/29``, ``2020.10``,
    ``2020``, a time part after it ignored) or from a ``datetime.date``.

    Parameters
    ----------
    value : str, datetime.date, datetime.datetime or None

    Returns
    -------
    Date or None
        None for anything that is not a valid date, never an exception.

    Examples
    --------
    >>> parse("2020-10-29 10:54:25")
    Date(year=2020, month=10, day=29)
    >>> parse("2020/2/9").iso, parse("2022-03").iso, parse("2021").iso
    ('2020-02-09', '2022-03', '2021')
    >>> [parse(v) for v in ("2021-02-31", "2021-13", "2021年", "今年", "", None)]
    [None, None, None, None, None, None]
    >>> import datetime
    >>> parse(datetime.date(2021, 12, 27)).iso
    '2021-12-27'
    """
    if isinstance(value, _dt.date):  # datetime.datetime is a date too
        return make(value.year, value.month, value.day)
    if not isinstance(value, str):
        return None
    m = _ISO.match(value)
    if m is None:
        return None
    return make(int(m[1]), int(m[3]) if m[3] else None, int(m[4]) if m[4] else None)


def normalize(value: object) -> str | None:
    """``parse(value)`` as an ISO string, or None.

    Examples
    --------
    >>> normalize("2020.02.19"), normalize("2021-02-31")
    ('2020-02-19', None)
    """
    date = parse(value)
    return date.iso if date else None


def first_day(value: object) -> str | None:
    """The first day of a date's period, for tools that need a full date:
    ``"2021"`` -> ``"2021-01-01"``, ``"2022-03"`` -> ``"2022-03-01"``.

    Examples
    --------
    >>> first_day("2021"), first_day("2022-03"), first_day("2020-10-09")
    ('2021-01-01', '2022-03-01', '2020-10-09')
    >>> first_day("2021-13") is None and first_day(None) is None
    True
    """
    date = parse(value)
    return iso(date.year, date.month or 1, date.day or 1) if date else None


def later(date: str, reference: str) -> bool:
    """Whether ISO ``date`` is after ``reference`` at the precision both have.

    Examples
    --------
    >>> later("2021-03", "2021-02-27"), later("2021", "2021-02-27"), later("2020-12-31", "2021")
    (True, False, False)
    """
    n = min(len(date), len(reference))
    return date[:n] > reference[:n]


def shift_months(year: int, month: int, k: int) -> tuple[int, int]:
    """(year, month) ``k`` months later (earlier when ``k`` < 0).

    Examples
    --------
    >>> shift_months(2021, 1, -1), shift_months(2020, 12, 1)
    ((2020, 12), (2021, 1))
    """
    n = year * 12 + (month - 1) + k
    return n // 12, n % 12 + 1


def shift_days(date: Date, k: int) -> str | None:
    """``k`` days from ``date`` as ISO: a day when ``date`` has one, else
    ``date`` as precise as it is; None when the result is out of range.

    Examples
    --------
    >>> shift_days(Date(2024, 1, 1), -1), shift_days(Date(2024, 10), -1)
    ('2023-12-31', '2024-10')
    """
    if date.day is None:
        return iso(date.year, date.month)
    day = _dt.date(date.year, date.month, date.day) + _dt.timedelta(days=k)
    return iso(day.year, day.month, day.day)
