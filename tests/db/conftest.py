"""Fixtures of the library layer's tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from db.paths import resources_dir


@pytest.fixture
def dataset_copy(tmp_path, monkeypatch) -> Path:
    """An editable copy of the bundled dataset that ``Library.open`` will read."""
    root = tmp_path / "resources"
    shutil.copytree(resources_dir() / "dataset", root / "dataset")
    shutil.copytree(resources_dir() / "sources", root / "sources")
    monkeypatch.setenv("ROADBOOK_DATASET", str(root / "dataset"))
    return root / "dataset"
