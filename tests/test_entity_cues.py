"""Entities the gazetteer lacks, found by the cues of data/entity_cues.jsonl."""
from __future__ import annotations

import pytest

from kg.nlp import parse
from kg.resolve import mention_of


@pytest.mark.parametrize("text, name, label", [
    ("快手主播“阿枫严选”因诱导交易被暂停直播。", "阿枫严选", "Person"),
    ("网络主播王某某因偷逃税款被处罚。", "王某某", "Person"),
    ("美团近日上线“神枪手”业务。", "神枪手", "Program"),
    ("“团购配送”项目仍在试点。", "团购配送", "Program"),
    ("低价电商平台“乐享优选”被罚款。", "乐享优选", "Platform"),
    ("杭州星禾传媒有限公司被责令停业整顿。", "杭州星禾传媒有限公司", "Company"),
    ("苏州童趣优选电子商务有限公司被罚没86.5万元。", "苏州童趣优选电子商务有限公司", "Company"),
    ("杭州市税务局稽查局依法作出处罚。", "杭州市税务局稽查局", "Authority"),
    ("京东零售CEO王海涛表示将进军外卖。", "王海涛", "Person"),
    ("腾讯领投了星海科技的新一轮融资。", "星海科技", "Company"),
    ("源石资本和面壁智能达成协议。", "面壁智能", "Company"),
    ("抖音与携程、飞马出行、乐驾用车达成合作。", "飞马出行", "Platform"),
    ("公司由马云、韩某毅、张彧和周芸共同持有。", "张彧", "Person"),
    ("与优步、Lyft、Kiwiride和Grab一样，滴滴也在扩张。", "Kiwiride", "Company"),
    ("广州市交通运输局、市公安局联合约谈滴滴。", "广州市公安局", "Authority"),
    ("交通运输新业态协同监管部际联席会议办公室约谈了平台。", "交通运输新业态协同监管部际联席会议办公室", "Authority"),
    ("滴滴创始人周明远表示将继续投入。", "周明远", "Person"),
    ("奈飞联合创始人里德·黑斯廷斯表示。", "里德·黑斯廷斯", "Person"),
    ("德国外卖公司Delivery Hero收购了Glovo。", "Delivery Hero", "Company"),
    ("Kiwipay的创始人兼首席执行官 Ravi Kumar Rao表示。", "Ravi Kumar Rao", "Person"),
    ("据悉，杭州云铂投资咨询有限公司为股东。", "杭州云铂投资咨询有限公司", "Company"),
    ("携华出行被约谈。", "携华出行", "Platform"),
    ("腾讯投资了初创公司“星途”。", "星途", "Company"),
    # a legal name whole: the place begins it, a bracketed place, a verb piece after a name piece
    ("被点名的企业有深圳市禾丰达电子有限公司。", "深圳市禾丰达电子有限公司", "Company"),
    ("而广州市湘粤发科技有限公司已被吊销。", "广州市湘粤发科技有限公司", "Company"),
    ("名单中还有星川（临沂）商贸有限公司。", "星川（临沂）商贸有限公司", "Company"),
    ("京东及其旗下宿迁云舟投资公司共持股。", "宿迁云舟投资公司", "Company"),
    # every item of a long list of names (a verb, digits or Latin letters inside an item)
    ("约谈了高德打车及飞马出行、妥妥E行、呼我出行、800游、乐驾用车等平台。", "妥妥E行", "Platform"),
    ("约谈了高德打车及飞马出行、妥妥E行、呼我出行、800游、乐驾用车等平台。", "800游", "Platform"),
    ("包括今日头条、抖音、西瓜视频、懂车帝、剪映等在内的应用。", "剪映", "Platform"),
    ("阿里巴巴先后入股了苏宁、银泰、高鑫零售和华联超市。", "华联超市", "Company"),  # the type most items have,
    # quoted names after 名为 and 旗下, Latin names after 商 or before a title, X影视
    ("字节跳动上线了一款名为“青鸟音乐”的应用。", "青鸟音乐", "Platform"),
    ("两家公司成立了一家名为“星河智行”的合资公司。", "星河智行", "Company"),
    ("抖音推出名为“安心退”的新功能。", "安心退", "Program"),
    ("这家电子杂货商 Fresh Basket 获得了投资。", "Fresh Basket", "Company"),
    ("据外媒Gamesray分析师称，苹果花费了巨额费用。", "Gamesray", "Company"),
    ("腾讯入股了华策影视。", "华策影视", "Company"),
    ("其拳头产品《星海对决》在东南亚保持领先。", "星海对决", "Program"),
    ("自营到家业务“永安生活”去年销售额增长。", "永安生活", "Program"),
    ("他注册成为“800出行”的签约司机。", "800出行", "Platform"),
])
def test_cue_finds_entity(extractor, text, name, label):
    doc = parse(extractor.nlp, text)
    found = {(m.name, m.type) for m in (mention_of(e) for e in doc.ents)}
    assert (name, label) in found


