"""Phase 07: the next cycle. Needs measured again, recommendations made again, choices carried.

The Arthur Andersen method (BC Knowledge Management) ends in evaluation and maintenance,
where KM solutions are 'assessed and renewed in a repeated cycle'; Handzic's integrated
framework loops measurement back into strategy. Here phase 04's needs and ranking are made
again from the latest survey wave and inventory snapshot, set beside the first cycle's, and
each recommendation carries the status its intervention reached in the first cycle.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from kmkit.phases.solutions.needs import Need

ADVICE = {
    "new": "new this cycle: start it",
    "done": "done, and the need it answers remains: extend it to the departments without it",
    "running": "under way: see it through",
    "stalled": "stalled: find what blocks it, then restart it or choose another",
    "planned": "never started: start it, or drop it on purpose",
    "dropped": "dropped in the first cycle: the need is still measured, so decide again",
}


def need_changes(first: list[Need], latest: list[Need]) -> pd.DataFrame:
    """Each need of either cycle: closed (first only), remaining (both) or new (latest only)."""
    then = {(n.source, n.key): n for n in first}
    now = {(n.source, n.key): n for n in latest}
    rows = []
    for pair in [*then, *(p for p in now if p not in then)]:
        a, b = then.get(pair), now.get(pair)
        status = "remaining" if a and b else ("closed" if a else "new")
        rows.append(
            {
                "source": pair[0],
                "key": pair[1],
                "status": status,
                "weight_then": a.weight if a else 0.0,
                "weight_now": b.weight if b else 0.0,
                "because_then": a.because if a else "",
                "because_now": b.because if b else "",
            }
        )
    order = {"closed": 0, "remaining": 1, "new": 2}
    table = pd.DataFrame(rows, columns=["source", "key", "status", "weight_then", "weight_now",
                                        "because_then", "because_now"])  # fmt: skip
    return table.sort_values("status", key=lambda s: s.map(order), kind="stable").reset_index(
        drop=True
    )


def carried(ranked: pd.DataFrame, tracking: pd.DataFrame | None, top: int) -> pd.DataFrame:
    """The next cycle's top recommendations, each with its first-cycle status and advice.

    Interventions of the first cycle still under way or stalled follow, though the new
    ranking puts them lower: work begun is finished or stopped on purpose, never forgotten.
    """
    status = {} if tracking is None else dict(zip(tracking["id"], tracking["status"], strict=True))
    notes = {} if tracking is None else dict(zip(tracking["id"], tracking["note"], strict=True))
    head = ranked.head(top)
    under_way = ranked["id"].map(lambda i: status.get(i) in ("running", "stalled"))
    open_ = ranked.loc[under_way & ~ranked.index.isin(head.index)]
    table = pd.concat([head, open_]).copy()
    table["first_cycle"] = table["id"].map(lambda i: status.get(i, "not chosen"))
    table["advice"] = [ADVICE[status.get(i, "new")] for i in table["id"]]
    table["note"] = table["id"].map(lambda i: notes.get(i, ""))
    return table.reset_index(drop=True)


def made_routine(tracking: pd.DataFrame | None, chosen: pd.DataFrame) -> list[str]:
    """First-cycle interventions done and not chosen again: they become routine work."""
    if tracking is None:
        return []
    done = tracking.loc[tracking["status"] == "done"]
    return done.loc[~done["id"].isin(set(chosen["id"])), "name"].tolist()


def next_start(as_of: dt.date) -> dt.date:
    """The next cycle's first day: the first Monday on or after `as_of`, when work can begin."""
    return as_of + dt.timedelta(days=-as_of.weekday() % 7)


def next_chosen(carried_table: pd.DataFrame, first_roadmap: pd.DataFrame) -> pd.DataFrame:
    """The next cycle's interventions as phase 04's accepted frame, ready for build_roadmap.

    One done in the first cycle is spread to the departments without it, which is the
    roadmap's promote-and-support stage (step 4 of 'Five steps'); the others are staged
    afresh by rank and effort. An owner named in the first cycle stays its owner.
    """
    named = (
        first_roadmap.loc[first_roadmap["owner"] != "to be named"] if len(first_roadmap) else None
    )
    owners = {} if named is None else dict(zip(named["id"], named["owner"], strict=True))
    return carried_table.assign(
        phase=[("promote" if s == "done" else None) for s in carried_table["first_cycle"]],
        start=None,
        owner=[owners.get(i, "") for i in carried_table["id"]],
    )
