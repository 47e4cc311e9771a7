"""Phase 07: the roadmap against what happened: status, actual dates, what slipped and how far.

The plan is phase 04's roadmap (planned start and first value per intervention); what
happened is data/progress.csv. An intervention is late when it is still open (planned,
running or stalled) past its planned end, or not started past its planned start.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

OPEN = ("planned", "running", "stalled")
COLUMNS = (
    "id", "name", "stage", "owner", "planned_start", "planned_end", "status", "recorded", "row",
    "started", "finished", "progress", "note", "start_slip", "end_slip", "late", "late_by",
    "finished_late", "actual_end",
)  # fmt: skip


def _days(later: dt.date | None, earlier: dt.date | None) -> int | None:
    return (later - earlier).days if later and earlier else None


def _field(item: object | None, name: str, default: object = None) -> object:
    """An attribute of a roadmap or progress row; `default` when there is no such row."""
    return default if item is None else getattr(item, name)


def _row(
    ident: str, name: str, planned: object | None, found: object | None, as_of: dt.date
) -> dict[str, object]:
    """One intervention: its plan (a roadmap row, or None) beside its recorded progress."""
    status = _field(found, "status", "planned")
    start, end = _field(planned, "start"), _field(planned, "end")
    started, finished = _field(found, "started"), _field(found, "finished")
    start_slip = _days(started, start)
    if started is None and status in OPEN and start and as_of > start:
        start_slip = _days(as_of, start)  # not started yet: slipping by the day
    end_slip = _days(finished, end) if status == "done" else None
    overdue = _days(as_of, end) if status in OPEN and end and as_of > end else 0
    not_begun = _days(as_of, start) if status == "planned" and start and as_of > start else 0
    actual_end = finished if finished else (as_of if status in ("running", "stalled") else None)
    return {
        "id": ident,
        "name": name,
        "stage": _field(planned, "phase"),
        "owner": _field(planned, "owner", ""),
        "planned_start": start,
        "planned_end": end,
        "status": status,
        "recorded": found is not None,
        "row": _field(found, "row"),
        "started": started,
        "finished": finished,
        "progress": _field(found, "progress"),
        "note": _field(found, "note", ""),
        "start_slip": start_slip,
        "end_slip": end_slip,
        "late": bool(overdue or not_begun),
        "late_by": max(overdue, not_begun),
        "finished_late": bool(end_slip and end_slip > 0),
        "actual_end": actual_end,
    }


def plan_vs_actual(
    roadmap: pd.DataFrame,
    progress: pd.DataFrame | None,
    as_of: dt.date,
    names: dict[str, str],
) -> pd.DataFrame:
    """One row per roadmap intervention, then any recorded beyond it: plan, actual, slip (days).

    `names` gives an intervention's name by id (the catalogue's), for those off the roadmap.
    """
    recorded = {} if progress is None else {r.intervention: r for r in progress.itertuples()}
    rows = [
        _row(item.id, item.name, item, recorded.pop(item.id, None), as_of)
        for item in roadmap.itertuples()
    ]
    rows += [_row(i, names.get(i, i), None, found, as_of) for i, found in recorded.items()]
    return pd.DataFrame(rows, columns=list(COLUMNS))


@dataclass(frozen=True)
class Tally:
    """How many interventions stand where: the review's first line."""

    total: int
    done: int
    running: int
    stalled: int
    planned: int
    dropped: int
    late: int
    finished_late: int
    unrecorded: int


def tally(table: pd.DataFrame) -> Tally:
    """Count the interventions by status, and those late or finished late."""
    count = table["status"].value_counts()
    return Tally(
        total=len(table),
        done=int(count.get("done", 0)),
        running=int(count.get("running", 0)),
        stalled=int(count.get("stalled", 0)),
        planned=int(count.get("planned", 0)),
        dropped=int(count.get("dropped", 0)),
        late=int(table["late"].sum()),
        finished_late=int(table["finished_late"].sum()),
        unrecorded=int((~table["recorded"]).sum()),
    )


def late_or_stalled(table: pd.DataFrame) -> pd.DataFrame:
    """The interventions to talk about first: stalled, then late, the latest first."""
    hit = table.loc[table["late"] | (table["status"] == "stalled")]
    order = hit.assign(stalled=hit["status"] == "stalled")
    order = order.sort_values(["stalled", "late_by"], ascending=False, kind="stable")
    return order.drop(columns="stalled").reset_index(drop=True)


def slipped(table: pd.DataFrame, weeks: int = 2) -> pd.DataFrame:
    """Interventions that started or finished at least `weeks` weeks after the plan said."""
    start = table["start_slip"].fillna(0)
    end = table["end_slip"].fillna(0)
    hit = table.loc[(start >= 7 * weeks) | (end >= 7 * weeks) | table["late"]]
    return hit.assign(worst=hit[["start_slip", "end_slip", "late_by"]].max(axis=1)).sort_values(
        "worst", ascending=False, kind="stable"
    )
