"""Sets of character spans that answer "does this overlap any?" in logarithmic time, for
texts with thousands of findings (a quadratic check took a quarter of a second)."""

from __future__ import annotations

import bisect


class SpanSet:
    """Spans ``(start, end)``, possibly overlapping one another."""

    def __init__(self, spans=()):
        self._spans = sorted(spans)
        self._starts = [s for s, _ in self._spans]
        self._reach: list[int] | None = None  # the furthest end among spans[:i + 1]

    def add(self, start: int, end: int) -> None:
        at = bisect.bisect_left(self._spans, (start, end))
        self._spans.insert(at, (start, end))
        self._starts.insert(at, start)
        self._reach = None

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any span shares a character with ``[start, end)``."""
        before = bisect.bisect_left(self._starts, end)  # spans starting before ``end``
        if before == 0:
            return False
        if self._reach is None:
            self._reach, furthest = [], -1
            for _, e in self._spans:
                furthest = max(furthest, e)
                self._reach.append(furthest)
        return self._reach[before - 1] > start
