"""Fixtures for driving the real main window on a real library file."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from db.paths import resource_path


@pytest.fixture(autouse=True)
def _fresh_settings(tmp_path):
    """Each test starts with no saved window state or queries (Qt caches the settings path)."""
    from PySide6.QtCore import QSettings

    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "qt-settings"))


@pytest.fixture
def make_window(qtbot):
    """Open a main window on a library file; windows are closed after the test."""
    from desktop.app import create_main_window

    windows = []

    def make(path: Path, **kwargs):
        window = create_main_window(path, **kwargs)
        qtbot.add_widget(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


@pytest.fixture
def window(make_window, library_path):
    return make_window(library_path)


def dataset_copy(tmp_path: Path, edit) -> Path:
    """A copy of the bundled dataset folder tree, with ``edit(entries)`` applied to its TOML."""
    root = tmp_path / "resources"
    shutil.copytree(resource_path("dataset"), root / "dataset")
    shutil.copytree(resource_path("sources"), root / "sources")
    entries = tomllib.loads((root / "dataset" / "entries.toml").read_text("utf-8"))["entries"]
    edit(entries)
    (root / "dataset" / "entries.toml").write_text(_to_toml(entries), "utf-8")
    return root / "dataset"


def _to_toml(entries: list[dict]) -> str:
    import json

    def value(v):
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{k} = {value(x)}" for k, x in v.items()) + " }"
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int | float):
            return repr(v)
        return json.dumps(v, ensure_ascii=False)

    out = []
    for entry in entries:
        out.append("[[entries]]")
        out += [f"{k} = {value(v)}" for k, v in entry.items()]
        out.append("")
    return "\n".join(out)
