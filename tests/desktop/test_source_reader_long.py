"""The source reader on a long source: the beginning (or the cited quote) shows at once, the
rest of the text comes in steps, and once it is all in the reader does everything it does for
a short one — highlighted quotes, scrolling to them, selections cited at the right offsets."""

from __future__ import annotations

import pytest

from desktop.common.source_html import source_html
from desktop.widgets.detail_pane import SafeBrowser, palette_colors
from desktop.widgets.source_reader import SourceReader
from tests.desktop.test_window_sources import _select

WORDS = ("trade", "corridor", "railway", "tender", "bond", "harbour", "customs", "summit")


def _long_text(marker: str, paragraphs: int = 400) -> str:
    """Some 24,000 words in numbered paragraphs, each naming ``marker`` and its number."""
    lines = []
    for n in range(paragraphs):
        filler = " ".join(WORDS[(n + i) % len(WORDS)] for i in range(50))
        lines.append(f"{marker} paragraph {n} opens here. {filler} and {marker} closes {n}.")
    return "\n\n".join(lines)


@pytest.fixture
def reader(qtbot, library):
    widget = SourceReader(library=library)
    qtbot.add_widget(widget)
    widget.resize(600, 700)
    widget.show()
    qtbot.wait_exposed(widget)
    return widget


def _add(library, marker: str) -> dict:
    return library.add_source(_long_text(marker), title=f"{marker} report", date="2016-07-20")


def _in_view(reader, words: str) -> bool:
    """Whether ``words`` are shown inside the reader's viewport."""
    found = reader.browser.document().find(words)
    assert not found.isNull(), words
    return reader.browser.viewport().rect().contains(reader.browser.cursorRect(found).center())


def test_a_long_source_shows_its_beginning_at_once_and_the_rest_in_order(qtbot, reader,
                                                                        library):
    added = _add(library, "Aurora")
    with qtbot.wait_signal(reader.loaded, timeout=20_000) as loaded:
        reader.show_source(added["id"])
        assert not reader.complete
        shown = reader.text()
        assert "Aurora report" in shown and "Aurora paragraph 0 opens here" in shown
        assert "Aurora paragraph 399 opens" not in shown
        assert _in_view(reader, "Aurora paragraph 0 opens here")
    assert loaded.args == [added["id"]] and reader.complete
    text = reader.text()
    places = [text.index(f"Aurora paragraph {n} opens") for n in range(400)]
    assert places == sorted(places)  # every passage, once, in reading order
    assert _in_view(reader, "Aurora paragraph 0 opens here")  # the view stayed at the top


def test_a_complete_long_source_is_the_document_shown_in_one_go(qtbot, reader, library):
    added = _add(library, "Borealis")
    entry = library.get("gazprom")["id"]
    source = library.source(added["id"])
    late = source["passages"][-30]
    library.cite(entry, added["id"], late["text"][:40], start=late["start"])
    reader.show_source(added["id"], entry_id=entry)
    qtbot.waitUntil(lambda: reader.complete, timeout=20_000)
    whole = SafeBrowser()
    qtbot.add_widget(whole)
    cites = [c for c in library.get(entry)["citations"] if c["source_id"] == added["id"]]
    spans = {(c["start"], c["end"]): c["num"] for c in cites}
    whole.setHtml(source_html(source, library.passage_entries(added["id"]), current=set(spans),
                              current_nums=spans, colors=palette_colors(reader),
                              suggestions=library.suggestion_marks(added["id"])))
    assert reader.text() == whole.toPlainText()
    assert reader.browser.toHtml() == whole.toHtml()


def test_a_quote_near_the_end_shows_at_once_and_stays_in_view(qtbot, reader, library):
    added = _add(library, "Cirrus")
    source = library.source(added["id"])
    late = source["passages"][-4]
    quote = late["text"][:45]
    cited = library.cite("gazprom", added["id"], quote, start=late["start"])
    reader.show_entry("gazprom")  # its first source is another one
    reader.show_citation(cited["num"])  # as a click on the quote in the detail pane does
    assert not reader.complete
    assert reader.highlighted == [quote]
    assert _in_view(reader, quote)  # the first paint already shows it
    for _ in range(4_000):  # passages go in above it: the view holds still
        if reader.complete:
            break
        qtbot.wait(5)
        assert _in_view(reader, quote)
    assert reader.complete
    assert "Cirrus paragraph 0 opens here" in reader.text()
    html = reader.browser.toHtml().replace(" ", "")
    assert "background-color:#ffe680" in html or "background-color:#6b5a00" in html
    reader.show_source(added["id"], entry_id="gazprom")  # the entry's quotes in this source
    qtbot.waitUntil(lambda: reader.complete, timeout=20_000)
    assert _in_view(reader, quote)


