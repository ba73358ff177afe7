/* kg graph page: "how is A connected to B" (after graph.js and focus.js,
   whose window.kg it uses). All shortest paths of equal length, by a
   breadth-first search over the relations the filters show, in both
   directions; up to LIMIT of them highlighted and listed with their
   evidence. Untrusted text goes through textContent only. */
(function () {
  "use strict";

  var kg = window.kg, DATA = kg.data, el = kg.el, S = window.kgStrings;
  var $ = function (id) { return document.getElementById(id); };
  var LIMIT = 10;
  var shown = null;  /* the paths listed now, to list them again in the other language */

  /* neighbours over the shown relations: node id -> [{ to, edge }] */
  function adjacency() {
    var adj = {};
    DATA.edges.forEach(function (e) {
      if (!kg.filtersShow("edge", e.id) || e.from === e.to) return;
      (adj[e.from] = adj[e.from] || []).push({ to: e.to, edge: e });
      (adj[e.to] = adj[e.to] || []).push({ to: e.from, edge: e });
    });
    return adj;
  }

  /* every shortest path from a to b: the BFS keeps each node's distance and
     its number of shortest paths (which can be far more than LIMIT), then
     the first LIMIT paths are walked back from b. Returns { count, length,
     paths: [[id, ...]] } or null when b cannot be reached. */
  function shortestPaths(a, b) {
    var adj = adjacency(), dist = {}, frontier = [a];
    dist[a] = 0;
    while (frontier.length && dist[b] === undefined) {  /* level by level, up to b's */
      var next = [];
      frontier.forEach(function (v) {
        neighbours(adj, v).forEach(function (w) {
          if (dist[w] === undefined) { dist[w] = dist[v] + 1; next.push(w); }
        });
      });
      frontier = next;
    }
    if (dist[b] === undefined) return null;
    /* how many there are: each node's count is the sum of its predecessors' (nearer to a by one) */
    var ways = {};
    Object.keys(dist).sort(function (x, y) { return dist[x] - dist[y]; }).forEach(function (v) {
      ways[v] = v === a ? 1 : neighbours(adj, v).reduce(function (sum, w) {
        return dist[w] === dist[v] - 1 ? sum + ways[w] : sum;
      }, 0);
    });
    var paths = [];
    (function back(v, tail) {
      if (paths.length >= LIMIT) return;
      if (v === a) { paths.push([a].concat(tail)); return; }
      neighbours(adj, v).forEach(function (w) { if (dist[w] === dist[v] - 1) back(w, [v].concat(tail)); });
    })(b, []);
    return { count: ways[b], length: dist[b], paths: paths };
  }
  /* parallel relations between two nodes are one step of one path: each neighbour once */
  function neighbours(adj, v) {
    var seen = {}, out = [];
    (adj[v] || []).forEach(function (s) { if (!seen[s.to]) { seen[s.to] = true; out.push(s.to); } });
    return out;
  }

  /* the shown relations between two nodes, either way */
  function between(u, v) {
    return DATA.edges.filter(function (e) {
      return kg.filtersShow("edge", e.id) && ((e.from === u && e.to === v) || (e.from === v && e.to === u));
    });
  }

  function stepText(e) {
    var from = kg.nodeInfo[e.from].label, to = kg.nodeInfo[e.to].label, p = kg.predicateName(e.predicate);
    return kg.predicateStyle[e.predicate].symmetric ?
      from + " \u2014" + p + "\u2014 " + to : from + " \u2014" + p + "\u2192 " + to;
  }

  /* a relation in a list of results (paths, evidence search): a button that
     lights it alone on the canvas, its two entities in view; the list stays */
  function stepButton(e) {
    var item = el("button", "kg-relation kg-hit", stepText(e));
    item.type = "button";
    item.setAttribute("data-edge", e.id);
    item.addEventListener("click", function () {
      kg.focus.id = null;
      kg.dim(function (n) { return n.id === e.from || n.id === e.to; }, function (x) { return x.id === e.id; });
      kg.network.selectEdges([e.id]);
      kg.network.fit({ nodes: [e.from, e.to], maxZoomLevel: 2, animation: { duration: 300 } });
      Array.prototype.forEach.call($("kg-details").querySelectorAll("[aria-current]"), function (b) {
        b.removeAttribute("aria-current");
      });
      item.setAttribute("aria-current", "true");
    });
    return item;
  }
  kg.stepButton = stepButton;

  /* a message instead of paths: what the last search lit and listed goes */
  function fail(key, args) {
    S.say($("kg-path-status"), key, args);
    kg.clearFocus();
    return null;
  }

  function find() {
    shown = null;
    var a = kg.find($("kg-path-from").value), b = kg.find($("kg-path-to").value);
    if (!a || !b) return fail("search.none", { q: !a ? $("kg-path-from").value : $("kg-path-to").value });
    if (a.id === b.id) return fail("paths.same", { label: a.label });
    var hidden = [a, b].filter(function (n) { return !kg.filtersShow("node", n.id); })[0];
    if (hidden) return fail("paths.hidden", { label: hidden.label });
    var found = shortestPaths(a.id, b.id);
    if (!found) return fail("paths.none", { a: a.label, b: b.label });
    var key = found.count === 1 ? "paths.found1" : (found.count > found.paths.length ? "paths.limited" : "paths.found");
    shown = { found: found, key: key,
              args: { a: a.label, b: b.label, count: found.count, steps: found.length, shown: found.paths.length } };
    S.say($("kg-path-status"), shown.key, shown.args);
    highlight(found.paths);
    render();
    return found;
  }

  function highlight(paths) {
    var on = {}, onEdge = {};
    paths.forEach(function (path) {
      path.forEach(function (v, i) {
        on[v] = true;
        if (i) between(path[i - 1], v).forEach(function (e) { onEdge[e.id] = true; });
      });
    });
    kg.focus.id = null;  /* the paths replace a focus */
    kg.hideTip();
    kg.dim(function (n) { return !!on[n.id]; }, function (e) { return !!onEdge[e.id]; });
    kg.network.selectNodes([paths[0][0], paths[0][paths[0].length - 1]]);
    kg.network.fit({ nodes: Object.keys(on), maxZoomLevel: 2, animation: { duration: 300 } });
  }

  /* the panel: each path a chain of steps, each step its relations with their evidence */
  function render() {
    var found = shown.found, d = $("kg-details"), box = el("div", "kg-info kg-paths"), listed = {};
    box.appendChild(el("h3", null, S.text(shown.key, shown.args)));
    box.appendChild(el("p", "kg-muted", S.text("paths.scope")));
    found.paths.forEach(function (path, i) {
      var chain = path.map(function (v) { return kg.nodeInfo[v].label; }).join(" \u2192 ");
      var h = el("h4", null, S.text("paths.path", { i: i + 1, chain: chain }));
      h.setAttribute("data-path", String(i + 1));
      box.appendChild(h);
      path.slice(1).forEach(function (v, j) {
        between(path[j], v).forEach(function (e) {
          box.appendChild(stepButton(e));
          if (listed[e.id]) { box.appendChild(el("p", "kg-muted", S.text("paths.above"))); return; }
          listed[e.id] = true;
          box.appendChild(kg.storyItems(e.evidence));
        });
      });
    });
    d.textContent = "";
    d.appendChild(box);
    kg.openPanel();
  }

  $("kg-path-form").addEventListener("submit", function (ev) { ev.preventDefault(); find(); });
  S.onLang(function () { if (shown && $("kg-details").querySelector(".kg-paths")) render(); });
  kg.paths = { find: find, shortestPaths: shortestPaths, limit: LIMIT };
})();
