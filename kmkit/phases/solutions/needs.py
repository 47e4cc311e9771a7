"""Phase 04's needs: what earlier phases measured that an intervention can address.

Maturity categories that score low (awareness), kinds of knowledge risk in the inventory and
SECI conversions the firm lacks (audit), and gaps in partnerships (phase 06). Each need
carries its weight and its 'because', with the survey wave or file rows behind it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kmkit.core.said import Said, Source, counted
from kmkit.core.scoring import MaturityResult
from kmkit.phases.audit.compute import asset_risk, seci_reading
from kmkit.phases.audit.inputs import Inventory
from kmkit.phases.partnerships.compute import READY, flow_findings, ip_readiness
from kmkit.phases.partnerships.inputs import Partnerships
from kmkit.phases.partnerships.surveys import AllianceView

NEED_BELOW = 3.5  # maturity categories under this mean are needs
IMPORTANT = 3  # criticality from which an asset's risks count as needs (critical is 4 and up)


@dataclass(frozen=True)
class Need:
    """One measured need an intervention can address, and where it was measured."""

    source: str  # awareness, audit or seci
    key: str  # maturity category id, risk kind or SECI conversion
    weight: float
    because: Said  # traced for the report, plain for the deck and dashboard


def maturity_needs(result: MaturityResult) -> list[Need]:
    """Categories scoring under NEED_BELOW: the further under, the heavier the need."""
    needs = []
    for cat in result.categories.itertuples():
        if cat.mean < NEED_BELOW:
            text = Said(
                f"maturity '{cat.name}' scores {cat.mean:.1f} of 5",
                details=(f"survey wave '{result.wave}', {counted(cat.n, 'respondent')}",),
            )
            needs.append(Need("awareness", cat.category, (NEED_BELOW - cat.mean) / 2.5, text))
    return needs


SECI_WORDS = {  # each of Nonaka's conversions, as a manager would say it is lacking
    "socialisation": "know-how rarely passed on by working side by side",
    "externalisation": "know-how rarely written down",
    "combination": "documents rarely brought together and completed",
    "internalisation": "written knowledge rarely learnt by the people who need it",
}
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
        text = Said(
            f"{counted(len(hit), 'important knowledge asset')} {words}",
            details=(f"riskiest '{top['asset']}', risk {top['risk']:.0f} of 100",),
            sources=(Source(file, tuple(sorted(hit["row"]))),),
        )
        needs.append(Need("audit", kind, min(1.5, float(hit["risk"].sum()) / 100), text))
    return needs


def seci_needs(inventory: Inventory, file: str) -> list[Need]:
    """SECI conversions the inventory shows lacking."""
    needs = []
    for c in seci_reading(inventory):
        if c.lacks:
            text = Said(
                f"{SECI_WORDS[c.name.lower()]} ({c.name.lower()}) for {c.lacking} of "
                f"{c.needed} knowledge assets that need it",
                sources=(Source(file, c.rows),),
            )
            needs.append(Need("seci", c.name.lower(), c.lacking / c.needed, text))
    return needs


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
            text = Said(
                f"{counted(len(weak), 'key person', 'key people')} "
                f"{'has' if len(weak) == 1 else 'have'} under {READY}% of a continuity plan",
                details=(f"riskiest '{top['holder']}', {top['readiness']:.0f}%",),
                sources=(Source(file),),
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
        text = Said(
            f"IP protection under {READY}% in {counted(len(exposed), 'partnership')} that "
            "carry the firm's sensitive knowledge out",
            details=(f"lowest: {names[worst['partnership']]}, {worst['readiness']:.0f}%",),
            sources=(Source(p.files["ip"]), Source(p.files["flows"])),
        )
        weight = float((1 - exposed["readiness"] / 100).sum())
        needs.append(Need("partnerships", "ip", min(1.5, weight), text))
    for view in alliance or []:
        if view.overall is None:
            continue
        low = view.overall.categories.loc[view.overall.categories["mean"] < NEED_BELOW]
        if len(low):
            worst = low.sort_values("mean").iloc[0]
            text = Said(
                f"alliance with {names[view.partnership]}: '{worst['name']}' rated "
                f"{worst['mean']:.1f} of 5 by both sides",
                details=(
                    f"survey '{view.wave}', {counted(view.overall.respondents, 'respondent')}",
                ),
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
            rows = tuple(r for f in hits for r in f.rows)
            text = Said(
                f"{words}: {counted(len(hits), 'partnership')}",
                sources=(Source(p.files["flows"], rows),),
            )
            needs.append(Need("partnerships", key, min(1.0, 0.4 * len(hits)), text))
    return needs
