"""The HTML export (kg/export/html.py), in a real browser: Debian's Chromium
driven by Playwright, offline (every request that is not a local file is
blocked and recorded), no mocks.

The README's pictures are made by ``make screenshots`` (docs/screenshots.py).
"""
from __future__ import annotations

import html
import json
import re
import time
from pathlib import Path

import networkx as nx
import pytest

from kg.export.html import page_data, script_json, vis_assets, write_html
from kg.graph import build_graph, load_graph

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]
VIEWPORT = {"width": 1280, "height": 800}

pytestmark = pytest.mark.browser

TYPES = ["Platform", "Program", "Company", "Person", "Authority", "Group"]
PREDICATES = ["blocks_link", "charges_fee", "penalizes", "advertises_on", "drives_traffic_to",
              "partners_with", "owns", "launches", "competes_with", "works_with"]

# -- the browser -------------------------------------------------------------


def launch(playwright):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: the HTML export is tested in Debian's Chromium; "
                    "run `make system-deps` (installs chromium and fonts-noto-cjk)")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


class Page:
    """A page of graph.html opened from file://, with everything that went
    wrong recorded: console errors, page errors, failed or blocked requests,
    dialogs (dismissed)."""

    def __init__(self, browser, path: Path, timeout_s: float = 60, bypass_csp: bool = False,
                 color_scheme: str = "light", fragment: str = ""):
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport=VIEWPORT, bypass_csp=bypass_csp, color_scheme=color_scheme)
        self.page = page = self.context.new_page()
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} {r.failure}"))
        page.on("dialog", self._dialog)
        page.route("**/*", self._route)
        start = time.perf_counter()
        page.goto(path.resolve().as_uri() + fragment)  # a fragment ("#...") is a view to restore
        page.wait_for_function("() => window.kg && window.kg.ready === true", timeout=timeout_s * 1000)
        self.ready_s = time.perf_counter() - start

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file://", "data:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def js(self, expression: str, arg=None):
        # a function, not a bare expression: the page's CSP forbids eval
        return self.page.evaluate(expression, arg)

    def counts(self) -> tuple[int, int]:
        """Nodes and edges the network is drawing now (its DataViews)."""
        return tuple(self.js("() => [kg.nodesView.length, kg.edgesView.length]"))

    def drawn(self) -> tuple[int, int]:
        """Nodes and edges vis-network itself holds after filtering."""
        return tuple(self.js("() => [kgNetwork.body.nodeIndices.length, kgNetwork.body.edgeIndices.length]"))

    def hover_node(self, node_id: str) -> str:
        point = self.js("""(id) => { const p = kgNetwork.canvasToDOM(kgNetwork.getPosition(id));
            const r = document.querySelector('#kg-network canvas').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y]; }""", node_id)
        return self._hover(point)

    def hover_edge(self, edge_id: str) -> str:
        point = self.js("""(id) => { const e = kgNetwork.body.edges[id];
            const p = kgNetwork.canvasToDOM(e.edgeType.getPoint(0.35));
            const r = document.querySelector('#kg-network canvas').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y]; }""", edge_id)
        return self._hover(point)

    def _hover(self, point) -> str:
        self.page.mouse.move(5, 5)
        self.page.mouse.move(*point, steps=4)
        self.page.wait_for_selector("#kg-tip:not([hidden])", timeout=5000)
        return self.page.inner_text("#kg-tip")

    def assert_clean(self):
        assert self.errors == [], self.errors
        assert self.failed == [], self.failed
        assert self.blocked == [], self.blocked
        assert self.dialogs == [], self.dialogs

    def close(self):
        self.context.close()


@pytest.fixture
def open_page(browser):
    pages = []

    def opener(path: Path, **kwargs) -> Page:
        page = Page(browser, path, **kwargs)
        pages.append(page)
        return page

    yield opener
    for page in pages:
        page.close()


