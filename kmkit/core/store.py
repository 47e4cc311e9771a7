"""A client's store of record for survey responses: one SQLite file, versioned, atomic writes."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import hmac
import os
import secrets
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from kmkit.core.collecting import Collecting
from kmkit.core.errors import StoreError as StoreError  # kept importable from here
from kmkit.core.errors import StoreNewerError
from kmkit.core.store_file import connect, faults, open_checked, unwritable

# Each entry upgrades the schema by one version; PRAGMA user_version records where a store is.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE responses (
        id INTEGER PRIMARY KEY,
        instrument_id TEXT NOT NULL,
        instrument_version TEXT NOT NULL,
        wave TEXT NOT NULL,
        respondent TEXT NOT NULL,
        department TEXT,
        role TEXT,
        submitted_at TEXT NOT NULL,
        source TEXT NOT NULL,
        UNIQUE (instrument_id, wave, respondent)
    );
    CREATE TABLE answers (
        response_id INTEGER NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
        item_id TEXT NOT NULL,
        now REAL,
        target REAL,
        dont_know INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (response_id, item_id)
    );
    """,
    """
    CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        imported_at TEXT NOT NULL,
        file TEXT NOT NULL,
        layout TEXT NOT NULL,
        instrument_id TEXT NOT NULL,
        wave TEXT NOT NULL,
        rows INTEGER NOT NULL,
        added INTEGER NOT NULL
    );
    """,
    """
    ALTER TABLE responses ADD COLUMN partnership TEXT;
    ALTER TABLE responses ADD COLUMN side TEXT;
    """,
    """
    CREATE TABLE comments (
        response_id INTEGER NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
        question TEXT NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (response_id, question)
    );
    """,
    # The language the respondent read the questions in (NULL: not known, as before).
    """
    ALTER TABLE responses ADD COLUMN language TEXT;
    """,
    # The waves a survey page collects into, and the forms it issued (inputs/submissions.py).
    # `shown_from`: the wave's responses when it (re)opened, shown whole; `opening` counts
    # the openings, and a form belongs to one. A form is kept only as a hash of its token.
    """
    CREATE TABLE collecting (
        instrument_id TEXT NOT NULL,
        wave TEXT NOT NULL,
        opening INTEGER NOT NULL,
        shown_from INTEGER NOT NULL,
        opened_at TEXT NOT NULL,
        closed_at TEXT,
        PRIMARY KEY (instrument_id, wave)
    );
    CREATE TABLE forms (
        token_hash TEXT PRIMARY KEY,
        instrument_id TEXT NOT NULL,
        wave TEXT NOT NULL,
        opening INTEGER NOT NULL,
        issued_at TEXT NOT NULL,
        used INTEGER NOT NULL DEFAULT 0
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


class Answer(NamedTuple):
    """One item's answer: a rating now, an optional target, or 'don't know' (never scored)."""

    now: float | None
    target: float | None = None
    dont_know: bool = False


@dataclass
class Response:
    """One respondent's answers to one instrument in one wave; no name or e-mail, ever."""

    instrument_id: str
    instrument_version: str
    wave: str
    respondent: str
    department: str | None
    role: str | None
    submitted_at: str
    source: str
    answers: dict[str, Answer] = field(default_factory=dict)
    partnership: str | None = None  # instruments about a partnership: which one
    side: str | None = None  # and which side answered: "us" or "partner"
    comments: dict[str, str] = field(default_factory=dict)  # open question id -> words
    language: str | None = None  # the language the questions were read in: "fr"; None: unknown


