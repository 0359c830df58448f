"""The review pages' inline style sheet and script (no CDN, no network: pages open from disk)."""

from __future__ import annotations

STYLE = """
:root { --ink: #1d1d1f; --muted: #6e6e73; --line: #d2d2d7; }
* { box-sizing: border-box; }
body { font: 15px/1.6 -apple-system, "Segoe UI", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       color: var(--ink); margin: 0; padding: 1.2em 2em 4em; }
h1 { font-size: 1.45em; margin: .2em 0 .4em; } h2 { font-size: 1.15em; margin: 1.6em 0 .5em; }
a { color: #0a58ca; } .muted { color: var(--muted); }
table { border-collapse: collapse; margin: .4em 0 1em; font-size: 13.5px; }
th, td { border-bottom: 1px solid var(--line); padding: 3px 9px; text-align: left; vertical-align: top; }
th { background: #f5f5f7; position: sticky; top: 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
dl.meta { display: grid; grid-template-columns: max-content minmax(0, 1fr) max-content minmax(0, 1fr); gap: 0 1em; margin: .3em 0 1em; font-size: 14px; }
dl.meta dt { color: var(--muted); } dl.meta code { word-break: break-all; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) 320px; gap: 1.5em; align-items: start; }
pre.doc { white-space: pre-wrap; word-break: break-word; font: inherit; font-size: 16px; line-height: 1.9;
          background: #fbfbfd; border: 1px solid var(--line); border-radius: 6px; padding: 1em 1.2em; margin: 0; }
.hl { border-radius: 3px; cursor: pointer; }
.hl.fact { padding: 1px 0; }
.hl.mention { text-decoration: underline dashed #8e8e93; text-underline-offset: 4px; }
.hl.mention:not(.fact) { background: #ececf0; }
.hl.corrected { outline: 2px solid #d70015; outline-offset: 1px; }
.hl.rejected:not(.fact) { text-decoration: line-through #d70015 2px; background: #ffe5e5; }
.hl.selected { box-shadow: 0 0 0 3px #0a84ff; }
.tag { display: inline-block; font-size: 11.5px; padding: 0 6px; border-radius: 8px; margin-left: 4px;
       background: #eee; color: #333; white-space: nowrap; }
.tag.corrected { background: #d70015; color: #fff; } .tag.rejected { background: #ffe5e5; color: #a00; }
.tag.unmatched { background: #ff9f0a; color: #000; }
#details { position: sticky; top: 1em; border: 1px solid var(--line); border-radius: 6px; padding: .6em .9em;
           font-size: 13.5px; background: #fff; max-height: 90vh; overflow: auto; }
#details h3 { font-size: 14px; margin: .6em 0 .2em; }
#details dl { display: grid; grid-template-columns: max-content 1fr; gap: 0 .8em; margin: 0; }
#details dt { color: var(--muted); }
.legend span.swatch { display: inline-block; padding: 0 8px; margin: 2px 4px 2px 0; border-radius: 3px; font-size: 13px; }
tr.fact-row { cursor: pointer; } tr.fact-row:hover { background: #f0f6ff; }
"""

# Reads the page's JSON data (never HTML) and writes the details with textContent only.
SCRIPT = """
(function () {
  function data(id) { var el = document.getElementById(id); return el ? JSON.parse(el.textContent) : {}; }
  var FACTS = data('facts-data'), MENTIONS = data('mentions-data'), REJECTED = data('rejected-data');
  var FIELDS = ['fact_id', 'jurisdiction', 'period', 'program', 'metric', 'value', 'unit', 'status', 'qualifier',
                'corrected', 'correction', 'quote'];
  var box = document.getElementById('details');
  function ids(el, name) { var v = el.getAttribute(name); return v ? v.split(' ') : []; }
  function section(title, record, fields) {
    var h = document.createElement('h3'); h.textContent = title; box.appendChild(h);
    var dl = document.createElement('dl');
    fields.forEach(function (f) {
      if (record[f] === null || record[f] === undefined || record[f] === '') return;
      var dt = document.createElement('dt'); dt.textContent = f;
      var dd = document.createElement('dd'); dd.textContent = String(record[f]);
      dl.appendChild(dt); dl.appendChild(dd);
    });
    box.appendChild(dl);
  }
  function show(el) {
    if (!box) return;
    box.replaceChildren();
    ids(el, 'data-facts').forEach(function (id) { if (FACTS[id]) section('Fact ' + id, FACTS[id], FIELDS); });
    ids(el, 'data-rejected').forEach(function (id) {
      if (REJECTED[id]) section('Rejected (correction ' + id + ')', REJECTED[id], Object.keys(REJECTED[id]));
    });
    ids(el, 'data-mentions').forEach(function (id) {
      if (MENTIONS[id]) section('Unclassified mention', MENTIONS[id], Object.keys(MENTIONS[id]));
    });
  }
  function select(factId) {
    document.querySelectorAll('.hl.selected').forEach(function (el) { el.classList.remove('selected'); });
    var first = null;
    document.querySelectorAll('.hl').forEach(function (el) {
      if (ids(el, 'data-facts').indexOf(factId) >= 0) { el.classList.add('selected'); first = first || el; }
    });
    if (first) { show(first); first.scrollIntoView({block: 'center'}); }
  }
  document.querySelectorAll('.hl').forEach(function (el) {
    el.addEventListener('mouseenter', function () { show(el); });
    el.addEventListener('click', function () { var f = ids(el, 'data-facts'); if (f.length) select(f[0]); else show(el); });
  });
  document.querySelectorAll('tr.fact-row').forEach(function (row) {
    row.addEventListener('click', function () { select(row.getAttribute('data-fact')); });
  });
  if (location.hash.indexOf('#f') === 0) select(location.hash.slice(2));
})();
"""
