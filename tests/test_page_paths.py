"""graph.html as an explorer (issue 15, part 2), in Debian's Chromium through
Playwright, one test per behaviour: the paths between two entities
(paths.js), the evidence search (evidence.js), hostile text in both panels,
and the page's own words in the language of the toggle (strings.js). The
browser, the offline guard and the error recording are those of
tests/test_export_html.py; the small graph is part 1's explorer graph."""
from __future__ import annotations

import pytest

from kg.export.html import write_html
from kg.graph import build_graph, load_graph
from tests.test_export_html import (  # noqa: F401 - fixtures
    BREAKOUT, DIV, IMG, PAYLOADS, SCRIPT, browser, open_page, triple)
from tests.test_page_explorer import explorer, explorer_graph, node, opacities  # noqa: F401 - fixture

pytestmark = pytest.mark.browser


def find_paths(page, a: str, b: str) -> str:
    page.page.fill("#kg-path-from", a)
    page.page.fill("#kg-path-to", b)
    page.page.locator("#kg-path-form button").click()
    return page.page.inner_text("#kg-path-status")


def search_evidence(page, word: str) -> str:
    page.page.fill("#kg-evidence", word)
    page.page.locator("#kg-evidence-form button").click()
    return page.page.inner_text("#kg-evidence-status")


def listed_paths(page) -> list[str]:
    return page.page.locator("#kg-details h4[data-path]").all_inner_texts()


def lit_edges(page) -> set:
    """The relations the canvas draws at full colour, over the veil (focus.js)."""
    return set(page.js("() => kg.data.edges.filter(e => !kg.dimmed('edge', e.id))"
                       ".map(e => e.predicate + ':' + e.from + '>' + e.to)"))


def english(page) -> None:
    page.page.locator("#kg-lang-en").click()


def two_ways_graph():
    """字节跳动 reaches 快手 in two steps two ways (through 抖音 and 今日头条)
    and in three steps a third way (through 火山 and 西瓜); 阿里巴巴 apart."""
    triples = [
        triple("字节跳动", "Company", "owns", "抖音", "Platform", "字节跳动旗下抖音。"),
        triple("字节跳动", "Company", "owns", "今日头条", "Platform", "字节跳动旗下今日头条。"),
        triple("抖音", "Platform", "competes_with", "快手", "Platform", "抖音与快手竞争。"),
        triple("今日头条", "Platform", "partners_with", "快手", "Platform", "今日头条与快手合作。"),
        triple("字节跳动", "Company", "launches", "火山", "Platform", "字节跳动推出火山。"),
        triple("火山", "Platform", "partners_with", "西瓜", "Platform", "火山与西瓜合作。"),
        triple("西瓜", "Platform", "competes_with", "快手", "Platform", "西瓜与快手竞争。"),
        triple("市场监管总局", "Authority", "penalizes", "阿里巴巴", "Company", "市场监管总局对阿里巴巴罚款。"),
    ]
    return build_graph(triples, [])


@pytest.fixture
def two_ways(tmp_path, open_page):
    graph = two_ways_graph()
    out = tmp_path / "graph.html"
    write_html(graph, out)
    return graph, open_page(out)


# -- paths --------------------------------------------------------------------


def test_a_path_two_hops_apart_is_found_and_listed(explorer, tmp_path):
    graph, page = explorer
    english(page)
    status = find_paths(page, "抖音", "辛巴")
    assert status == "One shortest path of length 2 links 抖音 and 辛巴."
    assert listed_paths(page) == ["Path 1: 抖音 → 快手 → 辛巴"]
    steps = page.page.locator("#kg-details .kg-relation").all_inner_texts()
    assert steps == ["抖音 —competes with— 快手", "快手 —works with→ 辛巴"]
    text = page.page.inner_text("#kg-details")
    assert "抖音与快手竞争。" in text and "辛巴入驻快手。" in text
    assert "字节跳动与快手" in text  # the article's title, as the focus shows it
    assert "Over the relations the filters show." in text
    on = {v for v, o in opacities(page).items() if o == 1}
    assert on == {node(graph, label) for label in ("抖音", "快手", "辛巴")}
    assert lit_edges(page) == {f"competes_with:{node(graph, '抖音')}>{node(graph, '快手')}",
                               f"works_with:{node(graph, '快手')}>{node(graph, '辛巴')}"}
    page.page.screenshot(path=str(tmp_path / "path.png"))
    page.page.locator("#kg-details .kg-relation").last.click()  # a step alone on the canvas
    assert lit_edges(page) == {f"works_with:{node(graph, '快手')}>{node(graph, '辛巴')}"}
    assert listed_paths(page) == ["Path 1: 抖音 → 快手 → 辛巴"]
    page.page.keyboard.press("Escape")  # clears the paths as it clears a focus
    assert set(opacities(page).values()) == {1} and page.page.is_hidden("#kg-side")
    page.assert_clean()


