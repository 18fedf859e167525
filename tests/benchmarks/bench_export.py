"""Exporting 100,000 entries: wall time for CSV (target ≤ 3 s) and XLSX (target ≤ 15 s).

    python tests/benchmarks/bench_export.py [--entries N] [--json FILE]

A synthetic library of that size is built in a temporary folder (titles, summaries, Cyrillic
and Chinese aliases, links, values: ``synthetic.build_library``), then every entry is exported
as ``roadbook export`` does: rows read a page at a time with their parties and aliases
(``db.export_pages``), the workbook in openpyxl's write-only mode.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

TARGETS_S = {"csv": 3.0, "xlsx": 15.0}


def measure(entries: int) -> dict:
    from db import Library
    from tests.benchmarks.synthetic import build_library

    with tempfile.TemporaryDirectory(prefix="roadbook-bench-export-") as tmp:
        path = build_library(Path(tmp) / "library.sqlite", entries)
        figures: dict = {"entries": entries}
        with Library.open(path) as library:
            ids = [r[0] for r in library.conn.execute("SELECT id FROM entries ORDER BY num")]
            figures["exported"] = len(ids)
            for fmt in ("csv", "xlsx"):
                out = Path(tmp) / f"entries.{fmt}"
                began = time.perf_counter()
                library.export(ids, out, fmt)
                seconds = time.perf_counter() - began
                figures[f"{fmt}_seconds"] = round(seconds, 2)
                figures[f"{fmt}_target_seconds"] = TARGETS_S[fmt]
                figures[f"{fmt}_met"] = seconds <= TARGETS_S[fmt]
                figures[f"{fmt}_megabytes"] = round(out.stat().st_size / 2**20, 1)
    return figures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON")
    args = parser.parse_args(argv)
    figures = measure(args.entries)
    for key, value in figures.items():
        print(f"{key:<20} {value}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
