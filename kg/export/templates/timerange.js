/* kg graph page: time as a range (after graph.js and focus.js). A relation
   is shown when the years of its first and last dates overlap [from, to].
   The full span is "no range": every relation, dated or not, as when the
   page opens. While a range is set, undated relations are off unless their
   checkbox turns them on. Play steps one year at a time (from = to = each
   year in turn, so each step shows what was going on that year), one step a
   second, from the range's start (or the first year) to the last year. */
(function () {
  "use strict";

  var kg = window.kg, DATA = kg.data, state = kg.state, S = window.kgStrings;
  var $ = function (id) { return document.getElementById(id); };
  var years = DATA.years, first = years[0], last = years[years.length - 1];
  var from = $("kg-from"), to = $("kg-to"), undated = $("kg-undated"), play = $("kg-play");
  var undatedCount = DATA.edges.filter(function (e) { return !e.years; }).length;
  var STEP_MS = 1000;
  var timer = null;

  function clampYear(y) { return Math.min(last, Math.max(first, y)); }

  /* the inputs, the labels and the undated checkbox follow state.range and state.undated */
  function show() {
    var r = state.range || [first, last];
    from.value = r[0]; to.value = r[1];
    $("kg-from-value").textContent = r[0]; $("kg-to-value").textContent = r[1];
    var span = r[0] === r[1] ? String(r[0]) : r[0] + "\u2013" + r[1];
    if (state.range) S.say($("kg-range-value"), "range.span", { span: span });
    else S.say($("kg-range-value"), "range.all");
    /* without a range every relation is shown: the box says so and waits for a range */
    undated.checked = !state.range || state.undated;
    undated.disabled = !state.range;
    $("kg-range-all").disabled = !state.range;
  }

  /* the one way the range changes: [from, to] years (null or the full span: no range);
     set() leaves the refresh to its caller (viewstate.js restores several filters at once) */
  function set(range, withUndated) {
    var a = range ? range[0] : null, b = range ? range[1] : null;
    if (!years.length || a === null || a === undefined) { state.range = null; }
    else {
      a = clampYear(a); b = clampYear(b === undefined || b === null ? a : b);
      if (a > b) { var t = a; a = b; b = t; }
      state.range = a === first && b === last ? null : [a, b];
    }
    if (withUndated !== undefined) state.undated = !!withUndated;
    if (years.length) show();
  }
  function setRange(a, b) { set(a === null || a === undefined ? null : [a, b]); kg.refresh(); }
  function setUndated(on) { set(state.range, on); kg.refresh(); }

  function stop() {
    if (timer !== null) { clearInterval(timer); timer = null; }
    play.setAttribute("aria-pressed", "false");
    S.say(play, "range.play");
  }
  function start() {
    var y = state.range && state.range[0] < last ? state.range[0] : first;
    play.setAttribute("aria-pressed", "true");
    S.say(play, "range.stop");
    setRange(y, y);
    timer = setInterval(function () {
      if (y >= last) { stop(); return; }  /* the last year stays shown */
      y += 1;
      setRange(y, y);
    }, STEP_MS);
  }

  if (years.length) {
    [from, to].forEach(function (input) { input.min = first; input.max = last; });
    /* moving one end past the other pushes it along */
    from.addEventListener("input", function () {
      var a = parseInt(from.value, 10), b = Math.max(a, parseInt(to.value, 10));
      stop(); setRange(a, b);
    });
    to.addEventListener("input", function () {
      var b = parseInt(to.value, 10), a = Math.min(b, parseInt(from.value, 10));
      stop(); setRange(a, b);
    });
    play.addEventListener("click", function () { if (timer === null) start(); else stop(); });
  } else {
    Array.prototype.forEach.call(document.querySelectorAll("#kg-time .kg-range"), function (e) { e.hidden = true; });
    play.parentNode.hidden = true;
  }
  $("kg-range-all").addEventListener("click", function () { stop(); setRange(null); });
  undated.addEventListener("change", function () { setUndated(undated.checked); });
  S.say($("kg-undated-text"), undatedCount === 1 ? "range.undated1" : "range.undated", { n: undatedCount });

  S.say(play, "range.play");
  kg.time = { span: years.length ? [first, last] : null, set: set, setRange: setRange, setUndated: setUndated,
              play: start, stop: stop, playing: function () { return timer !== null; } };
  if (years.length) show();
  else { S.say($("kg-range-value"), "year.none"); undated.checked = true; undated.disabled = true; }
})();
