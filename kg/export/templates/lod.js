/* kg graph page: level of detail for big graphs (after graph.js, whose
   window.kg it uses). At the fit of a laid-out 10,000-node graph an
   arrowhead or a node's border is a tenth of a pixel, yet vis draws each:
   20,000 arrowheads are 40% of a drawing there. Below the zoom at which
   they would be a pixel or two on screen they are left out. These are hooks
   into vis-network 9.1.2 (the build pyvis ships, inlined): the renderer's
   arrow pass and the nodes' formatting values. */
(function () {
  "use strict";

  var kg = window.kg, network = kg.network;
  if (!kg.laidOut) return;
  var ARROWS_FROM = 0.2, BORDERS_FROM = 0.4;  /* zoom levels */

  var renderer = network.renderer, drawArrows = renderer._drawArrows;
  renderer._drawArrows = function (ctx) {
    if (network.getScale() >= ARROWS_FROM) drawArrows.call(this, ctx);
  };

  var any = network.body.nodes[kg.data.nodes[0].id];
  var proto = Object.getPrototypeOf(any), values = proto.getFormattingValues;
  proto.getFormattingValues = function () {
    var v = values.apply(this, arguments);
    if (!this.selected && !this.hover && network.getScale() < BORDERS_FROM) v.borderWidth = 0;
    return v;
  };
})();
