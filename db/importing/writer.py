"""Writing a file's rows into a library as one batch, in one transaction.

After a cancel or a crash nothing of the batch is there; after success every row of the file
is either an entry of the batch or listed as rejected with its reason. The rows are checked,
linked and staged in temporary tables before the library's write lock is taken, so a long
import never keeps another program's bookmark waiting longer than its final copy.
"""

from __future__ import annotations

import contextlib
import json
import operator
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime

from db.connection import transaction
from db.errors import AlreadyImportedError, ImportCancelledError
from db.importing import row_origins
from db.importing.conditions import checkpoint_apart, collector_paused, release, roomy_cache
from db.importing.indexing import indexed_afterwards
from db.importing.mapping import Mapping, resolve
from db.importing.names import NameIndex
from db.importing.reading import Table
from db.importing.reports import ImportReport, Rejection, StagedBatch
from db.importing.rows import RowPlan, RowPlanner, RowRejected, slug
from db.parties import party_text
from db.provenance import Dataset, dataset_of
from db.schema import PARTY_ROLES
from db.textindex import names_text

ORIGIN = "import"
CHUNK = 500
# Tables written through a temporary table: their columns, and the order they are written in.
STAGED = {
    "aliases": ("entry_id, name", "entry_id, rowid"),
    "entry_tags": ("entry_id, tag", "entry_id, tag"),
    "links": ("from_id, to_id, role", "from_id, to_id, role"),
}
HEARTBEAT_S = 0.25  # a long statement still reports progress and heeds a cancel this often
HEARTBEAT_STEPS = 50_000  # SQLite steps between two looks at the clock
# (stage, done, total), the stage being "checking", "linking", "writing", "saving" or "indexing"
Progress = Callable[[str, int, int], object]
Cancel = Callable[[], bool]
PLANNED_COLUMNS = ("id", "kind", "category", "title", "summary", "status", "date_start",
                   "date_end", "date_precision", "date_text", "date_origin", "date_note",
                   "value_usd", "value_text", "value_note", "flag")  # as a row's plan has them
ENTRY_COLUMNS = (*PLANNED_COLUMNS, "names", "details", "extra", "origin", "batch_id",
                 "parties")
_PARTY_ROLES = frozenset(PARTY_ROLES)
ENTRY_LIST = ", ".join(ENTRY_COLUMNS)
STAGED_ENTRY_INSERT = (f"INSERT INTO temp.staged_entries ({ENTRY_LIST}) "
                       f"VALUES ({', '.join('?' * len(ENTRY_COLUMNS))})")
# What the library looks like to a plan: if any of it changed before the write lock was
# taken (another import, an undo, a refresh), the batch is checked and staged again.
SNAPSHOT = ("SELECT (SELECT count(*) FROM entries), (SELECT coalesce(max(num), 0) FROM entries), "
            "(SELECT coalesce(max(id), 0) FROM imports), (SELECT count(*) FROM imports)")
_PLANNED = operator.itemgetter(*PLANNED_COLUMNS)


def previous_batch(conn: sqlite3.Connection, checksum: str) -> sqlite3.Row | None:
    return conn.execute("SELECT id, created_at FROM imports WHERE checksum = ? "
                        "ORDER BY id DESC LIMIT 1", (checksum,)).fetchone()


def refuse_repeat(conn: sqlite3.Connection, table: Table) -> None:
    """Raise ``AlreadyImportedError`` when a batch of the library came from the same file."""
    before = previous_batch(conn, table.checksum)
    if before is not None:
        raise AlreadyImportedError(
            f"{table.path.name} was imported before (batch {before['id']}, "
            f"{before['created_at'][:10]}); import it again only if you mean to",
            batch=before["id"])


