"""Tests of kg/quantities.py: the cases in cases/quantities.jsonl (each gives
the full list find_quantities must return), plus unit tests of the helpers
and of the units.json validation."""
from __future__ import annotations

import dataclasses
import datetime
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import dates
from kg import quantities as q
from kg.datafiles import DataFileError
from kg.quantities import Quantity, find_quantities, load_units, parse_money, resolve_date
from kg.scan import Scan

CASES_PATH = Path(__file__).parent / "cases" / "quantities.jsonl"


def _load_cases() -> list[dict]:
    cases = []
    for n, line in enumerate(CASES_PATH.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            case = json.loads(line)
            case["_line"] = n
            cases.append(case)
    return cases


CASES = _load_cases()


def _norm(found: list[Quantity]) -> list[dict]:
    return [{"kind": x.kind, "text": x.text, "value": x.value, "vague": x.vague} for x in found]


def _expected(case: dict) -> list[dict]:
    return [
        {"kind": e["kind"], "text": e["text"], "value": e["value"], "vague": e.get("vague", False)}
        for e in case["expect"]
    ]


def test_enough_cases():
    assert len(CASES) >= 70
    assert sum(1 for c in CASES if not c["expect"]) >= 15  # negative cases
    for kind in ("money", "percent", "date"):
        assert sum(1 for c in CASES for e in c["expect"] if e["kind"] == kind) >= 15


@pytest.mark.parametrize("case", CASES, ids=[f"L{c['_line']}" for c in CASES])
def test_case(case):
    found = find_quantities(case["text"], case.get("article_date"))
    assert _norm(found) == _expected(case), case.get("note", "")


@pytest.mark.parametrize("case", CASES, ids=[f"L{c['_line']}" for c in CASES])
def test_offsets_sorted_non_overlapping(case):
    text = case["text"]
    found = find_quantities(text, case.get("article_date"))
    last_end = 0
    for x in found:
        assert text[x.start:x.end] == x.text
        assert x.start >= last_end
        assert x.value is not None
        last_end = x.end


def test_offsets_in_a_longer_text():
    text = "第一段。\n监管部门于2021年4月10日对其罚款182.28亿元，约占其销售额的4%。\n第三段：今年6月。"
    found = find_quantities(text, "2021-08-01")
    assert [x.text for x in found] == ["2021年4月10日", "182.28亿元", "4%", "今年6月"]
    for x in found:
        assert text[x.start:x.end] == x.text
    assert found[-1].value == "2021-06"


def test_quantity_is_frozen():
    x = find_quantities("收取20%的服务费")[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        x.value = "30%"  # type: ignore[misc]


def test_empty_text():
    assert find_quantities("") == []
    assert find_quantities("", "2020-01-01") == []


# ---------------------------------------------------------------- resolve_date


@pytest.mark.parametrize(
    "expr, article_date, expected",
    [
        ("2022年3月1日", None, "2022-03-01"),
        ("2020年", None, "2020"),
        ("2020年3月", "2024-10", "2020-03"),
        ("10月9日", "2020-10-29", "2020-10-09"),
        ("10月9号", "2020-10-29", "2020-10-09"),
        ("10月9起", "2020-08-26", "2020-10-09"),
        ("10月9日", None, None),
        ("今年6月", "2020-08-26", "2020-06"),
        ("去年11月", "2022", "2021-11"),
        ("去年", "2022-01-01", "2021"),
        ("今年", "2024-10", "2024"),
        ("前年", "2024-10", "2022"),
        ("明年", "2023-12-30", "2024"),
        ("三年前", "2024-10", "2021"),
        ("3年前", "2024-10", "2021"),
        ("两年前", "2024", "2022"),
        ("上个月", "2021-01-05", "2020-12"),
        ("上月", "2021-03-31", "2021-02"),
        ("本月", "2020-10-29", "2020-10"),
        ("下个月", "2020-12-01", "2021-01"),
        ("上个月", "2020", None),
        ("昨天", "2024-10", "2024-10"),
        ("昨天", "2024-01-01", "2023-12-31"),
        ("前天", "2024-03-01", "2024-02-28"),
        ("今天", "2020-10-29", "2020-10-29"),
        ("明天", "2020-10-29", "2020-10-30"),
        ("几天前", "2024-10-20", "2024-10"),
        ("3天前", "2024-10-02", "2024-09-29"),
        ("日前", "2023-11-13", "2023-11"),
        ("近日", "2024", "2024"),
        ("2020-02-19", None, "2020-02-19"),
        ("2020/2/9", None, "2020-02-09"),
        ("2020.02.19", None, "2020-02-19"),
        ("8月20日零时起", "2020-08-26", "2020-08-20"),
        ("618期间", "2020-08-26", "2020-06"),
        ("2020年的“618期间”", "2024-10", "2020-06"),
        ("“618”", "2020-08-26", None),
        ("双11期间", "2019-11-12", "2019-11"),
        ("今年双十一", "2019-10", "2019-11"),
        ("双11", "2019-10", None),
        ("当年", "2024-10", None),
        ("当年的10月9日", "2024-10", None),
        ("12月29日", "2020-02-19", "2019-12-29"),
        ("12月29日", "2023-12-30", "2023-12-29"),
        ("8月", "2020-02-19", "2020-08"),
        ("9月", "2020-02-19", "2019-09"),
        ("今年", None, None),
        ("今年", "not a date", None),
        ("10:54:25", "2020-10-29", None),
        ("2月30日", "2023", None),
        ("11年之久", "2024", None),
        ("", "2024", None),
        ("今年", "2020-10-29 10:54:25", "2020"),
    ],
)
def test_resolve_date(expr, article_date, expected):
    assert resolve_date(expr, article_date) == expected


# ----------------------------------------------------------------- parse_money


@pytest.mark.parametrize(
    "expr, expected",
    [
        ("6894.91万元", {"value": 68949100, "unit": "CNY"}),
        ("1.5亿", {"value": 150000000, "unit": "CNY"}),
        ("750亿美金", {"value": 75000000000, "unit": "USD"}),
        ("10亿元", {"value": 1000000000, "unit": "CNY"}),
        ("百亿", {"value": 10000000000, "unit": "CNY"}),
        ("4575.12亿元人民币", {"value": 457512000000, "unit": "CNY"}),
        ("182.28亿元", {"value": 18228000000, "unit": "CNY"}),
        ("83091.414113万元", {"value": 830914141.13, "unit": "CNY"}),
        ("2.5亿美元", {"value": 250000000, "unit": "USD"}),
        ("1,000万元", {"value": 10000000, "unit": "CNY"}),
        ("三千万元", {"value": 30000000, "unit": "CNY"}),
        ("8760万元", {"value": 87600000, "unit": "CNY"}),
        ("两百亿港币", {"value": 20000000000, "unit": "HKD"}),
        ("5000万欧元", {"value": 50000000, "unit": "EUR"}),
        ("一万亿元", {"value": 1000000000000, "unit": "CNY"}),
        ("3千万元", {"value": 30000000, "unit": "CNY"}),
        ("十五万元", {"value": 150000, "unit": "CNY"}),
        ("人民币5000万", {"value": 50000000, "unit": "CNY"}),
        ("罚款1000万元", {"value": 10000000, "unit": "CNY"}),
        ("99元", {"value": 99, "unit": "CNY"}),
        ("0.5元", {"value": 0.5, "unit": "CNY"}),
        ("数10亿元", None),
        ("数十亿元", None),
        ("上百亿", None),
        ("近百万元", None),
        ("300", None),
        ("罚款", None),
        ("", None),
        ("3.3万家", None),
    ],
)
def test_parse_money(expr, expected):
    assert parse_money(expr) == expected


def test_parse_money_vague_allowed():
    assert parse_money("数10亿元", allow_vague=True) == {"value": 1000000000, "unit": "CNY"}
    assert parse_money("上百亿", allow_vague=True) == {"value": 10000000000, "unit": "CNY"}
    assert parse_money("30多亿美元", allow_vague=True) == {"value": 3000000000, "unit": "USD"}


def test_money_value_types():
    assert isinstance(parse_money("6894.91万元")["value"], int)
    assert isinstance(parse_money("83091.414113万元")["value"], float)


@pytest.mark.parametrize(
    "numeral, value",
    [("三千万", 30000000), ("十五", 15), ("百亿", 10000000000), ("二〇二〇", 2020), ("一亿三千万", 130000000),
     ("五十万亿", 50000000000000), ("两千零五", 2005), ("十", 10), ("万亿", 1000000000000)],
)
def test_chinese_numerals(numeral, value):
    assert q._G.numerals.to_int(numeral) == value


# ------------------------------------------------------------------ units.json


def _units() -> dict:
    return json.loads(q.UNITS_PATH.read_text(encoding="utf-8"))


def _write(tmp_path: Path, data) -> Path:
    path = tmp_path / "units.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_shipped_units_load():
    units = load_units()
    assert units["multipliers"]["万亿"] == 10**12
    assert units["currencies"]["美金"] == "USD"
    assert units["digits"]["〇"] == 0


def test_a_valid_copy_loads(tmp_path):
    assert load_units(_write(tmp_path, _units()))["default_currency"] == "CNY"


def _broken(tmp_path: Path, change) -> Path:
    data = _units()
    change(data)
    return _write(tmp_path, data)


@pytest.mark.parametrize(
    "change, problem",
    [
        (lambda d: d.pop("currencies"), "missing key 'currencies'"),
        (lambda d: d["digits"].update({"九": 10}), "'digits'"),
        (lambda d: d["multipliers"].update({"千万": 1000}), "'千万' is 10000000, not 1000"),
        (lambda d: d["multipliers"].update({"万元": 10000}), "'multipliers'"),
        (lambda d: d["currencies"].update({"卢布": "rub"}), "three-letter"),
        (lambda d: d.update({"money_cues": []}), "'money_cues'"),
        (lambda d: d.update({"vague_prefixes": ["约", ""]}), "'vague_prefixes'"),
        (lambda d: d.update({"digits": []}), "'digits' must be a JSON object"),
        (lambda d: d["small_units"].pop("千"), "'small_units' lacks '千'"),
        (lambda d: d.update({"default_currency": "yuan"}), "'default_currency'"),
        (lambda d: d["digits"].update({"一": True}), "'digits'"),
        (lambda d: d["relative_days"].update({"后天": "2"}), "'relative_days': value of '后天' must be an integer"),
        (lambda d: d["relative_days_not_before"].update({"大后天": ["的"]}), "'大后天' is not in 'relative_days'"),
        (lambda d: d["festivals"].update({"双13": 13}), "'festivals': value of '双13' must be a month 1..12"),
        (lambda d: d.update({"unknown_digit": "几个"}), "'unknown_digit': '几个' must be one character"),
        (lambda d: d.update({"range_words": ""}), "'range_words' must be a non-empty string"),
        (lambda d: d["ago"].pop("days"), "'ago' must have the keys"),
        (lambda d: d.pop("recent_words"), "missing key 'recent_words'"),
    ],
)
def test_bad_units_rejected(tmp_path, change, problem):
    path = _broken(tmp_path, change)
    with pytest.raises(DataFileError) as err:
        load_units(path)
    assert err.value.path == str(path)
    assert problem in str(err.value)


def test_units_error_names_the_line_of_the_key(tmp_path):
    text = q.UNITS_PATH.read_text(encoding="utf-8").replace('"双十一": 11', '"双十一": 13')
    path = _write(tmp_path, text)
    with pytest.raises(DataFileError, match="'festivals'") as err:
        load_units(path)
    assert text.splitlines()[err.value.line - 1].startswith('  "festivals":')


def test_units_not_json(tmp_path):
    path = _write(tmp_path, '{"digits": {"一": 1,}')
    with pytest.raises(ValueError, match="not JSON") as err:
        load_units(path)
    assert str(path) in str(err.value)


def test_units_not_an_object(tmp_path):
    with pytest.raises(ValueError, match="must hold a JSON object"):
        load_units(_write(tmp_path, "[1, 2]"))


def test_units_missing_file(tmp_path):
    path = tmp_path / "nope.json"
    with pytest.raises(ValueError, match="cannot read") as err:
        load_units(path)
    assert str(path) in str(err.value)


# --------------------------------------------------------------------------
# the scans try a pattern only where a match can begin: same matches as a
# plain finditer over the whole text


def _scans():
    g = q._G
    return [("money", g.money), ("percent", g.percent), ("percent_cn", g.percent_cn),
            ("context", q.DATES.context_only), *q.DATES.patterns]


def _scan_texts(shared) -> list[str]:
    import random

    from tests.conftest import SEEDS

    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(SEEDS.iterdir())]
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted((shared / "dev" / "docs").iterdir())]
    # short random strings of the characters the patterns are made of
    alphabet = ("0123456789.,%％ \n-/~至到和、约超近逾数几上万亿十百千一二三四五六七八九〇零两元美港块钱人民币¥$€"
                "US年月日号份前天个今去明后本昨当同次翌期间大促双“”\"「」罚款投资家用户以上左右多余分之第节假的了")
    rnd = random.Random(6)
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 30))) for _ in range(5000)]
    return texts


