"""Sets of character spans that answer "does this overlap any?" in logarithmic time, for
texts with thousands of findings (a quadratic check took seconds on a long text)."""

from __future__ import annotations

import bisect


class SpanSet:
    """Spans ``(start, end)``: those given at first may overlap one another; ``add`` takes
    only a span that overlaps none already there (check with ``overlaps`` first)."""

    def __init__(self, spans=()):
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._reach: list[int] = []  # the furthest end among the spans up to each one
        furthest = -1
        for _, end in ordered:
            furthest = max(furthest, end)
            self._reach.append(furthest)

    def add(self, start: int, end: int) -> None:
        # Every later span starts at or after ``end``, so their reach is already beyond it.
        at = bisect.bisect_left(self._starts, start)
        self._starts.insert(at, start)
        self._reach.insert(at, max(self._reach[at - 1] if at else -1, end))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any span shares a character with ``[start, end)``."""
        before = bisect.bisect_left(self._starts, end)  # spans starting before ``end``
        return before > 0 and self._reach[before - 1] > start
