"""The ``Library`` methods for writing entries: create, edit, delete, undo, statements and the
analyst's dataset export. ``Library`` inherits them; each is one transaction over
``db.authoring``, ``db.statements`` and ``db.dataset_export``."""

from __future__ import annotations

from pathlib import Path


class AuthoringMethods:
    """Writing and correcting entries; mixed into ``db.library.Library`` (``self.conn``)."""

    def create_entry(self, kind: str, title: str, values: dict | None = None, *,
                     cite: tuple | None = None, suggestion: tuple[str, int] | None = None,
                     every_occurrence: bool = False) -> str:
        """A new entry (``values``: {field: value as ``db.entry_fields.parse_field`` gives it}),
        with a citation ``(source_id, quote)`` or ``(source_id, quote, start)`` if given, and
        the name suggestion ``(source_id, n)`` it was written from accepted for it (with
        ``every_occurrence``, every pending one of that name); returns its id. All or nothing."""
        from db.authoring import create_entry
        from db.citing import add_citation
        from db.sourcing.review import accept_for_new_entry

        with self.transaction():
            entry_id = create_entry(self.conn, kind, title, values)
            if cite is not None:
                add_citation(self.conn, entry_id, cite[0], cite[1],
                             start=cite[2] if len(cite) > 2 else None)
            if suggestion is not None:
                accept_for_new_entry(self.conn, *suggestion, entry_id,
                                     every_occurrence=every_occurrence)
        return entry_id

    def edit_entry(self, entry_id: str, values: dict) -> int:
        """Set fields of an entry, recorded as one undoable change; returns how many changed."""
        from db.authoring import set_fields
        from db.entries import entry_num

        with self.transaction():
            entry_num(self.conn, entry_id)  # NotFoundError for an unknown id
            return set_fields(self.conn, entry_id, values)

    def add_alias(self, entry_id: str, name: str, *, lang: str | None = None,
                  script: str | None = None) -> dict:
        """Add another name of an entry (its script read from the letters when not given) as
        one undoable edit, searchable at once; returns ``{"name", "lang", "script", "added"}``.
        Raises ``db.aliases.AliasError`` for an empty or overlong name."""
        from db.aliases import add_alias

        with self.transaction():
            return add_alias(self.conn, entry_id, name, lang=lang, script=script)

    def delete_entry(self, entry_id: str) -> None:
        """Delete an entry; ``undo_last_edit`` brings it back whole."""
        from db.authoring import delete_entry

        with self.transaction():
            delete_entry(self.conn, entry_id)

    def undo_last_edit(self) -> dict:
        """Undo the newest change (a create, one save's fields, a delete, a preferred value):
        ``{"entry_id", "action", "fields"}``. Raises ``NothingToUndoError``."""
        from db.authoring import undo_last_edit

        with self.transaction():
            return undo_last_edit(self.conn)

    def last_edit(self) -> dict | None:
        """What Undo would undo now, or ``None``."""
        from db.authoring import last_change

        return last_change(self.conn)

    def edit_history(self, entry_id: str) -> list[dict]:
        from db.authoring import edit_history

        return edit_history(self.conn, entry_id)

    # -- statements ---------------------------------------------------------------------------

    def statements(self, entry_id: str) -> list[dict]:
        from db.statements import entry_statements

        return entry_statements(self.conn, entry_id)

    def prefer_statement(self, entry_id: str, num: int) -> dict:
        """Make a statement the preferred one of its field; the entry shows its value."""
        from db.statements import prefer_statement

        with self.transaction():
            return prefer_statement(self.conn, entry_id, num)

    def rank_statement(self, entry_id: str, num: int, rank: str) -> None:
        """Rank a statement normal or deprecated (``prefer_statement`` chooses the preferred)."""
        from db.statements import set_rank

        with self.transaction():
            set_rank(self.conn, entry_id, num, rank)

    # -- the analyst's entries as a dataset ---------------------------------------------------

    def has_amendments(self) -> bool:
        """Whether the analyst quoted sources for entries they did not write."""
        return self.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM citations c JOIN entries e ON e.id = c.entry_id "
            "WHERE c.origin = 'analyst' AND e.origin != 'analyst')").fetchone()[0] == 1

    def has_entries_of(self, origin: str) -> bool:
        """Whether any entry is of ``origin`` (analyst, import or bundled)."""
        return self.conn.execute("SELECT EXISTS (SELECT 1 FROM entries WHERE origin = ?)",
                                 (origin,)).fetchone()[0] == 1

    def export_dataset(self, out: Path | str, *, origin: str = "analyst") -> dict:
        """Write the entries of ``origin`` and the sources they cite as a dataset folder (the
        bundled dataset's TOML format), with — for the analyst — their quotes and statements on
        entries of other origins; returns ``{"entries", "sources", "amended", "folder",
        "problems"}``."""
        from db.dataset_export import export_dataset

        return export_dataset(self.conn, Path(out), origin=origin)

    def import_dataset(self, folder: Path | str) -> dict:
        """Add the entries and sources of a dataset folder (as ``export_dataset`` writes it) as
        the analyst's own, and its quotes and statements on entries this library has; returns
        ``{"entries", "sources", "skipped", "amended", "not_here"}``. All or nothing."""
        from db.dataset_export import import_dataset

        with self.transaction():
            return import_dataset(self.conn, Path(folder))
