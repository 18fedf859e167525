"""Hostile text × every surface: shown as the characters it is — never markup, never a loaded
image or followed link, never a raw control character or direction override; exports
neutralise formulas."""

from __future__ import annotations

import csv
import shutil

import pytest
from PySide6.QtCore import Qt

from tests.reliability.child import run_cli
from tests.reliability.hostile import PAYLOADS, Payload, Tally, active_parts, inject, rendered

SHOWN = Qt.ItemDataRole.DisplayRole
TIP = Qt.ItemDataRole.ToolTipRole


def _results_surfaces(window, payload: Payload, tally: Tally) -> None:
    from desktop.common.formatting import snippet_runs
    from desktop.models.results_model import SNIPPET_ROLE, column_of

    window.search_field.set_query("gazprom")
    model = window.results_model
    row = model.row_of_entry("gazprom")
    title = model.index(row, column_of("title"))
    tally.check(payload, "results table", title.data(SHOWN), shortened=True)
    shown, active = rendered(title.data(TIP))
    tally.check(payload, "results tooltip", shown, active=active, shortened=True)
    snippet = model.index(row, column_of("snippet")).data(SNIPPET_ROLE)
    shown = "".join(text for text, _bold in snippet_runs(snippet))  # drawn as plain runs
    tally.check(Payload(payload.name, payload.text, "Gazprom"), "search snippet", shown)


def _pane_surfaces(window, payload: Payload, tally: Tally) -> None:
    window.navigator.go("gazprom")
    browser = window.detail_pane.browser
    tally.check(payload, "detail pane", browser.toPlainText(),
                active=active_parts(browser.document()))
    reader = window.source_reader.browser
    tally.check(payload, "source reader", reader.toPlainText(),
                active=active_parts(reader.document()))


def _list_surfaces(window, payload: Payload, tally: Tally) -> None:
    window.show_page(1)
    marks = window.bookmarks_view.model
    for column, surface in ((0, "bookmarks title"), (3, "bookmarks note")):
        tally.check(payload, surface, marks.index(0, column).data(SHOWN), shortened=True)
    shown, active = rendered(marks.index(0, 3).data(TIP))
    tally.check(payload, "bookmarks tooltip", shown, active=active)
    saved = _navigator_item(window.nav_model, "Saved searches")
    tally.check(payload, "navigator", saved.data(SHOWN), shortened=True)
    shown, active = rendered(saved.data(TIP))
    tally.check(payload, "navigator tooltip", shown, active=active)


def _navigator_item(model, group_title: str):
    for row in range(model.rowCount()):
        group = model.item(row)
        if group.text().startswith(group_title):
            return group.child(0)
    raise AssertionError(f"no {group_title} in the navigator")


def _dialog_surfaces(qtbot, window, payload: Payload, tally: Tally) -> None:
    from PySide6.QtWidgets import QLineEdit

    from desktop.widgets.goto_dialog import GotoDialog
    from tests.desktop.test_startup import click_when_shown

    dialog = GotoDialog(library=window.library, parent=window)
    qtbot.add_widget(dialog)
    dialog.findChild(QLineEdit).setText("gazprom")
    tally.check(payload, "go-to dialog", dialog.choices.item(0).text(), shortened=True)
    seen: list[str] = []
    click_when_shown("OK", seen)
    window.actions["about"].trigger()
    shown, active = rendered(seen[0])
    tally.check(payload, "about dialog", shown, active=active)


@pytest.mark.parametrize("payload", PAYLOADS, ids=[p.name for p in PAYLOADS])
def test_hostile_text_shows_as_text_in_the_window(payload, qtbot, make_window, library_path,
                                                  network_block):
    inject(library_path, payload)
    window = make_window(library_path)
    tally = Tally()
    _results_surfaces(window, payload, tally)
    _pane_surfaces(window, payload, tally)
    _list_surfaces(window, payload, tally)
    _dialog_surfaces(qtbot, window, payload, tally)
    assert tally.failures == []
    assert network_block.attempts == []


