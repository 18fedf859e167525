"""An entry as HTML for the detail pane. Every piece of data is escaped; links only navigate.

Link schemes: ``entry:ID`` (go to an entry), ``cite:NUM`` (show a citation in its source),
``prefer:NUM`` (make a statement the preferred one).
"""

from __future__ import annotations

from collections import OrderedDict

from db.citing import cited_place
from db.money import format_usd
from desktop.common.authoring_html import dataset_changes_html, history_html, statements_html
from desktop.common.formatting import date_long, esc, kind_label
from desktop.common.provenance_text import provenance_html

# How a link reads from the other end: "A --party--> B" shows on B as "Party to: A".
ROLE_LABELS_IN = {
    "party": "Party to", "financier": "Finances", "sponsor": "Sponsors",
    "participant": "Takes part in", "participant in": "Participants", "located in": "Location of",
    "part of": "Parts", "about": "Figures and reports", "visitor": "Visits made",
    "host": "Visits hosted", "leader of": "Led by", "member of": "Members",
    "based in": "Based here", "connects": "Connected by", "subject": "Subject of",
    "stated by": "Statements", "stated at": "Statements made here", "response to": "Responses",
    "issued by": "Issued", "target": "Targeted by", "starts in": "Starting point of",
    "ends in": "End point of", "ruling party of": "Ruling party", "pillar of": "Pillars",
    "owned by": "Owns", "outcome of": "Outcomes", "initiator": "Initiated",
    "government of": "Government", "former researcher at": "Former researchers",
    "beneficiary": "Benefits from", "author": "Wrote",
}


def entry_html(entry: dict, *, colors: dict[str, str]) -> str:
    """The detail pane's document for ``entry`` (a ``Library.get`` dict)."""
    parts = [_style(colors), _header(entry), _facts(entry), dataset_changes_html(entry)]
    if entry.get("summary"):
        parts.append(f"<p class='summary'>{esc(entry['summary'])}</p>")
    parts.append(statements_html(entry))
    parts.append(_links(entry))
    parts.append(_notes(entry))
    parts.append(_citations(entry))
    parts.append(provenance_html(entry.get("provenance") or []))
    parts.append(history_html(entry))
    return "".join(p for p in parts if p)


def missing_html(entry_id: str, title: str | None) -> str:
    shown = esc(title or entry_id)
    return (f"<h2>{shown}</h2><p><i>This entry is no longer in the library.</i> Its bookmark and "
            f"note are kept; remove the bookmark if you no longer need it.</p>")


def _style(colors: dict[str, str]) -> str:
    return (
        "<style>"
        f"h2 {{ margin: 0 0 2px 0; }} .kind {{ color: {colors['muted']}; }}"
        f" table.facts td.k {{ color: {colors['muted']}; padding-right: 10px; }}"
        f" .asw {{ color: {colors['muted']}; }} h3 {{ margin: 12px 0 4px 0; }}"
        f" .note {{ background: {colors['note_bg']}; }}"
        f" .quote {{ margin: 2px 0 8px 0; }} a {{ color: {colors['link']}; }}"
        "</style>"
    )


def _header(entry: dict) -> str:
    kind = kind_label(entry["kind"])
    category = f" · {esc(entry['category'])}" if entry.get("category") else ""
    origin = "" if entry.get("origin") == "bundled" else f" · {esc(entry.get('origin'))}"
    return (f"<h2>{esc(entry['title'])}</h2>"
            f"<div class='kind'>{esc(kind)}{category}{origin}</div>")


def _facts(entry: dict) -> str:
    rows = []
    if entry.get("date_start"):
        words = f" <span class='asw'>— “{esc(entry['date_text'])}”</span>" \
            if entry.get("date_text") else ""
        origin = " <i>(from the public record, analyst)</i>" \
            if entry.get("date_origin") == "analyst" else ""
        rows.append(("Date", esc(date_long(entry)) + words + origin))
        if entry.get("date_note"):
            rows.append(("", f"<span class='asw'>{esc(entry['date_note'])}</span>"))
    if entry.get("value_text") or entry.get("value_usd") is not None:
        words = f" <span class='asw'>— “{esc(entry['value_text'])}”</span>" \
            if entry.get("value_text") else ""
        rows.append(("Value", esc(format_usd(entry.get("value_usd"))) + words))
        if entry.get("value_note"):
            rows.append(("", f"<span class='asw'>{esc(entry['value_note'])}</span>"))
    for measure in entry.get("measures", []):
        rows.append(("Measure", f"{esc(measure.get('quantity'))} {esc(measure.get('unit'))} "
                                f"<span class='asw'>— “{esc(measure.get('text'))}”</span>"))
    if entry.get("status"):
        rows.append(("Status", esc(entry["status"])))
    if entry.get("aliases"):
        names = ", ".join(esc(a["name"]) for a in entry["aliases"])
        rows.append(("Also known as", names))
    if entry.get("tags"):
        rows.append(("Topics", ", ".join(esc(t) for t in entry["tags"])))
    if not rows:
        return ""
    cells = "".join(f"<tr><td class='k'>{k}</td><td>{v}</td></tr>" for k, v in rows)
    return f"<table class='facts' cellspacing='0' cellpadding='2'>{cells}</table>"


def _links(entry: dict) -> str:
    groups: OrderedDict[str, list[str]] = OrderedDict()
    for link in entry.get("links", []):
        label = _role_label(link["role"], link["direction"])
        anchor = (f"<a href='entry:{esc(link['id'])}'>{esc(link['title'])}</a>"
                  f" <span class='asw'>({esc(kind_label(link['kind']).lower())})</span>")
        groups.setdefault(label, []).append(anchor)
    if not groups:
        return ""
    body = "".join(f"<tr><td class='k'>{esc(label)}</td><td>{', '.join(items)}</td></tr>"
                   for label, items in groups.items())
    return f"<h3>Links</h3><table class='facts' cellspacing='0' cellpadding='2'>{body}</table>"


def _role_label(role: str, direction: str) -> str:
    if direction == "out":
        return role[:1].upper() + role[1:]
    return ROLE_LABELS_IN.get(role, f"Linked as “{role}” from")


def _notes(entry: dict) -> str:
    notes = entry.get("notes", [])
    if not notes:
        return ""
    items = "".join(
        f"<p class='note'><b>{'Correction' if n['kind'] == 'correction' else 'Analyst note'}"
        f":</b> {esc(n['text'])}</p>" for n in notes)
    return "<h3>Analyst notes</h3>" + items


def _citations(entry: dict) -> str:
    cites = entry.get("citations", [])
    if not cites:
        return ""
    items = "".join(
        f"<p class='quote'>“{esc(c['quote'])}”<br><span class='asw'>— "
        f"{esc(cited_place(c['source_title'], c.get('page')))}</span> · "
        f"<a href='cite:{int(c['num'])}'>Show in source</a></p>" for c in cites)
    return f"<h3>Sources ({len(cites)})</h3>{items}"
