"""The pieces of a printed briefing as HTML for ``QTextDocument``. Every value from the library
is escaped: a title such as ``<img src=x>`` prints as those characters.

Lengths are given in points and written as CSS pixels (1/96 inch), which ``QTextDocument``
scales to the device it lays out for.
"""

from __future__ import annotations

from collections import OrderedDict

from db.dates import format_interval, format_precision, interval_from_iso
from db.money import format_usd
from db.report import Report, ReportEntry
from desktop.common.entry_html import ROLE_LABELS_IN
from desktop.common.formatting import KIND_LABELS, KIND_PLURALS, esc
from desktop.common.provenance_text import dataset_name, row_reference
from desktop.printing.options import PrintOptions

INK, MUTED, RULE, SHADE, NOTE_BG = "#000000", "#4d4d4d", "#9a9a9a", "#e4e4e4", "#f1f1f1"


def px(points: float) -> str:
    """A length in points as CSS pixels."""
    return f"{points * 96 / 72:.2f}px"


def stylesheet() -> str:
    """The default style sheet of every piece (grey-scale: no meaning rides on colour)."""
    return f"""
h1 {{ font-size: 19pt; font-weight: 700; margin-top: 0; margin-bottom: {px(3)}; }}
h2 {{ font-size: 12.5pt; font-weight: 700; margin-top: 0; margin-bottom: {px(1)}; }}
h3 {{ font-size: 11pt; font-weight: 700; margin-top: 0; margin-bottom: {px(5)}; }}
p {{ margin-top: 0; margin-bottom: {px(4)}; }}
.eyebrow {{ font-size: 7.5pt; color: {MUTED}; font-weight: 700; margin-bottom: {px(4)}; }}
.scope {{ font-size: 10.5pt; margin-bottom: {px(2)}; }}
.meta {{ font-size: 8.5pt; color: {MUTED}; margin-bottom: {px(1)}; }}
.num {{ color: {MUTED}; font-weight: 400; }}
.kindline {{ font-size: 7.5pt; color: {MUTED}; margin-bottom: {px(5)}; }}
.summary {{ margin-top: {px(4)}; margin-bottom: {px(5)}; }}
.small {{ font-size: 8pt; color: {MUTED}; }}
.asw {{ color: {MUTED}; }}
.label {{ font-weight: 700; }}
.gone {{ font-style: italic; }}
table.summary {{ border-collapse: collapse; }}
table.summary th {{ background-color: {SHADE}; font-size: 8pt; font-weight: 700;
    text-align: left; padding: {px(3)}; border-bottom: {px(0.8)} solid {INK}; }}
table.summary td {{ font-size: 8.5pt; padding: {px(2.5)}; border-bottom: {px(0.4)} solid {RULE};
    vertical-align: top; }}
table.facts td {{ padding-top: {px(1)}; padding-bottom: {px(1)}; vertical-align: baseline; }}
table.facts td.k {{ color: {MUTED}; padding-right: {px(8)}; }}
table.links {{ margin-top: {px(2)}; margin-bottom: {px(3)}; }}
table.notes {{ margin-top: {px(3)}; }}
h3.part {{ margin-top: {px(14)}; }}
table.notes td {{ font-size: 8pt; padding-top: {px(1)}; padding-bottom: {px(1)};
    vertical-align: top; }}
table.notes td.n {{ color: {MUTED}; padding-right: {px(5)}; }}
table.box td {{ background-color: {NOTE_BG}; padding: {px(5)}; }}
"""


def cover_html(report: Report, options: PrintOptions) -> str:
    """The cover line: what this is, what it was made from, the library and the date."""
    kinds = ", ".join(f"{n} {_kind_noun(kind, n)}" for kind, n in _kind_order(report))
    made = report.made_on
    meta = (f"Library {esc(report.library_name)} · printed {made.day} "
            f"{made.strftime('%B')} {made.year}")
    # Credits end with their own full stop; joined, each loses it ("… 2016; AidData …").
    sources = "; ".join([esc(s["credit"].rstrip(". ")) for s in report.sources]
                        + [esc(dataset_name(d).rstrip(". ")) for d in report.datasets])
    parts = [
        "<p class='eyebrow'>ROADBOOK BRIEFING</p>",
        f"<h1>{esc(options.title or report.title)}</h1>",
        f"<p class='scope'>{esc(report.scope_text)}"
        + (f" <span class='asw'>({esc(kinds)})</span>" if kinds else "") + "</p>",
        f"<p class='meta'>{meta}</p>",
    ]
    if sources:
        parts.append(f"<p class='meta'>From {sources}</p>")
    parts += [f"<p class='meta'>Note: {esc(h)}</p>" for h in report.hints]
    if not report.entries:
        parts.append("<p class='summary'><i>This briefing holds no entries.</i></p>")
    return "".join(parts)


def _kind_order(report: Report) -> list[tuple[str, int]]:
    counts = report.kind_counts
    return [(k, counts[k]) for k in (*KIND_LABELS, "missing") if k in counts]


