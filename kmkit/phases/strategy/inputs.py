"""Phase 02's input: the knowledge-areas file, a row per area and a column per business goal.

Each cell says how strongly an area serves a goal, 0-3; a goal's column is headed by the
goal's own words from client.yaml (or G1, G2... in client.yaml order).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from kmkit.core.errors import InputError, KmkitError
from kmkit.core.workspace import BusinessGoal, Client
from kmkit.inputs.forms import write_table_form
from kmkit.inputs.schema import Column, TableSchema, key
from kmkit.inputs.tables import read_table

if TYPE_CHECKING:
    from kmkit.engagement import Engagement

STEM = "areas"
STRENGTHS = {0: "none", 1: "helps", 2: "matters", 3: "essential"}
LINK_COLUMNS = ["area", "goal", "goal_no", "strength", "row", "column"]


@dataclass(frozen=True)
class KnowledgeAreas:
    """The knowledge-areas file: areas, and how strongly each serves each business goal."""

    path: Path
    areas: pd.DataFrame  # area, description, row
    links: pd.DataFrame  # area, goal, goal_no, strength, row, column (strength > 0 only)
    goals: tuple[BusinessGoal, ...]


def areas_schema(goals: tuple[BusinessGoal, ...] | list[BusinessGoal]) -> TableSchema:
    """The areas file's columns for these goals: area, description, then one per goal."""
    known = "; ".join(f"G{n + 1} '{g.goal}'" for n, g in enumerate(goals)) or "none yet"
    known = known.replace("{", "{{").replace("}", "}}")
    return TableSchema(
        STEM,
        (
            Column("area", required=True, unique=True, help="a knowledge area"),
            Column("description"),
            *(
                Column(
                    goal.goal,
                    kind="int",
                    low=0,
                    high=3,
                    default=0,
                    meanings=STRENGTHS,
                    aliases=(f"G{number}",),
                )
                for number, goal in enumerate(goals, start=1)
            ),
        ),
        unknown_column=(
            "the column '{header}' names no business goal in client.yaml. Goals: "
            f"{known}. Name the column after the goal's text (or G1, G2...)"
        ),
    )


def read_areas(path: Path, goals: tuple[BusinessGoal, ...] | list[BusinessGoal]) -> KnowledgeAreas:
    """Read and validate a knowledge-areas file against the client's business goals."""
    goals = tuple(goals)
    schema = areas_schema(goals)
    records = schema.read(path)
    schema.refuse(records)
    links = [
        {
            "area": row["area"],
            "goal": goal.goal,
            "goal_no": number,
            "strength": row[goal.goal],
            "row": row["row"],
            "column": records.headers.get(goal.goal, goal.goal),
        }
        for row in records.rows
        for number, goal in enumerate(goals, start=1)
        if row[goal.goal]
    ]
    areas = [
        {"area": r["area"], "description": r["description"] or "", "row": r["row"]}
        for r in records.rows
    ]
    return KnowledgeAreas(
        path,
        pd.DataFrame(areas, columns=["area", "description", "row"]),
        pd.DataFrame(links, columns=LINK_COLUMNS),
        goals,
    )


def client_areas(client: Client) -> KnowledgeAreas | None:
    """The client's knowledge-areas file, validated; None when there is none yet."""
    path = client.data_file(STEM)
    return None if path is None else read_areas(path, client.config.business_goals)


def write_areas_form(out: Path, e: Engagement | None = None) -> Path:
    """The client's knowledge-areas form: a column per goal, a row per inventoried area."""
    client = e.client if e is not None else None
    if client is None:
        raise KmkitError("the areas form needs --client SLUG: it has a column per business goal")
    goals = client.config.business_goals
    if not goals:
        msg = "client.yaml has no business_goals yet; add them first: the form has one per goal"
        raise InputError(client.path / "client.yaml", msg)
    rows = [[area, ""] for area in inventoried_areas(client)]
    return write_table_form(out, areas_schema(goals), rows, wide=2)


def inventoried_areas(client: Client) -> list[str]:
    """The areas named in the client's knowledge inventory, if there is one, in its order.

    Read from the 'area' column alone: the form only needs the names, and the audit phase
    checks the inventory itself.
    """
    path = client.data_file("inventory")
    if path is None:
        return []
    table = read_table(path)
    headers = [key(h) for h in table.header]
    if "area" not in headers:
        return []
    at = headers.index("area")
    return list(dict.fromkeys(r[at].strip() for r in table.rows if len(r) > at and r[at].strip()))


def check_areas(path: Path, client: Client) -> KnowledgeAreas:
    """Read and validate a client's areas file against its goals (for `kmkit check`)."""
    return read_areas(path, client.config.business_goals)
