"""Fetching timeline arrays for large result sets off the UI thread (newest request only)."""

from __future__ import annotations

from pathlib import Path

from db import Library
from desktop.library_worker import LatestOnlyLoader


def _timeline_items(library: Library, args: tuple):
    (nums,) = args
    return library.timeline_items(nums)


class TimelineLoader(LatestOnlyLoader):
    """Loads ``TimelineData`` for a list of entry numbers on a worker thread."""

    def __init__(self, *, library_path: Path, parent=None):
        super().__init__(library_path=library_path, job=_timeline_items, name="timelineLoader",
                         parent=parent)

    def request(self, nums: list[int]) -> None:
        """Load the arrays for ``nums``; an earlier request still running is abandoned."""
        super().request(list(nums))
