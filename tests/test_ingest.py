"""Ingestion: encodings, formats, metadata, bad input, discovery."""
from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import dates
from kg.ingest import Unreadable, decode, discover, markdown_to_text, read_article
from kg.metadata import find_date, find_date_and_source
from kg.quantities import find_quantities
from tests.conftest import SEEDS

SIMPLIFIED = (SEEDS / "001_49ce12ed3743b5b7.txt").read_text(encoding="utf-8")
TRADITIONAL = (SEEDS / "002_e2b2725616ee361b.txt").read_text(encoding="utf-8")
SENTENCE = "第三方来源的商品将不再支持进入直播间购物车"


def _traditional_sample() -> str:
    import opencc

    return opencc.OpenCC("s2t").convert(SIMPLIFIED)


@pytest.mark.parametrize("codec, expected", [("gbk", "gb18030"), ("gb2312", "gb18030"), ("gb18030", "gb18030")])
def test_gb_family_is_decoded(tmp_path, codec, expected):
    path = tmp_path / "a.txt"
    path.write_bytes(SIMPLIFIED.encode(codec, errors="ignore"))
    article = read_article(path)
    assert article.encoding == expected
    assert SENTENCE in article.text


def test_big5_is_decoded_and_made_simplified(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(_traditional_sample().encode("big5", errors="ignore"))
    article = read_article(path)
    assert article.encoding == "big5hkscs"
    assert SENTENCE in article.text


def test_utf8_with_bom(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8"))
    article = read_article(path)
    assert article.encoding == "utf-8-sig"
    assert not article.text.startswith("\ufeff")
    assert SENTENCE in article.text


def test_meta_charset_is_honoured(tmp_path):
    page = f'<html><head><meta charset="gb2312"><title>抖音加强直播带货管控</title></head><body><article><p>{SIMPLIFIED}</p></article></body></html>'
    path = tmp_path / "a.html"
    path.write_bytes(page.encode("gbk", errors="ignore"))
    article = read_article(path)
    assert article.encoding == "gb18030"
    assert article.title == "抖音加强直播带货管控"
    assert SENTENCE in article.text


def test_decode_prefers_utf8():
    assert decode("抖音".encode("utf-8")) == ("抖音", "utf-8", 0)


HTML_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>京东物流接入淘宝 - 某某科技网</title>
<script>var trackers = ["不应出现的脚本文字"];</script><style>.nav{color:red}</style></head>
<body><nav><a href="/">首页</a> <a href="/tech">科技频道</a> <a href="/login">登录注册</a></nav>
<div class="article"><h1>京东物流全面接入淘宝天猫</h1>
<p class="time">2024-10-12 09:30</p>
<p>据悉,京东物流已于近日全面接入淘宝天猫平台,商家可在后台选择京东物流作为发货方式。</p>
<p>业内人士表示,这是两大电商平台在物流领域的首次深度合作,双方此前长期互不开放。</p>
<p>此外,京东也将在支付环节增加支付宝这一支付方式,预计年内上线。</p>
</div>
<div class="related"><h3>相关文章</h3><ul><li><a href="/1">拼多多发布三季度财报</a></li><li><a href="/2">美团外卖上线新功能</a></li></ul></div>
<form><input name="email" placeholder="请输入邮箱"><button>订阅我们的新闻</button></form>
<footer>Copyright 2024 某某科技网 版权所有 京ICP备00000000号</footer></body></html>"""


def test_html_body_without_chrome(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    article = read_article(path)
    assert "京东物流已于近日全面接入淘宝天猫平台" in article.text
    assert "两大电商平台在物流领域的首次深度合作" in article.text
    assert "增加支付宝这一支付方式" in article.text
    for chrome in ("不应出现的脚本文字", "color:red", "登录注册", "版权所有", "订阅我们的新闻", "美团外卖上线新功能"):
        assert chrome not in article.text
    assert article.date == "2024-10-12"


def test_rss_item_keeps_its_lead(tmp_path):
    """An RSS item saved as a page: the description's CDATA holds the
    article's HTML; its first paragraph (the lead) is read too."""
    paragraphs = ["（本报北京电）甲公司今天宣布以十亿元全资收购乙公司，交易预计年内完成，这是该公司今年的第二笔收购。",
                  "甲公司表示，收购完成后乙公司将保持独立运营，原有团队不变，双方将在物流和支付领域展开合作。",
                  "分析人士指出，这笔交易将加剧本地外卖市场的竞争，丙公司和丁公司的份额可能进一步下降。",
                  "（编辑：某某）新闻来源：某某社"]
    path = tmp_path / "item.html"
    path.write_text("<item>\n <title>\n  某平台完成收购\n </title>\n <description>\n  <![CDATA["
                    + "\n".join(f"<p>{p}</p>" for p in paragraphs) + "]]>\n </description>\n</item>\n", encoding="utf-8")
    text = read_article(path).text
    assert "甲公司今天宣布以十亿元全资收购乙公司" in text and "原有团队不变" in text and "]]>" not in text


def test_markdown_with_front_matter(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: 美团与快手互联互通\ndate: 2021-12-27\nauthor: 张三\nurl: https://example.com/a\n---\n"
                    "# 美团与快手互联互通\n\n![](https://img.example.com/1.png)\n\n**美团**与快手达成[战略合作](https://x.y)。\n",
                    encoding="utf-8")
    article = read_article(path)
    assert (article.title, article.date, article.author, article.url) == (
        "美团与快手互联互通", "2021-12-27", "张三", "https://example.com/a")
    assert article.text == "美团与快手互联互通\n美团与快手达成战略合作。"


def test_markdown_without_front_matter():
    assert markdown_to_text("## 标题\n> 引用的**重点**\n") == "标题\n引用的重点\n"


@pytest.mark.parametrize("text, expected", [
    ("老胡 || 2020-02-19 03:19:52 +0000 UTC\n正文", "2020-02-19"),
    ("标题\n作者某某发布时间:2020年10月29日 10:54:25\n正文", "2020-10-29"),
    ("8月26日消息,抖音将加强直播带货管控。\n淘宝和抖音的关系将成为2020年的新变量。", "2020-08-26"),
    ("8月26日消息,抖音将加强直播带货管控。", None),
    ("抖音在2018年推出小店,2021年切断外链,到2025年将如何?", "2018"),  # the first, not the latest
    ("自2022年3月1日起,淘宝联盟商品链接将无法在快手直播间购物车、短视频购物车、商详页等发布商品及服务链接。", "2022-03-01"),
])
def test_find_date(text, expected):
    assert find_date(text) == expected


LEAD = "美团宣布新规。\n骑手的配送费将调整。\n"
BODY_LINES = "".join(f"第{n}段,商家反映平台抽成过高。\n" for n in range(10))


@pytest.mark.parametrize("text, expected", [
    (LEAD + BODY_LINES + "到2030年,平台将覆盖全国。\n2019年,美团曾试点。", (None, "none")),  # body years are no date
    (LEAD + "2021年,美团曾试点。\n" + BODY_LINES + "到2030年,平台将覆盖全国。", ("2021", "head")),
    ("标题\n原文:<https://example.com/2016/08/01/didi-uber/>\n" + BODY_LINES + "2030年", ("2016-08-01", "url")),
    ("标题\n存档:https://web.archive.org/web/20221209204627/https://example.com/a\n正文", (None, "none")),
    ("8月26日消息,抖音加强管控。\n" + BODY_LINES + "2020年的新变量,2025年的格局。", ("2020-08-26", "dateline")),
    ("标题\n" + BODY_LINES + "快手宣布\n2023年3月1日", ("2023-03-01", "signoff")),
    ("标题\n时间:2024-05-12\n" + BODY_LINES + "2030年", ("2024-05-12", "head")),
])
def test_article_date_comes_from_the_head_never_the_latest_year_of_the_body(text, expected):
    assert find_date_and_source(text) == expected


def test_article_record_says_where_the_date_came_from(tmp_path):
    meta = tmp_path / "meta.md"
    meta.write_text("---\ndate: 2021-12-27\n---\n美团与快手合作。2030年\n", encoding="utf-8")
    plain = tmp_path / "plain.txt"
    plain.write_text("8月26日消息,抖音加强管控,2020年\n", encoding="utf-8")
    none = tmp_path / "none.txt"
    none.write_text("抖音加强管控。\n", encoding="utf-8")
    assert [(a.date, a.date_source) for a in map(read_article, (meta, plain, none))] == [
        ("2021-12-27", "metadata"), ("2020-08-26", "dateline"), (None, "none")]


@pytest.mark.parametrize("content, reason", [
    (b"", "empty"),
    (b"   \n\t  \n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    (bytes([0x80, 0xff]) * 150, "undecodable: "),
])
def test_bad_file_is_unreadable_with_reason(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(Unreadable, match=reason):
        read_article(path)


def test_file_over_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(SIMPLIFIED, encoding="utf-8")
    with pytest.raises(Unreadable, match="too large"):
        read_article(path, max_bytes=1000)


def test_discover_recurses_skips_hidden_and_survives_symlink_loops(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    for name in ("a/1.txt", "a/b/2.md", "a/b/3.html", ".hidden/4.txt", "a/.5.txt", "a/6.jpg"):
        (tmp_path / name).write_text("抖音", encoding="utf-8")
    os.symlink(tmp_path / "a", tmp_path / "a" / "b" / "loop")
    found = sorted(p.relative_to(tmp_path).as_posix() for p in discover([tmp_path]))
    assert found == ["a/1.txt", "a/b/2.md", "a/b/3.html"]


def test_discover_takes_named_file_of_any_suffix_and_rejects_missing(tmp_path):
    note = tmp_path / "note.text"
    note.write_text("抖音", encoding="utf-8")
    assert list(discover([note])) == [note]
    with pytest.raises(FileNotFoundError):
        list(discover([tmp_path / "missing"]))


# --- an impossible date is never the article's date ----------------------------

BODY = "2月26日消息,抖音宣布2021年起加强直播带货管控。昨天,快手也跟进了。"


@pytest.mark.parametrize("head", ['date: "2021-02-31"', "date: 2021-02-31", "date: 2021-13-01"])
def test_invalid_front_matter_date_gives_way_to_the_text(tmp_path, head, caplog):
    path = tmp_path / "a.md"
    path.write_text(f"---\ntitle: 抖音\n{head}\n---\n{BODY}\n", encoding="utf-8")
    with caplog.at_level("WARNING", logger="kg.metadata"):
        article = read_article(path)
    assert article.title == "抖音"
    assert article.date == "2021-02-26"  # the dateline, the next source of a date
    assert "not a calendar date" in caplog.text and str(path) in caplog.text
    dates = [x.value for x in find_quantities(article.text, article.date) if x.kind == "date"]
    assert dates == ["2021-02-26", "2021", "2021-02-25"]  # 昨天 is not lost


@pytest.mark.parametrize("text, expected", [
    ("2月31日消息,抖音宣布2021年起加强直播带货管控。", "2021"),
    ("标题\n2021-02-31 10:00 来源:新华社\n2021年3月1日 编辑:张三\n正文", "2021-03-01"),
    ("标题\n2021年2月29日 来源:新华社\n正文", "2021"),  # the year it names
])
def test_find_date_skips_impossible_dates(text, expected):
    assert find_date(text) == expected


def test_page_date_comes_from_markup_not_from_numbers_in_the_text(tmp_path):
    # trafilatura's search of the text made 2000-01-01 of "2000万件"
    body = "".join(f"<p>亚马逊中国海外购有超过2000万件海外选品,2018年网易考拉第{n}次扩张,用户数量持续增长。</p>" for n in range(5))
    path = tmp_path / "page.html"
    path.write_text(f"<html><head><title>考拉</title></head><body><article>{body}</article></body></html>",
                    encoding="utf-8")
    assert read_article(path).date == "2018"


def test_page_too_short_for_trafilatura_is_read_by_lxml(tmp_path):
    path = tmp_path / "page.html"
    path.write_text('<html><body><div title="a>b">抖音上线新功能</div><script>var x = "脚本";</script>'
                    "<p>快手 &amp;amp; 淘宝</p></body></html>", encoding="utf-8")
    assert read_article(path).text == "抖音上线新功能\n快手 & 淘宝"


# --- ingest_words.jsonl --------------------------------------------------------

def _words_file(tmp_path, change) -> "os.PathLike":
    from kg.metadata import WORDS_PATH

    lines = WORDS_PATH.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "ingest_words.jsonl"
    path.write_text("\n".join(change(lines)) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("change, line, reason", [
    (lambda ls: ls + ['{"name": "dateline_end", "words": ["报道"]}'], 13, "given twice"),
    (lambda ls: ls + ['{"name": "datline", "words": ["报道"]}'], 13, "unknown name 'datline'"),
    (lambda ls: [l.replace('["到", "至"]', '["直到"]') for l in ls], 6, "single characters"),
    (lambda ls: [l.replace('["作者"]', "[]") for l in ls], 8, "non-empty"),
    (lambda ls: [l for l in ls if "byline_label" not in l], None, "missing byline_label"),
])
def test_bad_ingest_words_rejected(tmp_path, change, line, reason):
    from kg.datafiles import DataFileError
    from kg.metadata import load_words

    path = _words_file(tmp_path, change)
    with pytest.raises(DataFileError, match=reason) as err:
        load_words(path)
    assert (err.value.path, err.value.line) == (str(path), line)


@settings(database=None, deadline=None)
@given(st.text(alphabet="0123456789年月日号-/.:消息电讯发布时间来源作者 \n", max_size=60) | st.text(max_size=60))
def test_find_date_never_raises_and_gives_a_valid_date_or_none(text):
    date = find_date(text)
    assert date is None or dates.normalize(date) == date


@pytest.mark.parametrize("head", ["-----------\n正文第一段\n-----------\n", "---\ntitle: [\n---\n", "---\nn: !!int 抖音\n---\n"])
def test_what_is_not_front_matter_stays_text(tmp_path, head):
    path = tmp_path / "a.txt"
    path.write_text(head + "抖音宣布新规。\n", encoding="utf-8")
    article = read_article(path)
    assert article.text.endswith("抖音宣布新规。") and (head.startswith("---\n") or "正文第一段" in article.text)


def test_a_few_invalid_bytes_cost_a_few_characters_not_the_article(tmp_path):
    text = "抖音宣布切断淘宝的外链。" * 200 + "\n市场监管总局对阿里巴巴处以罚款。" * 100
    data = text.encode("utf-8")
    middle = len(data) // 2 - len(data) // 2 % 3  # a character boundary
    path = tmp_path / "damaged.txt"
    path.write_bytes(data[:middle] + b"\xff\xfe\x80\x81" + data[middle:])
    article = read_article(path)
    assert article.encoding == "utf-8" and article.replaced == 4
    assert article.text.replace("\ufffd", "") == read_article_text(text, tmp_path)


def read_article_text(text: str, tmp_path) -> str:
    clean = tmp_path / "clean.txt"
    clean.write_text(text, encoding="utf-8")
    return read_article(clean).text


def test_an_article_mostly_undecodable_is_dropped_with_the_share_named(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes("抖音".encode("utf-8") + bytes([0x80, 0xff]) * 150)
    with pytest.raises(Unreadable, match=r"undecodable: \d+ of \d+ bytes"):
        read_article(path)
