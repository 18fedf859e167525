"""A long import and a bookmark written from another program at the same time: the bookmark
goes in (never "locked by another program") and the import too, as one batch.

The import checks and stages its rows without the library's write lock and holds it only to
copy the staged batch in (tests/db/test_import_concurrency.py shows the lock is free while the
rows are checked); here the real command line does both at once. ``ROADBOOK_SOAK=1`` imports
300,000 rows, the size at which the lock used to be held past the five-second busy timeout.
"""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.reliability.child import child_env, cli_args, run_cli
from tests.reliability.figures import ROOT

SOAK = bool(os.environ.get("ROADBOOK_SOAK"))
ENTRIES = ("gazprom", "gas-deal-2014", "xi-jinping", "vladimir-putin", "kazan")


def tracker(path, rows: int):
    """An analyst's deals tracker: ids, titles, dates, sums, investors and countries."""
    with open(path, "w", encoding="utf-8") as out:
        out.write("id,title,date,value,investor,country\n")
        for n in range(1, rows + 1):
            out.write(f"{n},Deal {n}: rail and port works,{2000 + n % 20},${n % 900 + 1}m,"
                      f"Investor Group {n % 300},Country {n % 150}\n")
    return path


def _import_alongside_bookmarks(workdir, library_path, rows: int):
    source = tracker(workdir / "tracker.csv", rows)
    importer = subprocess.Popen(cli_args(library_path, "import", str(source), "--json"),
                                cwd=ROOT, env=child_env(workdir), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
    writes = []
    try:
        while importer.poll() is None:
            k = len(writes)
            done = run_cli(workdir, library_path, "bookmark", "add", ENTRIES[k % len(ENTRIES)],
                           "--note", f"write {k}", timeout=120)
            writes.append((k, done, importer.poll() is None))
        out, err = importer.communicate(timeout=600)
    finally:
        if importer.poll() is None:
            importer.kill()
    return importer.returncode, out, err, writes


def _check(workdir, library_path, rows: int):
    status, out, err, writes = _import_alongside_bookmarks(workdir, library_path, rows)

    assert status == 0, err
    assert f'"imported": {rows}' in out
    assert [w for w in writes if w[2]], "no bookmark was written while the import ran"
    refused = [f"write {k}: {done.stderr.strip()}" for k, done, _ in writes if done.returncode]
    assert refused == []
    notes = run_cli(workdir, library_path, "bookmarks").stdout
    for entry in {ENTRIES[k % len(ENTRIES)] for k, _, _ in writes}:
        last = max(k for k, _, _ in writes if ENTRIES[k % len(ENTRIES)] == entry)
        assert f"    write {last}\n" in notes


def test_a_bookmark_goes_in_while_a_large_import_runs(workdir, library_path):
    _check(workdir, library_path, 30_000)


@pytest.mark.soak
@pytest.mark.skipif(not SOAK, reason="set ROADBOOK_SOAK=1 to soak")
def test_bookmarks_go_in_throughout_a_300k_row_import(workdir, library_path):
    _check(workdir, library_path, 300_000)