def import_table(conn: sqlite3.Connection, table: Table, mapping: Mapping, *,
                 kind: str | None = None, dry_run: bool = False, again: bool = False,
                 progress: Progress | None = None, cancel: Cancel | None = None,
                 sample_size: int = 0, before_writing: Callable[[], object] | None = None,
                 credit: str | None = None) -> ImportReport:
    """Import ``table`` as one batch. Raises ``AlreadyImportedError`` when the same file was
    imported before (unless ``again``) and ``ImportCancelledError`` when ``cancel()`` says so.

    Every row is checked and staged in temporary tables first, without the library's write
    lock, so that other programs' writes (a bookmark) go through meanwhile; the lock is held
    only to copy the staged batch in, index it and record it. ``before_writing()`` (a backup)
    runs just before that, once the file is known to be importable. The batch keeps the
    dataset's facts (``credit`` typed by the user replaces the preset's) and each entry its row.
    """
    if not (again or dry_run):
        refuse_repeat(conn, table)  # before any work, and before any backup
    planner = make_planner(table, mapping, kind)
    job = BatchJob(conn, table, progress, cancel, dataset_of(mapping, table.path, credit))
    with collector_paused(), roomy_cache(conn), job.staging():
        staged = job.stage(planner, mapping, kind, sample_size)
        if dry_run:
            return staged.report(dry_run=True)
        if before_writing is not None:
            before_writing()
        with checkpoint_apart(conn, lambda: job.progress(*job.now)), transaction(conn):
            if not again:
                refuse_repeat(conn, table)  # inside the write lock: never two batches of one file
            if job.snapshot() != staged.snapshot:  # the library changed meanwhile: stage anew
                job.unstage()
                staged = job.stage(planner, mapping, kind, sample_size)
            job.land(staged)
    return staged.report(dry_run=False)


def make_planner(table: Table, mapping: Mapping, kind: str | None) -> RowPlanner:
    """The planner for a file's rows (``MappingError`` if the mapping does not fit the file)."""
    rules = resolve(mapping, table.columns)
    prefix = mapping.id_prefix  # "" keeps source ids as they are
    if prefix is None:
        prefix = slug(table.path.stem) or "import"
    return RowPlanner(table.columns, rules, mapping, kind=kind, id_prefix=prefix)


def _record_batch(conn: sqlite3.Connection, staged: StagedBatch) -> None:
    report = staged.report(dry_run=False)
    rejections = [{"row": r.row, "reason": r.reason} for r in report.rejections]
    table = staged.table
    dataset = staged.dataset or Dataset(table.path.name)
    conn.execute(
        "INSERT INTO imports (id, file, checksum, sheet, mapping, rows_in, rows_imported, "
        "rows_rejected, rejections, created_at, dataset, version, credit, licence, columns) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (staged.batch, str(table.path.absolute()), table.checksum, table.sheet,
         json.dumps(staged.settings, ensure_ascii=False), len(table), report.imported,
         report.rejected, json.dumps(rejections, ensure_ascii=False),
         datetime.now(UTC).isoformat(timespec="seconds"), dataset.title, dataset.version,
         dataset.credit, dataset.licence, json.dumps(table.columns, ensure_ascii=False)))


