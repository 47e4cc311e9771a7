"""The errors kmkit raises: one base class, a stable reason code each, plain words."""

from __future__ import annotations

from dataclasses import dataclass


class KmkitError(Exception):
    """Base of every error kmkit raises on purpose; its message is meant for a consultant."""

    code = "kmkit"


class ClientNotFoundError(KmkitError):
    """A client slug names no folder in the clients folder."""

    code = "client-not-found"


class ClientExistsError(KmkitError):
    """A new client would overwrite an existing folder."""

    code = "client-exists"


class WorkspaceError(KmkitError):
    """A client's workspace has one or more problems; each is listed."""

    code = "workspace-invalid"

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class InputError(KmkitError):
    """An input file has a bad value at a known place."""

    code = "input-invalid"

    def __init__(
        self, path: object, message: str, row: int | None = None, column: str | None = None
    ):
        self.path, self.row, self.column = str(path), row, column
        super().__init__(self._text(message))

    def _text(self, message: str) -> str:
        """The message as the consultant reads it: where first, then what is wrong."""
        return f"{locate(self.path, self.row, self.column)}: {message}"


def locate(path: object, row: int | None = None, column: str | None = None) -> str:
    """'file, row 4, column 'kind'': the place a problem was found."""
    where = str(path)
    if row is not None:
        where += f", row {row}"
    if column is not None:
        where += f", column '{column}'"
    return where


@dataclass(frozen=True)
class RowProblem:
    """Why one row of an input file was rejected; `code` is stable for tools and apps."""

    row: int
    column: str | None
    reason: str
    code: str = "invalid"

    def describe(self, path: object) -> str:
        """The problem as a consultant reads it: file, row, column, reason."""
        return f"{locate(path, self.row, self.column)}: {self.reason}"


class RowsRejected(InputError):
    """Some rows of an input table are bad; every one is listed and nothing is used."""

    code = "rows-rejected"

    def __init__(self, path: object, problems: list[RowProblem]):
        self.problems = list(problems)
        super().__init__(path, "\n".join(p.describe(path) for p in self.problems))

    def _text(self, message: str) -> str:
        """Each line already names its own row and column."""
        return message


class InstrumentError(KmkitError):
    """An instrument definition is missing or malformed."""

    code = "instrument-invalid"


class NoDataError(KmkitError):
    """There is nothing to compute yet, for instance no survey responses."""

    code = "no-data"


class NotebookError(KmkitError):
    """A phase notebook could not be run for a client."""

    code = "notebook-failed"


class StoreError(KmkitError):
    """A client's store (kmkit.sqlite) cannot be used as it is; the message says what to do."""

    code = "store-invalid"


class StoreEmptyError(StoreError):
    """The store file is 0 bytes: a truncated copy, never something kmkit leaves behind."""

    code = "store-empty"


class StoreNotDatabaseError(StoreError):
    """The store file is not a SQLite database at all: junk or another file in its place."""

    code = "store-not-sqlite"


class StoreDamagedError(StoreError):
    """The store is a SQLite database that is cut short or fails SQLite's own check."""

    code = "store-damaged"


class StoreForeignError(StoreError):
    """The store file is a SQLite database, but not one kmkit made (no kmkit `meta` table)."""

    code = "store-foreign"


class StoreNewerError(StoreError):
    """The store was written by a newer kmkit than this one."""

    code = "store-newer"


class StoreReadOnlyError(StoreError):
    """The store needs a write, but its file or its folder cannot be written."""

    code = "store-read-only"


class StoreFullError(StoreError):
    """The store needs a write, but the disk is full."""

    code = "store-disk-full"
