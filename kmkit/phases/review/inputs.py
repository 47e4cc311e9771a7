"""Phase 07's tables: each intervention's status, and the institutionalisation checklist.

`data/progress.csv` sits beside phase 04's `data/selection.csv` (which stays as it was): one
row per intervention with its status, when it actually started and finished, how far it has
gone and a note. `data/institutionalisation.csv` records, per measure of the checklist, its
status and the evidence. `kmkit form progress --client SLUG` and `kmkit form
institutionalisation` write blank ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from kmkit.core.errors import RowProblem
from kmkit.core.workspace import Client
from kmkit.inputs.forms import write_table_form
from kmkit.inputs.schema import Column, Records, TableSchema
from kmkit.inputs.tables import normalise
from kmkit.phases.review.settings import ReviewSettings, institutionalisation_checklist, read_review
from kmkit.phases.solutions.catalogue import Catalogue, load_catalogue
from kmkit.phases.solutions.inputs import catalogue_ids

if TYPE_CHECKING:
    from kmkit.engagement import Engagement

STATUSES = ("planned", "running", "done", "stalled", "dropped")
STATUS_ALIASES = {
    "not started": "planned",
    "to do": "planned",
    "in progress": "running",
    "ongoing": "running",
    "started": "running",
    "complete": "done",
    "completed": "done",
    "finished": "done",
    "on hold": "stalled",
    "stuck": "stalled",
    "blocked": "stalled",
    "cancelled": "dropped",
    "canceled": "dropped",
    "abandoned": "dropped",
}
UNDER_WAY = ("running", "done", "stalled")  # statuses that need an actual start
PROGRESS = TableSchema(
    "progress",
    (
        Column("intervention", required=True, help="an id or name from `kmkit catalogue`"),
        Column(
            "status", kind="choice", required=True, choices=STATUSES, value_aliases=STATUS_ALIASES
        ),
        Column("started", kind="date", help="when it actually started"),
        Column("finished", kind="date", help="when it actually finished or was stopped"),
        Column("progress", kind="number", low=0, high=100, help="how far it has gone, in %"),
        Column("note"),
    ),
)
IN_PLACE = ("in place", "partly", "missing")
IN_PLACE_ALIASES = {"yes": "in place", "done": "in place", "partial": "partly", "no": "missing"}
INSTITUTIONALISATION = TableSchema(
    "institutionalisation",
    (
        Column("measure", required=True, help="a measure's id from the checklist"),
        Column(
            "status",
            kind="choice",
            required=True,
            choices=IN_PLACE,
            value_aliases=IN_PLACE_ALIASES,
        ),
        Column("evidence", help="where a reader can see it: a document, a minute, a budget line"),
        Column("owner"),
    ),
)


def _frame(records: Records, schema: TableSchema) -> pd.DataFrame:
    return pd.DataFrame(records.rows, columns=["row", *schema.names()])


def _dates_problems(record: dict[str, object], headers: dict[str, str]) -> list[RowProblem]:
    """An intervention's dates must fit its status: under way means started, done finished."""
    number, status = int(record["row"]), record["status"]
    started, finished = record["started"], record["finished"]
    problems = []
    if status in UNDER_WAY and started is None:
        reason = f"is empty; a {status} intervention needs the date it actually started"
        problems.append(RowProblem(number, headers.get("started", "started"), reason, "empty"))
    if status == "done" and finished is None:
        reason = "is empty; a done intervention needs the date it finished"
        problems.append(RowProblem(number, headers.get("finished", "finished"), reason, "empty"))
    if status == "planned" and (started or finished):
        column = "started" if started else "finished"
        reason = "a planned intervention has not started: clear the date or change the status"
        problems.append(RowProblem(number, headers.get(column, column), reason, "not-yet"))
    if started and finished and finished < started:
        reason = f"{finished} is before it started ({started})"
        problems.append(RowProblem(number, headers.get("finished", "finished"), reason, "order"))
    return problems


