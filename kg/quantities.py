"""The quantities stage: money amounts, percentages and dates in normalized text.

``find_quantities(text, article_date)`` returns every quantity found, sorted by
start offset and non-overlapping (when candidates overlap, the longest wins;
on a tie the leftmost).  Values follow the attribute forms of SCHEMA.md:

* money   -> ``{"value": int|float, "unit": "CNY"|"USD"|...}`` in base units
* percent -> ``"20%"`` or a range ``"15%-25%"``
* date    -> ISO, as precise as the text: ``"2020-10-09"``, ``"2022-03"``, ``"2021"``

Design decisions (see also the comments next to each pattern):

* Numerals, multipliers, currencies and cue words live in ``kg/data/units.json``,
  loaded and validated once at import (``load_units``).  Everything derived from
  it (regexes included) is built once into an immutable ``_Grammar``; there is
  no mutable module state.
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

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Callable, NamedTuple

from kg import dates
from kg.dates import Date

UNITS_PATH = Path(__file__).parent / "data" / "units.json"


@dataclass(frozen=True)
class Quantity:
    kind: str  # "money" | "percent" | "date"
    start: int  # char offsets into the text given
    end: int
    text: str  # text[start:end]
    value: object  # see the module docstring
    vague: bool = False


# --------------------------------------------------------------------------
# units.json


_UNIT_KEYS = {
    "digits": dict,
    "small_units": dict,
    "big_units": dict,
    "multipliers": dict,
    "currencies": dict,
    "currency_prefixes": dict,
    "default_currency": str,
    "money_cues": list,
    "money_cue_exclusions": list,
    "count_words": list,
    "vague_prefixes": list,
    "vague_suffixes": list,
}


def load_units(path: Path | str = UNITS_PATH) -> dict[str, Any]:
    """Read and validate a units file.  Raises ValueError naming the file and
    the problem."""
    path = Path(path)

    def bad(reason: str) -> ValueError:
        return ValueError(f"{path}: {reason}")

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise bad(f"cannot read: {e}") from e
    except UnicodeDecodeError as e:
        raise bad(f"not UTF-8: {e}") from e
    except json.JSONDecodeError as e:
        raise bad(f"not JSON: {e.msg} (line {e.lineno})") from e
    if not isinstance(data, dict):
        raise bad("the top level must be a JSON object")
    for key, kind in _UNIT_KEYS.items():
        if key not in data:
            raise bad(f"missing key {key!r}")
        if not isinstance(data[key], kind):
            raise bad(f"{key!r} must be a JSON {'object' if kind is dict else kind.__name__}")

    def check_map(key: str, ok: Callable[[Any], bool], what: str) -> None:
        if not data[key]:
            raise bad(f"{key!r} must not be empty")
        for k, v in data[key].items():
            if not k.strip():
                raise bad(f"{key!r} has an empty key")
            if isinstance(v, bool) or not ok(v):
                raise bad(f"{key!r}: value of {k!r} must be {what}, got {v!r}")

    def is_code(v: Any) -> bool:
        return isinstance(v, str) and re.fullmatch(r"[A-Z]{3}", v) is not None

    check_map("digits", lambda v: isinstance(v, int) and 0 <= v <= 9, "an integer 0..9")
    check_map("small_units", lambda v: isinstance(v, int) and v in (10, 100, 1000), "10, 100 or 1000")
    check_map("big_units", lambda v: isinstance(v, int) and v in (10**4, 10**8), "10000 or 100000000")
    check_map("multipliers", lambda v: isinstance(v, int) and v >= 10, "an integer >= 10")
    check_map("currencies", is_code, "a three-letter currency code")
    check_map("currency_prefixes", is_code, "a three-letter currency code")
    for key in ("digits", "small_units", "big_units"):
        for k in data[key]:
            if len(k) != 1:
                raise bad(f"{key!r}: key {k!r} must be one character")
    for k in ("十", "百", "千"):
        if k not in data["small_units"]:
            raise bad(f"'small_units' lacks {k!r}")
    for k in ("万", "亿"):
        if k not in data["big_units"]:
            raise bad(f"'big_units' lacks {k!r}")
    numeral_chars = set(data["small_units"]) | set(data["big_units"])
    for k, v in data["multipliers"].items():
        if not set(k) <= numeral_chars:
            raise bad(f"'multipliers': key {k!r} must be made of {''.join(sorted(numeral_chars))}")
        product = 1
        for ch in k:
            product *= data["small_units"].get(ch) or data["big_units"][ch]
        if product != v:
            raise bad(f"'multipliers': {k!r} is {product}, not {v}")
    if not is_code(data["default_currency"]):
        raise bad("'default_currency' must be a three-letter currency code")
    for key in ("money_cues", "money_cue_exclusions", "count_words", "vague_prefixes", "vague_suffixes"):
        for w in data[key]:
            if not isinstance(w, str) or not w.strip():
                raise bad(f"{key!r} must hold non-empty strings, got {w!r}")
    if not data["money_cues"]:
        raise bad("'money_cues' must not be empty")
    return data


# --------------------------------------------------------------------------
# the grammar built from units.json


def _alt(words) -> str:
    """A regex alternation, longest first, escaped."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _firsts(words) -> str:
    """The first characters of ``words``, escaped for a character class."""
    return "".join(re.escape(ch) for ch in sorted({w[0] for w in words}))


