/* kg graph page: search the evidence (after graph.js and focus.js, whose
   window.kg it uses). A keyword finds the shown relations with an evidence
   sentence that contains it (case-insensitive); they stay lit on the
   canvas, the rest dimmed, and the details panel lists them by predicate
   with those sentences and their sources. Untrusted text goes through
   textContent only. */
(function () {
  "use strict";

  var kg = window.kg, DATA = kg.data, el = kg.el, S = window.kgStrings;
  var $ = function (id) { return document.getElementById(id); };
  var LIMIT = 100;  /* relations listed; the canvas lights them all (a long list is slow to build and to read) */
  var current = null;  /* { q, hits: [{ edge, evidence }], hidden } of the last search with hits */

  function matching(e, q) {
    return e.evidence.filter(function (ev) { return ev.sentence && ev.sentence.toLowerCase().indexOf(q) >= 0; });
  }

  function search(query) {
    var q = String(query).trim(), low = q.toLowerCase(), hits = [], hidden = 0;
    current = null;
    if (!q) return null;
    DATA.edges.forEach(function (e) {
      var found = matching(e, low);
      if (!found.length) return;
      if (kg.filtersShow("edge", e.id)) hits.push({ edge: e, evidence: found }); else hidden += 1;
    });
    S.say($("kg-evidence-status"), hits.length ? (hits.length === 1 ? "evidence.found1" : "evidence.found") :
          "evidence.none", { q: q, count: hits.length });
    var more = $("kg-evidence-hidden");
    more.hidden = !hidden;
    S.say(more, "evidence.hidden", { n: hidden });
    if (!hits.length) { kg.clearFocus(); return hits; }
    current = { q: q, hits: hits, hidden: hidden };
    var ids = light(hits.map(function (h) { return h.edge; }));
    kg.network.unselectAll();
    kg.network.fit({ nodes: ids, maxZoomLevel: 2, animation: { duration: 300 } });
    render();
    return hits;
  }

  /* dim all but these relations and their entities */
  function light(edges) {
    var on = {}, onEdge = {};
    edges.forEach(function (e) { on[e.from] = on[e.to] = onEdge[e.id] = true; });
    kg.focus.id = null;  /* the search replaces a focus */
    kg.hideTip();
    kg.dim(function (n) { return !!on[n.id]; }, function (e) { return !!onEdge[e.id]; });
    return Object.keys(on);
  }

  /* the keyword marked in each sentence: the text split around it, each piece a text node */
  function mark(list, q) {
    Array.prototype.forEach.call(list.querySelectorAll(".kg-sentence"), function (div) {
      var text = div.textContent, low = text.toLowerCase(), at = 0, i;
      if (low.length !== text.length) return;  /* a letter whose lower case is longer: left unmarked */
      div.textContent = "";
      while ((i = low.indexOf(q, at)) >= 0) {
        div.appendChild(document.createTextNode(text.slice(at, i)));
        div.appendChild(el("mark", null, text.slice(i, i + q.length)));
        at = i + q.length;
      }
      div.appendChild(document.createTextNode(text.slice(at)));
    });
    return list;
  }

  function render() {
    var d = $("kg-details"), box = el("div", "kg-info kg-evidence"), groups = {};
    box.appendChild(el("h3", null, S.text(current.hits.length === 1 ? "evidence.found1" : "evidence.found",
                                          { q: current.q, count: current.hits.length })));
    if (current.hidden) box.appendChild(el("p", "kg-muted", S.text("evidence.hidden", { n: current.hidden })));
    if (current.hits.length > LIMIT) box.appendChild(el("p", "kg-muted", S.text("evidence.limited", { n: LIMIT })));
    box.appendChild(el("p", "kg-muted", S.text("evidence.click")));
    current.hits.forEach(function (h) { (groups[h.edge.predicate] = groups[h.edge.predicate] || []).push(h); });
    var room = LIMIT;
    DATA.predicates.forEach(function (p) {  /* the schema's order, as the focus lists them */
      var hits = groups[p.name];
      if (!hits || room <= 0) return;
      var head = el("h4");
      head.appendChild(kg.badge(kg.predicateBadgeText(p.name), p.color));
      head.appendChild(el("span", "kg-muted", hits.length));
      box.appendChild(head);
      hits.slice(0, room).forEach(function (h) {
        room -= 1;
        box.appendChild(kg.stepButton(h.edge));  /* paths.js: a click lights it alone */
        box.appendChild(mark(kg.storyItems(h.evidence), current.q.toLowerCase()));  /* the matching sentences only */
      });
    });
    d.textContent = "";
    d.appendChild(box);
    kg.openPanel();
  }

  $("kg-evidence-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    search($("kg-evidence").value);
  });
  S.onLang(function () { if (current && $("kg-details").querySelector(".kg-evidence")) render(); });
  kg.evidence = { search: search, limit: LIMIT };
})();
