"""The built-in corpus after ingestion (acceptance of the ingestion issue)."""
from __future__ import annotations

import json
import re

import pytest

from kg.ingest import read_article
from kg.normalize import is_traditional
from tests.conftest import CASES, SEEDS, read_cases

ARTICLES = {p.name: read_article(p) for p in sorted(SEEDS.iterdir())}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_five_seeds():
    assert len(ARTICLES) == 5


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_seed_is_simplified(name):
    assert not is_traditional(ARTICLES[name].text)


def test_no_pinyin_readings_in_002():
    text = ARTICLES["002_e2b2725616ee361b.txt"].text
    assert not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\)", text)
    assert "分道扬镳" in text


def test_no_widget_form_or_report_list_in_004():
    text = ARTICLES["004_4210c03c3acc0a06.txt"].text
    for chrome in ("{{dataList", "确诊", "请输入", "验证码", "免费提交申请", "原创报告", "典型案例报告》", "平台回复率"):
        assert chrome not in text


def test_no_promotion_at_end_of_003():
    text = ARTICLES["003_681de31ad7f99937.txt"].text
    assert "所见即所得" not in text and "运营工具表格" not in text


@pytest.mark.parametrize("name, date", [("000_6a6f5a81fdfbb592.txt", "2020-02-19"),
                                        ("004_4210c03c3acc0a06.txt", "2020-10-29"),
                                        ("001_49ce12ed3743b5b7.txt", "2020-08-26")])
def test_seed_dates(name, date):
    assert ARTICLES[name].date == date


SENTENCES = read_cases(CASES / "seed_sentences.jsonl")


@pytest.mark.parametrize("case", SENTENCES, ids=[c["id"] for c in SENTENCES])
def test_article_sentence_survives(case):
    assert squash(case["sentence"]) in squash(ARTICLES[case["doc"]].text)


def test_every_gold_quote_survives(shared):
    """Every sentence the seed gold quotes is still in the normalized text."""
    for line in (shared / "eval" / "seeds.gold.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        assert squash(gold["quote"]) in squash(ARTICLES[gold["doc"]].text), gold["quote"]