class Store(Collecting):
    """Open (creating or migrating as needed) a client's kmkit.sqlite.

    A missing file is created, whole, under a temporary name and linked into place; an
    existing file is checked first (see kmkit.core.store_file) and never replaced.
    """

    def __init__(self, path: str | Path, *, secret: str | None = None):
        self.path = Path(path)
        with faults(self.path):
            if not self.path.exists():
                self._create(secret)
            self._conn = open_checked(self.path)
            try:
                self._migrate(secret)
            except BaseException:
                self._conn.close()
                raise

    def _create(self, secret: str | None) -> None:
        """Make a new store beside the path, then link it in: never a 0-byte or half-made one."""
        staging = self.path.with_name(f".{self.path.name}-{secrets.token_hex(4)}.new")
        try:
            self._conn = connect(staging)
            try:
                self._migrate(secret)
            finally:
                self._conn.close()
            _link(staging, self.path)
        finally:
            staging.unlink(missing_ok=True)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    @property
    def schema_version(self) -> int:
        """The schema version this file is at."""
        return self._conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self, secret: str | None) -> None:
        """Bring the file up to SCHEMA_VERSION, one transaction per step."""
        current = self.schema_version
        if current > SCHEMA_VERSION:
            msg = (
                f"{self.path} was written by a newer kmkit (schema {current}, this kmkit "
                f"knows {SCHEMA_VERSION}); upgrade kmkit to read it."
            )
            raise StoreNewerError(msg)
        for version in range(current, SCHEMA_VERSION):
            # One script per step, with the version bump inside its transaction: all or nothing.
            bump = f"PRAGMA user_version = {version + 1};"
            script = f"BEGIN IMMEDIATE;\n{MIGRATIONS[version]}\n{bump}\nCOMMIT;"
            try:
                self._conn.executescript(script)
            except sqlite3.Error:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
        if self._meta("secret") is None:
            self._set_meta("secret", secret or secrets.token_hex(16))

    def _meta(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self._conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def pseudonym(self, identity: str) -> str:
        """Derive a stable pseudonym from a name, e-mail or row key with this client's secret."""
        secret = (self._meta("secret") or "").encode()
        digest = hmac.new(secret, identity.strip().lower().encode(), hashlib.sha256).hexdigest()
        return f"r-{digest[:12]}"

    def add_responses(
        self, responses: Iterable[Response], log: dict[str, object] | None = None
    ) -> tuple[int, int]:
        """Store responses in one transaction; return (added, already stored). All or nothing.

        `log` (file, layout, instrument_id, wave, rows) records an import in the same
        transaction, so the record and the answers are never out of step.
        """
        with faults(self.path):
            return self._add(responses, log)

    def _add(self, responses: Iterable[Response], log: dict[str, object] | None) -> tuple[int, int]:
        """add_responses' one transaction, rolled back whole on any error."""
        added = skipped = 0
        cur = self._conn.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            for r in responses:
                cur.execute(
                    "INSERT OR IGNORE INTO responses (instrument_id, instrument_version, wave,"
                    " respondent, department, role, submitted_at, source, partnership, side,"
                    " language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        r.instrument_id,
                        r.instrument_version,
                        r.wave,
                        r.respondent,
                        r.department,
                        r.role,
                        r.submitted_at,
                        r.source,
                        r.partnership,
                        r.side,
                        r.language,
                    ),
                )
                if cur.rowcount == 0:
                    skipped += 1
                    continue
                rid = cur.lastrowid
                cur.executemany(
                    "INSERT INTO answers (response_id, item_id, now, target, dont_know)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [
                        (rid, item, a.now, a.target, int(a.dont_know))
                        for item, a in r.answers.items()
                    ],
                )
                cur.executemany(
                    "INSERT INTO comments (response_id, question, text) VALUES (?, ?, ?)",
                    [(rid, question, text) for question, text in r.comments.items()],
                )
                added += 1
            if log is not None:
                cur.execute(
                    "INSERT INTO imports (imported_at, file, layout, instrument_id, wave, rows,"
                    " added) VALUES (datetime('now'), :file, :layout, :instrument_id, :wave,"
                    " :rows, :added)",
                    {**log, "added": added},
                )
            cur.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:  # SQLite may have rolled back already (disk full)
                cur.execute("ROLLBACK")
            raise
        return added, skipped

    def response_groups(self) -> list[tuple[str, str | None, str | None, int]]:
        """How many responses each (instrument, department, role) has: for workspace checks."""
        return self._conn.execute(
            "SELECT instrument_id, department, role, COUNT(*) FROM responses"
            " GROUP BY instrument_id, department, role"
        ).fetchall()

    def imports(self) -> pd.DataFrame:
        """The log of imports into this store, oldest first."""
        return pd.read_sql_query("SELECT * FROM imports ORDER BY id", self._conn)

    def waves(self, instrument_id: str) -> list[str]:
        """The waves with responses to an instrument, oldest first."""
        rows = self._conn.execute(
            "SELECT wave FROM responses WHERE instrument_id = ? GROUP BY wave"
            " ORDER BY MIN(submitted_at)",
            (instrument_id,),
        ).fetchall()
        return [w for (w,) in rows]

    def wave_dates(self, instrument_id: str) -> dict[str, tuple[dt.date | None, int]]:
        """Each wave's first answer's date and its responses, oldest wave first."""
        rows = self._conn.execute(
            "SELECT wave, MIN(submitted_at), COUNT(*) FROM responses"
            " WHERE instrument_id = ? GROUP BY wave ORDER BY MIN(submitted_at)",
            (instrument_id,),
        ).fetchall()
        return {w: (_day(first), n) for w, first, n in rows}

    def answers(self, instrument_id: str, wave: str | None = None) -> pd.DataFrame:
        """Return one row per answer (long format) for an instrument, one wave or all."""
        query = (
            "SELECT r.id AS response_id, r.respondent, r.wave, r.department, r.role,"
            " r.instrument_version, r.submitted_at, a.item_id, a.now, a.target,"
            " a.dont_know, r.partnership, r.side, r.language"
            " FROM responses r JOIN answers a ON a.response_id = r.id"
            " WHERE r.instrument_id = ?"
        )
        params: list[str] = [instrument_id]
        if wave is not None:
            query += " AND r.wave = ?"
            params.append(wave)
        frame = pd.read_sql_query(query + " ORDER BY r.id, a.rowid", self._conn, params=params)
        frame["dont_know"] = frame["dont_know"].astype(bool)
        return frame

    def comments(self, instrument_id: str) -> pd.DataFrame:
        """The words given to an instrument's open questions, one row per answer."""
        query = (
            "SELECT r.id AS response_id, r.wave, r.partnership, r.side, c.question, c.text"
            " FROM responses r JOIN comments c ON c.response_id = r.id"
            " WHERE r.instrument_id = ? ORDER BY r.id, c.question"
        )
        return pd.read_sql_query(query, self._conn, params=[instrument_id])

    def fingerprint(self) -> str:
        """Hash the stored content (not the file bytes), so equal data gives an equal print."""
        digest = hashlib.sha256()
        tables = (("responses", "id"), ("answers", "response_id, item_id"))
        for table, order in (*tables, ("comments", "response_id, question")):
            for row in self._conn.execute(f"SELECT * FROM {table} ORDER BY {order}"):
                if table == "responses":
                    row = _as_before(row)
                digest.update(repr(row).encode())
        for opened in sorted(self.collecting().items()):
            digest.update(repr(opened).encode())  # what may be shown depends on it
        return digest.hexdigest()


