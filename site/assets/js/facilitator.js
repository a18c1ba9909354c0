/* facilitator.js: the facilitator page (layouts/facilitator.html).
 *
 * Trainees' debrief codes (pasted: "ID:STAMP:0.2.1", any number per line,
 * words around them ignored) and exported debrief files (debrief-ID.json,
 * format "coachsim-debrief" version 1, and the self-contained
 * debrief-ID.html; read with FileReader, the HTML parsed with DOMParser,
 * which runs nothing and loads nothing) become rows of one table, kept in
 * localStorage, and a CSV download.
 *
 * Every result is checked by replaying its path with this copy's data
 * (js/scenarios/ID.js and ID.text.js, inserted as script elements for the
 * scenarios needed, which load on file:// where fetch cannot) and the
 * play pages' own scoring (replay.js). A code whose stamp is not this
 * copy's is another version of the scenario: never replayed against this
 * one; its row is marked and its numbers are the file's, when a file came
 * with it. Plain ES5 once bundled; no request leaves the page's folder.
 */
import { SITE, PLANE, has, lookup, endingTitle, replayData } from "./replay.js";

(function () {
  "use strict";

  var doc = document, URLS = SITE.urls, KEY = "coachsim.facilitator";
  var tool = doc.querySelector("[data-js=tool]");
  if (!tool) { return; }
  function $(sel, from) { return (from || doc).querySelector(sel); }
  function $$(sel, from) { return (from || doc).querySelectorAll(sel); }
  function el(tag, attrs, text) {
    var e = doc.createElement(tag);
    for (var k in attrs) { if (has.call(attrs, k)) { e.setAttribute(k, attrs[k]); } }
    if (text !== undefined) { e.appendChild(doc.createTextNode(text)); }
    return e;
  }
  function add(parent) {
    for (var i = 1; i < arguments.length; i++) {
      var c = arguments[i];
      if (c !== null && c !== undefined) { parent.appendChild(typeof c === "string" ? doc.createTextNode(c) : c); }
    }
    return parent;
  }
  function squash(s) { return String(s || "").replace(/\s+/g, " ").replace(/^ | $/g, ""); }
  // Numbers as the site writes them: a true minus sign.
  function num(v) { return v < 0 ? "\u2212" + -v : String(v); }
  function qname(slug) {
    for (var i = 0; i < PLANE.quadrants.length; i++) { if (PLANE.quadrants[i].slug === slug) { return PLANE.quadrants[i].name; } }
    return "";
  }
  function qslug(name) {
    for (var i = 0; i < PLANE.quadrants.length; i++) { if (PLANE.quadrants[i].name === name) { return PLANE.quadrants[i].slug; } }
    return "";
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function today() { var d = new Date(); return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); }

  /* ---- This copy's scenarios: id -> {title, stamp} (from the page) ---- */

  var catalog = {}, list = $$("[data-js=catalog] > li"), i;
  for (i = 0; i < list.length; i++) {
    catalog[list[i].getAttribute("data-scenario")] = { title: list[i].getAttribute("data-title"), stamp: list[i].getAttribute("data-stamp") };
  }
  var DATA = tool.getAttribute("data-data"), DIR = tool.getAttribute("data-dir");

  // Inserts js/scenarios/ID.js and ID.text.js for the scenarios of this copy
  // named (those not loaded yet), then calls done.
  var asked = {};
  function need(ids, done) {
    var left = 1, k;
    function one() { if (--left === 0) { done(); } }
    for (k = 0; k < ids.length; k++) {
      var id = ids[k];
      if (!has.call(catalog, id) || asked[id]) { continue; }
      asked[id] = true;
      for (var f = 0; f < 2; f++) {
        left++;
        var s = el("script", { src: DATA + id + (f ? ".text.js" : ".js") });
        s.onload = s.onerror = one;
        doc.head.appendChild(s);
      }
    }
    one();
  }

  /* ---- Reading codes and files ---- */

  // A code: scenario id, stamp, path. Found anywhere in a text (words
  // around it are ignored); case does not matter.
  var CODE = /(^|[^a-z0-9-])([a-z0-9][a-z0-9-]{0,63}):([0-9a-f]{8}):(\d+(?:\.\d+)*)/gi;
  function codesIn(text) {
    var out = [], m;
    CODE.lastIndex = 0;
    while ((m = CODE.exec(text))) {
      var parts = m[4].split("."), path = [], bad = false;
      for (var k = 0; k < parts.length; k++) { if (parts[k].length > 3) { bad = true; } path.push(+parts[k]); }
      out.push({ text: m[2] + ":" + m[3] + ":" + m[4], id: m[2].toLowerCase(), stamp: m[3].toLowerCase(), path: path, bad: bad });
      // The next code may start right after this one's separator.
      CODE.lastIndex = m.index + m[0].length;
    }
    return out;
  }
  function codeOf(it) { return it.id + ":" + it.stamp + ":" + it.path.join("."); }
  function quote(s) { s = squash(s); return "\u201c" + (s.length > 60 ? s.slice(0, 57) + "\u2026" : s) + "\u201d"; }

  // A result read from the debrief JSON export (site/README.md, "The
  // debrief as JSON"), or an error message.
  function fromJSON(text) {
    var j;
    try { j = JSON.parse(text); } catch (e) { return "it is not valid JSON"; }
    if (!j || typeof j !== "object" || j.format !== "coachsim-debrief") { return "it is not a coachsim debrief (its \u201cformat\u201d is not coachsim-debrief)"; }
    if (j.version !== 1) { return "it was written in format version " + j.version + ", which this page does not read (it reads version 1)"; }
    var c = codesIn(String(j.code || ""))[0], sc = j.scenario || {};
    if (!c || c.bad) { return "it holds no valid debrief code"; }
    var fin = j.final || {}, end = j.ending || {};
    return {
      kind: "json", id: c.id, stamp: c.stamp, path: c.path, trainee: squash(j.trainee), date: squash(j.date),
      f: {
        title: squash(sc.title), moment: squash(end.moment), ending: squash(end.title),
        trust: typeof fin.trust === "number" ? fin.trust : null, accountability: typeof fin.accountability === "number" ? fin.accountability : null,
        quadrant: squash(fin.quadrant), steps: j.steps && j.steps.length !== undefined ? j.steps.length : c.path.length
      }
    };
  }

  // A result read from the HTML export: its facts list (dt/dd), its title
  // and its transcript; parsed, never shown or run.
  function fromHTML(text) {
    var d = new DOMParser().parseFromString(text, "text/html"), facts = {}, dts = $$("dl dt", d), k;
    for (k = 0; k < dts.length; k++) {
      var dd = dts[k].nextElementSibling;
      if (dd && dd.tagName === "DD" && !has.call(facts, squash(dts[k].textContent))) { facts[squash(dts[k].textContent)] = squash(dd.textContent); }
    }
    var c = codesIn(facts["Debrief code"] || "")[0];
    if (!c || c.bad) { return /debrief/i.test(d.title) ? "it holds no valid debrief code" : "it is not a coachsim debrief"; }
    var h1 = $("h1", d), title = h1 ? squash(h1.textContent).replace(/^Debrief: /, "") : "";
    var pos = /trust (\u2212|-)?(\d+), accountability (\u2212|-)?(\d+)(?:: (.*))?/.exec(facts["Final position"] || "");
    var tr = $$("[data-role=transcript] > li", d);
    return {
      kind: "html", id: c.id, stamp: c.stamp, path: c.path, trainee: facts.Trainee || "", date: facts.Date || "",
      f: {
        title: title, moment: "", ending: facts.Ending || "",
        trust: pos ? (pos[1] ? -pos[2] : +pos[2]) : null, accountability: pos ? (pos[3] ? -pos[4] : +pos[4]) : null,
        quadrant: pos ? qslug(squash(pos[5])) : "", steps: tr.length || c.path.length
      }
    };
  }

  /* ---- The results ---- */

  var items = [], undo = null;
  function store() { try { localStorage.setItem(KEY, JSON.stringify(items)); } catch (e) { /* storage off: the table lasts as long as the page */ } }
  function restore() {
    var v = [];
    try { v = JSON.parse(localStorage.getItem(KEY) || "[]") || []; } catch (e) { /* storage off, or not ours */ }
    for (var k = 0; k < v.length; k++) {
      if (v[k] && typeof v[k].id === "string" && typeof v[k].stamp === "string" && v[k].path && v[k].path.join) { items.push(v[k]); }
    }
  }

  // What a row shows, from this copy's replay where it can be replayed,
  // else from its file: {title, ending, t, a, q, steps, version ("match",
  // "other", "absent"), from ("replay", "file", ""), note, href}.
  function view(it) {
    var c = has.call(catalog, it.id) ? catalog[it.id] : null, d = c && lookup("COACHSIM_DATA", it.id), f = it.f, v;
    v = { title: c ? c.title : (f && f.title) || it.id, ending: "", t: null, a: null, q: "", steps: it.path.length, from: "", note: "", href: "",
      version: !c ? "absent" : c.stamp === it.stamp ? "match" : "other" };
    var r = v.version === "match" && d ? replayData(d, it.path) : null;
    if (r && r.ok && r.debrief) {
      v.from = "replay";
      v.moment = r.moment;
      v.ending = endingTitle(d, r.moment);
      v.t = r.trust; v.a = r.accountability; v.q = r.quadrant;
      v.href = DIR + it.id + "/" + URLS.moment.replace("{m}", r.moment) + "?review#p=" + it.stamp + ":" + it.path.join(".");
      if (f && f.trust !== null && (f.trust !== r.trust || f.accountability !== r.accountability || (f.ending && f.ending !== v.ending))) {
        v.note = "The file states " + (f.ending ? "\u201c" + f.ending + "\u201d at " : "") + "trust " + num(f.trust) + ", accountability " + num(f.accountability) +
          "; replayed here the path gives what the row shows.";
      }
      return v;
    }
    if (r) { v.note = "This path does not lead to an ending of this version."; }
    else if (v.version === "match") { v.note = "The scenario's data did not load."; }
    if (f && f.trust !== null) {
      v.from = "file";
      v.moment = f.moment; v.ending = f.ending; v.t = f.trust; v.a = f.accountability; v.q = f.quadrant; v.steps = f.steps;
    }
    return v;
  }

  var rows = $("[data-js=rows]"), caption = $("[data-js=caption]"), statusLine = $("[data-role=status]"), problems = $("[data-role=problems]");
  var csvButton = $("[data-role=csv]"), clearButton = $("[data-role=clear]"), undoButton = $("[data-role=undo]");

  function say(text, lines) {
    statusLine.textContent = text;
    while (problems.firstChild) { problems.removeChild(problems.firstChild); }
    for (var k = 0; lines && k < lines.length; k++) { add(problems, el("li", {}, lines[k])); }
  }

  function versionCell(it, v) {
    var td = el("td", { "class": "v-" + v.version, "data-version": v.version });
    if (v.version === "match") { add(td, el("strong", {}, "Matches this copy")); }
    else if (v.version === "other") { add(td, el("strong", {}, "Other version"), el("br"), "Made on ", el("code", {}, it.stamp), ", this copy has ", el("code", {}, catalog[it.id].stamp), "."); }
    else { add(td, el("strong", {}, "Not in this copy"), el("br"), "No scenario ", el("code", {}, it.id), " here."); }
    if (v.from === "file") { add(td, el("br"), "Numbers from the file, not replayed."); }
    else if (v.from === "" && v.version !== "match") { add(td, el("br"), "Not replayed: a code alone has no numbers."); }
    if (v.note) { add(td, el("br"), el("span", { "class": "fac-note" }, v.note)); }
    return td;
  }

  var views = [];
  function render() {
    while (rows.firstChild) { rows.removeChild(rows.firstChild); }
    views = [];
    for (var k = 0; k < items.length; k++) {
      var it = items[k], v = view(it), n = k + 1, tr = el("tr", { "data-role": "result", "data-version": v.version, "data-from": v.from });
      views.push(v);
      var name = el("input", { type: "text", value: it.trainee || "", "aria-label": "Trainee\u2019s name, row " + n, "data-role": "trainee", autocomplete: "off", spellcheck: "false" });
      name.oninput = (function (it) { return function () { it.trainee = this.value; store(); }; }(it));
      var pos = el("td", { "data-role": "final" });
      if (v.t !== null) {
        pos.setAttribute("data-trust", String(v.t));
        pos.setAttribute("data-accountability", String(v.a));
        pos.setAttribute("data-quadrant", v.q);
        add(pos, el("span", { "class": "num" }, "trust " + num(v.t) + ","), " ", el("span", { "class": "num" }, "accountability " + num(v.a)), el("br"), qname(v.q) || v.q);
      } else { add(pos, "\u2014"); }
      var open = el("td");
      if (v.href) { add(open, add(el("a", { href: v.href, "data-role": "open" }, "Open"), el("span", { "class": "sr-only" }, " the debrief of " + (it.trainee ? it.trainee + ", " : "") + "row " + n))); }
      else { add(open, el("span", { "class": "note" }, "Cannot be opened here")); }
      var rm = add(el("button", { type: "button", "class": "link-button", "data-role": "remove" }, "Remove"), el("span", { "class": "sr-only" }, " row " + n));
      rm.onclick = (function (k) { return function () { remove(k); }; }(k));
      add(open, " ", rm);
      add(rows, add(tr,
        add(el("th", { scope: "row", "data-role": "name" }), name),
        add(el("td", { "data-role": "scenario" }), v.title),
        add(el("td", { "data-role": "date" }), el("span", { "class": "num" }, it.date || "\u2014"), it.kind === "code" ? el("span", { "class": "note" }, " (pasted)") : null),
        add(el("td", { "data-role": "ending", "data-moment": v.moment || "" }), v.ending || "\u2014"),
        pos,
        add(el("td", { "data-role": "steps", "class": "num" }), String(v.steps)),
        versionCell(it, v),
        open));
    }
    // Each cell names its column, for the stacked rows of a narrow screen (facilitator.css).
    var heads = $$("thead th"), cells = $$("tr[data-role=result]"), h, x;
    for (h = 0; h < cells.length; h++) { for (x = 0; x < cells[h].children.length; x++) { cells[h].children[x].setAttribute("data-label", squash(heads[x].textContent)); } }
    if (!items.length) { add(rows, add(el("tr", { "data-js": "empty" }), add(el("td", { colspan: "8" }), "No results yet: paste codes or add files above."))); }
    caption.textContent = "Trainees\u2019 results: " + items.length + " row" + (items.length === 1 ? "" : "s") + ", checked against this copy";
    csvButton.disabled = clearButton.disabled = !items.length;
  }

  function remove(k) {
    var gone = items.splice(k, 1)[0];
    store();
    render();
    say("Removed row " + (k + 1) + (gone.trainee ? " (" + gone.trainee + ")" : "") + ".");
    var next = $$("[data-role=remove]")[Math.min(k, items.length - 1)];
    (next || $(".table-wrap")).focus();
  }

  function same(a, b) { return codeOf(a) === codeOf(b) && a.kind === b.kind && (a.trainee || "") === (b.trainee || "") && a.date === b.date; }

  // Adds the results read (loading the data they need first), then says
  // what happened: added, already there, and the problems, one a line.
  function addAll(found, lines, done) {
    var ids = [];
    for (var k = 0; k < found.length; k++) { ids.push(found[k].id); }
    need(ids, function () {
      var added = 0, dup = 0, j;
      next: for (var k = 0; k < found.length; k++) {
        for (j = 0; j < items.length; j++) { if (same(items[j], found[k])) { dup++; continue next; } }
        items.push(found[k]);
        added++;
      }
      if (added) { undo = null; undoButton.hidden = true; }
      store();
      render();
      var s = "Added " + added + " result" + (added === 1 ? "" : "s"), other = 0;
      for (j = items.length - added; j < items.length; j++) { if (views[j].version !== "match") { other++; } }
      s += other ? " (" + other + " of another version or scenario: not replayed)." : ".";
      if (dup) { s += " " + dup + " already in the table, not added again."; }
      if (lines.length) { s += " " + lines.length + " could not be read:"; }
      say(s, lines);
      if (done) { done(); }
    });
  }

  /* ---- Pasted codes ---- */

  var codes = $("[data-role=codes]"), nameBox = $("[data-role=name]");
  $("[data-role=paste]").onsubmit = function (e) {
    e.preventDefault();
    var text = codes.value.split(/\r\n|\r|\n/), found = [], lines = [], keep = [], trainee = squash(nameBox.value), date = today();
    var ids = [];
    for (var k = 0; k < text.length; k++) { var cs = codesIn(text[k]); for (var j = 0; j < cs.length; j++) { ids.push(cs[j].id); } }
    // Load the scenarios first: a code of this version is checked before it is added.
    need(ids, function () {
      for (var k = 0; k < text.length; k++) {
        var line = text[k], cs = codesIn(line), bad = false, where = "Line " + (k + 1) + ": ";
        if (!squash(line)) { continue; }
        if (!cs.length) { lines.push(where + "no debrief code in " + quote(line) + ". A code looks like scenario-id:1a2b3c4d:0.2.1."); keep.push(line); continue; }
        for (var j = 0; j < cs.length; j++) {
          var c = cs[j], sc = has.call(catalog, c.id) ? catalog[c.id] : null, d = sc && lookup("COACHSIM_DATA", c.id), r;
          if (c.bad) { lines.push(where + quote(c.text) + " is not a debrief code: a step number has more than three digits."); bad = true; continue; }
          if (sc && sc.stamp === c.stamp && d && (!(r = replayData(d, c.path)).ok || !r.debrief)) {
            lines.push(where + quote(c.text) + " does not lead to an ending of \u201c" + sc.title + "\u201d: a step is missing or mistyped."); bad = true; continue;
          }
          found.push({ kind: "code", id: c.id, stamp: c.stamp, path: c.path, trainee: trainee, date: date });
        }
        if (bad) { keep.push(line); }
      }
      codes.value = keep.join("\n");
      if (!found.length && !lines.length) { say("Nothing to add: paste one or more debrief codes first."); return; }
      addAll(found, lines);
    });
  };

  /* ---- Files, chosen or dropped ---- */

  var input = $("[data-role=files]"), drop = $("[data-js=drop]");
  function readFiles(files) {
    // Read in any order, added in the order given.
    var got = [], left = files.length;
    if (!left) { return; }
    say("Reading " + left + " file" + (left === 1 ? "" : "s") + "\u2026");
    function one() {
      if (--left) { return; }
      var found = [], lines = [];
      for (var k = 0; k < got.length; k++) { if (typeof got[k] === "string") { lines.push(got[k]); } else { found.push(got[k]); } }
      addAll(found, lines);
    }
    for (var k = 0; k < files.length; k++) {
      (function (file, k) {
        if (file.size > 5 * 1024 * 1024) { got[k] = file.name + ": too large for a debrief file (" + Math.round(file.size / 1048576) + " MB)."; one(); return; }
        var rd = new FileReader();
        rd.onload = function () {
          var text = String(rd.result || ""), html = /\.html?$/i.test(file.name) || /^\s*</.test(text), r = html ? fromHTML(text) : fromJSON(text);
          if (typeof r === "string") { got[k] = file.name + ": " + r + "."; } else { r.file = file.name; got[k] = r; }
          one();
        };
        rd.onerror = function () { got[k] = file.name + ": the browser could not read it."; one(); };
        rd.readAsText(file);
      }(files[k], k));
    }
  }
  input.onchange = function () { readFiles(input.files); input.value = ""; };
  function over(e) { e.preventDefault(); drop.className = "drop over"; }
  drop.addEventListener("dragenter", over);
  drop.addEventListener("dragover", over);
  drop.addEventListener("dragleave", function () { drop.className = "drop"; });
  drop.addEventListener("drop", function (e) { e.preventDefault(); drop.className = "drop"; readFiles(e.dataTransfer.files); });
  // A file dropped beside the zone must not replace the page.
  doc.addEventListener("dragover", function (e) { e.preventDefault(); });
  doc.addEventListener("drop", function (e) { e.preventDefault(); });

  /* ---- CSV (RFC 4180: quoted where needed, CRLF; UTF-8 with a BOM) ---- */

  var HEAD = ["trainee", "scenario", "scenario_title", "date", "date_from", "ending", "ending_title", "trust", "accountability", "quadrant",
    "steps", "stamp", "version", "numbers_from", "code", "source", "note"];
  function field(v) {
    var s = v === null || v === undefined ? "" : String(v);
    // A text that a spreadsheet would run as a formula stays text.
    if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) { s = "'" + s; }
    return /[",\r\n]/.test(s) ? "\"" + s.replace(/"/g, "\"\"") + "\"" : s;
  }
  function csv() {
    var out = [HEAD.join(",")];
    for (var k = 0; k < items.length; k++) {
      var it = items[k], v = views[k] || view(it);
      out.push([it.trainee || "", it.id, v.title, it.date, it.kind === "code" ? "pasted" : "file", v.moment || (it.f && it.f.moment) || "", v.ending,
        v.t, v.a, v.q, v.steps, it.stamp, { match: "matches this copy", other: "other version", absent: "not in this copy" }[v.version],
        v.from, codeOf(it), it.kind === "code" ? "pasted" : it.file || it.kind, v.note].map(field).join(","));
    }
    return "\ufeff" + out.join("\r\n") + "\r\n";
  }
  csvButton.onclick = function () {
    var href = URL.createObjectURL(new Blob([csv()], { type: "text/csv;charset=utf-8" }));
    var a = el("a", { href: href, download: "coachsim-results-" + today() + ".csv" });
    doc.body.appendChild(a);
    a.click();
    doc.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(href); }, 1000);
    say("Downloaded the CSV: " + items.length + " row" + (items.length === 1 ? "" : "s") + ".");
  };
  $("[data-role=print]").onclick = function () { window.print(); };
  clearButton.onclick = function () {
    undo = items;
    items = [];
    store();
    render();
    undoButton.hidden = false;
    say("Cleared the table (" + undo.length + " row" + (undo.length === 1 ? "" : "s") + "). \u201cUndo clear\u201d brings them back.");
    undoButton.focus();
  };
  undoButton.onclick = function () {
    items = (undo || []).concat(items);
    undo = null;
    undoButton.hidden = true;
    store();
    render();
    say("Restored " + items.length + " row" + (items.length === 1 ? "" : "s") + ".");
    csvButton.focus();
  };

  window.CoachSimFacilitator = { csv: csv, codesIn: codesIn };

  tool.hidden = false;
  var note = $("[data-role=needs-js]");
  if (note) { note.hidden = true; }
  restore();
  var ids = [];
  for (i = 0; i < items.length; i++) { ids.push(items[i].id); }
  need(ids, render);
}());