class _Scan(NamedTuple):
    """A pattern and a class of the characters its matches can begin with.

    The regex engine tries a pattern that opens with optional groups at every
    position of the text, which was most of this stage's time; ``finditer``
    tries it only where ``first`` matches (a digit, a numeral, a prefix), and
    not at all when the text holds none of ``needs``. The matches are the
    same as ``rx.finditer(text)`` as long as ``first`` is right (the tests
    compare the two on real and random text)."""

    rx: re.Pattern
    first: re.Pattern
    needs: tuple = ()  # the text must hold one of these, or nothing can match

    def finditer(self, text: str):
        if self.needs and not any(n in text for n in self.needs):
            return
        match, search = self.rx.match, self.first.search
        pos = 0
        while (c := search(text, pos)) is not None:
            m = match(text, c.start())
            if m is None:
                pos = c.start() + 1
                continue
            yield m
            pos = m.end() if m.end() > m.start() else m.start() + 1


def _scan(pattern: str, first: str, needs: tuple = ()) -> _Scan:
    return _Scan(re.compile(pattern), re.compile(f"[{first}]"), needs)


class _Grammar(NamedTuple):
    digits: dict
    small_units: dict
    big_units: dict
    multipliers: dict
    currencies: dict
    currency_prefixes: dict
    default_currency: str
    money_cues: tuple
    money_cue_exclusions: tuple
    count_re: re.Pattern
    money: _Scan
    percent: _Scan
    percent_cn: _Scan
    range_re: re.Pattern


_PUNCT_BREAK = re.compile(r"[，,。；;！!？?：:\n\r、（）()【】《》]")


