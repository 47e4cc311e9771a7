"""Which column is which: forms exports' metadata, department and role, and the questions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kmkit.errors import InputError
from kmkit.importing.tables import Table
from kmkit.instruments import Instrument

GOOGLE_META = {"timestamp", "email address", "score"}
MSFORMS_META = {"id", "start time", "completion time", "email", "name", "last modified time"}
KMKIT_META = {"respondent", "submitted at"}
TARGET_MARKERS = re.compile(r"\s*(?:\(target\)|\[target\]|[-:]\s*target)\s*$", re.IGNORECASE)


def normalise(text: str) -> str:
    """Compare headers and labels loosely: case, quotes, spaces and final punctuation aside."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("_", " ").casefold()
    return re.sub(r"\s+", " ", text).strip().rstrip(".?!:").strip()


@dataclass
class ColumnMap:
    """Where each piece of a response sits in a table."""

    kind: str  # "kmkit", "google" or "msforms"
    items: dict[int, tuple[str, str]] = field(default_factory=dict)  # column -> (item, now|target)
    department: int | None = None
    role: int | None = None
    respondent: int | None = None
    email: int | None = None
    timestamp: int | None = None
    response_id: int | None = None
    started: int | None = None


def detect_kind(header: list[str]) -> str:
    """Tell a Microsoft Forms or Google Forms export from kmkit's own layout."""
    names = {normalise(h) for h in header}
    if {"id", "start time", "completion time"} <= names:
        return "msforms"
    if header and normalise(header[0]) == "timestamp":
        return "google"
    return "kmkit"


def _item_lookup(instrument: Instrument) -> tuple[dict[str, str], dict[str, str]]:
    """Map normalised item ids and texts to item ids."""
    by_id = {normalise(item.id): item.id for item in instrument.items}
    by_text = {normalise(item.text): item.id for item in instrument.items}
    return by_id, by_text


def match_item(header: str, instrument: Instrument) -> tuple[str, str] | None:
    """Match a header to (item id, 'now' or 'target') by id, 'id: text', or question text."""
    by_id, by_text = _item_lookup(instrument)
    kind = "now"
    stripped = TARGET_MARKERS.sub("", header)
    if stripped != header:
        kind, header = "target", stripped
    key = normalise(header)
    if key in by_id:
        return by_id[key], kind
    if key in by_text:
        return by_text[key], kind
    prefix = re.match(r"^([a-z][a-z0-9_]*)\s*[:\-]\s", header.strip().casefold())
    if prefix and normalise(prefix.group(1)) in by_id:
        return by_id[normalise(prefix.group(1))], kind
    grid = re.search(r"\[([^\]]+)\]\s*$", header)  # Google Forms grid: "Title [row text]"
    if grid and normalise(grid.group(1)) in by_text:
        return by_text[normalise(grid.group(1))], kind
    return None


def map_columns(table: Table, instrument: Instrument) -> ColumnMap:
    """Assign every column a meaning, refusing a file with questions the instrument lacks."""
    kind = detect_kind(table.header)
    cmap = ColumnMap(kind=kind)
    meta = {"google": GOOGLE_META, "msforms": MSFORMS_META, "kmkit": KMKIT_META}[kind]
    unknown: list[str] = []
    seen_items: dict[tuple[str, str], str] = {}
    for index, header in enumerate(table.header):
        key = normalise(header)
        matched = match_item(header, instrument)
        if matched:
            if matched in seen_items:
                msg = f"asks the same question as column '{seen_items[matched]}'"
                raise InputError(table.path, msg, row=1, column=header)
            seen_items[matched] = header
            cmap.items[index] = matched
        elif key in ("department", "role") or (key not in meta and _is_about(key) is not None):
            setattr(cmap, _is_about(key) or key, index)
        elif key in meta:
            _assign_meta(cmap, key, index)
        else:
            unknown.append(header)
    if unknown:
        shown = ", ".join(f"'{u[:60]}'" for u in unknown[:5])
        msg = (
            f"{len(unknown)} column(s) match no question of instrument '{instrument.id}' "
            f"v{instrument.version}: {shown}. Remove them, or check that the file answers "
            f"this instrument (use --instrument to name another)."
        )
        raise InputError(table.path, msg, row=1, column=unknown[0])
    if not cmap.items:
        raise InputError(table.path, f"no column matches a question of '{instrument.id}'", row=1)
    if cmap.department is None:
        msg = "no department column; add a column named 'department' (respondents choose theirs)"
        raise InputError(table.path, msg, row=1)
    return cmap


def _is_about(key: str) -> str | None:
    """A question that asks for the department or role ('Which department do you work in?')."""
    words = set(re.findall(r"[a-z]+", key))
    if words & {"department", "team", "unit"}:
        return "department"
    if words & {"role", "position", "job"}:
        return "role"
    return None


def _assign_meta(cmap: ColumnMap, key: str, index: int) -> None:
    """Remember where the metadata a pseudonym or timestamp needs sits; the rest is ignored."""
    slot = {
        "respondent": "respondent",
        "email address": "email",
        "email": "email",
        "timestamp": "timestamp",
        "completion time": "timestamp",
        "submitted at": "timestamp",
        "id": "response_id",
        "start time": "started",
    }.get(key)
    if slot:
        setattr(cmap, slot, index)
