"""Phase 04's input: the consultant's choices in data/selection.csv (accept, drop, add)."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kmkit.core.errors import RowProblem
from kmkit.core.workspace import Client
from kmkit.inputs.forms import write_table_form
from kmkit.inputs.schema import Column, TableSchema
from kmkit.inputs.tables import normalise
from kmkit.phases.solutions.catalogue import Catalogue, load_catalogue
from kmkit.phases.solutions.roadmap import STAGES

if TYPE_CHECKING:
    from kmkit.engagement import Engagement

STEM = "selection"
DECISIONS = ("accept", "drop", "add")
SELECTION = TableSchema(
    STEM,
    (
        Column("intervention", required=True, help="an id or name from `kmkit catalogue`"),
        Column("decision", kind="choice", required=True, choices=DECISIONS),
        Column("owner"),
        Column("phase", kind="choice", choices=STAGES, aliases=("stage",)),
        Column("start", kind="date"),
        Column("note"),
    ),
)
SELECTION_COLUMNS = SELECTION.names()


@dataclass(frozen=True)
class Choice:
    """One row of the consultant's selection file."""

    id: str
    decision: str
    owner: str
    phase: str | None  # the roadmap stage it goes in
    start: dt.date | None
    note: str
    row: int


def catalogue_ids(
    records: list[dict[str, object]], catalogue: Catalogue
) -> tuple[dict[int, str], list[RowProblem]]:
    """The catalogue id each row's `intervention` names (by id or name), once per file."""
    known = catalogue.by_id()
    names = {normalise(iv.name): iv.id for iv in catalogue.interventions}
    found, problems, seen = {}, [], {}
    for record in records:
        number, given = int(record["row"]), str(record["intervention"])
        ident = given if given in known else names.get(normalise(given), given)
        if ident not in known:
            close = difflib.get_close_matches(ident, list(known), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else "; see `kmkit catalogue`"
            reason = f"'{given[:40]}' is not in the catalogue{hint}"
            problems.append(RowProblem(number, "intervention", reason, "unknown"))
        elif ident in seen:
            reason = f"repeats the intervention in row {seen[ident]}"
            problems.append(RowProblem(number, "intervention", reason, "repeated"))
        else:
            seen[ident], found[number] = number, ident
    return found, problems


def read_selection(path: Path, catalogue: Catalogue) -> list[Choice]:
    """Read and validate the consultant's accept/drop/add choices against the catalogue."""
    records = SELECTION.read(path)
    ids, problems = catalogue_ids(records.rows, catalogue)
    choices = []
    for record in records.rows:
        number = record["row"]
        if number not in ids:
            continue
        ident = ids[number]
        choices.append(
            Choice(
                ident,
                str(record["decision"]),
                record["owner"] or "",
                record["phase"],
                record["start"],
                record["note"] or "",
                number,
            )
        )
    SELECTION.refuse(records, problems)
    return choices


def selection_path(client: Client) -> Path | None:
    """The client's selection file (data/selection.csv or .xlsx), if there is one."""
    return client.data_file(STEM)


def write_selection_form(out: Path, e: Engagement | None = None) -> Path:
    """Write a blank selection file: XLSX with dropdowns, or a CSV header."""
    return write_table_form(out, SELECTION, wide=1)


def check_selection(path: Path, client: Client) -> list[Choice]:
    """Read and validate a client's selection against its catalogue (for `kmkit check`)."""
    return read_selection(path, load_catalogue(client.path))
