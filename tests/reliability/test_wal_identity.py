"""After a crash, the log beside a library is applied only when it is the one Roadbook's writers
last recorded (or that log restarted since): a log put in its place is set aside, the library
left as it was, and the library's own log still brings back every acknowledged write."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from db import Library
from db.paths import backups_dir
from tests.reliability import figures, planted
from tests.reliability.child import run_cli
from tests.reliability.writers import (
    Writer,
    entry_ids,
    log_salts,
    pages_in_log,
    recorded_salts,
    wal_of,
)


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _crashed(path, marks: dict[str, str]) -> None:
    """``path`` as a Roadbook killed with it open leaves it, having written ``marks``."""
    writer = Writer(path)
    for entry, note in marks.items():
        writer.do(f"mark {entry} {note}")
    writer.kill()
    assert wal_of(path).stat().st_size > 0 and recorded_salts(path) is not None


def _bookmarks(path) -> dict[str, str]:
    with Library.open(path) as lib:
        return {m["id"]: m["note"] for m in lib.bookmarks()}


def _set_aside(path) -> list:
    return list(backups_dir(path).glob("*-foreign*-wal"))


def _restarts_ahead(path) -> int:
    """How many restarts the log beside ``path`` is ahead of the record (-1: another log)."""
    log, recorded = log_salts(path), recorded_salts(path)
    ahead = (log[0] - recorded[0]) % (1 << 32)
    return ahead if ahead or log == recorded else -1


def _refused_in_one_line(workdir, path) -> str:
    proc = run_cli(workdir, path, "search", "gas")
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 1 and len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr and lines[0].startswith("roadbook: ")
    assert "not its own" in lines[0] and "moved to" in lines[0], lines[0]
    return lines[0]


def test_another_librarys_log_beside_a_crashed_library_is_set_aside(library_path, tmp_path,
                                                                    workdir):
    figures.add("hostile_library_files")
    other = tmp_path / "other.sqlite"
    shutil.copyfile(library_path, other)
    mine, theirs = entry_ids(library_path, 2)
    _crashed(library_path, {mine: "mine"})
    _crashed(other, {theirs: "theirs"})
    shutil.copyfile(wal_of(other), wal_of(library_path))
    before, log = _digest(library_path), wal_of(other).read_bytes()
    _refused_in_one_line(workdir, library_path)
    assert _digest(library_path) == before  # not changed: nothing of the log was applied
    aside = _set_aside(library_path)
    assert len(aside) == 1 and aside[0].read_bytes() == log  # kept byte for byte
    assert theirs not in _bookmarks(library_path)
    check = run_cli(workdir, library_path, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    figures.add("hostile_library_files_refused")


def test_an_unrelated_files_log_cannot_cut_a_crashed_library_short(library_path, tmp_path,
                                                                   workdir):
    """The log of another SQLite file with the same page size that never rewrites page 1
    carries nothing that names its file; only the recorded identity tells."""
    figures.add("hostile_library_files")
    _crashed(library_path, {entry_ids(library_path, 1)[0]: "mine"})
    planted.log_of_an_unrelated_file(library_path, tmp_path)
    page_size = int.from_bytes(library_path.read_bytes()[16:18], "big")
    assert 1 not in pages_in_log(wal_of(library_path), page_size)
    size, before = library_path.stat().st_size, _digest(library_path)
    _refused_in_one_line(workdir, library_path)
    assert library_path.stat().st_size == size and _digest(library_path) == before
    assert run_cli(workdir, library_path, "search", "gas").returncode == 0
    figures.add("hostile_library_files_refused")


def test_the_librarys_own_restarted_log_is_applied_though_the_record_lags(library_path):
    """The identity is recorded as each write begins; the commit that follows may start the log
    afresh, and a kill then leaves the log one restart ahead of the record. Every acknowledged
    write comes back."""
    first, second = entry_ids(library_path, 2)
    writer = Writer(library_path)
    writer.do(f"mark {first} before")
    writer.do("fold")
    writer.do(f"mark {second} after")
    writer.kill()
    assert log_salts(library_path)[0] == recorded_salts(library_path)[0] + 1
    assert _bookmarks(library_path) == {first: "before", second: "after"}
    assert not _set_aside(library_path)


def test_two_writers_taking_turns_keep_the_identity_right(library_path):
    """A window and the command line writing the same library in turn, each starting the log
    afresh (or, after compacting, from nothing) in its turn: the log is never more than the one
    restart its last commit may make ahead of the record, and after both are killed every
    acknowledged write is there."""
    ids = entry_ids(library_path, 8)
    one, two = Writer(library_path), Writer(library_path)
    written = {}
    try:
        for turn, entry in enumerate(ids):
            writer = (one, two)[turn % 2]
            writer.do(f"mark {entry} turn-{turn}")
            written[entry] = f"turn-{turn}"
            assert _restarts_ahead(library_path) in (0, 1)
            writer.do("empty" if turn % 3 == 2 else "fold")
    finally:
        one.kill()
        two.kill()
    assert _bookmarks(library_path) == written
    assert not _set_aside(library_path)


def test_a_library_from_before_the_record_recovers_as_it_always_did(library_path):
    entry = entry_ids(library_path, 1)[0]
    _crashed(library_path, {entry: "acknowledged"})
    (library_path.with_name(library_path.name + ".sessions") / "wal.json").unlink()
    assert _bookmarks(library_path) == {entry: "acknowledged"}


@pytest.mark.parametrize("recorded", [True, False], ids=["recorded", "never recorded"])
def test_reading_a_crashed_library_never_writes_the_record(recorded, library_path, workdir):
    _crashed(library_path, {entry_ids(library_path, 1)[0]: "mine"})
    record = library_path.with_name(library_path.name + ".sessions") / "wal.json"
    if not recorded:
        record.unlink()
    before = record.read_bytes() if recorded else None
    proc = run_cli(workdir, library_path, "--read-only", "search", "gas")
    assert proc.returncode == 0, proc.stderr
    assert (record.read_bytes() if record.exists() else None) == before


def test_a_record_that_cannot_be_written_never_turns_the_own_log_away(library_path):
    """Where the record cannot be replaced (here a folder stands in its way; a full disk does
    the same), the library recovers as one without a record, and nothing half-made is left."""
    entry = entry_ids(library_path, 1)[0]
    record = library_path.with_name(library_path.name + ".sessions") / "wal.json"
    record.mkdir(parents=True)
    writer = Writer(library_path)
    writer.do(f"mark {entry} acknowledged")
    writer.kill()
    assert wal_of(library_path).stat().st_size > 0
    assert _bookmarks(library_path) == {entry: "acknowledged"}
    assert not [p.name for p in record.parent.glob(".*")]
