"""The knowledge inventory: what the firm knows, where it lives, who holds it, how it stands.

One row per knowledge asset, in CSV or XLSX (`kmkit form inventory` writes a blank one).
Where knowledge resides follows Sveiby (people; structures and processes; customer and
partner relationships); as-is and to-be levels follow Siemens' knowledge strategy process
(proficiency, diffusion, codification). Holders are pseudonyms or roles, never required to
be names.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kmkit.core.workspace import Client
from kmkit.inputs.forms import write_table_form
from kmkit.inputs.schema import Column, TableSchema

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
        Column("asset", required=True, unique=True),
        Column("area", required=True),
        Column("kind", kind="choice", required=True, choices=KINDS),
        Column("resides", kind="choice", required=True, choices=RESIDES, value_aliases=ALIASES),
        Column("holders", kind="list", default=()),
        Column("documentation", kind="choice", required=True, choices=DOCUMENTATION),
        _level("criticality", required=True),
        _level("loss_likelihood", required=True),
        Column("loss_reason", kind="choice", choices=REASONS, value_aliases=ALIASES, default=""),
        *(_level(f"{level}_{when}") for level in LEVELS for when in ("now", "target")),
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


def read_inventory(path: Path, sheet: str | None = None) -> Inventory:
    """Read and validate an inventory file; every bad cell is reported with its row and column."""
    records = INVENTORY.read(path, sheet)
    INVENTORY.refuse(records)
    order = [*FRAME, *(c for c in COLUMNS if c not in FRAME and c != "holders"), "holders"]
    return Inventory(path, pd.DataFrame(records.rows, columns=order))


def client_inventory(client: Client) -> Inventory | None:
    """The client's knowledge inventory, validated; None when there is none yet."""
    path = client.data_file(STEM)
    return None if path is None else read_inventory(path)


def write_inventory_form(out: Path, client: Client | None = None) -> Path:
    """Write a blank knowledge inventory: XLSX with dropdowns, or a CSV header."""
    return write_table_form(out, INVENTORY, wide=5)


def check_inventory(path: Path, client: Client) -> Inventory:
    """Read and validate a client's inventory (for `kmkit check`)."""
    return read_inventory(path)
