"""The page benchmark: ``kg bench --page N`` writes graph.html for a seeded
synthetic graph of N entities and 2N relations (every entity kept: no
``--max-nodes`` limit), opens it in headless Chromium through Playwright
(the test extra) and times what a reader waits for:

- **ready**: from navigation until the page answers: ``data-kg-ready`` set
  and a click on the biggest hub handled (its details panel shown);
- **filter toggle**: a type checkbox and a relation checkbox, each switched
  off and on again several times, from the click until vis has drawn the
  result (its next ``afterDrawing``): the median;
- **focus** (a click on a hub, and Escape), **language switch** (中文 /
  English) and a plain **redraw** of the whole view, timed the same way;
- on a page that has them (issue 15's), the **paths** from the biggest hub
  to the last entity and an **evidence search** lighting about a thousand
  relations (a word in 1,111 sentences of 10,000 entities' graph), timed the
  same way.

Timings come from the page's own clock (``performance.now``), so Python and
the DevTools protocol add nothing. Speed is measured here, never in unit
tests."""
from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

import networkx as nx

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]
DATES = (None, "2019", "2020-05", "2021-03-02", "2022", "2023", "2024")

# a click (or key) inside the page, then the time until vis has drawn the result
_TIMED = """async ([what, arg]) => {
  const drawn = new Promise(done => kgNetwork.once('afterDrawing', () => done(performance.now())));
  const late = new Promise(done => setTimeout(() => done(null), 20000));
  const start = performance.now();
  if (what === 'click') document.querySelector(arg).click();
  else if (what === 'focus') kg.focusNode(arg);
  else if (what === 'escape') document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}));
  else if (what === 'redraw') kgNetwork.redraw();
  else if (what === 'path') {
    document.getElementById('kg-path-from').value = kg.nodeInfo[arg[0]].label;
    document.getElementById('kg-path-to').value = kg.nodeInfo[arg[1]].label;
    kg.paths.find();
  }
  else if (what === 'evidence') kg.evidence.search(arg);
  const acted = performance.now();
  /* nothing to draw (vis asks for a frame at once when it has): the action's own time */
  const idle = new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(acted))));
  const end = await Promise.race([drawn, idle, late]);
  return end === null ? null : end - start;
}"""


def synthetic_graph(n_nodes: int, n_edges: int | None = None, seed: int = 7) -> nx.MultiDiGraph:
    """A reproducible graph shaped like news: subjects drawn with a skew (a
    few hubs, many leaves), every entity type and predicate of the schema,
    dates on most relations, one evidence sentence each.

    Parameters
    ----------
    n_nodes : entities
    n_edges : relations (default ``2 * n_nodes``)
    seed : the same seed, the same graph

    Returns
    -------
    networkx.MultiDiGraph
        As ``kg.graph.build_graph`` makes it.
    """
    from kg.graph import build_graph
    from kg.schema import SCHEMA

    n_edges = 2 * n_nodes if n_edges is None else n_edges
    types, predicates = list(SCHEMA.entity_types), list(SCHEMA.predicates)
    rnd = random.Random(seed)
    entities = [{"name": f"实体{i:05d}", "type": types[i % len(types)], "aliases": [f"别名{i}"],
                 "en": f"entity {i}"} for i in range(n_nodes)]
    triples, seen = [], set()
    while len(triples) < n_edges:
        u, v, p = int(n_nodes * rnd.random() ** 2), rnd.randrange(n_nodes), rnd.choice(predicates)
        if u == v or (u, v, p) in seen:
            continue
        seen.add((u, v, p))
        date = rnd.choice(DATES)
        sentence = f"{entities[u]['name']}与{entities[v]['name']}的关系{len(triples)}。"
        triples.append({"subject": entities[u]["name"], "subject_type": entities[u]["type"], "predicate": p,
                        "object": entities[v]["name"], "object_type": entities[v]["type"],
                        "attrs": {"date": date} if date else {}, "confidence": 0.8,
                        "evidence": {"doc": f"d{len(triples) % 500}.txt", "sentence": sentence,
                                     "start": 0, "end": len(sentence)}})
    return build_graph(triples, entities)