def test_a_palette_change_midway_shows_the_source_again_in_its_colours(qtbot, reader,
                                                                       library):
    from PySide6.QtGui import QColor, QPalette

    added = _add(library, "Lyra")
    late = library.source(added["id"])["passages"][-10]
    cited = library.cite("gazprom", added["id"], late["text"][:30], start=late["start"])
    reader.show_entry("gazprom")
    reader.show_citation(cited["num"])
    dark = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#202020"),
                         (QPalette.ColorRole.Base, "#181818"),
                         (QPalette.ColorRole.Text, "#eeeeee")):
        dark.setColor(role, QColor(colour))
    reader.setPalette(dark)
    qtbot.waitUntil(lambda: reader.complete, timeout=20_000)
    html = reader.browser.toHtml().replace(" ", "")
    assert "background-color:#6b5a00" in html and "background-color:#ffe680" not in html
    assert reader.text().count("Lyra paragraph") == 400
    assert _in_view(reader, late["text"][:30])


def test_a_selection_in_a_late_passage_has_its_offsets_in_the_source(qtbot, reader, library):
    added = _add(library, "Dorado")
    text = library.source(added["id"])["text"]
    reader.show_source(added["id"])
    qtbot.waitUntil(lambda: reader.complete, timeout=20_000)
    words = "Dorado paragraph 397 opens here"
    _select(reader, words)
    assert reader.selected_quote() == (text.index(words), words)
    words = "Dorado closes 2"  # early, and repeated with other numbers after it
    _select(reader, words + ".")
    assert reader.selected_quote() == (text.index(words + "."), words + ".")


def test_a_selection_made_while_passages_go_in_above_keeps_its_offsets(qtbot, reader,
                                                                       library):
    added = _add(library, "Eridanus")
    text = library.source(added["id"])["text"]
    late = library.source(added["id"])["passages"][-3]
    library.cite("gazprom", added["id"], late["text"][:30], start=late["start"])
    reader.show_source(added["id"], entry_id="gazprom")
    words = "Eridanus paragraph 398 opens here"
    _select(reader, words)
    qtbot.waitUntil(lambda: reader.complete, timeout=20_000)
    assert reader.browser.textCursor().selectedText() == words
    assert reader.selected_quote() == (text.index(words), words)


@pytest.mark.parametrize("other", ["long", "short"])
def test_showing_another_source_midway_drops_the_rest_of_the_first(qtbot, reader, library,
                                                                   other):
    first = _add(library, "Fornax")
    second = _add(library, "Gemini") if other == "long" else library.add_source(
        "Gemini paragraph 0 opens a short note.", title="Gemini note")
    reader.show_source(first["id"])
    assert "Fornax paragraph 60 opens" not in reader.text()
    qtbot.waitUntil(lambda: "Fornax paragraph 60 opens" in reader.text())  # past the first view
    with qtbot.wait_signal(reader.loaded, timeout=20_000) as loaded:
        reader.show_source(second["id"])
    assert loaded.args == [second["id"]]
    qtbot.wait(100)  # nothing of the first comes in late
    text = reader.text()
    assert "Fornax" not in text
    assert text.count("Gemini paragraph") == (400 if other == "long" else 1)


def test_a_record_shown_midway_drops_the_rest_of_the_source(qtbot, reader, library):
    added = _add(library, "Hydra")
    reader.show_source(added["id"])
    assert not reader.complete
    reader.show_record({"dataset": "Lender survey", "file": "lenders.csv", "row": 2,
                        "batch": 1, "cells": [("ref", "L2")]})
    qtbot.wait(100)
    assert reader.complete and "Hydra" not in reader.text()
    assert reader.text().startswith("Record: Lender survey")


def test_an_ordinary_article_shows_whole_at_once(qtbot, reader, library):
    source = library.sources()[0]
    with qtbot.wait_signal(reader.loaded, timeout=1_000):
        reader.show_source(source["id"])
        assert reader.complete  # in one go: nothing is added after the first paint
    assert library.source(source["id"])["passages"][-1]["text"][:40] in reader.text()