def _build(units: dict[str, Any]) -> _Grammar:
    digits = dict(units["digits"])
    small = dict(units["small_units"])
    big = dict(units["big_units"])
    cn_chars = "".join(digits) + "".join(small) + "".join(big)
    cn_start = "".join(k for k, v in digits.items() if v) + "".join(small)
    vp = [p for p in units["vague_prefixes"] if p != "上"]
    # 上 is a vague prefix only right before 百/千/万/亿 (上百亿, 上千万);
    # elsewhere it is far too common.
    vprefix = f"(?:{_alt(vp)}|上(?=[百千万亿]))" if vp else "(?:上(?=[百千万亿]))"
    vsuffix = f"(?:{_alt(units['vague_suffixes'])})"
    mult = _alt(units["multipliers"])
    # 元 is not a currency in 元宇宙, 元素, 元旦, 元年 ...
    cur_words = []
    for w in units["currencies"]:
        e = re.escape(w)
        if w.endswith("元"):
            e += "(?!宇宙|素|旦|年|老|首|帅|件)"
        if w == "块":
            e += r"(?![\u4e00-\u9fff])"  # 3块屏幕 is not money; 10块。 is
        cur_words.append((len(w), e))
    cur = "|".join(e for _, e in sorted(cur_words, key=lambda t: -t[0]))
    cpre = _alt(units["currency_prefixes"])
    arabic = r"(?:\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\s?\d+)?)"
    # Chinese numerals: start with a non-zero digit or 十/百/千 (or 几); may
    # hold 几 and one 多/余 before a 万/亿 (三十多亿, 十几亿).
    chinese = (
        rf"(?:[{cn_start}几][{cn_chars}几]*(?:[多余][万亿]+)?|(?<=上)[万亿]+)"
    )
    money = (
        rf"(?<![\d.,])"
        rf"(?P<pre1>{vprefix})?(?P<cpre>{cpre})?\s?(?P<pre2>{vprefix})?"
        rf"(?:(?P<ar>{arabic})\s?(?P<more1>[多余])?(?P<mult>{mult})?"
        rf"|(?<![{cn_chars}])(?P<cn>{chinese}))"
        rf"(?P<more2>[多余])?"
        rf"\s?(?P<cur>{cur})?"
        rf"(?P<suf>{vsuffix})?"
    )
    pct_sign = r"[%％]"
    num = r"\d+(?:\.\d+)?"
    dash = r"[-~～—–－至到]"
    percent = (
        rf"(?<![\d.])(?P<pre>{vprefix})?"
        rf"(?:(?P<lo>{num})\s?(?P<losign>{pct_sign})?\s?{dash}\s?)?"
        rf"(?P<hi>{num})\s?{pct_sign}(?P<suf>{vsuffix})?"
    )
    cn_num_pct = rf"[{cn_chars}]+(?:点[{''.join(digits)}]+)?"
    percent_cn = (
        rf"(?P<pre>{vprefix})?(?P<per>百分之|千分之)(?P<n>{cn_num_pct})"
        rf"(?:{dash}(?:百分之|千分之)?(?P<n2>{cn_num_pct}))?(?P<suf>{vsuffix})?"
    )
    return _Grammar(
        digits=digits,
        small_units=small,
        big_units=big,
        multipliers=dict(units["multipliers"]),
        currencies=dict(units["currencies"]),
        currency_prefixes=dict(units["currency_prefixes"]),
        default_currency=units["default_currency"],
        money_cues=tuple(units["money_cues"]),
        money_cue_exclusions=tuple(units["money_cue_exclusions"]),
        count_re=re.compile(rf"\s?(?:{_alt(units['count_words'])}|\+)"),
        # a money amount begins with a vague or currency prefix, a space or a numeral
        money=_scan(money, rf"\s\d{cn_start}几万亿{_firsts(vp + ['上'])}{_firsts(units['currency_prefixes'])}"),
        percent=_scan(percent, rf"\d{_firsts(vp + ['上'])}", needs=("%", "％")),
        percent_cn=_scan(percent_cn, f"百千{_firsts(vp + ['上'])}", needs=("分之",)),
        range_re=re.compile(rf"\s?{dash}\s?"),
    )


_G = _build(load_units(UNITS_PATH))


# --------------------------------------------------------------------------
# numbers


def _cn_to_int(s: str, g: _Grammar = _G) -> int | None:
    """三千万 -> 30000000, 十五 -> 15, 百亿 -> 10000000000, 二〇二〇 -> 2020.
    几 counts as 0 (a lower bound).  None when s is not a numeral."""
    s = s.replace("几", "〇" if "〇" in g.digits else "零")
    if not s:
        return None
    # a string of bare digits (二〇二〇) reads digit by digit
    if all(ch in g.digits for ch in s):
        return int("".join(str(g.digits[ch]) for ch in s))
    total = section = number = 0
    for ch in s:
        if ch in g.digits:
            number = g.digits[ch]
        elif ch in g.small_units:
            section += (number or 1) * g.small_units[ch]
            number = 0
        elif ch in g.big_units:
            unit = g.big_units[ch]
            if unit >= 10**8:
                total = ((total + section + number) or 1) * unit
                section = 0
            else:
                section = ((section + number) or 1) * unit
            number = 0
        else:
            return None
    return total + section + number


def _cn_decimal(s: str, g: _Grammar = _G) -> Decimal | None:
    """十五点五 -> 15.5"""
    whole, _, frac = s.partition("点")
    w = _cn_to_int(whole, g)
    if w is None:
        return None
    if not frac:
        return Decimal(w)
    if not all(ch in g.digits for ch in frac):
        return None
    return Decimal(f"{w}." + "".join(str(g.digits[ch]) for ch in frac))


