"""The library file plays well with the SQLite tools the README names: a snapshot for Datasette
and colleagues, and sqlite-utils' optimize, vacuum, search and rows on the library itself."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from db import Library
from db.check import check_library
from db.snapshot import SnapshotError

BIN = Path(sys.executable).parent


def tool(name: str, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / name), *args], capture_output=True, text=True,
                          timeout=timeout)


def test_a_snapshot_holds_what_is_still_in_the_wal_and_stands_alone(library_path, tmp_path):
    out = tmp_path / "obor.sqlite"
    with Library.open(library_path) as lib:
        lib.bookmark("gas-deal-2014", note="in the WAL only")
        assert Path(f"{library_path}-wal").stat().st_size > 0
        snap = lib.snapshot(out)
    assert snap.path == out and snap.bytes == out.stat().st_size and snap.entries > 70
    assert not Path(f"{out}-wal").exists()
    assert out.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) == 0
    immutable = sqlite3.connect(f"{out.as_uri()}?immutable=1", uri=True)
    assert immutable.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert immutable.execute("SELECT note FROM bookmarks").fetchall() == [("in the WAL only",)]
    assert immutable.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_snapshot_is_compacted(library_path, tmp_path):
    with Library.open(library_path) as lib:
        lib.conn.execute("CREATE TABLE spare (x)")
        lib.conn.execute("INSERT INTO spare SELECT zeroblob(4096) FROM entries")
        lib.conn.execute("DROP TABLE spare")  # pages freed, not given back
        lib.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        snap = lib.snapshot(tmp_path / "small.sqlite")
    assert snap.bytes < library_path.stat().st_size


def test_a_snapshot_can_be_taken_from_a_read_only_library_and_replaces_an_old_one(
        library_path, tmp_path):
    out = tmp_path / "obor.sqlite"
    with Library.open(library_path, read_only=True) as lib:
        lib.snapshot(out)
        again = lib.snapshot(out)  # the first is read-only; it is replaced, not written into
    assert again.entries > 70
    assert not list(tmp_path.glob(".*partial"))


@pytest.mark.parametrize("target, reason", [
    (lambda lib, tmp: lib.path, "the library itself"),
    (lambda lib, tmp: tmp, "a folder"),
    (lambda lib, tmp: tmp / "missing" / "x.sqlite", "there is no folder"),
])
def test_a_snapshot_where_it_cannot_go_is_refused_in_one_line(library, tmp_path, target,
                                                               reason):
    with pytest.raises(SnapshotError, match=reason):
        library.snapshot(target(library, tmp_path))


def test_the_snapshot_command(library_path, tmp_path):
    out = tmp_path / "shared.sqlite"
    done = subprocess.run([sys.executable, "-m", "desktop.cli", "--library", str(library_path),
                           "snapshot", "--out", str(out), "--json"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    made = json.loads(done.stdout)
    assert made == {"path": str(out), "bytes": out.stat().st_size, "entries": made["entries"]}
    bad = subprocess.run([sys.executable, "-m", "desktop.cli", "--library", str(library_path),
                          "snapshot", "--out", str(library_path)], capture_output=True,
                         text=True, timeout=120)
    assert bad.returncode == 1
    assert bad.stderr.count("\n") == 1 and "the library itself" in bad.stderr


# -- sqlite-utils on the library itself ---------------------------------------------------------


def test_sqlite_utils_optimize_and_vacuum_leave_a_sound_library(library_path):
    for command in ("optimize", "vacuum"):
        done = tool("sqlite-utils", command, str(library_path))
        assert done.returncode == 0, done.stderr
    with Library.open(library_path) as lib:
        assert lib.search("Газпром rally")["hits"][-1]["id"] == "silk-road-rally"
        assert check_library(lib.conn).problems == []


def test_sqlite_utils_search_and_rows_read_the_library(library_path):
    found = tool("sqlite-utils", "search", str(library_path), "entries", "gas", "--limit", "3")
    assert found.returncode == 0, found.stderr
    assert "gas-deal-2014" in [row["id"] for row in json.loads(found.stdout)[:2]]
    rows = tool("sqlite-utils", "rows", str(library_path), "entry_links",
                "--where", "from_id = 'silk-road-rally'")
    assert rows.returncode == 0, rows.stderr
    assert {"Gazprom", "BAIC"} <= {r["to_title"] for r in json.loads(rows.stdout)}


def test_typo_tolerance_still_works_after_sqlite_utils_optimize(library_path):
    assert tool("sqlite-utils", "optimize", str(library_path)).returncode == 0
    with Library.open(library_path) as lib:
        assert lib.search("gazprm")["hits"][0]["id"] == "gazprom"


# -- Datasette serving a snapshot ---------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get_json(url: str, deadline: float):
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                return json.loads(answer.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture
def datasette(library_path, tmp_path):
    if not (BIN / "datasette").exists():
        pytest.skip("datasette is not installed (it is in the test extras)")
    snapshot = tmp_path / "obor.sqlite"
    with Library.open(library_path) as lib:
        lib.bookmark("gas-deal-2014", note="shared with the team")
        lib.snapshot(snapshot)
    port = _free_port()
    server = subprocess.Popen(
        [str(BIN / "datasette"), "serve", "--immutable", str(snapshot), "--host", "127.0.0.1",
         "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env=dict(os.environ, DATASETTE_SECRET="test"))
    try:
        yield f"http://127.0.0.1:{port}/obor"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_datasette_serves_a_snapshot_with_its_full_text_search(datasette):
    deadline = time.monotonic() + 60
    tables = _get_json(f"{datasette}.json", deadline)
    names = {t["name"] for t in tables["tables"]}
    assert {"entries", "bookmarks", "entries_fts"} <= names
    found = _get_json(f"{datasette}/entries.json?_search=gas&_shape=objects", deadline)
    assert "gas-deal-2014" in [row["id"] for row in found["rows"]]
    marks = _get_json(f"{datasette}/bookmarks.json?_shape=objects", deadline)
    assert [row["note"] for row in marks["rows"]] == ["shared with the team"]
