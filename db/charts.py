"""Link charts saved by name: which entries were on show, where each stood, which were pinned
or hidden, and how the chart was laid out. A saved chart is read back with its shape checked,
so a damaged or foreign row is refused with one clear line, never half-opened."""

from __future__ import annotations

import json
import math
import sqlite3
from datetime import UTC, datetime

from db.connection import transaction
from db.errors import InvalidValueError, NotFoundError
from db.graph import MAX_LIMIT

LAYOUTS = ("force", "circle", "kind", "time")
MAX_STATE_BYTES = 5_000_000
MAX_ID_CHARS = 200


def save_chart(conn: sqlite3.Connection, name: str, state: dict) -> dict:
    """Keep ``state`` under ``name`` (replacing a chart of that name); returns it as kept."""
    name = " ".join((name or "").split())
    if not name:
        raise InvalidValueError("A chart needs a name.")
    clean = checked_state(state)
    text = json.dumps(clean, ensure_ascii=False)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with transaction(conn):
        conn.execute(
            "INSERT INTO charts (name, state, created_at, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(name) DO UPDATE SET state = excluded.state, "
            "updated_at = excluded.updated_at", (name, text, now, now))
    return clean


def list_charts(conn: sqlite3.Connection) -> list[dict]:
    """Saved charts by name: ``{name, nodes, updated_at}`` (nodes: how many entries)."""
    if not _has_table(conn):
        return []
    return [{"name": name, "nodes": nodes or 0, "updated_at": updated}
            for name, nodes, updated in conn.execute(
                "SELECT name, json_array_length(state, '$.nodes'), updated_at FROM charts "
                "ORDER BY name COLLATE NOCASE")]


def _has_table(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'charts'"
                        ).fetchone() is not None


def get_chart(conn: sqlite3.Connection, name: str) -> dict:
    """The chart saved as ``name``, its shape checked."""
    row = conn.execute("SELECT state FROM charts WHERE name = ?", (name,)).fetchone() \
        if _has_table(conn) else None
    if row is None:
        raise NotFoundError(f"no chart named {name!r}")
    if len(row[0]) > MAX_STATE_BYTES:
        raise InvalidValueError(f"The chart {name!r} is too large to open.")
    try:
        return checked_state(json.loads(row[0]))
    except (ValueError, TypeError) as exc:
        raise InvalidValueError(f"The chart {name!r} cannot be read: {exc}") from None


def delete_chart(conn: sqlite3.Connection, name: str) -> None:
    if not _has_table(conn):
        raise NotFoundError(f"no chart named {name!r}")
    with transaction(conn):
        if conn.execute("DELETE FROM charts WHERE name = ?", (name,)).rowcount == 0:
            raise NotFoundError(f"no chart named {name!r}")


def checked_state(state) -> dict:
    """``state`` reduced to what a chart keeps, or ``InvalidValueError`` naming what is wrong."""
    if not isinstance(state, dict):
        raise InvalidValueError("a chart is a JSON object")
    nodes = state.get("nodes", [])
    if not isinstance(nodes, list) or len(nodes) > MAX_LIMIT:
        raise InvalidValueError(f"a chart holds a list of at most {MAX_LIMIT:,} nodes")
    layout = state.get("layout", "force")
    if layout not in LAYOUTS:
        raise InvalidValueError(f"unknown layout {str(layout)[:20]!r}")
    hidden = state.get("hidden", [])
    if not isinstance(hidden, list) or not all(_is_id(h) for h in hidden):
        raise InvalidValueError("hidden entries are a list of ids")
    return {"query": _text(state.get("query", "")), "layout": layout,
            "seed": _int(state.get("seed", 1)), "depth": _int(state.get("depth", 1)),
            "nodes": [_node(n) for n in nodes], "hidden": hidden[:MAX_LIMIT]}


def _node(node) -> dict:
    if not isinstance(node, dict) or not _is_id(node.get("id")):
        raise InvalidValueError("each node needs an entry id")
    x, y = node.get("x"), node.get("y")
    for value in (x, y):
        if not isinstance(value, int | float) or isinstance(value, bool) \
                or not math.isfinite(value) or abs(value) > 1e9:
            raise InvalidValueError(f"node {node['id'][:40]!r} has no position")
    return {"id": node["id"], "x": float(x), "y": float(y), "pinned": bool(node.get("pinned"))}


def _is_id(value) -> bool:
    return isinstance(value, str) and 0 < len(value) <= MAX_ID_CHARS


def _text(value) -> str:
    return value[:1000] if isinstance(value, str) else ""


def _int(value) -> int:
    return int(value) if isinstance(value, int) and not isinstance(value, bool) \
        and abs(value) < 2**31 else 1
