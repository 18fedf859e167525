"""Where things live: the bundled resources and the default library file."""

from __future__ import annotations

import os
from pathlib import Path

LIBRARY_ENV = "ROADBOOK_LIBRARY"
APP_NAME = "Roadbook"
LIBRARY_FILENAME = "library.roadbook.sqlite"


def resources_dir() -> Path:
    """The folder of the installed ``resources`` package (data only)."""
    from importlib import resources as importlib_resources  # 3-5 ms: not at start-up

    return Path(str(importlib_resources.files("resources")))


def resource_path(*parts: str) -> Path:
    """A file inside ``resources/``, e.g. ``resource_path("dataset", "entries.toml")``."""
    return resources_dir().joinpath(*parts)


DATASET_ENV = "ROADBOOK_DATASET"


def dataset_dir() -> Path:
    """The bundled dataset folder, or ``$ROADBOOK_DATASET`` (for editing a dataset and
    checking it in the app before it ships)."""
    chosen = os.environ.get(DATASET_ENV)
    return Path(chosen).expanduser() if chosen else resource_path("dataset")


def default_library_path() -> Path:
    """The library used when none is named: ``$ROADBOOK_LIBRARY`` or the user's data folder."""
    chosen = os.environ.get(LIBRARY_ENV)
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / LIBRARY_FILENAME


def backups_dir(library_path: Path) -> Path:
    """Backups of a library sit in a folder beside it."""
    return library_path.with_name(library_path.name + ".backups")
