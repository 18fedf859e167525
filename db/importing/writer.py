"""Writing a file's rows into a library as one batch, in one transaction.

After a cancel or a crash nothing of the batch is there; after success every row of the file
is either an entry of the batch or listed as rejected with its reason.
"""

from __future__ import annotations

import contextlib
import json
import operator
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from db.connection import transaction
from db.errors import AlreadyImportedError, ImportCancelledError
from db.importing.conditions import checkpoint_apart, collector_paused, release, roomy_cache
from db.importing.mapping import Mapping, resolve
from db.importing.names import NameIndex
from db.importing.reading import Table
from db.importing.rows import RowPlan, RowPlanner, RowRejected, slug
from db.parties import party_text
from db.schema import FTS_COLUMNS, PARTY_ROLES
from db.textindex import names_text

ORIGIN = "import"
INDEX_TRIGGER = "entries_ai"  # keeps entries_fts in step with inserts into entries
COUNT_TRIGGER = "entries_count_ai"  # keeps kind_counts in step with inserts into entries
CHUNK = 500
# Tables written through a temporary table: their columns, and the order they are written in.
STAGED = {
    "aliases": ("entry_id, name", "entry_id, rowid"),
    "entry_tags": ("entry_id, tag", "entry_id, tag"),
    "links": ("from_id, to_id, role", "from_id, to_id, role"),
}
# The tables a batch writes, whose secondary indexes a batch as big as the library makes anew.
WRITTEN_TABLES = ("entries", "aliases", "entry_tags", "links")
FTS_BUFFER_BYTES = 64 << 20  # the full-text index's in-memory buffer while a batch is indexed
FTS_BUFFER_DEFAULT = 1 << 20  # FTS5's own
HEARTBEAT_S = 0.25  # a long statement still reports progress and heeds a cancel this often
HEARTBEAT_STEPS = 50_000  # SQLite steps between two looks at the clock
# (stage, done, total), the stage being "checking", "linking", "writing" or "indexing"
Progress = Callable[[str, int, int], object]
Cancel = Callable[[], bool]
PLANNED_COLUMNS = ("id", "kind", "category", "title", "summary", "status", "date_start",
                   "date_end", "date_precision", "date_text", "date_origin", "date_note",
                   "value_usd", "value_text", "value_note", "flag")  # as a row's plan has them
ENTRY_COLUMNS = (*PLANNED_COLUMNS, "names", "details", "extra", "origin", "batch_id",
                 "parties")
_PARTY_ROLES = frozenset(PARTY_ROLES)
ENTRY_INSERT = (f"INSERT INTO entries ({', '.join(ENTRY_COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(ENTRY_COLUMNS))})")
_PLANNED = operator.itemgetter(*PLANNED_COLUMNS)


@dataclass(frozen=True)
class Rejection:
    row: int  # 1 is the first row under the header (the first record of a JSON file)
    reason: str


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, for a dry run, would do)."""

    batch: int | None
    file: str
    rows: int
    imported: int
    rejections: tuple[Rejection, ...] = ()
    created: int = 0  # entries made for names no entry had (actors, places)
    dry_run: bool = False
    sample: tuple[dict, ...] = field(default=(), compare=False)  # first entries as written
    flagged: int = 0  # rows imported with a flaw they say (is:flagged), e.g. an end before start

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    def to_dict(self) -> dict:
        """The ``roadbook import --json`` shape."""
        return {"batch": self.batch, "rows": self.rows, "imported": self.imported,
                "rejected": self.rejected, "flagged": self.flagged, "created": self.created,
                "dry_run": self.dry_run,
                "rejections": [{"row": r.row, "reason": r.reason} for r in self.rejections]}


class _DryRun(Exception):
    def __init__(self, report: ImportReport):
        self.report = report


def previous_batch(conn: sqlite3.Connection, checksum: str) -> sqlite3.Row | None:
    return conn.execute("SELECT id, created_at FROM imports WHERE checksum = ? "
                        "ORDER BY id DESC LIMIT 1", (checksum,)).fetchone()


def import_table(conn: sqlite3.Connection, table: Table, mapping: Mapping, *,
                 kind: str | None = None, dry_run: bool = False, again: bool = False,
                 progress: Progress | None = None, cancel: Cancel | None = None,
                 sample_size: int = 0) -> ImportReport:
    """Import ``table`` as one batch. Raises ``AlreadyImportedError`` when the same file was
    imported before (unless ``again``) and ``ImportCancelledError`` when ``cancel()`` says so."""
    before = previous_batch(conn, table.checksum)
    if before is not None and not again and not dry_run:
        raise AlreadyImportedError(
            f"{table.path.name} was imported before (batch {before['id']}, "
            f"{before['created_at'][:10]}); import it again only if you mean to",
            batch=before["id"])
    planner = make_planner(table, mapping, kind)
    job = BatchJob(conn, table, progress, cancel)
    try:
        with collector_paused(), roomy_cache(conn), \
                checkpoint_apart(conn, lambda: job.progress(*job.now)), \
                transaction(conn):
            batch = _start_batch(conn, table, mapping, kind)
            plans = job.plan(planner, batch)
            created = job.write(plans)
            report = ImportReport(None if dry_run else batch, str(table.path), len(table),
                                  len(plans), tuple(job.rejections), created, dry_run,
                                  tuple(p.entry for p in plans[:sample_size]),
                                  flagged=sum(1 for p in plans if p.entry.get("flag")))
            _finish_batch(conn, batch, report)
            release(plans)
            if dry_run:
                raise _DryRun(report)
    except _DryRun as done:
        return done.report
    return report


def make_planner(table: Table, mapping: Mapping, kind: str | None) -> RowPlanner:
    """The planner for a file's rows (``MappingError`` if the mapping does not fit the file)."""
    rules = resolve(mapping, table.columns)
    prefix = mapping.id_prefix  # "" keeps source ids as they are
    if prefix is None:
        prefix = slug(table.path.stem) or "import"
    return RowPlanner(table.columns, rules, mapping, kind=kind, id_prefix=prefix)


