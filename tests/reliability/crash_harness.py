"""Killing the real ``roadbook`` command line at random moments, and checking what survived.

Each run starts one command in a child process and sends it SIGKILL after a random delay drawn
from the command's own running time (measured first), mostly after the interpreter has started,
while the command works on the library. A command that printed its success and exited is
*acknowledged*: its effect must be there, whatever happens later. After every run the library
must pass ``integrity_check``, ``foreign_key_check`` and the FTS integrity check, and every
state it holds must be one some command wrote whole (no torn bookmark, no partial import, no
half-written export, no unverified backup, no half-applied migration).
"""

from __future__ import annotations

import json
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.reliability.authoring_ops import AuthoringOperations
from tests.reliability.child import ROOT, child_env, cli_args
from tests.reliability.invariants import (
    batch_rows,
    bookmark_states,
    file_problems,
    schema_state,
    source_states,
)

MIGRATION_CHILD = Path(__file__).resolve().parent / "migration_child.py"
Bookmark = tuple[str, tuple[str, ...]] | None  # (note, tags) or no bookmark


@dataclass
class Outcome:
    runs: Counter = field(default_factory=Counter)
    kills: Counter = field(default_factory=Counter)
    acknowledged: int = 0
    lost: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)  # integrity or torn/partial states
    partial_imports: int = 0

    @property
    def crash_points(self) -> int:
        return sum(self.kills.values())


