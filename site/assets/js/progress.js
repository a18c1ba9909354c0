/* progress.js: the trainee's attempts across scenarios, kept in the browser.
 *
 * Loaded on the home page and on ending pages only (layouts/_partials/
 * progress-script.html), before coachsim.js. Plain ES5, no modules, no
 * requests. window.CoachSimProgress:
 *   available()         whether localStorage works here (file:// in some
 *                       browsers has none, or one per file)
 *   record(attempt)     keeps an attempt {scenario, stamp, path: "0.2.1",
 *                       ending, endingTitle, trust, accountability,
 *                       quadrant, steps, date}; coachsim.js calls it at an
 *                       ending. The trajectory (points) is added from
 *                       window.CoachSim.replay when it is there.
 *   attempts(id)        the attempts of one scenario (every one without id),
 *                       oldest first
 *   exportText()        every attempt as JSON text ({format, version, attempts})
 *   importText(text)    merges an export; returns the number of attempts added
 * Without storage the attempts live in memory for the page, so an import
 * still shows on the home page. The home page's progress, ending gallery,
 * attempts list and comparison are drawn by progress-home.js.
 */
(function () {
  "use strict";

  var KEY = "coachsim.progress", FORMAT = "coachsim-progress", VERSION = 1, MAX = 50;
  var doc = document, memory = [], ok = null;

  function available() {
    if (ok !== null) { return ok; }
    try {
      var k = KEY + ".probe", v = String(+new Date());
      localStorage.setItem(k, v);
      ok = localStorage.getItem(k) === v;
      localStorage.removeItem(k);
    } catch (e) { ok = false; }
    return ok;
  }

  function valid(a) {
    return !!a && typeof a === "object" && typeof a.scenario === "string" && /^[0-9a-f]{8}$/.test(a.stamp || "") &&
      typeof a.path === "string" && /^(\d{1,3}(\.\d{1,3})*)?$/.test(a.path) && typeof a.ending === "string";
  }

  function load() {
    if (!available()) { return memory; }
    try {
      var v = JSON.parse(localStorage.getItem(KEY) || "null");
      return v && v.attempts instanceof Array ? v.attempts.filter(valid) : [];
    } catch (e) { return []; }
  }

  function store(list) {
    memory = list;
    if (!available()) { return; }
    try { localStorage.setItem(KEY, JSON.stringify({ format: FORMAT, version: VERSION, attempts: list })); } catch (e) { /* full: keep in memory */ }
  }

  function same(a, b) { return a.scenario === b.scenario && a.stamp === b.stamp && a.path === b.path && a.date === b.date; }

  // Keeps one attempt; the same path shown again (a reload, the page's own
  // hashchange) is not a new attempt.
  function record(at) {
    if (!at) { return false; }
    var a = {}, k;
    for (k in at) { if (Object.prototype.hasOwnProperty.call(at, k)) { a[k] = at[k]; } }
    a.date = a.date || new Date().toISOString();
    if (!valid(a)) { return false; }
    if (!a.points && window.CoachSim && window.CoachSim.replay) {
      var r = window.CoachSim.replay(a.scenario, a.path ? a.path.split(".").map(Number) : []);
      if (r && r.ok) {
        a.points = [r.start];
        for (k = 0; k < r.steps.length; k++) { a.points.push([r.steps[k].trust, r.steps[k].accountability]); }
      }
    }
    var list = load(), mine = list.filter(function (x) { return x.scenario === a.scenario; }), last = mine[mine.length - 1];
    if (last && last.stamp === a.stamp && last.path === a.path) { return false; }
    list.push(a);
    if (mine.length + 1 > MAX) { list.splice(list.indexOf(mine[0]), 1); }
    store(list);
    return true;
  }

  function attempts(id) { return load().filter(function (x) { return id === undefined || x.scenario === id; }); }

  function exportText() {
    return JSON.stringify({ format: FORMAT, version: VERSION, exported: new Date().toISOString(), attempts: load() }, null, 1);
  }

  function importText(text) {
    var v;
    try { v = JSON.parse(text); } catch (e) { throw new Error("this file is not a progress export (it is not JSON)"); }
    if (!v || v.format !== FORMAT || !(v.attempts instanceof Array)) { throw new Error("this file is not a coachsim progress export"); }
    if (v.version > VERSION) { throw new Error("this export comes from a newer version of the site"); }
    var list = load(), n = 0;
    v.attempts.filter(valid).forEach(function (a) {
      if (!list.some(function (b) { return same(a, b); })) { list.push(a); n++; }
    });
    list.sort(function (a, b) { return a.date < b.date ? -1 : a.date > b.date ? 1 : 0; });
    store(list);
    return n;
  }

  window.CoachSimProgress = { available: available, record: record, attempts: attempts, exportText: exportText, importText: importText };

}());