def _kind_noun(kind: str, n: int) -> str:
    if kind == "missing":
        return "no longer in the library"
    return (KIND_PLURALS[kind] if n != 1 else KIND_LABELS[kind]).lower()


def table_html(report: Report) -> str:
    """The summary table: one row per entry; the header row repeats on every page."""
    bookmarks = report.scope.kind == "bookmarks"
    last = "Your tags" if bookmarks else "Status"
    head = ("<thead><tr><th width='4%'>#</th><th width='43%'>Entry</th>"
            "<th width='9%'>Kind</th><th width='19%'>Date</th><th width='10%'>Value</th>"
            f"<th width='15%'>{last}</th></tr></thead>")
    rows = "".join(_table_row(e, bookmarks) for e in report.entries)
    dagger = any(e.date_origin == "analyst" and e.date_start for e in report.entries)
    key = "<p class='small'>† date from the public record; the source does not give it</p>" \
        if dagger else ""
    return ("<h3 class='part'>Summary</h3>" + key +
            f"<table class='summary' width='100%' cellspacing='0'>{head}<tbody>{rows}</tbody>"
            "</table>")


def _table_row(entry: ReportEntry, bookmarks: bool) -> str:
    if not entry.exists:
        return (f"<tr><td>{entry.position}</td><td>{esc(entry.title)}<br><span class='small'>"
                "no longer in the library</span></td><td></td><td></td><td></td><td>"
                f"{esc(', '.join(entry.bookmark['tags']))}</td></tr>")
    parties = ""
    if entry.parties and entry.kind != "actor":
        parties = f"<br><span class='small'>{esc(', '.join(entry.parties[:6]))}</span>"
    last = ", ".join((entry.bookmark or {}).get("tags", [])) if bookmarks else entry.status
    return (f"<tr><td>{entry.position}</td><td>{esc(entry.title)}{parties}</td>"
            f"<td>{esc(KIND_LABELS.get(entry.kind, entry.kind))}</td>"
            f"<td>{esc(date_text(entry))}</td><td>{esc(format_usd(entry.value_usd))}</td>"
            f"<td>{esc(last)}</td></tr>")


def date_text(entry: ReportEntry) -> str:
    """"2014", "June 2016", with a dagger when the date comes from the public record."""
    text = format_interval(interval_from_iso(entry.date_start, entry.date_end,
                                             entry.date_precision))
    return f"{text} †" if text and entry.date_origin == "analyst" else text


def section_html(entry: ReportEntry, report: Report, options: PrintOptions) -> str:
    """One entry: heading, facts, summary, links, notes, bookmark and (as footnotes) quotes."""
    title = f"<h2><span class='num'>{entry.position}&nbsp;&nbsp;</span>{esc(entry.title)}</h2>"
    if not entry.exists:
        return (title + "<p class='gone'>This entry is no longer in the library; your bookmark "
                "and note are kept.</p>" + _bookmark(entry))
    quotes = options.has("quotes")
    marks = _marks(entry.citations) if quotes else ""
    kind = " · ".join(esc(x).upper() for x in (KIND_LABELS.get(entry.kind, entry.kind),
                                               entry.category) if x)
    parts = [title, f"<p class='kindline'>{kind}</p>", _facts(entry)]
    if entry.summary:
        parts.append(f"<p class='summary'>{esc(entry.summary)}{marks}</p>")
    elif marks:
        parts.append(f"<p class='summary'><span class='asw'>Sources</span>{marks}</p>")
    parts += [_disagreements(entry), _links(entry), _notes(entry), _bookmark(entry)]
    if quotes and options.notes == "footnotes" and entry.citations:
        parts.append(notes_table([report.citation(n) for n in entry.citations]))
    parts.append(_rows_from(entry))
    return "".join(p for p in parts if p)


def _rows_from(entry: ReportEntry) -> str:
    """Which dataset and row an imported entry came from, under its section."""
    if not entry.provenance:
        return ""
    rows = "; ".join(esc(row_reference(p)) for p in entry.provenance)
    return f"<p class='small'>From {rows}</p>"


def _marks(numbers) -> str:
    return f"<sup>&#8201;{','.join(str(n) for n in numbers)}</sup>" if numbers else ""


def _facts(entry: ReportEntry) -> str:
    rows = []
    if entry.date_start:
        words = f" <span class='asw'>— “{esc(entry.date_text)}”</span>" if entry.date_text \
            else ""
        interval = interval_from_iso(entry.date_start, entry.date_end, entry.date_precision)
        when = f"{format_interval(interval)} ({format_precision(interval.precision)})"
        origin = " <i>(public record, not the source)</i>" \
            if entry.date_origin == "analyst" else ""
        rows.append(("Date", esc(when) + words + origin))
        if entry.date_note:
            rows.append(("", f"<span class='asw'>{esc(entry.date_note)}</span>"))
    if entry.value_text or entry.value_usd is not None:
        words = f" <span class='asw'>— “{esc(entry.value_text)}”</span>" if entry.value_text \
            else ""
        rows.append(("Value", esc(format_usd(entry.value_usd)) + words))
        if entry.value_note:
            rows.append(("", f"<span class='asw'>{esc(entry.value_note)}</span>"))
    for m in entry.measures:
        rows.append(("Measure", f"{esc(m.get('quantity'))} {esc(m.get('unit'))}"
                                f" <span class='asw'>— “{esc(m.get('text'))}”</span>"))
    if entry.status:
        rows.append(("Status", esc(entry.status)))
    if entry.aliases:
        rows.append(("Also known as", ", ".join(esc(a["name"]) for a in entry.aliases)))
    if entry.topics:
        rows.append(("Topics", ", ".join(esc(t) for t in entry.topics)))
    return _facts_table(rows)


