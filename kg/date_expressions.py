"""Dates in text, for the quantities stage: 2020-02-19, 2022年3月1日,
去年11月, 3月1日, 三年前, 上个月, 昨天, 日前, 2017年“618” ... resolved
against the article date to ISO strings (``kg.dates``).

The patterns are built from the date words of ``kg/data/units.json``; the
marks of a date (年, 月, 日/号, 份) are their structure, as ``-`` is of
2020-02-19. See ``kg.quantities`` for the rules the values follow."""
from __future__ import annotations

import re
from typing import Any, NamedTuple

from kg import dates
from kg.dates import Date
from kg.numerals import Numerals
from kg.scan import Scan, alternation, chars, first_chars, scan

_Q_OPEN = "[“\"「『]"
_Q_CLOSE = "[”\"」』]"
_QUOTE_FIRSTS = "“\"「『"
_DASHES = "~～\\-－—"


class Candidate(NamedTuple):
    """A quantity found, before overlapping ones are settled."""

    start: int
    end: int
    kind: str
    value: object
    vague: bool


def _not_after(words: dict[str, str], word: str) -> str:
    return f"(?<![{chars(words[word])}])" if word in words else ""


def _not_before(words: dict[str, list[str]], word: str) -> str:
    return f"(?!{'|'.join(map(re.escape, words[word]))})" if word in words else ""


