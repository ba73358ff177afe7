from __future__ import annotations

import pytest

from kg.chrome import load_noise_rules, remove_chrome, strip_chrome
from kg.datafiles import DataFileError

ARTICLE = [
    "抖音于10月9日起不再支持第三方来源的商品进入直播间购物车。",
    "淘宝联盟与京东联盟是淘宝与京东为自家卖家创建的营销平台。",
    "福利社是小红书推出的自营电商业务。",
    "平台名称变更后,用户满意度有所下降。",
    "《2023年度直播电商报告》显示,抖音增速放缓。",
]


@pytest.mark.parametrize("line", [
    "{{dataList.mtime}}",
    "• 确诊",
    "当前位置:100EC>B2C动态>清退二类电商后的抖音",
    "打开网易新闻 查看精彩图片",
    "请输入姓名!",
    "姓名",
    "免费提交申请",
    "《2020年度社交电商消费投诉与典型案例报告》",
    "【原创报告】 更多>",
    "戳戳小编,所见即所得哦~",
    "扫码关注公众号,领取运营资料",
])
def test_chrome_line_is_dropped(line):
    assert remove_chrome("\n".join([ARTICLE[0], line, ARTICLE[1]])) == "\n".join(ARTICLE[:2])


def test_article_lines_are_kept():
    text = "\n".join(ARTICLE)
    assert remove_chrome(text) == text


def test_end_marker_drops_the_rest():
    text = "\n".join([*ARTICLE, "【版权声明】本站文章欢迎转载", "姓名"])
    assert remove_chrome(text) == "\n".join(ARTICLE)


def test_end_marker_early_in_a_long_article_is_not_applied_and_is_reported():
    text = "\n".join([ARTICLE[0], "【版权声明】本站文章欢迎转载", *ARTICLE[1:]])
    stripped = strip_chrome(text)
    assert stripped.text == "\n".join(ARTICLE)  # the notice line alone goes
    assert "end-of-page rule" in stripped.note and "not applied" in stripped.note


def test_repeated_title_line_is_dropped():
    assert remove_chrome("标题\n标题\n抖音切断外链。") == "标题\n抖音切断外链。"


def test_bad_noise_file_is_rejected_with_line(tmp_path):
    bad = tmp_path / "noise.jsonl"
    bad.write_text('{"pattern": "^ok$", "why": "fine"}\n{"pattern": "([", "why": "broken"}\n', encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_noise_rules(str(bad))
    assert f"{bad}:2" in str(info.value) and "regular expression" in str(info.value)


def test_unknown_action_is_rejected(tmp_path):
    bad = tmp_path / "noise.jsonl"
    bad.write_text('{"pattern": "x", "action": "explode", "why": "?"}\n', encoding="utf-8")
    with pytest.raises(DataFileError, match=r":1: 'action'"):
        load_noise_rules(str(bad))
