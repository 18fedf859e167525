"""Child process for start-up measurements: open a window, print when it has painted, exit.

    python tests/benchmarks/startup_probe.py bare|roadbook [LIBRARY] [--memory]

Roadbook starts as ``roadbook`` does (``desktop.app.start``). Prints ``painted <time>`` when
the window first paints (Roadbook's frame, "Opening …"), then for Roadbook ``complete <time>``
when the results table has painted (``<time>``: seconds since the epoch, as ``roadbook`` prints
them with ``ROADBOOK_STARTUP_REPORT``), and with ``--memory`` ``rss <bytes>`` after a search has
filled the table.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

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

    def finish():
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

    if mode == "bare":
        class PaintWatch(QObject):
            def eventFilter(self, obj, event):  # noqa: N802
                if event.type() == QEvent.Type.Paint:
                    obj.removeEventFilter(self)
                    print(f"painted {time.time():.4f}", flush=True)
                    QTimer.singleShot(0, finish)
                return False

        window = QLabel("Roadbook")
        watch = PaintWatch()
        window.installEventFilter(watch)
        window.resize(1366, 768)
        window.show()
    else:
        from desktop.app import start
        from desktop.window.startup_report import report_start_up

        window = start(app, Path(sys.argv[2]))
        report_start_up(window, finish)  # the same report roadbook prints
    app.exec()


if __name__ == "__main__":
    main()
