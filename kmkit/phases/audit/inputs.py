"""The knowledge inventory: what the firm knows, where it lives, who holds it, how it stands.

One row per knowledge asset, in CSV or XLSX (`kmkit form inventory` writes a blank one).
Where knowledge resides follows Sveiby (people; structures and processes; customer and
partner relationships); as-is and to-be levels follow Siemens' knowledge strategy process
(proficiency, diffusion, codification). Holders are pseudonyms or roles, never required to
be names.

The inventory keeps its history: an optional `as_of` column dates each row's snapshot, so a
re-audit adds rows under a later date and the first audit stays as it was. Phases 03 and 06
read the latest snapshot; phase 04's first roadmap and phase 07's review read the first too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pandas as pd

from kmkit.core.errors import RowProblem
from kmkit.core.workspace import Client
from kmkit.inputs.forms import write_table_form
from kmkit.inputs.schema import Column, Records, TableSchema
from kmkit.inputs.tables import normalise

if TYPE_CHECKING:
    from kmkit.engagement import Engagement

STEM = "inventory"
KINDS = ("tacit", "explicit")
RESIDES = ("people", "structures", "relationships")
DOCUMENTATION = ("none", "partial", "full")
REASONS = ("retirement", "turnover", "single holder", "none", "")
LEVELS = ("proficiency", "diffusion", "codification")
ALIASES = {
    "structures and processes": "structures",
    "processes": "structures",
    "customer relationships": "relationships",
    "partner relationships": "relationships",
    "customer and partner relationships": "relationships",
    "single": "single holder",
}


def _level(name: str, required: bool = False) -> Column:
    return Column(name, kind="int", low=1, high=5, required=required)


INVENTORY = TableSchema(
    STEM,
    (
        Column("asset", required=True),  # unique within a snapshot: checked in read_snapshots
        Column("area", required=True),
        Column("kind", kind="choice", required=True, choices=KINDS),
        Column("resides", kind="choice", required=True, choices=RESIDES, value_aliases=ALIASES),
        Column("holders", kind="list", default=()),
        Column("documentation", kind="choice", required=True, choices=DOCUMENTATION),
        _level("criticality", required=True),
        _level("loss_likelihood", required=True),
        Column("loss_reason", kind="choice", choices=REASONS, value_aliases=ALIASES, default=""),
        *(_level(f"{level}_{when}") for level in LEVELS for when in ("now", "target")),
        Column("as_of", kind="date", help="the date of the audit this row belongs to"),
    ),
)
COLUMNS = INVENTORY.names()
# The order of the assets frame's columns, as analyses and charts have always seen them.
FRAME = ("row", "asset", "area", "kind", "resides", "documentation", "loss_reason")


@dataclass(frozen=True)
class Inventory:
    """A validated inventory: one row per asset; `holders` is a tuple per asset."""

    path: Path
    assets: pd.DataFrame
    as_of: dt.date | None = None  # the snapshot's date; None in an undated inventory


def _snapshot_problems(records: Records) -> list[RowProblem]:
    """A dated file dates every row, and names each asset once per snapshot."""
    problems, seen = [], {}
    dated = any(r["as_of"] is not None for r in records.rows)
    for r in records.rows:
        if dated and r["as_of"] is None:
            reason = "is empty; other rows are dated, so give the date of this row's audit"
            header = records.headers.get("as_of", "as_of")
            problems.append(RowProblem(r["row"], header, reason, "empty"))
            continue
        key = (r["as_of"], normalise(str(r["asset"])))
        if key in seen:
            reason = f"repeats the asset in row {seen[key]}"
            header = records.headers.get("asset", "asset")
            problems.append(RowProblem(r["row"], header, reason, "repeated"))
        seen.setdefault(key, r["row"])
    return problems


def read_snapshots(path: Path, sheet: str | None = None) -> list[Inventory]:
    """Every snapshot of an inventory file, oldest first; every bad cell is reported."""
    records = INVENTORY.read(path, sheet)
    INVENTORY.refuse(records, _snapshot_problems(records))
    order = [*FRAME, *(c for c in COLUMNS if c not in (*FRAME, "holders", "as_of")), "holders"]
    frame = pd.DataFrame(records.rows, columns=[*order, "as_of"])
    snapshots = []
    for when in sorted(set(frame["as_of"]), key=lambda d: d or dt.date.min):
        rows = frame.loc[[d == when for d in frame["as_of"]], order].reset_index(drop=True)
        snapshots.append(Inventory(path, rows, when))
    return snapshots


def read_inventory(path: Path, sheet: str | None = None) -> Inventory:
    """The latest snapshot of an inventory file: what the firm knows now."""
    return read_snapshots(path, sheet)[-1]


def snapshot_label(inventory: Inventory) -> str:
    """'the knowledge inventory of 12 May 2025 (14 assets)'; undated inventories say so."""
    when = f" of {inventory.as_of:%-d %B %Y}" if inventory.as_of else ""
    return f"the knowledge inventory{when} ({len(inventory.assets)} assets)"


def client_snapshots(client: Client) -> list[Inventory]:
    """The client's inventory snapshots, oldest first; none before there is an inventory."""
    path = client.data_file(STEM)
    return [] if path is None else read_snapshots(path)


def client_inventory(
    client: Client, snapshot: Literal["latest", "first"] = "latest"
) -> Inventory | None:
    """The client's knowledge inventory (its latest or first snapshot); None before there is one."""
    found = client_snapshots(client)
    if not found:
        return None
    return found[-1] if snapshot == "latest" else found[0]


def write_inventory_form(out: Path, e: Engagement | None = None) -> Path:
    """Write a blank knowledge inventory: XLSX with dropdowns, or a CSV header."""
    return write_table_form(out, INVENTORY, wide=5)


def check_inventory(path: Path, client: Client) -> Inventory:
    """Read and validate a client's inventory (for `kmkit check`)."""
    return read_inventory(path)
