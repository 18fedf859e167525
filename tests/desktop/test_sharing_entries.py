"""File → Share My Entries… and File → Add Shared Entries…: what an analyst wrote goes to a
colleague's library with its sources and quotes, entirely in the window."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from db import Library

SOURCE = "diplomat-2016-obor-russia"


@pytest.fixture
def said(monkeypatch) -> list[str]:
    """What the message boxes said (answered at once instead of waiting for a click)."""
    texts: list[str] = []

    def answer(_parent, _title, text, *_args, **_kwargs):
        texts.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "information", answer)
    monkeypatch.setattr(QMessageBox, "warning", answer)
    return texts


def _choose(monkeypatch, *, save: str | None = None, folder: str | None = None) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (save or "", ""))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: folder or "")


def test_entries_written_in_one_window_are_added_in_another(make_window, library_path, tmp_path,
                                                            monkeypatch, said):
    from db.entry_fields import parse_field

    with Library.open(library_path) as lib:
        lib.create_entry("figure", "Rail financing", {"value": parse_field("value", "$21 billion")},
                         cite=(SOURCE, "$21 billion"))
    colleague = tmp_path / "colleague.sqlite"
    shutil.copyfile(library_path, colleague)
    with Library.open(colleague) as lib:  # the colleague's library never had it
        lib.delete_entry("rail-financing")
    mine = make_window(library_path)
    shared = tmp_path / "shared"
    _choose(monkeypatch, save=str(shared))
    mine.actions["share_entries"].trigger()
    assert (shared / "dataset" / "entries.toml").read_text("utf-8").count("Rail financing") == 1
    assert "Wrote 1 entries and 1 source(s)" in said[-1]

    theirs = make_window(colleague)
    _choose(monkeypatch, folder=str(shared))
    theirs.actions["add_shared"].trigger()
    assert "Added 1 entries" in theirs.statusBar().currentMessage()
    theirs.search_field.set_query("rail financing")
    assert theirs.results_model.entry_id_at(theirs.results_model.index(0, 0)) == \
        "rail-financing"
    cited = theirs.library.get("rail-financing")["citations"]
    assert [c["quote"] for c in cited] == ["$21 billion"]


def test_nothing_written_yet_is_said_and_no_folder_made(window, tmp_path, monkeypatch, said):
    _choose(monkeypatch, save=str(tmp_path / "never"))
    window.actions["share_entries"].trigger()
    assert "not written any entries" in said[-1]
    assert not (tmp_path / "never").exists()


def test_a_folder_that_is_not_shared_entries_adds_nothing(window, tmp_path, monkeypatch, said):
    (tmp_path / "holiday").mkdir()
    (tmp_path / "holiday" / "photo.jpg").write_bytes(b"\xff\xd8")
    before = window.library.results("").total
    _choose(monkeypatch, folder=str(tmp_path / "holiday"))
    window.actions["add_shared"].trigger()
    assert "Nothing was added" in said[-1] and "not a dataset folder" in said[-1]
    assert window.library.results("").total == before


def test_a_read_only_window_cannot_add_shared_entries(make_window, library_path):
    window = make_window(library_path, read_only=True)
    assert not window.actions["add_shared"].isEnabled()
    assert window.actions["share_entries"].isEnabled()
