"""Mappings kept by name: presets shipped in ``resources/presets/`` and the user's own, saved
in the library (table ``import_mappings``) so they travel with it."""

from __future__ import annotations

import functools
import json
import re
import sqlite3
import tomllib
from datetime import UTC, datetime

from db.errors import MappingError, NotFoundError
from db.importing.mapping import Mapping, mapping_from_dict
from db.paths import resource_path

NAME_PATTERN = re.compile(r"^[\w][\w .-]{0,79}$")


def preset_names() -> list[str]:
    """The names of the shipped presets, e.g. ``aiddata-gcofd-1.0``."""
    folder = resource_path("presets")
    return sorted(p.stem for p in folder.glob("*.toml")) if folder.is_dir() else []


def recognise_preset(columns: list[str]) -> Mapping | None:
    """The shipped preset made for a file with these headers (it has every header the preset
    lists under ``headers``), the one naming most of them if several fit; ``None`` if none."""
    present = set(columns)
    fitting = [preset for preset in map(load_preset, preset_names())
               if preset.headers and present.issuperset(preset.headers)]
    return max(fitting, key=lambda p: len(p.headers), default=None)


NEARLY_MISSING = 2  # headers a preset may miss and still be named as nearly fitting
NEARLY_SHARE = 0.9  # of its headers the file must have


def nearly_fitting_preset(columns: list[str]) -> tuple[Mapping, list[str]] | None:
    """A shipped preset the file misses by a header or two (one renamed, say): the preset and
    the headers of it the file lacks, for a hint; ``None`` when none comes that close."""
    present = set(columns)
    best = None
    for preset in map(load_preset, preset_names()):
        if not preset.headers:
            continue
        missing = [h for h in preset.headers if h not in present]
        if 0 < len(missing) <= NEARLY_MISSING and \
                1 - len(missing) / len(preset.headers) >= NEARLY_SHARE and \
                (best is None or len(missing) < len(best[1])):
            best = (preset, missing)
    return best


def load_preset(name: str) -> Mapping:
    """A shipped preset by name; ``NotFoundError`` if there is none."""
    if name not in preset_names():
        raise NotFoundError(f"no preset mapping named {name!r} (presets: "
                            f"{', '.join(preset_names()) or 'none'})")
    return _read_preset(name)


@functools.lru_cache(maxsize=32)
def _read_preset(name: str) -> Mapping:
    path = resource_path("presets", f"{name}.toml")
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(f"preset {name}: {exc}") from None
    data.setdefault("name", name)
    return mapping_from_dict(data)


def save_mapping(conn: sqlite3.Connection, name: str, mapping: Mapping) -> Mapping:
    """Keep ``mapping`` in the library under ``name`` (replacing one of the same name)."""
    name = (name or "").strip()
    if not NAME_PATTERN.match(name):
        raise MappingError("a mapping name needs 1 to 80 letters, digits, spaces, '.', '-' "
                           "or '_'")
    if name in preset_names():
        raise MappingError(f"{name!r} is the name of a shipped preset; choose another name")
    saved = Mapping(**{**mapping.__dict__, "name": name})
    conn.execute(
        "INSERT INTO import_mappings (name, mapping, created_at) VALUES (?, ?, ?) "
        "ON CONFLICT(name) DO UPDATE SET mapping = excluded.mapping, "
        "created_at = excluded.created_at",
        (name, json.dumps(saved.to_dict(), ensure_ascii=False), _now()))
    return saved


def saved_mapping_names(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT name FROM import_mappings ORDER BY name COLLATE NOCASE")]


def delete_mapping(conn: sqlite3.Connection, name: str) -> None:
    if conn.execute("DELETE FROM import_mappings WHERE name = ?", (name,)).rowcount == 0:
        raise NotFoundError(f"no saved mapping named {name!r}")


def find_mapping(conn: sqlite3.Connection, name: str) -> Mapping:
    """A mapping the user saved in this library, else a shipped preset, by name."""
    row = conn.execute("SELECT mapping FROM import_mappings WHERE name = ?", (name,)).fetchone()
    if row is not None:
        return mapping_from_dict(json.loads(row[0]))
    try:
        return load_preset(name)
    except NotFoundError:
        known = saved_mapping_names(conn) + preset_names()
        raise NotFoundError(f"no mapping named {name!r} (known: {', '.join(known)})") from None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