def _start_batch(conn: sqlite3.Connection, table: Table, mapping: Mapping,
                 kind: str | None) -> int:
    settings = mapping.to_dict() | {"kind": kind or mapping.kind, "encoding": table.encoding,
                                    "format": table.format}
    cur = conn.execute(
        "INSERT INTO imports (file, checksum, sheet, mapping, rows_in, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (str(table.path.absolute()), table.checksum, table.sheet,
         json.dumps(settings, ensure_ascii=False), len(table),
         datetime.now(UTC).isoformat(timespec="seconds")))
    return cur.lastrowid


def _finish_batch(conn: sqlite3.Connection, batch: int, report: ImportReport) -> None:
    rejections = [{"row": r.row, "reason": r.reason} for r in report.rejections]
    conn.execute("UPDATE imports SET rows_imported = ?, rows_rejected = ?, rejections = ? "
                 "WHERE id = ?", (report.imported, report.rejected,
                                  json.dumps(rejections, ensure_ascii=False), batch))


class BatchJob:
    """One import's passes over the rows: check every row, then write the good ones."""

    def __init__(self, conn, table: Table, progress: Progress | None = None,
                 cancel: Cancel | None = None):
        self.conn, self.table = conn, table
        self.progress = progress or (lambda *args: None)
        self.cancel = cancel or (lambda: False)
        self.rejections: list[Rejection] = []
        self.batch = 0
        self.now: tuple[str, int, int] = ("checking", 0, len(table))  # the last report
        self._ticked = time.monotonic()
        self._stopped: BaseException | None = None

    def _tick(self, stage: str, done: int, total: int) -> None:
        self.now, self._ticked = (stage, done, total), time.monotonic()
        if self.cancel():
            raise ImportCancelledError("the import was cancelled; nothing of it was written")
        self.progress(stage, done, total)

    def _beat(self) -> int:
        """SQLite's progress handler: between ticks, tell again where the import is (and stop
        the statement when the import is cancelled or the progress report fails)."""
        if time.monotonic() - self._ticked < HEARTBEAT_S:
            return 0
        try:
            self._tick(*self.now)
        except BaseException as exc:  # raised again once SQLite has stopped the statement
            self._stopped = exc
            return 1
        return 0

    @contextlib.contextmanager
    def _heartbeat(self):
        """Progress reports and cancels reach the user during long statements too."""
        self._stopped = None
        self.conn.set_progress_handler(self._beat, HEARTBEAT_STEPS)
        try:
            yield
        except sqlite3.OperationalError:
            if self._stopped is not None:
                raise self._stopped from None
            raise
        finally:
            self.conn.set_progress_handler(None, 0)

    def plan(self, planner: RowPlanner, batch: int | None) -> list[RowPlan]:
        """Every row checked: the plans of good rows; ``rejections`` holds the others."""
        self.batch = batch
        total = len(self.table)
        plans, seen = [], {}
        for number, cells in enumerate(self.table.rows, start=1):
            if number % CHUNK == 1:
                self._tick("checking", number - 1, total)
            reason = self.table.problems.get(number)
            plan = None
            if reason is None:
                try:
                    plan = planner.plan(number, cells)
                except RowRejected as exc:
                    reason = str(exc)
            if plan is not None:
                plan.entry["id"] = plan.source_id or f"import-{batch or 'new'}-{number}"
                first = seen.setdefault(plan.entry["id"], number)
                if first != number:
                    reason = f"has the same id ({plan.entry['id']}) as row {first}"
            if reason is not None:
                self.rejections.append(Rejection(number, reason))
            else:
                plans.append(plan)
        self._tick("checking", total, total)
        return self._without_clashes(plans)

    def _without_clashes(self, plans: list[RowPlan]) -> list[RowPlan]:
        """Reject rows whose id is already an entry of the library (from anywhere else)."""
        taken = {}
        ids = [p.entry["id"] for p in plans]
        if self.conn.execute("SELECT coalesce(max(num), 0) FROM entries").fetchone()[0] \
                <= len(ids):  # a library smaller than the file: read its ids once
            taken = {r[0]: (r[1], r[2]) for r in self.conn.execute(
                "SELECT id, origin, batch_id FROM entries")}
            ids = []
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            sql = (f"SELECT id, origin, batch_id FROM entries WHERE id IN "
                   f"({', '.join('?' * len(chunk))})")
            taken.update({r[0]: (r[1], r[2]) for r in self.conn.execute(sql, chunk)})
        if not taken:
            return plans
        kept = []
        for plan in plans:
            clash = taken.get(plan.entry["id"])
            if clash is None:
                kept.append(plan)
                continue
            where = f"import batch {clash[1]}" if clash[1] else f"the {clash[0]} entries"
            self.rejections.append(Rejection(plan.number, (
                f"entry {plan.entry['id']} is already in the library (from {where}); undo "
                "that import first to replace it")))
        self.rejections.sort(key=lambda r: r.row)
        return kept

    def write(self, plans: list[RowPlan]) -> int:
        """Insert the entries and the entries their links name, then names, tags and links,
        then index them all; returns how many entries were created for link names."""
        links, created = self._resolve_links(plans)
        aliases = [(p.entry["id"], a) for p in plans for a in p.aliases]
        tags = [(p.entry["id"], t) for p in plans for t in p.tags]
        writes = [
            (ENTRY_INSERT, plans, self._entry_values),
            (ENTRY_INSERT, created, self._made_values),
            *[(_staged_insert(table), rows, None)
              for table, rows in (("aliases", aliases), ("entry_tags", tags), ("links", links))],
        ]
        with self._heartbeat(), self._index_afterwards(len(plans) + len(created)), \
                self._staging():
            self._write_in_chunks(writes)
        made = len(created)
        for rows in (links, aliases, tags, created):
            release(rows)
        return made

    @contextlib.contextmanager
    def _staging(self):
        """Names, tags and links go first to temporary tables, then into their own tables in
        key order, sorted by SQLite: rows in key order fill each table's pages in turn (in
        random order a million links land all over a tree bigger than the page cache), and
        the sort of millions of rows runs without the interpreter lock (sorted in Python it
        froze the window for seconds). Aliases keep their order per entry."""
        for table, (columns, _) in STAGED.items():
            self.conn.execute(f"CREATE TEMP TABLE [staged_{table}] ({columns})")
        try:
            yield
            for table, (columns, order) in STAGED.items():
                self._tick("writing", 1, 1)
                self.conn.execute(f"INSERT OR IGNORE INTO main.[{table}] ({columns}) "
                                  f"SELECT {columns} FROM temp.[staged_{table}] ORDER BY {order}")
        finally:
            for table in STAGED:
                self.conn.execute(f"DROP TABLE IF EXISTS temp.[staged_{table}]")

    def _resolve_links(self, plans: list[RowPlan]) -> tuple[list[tuple], list[dict]]:
        names = NameIndex(self.conn, plans)
        links, created = [], []
        for done, plan in enumerate(plans):
            if done % CHUNK == 0:
                self._tick("linking", done, len(plans))
            parties: dict[str, tuple[str, ...]] = {}
            for ref in plan.links:
                target, made = names.resolve(ref)
                if made is not None:
                    created.append(made)
                if target != plan.entry["id"]:
                    links.append((plan.entry["id"], target, ref.role))
                    if ref.role in _PARTY_ROLES:
                        parties[target] = names.names_of(target)
            plan.entry["parties"] = party_text(
                " ".join((plan.entry["title"], *plan.aliases)),
                [name for names_ in parties.values() for name in names_]) if parties else None
        return links, created

    def _entry_values(self, plan: RowPlan) -> tuple:
        """A row's entry with its aliases and tags as the values of ``ENTRY_COLUMNS``."""
        entry = plan.entry
        details = (entry["category"], entry["status"], entry["value_text"], entry["date_text"],
                   *plan.tags)
        return (*_PLANNED(entry), names_text(entry["title"], plan.aliases),
                " | ".join([d for d in details if d]), entry["extra"], ORIGIN, self.batch,
                entry.get("parties"))

    def _made_values(self, entry: dict) -> tuple:
        """An entry made for a name nobody had, as the values of ``ENTRY_COLUMNS``."""
        return (*[entry.get(c) for c in PLANNED_COLUMNS], names_text(entry["title"], ()),
                entry.get("category") or "", None, ORIGIN, self.batch, None)

    def _write_in_chunks(self, writes: list[tuple[str, list, Callable | None]]) -> None:
        """Run each insert over its items, ``CHUNK`` at a time with a tick between chunks;
        items are made into values (when a function is given) only as their chunk is written."""
        total = sum(len(items) for _, items, _ in writes)
        done = 0
        for sql, items, values_of in writes:
            for start in range(0, len(items), CHUNK):
                self._tick("writing", done, total)
                chunk = items[start:start + CHUNK]
                self.conn.executemany(sql, map(values_of, chunk) if values_of else chunk)
                done += len(chunk)
        self._tick("writing", total, total)

    @contextlib.contextmanager
    def _index_afterwards(self, count: int):
        """Index and count the batch's entries in bulk once they are written.

        The insert triggers are set aside meanwhile and put back as they were, all inside the
        import's transaction (a rollback restores them too). Any insert trigger, even one that
        does nothing, makes SQLite keep a statement journal for every row written; without
        them 100,000 entries are written three times faster. A batch at least as big as the
        library also sets aside the secondary indexes of the tables it writes and makes them
        anew afterwards: one sort of a million keys is far cheaper than a million insertions
        in random places of a tree bigger than the page cache.
        """
        triggers = self.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?)",
            (INDEX_TRIGGER, COUNT_TRIGGER)).fetchall()
        first = self.conn.execute("SELECT coalesce(max(num), 0) + 1 FROM entries").fetchone()[0]
        indexes = self._secondary_indexes() if count >= first - 1 else []
        for name, _ in triggers:
            self.conn.execute(f"DROP TRIGGER [{name}]")
        for name, _ in indexes:
            self.conn.execute(f"DROP INDEX [{name}]")
        yield
        for _, sql in indexes:
            self._tick("indexing", 0, count)
            self.conn.execute(sql)
        names = {name for name, _ in triggers}
        if COUNT_TRIGGER in names:
            self._count(first)
        if INDEX_TRIGGER in names:
            self._index(first, count)
        for _, sql in triggers:
            self.conn.execute(sql)

    def _secondary_indexes(self) -> list[tuple[str, str]]:
        """The indexes of the written tables that can be made again (not those of their keys)."""
        marks = ", ".join("?" * len(WRITTEN_TABLES))
        return [tuple(r) for r in self.conn.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({marks}) ORDER BY name", WRITTEN_TABLES)]

    def _count(self, first: int) -> None:
        """Add the batch's entries to the count of entries of each kind."""
        added = self.conn.execute("SELECT count(*), kind FROM entries WHERE num >= ? "
                                  "AND batch_id = ? GROUP BY kind", (first, self.batch)).fetchall()
        self.conn.executemany("UPDATE kind_counts SET n = n + ? WHERE kind = ?", added)

    def _index(self, first: int, count: int) -> None:
        """Add the batch's entries to the full-text index, with a roomy buffer meanwhile (the
        index then writes fewer, bigger segments and merges them less often)."""
        columns = ", ".join(f"[{c}]" for c in FTS_COLUMNS)
        sql = (f"INSERT INTO entries_fts (rowid, {columns}) SELECT num, {columns} FROM entries "
               "WHERE num >= ? AND num < ? AND batch_id = ?")
        last = self.conn.execute("SELECT max(num) FROM entries").fetchone()[0] or 0
        buffer = self.conn.execute(
            "SELECT v FROM entries_fts_config WHERE k = 'hashsize'").fetchone()
        self._fts_setting("hashsize", FTS_BUFFER_BYTES)
        step = CHUNK * 10
        for low in range(first, last + 1, step):
            self._tick("indexing", min(low - first, count), count)
            self.conn.execute(sql, (low, low + step, self.batch))
        self._tick("indexing", count, count)
        self._fts_setting("hashsize", buffer[0] if buffer else FTS_BUFFER_DEFAULT)

    def _fts_setting(self, name: str, value: int) -> None:
        self.conn.execute("INSERT INTO entries_fts (entries_fts, rank) VALUES (?, ?)",
                          (name, value))


def _staged_insert(table: str) -> str:
    columns = STAGED[table][0]
    marks = ", ".join("?" * len(columns.split(",")))
    return f"INSERT INTO temp.[staged_{table}] ({columns}) VALUES ({marks})"
