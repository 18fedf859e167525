"""The link chart's figures: a frame while panning and zooming a chart of 2,000 nodes and
5,000 links, the force layout of 5,000 nodes on its worker (and the longest stall of the window
meanwhile), and ``graph --depth 2`` around the busiest hub of a library.

    python -m tests.benchmarks.measure_linkchart [LIBRARY]
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def synthetic_chart(nodes: int, links: int, *, seed: int = 11):
    """A chart shaped like real ones: most links between entries close in a list (one actor's
    deals and places), some across it, kinds mixed."""
    import numpy as np

    from db.graph import Edge, Graph, Node
    from desktop.linkchart.chart import Chart
    from desktop.linkchart.layout import KINDS

    rng = np.random.default_rng(seed)
    made = tuple(Node(f"n{i}", KINDS[i % len(KINDS)], f"Entry number {i}") for i in range(nodes))
    local = rng.integers(1, 12, size=links)
    a = rng.integers(0, nodes, size=links)
    b = np.where(rng.random(links) < 0.9, (a + local) % nodes, rng.integers(0, nodes, links))
    known = ("cited", "analyst", "imported")
    edges = {(int(x), int(y)): Edge(f"n{x}", f"n{y}", "party", known[int(x) % 3], int(x) % 4)
             for x, y in zip(a, b, strict=True) if x != y}
    return Chart(Graph(nodes=made, edges=tuple(edges.values()), total=nodes))


def frame_p95_ms(repeat: int = 5) -> float:
    """p95 of one repaint of a laid-out 2,000-node chart, panned and zoomed step by step."""
    from PySide6.QtWidgets import QApplication

    from desktop.linkchart.view import LinkChartView

    app = QApplication.instance() or QApplication([])
    chart = synthetic_chart(2_000, 5_000)
    chart.lay_out("force")
    view = LinkChartView()
    view.resize(1366, 520)
    view.show()
    view.set_chart(chart)
    app.processEvents()
    times = []
    for _ in range(repeat):
        for factor in (1.6, 1.6, 1.6, 1 / 1.6, 1 / 1.6, 1 / 1.6):
            view.zoom(factor)
            for step in range(6):  # to and fro about the middle, so the chart stays in view
                view.pan(60 if step % 2 else -60, 25 if step % 2 else -25)
                began = time.perf_counter()
                view.repaint()
                times.append((time.perf_counter() - began) * 1000)
        view.fit_all()
    view.close()
    return _p95(times)


def force_layout_s(nodes: int = 5_000) -> tuple[float, float]:
    """Seconds the force layout of ``nodes`` nodes takes on its worker, and the longest gap
    (ms) between ticks of a 5 ms timer on the UI thread meanwhile."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.linkchart.worker import LayoutWorker

    app = QApplication.instance() or QApplication([])
    sys.setswitchinterval(0.001)  # as the window sets it (desktop/app.py)
    chart = synthetic_chart(nodes, int(nodes * 2.5))
    worker = LayoutWorker(chart.layout_problem(1))
    gaps, last = [], [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000)
        last[0] = now

    timer = QTimer(interval=5)
    timer.timeout.connect(tick)
    timer.start()
    began = time.perf_counter()
    worker.start()
    while not worker.isFinished():
        app.processEvents()
        time.sleep(0.001)
    seconds = time.perf_counter() - began
    timer.stop()
    return seconds, max(gaps, default=0.0)


def graph_depth2_ms(library: Path, repeat: int = 5) -> float:
    """p95 of the chart two links deep around the busiest hub of ``library``."""
    from db import Library

    with Library.open(library, read_only=True) as lib:
        hub = lib.conn.execute("SELECT to_id FROM links GROUP BY to_id ORDER BY count(*) DESC "
                               "LIMIT 1").fetchone()[0]
        lib.graph_around([hub], depth=2)  # warm the caches, as a chart in use has them
        times = []
        for _ in range(repeat * 4):
            began = time.perf_counter()
            lib.graph_around([hub], depth=2)
            times.append((time.perf_counter() - began) * 1000)
    return _p95(times)


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def main(argv: list[str]) -> int:
    print(f"link chart frame, 2,000 nodes / 5,000 links (p95): {frame_p95_ms():.2f} ms")
    seconds, stall = force_layout_s()
    print(f"force layout of 5,000 nodes on its worker: {seconds:.2f} s, longest stall "
          f"{stall:.1f} ms")
    if argv:
        print(f"graph --depth 2 around the busiest hub (p95): {graph_depth2_ms(Path(argv[0])):.1f}"
              " ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
