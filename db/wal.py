"""A write-ahead log beside a library is applied only when it is the library's own.

SQLite replays any valid ``-wal`` file it finds beside a database, even one copied from another
library: that library's pages then replace this one's. Before a library is opened, a log that
nobody is using is checked: its header must be sound (magic, format, checksum) and made for
this file's page size. When Roadbook closed the library cleanly and nothing has changed the
file since, it must be the log Roadbook left then (same salts), or none at all; otherwise (a
Roadbook that died with the library open) it must be the log its writers last recorded
(``db.wal_identity``), or that log restarted a few times since. A log that fails is moved aside
into the backups folder, byte for byte, like a damaged file.
"""

from __future__ import annotations

import json
import os
import struct
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from db.errors import LibraryForeignWalError
from db.paths import backups_dir

WAL_MAGIC = (0x377F0682, 0x377F0683)  # checksums little- or big-endian
WAL_FORMAT = 3007000
HEADER_BYTES = 32
FRAME_HEADER_BYTES = 24
FRAMES_READ = 20_000  # frame headers looked at for a first page (a log is rarely longer)
SHM_DMS_BYTE = 128  # the byte every SQLite connection using the log holds a shared lock on
RESTARTS_TOLERATED = 8  # restarts of the log a crash (or a race) may have kept from the record

_open_here: Counter = Counter()  # libraries this process has open (its own log is in use)


@dataclass(frozen=True)
class WalHeader:
    page_size: int
    sequence: int  # the checkpoint sequence of the connection that last started the log
    salts: tuple[int, int]
    sound: bool  # magic, format and header checksum as SQLite writes them


def side_file(path: Path, extra: str) -> Path:
    return path.with_name(path.name + extra)


def read_header(wal: Path) -> WalHeader | None:
    """The log's header, or ``None`` when it is shorter than a header."""
    with open(wal, "rb") as handle:
        return parse_header(handle.read(HEADER_BYTES))


def parse_header(data: bytes) -> WalHeader | None:
    if len(data) < HEADER_BYTES:
        return None
    magic, version, page_size, sequence, salt1, salt2, sum1, sum2 = struct.unpack(">8I", data)
    sound = (magic in WAL_MAGIC and version == WAL_FORMAT
             and checksum(data[:24], big_endian=magic & 1 == 1) == (sum1, sum2))
    return WalHeader(page_size=page_size, sequence=sequence, salts=(salt1, salt2), sound=sound)


def checksum(data: bytes, *, big_endian: bool) -> tuple[int, int]:
    """SQLite's WAL checksum over ``data`` (a multiple of 8 bytes)."""
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    s0 = s1 = 0
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


def database_page_size(path: Path) -> int:
    with open(path, "rb") as handle:
        raw = int.from_bytes(handle.read(18)[16:18], "big")
    return 65536 if raw == 1 else raw


def wal_problem(path: Path, wal: Path, recorded: dict | None,
                written: tuple[int, int] | None = None) -> str | None:
    """Why the log beside ``path`` is not its own, or ``None`` when it may be.

    ``recorded`` is what Roadbook noted when it last closed the library cleanly, if nothing
    changed the file since (``db.recovery.clean_record``): the salts of the log it left, if any.
    ``written`` are the salts of the log Roadbook's writers last saw (``db.wal_identity``), used
    when there is no such clean close.
    """
    header = read_header(wal)
    if header is None or not header.sound:
        return "its header is not that of a write-ahead log"
    if header.page_size != database_page_size(path):
        return (f"it is made of {header.page_size:,}-byte pages and the library of "
                f"{database_page_size(path):,}-byte ones")
    if recorded is not None and list(header.salts) != (recorded.get("wal") or []):
        return "it appeared after Roadbook last closed the library, which left no such log"
    if recorded is None and written is not None and not _same_log(header.salts, written):
        return "it is not the log Roadbook was writing when the library was last open"
    if _first_page_of_another(path, wal, header):
        return "it holds the first page of a database with another application id"
    return None


def _same_log(salts: tuple[int, int], written: tuple[int, int]) -> bool:
    """The log Roadbook recorded, or that log restarted since (each restart adds one to salt-1:
    a log from elsewhere passes by chance about once in 500 million)."""
    restarts = (salts[0] - written[0]) & 0xFFFFFFFF
    return salts == written or 1 <= restarts <= RESTARTS_TOLERATED


