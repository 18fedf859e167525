"""The ``Library`` methods for sources: reading them and citing them, and for the ones an
analyst adds, adding a file or pasted text, a newer version in its place, the suggestions
found and their review. ``Library`` inherits them; each
write is one transaction over ``db.sourcing``."""

from __future__ import annotations

from pathlib import Path


class SourceMethods:
    """Sources and their suggestions; mixed into ``db.library.Library`` (``self.conn``)."""

    def source(self, source_id: str) -> dict:
        from db.sources import get_source

        return get_source(self.conn, source_id)

    def sources(self) -> list[dict]:
        from db.sources import list_sources

        return list_sources(self.conn)

    def passage_entries(self, source_id: str) -> dict[int, list[dict]]:
        """For each passage of a source, the entries that cite it."""
        from db.sources import entries_by_passage

        return entries_by_passage(self.conn, source_id)

    def cite(self, entry_id: str, source_id: str, quote: str, *, start: int | None = None,
             field: str | None = None, states: str | None = None) -> dict:
        """Cite the exact words ``quote`` of a source for an entry (at ``start``, or where they
        first occur); refused with ``db.citing.CitationError`` when the source lacks them.
        ``states`` ("value=$456bn", "date=2016-06", "status=signed") records what the passage
        says as a statement (``db.statements``), returned under ``"statement"``."""
        from db.citing import add_citation

        if states is None:
            with self.transaction():
                return add_citation(self.conn, entry_id, source_id, quote, start=start,
                                    field=field)
        from db.statements import add_statement, parse_states

        stated, words = parse_states(states)
        with self.transaction():
            cited = add_citation(self.conn, entry_id, source_id, quote, start=start,
                                 field=field or stated)
            return cited | {"statement": add_statement(self.conn, entry_id, stated, words,
                                                       cited["num"])}

    def add_source(self, source: Path | str, *, title: str | None = None,
                   author: str | None = None, publisher: str | None = None,
                   date: str | None = None, url: str | None = None,
                   markdown: bool = False) -> dict:
        """Add a source — a file (a ``Path``: text, Markdown, HTML, PDF, DOCX) or pasted text (a
        ``str``, read as Markdown if ``markdown``) — with its passages and suggestions, in one
        transaction. Raises ``SourceFileError`` for an unusable file and
        ``DuplicateSourceError`` when the same text is already a source."""
        from db.sourcing.adding import add_document

        return add_document(self.conn, _document(source, markdown), title=title, author=author,
                            publisher=publisher, date_text=date, url=url)

    def replace_source(self, source_id: str, source: Path | str) -> dict:
        """A newer version of a source in its place: citations re-anchored, those that cannot
        be moved to ``orphaned_citations()``; returns counts kept/moved/changed/orphaned."""
        from db.sourcing.anchoring import replace_source_text

        return replace_source_text(self.conn, source_id, _document(source, False))

    def orphaned_citations(self, source_id: str | None = None) -> list[dict]:
        """Quotes that a newer version of their source no longer holds."""
        from db.sourcing.anchoring import orphaned_citations

        return orphaned_citations(self.conn, source_id)

    def suggestions(self, source_id: str, status: str | None = None) -> list[dict]:
        """A source's suggestions (mention, value, date, name) in reading order."""
        from db.sourcing.review import list_suggestions

        return list_suggestions(self.conn, source_id, status=status)

    def suggestion_marks(self, source_id: str, *, limit: int = 3_000) -> list[dict]:
        """Where a source's pending suggestions are (``{start, end, entry_id}``), for shading
        them in the reader; at most ``limit`` of them, the first in reading order."""
        from db.sourcing.review import pending_marks

        return pending_marks(self.conn, source_id, limit=limit)

    def decide_suggestions(self, source_id: str, numbers, status: str, *,
                           every_occurrence: bool = False) -> dict:
        """Accept or reject suggestions (``status``: accepted, rejected or pending again);
        accepting one tied to an entry cites its sentence for that entry."""
        from db.sourcing.review import decide

        with self.transaction():
            return decide(self.conn, source_id, list(numbers), status,
                          every_occurrence=every_occurrence)


    def draft_entry_from_selection(self, source_id: str, start: int, words: str) -> dict:
        """A new entry's fields read from words selected at ``start`` in a source (title, the
        sum and date they state) and the citation to attach: ``{"prefill", "cite"}``."""
        from db.sourcing.drafting import draft_from_selection

        return draft_from_selection(self.conn, source_id, start, words)

    def draft_entry_from_suggestion(self, source_id: str, n: int) -> dict:
        """A new actor or place from a name suggestion: ``{"prefill", "cite", "suggestion"}``
        for ``create_entry``, which then accepts the suggestion for the entry."""
        from db.sourcing.drafting import draft_from_suggestion

        return draft_from_suggestion(self.conn, source_id, n)

def _document(source: Path | str, markdown: bool):
    """A file (a ``Path``) or pasted text (a ``str``) read as a ``db.sourcing`` document."""
    from db.sourcing.reading import read_source_file, read_source_text

    if isinstance(source, Path):
        return read_source_file(source)
    return read_source_text(source, markdown=markdown)
