"""Turn table rows into validated responses, collecting a reason for every rejected cell."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from kmkit.core.characters import without_controls
from kmkit.core.errors import RowProblem
from kmkit.core.instruments import Instrument, Scale, languages_of
from kmkit.core.store import Answer, Response
from kmkit.core.workspace import ClientConfig
from kmkit.inputs.datetimes import read_datetime
from kmkit.inputs.layouts import ColumnMap
from kmkit.inputs.tables import Table, normalise
from kmkit.inputs.wordings import Wordings

DONT_KNOW = {"don't know", "dont know", "do not know", "dk"}
LEADING_NUMBER = re.compile(r"^(\d+)\s*(?:[-:.)=]\s*[^\d\s].*)?$")  # "4", "4 - Agree"
SPREADSHEET_ERROR = re.compile(r"^#(?:[A-Z/0]+[!?]|N/A)$")


def parse_value(
    cell: str, scale: Scale, labels: dict[str, float | None] | None = None
) -> tuple[float | None, bool] | str:
    """Read an answer as (value, don't know), or return why it cannot be read.

    `labels` are the scale's labels in the instrument's other languages ("D'accord": 4.0,
    "Je ne sais pas": None), normalised.
    """
    text = cell.strip()
    if not text:
        return None, False
    if text.isdigit():  # the common case, checked first: most answers are plain numbers
        value = int(text)
        if scale.min <= value <= scale.max:
            return float(value), False
        return f"{value} is outside the scale {scale.min}-{scale.max}"
    key = normalise(text)
    if key in DONT_KNOW or (scale.dont_know and key == normalise(scale.dont_know)):
        return None, True
    for value, label in scale.labels.items():
        if key == normalise(label):
            return float(value), False
    if labels and key in labels:
        point = labels[key]
        return point, point is None
    if SPREADSHEET_ERROR.match(text):
        return f"the cell holds the spreadsheet error {text}, not an answer; fix its formula"
    number = LEADING_NUMBER.match(text)
    if number is None:
        try:
            as_float = float(text.replace(",", "."))
        except ValueError:
            labels = ", ".join(f"'{label}'" for label in scale.labels.values())
            return f"'{text[:40]}' is not an answer: use {scale.min}-{scale.max} or one of {labels}"
        if not as_float.is_integer():
            return f"{text} is not a whole number from {scale.min} to {scale.max}"
        value = int(as_float)
    else:
        value = int(number.group(1))
    if not scale.min <= value <= scale.max:
        return f"{value} is outside the scale {scale.min}-{scale.max}"
    return float(value), False


def _canonical(value: str, allowed: list[str]) -> str | None:
    """The client's spelling of a department or role, matched loosely."""
    wanted = normalise(value)
    return next((name for name in allowed if normalise(name) == wanted), None)


def identity(table: Table, cmap: ColumnMap, row: list[str], number: int) -> str:
    """What makes a respondent the same person on a re-import; hashed, never stored."""

    def cell(index: int | None) -> str:
        return row[index].strip() if index is not None and index < len(row) else ""

    email = cell(cmap.email)
    if email and normalise(email) != "anonymous":
        return f"email:{normalise(email)}"
    if cmap.kind == "kmkit" and cell(cmap.respondent):
        # Codes are numbered per sheet (1, 2, 3...), so the file name keeps two sheets apart.
        return f"respondent:{table.path.name}:{cell(cmap.respondent)}"
    if cmap.kind == "msforms":
        return f"msforms:{cell(cmap.response_id)}:{cell(cmap.started)}"
    if cmap.kind == "google":
        answers = "|".join(cell(i) for i in sorted(cmap.items))
        digest = hashlib.sha256(answers.encode()).hexdigest()[:16]
        return f"google:{cell(cmap.timestamp)}:{digest}"
    return f"row:{table.path.name}:{number}"


@dataclass(frozen=True)
class Sides:
    """The two organisations of a partnership, as an organisation column may name them."""

    partnership: str
    ours: str  # the client's name
    theirs: str  # the partner's name

    def side_of(self, text: str) -> tuple[str | None, str]:
        """'us' or 'partner' for an organisation cell, or why it is neither."""
        given = normalise(text)
        if given in (normalise(self.ours), "us", "our firm", "ours"):
            return "us", ""
        if given in (normalise(self.theirs), "partner", "them"):
            return "partner", ""
        if not given:
            return None, "the organisation is empty"
        return None, f"'{text.strip()[:40]}' is neither {self.ours} nor {self.theirs}"


def build_responses(
    table: Table,
    cmap: ColumnMap,
    instrument: Instrument,
    config: ClientConfig,
    wave: str,
    pseudonym: Callable[[str], str],
    source: str,
    sides: Sides | None = None,
) -> tuple[list[Response], list[RowProblem]]:
    """Validate every row; return the good responses and one problem per bad cell or row.

    `sides` is given for an instrument about a partnership: each row's organisation must be
    one of its two sides, and a partner's respondent needs no department of the client's.
    """
    header = table.header
    now = dt.datetime.now().replace(microsecond=0).isoformat()
    wordings = Wordings.of(instrument)  # questions and labels in every language it has
    language = wordings.language_of(header[index] for index in cmap.items)
    scale = languages_of(instrument).get(language or "", instrument).scale  # reasons use its labels
    responses: list[Response] = []
    problems: list[RowProblem] = []
    first_row: dict[str, int] = {}
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        row = row + [""] * (len(header) - len(row))
        before = len(problems)
        answers: dict[str, Answer] = {}
        parts: dict[str, dict[str, object]] = {}
        for index, (item_id, kind) in cmap.items.items():
            parsed = parse_value(row[index], scale, wordings.labels)
            if isinstance(parsed, str):
                problems.append(RowProblem(number, header[index], parsed))
                continue
            parts.setdefault(item_id, {})[kind] = parsed
        for item_id, got in parts.items():
            now_value, dont_know = got.get("now", (None, False))  # type: ignore[misc]
            target, _ = got.get("target", (None, False))  # type: ignore[misc]
            if now_value is not None or dont_know or target is not None:
                answers[item_id] = Answer(now_value, target, dont_know)
        side = None
        if sides is not None:
            side, why = sides.side_of(row[cmap.organisation])
            if why:
                problems.append(RowProblem(number, header[cmap.organisation], why))
        department_text = row[cmap.department].strip() if cmap.department is not None else ""
        department = _canonical(department_text, config.departments)
        if side == "partner" or (sides is not None and not department_text):
            department = None  # the partner's departments are not the client's to list
        elif not department_text:
            problems.append(RowProblem(number, header[cmap.department], "the department is empty"))
        elif department is None:
            known = ", ".join(config.departments)
            reason = f"'{department_text}' is not one of the client's departments: {known}"
            problems.append(RowProblem(number, header[cmap.department], reason))
        role = None
        if cmap.role is not None and row[cmap.role].strip():
            role = _canonical(row[cmap.role], config.roles)
            if role is None:
                reason = (
                    f"'{row[cmap.role].strip()}' is not one of the roles: {', '.join(config.roles)}"
                )
                problems.append(RowProblem(number, header[cmap.role], reason))
        submitted = now
        if cmap.timestamp is not None and row[cmap.timestamp].strip():
            when = read_datetime(row[cmap.timestamp], cmap.date_order)
            if isinstance(when, str):
                problems.append(RowProblem(number, header[cmap.timestamp], when))
            else:
                submitted = when.isoformat(timespec="seconds")
        said = {q: without_controls(row[i]).strip()[:2000] for i, q in cmap.free_text.items()}
        comments = {question: text for question, text in said.items() if text}
        if not answers and len(problems) == before:
            problems.append(RowProblem(number, None, "the row answers none of the questions"))
        who = identity(table, cmap, row, number)
        if sides is not None:
            who = f"{sides.partnership}:{who}"  # the same person in two partnerships: two people
        if who in first_row:
            reason = f"the same respondent already answered in row {first_row[who]}"
            problems.append(RowProblem(number, None, reason))
        first_row.setdefault(who, number)
        if len(problems) > before:
            continue
        responses.append(
            Response(
                instrument_id=instrument.id,
                instrument_version=instrument.version,
                wave=wave,
                respondent=pseudonym(who),
                department=department,
                role=role,
                submitted_at=submitted,
                source=source,
                answers=answers,
                partnership=sides.partnership if sides else None,
                side=side,
                comments=comments,
                language=language,
            )
        )
    return responses, problems
