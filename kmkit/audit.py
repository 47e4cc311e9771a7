"""Phase 03, the knowledge audit: what is at risk, who the firm depends on, what if they leave."""

from __future__ import annotations

import pandas as pd

from kmkit.inventory import Inventory

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
