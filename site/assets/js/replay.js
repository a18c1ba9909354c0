/* replay.js: the scoring, shared by coachsim.js (the play pages) and
 * facilitator.js (the facilitator page), which js.Build bundles it into
 * (an ES module only at build time: the output is one ES5 IIFE each).
 *
 * It replays a path with the same rules as the Go generator
 * (generator/scenario/plane.go and cond.go, analysis.Play), on a
 * scenario's data from js/scenarios/ID.js (site/README.md, "Scenario data
 * shapes"). window.COACHSIM_SITE (the plane and the page addresses) is
 * compiled in by js.Build's defines; it is read here only, so that its
 * value is written into each bundle once.
 */
export var SITE = window.COACHSIM_SITE, PLANE = SITE.plane;
export var MIN = PLANE.min, MAX = PLANE.max, has = Object.prototype.hasOwnProperty;

/* ---- Scoring: mirrors generator/scenario (plane.go, cond.go) ---- */

function clamp(v) { return v < MIN ? MIN : (v > MAX ? MAX : v); }

// The quadrant (from PLANE.quadrants) on the side of the zero lines
// where (t, a) lies: a coordinate is high only above PLANE.high.
function quadrant(t, a) {
  for (var i = 0; i < PLANE.quadrants.length; i++) {
    var q = PLANE.quadrants[i];
    if (q.high_trust === t > PLANE.high && q.high_accountability === a > PLANE.high) { return q; }
  }
  return null;
}
function quadrantOf(t, a) { return quadrant(t, a).slug; }

// A term: [axis (0 trust, 1 accountability), operator, value]; a flag's
// index f, set by some choice on the path (~f: not set); or "@m", moment
// m visited ("!@m": not).
function compare(c, t, a, facts) {
  if (typeof c === "number") { return has.call(facts.flags, c < 0 ? ~c : c) !== c < 0; }
  if (typeof c === "string") {
    var not = c.charAt(0) === "!";
    return has.call(facts.visits, c.slice(not ? 2 : 1)) !== not;
  }
  var v = c[0] ? a : t, n = c[2];
  switch (c[1]) {
    case "<": return v < n;
    case "<=": return v <= n;
    case ">": return v > n;
    case ">=": return v >= n;
    case "==": return v === n;
    case "!=": return v !== n;
  }
  return false;
}

// cond: alternatives joined by "or", each a list of terms joined by "and".
// facts: {flags: {flag index: true}, visits: {moment index: true}}.
function holds(cond, t, a, facts) {
  for (var i = 0; i < cond.length; i++) {
    for (var j = 0; j < cond[i].length && compare(cond[i][j], t, a, facts); j++) { /* all must hold */ }
    if (j === cond[i].length) { return true; }
  }
  return false;
}

// The first route whose condition holds at the position after the
// choice's effect, with the flags set so far (the choice's own included)
// and the moments visited so far (the current one included); the last
// route has no condition and always holds.
// routes: the only target, or [if, to, if, to, ..., to] (if: the index
// of a condition in data.conds); -1 when no route holds.
function target(data, routes, t, a, facts) {
  if (typeof routes === "number") { return routes; }
  for (var i = 0; i + 1 < routes.length; i += 2) {
    if (holds(data.conds[routes[i]], t, a, facts)) { return routes[i + 1]; }
  }
  return routes.length % 2 ? routes[routes.length - 1] : -1;
}

// A moment's index in data.ids (-1 for none), from its id.
function ix(data, id) { return data.ids.indexOf(id); }

// A moment's choices, [[dTrust, dAccountability, routes], ...], or null
// for an ending (or no moment); whether a moment is an ending (0 in
// data.moments). m: its index.
function choicesAt(data, m) { var v = data.moments[m]; return v && typeof v === "object" ? v : null; }
function isEnding(data, m) { return data.moments[m] === 0; }

function lookup(table, id) {
  var all = window[table];
  return all && has.call(all, id) ? all[id] : null;
}

// What only intro and ending pages load: ID.text.js ({} without it).
function txt(data) { return lookup("COACHSIM_TEXT", data.id) || {}; }

// An id as a name: "names-it" -> "Names it" (as Hugo's humanize).
function humanize(id) { var s = id.replace(/-/g, " "); return s.charAt(0).toUpperCase() + s.slice(1); }

// An ending's title, from ID.text.js (m: its id), or its id as a name.
function endingTitle(data, m) { var e = txt(data).endings; return e && has.call(e, m) ? e[m] || humanize(m) : ""; }


// The indices of the debrief paragraphs an ending shows when reached at
// (t, a) with the given facts: data.debrief[m] holds one entry per
// paragraph, -1 for "always", else a condition's index; an ending it
// leaves out has one paragraph.
function shownParagraphs(data, m, t, a, facts) {
  var conds = data.debrief && has.call(data.debrief, m) ? data.debrief[m] : [-1], out = [];
  for (var i = 0; i < conds.length; i++) {
    if (conds[i] < 0 || holds(data.conds[conds[i]], t, a, facts)) { out.push(i); }
  }
  return out;
}

function replayData(data, path) {
  var t = clamp(data.initial[0]), a = clamp(data.initial[1]), m = data.start, ids = data.ids, i, j;
  var r = { ok: true, error: "", start: [t, a], steps: [] }, facts = { flags: {}, visits: {} };
  facts.visits[m] = true;
  for (i = 0; i < path.length; i++) {
    var mo = choicesAt(data, m), c = mo && mo[path[i]], sets = c && c[3] || [];
    if (!c) { r.ok = false; r.error = "step " + (i + 1) + ": no choice " + path[i] + " at " + (ids[m] || ""); break; }
    t = clamp(t + c[0]);
    a = clamp(a + c[1]);
    for (j = 0; j < sets.length; j++) { facts.flags[sets[j]] = true; }
    var next = target(data, c[2], t, a, facts);
    r.steps.push({ moment: ids[m], choice: path[i], trust: t, accountability: a, next: ids[next] || "" });
    if (!has.call(data.moments, next)) { r.ok = false; r.error = "step " + (i + 1) + ": route leads nowhere"; break; }
    facts.visits[next] = true;
    m = next;
  }
  r.trust = t;
  r.accountability = a;
  r.quadrant = quadrantOf(t, a);
  r.moment = ids[m] || "";
  r.flags = [];
  for (var f in facts.flags) { if (has.call(facts.flags, f)) { r.flags.push(data.flags[f]); } }
  r.flags.sort();
  r.debrief = r.ok && isEnding(data, m) ? shownParagraphs(data, m, t, a, facts) : null;
  return r;
}

export { clamp, quadrantOf, holds, target, ix, choicesAt, isEnding, lookup, txt, humanize, endingTitle, shownParagraphs, replayData };
