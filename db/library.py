"""``Library``: the one door to a library file. The GUI, the command line and the tests use it."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from db import bookmarks as _bookmarks
from db import entries as _entries
from db import search as _search
from db.connection import connect, transaction, translate
from db.errors import (
    LibraryCorruptError,
    LibraryMissingError,
    LibraryTooNewError,
)
from db.library_authoring import AuthoringMethods
from db.library_file import guard_library_file
from db.library_graph import GraphMethods
from db.library_safety import SafetyMethods
from db.library_sources import SourceMethods
from db.library_transfer import TransferMethods
from db.query import Query, parse, without_first_letter
from db.recovery import end_session, refuse_recreate, start_session
from db.schema import APPLICATION_ID, SCHEMA_VERSION, migrate, schema_version
from db.schema_check import refuse_foreign_schema, trust_own_schema
from db.wal import closed_here, opened_here
from db.wal_identity import WalWatch

if TYPE_CHECKING:
    from db.dataset import Dataset



@dataclass(frozen=True)
class ResultSet:
    """Entry numbers matching a query, in order, with what to tell the user about it."""

    query: Query
    nums: list[int]
    total: int
    capped: bool
    ranked: bool
    match: str | None
    hints: tuple[str, ...] = ()
    corrections: dict = field(default_factory=dict)
    complete: bool = True  # ``nums`` holds every match (else the first page only)
    steps: int = 0  # SQLite steps a bounded first page took: its cost on any machine


class Library(AuthoringMethods, SourceMethods, GraphMethods, SafetyMethods, TransferMethods):
    """An open library file. Use ``Library.open(path)``; close it with ``close()`` or ``with``."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, read_only: bool):
        self.conn = conn
        self.path = path
        self.read_only = read_only
        self.session = None  # set while open for writing (``db.recovery``)
        self._registered = False  # counted among this process's open libraries (``db.wal``)

    # -- opening ------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, *, create: bool = True, read_only: bool = False,
             dataset: Dataset | None = None) -> Library:
        """Open (or, with ``create``, build from the bundled dataset) the library at ``path``.

        Raises a ``LibraryError`` subclass the user can act on: missing, corrupt, locked,
        read-only, too new. An existing file is never replaced.
        """
        path = Path(path).expanduser()
        # A FIFO, a device or a broken link is refused (never replaced), and so is planted SQL
        # and a log that is not the library's own: untrusted input is checked before it runs.
        if not guard_library_file(path, read_only=read_only):
            if not create or read_only:
                raise LibraryMissingError(f"There is no library at {path}.")
            refuse_recreate(path)
            return cls._create(path, dataset)
        conn = connect(path, read_only=read_only)
        library = cls(conn, path, read_only=read_only)
        try:
            library._prepare(dataset)
        except sqlite3.Error as exc:
            conn.close()
            end_session(library.session, path, clean=False)
            raise translate(exc, path) from None
        except BaseException:
            conn.close()
            end_session(library.session, path, clean=False)
            raise
        opened_here(path)
        library._registered = True
        return library

    @classmethod
    def _create(cls, path: Path, dataset: Dataset | None) -> Library:
        from db.bundled import refresh_bundled
        from db.dataset import load_dataset

        path.parent.mkdir(parents=True, exist_ok=True)
        dataset = dataset or load_dataset()
        partial = path.with_name(path.name + ".building")
        partial.unlink(missing_ok=True)
        try:
            conn = connect(partial)
            trust_own_schema(conn)  # a file Roadbook is making itself
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("PRAGMA journal_mode = DELETE")
            migrate(conn)
            refresh_bundled(conn, dataset)
            conn.close()
            partial.replace(path)  # the library appears whole or not at all
        except sqlite3.Error as exc:
            partial.unlink(missing_ok=True)
            raise translate(exc, path) from None
        return cls.open(path, create=False, dataset=dataset)

    def _prepare(self, dataset: Dataset | None) -> None:
        conn = self.conn
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise LibraryCorruptError(f"{self.path} is an SQLite file but not a Roadbook library. "
                                      "It was left as it is; open another library.")
        version = schema_version(conn)
        if version > SCHEMA_VERSION:
            raise LibraryTooNewError(
                f"{self.path} was written by a newer Roadbook (schema {version}; this one "
                f"knows {SCHEMA_VERSION}). Update Roadbook, or open another library.")
        refuse_foreign_schema(conn, self.path, version)  # before anything in it can run
        if self.read_only:
            conn.execute("PRAGMA query_only = ON")
            return
        trust_own_schema(conn)
        self.session = start_session(conn, self.path)
        journal = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        conn.execute("PRAGMA synchronous = NORMAL")
        if journal == "wal":
            conn.wal_watch = WalWatch(self.path)  # the log's identity, for after a crash
        if version < SCHEMA_VERSION:
            from db.backup import backup_before_migration

            backup_before_migration(conn, self.path, version)
            from db.parties import refresh_all_parties

            with transaction(conn):  # a log that is recorded before the upgrade writes in it
                pass
            migrate(conn, after={5: refresh_all_parties})  # entries found by their parties
        self._refresh_if_changed(dataset)

    def _refresh_if_changed(self, dataset: Dataset | None) -> None:
        # Loading and upserting the dataset (TOML, dates, text folding) happens only when its
        # files changed; an ordinary start compares two digests and imports nothing more.
        from db.bundled import bundled_checksum
        from db.dataset import dataset_checksum

        checksum = dataset.checksum if dataset else dataset_checksum()
        if bundled_checksum(self.conn) != checksum:
            from db.bundled import refresh_bundled
            from db.dataset import load_dataset

            refresh_bundled(self.conn, dataset or load_dataset())

    def close(self) -> None:
        self.conn.close()
        if self._registered:
            self._registered = False
            closed_here(self.path)
        end_session(self.session, self.path)

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def transaction(self):
        """A context manager for an all-or-nothing write."""
        return transaction(self.conn)

    # -- searching ----------------------------------------------------------------------------

    def results(self, text: str, *, kind: str | None = None, order: str | None = None,
                descending: bool = False, limit: int = -1, fuzzy: bool = True,
                typing: bool = False) -> ResultSet:
        """Entries matching ``text`` (the query language), as numbers in result order.

        With a ``limit`` only the first page is fetched (fast at any library size) and the
        total is counted up to ``COUNT_CAP`` ("10,000+"); ``complete`` says whether ``nums``
        already holds every match. Up to ``RANK_LIMIT`` matches are ranked by relevance.
        ``typing`` (search as you type) shows, for "moscow p" where nothing has the word "p",
        what "moscow" finds, with a hint, rather than nothing; with a ``limit`` it is also
        bounded in time (``db.querybudget``): a query not done by then returns no rows yet and
        ``complete`` false, and its whole set comes from a call without a limit, on a worker.
        """
        args = dict(kind=kind, order=order, descending=descending, limit=limit, fuzzy=fuzzy,
                    typing=typing)
        if not (typing and limit >= 0):
            return self._results(text, **args)
        from db import querybudget

        budget = querybudget.QueryBudget(self.conn, querybudget.FIRST_PAGE_SECONDS)
        try:
            with budget:
                result = self._results(text, **args)
        except sqlite3.OperationalError:
            if not budget.ran_out:
                raise
            query = parse(text)  # still running: the worker brings the whole set
            return ResultSet(query=query, nums=[], total=0, capped=True, ranked=False,
                             match=None, hints=query.hints, complete=False, steps=budget.steps)
        return replace(result, steps=budget.steps)

    def _results(self, text: str, *, kind: str | None, order: str | None, descending: bool,
                 limit: int, fuzzy: bool, typing: bool) -> ResultSet:
        query, compiled, total, first, corrections = self._counted_query(
            text, kind=kind, limit=limit, fuzzy=fuzzy, typing=typing)
        many = total > _search.COUNT_CAP
        if limit < 0 and many:  # the whole set, on a worker: rank it if it is not huge
            total = _search.count_matches(self.conn, compiled, cap=_search.RANK_LIMIT_BACKGROUND)
        rank = total <= (_search.RANK_LIMIT if limit >= 0 else _search.RANK_LIMIT_BACKGROUND)
        too_many_to_rank = compiled.match is not None and not rank and order is None
        quick = limit >= 0 and ((many and not _search.only_kind(compiled)) or too_many_to_rank)
        if quick:
            # Too many to order now: show matches at once; the ordered set comes from a worker.
            nums = first if first is not None else _search.first_matches(
                self.conn, compiled, limit=limit)
        else:
            nums = _search.matching_nums(self.conn, compiled, order=order,
                                         descending=descending, rank=rank, limit=limit,
                                         many=many)
        # A capped count says "more than COUNT_CAP": such a page is never the whole set.
        complete = limit < 0 or (len(nums) == total and not quick and not many)
        if many and not complete and _search.only_kind(compiled):
            counts = self.kind_counts()  # exact at once from the counts the triggers keep
            total = counts.get(compiled.params[0], 0) if compiled.params else sum(counts.values())
            many = False
        return ResultSet(query=query, nums=nums, total=len(nums) if complete else total,
                         capped=many and not complete,
                         ranked=rank and compiled.match is not None and order is None,
                         match=compiled.match, hints=query.hints, corrections=corrections,
                         complete=complete)

    def _counted_query(self, text: str, *, kind: str | None, limit: int, fuzzy: bool,
                       typing: bool) -> tuple:
        """The query as it will run — as typed, without an unfinished first letter, or with
        misspelt words corrected, whichever finds something first — with its count and first
        page: ``(query, compiled, total, first, corrections)``."""
        def counted(query: Query):
            compiled = _search.compile_query(query, kind=kind)
            return (query, compiled,
                    *_search.count_and_first(self.conn, compiled, limit=limit))

        query, compiled, total, first = counted(parse(text))
        shorter = without_first_letter(query) if total == 0 and typing else None
        if shorter is not None:
            query, compiled, total, first = counted(shorter)
        corrections: dict = {}
        if total == 0 and fuzzy and compiled.match:
            from db.fuzzy import corrected

            better, corrections = corrected(self.conn, query)
            if corrections:
                query, compiled, total, first = counted(better)
        return query, compiled, total, first, corrections

    def search(self, text: str, *, kind: str | None = None, limit: int = 20, offset: int = 0,
               order: str | None = None, descending: bool = False,
               typing: bool = False) -> dict:
        """A page of hits as plain dicts (the command line's ``search --json`` shape).

        ``typing`` (a field searching as it is typed, on the UI thread) fetches only the
        first ``offset + limit`` matches, bounded in time as ``results`` says; its total may
        then be capped ("10,000+")."""
        first = offset + limit if typing and limit >= 0 else -1
        result = self.results(text, kind=kind, order=order, descending=descending, limit=first,
                              typing=typing)
        page = result.nums[offset: offset + limit] if limit >= 0 else result.nums[offset:]
        rows = self.rows(page)
        snippets = self.snippets(result.match, page)
        hits = [{"id": rows[n]["id"], "kind": rows[n]["kind"], "title": rows[n]["title"],
                 "date_start": rows[n]["date_start"], "date_end": rows[n]["date_end"],
                 "date_precision": rows[n]["date_precision"],
                 "value_usd": rows[n]["value_usd"], "snippet": snippets.get(n, "")}
                for n in page]
        return {"query": text, "total": result.total, "hits": hits, "hints": list(result.hints)}

    def rows(self, nums: list[int]) -> dict[int, dict]:
        """Table rows for entry numbers (a page of a result set)."""
        return _entries.rows_by_num(self.conn, list(nums))

    def snippets(self, match: str | None, nums: list[int]) -> dict[int, str]:
        """Highlighted match fragments; matches sit between ``\\x02`` and ``\\x03``."""
        return _search.snippets(self.conn, match, list(nums))

    def suggest(self, word: str, *, limit: int = 12) -> list[str]:
        """Completions for the word being typed in a query (field names and their values)."""
        from db import querybudget
        from db.suggest import suggest

        try:  # per keystroke on the UI thread: a value too slow to find is not offered
            with querybudget.QueryBudget(self.conn, querybudget.SUGGEST_SECONDS):
                return suggest(self.conn, word, limit=limit)
        except sqlite3.Error:
            return []

    def search_passages(self, text: str, *, limit: int = 50) -> list[dict]:
        """Paragraphs of the source texts matching the words of ``text``, best first."""
        from db.sources import search_passages

        return search_passages(self.conn, parse(text), limit=limit)

    # -- entries ------------------------------------------------------------------------------

    def get(self, entry_id: str) -> dict:
        """One entry with aliases, links, citations, notes, tags and its bookmark."""
        return _entries.get_entry(self.conn, entry_id)

    def num_for(self, entry_id: str) -> int:
        return _entries.entry_num(self.conn, entry_id)

    def id_for(self, num: int) -> str:
        return _entries.entry_id_for_num(self.conn, num)

    def titles(self, ids: list[str]) -> dict[str, dict]:
        return _entries.titles_by_id(self.conn, list(ids))

    def kind_counts(self) -> dict[str, int]:
        return _entries.kind_counts(self.conn)

    # -- the user's data ----------------------------------------------------------------------

    def bookmark(self, entry_id: str, *, note: str | None = None,
                 tags: list[str] | None = None) -> dict:
        return _bookmarks.set_bookmark(self.conn, entry_id, note=note, tags=tags)

    def unbookmark(self, *entry_ids: str) -> int:
        return _bookmarks.remove_bookmarks(self.conn, list(entry_ids))

    def get_bookmark(self, entry_id: str) -> dict | None:
        return _bookmarks.get_bookmark(self.conn, entry_id)

    def bookmarked_title(self, entry_id: str) -> str | None:
        return _bookmarks.bookmarked_title(self.conn, entry_id)

    def bookmarks(self, *, tag: str | None = None) -> list[dict]:
        return _bookmarks.list_bookmarks(self.conn, tag=tag)

    def bookmark_tags(self) -> list[tuple[str, int]]:
        return _bookmarks.bookmark_tags(self.conn)

    def save_search(self, name: str, query: str) -> None:
        _bookmarks.save_search(self.conn, name, query)

    def saved_searches(self) -> list[dict]:
        return _bookmarks.saved_searches(self.conn)

    def delete_saved_search(self, name: str) -> None:
        _bookmarks.delete_saved_search(self.conn, name)

    # -- timeline -----------------------------------------------------------------------------

    def timeline_items(self, nums, *, links: bool = True):
        """The dated entries among ``nums`` (a list or any flat array of entry numbers) as
        sorted arrays for drawing (``db.timeline``); ``links=False`` leaves the actor links
        for ``timeline_links``."""
        from db.timeline import timeline_items

        return timeline_items(self.conn, nums, links=links)

    def timeline_links(self, data):
        """``data`` from ``timeline_items(…, links=False)`` with its actor links added."""
        from db.timeline import actor_links

        return actor_links(self.conn, data)

    # -- printed reports ----------------------------------------------------------------------

    def report(self, scope, *, title: str | None = None, made_on=None, progress=None):
        """Everything a printed briefing on ``scope`` (a ``db.report.ReportScope``) holds."""
        from db.report import gather_report

        return gather_report(self, scope, title=title, made_on=made_on, progress=progress)