def save_screenshot(html_path: Path, png_path: Path, browser=None) -> Path:
    """A picture of the page after its layout settled (the README's helper)."""
    from playwright.sync_api import sync_playwright

    if browser is not None:
        page = Page(browser, html_path)
        page.page.wait_for_timeout(300)
        page.page.screenshot(path=str(png_path))
        page.close()
        return png_path
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        try:
            return save_screenshot(html_path, png_path, chromium)
        finally:
            chromium.close()


# -- graphs ------------------------------------------------------------------


def triple(s, st, p, o, ot, sentence, doc="a.txt", start=0, **attrs):
    return {"subject": s, "subject_type": st, "predicate": p, "object": o, "object_type": ot, "attrs": attrs,
            "evidence": {"doc": doc, "sentence": sentence, "start": start, "end": start + len(sentence)},
            "confidence": 0.8}


def generated_graph(n_nodes: int, n_edges: int, seed: int = 1) -> nx.MultiDiGraph:
    """A graph with hubs (subjects drawn with a skew), all types, predicates, dates."""
    import random

    rnd = random.Random(seed)
    entities = [{"name": f"实体{i:05d}", "type": TYPES[i % 6], "aliases": [f"别名{i}"], "en": f"entity {i}"}
                for i in range(n_nodes)]
    triples, seen = [], set()
    while len(triples) < n_edges:
        u, v, p = int(n_nodes * rnd.random() ** 2), rnd.randrange(n_nodes), rnd.choice(PREDICATES)
        if u == v or (u, v, p) in seen:
            continue
        seen.add((u, v, p))
        date = rnd.choice([None, "2019", "2020-05", "2021-03-02", "2022", "2023", "2024"])
        attrs = {"date": date} if date else {}
        triples.append(triple(entities[u]["name"], entities[u]["type"], p, entities[v]["name"], entities[v]["type"],
                              f"句子{len(triples)}。", doc=f"d{len(triples) % 300}.txt", **attrs))
    return build_graph(triples, entities)


SCRIPT = "<script>window.pwned=1</script>"
IMG = '<img src=x onerror="window.pwned=2">'
QUOTES = "\"'"
DIV = "</div>"
BREAKOUT = "</script><script>window.pwned=3</script>"
PAYLOADS = [SCRIPT, IMG, QUOTES, DIV, BREAKOUT]


def hostile_graph() -> nx.MultiDiGraph:
    evil = "恶意" + SCRIPT
    entities = [
        {"name": evil, "type": "Platform", "aliases": [IMG, QUOTES + DIV], "en": BREAKOUT},
        {"name": "抖音", "type": "Platform", "aliases": [BREAKOUT], "en": "Douyin"},
        {"name": IMG, "type": "Person", "aliases": [], "en": None},
    ]
    sentence = "抖音切断" + "".join(PAYLOADS) + "的外链。"
    triples = [
        triple("抖音", "Platform", "blocks_link", evil, "Platform", sentence, doc=BREAKOUT + ".txt",
               date="2024-01-02", scope=DIV + IMG, status="rumor"),
        triple(IMG, "Person", "works_with", evil, "Platform", "主播" + IMG + "入驻" + SCRIPT + "。"),
    ]
    return build_graph(triples, entities, {BREAKOUT + ".txt": "2024-01-02"})


def assert_not_pwned(page: Page, graph: nx.MultiDiGraph):
    assert page.js("() => [window.pwned, window.p]") == [None, None]
    assert page.dialogs == []
    assert page.js("() => document.querySelectorAll('script').length") == 3  # data, vis, ours
    assert page.js("() => document.querySelectorAll('#kg-panel img, #kg-panel svg, #kg-tip *:is(img, svg, script)')"
                   ".length") == 0
    assert page.counts() == (graph.number_of_nodes(), graph.number_of_edges())
    assert page.drawn() == (graph.number_of_nodes(), graph.number_of_edges())
    page.assert_clean()


# -- 1. the seeds, in the browser -----------------------------------------------


