/* kg graph page: on a small screen (graph.css folds the control panel
   away) a button opens the panel over the graph and closes it; a search
   closes it, so that what it found is in view. */
(function () {
  "use strict";

  var button = document.getElementById("kg-panel-toggle");
  function setOpen(open) {
    if (open) document.body.setAttribute("data-kg-panel", "open");
    else document.body.removeAttribute("data-kg-panel");
    button.setAttribute("aria-expanded", String(open));
  }
  button.addEventListener("click", function () { setOpen(!document.body.hasAttribute("data-kg-panel")); });
  document.getElementById("kg-search-form").addEventListener("submit", function () { setOpen(false); });
  window.kg.setPanelOpen = setOpen;
})();
