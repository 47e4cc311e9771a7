"""The errors kmkit raises: one base class, a stable reason code each, plain words."""

from __future__ import annotations


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
        where = self.path
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"{where}: {message}")


class InstrumentError(KmkitError):
    """An instrument definition is missing or malformed."""

    code = "instrument-invalid"


class NoDataError(KmkitError):
    """There is nothing to compute yet, for instance no survey responses."""

    code = "no-data"


class NotebookError(KmkitError):
    """A phase notebook could not be run for a client."""

    code = "notebook-failed"