@pytest.mark.parametrize("text, absent", [
    ("字节跳动以统筹公司旗下抖音的电商业务。", "统筹公司"),
    ("作为蚂蚁集团的控股股东,君瀚被罚。", "作为蚂蚁集团"),
    ("该公司表示不予置评。", "该公司"),
    ("金融科技的发展让银行面临竞争。", "金融科技"),
    ("人工智能与拼多多的竞争无关。", "人工智能"),
    ("业内人士认为，美国科技公司对Paytm的影响有限。", "美国科技公司"),
    ("美团与饿了么、外卖、团购等业务展开竞争。", "外卖"),
    ("腾讯投资了一家公司。", "腾讯投资"),
    ("与美团、妥妥E行和饿了么竞争。", "妥妥E"),
    ("苹果CEO蒂姆·库克和埃隆·马斯克见面。", "埃隆·马斯克见面"),
    ("京东将天猫诉至法院。", "天猫诉至法院"),
    ("这一格局被打破，骗局被揭穿。", "格局"),
    ("这一格局被打破，骗局被揭穿。", "骗局"),
    ("两人的股份独立行使股份表决权。", "独立行使股份"),
    ("绿色出行值得提倡，北京出行需要注意。", "绿色出行"),
    ("绿色出行值得提倡，北京出行需要注意。", "北京出行"),
    ("腾讯投资了初创公司“星途”，该公司“不予置评”。", "不予置评"),
    ("腾讯投资了初创公司“星途”。", "初创公司"),
    ("这家游戏公司和保险公司都表示支持。", "游戏公司"),
    ("李佳琦、薇娅、直播间和商家都受影响。", "直播间"),
    # no place-led legal name takes the word before the place; trade and form words alone are no name
    ("被点名的企业有深圳市禾丰达电子有限公司。", "有深圳市禾丰达电子有限公司"),
    ("名单中还有一家商贸有限公司。", "商贸有限公司"),
    ("香港作为科技公司上市目的地的势头越来越大。", "香港作为科技公司"),
    ("再往南是清华系AI初创公司的地盘。", "清华系AI初创公司"),
    ("大厦位于北京海淀清华科技园内。", "海淀清华科技"),
    ("仅有资本资本层面证实了接触。", "资本资本"),
    ("董宇辉成立星河同行科技有限公司。", "成立星河同行科技有限公司"),
    ("阿里巴巴投资公司的数量很多。", "阿里巴巴投资公司"),
    # a long list takes no verb phrase; 网络 after a common noun is no firm
    ("抖音、快手、淘宝、提供服务、商家都在其中。", "提供服务"),
    ("社交网络和销售网络正在扩张。", "社交网络"),
    ("社交网络和销售网络正在扩张。", "销售网络"),
    ("社交电商VS社交淘客的文章。", "VS"),
    ("根据《反垄断法》规定，平台不得二选一。", "反垄断法"),
    ("近日，记者调查网约车行业抽佣现象。", "调查网约车"),
])


def test_no_false_name(extractor, text, absent):
    doc = parse(extractor.nlp, text)
    assert absent not in [e.text for e in doc.ents]

def test_a_legal_name_goes_by_its_short_names_further_on(extractor):
    doc = parse(extractor.nlp, "据悉，杭州云铂投资咨询有限公司为股东。马云控制云铂投资。")
    assert {"杭州云铂投资咨询有限公司", "云铂投资"} <= {e.text for e in doc.ents}


def test_legal_short_names():
    from kg.resolve import legal_short_names, load_legal_name_parts

    parts = load_legal_name_parts()
    assert "云铂投资" in legal_short_names("杭州云铂投资咨询有限公司", parts)
    assert "字节跳动" in legal_short_names("北京字节跳动科技有限公司", parts)
    assert legal_short_names("字节跳动", parts) == []  # no legal form: no short names


def test_offices_of_two_cities_stay_two_nodes():
    from kg.model import Evidence, Mention, Triple
    from kg.resolve import resolve_corpus

    def triple(subject):
        return Triple(subject=subject, subject_type="Authority", predicate="penalizes", object="滴滴",
                      object_type="Platform", attrs={}, evidence=Evidence("a", "", 0, 0), confidence=0.9)

    triples, _ = resolve_corpus([triple("深圳市公安局"), triple("武汉市公安局")],
                                [("a", Mention("深圳市公安局", 0, 6, "深圳市公安局", "Authority")),
                                 ("a", Mention("武汉市公安局", 9, 15, "武汉市公安局", "Authority"))])
    assert {t.subject for t in triples} == {"深圳市公安局", "武汉市公安局"}