def _facts_table(rows: list[tuple[str, str]], kind: str = "facts") -> str:
    if not rows:
        return ""
    cells = "".join(f"<tr><td class='k' width='20%'>{esc(k)}</td><td>{v}</td></tr>"
                    for k, v in rows)
    return f"<table class='facts {kind}' width='100%' cellspacing='0'>{cells}</table>"


def _disagreements(entry: ReportEntry) -> str:
    """Where sources disagree: every value with its source, the one shown marked preferred."""
    from desktop.common.edit_text import statement_source_text, statement_value_text

    parts = []
    for field in entry.disagreements:
        rows = [(statement_value_text(s) + (" (preferred)" if s["rank"] == "preferred" else
                                            " (deprecated)" if s["rank"] == "deprecated" else ""),
                 statement_source_text(s)) for s in entry.statements if s["field"] == field]
        parts.append(f"<p><span class='label'>Sources disagree on the {esc(field)}.</span></p>"
                     + _facts_table([(v, esc(src)) for v, src in rows], "links"))
    return "".join(parts)


def _links(entry: ReportEntry) -> str:
    groups: OrderedDict[str, list[str]] = OrderedDict()
    for link in entry.links:
        label = link["role"][:1].upper() + link["role"][1:] if link["direction"] == "out" \
            else ROLE_LABELS_IN.get(link["role"], f"Linked as “{link['role']}” from")
        groups.setdefault(label, []).append(esc(link["title"]))
    return _facts_table([(label, ", ".join(titles)) for label, titles in groups.items()],
                        "links")


def _notes(entry: ReportEntry) -> str:
    return "".join(
        f"<p><span class='label'>{'Correction' if n['kind'] == 'correction' else 'Analyst note'}"
        f".</span> {esc(n['text'])}</p>" for n in entry.notes)


def _bookmark(entry: ReportEntry) -> str:
    mark = entry.bookmark
    if not mark or not (mark.get("note") or mark.get("tags")):
        return ""
    tags = esc(", ".join(mark.get("tags") or []))
    if mark.get("note"):
        body = ("<span class='label'>Your note.</span> " + esc(mark["note"]).replace("\n", "<br>")
                + (f"<br><span class='small'>Tags: {tags}</span>" if tags else ""))
    else:
        body = f"<span class='label'>Your tags.</span> {tags}"
    return f"<table class='box' width='100%' cellspacing='0'><tr><td>{body}</td></tr></table>"


def notes_table(citations) -> str:
    """Numbered quotes with their source: footnotes under a section, or the endnotes."""
    rows = "".join(
        f"<tr><td class='n' width='5%' align='right'>{c.number}</td><td>“{esc(c.quote)}”"
        f" <span class='asw'>— {esc(c.place)}</span></td></tr>" for c in citations)
    return f"<table class='notes' width='100%' cellspacing='0'>{rows}</table>"


def endnotes_html(report: Report) -> str:
    """Every quote of the report, numbered, with the entry it supports."""
    titles = {e.id: e.title for e in report.entries}
    rows = "".join(
        f"<tr><td class='n' width='5%' align='right'>{c.number}</td><td>“{esc(c.quote)}”"
        f" <span class='asw'>— {esc(c.place)} (for {esc(titles[c.entry_id])})"
        "</span></td></tr>" for c in report.citations)
    return f"<h3>Notes</h3><table class='notes' width='100%' cellspacing='0'>{rows}</table>"


def sources_html(report: Report) -> str:
    """The sources the quotes come from and the datasets imported entries come from, in full,
    each dataset with its credit line and licence."""
    items = [f"<p>{esc(s['credit'])}</p>" for s in report.sources]
    for d in report.datasets:
        noun = "entry" if d["entries"] == 1 else "entries"
        about = [f"{d['entries']:,} {noun}"] + [esc(f) for f in d["files"] if f != d["dataset"]]
        lines = [f"<b>{esc(dataset_name(d))}</b> ({'; '.join(about)})"]
        lines += [esc(d["credit"])] if d.get("credit") else []
        lines += [f"Licence: {esc(d['licence'])}"] if d.get("licence") else []
        items.append(f"<p>{'<br/>'.join(lines)}</p>")
    return f"<h3>Sources and credits</h3>{''.join(items)}"


def timeline_caption(shown: int, total: int) -> str:
    undated = total - shown
    extra = f"; {undated} without a date are not shown" if undated else ""
    return (f"<h3 class='part'>Timeline</h3><p class='small'>{shown} dated "
            f"{'entry' if shown == 1 else 'entries'}{extra}.</p>")
