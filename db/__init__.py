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
from db.library import Library, ResultSet

__all__ = [
    "DatasetError", "InvalidValueError", "Library", "LibraryCorruptError", "LibraryError",
    "LibraryForeignSchemaError", "LibraryForeignWalError", "LibraryFullError",
    "LibraryLockedError", "LibraryMissingError", "LibraryReadOnlyError",
    "LibrarySpecialFileError", "LibraryTooNewError", "NotFoundError", "ResultSet",
    "RoadbookError",
]
