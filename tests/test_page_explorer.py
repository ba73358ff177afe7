"""graph.html as an explorer (issue 15, part 1), in Debian's Chromium through
Playwright, one test per behaviour: positions kept through filters, fit,
focus, the details of an entity with its sources, hostile article fields,
the label language, symmetric predicates and the dark theme. The browser, the offline guard
and the error recording are those of tests/test_export_html.py."""
from __future__ import annotations

import pytest

from kg.export.html import write_html
from kg.graph import build_graph, load_graph
from tests.test_export_html import IMG, SCRIPT, VIEWPORT, browser, open_page, triple  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


def explorer_graph(url: str = "https://news.example.com/douyin", title: str = "抖音切断外链"):
    """抖音 in the middle: two predicates to 淘宝 and 快手, a symmetric one, a
    person two hops away, an authority alone; one story reposted once."""
    triples = [
        triple("抖音", "Platform", "blocks_link", "淘宝", "Platform", "抖音切断淘宝外链。", doc="a.txt", date="2021-01"),
        triple("抖音", "Platform", "blocks_link", "淘宝", "Platform", "抖音切断淘宝外链。", doc="a-copy.txt"),
        triple("抖音", "Platform", "competes_with", "快手", "Platform", "抖音与快手竞争。", doc="b.txt"),
        triple("字节跳动", "Company", "owns", "抖音", "Platform", "字节跳动旗下抖音。", doc="b.txt"),
        triple("快手", "Platform", "works_with", "辛巴", "Person", "辛巴入驻快手。", doc="c.txt"),
        triple("市场监管总局", "Authority", "penalizes", "阿里巴巴", "Company", "市场监管总局处罚阿里巴巴。", doc="c.txt"),
    ]
    graph = build_graph(triples, [], {"a.txt": "2021-01-05"}, stories={"a-copy.txt": "a.txt"})
    graph.graph["articles"] = {
        "a.txt": {"title": title, "site": "新浪科技", "url": url, "date": "2021-01-05", "duplicate_of": None},
        "a-copy.txt": {"title": "转载：" + title, "site": "搜狐", "url": None, "date": None, "duplicate_of": "a.txt"},
        "b.txt": {"title": "字节跳动与快手", "site": None, "url": None, "date": None, "duplicate_of": None},
    }
    return graph


def node(graph, label: str) -> str:
    return next(v for v, d in graph.nodes(data=True) if d["label"] == label)


def click_node(page, node_id: str) -> None:
    x, y = page.js("""(id) => { const p = kgNetwork.canvasToDOM(kgNetwork.getPosition(id));
        const r = document.querySelector('#kg-network canvas').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }""", node_id)
    page.page.mouse.click(x, y)


def opacities(page) -> dict:
    """Each node's opacity as the focus draws it: 1, or 0.15 under the veil."""
    return page.js("() => Object.fromEntries(kg.data.nodes.map(n => [n.id, kg.dimmed('node', n.id) ? 0.15 : 1]))")


@pytest.fixture
def explorer(tmp_path, open_page):
    graph = explorer_graph()
    out = tmp_path / "graph.html"
    write_html(graph, out)
    return graph, open_page(out)


def test_filter_then_unfilter_leaves_every_node_where_it_was(seed_build, tmp_path, open_page):
    out = tmp_path / "graph.html"
    write_html(load_graph(seed_build), out)
    page = open_page(out)
    before = page.js("() => kgNetwork.getPositions()")
    for selector in ('input[data-group="types"][value="Platform"]', 'input[data-group="predicates"][value="owns"]',
                     "#kg-isolated"):
        page.page.locator(selector).click()
    hidden = page.js("() => kg.nodes.getIds().filter(id => !kg.nodesView.get(id))")
    assert hidden and page.js("(ids) => ids.every(id => Number.isFinite(kg.nodes.get(id).x))", hidden)
    page.page.locator("#kg-to").focus()
    page.page.keyboard.press("Home")  # the year range too
    page.page.keyboard.press("End")
    for selector in ("#kg-isolated", 'input[data-group="predicates"][value="owns"]',
                     'input[data-group="types"][value="Platform"]'):
        page.page.locator(selector).click()
    after = page.js("() => kgNetwork.getPositions()")
    assert sorted(after) == sorted(before)
    moved = {v: (before[v], after[v]) for v in before
             if abs(before[v]["x"] - after[v]["x"]) > 1 or abs(before[v]["y"] - after[v]["y"]) > 1}
    assert moved == {}
    page.assert_clean()


