"""HTML of the review pages: every value is escaped; data for the script travels as JSON.

A document's text is cut into segments at every span boundary; each segment
lists the facts, unclassified mentions and rejected figures that cover it
(``data-facts``, ``data-mentions``, ``data-rejected``), so overlapping spans
need no nested markup and a fact's highlighted text is the concatenation of
its segments, which equals its quote.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Any

from etl.review.assets import SCRIPT, STYLE
from etl.review.data import DocumentView, Filters

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def page_name(name: str, sha256: str) -> str:
    """File name of a document's page: its name made safe, and the start of its sha256."""
    stem = _UNSAFE.sub("_", name.rsplit(".", 1)[0]).strip("_")[:80] or "document"
    return f"{stem}_{sha256[:8]}.html"


def e(value: Any) -> str:
    """HTML-escape any value ('' for None)."""
    return "" if value is None else escape(str(value), quote=True)


def number(value: Any) -> str:
    """83000.0 -> '83000', 1.5 -> '1.5'."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def json_script(element_id: str, data: Any) -> str:
    """Data for the page's script, safe inside <script> (no '<', '>' or '&' survive)."""
    text = json.dumps(data, ensure_ascii=False, default=str)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def program_palette(codes: Iterable[str]) -> dict[str, int]:
    """Program code -> colour index (stable: sorted codes)."""
    return {code: i for i, code in enumerate(sorted(set(codes)))}


def palette_css(palette: Mapping[str, int]) -> str:
    """One background colour per program, spread around the colour wheel."""
    return "\n".join(f".p{i} {{ background: hsl({(i * 137.508) % 360:.0f}, 85%, 80%); }}" for i in palette.values())


def page(title: str, body: str, extra_css: str = "") -> str:
    """A complete, self-contained HTML page."""
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; img-src data:\">"
        f"<title>{e(title)}</title><style>{STYLE}\n{extra_css}</style></head>\n<body>\n{body}\n"
        f"<script>{SCRIPT}</script>\n</body></html>\n"
    )


def fact_record(fact: Mapping[str, Any]) -> dict[str, Any]:
    """What hovering a fact shows."""
    correction = None
    if fact.get("correction_id") is not None:
        was = fact.get("correction_original")
        before = "" if not was else f"; extracted as {was.get('program_code')} {was.get('metric_code')} {number(was.get('value'))} {was.get('unit_code')}"
        correction = f"#{fact['correction_id']}{': ' + fact['correction_note'] if fact.get('correction_note') else ''}{before}"
    return {
        "fact_id": fact["fact_id"],
        "jurisdiction": f"{fact['jurisdiction_name']} ({fact['jurisdiction_code']})",
        "period": f"{fact['period_start']} – {fact['period_end']}",
        "program": f"{fact['program']} ({fact['program_name_zh']})",
        "metric": fact["metric"], "value": number(fact["value"]) + (f" – {number(fact['value_high'])}" if fact["value_high"] is not None else ""),
        "unit": fact["unit"], "status": fact["status"], "qualifier": fact["qualifier"],
        "corrected": "yes" if fact["corrected"] else "no", "correction": correction, "quote": fact["quote"],
    }


def segments(length: int, items: Sequence[tuple[int, int, str, Any]]) -> list[tuple[int, int, dict[str, list[Any]]]]:
    """Cut [0, length) at every span boundary; each piece says which items (kind, key) cover it."""
    cuts = {0, length}
    for start, end, _, _ in items:
        cuts.update((max(0, min(start, length)), max(0, min(end, length))))
    ordered = sorted(cuts)
    by_start = sorted(items, key=lambda item: item[0])
    pieces: list[tuple[int, int, dict[str, list[Any]]]] = []
    active: list[tuple[int, int, str, Any]] = []
    next_item = 0
    for a, b in zip(ordered, ordered[1:]):
        while next_item < len(by_start) and by_start[next_item][0] <= a:
            active.append(by_start[next_item])
            next_item += 1
        active = [item for item in active if item[1] > a]
        covering: dict[str, list[Any]] = {}
        for start, end, kind, key in active:
            if start <= a and end >= b:
                covering.setdefault(kind, []).append(key)
        pieces.append((a, b, covering))
    return pieces


def highlighted_text(view: DocumentView, palette: Mapping[str, int]) -> str:
    """The document's text, escaped, with every fact, mention and rejected figure marked at its span."""
    text = view.text or ""
    facts = {f["fact_id"]: f for f in view.facts}
    items = [(f["span_start"], f["span_end"], "facts", f["fact_id"]) for f in view.facts]
    items += [(m["span_start"], m["span_end"], "mentions", m["id"]) for m in view.mentions]
    items += [(c["span_start"], c["span_end"], "rejected", c["id"]) for c in view.rejected]
    anchored: set[Any] = set()
    out = []
    for a, b, covering in segments(len(text), items):
        chunk = e(text[a:b])
        if not covering:
            out.append(chunk)
            continue
        fact_ids = covering.get("facts", [])
        classes = ["hl"] + [kind.rstrip("s") if kind != "facts" else "fact" for kind in covering]
        if fact_ids:
            classes.append(f"p{palette[facts[fact_ids[0]]['program']]}")
            if any(facts[i]["corrected"] for i in fact_ids):
                classes.append("corrected")
        anchors = "".join(f'<a id="f{i}"></a>' for i in fact_ids if i not in anchored)
        anchored.update(fact_ids)
        attributes = "".join(
            f' data-{kind}="{" ".join(str(k) for k in keys)}"' for kind, keys in covering.items()
        )
        tip = "; ".join(_tip(facts[i]) for i in fact_ids) or ("unclassified mention" if "mentions" in covering else "rejected")
        out.append(f'{anchors}<span class="{" ".join(classes)}"{attributes} title="{e(tip)}">{chunk}</span>')
    return "".join(out)


def _tip(fact: Mapping[str, Any]) -> str:
    star = " (corrected)" if fact["corrected"] else ""
    return (f"#{fact['fact_id']} {fact['jurisdiction_name']} {fact['period_start']}–{fact['period_end']} "
            f"{fact['program']} {fact['metric']} {number(fact['value'])} {fact['unit']} {fact['status']}{star}")


def legend(palette: Mapping[str, int], names: Mapping[str, str]) -> str:
    """The colour of each program shown on the page."""
    swatches = "".join(f'<span class="swatch p{i}">{e(code)} {e(names.get(code, ""))}</span>' for code, i in palette.items())
    return (f'<p class="legend">{swatches}<span class="swatch hl mention">unclassified mention</span>'
            '<span class="swatch hl fact corrected">corrected</span><span class="swatch hl rejected">rejected</span></p>')


def filter_line(filters: Filters) -> str:
    """'Filtered: city 芜湖, year 2024' or nothing."""
    described = filters.describe()
    return f'<p class="muted">Filtered: {e(described)}</p>' if described else ""
