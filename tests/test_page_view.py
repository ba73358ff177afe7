"""graph.html, issue 15 part 2: time as a range and the view that travels, in
Debian's Chromium through Playwright, one test per behaviour: the from-to
year range over each relation's first and last dates, undated relations
while a range is set, the play control, the view restored from the URL
fragment, a malformed fragment, the PNG download, hostile fragments and
titles. The browser, the offline guard and the error recording are those of
tests/test_export_html.py."""
from __future__ import annotations

import struct
import zlib
from urllib.parse import quote

import pytest

from kg.export.html import write_html
from kg.graph import build_graph
from tests.test_export_html import (IMG, SCRIPT, assert_not_pwned, browser, hostile_graph,  # noqa: F401 - fixtures
                                    open_page, triple)
from tests.test_page_explorer import click_node, node

pytestmark = pytest.mark.browser

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def timeline_graph():
    """Relations from 2010 to 2018: two span several years (their first and
    last dates differ), two are undated."""
    triples = [
        triple("抖音", "Platform", "blocks_link", "淘宝", "Platform", "抖音切断淘宝外链。", doc="a.txt", date="2012-03"),
        triple("抖音", "Platform", "blocks_link", "淘宝", "Platform", "抖音再次切断淘宝外链。", doc="b.txt", date="2015-06"),
        triple("抖音", "Platform", "competes_with", "快手", "Platform", "抖音与快手竞争。", doc="b.txt", date="2014"),
        triple("字节跳动", "Company", "owns", "抖音", "Platform", "字节跳动旗下抖音。", doc="c.txt", date="2016-01-05"),
        triple("快手", "Platform", "works_with", "辛巴", "Person", "辛巴入驻快手。", doc="c.txt", date="2010"),
        triple("快手", "Platform", "works_with", "辛巴", "Person", "辛巴续约快手。", doc="d.txt", date="2013-09"),
        triple("快手", "Platform", "launches", "快手小店", "Program", "快手推出快手小店。", doc="d.txt", date="2018"),
        triple("市场监管总局", "Authority", "penalizes", "阿里巴巴", "Company", "市场监管总局处罚阿里巴巴。", doc="e.txt"),
        triple("阿里巴巴", "Company", "owns", "淘宝", "Platform", "阿里巴巴旗下淘宝。", doc="e.txt"),
    ]
    return build_graph(triples, [])


def spans(graph) -> dict:
    """(u, v, predicate) -> (first year, last year), or None when undated: from the graph itself."""
    return {(u, v, k): (int(d["first_date"][:4]), int(d["last_date"][:4])) if d["first_date"] else None
            for u, v, k, d in graph.edges(keys=True, data=True)}


def shown_edges(page) -> set:
    return {tuple(e) for e in page.js("() => kg.edgesView.get().map(e => "
                                      "{ const d = kg.edgeInfo[e.id]; return [d.from, d.to, d.predicate]; })")}


def set_range(page, start: int, end: int) -> None:
    """The range by keyboard, as a reader without a mouse sets it."""
    first, last = page.js("() => kg.time.span")
    page.page.locator("#kg-from").focus()
    page.page.keyboard.press("Home")
    for _ in range(start - first):
        page.page.keyboard.press("ArrowRight")
    page.page.locator("#kg-to").focus()
    page.page.keyboard.press("End")
    for _ in range(last - end):
        page.page.keyboard.press("ArrowLeft")


VIEW = """() => ({
    types: kg.state.types, predicates: kg.state.predicates, isolated: kg.state.isolated,
    range: kg.state.range, undated: kg.state.undated, focus: kg.focus.id, hops: kg.focus.hops, lang: kg.lang(),
    nodes: kg.nodesView.getIds().sort(), edges: kg.edgesView.getIds().sort(),
    boxes: [...document.querySelectorAll('#kg-panel input[type=checkbox]')].map(b => [b.id || b.value, b.checked]),
    inputs: ['kg-from', 'kg-to', 'kg-hops'].map(id => document.getElementById(id).value),
    dimmed: kg.data.nodes.filter(n => kg.dimmed('node', n.id)).map(n => n.id).sort(),
    side: document.getElementById('kg-side').hidden, details: document.getElementById('kg-details').innerText,
    legend: document.querySelector('.kg-legend .kg-name[data-name="Platform"]').textContent})"""


