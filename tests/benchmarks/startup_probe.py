"""Child process for start-up measurements: open a window, print when it has painted, exit.

    python tests/benchmarks/startup_probe.py bare|roadbook [LIBRARY] [--memory]

Prints ``painted <seconds since the process started>`` and, with ``--memory``, ``rss <bytes>``
after a search has filled the table.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def rss_bytes() -> int:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def main() -> None:
    mode = sys.argv[1]
    memory = "--memory" in sys.argv
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(sys.argv[:1])

    class PaintWatch(QObject):
        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QEvent.Type.Paint and not getattr(self, "done", False):
                self.done = True
                QTimer.singleShot(0, finish)
            return False

    def finish():
        print(f"painted {time.perf_counter() - STARTED:.4f}", flush=True)
        if memory and mode == "roadbook":
            window.search_field.set_query("moscow")
            window.search_field.set_query("")
        if memory:
            app.processEvents()
            print(f"rss {rss_bytes()}", flush=True)
        if mode == "roadbook":  # a clean close, or the next start checks the file first
            window.close()
            window.library.close()
        os._exit(0)

    watch = PaintWatch()
    if mode == "bare":
        window = QLabel("Roadbook")
        window.installEventFilter(watch)
        window.resize(1366, 768)
        window.show()
    else:
        from desktop.app import create_main_window

        window = create_main_window(Path(sys.argv[2]))
        window.results_table.viewport().installEventFilter(watch)
    app.exec()


if __name__ == "__main__":
    main()
