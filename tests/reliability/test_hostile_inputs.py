"""Hostile input files and output that must not lie: resource bombs refused in one line with
memory capped, input a user can act on answered with exit 1 (never "internal error"), and files
that came out short never announced as written."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability import bombs, figures
from tests.reliability.child import child_env, run_cli
from tests.reliability.figures import ROOT

MEMORY_CAP = 1 << 30  # a bomb that allocates fails the child instead of the machine


def _memory_capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def _files_capped(size: int):
    """A child whose files cannot grow past ``size`` bytes: writes fail as on a full disk."""
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


def _urandom(path: Path) -> Path:
    return Path("/dev/urandom")


def _dangling(path: Path) -> Path:
    os.symlink(path.with_name("moved-away.csv"), path)
    return path


BOMBS = {
    "far-cell.xlsx": (bombs.far_cell_workbook, "it reaches cell XFD1048576 (1,048,576 rows × "
                                               "16,384 columns), more than the 20,000,000 cells"),
    "billion-laughs.xlsx": (bombs.billion_laughs_workbook, "declares XML entities (a DTD)"),
    "outside-entity.xlsx": (bombs.outside_entity_workbook, "declares XML entities (a DTD)"),
    "unpacks-huge.xlsx": (lambda p: bombs.unpacking_workbook(p, 513),
                          "its text cells unpack to 513 MB, more than the 512 MB"),
    "deep.json": (bombs.deep_json, "deep.json is nested too deeply (more than"),
    "long-number.json": (bombs.long_number_json, "holds a number of more than 4,300 digits"),
    "wide.csv": (bombs.wide_csv, "the row on line 1 has 20,000 cells, more than the 16,384 "
                                 "columns"),
    "many-fields.json": (bombs.many_fields_json, "its records name more than 16,384 different "
                                                 "fields"),
    "many-objects.json": (bombs.many_objects_json, "it holds 5,000,002 JSON objects and lists, "
                                                   "more than the 5,000,000"),
    "pipe.csv": (bombs.fifo, "pipe.csv is a named pipe (FIFO), not a file"),
    "loop.csv": (bombs.looping_link, "loop.csv is a symbolic link that loops back on itself"),
    "dangling.csv": (_dangling, "dangling.csv is a link to"),
    "urandom": (_urandom, "/dev/urandom is a device, not a file"),
}


def _one_error_line(done) -> str:
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("roadbook: "), done.stderr
    assert "internal error" not in lines[0] and "Traceback" not in done.stderr
    return lines[0]


@pytest.mark.parametrize("name", BOMBS)
def test_a_resource_bomb_is_refused_in_one_line_with_memory_capped(name, workdir, library_path):
    make, expected = BOMBS[name]
    path = make(workdir / name)
    figures.add("resource_bombs")

    done = run_cli(workdir, library_path, "import", str(path), preexec_fn=_memory_capped,
                   timeout=180)

    refused = done.returncode == 1 and len(done.stderr.splitlines()) == 1 and \
        expected in done.stderr
    figures.add("resource_bombs_refused", int(refused))
    if not refused:
        figures.note_also("resource_bombs_refused", f"not refused: {name}")
    assert done.returncode == 1, done.stderr
    assert expected in _one_error_line(done)
    assert not (library_path.parent / f"{library_path.name}.backups").exists()  # no backup


def test_a_stray_empty_cell_far_away_does_not_stop_the_table(workdir, library_path):
    path = bombs.far_cell_workbook(workdir / "formatted.xlsx", value=False)

    done = run_cli(workdir, library_path, "import", str(path), "--json",
                   preexec_fn=_memory_capped)

    assert done.returncode == 0, done.stderr
    assert '"imported": 2' in done.stdout and '"rejected": 0' in done.stdout


def test_a_lone_surrogate_rejects_its_row_and_the_rest_goes_in(workdir, library_path):
    path = bombs.lone_surrogate_json(workdir / "halves.json")

    done = run_cli(workdir, library_path, "import", str(path))

    assert done.returncode == 0, done.stderr
    assert "2 rows, 1 imported, 1 rejected" in done.stdout
    assert r"row 1: holds half of a UTF-16 character pair (\ud800) with no other half" \
        in done.stdout


# -- input a user can act on: exit 1, one line ---------------------------------------------------

NOT_UTF8 = os.fsdecode(b"gaz\xffprom")  # the bytes a Latin-1 terminal sends for "gazÿprom"


def test_a_query_that_is_not_utf8_is_one_line_not_an_internal_error(workdir, library_path):
    done = run_cli(workdir, library_path, "search", NOT_UTF8)

    assert done.returncode == 1
    assert "the query given is not valid text in this terminal's encoding" in \
        _one_error_line(done)
    assert "byte 0xff" in done.stderr


def test_a_note_that_is_not_utf8_is_refused_and_nothing_is_written(workdir, library_path):
    done = run_cli(workdir, library_path, "bookmark", "add", "gazprom", "--note", NOT_UTF8)

    assert done.returncode == 1
    assert "the note given is not valid text" in _one_error_line(done)
    assert run_cli(workdir, library_path, "bookmarks").stdout == ""


def test_a_batch_number_too_large_is_searched_as_words(workdir, library_path):
    done = run_cli(workdir, library_path, "search", "batch:99999999999999999999999999")

    assert done.returncode == 0, done.stderr
    assert "is not an import batch number" in done.stderr


def test_a_trigger_that_refuses_a_change_is_one_line(workdir, library_path):
    conn = sqlite3.connect(library_path)
    conn.execute("CREATE TRIGGER frozen BEFORE INSERT ON bookmarks "
                 "BEGIN SELECT RAISE(ABORT, 'bookmarks are frozen'); END")
    conn.commit()
    conn.close()

    done = run_cli(workdir, library_path, "bookmark", "add", "gazprom", "--note", "n")

    assert done.returncode == 1
    assert "trigger" in _one_error_line(done)


@pytest.fixture
def shared_memory_kept(library_path):
    """A reader holding the library open, so its shared-memory file exists already and a child
    whose files cannot grow can still open it."""
    conn = sqlite3.connect(library_path)
    conn.execute("SELECT count(*) FROM entries").fetchone()
    yield
    conn.close()


def test_an_xlsx_export_on_a_full_disk_is_one_line(workdir, library_path, shared_memory_kept):
    out = workdir / "entries.xlsx"

    done = run_cli(workdir, library_path, "--read-only", "export", "--format", "xlsx", "--out",
                   str(out), preexec_fn=_files_capped(40_000))

    assert done.returncode == 1
    assert f"cannot write {out}: File too large" in _one_error_line(done)
    assert not out.exists() and list(workdir.glob(".entries.xlsx*")) == []


def test_a_pdf_cut_short_is_refused_and_the_earlier_one_kept(workdir, library_path,
                                                            shared_memory_kept):
    out = workdir / "briefing.pdf"
    first = run_cli(workdir, library_path, "--read-only", "print", "--query", "gas", "--out",
                    str(out))
    assert first.returncode == 0, first.stderr
    earlier = out.read_bytes()

    done = run_cli(workdir, library_path, "--read-only", "print", "--query", "", "--out",
                   str(out), preexec_fn=_files_capped(40_000))

    assert done.returncode == 1, done.stderr
    line = _one_error_line(done)
    assert "the PDF came out incomplete; it was cut short at 40,000 bytes" in line
    assert "The earlier briefing.pdf was kept." in line
    assert out.read_bytes() == earlier
    assert [p.name for p in workdir.iterdir() if p.name.endswith(".part")] == []


def test_nothing_follows_the_error_line_not_even_a_failed_clean_up(workdir, library_path):
    """A library's clean-up that fails where nothing can catch it (as openpyxl's did after a
    full disk) prints nothing after the command's one error line."""
    script = ("import sys\nfrom desktop.cli.parser import main\n"
              "class Leftover:\n    def __del__(self):\n"
              "        raise OSError(28, 'No space left on device')\n"
              "status = main(sys.argv[1:])\nkept = Leftover()\ndel kept\nsys.exit(status)\n")
    done = subprocess.run([sys.executable, "-c", script, "--library", str(library_path),
                           "show", "no-such-entry"], cwd=ROOT, env=child_env(workdir),
                          capture_output=True, text=True, timeout=60)

    assert done.returncode == 1
    assert "no-such-entry" in _one_error_line(done)
