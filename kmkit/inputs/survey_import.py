"""Import survey answers from the files clients send: CSV, XLSX, Google and Microsoft Forms."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kmkit.core.errors import InputError, RowProblem, RowsRejected
from kmkit.core.instruments import load_instrument
from kmkit.core.instruments.languages import language_name
from kmkit.core.store import Store
from kmkit.core.workspace import Client
from kmkit.inputs.answers import Sides, build_responses
from kmkit.inputs.datetimes import settle_order
from kmkit.inputs.layouts import ColumnMap, map_columns
from kmkit.inputs.tables import Table, drop_columns, read_table

DEFAULT_WAVE = "baseline"


class ImportRejected(RowsRejected):
    """Some rows are bad, so nothing was imported; every bad row is listed."""

    code = "import-rejected"

    def __init__(self, path: Path, problems: list[RowProblem], good: int):
        self.good = good
        super().__init__(path, problems)

    def _text(self, message: str) -> str:
        """Every bad row, then what to do about them."""
        hint = (
            f"Nothing was imported. Fix the {len(self.problems)} problem(s) above, or rerun with "
            f"--skip-bad-rows to import the {self.good} good row(s) only."
        )
        return f"{message}\n{hint}"


@dataclass
class ImportReport:
    """What an import did: rows read, responses added, already stored, and rows rejected."""

    path: Path
    kind: str
    rows: int
    added: int
    already: int
    rejected: list[RowProblem] = field(default_factory=list)
    language: str | None = None  # the language of the file's questions, when its texts say

    def summary(self) -> str:
        """Say what happened in one line, then one line per rejected row."""
        asked = f", questions in {language_name(self.language)}" if self.language else ""
        lines = [
            f"{self.path.name} ({self.kind} layout{asked}): {self.rows} row(s) read, "
            f"{self.added} imported, {self.already} already stored"
            + (f", {len({p.row for p in self.rejected})} rejected" if self.rejected else "")
        ]
        lines += [f"rejected: {p.describe(self.path)}" for p in self.rejected]
        return "\n".join(lines)


def import_file(
    client: Client,
    path: str | Path,
    instrument_id: str = "maturity",
    wave: str = DEFAULT_WAVE,
    sheet: str | None = None,
    skip_bad_rows: bool = False,
    partnership: Sides | None = None,
    *,
    ignore_columns: Iterable[str] = (),
    date_order: str | None = None,
) -> ImportReport:
    """Import one file into the client's store in a single transaction: all rows or none.

    With `skip_bad_rows`, the good rows are imported and the bad ones reported; otherwise any
    bad row stops the import before anything is written. An instrument about a partnership
    needs `partnership`: its id and the names of its two sides. `ignore_columns` are left out
    unread (an extra question, a quiz score); `date_order` ("day-month" or "month-day") reads
    dates such as 03/10/2026 when the file's other dates do not show which it is.
    """
    path = Path(path)
    instrument = load_instrument(instrument_id, client.path)
    if (instrument.about == "partnership") != (partnership is not None):
        need = "needs" if partnership is None else "takes no"
        msg = f"the instrument '{instrument.id}' {need} --partnership"
        raise InputError(path, msg)
    if not wave.strip():
        raise InputError(path, "the wave label is empty; name it, e.g. --wave baseline")
    table = drop_columns(read_table(path, sheet), ignore_columns)
    cmap = map_columns(table, instrument)
    cmap.date_order = settle_order(path, _time_cells(table, cmap), date_order)
    with Store(client.store_path) as store:
        responses, problems = build_responses(
            table,
            cmap,
            instrument,
            client.config,
            wave.strip(),
            store.pseudonym,
            source=f"import:{path.name}",
            sides=partnership,
        )
        if problems and not skip_bad_rows:
            raise ImportRejected(path, problems, len(responses))
        log = {
            "file": path.name,
            "layout": cmap.kind,
            "instrument_id": instrument.id,
            "wave": wave.strip(),
            "rows": len(table.rows),
        }
        added, already = store.add_responses(responses, log) if responses else (0, 0)
    language = next((r.language for r in responses), None)  # one file, one language
    return ImportReport(path, cmap.kind, len(table.rows), added, already, problems, language)


def _time_cells(table: Table, cmap: ColumnMap) -> list[tuple[int, str, str]]:
    """(row, column, text) of every date-time cell; a forms export writes them all alike."""
    columns = [index for index in (cmap.timestamp, cmap.started) if index is not None]
    return [
        (number, table.header[index], row[index])
        for number, row in zip(table.row_numbers, table.rows, strict=True)
        for index in columns
        if index < len(row)
    ]
