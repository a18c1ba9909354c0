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
 * is in one part (var ending, below), which the bundle for moment and
 * feedback pages leaves out. Everywhere: in-page links move focus and keep
 * the path, keys 1-9 and Enter choose and continue, and focus goes to what
 * is new on each page.
 *
 * window.CoachSim.replay(scenarioId, pathArray) is the scoring, exposed for
 * the browser tests that compare it with the Go analysis.
 */
// The scoring (the replay of a path) is replay.js, which the facilitator page shares.
import { SITE, PLANE, MIN, MAX, has, clamp, quadrantOf, ix, choicesAt, isEnding, lookup, txt, endingTitle, replayData } from "./replay.js";

(function () {
  "use strict";

  var URLS = SITE.urls;
  var doc = document;
  // "?review" in a page's address: someone else's debrief opened from a
  // code (the intro's box, the facilitator's table). It is shown, but not
  // kept as this browser's last path or as an attempt of its own.
  var REVIEW = /(^|&)review(=|&|$)/.test(location.search.slice(1));

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
  // Numbers as a reader sees them: a true minus sign (U+2212), as the
  // templates' num.html partial writes them; attributes keep ASCII.
  function num(v) { return v < 0 ? "\u2212" + (-v) : String(v); }
  function signed(v) { return v > 0 ? "+" + v : num(v); }
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
  function where(data, t, a) { return "trust " + num(t) + ", accountability " + num(a) + ": " + qname(data, quadrantOf(t, a)); }
  function at(p) { return "(" + num(p[0]) + ", " + num(p[1]) + ")"; }

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
      intro + " trust " + num(t) + ", accountability " + num(a) + ": ", el("strong", {}, qname(data, q)), ".");
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
      if (c) { d.setAttribute(name, (to[k] > from[k] ? "+" : "") + (to[k] - from[k])); } else { d.removeAttribute(name); }
    }
    if (eff) { eff.hidden = !!c; }
    if (c) {
      add(d, add(el("span", { "data-js": "moved" }), el("span", { "class": "num" }, moveText(c, from, to) + "."),
        " From " + at(from) + " to " + at(to) + ": " + qname(null, quadrantOf(to[0], to[1])) + "." + (clamped(c, from, to) ?
          " The response's effect is trust " + signed(c[0]) + ", accountability " + signed(c[1]) + "; the plane ends at " + num(MIN) + " and " + num(MAX) + "." : "")));
    }
  }

  /* ---- Ending and intro pages: the debrief, its export, its code ----
   *
   * Only the bundle for ending and intro pages has this part:
   * layouts/_partials/scripts.html builds this file twice, and for moment
   * and feedback pages window.COACHSIM_ENDING is defined as false
   * (js.Build's defines), so esbuild drops the whole part from that
   * bundle. It is a build-time constant, never set at run time; where it is
   * not defined (the Node test of the scoring) the part is left out too.
   *
   * The transcript's words are in one small file per moment on the path
   * (js/scenarios/ID/MID.js: what the client said, every response and the
   * gist of its feedback) and one per choice made (ID/MID-C.js: its
   * feedback in full), inserted as script elements (which load on
   * file://, where fetch cannot): the page loads only the text of its path.
   */
  var ending = window.COACHSIM_ENDING && (function () {
    // Each word file calls COACHSIM_W(key, words): short, as it is repeated in every file.
    var WORDS = {}, gen = 0;
    window.COACHSIM_W = function (k, v) { WORDS[k] = v; };

    // The authored indices of a moment's choices in the order they are shown
    // (ID.text.js lists the moments not shown as authored). m: its id.
    function orderAt(data, m) {
      var o = txt(data).order, mo = choicesAt(data, ix(data, m)), out = [];
      if (o && has.call(o, m)) { return o[m]; }
      for (var i = 0; mo && i < mo.length; i++) { out.push(i); }
      return out;
    }
    function numberOf(data, m, c) { return orderAt(data, m).indexOf(c) + 1; }

    // The folder of the per-moment files: next to ID.js, in ID/.
    function base() { var s = $("script[data-js=data]"); return s ? s.getAttribute("src").replace(/\.js$/, "/") : ""; }

    // Loads the word files named (e.g. "opening", "opening-2") that are
    // not loaded yet, then calls done, unless a newer load started.
    function need(data, names, done) {
      var left = 1, g = ++gen, b = base(), i;
      function one() { if (--left === 0 && g === gen) { done(); } }
      for (i = 0; i < names.length; i++) {
        if (has.call(WORDS, data.id + "/" + names[i])) { continue; }
        left++;
        var s = el("script", { src: b + names[i] + ".js" });
        s.onload = s.onerror = one;
        doc.head.appendChild(s);
      }
      one();
    }
    function word(data, name) { return has.call(WORDS, data.id + "/" + name) ? WORDS[data.id + "/" + name] : null; }

    // What the client said at m (paragraphs), and a choice's words:
    // {response, gist, level, fit}.
    function said(data, m) { var w = word(data, m); return w ? w.said : []; }
    function choiceWords(data, m, c) {
      var w = word(data, m), x = w && w.choices[c], t = txt(data);
      return x ? { response: x[0], gist: x[1], level: t.levels[x[2]], fit: t.fits[x[3]] } :
        { response: "Response " + numberOf(data, m, c), gist: "", level: "", fit: "" };
    }
    function feedback(data, m, c) { return word(data, m + "-" + c) || []; }
    // A decision moment's heading: its authored title, or "".
    function title(data, m) { var n = txt(data).names; return n && n[m] ? n[m][0] : ""; }

    function meaning(data, q) { for (var i = 0; i < PLANE.quadrants.length; i++) { if (PLANE.quadrants[i].slug === q) { return PLANE.quadrants[i].meaning; } } return ""; }
    function squash(s) { return s.replace(/\s+/g, " ").trim(); }
    function paras(list, cls) { var d = el("div", cls ? { "class": cls } : {}); for (var i = 0; i < list.length; i++) { add(d, el("p", {}, list[i])); } return d; }
    function h(level, text, attrs) { return el("h" + level, attrs || {}, text); }

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

    // The turning point of a play: the step with the largest swing (the
    // most movement on both axes together; -1 when no step moved more than
    // every other, as no one step then turned the play) and the first step
    // that changed the quadrant (-1 for none). moved: whether any step
    // moved the position at all.
    function turning(r) {
      var pts = points(r), big = -1, most = 0, ties = 0, change = -1;
      for (var i = 0; i < r.steps.length; i++) {
        var d = Math.abs(pts[i + 1][0] - pts[i][0]) + Math.abs(pts[i + 1][1] - pts[i][1]);
        if (d > most) { most = d; big = i; ties = 1; } else if (d === most && d > 0) { ties++; }
        if (change < 0 && quadrantOf(pts[i][0], pts[i][1]) !== quadrantOf(pts[i + 1][0], pts[i + 1][1])) { change = i; }
      }
      return { swing: ties === 1 ? big : -1, change: change, moved: most > 0 };
    }

    // Where choice k at step i would have led, as the end of "it would have
    // led ...": "where yours did", to the ending or the moment by its title,
    // to the step of this play that met that moment, or "elsewhere" (ids
    // never show: they can name the diagnosis).
    function ledTo(data, r, path, i, k) {
      var alt = replayData(data, path.slice(0, i).concat([k])), s = alt.steps[i], to = s ? s.next : "", j;
      if (!to) { return "nowhere"; }
      if (to === r.steps[i].next) { return "where yours did"; }
      if (isEnding(data, ix(data, to))) { return "to the ending \u201c" + endingTitle(data, to) + "\u201d"; }
      if (title(data, to)) { return "to \u201c" + title(data, to) + "\u201d"; }
      for (j = 0; j < r.steps.length; j++) {
        if (r.steps[j].moment === to) { return "to the moment you met at step " + (j + 1); }
      }
      return "elsewhere";
    }

    // Every step of the play: what the client said, your response, its
    // feedback in full, the movement and the position after it; then the
    // roads not taken, each with its effect from there, where it would have
    // led and the gist of its feedback (the full text is its feedback page).
    function transcript(data, r, path) {
      var sec = $("[data-js=journey]"), slot = $("[data-js=transcript]"), ol = el("ol", { "data-role": "transcript" }), pts = points(r), tp = turning(r), client = txt(data).client;
      if (!slot || !sec) { return; }
      var sum = el("p", { "class": "turning", "data-role": "turning" });
      var changed = tp.change >= 0 && add(el("span"), "the quadrant first changed at ", el("a", { href: "#step-" + (tp.change + 1) }, "step " + (tp.change + 1)),
        ", from " + qname(data, quadrantOf(pts[tp.change][0], pts[tp.change][1])) + " to " + qname(data, quadrantOf(pts[tp.change + 1][0], pts[tp.change + 1][1])));
      if (tp.swing >= 0) {
        add(sum, "Turning point: ", el("a", { href: "#step-" + (tp.swing + 1) }, "step " + (tp.swing + 1)), ", the largest swing (" + moveText(choiceOf(data, r.steps[tp.swing]), pts[tp.swing], pts[tp.swing + 1]) + "); ",
          changed || "the quadrant never changed", ".");
      } else if (changed) {
        add(sum, "Turning point: ", changed, ". No single response moved the position more than all the others.");
      } else {
        add(sum, tp.moved ? "No single response moved the position more than all the others, and the quadrant never changed." : "No response moved your position.");
      }
      for (var i = 0; i < r.steps.length; i++) {
        var s = r.steps[i], c = choiceOf(data, s), w = choiceWords(data, s.moment, s.choice), n = i + 1;
        var li = el("li", { id: "step-" + n, "data-moment": s.moment, "data-choice": String(s.choice), "class": "tstep" + (i === tp.swing || i === tp.change ? " turn" : "") });
        add(li, h(3, "Step " + n + (title(data, s.moment) ? ": " + title(data, s.moment) : "")));
        if (i === tp.swing || i === tp.change) {
          add(li, el("p", { "class": "turn-note" }, "Turning point: " + (i === tp.swing ? "the largest swing" : "") + (i === tp.swing && i === tp.change ? ", and " : "") + (i === tp.change ? "the quadrant changed here" : "") + "."));
        }
        var sd = said(data, s.moment);
        if (sd.length) { add(li, el("p", { "class": "who" }, client + " said:"), add(paras(sd, "said"))); }
        add(li, el("p", { "class": "who" }, "You said (option " + numberOf(data, s.moment, s.choice) + "):"), paras([w.response], "you"),
          el("p", { "class": "effect" }, moveText(c, pts[i], pts[i + 1]) + ". Now at " + at(pts[i + 1]) + ": " +
            qname(data, quadrantOf(s.trust, s.accountability)) + "." + (w.level ? " " + w.level + ", " + w.fit + "." : "")),
          h(4, "Feedback"), paras(feedback(data, s.moment, s.choice), "fb"));
        // The others in the order the moment page shows them.
        var ul = el("ul", { "class": "roads" }), order = orderAt(data, s.moment);
        for (var k = 0; k < order.length; k++) {
          if (order[k] === s.choice) { continue; }
          var o = order[k], oc = choicesAt(data, ix(data, s.moment))[o], ow = choiceWords(data, s.moment, o);
          var to = [clamp(pts[i][0] + oc[0]), clamp(pts[i][1] + oc[1])];
          add(ul, add(el("li", { "data-choice": String(o) }),
            add(el("p", { "class": "alt" }), el("strong", {}, (k + 1) + ". "), ow.response),
            el("p", { "class": "alt-effect" }, moveText(oc, pts[i], to) + ", to " + at(to) + ": " + qname(data, quadrantOf(to[0], to[1])) +
              "; it would have led " + ledTo(data, r, path, i, o) + "." + (ow.level ? " " + ow.level + ", " + ow.fit + "." : "")),
            add(el("p", { "class": "gist" }), ow.gist + " ",
              el("a", { "class": "more", "data-js": "nav", href: url(URLS.feedback, s.moment, o) + fragment(data, path.slice(0, i).concat([o])) }, "Full feedback"))));
        }
        if (ul.firstChild) { add(li, h(4, "Roads not taken"), ul); }
        add(li, add(el("p", { "data-js": "nav" }), el("a", { "data-role": "branch", href: url(URLS.moment, s.moment) + fragment(data, path.slice(0, i)) }, "Try another branch from step " + n)));
        add(ol, li);
      }
      add(slot, sum, ol);
      sec.removeAttribute("hidden");
    }

    /* Reflection answers, kept in the browser with the play. */
    var KEY = "coachsim.answers.";
    function answersKey(data, path) { return KEY + data.id + "." + data.stamp + ":" + path.join("."); }
    function loadAnswers(data, path) {
      try { var v = JSON.parse(localStorage.getItem(answersKey(data, path)) || "[]"); return v && v.length !== undefined ? v : []; } catch (e) { return []; }
    }
    function answers() { var a = $$("textarea[data-js=answer]"), out = []; for (var i = 0; i < a.length; i++) { out.push(a[i].value); } return out; }
    function reflection(data, path) {
      var boxes = $$("[data-js=answer-box]"), got = path ? loadAnswers(data, path) : [], i;
      for (i = 0; i < boxes.length; i++) {
        var ta = boxes[i].querySelector("textarea"), pr = boxes[i].querySelector("[data-js=answer-print]");
        boxes[i].hidden = !path;
        ta.value = got[i] || "";
        pr.textContent = ta.value;
        ta.oninput = path ? (function (ta, pr) {
          return function () {
            pr.textContent = ta.value;
            try { localStorage.setItem(answersKey(data, path), JSON.stringify(answers())); } catch (e) { /* storage off */ }
          };
        }(ta, pr)) : null;
      }
    }

    /* The debrief code: scenario, stamp and path, e.g.
       "resistant-client:1a2b3c4d:0.2.1". */
    function code(data, path) { return data.id + ":" + data.stamp + ":" + path.join("."); }
    function parseCode(s) {
      var m = /^\s*([a-z0-9][a-z0-9-]{0,63}):([0-9a-f]{8}):(\d{1,3}(?:\.\d{1,3})*)\s*$/.exec(s || "");
      if (!m) { return null; }
      var p = m[3].split("."), out = [];
      for (var i = 0; i < p.length; i++) { out.push(+p[i]); }
      return { id: m[1], stamp: m[2], path: out };
    }

    function trainee() { var t = $("#cs-trainee"); return t ? squash(t.value) : ""; }
    function today() { return new Date().toISOString().slice(0, 10); }

    // The export's own small stylesheet (the site's is a file the export
    // must not link to): light, dark and print.
    var CSS = "body{font:16px/1.55 system-ui,sans-serif;max-width:46rem;margin:1.5rem auto;padding:0 1rem;color:#1b1d21;background:#fff}" +
      "h1,h2,h3,h4{line-height:1.25;margin:1.4em 0 .4em}h1{font-size:1.6rem}p{margin:0 0 .6em}dl div{display:flex;gap:.5rem}dt{font-weight:700}dd{margin:0}" +
      ".said,.you{border-left:4px solid #b07c00;background:#f3f5f8;padding:.5rem .9rem;margin:0 0 .6em}.you{border-color:#0b57a4}" +
      ".effect,.turn-note,.turning{font-weight:600}.roads,.alt-effect,.gist{color:#4a505a;font-size:.95em}ol[data-role=transcript]>li{margin-bottom:1.6rem}" +
      ".answer{white-space:pre-wrap;border:1px solid #c9ced6;padding:.4rem .6rem}code{font:1rem ui-monospace,monospace}" +
      ".plane{max-width:22rem;margin:0 0 1rem}.plane svg{display:block;width:100%;height:auto;overflow:visible}.plane text{fill:#1d2024;font-family:system-ui,sans-serif}.plane .tick,.plane .axis{fill:#4f5560}" +
      ".q-transformational{fill:#d8eedd}.q-compliance{fill:#f8e6c4}.q-stagnation{fill:#d9e7f5}.q-ineffective{fill:#e6e6ea}.frame{fill:none;stroke:#858b95}.axes line{stroke:#3b4350;stroke-width:1.5}" +
      ".path{stroke:#3b4350;stroke-width:1.5;fill:none;stroke-dasharray:4 2}.dot{fill:#3b4350;r:2.2px}.start{fill:#fff;stroke:#3b4350;stroke-width:1.5;r:3px}.last{stroke:#b0127a;stroke-width:2.5}.now{fill:#b0127a;stroke:#fff;stroke-width:1.5;r:4.5px}" +
      "@media (prefers-color-scheme:dark){body{background:#14161a;color:#e7e9ee}.said,.you{background:#1e2127}.roads,.alt-effect,.gist{color:#b3b9c4}" +
      ".plane text{fill:#e9e7e2}.plane .tick,.plane .axis{fill:#b4b9c2}.q-transformational{fill:#1f3d2a}.q-compliance{fill:#473a1b}.q-stagnation{fill:#1c3349}.q-ineffective{fill:#2c2f36}" +
      ".axes line,.path{stroke:#d5dae3}.dot{fill:#d5dae3}.start{fill:#14161a;stroke:#d5dae3}.last{stroke:#ff7ccb}.now{fill:#ff7ccb;stroke:#14161a}}";

    // The page's plane with the path drawn, for the export: without the
    // arrowhead (a reference by address) and what only the page without
    // the script shows; named by its own title.
    function planeCopy() {
      var svg = $("svg[data-role=plane]"), copy, i, drop;
      if (!svg) { return null; }
      copy = svg.cloneNode(true);
      drop = copy.querySelectorAll("defs, .nojs-only");
      for (i = 0; i < drop.length; i++) { drop[i].parentNode.removeChild(drop[i]); }
      drop = copy.querySelectorAll("[marker-end]");
      for (i = 0; i < drop.length; i++) { drop[i].removeAttribute("marker-end"); }
      drop = copy.querySelectorAll(".hl");
      for (i = 0; i < drop.length; i++) { drop[i].setAttribute("class", drop[i].getAttribute("class").replace(/\bhl\b/, "")); }
      copy.removeAttribute("aria-labelledby");
      copy.removeAttribute("aria-describedby");
      return add(el("div", { "class": "plane" }), copy);
    }

    // The debrief as one self-contained HTML document: no script, no link,
    // styles inlined; the same texts as the page.
    function exportHTML(data, r, path) {
      var t = txt(data), body = el("main"), i, j;
      var dl = el("dl");
      function row(k, v) { add(dl, add(el("div"), el("dt", {}, k), el("dd", {}, v))); }
      row("Scenario", t.title + " (version " + data.stamp + ")");
      row("Date", today());
      if (trainee()) { row("Trainee", trainee()); }
      row("Ending", endingTitle(data, r.moment));
      row("Final position", where(data, r.trust, r.accountability));
      row("Debrief code", code(data, path));
      add(body, h(1, "Debrief: " + t.title), dl, el("p", {}, meaning(data, r.quadrant)));
      var pic = planeCopy();
      if (pic) { add(body, pic); }
      var deb = el("div", { "data-js": "debrief" }), ps = $$(PARAS);
      for (i = 0; i < ps.length; i++) { if (!ps[i].hasAttribute("hidden")) { deb.appendChild(ps[i].cloneNode(true)); } }
      add(body, h(2, "Debrief"), deb);
      var tr = $("[data-js=transcript]");
      if (tr) {
        var copy = tr.cloneNode(true), nav = copy.querySelectorAll("[data-js=nav]");
        for (i = 0; i < nav.length; i++) { nav[i].parentNode.removeChild(nav[i]); }
        add(body, h(2, "Your path"), copy);
      }
      var qs = $$("[data-js=reflection] > li"), got = answers();
      if (qs.length) {
        var ol = el("ol");
        for (i = 0; i < qs.length; i++) {
          var q = qs[i].querySelector("[data-js=question]") || qs[i];
          add(ol, add(el("li"), el("p", {}, squash(q.textContent)), el("p", { "class": "answer" }, got[i] || "(no answer)")));
        }
        add(body, h(2, "Questions for reflection"), ol);
      }
      add(body, h(2, "Open this debrief"), add(el("p"), "Paste the debrief code ", el("code", {}, code(data, path)),
        " into \u201cOpen a debrief\u201d on the first page of the scenario, in any copy of the coaching simulator, to see the same debrief there."));
      // Links would point into the trainee's folder: keep their words only.
      var as = body.querySelectorAll("a");
      for (i = as.length - 1; i >= 0; i--) { as[i].parentNode.replaceChild(doc.createTextNode(as[i].textContent), as[i]); }
      var ids = body.querySelectorAll("[id]");
      for (j = 0; j < ids.length; j++) { if (ids[j].id.indexOf("step-") !== 0) { ids[j].removeAttribute("id"); } }
      return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
        "<meta name=\"color-scheme\" content=\"light dark\"><title>" + esc("Debrief: " + t.title) + "</title><style>" + CSS + "</style></head><body>" + body.outerHTML + "</body></html>\n";
    }
    function esc(s) { var d = el("div"); d.textContent = s; return d.innerHTML; }

    // The same, for tools: a documented, versioned shape (site/README.md).
    function exportJSON(data, r, path) {
      var pts = points(r), t = txt(data), steps = [], i, k, qs = $$("[data-js=reflection] > li"), got = answers(), refl = [], tp = turning(r), deb = [], ps = $$(PARAS);
      for (i = 0; i < r.steps.length; i++) {
        var s = r.steps[i], w = choiceWords(data, s.moment, s.choice), order = orderAt(data, s.moment), untaken = [];
        for (k = 0; k < order.length; k++) {
          if (order[k] === s.choice) { continue; }
          var oc = choicesAt(data, ix(data, s.moment))[order[k]], ow = choiceWords(data, s.moment, order[k]);
          untaken.push({ choice: order[k], number: k + 1, response: ow.response, gist: ow.gist, level: ow.level, fit: ow.fit,
            effect: { trust: oc[0], accountability: oc[1] }, after: { trust: clamp(pts[i][0] + oc[0]), accountability: clamp(pts[i][1] + oc[1]) },
            leads_to: replayData(data, path.slice(0, i).concat([order[k]])).steps[i].next });
        }
        steps.push({ moment: s.moment, title: title(data, s.moment), said: said(data, s.moment), choice: s.choice, number: numberOf(data, s.moment, s.choice),
          response: w.response, feedback: feedback(data, s.moment, s.choice), level: w.level, fit: w.fit,
          effect: { trust: choiceOf(data, s)[0], accountability: choiceOf(data, s)[1] },
          moved: { trust: pts[i + 1][0] - pts[i][0], accountability: pts[i + 1][1] - pts[i][1] },
          after: { trust: s.trust, accountability: s.accountability, quadrant: quadrantOf(s.trust, s.accountability) }, untaken: untaken });
      }
      for (i = 0; i < ps.length; i++) { if (!ps[i].hasAttribute("hidden")) { deb.push(squash(ps[i].textContent)); } }
      for (i = 0; i < qs.length; i++) { refl.push({ question: squash((qs[i].querySelector("[data-js=question]") || qs[i]).textContent), answer: got[i] || "" }); }
      return JSON.stringify({
        format: "coachsim-debrief", version: 1, code: code(data, path), date: today(), trainee: trainee(),
        scenario: { id: data.id, title: t.title, stamp: data.stamp }, path: path,
        start: { trust: pts[0][0], accountability: pts[0][1], quadrant: quadrantOf(pts[0][0], pts[0][1]) },
        ending: { moment: r.moment, title: endingTitle(data, r.moment) },
        final: { trust: r.trust, accountability: r.accountability, quadrant: r.quadrant },
        turning: { largest_swing: tp.swing + 1, quadrant_changed: tp.change + 1 },
        steps: steps, debrief: deb, reflection: refl
      }, null, 2) + "\n";
    }

    function download(name, type, text) {
      // A download from a Blob: no server, and it works from file://.
      var href = URL.createObjectURL(new Blob([text], { type: type + ";charset=utf-8" }));
      var a = el("a", { href: href, download: name });
      doc.body.appendChild(a);
      a.click();
      doc.body.removeChild(a);
      setTimeout(function () { URL.revokeObjectURL(href); }, 1000);
    }
    function button(role, text, onclick) {
      var b = el("button", { type: "button", "data-js": "added", "data-role": role }, text);
      b.addEventListener("click", onclick);
      return b;
    }

    function actions(data, r, path) {
      var bar = $("[data-js=export-actions]"), box = $("[data-js=export]"), old = $$("[data-js=added]"), i;
      for (i = 0; i < old.length; i++) { old[i].parentNode.removeChild(old[i]); }
      if (box) { box.hidden = !data; }
      if (!bar || !data) { return; }
      var c = $("[data-role=debrief-code]"), name = $("#cs-trainee"), head = $("[data-js=print-head]"), copy = $("[data-js=copy]");
      if (c) { c.textContent = code(data, path); }
      // On paper: who, when, and the code that reopens this debrief.
      function stamp() {
        if (head) { head.textContent = (trainee() ? trainee() + " \u00b7 " : "") + today() + " \u00b7 debrief code " + code(data, path); }
      }
      if (name) {
        try { name.value = localStorage.getItem("coachsim.trainee") || ""; } catch (e) { /* storage off */ }
        name.oninput = function () { try { localStorage.setItem("coachsim.trainee", name.value); } catch (e) { /* storage off */ } stamp(); };
      }
      stamp();
      if (copy && c) {
        clear(copy);
        var said = el("span", { role: "status", "class": "note" });
        add(copy, button("copy", "Copy the code", function () {
          var text = code(data, path);
          function done(ok) { said.textContent = ok ? " Copied." : " Select the code and copy it."; }
          function bySelection() {
            var range = doc.createRange(), sel = window.getSelection();
            range.selectNodeContents(c);
            sel.removeAllRanges();
            sel.addRange(range);
            try { done(doc.execCommand("copy")); } catch (e) { done(false); }
          }
          if (navigator.clipboard && navigator.clipboard.writeText) {
            navigator.clipboard.writeText(text).then(function () { done(true); }, bySelection);
          } else { bySelection(); }
        }), said);
      }
      add(bar, button("save", "Download as a web page", function () { download("debrief-" + data.id + ".html", "text/html", exportHTML(data, r, path)); }),
        button("save-json", "Download as JSON", function () { download("debrief-" + data.id + ".json", "application/json", exportJSON(data, r, path)); }),
        button("print", "Print", function () { window.print(); }));
    }

    // Once per completed play: tell the progress keeper, when there is one.
    var recorded = {};
    function record(data, r, path) {
      var k = code(data, path), p = window.CoachSimProgress;
      if (REVIEW || recorded[k] || !p || !p.record) { return; }
      recorded[k] = true;
      try {
        p.record({ scenario: data.id, stamp: data.stamp, path: path.join("."), ending: r.moment, endingTitle: endingTitle(data, r.moment),
          trust: r.trust, accountability: r.accountability, quadrant: r.quadrant, steps: path.length, date: new Date().toISOString() });
      } catch (e) { /* progress is optional */ }
    }

    // The intro's "Open a debrief" box: a code names a scenario (this one,
    // or another whose data file is loaded for it), a version and a path;
    // a good one opens the ending it reaches with that path.
    function openBox(data) {
      var form = $("[data-js=open]"), input = form && form.querySelector("input"), out = form && form.querySelector("[data-js=open-status]");
      if (!form) { return; }
      form.hidden = false;
      // A problem marks the field invalid and is said in the warning colour.
      function say(s) {
        out.textContent = s;
        out.className = s ? "note problem" : "note";
        if (s) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
      }
      input.addEventListener("input", function () { say(""); });
      form.onsubmit = function (e) {
        e.preventDefault();
        var c = parseCode(input.value);
        if (!c) { say("That is not a debrief code. A code is the scenario's name, its version and the path, with colons between, such as " + data.id + ":" + data.stamp + ":0.1.2. Paste the whole code the trainee gave you."); return; }
        var dir = c.id === data.id ? "" : "../" + c.id + "/";
        function go() {
          var d = lookup("COACHSIM_DATA", c.id), r;
          if (!d) { say("This site has no scenario \u201c" + c.id + "\u201d."); return; }
          if (d.stamp !== c.stamp) { say("This code was made on another version of the scenario, which has changed since; it cannot be replayed."); return; }
          r = replayData(d, c.path);
          if (!r.ok || !r.debrief) { say("This code's path does not lead to an ending of the scenario."); return; }
          location.href = dir + url(URLS.moment, r.moment) + "?review" + fragment(d, c.path);
        }
        if (lookup("COACHSIM_DATA", c.id)) { go(); return; }
        var s = el("script", { src: base().replace(/[^\/]*\/$/, "") + c.id + ".js" });
        s.onload = s.onerror = go;
        doc.head.appendChild(s);
      };
    }

    window.CoachSim.debrief = {
      // The exports of the shown ending, for the tests (null elsewhere).
      html: function () { return shownNow ? exportHTML.apply(null, shownNow) : null; },
      json: function () { return shownNow ? exportJSON.apply(null, shownNow) : null; },
      parseCode: parseCode
    };
    var shownNow = null;

    return {
      intro: openBox,
      // Back to the page as built, before a (new) path is shown.
      reset: function () {
        gen++;
        shownNow = null;
        clear($("[data-js=transcript]"));
        var sec = $("[data-js=journey]");
        if (sec) { sec.setAttribute("hidden", ""); }
        actions(null, null, null);
        reflection(null, null);
        debrief(null);
      },
      // status: the status region; now: the position in words; then:
      // called once the transcript is drawn.
      show: function (data, r, path, status, now, then) {
        debrief(r.debrief);
        add(status, position(data, r.trust, r.accountability, "You ended at", "final"), el("p", { "class": "meaning" }, meaning(data, r.quadrant)));
        if (REVIEW) { add(status, el("p", { "class": "note", "data-role": "review" }, "A debrief opened from its code: it is not added to the progress kept in this browser.")); }
        draw(r, "You ended at " + now);
        reflection(data, path);
        var names = [];
        for (var i = 0; i < r.steps.length; i++) { names.push(r.steps[i].moment, r.steps[i].moment + "-" + r.steps[i].choice); }
        need(data, names, function () {
          transcript(data, r, path);
          actions(data, r, path);
          shownNow = [data, r, path];
          record(data, r, path);
          if (then) { then(); }
        });
      }
    };
  }());

  function run() {
    var body = doc.body, page = body.getAttribute("data-page"), data = lookup("COACHSIM_DATA", body.getAttribute("data-scenario"));
    if (!data) { return; }
    var links = $$("a[data-href]"), i;
    for (i = 0; i < links.length; i++) { links[i].setAttribute("href", links[i].getAttribute("data-href")); }
    body.className = body.className.replace(/\s*\bcs-live\b/g, "");
    if (page === "intro") { intro(data); if (ending) { ending.intro(data); } return; }
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

    var hash = pathHash(), f = parsePath(hash), stale = !!f && !current(data, f);
    kept = hash;
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
      arrive();
      return;
    }
    body.className += " cs-live";
    if (!REVIEW) { save(data, path); }
    setHref($("a[data-role=replay]"), fragment(data, []));

    var t = r.trust, a = r.accountability, now = where(data, t, a);
    if (page === "moment") {
      var choices = $$("a[data-role=choice]");
      for (i = 0; i < choices.length; i++) {
        setHref(choices[i], fragment(data, path.concat([+choices[i].getAttribute("data-choice")])));
      }
      add(status, position(data, t, a, path.length ? "Your position:" : "You start at", "position"));
      draw(r, "Your position: " + now);
      stepLine(path.length + 1);
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
      ending.show(data, r, path, status, now, arrive);
      return;
    }
    arrive();
  }

  // The step indicator and the neutral heading ("Moment 3") count the
  // steps of this path; without the script they count the shortest way in.
  function stepLine(n) {
    var line = $("[data-js=stepline]"), name = $("[data-js=mname]"), left = line ? +line.getAttribute("data-left") : 0;
    if (line && left > 0) { line.textContent = "Step " + n + " of about " + (n + left - 1); }
    if (name) { name.textContent = "Moment " + n; }
  }

  // On every new page, focus goes to what is new: the client's words, the
  // feedback, the ending's heading (without scrolling past what is above).
  function arrive() {
    var to = $("[data-js=focus]"), on = doc.activeElement;
    if (to && (!on || on === doc.body)) { try { to.focus({ preventScroll: true }); } catch (e) { to.focus(); } }
  }

  // The path must survive in-page links (the skip link, the transcript's
  // "step 3"): they move focus instead of changing the fragment, and a
  // fragment that is not a path keeps the last one this page showed.
  var kept = null;
  function pathHash() {
    var h = location.hash;
    if (!h || h === "#" || h.indexOf("#p=") === 0) { return h; }
    if (kept === null) { return ""; }
    try { history.replaceState(history.state, "", location.href.split("#")[0] + kept); } catch (e) { /* file:// may refuse */ }
    return kept;
  }
  doc.addEventListener("click", function (e) {
    var a = e.target, id, to;
    while (a && a.nodeName !== "A") { a = a.parentNode; }
    id = a && a.getAttribute("href");
    if (!id || id.charAt(0) !== "#" || id.indexOf("#p=") === 0 || e.ctrlKey || e.metaKey || e.shiftKey) { return; }
    to = doc.getElementById(decodeURIComponent(id.slice(1)));
    if (!to) { return; }
    e.preventDefault();
    if (!to.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|TEXTAREA|SELECT)$/.test(to.nodeName)) { to.setAttribute("tabindex", "-1"); }
    to.focus();
    if (to.scrollIntoView) { to.scrollIntoView(); }
  }, false);

  // Keys: 1-9 pick the shown choice, Enter continues (not while typing,
  // nor when Enter would follow a focused link or press a button).
  doc.addEventListener("keydown", function (e) {
    var t = e.target, tag = t && t.nodeName, page = doc.body.getAttribute("data-page"), go = null;
    if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(tag) || (t && t.isContentEditable)) { return; }
    if (page === "moment" && /^[1-9]$/.test(e.key)) { go = $$("a[data-role=choice]")[+e.key - 1]; }
    if (page === "feedback" && e.key === "Enter" && tag !== "A") { go = $("a[data-role=continue]"); }
    if (go) { e.preventDefault(); go.click(); }
  }, false);
  (function () { var k = $("[data-js=keys]"); if (k) { k.hidden = false; } }());

  run();
  window.addEventListener("hashchange", run, false);
}());
