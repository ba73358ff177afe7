"""graph.html at scale and on a small screen (issue 15, part 2), in
Debian's Chromium through Playwright, one test per behaviour: a big graph
drawn as laid out, filters that flag vis's items instead of re-creating
them, labels from a zoom level on (hubs first), a focus that updates no
item, a path or an evidence search reaching a folded leaf, the panel
folding away at 390 px. Timings are not asserted here: they
are measured by ``kg bench --page N`` (kg/bench_page.py)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from kg.bench_page import synthetic_graph
from kg.export.html import write_html
from tests.test_export_html import browser, open_page  # noqa: F401 - fixtures
from tests.test_page_explorer import click_node, explorer_graph, node

pytestmark = pytest.mark.browser

# the labels vis draws in one drawing: each is a fillText (and a strokeText)
LABELS_DRAWN = """() => { const texts = new Set(), fill = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (t, ...rest) { texts.add(t); return fill.call(this, t, ...rest); };
  try { kgNetwork.redraw(); } finally { CanvasRenderingContext2D.prototype.fillText = fill; }
  return [...texts]; }"""


@pytest.fixture(scope="module")
def big_html(tmp_path_factory):
    out = tmp_path_factory.mktemp("big") / "graph.html"
    write_html(synthetic_graph(2000), out, max_nodes=None)
    return out


def unfolded(page):
    """The page with its leaves unfolded (fold.js folds them in a big graph)."""
    page.page.locator("#kg-fold").uncheck()
    return page


def test_a_big_graph_is_drawn_as_laid_out(big_html, open_page):
    page = unfolded(open_page(big_html))
    assert page.counts() == (2000, 4000) and page.drawn() == (2000, 4000)
    # no physics ran: every node is where the export put it (getPositions truncates)
    moved = page.js("""() => { const at = kgNetwork.getPositions();
        return kg.data.nodes.filter(n => Math.abs(at[n.id].x - n.x) >= 1 || Math.abs(at[n.id].y - n.y) >= 1).length; }""")
    assert moved == 0
    assert page.js("() => kgNetwork.physics.options.enabled") is False
    page.assert_clean()


def test_a_filter_toggle_flags_the_items_it_hides(big_html, open_page):
    page = unfolded(open_page(big_html))
    kind = page.js("() => kg.data.types[0].name")
    box = page.page.locator(f'input[data-group="types"][value="{kind}"]')
    hidden = page.js("(t) => kg.data.nodes.filter(n => n.type === t).map(n => n.id)", kind)
    page.js("(id) => { window.kept = [kgNetwork.body.nodes[id], kgNetwork.body.edges['e0']]; }", hidden[0])
    box.click()
    n, m = page.counts()
    assert n == 2000 - len(hidden) and m < 4000 and page.drawn() == (n, m)
    assert page.js("(id) => kgNetwork.body.nodes[id].options.hidden", hidden[0]) is True
    box.click()
    assert page.counts() == (2000, 4000) and page.drawn() == (2000, 4000)
    # the same vis items came back, not new ones (vis re-creating them is what made a toggle slow)
    assert page.js("(id) => window.kept[0] === kgNetwork.body.nodes[id] && window.kept[1] === kgNetwork.body.edges['e0']",
                   hidden[0])
    page.assert_clean()


def test_labels_show_from_a_zoom_level_hubs_first(big_html, open_page):
    page = open_page(big_html)
    hubs = page.js("() => kg.data.nodes.slice().sort((a, b) => b.degree - a.degree).slice(0, 5).map(n => n.label)")
    at_fit = page.js(LABELS_DRAWN)
    assert 5 <= len(at_fit) <= 80, len(at_fit)  # not 2,000 labels on top of one another
    assert set(hubs) <= set(at_fit)
    assert not set(page.js("() => kg.data.predicates.map(p => p.zh)")) & set(at_fit)  # no relation labels
    page.js("(id) => kgNetwork.moveTo({position: kgNetwork.getPosition(id), scale: 1})", page.js(
        "() => kg.data.nodes[0].id"))
    close = page.js(LABELS_DRAWN)
    labels = set(page.js("() => kg.data.nodes.map(n => n.label)"))
    assert len(set(close) & labels) > 10 and len(set(close) & labels - set(at_fit)) > 0  # zoomed in: the rest
    page.assert_clean()


def test_a_focus_updates_no_item_and_veils_the_rest(big_html, open_page):
    page = open_page(big_html)
    hub = page.js("() => kg.data.nodes.reduce((a, b) => b.degree > a.degree ? b : a).id")
    far = page.js("""(hub) => { const near = new Set([hub]);
        kg.data.edges.forEach(e => { if (e.from === hub) near.add(e.to); if (e.to === hub) near.add(e.from); });
        return kg.data.nodes.filter(n => !near.has(n.id)).sort((a, b) => b.degree - a.degree)[0].id; }""", hub)
    page.js("(id) => kgNetwork.moveTo({position: kgNetwork.getPosition(id), scale: 1.5})", far)
    # the mean brightness (0-255, over the page's white) of 120 x 120 px around an entity out of the focus
    brightness = """() => { kgNetwork.redraw(); const c = document.querySelector('#kg-network canvas');
        const d = c.getContext('2d').getImageData(c.width / 2 - 60, c.height / 2 - 60, 120, 120).data; let s = 0;
        for (let i = 0; i < d.length; i += 4) s += (d[i] + d[i + 1] + d[i + 2]) / 3 * d[i + 3] / 255 + 255 - d[i + 3];
        return s / (d.length / 4); }"""
    before = page.js(brightness)
    page.js("() => { window.updates = 0; kg.nodes.on('update', (e, p) => { window.updates += p.items.length; }); }")
    page.js("(id) => kg.focusNode(id)", hub)
    after = page.js(brightness)
    assert page.js("() => window.updates") == 0
    assert after - before > 0.5 * (255 - before), (before, after)  # the rest under a veil
    # a laid-out graph labels the relations of the focus alone
    labelled = page.js("() => kg.data.edges.filter(e => kg.edges.get(e.id).label).map(e => [e.from, e.to])")
    assert labelled and all(hub in pair for pair in labelled)
    page.page.keyboard.press("Escape")
    assert page.js("() => kg.data.edges.filter(e => kg.edges.get(e.id).label).length") == 0
    assert abs(page.js(brightness) - before) < 0.5
    page.assert_clean()


def test_leaves_are_folded_into_their_neighbour_until_it_is_focused(big_html, open_page):
    page = open_page(big_html)
    leaves = page.js("""() => { const degree = {}, of = {};
        kg.data.edges.forEach(e => { for (const [a, b] of [[e.from, e.to], [e.to, e.from]]) {
            degree[a] = (degree[a] || 0) + 1; (of[a] = of[a] || []).push(b); } });
        return Object.keys(of).filter(v => degree[v] === 1 && degree[of[v][0]] > 1).map(v => [v, of[v][0]]); }""")
    assert len(leaves) > 50
    assert page.counts() == page.drawn() == (2000 - len(leaves), 4000 - len(leaves))
    assert page.page.inner_text("#kg-fold-row").strip().startswith(f"将 {len(leaves):,} 个叶子实体")  # strings.js
    page.page.locator("#kg-lang-en").click()
    assert page.page.inner_text("#kg-fold-row").strip().startswith(f"fold {len(leaves):,} leaves")
    hub = max({b for _, b in leaves}, key=lambda b: sum(n == b for _, n in leaves))
    mine = sorted(a for a, b in leaves if b == hub)
    shown = "(ids) => ids.filter(id => kgNetwork.body.nodeIndices.includes(id))"
    assert page.js(shown, mine) == []
    page.js("(id) => kg.focusNode(id)", hub)  # a focus unfolds its leaves, where they were
    assert sorted(page.js(shown, mine)) == mine and page.counts()[0] == 2000 - len(leaves) + len(mine)
    at = page.js("(ids) => ids.map(id => kgNetwork.getPosition(id))", mine)
    assert at == page.js("(ids) => ids.map(id => { const n = kg.nodes.get(id); return {x: Math.trunc(n.x), y: Math.trunc(n.y)}; })", mine)
    page.page.keyboard.press("Escape")
    assert page.js(shown, mine) == []
    page.page.fill("#kg-search", page.js("(id) => kg.nodeInfo[id].label", mine[0]))  # search finds a folded leaf
    page.page.press("#kg-search", "Enter")
    assert page.js(shown, [mine[0]]) == [mine[0]]
    page.page.keyboard.press("Escape")
    page.page.locator("#kg-fold").uncheck()  # the fold switched off
    assert page.counts() == page.drawn() == (2000, 4000)
    page.assert_clean()


def test_a_path_or_an_evidence_search_reaches_a_folded_leaf_and_unfolds_it(big_html, open_page):
    page = open_page(big_html)
    leaf, hub, sentence = page.js("""() => { const degree = {};
        kg.data.edges.forEach(e => { for (const v of [e.from, e.to]) degree[v] = (degree[v] || 0) + 1; });
        const e = kg.data.edges.find(e => degree[e.to] === 1 && degree[e.from] > 1);
        return [e.to, e.from, e.evidence[0].sentence]; }""")
    drawn = "(id) => kgNetwork.body.nodeIndices.includes(id)"
    assert not page.js(drawn, leaf)  # folded
    label = "(id) => kg.nodeInfo[id].label"
    page.page.locator("#kg-lang-en").click()
    page.page.fill("#kg-path-from", page.js(label, leaf))
    page.page.fill("#kg-path-to", page.js(label, hub))
    page.page.locator("#kg-path-form button").click()
    assert page.page.inner_text("#kg-path-status").startswith("One shortest path of length 1")
    assert page.js(drawn, leaf) and page.js("(id) => kg.lit('node', id)", leaf)
    page.page.keyboard.press("Escape")
    assert not page.js(drawn, leaf)  # folded again
    page.page.fill("#kg-evidence", sentence)
    page.page.locator("#kg-evidence-form button").click()
    assert page.page.inner_text("#kg-evidence-status").startswith("One relation shown")
    assert page.js(drawn, leaf) and page.js("(id) => kg.lit('node', id)", leaf)
    page.assert_clean()


def test_a_small_screen_folds_the_panel_away(tmp_path, open_page):
    graph = explorer_graph()
    out = tmp_path / "graph.html"
    write_html(graph, out)
    page = open_page(out)
    page.page.set_viewport_size({"width": 390, "height": 844})
    page.page.wait_for_function("() => document.querySelector('#kg-network canvas').clientWidth > 300")
    width = page.page.locator("#kg-network").bounding_box()["width"]
    assert width >= 0.8 * 390, width
    assert page.page.is_hidden("#kg-panel")
    toggle = page.page.locator("#kg-panel-toggle")
    toggle.click()
    assert page.page.is_visible("#kg-panel") and toggle.get_attribute("aria-expanded") == "true"
    box = page.page.locator("#kg-panel").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert toggle.bounding_box()["x"] >= box["x"] + box["width"]  # beside the panel, still there to close it
    page.page.locator('input[data-group="types"][value="Person"]').click()  # the controls work from there
    assert page.counts()[0] == graph.number_of_nodes() - 1
    toggle.click()
    assert page.page.is_hidden("#kg-panel")
    click_node(page, node(graph, "抖音"))  # the details fit the screen
    side = page.page.locator("#kg-side").bounding_box()
    assert page.page.is_visible("#kg-side") and side["x"] >= 0 and side["x"] + side["width"] <= 390
    assert side["y"] + side["height"] <= 844
    page.page.screenshot(path=str(tmp_path / "graph-390.png"))  # an artefact to look at
    page.assert_clean()


def test_the_page_benchmark_runs():
    # a child process: this module's browser already holds Playwright's event loop
    done = subprocess.run([sys.executable, "-m", "kg", "bench", "--page", "60", "--rounds", "1"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "60 entities / 120 relations" in done.stdout and "page answers" in done.stdout
    assert "filter toggle" in done.stdout and "page errors" not in done.stdout