def test_all_shortest_paths_of_equal_length_are_listed(two_ways):
    graph, page = two_ways
    english(page)
    assert find_paths(page, "字节跳动", "快手") == "2 shortest paths of length 2 link 字节跳动 and 快手."
    listed = [p.split(": ", 1) for p in listed_paths(page)]
    assert [n for n, _ in listed] == ["Path 1", "Path 2"]
    assert sorted(chain for _, chain in listed) == sorted(["字节跳动 → 抖音 → 快手", "字节跳动 → 今日头条 → 快手"])
    seen = opacities(page)
    assert {v for v, o in seen.items() if o == 1} == {node(graph, x) for x in ("字节跳动", "抖音", "今日头条", "快手")}
    assert seen[node(graph, "火山")] < 0.5 and seen[node(graph, "西瓜")] < 0.5  # the longer way is not a shortest path
    page.assert_clean()


def test_paths_go_over_the_relations_the_filters_show(two_ways):
    _, page = two_ways
    english(page)
    page.page.locator('input[data-group="predicates"][value="partners_with"]').click()
    assert find_paths(page, "字节跳动", "快手") == "One shortest path of length 2 links 字节跳动 and 快手."
    assert listed_paths(page) == ["Path 1: 字节跳动 → 抖音 → 快手"]
    page.page.locator('input[data-group="predicates"][value="competes_with"]').click()
    assert find_paths(page, "字节跳动", "快手").startswith("No path links 字节跳动 and 快手")
    page.assert_clean()


def test_more_shortest_paths_than_the_limit_are_counted(tmp_path, open_page):
    triples = [t for i in range(12) for t in (
        triple("抖音", "Platform", "works_with", f"主播{i:02d}", "Person", f"主播{i:02d}入驻抖音。"),
        triple("快手", "Platform", "works_with", f"主播{i:02d}", "Person", f"主播{i:02d}入驻快手。"))]
    out = tmp_path / "graph.html"
    write_html(build_graph(triples, []), out)
    page = open_page(out)
    english(page)
    status = find_paths(page, "抖音", "快手")
    assert status == "12 shortest paths of length 2 link 抖音 and 快手; the first 10 are listed."
    assert len(listed_paths(page)) == 10
    assert sum(o == 1 for o in opacities(page).values()) == 2 + 10
    page.assert_clean()


def test_no_path_and_the_same_entity_get_a_message(explorer):
    _, page = explorer
    english(page)
    find_paths(page, "抖音", "辛巴")  # lit and listed, until the next search says there is no path
    assert find_paths(page, "抖音", "阿里巴巴") == "No path links 抖音 and 阿里巴巴 over the relations shown."
    assert set(opacities(page).values()) == {1} and listed_paths(page) == [] and page.page.is_hidden("#kg-side")
    assert find_paths(page, "抖音", "抖音") == "Pick two different entities: both boxes name 抖音."
    assert find_paths(page, "抖音", "没有这个") == "No entity matches \u201c没有这个\u201d."
    assert set(opacities(page).values()) == {1}
    page.assert_clean()


# -- evidence search ----------------------------------------------------------