def read_progress(path: Path, catalogue: Catalogue) -> pd.DataFrame:
    """Read each intervention's status against the catalogue; ids replace names."""
    records = PROGRESS.read(path)
    ids, problems = catalogue_ids(records.rows, catalogue)
    for record in records.rows:
        problems += _dates_problems(record, records.headers)
        record["intervention"] = ids.get(int(record["row"]), record["intervention"])
        if record["progress"] is None:
            record["progress"] = 100.0 if record["status"] == "done" else None
        record["note"] = record["note"] or ""
    PROGRESS.refuse(records, problems)
    return _frame(records, PROGRESS)


def read_institutionalisation(path: Path) -> pd.DataFrame:
    """Read the institutionalisation checklist's statuses: a known measure, once, with evidence."""
    records = INSTITUTIONALISATION.read(path)
    measures = {m.id: m for m in institutionalisation_checklist().measures}
    names = {normalise(m.name): m.id for m in institutionalisation_checklist().measures}
    problems, seen = [], {}
    column = records.headers.get("measure", "measure")
    for record in records.rows:
        number, given = int(record["row"]), str(record["measure"])
        ident = given if given in measures else names.get(normalise(given), given)
        record["measure"] = ident
        if ident not in measures:
            reason = f"'{given[:40]}' is not a measure of the checklist; use one of " + ", ".join(
                measures
            )
            problems.append(RowProblem(number, column, reason, "unknown"))
        elif ident in seen:
            reason = f"repeats the measure in row {seen[ident]}"
            problems.append(RowProblem(number, column, reason, "repeated"))
        seen.setdefault(ident, number)
        record["evidence"], record["owner"] = record["evidence"] or "", record["owner"] or ""
        if record["status"] in ("in place", "partly") and not record["evidence"]:
            reason = f"is empty; say where a reader can see it is {record['status']}"
            header = records.headers.get("evidence", "evidence")
            problems.append(RowProblem(number, header, reason, "no-evidence"))
    INSTITUTIONALISATION.refuse(records, problems)
    return _frame(records, INSTITUTIONALISATION)


def client_progress(client: Client) -> tuple[pd.DataFrame | None, str]:
    """The client's intervention statuses (None before there are any) and their file's name."""
    path = client.data_file(PROGRESS.name)
    if path is None:
        return None, f"data/{PROGRESS.name}.csv"
    return read_progress(path, load_catalogue(client.path)), client.relative(path)


def client_institutionalisation(client: Client) -> tuple[pd.DataFrame | None, str]:
    """The client's institutionalisation statuses (None before there are any) and file name."""
    path = client.data_file(INSTITUTIONALISATION.name)
    if path is None:
        return None, f"data/{INSTITUTIONALISATION.name}.csv"
    return read_institutionalisation(path), client.relative(path)


def client_review(client: Client) -> ReviewSettings:
    """The client's review settings, validated; kmkit's defaults without data/review.yaml."""
    path = client.data_file("review", (".yaml",))
    return ReviewSettings() if path is None else read_review(path, client.config.departments)


def write_progress_form(out: Path, e: Engagement | None = None) -> Path:
    """Write a progress form: with a client, one row per intervention on its roadmap."""
    rows = []
    if e is not None:
        rows = [[ident, "planned", "", "", "", ""] for ident in e.plan.chosen.get("id", [])]
    return write_table_form(out, PROGRESS, rows=rows, wide=1)


def write_institutionalisation_form(out: Path, e: Engagement | None = None) -> Path:
    """Write an institutionalisation form: one row per measure of the checklist."""
    rows = [[m.id, "", "", ""] for m in institutionalisation_checklist().measures]
    return write_table_form(out, INSTITUTIONALISATION, rows=rows, wide=1)


def check_progress(path: Path, client: Client) -> pd.DataFrame:
    """Read and validate a client's intervention statuses (for `kmkit check`)."""
    return read_progress(path, load_catalogue(client.path))


def check_institutionalisation(path: Path, client: Client) -> pd.DataFrame:
    """Read and validate a client's institutionalisation statuses (for `kmkit check`)."""
    return read_institutionalisation(path)


def check_review(path: Path, client: Client) -> ReviewSettings:
    """Read and validate a client's review settings (for `kmkit check`)."""
    return read_review(path, client.config.departments)
