"""Phase 07: the re-audit. Knowledge risk at the first audit and now, per asset and per area.

Liebowitz's 'Putting More Rigor into Knowledge Management' closes a KM programme with a
post-audit; here the first inventory snapshot and the latest are read with the same risk
score as phase 03, asset by asset (matched by name), and a fall in risk is set beside the
interventions done that address the kinds of risk the asset carried.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kmkit.inputs.tables import normalise
from kmkit.phases.audit.compute import CRITICAL, area_risk, asset_risk
from kmkit.phases.audit.inputs import Inventory
from kmkit.phases.solutions.catalogue import Catalogue
from kmkit.phases.solutions.needs import RISK_WORDS, risk_kinds

SAME = 1.0  # a change of risk under this many points (of 100) is no change
LEVEL_WORDS = {"loss_likelihood": "likelihood of loss", "criticality": "criticality"}
KEPT = ("area", "risk", "holders", "documentation", "criticality", "loss_likelihood", "row")


def _keyed(inventory: Inventory) -> pd.DataFrame:
    """The assets with their risk and their kinds of risk, keyed by the asset's loose name."""
    risk = asset_risk(inventory)
    kinds = risk_kinds(Inventory(inventory.path, risk))
    risk["kinds"] = [tuple(k for k in RISK_WORDS if row[k]) for _, row in kinds.iterrows()]
    return risk.assign(key=risk["asset"].map(normalise)).set_index("key")


def risk_change(first: Inventory, latest: Inventory) -> pd.DataFrame:
    """Per asset: risk then and now (0-100), what changed, and new, gone, lower, higher or same."""
    then, now = _keyed(first), _keyed(latest)
    table = then[[*KEPT, "asset", "kinds"]].merge(
        now[[*KEPT, "asset"]], how="outer", left_index=True, right_index=True,
        suffixes=("_then", "_now"),
    )  # fmt: skip
    table["asset"] = table["asset_now"].fillna(table["asset_then"])
    table["area"] = table["area_now"].fillna(table["area_then"])
    table["change"] = table["risk_now"] - table["risk_then"]
    table["status"] = [
        _status(a, b, c)
        for a, b, c in zip(table["risk_then"], table["risk_now"], table["change"], strict=True)
    ]
    table = table.drop(columns=["asset_then", "asset_now", "area_then", "area_now"])
    order = table["risk_now"].fillna(table["risk_then"])
    return table.assign(order=order).sort_values("order", ascending=False).drop(columns="order")


def _status(then: float, now: float, change: float) -> str:
    if pd.isna(then):
        return "new"
    if pd.isna(now):
        return "gone"
    if abs(change) < SAME:
        return "same"
    return "lower" if change < 0 else "higher"


def what_changed(row: pd.Series) -> list[str]:
    """In words, what moved an asset's risk: documentation, holders, likelihood, criticality."""
    said = []
    if row["documentation_then"] != row["documentation_now"]:
        said.append(f"documentation {row['documentation_then']} to {row['documentation_now']}")
    held = (len(row["holders_then"]), len(row["holders_now"]))
    if held[0] != held[1]:
        said.append(f"holders {held[0]} to {held[1]}")
    for column, words in (
        ("loss_likelihood", "likelihood of loss"),
        ("criticality", "criticality"),
    ):
        if row[f"{column}_then"] != row[f"{column}_now"]:
            said.append(f"{words} {row[f'{column}_then']:.0f} to {row[f'{column}_now']:.0f}")
    return said


def area_change(first: Inventory, latest: Inventory) -> pd.DataFrame:
    """Per area: the highest asset risk and the bus factor, then and now."""
    then = area_risk(first).set_index("area")[["max_risk", "bus_factor"]]
    now = area_risk(latest).set_index("area")[["max_risk", "bus_factor"]]
    table = then.merge(
        now, how="outer", left_index=True, right_index=True, suffixes=("_then", "_now")
    )
    table["change"] = table["max_risk_now"] - table["max_risk_then"]
    return table.sort_values("max_risk_now", ascending=False).reset_index()


def critical_risk(inventory: Inventory) -> float:
    """The mean risk of the critical assets (criticality 4 or 5): the audit's one figure."""
    risk = asset_risk(inventory)
    critical = risk.loc[risk["criticality"] >= CRITICAL, "risk"]
    return float(critical.mean()) if len(critical) else 0.0


def sole_holders(inventory: Inventory) -> pd.DataFrame:
    """Key-person risks: each critical asset held by one person alone, with that person."""
    a = inventory.assets
    alone = a.loc[(a["criticality"] >= CRITICAL) & a["holders"].map(len).eq(1)]
    return pd.DataFrame(
        {
            "holder": alone["holders"].map(lambda h: h[0]),
            "asset": alone["asset"],
            "key": alone["asset"].map(normalise),
            "row": alone["row"],
        }
    ).reset_index(drop=True)


@dataclass(frozen=True)
class KeyPeople:
    """Key-person risks resolved since the first audit, still there, and new ones."""

    resolved: pd.DataFrame  # holder, asset, row (first snapshot), holders_now
    remaining: pd.DataFrame  # holder, asset, row (latest)
    new: pd.DataFrame  # holder, asset, row (latest)


def key_person_change(first: Inventory, latest: Inventory) -> KeyPeople:
    """Compare who alone holds critical knowledge at the first audit and now."""
    then, now = sole_holders(first), sole_holders(latest)
    pair = ["holder", "key"]
    then_pairs = set(map(tuple, then[pair].to_numpy()))
    now_pairs = set(map(tuple, now[pair].to_numpy()))
    resolved = then.loc[[p not in now_pairs for p in map(tuple, then[pair].to_numpy())]]
    held_now = dict(
        zip(latest.assets["asset"].map(normalise), latest.assets["holders"], strict=True)
    )
    resolved = resolved.assign(holders_now=resolved["key"].map(lambda k: held_now.get(k)))
    is_new = [p not in then_pairs for p in map(tuple, now[pair].to_numpy())]
    return KeyPeople(
        resolved.reset_index(drop=True),
        now.loc[[not n for n in is_new]].reset_index(drop=True),
        now.loc[is_new].reset_index(drop=True),
    )


def ties(change: pd.DataFrame, done: list[str], catalogue: Catalogue) -> dict[str, list[str]]:
    """For each asset whose risk fell, the interventions done that address its kinds of risk.

    They happened in the same period and aim at that kind of risk; the data cannot prove
    they caused the fall, and the sentences say so.
    """
    by_id = catalogue.by_id()
    found = {}
    for key, row in change.loc[change["status"] == "lower"].iterrows():
        kinds = set(row["kinds"]) if isinstance(row["kinds"], tuple) else set()
        found[key] = [by_id[i].name for i in done if i in by_id and kinds & set(by_id[i].risks)]
    return found