def test_fit_zooms_in_on_a_small_filtered_graph(explorer):
    _, page = explorer
    page.page.locator('[data-none="types"]').click()
    page.page.locator('input[data-group="types"][value="Person"]').click()
    assert page.counts() == (1, 0)
    page.page.locator("#kg-fit").click()
    page.page.wait_for_function("() => kgNetwork.getScale() > 1.5", timeout=5000)  # beyond 100%
    page.page.wait_for_timeout(400)  # the animation's end
    close = page.js("() => kgNetwork.getScale()")
    page.page.locator('[data-all="types"]').click()
    page.page.locator("#kg-fit").click()
    page.page.wait_for_function("(s) => kgNetwork.getScale() < s - 0.2", arg=close, timeout=5000)  # and out again
    page.assert_clean()


def test_focus_dims_all_but_the_neighbours_and_escape_clears(explorer):
    graph, page = explorer
    douyin, xinba = node(graph, "抖音"), node(graph, "辛巴")
    click_node(page, douyin)
    seen = opacities(page)
    near = {douyin} | set(graph.successors(douyin)) | set(graph.predecessors(douyin))
    assert {v for v, o in seen.items() if o == 1} == near
    assert seen[xinba] < 0.5
    assert page.js("(id) => kg.dimmed('edge', kg.data.edges.find(e => e.to === id).id)", xinba)
    page.page.select_option("#kg-hops", "2")  # two hops: 辛巴 (via 快手) joins
    assert opacities(page)[xinba] == 1
    page.page.keyboard.press("Escape")
    assert set(opacities(page).values()) == {1}
    assert page.page.is_hidden("#kg-side") and page.js("() => kg.focus.id") is None
    click_node(page, douyin)
    assert page.page.is_visible("#kg-side")
    box = page.page.locator("#kg-network").bounding_box()
    page.page.mouse.click(box["x"] + 4, box["y"] + box["height"] - 4)  # empty canvas
    assert page.page.is_hidden("#kg-side") and set(opacities(page).values()) == {1}
    page.assert_clean()


def test_details_list_relations_by_predicate_with_their_sources(explorer):
    graph, page = explorer
    click_node(page, node(graph, "抖音"))
    details = page.page.locator("#kg-details")
    groups = details.locator("h4").all_inner_texts()
    assert [g.split(" · ")[1].split()[0] for g in groups] == ["blocks_link", "owns", "competes_with"]  # schema order
    page.page.locator("#kg-lang-en").click()  # the page's own words below are asserted in English
    text = details.inner_text()
    assert "抖音切断淘宝外链。" in text and "新浪科技" in text and "2021-01-05" in text
    assert "and 1 repost" in text and text.count("抖音切断淘宝外链。") == 1  # the repost joins its story
    assert "转载" not in text
    links = page.js("() => [...document.querySelectorAll('#kg-details a')].map(a => [a.textContent, a.href])")
    assert links == [["抖音切断外链", "https://news.example.com/douyin"]]
    # a relation's own details (a click on it) list its sources the same way
    page.js("() => kg.showDetails('edge', kg.data.edges.find(e => e.predicate === 'blocks_link').id)")
    text = details.inner_text()
    assert "新浪科技" in text and "and 1 repost" in text and details.locator("a").count() == 1
    # the panel scrolls on its own: the page never does
    assert page.js("() => getComputedStyle(document.getElementById('kg-side')).overflowY") == "auto"
    assert page.js("() => [document.scrollingElement.scrollTop, document.scrollingElement.scrollHeight]") == \
        [0, VIEWPORT["height"]]
    page.assert_clean()