class BatchJob:
    """One import's passes over the rows: check every row, then write the good ones."""

    def __init__(self, conn, table: Table, progress: Progress | None = None,
                 cancel: Cancel | None = None, dataset: Dataset | None = None):
        self.conn, self.table, self.dataset = conn, table, dataset
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
                    reason = (f"has the same id ({plan.entry['id']}) as row "
                              f"{self.table.file_row(first)}")
            if reason is not None:
                self.rejections.append(Rejection(self.table.file_row(number), reason))
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
            self.rejections.append(Rejection(self.table.file_row(plan.number), (
                f"entry {plan.entry['id']} is already in the library (from {where}); undo "
                "that import first to replace it")))
        self.rejections.sort(key=lambda r: r.row)
        return kept

    @contextlib.contextmanager
    def staging(self):
        """The temporary tables a batch is staged in, dropped after."""
        self.conn.execute(f"CREATE TEMP TABLE staged_entries ({ENTRY_LIST})")
        for table, (columns, _) in STAGED.items():
            self.conn.execute(f"CREATE TEMP TABLE [staged_{table}] ({columns})")
        self.conn.execute(row_origins.CREATE)
        try:
            yield
        finally:
            for table in ("entries", "provenance", *STAGED):
                self.conn.execute(f"DROP TABLE IF EXISTS temp.[staged_{table}]")

    def unstage(self) -> None:
        """Empty the temporary tables (to stage the batch again)."""
        for table in ("entries", "provenance", *STAGED):
            self.conn.execute(f"DELETE FROM temp.[staged_{table}]")

    def snapshot(self) -> tuple:
        return tuple(self.conn.execute(SNAPSHOT).fetchone())

    def stage(self, planner: RowPlanner, mapping: Mapping, kind: str | None,
              sample_size: int) -> StagedBatch:
        """Check every row, find what its links name, and write the batch to the temporary
        tables, all from one consistent view of the library and without its write lock."""
        self.rejections = []
        with self._one_view():
            snapshot = self.snapshot()
            plans = self.plan(planner, snapshot[2] + 1)
            sample = tuple(p.entry for p in plans[:sample_size])
            flagged = sum(1 for p in plans if p.entry.get("flag"))
            imported, created = len(plans), self._stage_rows(plans)
        settings = mapping.to_dict() | {"kind": kind or mapping.kind,
                                        "encoding": self.table.encoding,
                                        "format": self.table.format}
        return StagedBatch(self.table, settings, snapshot, self.batch, imported, created,
                           tuple(self.rejections), sample, flagged, self.dataset)

    @contextlib.contextmanager
    def _one_view(self):
        """A read transaction (writes go only to the temporary tables, so the library's write
        lock is not taken); inside a write transaction already, that one."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN DEFERRED")
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            raise

    def _stage_rows(self, plans: list[RowPlan]) -> int:
        """Write the entries, the entries their links name, and names, tags and links to the
        temporary tables; returns how many entries were created for link names."""
        links, created, named = self._resolve_links(plans)
        aliases = [(p.entry["id"], a) for p in plans for a in p.aliases]
        tags = [(p.entry["id"], t) for p in plans for t in p.tags]
        writes = [
            (STAGED_ENTRY_INSERT, plans, self._entry_values),
            (STAGED_ENTRY_INSERT, created, self._made_values),
            *[(_staged_insert(table), rows, None)
              for table, rows in (("aliases", aliases), ("entry_tags", tags), ("links", links))],
            (row_origins.INSERT, plans, row_origins.RowCells(self.table).of_plan),
            (row_origins.INSERT, named, row_origins.RowCells(self.table).of_named),
        ]
        with self._heartbeat():
            self._write_in_chunks(writes)
        made = len(created)
        for rows in (links, aliases, tags, created, named, plans):
            release(rows)
        return made

    def land(self, staged: StagedBatch) -> None:
        """Copy the staged batch into the library, index and count it, and record it: the
        only part of an import that holds the library's write lock (call it inside one).

        Names, tags and links go in key order, sorted by SQLite: rows in key order fill each
        table's pages in turn (in random order a million links land all over a tree bigger
        than the page cache), and the sort of millions of rows runs without the interpreter
        lock (sorted in Python it froze the window for seconds). Aliases keep their order per
        entry."""
        self.batch = staged.batch
        _record_batch(self.conn, staged)
        count = staged.imported + staged.created
        steps = len(STAGED) + 2
        with self._heartbeat(), indexed_afterwards(self.conn, self.batch, count, self._tick):
            self._tick("saving", 0, steps)
            self.conn.execute(f"INSERT INTO main.entries ({ENTRY_LIST}) SELECT {ENTRY_LIST} "
                              "FROM temp.staged_entries ORDER BY rowid")
            for done, (table, (columns, order)) in enumerate(STAGED.items(), start=1):
                self._tick("saving", done, steps)
                self.conn.execute(f"INSERT OR IGNORE INTO main.[{table}] ({columns}) "
                                  f"SELECT {columns} FROM temp.[staged_{table}] ORDER BY {order}")
            self._tick("saving", steps - 1, steps)
            row_origins.land(self.conn, self.batch)
            self._tick("saving", steps, steps)

    def _resolve_links(self, plans: list[RowPlan]
                       ) -> tuple[list[tuple], list[dict], list[tuple[str, int, bool]]]:
        """The links of every row, the entries made for names no entry had, and the first row
        of the file naming each entry it did not make itself (entry id, row, already there)."""
        names = NameIndex(self.conn, plans)
        links, created, named = [], [], {}
        own = {p.entry["id"] for p in plans} if any(p.links for p in plans) else set()
        for done, plan in enumerate(plans):
            if done % CHUNK == 0:
                self._tick("linking", done, len(plans))
            parties: dict[str, tuple[str, ...]] = {}
            for ref in plan.links:
                target, made = names.resolve(ref)
                if made is not None:
                    created.append(made)
                    named[target] = (target, plan.number, False)
                elif target not in own:
                    named.setdefault(target, (target, plan.number, True))
                if target != plan.entry["id"]:
                    links.append((plan.entry["id"], target, ref.role))
                    if ref.role in _PARTY_ROLES:
                        parties[target] = names.names_of(target)
            plan.entry["parties"] = party_text(
                " ".join((plan.entry["title"], *plan.aliases)),
                [name for names_ in parties.values() for name in names_]) if parties else None
        return links, created, list(named.values())

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


def _staged_insert(table: str) -> str:
    columns = STAGED[table][0]
    marks = ", ".join("?" * len(columns.split(",")))
    return f"INSERT INTO temp.[staged_{table}] ({columns}) VALUES ({marks})"