def test_evidence_search_finds_relations_by_a_word_and_dims_the_rest(seed_build, tmp_path, open_page):
    graph = load_graph(seed_build)
    out = tmp_path / "graph.html"
    write_html(graph, out)
    page = open_page(out)
    english(page)
    wanted = {f"{k}:{u}>{v}" for u, v, k, d in graph.edges(keys=True, data=True)
              if any("佣金" in (ev.get("sentence") or "") for ev in d["evidence"])}
    assert len(wanted) == 2  # 京东联盟 and 淘宝联盟, on the seeds
    assert search_evidence(page, "佣金") == "2 relations shown have evidence containing \u201c佣金\u201d."
    assert lit_edges(page) == wanted
    ends = {x for key in wanted for x in key.split(":")[1].split(">")}
    assert {v for v, o in opacities(page).items() if o == 1} == ends
    details = page.page.locator("#kg-details")
    items = details.locator(".kg-hit")
    assert items.count() == 2 and all("佣金" in s for s in details.locator(".kg-sentence").all_inner_texts())
    assert set(details.locator(".kg-sentence mark").all_inner_texts()) == {"佣金"}  # the word marked
    assert "owns" in details.locator("h4").first.inner_text()  # grouped by predicate
    items.first.click()  # one relation alone on the canvas; the list stays
    edge = items.first.get_attribute("data-edge")
    assert page.js("() => kgNetwork.getSelectedEdges()") == [edge]
    assert len(lit_edges(page)) == 1 and items.count() == 2
    page.page.screenshot(path=str(tmp_path / "evidence.png"))
    page.assert_clean()


def test_evidence_search_without_a_match_says_so(explorer):
    _, page = explorer
    english(page)
    assert search_evidence(page, "佣金") == "No relation shown has evidence containing \u201c佣金\u201d."
    assert set(opacities(page).values()) == {1} and page.page.is_hidden("#kg-side")
    page.page.locator('input[data-group="predicates"][value="blocks_link"]').click()
    assert search_evidence(page, "外链").startswith("No relation shown")  # hidden by the filter: said apart
    assert page.page.inner_text("#kg-evidence-hidden") == "1 more among the relations the filters hide."
    page.assert_clean()


# -- hostile text -------------------------------------------------------------


def test_hostile_text_stays_text_in_the_paths_and_evidence_panels(tmp_path, open_page):
    evil, title = "恶意" + SCRIPT, "标题" + IMG + BREAKOUT
    sentence = "恶意链接" + "".join(PAYLOADS) + "。"
    triples = [triple("抖音", "Platform", "blocks_link", evil, "Platform", sentence, doc="a.txt"),
               triple(evil, "Platform", "works_with", IMG, "Person", "入驻" + DIV + SCRIPT + "。", doc="b.txt")]
    graph = build_graph(triples, [])
    graph.graph["articles"] = {"a.txt": {"title": title, "site": DIV, "url": "javascript:window.pwned=6",
                                         "date": None, "duplicate_of": None}}
    out = tmp_path / "graph.html"
    write_html(graph, out)
    page = open_page(out)
    english(page)
    assert find_paths(page, "抖音", IMG).endswith(" and " + IMG + ".")
    text = page.page.inner_text("#kg-details")
    for payload in PAYLOADS:
        assert payload in text, payload
    assert title in text and evil + " → " + IMG in text
    search_evidence(page, "恶意链接")
    text = page.page.inner_text("#kg-details")
    assert sentence in text and title in text
    # Latin letters in any case; the marks split the sentences into text and <mark> alone
    assert search_evidence(page, "SCRIPT") == "2 relations shown have evidence containing \u201cSCRIPT\u201d."
    assert set(page.page.locator("#kg-details mark").all_inner_texts()) == {"script"}
    assert sentence in page.page.inner_text("#kg-details")
    assert page.js("() => [...document.querySelectorAll('#kg-details .kg-sentence *')]"
                   ".every(e => e.tagName === 'MARK')")
    for panel in ("#kg-details", "#kg-panel"):
        assert page.js(f"() => document.querySelectorAll('{panel} :is(a, img, svg, script)').length") == 0
    page.page.locator("#kg-details .kg-title").first.click()
    assert page.js("() => [window.pwned, location.protocol, document.querySelectorAll('script').length]") == \
        [None, "file:", 3]
    page.assert_clean()


# -- the page's words ---------------------------------------------------------