class CrashHarness(AuthoringOperations):
    """Runs operations against one library, killing them, and checks every invariant."""

    def __init__(self, workdir: Path, template: Path, *, seed: int):
        self.workdir = workdir
        self.template = template
        self.library = workdir / "library.sqlite"
        shutil.copyfile(template, self.library)
        self.rng = random.Random(seed)
        self.seed = seed
        self.outcome = Outcome()
        self.entry_ids = sorted(bookmark_ids(template))
        self.acked: dict[str, Bookmark] = {}
        self.maybe: dict[str, list[Bookmark]] = {}
        self.durations: dict[str, float] = {}
        self.startup = 0.0
        self.export_sizes: dict[str, set[int]] = {}
        self.counter = 0
        self.env = child_env(workdir)

    # -- running ------------------------------------------------------------------------------

    def run(self, operation: str, *, kill: bool) -> bool:
        """One command; returns whether it was killed before it finished."""
        self.counter += 1
        command, expect = getattr(self, f"_{operation}")(self.counter)
        delay = self._kill_delay(operation) if kill else None
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        killed = False
        if delay is not None:
            try:
                proc.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                killed = True
        out, err = proc.communicate(timeout=120)
        killed = killed and proc.returncode == -signal.SIGKILL
        if not killed:
            self.durations[operation] = time.perf_counter() - started
            assert proc.returncode == 0, f"{operation} failed: {err.strip()} (seed {self.seed})"
        self.outcome.runs[operation] += 1
        self.outcome.kills[operation] += killed
        expect(acknowledged=not killed)
        self._check_file(operation)
        return killed

    def _kill_delay(self, operation: str) -> float:
        """Mostly after Python has started and imported (``startup``), while the command works
        on the library; sometimes anywhere."""
        duration = self.durations[operation]
        startup = min(self.startup, duration * 0.9)
        if self.rng.random() < 0.85:
            return self.rng.uniform(startup * 0.95, duration * 1.05)
        return self.rng.uniform(0.0, duration)

    def measure_startup(self) -> None:
        """How long the command line takes to start and import, doing nothing."""
        started = time.perf_counter()
        subprocess.run(cli_args(None, "--help"), cwd=ROOT, env=self.env, capture_output=True,
                       check=True)
        self.startup = time.perf_counter() - started

    def _check_file(self, operation: str) -> None:
        for problem in file_problems(self.library):
            self.outcome.broken.append(f"after {operation} #{self.counter}: {problem}")
        self._check_bookmarks()

    # -- bookmarks and notes ------------------------------------------------------------------

    def _bookmark(self, k: int):
        entry_id = self.rng.choice(self.entry_ids)
        state = (f"note {k} ‘{entry_id}’", tuple(sorted([f"t{k}", f"k{k % 3}"])))
        command = cli_args(self.library, "bookmark", "add", entry_id, "--note", state[0],
                           "--tag", state[1][0], "--tag", state[1][1])
        return command, lambda acknowledged: self._expect(entry_id, state, acknowledged)

    def _note_edit(self, k: int):
        """An existing bookmark's note and tags rewritten (as the detail pane does)."""
        marked = sorted(bookmark_states(self.library))
        if not marked:
            return self._bookmark(k)
        entry_id = self.rng.choice(marked)
        state = (f"edited {k}\nsecond line", (f"t{k}",))
        command = cli_args(self.library, "bookmark", "add", entry_id, "--note", state[0],
                           "--tag", state[1][0])
        return command, lambda acknowledged: self._expect(entry_id, state, acknowledged)

    def _unbookmark(self, k: int):
        marked = sorted(bookmark_states(self.library))
        if not marked:
            return self._bookmark(k)
        entry_id = self.rng.choice(marked)
        command = cli_args(self.library, "bookmark", "remove", entry_id)
        return command, lambda acknowledged: self._expect(entry_id, None, acknowledged)

    def _expect(self, entry_id: str, state: Bookmark, acknowledged: bool) -> None:
        if acknowledged:
            self.acked[entry_id] = state
            self.maybe.pop(entry_id, None)
            self.outcome.acknowledged += 1
        else:
            self.maybe.setdefault(entry_id, []).append(state)

    def _check_bookmarks(self) -> None:
        actual = bookmark_states(self.library)
        for entry_id in set(actual) | set(self.acked) | set(self.maybe):
            now = actual.get(entry_id)
            allowed = [self.acked.get(entry_id), *self.maybe.get(entry_id, [])]
            if now in allowed:
                continue
            if entry_id in self.acked:
                self.outcome.lost.append(f"{entry_id}: acknowledged {self.acked[entry_id]}, "
                                         f"found {now} (seed {self.seed})")
            else:
                self.outcome.broken.append(f"{entry_id}: torn or phantom bookmark {now}")
            self.acked[entry_id] = now  # report each loss once
            self.maybe.pop(entry_id, None)

    # -- export -------------------------------------------------------------------------------

    def _export(self, k: int):
        fmt = "json" if k % 2 else "csv"
        out = self.workdir / f"export.{fmt}"
        command = cli_args(self.library, "export", "--format", fmt, "--out", str(out))
        whole = self.export_sizes.setdefault(fmt, set())
        whole.add(len(bookmark_ids(self.library)))  # what a whole export of now holds

        def expect(acknowledged: bool) -> None:
            if acknowledged:
                self.outcome.acknowledged += 1
                if not out.exists():
                    self.outcome.lost.append(f"export #{k} acknowledged but no file")
            if out.exists() and _export_rows(out, fmt) not in whole:
                self.outcome.broken.append(f"export #{k}: {_export_rows(out, fmt)} rows in "
                                           f"{out.name}, a whole export has one of {whole}")

        return command, expect

    # -- backups ------------------------------------------------------------------------------

    def _backup(self, k: int):
        from db.backup import list_backups, verify_backup

        before = {b.path for b in list_backups(self.library)}
        command = cli_args(self.library, "backup", "--reason", f"harness {k}")

        def expect(acknowledged: bool) -> None:
            backups = list_backups(self.library)
            new = [b for b in backups if b.path not in before]
            if acknowledged:
                self.outcome.acknowledged += 1
                if not new:
                    self.outcome.lost.append(f"backup #{k} acknowledged but not listed")
            for b in new:
                try:
                    verify_backup(b.path)
                except Exception as exc:  # noqa: BLE001 (recorded as a broken backup)
                    self.outcome.broken.append(f"backup #{k}: listed but unsound: {exc}")

        return command, expect

    # -- import -------------------------------------------------------------------------------

    def _import(self, k: int):
        """The same spreadsheet-like file imported again and again, each time one batch."""
        source = self.workdir / "deals.csv"
        if not source.exists():
            write_import_file(source)
        before = set(batch_rows(self.library, IMPORT_TITLE))
        command = cli_args(self.library, "import", str(source), "--again", "--json")

        def expect(acknowledged: bool) -> None:
            batches = batch_rows(self.library, IMPORT_TITLE)
            if acknowledged:
                self.outcome.acknowledged += 1
                if not set(batches) - before:
                    self.outcome.lost.append(f"import #{k} acknowledged but no batch")
            for batch, (said, found) in batches.items():
                if (said, found) != (IMPORT_ROWS, IMPORT_ROWS):
                    self.outcome.partial_imports += 1
                    self.outcome.broken.append(f"import #{k}: batch {batch} has {found} of "
                                               f"{said} rows (file: {IMPORT_ROWS})")

        return command, expect

    # -- migration ----------------------------------------------------------------------------

    def _migration(self, k: int):
        """A fresh library (of today's schema) opened by a Roadbook with one more migration."""
        from db.schema import SCHEMA_VERSION

        library = self.workdir / "migrating.sqlite"
        for stale in self.workdir.glob("migrating.sqlite*"):
            shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
        shutil.copyfile(self.template, library)
        command = [sys.executable, str(MIGRATION_CHILD), "--library", str(library), "bookmarks"]

        def expect(acknowledged: bool) -> None:
            problems = file_problems(library)
            self.outcome.broken += [f"migration #{k}: {p}" for p in problems]
            version, tables = schema_state(library)
            done = version == SCHEMA_VERSION + 1
            if acknowledged:
                self.outcome.acknowledged += 1
                if not done:
                    self.outcome.lost.append(f"migration #{k} acknowledged, file at {version}")
            if done != ("reviews" in tables) or version not in (SCHEMA_VERSION,
                                                                 SCHEMA_VERSION + 1):
                self.outcome.broken.append(f"migration #{k}: half-applied ({version}, "
                                           f"reviews table: {'reviews' in tables})")
            if done:
                self._check_migration_backup(k, library, SCHEMA_VERSION)

        return command, expect

    def _check_migration_backup(self, k: int, library: Path, version: int) -> None:
        from db.backup import list_backups, verify_backup

        before = [b for b in list_backups(library) if b.reason.startswith("before-migration")]
        if not before or verify_backup(before[0].path)["schema_version"] != version:
            self.outcome.broken.append(f"migration #{k}: no verified backup from before it")


    # -- sources and their suggestions ----------------------------------------------------------

    def _source_add(self, k: int):
        """A new article (its own words each time) added with its suggestions, or not at all."""
        path = self.workdir / f"article-{k}.md"
        path.write_text(SOURCE_TEXT.format(k=k), encoding="utf-8")
        command = cli_args(self.library, "source", "add", str(path), "--json")

        def expect(acknowledged: bool) -> None:
            states = source_states(self.library)
            title = f"harness-article-{k}"
            added = [sid for sid in states if sid.startswith(title)]
            if acknowledged:
                self.outcome.acknowledged += 1
                if not added:
                    self.outcome.lost.append(f"source add #{k} acknowledged but not there")
            self._check_sources(states)

        return command, expect

    def _suggestions_accept(self, k: int):
        """Every suggestion of an added source accepted at once (mentions become citations)."""
        states = source_states(self.library)
        if not states:
            return self._source_add(k)
        source_id = self.rng.choice(sorted(states))
        numbers = [str(n) for n in range(1, states[source_id][2] + 1)]
        command = cli_args(self.library, "suggestions", source_id, "accept", *numbers)
        before = _accepted(self.library, source_id)

        def expect(acknowledged: bool) -> None:
            accepted = _accepted(self.library, source_id)
            if acknowledged:
                self.outcome.acknowledged += 1
                if accepted != len(numbers):
                    self.outcome.lost.append(f"accept #{k}: acknowledged, {accepted} of "
                                             f"{len(numbers)} accepted")
            elif accepted not in (before, len(numbers)):
                self.outcome.broken.append(f"accept #{k}: {accepted} of {len(numbers)} "
                                           "accepted: half a decision")
            self._check_sources(source_states(self.library))

        return command, expect

    def _check_sources(self, states) -> None:
        for source_id, (lines, passages, suggestions, uncited) in states.items():
            if lines != passages or suggestions == 0 or uncited:
                self.outcome.broken.append(
                    f"source {source_id}: {passages} passages for {lines} lines, "
                    f"{suggestions} suggestions, {uncited} accepted without their citation")


