"""The quantities stage: money amounts, percentages and dates in normalized text.

``find_quantities(text, article_date)`` returns every quantity found, sorted by
start offset and non-overlapping (when candidates overlap, the longest wins;
on a tie the leftmost).  Values follow the attribute forms of SCHEMA.md:

* money   -> ``{"value": int|float, "unit": "CNY"|"USD"|...}`` in base units
* percent -> ``"20%"`` or a range ``"15%-25%"``
* date    -> ISO, as precise as the text: ``"2020-10-09"``, ``"2022-03"``, ``"2021"``

Design decisions (see also the comments next to each pattern):

* Numerals, multipliers, currencies, cue words and date words live in
  ``kg/data/units.json``, loaded and validated once at import (``kg.units``).
  Everything derived from it (regexes included) is built once into immutable
  grammars (``_Grammar`` here, ``kg.date_expressions.DateGrammar`` for
  dates, ``kg.numerals.Numerals``); there is no mutable module state.
* Money needs a currency (元, 美元, 人民币 ..., or a prefix such as ¥ / 人民币).
  A bare amount *with a 万/亿 multiplier* (1.5亿, 百亿, 653.61万) counts as
  money in the default currency (CNY) only when a money cue (罚没, 罚款, 罚, 赔,
  退款, 投入, 营收, 融资, 补贴 ... see ``money_cues``) stands in the 6 characters
  before it, or in the 3 after it ("1.5亿的罚款"), without a clause break in
  between, or when it is joined by 和/、/至/- to a money amount right before it
  ("罚没超30亿和近30亿").  So "被罚653.61万" and "退款1.5亿" are money;
  "3亿DAU", "GMV突破5000亿" are not.  GMV / 成交额 are deliberately not cues.
  A bare amount followed by a count word (``count_words``: 家, 件, 人, 用户 ...,
  or "+") is never money, not even in ``parse_money``: "3.3万家", "10万+项目".
  A number with neither a currency nor 万/亿 (罚款5000) is never money.
* Vague amounts are still found, with ``vague=True`` and a best-effort (lower
  bound) value: a vague prefix is part of the span (数10亿元, 数十亿元, 上百亿,
  近30亿, 超过30亿元, 约合28亿美元, 逾9%), so are 多/余/几 inside the number
  (30多亿, 十几亿) and the suffixes 以上/以下/左右/上下/多 (30%以上).
  ``parse_money`` returns None for a vague amount unless ``allow_vague=True``,
  because ANNOTATION.md says vague amounts are not encoded.
* Dates without a year take the article's year; when the article date has a
  month and the month named is more than 6 months after it, the previous year
  is taken ("12月29日" in a 2020-02-19 article is 2019-12-29; "3月1日" in a
  2023-02-08 article is 2023-03-01).
* Relative dates: 今年/本年, 去年/上一年, 前年, 明年, 后年 (optionally with a month
  and day), N年前, N个月前, N天前, 上个月/上月, 本月/这个月, 下个月/下月, 昨天/昨日,
  前天, 今天/今日 (not 今日头条), 明天/明日.  Day-level words (昨天, 3天前) give a
  day when the article date has a day, else the article date as precise as it
  is (ANNOTATION: 昨天 in a 2024-10 article is 2024-10).  日前/近日/近期/几天前/
  前几天/前些天 are vague by nature and give the article's month (or year).
* 当年/同年/当月/当天/几年前 need context: they resolve to None and, like every
  date that cannot be resolved (e.g. 10月9日 without an article date), are
  left out of ``find_quantities``.  Values are never None.
* 618 and 双11/双十一 (and 双12) are dates only when anchored: preceded by a year
  (2017年“618”, 2020年的“618期间”, 今年双11) or followed by a period word
  (618期间, 618大促, 双十一前夕 ...).  A bare "618" or "双11" is a festival name
  used generically ("每年的双11", "618、双11等促销活动") and is not a date.
  The value is YYYY-06 / YYYY-11 / YYYY-12.
* Times (10:54:25), phone numbers, ages, durations (11年之久, 时隔4年) are not
  dates; ISO-like dates (2020-02-19, 2020/02/19, 2020.02.19) are.  A date must
  be valid by ``kg.dates`` (in its year range and in the calendar).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from kg import dates
from kg.date_expressions import Candidate as _Cand
from kg.date_expressions import DateGrammar
from kg.numerals import Numerals
from kg.scan import Scan, alternation as _alt, chars, first_chars as _firsts, scan as _scan
from kg.units import UNITS_PATH, load_units

__all__ = ["Quantity", "find_quantities", "resolve_date", "parse_money", "load_units", "UNITS_PATH"]


@dataclass(frozen=True)
class Quantity:
    """A money amount, percentage or date found in a text.

    Examples
    --------
    >>> find_quantities("罚款182.28亿元")[0]
    Quantity(kind='money', start=2, end=10, text='182.28亿元', value={'value': 18228000000, 'unit': 'CNY'}, vague=False)
    """

    kind: str  # "money" | "percent" | "date"
    start: int  # char offsets into the text given
    end: int
    text: str  # text[start:end]
    value: object  # see the module docstring
    vague: bool = False


# --------------------------------------------------------------------------
# the grammar built from units.json


class _Grammar(NamedTuple):
    numerals: Numerals
    multipliers: dict
    currencies: dict
    currency_prefixes: dict
    default_currency: str
    money_cues: tuple
    money_cue_exclusions: tuple
    vague_marks: str  # the unknown digit and the infixes: 十几亿, 30多亿
    infixes: str
    count_re: re.Pattern
    coord_re: re.Pattern
    percent_scale: dict
    money: Scan
    percent: Scan
    percent_cn: Scan


_PUNCT_BREAK = re.compile(r"[，,。；;！!？?：:\n\r、（）()【】《》]")


def _build(units: dict[str, Any]) -> _Grammar:
    numerals = Numerals(units)
    digits, small, big = numerals.digits, numerals.small_units, numerals.big_units
    unknown, infixes = re.escape(units["unknown_digit"]), chars(units["vague_infixes"])
    cn_chars = "".join(digits) + "".join(small) + "".join(big)
    cn_start = "".join(k for k, v in digits.items() if v) + "".join(small)
    big_chars = "".join(big)
    vp, vbn = units["vague_prefixes"], units["vague_before_numerals"]
    # these prefixes are vague only right before 百/千/万/亿 (上百亿, 上千万);
    # elsewhere they are far too common
    hundreds = "".join(k for k, v in {**small, **big}.items() if v >= 100)
    before_numerals = f"[{chars(vbn)}](?=[{hundreds}])"
    vprefix = f"(?:{_alt(vp)}|{before_numerals})" if vp else f"(?:{before_numerals})"
    vsuffix = f"(?:{_alt(units['vague_suffixes'])})"
    mult = _alt(units["multipliers"])
    cur_words = []
    for w in units["currencies"]:
        e = re.escape(w)
        for end, words in units["currency_not_before"].items():
            if w.endswith(end):
                e += f"(?!{'|'.join(map(re.escape, words))})"
        if w in units["currency_not_before_han"]:
            e += r"(?![\u4e00-\u9fff])"
        cur_words.append((len(w), e))
    cur = "|".join(e for _, e in sorted(cur_words, key=lambda t: -t[0]))
    cpre = _alt(units["currency_prefixes"])
    arabic = r"(?:\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\s?\d+)?)"
    # Chinese numerals: start with a non-zero digit or 十/百/千 (or 几); may
    # hold 几 and one 多/余 before a 万/亿 (三十多亿, 十几亿).
    chinese = (
        rf"(?:[{cn_start}{unknown}][{cn_chars}{unknown}]*(?:[{infixes}][{big_chars}]+)?"
        rf"|(?<=[{chars(vbn)}])[{big_chars}]+)"
    )
    money = (
        rf"(?<![\d.,])"
        rf"(?P<pre1>{vprefix})?(?P<cpre>{cpre})?\s?(?P<pre2>{vprefix})?"
        rf"(?:(?P<ar>{arabic})\s?(?P<more1>[{infixes}])?(?P<mult>{mult})?"
        rf"|(?<![{cn_chars}])(?P<cn>{chinese}))"
        rf"(?P<more2>[{infixes}])?"
        rf"\s?(?P<cur>{cur})?"
        rf"(?P<suf>{vsuffix})?"
    )
    pct_sign = r"[%％]"
    num = r"\d+(?:\.\d+)?"
    dash = rf"[-~～—–－{chars(units['range_words'])}]"
    percent = (
        rf"(?<![\d.])(?P<pre>{vprefix})?"
        rf"(?:(?P<lo>{num})\s?(?P<losign>{pct_sign})?\s?{dash}\s?)?"
        rf"(?P<hi>{num})\s?{pct_sign}(?P<suf>{vsuffix})?"
    )
    cn_num_pct = rf"[{cn_chars}]+(?:{re.escape(units['decimal_point'])}[{''.join(digits)}]+)?"
    per = _alt(units["percent_words"])
    percent_cn = (
        rf"(?P<pre>{vprefix})?(?P<per>{per})(?P<n>{cn_num_pct})"
        rf"(?:{dash}(?:{per})?(?P<n2>{cn_num_pct}))?(?P<suf>{vsuffix})?"
    )
    vague_firsts = _firsts([*vp, *vbn])
    return _Grammar(
        numerals=numerals,
        multipliers=dict(units["multipliers"]),
        currencies=dict(units["currencies"]),
        currency_prefixes=dict(units["currency_prefixes"]),
        default_currency=units["default_currency"],
        money_cues=tuple(units["money_cues"]),
        money_cue_exclusions=tuple(units["money_cue_exclusions"]),
        vague_marks=units["unknown_digit"] + units["vague_infixes"],
        infixes=units["vague_infixes"],
        count_re=re.compile(rf"\s?(?:{_alt(units['count_words'])}|\+)"),
        # a bare amount joined to a money amount right before it is money too:
        # "被罚没超30亿和近30亿", "10亿-20亿"
        coord_re=re.compile(rf"\s?[{chars(units['coordinators'] + units['range_words'])}~～\-－—]\s?"),
        percent_scale={w: Decimal(str(v)) for w, v in units["percent_words"].items()},
        # a money amount begins with a vague or currency prefix, a space or a numeral
        money=_scan(money, rf"\s\d{cn_start}{unknown}{big_chars}{vague_firsts}{_firsts(units['currency_prefixes'])}"),
        percent=_scan(percent, rf"\d{vague_firsts}", needs=("%", "％")),
        percent_cn=_scan(percent_cn, f"{_firsts(units['percent_words'])}{vague_firsts}",
                         needs=tuple(units["percent_words"])),
    )


_UNITS = load_units(UNITS_PATH)
_G = _build(_UNITS)
DATES = DateGrammar(_UNITS, _G.numerals)


# --------------------------------------------------------------------------
# numbers


def _plain(d: Decimal) -> int | float:
    return int(d) if d == d.to_integral_value() else float(d)


def _dec_str(d: Decimal) -> str:
    """20.0 -> '20', 2.50 -> '2.50' (decimals as written), 0.6 -> '0.6'."""
    return format(d.normalize(), "f") if d == d.to_integral_value() else format(d, "f")


# --------------------------------------------------------------------------
# candidates


def _has_cue(window: str, g: _Grammar) -> bool:
    for ex in g.money_cue_exclusions:
        window = window.replace(ex, "\0" * len(ex))
    return any(c in window for c in g.money_cues)


_CUE_BEFORE = 6  # characters before a bare amount searched for a money cue
_CUE_AFTER = 3  # characters after it ("1.5亿的罚款")


def _money_window_cue(text: str, start: int, end: int, g: _Grammar) -> bool:
    before = text[max(0, start - _CUE_BEFORE):start]
    parts = _PUNCT_BREAK.split(before)
    before = parts[-1]
    after = text[end:end + _CUE_AFTER]
    after = _PUNCT_BREAK.split(after)[0]
    return _has_cue(before, g) or _has_cue(after, g)


def _money_from_match(m: re.Match, g: _Grammar) -> tuple[dict, bool, bool] | None:
    """(value dict, vague, has an explicit currency) or None."""
    vague = bool(m.group("pre1") or m.group("pre2") or m.group("more2") or m.group("suf"))
    unit = None
    if m.group("cpre"):
        unit = g.currency_prefixes[m.group("cpre")]
    if m.group("cur"):
        unit = g.currencies[m.group("cur")]
    has_mult = False
    if m.group("ar") is not None:
        raw = re.sub(r"[\s,]", "", m.group("ar"))
        try:
            value = Decimal(raw)
        except InvalidOperation:
            return None
        if m.group("more1"):
            vague = True
        if m.group("mult"):
            has_mult = any(ch in g.numerals.big_units for ch in m.group("mult"))
            value *= g.multipliers[m.group("mult")]
    else:
        cn = m.group("cn")
        if any(ch in cn for ch in g.vague_marks):
            vague = True
        has_mult = any(ch in g.numerals.big_units for ch in cn)
        n = g.numerals.to_int(cn.translate({ord(ch): None for ch in g.infixes}))
        if n is None:
            return None
        value = Decimal(n)
    if unit is None and not has_mult:
        return None
    return {"value": _plain(value), "unit": unit or g.default_currency}, vague, unit is not None


def _money_cands(text: str, g: _Grammar, assume_money: bool = False) -> list[_Cand]:
    out: list[_Cand] = []
    for m in g.money.finditer(text):
        # trim a trailing space the optional \s? may have taken
        start, end = m.start(), m.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        got = _money_from_match(m, g)
        if got is None:
            continue
        value, vague, explicit = got
        if not explicit and g.count_re.match(text, end):
            continue  # a count, not money: 3.3万家, 3亿用户, 10万+创业项目
        if not explicit and not assume_money:
            joined = bool(out) and g.coord_re.fullmatch(text[out[-1].end:start]) is not None
            if not joined and not _money_window_cue(text, start, end, g):
                continue
        # a leading space (between an optional prefix group and the number)
        while start < end and text[start].isspace():
            start += 1
        out.append(_Cand(start, end, "money", value, vague))
    return out


def _fmt_pct(d: Decimal) -> str:
    return _dec_str(d) + "%"


def _percent_cands(text: str, g: _Grammar) -> list[_Cand]:
    out = []
    for m in g.percent.finditer(text):
        vague = bool(m.group("pre") or m.group("suf"))
        hi = Decimal(m.group("hi"))
        if m.group("lo") is not None:
            lo = Decimal(m.group("lo"))
            value = f"{_fmt_pct(lo)}-{_fmt_pct(hi)}"
        else:
            value = _fmt_pct(hi)
        out.append(_Cand(m.start(), m.end(), "percent", value, vague))
    for m in g.percent_cn.finditer(text):
        scale = g.percent_scale[m.group("per")]
        n = g.numerals.to_decimal(m.group("n"))
        if n is None:
            continue
        value = _fmt_pct(n * scale)
        if m.group("n2"):
            n2 = g.numerals.to_decimal(m.group("n2"))
            if n2 is None:
                continue
            value = f"{value}-{_fmt_pct(n2 * scale)}"
        out.append(_Cand(m.start(), m.end(), "percent", value, bool(m.group("pre") or m.group("suf"))))
    return out


# --------------------------------------------------------------------------
# selection and the public API


def _select(cands: list[_Cand], text: str) -> list[Quantity]:
    """Longest first (then leftmost), non-overlapping, sorted by start."""
    kind_rank = {"date": 0, "money": 1, "percent": 2}
    taken: list[_Cand] = []
    occupied = bytearray(len(text) + 1)
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.start, kind_rank[c.kind])):
        if c.end <= c.start or any(occupied[c.start:c.end]):
            continue
        occupied[c.start:c.end] = b"\x01" * (c.end - c.start)
        taken.append(c)
    taken.sort(key=lambda c: c.start)
    return [Quantity(c.kind, c.start, c.end, text[c.start:c.end], c.value, c.vague) for c in taken]


def find_quantities(text: str, article_date: str | None = None) -> list[Quantity]:
    """Every money amount, percentage and date in ``text``.

    Parameters
    ----------
    text : str
        Normalized text.
    article_date : str, optional
        The article's ISO date (``2020-10-29``, ``2020-10``, ``2020``), for
        dates without a year and relative dates; an invalid one counts as none.

    Returns
    -------
    list of Quantity
        Sorted by start, non-overlapping, the longest match winning. Dates
        that cannot be resolved (relative ones without an article date, 当年)
        are left out.

    Examples
    --------
    >>> [(q.kind, q.text, q.value) for q in find_quantities("去年营收增长20%,被罚款1.5亿", "2021-08-01")]
    [('date', '去年', '2020'), ('percent', '20%', '20%'), ('money', '1.5亿', {'value': 150000000, 'unit': 'CNY'})]
    """
    art = dates.parse(article_date) if article_date else None
    cands = _money_cands(text, _G) + _percent_cands(text, _G) + DATES.candidates(text, art)
    return [q for q in _select(cands, text) if q.value is not None]


def resolve_date(expr: str, article_date: str | None) -> str | None:
    """One date expression as an ISO string, or None.

    Parameters
    ----------
    expr : str
        A date expression; the first date found in it is taken, so
        "8月20日零时起" gives the date of 8月20日.
    article_date : str or None
        The article's ISO date, for dates without a year and relative ones.

    Returns
    -------
    str or None
        ISO, as precise as the expression; None when it has no date or one
        that cannot be resolved.

    Examples
    --------
    >>> resolve_date("12月29日", "2020-02-19"), resolve_date("上个月", "2021-01-05"), resolve_date("当年", "2024")
    ('2019-12-29', '2020-12', None)
    """
    art = dates.parse(article_date) if article_date else None
    qs = _select(DATES.candidates(expr, art), expr)
    return qs[0].value if qs else None


def parse_money(expr: str, allow_vague: bool = False) -> dict | None:
    """One money expression as ``{"value", "unit"}``, or None.

    Parameters
    ----------
    expr : str
        Taken to be money, so a bare 1.5亿 or 百亿 is read in the default
        currency (CNY); a number with neither a currency nor 万/亿 is not money.
    allow_vague : bool
        Read vague amounts (数10亿元, 上百亿) at their lower bound instead of
        giving None.

    Returns
    -------
    dict or None
        ``{"value": int or float, "unit": "CNY" | "USD" | ...}`` in base units.

    Examples
    --------
    >>> parse_money("4575.12亿元人民币"), parse_money("300")
    ({'value': 457512000000, 'unit': 'CNY'}, None)
    >>> parse_money("上百亿"), parse_money("上百亿", allow_vague=True)
    (None, {'value': 10000000000, 'unit': 'CNY'})
    """
    qs = _select(_money_cands(expr, _G, assume_money=True), expr)
    if not qs:
        return None
    q = qs[0]
    if q.vague and not allow_vague:
        return None
    return dict(q.value)
