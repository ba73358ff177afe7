/* kg graph page: save the current view as a PNG (after graph.js). vis draws
   on a transparent canvas: the picture is that canvas over the page's
   background colour (light or dark), at the canvas's own pixel size, named
   after the page's title. */
(function () {
  "use strict";

  var kg = window.kg;

  /* a file name from the title: no path separators, quotes or control characters */
  function fileName(title) {
    var name = String(title || "").replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, "_").replace(/^[\s.]+|[\s.]+$/g, "");
    return (name || "graph").slice(0, 120) + ".png";
  }

  function picture() {
    var canvas = document.querySelector("#kg-network canvas");
    var out = document.createElement("canvas");
    out.width = canvas.width; out.height = canvas.height;
    var ctx = out.getContext("2d");
    ctx.fillStyle = getComputedStyle(document.body).backgroundColor;
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(canvas, 0, 0);
    return out;
  }

  function savePng() {
    var a = document.createElement("a");
    a.href = picture().toDataURL("image/png");
    a.download = fileName(kg.data.title || document.title);
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  kg.savePng = savePng;
  kg.pngName = fileName;
  document.getElementById("kg-png").addEventListener("click", savePng);
})();
