"""The roadmap: accepted interventions placed in stages, with dates, owners and cost.

The implementation path of "Five steps for the implementation of enterprise knowledge
management" runs pilot, promote and support, institutionalise; each stage has to show
something before the next starts. (The frames keep the column name `phase`, the word a
consultant reads in the report and writes in data/selection.csv.)
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from kmkit.phases.solutions.catalogue import COST

STAGES = ("pilot", "promote", "institutionalise")

STAGE_WEEKS = {"pilot": 12, "promote": 16, "institutionalise": 24}
STAGE_NAMES = {
    "pilot": "Pilot",
    "promote": "Promote and support",
    "institutionalise": "Institutionalise",
}
GATES = {
    "pilot": "The pilot department uses each pilot intervention in its normal week, its first "
    "KPI readings have moved from baseline, and the people in it would keep it.",
    "promote": "Every department has started; owners report monthly; the KPIs of the pilot "
    "department have held for three months.",
    "institutionalise": "KM work is in job descriptions, the yearly plan and the management "
    "review; a second maturity survey shows which changes are real.",
}
PILOT_SIZE = 3  # interventions tried first, in the pilot department


def stage_for(rank: int, effort: int) -> str:
    """Default stage: the top few light ones are piloted; heavy ones wait for the groundwork."""
    if rank < PILOT_SIZE and effort <= 3:
        return "pilot"
    return "promote" if effort <= 3 else "institutionalise"


def stage_starts(start: dt.date) -> dict[str, dt.date]:
    """When each stage begins, one after the other from the engagement's start."""
    starts, at = {}, start
    for stage, weeks in STAGE_WEEKS.items():
        starts[stage] = at
        at = at + dt.timedelta(weeks=weeks)
    return starts


def build_roadmap(chosen: pd.DataFrame, start: dt.date) -> pd.DataFrame:
    """One row per accepted intervention: phase, start, end, owner, cost a year."""
    if chosen.empty:
        return pd.DataFrame(columns=["id", "name", "phase", "start", "end", "owner", "cost"])
    starts = stage_starts(start)
    rows = []
    pilot_rank = 0
    for item in chosen.itertuples():
        stage = item.phase if isinstance(item.phase, str) else stage_for(pilot_rank, item.effort)
        if stage == "pilot":
            pilot_rank += 1
        begin = item.start if isinstance(item.start, dt.date) else starts[stage]
        end = begin + dt.timedelta(weeks=max(item.weeks_to_value, 4))
        rows.append(
            {
                "id": item.id,
                "name": item.name,
                "phase": stage,
                "phase_name": STAGE_NAMES[stage],
                "start": begin,
                "end": end,
                "owner": item.owner
                if isinstance(item.owner, str) and item.owner
                else "to be named",
                "cost": COST[item.cost],
                "cost_band": item.cost,
                "effort": item.effort,
                "because": item.because,
            }
        )
    order = {s: n for n, s in enumerate(STAGE_WEEKS)}
    table = pd.DataFrame(rows)
    table["order"] = table["phase"].map(order)
    return (
        table.sort_values(["order", "start"], kind="stable")
        .drop(columns="order")
        .reset_index(drop=True)
    )


def stage_table(roadmap: pd.DataFrame, start: dt.date) -> pd.DataFrame:
    """Each stage with its dates, interventions, cost and the gate it must pass."""
    starts = stage_starts(start)
    rows = []
    for stage, weeks in STAGE_WEEKS.items():
        items = roadmap.loc[roadmap["phase"] == stage] if len(roadmap) else roadmap
        rows.append(
            {
                "phase": STAGE_NAMES[stage],
                "from": starts[stage],
                "to": starts[stage] + dt.timedelta(weeks=weeks),
                "interventions": len(items),
                "cost": int(items["cost"].sum()) if len(items) else 0,
                "gate": GATES[stage],
            }
        )
    return pd.DataFrame(rows)
