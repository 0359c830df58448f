"""The two kinds of review page: one per document, and the index (documents, roll-ups, conflicts)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from etl.review.data import DocumentView, Filters
from etl.review.render import (
    e, fact_record, filter_line, highlighted_text, json_script, legend, number, page, page_name, palette_css,
)

FACT_COLUMNS = ("id", "place", "period", "program", "metric", "value", "unit", "status", "qualifier", "quote")


def document_page(view: DocumentView, palette: Mapping[str, int], names: Mapping[str, str], filters: Filters) -> str:
    """A document's page: its metadata, its facts as a table, and its text with every figure marked."""
    d = view.row
    title = d["title"] or d["name"]
    shown = {f["program"]: palette[f["program"]] for f in view.facts}
    parts = [
        '<p><a href="index.html">&larr; all documents</a></p>',
        f"<h1>{e(title)}</h1>",
        filter_line(filters),
        _metadata(view),
        legend(dict(sorted(shown.items())), names),
    ]
    if view.unmatched:
        items = "".join(f"<li>correction {e(c['id'])} ({e(c['action'])}): {e(c['status_detail'])}</li>" for c in view.unmatched)
        parts.append(f'<h2>Corrections that no longer match <span class="tag unmatched">{len(view.unmatched)}</span></h2><ul>{items}</ul>')
    parts.append("<h2>Text</h2>")
    if view.text is None:
        parts.append('<p class="muted">The text of this document is not stored (it was loaded by an older '
                     "version); load the file again to review it here.</p>")
    else:
        parts.append('<div class="layout"><pre class="doc" id="text">' + highlighted_text(view, palette)
                     + '</pre><aside id="details"><p class="muted">Point at or click a highlight to see its fields.</p></aside></div>')
    parts.append(f"<h2>Facts ({len(view.facts)}{'' if len(view.facts) == view.all_facts else f' of {view.all_facts}'})</h2>")
    parts.append(_fact_table(view.facts, palette))
    parts.append(json_script("facts-data", {str(f["fact_id"]): fact_record(f) for f in view.facts}))
    parts.append(json_script("mentions-data", {str(m["id"]): _mention_record(m) for m in view.mentions}))
    parts.append(json_script("rejected-data", {str(c["id"]): _rejected_record(c) for c in view.rejected}))
    return page(f"{title} – review", "\n".join(parts), palette_css(palette))


def _metadata(view: DocumentView) -> str:
    d = view.row
    place = f"{d['jurisdiction_name']} ({d['jurisdiction_code']})" if d["jurisdiction_code"] else "not inferred"
    period = f"{d['period_start']} – {d['period_end']}" if d["period_start"] else "not inferred"
    url = f'<a href="{e(d["url"])}" rel="noreferrer">{e(d["url"])}</a>' if _is_web(d["url"]) else e(d["url"] or "—")
    rows = [
        ("file", e(d["name"])), ("jurisdiction", e(place)), ("period", e(period)),
        ("published", e(d["published"] or "—")), ("publisher", e(d["publisher"] or "—")), ("url", url),
        ("sha256", f"<code>{e(d['sha256'])}</code>"), ("parser version", e(d["parser_version"])),
        ("unclassified mentions", e(len(view.mentions))), ("rejected figures", e(len(view.rejected))),
    ]
    return '<dl class="meta">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def _is_web(url: Any) -> bool:
    return isinstance(url, str) and url.lower().startswith(("http://", "https://"))