def test_legal_name_of_a_known_firm_resolves_to_it(extractor):
    doc = parse(extractor.nlp, "京东起诉浙江天猫网络有限公司与支付宝(中国)网络技术有限公司。")
    assert {mention_of(e).name for e in doc.ents} >= {"京东", "天猫", "支付宝"}


def _random_table(rng, n: int):
    from itertools import accumulate

    import numpy

    from kg.tokens import TokenTable

    words = ["".join(rng.choice("公司集团a") for _ in range(rng.randint(1, 4))) for _ in range(n)]
    return TokenTable(words, ["n"] * n, list(accumulate(map(len, words), initial=0))[:-1],
                      numpy.zeros(n, dtype="uint64"))


def test_tokens_ending_in_a_suffix_are_those_endswith_finds():
    import random

    from kg.entity_cues import EntityCue
    from kg.name_spans import tokens_ending_in as _tokens_ending_in

    rng = random.Random(5)
    for _ in range(300):
        table = _random_table(rng, rng.randint(1, 12))
        suffixes = tuple(rng.sample(["公司", "集团", "司", "a公司", "aa", "团a"], rng.randint(1, 3)))
        expected = [i for i, w in enumerate(table.words) if w.endswith(suffixes)]
        assert _tokens_ending_in(table, suffixes) == expected
        cue = EntityCue(kind="suffix", label="Company", why="", words=suffixes)
        assert _tokens_ending_in(table, cue.word_tails) == expected


def test_merge_is_the_plain_scan_over_all_entities():
    """The binary search finds what scanning every kept entity found."""
    import random

    from kg.doc_entities import EntitySpan, filter_entity_spans
    from kg.entity_cues import merge_cue_spans

    def plain(known, found, table):
        def chars(e):
            return table.starts[e.start], table.ends[e.end - 1]
        kept = list(known)
        for span in found:
            (start, end) = chars(span)
            overlapping = [e for e in kept if chars(e)[0] < end and start < chars(e)[1]]
            if all(start <= chars(e)[0] and chars(e)[1] <= end and end - start > chars(e)[1] - chars(e)[0]
                   for e in overlapping):
                kept = [e for e in kept if e not in overlapping] + [span]
        return sorted(kept, key=lambda e: e.start)

    rng = random.Random(11)
    for _ in range(300):
        n = rng.randint(1, 15)
        table = _random_table(rng, n)

        def spans(label):
            picked = []
            for _ in range(rng.randint(0, 6)):
                start = rng.randint(0, n - 1)
                picked.append(EntitySpan(start, rng.randint(start + 1, min(n, start + 4)), label))
            return filter_entity_spans(picked)

        known, found = spans("Company"), spans("Person")
        assert merge_cue_spans(known, found, table) == plain(known, found, table)


def test_cues_keep_what_other_entities_carry(extractor):
    """Entities set before the cues keep their ids and KB ids (as spaCy
    keeps them when ``doc.ents`` is set from ``doc.ents``)."""
    from spacy.tokens import Span

    nlp = extractor.nlp
    doc = nlp.make_doc("抖音起诉杭州星禾传媒有限公司。")
    for name in ("kg_sentences", "kg_gazetteer"):
        doc = nlp.get_pipe(name)(doc)
    first = doc.ents[0]
    doc.ents = [Span(doc, first.start, first.end, label=first.label_, span_id=first.id_, kb_id="Q1")]
    doc = nlp.get_pipe("kg_entity_cues")(doc)
    assert [(e.text, e.label_, e.id_, e.kb_id_) for e in doc.ents] == [
        ("抖音", "Platform", "douyin", "Q1"), ("杭州星禾传媒有限公司", "Company", "", "")]


def test_a_cue_pattern_tried_only_where_it_can_begin_finds_the_same(extractor):
    """The regex cues that open with a lookbehind run as a ``Scan`` (tried
    only where a match can begin) and skip a text without what every match
    holds: the same matches as the pattern's own ``finditer``."""
    import random

    from kg.entity_cues import load_entity_cues
    from tests.conftest import SEEDS

    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(SEEDS.iterdir()) if p.is_file()]
    rng = random.Random(3)
    alphabet = "该这公司企业品牌“”\"「」 A-Za.0国务院联席会议办公室由经，。\n"
    texts += ["".join(rng.choice(alphabet) for _ in range(400)) for _ in range(200)]
    cues = [c for c in load_entity_cues() if c.kind == "regex"]
    assert any(c.scan for c in cues) and any(c.needs for c in cues)
    for cue in cues:
        for text in texts:
            expected = [m.span("name") for m in cue.pattern.finditer(text)]
            found = [] if cue.needs and cue.needs not in text else [
                m.span("name") for m in (cue.scan or cue.pattern).finditer(text)]
            assert found == expected, (cue.pattern.pattern, text)
