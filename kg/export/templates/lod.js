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
  var LABEL_MAX = 22;  /* px on screen: a hub's label grows no bigger when zoomed in */

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

  /* graph.js gives hubs big fonts, so that their labels show from far out;
     vis 9.1.2 reads scaling.label.maxVisible but never shrinks a font to it,
     so the cap is applied here, to the labels measured and drawn (measured
     again when capped: a few dozen a drawing) */
  var labelProto = Object.getPrototypeOf(any.labelModule), FONTS = ["bold", "ital", "boldital", "mono"];
  function capped(method) {
    return function () {
      var cap = LABEL_MAX / network.getScale();
      if (!(this.fontOptions.size > cap)) return method.apply(this, arguments);
      var fonts = [this.fontOptions].concat(FONTS.map(function (mod) { return this.fontOptions[mod]; }, this));
      var sizes = fonts.map(function (f) { return f && f.size; });
      fonts.forEach(function (f) { if (f && f.size > cap) f.size = cap; });
      this.labelDirty = true;
      try {
        return method.apply(this, arguments);
      } finally {
        fonts.forEach(function (f, i) { if (f) f.size = sizes[i]; });
        this.labelDirty = true;
      }
    };
  }
  labelProto.draw = capped(labelProto.draw);
  labelProto.calculateLabelSize = capped(labelProto.calculateLabelSize);
})();
