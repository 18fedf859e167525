"""Timeline figures: repaint time at 100,000 items at every zoom, and loading a whole library.

Run on its own to time the whole-library load (the empty query's timeline) on a worker thread
while the main thread keeps a 5 ms heartbeat, as the UI thread would::

    .venv/bin/python -m tests.benchmarks.measure_timeline \\
        ~/.cache/roadbook-bench/library-1m-g1.sqlite
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from array import array
from pathlib import Path

from tests.benchmarks.measure import p95

ITEMS = 100_000
SPANS_DAYS = (30 * 365, 10 * 365, 3 * 365, 365, 90, 14, 3)  # zoomed out → zoomed in
HEARTBEAT_S = 0.005


def frame_p95(window, library: Path, repeat: int) -> float:
    """p95 of one repaint of a 1366×300 timeline showing ``ITEMS`` entries, over zooms and pans."""
    from PySide6.QtWidgets import QApplication

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


def whole_library_load(library: Path) -> dict:
    """Seconds to load the timeline of every entry on a worker thread in the timeline loader's
    two stages (items, then their actor links; its own read-only connection and the numbers as
    one flat array), and the longest gap of a 5 ms main-thread heartbeat meanwhile (ms): how
    long the UI thread would have waited for the interpreter."""
    from db import Library
    from db.timeline import actor_links, timeline_items

    with Library.open(library, read_only=True) as lib:
        nums = array("q", (row[0] for row in lib.conn.execute("SELECT num FROM entries")))
    done: dict = {}

    def work():
        with Library.open(library, read_only=True) as lib:
            began = time.perf_counter()
            data = timeline_items(lib.conn, nums, links=False)
            data.index_of("")  # the loader builds the id lookup on the worker too
            done["items_seconds"] = time.perf_counter() - began
            data = actor_links(lib.conn, data)
            done["seconds"] = time.perf_counter() - began
            done["data"] = data  # freed after the heartbeat stops, as the view keeps it

    worker = threading.Thread(target=work)
    gaps = []
    worker.start()
    last = time.perf_counter()
    while worker.is_alive():
        time.sleep(HEARTBEAT_S)
        now = time.perf_counter()
        gaps.append((now - last) * 1000 - HEARTBEAT_S * 1000)
        last = now
    worker.join()
    data = done.pop("data")
    return {**done, "items": len(data), "links": len(data.link_items),
            "longest_gap_ms": max(gaps, default=0.0)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("library", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs = []
    for _ in range(args.repeat):
        runs.append(whole_library_load(args.library))
        run = runs[-1]
        print(f"{run['items']:,} items in {run['items_seconds']:.2f} s, with {run['links']:,} "
              f"links in {run['seconds']:.2f} s; longest main-thread gap "
              f"{run['longest_gap_ms']:.1f} ms", flush=True)
    print(f"median: items {statistics.median(r['items_seconds'] for r in runs):.2f} s, "
          f"with links {statistics.median(r['seconds'] for r in runs):.2f} s, "
          f"longest gap {statistics.median(r['longest_gap_ms'] for r in runs):.1f} ms")


if __name__ == "__main__":
    main()