def test_scans_find_what_a_full_finditer_finds(shared):
    texts = _scan_texts(shared)
    found = 0
    for name, scan in _scans():
        for text in texts:
            expected = [m.span() for m in scan.rx.finditer(text)]
            assert [m.span() for m in scan.finditer(text)] == expected, (name, text[:80])
            found += len(expected)
    assert found > 10_000  # the texts do hold quantities


def test_a_scan_with_too_few_first_characters_misses_matches():
    import re

    money = q._G.money
    narrow = Scan(money.rx, re.compile("[5]"))
    text = "罚款30亿元和近5000万元"
    assert [m.group() for m in narrow.finditer(text)] != [m.group() for m in money.rx.finditer(text)]


# --------------------------------------------------------------------------
# random input (hypothesis)

RANDOM = settings(database=None, deadline=None)  # no example database in the work tree; a shared machine
QUANTITY_CHARS = ("0123456789.,%％ -/~至到和、约超近逾数几上万亿十百千一二三四五六七八九〇零两元美港块钱人民币¥$€"
                  "年月日号份前天个今去明后本昨当同次翌期间大促双“”罚款家用户以上左右多余分之点第的")
texts = st.text(alphabet=QUANTITY_CHARS, max_size=40) | st.text(max_size=40)
article_dates = st.none() | st.dates().map(str) | st.text(max_size=12) | st.sampled_from(["2024", "2021-02", "2021-02-31"])


