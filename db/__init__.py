"""Roadbook's library layer: pure Python over SQLite, no Qt."""

from db.errors import (
    DatasetError,
    InvalidValueError,
    LibraryCorruptError,
    LibraryError,
    LibraryFullError,
    LibraryLockedError,
    LibraryMissingError,
    LibraryReadOnlyError,
    LibraryTooNewError,
    NotFoundError,
    RoadbookError,
)
from db.library import Library, ResultSet

__all__ = [
    "DatasetError", "InvalidValueError", "Library", "LibraryCorruptError", "LibraryError",
    "LibraryFullError", "LibraryLockedError", "LibraryMissingError", "LibraryReadOnlyError",
    "LibraryTooNewError", "NotFoundError", "ResultSet", "RoadbookError",
]
