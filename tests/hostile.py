"""The hostile-input corpus: payloads planted in every text field of a copy of the demo clients.

Each text a client file, the store or a survey export holds is replaced by one of the payloads
followed by the original text, the same original always by the same payload, so names that
refer to each other across files (a department in client.yaml, kpis.csv and the store; a
holder in inventory.csv and continuity.csv; a KPI named in review.yaml) still agree and every
report, dashboard, deck and form is built from data an attacker chose.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from itertools import cycle
from pathlib import Path
from typing import Any

import yaml

from kmkit.phases import data_files, load

MARK = "kmkit-hostile"
PAYLOADS = (
    f"<script>alert('{MARK}')</script>",
    f"<img src=x onerror=alert('{MARK}')>",
    f"<svg onload=alert('{MARK}')>",
    f"[{MARK}](javascript:alert('{MARK}'))",
    f"![{MARK}](http://127.0.0.2/{MARK}.png)",
    f'=HYPERLINK("http://127.0.0.2/{MARK}")',
    f"+cmd|' /C calc'!A0 {MARK}",
    f"-2+3 {MARK}",
    f"@SUM(A1) {MARK}",
    f"<a href='javascript:alert(1)' onclick=alert('{MARK}')>{MARK}</a>",
)
LONG = f"<b onmouseover=alert('{MARK}')>{MARK}</b> " + "word " * 300  # a long free text
FORMULA_START = ("=", "+", "-", "@")
IDS = {"id", "intervention", "partnership", "measure", "partner_client"}  # keys, not words
FREE_TEXT = {"note", "evidence", "challenge", "offers", "reasoning", "knowledge"}
CLIENT_TEXT = ("name", "sector", "departments", "roles", "consultant")
CLUSTER_TEXT = ("name", "facilitator", "sector", "support", "exchanges")
NOT_TEXT = {"members", "kind", "since", "named", "check", "share"}  # slugs, choices, numbers
REFUSED = ("\x00", "\u202e")  # refused in data files: a NUL and a right-to-left override


class Planter:
    """One original text -> its hostile version, the same across every file of the copy."""

    def __init__(self) -> None:
        self.mapping: dict[str, str] = {}
        self._next = cycle(PAYLOADS)

    def __call__(self, text: str) -> str:
        if not text.strip() or text in self.mapping.values():
            return text
        if text not in self.mapping:
            self.mapping[text] = f"{next(self._next)}{text}"
        return self.mapping[text]

    def known(self, text: str) -> str:
        """A text's hostile version if it was planted elsewhere (a reference), else itself."""
        return self.mapping.get(text, text)


def _text_columns(stem: str, header: list[str]) -> set[str]:
    """The columns of a data file that hold free text or names (never ids or choices)."""
    if stem == "areas":
        return set(header)  # area, description and one column per business goal
    for spec in data_files():
        if spec.stem == stem and spec.suffixes[0] == ".csv":
            schema = load(spec.schema)
            columns = schema.columns if hasattr(schema, "columns") else schema().columns
            return {c.name for c in columns if c.kind in ("text", "list")} - IDS
    return set()


def _plant_csv(path: Path, plant: Planter) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    header, body = rows[0], rows[1:]
    texts = _text_columns(path.stem, header)
    if path.stem == "areas":
        header = [h if h in ("area", "description") else plant(h) for h in header]
    for row in body:
        for index, name in enumerate(rows[0]):
            if index >= len(row) or name not in texts or not row[index]:
                continue
            if path.stem == "areas" and name not in ("area", "description"):
                continue  # a 0-3 strength under a goal's heading
            if name in FREE_TEXT:
                row[index] = LONG + row[index]
            elif name in ("holders",):
                row[index] = "; ".join(plant(h.strip()) for h in row[index].split(";"))
            else:
                row[index] = plant(row[index])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *body])
    path.write_text(out.getvalue(), encoding="utf-8")


def _plant_yaml_refs(data: Any, plant: Planter, free: bool = False) -> Any:
    """Every string that names something planted elsewhere, and free text, made hostile."""
    if isinstance(data, dict):
        return {
            k: v
            if k in NOT_TEXT
            else _plant_yaml_refs(v, plant, free or k in FREE_TEXT or k in ("topic", "goal"))
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [_plant_yaml_refs(v, plant, free) for v in data]
    if isinstance(data, str):
        return plant(data) if free else plant.known(data)
    return data


def _plant_config(path: Path, plant: Planter, fields: tuple[str, ...]) -> None:
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in fields:
        if key in config:
            config[key] = _plant_yaml_refs(config[key], plant, free=True)
    for goal in config.get("business_goals", []):
        goal["goal"] = plant(goal["goal"])
        goal["indicator"] = plant(goal["indicator"])
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")


def _plant_store(path: Path, plant: Planter) -> None:
    with sqlite3.connect(path) as db:
        for column in ("department", "role"):
            found = db.execute(f"SELECT DISTINCT {column} FROM responses WHERE {column} > ''")
            for (value,) in found.fetchall():
                db.execute(
                    f"UPDATE responses SET {column} = ? WHERE {column} = ?",
                    (plant.known(value), value),
                )
        db.execute("UPDATE comments SET text = ? || text", (PAYLOADS[0] + " ",))


def plant_clients(clients: Path) -> Planter:
    """Plant the payloads in every client and cluster of a copied clients folder."""
    plant = Planter()
    for config in sorted(clients.glob("*/client.yaml")):
        _plant_config(config, plant, CLIENT_TEXT)
    for cluster in sorted(clients.glob("*/cluster.yaml")):
        _plant_config(cluster, plant, CLUSTER_TEXT)
    tables = sorted(clients.glob("*/data/*.csv"))
    for table in sorted(tables, key=lambda p: p.stem != "inventory"):  # holders first
        _plant_csv(table, plant)
    for data in sorted(clients.glob("*/data/*.yaml")):
        parsed = yaml.safe_load(data.read_text(encoding="utf-8"))
        planted = _plant_yaml_refs(parsed, plant)
        data.write_text(yaml.safe_dump(planted, allow_unicode=True, sort_keys=False), "utf-8")
    for store in sorted(clients.glob("*/kmkit.sqlite")):
        _plant_store(store, plant)
    return plant


def live_markup(page: str, own_script: tuple[str, ...] = ()) -> list[str]:
    """Every element of an HTML page that could run script or load something off the page.

    `own_script`: how kmkit's own inline scripts begin (the dashboard's chart drawing); any
    other script, any event-handler attribute, any javascript: link and any source that is
    not data: counts.
    """
    from bs4 import BeautifulSoup

    found = []
    for tag in BeautifulSoup(page, "html.parser").find_all(True):
        for attr, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if attr.lower().startswith("on"):
                found.append(f"<{tag.name} {attr}=...>")
            if attr in ("href", "src", "action", "formaction", "xlink:href", "data"):
                if text.strip().lower().startswith(("javascript:", "http:", "https:", "//")):
                    found.append(f"<{tag.name} {attr}={text[:60]}>")
        if tag.name == "script":
            body = tag.string or ""
            if not (tag.get("src") or body.lstrip().startswith(own_script or ("\x00",))):
                found.append(f"<script>{body[:60]}")
        if tag.name in ("iframe", "object", "embed", "base", "form", "meta") and tag.name != "meta":
            found.append(f"<{tag.name}>")
        if tag.name == "meta" and tag.get("http-equiv", "").lower() == "refresh":
            found.append("<meta refresh>")
    return found
