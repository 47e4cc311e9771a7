"""Phase 05's inputs: KPI readings (data/kpis.csv) and the ROI assumptions (data/roi.yaml).

A reading may name a department: firm-wide readings (no department) are phase 05's KPIs;
readings per department let phase 07 compare the pilot department with the others.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from kmkit.core.errors import RowProblem
from kmkit.core.workspace import Client
from kmkit.inputs.forms import write_table_form
from kmkit.inputs.schema import Column, TableSchema
from kmkit.inputs.settings import read_settings

if TYPE_CHECKING:
    from kmkit.engagement import Engagement

STEM = "kpis"
ROI_FILE = "roi.yaml"
BETTER = ("higher", "lower")
KINDS = ("quantitative", "qualitative")
DEFINITION = ("better", "kind", "target", "unit")  # given on an indicator's first row only
KPIS = TableSchema(
    STEM,
    (
        Column("indicator", required=True),
        Column("unit"),
        Column("better", kind="choice", choices=BETTER),
        Column("kind", kind="choice", choices=KINDS),
        Column("target", kind="number"),
        Column("date", kind="date", required=True),
        Column("value", kind="number", required=True),
        Column("note"),
        Column("department", help="blank for the whole firm; else a department in client.yaml"),
    ),
)
KPI_COLUMNS = KPIS.names()


def _definition(record: dict, name: str) -> tuple[dict, list[RowProblem]]:
    """What an indicator's first row says about it, and what that row lacks."""
    number, problems = record["row"], []
    spec = {"row": number, "unit": record["unit"] or ""}
    spec["better"] = record["better"]
    if spec["better"] is None:
        reason = f"'' is not one of {', '.join(BETTER)} (the first row of '{name}' defines it)"
        problems.append(RowProblem(number, "better", reason, "definition"))
    spec["kind"] = record["kind"] or "quantitative"
    spec["target"] = record["target"]
    if spec["target"] is None:
        problems.append(
            RowProblem(number, "target", "'' is not a number; give the target", "definition")
        )
    return spec, problems


def _redefined(record: dict, spec: dict) -> list[RowProblem]:
    """A later row may leave the definition blank, never change it."""
    problems = []
    for column in DEFINITION:
        given = record[column]
        if given not in (None, "") and given != spec[column]:
            reason = f"'{given}' differs from row {spec['row']}; leave it blank"
            problems.append(RowProblem(record["row"], column, reason, "redefined"))
    return problems


def _unknown_department(record: dict, departments: list[str] | None) -> list[RowProblem]:
    """A reading's department must be one client.yaml lists, when the client is known."""
    given = record["department"] or ""
    if not given or departments is None or given in departments:
        return []
    reason = f"'{given[:40]}' is not a department in client.yaml ({', '.join(departments)})"
    return [RowProblem(record["row"], "department", reason, "unknown")]


def read_kpis(path: Path, departments: list[str] | None = None) -> pd.DataFrame:
    """Read the KPI file: one row per reading; an indicator's first row also defines it.

    `department` is "" for a firm-wide reading; with `departments` (client.yaml's), a reading
    naming another department is refused.
    """
    records = KPIS.read(path)
    defined: dict[str, dict] = {}
    rows, problems, seen = [], [], {}
    for record in records.rows:
        name, number, when = record["indicator"], record["row"], record["date"]
        department = record["department"] or ""
        found = _unknown_department(record, departments)
        if name in defined:
            found += _redefined(record, defined[name])
            spec = defined[name]
        else:
            spec, more = _definition(record, name)
            found += more
        key = (name, department, when)
        if key in seen:
            where = f" in {department}" if department else ""
            reason = f"'{name}'{where} already has a reading on {when} (row {seen[key]})"
            found.append(RowProblem(number, "date", reason, "repeated"))
        seen.setdefault(key, number)
        problems += found
        if not found:
            defined.setdefault(name, spec)
            rows.append(
                {
                    "indicator": name,
                    "date": when,
                    "value": record["value"],
                    "row": number,
                    "department": department,
                }
            )
    KPIS.refuse(records, problems)
    readings = pd.DataFrame(rows, columns=["indicator", "date", "value", "row", "department"])
    specs = pd.DataFrame.from_dict(defined, orient="index").drop(columns="row")
    return (
        readings.join(specs, on="indicator")
        .sort_values(["indicator", "department", "date"])
        .reset_index(drop=True)
    )


def firm_wide(kpis: pd.DataFrame) -> pd.DataFrame:
    """The readings for the whole firm (no department): phase 05's KPIs."""
    return kpis.loc[kpis["department"] == ""].reset_index(drop=True)


def client_kpis(client: Client, as_of: dt.date | None = None) -> tuple[pd.DataFrame | None, str]:
    """The client's KPI readings up to `as_of` (None when there are none) and their file's name."""
    path = client.data_file(STEM)
    if path is None:
        return None, f"data/{STEM}.csv"
    readings = read_kpis(path, client.config.departments)
    if as_of is not None:
        readings = readings.loc[pd.to_datetime(readings["date"]) <= pd.Timestamp(as_of)]
        readings = readings.reset_index(drop=True)
    return (readings if len(readings) else None), client.relative(path)


def write_kpis_form(out: Path, e: Engagement | None = None) -> Path:
    """Write a blank KPI file: XLSX with dropdowns, or a CSV header."""
    return write_table_form(out, KPIS, wide=1)


class RoiAssumptions(BaseModel):
    """What the ROI estimate assumes, all stated in the client's data/roi.yaml."""

    model_config = ConfigDict(extra="forbid")
    people: int = Field(ge=1, description="staff whose search time changes")
    hours_searching_before: float = Field(ge=0, description="hours a week per person, baseline")
    hours_searching_after: float | None = Field(
        default=None, ge=0, description="hours a week per person now; default: the KPI's latest"
    )
    search_kpi: str = ""  # a KPI in hours a week per person to take 'after' from
    hourly_cost: float = Field(gt=0, description="loaded cost of an hour of work")
    weeks_per_year: int = Field(default=46, ge=1, le=52)
    programme_cost: float | None = Field(
        default=None, ge=0, description="yearly cost of KM work; default: the roadmap's"
    )
    currency: str = ""


def read_roi(path: Path) -> RoiAssumptions:
    """Read and validate data/roi.yaml, naming the field that is wrong."""
    return read_settings(path, RoiAssumptions)


def client_roi(client: Client) -> RoiAssumptions | None:
    """The client's ROI assumptions, validated; None when there are none yet."""
    path = client.data_file("roi", (".yaml",))
    return None if path is None else read_roi(path)


def check_kpis(path: Path, client: Client) -> pd.DataFrame:
    """Read and validate a client's KPI readings (for `kmkit check`)."""
    return read_kpis(path, client.config.departments)


def check_roi(path: Path, client: Client) -> RoiAssumptions:
    """Read and validate a client's ROI assumptions (for `kmkit check`)."""
    return read_roi(path)
