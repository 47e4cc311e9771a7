"""Files written whole or not at all: a reader sees the old file or the new one, never half.

Every file kmkit writes for someone else to read (a report, a deck, an export, a cache) is
written to a temporary file in the same folder, then renamed over the old one; renaming
within one file system replaces a file in one step. A write that fails leaves the old file
as it was and no temporary file behind.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _temporary(path: Path) -> Path:
    """A name beside `path` that no other process or thread writing the same file picks."""
    return path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path to write to (for libraries that save to a path); it becomes `path`.

    `with atomic_path(out) as tmp: prs.save(tmp)`: once the block ends without an error the
    temporary file replaces `out`; if it raises, the temporary file is removed.
    """
    path = Path(path)
    tmp = _temporary(path)
    try:
        yield tmp
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def write_atomic(path: str | Path, data: bytes | str, encoding: str = "utf-8") -> Path:
    """Write `data` (text in `encoding`, or bytes) to `path` whole or not at all; the path."""
    with atomic_path(path) as tmp:
        if isinstance(data, bytes):
            tmp.write_bytes(data)
        else:
            tmp.write_text(data, encoding=encoding)
    return Path(path)