def measure(html: Path, repeats: int = 5, viewport: dict | None = None) -> dict:
    """Open a graph page in headless Chromium and time it (see the module's
    docstring).

    Parameters
    ----------
    html : the page
    repeats : how many times each action is timed (the median is kept)
    viewport : the window (default 1440x900)

    Returns
    -------
    dict
        ``nodes``, ``edges``; ``ready_attr_s`` and ``ready_s`` in seconds;
        the medians in milliseconds of ``type``, ``relation`` (filter
        toggles), ``focus``, ``unfocus``, ``language``, ``redraw``, and
        ``path`` and ``evidence`` where the page has them; and the page's
        ``errors``.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as e:
        raise RuntimeError("kg bench --page needs Playwright: pip install -e '.[test]'") from e
    if not CHROMIUM.exists():
        raise RuntimeError(f"kg bench --page needs {CHROMIUM} (make system-deps)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport=viewport or {"width": 1440, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            return _measure(page, html, repeats, errors)
        finally:
            browser.close()


def _measure(page, html: Path, repeats: int, errors: list[str]) -> dict:
    start = time.perf_counter()
    page.goto(html.resolve().as_uri())
    page.wait_for_selector("body[data-kg-ready]", timeout=120_000)
    ready_attr = time.perf_counter() - start
    hub = page.evaluate("() => kg.data.nodes.reduce((a, b) => b.degree > a.degree ? b : a).id")
    x, y = page.evaluate("""(id) => { const p = kgNetwork.canvasToDOM(kgNetwork.getPosition(id));
        const r = document.querySelector('#kg-network canvas').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }""", hub)
    page.mouse.click(x, y)
    page.wait_for_selector("#kg-side:not([hidden])", timeout=60_000)
    ready = time.perf_counter() - start
    page.keyboard.press("Escape")

    def timed(what: str, arg=None) -> float:
        value = page.evaluate(_TIMED, [what, arg])
        if value is None:
            raise RuntimeError(f"{what} {arg}: nothing drawn within 20 s")
        return value

    type_box = 'input[data-group="types"][value="%s"]' % page.evaluate("() => kg.data.types[0].name")
    predicate_box = 'input[data-group="predicates"][value="%s"]' % page.evaluate("() => kg.data.predicates[0].name")
    result = {"nodes": page.evaluate("() => kg.data.nodes.length"), "edges": page.evaluate("() => kg.data.edges.length"),
              "ready_attr_s": ready_attr, "ready_s": ready}
    samples: dict[str, list[float]] = {k: [] for k in ("type", "relation", "focus", "unfocus", "language", "redraw")}
    explorer = page.evaluate("() => !!(kg.paths && kg.evidence)")  # issue 15's paths and evidence search
    far = page.evaluate("() => kg.data.nodes[kg.data.nodes.length - 1].id")
    if explorer:
        samples.update(path=[], evidence=[])

    def lit(what: str, arg) -> float:
        took = timed(what, arg)
        page.wait_for_timeout(400)  # the fit's animation, drawn before the next action is timed
        timed("escape")
        return took
    for _ in range(repeats):
        samples["type"] += [timed("click", type_box), timed("click", type_box)]
        samples["relation"] += [timed("click", predicate_box), timed("click", predicate_box)]
        samples["focus"].append(timed("focus", hub))
        samples["unfocus"].append(timed("escape"))
        samples["language"] += [timed("click", "#kg-lang-en"), timed("click", "#kg-lang-zh")]
        samples["redraw"].append(timed("redraw"))
        if explorer:
            samples["path"].append(lit("path", [hub, far]))
            samples["evidence"].append(lit("evidence", "的关系7"))
    result.update({k: statistics.median(v) for k, v in samples.items()})
    result["errors"] = errors
    return result


def lines(result: dict) -> list[str]:
    """The report of one measured page.

    Parameters
    ----------
    result : what ``measure`` returned

    Returns
    -------
    list of str
        The lines to print.
    """
    out = [f"{result['nodes']:,} entities / {result['edges']:,} relations in headless Chromium "
           f"(medians, ms from the input to vis's next drawing):",
           f"  page answers (ready and a click on a hub handled)  {result['ready_s']:6.2f} s"
           f"   (data-kg-ready after {result['ready_attr_s']:.2f} s)"]
    names = {"type": "filter toggle: an entity type", "relation": "filter toggle: a relation",
             "focus": "focus on the biggest hub", "unfocus": "clear the focus (Escape)",
             "language": "label language switch", "redraw": "redraw of the whole view",
             "path": "paths from the biggest hub to the last entity", "evidence": "evidence search (的关系7)"}
    out += [f"  {label:<50}{result[key]:8.0f} ms" for key, label in names.items() if key in result]
    if result["errors"]:
        out.append(f"  page errors: {result['errors']}")
    return out


def run_page(n_nodes: int, seed: int = 7, repeats: int = 5, keep: Path | None = None) -> list[str]:
    """Generate, write and measure the page of a synthetic graph (``kg bench --page N``).

    Parameters
    ----------
    n_nodes : entities (relations: twice as many)
    seed : of the synthetic graph
    repeats : how many times each action is timed
    keep : write graph.html there (default: a temporary folder)

    Returns
    -------
    list of str
        The lines to print.
    """
    from kg.export.html import write_html

    with tempfile.TemporaryDirectory(prefix="kg-bench-page-") as tmp:
        start = time.perf_counter()
        graph = synthetic_graph(n_nodes, seed=seed)
        made = time.perf_counter() - start
        html = keep or Path(tmp) / "graph.html"
        start = time.perf_counter()
        write_html(graph, html, max_nodes=None)
        written = time.perf_counter() - start
        size = html.stat().st_size
        result = measure(html, repeats)
    return [f"synthetic graph (seed {seed}) made in {made:.1f} s; graph.html written in {written:.1f} s "
            f"({size / 1e6:.1f} MB)", *lines(result)]
