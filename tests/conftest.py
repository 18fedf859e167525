"""Shared fixtures: a real library file built from the bundled dataset, copied per test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session")
def bundled_library_template(tmp_path_factory) -> Path:
    """One library built from the bundled dataset per test session (never handed out itself)."""
    from db import Library

    path = tmp_path_factory.mktemp("template") / "library.sqlite"
    Library.open(path).close()
    return path


@pytest.fixture
def library_path(bundled_library_template, tmp_path) -> Path:
    """A fresh copy of the bundled library for one test."""
    path = tmp_path / "library.sqlite"
    shutil.copyfile(bundled_library_template, path)
    return path


@pytest.fixture
def library(library_path):
    """An open ``db.Library`` on a fresh copy of the bundled library."""
    from db import Library

    lib = Library.open(library_path)
    yield lib
    lib.close()


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, monkeypatch):
    """Keep tests away from the user's real library and settings."""
    monkeypatch.setenv("ROADBOOK_LIBRARY", str(tmp_path / "default-library.sqlite"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
