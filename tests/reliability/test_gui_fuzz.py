"""Hostile queries through the real window: thousands of junk strings typed into the search field
never freeze or crash it, and the command line answers junk with results or hints, never an
error."""

from __future__ import annotations

import random

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest

from desktop.widgets.search_field import TYPE_AHEAD_DELAY_MS
from tests.reliability import figures

PIECES = (
    'kind:', "kind:deal", "year:", "year:2014..", "year:..", "year:>", "value:>10bn", "value:",
    "value:1bn..x", "actor:", "tag:", "is:", "is:bookmarked", "source:", "date:2016-13-45",
    "status:", '"', '""', '"state visit', "(", ")", "OR", "AND", "NOT", "-", "--", "*", "^",
    "NEAR(gas oil, 2)", "title:", "{title}", ":", "::", "..", "%", "_", "'", "';", "\\",
    "'; DROP TABLE entries; --", "gas", "Газпром", "普京", "Путин", "\u202e", "\u0301", "é",
    "\U0001F600", "\x00", "\x1b[31m", "\t", "\n", "ﬁ", "ǅ", "İ", "ß", "null", "NaN", "1e309",
    "9" * 40, "<b>", "&amp;", "%s%s%n", "{0}", "$(", "`", "..\\..\\", "x" * 300,
)


def junk(rng: random.Random) -> str:
    """A query as a fuzzer would type it: pieces of the language, scripts, controls, noise."""
    if rng.random() < 0.1:
        return "".join(chr(rng.randrange(1, 0x3000)) for _ in range(rng.randrange(1, 40)))
    if rng.random() < 0.02:
        return rng.choice(PIECES) * rng.randrange(50, 400)  # very long
    parts = [rng.choice(PIECES) for _ in range(rng.randrange(1, 8))]
    return (" " if rng.random() < 0.7 else "").join(parts)


def test_typing_junk_fast_never_freezes_or_crashes_the_window(qtbot, make_window, library_path):
    rng = random.Random(2016)
    window = make_window(library_path)
    field = window.search_field
    tried = 0
    with qtbot.capture_exceptions() as raised:
        for i in range(2500):
            text = junk(rng)
            field.setText(text)
            field.textEdited.emit(text)  # as a keystroke does: restarts the type-ahead timer
            if i % 5 == 0:
                field.set_query(text)  # runs it now, as Enter does
            if i % 250 == 0:
                qtbot.wait(TYPE_AHEAD_DELAY_MS + 30)  # let the type-ahead timer fire
            tried += 1
        for text in ("kind:deal year:2014..", '"state vis', "-gas OR (", "year:2O16",
                     "value:>10bn actor:", "tag:"):  # (QTest types ASCII only)
            field.clear()
            QTest.keyClicks(field, text)  # real key events, one character at a time
            tried += 1
        qtbot.wait(TYPE_AHEAD_DELAY_MS + 30)
    figures.add("bad_inputs", tried)
    figures.add("bad_input_crashes", len(raised))
    assert raised == []

    alive = []
    QTimer.singleShot(0, lambda: alive.append(True))
    qtbot.waitUntil(lambda: alive == [True], timeout=5000)  # the event loop still turns
    field.set_query("gazprom")
    assert window.results_model.row_of_entry("gazprom") is not None
    assert window.count_label.text()


def test_the_command_line_answers_junk_queries_without_errors(library_path, capsys):
    from desktop.cli import main

    rng = random.Random(1)
    crashes = []
    for _ in range(300):
        query = junk(rng).replace("\x00", "")  # a NUL cannot be a command-line argument
        status = main(["--library", str(library_path), "search", "--limit", "3", "--", query])
        err = capsys.readouterr().err
        if status != 0 or "internal error" in err or "Traceback" in err:
            crashes.append((query, err))
    figures.add("bad_inputs", 300)
    figures.add("bad_input_crashes", len(crashes))
    assert crashes == []
