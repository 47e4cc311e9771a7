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

from kmkit.importing.columns import normalise
from kmkit.importing.rows import RowProblem, RowsRejected
from kmkit.importing.tables import column_index, read_table

KINDS = ("tacit", "explicit")
RESIDES = ("people", "structures", "relationships")
DOCUMENTATION = ("none", "partial", "full")
REASONS = ("retirement", "turnover", "single holder", "none", "")
LEVELS = ("proficiency", "diffusion", "codification")
SCALES = (
    "criticality",
    "loss_likelihood",
    *(f"{level}_{when}" for level in LEVELS for when in ("now", "target")),
)
COLUMNS = (
    "asset",
    "area",
    "kind",
    "resides",
    "holders",
    "documentation",
    *SCALES[:2],
    "loss_reason",
    *SCALES[2:],
)
REQUIRED = ("asset", "area", "kind", "resides", "documentation", "criticality", "loss_likelihood")


class InventoryRejected(RowsRejected):
    """Some rows of an inventory are bad; every one is listed and nothing is used."""

    code = "inventory-rejected"


@dataclass(frozen=True)
class Inventory:
    """A validated inventory: one row per asset; `holders` is a tuple per asset."""

    path: Path
    assets: pd.DataFrame


ALIASES = {
    "structures and processes": "structures",
    "processes": "structures",
    "customer relationships": "relationships",
    "partner relationships": "relationships",
    "customer and partner relationships": "relationships",
    "single": "single holder",
}


def _choice(value: str, allowed: tuple[str, ...]) -> tuple[str | None, str | None]:
    """The allowed word a cell names (loosely spelled), or why it names none."""
    key = normalise(value)
    key = ALIASES.get(key, key)
    if key in allowed:
        return key, None
    shown = ", ".join(f"'{o}'" for o in allowed if o)
    return None, f"'{value.strip()[:40]}' is not one of {shown}"


def _level(value: str, required: bool) -> tuple[int | None, str | None]:
    text = value.strip()
    if not text:
        return None, ("is empty; give a whole number from 1 to 5" if required else None)
    if not text.isdigit() or not 1 <= int(text) <= 5:
        return None, f"'{text[:40]}' is not a whole number from 1 to 5"
    return int(text), None


def read_inventory(path: Path, sheet: str | None = None) -> Inventory:
    """Read and validate an inventory file; every bad cell is reported with its row and column."""
    table = read_table(path, sheet)
    header = column_index(table, REQUIRED, COLUMNS)
    rows, problems, seen = [], [], {}
    for number, raw in zip(table.row_numbers, table.rows, strict=True):
        raw = raw + [""] * (len(table.header) - len(raw))
        cells = {column: raw[index] for column, index in header.items()}
        record: dict[str, object] = {"row": number}
        before = len(problems)
        for column in ("asset", "area"):
            record[column] = cells.get(column, "").strip()
            if not record[column]:
                problems.append(RowProblem(number, column, "is empty"))
        for column, allowed in (
            ("kind", KINDS),
            ("resides", RESIDES),
            ("documentation", DOCUMENTATION),
            ("loss_reason", REASONS),
        ):
            record[column], why = _choice(cells.get(column, ""), allowed)
            if why and (column != "loss_reason" or cells.get(column, "").strip()):
                problems.append(RowProblem(number, column, why))
        for column in SCALES:
            record[column], why = _level(cells.get(column, ""), column in REQUIRED)
            if why:
                problems.append(RowProblem(number, column, why))
        record["holders"] = tuple(
            h.strip() for h in cells.get("holders", "").replace(",", ";").split(";") if h.strip()
        )
        key = normalise(str(record["asset"]))
        if key and key in seen:
            problems.append(RowProblem(number, "asset", f"repeats the asset in row {seen[key]}"))
        seen.setdefault(key, number)
        if len(problems) == before:
            rows.append(record)
    if problems:
        raise InventoryRejected(path, problems)
    return Inventory(path, pd.DataFrame(rows))