def _day(stamp: str | None) -> dt.date | None:
    """The date of a stored ISO timestamp; None when it cannot be read as one."""
    try:
        return dt.date.fromisoformat(str(stamp)[:10])
    except ValueError:
        return None


def _link(staging: Path, path: Path) -> None:
    """Put a new store in place without ever replacing a file that appeared meanwhile."""
    try:
        os.link(staging, path)
    except FileExistsError:
        pass  # another process created the store first: use that one
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP) or path.exists():
            raise
        staging.rename(path)  # a file system without hard links (some network shares)


def _as_before(row: tuple) -> tuple:
    """A response row without the columns added since, while they are empty.

    An upgraded store keeps the fingerprint it had: reports made from it still match.
    """
    if row[-1] is None:
        row = row[:-1]  # as before languages were recorded
        if row[-2:] == (None, None):
            row = row[:-2]  # as before partnerships
    return row


def store_fault(path: Path, writing: bool = False) -> StoreError | None:
    """What is wrong with the store at `path`, found by opening it as any command would.

    None when it is sound, or missing (the first write creates it). With `writing`, a file or
    folder that cannot be written is a fault too: for commands that store answers.
    """
    if path.exists():
        try:
            Store(path).close()
        except StoreError as exc:
            return exc
    return unwritable(path) if writing else None
