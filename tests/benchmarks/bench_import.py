"""Importing a 100,000-row CSV: wall time, rows per second, and how often progress was reported.

    python tests/benchmarks/bench_import.py [--rows N] [--json FILE]

The CSV is generated in a temporary folder (messy money, mixed date forms, repeated actor and
country names) and imported into a fresh copy of the bundled library with progress callbacks,
as the import dialog's worker does. The longest gap between two progress reports bounds how
long the dialog's progress bar can stand still.
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
    from db import Library

    with tempfile.TemporaryDirectory(prefix="roadbook-bench-import-") as tmp:
        folder = Path(tmp)
        source = folder / "deals.csv"
        write_csv(source, rows)
        library = Library.open(folder / "library.sqlite")
        reports: list[float] = []

        def progress(stage: str, done: int, total: int) -> None:
            reports.append(time.perf_counter())

        began = time.perf_counter()
        report = library.import_file(source, mapping=None, kind="deal", progress=progress)
        elapsed = time.perf_counter() - began
        library.close()
    gaps = [b - a for a, b in zip([began, *reports], [*reports, began + elapsed], strict=True)]
    return {"rows": rows, "imported": report.imported, "rejected": report.rejected,
            "seconds": round(elapsed, 2), "rows_per_second": round(rows / elapsed),
            "progress_reports": len(reports), "longest_gap_ms": round(max(gaps) * 1000)}


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