def test_hostile_article_fields_stay_text_and_never_link(tmp_path, open_page):
    title = "标题" + SCRIPT + IMG
    graph = explorer_graph(url="javascript:window.pwned=5", title=title)
    out = tmp_path / "graph.html"
    write_html(graph, out)
    page = open_page(out)
    click_node(page, node(graph, "抖音"))
    assert title in page.page.inner_text("#kg-details")
    assert page.js("() => document.querySelectorAll('#kg-details a, #kg-details img, #kg-details script').length") == 0
    # the page's own guard, whatever the data holds
    assert page.js("() => [kg.safeUrl('javascript:alert(1)'), kg.safeUrl(' JavaScript:x'), kg.safeUrl('data:x'),"
                   " kg.safeUrl('https://a.example/')]") == [None, None, None, "https://a.example/"]
    page.page.locator("#kg-details .kg-title").first.click()
    assert page.js("() => [window.pwned, location.protocol]") == [None, "file:"]
    page.assert_clean()


def test_labels_switch_language_and_the_choice_survives_a_reload(explorer):
    _, page = explorer
    label = "() => kg.edges.get(kg.data.edges.find(e => e.predicate === 'competes_with').id).label"
    legend = "() => document.querySelector('.kg-legend .kg-name[data-name=\"Platform\"]').textContent"
    assert page.js(label) == "竞争" and page.js(legend) == "平台"
    page.page.locator("#kg-lang-en").click()
    assert page.js(label) == "competes with" and page.js(legend) == "Platform"
    page.page.reload()
    page.page.wait_for_function("() => window.kg && window.kg.ready === true")
    assert page.js(label) == "competes with"
    page.page.locator("#kg-lang-zh").click()
    assert page.js(label) == "竞争"
    page.assert_clean()


def test_the_page_works_without_storage(tmp_path, open_page):
    out = tmp_path / "graph.html"
    write_html(explorer_graph(), out)
    page = open_page(out)
    page.context.add_init_script("Object.defineProperty(window, 'localStorage', "
                                 "{get() { throw new DOMException('denied', 'SecurityError'); }})")
    page.page.reload()
    page.page.wait_for_function("() => window.kg && window.kg.ready === true")
    page.page.locator("#kg-lang-en").click()
    assert page.js("() => kg.lang()") == "en"
    page.assert_clean()


def test_symmetric_predicates_have_no_arrowheads(explorer):
    _, page = explorer
    arrows = page.js("() => Object.fromEntries(kg.data.edges.map(e => "
                     "[e.predicate, kgNetwork.body.edges[e.id].options.arrows.to.enabled]))")
    assert arrows == {"blocks_link": True, "competes_with": False, "owns": True, "works_with": True,
                      "penalizes": True}
    page.assert_clean()



def test_a_dark_system_theme_gets_a_dark_page(tmp_path, open_page):
    out = tmp_path / "graph.html"
    write_html(explorer_graph(), out)
    light, dark = open_page(out), open_page(out, color_scheme="dark")
    look = ("() => [getComputedStyle(document.body).backgroundColor,"
            " getComputedStyle(document.getElementById('kg-panel')).backgroundColor,"
            " kgNetwork.body.nodes[kg.data.nodes[0].id].options.font.color,"
            " document.body.getAttribute('data-kg-theme')]")
    assert light.js(look) == ["rgb(255, 255, 255)", "rgb(247, 248, 250)", "#1d2430", None]
    assert dark.js(look) == ["rgb(21, 25, 31)", "rgb(28, 33, 40)", "#e3e7ed", "dark"]
    dark.page.screenshot(path=str(tmp_path / "graph-dark.png"))  # an artefact to look at
    light.assert_clean()
    dark.assert_clean()