@RANDOM
@given(texts, article_dates)
def test_random_text_gives_quantities_whose_offsets_point_into_it(text, article_date):
    found = find_quantities(text, article_date)
    last_end = 0
    for x in found:
        assert last_end <= x.start < x.end <= len(text) and text[x.start:x.end] == x.text
        assert x.kind in ("money", "percent", "date") and x.value is not None
        if x.kind == "date":
            assert dates.parse(x.value) is not None and dates.normalize(x.value) == x.value
        last_end = x.end


@RANDOM
@given(st.dates(datetime.date(dates.MIN_YEAR, 1, 1), datetime.date(dates.MAX_YEAR, 12, 31)))
def test_any_valid_date_written_out_is_found_as_itself(day):
    for written in (day.isoformat(), f"{day.year}年{day.month}月{day.day}日", f"{day.year}/{day.month}/{day.day}"):
        assert [(x.kind, x.text, x.value) for x in find_quantities(f"于{written}起", None)] == [
            ("date", written, day.isoformat())]
        assert resolve_date(written, "2024-10-20") == day.isoformat()


@RANDOM
@given(st.integers(1, 10**12 - 1))
def test_numerals_read_as_cn2an_writes_them(n):
    import cn2an

    assert q._G.numerals.to_int(cn2an.an2cn(n)) == n
