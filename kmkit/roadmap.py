"""The roadmap: accepted interventions placed in the seed's phases, with dates, owners, cost.

Seed 003's implementation path runs pilot, promote and support, institutionalise; each phase
has to show something before the next starts.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from kmkit.catalogue import COST

PHASE_WEEKS = {"pilot": 12, "promote": 16, "institutionalise": 24}
PHASE_NAMES = {
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


def phase_for(rank: int, effort: int) -> str:
    """Default phase: the top few light ones are piloted; heavy ones wait for the groundwork."""
    if rank < PILOT_SIZE and effort <= 3:
        return "pilot"
    return "promote" if effort <= 3 else "institutionalise"


def phase_starts(start: dt.date) -> dict[str, dt.date]:
    """When each phase begins, one after the other from the engagement's start."""
    starts, at = {}, start
    for phase, weeks in PHASE_WEEKS.items():
        starts[phase] = at
        at = at + dt.timedelta(weeks=weeks)
    return starts


def build_roadmap(chosen: pd.DataFrame, start: dt.date) -> pd.DataFrame:
    """One row per accepted intervention: phase, start, end, owner, cost a year."""
    if chosen.empty:
        return pd.DataFrame(columns=["id", "name", "phase", "start", "end", "owner", "cost"])
    starts = phase_starts(start)
    rows = []
    pilot_rank = 0
    for item in chosen.itertuples():
        phase = item.phase if isinstance(item.phase, str) else phase_for(pilot_rank, item.effort)
        if phase == "pilot":
            pilot_rank += 1
        begin = item.start if isinstance(item.start, dt.date) else starts[phase]
        end = begin + dt.timedelta(weeks=max(item.weeks_to_value, 4))
        rows.append(
            {
                "id": item.id,
                "name": item.name,
                "phase": phase,
                "phase_name": PHASE_NAMES[phase],
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
    order = {p: n for n, p in enumerate(PHASE_WEEKS)}
    table = pd.DataFrame(rows)
    table["order"] = table["phase"].map(order)
    return (
        table.sort_values(["order", "start"], kind="stable")
        .drop(columns="order")
        .reset_index(drop=True)
    )


def phase_table(roadmap: pd.DataFrame, start: dt.date) -> pd.DataFrame:
    """Each phase with its dates, interventions, cost and the gate it must pass."""
    starts = phase_starts(start)
    rows = []
    for phase, weeks in PHASE_WEEKS.items():
        items = roadmap.loc[roadmap["phase"] == phase] if len(roadmap) else roadmap
        rows.append(
            {
                "phase": PHASE_NAMES[phase],
                "from": starts[phase],
                "to": starts[phase] + dt.timedelta(weeks=weeks),
                "interventions": len(items),
                "cost": int(items["cost"].sum()) if len(items) else 0,
                "gate": GATES[phase],
            }
        )
    return pd.DataFrame(rows)
