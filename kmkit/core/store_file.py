"""The store's file on disk: what is wrong with it, said in plain words, before kmkit writes.

Every fault of a kmkit.sqlite (0 bytes, junk, cut short, damaged, another program's database,
read-only, disk full) becomes one StoreError subclass whose message names the file, says what
is wrong and what to do. kmkit never replaces, truncates or re-creates a file that is broken.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kmkit.core.errors import (
    StoreDamagedError,
    StoreEmptyError,
    StoreError,
    StoreForeignError,
    StoreFullError,
    StoreNotDatabaseError,
    StoreReadOnlyError,
)

SQLITE_MAGIC = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite database
HEADER_SIZE = 100
RESTORE = "Restore it from a backup; kmkit will not replace it."
LOW_SPACE = 1024 * 1024  # below this many free bytes, `kmkit check` warns that writes may fail
FULL_ERRNOS = (errno.ENOSPC, errno.EDQUOT)
READ_ONLY_ERRNOS = (errno.EROFS, errno.EACCES, errno.EPERM)


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (kmkit begins its own transactions), foreign keys on."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def open_checked(path: Path) -> sqlite3.Connection:
    """Connect to an existing store once its bytes and SQLite's quick check show it sound.

    Beside a journal, a write was interrupted: SQLite rolls it back on the first read, and
    only then do the file's bytes show what the store holds.
    """
    interrupted = any(Path(f"{path}{suffix}").exists() for suffix in ("-journal", "-wal"))
    if not interrupted:
        inspect_file(path)
    conn = connect(path)
    try:
        if interrupted:
            conn.execute("PRAGMA schema_version").fetchone()
            inspect_file(path)
        check_opened(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn


def inspect_file(path: Path) -> None:
    """Refuse a store file whose bytes show it is no usable SQLite database, before opening it."""
    size = path.stat().st_size
    if size == 0:
        msg = f"{path} is 0 bytes: it looks like a truncated copy. {RESTORE}"
        raise StoreEmptyError(msg)
    with path.open("rb") as file:
        header = file.read(HEADER_SIZE)
    if not header.startswith(SQLITE_MAGIC) or len(header) < HEADER_SIZE:
        msg = (
            f"{path} is not a SQLite database (its first bytes are not SQLite's): another "
            f"file was saved in its place, or it was overwritten. {RESTORE}"
        )
        raise StoreNotDatabaseError(msg)
    expected = recorded_size(header)
    if expected > size:
        msg = (
            f"{path} is cut short: {size:,} bytes of the {expected:,} its header records, as "
            f"a copy interrupted part-way. {RESTORE}"
        )
        raise StoreDamagedError(msg)


def recorded_size(header: bytes) -> int:
    """The database size a SQLite header records, in bytes; 0 when the header does not say.

    The page count (offset 28) is valid only while the change counter (24) equals the
    version-valid-for number (92): https://www.sqlite.org/fileformat.html#in_header_database_size
    """
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if header[24:28] != header[92:96]:
        return 0
    return int.from_bytes(header[28:32], "big") * page_size


def check_opened(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a database that fails SQLite's quick check or that another program made."""
    verdict = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
    if verdict != ["ok"]:
        lines = [line for text in verdict for line in text.splitlines() if "***" not in line]
        msg = f"{path} is damaged (SQLite's check says: {'; '.join(lines[:2])}). {RESTORE}"
        raise StoreDamagedError(msg)
    tables = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        )
    ]
    if tables and "meta" not in tables:
        listed = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
        msg = (
            f"{path} is a SQLite database of another kind, not a kmkit store (no 'meta' "
            f"table; its tables: {listed}). Move it aside and restore the client's store "
            "from a backup; kmkit will not write into it."
        )
        raise StoreForeignError(msg)


def unwritable(path: Path) -> StoreReadOnlyError | None:
    """Why the store at `path` could not be written (its file, its folder), or None."""
    folder = path.parent
    if path.exists() and not os.access(path, os.W_OK):
        msg = (
            f"{path} cannot be written: the file is read-only. Make it writable, or copy the "
            "client elsewhere."
        )
        return StoreReadOnlyError(msg)
    if folder.is_dir() and not os.access(folder, os.W_OK):
        msg = (
            f"{path} cannot be written: the folder {folder} is read-only (SQLite writes a "
            "journal beside the store). Make it writable, or copy the client elsewhere."
        )
        return StoreReadOnlyError(msg)
    return None


def disk_full(path: Path) -> StoreFullError:
    """The error for a write refused because the disk holding the store is full."""
    msg = (
        f"{path} cannot be written: the disk is full. Nothing was stored; free some space "
        "on it, then run the command again."
    )
    return StoreFullError(msg)


def low_space(path: Path) -> StoreFullError | None:
    """A warning when the disk holding the store has almost no room left, or None."""
    free = shutil.disk_usage(path.parent).free
    if free >= LOW_SPACE:
        return None
    msg = (
        f"{path} can hardly be written: its disk is full ({free:,} bytes free), so imports "
        "and the survey page will fail. Free some space on it."
    )
    return StoreFullError(msg)


def fault(path: Path, exc: sqlite3.Error | OSError) -> StoreError:
    """The plain-words StoreError for what SQLite or the system said about the store."""
    words = str(exc)
    if isinstance(exc, OSError):
        if exc.errno in FULL_ERRNOS:
            return disk_full(path)
        if exc.errno in READ_ONLY_ERRNOS:
            return unwritable(path) or _cannot_write(path, words)
        return StoreError(f"{path} cannot be used: {words}.")
    if "disk is full" in words:
        return disk_full(path)
    if "readonly" in words or "unable to open" in words:
        return unwritable(path) or _cannot_write(path, words)
    if "not a database" in words:
        return StoreNotDatabaseError(
            f"{path} is not a SQLite database (SQLite says: {words}). {RESTORE}"
        )
    if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
        return StoreDamagedError(f"{path} is damaged (SQLite says: {words}). {RESTORE}")
    return StoreError(f"{path} could not be used (SQLite says: {words}).")


def _cannot_write(path: Path, words: str) -> StoreReadOnlyError:
    """A refused write whose cause the file and folder permissions do not show."""
    msg = (
        f"{path} cannot be written (the system says: {words}). Check that its folder exists "
        "and can be written, or copy the client elsewhere."
    )
    return StoreReadOnlyError(msg)


@contextmanager
def faults(path: Path) -> Iterator[None]:
    """Turn SQLite's and the system's errors about the store into plain StoreErrors."""
    try:
        yield
    except (sqlite3.Error, OSError) as exc:
        raise fault(path, exc) from None
