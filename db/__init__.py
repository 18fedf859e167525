"""Roadbook's library layer: pure Python over SQLite, no Qt."""

from db.errors import (
    DatasetError,
    InvalidValueError,
    LibraryCorruptError,
    LibraryError,
    LibraryForeignSchemaError,
    LibraryForeignWalError,
    LibraryFullError,
    LibraryLockedError,
    LibraryMissingError,
    LibraryReadOnlyError,
    LibrarySpecialFileError,
    LibraryTooNewError,
    NotFoundError,
    RoadbookError,
)

# The library itself loads on first use: a window can show its frame (and the command line its
# help) before the library layer's modules are imported.
_LAZY = {"Library": "db.library", "ResultSet": "db.library"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'db' has no attribute {name!r}")


__all__ = [
    "DatasetError", "InvalidValueError", "Library", "LibraryCorruptError", "LibraryError",
    "LibraryForeignSchemaError", "LibraryForeignWalError", "LibraryFullError",
    "LibraryLockedError", "LibraryMissingError", "LibraryReadOnlyError",
    "LibrarySpecialFileError", "LibraryTooNewError", "NotFoundError", "ResultSet",
    "RoadbookError",
]
