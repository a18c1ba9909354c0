/* coachsim.js: the trainee's path through a scenario, kept in the URL.
 *
 * The path is the list of choices made so far (authored indices), in the
 * fragment after the scenario's stamp: #p=1a2b3c4d:0.2.1. From it this
 * script replays the scenario with the same rules as the Go generator
 * (generator/scenario/plane.go and cond.go, analysis.Play), rewrites the
 * choice and continue links to carry the path on, follows conditional
 * routes, draws the position and trajectory on the quadrant, says how far
 * each response really moved the position, fills the ending's debrief
 * (showing the paragraphs that apply to the path), and remembers the last
 * path per scenario for "resume". A path recorded against another stamp
 * (the scenario has changed since) is never replayed.
 *
 * Every page works without it. Plain ES5, no modules, no requests: the
 * scenario's data comes from js/scenarios/ID.js (and, on intro and ending
 * pages, the titles and the transcript's words from ID.text.js), loaded
 * before this file; the plane (range, quadrants, the zero-line rule, the
 * picture's geometry: data/plane.json) and the page addresses
 * (params.urls in hugo.toml) are compiled in as window.COACHSIM_SITE by
 * layouts/_partials/scripts.html. In the data a moment is its index in data.ids, a flag
 * its index in data.flags and a condition its index in data.conds
 * (site/README.md); the replay works with those indices and names moments
 * and flags by their names in what it returns. What only ending pages do
 * is in one part (var ending, below), which the bundle for every other
 * page leaves out.
 *
 * window.CoachSim.replay(scenarioId, pathArray) is the scoring, exposed for
 * the browser tests that compare it with the Go analysis.
 */