def test_seed_graph_in_the_browser(seed_build, tmp_path, open_page):
    graph = load_graph(seed_build)
    out = tmp_path / "graph.html"
    write_html(graph, out)
    page = open_page(out)
    page.page.locator("#kg-lang-en").click()  # the page's messages below are asserted in English
    n, m = graph.number_of_nodes(), graph.number_of_edges()
    assert page.js("() => [kg.nodes.length, kg.edges.length]") == [n, m]
    assert page.counts() == (n, m) and page.drawn() == (n, m)
    assert page.js("() => kgNetwork.physics.options.enabled") is False  # frozen after stabilization
    assert page.page.is_visible("#kg-note") is False  # nothing left out

    # predicate filter
    _, _, keys = zip(*graph.edges(keys=True))
    predicate = max(sorted(set(keys)), key=keys.count)
    box = page.page.locator(f'input[data-group="predicates"][value="{predicate}"]')
    box.click()
    assert page.counts() == (n, m - keys.count(predicate)) and page.drawn() == page.counts()
    box.click()
    assert page.counts() == (n, m)

    # type filter: the nodes go, and the edges that touch them
    types = {v: d["type"] for v, d in graph.nodes(data=True)}
    box = page.page.locator('input[data-group="types"][value="Platform"]')
    box.click()
    kept_edges = sum(types[u] != "Platform" and types[v] != "Platform" for u, v in graph.edges())
    assert page.counts() == (n - list(types.values()).count("Platform"), kept_edges)
    assert page.drawn() == page.counts()

    # search by alias: finds 字节跳动, turns its type back on when hidden, selects and focuses it
    page.page.fill("#kg-search", "字跳")
    page.page.press("#kg-search", "Enter")
    assert page.js("() => kgNetwork.getSelectedNodes()") == ["bytedance"]
    assert "字节跳动" in page.page.inner_text("#kg-search-status")
    assert "ByteDance" in page.page.inner_text("#kg-details")
    page.page.fill("#kg-search", "Douyin")  # English name, on a type that is hidden
    page.page.press("#kg-search", "Enter")
    assert page.js("() => kgNetwork.getSelectedNodes()") == ["douyin"]
    assert page.counts() == (n, m)
    # the view ends centred on it once the focus animation is over (polled: a loaded machine animates slowly)
    page.page.wait_for_function("""() => { const v = kgNetwork.getViewPosition(), p = kgNetwork.getPosition('douyin');
                                          return Math.hypot(v.x - p.x, v.y - p.y) < 5; }""", timeout=10000)
    page.page.fill("#kg-search", "没有这个")
    page.page.press("#kg-search", "Enter")
    assert "No entity" in page.page.inner_text("#kg-search-status")

    # time: a range of the first year shows the relations dated in it, the undated ones off until their box is ticked
    years = {(u, v, k): (int(d["first_date"][:4]), int(d["last_date"][:4])) if d["first_date"] else None
             for u, v, k, d in graph.edges(keys=True, data=True)}
    first = min(y[0] for y in years.values() if y)
    for selector in ("#kg-from", "#kg-to"):
        page.page.locator(selector).focus()
        page.page.keyboard.press("Home")
    assert page.page.inner_text("#kg-range-value") == str(first)
    in_range = sum(y is not None and y[0] <= first <= y[1] for y in years.values())
    assert page.counts()[1] == in_range < m
    page.page.locator("#kg-undated").click()
    assert page.counts()[1] == in_range + sum(y is None for y in years.values())
    page.page.locator("#kg-to").focus()
    page.page.keyboard.press("End")  # to the last year: the full span, no range, every relation
    assert page.counts() == (n, m) and page.drawn() == (n, m)

    # hover: a node's type, aliases, English name, documents; an edge's evidence and its article's date
    page.page.keyboard.press("Escape")  # the search's focus and details panel cleared: the whole graph is free
    text = page.hover_node("douyin")
    assert "抖音" in text and "Douyin" in text and "Platform" in text and "抖音电商" in text
    assert graph.nodes["douyin"]["docs"][0] in text
    u, v, k, d = min(((u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True)
                      if d["first_date"] and d["evidence"][0]["date"]),  # an edge far from the crowd
                     key=lambda e: (graph.degree(e[0]) + graph.degree(e[1]), len(e[3]["evidence"]), e[:3]))
    edge_id = page.js("([u, v, k]) => kg.data.edges.find(e => e.from === u && e.to === v && e.predicate === k).id",
                      [u, v, k])
    text = page.hover_edge(edge_id)
    ev = d["evidence"][0]
    assert ev["sentence"] in text and ev["doc"] in text and ev["date"] in text and d["first_date"] in text

    png = save_screenshot(out, tmp_path / "graph.png", page.context.browser)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 30_000
    page.assert_clean()


