"""Timeline frames at 100,000 items: repaint time at every zoom, from whole span to days."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from tests.benchmarks.measure import p95

ITEMS = 100_000
SPANS_DAYS = (30 * 365, 10 * 365, 3 * 365, 365, 90, 14, 3)  # zoomed out → zoomed in


def frame_p95(window, library: Path, repeat: int) -> float:
    """p95 of one repaint of a 1366×300 timeline showing ``ITEMS`` entries, over zooms and pans."""
    from desktop.timeline import TimelineView

    lib = window.library
    nums = lib.results("is:dated", limit=-1).nums[:ITEMS]
    view = TimelineView(library=lib)
    view.resize(1366, 300)
    view.show()
    view.set_data(lib.timeline_items(nums))
    view.fit_all()
    QApplication.processEvents()
    lo, hi = view.visible_range()
    middle = (lo + hi) / 2
    times = []
    for _ in range(repeat):
        for span in SPANS_DAYS:
            for shift in (-0.3, 0.0, 0.3):
                centre = middle + shift * (hi - lo) / 2
                view.set_visible_range(centre - span / 2, centre + span / 2)
                began = time.perf_counter()
                view.repaint()
                times.append((time.perf_counter() - began) * 1000)
    view.close()
    return p95(times)
