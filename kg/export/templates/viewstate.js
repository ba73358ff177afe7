/* kg graph page: the view travels (after graph.js, focus.js, timerange.js).
   The view's state is kept in the URL fragment, so that a link reopens the
   same view: written (history.replaceState, debounced) whenever it changes,
   read when the page opens and when the fragment is edited.

   The fragment: key=value pairs joined by "&"; a list value is its items,
   each percent-encoded, joined by ","; every key optional (absent: the
   default), unknown keys and names ignored, so a malformed fragment gives
   the default view.
     t / xt   entity types shown / hidden (whichever list is shorter)
     p / xp   predicates shown / hidden
     iso=1    hide entities without a shown relation
     y        the year range, "2014" or "2014-2016" (absent: all years)
     u=1      undated relations on while a range is set
     f, h=2   the focused entity's id, and 2 hops
     l        label language, zh or en

   Hook for other modules (paths, evidence search): kg.view.add(write,
   read, after) adds keys. write(out) sets out[key] to a string or a list
   of strings (nothing when default); read(params) restores them from
   params.get(key) (a string or null) and params.list(key) (a list or
   null), and must reset to the default when its keys are absent; after
   (optional) runs once the filters are refreshed. Call kg.view.changed()
   after the state changes (filters and focus already do). */
(function () {
  "use strict";

  var kg = window.kg, DATA = kg.data, state = kg.state, focus = kg.focus;
  var $ = function (id) { return document.getElementById(id); };
  var fields = [], restoring = false, timer = null, opened = "", WRITE_MS = 250;

  function decode(text) {
    try { return decodeURIComponent(text); } catch (e) { return null; }  /* a broken %-escape */
  }
  function parse(hash) {
    var raw = {};
    String(hash || "").replace(/^#/, "").split("&").forEach(function (pair) {
      var at = pair.indexOf("="), key = decode(at < 0 ? pair : pair.slice(0, at));
      if (key) raw[key] = at < 0 ? "" : pair.slice(at + 1);
    });
    return {
      get: function (key) { return Object.prototype.hasOwnProperty.call(raw, key) ? decode(raw[key]) : null; },
      list: function (key) {
        if (!Object.prototype.hasOwnProperty.call(raw, key)) return null;
        return raw[key] === "" ? [] : raw[key].split(",").map(decode).filter(function (s) { return s !== null; });
      }
    };
  }
  function serialize() {
    var out = {};
    fields.forEach(function (f) { f.write(out); });
    /* the language pins every other view, but alone and the default it is no view: no fragment */
    if (Object.keys(out).length === 1 && out.l === "zh") delete out.l;
    return Object.keys(out).map(function (key) {
      var v = out[key];
      return encodeURIComponent(key) + "=" +
        (Array.isArray(v) ? v.map(encodeURIComponent).join(",") : encodeURIComponent(v));
    }).join("&");
  }

  function write() {
    timer = null;
    var hash = serialize(), base = location.href.split("#")[0];
    var url = hash ? base + "#" + hash : base;
    if (url === location.href) return;
    try { history.replaceState(history.state, "", url); } catch (e) { /* a browser that refuses: no link */ }
  }
  function changed() {
    if (restoring) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(write, WRITE_MS);
  }
  function restore(hash) {
    var params = parse(hash);
    restoring = true;
    try {
      fields.forEach(function (f) { f.read(params); });
      kg.refresh();
      fields.forEach(function (f) { if (f.after) f.after(params); });
    } finally { restoring = false; }
  }
  /* a module whose script comes after this one gets its keys restored from the fragment the page opened with */
  function add(writeKeys, readKeys, after) {
    fields.push({ write: writeKeys, read: readKeys, after: after });
    if (!kg.view || !kg.view.ready) return;
    var params = parse(opened);
    restoring = true;
    try { readKeys(params); kg.refresh(); if (after) after(params); } finally { restoring = false; }
    if (opened) write();
  }

  /* ---- the view's fields ---- */
  function filterField(group, shownKey, hiddenKey) {
    var names = DATA[group].map(function (x) { return x.name; });
    function sync() {
      Array.prototype.forEach.call(document.querySelectorAll('input[data-group="' + group + '"]'), function (box) {
        box.checked = !!state[group][box.value];
      });
    }
    add(function (out) {
      var on = names.filter(function (n) { return state[group][n]; });
      var off = names.filter(function (n) { return !state[group][n]; });
      if (!off.length) return;
      if (on.length <= off.length) out[shownKey] = on; else out[hiddenKey] = off;
    }, function (params) {
      var on = params.list(shownKey), off = params.list(hiddenKey);
      var known = function (n) { return names.indexOf(n) >= 0; };
      names.forEach(function (n) { state[group][n] = true; });
      if (on && (on.length === 0 || on.some(known))) {  /* names all unknown: ignored */
        names.forEach(function (n) { state[group][n] = on.indexOf(n) >= 0; });
      } else if (off) {
        off.filter(known).forEach(function (n) { state[group][n] = false; });
      }
      sync();
    });
  }
  filterField("types", "t", "xt");
  filterField("predicates", "p", "xp");

  add(function (out) { if (state.isolated) out.iso = "1"; }, function (params) {
    state.isolated = params.get("iso") === "1";
    $("kg-isolated").checked = state.isolated;
  });

  add(function (out) {
    if (!state.range) return;
    out.y = state.range[0] === state.range[1] ? String(state.range[0]) : state.range[0] + "-" + state.range[1];
    if (state.undated) out.u = "1";
  }, function (params) {
    var m = /^(\d{4})(?:-(\d{4}))?$/.exec(params.get("y") || "");
    if (kg.time.playing()) kg.time.stop();
    kg.time.set(m ? [parseInt(m[1], 10), parseInt(m[2] || m[1], 10)] : null, params.get("u") === "1");
  });

  add(function (out) { out.l = kg.lang(); }, function (params) {
    var lang = params.get("l");
    if ((lang === "zh" || lang === "en") && lang !== kg.lang()) { kg.setLang(lang); kg.applyLang(); }
  });

  /* the focus last, once the filters are set: it renders the details in the restored language */
  add(function (out) {
    if (focus.id === null) return;
    out.f = focus.id;
    if (focus.hops === 2) out.h = "2";
  }, function () {}, function (params) {
    var id = params.get("f");
    focus.hops = params.get("h") === "2" ? 2 : 1;
    $("kg-hops").value = String(focus.hops);
    if (id !== null && Object.prototype.hasOwnProperty.call(kg.nodeInfo, id)) kg.focusNode(id);
    else if (focus.id !== null) kg.clearFocus();
  });

  kg.view = { add: add, changed: changed, restore: restore, serialize: serialize, ready: false };
  kg.onRefresh.push(changed);
  kg.onFocusChange.push(changed);
  Array.prototype.forEach.call(document.querySelectorAll("[data-lang], #kg-hops"), function (c) {
    c.addEventListener(c.tagName === "SELECT" ? "change" : "click", changed);
  });
  /* on opening, and when the fragment is edited by hand: what was not understood leaves it */
  function load() { opened = location.hash; restore(opened); if (opened) write(); }
  window.addEventListener("hashchange", load);
  load();
  kg.view.ready = true;
})();
