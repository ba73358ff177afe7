"""``kg/data/units.json``: the numerals, currencies, cue words and date
words of the quantities stage, read and validated once. Every error is a
``DataFileError`` naming the file, the line of the key when known, and the
reason."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

from kg.datafiles import DataFileError, data_path, read_json_object

UNITS_PATH = data_path("units.json")


def _is_code(v: Any) -> bool:
    return isinstance(v, str) and re.fullmatch(r"[A-Z]{3}", v) is not None


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_word(v: Any) -> bool:
    return isinstance(v, str) and bool(v.strip())


def _is_words(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and all(_is_word(w) for w in v)


def _is_chars(v: Any) -> bool:
    return _is_word(v) and " " not in v


# key -> (what a value must be, the test); maps also test their keys as words
_LISTS = ("money_cues", "money_cue_exclusions", "count_words", "vague_prefixes", "vague_suffixes",
          "currency_not_before_han", "year_not_before", "day_from", "recent_words", "festival_periods",
          "context_years", "context_month", "context_words")
_CHARS = ("vague_before_numerals", "unknown_digit", "vague_infixes", "decimal_point", "range_words",
          "coordinators", "year_numerals", "month_day_numerals", "month_not_after", "date_particle",
          "ago_numerals", "ago_not_after")
_MAPS: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "digits": ("an integer 0..9", lambda v: _is_int(v) and 0 <= v <= 9),
    "small_units": ("10, 100 or 1000", lambda v: _is_int(v) and v in (10, 100, 1000)),
    "big_units": ("10000 or 100000000", lambda v: _is_int(v) and v in (10**4, 10**8)),
    "multipliers": ("an integer >= 10", lambda v: _is_int(v) and v >= 10),
    "currencies": ("a three-letter currency code", _is_code),
    "currency_prefixes": ("a three-letter currency code", _is_code),
    "percent_words": ("a positive number", lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0),
    "currency_not_before": ("a list of words", _is_words),
    "relative_years": ("an integer", _is_int),
    "relative_months": ("an integer", _is_int),
    "relative_days": ("an integer", _is_int),
    "relative_years_not_after": ("a string of characters", _is_chars),
    "relative_days_not_before": ("a list of words", _is_words),
    "recent_not_after": ("a string of characters", _is_chars),
    "ago": ("a word", _is_word),
    "festivals": ("a month 1..12", lambda v: _is_int(v) and 1 <= v <= 12),
}
_ONE_CHARACTER = ("unknown_digit", "decimal_point", "date_particle", "digits", "small_units", "big_units")
# a map whose keys must be words of another key
_KEYS_FROM = {"relative_years_not_after": "relative_years", "relative_days_not_before": "relative_days",
              "recent_not_after": "recent_words"}


def load_units(path: Path | str = UNITS_PATH) -> dict[str, Any]:
    """Read and validate a units file.

    Parameters
    ----------
    path : path-like
        The file; the shipped ``kg/data/units.json`` by default.

    Returns
    -------
    dict
        The file's keys and values as they are.

    Raises
    ------
    kg.datafiles.DataFileError
        A ``ValueError`` naming the file, the line of the key and the problem.

    Examples
    --------
    >>> units = load_units()
    >>> units["multipliers"]["万亿"], units["currencies"]["美金"], units["festivals"]["双十一"]
    (1000000000000, 'USD', 11)
    """
    path = Path(path)
    data, text = read_json_object(path)

    def bad(key: str, reason: str) -> DataFileError:
        return DataFileError(path, _line_of(text, key), reason)

    for key in (*_MAPS, *_LISTS, *_CHARS, "default_currency"):
        if key not in data:
            raise bad(key, f"missing key {key!r}")
    for key, (what, ok) in _MAPS.items():
        if not isinstance(data[key], dict):
            raise bad(key, f"{key!r} must be a JSON object")
        if not data[key]:
            raise bad(key, f"{key!r} must not be empty")
        for k, v in data[key].items():
            if not k.strip():
                raise bad(key, f"{key!r} has an empty key")
            if not ok(v):
                raise bad(key, f"{key!r}: value of {k!r} must be {what}, got {v!r}")
    for key in _LISTS:
        if not isinstance(data[key], list) or not all(_is_word(w) for w in data[key]):
            raise bad(key, f"{key!r} must hold non-empty strings, got {data[key]!r}")
    for key in _CHARS:
        if not _is_chars(data[key]):
            raise bad(key, f"{key!r} must be a non-empty string of characters, got {data[key]!r}")
    for key in _ONE_CHARACTER:
        for k in (data[key] if isinstance(data[key], dict) else [data[key]]):
            if len(k) != 1:
                raise bad(key, f"{key!r}: {k!r} must be one character")
    for key, source in _KEYS_FROM.items():
        for k in data[key]:
            if k not in data[source]:
                raise bad(key, f"{key!r}: {k!r} is not in {source!r}")
    if set(data["ago"]) != {"years", "months", "days"}:
        raise bad("ago", "'ago' must have the keys 'years', 'months' and 'days'")
    _check_numerals(data, bad)
    if not _is_code(data["default_currency"]):
        raise bad("default_currency", "'default_currency' must be a three-letter currency code")
    if not data["money_cues"]:
        raise bad("money_cues", "'money_cues' must not be empty")
    return data


def _check_numerals(data: dict, bad: Callable[[str, str], DataFileError]) -> None:
    for k in ("十", "百", "千"):
        if k not in data["small_units"]:
            raise bad("small_units", f"'small_units' lacks {k!r}")
    for k in ("万", "亿"):
        if k not in data["big_units"]:
            raise bad("big_units", f"'big_units' lacks {k!r}")
    if 0 not in data["digits"].values():
        raise bad("digits", "'digits' lacks a zero")
    numeral_chars = set(data["small_units"]) | set(data["big_units"])
    for k, v in data["multipliers"].items():
        if not set(k) <= numeral_chars:
            raise bad("multipliers", f"'multipliers': key {k!r} must be made of {''.join(sorted(numeral_chars))}")
        product = 1
        for ch in k:
            product *= data["small_units"].get(ch) or data["big_units"][ch]
        if product != v:
            raise bad("multipliers", f"'multipliers': {k!r} is {product}, not {v}")


def _line_of(text: str, key: str) -> int | None:
    """The line of the top-level key (indented by two spaces), for the error message."""
    m = re.search(rf'^  "{re.escape(key)}":', text, re.M)
    return text.count("\n", 0, m.start()) + 1 if m else None
