"""Chinese numerals read as numbers: 三千万, 十五, 百亿, 二〇二〇, 十五点五.

The characters and their values come from ``kg/data/units.json``.
Not ``cn2an``: it rejects forms the news use (百亿, 万亿, 几十) and is not
faster; the tests use it as an oracle on the forms it reads."""
from __future__ import annotations

from decimal import Decimal
from typing import Any


class Numerals:
    """The numeral characters of a units file and the reading of numerals.

    Parameters
    ----------
    units : dict
        A validated units file (``kg.units.load_units``): ``digits``,
        ``small_units``, ``big_units``, ``unknown_digit`` and ``decimal_point``.
    """

    def __init__(self, units: dict[str, Any]):
        self.digits: dict[str, int] = dict(units["digits"])
        self.small_units: dict[str, int] = dict(units["small_units"])
        self.big_units: dict[str, int] = dict(units["big_units"])
        self.unknown_digit: str = units["unknown_digit"]
        self.decimal_point: str = units["decimal_point"]
        self.zero = next(k for k, v in self.digits.items() if v == 0)

    def to_int(self, s: str) -> int | None:
        """A numeral as an integer; the unknown digit (几) counts as 0, a
        lower bound. None when ``s`` is not a numeral.

        Examples
        --------
        >>> from kg.units import load_units
        >>> n = Numerals(load_units())
        >>> n.to_int("三千万"), n.to_int("十五"), n.to_int("百亿"), n.to_int("二〇二〇"), n.to_int("十几")
        (30000000, 15, 10000000000, 2020, 10)
        >>> n.to_int("三月") is None
        True
        """
        s = s.replace(self.unknown_digit, self.zero)
        if not s:
            return None
        digits, small, big = self.digits, self.small_units, self.big_units
        # a string of bare digits (二〇二〇) reads digit by digit
        if all(ch in digits for ch in s):
            return int("".join(str(digits[ch]) for ch in s))
        total = section = number = 0
        for ch in s:
            if ch in digits:
                number = digits[ch]
            elif ch in small:
                section += (number or 1) * small[ch]
                number = 0
            elif ch in big:
                unit = big[ch]
                if unit >= 10**8:
                    total = ((total + section + number) or 1) * unit
                    section = 0
                else:
                    section = ((section + number) or 1) * unit
                number = 0
            else:
                return None
        return total + section + number

    def to_decimal(self, s: str) -> Decimal | None:
        """A numeral with an optional decimal part as a Decimal.

        Examples
        --------
        >>> from kg.units import load_units
        >>> Numerals(load_units()).to_decimal("十五点五")
        Decimal('15.5')
        """
        whole, _, frac = s.partition(self.decimal_point)
        w = self.to_int(whole)
        if w is None:
            return None
        if not frac:
            return Decimal(w)
        if not all(ch in self.digits for ch in frac):
            return None
        return Decimal(f"{w}." + "".join(str(self.digits[ch]) for ch in frac))

    def number(self, s: str | None) -> int | None:
        """Digits or a numeral as an integer (a month, a day, a count).

        Examples
        --------
        >>> from kg.units import load_units
        >>> n = Numerals(load_units())
        >>> n.number("12"), n.number("十二"), n.number(None)
        (12, 12, None)
        """
        if s is None:
            return None
        s = s.strip()
        if s.isdigit():
            return int(s)
        return self.to_int(s)