# -- outside the window: the command line, CSV export, the printed PDF ------------------------

ACTORS = ("gazprom", "xi-jinping", "russia", "china", "beijing", "moscow", "obor",
          "uzbekistan", "philippines", "eurasia")


@pytest.fixture
def hostile_library(library_path):
    for payload, entry_id in zip(PAYLOADS, ACTORS, strict=True):
        inject(library_path, payload, entry_id)
    return library_path


def _line_of(output: str, entry_id: str) -> str:
    return next((line for line in output.splitlines() if line.split()[:1] == [entry_id]), "")


def test_hostile_text_is_plain_in_command_line_output(hostile_library, workdir):
    tally = Tally()
    listing = run_cli(workdir, hostile_library, "search", "Gazprom", "--limit", "50")
    marks = run_cli(workdir, hostile_library, "bookmarks")
    assert listing.returncode == 0 and marks.returncode == 0, listing.stderr + marks.stderr
    for payload, entry_id in zip(PAYLOADS, ACTORS, strict=True):
        tally.check(payload, "command line (search)", _line_of(listing.stdout, entry_id))
        tally.check(payload, "command line (bookmarks)", _line_of(marks.stdout, entry_id))
    assert tally.failures == []


def test_exports_neutralise_formulas_and_keep_text(hostile_library, workdir):
    out = workdir / "export.csv"
    assert run_cli(workdir, hostile_library, "export", "--format", "csv", "--out",
                   str(out)).returncode == 0
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    tally = Tally()
    for payload, entry_id in zip(PAYLOADS, ACTORS, strict=True):
        cell = rows[entry_id]["title"]
        expected = "'" + payload.text if payload.text[0] in "=+-@\t\r" else payload.text
        ok = cell == expected and not cell.startswith(("=", "+", "-", "@"))
        tally.check(payload, "CSV export", payload.visible if ok else "")
    assert tally.failures == []


def test_hostile_text_prints_as_text_in_a_pdf(qapp, hostile_library, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    printing = pytest.importorskip("desktop.printing")
    from db import Library
    from db.report import ReportScope

    out = tmp_path / "briefing.pdf"
    with Library.open(hostile_library) as lib:
        report = lib.report(ReportScope.for_ids(ACTORS))
    printing.write_pdf(report, out, printing.PrintOptions())
    reader = pypdf.PdfReader(out)
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)
    links = [a.get_object().get("/A", {}).get("/URI") for page in reader.pages
             for a in page.get("/Annots", []) or []]
    tally = Tally()
    for payload in PAYLOADS:
        visible = "".join(payload.visible.split())
        shown = visible if visible in text else text[:200]
        tally.check(Payload(payload.name, payload.text, visible), "printed PDF",
                    shown if all(c not in text for c in "\u202e\x1b\x07") else "\x1b",
                    active=[str(u) for u in links if u])
    assert tally.failures == []


def test_every_payload_reaches_a_fresh_library_copy(library_path, tmp_path):
    """The payloads really are in the library the surfaces read (a test that cannot pass
    vacuously)."""
    from tests.reliability.invariants import bookmark_states

    for payload in PAYLOADS:
        path = tmp_path / f"{PAYLOADS.index(payload)}.sqlite"
        shutil.copyfile(library_path, path)
        inject(path, payload)
        assert bookmark_states(path)["gazprom"][0] == payload.text


@pytest.mark.parametrize("payload", PAYLOADS, ids=[p.name for p in PAYLOADS])
def test_hostile_text_in_timeline_tooltips(payload, qapp, library_path):
    from db import Library
    from desktop.timeline.tooltip import item_tooltip

    inject(library_path, payload, "xi-uzbekistan-visit-2016")  # a dated entry
    with Library.open(library_path) as lib:
        data = lib.timeline_items([lib.num_for("xi-uzbekistan-visit-2016")])
    shown, active = rendered(item_tooltip(data, 0))
    tally = Tally()
    tally.check(payload, "timeline tooltip", shown, active=active)
    assert tally.failures == []
