"""Phase 02, strategy: why the firm wants KM, and which knowledge areas its goals depend on.

The orientation follows Von Krogh, Ichijo and Nonaka's three motives as seed 000 summarises
them; goals x knowledge areas follows the first steps of Siemens' knowledge strategy process
(business goals and their indicators, then the knowledge areas that serve them).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from kmkit.awareness import score_stored
from kmkit.errors import InputError
from kmkit.importing.columns import normalise
from kmkit.importing.rows import RowProblem, RowsRejected
from kmkit.importing.tables import read_table
from kmkit.scoring import MaturityResult
from kmkit.workspace import BusinessGoal, Client

ORIENTATION = "orientation"
CLEAR_CUT = 0.5  # points between first and second orientation for a clear-cut profile
LEANING = 0.2  # below this the two orientations are too close to tell apart
AREAS_FILE = "areas.csv"
STRENGTHS = {0: "none", 1: "helps", 2: "matters", 3: "essential"}


@dataclass(frozen=True)
class Orientation:
    """The firm's strategic orientation: scores per motive, primary, secondary, clarity."""

    result: MaturityResult
    primary: str
    secondary: str
    gap: float
    first_choice: pd.Series  # orientation name -> respondents who rate it highest (ties shared)

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
    )


def assess_orientation(client: Client, wave: str | None = None) -> Orientation:
    """Score the management team's orientation answers (latest wave when none is named)."""
    return orientation_from(score_stored(client, ORIENTATION, wave))


class AreasRejected(RowsRejected):
    """Some rows of the knowledge-areas file are bad; every one is listed and nothing is used."""

    code = "areas-rejected"


@dataclass(frozen=True)
class KnowledgeAreas:
    """The knowledge-areas file: areas, and how strongly each serves each business goal."""

    path: Path
    areas: pd.DataFrame  # area, description, row
    links: pd.DataFrame  # area, goal, goal_no, strength, row, column (strength > 0 only)
    goals: tuple[BusinessGoal, ...]


def areas_path(client: Client) -> Path | None:
    """The client's knowledge-areas file (areas.csv or areas.xlsx in data/), if there is one."""
    found = sorted(client.data_dir.glob("areas.*"))
    return next((p for p in found if p.suffix.lower() in (".csv", ".xlsx")), None)


def goal_columns(goals: tuple[BusinessGoal, ...] | list[BusinessGoal]) -> list[str]:
    """The header a goal's column carries in the areas file: its own words."""
    return [g.goal for g in goals]


def _goal_for(header: str, goals: tuple[BusinessGoal, ...]) -> int | None:
    """Which goal (0-based) a column names: its text, or G1, G2... in client.yaml order."""
    key = normalise(header)
    for number, goal in enumerate(goals):
        if key in (normalise(goal.goal), f"g{number + 1}"):
            return number
    return None


def _strength(text: str) -> tuple[int | None, str | None]:
    text = text.strip()
    if not text:
        return 0, None
    if text in ("0", "1", "2", "3"):
        return int(text), None
    meaning = ", ".join(f"{k} {v}" for k, v in STRENGTHS.items())
    return None, f"'{text[:40]}' is not 0, 1, 2 or 3 ({meaning}; blank means 0)"


def read_areas(path: Path, goals: tuple[BusinessGoal, ...] | list[BusinessGoal]) -> KnowledgeAreas:
    """Read and validate a knowledge-areas file against the client's business goals."""
    goals = tuple(goals)
    table = read_table(path)
    keys = [normalise(h) for h in table.header]
    if "area" not in keys:
        raise InputError(path, "no 'area' column; the first column names the knowledge area", 1)
    goal_of: dict[int, int] = {}
    for index, header in enumerate(table.header):
        if keys[index] in ("area", "description"):
            continue
        number = _goal_for(header, goals)
        if number is None:
            known = "; ".join(f"G{n + 1} '{g.goal}'" for n, g in enumerate(goals)) or "none yet"
            msg = (
                f"the column '{header}' names no business goal in client.yaml. Goals: {known}. "
                "Name the column after the goal's text (or G1, G2...)"
            )
            raise InputError(path, msg, row=1, column=header)
        if number in goal_of.values():
            raise InputError(path, f"goal G{number + 1} has two columns", row=1, column=header)
        goal_of[index] = number
    area_at, description_at = (
        keys.index("area"),
        (keys.index("description") if "description" in keys else None),
    )
    areas, links, problems, seen = [], [], [], {}
    for number, raw in zip(table.row_numbers, table.rows, strict=True):
        raw = raw + [""] * (len(table.header) - len(raw))
        area = raw[area_at].strip()
        before = len(problems)
        if not area:
            problems.append(RowProblem(number, table.header[area_at], "the area is empty"))
        elif normalise(area) in seen:
            reason = f"repeats the area in row {seen[normalise(area)]}"
            problems.append(RowProblem(number, table.header[area_at], reason))
        seen.setdefault(normalise(area), number)
        row_links = []
        for index, goal_no in goal_of.items():
            value, why = _strength(raw[index])
            if why:
                problems.append(RowProblem(number, table.header[index], why))
            elif value:
                row_links.append(
                    {
                        "area": area,
                        "goal": goals[goal_no].goal,
                        "goal_no": goal_no + 1,
                        "strength": value,
                        "row": number,
                        "column": table.header[index],
                    }
                )
        if len(problems) == before:
            description = raw[description_at].strip() if description_at is not None else ""
            areas.append({"area": area, "description": description, "row": number})
            links.extend(row_links)
    if problems:
        raise AreasRejected(path, problems)
    link_columns = ["area", "goal", "goal_no", "strength", "row", "column"]
    return KnowledgeAreas(
        path,
        pd.DataFrame(areas, columns=["area", "description", "row"]),
        pd.DataFrame(links, columns=link_columns),
        goals,
    )


def client_areas(client: Client) -> KnowledgeAreas | None:
    """The client's knowledge-areas file, validated; None when there is none yet."""
    path = areas_path(client)
    return None if path is None else read_areas(path, client.config.business_goals)


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
