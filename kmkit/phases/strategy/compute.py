"""Phase 02, strategy: why the firm wants KM, and which knowledge areas its goals depend on.

The orientation follows Von Krogh, Ichijo and Nonaka's three motives as Handzic summarises
them; goals x knowledge areas follows the first steps of Siemens' knowledge strategy process
(business goals and their indicators, then the knowledge areas that serve them).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kmkit.core.scoring import MaturityResult
from kmkit.core.workspace import Client
from kmkit.phases.awareness.compute import score_stored
from kmkit.phases.strategy.inputs import KnowledgeAreas

ORIENTATION = "orientation"
CLEAR_CUT = 0.5  # points between first and second orientation for a clear-cut profile
LEANING = 0.2  # below this the two orientations are too close to tell apart


@dataclass(frozen=True)
class Orientation:
    """The firm's strategic orientation: scores per motive, primary, secondary, clarity."""

    result: MaturityResult
    primary: str
    secondary: str
    gap: float
    first_choice: pd.Series  # orientation name -> respondents who rate it highest (ties shared)
    primary_id: str = ""  # the categories' ids: what code keys on, in any language
    secondary_id: str = ""

    @property
    def clarity(self) -> str:
        """'clear-cut', 'leaning' or 'mixed', from the distance between the top two."""
        if self.gap >= CLEAR_CUT:
            return "clear-cut"
        return "leaning" if self.gap >= LEANING else "mixed"


def orientation_from(result: MaturityResult) -> Orientation:
    """Read primary and secondary orientation, and how clear-cut they are, from scores."""
    ranked = result.ranked()
    names = result.instrument.category_names()
    people = result.by_respondent[list(names)]
    top = people.eq(people.max(axis=1), axis=0) & people.notna()
    share = top.div(top.sum(axis=1).replace(0, np.nan), axis=0).sum().rename(index=names)
    return Orientation(
        result=result,
        primary=ranked["name"].iloc[0],
        secondary=ranked["name"].iloc[1],
        gap=float(ranked["mean"].iloc[0] - ranked["mean"].iloc[1]),
        first_choice=share,
        primary_id=ranked["category"].iloc[0],
        secondary_id=ranked["category"].iloc[1],
    )


def assess_orientation(client: Client, wave: str | None = None) -> Orientation:
    """Score the management team's orientation answers (latest wave when none is named)."""
    return orientation_from(score_stored(client, ORIENTATION, wave))


def alignment(areas: KnowledgeAreas) -> pd.DataFrame:
    """Goal x knowledge-area grid of strengths (0-3), every pair present, for the heatmap."""
    grid = pd.MultiIndex.from_product(
        [[g.goal for g in areas.goals], list(areas.areas["area"])], names=["goal", "area"]
    ).to_frame(index=False)
    full = grid.merge(areas.links[["goal", "area", "strength", "row"]], how="left")
    full["strength"] = full["strength"].fillna(0).astype(int)
    full["goal_no"] = full["goal"].map({g.goal: n + 1 for n, g in enumerate(areas.goals)})
    return full


def area_importance(areas: KnowledgeAreas) -> pd.DataFrame:
    """Each area's weight in the strategy: sum of goal weight x strength, scaled so the top is 1."""
    weights = {g.goal: g.weight for g in areas.goals}
    links = areas.links.assign(points=areas.links["strength"] * areas.links["goal"].map(weights))
    points = links.groupby("area")["points"].sum()
    served = links.groupby("area")["goal_no"].apply(lambda s: tuple(sorted(s)))
    table = areas.areas[["area", "row"]].copy()
    table["points"] = table["area"].map(points).fillna(0).astype(int)
    top = table["points"].max()
    table["importance"] = table["points"] / top if top else 0.0
    table["goals"] = table["area"].map(served).map(lambda g: g if isinstance(g, tuple) else ())
    return table.sort_values(["points", "area"], ascending=[False, True]).reset_index(drop=True)


def unserved_goals(areas: KnowledgeAreas) -> list[tuple[int, str]]:
    """Goals no knowledge area serves: the strategy names them but nothing backs them."""
    served = set(areas.links["goal_no"])
    return [(n + 1, g.goal) for n, g in enumerate(areas.goals) if n + 1 not in served]
