"""A bound on the time a search-as-you-type query may hold the window's UI thread.

The first page of most queries comes in a few milliseconds at a million entries, but a query
that proves it has (almost) no matches may have to read every entry: ``category:zzz``,
``kind:deal -kind:deal``. Such a query is stopped when its time is up; the window then shows
"searching the whole library…" and the whole set comes from a worker, off the UI thread.
"""

from __future__ import annotations

import sqlite3
import time

FIRST_PAGE_SECONDS = 0.12  # of SQLite work, leaving time to paint within 200 ms
SUGGEST_SECONDS = 0.05  # completions of the word being typed: a nicety, never a wait
CHECK_EVERY = 1_000  # SQLite virtual-machine steps between two looks at the clock


class QueryBudget:
    """``with QueryBudget(conn, seconds):`` interrupts the connection's statements once
    ``seconds`` have passed; ``steps`` counts the virtual-machine steps they took (a cost that
    does not depend on the machine), ``ran_out`` says whether they were stopped."""

    def __init__(self, conn: sqlite3.Connection, seconds: float | None):
        self.conn = conn
        self.seconds = seconds
        self.steps = 0
        self.ran_out = False
        self._deadline = float("inf")

    def __enter__(self) -> QueryBudget:
        if self.seconds is not None:
            self._deadline = time.perf_counter() + self.seconds
        self.conn.set_progress_handler(self._tick, CHECK_EVERY)
        return self

    def __exit__(self, *exc) -> None:
        self.conn.set_progress_handler(None, 0)

    def _tick(self) -> bool:
        self.steps += CHECK_EVERY
        if time.perf_counter() > self._deadline:
            self.ran_out = True
        return self.ran_out  # true: SQLite stops the statement ("interrupted")
