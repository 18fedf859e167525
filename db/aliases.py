"""Other names of an entry, added by the analyst one at a time (a name met in a source, in any
script).

An alias is an edit of the entry's ``aliases`` field like any other (``db.authoring``): it shows
in the entry's history, Undo takes it back, and a refresh of the bundled dataset keeps it. It is
searchable at once through the entry's ``names`` text, with its transliteration.
"""

from __future__ import annotations

import sqlite3

from db.authoring import set_fields
from db.entry_fields import read_field, script_of
from db.errors import RoadbookError

MAX_ALIAS = 200


class AliasError(RoadbookError):
    """A name that cannot be an alias: empty or too long."""


def add_alias(conn: sqlite3.Connection, entry_id: str, name: str, *, lang: str | None = None,
              script: str | None = None) -> dict:
    """Add ``name`` as another name of ``entry_id`` as one undoable edit (one already there is
    kept as it is, and nothing is recorded). The caller holds the write transaction. Returns
    ``{"name", "lang", "script", "added"}``."""
    name = " ".join((name or "").split())
    if not name:
        raise AliasError("the name is empty; select the words the source uses for it")
    if len(name) > MAX_ALIAS:
        raise AliasError(f"a name may have at most {MAX_ALIAS} characters, not {len(name):,}")
    aliases = read_field(conn, entry_id, "aliases")  # NotFoundError for an unknown id
    known = next((a for a in aliases if a["name"] == name), None)
    if known is not None:
        return {**known, "added": False}
    alias = {"name": name, "lang": lang, "script": script or script_of(name)}
    set_fields(conn, entry_id, {"aliases": [*aliases, alias]})
    return {**alias, "added": True}
