"""Two copies at once: a second window or process on the same library works alongside the first
(WAL, busy timeout, short transactions) — no lost write, no "database is locked" for the user."""

from __future__ import annotations

import subprocess
import sys

from db import Library
from tests.reliability.child import ROOT, child_env, cli_args
from tests.reliability.invariants import bookmark_states, file_problems

WRITER = """
import sys
from db import Library
path, name, first, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
with Library.open(path) as lib:
    entries = sys.argv[5].split(",")
    sys.stdin.readline()  # wait until every writer is ready
    for i in range(count):
        lib.save_search(f"{name} {i}", f"gas {i}")
        lib.bookmark(entries[i % len(entries)], note=f"{name} {i}", tags=[name])
print("done", flush=True)
"""
WRITES = 150


def _entry_ids(path) -> list[str]:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT id FROM entries ORDER BY id")]
    finally:
        conn.close()


def test_two_windows_in_one_process_share_the_library(library_path):
    with Library.open(library_path) as first, Library.open(library_path) as second:
        first.bookmark("obor", note="from the first window")
        second.bookmark("russia", note="from the second window")
        assert second.get_bookmark("obor")["note"] == "from the first window"
        assert first.get_bookmark("russia")["note"] == "from the second window"


def test_processes_writing_at_once_lose_nothing_and_never_see_a_lock(library_path, workdir):
    Library.open(library_path).close()
    ids = _entry_ids(library_path)
    shares = {"alpha": ids[0:10], "beta": ids[10:20], "gamma": ids[20:30]}
    env = child_env(workdir)
    writers = {name: subprocess.Popen(
        [sys.executable, "-c", WRITER, str(library_path), name, "0", str(WRITES),
         ",".join(entries)], cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True) for name, entries in shares.items()}
    for writer in writers.values():
        writer.stdin.write("go\n")
        writer.stdin.flush()
    commands = [subprocess.Popen(cli_args(library_path, "bookmark", "add", entry, "--note",
                                          "from the command line"), cwd=ROOT, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for entry in ids[30:36]]
    results = {name: w.communicate(timeout=300) for name, w in writers.items()}
    outputs = [c.communicate(timeout=300) for c in commands]
    for name, (out, err) in results.items():
        assert writers[name].returncode == 0 and out.strip() == "done", err
        assert "locked" not in err.lower()
    for command, (_out, err) in zip(commands, outputs, strict=True):
        assert command.returncode == 0 and "locked" not in err.lower(), err

    with Library.open(library_path) as lib:
        saved = {s["name"] for s in lib.saved_searches()}
    assert saved == {f"{name} {i}" for name in shares for i in range(WRITES)}
    marks = bookmark_states(library_path)
    for name, entries in shares.items():
        for offset, entry in enumerate(entries):
            last = max(i for i in range(WRITES) if i % len(entries) == offset)
            assert marks[entry] == (f"{name} {last}", (name,))
    for entry in ids[30:36]:
        assert marks[entry] == ("from the command line", ())
    assert file_problems(library_path) == []
