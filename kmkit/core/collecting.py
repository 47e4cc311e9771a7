"""Waves a survey page collects into, and the forms it issues: part of a client's store.

A survey page opens a wave when it issues its first form; each form is kept as the hash of
its token, used once, and only for the wave's current opening. While a wave is open, what
anyone may watch of it moves in steps of the anonymity threshold (`shown_answers`), so one
more respondent never shows in the difference. `Store` holds these methods; they use its
connection and its file-fault handling.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from kmkit.core.privacy import shown_count
from kmkit.core.store_file import faults


class Collecting:
    """The collecting and forms tables of a store, for `Store` to inherit."""

    _conn: sqlite3.Connection
    path: Path
    answers: Callable[..., pd.DataFrame]

    def shown_answers(
        self, instrument_id: str, threshold: int, wave: str | None = None
    ) -> pd.DataFrame:
        """The answers anyone may watch: a wave being collected shows only whole steps.

        While a survey page collects into a wave, one more respondent must not move its
        figures, or comparing them before and after would give that person's answers. So an
        open wave shows its responses in the order they came, as many as `shown_count`
        allows; a closed wave, or one no survey page collected into, is shown whole.
        """
        frame = self.answers(instrument_id, wave)
        for (instrument, open_wave), shown_from in self.collecting().items():
            if instrument != instrument_id or wave not in (None, open_wave):
                continue
            ids = self._response_ids(instrument, open_wave)
            hidden = ids[shown_count(len(ids), shown_from, threshold) :]
            frame = frame.loc[~frame["response_id"].isin(hidden)]
        return frame.reset_index(drop=True)

    def _response_ids(self, instrument_id: str, wave: str) -> list[int]:
        """A wave's responses in the order they were stored."""
        rows = self._conn.execute(
            "SELECT id FROM responses WHERE instrument_id = ? AND wave = ? ORDER BY id",
            (instrument_id, wave),
        ).fetchall()
        return [i for (i,) in rows]

    def collecting(self) -> dict[tuple[str, str], int]:
        """The open waves, (instrument, wave) -> how many responses they held when opened."""
        rows = self._conn.execute(
            "SELECT instrument_id, wave, shown_from FROM collecting WHERE closed_at IS NULL"
        ).fetchall()
        return {(i, w): n for i, w, n in rows}

    def close_waves(self) -> list[tuple[str, str]]:
        """Close every open wave; return those closed."""
        closing = list(self.collecting())
        with faults(self.path):
            self._conn.execute(
                "UPDATE collecting SET closed_at = datetime('now') WHERE closed_at IS NULL"
            )
        return closing

    def issue_form(self, instrument_id: str, wave: str, token_hash: str) -> None:
        """Record a form issued for a wave, opening the wave first if it is not open.

        Opening a wave closes the instrument's other waves: a form belongs to one.
        """
        with faults(self.path):
            self._issue(instrument_id, wave, token_hash)

    def _issue(self, instrument_id: str, wave: str, token_hash: str) -> None:
        """issue_form's one transaction."""
        cur = self._conn.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            opening = self._opening(instrument_id, wave)
            cur.execute(
                "INSERT INTO forms (token_hash, instrument_id, wave, opening, issued_at)"
                " VALUES (?, ?, ?, ?, datetime('now'))",
                (token_hash, instrument_id, wave, opening),
            )
            cur.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                cur.execute("ROLLBACK")
            raise

    def _opening(self, instrument_id: str, wave: str) -> int:
        """The wave's current opening, opening it now (inside the caller's transaction)."""
        row = self._conn.execute(
            "SELECT opening, closed_at FROM collecting WHERE instrument_id = ? AND wave = ?",
            (instrument_id, wave),
        ).fetchone()
        if row and row[1] is None:
            return row[0]
        self._conn.execute(
            "UPDATE collecting SET closed_at = datetime('now')"
            " WHERE instrument_id = ? AND wave != ? AND closed_at IS NULL",
            (instrument_id, wave),
        )
        opening = (row[0] if row else 0) + 1
        self._conn.execute(
            "INSERT OR REPLACE INTO collecting (instrument_id, wave, opening, shown_from,"
            " opened_at) VALUES (?, ?, ?, ?, datetime('now'))",
            (instrument_id, wave, opening, len(self._response_ids(instrument_id, wave))),
        )
        return opening

    def form(self, token_hash: str) -> tuple[str, str, bool, float, bool] | None:
        """An issued form: instrument, wave, used, age in hours, and whether it is current.

        Current: its wave is open and has not been closed and opened again since it was issued.
        """
        return self._conn.execute(
            "SELECT f.instrument_id, f.wave, f.used,"
            " (julianday('now') - julianday(f.issued_at)) * 24,"
            " c.closed_at IS NULL AND c.opening = f.opening"
            " FROM forms f LEFT JOIN collecting c USING (instrument_id, wave)"
            " WHERE f.token_hash = ?",
            (token_hash,),
        ).fetchone()

    def use_form(self, token_hash: str) -> None:
        """Mark a form as answered (when, is not kept: it would tell which response it was)."""
        with faults(self.path):
            self._conn.execute("UPDATE forms SET used = 1 WHERE token_hash = ?", (token_hash,))

    def form_counts(self) -> list[tuple[str, str, int, int]]:
        """Forms issued and answered per (instrument, wave), oldest first."""
        return self._conn.execute(
            "SELECT instrument_id, wave, COUNT(*), SUM(used) FROM forms"
            " GROUP BY instrument_id, wave ORDER BY MIN(issued_at)"
        ).fetchall()
