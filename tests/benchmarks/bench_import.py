"""Importing a 100,000-row CSV: wall time, rows per second, and how often progress was reported.

    python tests/benchmarks/bench_import.py [--rows N] [--json FILE]

The CSV is generated in a temporary folder (messy money, mixed date forms, repeated actor and
country names), read, and imported into a fresh bundled library on a worker thread with its own
connection and progress callbacks, as the import dialog does. Reported: the time to read and to
import, the longest gap between two progress reports (how long the dialog's bar can stand
still) and the longest stall of the UI thread meanwhile (how responsive the window stays).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

COLUMNS = ("deal_id", "title", "date", "value", "country", "investor", "sector", "description")
DATES = ("{y}", "June {y}", "{y}-03-14", "{y}?", "Q2 {y}", "{serial}")
VALUES = ("${n},000,000", "${n}.5bn", "{n}", "¥{n} bn", "")


def write_csv(path: Path, rows: int, *, seed: int = 7) -> None:
    """A CSV like an analyst's tracker: ``rows`` deals with messy values."""
    rng = random.Random(seed)
    countries = [f"Country {i}" for i in range(150)] + ["Russia", "Uzbekistan", "China"]
    investors = [f"Investor Group {i}" for i in range(300)] + ["Gazprom", "BAIC"]
    sectors = ["Energy", "Transport", "Metals", "Real estate", "Technology", "Agriculture"]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for i in range(rows):
            year = rng.randint(2000, 2020)
            date = rng.choice(DATES).format(y=year, serial=36526 + rng.randint(0, 7000))
            value = rng.choice(VALUES).format(n=rng.randint(1, 900))
            writer.writerow([i, f"Deal {i}: {rng.choice(sectors)} project", date, value,
                             rng.choice(countries), rng.choice(investors), rng.choice(sectors),
                             f"Synthetic deal number {i} for the import benchmark."])


def measure(rows: int) -> dict:
    """Read the file, then import it on a worker thread as the import dialog does, while a
    5 ms timer on the UI thread records the longest stall the user would feel."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from db import Library
    from db.importing import read_table
    from desktop.common.background_task import BackgroundTask

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="roadbook-bench-import-") as tmp:
        folder = Path(tmp)
        source = folder / "deals.csv"
        write_csv(source, rows)
        Library.open(folder / "library.sqlite").close()
        began = time.perf_counter()
        table = read_table(source)
        read_s = time.perf_counter() - began
        reports: list[float] = []

        def work(progress, cancelled):
            def counted(stage: str, done: int, total: int) -> None:
                reports.append(time.perf_counter())
                progress(stage, done, total)

            with Library.open(folder / "library.sqlite") as library:
                return library.import_file(table, kind="deal", progress=counted,
                                           cancel=cancelled)

        stalls, clock = [], QElapsedTimer()
        heartbeat = QTimer()
        heartbeat.setInterval(5)
        heartbeat.timeout.connect(lambda: stalls.append(clock.restart()))
        outcome: list = []
        task = BackgroundTask(work)
        task.succeeded.connect(outcome.append)
        task.failed.connect(outcome.append)
        began = time.perf_counter()
        clock.start()
        heartbeat.start()
        task.start()
        while task.is_running() or not outcome:
            app.processEvents()
            time.sleep(0.001)
        heartbeat.stop()
        elapsed = time.perf_counter() - began
    report = outcome[0]
    gaps = [b - a for a, b in zip([began, *reports], [*reports, began + elapsed], strict=True)]
    return {"rows": rows, "imported": report.imported, "rejected": report.rejected,
            "seconds": round(read_s + elapsed, 2),  # file to searchable entries
            "read_seconds": round(read_s, 2), "import_seconds": round(elapsed, 2),
            "rows_per_second": round(rows / (read_s + elapsed)),
            "progress_reports": len(reports), "longest_progress_gap_ms": round(max(gaps) * 1000),
            "longest_ui_stall_ms": max(stalls, default=0)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON")
    args = parser.parse_args(argv)
    figures = measure(args.rows)
    for key, value in figures.items():
        print(f"{key:<18} {value}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", "utf-8")
    return 0 if figures["imported"] + figures["rejected"] == figures["rows"] else 1


if __name__ == "__main__":
    sys.exit(main())
