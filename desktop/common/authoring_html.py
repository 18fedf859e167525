"""The parts of the detail pane about what the analyst wrote: every value the sources state,
side by side where they disagree (with a link choosing the preferred one), fields the dataset
changed under an edit, and the edit history. Every piece of data is escaped.

Link schemes: ``prefer:NUM`` (make statement NUM the preferred one), ``set-aside:NUM`` (rank it
deprecated: kept, but no longer counted as a disagreement), ``restore:NUM`` (rank it normal).
"""

from __future__ import annotations

from desktop.common.edit_text import (
    edit_line,
    shipped_change_text,
    statement_value_text,
)
from desktop.common.formatting import esc

HISTORY_SHOWN = 12
RANK_LABELS = {"preferred": "preferred — shown", "normal": "", "deprecated": "deprecated"}


def statements_html(entry: dict) -> str:
    """Each field's statements as a table: value, source and quote, rank or a Prefer link."""
    statements = entry.get("statements") or []
    if not statements:
        return ""
    disputed = set(entry.get("disagreements") or [])
    parts = []
    for field in dict.fromkeys(s["field"] for s in statements):
        rows = [s for s in statements if s["field"] == field]
        head = (f"Sources disagree on the {esc(field)}" if field in disputed
                else f"Sources on the {esc(field)}")
        parts.append(f"<h3>{head}</h3><table class='facts' cellspacing='0' cellpadding='2'>"
                     + "".join(_statement_row(s) for s in rows) + "</table>")
    return "".join(parts)


def _statement_row(statement: dict) -> str:
    value = f"<b>{esc(statement_value_text(statement))}</b>"
    num = int(statement["num"])
    if statement["rank"] == "preferred":
        rank = f"<span class='asw'>{RANK_LABELS['preferred']}</span>"
    elif statement["rank"] == "deprecated":
        rank = (f"<span class='asw'>{RANK_LABELS['deprecated']}</span> "
                f"<a href='restore:{num}'>Restore</a>")
    else:
        rank = f"<a href='prefer:{num}'>Prefer</a> · <a href='set-aside:{num}'>Set aside</a>"
    if statement.get("source_id"):
        title = esc(statement.get("source_title") or statement["source_id"])
        source = f"“{esc(statement.get('quote') or '')}”<br><span class='asw'>— {title}</span>"
    else:
        source = "<span class='asw'>no quote</span>"
    return f"<tr><td>{value}</td><td>{source}</td><td>{rank}</td></tr>"


def dataset_changes_html(entry: dict) -> str:
    """Fields the analyst edited that the bundled dataset has since changed."""
    changes = entry.get("dataset_changes") or []
    if not changes:
        return ""
    items = "".join(f"<p class='note'><b>Edited here:</b> {esc(shipped_change_text(c))}</p>"
                    for c in changes)
    return items


def history_html(entry: dict) -> str:
    """The newest edits, one line each."""
    edits = entry.get("edits") or []
    if not edits:
        return ""
    lines = "".join(f"<div class='asw'>{esc(edit_line(e))}</div>" for e in edits[:HISTORY_SHOWN])
    more = (f"<div class='asw'>… and {len(edits) - HISTORY_SHOWN} earlier "
            f"(roadbook entry history {esc(entry['id'])})</div>"
            if len(edits) > HISTORY_SHOWN else "")
    return f"<h3>Edit history</h3>{lines}{more}"