def test_status_words_switch_with_the_language(explorer):
    _, page = explorer
    words = ("() => ['#kg-counts', '#kg-search-status', '#kg-path-status', '#kg-evidence-status',"
             " '#kg-paths h2'].map(s => document.querySelector(s).textContent)"
             ".concat([document.getElementById('kg-evidence').placeholder])")
    page.page.fill("#kg-search", "没有这个")
    page.page.press("#kg-search", "Enter")
    find_paths(page, "抖音", "辛巴")
    search_evidence(page, "外链")
    assert page.js(words) == ["显示 7 / 7 个实体，5 / 5 条关系", "没有与“没有这个”匹配的实体。",
                              "抖音 与 辛巴 之间有 1 条最短路径，2 步。", "显示的关系中有 1 条的证据含“外链”。",
                              "两个实体如何关联？", "句中的词，如“罚款”"]
    assert "另有 1 篇转载" in page.page.inner_text("#kg-details")
    fields = "() => [...kg.infoBox('node', kg.data.nodes[0].id, true).querySelectorAll('dt')].map(d => d.textContent)"
    assert page.js(fields)[0] == "关系数"
    english(page)
    assert page.js(words) == ["Showing 7 of 7 entities, 5 of 5 relations", "No entity matches “没有这个”.",
                              "One shortest path of length 2 links 抖音 and 辛巴.",
                              "One relation shown has evidence containing “外链”.",
                              "How are two entities connected?", "a word of a sentence, e.g. 罚款"]
    text = page.page.inner_text("#kg-details")  # the open panel is written again, in English
    assert "and 1 repost" in text and "blocks links to" in text
    assert page.js(fields)[0] == "relations"
    page.page.locator("#kg-lang-zh").click()
    assert page.js(words)[0] == "显示 7 / 7 个实体，5 / 5 条关系"
    page.assert_clean()


def test_the_page_headings_and_buttons_switch_with_the_language(explorer):
    _, page = explorer
    chrome = ("() => ['#kg-fit', '#kg-png', '[data-kg-s=\"ui.types\"]', '#kg-time h2 span']"
              ".map(s => document.querySelector(s).textContent).concat([document.getElementById('kg-search').placeholder])")
    assert page.js(chrome) == ["适应屏幕", "保存为 PNG", "实体类型", "年份", "名称、别名或英文名"]
    english(page)
    assert page.js(chrome) == ["Fit to screen", "Save as PNG", "Entity types", "Years", "name, alias or English name"]
    page.assert_clean()


def test_dimmed_entities_fade_into_the_dark_theme(tmp_path, open_page):
    graph = explorer_graph()
    out = tmp_path / "graph.html"
    write_html(graph, out)
    page = open_page(out, color_scheme="dark")
    # how far (0-765) the canvas at an entity's centre is from the dark page's background, #15191f
    contrast = """(id) => { kgNetwork.redraw(); const c = document.querySelector('#kg-network canvas');
        const p = kgNetwork.canvasToDOM(kgNetwork.getPosition(id)), r = window.devicePixelRatio || 1;
        const d = c.getContext('2d').getImageData(p.x * r - 3, p.y * r - 3, 6, 6).data, bg = [21, 25, 31];
        let s = 0;
        for (let i = 0; i < d.length; i += 4) {
            for (let k = 0; k < 3; k++) s += Math.abs(d[i + k] - bg[k]) * d[i + 3] / 255;
        }
        return s / (d.length / 4); }"""
    taobao = node(graph, "淘宝")
    before = page.js(contrast, taobao)
    find_paths(page, "抖音", "辛巴")
    page.page.wait_for_timeout(500)  # the fit's animation
    assert page.js("(id) => kg.dimmed('node', id)", taobao)
    after = page.js(contrast, taobao)
    assert before > 60 and after < 0.3 * before, (before, after)  # under a veil of the dark page's colour
    page.assert_clean()


def test_a_long_evidence_result_lists_the_first_hundred_and_lights_all(tmp_path, open_page):
    triples = [triple("抖音", "Platform", "works_with", f"主播{i:03d}", "Person", f"主播{i:03d}入驻抖音，佣金两成。")
               for i in range(105)]
    out = tmp_path / "graph.html"
    write_html(build_graph(triples, []), out)
    page = open_page(out)
    english(page)
    assert search_evidence(page, "佣金") == "105 relations shown have evidence containing \u201c佣金\u201d."
    assert page.page.locator("#kg-details .kg-hit").count() == 100
    assert "The first 100 are listed; the graph shows them all." in page.page.inner_text("#kg-details")
    assert len(lit_edges(page)) == 105
    page.assert_clean()
