"""Which column is which: forms exports' metadata, department and role, and the questions."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kmkit.core.errors import InputError
from kmkit.core.instruments import Instrument
from kmkit.inputs.tables import Table, normalise
from kmkit.inputs.wordings import Wordings


@dataclass(frozen=True)
class Layout:
    """One way survey exports are laid out: how to recognise it, and its fixed columns.

    `meta` maps a fixed column's (normalised) header to the ColumnMap slot it fills, or to
    "" for columns that are known and ignored (a quiz score, a respondent's name).
    """

    kind: str
    meta: dict[str, str]
    recognise: Callable[[list[str]], bool]


LAYOUTS: tuple[Layout, ...] = (
    Layout(
        "msforms",
        {
            "id": "response_id",
            "start time": "started",
            "completion time": "timestamp",
            "email": "email",
            "name": "",
            "last modified time": "",
        },
        lambda names: {"id", "start time", "completion time"} <= set(names),
    ),
    Layout(
        "google",
        {"timestamp": "timestamp", "email address": "email", "score": ""},
        lambda names: bool(names) and names[0] == "timestamp",
    ),
    Layout(
        "kmkit",
        {"respondent": "respondent", "submitted at": "timestamp"},
        lambda names: True,
    ),
)


@dataclass
class ColumnMap:
    """Where each piece of a response sits in a table."""

    kind: str  # "kmkit", "google" or "msforms"
    items: dict[int, tuple[str, str]] = field(default_factory=dict)  # column -> (item, now|target)
    free_text: dict[int, str] = field(default_factory=dict)  # column -> open question id
    department: int | None = None
    organisation: int | None = None  # instruments about a partnership: which side answered
    role: int | None = None
    respondent: int | None = None
    email: int | None = None
    timestamp: int | None = None
    response_id: int | None = None
    started: int | None = None


def detect_layout(header: list[str]) -> Layout:
    """The first layout that recognises this header; kmkit's own layout takes the rest."""
    names = [normalise(h) for h in header]
    return next(layout for layout in LAYOUTS if layout.recognise(names))


def match_item(header: str, instrument: Instrument) -> tuple[str, str] | None:
    """Match a header to (item id, 'now' or 'target'), in any of the instrument's languages.

    By id, by 'id: text', or by the question's text, as `Wordings.match` reads them.
    """
    found = Wordings.of(instrument).match(header)
    return None if found is None else found[:2]


def match_free_text(header: str, instrument: Instrument) -> str | None:
    """The open question a header asks, by id, text or 'id: text', in any language."""
    return Wordings.of(instrument).question(header)


def map_columns(table: Table, instrument: Instrument) -> ColumnMap:
    """Assign every column a meaning, refusing a file with questions the instrument lacks."""
    layout = detect_layout(table.header)
    cmap = ColumnMap(kind=layout.kind)
    meta = layout.meta
    unknown: list[str] = []
    seen_items: dict[tuple[str, str], str] = {}
    for index, header in enumerate(table.header):
        key = normalise(header)
        matched = match_item(header, instrument)
        question = match_free_text(header, instrument)
        if question:
            cmap.free_text[index] = question
        elif matched:
            if matched in seen_items:
                msg = f"asks the same question as column '{seen_items[matched]}'"
                raise InputError(table.path, msg, row=1, column=header)
            seen_items[matched] = header
            cmap.items[index] = matched
        elif key in ("organisation", "organization", "company", "firm"):
            cmap.organisation = index
        elif key in ("department", "role") or (key not in meta and _is_about(key) is not None):
            setattr(cmap, _is_about(key) or key, index)
        elif key in meta:
            if meta[key]:  # where the pseudonym and timestamp come from; the rest is ignored
                setattr(cmap, meta[key], index)
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
    if instrument.about == "partnership":
        if cmap.organisation is None:
            msg = (
                "no organisation column; add a column named 'organisation' saying which side "
                "of the partnership each respondent works for"
            )
            raise InputError(table.path, msg, row=1)
    elif cmap.department is None:
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
