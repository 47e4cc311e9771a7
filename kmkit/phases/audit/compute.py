"""Phase 03, the knowledge audit: what is at risk, who the firm depends on, what if they leave."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kmkit.phases.audit.inputs import LEVELS, Inventory

# Thin documentation makes a loss worse: nothing is left to learn from.
DOCUMENTATION_FACTOR = {"none": 1.5, "partial": 1.2, "full": 1.0}
MAX_RISK = 5 * 5 * max(DOCUMENTATION_FACTOR.values())
CRITICAL = 4  # criticality at or above which an asset counts as critical


def asset_risk(inventory: Inventory) -> pd.DataFrame:
    """Per asset: criticality x likelihood of loss, raised where documentation is thin (0-100)."""
    assets = inventory.assets.copy()
    factor = assets["documentation"].map(DOCUMENTATION_FACTOR)
    assets["risk"] = assets["criticality"] * assets["loss_likelihood"] * factor / MAX_RISK * 100
    assets["holder_count"] = assets["holders"].map(len)
    return assets.sort_values("risk", ascending=False, kind="stable").reset_index(drop=True)


def area_risk(inventory: Inventory) -> pd.DataFrame:
    """Per knowledge area: assets, the highest and mean asset risk, and critical assets."""
    risk = asset_risk(inventory)
    grouped = risk.groupby("area")
    table = pd.DataFrame(
        {
            "assets": grouped.size(),
            "max_risk": grouped["risk"].max(),
            "mean_risk": grouped["risk"].mean(),
            "critical": grouped["criticality"].apply(lambda c: int((c >= CRITICAL).sum())),
            "bus_factor": grouped.apply(_bus_factor, include_groups=False),
        }
    )
    return table.sort_values("max_risk", ascending=False).reset_index()


def _bus_factor(assets: pd.DataFrame) -> float:
    """The fewest holders of any critical asset: how many departures lose one entirely."""
    critical = assets.loc[assets["criticality"] >= CRITICAL, "holders"]
    return float(min((len(h) for h in critical), default=float("nan")))


def key_people(inventory: Inventory) -> pd.DataFrame:
    """The holders critical knowledge depends on: critical assets held, and held alone."""
    rows = []
    for asset in inventory.assets.itertuples():
        for holder in asset.holders:
            rows.append(
                {
                    "holder": holder,
                    "critical": asset.criticality >= CRITICAL,
                    "alone": len(asset.holders) == 1,
                    "share": 1 / len(asset.holders) * asset.criticality,
                }
            )
    if not rows:
        return pd.DataFrame(columns=["holder", "critical_assets", "sole_holder_of", "dependency"])
    frame = pd.DataFrame(rows)
    table = frame.groupby("holder").agg(
        critical_assets=("critical", "sum"),
        sole_holder_of=("alone", lambda a: int((a & frame.loc[a.index, "critical"]).sum())),
        dependency=("share", "sum"),
    )
    return table.sort_values(["sole_holder_of", "dependency"], ascending=False).reset_index()


def firm_bus_factor(inventory: Inventory) -> float:
    """The fewest holders of any critical asset in the whole firm."""
    return _bus_factor(inventory.assets)


def without_holder(inventory: Inventory, holder: str) -> Inventory:
    """The inventory as it would stand if this holder left: what only they held is now lost."""
    assets = inventory.assets.copy()
    held = assets["holders"].map(lambda h: holder in h)
    assets.loc[held, "holders"] = assets.loc[held, "holders"].map(
        lambda h: tuple(x for x in h if x != holder)
    )
    orphaned = held & assets["holders"].map(len).eq(0)
    assets.loc[orphaned, "loss_likelihood"] = 5
    assets.loc[held & ~orphaned, "loss_likelihood"] = assets.loc[
        held & ~orphaned, "loss_likelihood"
    ].clip(lower=4)
    return Inventory(inventory.path, assets)


def knowledge_mix(inventory: Inventory) -> pd.DataFrame:
    """Share of assets by kind (tacit, explicit) and by where they reside (Sveiby)."""
    assets = inventory.assets
    return (assets.groupby(["resides", "kind"]).size() / len(assets)).rename("share").reset_index()


def filtered(
    inventory: Inventory, area: str | None = None, resides: str | None = None
) -> Inventory:
    """The inventory limited to one knowledge area and/or one place knowledge resides."""
    keep = pd.Series(True, index=inventory.assets.index)
    if area:
        keep &= inventory.assets["area"] == area
    if resides:
        keep &= inventory.assets["resides"] == resides
    return Inventory(inventory.path, inventory.assets.loc[keep].reset_index(drop=True))


def area_gaps(inventory: Inventory, importance: pd.DataFrame | None = None) -> pd.DataFrame:
    """As-is vs to-be gap per knowledge area and dimension, weighted by strategic importance.

    `importance` is `strategy.area_importance`; without it every area weighs 1. Areas the
    strategy does not name get weight 0 and `in_strategy` False, so they can be flagged.
    """
    rows = []
    for area, assets in inventory.assets.groupby("area", sort=False):
        gaps = {}
        for level in LEVELS:
            now, target = assets[f"{level}_now"], assets[f"{level}_target"]
            both = now.notna() & target.notna()
            gaps[level] = (
                float((target[both] - now[both]).clip(lower=0).mean()) if both.any() else 0.0
            )
        rows.append({"area": area, **gaps, "rows": tuple(assets["row"])})
    table = pd.DataFrame(rows, columns=["area", *LEVELS, "rows"])
    table["gap"] = table[list(LEVELS)].mean(axis=1)
    if importance is None:
        table["importance"], table["in_strategy"] = 1.0, True
    else:
        weight = dict(zip(importance["area"], importance["importance"], strict=True))
        table["in_strategy"] = table["area"].isin(weight)
        table["importance"] = table["area"].map(weight).fillna(0.0).astype(float)
    table["weighted_gap"] = table["gap"] * table["importance"]
    return table.sort_values(["weighted_gap", "gap"], ascending=False).reset_index(drop=True)


@dataclass(frozen=True)
class Conversion:
    """One SECI conversion: whether the inventory shows the firm lacks it, and the evidence."""

    name: str
    moves: str
    needed: int  # assets where the conversion is needed
    lacking: int  # of those, assets where it has not happened
    rows: tuple[int, ...]  # inventory rows of the lacking assets

    @property
    def lacks(self) -> bool:
        """Half or more of the assets that need this conversion have not had it."""
        return self.needed > 0 and self.lacking / self.needed >= 0.5


def seci_reading(inventory: Inventory) -> list[Conversion]:
    """Which of Nonaka's four knowledge conversions the inventory shows the firm lacks.

    kmkit's reading rules: externalisation is lacking where critical tacit knowledge is barely
    codified (codification 1-2); socialisation where tacit knowledge is barely diffused
    (diffusion 1-2); combination where explicit knowledge is only partly documented; and
    internalisation where written-down knowledge (codification 3+) is still barely diffused.
    """
    a = inventory.assets
    tacit, explicit = a["kind"] == "tacit", a["kind"] == "explicit"
    critical = a["criticality"] >= CRITICAL
    low = 2

    def conversion(name: str, moves: str, need: pd.Series, gap: pd.Series) -> Conversion:
        lacking = need & gap
        return Conversion(
            name, moves, int(need.sum()), int(lacking.sum()), tuple(a.loc[lacking, "row"])
        )

    codified = a["codification_now"].fillna(0) >= 3
    return [
        conversion("Socialisation", "tacit to tacit, person to person", tacit,
                   a["diffusion_now"].fillna(0) <= low),
        conversion("Externalisation", "tacit to explicit, writing know-how down",
                   tacit & critical, a["codification_now"].fillna(0) <= low),
        conversion("Combination", "explicit to explicit, bringing documents together",
                   explicit, a["documentation"] != "full"),
        conversion("Internalisation", "explicit to tacit, people learning what is written",
                   codified, a["diffusion_now"].fillna(0) <= low),
    ]  # fmt: skip


@dataclass(frozen=True)
class WhatIf:
    """What changes if one holder leaves: assets left with nobody, and risk before and after."""

    holder: str
    orphaned: pd.DataFrame  # assets only they held
    weakened: pd.DataFrame  # assets they shared, now with fewer holders
    risk_before: float
    risk_after: float
    bus_factor_before: float
    bus_factor_after: float


def what_if(inventory: Inventory, holder: str) -> WhatIf:
    """Compare the risk picture now with the picture if this holder left."""
    held = inventory.assets["holders"].map(lambda h: holder in h)
    alone = held & inventory.assets["holders"].map(len).eq(1)
    after = without_holder(inventory, holder)
    return WhatIf(
        holder=holder,
        orphaned=inventory.assets.loc[alone].reset_index(drop=True),
        weakened=inventory.assets.loc[held & ~alone].reset_index(drop=True),
        risk_before=_mean_critical_risk(inventory),
        risk_after=_mean_critical_risk(after),
        bus_factor_before=firm_bus_factor(inventory),
        bus_factor_after=firm_bus_factor(after),
    )


def departures(inventory: Inventory) -> pd.DataFrame:
    """Each holder of critical knowledge, the departure that would hurt most first.

    A departure hurts by how much it raises the average risk of the firm's critical knowledge
    (what_if); ties go to the one that leaves more critical knowledge with nobody. This is the
    one measure of 'whose departure would hurt most' that every slide and page names.
    """
    people = key_people(inventory)
    rows = []
    for holder in people.loc[people["critical_assets"] > 0, "holder"]:
        change = what_if(inventory, holder)
        lost = change.orphaned.loc[change.orphaned["criticality"] >= CRITICAL, "asset"]
        rows.append(
            {
                "holder": holder,
                "risk_before": change.risk_before,
                "risk_after": change.risk_after,
                "rise": change.risk_after - change.risk_before,
                "orphaned": tuple(change.orphaned["asset"]),
                "critical_orphaned": len(lost),
            }
        )
    columns = ["holder", "risk_before", "risk_after", "rise", "orphaned", "critical_orphaned"]
    if not rows:
        return pd.DataFrame(columns=columns)
    table = pd.DataFrame(rows, columns=columns)
    order = table.assign(rise_key=table["rise"].round(9))  # the same rise, however summed
    order = order.sort_values(
        ["rise_key", "critical_orphaned", "holder"], ascending=[False, False, True], kind="stable"
    )
    return order.drop(columns="rise_key").reset_index(drop=True)


def _mean_critical_risk(inventory: Inventory) -> float:
    risk = asset_risk(inventory)
    critical = risk.loc[risk["criticality"] >= CRITICAL, "risk"]
    return float(critical.mean()) if len(critical) else 0.0
