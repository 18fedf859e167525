"""Crash-harness operations that write entries: ``entry add`` (an entry with its names, link,
tag and quote) and ``entry edit`` (several fields as one change). After every kill each entry
is whole or absent, each edit all there or not at all, and every acknowledged one is kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.reliability.child import cli_args

SOURCE = "diplomat-2016-obor-russia"
EditState = tuple[str | None, str | None, bool]  # summary, status, whether the tag is there


class AuthoringOperations:
    """Mixed into ``CrashHarness``: its ``library``, ``rng``, ``outcome`` and ``seed``."""

    def _entry_add(self, k: int):
        title = f"Harness entry {k}"
        entry_id = f"harness-entry-{k}"
        command = cli_args(self.library, "entry", "add", "--kind", "deal", "--title", title,
                           "--value", f"${k} billion", "--alias", f"Запись {k}@ru",
                           "--alias", f"HE{k}", "--link", "party:gazprom", "--tag", "harness",
                           "--cite", SOURCE, "--quote", "Gazprom")

        def expect(acknowledged: bool) -> None:
            parts = entry_parts(self.library, entry_id)
            if acknowledged:
                self.outcome.acknowledged += 1
                if parts is None:
                    self.outcome.lost.append(f"entry add #{k} acknowledged but no entry")
            if parts is not None and parts != (2, 1, 1, 1, 1):
                self.outcome.broken.append(f"entry add #{k}: torn entry {parts} "
                                           f"(aliases, links, tags, quotes, edits)")

        return command, expect

    def _entry_edit(self, k: int):
        entry_id = self.rng.choice(["gazprom", "baic", "gas-deal-2014"])
        before = edit_state(self.library, entry_id)
        new = (f"summary {k}", f"status {k}", True)
        command = cli_args(self.library, "entry", "edit", entry_id, "--set",
                           f"summary={new[0]}", "--set", f"status={new[1]}",
                           "--add-tag", f"t{k}")

        def expect(acknowledged: bool) -> None:
            now = edit_state(self.library, entry_id, tag=f"t{k}")
            if acknowledged:
                self.outcome.acknowledged += 1
                if now != new:
                    self.outcome.lost.append(f"entry edit #{k} acknowledged, found {now}")
            elif now not in (new, (before[0], before[1], False)):
                self.outcome.broken.append(f"entry edit #{k}: torn edit {now} (was {before})")

        return command, expect


def _connect(library: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{library.absolute().as_uri()}?mode=ro", uri=True)


def entry_parts(library: Path, entry_id: str) -> tuple[int, ...] | None:
    """``(aliases, links, tags, citations, edits)`` of an entry, or ``None`` if absent."""
    conn = _connect(library)
    try:
        if conn.execute("SELECT 1 FROM entries WHERE id = ?", (entry_id,)).fetchone() is None:
            return None
        return tuple(conn.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?",
                                  (entry_id,)).fetchone()[0]
                     for table, column in (("aliases", "entry_id"), ("links", "from_id"),
                                           ("entry_tags", "entry_id"), ("citations", "entry_id"),
                                           ("entry_edits", "entry_id")))
    finally:
        conn.close()


def edit_state(library: Path, entry_id: str, *, tag: str = "") -> EditState:
    conn = _connect(library)
    try:
        summary, status = conn.execute("SELECT summary, status FROM entries WHERE id = ?",
                                       (entry_id,)).fetchone()
        tagged = conn.execute("SELECT 1 FROM entry_tags WHERE entry_id = ? AND tag = ?",
                              (entry_id, tag)).fetchone() is not None
        return summary, status, tagged
    finally:
        conn.close()
