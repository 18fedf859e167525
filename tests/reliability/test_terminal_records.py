"""What the command line prints keeps one record per line whatever the data: a line break in a
note cannot forge a listing line, invisible characters are spelled out, and the import's
progress line keeps its own carriage return."""

from __future__ import annotations

import os
import pty
import subprocess

import pytest

from tests.reliability.child import child_env, cli_args, run_cli
from tests.reliability.figures import ROOT

FORGED = "gas-deal-2014                        Forged bookmark"
NOTE = f"real note\n{FORGED}\r\n\u2028second\u2029third"
INVISIBLE = {"zero-width space": "\u200b", "byte-order mark": "\ufeff",
             "line separator": "\u2028", "paragraph separator": "\u2029",
             "tag letter": "\U000e0041", "word joiner": "\u2060"}


@pytest.fixture
def noted(workdir, library_path):
    done = run_cli(workdir, library_path, "bookmark", "add", "gazprom", "--note", NOTE,
                   "--tag", "energy")
    assert done.returncode == 0, done.stderr
    return library_path


@pytest.mark.parametrize("command", [("bookmarks",), ("show", "gazprom")])
def test_a_line_break_in_a_note_never_starts_a_line_of_its_own(workdir, noted, command):
    done = run_cli(workdir, noted, *command)

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert not any(line.startswith(("gas-deal-2014", "second", "third")) for line in lines)
    assert any(r"real note\n" + FORGED + r"\u000d\n\u2028second\u2029third" in line
               for line in lines)
    assert "\u2028" not in done.stdout and "\r" not in done.stdout


def test_bookmarks_list_one_record_per_bookmark(workdir, noted):
    lines = run_cli(workdir, noted, "bookmarks").stdout.splitlines()

    assert [line.split()[0] for line in lines if not line.startswith("    ")] == ["gazprom"]
    assert len(lines) == 2  # the bookmark and its note


@pytest.mark.parametrize("name", INVISIBLE)
def test_invisible_characters_are_spelled_out(workdir, library_path, name):
    char = INVISIBLE[name]
    run_cli(workdir, library_path, "bookmark", "add", "gazprom", "--note", f"gas{char}deal",
            "--tag", f"tag{char}")

    shown = run_cli(workdir, library_path, "bookmarks").stdout

    assert char not in shown
    code = ord(char)
    spelled = f"\\u{code:04x}" if code <= 0xFFFF else "\\udb40\\udc41"
    assert f"gas{spelled}deal" in shown
    assert f"tag{spelled}" in shown or char.isspace()  # a tag's spaces are trimmed


def test_a_joiner_inside_a_persian_word_is_left_as_written(workdir, library_path):
    word = "می\u200cخواهم"
    run_cli(workdir, library_path, "bookmark", "add", "gazprom", "--note", word)

    assert word in run_cli(workdir, library_path, "bookmarks").stdout


def test_the_progress_line_keeps_its_own_carriage_return(workdir, library_path):
    rows = ["title,value"] + [f"Bridge {n},${n}m" for n in range(1, 2001)]
    source = workdir / "bridges.csv"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    main, terminal = pty.openpty()
    try:
        child = subprocess.Popen(cli_args(library_path, "import", str(source)), cwd=ROOT,
                                 env=child_env(workdir), stdout=subprocess.PIPE,
                                 stderr=terminal)
        os.close(terminal)
        shown = _read_all(main)
        assert child.wait(timeout=120) == 0
    finally:
        os.close(main)

    assert "\rchecking 0 of 2,000" in shown
    assert "\\u000d" not in shown and "\\r" not in shown


def _read_all(fd: int) -> str:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_query_with_a_line_break_cannot_forge_a_line_of_its_own(workdir, library_path):
    done = run_cli(workdir, library_path, "search", "gas\nroadbook: forged error",
                   "--passages")
    hinted = run_cli(workdir, library_path, "search", "kind:\"ship\nroadbook: forged\"")

    for output in (done.stdout, done.stderr, hinted.stderr):
        assert not any(line.startswith("roadbook: forged") for line in output.splitlines())
    assert hinted.returncode == 0, hinted.stderr
