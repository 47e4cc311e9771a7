"""Phase 04, solutions: rank interventions from measured needs, each with its 'because'.

Needs (kmkit.phases.solutions.needs) come from every earlier phase with data. An
intervention's impact is the sum of the needs it addresses, raised when it suits the firm's
strategic orientation (phase 02). The consultant's choices (data/selection.csv) are read
in `inputs`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from kmkit.core.errors import NoDataError
from kmkit.core.said import Said, Source
from kmkit.core.scoring import MaturityResult
from kmkit.core.workspace import Client
from kmkit.phases.audit.inputs import Inventory
from kmkit.phases.awareness.compute import department_breakdown
from kmkit.phases.partnerships.compute import continuity_readiness
from kmkit.phases.partnerships.inputs import Partnerships, client_partnerships
from kmkit.phases.partnerships.surveys import AllianceView, client_alliance
from kmkit.phases.solutions.catalogue import Catalogue, Intervention, load_catalogue
from kmkit.phases.solutions.inputs import STEM, Choice, read_selection, selection_path
from kmkit.phases.solutions.needs import (
    Need,
    audit_needs,
    maturity_needs,
    partnership_needs,
    seci_needs,
)
from kmkit.phases.strategy.compute import ORIENTATION, assess_orientation

ORIENTATION_LIFT = {"primary": 1.25, "secondary": 1.1}
DEFAULT_ACCEPTED = 6  # recommendations accepted until the consultant says otherwise


@dataclass
class Inputs:
    """What recommendations are made from; any part may be missing."""

    maturity: MaturityResult | None = None
    inventory: Inventory | None = None
    inventory_file: str = "data/inventory.csv"
    primary: str | None = None  # orientation ids
    secondary: str | None = None
    partnerships: Partnerships | None = None
    continuity: pd.DataFrame | None = None  # key people's readiness (phase 06)
    alliance: list[AllianceView] = field(default_factory=list)  # alliance surveys (phase 06)
    missing: list[str] = field(default_factory=list)

    def needs(self) -> list[Need]:
        """Every measured need, from every phase that has data."""
        found = maturity_needs(self.maturity) if self.maturity else []
        if self.inventory is not None:
            found += audit_needs(self.inventory, self.inventory_file)
            found += seci_needs(self.inventory, self.inventory_file)
        found += partnership_needs(self.partnerships, self.continuity, self.alliance)
        return found


def _addresses(intervention: Intervention, need: Need) -> bool:
    keys = {
        "awareness": intervention.categories,
        "audit": intervention.risks,
        "partnerships": intervention.partnerships,
    }
    return need.key in keys.get(need.source, intervention.seci)


def recommend(inputs: Inputs, catalogue: Catalogue) -> pd.DataFrame:
    """Interventions ranked by impact (0-100), each with the needs behind it."""
    needs = inputs.needs()
    ids = {"primary": inputs.primary, "secondary": inputs.secondary}
    rows = []
    for iv in catalogue.interventions:
        matched = sorted((n for n in needs if _addresses(iv, n)), key=lambda n: -n.weight)
        if not matched:
            continue
        raw = sum(n.weight for n in matched)
        because = [n.because for n in matched]
        for rank, orientation in ids.items():
            if orientation and orientation in iv.orientations:
                raw *= ORIENTATION_LIFT[rank]
                because.append(
                    Said(
                        f"suits the firm's {rank} orientation",
                        details=(orientation.replace("_", " "),),
                    )
                )
                break
        rows.append(
            {
                "id": iv.id,
                "name": iv.name,
                "raw": raw,
                "effort": iv.effort,
                "cost": iv.cost,
                "weeks_to_value": iv.weeks_to_value,
                "because": tuple(because),
                "needs": len(matched),
            }
        )
    columns = ["id", "name", "raw", "effort", "cost", "weeks_to_value", "because", "needs"]
    table = pd.DataFrame(rows, columns=columns)
    top = table["raw"].max() if len(table) else 0
    table["impact"] = (table["raw"] / top * 100).round(0) if top else 0.0
    table["quadrant"] = [
        quadrant(i, e) for i, e in zip(table["impact"], table["effort"], strict=True)
    ]
    table = table.sort_values(["impact", "effort"], ascending=[False, True], kind="stable")
    return table.drop(columns="raw").reset_index(drop=True)


def quadrant(impact: float, effort: int) -> str:
    """Where an intervention sits in the impact x effort matrix."""
    if impact >= 50:
        return "quick win" if effort <= 2 else "major project"
    return "fill-in" if effort <= 2 else "questionable"


def accepted(
    ranked: pd.DataFrame,
    choices: list[Choice],
    catalogue: Catalogue,
    file: str = "data/selection.csv",
) -> pd.DataFrame:
    """The interventions going ahead: the top recommendations, as the consultant adjusted them."""
    by_choice = {c.id: c for c in choices}
    keep = [
        r
        for r in ranked.head(DEFAULT_ACCEPTED).itertuples()
        if by_choice.get(r.id, None) is None or by_choice[r.id].decision != "drop"
    ]
    rows = [r._asdict() | {"chosen_by": "recommended"} for r in keep]
    ranked_ids = set(ranked["id"])
    kept = {r["id"] for r in rows}
    by_id = catalogue.by_id()
    for c in choices:
        if c.decision == "drop" or c.id in kept:
            continue
        iv = by_id[c.id]
        if c.id in ranked_ids:
            row = ranked.loc[ranked["id"] == c.id].iloc[0].to_dict()
        else:
            row = {
                "id": iv.id, "name": iv.name, "effort": iv.effort, "cost": iv.cost,
                "weeks_to_value": iv.weeks_to_value, "because": (), "needs": 0, "impact": 0.0,
                "quadrant": quadrant(0, iv.effort),
            }  # fmt: skip
        chosen = Said(
            "chosen by the consultant",
            details=(c.note,) if c.note else (),
            sources=(Source(file, (c.row,)),),
        )
        row["because"] = (*row["because"], chosen)
        rows.append(row | {"chosen_by": "consultant"})
    table = pd.DataFrame(rows).drop(columns=["Index"], errors="ignore")
    if table.empty:
        return table
    table["owner"] = [by_choice[i].owner if i in by_choice else "" for i in table["id"]]
    table["phase"] = [by_choice[i].phase if i in by_choice else None for i in table["id"]]
    table["start"] = [by_choice[i].start if i in by_choice else None for i in table["id"]]
    return table.reset_index(drop=True)


def dropped(choices: list[Choice]) -> list[Choice]:
    """The recommendations the consultant dropped, to say so in the report."""
    return [c for c in choices if c.decision == "drop"]


def gather(
    client: Client,
    maturity: MaturityResult | None,
    inventory: Inventory | None,
    today: dt.date,
    inventory_file: str = "",
) -> Inputs:
    """What a plan answers: the wave and snapshot given, orientation, partnerships; note gaps.

    The engagement chooses the wave and the snapshot: the cycle's first for its roadmap
    (later ones measure it, in phases 05 and 07), the latest for the next cycle's.
    """
    inputs = Inputs(maturity=maturity)
    if maturity is None:
        inputs.missing.append("maturity survey answers (phase 01)")
    if inventory is None:
        inputs.missing.append("a knowledge inventory (phase 03)")
    else:
        inputs.inventory = inventory
        inputs.inventory_file = inventory_file or client.relative(inventory.path)
    try:
        o = assess_orientation(client)
        inputs.primary, inputs.secondary = o.primary_id, o.secondary_id
    except NoDataError:
        inputs.missing.append(f"the '{ORIENTATION}' answers (phase 02)")
    inputs.partnerships = client_partnerships(client)
    if inputs.partnerships is not None:
        inputs.alliance = client_alliance(client, set(inputs.partnerships.partnerships["id"]))
    if inventory is not None:
        inputs.continuity = continuity_readiness(
            inputs.partnerships, inventory, pd.Timestamp(today)
        )
    return inputs


def client_catalogue(client: Client) -> Catalogue:
    """Kmkit's catalogue with the client's own additions."""
    return load_catalogue(client.path)


READINESS = ("people", "learning")  # categories that show a department is ready to try


@dataclass(frozen=True)
class Pilot:
    """The suggested pilot department and why; None when no department can be shown."""

    department: str | None
    reason: str


def pilot_department(result: MaturityResult, client: Client, chosen: pd.DataFrame) -> Pilot:
    """Suggest where to pilot: the readiest of the departments that need the work most.

    Need is the gap in the categories the chosen interventions address; readiness the people
    and learning scores. Departments hidden for anonymity are never suggested.
    """
    table = department_breakdown(result, client)
    shown = table.loc[~table["suppressed"]].dropna(subset=["mean"])
    if shown["department"].nunique() < 2:
        return Pilot(
            None,
            "No two departments are large enough to compare on the survey "
            "without revealing answers; choose the pilot with the management team.",
        )
    by_id = load_catalogue(client.path).by_id()
    targeted = {c for i in chosen.get("id", []) if i in by_id for c in by_id[i].categories}
    grid = shown.pivot_table(index="department", columns="category", values="mean")
    need = 5 - grid[[c for c in grid.columns if c in (targeted or grid.columns)]].mean(axis=1)
    readiness = grid[[c for c in READINESS if c in grid.columns]].mean(axis=1)
    candidates = need[need >= need.median()].index
    best = readiness[candidates].idxmax()
    return Pilot(
        best,
        f"{best} needs the chosen interventions at least as much as the median department "
        f"(gap {need[best]:.1f} points in the categories they address) and is the readiest of "
        f"those (people and learning {readiness[best]:.1f} of 5).",
    )  # fmt: skip


@dataclass(frozen=True)
class Plan:
    """Phase 04's results for a client: needs, ranking, the consultant's choices."""

    inputs: Inputs
    catalogue: Catalogue
    ranked: pd.DataFrame
    choices: list[Choice]
    selection_file: str

    @cached_property
    def chosen(self) -> pd.DataFrame:
        """The interventions going ahead, worked out once per plan."""
        return accepted(self.ranked, self.choices, self.catalogue, self.selection_file)


def make_plan(
    client: Client,
    maturity: MaturityResult | None,
    inventory: Inventory | None,
    today: dt.date,
    inventory_file: str = "",
) -> Plan:
    """Recommend from the measured needs and apply the consultant's choices, if any."""
    catalogue = client_catalogue(client)
    inputs = gather(client, maturity, inventory, today, inventory_file)
    path = selection_path(client)
    choices = read_selection(path, catalogue) if path else []
    file = client.relative(path) if path else f"data/{STEM}.csv"
    return Plan(inputs, catalogue, recommend(inputs, catalogue), choices, file)
