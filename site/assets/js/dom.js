/* dom.js: the few helpers every script of the site builds its page text
 * with, shared by coachsim.js, facilitator.js and progress-home.js, which
 * js.Build bundles it into (an ES module only at build time: each output
 * is one ES5 IIFE, and esbuild keeps only what a bundle uses).
 */
var doc = document, has = Object.prototype.hasOwnProperty;

// An element with attributes and, optionally, a text; ns: a namespace
// (SVG).
export function el(tag, attrs, text, ns) {
  var e = ns ? doc.createElementNS(ns, tag) : doc.createElement(tag);
  for (var k in attrs) { if (has.call(attrs, k)) { e.setAttribute(k, attrs[k]); } }
  if (text !== undefined) { e.appendChild(doc.createTextNode(text)); }
  return e;
}

// Appends strings (as text) and nodes to parent, skipping null and
// undefined; returns parent.
export function add(parent) {
  for (var i = 1; i < arguments.length; i++) {
    var c = arguments[i];
    if (c !== null && c !== undefined) { parent.appendChild(typeof c === "string" ? doc.createTextNode(c) : c); }
  }
  return parent;
}

export function clear(node) { while (node && node.firstChild) { node.removeChild(node.firstChild); } }

// A whole number as a reader sees it: a true minus sign (U+2212), as the
// templates' num.html partial writes it; attributes keep ASCII.
export function num(v) { return v < 0 ? "\u2212" + (-v) : String(v); }