def test_the_offline_guard_blocks_requests(seed_build, tmp_path, open_page):
    out = tmp_path / "graph.html"
    write_html(load_graph(seed_build), out)
    page = open_page(out, bypass_csp=True)  # without the page's own CSP, the route must catch it
    page.js("() => fetch('https://example.com/x.js').catch(() => null)")
    assert page.blocked == ["https://example.com/x.js"]
    page = open_page(out)  # with it, the browser refuses before any request
    page.js("() => fetch('https://example.com/x.js').catch(() => null)")
    assert page.blocked == [] and any("Content Security Policy" in e for e in page.errors)


# -- 2. hostile text --------------------------------------------------------------


def test_hostile_text_stays_text(tmp_path, open_page):
    graph = hostile_graph()
    out = tmp_path / "graph.html"
    write_html(graph, out)
    text = out.read_text(encoding="utf-8")
    for payload in (SCRIPT, IMG, BREAKOUT, "</div>'", 'onerror="'):
        assert payload not in text
    for bypass_csp in (False, True):  # the escaping holds even without the page's CSP
        page = open_page(out, bypass_csp=bypass_csp)
        assert_not_pwned(page, graph)
        evil = next(v for v, d in graph.nodes(data=True) if d["label"].startswith("恶意"))
        assert page.js("(id) => kg.nodes.get(id).label", evil) == "恶意" + SCRIPT
        tip = page.hover_node(evil)
        for payload in PAYLOADS:  # label, aliases, English name: shown as text
            assert payload in tip, payload
        page.js("() => kg.showDetails('edge', kg.data.edges.find(e => e.predicate === 'blocks_link').id)")
        details = page.page.inner_text("#kg-details")
        for payload in PAYLOADS:
            assert payload in details
        assert BREAKOUT + ".txt" in details and DIV + IMG in details  # the source document and the scope
        assert_not_pwned(page, graph)


def double_escaped(text: str) -> str:
    """What a scraped page holds when its text was escaped twice; the
    normalizer unescapes entities twice."""
    return html.escape(html.escape(text))


def test_hostile_text_through_the_pipeline(tmp_path, extractor, open_page):
    from kg.pipeline import build

    name = "</script>'乐乐"  # the streamer cue takes quoted names of up to 16 characters, no spaces
    svg = "<svg/onload=p=4>"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = ["2024年3月1日消息，抖音宣布切断淘宝外链" + SCRIPT + "。",
             "快手封禁主播“" + name + "”，并处以罚款" + IMG + "。",
             "主播“" + svg + "”入驻抖音" + BREAKOUT + QUOTES + DIV + "。"]
    (corpus / "evil.txt").write_text("标题：测试\n\n" + "\n\n".join(double_escaped(x) for x in lines) + "\n",
                                     encoding="utf-8")
    build([corpus], tmp_path / "out", extractor=extractor)
    triples = (tmp_path / "out" / "triples.jsonl").read_text(encoding="utf-8")
    sentences = [json.loads(line)["evidence"]["sentence"] for line in triples.splitlines()]
    names = [json.loads(line)["name"] for line in (tmp_path / "out" / "entities.jsonl").read_text("utf-8").splitlines()]
    for payload in PAYLOADS:
        assert any(payload in s for s in sentences), (payload, sentences)
    assert name in names and svg in names, names

    graph = load_graph(tmp_path / "out")
    out = tmp_path / "graph.html"
    write_html(graph, out)
    page = open_page(out)
    assert_not_pwned(page, graph)
    person = next(v for v, d in graph.nodes(data=True) if d["label"] == svg)
    assert svg in page.hover_node(person)
    edge = next(e for e in page.js("() => kg.data.edges") if BREAKOUT in e["evidence"][0]["sentence"])
    page.js("(id) => kg.showDetails('edge', id)", edge["id"])
    assert BREAKOUT + QUOTES + DIV in page.page.inner_text("#kg-details")
    assert_not_pwned(page, graph)


