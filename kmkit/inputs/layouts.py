"""Which column is which: forms exports' metadata, department and role, and the questions."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kmkit.core.errors import InputError
from kmkit.core.instruments import Instrument
from kmkit.inputs.tables import Table, normalise
from kmkit.inputs.wordings import Wordings, main_language

# "(target)" and its words in the instruments' other languages (see inputs/form_words.yaml).
TARGET_WORDS = r"(?:target|objectif|cible|ziel|soll)"
TARGET_MARKERS = re.compile(
    rf"\s*(?:\({TARGET_WORDS}\)|\[{TARGET_WORDS}\]|[-:]\s*{TARGET_WORDS})\s*$", re.IGNORECASE
)
# Words of a question asking for the respondent's department or role, in the same languages.
ABOUT = {
    "department": {"department", "team", "unit", "service", "département", "équipe", "abteilung"},
    "role": {"role", "position", "job", "fonction", "poste", "rôle", "funktion", "rolle"},
}


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
    languages: dict[int, str] = field(default_factory=dict)  # column -> language of its text
    free_text: dict[int, str] = field(default_factory=dict)  # column -> open question id
    department: int | None = None
    organisation: int | None = None  # instruments about a partnership: which side answered
    role: int | None = None
    respondent: int | None = None
    email: int | None = None
    timestamp: int | None = None
    response_id: int | None = None
    started: int | None = None

    @property
    def language(self) -> str | None:
        """The language the file's questions are in (most columns), None when only ids."""
        return main_language(list(self.languages.values()))


def detect_layout(header: list[str]) -> Layout:
    """The first layout that recognises this header; kmkit's own layout takes the rest."""
    names = [normalise(h) for h in header]
    return next(layout for layout in LAYOUTS if layout.recognise(names))


def match_item(header: str, wordings: Wordings) -> tuple[str, str, str | None] | None:
    """Match a header to (item id, 'now' or 'target', language of its text), in any language."""
    kind = "now"
    stripped = TARGET_MARKERS.sub("", header)
    if stripped != header:
        kind, header = "target", stripped
    found = wordings.item(header)
    return None if found is None else (found[0], kind, found[1])


def map_columns(
    table: Table, instrument: Instrument, wordings: Wordings | None = None
) -> ColumnMap:
    """Assign every column a meaning, refusing a file with questions the instrument lacks.

    Questions are matched in every language `wordings` holds (by default the instrument's).
    """
    wordings = wordings or Wordings.of({instrument.language: instrument})
    layout = detect_layout(table.header)
    cmap = ColumnMap(kind=layout.kind)
    meta = layout.meta
    unknown: list[str] = []
    seen_items: dict[tuple[str, str], str] = {}
    for index, header in enumerate(table.header):
        key = normalise(header)
        matched = match_item(header, wordings)
        question = wordings.question(header)
        if question:
            cmap.free_text[index] = question
        elif matched:
            item = matched[:2]
            if item in seen_items:
                msg = f"asks the same question as column '{seen_items[item]}'"
                raise InputError(table.path, msg, row=1, column=header)
            seen_items[item] = header
            cmap.items[index] = item
            if matched[2]:
                cmap.languages[index] = matched[2]
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
    words = set(re.findall(r"[^\W\d_]+", key))
    return next((about for about, names in ABOUT.items() if words & names), None)
