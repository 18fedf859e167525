"""Fetching timeline arrays for large result sets off the UI thread (newest request only)."""

from __future__ import annotations

from array import array
from pathlib import Path

from db import Library
from db.timeline import TimelineData, timeline_items
from desktop.library_worker import LatestOnlyLoader


def _timeline_items(library: Library, args: tuple) -> TimelineData:
    (nums,) = args
    # The numbers stay one flat array (Library.timeline_items would first make a list of a
    # million objects, which holds the interpreter and which the collector then walks).
    data = timeline_items(library.conn, nums)
    data.index_of("")  # builds the id → item lookup here rather than on the UI thread
    return data


class TimelineLoader(LatestOnlyLoader):
    """Loads ``TimelineData`` for a list of entry numbers on a worker thread."""

    def __init__(self, *, library_path: Path, parent=None):
        super().__init__(library_path=library_path, job=_timeline_items, name="timelineLoader",
                         parent=parent)

    def request(self, nums) -> None:
        """Load the arrays for ``nums``; an earlier request still running is abandoned."""
        super().request(array("q", nums))
