/* kg graph page. The data is untrusted text from articles: it only ever
   reaches the DOM through textContent / createTextNode, never innerHTML. */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var FONT = DATA.font;
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  var typeStyle = {}, predicateStyle = {};
  DATA.types.forEach(function (t) { typeStyle[t.name] = t; });
  DATA.predicates.forEach(function (p) { predicateStyle[p.name] = p; });

  /* Language of predicates and types: Chinese by default (the schema's zh),
     English by the toggle; remembered in localStorage when the browser
     allows it (file:// pages may have none, or throw on access). */
  var LANG_KEY = "kg-lang";
  function storedLang() {
    try { return window.localStorage.getItem(LANG_KEY) === "en" ? "en" : "zh"; } catch (e) { return "zh"; }
  }
  var lang = storedLang();
  var S = window.kgStrings;  /* strings.js: the page's own words, in both languages */
  S.setLang(lang);
  function predicateName(name) {
    var p = predicateStyle[name];
    if (!p) return name;
    return (lang === "zh" ? p.zh : p.en) || name;
  }
  function typeName(name) {
    var t = typeStyle[name];
    return lang === "zh" && t && t.zh ? t.zh : name;
  }
  /* a badge names both in Chinese mode, so the English key stays findable */
  function typeBadgeText(name) { var zh = typeName(name); return zh === name ? name : zh + " \u00b7 " + name; }
  function predicateBadgeText(name) {
    var shown = predicateName(name);
    return shown === name ? name : shown + (lang === "zh" ? " \u00b7 " + name : "");
  }

  var nodeInfo = {}, edgeInfo = {};
  DATA.nodes.forEach(function (n) { nodeInfo[n.id] = n; });
  DATA.edges.forEach(function (e) { edgeInfo[e.id] = e; });

  /* ---- vis items ---- */
  /* A big graph comes laid out (no physics), its hubs with big fonts
     (html.py's label_sizes): vis draws a label once it is a few px on
     screen, so labels appear as one zooms in, hubs first. Its relations
     are labelled in a focus only. */
  var laidOut = DATA.options.physics.enabled === false;
  function edgeLabel(e, focused) { return !laidOut || focused ? predicateName(e.predicate) : null; }
  function visNode(n) {
    var s = typeStyle[n.type];
    var item = {
      id: n.id, label: n.label, shape: s.shape,
      size: Math.min(8 + 4.5 * Math.sqrt(n.degree), 42),
      color: { background: s.color, border: "#ffffff", highlight: { background: s.color, border: "#111111" },
               hover: { background: s.color, border: "#111111" } }
    };
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    if (n.font) item.font = { size: n.font };
    return item;
  }
  function visEdge(e) {
    var color = predicateStyle[e.predicate].color;
    var negated = e.status === "negated";
    var item = {
      id: e.id, from: e.from, to: e.to, label: edgeLabel(e, false),
      /* symmetric predicates (partners_with, competes_with) have no direction */
      arrows: { to: { enabled: !predicateStyle[e.predicate].symmetric, scaleFactor: 0.55 } },
      color: { color: color, highlight: color, hover: color, opacity: negated ? 0.45 : 0.85 },
      font: { color: color, face: FONT },
      width: 1.2 + Math.min((e.sources || 1) - 1, 4) * 0.8,
      dashes: DATA.dashes[e.status] || false
    };
    if (e.roundness !== null && e.roundness !== undefined) {
      item.smooth = { enabled: true, type: "curvedCW", roundness: e.roundness };
    }
    if (e.length) item.length = e.length;
    return item;
  }

  var nodes = new vis.DataSet(DATA.nodes.map(visNode));
  var edges = new vis.DataSet(DATA.edges.map(visEdge));

  /* ---- filter state; the shown views read the flags computed by refresh() ---- */
  /* range: null (every relation, dated or not) or [from, to] years, set by timerange.js */
  var state = { types: {}, predicates: {}, range: null, undated: false, isolated: false };
  DATA.types.forEach(function (t) { state.types[t.name] = true; });
  DATA.predicates.forEach(function (p) { state.predicates[p.name] = true; });
  var nodeShown = {}, edgeShown = {};

  function computeShown() {
    var linked = {};
    DATA.edges.forEach(function (e) {
      var ok = state.predicates[e.predicate] &&
        state.types[nodeInfo[e.from].type] && state.types[nodeInfo[e.to].type] &&
        (!state.range || (e.years ? e.years[0] <= state.range[1] && e.years[1] >= state.range[0] : state.undated));
      edgeShown[e.id] = !!ok;
      if (ok) { linked[e.from] = true; linked[e.to] = true; }
    });
    DATA.nodes.forEach(function (n) {
      nodeShown[n.id] = !!state.types[n.type] && (!state.isolated || !!linked[n.id]);
    });
  }
  computeShown();
  /* what is shown, read like a vis.DataView (length, get, getIds, refresh); not a
     DataView, which would re-filter on every update of the DataSet (a focus
     updates them all). The network draws the DataSets, with `hidden` flags. */
  function shownView(set, shown) {
    var view = {
      length: 0,
      /* get(id): the item when shown, else null; get(): the shown items */
      get: function (id) { return arguments.length ? (shown[id] ? set.get(id) : null) : set.get(view.getIds()); },
      getIds: function () { return set.getIds().filter(function (id) { return shown[id]; }); },
      refresh: function () { view.length = Object.keys(shown).filter(function (id) { return shown[id]; }).length; }
    };
    return view;
  }
  var nodesView = shownView(nodes, nodeShown), edgesView = shownView(edges, edgeShown);

  /* The network follows nodeShown / edgeShown through the `hidden` flags of
     vis's own items (vis-network 9.1.2's body), set where they change, then
     one drawing. Drawn from DataViews, vis deletes every item a filter hides
     and re-creates it when it comes back; through DataSet updates it
     re-parses each item's options: at 10,000 nodes, 0.6 s and 0.2 s a
     toggle, against some 30 ms here. The drawing is asked for the next
     frame, where vis makes one of all that is asked (at load, its first). */
  function applyShown() {
    var body = network.body, changed = false;
    function flag(item, hide) { if (item.options.hidden !== hide) { item.options.hidden = hide; changed = true; } }
    DATA.nodes.forEach(function (n) { flag(body.nodes[n.id], !nodeShown[n.id]); });
    DATA.edges.forEach(function (e) { flag(body.edges[e.id], !edgeShown[e.id]); });
    if (!changed) return;
    network._updateVisibleIndices();  /* what vis draws and hit-tests: the shown items, edges with both ends */
    network.body.emitter.emit("_requestRedraw");
  }
  /* without physics vis draws after each DataSet update, at once: updates made
     in `fn` are drawn once, at the end (vis 9's renderer.allowRedraw) */
  function batch(fn) {
    var renderer = network.renderer;
    renderer.allowRedraw = false;
    try { fn(); } finally { renderer.allowRedraw = true; }
    network.redraw();
  }

  /* Every entity keeps a position whether shown or not: the drawn nodes'
     positions are written into the DataSet when the layout settles, after a
     drag, and before a filter change while live physics runs, so a node the filter brings back
     returns where it was instead of to the centre. */
  function savePositions() {
    if (!kg || !kg.ready) return;
    var ids = network.body.nodeIndices, at = network.getPositions(ids);
    nodes.update(ids.map(function (id) { return { id: id, x: at[id].x, y: at[id].y }; }));
  }
  var positionsStale = false;  /* true while live physics moves the nodes */
  function refresh() {
    if (positionsStale) savePositions();
    computeShown();
    if (kg && kg.fold) kg.fold(nodeShown, edgeShown);  /* fold.js: leaves folded into their neighbour */
    applyShown();
    nodesView.refresh();
    edgesView.refresh();
    S.say($("kg-counts"), "counts", { n: nodesView.length, total: DATA.nodes.length,
                                      m: edgesView.length, mtotal: DATA.edges.length });
    if (kg) kg.onRefresh.forEach(function (f) { f(); });  /* e.g. viewstate.js writes the URL fragment */
  }

  /* ---- the network ---- */
  /* labels are drawn on the canvas, out of CSS's reach: a dark theme sets their colours here */
  var dark = !!(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
  if (dark) {
    document.body.setAttribute("data-kg-theme", "dark");
    DATA.options.nodes.font.color = "#e3e7ed"; DATA.options.nodes.font.strokeColor = "#15191f";
    DATA.options.edges.font.strokeColor = "#15191f";
  }
  var kg = null;
  var network = new vis.Network($("kg-network"), { nodes: nodes, edges: edges }, DATA.options);
  kg = window.kg = {
    data: DATA, nodes: nodes, edges: edges, nodesView: nodesView, edgesView: edgesView,
    network: network, state: state, refresh: refresh, search: search, ready: false, onRefresh: []
  };
  window.kgNetwork = network;

  function settled() {
    if (kg.ready) return;
    network.setOptions({ physics: { enabled: false } });
    kg.ready = true;
    if (!laidOut) savePositions();  /* laid out: the DataSet holds the positions drawn */
    document.body.setAttribute("data-kg-ready", "1");
    $("kg-loading").classList.add("kg-done");
  }
  network.on("stabilizationProgress", function (p) {
    $("kg-progress").textContent = Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", settled);
  network.once("stabilized", settled);
  if (!DATA.nodes.length) settled();
  else if (laidOut) network.once("afterDrawing", settled);

  /* ---- panel ---- */
  $("kg-title").textContent = DATA.title;
  if (DATA.note) { $("kg-note-text").textContent = DATA.note; $("kg-note").hidden = false; }
  $("kg-note-close").addEventListener("click", function () { $("kg-note").hidden = true; });

  var boxes = { types: {}, predicates: {} };
  function checkbox(group, item, swatch) {
    var label = el("label"), box = boxes[group][item.name] = el("input");
    box.type = "checkbox"; box.checked = true;
    box.setAttribute("data-group", group); box.value = item.name;
    box.addEventListener("change", function () { state[group][item.name] = box.checked; refresh(); });
    label.appendChild(box); label.appendChild(swatch);
    var name = el("span", "kg-name", group === "types" ? typeName(item.name) : predicateName(item.name));
    name.setAttribute("data-name", item.name);
    label.appendChild(name);
    if (item.zh) label.title = item.zh + (item.en ? " \u00b7 " + item.en : "");
    label.appendChild(el("span", "kg-count", item.count.toLocaleString("en")));
    return label;
  }
  DATA.types.forEach(function (t) {
    var sym = el("span", "kg-symbol", t.symbol); sym.style.color = t.color;
    $("kg-types").appendChild(checkbox("types", t, sym));
  });
  DATA.predicates.forEach(function (p) {
    var line = el("span", "kg-line"); line.style.borderTopColor = p.color;
    $("kg-predicates").appendChild(checkbox("predicates", p, line));
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-all],[data-none]"), function (b) {
    b.addEventListener("click", function () {
      var group = b.getAttribute("data-all") || b.getAttribute("data-none"), on = b.hasAttribute("data-all");
      Object.keys(boxes[group]).forEach(function (name) { boxes[group][name].checked = on; state[group][name] = on; });
      refresh();
    });
  });

  $("kg-isolated").addEventListener("change", function () { state.isolated = this.checked; refresh(); });
  $("kg-physics").addEventListener("change", function () {
    network.setOptions({ physics: { enabled: this.checked } });
    positionsStale = this.checked;
    if (!this.checked) savePositions();
  });
  network.on("dragEnd", function (p) { if (p.nodes.length) savePositions(); });
  /* fit what is shown, zooming in as well as out (vis stops at 100% by default) */
  function fit() { network.fit({ maxZoomLevel: 3, animation: { duration: 300 } }); }
  kg.fit = fit;
  $("kg-fit").addEventListener("click", fit);

  /* ---- search ---- */
  var names = $("kg-names");
  DATA.nodes.slice().sort(function (a, b) { return b.degree - a.degree; }).slice(0, 2000).forEach(function (n) {
    var o = el("option"); o.value = n.label; names.appendChild(o);
  });
  function allNames(n) { return [n.label].concat(n.aliases, n.en ? [n.en] : []); }
  function find(query) {
    var q = String(query).trim().toLowerCase(), best = null, bestRank = 9;
    if (!q) return null;
    DATA.nodes.forEach(function (n) {
      allNames(n).forEach(function (name) {
        var s = name.toLowerCase();
        var rank = s === q ? 0 : (s.indexOf(q) === 0 ? 1 : (s.indexOf(q) > 0 ? 2 : 9));
        if (rank < bestRank || (rank === bestRank && rank < 9 && n.degree > best.degree)) {
          best = n; bestRank = rank;
        }
      });
    });
    return best;
  }
  function search(query) {
    var n = find(query), status = $("kg-search-status");
    if (!n) { S.say(status, "search.none", { q: query }); return null; }
    if (!state.types[n.type]) { state.types[n.type] = true; boxes.types[n.type].checked = true; }
    if (state.isolated) { state.isolated = false; $("kg-isolated").checked = false; }
    refresh();
    hideTip();
    network.selectNodes([n.id]);
    network.focus(n.id, { scale: Math.max(network.getScale(), 1.1),
                          animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    S.say(status, "search.found", { label: n.label, type: function () { return typeName(n.type); } });
    showDetails("node", n.id);
    return n.id;
  }
  $("kg-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    search($("kg-search").value);
  });

  /* ---- details: the hover tooltip and the panel share one renderer ---- */
  function field(dl, name, value) {
    if (value === null || value === undefined || value === "" || value.length === 0) return;
    if (typeof value === "object") value = JSON.stringify(value);
    dl.appendChild(el("dt", null, S.text("field." + name, null, name))); dl.appendChild(el("dd", null, value));
  }
  function badge(text, color) { var b = el("span", "kg-badge", text); b.style.background = color; return b; }
  function amount(a) {
    if (!a || typeof a !== "object") return a;
    return (typeof a.value === "number" ? a.value.toLocaleString("en") : a.value) + " " + (a.unit || "");
  }
  function nodeBox(n, full) {
    var box = el("div", "kg-info"), h = el("h3", null, n.label), dl = el("dl");
    box.appendChild(h);
    box.appendChild(badge(typeBadgeText(n.type), typeStyle[n.type].color));
    field(dl, "English", n.en);
    field(dl, "aliases", n.aliases.join("\u3001"));
    field(dl, "relations", n.degree);
    field(dl, "mentions", n.mentions);
    var docs = full ? n.docs : n.docs.slice(0, 6), more = n.docs.length - docs.length;
    field(dl, "documents", docs.join(", ") + (more ? " \u2026 (+" + more + ")" : ""));
    box.appendChild(dl);
    return box;
  }
  function edgeBox(e, full) {
    var box = el("div", "kg-info"), dl = el("dl");
    var arrow = predicateStyle[e.predicate].symmetric ? " \u2014 " : " \u2192 ";
    box.appendChild(el("h3", null, nodeInfo[e.from].label + arrow + nodeInfo[e.to].label));
    box.appendChild(badge(predicateBadgeText(e.predicate), predicateStyle[e.predicate].color));
    field(dl, "status", e.status);
    var span = e.first_date && e.last_date && e.first_date !== e.last_date;
    field(dl, "date", span ? e.first_date + " \u2013 " + e.last_date : e.first_date);
    DATA.attributes.forEach(function (a) {  /* the schema's attributes, in its order */
      field(dl, a.name, a.kind === "money" ? amount(e[a.name]) : e[a.name]);
    });
    field(dl, "sources", e.sources);
    field(dl, "confidence", e.confidence);
    box.appendChild(dl);
    if (full && kg.storyItems) { box.appendChild(kg.storyItems(e.evidence)); return box; }  /* focus.js: by story */
    var list = el("ol"), shown = full ? e.evidence : e.evidence.slice(0, 3);
    shown.forEach(function (ev) {
      var li = el("li");
      li.appendChild(el("div", "kg-sentence", "\u201c" + (ev.sentence || "") + "\u201d"));
      li.appendChild(el("div", "kg-source", (ev.doc || "?") + (ev.date ? " \u00b7 " + ev.date : "")));
      list.appendChild(li);
    });
    box.appendChild(list);
    if (shown.length < e.evidence.length) {
      box.appendChild(el("p", "kg-muted", S.text("evidence.more", { n: e.evidence.length - shown.length })));
    }
    return box;
  }
  function infoBox(kind, id, full) {
    return kind === "node" ? nodeBox(nodeInfo[id], full) : edgeBox(edgeInfo[id], full);
  }
  function showDetails(kind, id) {
    if (kind === "node" && kg.focusNode) return kg.focusNode(id);  /* focus.js: focus and relations */
    if (kg.openPanel) kg.openPanel();
    var d = $("kg-details");
    d.textContent = "";
    if (kind) d.appendChild(infoBox(kind, id, true));
  }
  kg.showDetails = showDetails;

  var tip = $("kg-tip");
  function showTip(kind, id, pointer) {
    tip.textContent = "";
    tip.appendChild(infoBox(kind, id, false));
    tip.hidden = false;
    var main = $("kg-main"), x = pointer.x + 14, y = pointer.y + 14;
    if (x + tip.offsetWidth > main.clientWidth) x = Math.max(0, pointer.x - tip.offsetWidth - 14);
    if (y + tip.offsetHeight > main.clientHeight) y = Math.max(0, main.clientHeight - tip.offsetHeight - 4);
    tip.style.left = x + "px"; tip.style.top = y + "px";
  }
  function hideTip() { tip.hidden = true; }
  network.on("hoverNode", function (p) { showTip("node", p.node, p.pointer.DOM); });
  network.on("hoverEdge", function (p) { showTip("edge", p.edge, p.pointer.DOM); });
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);
  $("kg-network").addEventListener("mouseleave", hideTip);
  /* what focus.js (the focus, the relations list, the language toggle) uses */
  kg.el = el; kg.badge = badge; kg.field = field; kg.infoBox = infoBox; kg.hideTip = hideTip;
  kg.find = find;  /* paths.js: the search's matching for its two boxes */
  kg.nodeInfo = nodeInfo; kg.edgeInfo = edgeInfo; kg.typeStyle = typeStyle; kg.predicateStyle = predicateStyle;
  kg.visNode = visNode; kg.visEdge = visEdge; kg.nodeShown = nodeShown; kg.edgeShown = edgeShown;
  kg.edgeLabel = edgeLabel; kg.batch = batch; kg.laidOut = laidOut;
  kg.predicateName = predicateName; kg.typeName = typeName; kg.predicateBadgeText = predicateBadgeText;
  kg.lang = function () { return lang; };
  kg.setLang = function (value) {
    lang = value === "en" ? "en" : "zh";
    S.setLang(lang);
    try { window.localStorage.setItem(LANG_KEY, lang); } catch (e) { /* no storage: this visit only */ }
  };

  refresh();
})();
