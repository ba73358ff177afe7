/* kg graph page, part 2 (after graph.js, whose window.kg it uses): the
   focus on an entity, the details panel with its relations and their
   sources, and the language toggle. Untrusted text goes through
   textContent only; a link is made of an http(s) URL alone. */
(function () {
  "use strict";

  var kg = window.kg, DATA = kg.data, network = kg.network, el = kg.el;
  var $ = function (id) { return document.getElementById(id); };
  var DIM = 0.15;  /* opacity of what the focus leaves out */
  var focus = { id: null, hops: 1 };
  kg.focus = focus;
  kg.onFocusChange = [];  /* called after the focus (or its hops) changes: viewstate.js writes the URL fragment */
  function focusChanged() { kg.onFocusChange.forEach(function (f) { f(focus.id); }); }

  /* neighbours over every relation (shown or not): a filter changes what is drawn, not who is related */
  var adjacent = {};
  DATA.nodes.forEach(function (n) { adjacent[n.id] = []; });
  DATA.edges.forEach(function (e) { adjacent[e.from].push(e.to); adjacent[e.to].push(e.from); });

  function distances(id, hops) {
    var dist = {}, frontier = [id];
    dist[id] = 0;
    for (var d = 1; d <= hops; d++) {
      var next = [];
      frontier.forEach(function (v) {
        adjacent[v].forEach(function (w) { if (dist[w] === undefined) { dist[w] = d; next.push(w); } });
      });
      frontier = next;
    }
    return dist;
  }

  /* What a focus, a path (paths.js) or an evidence search (evidence.js)
     leaves out is dimmed by a veil: vis draws the whole graph, a layer of
     the background's colour covers it (afterDrawing) and the lit edges and
     nodes are drawn again on top. No item's look is updated: a highlight
     costs one drawing whatever the graph's size, where updating 30,000
     items costs vis over a second. A laid-out big graph labels the lit
     relations alone (an update of those). */
  var lit = null;  /* {nodes: {id: true}, edges: {id: true}} while something is lit */
  kg.dimmed = function (kind, id) { return !!lit && !lit[kind === "edge" ? "edges" : "nodes"][id]; };
  kg.lit = function (kind, id) { return !!lit && !!lit[kind === "edge" ? "edges" : "nodes"][id]; };
  /* light what nodeOn / edgeOn keep (predicates on DATA's nodes and edges), or with none light all */
  function dim(nodeOn, edgeOn) {
    var before = lit ? lit.edges : {}, labels = [];
    lit = nodeOn ? { nodes: {}, edges: {} } : null;
    if (lit) {
      DATA.nodes.forEach(function (n) { if (nodeOn(n)) lit.nodes[n.id] = true; });
      DATA.edges.forEach(function (e) { if (edgeOn && edgeOn(e)) lit.edges[e.id] = true; });
    }
    if (kg.laidOut) {
      var now = lit ? lit.edges : {};
      Object.keys(before).forEach(function (id) { if (!now[id]) labels.push({ id: id, label: null }); });
      Object.keys(now).forEach(function (id) {
        if (!before[id]) labels.push({ id: id, label: kg.edgeLabel(kg.edgeInfo[id], true) });
      });
    }
    kg.batch(function () {
      if (labels.length) kg.edges.update(labels);
      if (kg.onFocus) kg.onFocus();  /* fold.js: unfold the leaves lit */
    });
  }
  kg.dim = dim;
  function paint(dist) {
    if (!dist) return dim(null);
    dim(function (n) { return dist[n.id] !== undefined; }, function (e) {
      /* an edge is in the focus when it leads from a node inside the hops to another one in them */
      return dist[e.from] !== undefined && dist[e.to] !== undefined && Math.min(dist[e.from], dist[e.to]) < focus.hops;
    });
  }
  kg.litEdges = function () { return lit ? lit.edges : {}; };

  var VEIL = (document.body.getAttribute("data-kg-theme") === "dark" ? "rgba(21,25,31," : "rgba(255,255,255,") +
    (1 - DIM) + ")";
  network.on("afterDrawing", function (ctx) {
    if (!lit) return;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = VEIL;
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
    var body = network.body, edges = [], labels = [];
    Object.keys(lit.edges).forEach(function (id) {
      var e = body.edges[id];
      if (e && e.connected && kg.edgeShown[id] && kg.nodeShown[e.fromId] && kg.nodeShown[e.toId]) edges.push(e);
    });
    edges.forEach(function (e) { e.draw(ctx); });  /* vis's order: edges, nodes, arrows, outer labels */
    Object.keys(lit.nodes).forEach(function (id) {
      var n = body.nodes[id];
      if (n && kg.nodeShown[id]) {
        var drawn = n.draw(ctx);
        if (drawn && drawn.drawExternalLabel) labels.push(drawn.drawExternalLabel);
      }
    });
    edges.forEach(function (e) { e.drawArrows(ctx); });
    labels.forEach(function (draw) { draw(); });
  });

  function openPanel() {
    $("kg-side").hidden = false;
    $("kg-side").scrollTop = 0;  /* the details start in view; the panel, not the page, scrolls */
  }
  kg.openPanel = openPanel;

  function focusNode(id) {
    if (!kg.nodeInfo[id]) return;
    focus.id = id;
    paint(distances(id, focus.hops));
    network.selectNodes([id]);
    renderNode(id);
    openPanel();
    focusChanged();
  }
  function clearFocus() {
    var had = focus.id !== null;
    focus.id = null;
    if (had || lit) paint(null);  /* a path or an evidence search dims too */
    network.unselectAll();
    $("kg-side").hidden = true;
    $("kg-details").textContent = "";
    focusChanged();
  }
  kg.focusNode = focusNode;
  kg.clearFocus = clearFocus;

  /* ---- the details of a focused entity: its relations, grouped by predicate ---- */
  function safeUrl(url) {
    try {
      var u = new URL(String(url));
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) { return null; }
  }
  kg.safeUrl = safeUrl;

  function sourceLine(doc, reposts, date) {
    var art = DATA.articles[doc] || {}, line = el("div", "kg-source");
    var url = art.url ? safeUrl(art.url) : null, title = art.title || doc || "?";
    if (url) {
      var a = el("a", null, title);
      a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
      line.appendChild(a);
    } else {
      line.appendChild(el("span", "kg-title", title));
    }
    var rest = [art.site, art.date || date].filter(Boolean);
    if (art.title && doc) rest.push(doc);
    if (rest.length) line.appendChild(document.createTextNode(" \u00b7 " + rest.join(" \u00b7 ")));
    if (reposts) {
      line.appendChild(document.createTextNode(" \u00b7 " +
        kgStrings.text(reposts > 1 ? "source.reposts" : "source.repost", { n: reposts })));
    }
    return line;
  }

  /* evidence grouped by story: a repost (articles.jsonl duplicate_of) joins its first article */
  function storyItems(evidence) {
    var order = [], stories = {};
    evidence.forEach(function (ev) {
      var art = DATA.articles[ev.doc] || {}, key = art.duplicate_of || ev.doc;
      if (!stories[key]) { stories[key] = { doc: key, docs: [], sentences: [], date: ev.date }; order.push(key); }
      var s = stories[key];
      if (s.docs.indexOf(ev.doc) < 0) s.docs.push(ev.doc);
      if (ev.sentence && s.sentences.indexOf(ev.sentence) < 0) s.sentences.push(ev.sentence);
    });
    var list = el("ol");
    order.forEach(function (key) {
      var s = stories[key], li = el("li"), reposts = s.docs.filter(function (d) { return d !== key; }).length;
      s.sentences.forEach(function (text) { li.appendChild(el("div", "kg-sentence", "\u201c" + text + "\u201d")); });
      li.appendChild(sourceLine(DATA.articles[key] ? key : s.docs[0], reposts, s.date));
      list.appendChild(li);
    });
    return list;
  }
  kg.storyItems = storyItems;

  function renderNode(id) {
    var d = $("kg-details"), box = kg.infoBox("node", id, false);
    d.textContent = "";
    d.appendChild(box);
    var groups = {};
    DATA.edges.forEach(function (e) {
      if (e.from === id || e.to === id) (groups[e.predicate] = groups[e.predicate] || []).push(e);
    });
    DATA.predicates.forEach(function (p) {  /* the schema's order */
      var edges = groups[p.name];
      if (!edges) return;
      var h = el("h4");
      h.appendChild(kg.badge(kg.predicateBadgeText(p.name), p.color));
      h.appendChild(el("span", "kg-muted", edges.length));
      box.appendChild(h);
      edges.forEach(function (e) {
        var other = kg.nodeInfo[e.from === id ? e.to : e.from];
        var arrow = p.symmetric ? "\u2014 " : (e.from === id ? "\u2192 " : "\u2190 ");
        var when = e.first_date ? "  (" + e.first_date + (e.last_date && e.last_date !== e.first_date ?
          "\u2013" + e.last_date : "") + ")" : "";
        var rel = el("div", "kg-relation", arrow + other.label + when + (e.status ? " \u00b7 " + e.status : ""));
        rel.setAttribute("data-edge", e.id);
        box.appendChild(rel);
        box.appendChild(storyItems(e.evidence));
      });
    });
  }
  kg.renderNode = renderNode;

  /* ---- events ---- */
  network.on("click", function (p) {
    kg.hideTip();
    if (p.nodes.length) focusNode(p.nodes[0]);
    else if (p.edges.length) { clearFocus(); network.selectEdges([p.edges[0]]); kg.showDetails("edge", p.edges[0]); }
    else clearFocus();  /* empty canvas */
  });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") clearFocus(); });
  $("kg-side-close").addEventListener("click", clearFocus);
  $("kg-hops").addEventListener("change", function () {
    focus.hops = parseInt(this.value, 10) === 2 ? 2 : 1;
    if (focus.id !== null) focusNode(focus.id);
  });

  /* ---- language ---- */
  function applyLang(first) {
    var lang = kg.lang();
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    Array.prototype.forEach.call(document.querySelectorAll("[data-lang]"), function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-lang") === lang));
    });
    Array.prototype.forEach.call(document.querySelectorAll(".kg-legend .kg-name[data-name]"), function (s) {
      var name = s.getAttribute("data-name");
      s.textContent = s.parentNode.querySelector("[data-group=types]") ? kg.typeName(name) : kg.predicateName(name);
    });
    /* only the labels drawn change: none at first (graph.js made them in
       this language); in a laid-out big graph, those of the focus */
    var lit = kg.litEdges();
    var labelled = first ? [] : DATA.edges.filter(function (e) { return kg.edgeLabel(e, !!lit[e.id]) !== null; });
    if (labelled.length) {
      kg.batch(function () {
        kg.edges.update(labelled.map(function (e) { return { id: e.id, label: kg.predicateName(e.predicate) }; }));
      });
    }
    if (focus.id !== null) renderNode(focus.id);
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-lang]"), function (b) {
    b.addEventListener("click", function () { kg.setLang(b.getAttribute("data-lang")); applyLang(); });
  });
  kg.applyLang = applyLang;
  applyLang(true);
})();
