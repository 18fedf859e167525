"""The list cells of a row: several names, tags or links in one cell, and the columns kept
as extra properties (typed as dates, numbers, JSON or lists)."""

from __future__ import annotations

import json
from typing import NamedTuple

from db.errors import InvalidValueError
from db.importing.mapping import ColumnRule
from db.importing.values import NAME_BLANKS, parse_import_date, parse_number


class LinkRef(NamedTuple):
    """A link from the row's entry to an entry named in a cell (found or created on import)."""

    name: str
    role: str
    field: str  # actor, place or links
    category: str | None = None
    target_id: str | None = None  # a link written with an id (Roadbook's own JSON)


def _json_list(text: str) -> list | None:
    """The list a cell holds when it is a JSON array, else ``None``."""
    if not text.startswith("["):
        return None
    try:
        items = json.loads(text)
    except json.JSONDecodeError:
        return None
    return items if isinstance(items, list) else None


def split_list(cell: str, separator: str | None, *, key: str = "name") -> list[str]:
    """Items of a list cell: a JSON array (of texts, or of objects with ``key``) or text
    split at ``separator`` (``;`` when none is set)."""
    text = cell.strip()
    items = _json_list(text)
    if items is not None:
        out = [str(i.get(key, "")) if isinstance(i, dict) else str(i) for i in items]
        return [o.strip() for o in out if o and o.strip()]
    return [part.strip() for part in text.split(separator or ";") if part.strip()]


def parse_links(cell: str) -> list[LinkRef]:
    """``role: name; role: name`` or Roadbook's JSON links (outgoing ones only)."""
    text = cell.strip()
    items = _json_list(text)
    if items is not None:
        return [LinkRef(str(i.get("title") or i.get("id")), str(i.get("role") or "party"),
                        "links", target_id=i.get("id"))
                for i in items if isinstance(i, dict) and i.get("direction", "out") == "out"
                and (i.get("title") or i.get("id"))]
    out = []
    for part in split_list(text, ";"):
        role, sep, name = part.partition(":")
        out.append(LinkRef(name.strip(), role.strip(), "links") if sep and name.strip()
                   else LinkRef(part, "party", "links"))
    return out


def named_links(cell: str, rule: ColumnRule) -> list[LinkRef]:
    out = []
    for name in split_list(cell, rule.separator) if rule.separator else [cell.strip()]:
        category = rule.category
        if rule.category_after and rule.category_after in name:
            name, _, category = name.rpartition(rule.category_after)
            name, category = name.strip(), category.strip() or rule.category
        if name and name.casefold() not in NAME_BLANKS:
            out.append(LinkRef(name, rule.role or "party", rule.field, category))
    return out


def add_extra(extra: dict, column: str, cell: str, rule: ColumnRule) -> None:
    if rule.type == "json":
        try:
            value = json.loads(cell)
        except json.JSONDecodeError:
            value = cell
        if isinstance(value, dict):
            extra.update(value)
            return
        extra[column] = value
    elif rule.type == "date":
        extra[column] = _extra_date(cell)
    elif rule.type == "number":
        try:
            extra[column] = parse_number(cell)
        except InvalidValueError:
            extra[column] = cell
    elif rule.type == "list":
        extra[column] = split_list(cell, rule.separator)
    else:
        extra[column] = cell


def _extra_date(cell: str) -> str:
    """An ISO day, month (2016-06) or year for a date kept as an extra; the cell if unreadable."""
    try:
        parsed = parse_import_date(cell)
    except InvalidValueError:
        return cell
    if parsed is None:
        return cell
    interval = parsed.interval
    shown = {"day": interval.start_iso, "month": interval.start_iso[:7],
             "year": interval.start_iso[:4]}.get(interval.precision)
    return shown or f"{interval.start_iso}..{interval.end_iso}"
