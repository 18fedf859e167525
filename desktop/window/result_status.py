"""The status line for a result set: "12 results · ranked · 3 ms"."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from db import ResultSet


def status_text(result: ResultSet, elapsed_ms: float) -> str:
    if not result.complete and not result.nums and result.capped:
        return "searching the whole library… (a query too slow to show at once)"
    count = f"{result.total:,}+" if result.capped else f"{result.total:,}"
    noun = "result" if result.total == 1 else "results"
    ranked = " · by relevance" if result.ranked else ""
    if not result.complete:
        ranked += " · loading the rest…"
    return f"{count} {noun}{ranked} · {elapsed_ms:.0f} ms"