@pytest.fixture
def timeline(tmp_path, open_page):
    graph = timeline_graph()
    out = tmp_path / "graph.html"
    write_html(graph, out)
    return graph, out, open_page(out)


def test_a_year_range_shows_the_relations_whose_dates_overlap_it(timeline, tmp_path):
    graph, _, page = timeline
    years = spans(graph)
    assert page.js("() => kg.time.span") == [2010, 2018] and page.counts()[1] == len(years)
    set_range(page, 2014, 2014)
    assert page.page.inner_text("#kg-range-value") == "2014"
    shown = shown_edges(page)
    assert shown == {e for e, y in years.items() if y and y[0] <= 2014 <= y[1]}
    later = {e for e, y in years.items() if y and y[0] > 2014}
    earlier = {e for e, y in years.items() if y and y[1] < 2014}
    assert later and earlier and not shown & (later | earlier)  # first dated later, last dated earlier: hidden
    assert (node(graph, "抖音"), node(graph, "淘宝"), "blocks_link") in shown  # 2012-2015 spans the year
    page.page.click("#kg-lang-en")  # the page opens in Chinese
    assert f"{len(shown)} of {len(years)} relations" in page.page.inner_text("#kg-counts")
    page.page.screenshot(path=str(tmp_path / "range-2014.png"))
    set_range(page, 2011, 2013)
    assert page.page.inner_text("#kg-range-value") == "2011\u20132013"
    assert shown_edges(page) == {e for e, y in years.items() if y and y[0] <= 2013 and y[1] >= 2011}
    page.assert_clean()


def test_undated_relations_are_off_while_a_range_is_set(timeline):
    graph, _, page = timeline
    years = spans(graph)
    undated = {e for e, y in years.items() if y is None}
    box = page.page.locator("#kg-undated")
    assert page.page.inner_text("label:has(#kg-undated)").strip() == f"{len(undated)} 条没有日期的关系"
    page.page.click("#kg-lang-en")
    assert page.page.inner_text("label:has(#kg-undated)").strip() == f"{len(undated)} relations without a date"
    assert box.is_checked() and box.is_disabled()  # no range: every relation, the undated too
    assert shown_edges(page) == set(years)
    set_range(page, 2012, 2016)
    assert not box.is_checked() and box.is_enabled()
    dated = {e for e, y in years.items() if y and y[0] <= 2016 and y[1] >= 2012}
    assert shown_edges(page) == dated
    box.click()
    assert shown_edges(page) == dated | undated
    box.click()
    assert shown_edges(page) == dated
    page.page.locator("#kg-range-all").click()  # back to no range
    assert shown_edges(page) == set(years) and box.is_checked() and box.is_disabled()
    assert page.page.inner_text("#kg-range-value") == "all"
    page.assert_clean()


def test_play_steps_through_the_years_and_stops(timeline):
    _, _, page = timeline
    page.page.click("#kg-lang-en")  # the button's words below are the English ones
    play = page.page.locator("#kg-play")
    set_range(page, 2016, 2018)  # play starts at the range's first year
    page.js("() => { window.steps = []; kg.onRefresh.push(() => steps.push([kg.state.range, performance.now()])); }")
    play.click()
    assert play.get_attribute("aria-pressed") == "true" and "Stop" in play.inner_text()
    page.page.wait_for_function("() => !kg.time.playing()", timeout=15000)
    steps = page.js("() => steps")
    assert [r for r, _ in steps] == [[2016, 2016], [2017, 2017], [2018, 2018]]  # from = to = each year
    gaps = [b - a for (_, a), (_, b) in zip(steps, steps[1:])]
    assert all(800 < g < 3000 for g in gaps), gaps  # about a second a step
    assert play.get_attribute("aria-pressed") == "false" and "Play" in play.inner_text()
    page.page.wait_for_timeout(1500)
    assert len(page.js("() => steps")) == 3  # stopped at the end, the last year still shown
    assert page.js("() => kg.state.range") == [2018, 2018]
    # again: from the first year; the stop button stops it where it is
    play.click()
    page.page.wait_for_function("() => kg.state.range && kg.state.range[0] === 2011", timeout=5000)
    play.click()
    assert page.js("() => kg.time.playing()") is False
    at = page.js("() => kg.state.range")
    page.page.wait_for_timeout(1500)
    assert page.js("() => kg.state.range") == at and at[0] in (2011, 2012)
    page.assert_clean()


