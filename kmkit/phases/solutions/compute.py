"""Phase 04, solutions: rank interventions from measured needs, each with its 'because'.

Needs come from earlier phases: maturity categories that score low (awareness), kinds of
knowledge risk in the inventory and SECI conversions the firm lacks (audit), and gaps in
partnerships (phase 06: IP protection, key-person continuity, how knowledge flows). An
intervention's impact is the sum of the needs it addresses, raised when it suits the firm's
strategic orientation (phase 02). The consultant's choices (data/selection.csv) are read
in `inputs`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from kmkit.core.errors import NoDataError
from kmkit.core.scoring import MaturityResult
from kmkit.core.store import Store
from kmkit.core.workspace import Client
from kmkit.phases.audit.compute import asset_risk, seci_reading
from kmkit.phases.audit.inputs import Inventory, client_inventory
from kmkit.phases.awareness.compute import assess_maturity, department_breakdown
from kmkit.phases.partnerships.compute import (
    AllianceView,
    client_alliance,
    continuity_readiness,
    flow_findings,
    ip_readiness,
)
from kmkit.phases.partnerships.inputs import Partnerships, client_partnerships
from kmkit.phases.solutions.catalogue import Catalogue, Intervention, load_catalogue
from kmkit.phases.solutions.inputs import STEM, Choice, read_selection, selection_path
from kmkit.phases.strategy.compute import ORIENTATION, assess_orientation

NEED_BELOW = 3.5  # maturity categories under this mean are needs
ORIENTATION_LIFT = {"primary": 1.25, "secondary": 1.1}
DEFAULT_ACCEPTED = 6  # recommendations accepted until the consultant says otherwise
READY = 70  # IP or continuity readiness (%) under which phase 06 finds a need
IMPORTANT = 3  # criticality from which an asset's risks count as needs (critical is 4 and up)


@dataclass(frozen=True)
class Need:
    """One measured need an intervention can address, and where it was measured."""

    source: str  # awareness, audit or seci
    key: str  # maturity category id, risk kind or SECI conversion
    weight: float
    because: str


def maturity_needs(result: MaturityResult) -> list[Need]:
    """Categories scoring under NEED_BELOW: the further under, the heavier the need."""
    needs = []
    for cat in result.categories.itertuples():
        if cat.mean < NEED_BELOW:
            text = (
                f"maturity '{cat.name}' scores {cat.mean:.1f} of 5 "
                f"(survey wave '{result.wave}', {cat.n} respondents)"
            )
            needs.append(Need("awareness", cat.category, (NEED_BELOW - cat.mean) / 2.5, text))
    return needs


RISK_WORDS = {
    "single_holder": "held by one person",
    "retirement": "at risk from retirement",
    "turnover": "at risk from turnover",
    "undocumented": "not fully documented",
    "low_diffusion": "mastered by few who need it",
}


def risk_kinds(inventory: Inventory) -> pd.DataFrame:
    """Per asset, which kinds of risk it carries (a column of booleans per kind)."""
    a = inventory.assets
    return pd.DataFrame(
        {
            "single_holder": a["holders"].map(len).le(1) | a["loss_reason"].eq("single holder"),
            "retirement": a["loss_reason"].eq("retirement"),
            "turnover": a["loss_reason"].eq("turnover"),
            "undocumented": a["documentation"].ne("full"),
            "low_diffusion": a["diffusion_now"].fillna(5).le(2),
        }
    )


def audit_needs(inventory: Inventory, file: str) -> list[Need]:
    """Kinds of knowledge risk, weighted by the risk of the critical assets that carry them."""
    risk = asset_risk(inventory)
    kinds = risk_kinds(Inventory(inventory.path, risk))
    needs = []
    for kind, words in RISK_WORDS.items():
        hit = risk.loc[kinds[kind] & (risk["criticality"] >= IMPORTANT)]
        if hit.empty:
            continue
        top = hit.iloc[0]
        rows = ", ".join(map(str, sorted(hit["row"])))
        text = (
            f"{len(hit)} important asset(s) {words} ({file} row{'s' if len(hit) > 1 else ''} "
            f"{rows}; riskiest '{top['asset']}', risk {top['risk']:.0f})"
        )
        needs.append(Need("audit", kind, min(1.5, float(hit["risk"].sum()) / 100), text))
    return needs


def seci_needs(inventory: Inventory, file: str) -> list[Need]:
    """SECI conversions the inventory shows lacking."""
    needs = []
    for c in seci_reading(inventory):
        if c.lacks:
            rows = ", ".join(map(str, c.rows))
            text = (
                f"SECI: {c.name.lower()} lacking for {c.lacking} of {c.needed} assets "
                f"({file} rows {rows})"
            )
            needs.append(Need("seci", c.name.lower(), c.lacking / c.needed, text))
    return needs


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


def partnership_needs(
    p: Partnerships | None,
    continuity: pd.DataFrame | None,
    alliance: list[AllianceView] | None = None,
) -> list[Need]:
    """The gaps phase 06 measured, as needs: weak IP protection, continuity, flows.

    IP protection counts where sensitive knowledge of the firm goes out; continuity where key
    people have less than READY% of a plan; an alliance element both sides rate under
    NEED_BELOW; flows where tacit know-how travels only as files or a partnership teaches
    one way.
    """
    needs = []
    if continuity is not None and not continuity.empty:
        weak = continuity.loc[continuity["readiness"] < READY]
        if len(weak):
            top = weak.iloc[0]
            file = p.files["continuity"] if p is not None else "data/continuity.csv"
            text = (
                f"{len(weak)} key people have under {READY}% of a continuity plan (riskiest "
                f"'{top['holder']}', {top['readiness']:.0f}%; {file})"
            )
            # The audit already weighs their assets' risk: here only the missing plan counts.
            shortfall = ((1 - weak["readiness"] / 100) * weak["risk"] / 100).mean()
            needs.append(Need("partnerships", "continuity", float(shortfall), text))
    if p is None:
        return needs
    names = dict(zip(p.partnerships["id"], p.partnerships["partner"], strict=True))
    exposed = ip_readiness(p)
    exposed = exposed.loc[(exposed["readiness"] < READY) & (exposed["sensitive_flows"] > 0)]
    if len(exposed):
        worst = exposed.sort_values("readiness").iloc[0]
        text = (
            f"IP protection under {READY}% in {len(exposed)} partnership(s) that carry the "
            f"firm's sensitive knowledge out (lowest: {names[worst['partnership']]}, "
            f"{worst['readiness']:.0f}%; {p.files['ip']}, {p.files['flows']})"
        )
        weight = float((1 - exposed["readiness"] / 100).sum())
        needs.append(Need("partnerships", "ip", min(1.5, weight), text))
    for view in alliance or []:
        if view.overall is None:
            continue
        low = view.overall.categories.loc[view.overall.categories["mean"] < NEED_BELOW]
        if len(low):
            worst = low.sort_values("mean").iloc[0]
            text = (
                f"alliance with {names[view.partnership]}: '{worst['name']}' rated "
                f"{worst['mean']:.1f} of 5 by both sides (survey '{view.wave}', "
                f"{view.overall.respondents} respondents)"
            )
            weight = float((NEED_BELOW - low["mean"]).mean() / 2.5)
            needs.append(Need("partnerships", "alliance", weight, text))
    found = flow_findings(p)
    for kind, key, words in (
        ("written-only tacit", "tacit_by_documents", "tacit know-how sent only as files"),
        ("one way", "one_way", "partnerships where knowledge flows one way only"),
    ):
        hits = [f for f in found if f.kind.startswith(kind)]
        if hits:
            rows = ", ".join(str(r) for f in hits for r in f.rows)
            text = f"{words}: {len(hits)} partnership(s) ({p.files['flows']} rows {rows})"
            needs.append(Need("partnerships", key, min(1.0, 0.4 * len(hits)), text))
    return needs


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
                    f"suits the firm's {rank} orientation ({orientation.replace('_', ' ')})"
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
        note = f": {c.note}" if c.note else ""
        row["because"] = (*row["because"], f"chosen by the consultant ({file} row {c.row}{note})")
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


def gather(client: Client) -> Inputs:
    """Collect the first-wave maturity result, inventory and orientation; note what is missing."""
    inputs = Inputs()
    try:
        # The roadmap answers the first survey; later waves measure it (phase 05).
        first = None
        if client.store_path.exists():
            with Store(client.store_path) as store:
                first = next(iter(store.waves("maturity")), None)
        inputs.maturity = assess_maturity(client, first)
    except NoDataError:
        inputs.missing.append("maturity survey answers (phase 01)")
    inventory = client_inventory(client)
    if inventory is None:
        inputs.missing.append("a knowledge inventory (phase 03)")
    else:
        inputs.inventory, inputs.inventory_file = inventory, client.relative(inventory.path)
    try:
        o = assess_orientation(client)
        ids = {c.name: c.id for c in o.result.instrument.categories}
        inputs.primary, inputs.secondary = ids[o.primary], ids[o.secondary]
    except NoDataError:
        inputs.missing.append(f"the '{ORIENTATION}' answers (phase 02)")
    inputs.partnerships = client_partnerships(client)
    if inputs.partnerships is not None:
        inputs.alliance = client_alliance(client, set(inputs.partnerships.partnerships["id"]))
    if inventory is not None:
        today = pd.Timestamp(dt.date.today())
        inputs.continuity = continuity_readiness(inputs.partnerships, inventory, today)
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

    @property
    def chosen(self) -> pd.DataFrame:
        """The interventions going ahead."""
        return accepted(self.ranked, self.choices, self.catalogue, self.selection_file)


def plan(client: Client) -> Plan:
    """Recommend from the measured needs and apply the consultant's choices, if any."""
    catalogue = client_catalogue(client)
    inputs = gather(client)
    path = selection_path(client)
    choices = read_selection(path, catalogue) if path else []
    file = client.relative(path) if path else f"data/{STEM}.csv"
    return Plan(inputs, catalogue, recommend(inputs, catalogue), choices, file)