def _plain(d: Decimal) -> int | float:
    return int(d) if d == d.to_integral_value() else float(d)


def _dec_str(d: Decimal) -> str:
    """20.0 -> '20', 2.50 -> '2.50' (decimals as written), 0.6 -> '0.6'."""
    return format(d.normalize(), "f") if d == d.to_integral_value() else format(d, "f")


# --------------------------------------------------------------------------
# candidates


class _Cand(NamedTuple):
    start: int
    end: int
    kind: str
    value: object
    vague: bool


def _has_cue(window: str, g: _Grammar) -> bool:
    for ex in g.money_cue_exclusions:
        window = window.replace(ex, "\0" * len(ex))
    return any(c in window for c in g.money_cues)


_CUE_BEFORE = 6  # characters before a bare amount searched for a money cue
_CUE_AFTER = 3  # characters after it ("1.5亿的罚款")
# a bare amount joined to a money amount right before it is money too:
# "被罚没超30亿和近30亿", "10亿-20亿"
_COORD = re.compile(r"\s?[和与及或、至到~～\-－—]\s?")


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
            has_mult = any(ch in g.big_units for ch in m.group("mult"))
            value *= g.multipliers[m.group("mult")]
    else:
        cn = m.group("cn")
        if "几" in cn or "多" in cn or "余" in cn:
            vague = True
        has_mult = any(ch in g.big_units for ch in cn)
        n = _cn_to_int(cn.replace("多", "").replace("余", ""), g)
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
            joined = bool(out) and _COORD.fullmatch(text[out[-1].end:start]) is not None
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
        scale = Decimal(1) if m.group("per") == "百分之" else Decimal("0.1")
        n = _cn_decimal(m.group("n"), g)
        if n is None:
            continue
        value = _fmt_pct(n * scale)
        if m.group("n2"):
            n2 = _cn_decimal(m.group("n2"), g)
            if n2 is None:
                continue
            value = f"{value}-{_fmt_pct(n2 * scale)}"
        out.append(_Cand(m.start(), m.end(), "percent", value, bool(m.group("pre") or m.group("suf"))))
    return out


# --------------------------------------------------------------------------
# dates


def _parse_iso(s: str | None) -> Date | None:
    """The article date (``'2020-10-29'``, ``'2020-10'``, ``'2020'``) or None."""
    return dates.parse(s) if s else None


_fmt = dates.iso


def _num(s: str | None, g: _Grammar = _G) -> int | None:
    if s is None:
        return None
    s = s.strip()
    if s.isdigit():
        return int(s)
    return _cn_to_int(s, g)


def _infer_year(month: int, art: Date) -> int:
    """The year of a year-less month: the article's, or the one before when
    the month would be more than 6 months after the article date."""
    if art.month is not None and month - art.month > 6:
        return art.year - 1
    return art.year


_CN_D = "〇零一二三四五六七八九"
_CN_MD = "一二三四五六七八九十"
_YEAR_WORDS = {"今年": 0, "本年": 0, "去年": -1, "上一年": -1, "前年": -2, "明年": 1, "后年": 2}
_PERIOD_AFTER = "期间|大促|前夕|前后|当天|当日|购物节|促销季|活动期间"
_Q_OPEN = "[“\"「『]"
_Q_CLOSE = "[”\"」』]"

# month (and day): 3月, 3月份, 3月1日, 3月1号, 10月9(起) -- 起 is not part of the span
_MD = (
    rf"(?P<mo>\d{{1,2}}|[{_CN_MD}]{{1,2}})\s?月"
    rf"(?:(?P<fen>份)|\s?(?P<da>\d{{1,2}}|[{_CN_MD}]{{1,3}})(?:\s?[日号]|(?=\s?起)))?"
)
_YEAR_ABS = rf"(?P<y>\d{{4}}|[{_CN_D}]{{4}})\s?年(?!代)"
_YEAR_REL = r"(?P<ry>今年|本年|去年|上一年|(?<!年)前年|明年|(?<![年之以])后年)"

