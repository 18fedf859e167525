"""Loading whole result sets off the UI thread.

The window shows the first page of a query at once (``Library.results(limit=…)``); when that is
not the whole set, a worker with its own connection fetches every match in order and posts it
back. A newer query interrupts the one still running.
"""

from __future__ import annotations

from array import array
from dataclasses import replace
from pathlib import Path

from db import Library
from desktop.common.library_worker import LatestOnlyLoader

FIRST_PAGE = 256


def _whole_result(library: Library, args: tuple):
    text, order, descending = args
    result = library.results(text, order=order, descending=descending, typing=True)
    # A million numbers as one flat array of machine integers, not a list of objects: the
    # interpreter's garbage collector would walk a list at every full collection (some ten
    # milliseconds a million, a pause in the window each time).
    return replace(result, nums=array("q", result.nums))


class ResultLoader(LatestOnlyLoader):
    """Fetches full result sets in a background thread; ``loaded`` carries the newest one."""

    def __init__(self, *, library_path: Path, parent=None):
        super().__init__(library_path=library_path, job=_whole_result, name="resultLoader",
                         parent=parent)

    def request(self, text: str, *, order: str | None, descending: bool) -> None:
        """Load every match of ``text``; any earlier request is abandoned."""
        super().request(text, order, descending)