SOURCE_TEXT = """---
title: Harness article {k}
date: 2016-07-20
---

Vladimir Putin met Xi Jinping in Beijing last year, number {k}.

The Moscow–Kazan high-speed railway will cost more than $21 billion, officials said in June.

Igor Sechin of Rosneft said Gazprom and BAIC agreed in this year's first quarter.
"""


def _accepted(library: Path, source_id: str) -> int:
    import sqlite3

    conn = sqlite3.connect(f"{library.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM suggestions WHERE source_id = ? AND "
                            "status = 'accepted'", (source_id,)).fetchone()[0]
    finally:
        conn.close()


IMPORT_TITLE = "Harness deal "
IMPORT_ROWS = 400


def write_import_file(path: Path) -> None:
    import csv

    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Title", "Summary", "Date", "Amount (USD)", "Status", "Financier"])
        for i in range(IMPORT_ROWS):
            out.writerow([f"{IMPORT_TITLE}{i}", f"A loan for project {i} near Kazan",
                          f"{2000 + i % 20}-0{1 + i % 9}-1{i % 9}", str((i + 1) * 1_000_000),
                          "signed", f"Bank {i % 7}"])


def bookmark_ids(library: Path) -> list[str]:
    import sqlite3

    conn = sqlite3.connect(f"{library.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT id FROM entries")]
    finally:
        conn.close()


def _export_rows(out: Path, fmt: str) -> int:
    import csv

    try:
        if fmt == "json":
            return len(json.loads(out.read_text("utf-8")))
        with open(out, encoding="utf-8-sig", newline="") as handle:
            return sum(1 for _ in csv.reader(handle)) - 1
    except (ValueError, csv.Error):
        return -1


# How often each operation is drawn, by weight.
OPERATIONS = {"bookmark": 4, "note_edit": 3, "unbookmark": 1, "export": 2, "backup": 2,
              "migration": 2, "import": 3, "entry_add": 2, "entry_edit": 2, "source_add": 2,
              "suggestions_accept": 2}


def crash_campaign(harness: CrashHarness, kills: int) -> Outcome:
    """Run operations, killing most of them, until ``kills`` of them died mid-way."""
    harness.measure_startup()
    for operation in OPERATIONS:  # how long each takes, unkilled (also the first writes)
        harness.run(operation, kill=False)
    names, weights = zip(*OPERATIONS.items(), strict=True)
    while harness.outcome.crash_points < kills:
        operation = harness.rng.choices(names, weights)[0]
        harness.run(operation, kill=harness.rng.random() < 0.9)
    return harness.outcome
