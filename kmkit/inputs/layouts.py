"""Which column is which: forms exports' metadata, department and role, and the questions."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kmkit.core.errors import InputError
from kmkit.core.instruments import Instrument
from kmkit.core.yamlfile import load_yaml
from kmkit.inputs.datetimes import is_datetime
from kmkit.inputs.tables import Table, normalise
from kmkit.inputs.wordings import Wordings

LOCALES = Path(__file__).with_name("forms_locales.yaml")
RESPONDENT_COLUMNS = Path(__file__).with_name("respondent_columns.yaml")
LABEL_WORDS = 4  # a header this short is a label ("Ihre Abteilung"); longer, a statement
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")  # CJK


@cache
def _locales() -> dict[str, dict[str, list[str]]]:
    """forms_locales.yaml, read once: each forms layout's fixed columns in every language."""
    return load_yaml(LOCALES.read_text(encoding="utf-8"))


@cache
def fixed_headers(kind: str) -> dict[str, frozenset[str]]:
    """A layout's fixed columns (by English name), each with its normalised header per locale."""
    return {
        key: frozenset({normalise(key), *(normalise(header) for header in headers)})
        for key, headers in _locales().get(kind, {}).items()
    }


def _named(kind: str, key: str) -> frozenset[str]:
    """The headers a fixed column goes by in any language ('Horodateur', 'Zeitstempel'...)."""
    return fixed_headers(kind).get(key, frozenset({normalise(key)}))


@dataclass(frozen=True)
class Layout:
    """One way survey exports are laid out: how to recognise it, and its fixed columns.

    `slots` maps a fixed column's English name (a key of forms_locales.yaml) to the ColumnMap
    slot it fills, or to "" for columns that are known and ignored (a quiz score, a name).
    """

    kind: str
    slots: dict[str, str]
    recognise: Callable[[list[str]], bool]

    @property
    def meta(self) -> dict[str, str]:
        """Every normalised header of a fixed column, in any language, to the slot it fills."""
        return {name: slot for key, slot in self.slots.items() for name in _named(self.kind, key)}


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
        lambda names: all(
            _named("msforms", key) & set(names) for key in ("id", "start time", "completion time")
        ),
    ),
    Layout(
        "google",
        {"timestamp": "timestamp", "email": "email", "score": ""},
        lambda names: bool(names) and names[0] in _named("google", "timestamp"),
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
    date_order: str | None = None  # day-month or month-day, where the file's dates need one


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
    unknown: list[int] = []
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
        elif key not in meta and (slot := respondent_column(header)):
            _take(table, cmap, slot, index)
        elif key in meta:
            if meta[key]:  # where the pseudonym and timestamp come from; the rest is ignored
                setattr(cmap, meta[key], index)
        else:
            unknown.append(index)
    if cmap.timestamp is None:
        _timestamp_by_values(table, cmap, unknown)
    if unknown:
        _refuse_unknown(table, instrument, [table.header[i] for i in unknown])
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


def _timestamp_by_values(table: Table, cmap: ColumnMap, unknown: list[int]) -> None:
    """Take the first unknown column whose every cell is a date-time as the timestamp.

    That is a forms export's timestamp in a language forms_locales.yaml lacks; in the first
    column, with no respondent column, it is Google's, so rows are known again on re-import.
    """
    for index in unknown:
        cells = [row[index] if index < len(row) else "" for row in table.rows]
        if all(is_datetime(cell) for cell in cells):
            unknown.remove(index)
            cmap.timestamp = index
            if index == 0 and cmap.kind == "kmkit" and cmap.respondent is None:
                cmap.kind = "google"
            return


def _refuse_unknown(table: Table, instrument: Instrument, unknown: list[str]) -> None:
    """Refuse columns that are no question, showing how to leave them out."""
    shown = ", ".join(f"'{u[:60]}'" for u in unknown[:5])
    msg = (
        f"{len(unknown)} column(s) match no question of instrument '{instrument.id}' "
        f"v{instrument.version}: {shown}. If the file answers this instrument, leave them out "
        f'with --ignore-column, once per column (e.g. --ignore-column "{unknown[0]}"); '
        f"nothing of them is stored. Otherwise name the right one with --instrument."
    )
    raise InputError(table.path, msg, row=1, column=unknown[0])


def _take(table: Table, cmap: ColumnMap, slot: str, index: int) -> None:
    """Note the department, role or organisation column; a second one is refused as unclear."""
    taken = getattr(cmap, slot)
    if taken is not None:
        first, header = table.header[taken], table.header[index]
        msg = (
            f"columns '{first[:60]}' and '{header[:60]}' both look like the {slot}; leave one "
            f'out with --ignore-column (e.g. --ignore-column "{header}")'
        )
        raise InputError(table.path, msg, row=1, column=header)
    setattr(cmap, slot, index)


def _fold(text: str) -> str:
    """Casefold and drop accents ('Área' is 'area'); full-width forms ('？') become plain."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return unicodedata.normalize("NFC", re.sub("[\u0300-\u036f]", "", decomposed))


def _pattern(words: Iterable[str]) -> re.Pattern[str]:
    """Find any of these words: whole, or anywhere in scripts written without spaces (CJK)."""
    found = [re.escape(_fold(w)) for w in words]
    return re.compile("|".join(w if UNSPACED.search(w) else rf"(?<!\w){w}(?!\w)" for w in found))


@cache
def _respondent_words() -> tuple[dict[str, re.Pattern[str]], re.Pattern[str]]:
    """respondent_columns.yaml, read once: each column's words, and the words of a request."""
    raw = load_yaml(RESPONDENT_COLUMNS.read_text(encoding="utf-8"))
    columns = {
        slot: _pattern(word for words in languages.values() for word in words)
        for slot, languages in raw["columns"].items()
    }
    return columns, _pattern(word for words in raw["requests"].values() for word in words)


def _word_count(text: str) -> int:
    """Words in a header, counting two Chinese or Japanese characters as one word."""
    unspaced = len(UNSPACED.findall(text))
    return len(re.findall(r"\w+", UNSPACED.sub(" ", text))) + (unspaced + 1) // 2


def respondent_column(header: str) -> str | None:
    """'department', 'role' or 'organisation' when a header is that column, in any language.

    It is when it holds one of the column's words (respondent_columns.yaml) and is a short
    label ('Service', 'Welche Abteilung', '所属部署') or a question ('Dans quel service
    travaillez-vous ?'); a statement, such as a survey item mentioning a team, never is.
    """
    columns, requests = _respondent_words()
    text = _fold(header).strip()
    asks = text.endswith("?") or requests.search(text) is not None
    text = normalise(text)
    if not asks and _word_count(text) > LABEL_WORDS:
        return None
    return next((slot for slot, words in columns.items() if words.search(text)), None)