# -- 3. scale ---------------------------------------------------------------------


def test_big_graph_stays_usable(tmp_path, open_page):
    graph = generated_graph(5000, 20000)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (5000, 20000)

    full = tmp_path / "full.html"
    start = time.perf_counter()
    write_html(graph, full, max_nodes=None)
    export_s = time.perf_counter() - start
    page = open_page(full, timeout_s=180)
    print(f"\n5,000 nodes / 20,000 edges: export {export_s:.2f} s, {full.stat().st_size / 1e6:.1f} MB, "
          f"browser ready (laid out, physics off) {page.ready_s:.1f} s")
    leaves = [v for v in graph if graph.degree(v) == 1 and max(map(graph.degree, nx.all_neighbors(graph, v))) > 1]
    assert page.counts() == page.drawn() == (5000 - len(leaves), 20000 - len(leaves))  # folded (fold.js)
    page.page.locator("#kg-fold").click()  # unfolded
    assert page.counts() == (5000, 20000) and page.drawn() == (5000, 20000)
    assert page.js("() => kgNetwork.physics.options.enabled") is False
    assert page.page.is_visible("#kg-note") is False
    page.page.fill("#kg-search", "别名4321")
    page.page.press("#kg-search", "Enter")
    wanted = next(v for v, d in graph.nodes(data=True) if d["label"] == "实体04321")
    assert page.js("() => kgNetwork.getSelectedNodes()") == [wanted]
    page.page.locator('input[data-group="predicates"][value="owns"]').click()
    _, _, keys = zip(*graph.edges(keys=True))
    assert page.counts() == (5000, 20000 - keys.count("owns"))
    page.assert_clean()
    page.close()

    limited = tmp_path / "limited.html"
    start = time.perf_counter()
    write_html(graph, limited)  # the default max_nodes (1,500)
    export_s = time.perf_counter() - start
    page = open_page(limited, timeout_s=120)
    n, m = page.counts()
    print(f"default max_nodes: {n:,} nodes / {m:,} edges, export {export_s:.2f} s, browser ready {page.ready_s:.1f} s")
    degree = dict(graph.degree())
    kept = sorted(graph.nodes, key=lambda v: (-degree[v], graph.nodes[v]["label"]))[:1500]
    assert n == 1500 and m == graph.subgraph(kept).number_of_edges()
    assert sorted(page.js("() => kg.nodes.getIds()")) == sorted(kept)
    note = page.page.inner_text("#kg-note")
    assert page.page.is_visible("#kg-note")
    assert "1,500" in note and "5,000" in note and f"{20000 - m:,} relations left out" in note
    page.page.fill("#kg-search", graph.nodes[kept[0]]["label"])
    page.page.press("#kg-search", "Enter")
    assert page.js("() => kgNetwork.getSelectedNodes()") == [kept[0]]
    page.assert_clean()


# -- 4. the file ----------------------------------------------------------------


