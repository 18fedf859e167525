"""Fetching timeline arrays for large result sets off the UI thread (newest request only).

Two stages: the items first, so that a million entries are on screen sooner, then the same
items with their actor links (which only the actor lanes need).
"""

from __future__ import annotations

from array import array
from pathlib import Path

from db import Library
from db.timeline import TimelineData
from desktop.common.library_worker import LatestOnlyLoader
from desktop.timeline.lanes import build_lanes


def _timeline_job(library: Library, args: tuple) -> TimelineData:
    (what,) = args
    if isinstance(what, TimelineData):
        return library.timeline_links(what)
    # The numbers stay one flat array (a list of a million objects would hold the interpreter
    # while it is made, and the collector would walk it).
    data = library.timeline_items(what, links=False)
    # What the first paint needs, built here rather than on the UI thread: the id → item
    # lookup and the lanes by kind (the default mode).
    data.index_of("")
    build_lanes(data, "kind")
    return data


class TimelineLoader(LatestOnlyLoader):
    """Loads ``TimelineData`` for a list of entry numbers on a worker thread: ``loaded``
    carries the items, and after ``request_links`` the same items with their actor links."""

    def __init__(self, *, library_path: Path, parent=None):
        super().__init__(library_path=library_path, job=_timeline_job, name="timelineLoader",
                         parent=parent)

    def request(self, nums) -> None:
        """Load the items for ``nums``; an earlier request still running is abandoned."""
        super().request(array("q", nums))

    def request_links(self, data: TimelineData) -> None:
        """Add the actor links to ``data`` (items this loader gave)."""
        super().request(data)
