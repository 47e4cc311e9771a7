"""Phase 06: knowledge flows, IP protection, key-person continuity and what a KTP costs.

The reading of flows follows Nonaka's SECI conversions across organisations; the IP and
continuity measures follow 'Knowledge transfer in SME partnerships'.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kmkit.phases.audit.compute import CRITICAL, asset_risk
from kmkit.phases.audit.inputs import Inventory
from kmkit.phases.partnerships.checklists import continuity_checklist, ip_checklist
from kmkit.phases.partnerships.inputs import Ktp, Partnerships

READY = 70  # IP or continuity readiness (%) under which a need is found

STATUS_CREDIT = {"in place": 1.0, "partly": 0.5, "missing": 0.0}
WRITTEN = ("documents", "shared platform")  # mechanisms that carry only what is written
PERSON_TO_PERSON = ("embedded graduate", "joint team", "mentoring", "secondment")
DRILL_MONTHS = 12  # a drill older than this no longer counts
KEY_HOLDERS = 2  # a critical asset held by this many people or fewer makes its holders key


def exposure(p: Partnerships) -> pd.DataFrame:
    """Per partnership: what sensitive knowledge of ours flows out, weighted by criticality."""
    flows = p.flows
    out = flows.loc[(flows["from_side"] == "us") & (flows["sensitive"] == "yes")]
    weight = out.groupby("partnership")["criticality"].sum()
    count = out.groupby("partnership").size()
    table = pd.DataFrame({"partnership": p.partnerships["id"]})
    table["exposure"] = table["partnership"].map(weight).fillna(0).astype(int)
    table["sensitive_flows"] = table["partnership"].map(count).fillna(0).astype(int)
    return table


def ip_status(p: Partnerships) -> pd.DataFrame:
    """Every (partnership, IP measure) with its status; a measure not recorded is 'not recorded'."""
    rows = []
    recorded = {(r.partnership, r.measure): r for r in p.ip.itertuples()}
    for ident in p.partnerships["id"]:
        for measure in ip_checklist().items:
            found = recorded.get((ident, measure.id))
            rows.append(
                {
                    "partnership": ident,
                    "measure": measure.id,
                    "name": measure.name,
                    "status": found.status if found else "not recorded",
                    "evidence": (found.evidence or "") if found else "",
                    "owner": (found.owner or "") if found else "",
                    "row": found.row if found else None,
                }
            )
    return pd.DataFrame(rows)


def ip_readiness(p: Partnerships) -> pd.DataFrame:
    """Per partnership: share of applicable IP measures in place (partly counts half), 0-100."""
    status = ip_status(p)
    applicable = status.loc[status["status"] != "not applicable"]
    credit = applicable["status"].map(STATUS_CREDIT).fillna(0.0)
    grouped = credit.groupby(applicable["partnership"])
    table = pd.DataFrame({"readiness": grouped.mean() * 100, "applicable": grouped.size()})
    table["recorded"] = (
        applicable.loc[applicable["status"] != "not recorded"].groupby("partnership").size()
    )
    table = table.reindex(p.partnerships["id"]).fillna(0).rename_axis("partnership")
    table["recorded"] = table["recorded"].astype(int)
    return table.reset_index().merge(exposure(p), on="partnership")


def ip_what_if(status: pd.DataFrame, partnership: str, ticked: set[str]) -> float:
    """A partnership's IP readiness if the `ticked` measures were put in place."""
    rows = status.loc[
        (status["partnership"] == partnership) & (status["status"] != "not applicable")
    ]
    credit = [
        1.0 if r.measure in ticked else STATUS_CREDIT.get(r.status, 0.0) for r in rows.itertuples()
    ]
    return sum(credit) / len(credit) * 100 if credit else 0.0


