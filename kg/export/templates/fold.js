/* kg graph page: in a big laid-out graph the leaves (entities with one
   relation, to an entity with more) are folded into their neighbour: not
   drawn until the leaf is lit (a focus on it or its neighbour, a path, an
   evidence search), or the fold is switched off. Real news graphs have
   many (an entity named once); hubs keep them out of the hairball. A leaf
   keeps its position, near its neighbour, so unfolding moves nothing.
   graph.js's refresh calls kg.fold after computing what the filters show;
   focus.js's kg.dim calls kg.onFocus. paths.js and evidence.js search what
   the filters show, folded or not (kg.filtersShow). */
(function () {
  "use strict";

  var kg = window.kg, DATA = kg.data;
  var $ = function (id) { return document.getElementById(id); };
  var folded = { nodes: {}, edges: {} };  /* what the last refresh folded away */
  kg.filtersShow = function (kind, id) {
    return kind === "edge" ? !!kg.edgeShown[id] || !!folded.edges[id] : !!kg.nodeShown[id] || !!folded.nodes[id];
  };
  var degree = {}, neighbour = {}, edgeOf = {};
  DATA.edges.forEach(function (e) {
    degree[e.from] = (degree[e.from] || 0) + 1;
    degree[e.to] = (degree[e.to] || 0) + 1;
  });
  DATA.edges.forEach(function (e) {
    [[e.from, e.to], [e.to, e.from]].forEach(function (pair) {
      if (degree[pair[0]] === 1 && degree[pair[1]] > 1) { neighbour[pair[0]] = pair[1]; edgeOf[pair[0]] = e.id; }
    });
  });
  var leaves = Object.keys(neighbour), fold = { on: kg.laidOut && leaves.length > 0 };
  kg.leafFold = fold;
  if (!kg.laidOut || !leaves.length) return;

  kg.fold = function (nodeShown, edgeShown) {
    folded = { nodes: {}, edges: {} };
    if (!fold.on) return;
    leaves.forEach(function (leaf) {
      if (kg.lit("node", leaf)) return;
      var e = edgeOf[leaf];
      if (nodeShown[leaf]) { nodeShown[leaf] = false; folded.nodes[leaf] = true; }
      if (edgeShown[e]) { edgeShown[e] = false; folded.edges[e] = true; }
    });
  };
  kg.onFocus = function () { if (fold.on) kg.refresh(); };

  $("kg-fold-row").hidden = false;
  window.kgStrings.say($("kg-fold-text"), "fold.leaves", { n: leaves.length });
  $("kg-fold").addEventListener("change", function () { fold.on = this.checked; kg.refresh(); });
  kg.refresh();
})();
