/* progress-home.js: the home page's view of the attempts kept by
 * progress.js (window.CoachSimProgress, loaded first): per scenario played
 * or not, the endings found (named; the others only counted), the best
 * quadrant, every attempt with a link that reopens its debrief; whether
 * this browser keeps storage; export and import as a file; two attempts
 * compared on one plane (data-js="store", "progress", "compare" in
 * layouts/home.html). Plain ES5, home page only.
 */
(function () {
  "use strict";

  var P = window.CoachSimProgress, doc = document, KEY = "coachsim.progress";
  var available = P.available, attempts = P.attempts, exportText = P.exportText, importText = P.importText;

  var box = doc.querySelector("[data-js=store]");
  if (!box) { return; }

  function num(v) { return v < 0 ? "\u2212" + (-v) : String(v); }
  function el(tag, attrs, text) {
    var e = doc.createElement(tag), k;
    for (k in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, k)) { e.setAttribute(k, attrs[k]); } }
    if (text !== undefined) { e.appendChild(doc.createTextNode(text)); }
    return e;
  }
  function add(p) { for (var i = 1; i < arguments.length; i++) { var c = arguments[i]; p.appendChild(typeof c === "string" ? doc.createTextNode(c) : c); } return p; }
  function clear(n) { while (n.firstChild) { n.removeChild(n.firstChild); } }
  function day(iso) {
    var d = new Date(iso);
    return isNaN(d) ? "" : d.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" }) + ", " +
      d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  }
  var quadrants = JSON.parse(box.getAttribute("data-quadrants") || "[]");
  function qname(slug) { for (var i = 0; i < quadrants.length; i++) { if (quadrants[i].slug === slug) { return quadrants[i].name; } } return slug || ""; }
  function rank(slug) { for (var i = 0; i < quadrants.length; i++) { if (quadrants[i].slug === slug) { return i; } } return quadrants.length; }
  function at(a) { return "trust " + num(a.trust) + ", accountability " + num(a.accountability); }
  function label(a, card) { return (card ? card.getAttribute("data-title") + ": " : "") + day(a.date) + ", " + (a.endingTitle || a.ending); }

  function status() {
    var s = doc.querySelector("[data-js=store-status]"), file = location.protocol === "file:";
    box.className = box.className.replace(/\s*\bok\b/g, "") + (available() ? " ok" : "");
    box.setAttribute("data-storage", available() ? "yes" : "no");
    s.textContent = available() ?
      "Your attempts are kept in this browser, on this device only. To move them to another browser or machine, export them to a file and import it there." +
        (file && !window.chrome ? " Opened from a folder, some browsers keep a separate store for every page: if a scenario you played does not show as played here, export and import, or open the site from a web address." : "") :
      "This browser cannot keep your progress here (it allows no storage for pages opened " + (file ? "from a folder" : "from this address") +
        "), so it is lost when you close the page. Export your progress to a file before you leave, and import it when you come back.";
  }

  function card(node) {
    var id = node.getAttribute("data-scenario"), stamp = node.getAttribute("data-stamp"), list = attempts(id);
    var ends = (node.getAttribute("data-endings") || "").split(" ").filter(Boolean), found = {}, best = null, i;
    clear(node);
    node.removeAttribute("hidden");
    if (!list.length) { add(node, el("p", { "data-role": "played", "class": "played" }, "Not played yet")); return; }
    for (i = 0; i < list.length; i++) {
      var a = list[i];
      if (a.stamp === stamp && ends.indexOf(a.ending) >= 0) { found[a.ending] = a.endingTitle || a.ending; }
      if (best === null || rank(a.quadrant) < rank(best)) { best = a.quadrant; }
    }
    var nFound = 0, g = el("ul", { "class": "gallery", "data-role": "gallery", "aria-label": "Endings" });
    for (i = 0; i < ends.length; i++) {
      if (Object.prototype.hasOwnProperty.call(found, ends[i])) {
        nFound++;
        add(g, el("li", { "class": "found", "data-ending": ends[i] }, found[ends[i]]));
      } else {
        add(g, add(el("li", { "class": "hidden-end" }), el("span", { "aria-hidden": "true" }, "?"), el("span", { "class": "sr-only" }, " not found yet")));
      }
    }
    add(node,
      add(el("p", { "data-role": "played", "class": "played" }, "Played " + list.length + " time" + (list.length === 1 ? "" : "s") + " \u00b7 "),
        el("span", { "data-role": "endings-found" }, nFound + " of " + ends.length + " endings found")),
      g,
      add(el("p", {}, "Best quadrant reached: "), el("strong", { "data-role": "best" }, qname(best))));
    var det = el("details"), ol = el("ol", { "class": "attempts", "data-role": "attempts" });
    add(det, el("summary", {}, "Your attempts (" + list.length + ")"), ol);
    for (i = list.length - 1; i >= 0; i--) {
      var b = list[i], li = el("li", { "data-role": "attempt" });
      add(li, day(b.date) + ": ");
      if (b.stamp === stamp) {
        add(li, el("a", { href: node.getAttribute("data-moment-url").replace(/\{m\}|%7bm%7d/i, b.ending) + "#p=" + b.stamp + ":" + b.path, "data-role": "reopen" }, b.endingTitle || b.ending));
      } else {
        add(li, el("span", {}, b.endingTitle || b.ending), " (played on an earlier version of the scenario; its debrief cannot be reopened)");
      }
      add(li, ", " + at(b) + ", " + qname(b.quadrant) + (b.steps ? ", " + b.steps + " step" + (b.steps === 1 ? "" : "s") : ""));
      add(ol, li);
    }
    add(node, det);
  }

  /* The comparison: two attempts' paths on one plane (its geometry is
     data/plane.json's svg, in the section's data-geo). */
  var cmp = doc.querySelector("[data-js=compare]"), all = [];
  function path(which, a) {
    var svg = cmp.querySelector("svg"), g = svg.querySelector("[data-js=track-" + which + "]"), geo = JSON.parse(cmp.getAttribute("data-geo"));
    var ns = svg.namespaceURI, pts = a && (a.points || [[a.trust, a.accountability]]), xy = [], i;
    clear(g);
    if (!pts) { return ""; }
    for (i = 0; i < pts.length; i++) { xy.push((geo.x + geo.unit * pts[i][0]) + "," + (geo.y - geo.unit * pts[i][1])); }
    var pl = doc.createElementNS(ns, "polyline");
    pl.setAttribute("class", "path-" + which);
    pl.setAttribute("points", xy.join(" "));
    g.appendChild(pl);
    var c = doc.createElementNS(ns, "circle"), last = xy[xy.length - 1].split(",");
    c.setAttribute("class", "end-" + which);
    c.setAttribute("cx", last[0]);
    c.setAttribute("cy", last[1]);
    c.setAttribute("r", "4.5");
    g.appendChild(c);
    var out = [];
    for (i = 0; i < pts.length; i++) { out.push("(" + num(pts[i][0]) + ", " + num(pts[i][1]) + ")"); }
    return out.join(" \u2192 ");
  }
  function compare() {
    if (!cmp) { return; }
    var sa = cmp.querySelector("[data-role=compare-a]"), sb = cmp.querySelector("[data-role=compare-b]");
    var a = all[+sa.value], b = all[+sb.value], legend = cmp.querySelector("[data-js=compare-legend]");
    var ta = path("a", a && a.a), tb = path("b", b && b.a);
    clear(legend);
    if (a) { add(legend, add(el("li"), el("span", { "class": "key", "aria-hidden": "true" }), "First, solid: " + label(a.a, a.card) + " (" + qname(a.a.quadrant) + ")")); }
    if (b) { add(legend, add(el("li"), el("span", { "class": "key key-b", "aria-hidden": "true" }), "Second, dashed: " + label(b.a, b.card) + " (" + qname(b.a.quadrant) + ")")); }
    cmp.querySelector("svg title").textContent = "Two attempts compared on the trust/accountability plane. First: " + ta + ". Second: " + tb + ".";
  }
  function fillCompare() {
    if (!cmp) { return; }
    all = [];
    var cards = doc.querySelectorAll("[data-js=progress]"), i, j;
    for (i = 0; i < cards.length; i++) {
      var list = attempts(cards[i].getAttribute("data-scenario"));
      for (j = list.length - 1; j >= 0; j--) { all.push({ a: list[j], card: cards[i] }); }
    }
    if (all.length < 2) { cmp.setAttribute("hidden", ""); return; }
    cmp.removeAttribute("hidden");
    var sels = [cmp.querySelector("[data-role=compare-a]"), cmp.querySelector("[data-role=compare-b]")];
    for (i = 0; i < 2; i++) {
      clear(sels[i]);
      for (j = 0; j < all.length; j++) { add(sels[i], el("option", { value: String(j) }, label(all[j].a, all[j].card))); }
      sels[i].value = String(i);
      sels[i].onchange = compare;
    }
    compare();
  }

  // Once the first scenario has been played, the page's main button
  // offers the next one not played yet, in the list's order.
  function startHere(cards) {
    var link = doc.querySelector("[data-role=start-here]"), note = link && link.parentNode.querySelector(".note"), i;
    if (!link) { return; }
    if (!link.hasAttribute("data-first")) { link.setAttribute("data-first", link.textContent); link.setAttribute("data-first-href", link.getAttribute("href")); }
    var next = null, played = 0;
    for (i = 0; i < cards.length; i++) {
      if (attempts(cards[i].getAttribute("data-scenario")).length) { played++; } else if (!next) { next = cards[i]; }
    }
    var a = next && next.parentNode.querySelector("h3 a");
    if (!played || !a) {
      link.textContent = link.getAttribute("data-first");
      link.setAttribute("href", link.getAttribute("data-first-href"));
      if (note && note.hasAttribute("data-first")) { note.textContent = note.getAttribute("data-first"); }
      return;
    }
    link.textContent = "Next: \u201c" + next.getAttribute("data-title") + "\u201d";
    link.setAttribute("href", a.getAttribute("href"));
    if (note) {
      if (!note.hasAttribute("data-first")) { note.setAttribute("data-first", note.textContent); }
      note.textContent = "You have played " + played + " of " + cards.length + " scenarios; this is the next one in the list.";
    }
  }

  function render() {
    status();
    var cards = doc.querySelectorAll("[data-js=progress]");
    for (var i = 0; i < cards.length; i++) { card(cards[i]); }
    startHere(cards);
    fillCompare();
  }

  box.removeAttribute("hidden");
  box.querySelector("[data-role=export-progress]").addEventListener("click", function () {
    // A download from a Blob: no server, and it works from file://.
    var href = URL.createObjectURL(new Blob([exportText()], { type: "application/json" }));
    var a = el("a", { href: href, download: "coachsim-progress.json" });
    doc.body.appendChild(a);
    a.click();
    doc.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(href); }, 1000);
    doc.querySelector("[data-js=store-result]").textContent = "Exported " + attempts().length + " attempt" + (attempts().length === 1 ? "" : "s") + " to coachsim-progress.json.";
  });
  box.querySelector("[data-role=import-progress]").addEventListener("change", function (ev) {
    var f = ev.target.files && ev.target.files[0], out = doc.querySelector("[data-js=store-result]");
    if (!f) { return; }
    var r = new FileReader();
    r.onload = function () {
      try {
        var n = importText(String(r.result));
        out.textContent = "Imported " + n + " new attempt" + (n === 1 ? "" : "s") + (available() ? "." : "; this browser cannot keep them after you close the page.");
        render();
      } catch (e) { out.textContent = "Nothing imported: " + e.message + "."; }
    };
    r.readAsText(f);
  });
  render();
  window.addEventListener("storage", function (e) { if (e.key === KEY) { render(); } }, false);
}());