_REL_FIRSTS = "今本去上前明后"  # the first characters of the _YEAR_REL words
_QUOTE_FIRSTS = "“\"「『"
# name -> (pattern, the characters a match can begin with, words one of which it needs)
_DATE_PATTERNS: tuple[tuple[str, _Scan], ...] = tuple(
    (name, _scan(p, first, needs))
    for name, p, first, needs in (
        # 2020-02-19, 2020/02/19, 2020.02.19 (same separator twice)
        ("iso", r"(?<![\d.])(?P<y>\d{4})(?P<sep>[-/.])(?P<mo>\d{1,2})(?P=sep)(?P<da>\d{1,2})(?![\d.])", r"\d", ()),
        # 2022年, 2022年3月, 2022年3月1日 (also 二〇二二年)
        ("abs", rf"(?<![\d.])(?<![{_CN_D}]){_YEAR_ABS}(?:\s?{_MD})?", rf"\d{_CN_D}", ("年",)),
        # 今年, 去年11月, 去年8月19日
        ("rel", rf"{_YEAR_REL}(?:\s?{_MD})?", _REL_FIRSTS, ("年",)),
        # 3月1日, 10月9号, 6月 (year from the article)
        ("md", rf"(?<![\d.年第个几多])(?<![{_CN_D}两十百千万]){_MD}", rf"\d{_CN_MD}", ("月",)),
        # 三年前, 3年前
        ("yago", rf"(?<![\d.])(?<![{_CN_MD}两几数多])(?P<n>\d{{1,2}}|[{_CN_MD}两]{{1,3}})\s?年前",
         rf"\d{_CN_MD}两", ("年前",)),
        ("mago", rf"(?<![\d.])(?<![{_CN_MD}两几数多])(?P<n>\d{{1,2}}|[{_CN_MD}两]{{1,3}})\s?个月前",
         rf"\d{_CN_MD}两", ("个月前",)),
        ("dago", rf"(?<![\d.])(?<![{_CN_MD}两几数多])(?P<n>\d{{1,2}}|[{_CN_MD}两]{{1,3}})\s?天前",
         rf"\d{_CN_MD}两", ("天前",)),
        ("mrel", r"(?P<w>上个月|上月|本月|这个月|下个月|下月)", "上本这下", ("月",)),
        # 今天的抖音 / 今日头条 are "nowadays" and a name, not dates
        ("drel", r"(?P<w>昨天|昨日|前天|即日|今天(?!的)|今日(?!头条|的)|明天|明日(?!之后))", "昨前即今明", ()),
        ("recent", r"(?P<w>(?<![节生作止期假])日前|近日|近期|几天前|前几天|前些天|前些日子)", "日近几前", ()),
        # 618 / 双11 anchored by a year before or a period word after
        (
            "fest",
            rf"(?:(?:{_YEAR_ABS}|{_YEAR_REL})的?\s?)?(?P<q>{_Q_OPEN})?"
            rf"(?P<f>(?<!\d)618(?!\d)|双(?:11|十一|12|十二)(?![\d一二]))"
            rf"(?P<p1>{_PERIOD_AFTER})?(?(q){_Q_CLOSE}|)(?P<p2>{_PERIOD_AFTER})?",
            rf"\d{_CN_D}{_REL_FIRSTS}{_QUOTE_FIRSTS}双", ("618", "双"),
        ),
    )
)

# these need context (当年 = the year of an event told before) and resolve to None
# "当年的10月9日" is blocked as a whole: its year is that of an event told
# before, and the article's year would be wrong.
_CONTEXT_ONLY = _scan(
    rf"(?:当年|同年|次年|翌年)(?:的?\s?{_MD})?|当月(?:\s?\d{{1,2}}\s?[日号])?|当天|当日|几年前|数年前|多年前"
    # a month range (5至6月, 1-2月) has no single date
    rf"|(?<![\d.月])\d{{1,2}}\s?[至到~～\-－—]\s?\d{{1,2}}\s?月(?:份)?",
    r"当同次翌几数多\d",
)


def _resolve_md(m: re.Match, y: int | None, art: Date | None) -> str | None:
    mo = _num(m.group("mo"))
    if mo is None or not 1 <= mo <= 12:
        return None
    da = _num(m.group("da")) if m.group("da") else None
    if y is None:
        if art is None:
            return None
        y = _infer_year(mo, art)
    return _fmt(y, mo, da)