def _fact_table(facts: Sequence[Mapping[str, Any]], palette: Mapping[str, int]) -> str:
    head = "".join(f"<th>{c}</th>" for c in FACT_COLUMNS)
    rows = []
    for f in facts:
        tag = ' <span class="tag corrected">corrected</span>' if f["corrected"] else ""
        value = number(f["value"]) + (f"–{number(f['value_high'])}" if f["value_high"] is not None else "")
        rows.append(
            f'<tr class="fact-row" data-fact="{e(f["fact_id"])}"><td><a href="#f{e(f["fact_id"])}">{e(f["fact_id"])}</a>{tag}</td>'
            f"<td>{e(f['jurisdiction_name'])}</td><td>{e(f['period_start'])} – {e(f['period_end'])}</td>"
            f'<td><span class="swatch p{palette[f["program"]]}">{e(f["program"])}</span></td><td>{e(f["metric"])}</td>'
            f'<td class="num">{e(value)}</td><td>{e(f["unit"])}</td><td>{e(f["status"])}</td><td>{e(f["qualifier"])}</td>'
            f"<td>{e(f['quote'])}</td></tr>"
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _mention_record(m: Mapping[str, Any]) -> dict[str, Any]:
    return {"quote": m["quote"], "value": number(m["value"]), "unit": m["unit"], "reason": m["reason"]}


def _rejected_record(c: Mapping[str, Any]) -> dict[str, Any]:
    was = c["original"] or {}
    return {
        "rejected": f"{was.get('program_code')} {was.get('metric_code')} {number(was.get('value'))} {was.get('unit_code')}",
        "jurisdiction": was.get("jurisdiction_code"), "period": f"{was.get('period_start')} – {was.get('period_end')}",
        "note": c["note"], "quote": c["span_text"],
    }


def index_page(
    views: Sequence[DocumentView], rollups: Sequence[Mapping[str, Any]], filters: Filters, generated: str,
) -> str:
    """The index: every document with its counts, the ones lacking context, the roll-ups and conflicts."""
    facts = sum(len(v.facts) for v in views)
    mentions = sum(len(v.mentions) for v in views)
    parts = [
        f"<h1>Review: {len(views)} documents, {facts} facts, {mentions} unclassified mentions</h1>",
        filter_line(filters),
        f'<p class="muted">Generated {e(generated)}. Click a document to see its text with every figure marked.</p>',
        "<h2>Documents</h2>",
        _documents_table(views),
    ]
    lacking = [v for v in views if v.context_missing]
    parts.append(f"<h2>Documents whose context could not be inferred ({len(lacking)})</h2>")
    if lacking:
        parts.append("<ul>" + "".join(
            f'<li><a href="{e(page_name(v.row["name"], v.row["sha256"]))}">{e(v.row["name"])}</a>: '
            f"no {e(' or '.join(v.context_missing))} (give it with <code>--meta</code>)</li>" for v in lacking) + "</ul>")
    else:
        parts.append('<p class="muted">None: every document has a place and a period.</p>')
    unmatched = [(v, c) for v in views for c in v.unmatched]
    if unmatched:
        parts.append(f'<h2>Corrections that no longer match <span class="tag unmatched">{len(unmatched)}</span></h2><ul>'
                     + "".join(f"<li>{e(v.row['name'])}: correction {e(c['id'])} ({e(c['action'])}): {e(c['status_detail'])}</li>"
                               for v, c in unmatched) + "</ul>")
    parts.append("<h2>Roll-ups per city and year</h2>")
    parts.append(_rollups(rollups))
    return page("Review – minzheng-stats", "\n".join(parts))


def _documents_table(views: Sequence[DocumentView]) -> str:
    head = "".join(f"<th>{c}</th>" for c in ("document", "title", "jurisdiction", "period", "published", "facts",
                                              "corrected", "rejected", "mentions", "unmatched corrections"))
    rows = []
    for v in views:
        d = v.row
        period = f"{d['period_start']} – {d['period_end']}" if d["period_start"] else "?"
        corrected = sum(1 for f in v.facts if f["corrected"])
        rows.append(
            f'<tr><td><a href="{e(page_name(d["name"], d["sha256"]))}">{e(d["name"])}</a></td><td>{e(d["title"])}</td>'
            f"<td>{e(d['jurisdiction_name'] or '?')}</td><td>{e(period)}</td><td>{e(d['published'] or '')}</td>"
            f'<td class="num">{len(v.facts)}</td><td class="num">{corrected}</td><td class="num">{len(v.rejected)}</td>'
            f'<td class="num">{len(v.mentions)}</td><td class="num">{len(v.unmatched)}</td></tr>'
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _link(name: str, sha256: str, fact_id: Any) -> str:
    return f"{page_name(name, sha256)}#f{fact_id}"


def _rollups(rollups: Sequence[Mapping[str, Any]]) -> str:
    if not rollups:
        return '<p class="muted">No roll-up figures (v_city_year_best) for these filters.</p>'
    out, current = [], None
    head = "".join(f"<th>{c}</th>" for c in ("program", "metric", "unit", "value", "source", "as of", "from", "competing figures"))
    for r in rollups:
        if (r["city_code"], r["year"]) != current:
            if current is not None:
                out.append("</tbody></table>")
            current = (r["city_code"], r["year"])
            out.append(f"<h3>{e(r['city_name'])} ({e(r['city_code'])}) {e(r['year'])}</h3><table><thead><tr>{head}</tr></thead><tbody>")
        sources = "<br>".join(
            f'<a href="{e(_link(s["document"], s["sha256"], s["fact_id"]))}">#{e(s["fact_id"])}</a> '
            f"{e(s['jurisdiction_name'])}: {e(number(s['value']))} «{e(s['quote'])}»"
            + (' <span class="tag corrected">corrected</span>' if s["corrected"] else "")
            for s in r["sources"]
        ) or e(r["document"] or "")
        conflicts = "<br>".join(_conflict(c) for c in r["conflicts"]) or '<span class="muted">none</span>'
        value = number(r["value"]) + (f"–{number(r['value_high'])}" if r["value_high"] is not None else "")
        covered = f" ({r['counties_covered']} counties)" if r["counties_covered"] else ""
        out.append(
            f"<tr><td>{e(r['program'])}</td><td>{e(r['metric'])}</td><td>{e(r['unit'])}</td><td class=\"num\">{e(value)}</td>"
            f"<td>{e(r['source'])}{e(covered)}</td><td>{e(r['as_of'])}</td><td>{sources}</td><td>{conflicts}</td></tr>"
        )
    out.append("</tbody></table>")
    return "".join(out)


def _conflict(c: Mapping[str, Any]) -> str:
    def side(which: str) -> str:
        fact_id = c[f"fact_id_{which}"]
        chosen = " ✔" if fact_id == c["preferred_fact_id"] else ""
        return (f'<a href="{e(_link(c[f"document_{which}"], c[f"sha256_{which}"], fact_id))}">#{e(fact_id)}</a> '
                f"{e(number(c[f'value_{which}']))}{chosen} «{e(c[f'quote_{which}'])}»")

    return f"{e(c['jurisdiction_name'])} {e(c['period_start'])}–{e(c['period_end'])}: {side('a')} vs {side('b')}"