(function () {
  "use strict";

  var SITE = window.COACHSIM_SITE, PLANE = SITE.plane, URLS = SITE.urls;
  var MIN = PLANE.min, MAX = PLANE.max, doc = document, has = Object.prototype.hasOwnProperty;

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

  /* ---- The path in the fragment ---- */

  // "#p=1a2b3c4d:0.2.1" -> {stamp: "1a2b3c4d", path: [0, 2, 1]};
  // "#p=1a2b3c4d:" -> the empty path; no fragment -> {stamp: null, path: []}
  // (the start, whatever the version); an address from before stamps,
  // "#p=0.2.1" or "#p=" -> {stamp: "", ...}; anything else -> null.
  function parsePath(hash) {
    if (!hash || hash === "#") { return { stamp: null, path: [] }; }
    var m = /^#p=(?:([0-9a-f]{8}):)?((?:\d{1,3}(?:\.\d{1,3})*)?)$/.exec(hash), out = [];
    if (!m) { return null; }
    var parts = m[2] ? m[2].split(".") : [];
    for (var i = 0; i < parts.length; i++) { out.push(+parts[i]); }
    return { stamp: m[1] || "", path: out };
  }

  // A parsed fragment that was recorded against this build of the scenario.
  function current(data, f) { return !!f && (f.stamp === null || f.stamp === data.stamp); }

  function fragment(data, path) { return "#p=" + data.stamp + ":" + path.join("."); }

  window.CoachSim = {
    // replay(id, path) -> {ok, error, trust, accountability, quadrant,
    // moment, start, steps, flags (sorted), debrief (the shown paragraph
    // indices at an ending, else null)}; null for an unknown scenario.
    replay: function (id, path) {
      var d = lookup("COACHSIM_DATA", id);
      return d ? replayData(d, path || []) : null;
    },
    quadrantOf: quadrantOf,
    parsePath: parsePath
  };

  /* ---- The last path per scenario (file:// may forbid storage) ---- */

  // Stored as "STAMP:0.2.1"; an entry of another version (or from before
  // stamps) is ignored.
  function save(data, path) {
    try { localStorage.setItem("coachsim.path." + data.id, data.stamp + ":" + path.join(".")); } catch (e) { /* storage off */ }
  }
  function load(data) {
    try {
      var v = localStorage.getItem("coachsim.path." + data.id), f = v === null ? null : parsePath("#p=" + v);
      return f && f.stamp === data.stamp ? f.path : null;
    } catch (e) { return null; }
  }

  /* ---- DOM helpers ---- */

  function $(sel) { return doc.querySelector(sel); }
  function $$(sel) { return doc.querySelectorAll(sel); }
  function el(tag, attrs, text, ns) {
    var e = ns ? doc.createElementNS(ns, tag) : doc.createElement(tag);
    for (var k in attrs) { if (has.call(attrs, k)) { e.setAttribute(k, attrs[k]); } }
    if (text !== undefined) { e.appendChild(doc.createTextNode(text)); }
    return e;
  }
  function add(parent) {
    for (var i = 1; i < arguments.length; i++) {
      var c = arguments[i];
      parent.appendChild(typeof c === "string" ? doc.createTextNode(c) : c);
    }
    return parent;
  }
  function clear(node) { while (node && node.firstChild) { node.removeChild(node.firstChild); } }
  function signed(v) { return v > 0 ? "+" + v : String(v); }
  function url(tpl, m, c) { return tpl.replace("{m}", m).replace("{c}", c); }

  // Links keep their page address in data-href, so that a new path (on
  // hashchange) replaces the old fragment. base, when given, replaces the
  // address (a conditional route).
  function setHref(a, frag, base) {
    if (!a) { return; }
    if (!a.hasAttribute("data-href")) { a.setAttribute("data-href", a.getAttribute("href").split("#")[0]); }
    a.setAttribute("href", (base || a.getAttribute("data-href")) + frag);
  }

  function qname(data, q) { for (var i = 0; i < PLANE.quadrants.length; i++) { if (PLANE.quadrants[i].slug === q) { return PLANE.quadrants[i].name; } } return ""; }
  function where(data, t, a) { return "trust " + t + ", accountability " + a + ": " + qname(data, quadrantOf(t, a)); }
  function at(p) { return "(" + p[0] + ", " + p[1] + ")"; }

  /* ---- The plane (geometry from PLANE.svg, as layouts/_partials/quadrant.html) ---- */

  function points(r) {
    var pts = [r.start];
    for (var i = 0; i < r.steps.length; i++) { pts.push([r.steps[i].trust, r.steps[i].accountability]); }
    return pts;
  }

  // label: what the picture shows, after its name; the path follows.
  function draw(r, label) {
    var svg = $("svg[data-role=plane]"), g = svg && svg.querySelector("[data-js=track]");
    if (!g) { return; }
    var ns = svg.namespaceURI, pts = points(r), n = pts.length, xy = [], i;
    var geo = PLANE.svg;
    function x(p) { return geo.x + geo.unit * p[0]; }
    function y(p) { return geo.y - geo.unit * p[1]; }
    function dot(p, cls, rad) { g.appendChild(el("circle", { "class": cls, cx: x(p), cy: y(p), r: rad }, undefined, ns)); }
    for (i = 0; i < n; i++) { xy.push(x(pts[i]) + "," + y(pts[i])); }
    dot(pts[0], "start", 3.5);
    if (n > 2) {
      g.appendChild(el("polyline", { "class": "path", points: xy.slice(0, -1).join(" ") }, undefined, ns));
      for (i = 1; i < n - 1; i++) { dot(pts[i], "dot", 2.5); }
    }
    if (n > 1 && xy[n - 2] !== xy[n - 1]) {
      // The last move, as an arrow that stops at the edge of the marker.
      var x1 = x(pts[n - 2]), y1 = y(pts[n - 2]), dx = x(pts[n - 1]) - x1, dy = y(pts[n - 1]) - y1, k = 1 - 6 / Math.sqrt(dx * dx + dy * dy);
      g.appendChild(el("line", { "class": "last", x1: x1, y1: y1, x2: x1 + dx * k, y2: y1 + dy * k, "marker-end": "url(#cs-arrow)" }, undefined, ns));
    }
    dot(pts[n - 1], "now", 5);
    svg.querySelector("title").textContent = "The trust/accountability plane. " + label + ". " + trail(r);
  }

  function trail(r) {
    var pts = points(r), out = [];
    for (var i = 0; i < pts.length; i++) { out.push(at(pts[i])); }
    return "Path so far: " + out.join(" → ") + ".";
  }

  /* ---- Pages ---- */

  function position(data, t, a, intro, role) {
    var q = quadrantOf(t, a);
    return add(el("p", { "class": role, "data-role": role, "data-trust": String(t), "data-accountability": String(a), "data-quadrant": q }),
      intro + " trust " + t + ", accountability " + a + ": ", el("strong", {}, qname(data, q)), ".");
  }

  // With a stored path, a block under the start link: "Resume" (or, when
  // the path reached an ending, "See your last debrief") on its own line,
  // what it resumes under it.
  function intro(data) {
    setHref($("a[data-role=start]"), fragment(data, []));
    var slot = $("[data-js=resume]"), saved = load(data), r;
    clear(slot);
    if (!slot || !saved || !saved.length || !(r = replayData(data, saved)).ok) { return; }
    var n = saved.length + " response" + (saved.length === 1 ? "" : "s"), end = !!r.debrief;
    add(slot,
      add(el("p", { "class": "actions" }), el("a", { "data-role": "resume", "class": "button", href: url(URLS.moment, r.moment) + fragment(data, saved) },
        end ? "See your last debrief" : "Resume where you stopped")),
      el("p", { "class": "note" }, end ?
        "Last time you reached the ending \u201c" + endingTitle(data, r.moment) + "\u201d after " + n + ", at " + where(data, r.trust, r.accountability) + "." :
        "You stopped after " + n + ", at " + where(data, r.trust, r.accountability) + "."));
  }

  // The choice a step of a replay made.
  function choiceOf(data, s) { return choicesAt(data, ix(data, s.moment))[s.choice]; }

  // What a step did to one axis once the position was clamped to the
  // plane: "Trust +2"; "Trust +1 (stopped at the edge of the plane)"; or,
  // when the position could not move that way at all, "Trust: already at
  // the top of the plane, no change".
  function axisMove(name, d, from, to) {
    var got = to - from;
    if (got === d) { return name + " " + signed(got); }
    if (got === 0) { return name + ": already at the " + (d > 0 ? "top" : "bottom") + " of the plane, no change"; }
    return name + " " + signed(got) + " (stopped at the edge of the plane)";
  }
  // c: the choice ([dT, dA, ...]); from, to: [t, a] before and after it.
  function moveText(c, from, to) {
    return axisMove("Trust", c[0], from[0], to[0]) + "; " + axisMove("accountability", c[1], from[1], to[1]);
  }
  function clamped(c, from, to) { return to[0] - from[0] !== c[0] || to[1] - from[1] !== c[1]; }

  // The feedback page's movement, as it happened on this path (c null:
  // as built, the response's effect). data-moved-trust and
  // data-moved-accountability hold the change that happened.
  function delta(c, from, to) {
    var d = $("[data-role=delta]"), moved = d && d.querySelector("[data-js=moved]"), eff = d && d.querySelector("[data-js=effect]"), k;
    if (!d) { return; }
    if (moved) { d.removeChild(moved); }
    for (k = 0; k < 2; k++) {
      var name = "data-moved-" + ["trust", "accountability"][k];
      if (c) { d.setAttribute(name, signed(to[k] - from[k])); } else { d.removeAttribute(name); }
    }
    if (eff) { eff.hidden = !!c; }
    if (c) {
      add(d, add(el("span", { "data-js": "moved" }), el("span", { "class": "num" }, moveText(c, from, to) + "."),
        " From " + at(from) + " to " + at(to) + "." + (clamped(c, from, to) ?
          " The response's effect is trust " + signed(c[0]) + ", accountability " + signed(c[1]) + "; the plane ends at " + MIN + " and " + MAX + "." : "")));
    }
  }

  /* ---- Ending pages: the transcript, the debrief, save and print ----
   *
   * Only the bundle for ending pages has this part: layouts/_partials/
   * scripts.html builds this file twice, and for every other page
   * window.COACHSIM_ENDING is defined as false (js.Build's defines), so
   * esbuild drops the whole part from that bundle. It is a build-time
   * constant, never set at run time; where it is not defined (the Node
   * test of the scoring) the part is left out too.
   */
  var ending = window.COACHSIM_ENDING && (function () {
    // The authored indices of a moment's choices in the order they are shown
    // (ID.text.js lists the moments not shown as authored). m: its id.
    function orderAt(data, m) {
      var o = txt(data).order, mo = choicesAt(data, ix(data, m)), out = [];
      if (o && has.call(o, m)) { return o[m]; }
      for (var i = 0; mo && i < mo.length; i++) { out.push(i); }
      return out;
    }

    // The transcript's words, from ID.text.js: [response, feedback, level, fit].
    function words(data, m, c) {
      var t = txt(data), mt = t.moments && t.moments[m];
      if (c === undefined) { return mt ? mt.said : ""; }
      var w = mt && mt.choices && mt.choices[c];
      return w ? [w[0], w[1], t.levels[w[2]], t.fits[w[3]]] : ["Response " + (orderAt(data, m).indexOf(c) + 1), "", "", ""];
    }

    // What a quadrant means, from the plane.
    function meaning(data, q) { for (var i = 0; i < PLANE.quadrants.length; i++) { if (PLANE.quadrants[i].slug === q) { return PLANE.quadrants[i].meaning; } } return ""; }
    function squash(s) { return s.replace(/\s+/g, " ").trim(); }

    // The ending's debrief paragraphs: with a path, only those whose
    // condition holds, and no notes on which paths they apply to; without
    // (null), every paragraph with its note, as built.
    var notes = null, PARAS = "[data-js=debrief] [data-para]";
    function debrief(shown) {
      var ps = $$(PARAS), i;
      for (i = 0; i < ps.length; i++) {
        if (!shown || shown.indexOf(+ps[i].getAttribute("data-para")) >= 0) { ps[i].removeAttribute("hidden"); } else { ps[i].setAttribute("hidden", ""); }
      }
      if (!notes) {
        notes = [];
        var ns = $$("[data-js=if-note]");
        for (i = 0; i < ns.length; i++) { notes.push([ns[i], ns[i].parentNode]); }
      }
      for (i = 0; i < notes.length; i++) {
        var n = notes[i][0], p = notes[i][1];
        if (shown && n.parentNode) { p.removeChild(n); }
        if (!shown && !n.parentNode) { p.insertBefore(n, p.firstChild); }
      }
    }

    function transcript(data, r, path) {
      // The section is in the page (hidden); the list goes in its slot.
      var sec = $("[data-js=journey]"), slot = $("[data-js=transcript]"), ol = el("ol", { "data-role": "transcript" }), pts = points(r);
      if (!slot || !sec) { return; }
      for (var i = 0; i < r.steps.length; i++) {
        var s = r.steps[i], c = choiceOf(data, s), w = words(data, s.moment, s.choice);
        var li = el("li", { "data-moment": s.moment, "data-choice": String(s.choice) });
        var said = words(data, s.moment);
        if (said) { add(li, el("p", { "class": "said" }, txt(data).client + ": " + said)); }
        add(li,
          add(el("p"), el("strong", {}, "You: "), w[0]),
          el("p", { "class": "effect" }, moveText(c, pts[i], pts[i + 1]) + ": " +
            at(pts[i]) + " to " + at(pts[i + 1]) + ", " +
            qname(data, quadrantOf(s.trust, s.accountability)) + "." + (w[2] ? " " + w[2] + ", " + w[3] + "." : "")),
          add(el("p"), w[1] + " ", el("a", { "class": "more", href: url(URLS.feedback, s.moment, s.choice) + fragment(data, path.slice(0, i + 1)) }, "Full feedback")));
        // The others in the order the moment page shows them.
        var others = el("div", { "class": "untaken" }), ul = el("ul"), order = orderAt(data, s.moment);
        for (var k = 0; k < order.length; k++) {
          if (order[k] !== s.choice) { add(ul, el("li", {}, words(data, s.moment, order[k])[0])); }
        }
        if (ul.firstChild) { add(others, el("p", {}, "Not chosen here:"), ul); }
        add(others, add(el("p"), el("a", { "data-role": "branch", href: url(URLS.moment, s.moment) + fragment(data, path.slice(0, i)) }, "Try another branch from step " + (i + 1))));
        add(ol, add(li, others));
      }
      add(slot, ol);
      sec.removeAttribute("hidden");
    }

    function debriefText(data, r) {
      var lines = ["Coaching simulator: debrief", "", "Scenario: " + txt(data).title, "Ending: " + endingTitle(data, r.moment),
        "Final position: " + where(data, r.trust, r.accountability), meaning(data, r.quadrant), "", "Your path:"], pts = points(r);
      for (var i = 0; i < r.steps.length; i++) {
        var s = r.steps[i], c = choiceOf(data, s), w = words(data, s.moment, s.choice);
        lines.push("", (i + 1) + ". " + txt(data).client + ": " + words(data, s.moment), "   You: " + w[0],
          "   " + moveText(c, pts[i], pts[i + 1]) + " -> " + at(pts[i + 1]) + ". " + w[2] + ", " + w[3],
          "   Feedback: " + w[1]);
      }
      // Only the paragraphs shown for this path.
      var paras = $$(PARAS), qs = $$("[data-js=reflection] li"), deb = [];
      for (i = 0; i < paras.length; i++) {
        if (!paras[i].hasAttribute("hidden")) { deb.push(squash(paras[i].textContent)); }
      }
      if (deb.length) { lines.push("", "Debrief:", deb.join("\n\n")); }
      if (qs.length) { lines.push("", "Questions for reflection:"); }
      for (i = 0; i < qs.length; i++) { lines.push("- " + squash(qs[i].textContent)); }
      lines.push("", "Replay this path: " + location.href, "");
      return lines.join("\n");
    }

    function button(role, text, onclick) {
      var b = el("button", { type: "button", "data-js": "added", "data-role": role }, text);
      b.addEventListener("click", onclick);
      return b;
    }

    function actions(data, r) {
      var bar = $("[data-js=actions]"), old = $$("[data-js=added]"), i;
      for (i = 0; i < old.length; i++) { old[i].parentNode.removeChild(old[i]); }
      if (!bar || !data) { return; }
      add(bar, button("save", "Save debrief", function () {
        // A download from a Blob: no server, and it works from file://.
        var href = URL.createObjectURL(new Blob([debriefText(data, r)], { type: "text/plain;charset=utf-8" }));
        var a = el("a", { href: href, download: "debrief-" + data.id + ".txt" });
        doc.body.appendChild(a);
        a.click();
        doc.body.removeChild(a);
        setTimeout(function () { URL.revokeObjectURL(href); }, 1000);
      }), button("print", "Print", function () { window.print(); }));
    }

    return {
      // Back to the page as built, before a (new) path is shown.
      reset: function () {
        clear($("[data-js=transcript]"));
        var sec = $("[data-js=journey]");
        if (sec) { sec.setAttribute("hidden", ""); }
        actions(null, null);
        debrief(null);
      },
      // status: the status region; now: the position in words.
      show: function (data, r, path, status, now) {
        debrief(r.debrief);
        add(status, position(data, r.trust, r.accountability, "You ended at", "final"), el("p", { "class": "meaning" }, meaning(data, r.quadrant)));
        draw(r, "You ended at " + now);
        transcript(data, r, path);
        actions(data, r);
      }
    };
  }());

  function run() {
    var body = doc.body, page = body.getAttribute("data-page"), data = lookup("COACHSIM_DATA", body.getAttribute("data-scenario"));
    if (!data) { return; }
    var links = $$("a[data-href]"), i;
    for (i = 0; i < links.length; i++) { links[i].setAttribute("href", links[i].getAttribute("data-href")); }
    body.className = body.className.replace(/\s*\bcs-live\b/g, "");
    if (page === "intro") { intro(data); return; }
    if (page !== "moment" && page !== "feedback" && page !== "ending") { return; }

    var moment = body.getAttribute("data-moment"), status = $("[data-js=status]");
    var title = $("svg[data-role=plane] title");
    // The picture's name as built (what it shows without the script); a
    // previous path's name must not outlive that path.
    if (title) {
      if (!title.hasAttribute("data-text")) { title.setAttribute("data-text", title.textContent); }
      title.textContent = title.getAttribute("data-text");
    }
    clear(status);
    clear($("svg[data-role=plane] [data-js=track]"));
    delta(null);
    if (ending) { ending.reset(); }

    var hash = location.hash, f = parsePath(hash), stale = !!f && !current(data, f);
    var path = current(data, f) ? f.path : null, r = path && replayData(data, path), ok = false;
    var last = r && r.steps[r.steps.length - 1];
    if (r && r.ok) {
      ok = page === "feedback" ?
        !!last && last.moment === moment && String(last.choice) === body.getAttribute("data-choice") :
        r.moment === moment && (page === "ending") === !!r.debrief;
    }
    if (!ok) {
      if (hash && hash !== "#" && status) {
        // Say what the picture shows: not a position, only what it shows without the script.
        var why = stale ? "its path is from an earlier version of this scenario" : "this page is not where the path in its address leads";
        if (title) { title.textContent = title.textContent.replace(/^The trust\/accountability plane\.?/, "The trust/accountability plane, without your position (" + why + ")."); }
        add(status, stale ?
          add(el("p", { "class": "note", "data-role": "stale" }, "This path was recorded on an earlier version of this scenario, which has changed since; it cannot be replayed. "),
            el("a", { href: url(URLS.moment, data.ids[data.start]) + fragment(data, []) }, "Start again from the beginning"), ".") :
          add(el("p", { "class": "note" }, "This page is not where the path in its address leads, so your position is not shown. "),
            el("a", { href: URLS.intro }, "Start the scenario again"), "."));
      }
      return;
    }
    body.className += " cs-live";
    save(data, path);
    setHref($("a[data-role=replay]"), fragment(data, []));

    var t = r.trust, a = r.accountability, now = where(data, t, a);
    if (page === "moment") {
      var choices = $$("a[data-role=choice]");
      for (i = 0; i < choices.length; i++) {
        setHref(choices[i], fragment(data, path.concat([+choices[i].getAttribute("data-choice")])));
      }
      add(status, position(data, t, a, path.length ? "Your position:" : "You start at", "position"));
      draw(r, "Your position: " + now);
    } else if (page === "feedback") {
      var cont = $("a[data-role=continue]");
      if (cont) {
        setHref(cont, fragment(data, path), url(URLS.moment, last.next));
        cont.textContent = isEnding(data, ix(data, last.next)) ? "See how it ends" : "Continue";
      }
      setHref($("a[data-role=back]"), fragment(data, path.slice(0, -1)));
      var pts = points(r), from = pts[pts.length - 2], c = choiceOf(data, last);
      delta(c, from, [t, a]);
      add(status, position(data, t, a, "After this response:", "position"));
      draw(r, "This response " + (from[0] === t && from[1] === a ? "left you where you were, at " : "moved you to ") + now);
    } else if (ending) {
      ending.show(data, r, path, status, now);
    }
  }

  run();
  window.addEventListener("hashchange", run, false);
}());
