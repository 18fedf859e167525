"""Every setting declared once: key, type and default. Preferences apart from window state."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "Roadbook"
APPLICATION = "Roadbook"
MAX_RECENT_QUERIES = 20


class Setting(NamedTuple):
    key: str
    type: type
    default: object


# Preferences: what the user chose.
LAST_QUERY = Setting("search/last_query", str, "")
RECENT_QUERIES = Setting("search/recent_queries", list, [])
LAST_LIBRARY = Setting("library/last_path", str, "")

# Window state: how the user left the window.
GEOMETRY = Setting("window/geometry", QByteArray, QByteArray())
WINDOW_STATE = Setting("window/state", QByteArray, QByteArray())
MAIN_SPLITTER = Setting("window/main_splitter", QByteArray, QByteArray())
RESULTS_HEADER = Setting("window/results_header", QByteArray, QByteArray())
BOOKMARKS_HEADER = Setting("window/bookmarks_header", QByteArray, QByteArray())


def store() -> QSettings:
    return QSettings(ORGANISATION, APPLICATION)


def read(setting: Setting, settings: QSettings | None = None):
    settings = settings or store()
    value = settings.value(setting.key, setting.default)
    if setting.type is list:
        if value is None or value == "":
            return []
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]
    if setting.type is QByteArray:
        return value if isinstance(value, QByteArray) else QByteArray()
    try:
        return setting.type(value)
    except (TypeError, ValueError):
        return setting.default


def write(setting: Setting, value, settings: QSettings | None = None) -> None:
    (settings or store()).setValue(setting.key, value)


def remember_query(query: str, settings: QSettings | None = None) -> list[str]:
    """Put ``query`` first in the recent queries (no duplicates); returns the new list."""
    query = query.strip()
    recent = [q for q in read(RECENT_QUERIES, settings) if q != query]
    if query:
        recent.insert(0, query)
    recent = recent[:MAX_RECENT_QUERIES]
    write(RECENT_QUERIES, recent, settings)
    return recent