def test_same_graph_same_bytes(tmp_path, seed_build):
    graph = load_graph(seed_build)
    shuffled = nx.MultiDiGraph(**graph.graph)  # the same graph (its articles too), built in another order
    shuffled.add_nodes_from(reversed(list(graph.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(graph.edges(keys=True, data=True))))
    for g, name in ((graph, "a.html"), (graph, "b.html"), (shuffled, "c.html")):
        write_html(g, tmp_path / name)
    a, b, c = ((tmp_path / name).read_bytes() for name in ("a.html", "b.html", "c.html"))
    assert a == b == c
    big = generated_graph(600, 1500)  # positions precomputed: also deterministic
    write_html(big, tmp_path / "d.html")
    write_html(big, tmp_path / "e.html")
    assert (tmp_path / "d.html").read_bytes() == (tmp_path / "e.html").read_bytes()


def test_self_contained_utf8_and_nothing_left_behind(tmp_path, seed_build, monkeypatch):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    out = tmp_path / "out" / "graph.html"
    out.parent.mkdir()
    write_html(load_graph(seed_build), out)
    assert list(cwd.iterdir()) == [] and not Path("lib").exists()
    raw = out.read_bytes()
    text = raw.decode("utf-8")  # strict
    assert '<meta charset="utf-8">' in raw[:1024].decode("utf-8")
    assert "抖音" in text and "vis-network" in text
    assert not re.search(r"""<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*["']?\s*(https?:)?//""", text, re.I)
    assert not re.search(r"\b(src|href)\s*=\s*[\"']?\s*https?://", text, re.I)
    for cdn in ("cdnjs", "jsdelivr", "unpkg", "bootstrap", "googleapis"):
        assert cdn not in text.lower()
    vis_js, vis_css = vis_assets()
    assert vis_js in text and vis_css in text  # vis-network, inlined
    assert "default-src 'none'" in html.unescape(text)  # and a CSP that forbids any request


def test_data_block_is_safe_json(tmp_path):
    graph = hostile_graph()
    data = script_json(page_data(graph))
    for char in "<>&\u2028\u2029":
        assert char not in data
    out = tmp_path / "graph.html"
    write_html(graph, out, title="</title><script>x</script>")
    text = out.read_text(encoding="utf-8")
    block = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', text, re.S).group(1)
    embedded = json.loads(block)
    assert embedded["nodes"] == page_data(graph)["nodes"]
    assert embedded["title"] == "</title><script>x</script>"
    assert "<title>&lt;/title&gt;&lt;script&gt;" in text
    assert json.loads(script_json({"s": "\u2028<&>\u2029"})) == {"s": "\u2028<&>\u2029"}


def test_node_limit(tmp_path):
    graph = generated_graph(200, 600)
    data = page_data(graph, max_nodes=50)
    degree = dict(graph.degree())
    kept = set(sorted(graph.nodes, key=lambda v: (-degree[v], graph.nodes[v]["label"]))[:50])
    assert {n["id"] for n in data["nodes"]} == kept
    assert all(e["from"] in kept and e["to"] in kept for e in data["edges"])
    assert len(data["edges"]) == graph.subgraph(kept).number_of_edges()
    assert "50 most connected of 200 entities" in data["note"]
    assert page_data(graph)["note"] is None and page_data(graph, max_nodes=None)["note"] is None
    with pytest.raises(ValueError):
        page_data(graph, max_nodes=0)
    empty = tmp_path / "empty.html"
    write_html(nx.MultiDiGraph(), empty)
    assert empty.stat().st_size > 400_000


def test_styles_by_type_and_predicate(seed_build):
    data = page_data(load_graph(seed_build))
    assert [t["name"] for t in data["types"]] == TYPES
    assert len({(t["color"], t["shape"]) for t in data["types"]}) == 6
    assert [p["name"] for p in data["predicates"]] == PREDICATES
    assert len({p["color"] for p in data["predicates"]}) == 10
    assert data["options"]["layout"]["randomSeed"] is not None
    assert any(e.get("status") in ("rumor", "forecast") for e in data["edges"])