def _first_page_of_another(path: Path, wal: Path, header: WalHeader) -> bool:
    """A valid frame of the log rewrites page 1 with another application id (the log of a
    different kind of database). Reads frame headers only, at most ``FRAMES_READ`` of them."""
    with open(path, "rb") as handle:
        own = handle.read(72)[68:72]
    salts = struct.pack(">2I", *header.salts)
    frame = FRAME_HEADER_BYTES + header.page_size
    with open(wal, "rb") as handle:
        for n in range(FRAMES_READ):
            handle.seek(HEADER_BYTES + n * frame)
            head = handle.read(FRAME_HEADER_BYTES)
            if len(head) < FRAME_HEADER_BYTES or head[8:16] != salts:
                return False  # the end of the log's valid frames
            if int.from_bytes(head[:4], "big") == 1:
                handle.seek(HEADER_BYTES + n * frame + FRAME_HEADER_BYTES + 68)
                if handle.read(4) != own:
                    return True
    return False


def log_salts(path: Path) -> list[int] | None:
    """The salts of the log beside ``path`` (kept in the clean-close record), or ``None``."""
    try:
        header = read_header(side_file(path, "-wal"))
    except OSError:
        return None
    return list(header.salts) if header is not None and header.sound else None


# -- the log Roadbook's writers last recorded (written by ``db.wal_identity``) --------------

RECORD = "wal.json"


def sessions_folder(path: Path) -> Path:
    return path.with_name(path.name + ".sessions")  # as ``db.recovery.sessions_dir``


def recorded_identity(path: Path) -> tuple[int, int] | None:
    """The salts last recorded for the log of the library at ``path``, or ``None`` (a library
    from before the record was kept, or one it could not be written for)."""
    try:
        salts = json.loads((sessions_folder(path) / RECORD).read_text()).get("salts")
    except (OSError, ValueError, AttributeError):
        return None
    valid = (isinstance(salts, list) and len(salts) == 2
             and all(isinstance(s, int) and 0 <= s < 1 << 32 for s in salts))
    return (salts[0], salts[1]) if valid else None


# -- who is using the log ---------------------------------------------------------------------


def in_use(path: Path, live_marker: bool) -> bool:
    """The log belongs to a connection that is open now (here, in another Roadbook, or in
    another program holding SQLite's lock on the shared-memory file)."""
    return live_marker or _open_here[_key(path)] > 0 or _shm_locked(side_file(path, "-shm"))


def _shm_locked(shm: Path) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows: only Roadbook's own markers tell
        return False
    try:
        fd = os.open(shm, os.O_RDWR)
    except OSError:
        return False
    try:  # this process has no connection to the file, so closing the probe drops no lock
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, SHM_DMS_BYTE)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def opened_here(path: Path) -> None:
    _open_here[_key(path)] += 1


def closed_here(path: Path) -> None:
    _open_here[_key(path)] -= 1


def _key(path: Path) -> str:
    return os.path.realpath(path)


# -- refusing -----------------------------------------------------------------------------------


def refuse_foreign_wal(path: Path, *, read_only: bool, live_marker: bool,
                       recorded: dict | None) -> None:
    """Raise ``LibraryForeignWalError`` for a log beside ``path`` that is not its own; unless
    ``read_only``, the log is first moved aside (nothing of it is lost)."""
    wal = side_file(path, "-wal")
    try:
        if wal.stat().st_size == 0 or in_use(path, live_marker):
            return
        written = recorded_identity(path) if recorded is None else None
        problem = wal_problem(path, wal, recorded, written)
    except FileNotFoundError:
        return
    if problem is None:
        return
    if read_only:
        raise LibraryForeignWalError(
            f"{path} has a write-ahead log beside it that is not its own ({problem}); it was "
            "not applied. Open the library once without read-only to set the log aside, or "
            "open another library.")
    aside = set_aside(path)
    raise LibraryForeignWalError(
        f"{path} had a write-ahead log beside it that is not its own ({problem}); it was not "
        f"applied but moved to {aside}. The library is as it was last saved: open it again.")


def set_aside(path: Path) -> Path:
    """Move the log (and its shared-memory file) into the backups folder; returns where."""
    folder = backups_dir(path)
    folder.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{stamp}-foreign{path.suffix or '.sqlite'}-wal"
    os.replace(side_file(path, "-wal"), target)
    side_file(path, "-shm").unlink(missing_ok=True)
    return target