def _date_value(name: str, m: re.Match, art: Date | None) -> str | None:
    gd = m.groupdict()
    if name == "iso":
        return _fmt(int(gd["y"]), int(gd["mo"]), int(gd["da"]))
    if name in ("abs", "rel", "fest"):
        if gd.get("y"):
            y = _num(gd["y"])
        elif gd.get("ry"):
            if art is None:
                return None
            y = art.year + _YEAR_WORDS[gd["ry"]]
        else:
            y = None
        if name == "fest":
            f = gd["f"]
            if y is None and not (gd["p1"] or gd["p2"]):
                return None  # a bare festival name is not a date
            month = 6 if f == "618" else (11 if f in ("双11", "双十一") else 12)
            if y is None:
                if art is None:
                    return None
                y = _infer_year(month, art)
            return _fmt(y, month)
        if y is None:
            return None
        if gd.get("mo"):
            return _resolve_md(m, y, art)
        return _fmt(y)
    if name == "md":
        return _resolve_md(m, None, art)
    if art is None:
        return None
    if name == "yago":
        n = _num(gd["n"])
        return _fmt(art.year - n) if n else None
    if name == "mago":
        n = _num(gd["n"])
        if not n or art.month is None:
            return None
        return _fmt(*dates.shift_months(art.year, art.month, -n))
    if name == "dago":
        n = _num(gd["n"])
        return dates.shift_days(art, -n) if n else None
    if name == "mrel":
        if art.month is None:
            return None
        k = {"上个月": -1, "上月": -1, "本月": 0, "这个月": 0, "下个月": 1, "下月": 1}[gd["w"]]
        return _fmt(*dates.shift_months(art.year, art.month, k))
    if name == "drel":
        k = {"昨天": -1, "昨日": -1, "前天": -2, "即日": 0, "今天": 0, "今日": 0, "明天": 1, "明日": 1}[gd["w"]]
        return dates.shift_days(art, k)
    if name == "recent":
        return _fmt(art.year, art.month)
    return None


def _date_cands(text: str, art: Date | None) -> list[_Cand]:
    out = []
    for name, rx in _DATE_PATTERNS:
        for m in rx.finditer(text):
            value = _date_value(name, m, art)
            if value is None:
                continue
            start, end = m.start(), m.end()
            while end > start and text[end - 1].isspace():
                end -= 1
            out.append(_Cand(start, end, "date", value, False))
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
    """Every money amount, percentage and date in ``text``: sorted by start,
    non-overlapping, the longest match winning.  Dates that cannot be
    resolved (relative ones without an article date, 当年) are left out."""
    art = _parse_iso(article_date)
    cands = _money_cands(text, _G) + _percent_cands(text, _G) + _date_cands(text, art)
    # words that need context block the shorter patterns inside them (当日 is not 今日)
    for m in _CONTEXT_ONLY.finditer(text):
        cands.append(_Cand(m.start(), m.end(), "date", None, False))
    return [q for q in _select(cands, text) if q.value is not None]


def resolve_date(expr: str, article_date: str | None) -> str | None:
    """One date expression -> ISO string, or None.  The first date found in
    ``expr`` is taken, so "8月20日零时起" gives the date of 8月20日."""
    art = _parse_iso(article_date)
    cands = _date_cands(expr, art)
    for m in _CONTEXT_ONLY.finditer(expr):
        cands.append(_Cand(m.start(), m.end(), "date", None, False))
    qs = _select(cands, expr)
    return qs[0].value if qs else None


def parse_money(expr: str, allow_vague: bool = False) -> dict | None:
    """One money expression -> {"value", "unit"}, or None.  The expression is
    taken to be money, so a bare 1.5亿 or 百亿 is read in the default
    currency (CNY); a number with neither a currency nor 万/亿 is not money.
    Vague amounts (数10亿元, 上百亿) give None unless ``allow_vague``."""
    qs = _select(_money_cands(expr, _G, assume_money=True), expr)
    if not qs:
        return None
    q = qs[0]
    if q.vague and not allow_vague:
        return None
    return dict(q.value)