def test_the_url_fragment_restores_the_view(timeline, open_page, tmp_path):
    graph, out, page = timeline
    page.page.locator('input[data-group="types"][value="Person"]').click()
    page.page.locator('input[data-group="predicates"][value="launches"]').click()
    page.page.locator("#kg-isolated").click()
    set_range(page, 2012, 2016)
    page.page.locator("#kg-undated").click()
    page.page.locator("#kg-lang-en").click()
    click_node(page, node(graph, "抖音"))
    page.page.select_option("#kg-hops", "2")
    page.page.wait_for_function("() => location.hash.includes('h=2')", timeout=5000)
    fragment = page.js("() => location.hash")
    view = page.js(VIEW)
    assert view["types"]["Person"] is False and view["predicates"]["launches"] is False and view["isolated"]
    assert view["range"] == [2012, 2016] and view["undated"] and view["lang"] == "en"
    assert view["focus"] == node(graph, "抖音") and view["hops"] == 2 and view["dimmed"]
    assert len(fragment) < 120, fragment  # compact

    again = open_page(out, fragment=fragment)  # a new browser context: nothing remembered but the link
    assert again.js(VIEW) == view and again.js("() => location.hash") == fragment
    again.page.screenshot(path=str(tmp_path / "restored.png"))
    # the fragment edited by hand (or the back button): the view follows
    again.page.evaluate("() => { location.hash = 'y=2014&l=zh'; }")
    again.page.wait_for_function("() => kg.state.range && kg.state.range[0] === 2014 && kg.lang() === 'zh'")
    assert again.js("() => [kg.focus.id, kg.state.isolated, kg.state.types.Person]") == [None, False, True]
    page.assert_clean()
    again.assert_clean()


@pytest.mark.parametrize("fragment", [
    "#%E0%A4%A",
    "#t=Nope,%ZZ&xt=&&=&y=20x4&u=yes&f=%3Cscript%3E&h=9&l=fr&iso=yes&zz=1",
    "#y=2014-20145&f=__proto__&t=constructor,toString&p=__proto__",
    "#f=toString&=&&&%",
])
def test_a_malformed_fragment_gives_the_default_view(timeline, open_page, fragment):
    _, out, page = timeline
    default = page.js(VIEW)
    broken = open_page(out, fragment=fragment)
    assert broken.js(VIEW) == default
    assert broken.js("() => location.hash") == ""  # what was not understood left the fragment
    broken.assert_clean()


def test_a_later_module_adds_its_keys_to_the_fragment(timeline, open_page):
    """The hook for modules to come (paths, evidence search): kg.view.add."""
    _, out, _ = timeline
    page = open_page(out, fragment="#y=2014&path=%E6%8A%96%E9%9F%B3,%E6%B7%98%E5%AE%9D")
    assert page.js("() => location.hash") == "#y=2014&l=zh"  # a key nobody reads leaves the fragment...
    page.js("""() => kg.view.add(out => { if (window.path) out.path = window.path; },
                                 params => { window.path = params.list('path'); })""")
    assert page.js("() => window.path") == ["抖音", "淘宝"]  # ...until a module reads it: restored from the link
    assert page.js("() => location.hash") == "#y=2014&l=zh&path=%E6%8A%96%E9%9F%B3,%E6%B7%98%E5%AE%9D"
    page.js("() => { window.path = ['快手']; kg.view.changed(); }")
    page.page.wait_for_function("() => location.hash.endsWith('&path=%E5%BF%AB%E6%89%8B')", timeout=5000)
    page.assert_clean()


def first_pixel(png: bytes) -> tuple:
    """RGBA of the top-left pixel of an 8-bit RGBA PNG: every PNG filter leaves
    the first pixel of the first row as it is (it has no neighbours)."""
    pos, idat = 8, b""
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        if kind == b"IDAT":
            idat += png[pos + 8:pos + 8 + length]
        pos += 12 + length
    return tuple(zlib.decompress(idat)[1:5])