class DateGrammar:
    """The date patterns of a units file and the resolution of their matches.

    Parameters
    ----------
    units : dict
        A validated units file (``kg.units.load_units``).
    numerals : Numerals
        The numerals of the same file.
    """

    def __init__(self, units: dict[str, Any], numerals: Numerals):
        self.numerals = numerals
        self.years: dict[str, int] = dict(units["relative_years"])
        self.months: dict[str, int] = dict(units["relative_months"])
        self.days: dict[str, int] = dict(units["relative_days"])
        self.festivals: dict[str, int] = dict(units["festivals"])
        self.patterns, self.context_only = self._build(units)

    def _build(self, u: dict[str, Any]) -> tuple[tuple[tuple[str, Scan], ...], Scan]:
        cn_d, cn_md = chars(u["year_numerals"]), chars(u["month_day_numerals"])
        ago_n, ago_not = chars(u["ago_numerals"]), chars(u["ago_not_after"])
        particle = re.escape(u["date_particle"])
        rng = chars(u["range_words"]) + _DASHES
        # month (and day): 3月, 3月份, 3月1日, 3月1号, 10月9(起) -- 起 is not part of the span
        md = (
            rf"(?P<mo>\d{{1,2}}|[{cn_md}]{{1,2}})\s?月"
            rf"(?:(?P<fen>份)|\s?(?P<da>\d{{1,2}}|[{cn_md}]{{1,3}})"
            rf"(?:\s?[日号]|(?=\s?(?:{alternation(u['day_from'])}))))?"
        )
        year_abs = rf"(?P<y>\d{{4}}|[{cn_d}]{{4}})\s?年(?!{alternation(u['year_not_before'])})"
        not_after = u["relative_years_not_after"]
        year_rel = "(?P<ry>" + "|".join(_not_after(not_after, w) + re.escape(w) for w in self.years) + ")"
        rel_firsts = first_chars(self.years)
        days = "|".join(re.escape(w) + _not_before(u["relative_days_not_before"], w) for w in self.days)
        recent = "|".join(_not_after(u["recent_not_after"], w) + re.escape(w) for w in u["recent_words"])
        fests = "|".join(("(?<!\\d)" if w[0].isdigit() else "") + re.escape(w) + rf"(?![\d{cn_md}])"
                         for w in sorted(self.festivals, key=len, reverse=True))
        period = alternation(u["festival_periods"])

        def ago(unit: str) -> tuple[str, str, tuple]:
            word = re.escape(u["ago"][unit])
            return (rf"(?<![\d.])(?<![{ago_n}{ago_not}])(?P<n>\d{{1,2}}|[{ago_n}]{{1,3}})\s?{word}",
                    rf"\d{ago_n}", (u["ago"][unit],))

        patterns = (
            # 2020-02-19, 2020/02/19, 2020.02.19 (same separator twice)
            ("iso", r"(?<![\d.])(?P<y>\d{4})(?P<sep>[-/.])(?P<mo>\d{1,2})(?P=sep)(?P<da>\d{1,2})(?![\d.])", r"\d", ()),
            # 2022年, 2022年3月, 2022年3月1日 (also 二〇二二年)
            ("abs", rf"(?<![\d.])(?<![{cn_d}]){year_abs}(?:\s?{md})?", rf"\d{cn_d}", ("年",)),
            # 今年, 去年11月, 去年8月19日
            ("rel", rf"{year_rel}(?:\s?{md})?", rel_firsts, tuple(self.years)),
            # 3月1日, 10月9号, 6月 (year from the article)
            ("md", rf"(?<![\d.{chars(u['month_not_after'])}])(?<![{cn_d}]){md}", rf"\d{cn_md}", ("月",)),
            # 三年前, 3个月前, 3天前
            ("yago", *ago("years")),
            ("mago", *ago("months")),
            ("dago", *ago("days")),
            ("mrel", f"(?P<w>{alternation(self.months)})", first_chars(self.months), tuple(self.months)),
            # 今天的抖音 / 今日头条 are "nowadays" and a name, not dates
            ("drel", f"(?P<w>{days})", first_chars(self.days), ()),
            ("recent", f"(?P<w>{recent})", first_chars(u["recent_words"]), ()),
            # 618 / 双11 anchored by a year before or a period word after
            (
                "fest",
                rf"(?:(?:{year_abs}|{year_rel}){particle}?\s?)?(?P<q>{_Q_OPEN})?"
                rf"(?P<f>{fests})(?P<p1>{period})?(?(q){_Q_CLOSE}|)(?P<p2>{period})?",
                rf"\d{cn_d}{rel_firsts}{_QUOTE_FIRSTS}{first_chars(self.festivals)}", tuple(self.festivals),
            ),
        )
        context_words = [*u["context_years"], *u["context_month"], *u["context_words"]]
        # these need context (当年 = the year of an event told before) and resolve to None;
        # "当年的10月9日" is blocked as a whole: the article's year would be wrong
        context_only = scan(
            rf"(?:{alternation(u['context_years'])})(?:{particle}?\s?{md})?"
            rf"|(?:{alternation(u['context_month'])})(?:\s?\d{{1,2}}\s?[日号])?"
            rf"|{alternation(u['context_words'])}"
            # a month range (5至6月, 1-2月) has no single date
            rf"|(?<![\d.月])\d{{1,2}}\s?[{rng}]\s?\d{{1,2}}\s?月(?:份)?",
            rf"{first_chars(context_words)}\d",
        )
        return tuple((name, scan(p, first, needs)) for name, p, first, needs in patterns), context_only

    def candidates(self, text: str, art: Date | None) -> list[Candidate]:
        """Every date match in ``text`` with its value (None when it cannot
        be resolved), and the spans of words that need context (value None).

        Examples
        --------
        >>> from kg.quantities import DATES
        >>> [(c.start, c.end, c.value) for c in DATES.candidates("去年11月,当年", dates.parse("2022"))]
        [(0, 5, '2021-11'), (6, 8, None)]
        """
        out = []
        for name, rx in self.patterns:
            for m in rx.finditer(text):
                value = self._value(name, m, art)
                if value is None:
                    continue
                start, end = m.start(), m.end()
                while end > start and text[end - 1].isspace():
                    end -= 1
                out.append(Candidate(start, end, "date", value, False))
        # words that need context block the shorter patterns inside them (当日 is not 今日)
        for m in self.context_only.finditer(text):
            out.append(Candidate(m.start(), m.end(), "date", None, False))
        return out

    def _md(self, m: re.Match, y: int | None, art: Date | None) -> str | None:
        mo = self.numerals.number(m.group("mo"))
        if mo is None or not 1 <= mo <= 12:
            return None
        da = self.numerals.number(m.group("da")) if m.group("da") else None
        if y is None:
            if art is None:
                return None
            y = _infer_year(mo, art)
        return dates.iso(y, mo, da)

    def _value(self, name: str, m: re.Match, art: Date | None) -> str | None:
        gd = m.groupdict()
        number = self.numerals.number
        if name == "iso":
            return dates.iso(int(gd["y"]), int(gd["mo"]), int(gd["da"]))
        if name in ("abs", "rel", "fest"):
            if gd.get("y"):
                y = number(gd["y"])
            elif gd.get("ry"):
                if art is None:
                    return None
                y = art.year + self.years[gd["ry"]]
            else:
                y = None
            if name == "fest":
                if y is None and not (gd["p1"] or gd["p2"]):
                    return None  # a bare festival name is not a date
                month = self.festivals[gd["f"]]
                if y is None:
                    if art is None:
                        return None
                    y = _infer_year(month, art)
                return dates.iso(y, month)
            if y is None:
                return None
            if gd.get("mo"):
                return self._md(m, y, art)
            return dates.iso(y)
        if name == "md":
            return self._md(m, None, art)
        if art is None:
            return None
        if name in ("yago", "mago", "dago"):
            n = number(gd["n"])
            if not n:
                return None
            if name == "yago":
                return dates.iso(art.year - n)
            if name == "mago":
                return dates.iso(*dates.shift_months(art.year, art.month, -n)) if art.month else None
            return dates.shift_days(art, -n)
        if name == "mrel":
            if art.month is None:
                return None
            return dates.iso(*dates.shift_months(art.year, art.month, self.months[gd["w"]]))
        if name == "drel":
            return dates.shift_days(art, self.days[gd["w"]])
        if name == "recent":
            return dates.iso(art.year, art.month)
        return None


def _infer_year(month: int, art: Date) -> int:
    """The year of a year-less month: the article's, or the one before when
    the month would be more than 6 months after the article date."""
    if art.month is not None and month - art.month > 6:
        return art.year - 1
    return art.year
