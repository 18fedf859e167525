"""Edits, statements and shipped changes written for people (plain text, no Qt): shared by the
command line, the detail pane and printed briefings."""

from __future__ import annotations

from db.dates import format_interval, interval_from_iso
from db.money import format_usd

FIELD_LABELS = {"date_text": "date as written", "value": "value", "date": "date",
                "aliases": "other names", "links": "links", "tags": "tags"}
RANK_FIELD = "rank:"


def field_label(field: str | None) -> str:
    if field and field.startswith(RANK_FIELD):
        return f"rank of statement {field[len(RANK_FIELD):]}"
    return FIELD_LABELS.get(field or "", field or "")


def field_value_text(field: str | None, value) -> str:
    """A field's value as the edit history keeps it, in words: "June 2016", "$456bn"."""
    if value is None or value == [] or value == "":
        return "—"
    if field == "date" and isinstance(value, dict):
        return format_interval(interval_from_iso(value.get("start"), value.get("end"),
                                                 value.get("precision")))
    if field == "value" and isinstance(value, dict):
        return value.get("text") or format_usd(value.get("usd"))
    if field == "aliases" and isinstance(value, list):
        return "; ".join(a.get("name", "") for a in value if isinstance(a, dict))
    if field == "links" and isinstance(value, list):
        return "; ".join(f"{lk.get('role')} → {lk.get('to')}" for lk in value
                         if isinstance(lk, dict))
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def edit_line(edit: dict) -> str:
    """One edit: "2026-12-04 12:50  status: signed → completed (undone)"."""
    when = (edit.get("at") or "").replace("T", " ")[:16]
    if edit["action"] == "create":
        what = "entry written"
    elif edit["action"] == "delete":
        what = "entry deleted"
    else:
        field = edit.get("field")
        what = (f"{field_label(field)}: {field_value_text(field, edit.get('old'))} → "
                f"{field_value_text(field, edit.get('new'))}")
    return f"{when}  {what}{' (undone)' if edit.get('undone') else ''}"


def statement_value_text(statement: dict) -> str:
    """What a statement states, in words ("$456bn", "June 2016", "signed")."""
    if statement["field"] == "date" and isinstance(statement.get("value"), dict):
        return field_value_text("date", statement["value"]) + (
            f" (“{statement['text']}”)" if statement["text"] else "")
    return statement.get("text") or ""


def statement_source_text(statement: dict) -> str:
    if not statement.get("source_id"):
        return "no quote"
    title = statement.get("source_title") or statement["source_id"]
    return f"“{statement.get('quote') or ''}” — {title}"


def statement_line(statement: dict) -> str:
    """One statement: "[12] value  $456bn  (normal)  “…quote…” — Source title"."""
    return (f"[{statement['num']}] {statement['field']}  {statement_value_text(statement)}  "
            f"({statement['rank']})  {statement_source_text(statement)}")


def shipped_change_text(change: dict) -> str:
    """A field the dataset changed under an edit: "the dataset now says: Gazprom PJSC"."""
    return (f"{field_label(change['field'])}: the dataset now says "
            f"{field_value_text(change['field'], change.get('value'))}")
