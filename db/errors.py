"""Errors raised by the library layer, named after the condition the caller can act on."""


class RoadbookError(Exception):
    """Base class of every error Roadbook raises on purpose."""


class NotFoundError(RoadbookError):
    """An entry, source, bookmark or saved search with that id does not exist."""


class LibraryError(RoadbookError):
    """The library file cannot be used as asked; the message says why and what to do."""


class LibraryMissingError(LibraryError):
    """The library file does not exist and creating it was not asked for."""


class LibraryCorruptError(LibraryError):
    """The file is not a Roadbook library, or SQLite reports damage."""


class LibraryLockedError(LibraryError):
    """Another program holds a lock on the library file."""


class LibraryReadOnlyError(LibraryError):
    """The library (or its folder) cannot be written."""


class LibraryTooNewError(LibraryError):
    """The library was written by a newer Roadbook whose schema this one does not know."""


class LibraryFullError(LibraryError):
    """The disk (or the library's page limit) is full: the file is fine, space is missing."""


class LibraryForeignSchemaError(LibraryError):
    """The file holds SQL objects Roadbook did not make (planted triggers, views standing in
    for tables, altered or missing tables); ``differences`` names each one."""

    def __init__(self, message: str, differences: list):
        super().__init__(message)
        self.differences = list(differences)


class LibraryForeignWalError(LibraryError):
    """A write-ahead log beside the library is not its own; it was not applied."""


class LibrarySpecialFileError(LibraryError):
    """The library path is a FIFO, a device, a dangling symlink or a symlink loop."""


class DatasetError(RoadbookError):
    """The bundled dataset breaks a rule; ``problems`` lists every broken rule."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        head = f"{len(self.problems)} problem(s) in the dataset"
        super().__init__(head + ":\n" + "\n".join(f"  - {p}" for p in self.problems))


class InvalidValueError(RoadbookError, ValueError):
    """A date, sum of money or other value could not be understood."""


# -- importing analysts' files ----------------------------------------------------------------


class ImportFileError(RoadbookError):
    """A file cannot be read as a table: missing, empty, unknown format, no such sheet."""


class MappingError(RoadbookError):
    """A column mapping cannot be used with this file (unknown column or field, no title)."""


class AlreadyImportedError(RoadbookError):
    """The same file (same checksum) was imported before; import it again only if asked."""

    def __init__(self, message: str, *, batch: int):
        super().__init__(message)
        self.batch = batch


class ImportCancelledError(RoadbookError):
    """The import was cancelled; nothing of it was written."""


class BackupError(LibraryError):
    """A backup could not be made or restored, or a backup file is not a sound library copy."""