def missing_ip(p: Partnerships) -> pd.DataFrame:
    """IP measures not (fully) in place, ranked by the exposure of their partnership.

    A measure against leaks counts in full where sensitive knowledge flows out; half where
    nothing sensitive does. 'Partly' counts half of 'missing' or 'not recorded'.
    """
    status = ip_status(p)
    gaps = status.loc[status["status"].isin(["missing", "partly", "not recorded"])].copy()
    kinds = {m.id: m.protects_against for m in ip_checklist().items}
    why = {m.id: m.why for m in ip_checklist().items}
    exposed = dict(zip(*exposure(p)[["partnership", "exposure"]].T.values, strict=True))
    gaps["exposure"] = gaps["partnership"].map(exposed).astype(float)
    leak = gaps["measure"].map(kinds).eq("leak")
    weight = (gaps["exposure"] + 1) * leak.map({True: 1.0, False: 0.5})
    gaps["priority"] = weight * gaps["status"].map({"partly": 0.5}).fillna(1.0)
    gaps["why"] = gaps["measure"].map(why)
    order = ["priority", "exposure"]
    return gaps.sort_values(order, ascending=False, kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class FlowFinding:
    """Something the knowledge flows of one partnership show, with the register rows behind it."""

    partnership: str
    kind: str  # "written-only tacit", "one way", "no tacit route"
    rows: tuple[int, ...]
    knowledge: tuple[str, ...]


def flow_findings(p: Partnerships) -> list[FlowFinding]:
    """What the SECI reading of each partnership's flows shows.

    Tacit knowledge needs people to travel (socialisation) or to be written down first
    (externalisation): tacit knowledge sent only through documents or a shared platform
    mostly does not arrive. A partnership whose flows all go one way has no route for the
    partner's knowledge to come back.
    """
    findings = []
    for ident, flows in p.flows.groupby("partnership", sort=False):
        written_tacit = flows.loc[(flows["form"] == "tacit") & flows["mechanism"].isin(WRITTEN)]
        if len(written_tacit):
            findings.append(_finding(ident, "written-only tacit", written_tacit))
        sides = set(flows["from_side"])
        if len(flows) >= 2 and len(sides) == 1:
            findings.append(_finding(ident, f"one way from {sides.pop()}", flows))
    return findings


def _finding(ident: str, kind: str, flows: pd.DataFrame) -> FlowFinding:
    return FlowFinding(ident, kind, tuple(flows["row"]), tuple(flows["knowledge"]))


def seci_use(p: Partnerships) -> pd.DataFrame:
    """How many flows of each partnership rely on each SECI conversion (blank: not said)."""
    flows = p.flows.loc[p.flows["seci"] != ""]
    if flows.empty:
        return pd.DataFrame(columns=["partnership", "seci", "flows"])
    return flows.groupby(["partnership", "seci"]).size().rename("flows").reset_index()


def flow_map(p: Partnerships) -> pd.DataFrame:
    """One row per flow, with the organisation it leaves and the one it reaches, for the map."""
    names = dict(zip(p.partnerships["id"], p.partnerships["partner"], strict=True))
    flows = p.flows.copy()
    partner = flows["partnership"].map(names)
    flows["source"] = partner.where(flows["from_side"] == "partner", "Our firm")
    flows["target"] = partner.where(flows["from_side"] == "us", "Our firm")
    flows["direction"] = flows["from_side"].map({"us": "out", "partner": "in"})
    return flows


def key_people(inventory: Inventory) -> pd.DataFrame:
    """Holders of a critical asset that one or two people hold, with the highest such risk."""
    risk = asset_risk(inventory)
    held = risk.loc[
        (risk["criticality"] >= CRITICAL) & risk["holder_count"].between(1, KEY_HOLDERS)
    ]
    rows = [
        {"holder": h, "asset": a.asset, "risk": a.risk, "alone": a.holder_count == 1, "row": a.row}
        for a in held.itertuples()
        for h in a.holders
    ]
    if not rows:
        return pd.DataFrame(columns=["holder", "risk", "assets", "alone", "rows"])
    frame = pd.DataFrame(rows)
    table = frame.groupby("holder").agg(
        risk=("risk", "max"),
        assets=("asset", lambda s: tuple(s)),
        alone=("alone", "sum"),
        rows=("row", lambda s: tuple(s)),
    )
    return table.sort_values("risk", ascending=False).reset_index()


def _measure_credit(plan: pd.Series, today: pd.Timestamp) -> dict[str, float]:
    """How far each continuity measure is in place for one plan row (0, 0.5 or 1)."""
    drill = plan["last_drill"]
    recent = drill is not None and not pd.isna(drill)
    recent = recent and (today - pd.Timestamp(drill)).days <= DRILL_MONTHS * 30.5
    return {
        "successor": float(bool(plan["successor"])),
        "reasoning": float(plan["reasoning"] == "yes"),
        "cross_training": {"yes": 1.0, "partly": 0.5}.get(plan["cross_training"], 0.0),
        "duties": float(plan["duties"] == "yes"),
        "restoration": float(
            plan["restoration_days"] is not None and not pd.isna(plan["restoration_days"])
        ),
        "partner_cover": float(bool(plan["partner_cover"])),
        "drill": float(recent),
    }


def continuity_readiness(
    p: Partnerships | None, inventory: Inventory, today: pd.Timestamp
) -> pd.DataFrame:
    """Per key person (from the audit): readiness 0-100 and what is missing, riskiest first.

    Key people without a plan row score 0 with every measure missing.
    """
    people = key_people(inventory)
    plans = {} if p is None else {r["holder"]: r for _, r in p.continuity.iterrows()}
    names = {m.id: m.name for m in continuity_checklist().measures}
    rows = []
    for person in people.itertuples():
        plan = plans.get(person.holder)
        credit = _measure_credit(plan, today) if plan is not None else dict.fromkeys(names, 0.0)
        missing = tuple(names[m] for m, c in credit.items() if c < 1)
        rows.append(
            {
                "holder": person.holder,
                "risk": person.risk,
                "assets": person.assets,
                "planned": plan is not None,
                "readiness": sum(credit.values()) / len(credit) * 100,
                "missing": missing,
                "plan_row": plan["row"] if plan is not None else None,
                "inventory_rows": person.rows,
                **{f"has_{m}": c for m, c in credit.items()},
            }
        )
    return pd.DataFrame(rows)


def readiness_with(table: pd.DataFrame, holder: str, ticked: set[str]) -> float:
    """A key person's readiness if the `ticked` measures were in place (for the explorer)."""
    row = table.loc[table["holder"] == holder].iloc[0]
    measures = [c.removeprefix("has_") for c in table.columns if c.startswith("has_")]
    credit = [1.0 if m in ticked else row[f"has_{m}"] for m in measures]
    return sum(credit) / len(credit) * 100


@dataclass(frozen=True)
class KtpBudget:
    """A KTP's yearly cost and the firm's share, from the consultant's own figures."""

    partnership: str
    academic_partner: str
    months: int
    yearly_cost: float
    yearly_share: float  # what the firm pays a year
    total_share: float  # over the whole placement
    currency: str


def ktp_budget(ktp: Ktp) -> KtpBudget:
    """Add up a KTP's yearly costs and take off the grant's share."""
    yearly = ktp.graduate_cost + ktp.supervision_cost + ktp.other_cost
    share = yearly * (1 - ktp.grant_share)
    return KtpBudget(
        ktp.partnership,
        ktp.academic_partner,
        ktp.months,
        yearly,
        share,
        share * ktp.months / 12,
        ktp.currency,
    )