@pytest.mark.parametrize("scheme, background", [("light", (255, 255, 255, 255)), ("dark", (21, 25, 31, 255))])
def test_save_as_png_downloads_the_view(timeline, open_page, tmp_path, scheme, background):
    _, out, page = timeline
    if scheme == "dark":
        page = open_page(out, color_scheme="dark")
    with page.page.expect_download() as info:
        page.page.locator("#kg-png").click()
    download = info.value
    png = (tmp_path / f"view-{scheme}.png")
    download.save_as(png)  # kept as an artefact
    data = png.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    assert [width, height] == page.js("() => { const c = document.querySelector('#kg-network canvas');"
                                      " return [c.width, c.height]; }")
    assert (depth, colour) == (8, 6) and first_pixel(data) == background  # opaque: the page's background
    assert download.suggested_filename == "kg \u00b7 China's platform economy.png"
    page.assert_clean()


def test_a_png_of_a_focus_keeps_the_rest_under_the_veil(timeline, tmp_path):
    graph, _, page = timeline
    # the picture png.js makes is kept to be read (the download itself is the test above's)
    page.js("""() => { const make = HTMLCanvasElement.prototype.toDataURL;
        HTMLCanvasElement.prototype.toDataURL = function () {
            window.shot = this; return make.apply(this, arguments); }; }""")
    # how far (0-765) the picture at an entity's centre is from white
    ink = """(id) => { const p = kgNetwork.canvasToDOM(kgNetwork.getPosition(id)), r = window.devicePixelRatio || 1;
        const d = window.shot.getContext('2d').getImageData(p.x * r - 2, p.y * r - 2, 4, 4).data;
        let s = 0;
        for (let i = 0; i < d.length; i += 4) s += 765 - d[i] - d[i + 1] - d[i + 2];
        return s / (d.length / 4); }"""
    far = node(graph, "市场监管总局")
    for name in ("plain", "focus"):
        if name == "focus":
            page.js("(id) => kg.focusNode(id)", node(graph, "辛巴"))
        with page.page.expect_download() as info:
            page.page.locator("#kg-png").click()
        info.value.save_as(tmp_path / f"view-{name}.png")  # artefacts to look at
        if name == "plain":
            before = page.js(ink, far)
    after = page.js(ink, far)
    assert before > 100 and after < 0.3 * before, (before, after)  # out of the focus: faint in the picture too
    page.assert_clean()


def test_hostile_fragments_and_titles_stay_inert(tmp_path, open_page):
    graph = hostile_graph()
    out = tmp_path / "graph.html"
    title = "../" + SCRIPT + IMG + "\\x"
    write_html(graph, out, title=title)
    evil = next(v for v, d in graph.nodes(data=True) if d["label"].startswith("恶意"))
    fragment = "#" + "&".join(f"{k}={quote(v, safe='')}" for k, v in
                              (("t", SCRIPT), ("xp", IMG + "," + SCRIPT), ("y", IMG), ("l", SCRIPT), ("f", IMG)))
    page = open_page(out, fragment=fragment)
    assert_not_pwned(page, graph)  # every entity and relation shown: nothing of it applied
    assert page.js("() => [kg.focus.id, kg.lang(), kg.state.range]") == [None, "zh", None]
    page.js("(id) => kg.focusNode(id)", evil)  # a hostile entity focused travels in the fragment and back
    assert page.js("() => location.hash") == ""  # what was not understood left the fragment
    page.page.wait_for_function("(id) => location.hash.includes('f=' + id)", arg=evil, timeout=5000)
    again = open_page(out, fragment=page.js("() => location.hash"))
    assert again.js("() => kg.focus.id") == evil and "恶意" + SCRIPT in again.page.inner_text("#kg-details")
    assert again.js("() => document.querySelectorAll('#kg-details img, #kg-details script').length") == 0
    with again.page.expect_download() as info:
        again.page.locator("#kg-png").click()
    name = info.value.suggested_filename
    assert name.endswith(".png") and not set(name) & set('/\\<>"') and "script" in name
    assert again.js("() => [window.pwned, window.p]") == [None, None]
    again.assert_clean()
