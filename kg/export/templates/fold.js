/* kg graph page: in a big laid-out graph the leaves (entities with one
   relation, to an entity with more) are folded into their neighbour: not
   drawn until it, or the leaf, is focused, or the fold is switched off.
   Real news graphs have many (an entity named once); hubs keep them out of
   the hairball. A leaf keeps its position, near its neighbour, so
   unfolding moves nothing. graph.js's refresh calls kg.fold after
   computing what the filters show; focus.js calls kg.onFocus. */
(function () {
  "use strict";

  var kg = window.kg, DATA = kg.data;
  var $ = function (id) { return document.getElementById(id); };
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
    if (!fold.on) return;
    var open = kg.focus ? kg.focus.id : null;
    leaves.forEach(function (leaf) {
      if (leaf === open || neighbour[leaf] === open) return;
      nodeShown[leaf] = false;
      edgeShown[edgeOf[leaf]] = false;
    });
  };
  kg.onFocus = function () { if (fold.on) kg.refresh(); };

  $("kg-fold-row").hidden = false;
  window.kgStrings.say($("kg-fold-text"), "fold.leaves", { n: leaves.length });
  $("kg-fold").addEventListener("change", function () { fold.on = this.checked; kg.refresh(); });
  kg.refresh();
})();
