"""Blank survey forms to fill in, and stored answers written back out, as XLSX or CSV."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pandas as pd

from kmkit.core.errors import InputError, NoDataError
from kmkit.core.files import atomic_path
from kmkit.core.instruments import Instrument
from kmkit.core.instruments.languages import language_key
from kmkit.core.store import Store
from kmkit.core.workspace import Client, ClientConfig
from kmkit.core.yamlfile import load_yaml
from kmkit.inputs.cells import append_row, csv_row, csv_safe, set_text
from kmkit.inputs.schema import TableSchema

FORM_ROWS = 500  # rows with dropdowns in a blank workbook
WORDS = Path(__file__).with_name("form_words.yaml")


@cache
def _all_words() -> dict[str, dict[str, str]]:
    return load_yaml(WORDS.read_text(encoding="utf-8"))


def form_words(language: str) -> dict[str, str]:
    """A blank form's own words in a language, English where there is no translation."""
    every = _all_words()
    return {**every["en"], **every.get(language_key(language), {})}


def fixed_columns(instrument: Instrument) -> list[str]:
    """Who answered: a code, their organisation (partnership instruments), department, role."""
    if instrument.about == "partnership":
        return ["respondent", "organisation", "department", "role"]
    return ["respondent", "department", "role"]


def form_columns(instrument: Instrument, target: bool = False) -> list[str]:
    """The header of a blank form: who answered, then one column per question (and target).

    Questions read 'id: text' in the instrument's language; a target column ends in the
    language's word for target, '(objectif)' in French.
    """
    columns = fixed_columns(instrument)
    marker = form_words(instrument.language)["target"]
    for item in instrument.items:
        columns.append(f"{item.id}: {item.text}")
        if target:
            columns.append(f"{item.id}: {item.text} {marker}")
    columns += [f"{q.id}: {q.text}" for q in instrument.free_text]
    return columns


def _answer_choices(instrument: Instrument) -> list[str]:
    scale = instrument.scale
    return [*scale.labels.values(), *([scale.dont_know] if scale.dont_know else [])]


def write_form(
    instrument: Instrument,
    out: Path,
    config: ClientConfig | None = None,
    target: bool = False,
    organisations: list[str] | None = None,
) -> Path:
    """Write a blank form: XLSX with instructions and dropdowns, or a CSV header.

    `organisations` are the two sides of a partnership, offered in the organisation column.
    """
    suffix = out.suffix.lower()
    if suffix == ".csv":
        with out.open("w", newline="", encoding="utf-8-sig") as handle:
            csv.writer(handle).writerow(csv_row(form_columns(instrument, target)))
        return out
    if suffix != ".xlsx":
        raise InputError(out, "the form must be written as .xlsx or .csv")
    _write_workbook(instrument, out, config, target, organisations or [])
    return out


def _list_range(sheet: object, column: str, title: str, values: list[str]) -> str:
    """Put a dropdown's choices in a column of the hidden Lists sheet; return their range."""
    set_text(sheet[f"{column}1"], title)
    for row, value in enumerate(values, start=2):
        set_text(sheet[f"{column}{row}"], value)
    return f"=Lists!${column}$2:${column}${len(values) + 1}"


def _write_workbook(
    instrument: Instrument,
    out: Path,
    config: ClientConfig | None,
    target: bool,
    organisations: list[str],
) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    words = form_words(instrument.language)
    book = Workbook()
    answers = book.active
    answers.title = words["answers_sheet"]
    columns = form_columns(instrument, target)
    append_row(answers, columns)
    for cell in answers[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    answers.row_dimensions[1].height = 90
    answers.freeze_panes = "B2"
    lists = book.create_sheet("Lists")
    lists.sheet_state = "hidden"
    last = FORM_ROWS + 1
    choice = DataValidation(
        type="list",
        formula1=_list_range(lists, "A", "answer", _answer_choices(instrument)),
        allow_blank=True,
        error=words["choose_answer"],
        showErrorMessage=True,
    )
    answers.add_data_validation(choice)
    fixed = fixed_columns(instrument)
    for index in range(len(fixed) + 1, len(columns) - len(instrument.free_text) + 1):
        letter = get_column_letter(index)
        choice.add(f"{letter}2:{letter}{last}")
        answers.column_dimensions[letter].width = 22
    offered = {"organisation": organisations}
    if config is not None:
        offered |= {"department": config.departments, "role": config.roles}
    offered = {title: values for title, values in offered.items() if values}
    for list_column, (title, values) in zip("BCD", offered.items(), strict=False):
        rule = DataValidation(
            type="list",
            formula1=_list_range(lists, list_column, title, values),
            allow_blank=True,
            showErrorMessage=True,
            error=words["choose_value"],
        )
        answers.add_data_validation(rule)
        letter = get_column_letter(fixed.index(title) + 1)
        rule.add(f"{letter}2:{letter}{last}")
    for index in range(1, len(fixed) + 1):
        answers.column_dimensions[get_column_letter(index)].width = 18
    # Answers stays the first sheet: `kmkit import` reads the first sheet unless told otherwise.
    _write_instructions(book.create_sheet(words["instructions_sheet"], 1), instrument, target)
    book.save(out)


def _write_instructions(sheet: object, instrument: Instrument, target: bool) -> None:
    from openpyxl.styles import Font

    scale = instrument.scale
    words = form_words(instrument.language)
    labels = "; ".join(f"{k} = {v}" for k, v in scale.labels.items())
    dont_know = words["or_dont_know"].format(dont_know=scale.dont_know) if scale.dont_know else "."
    lines = [
        (instrument.title, True),
        (instrument.instructions, False),
        ("", False),
        (words["how_to"], True),
        (words["one_row"].format(sheet=words["answers_sheet"]), False),
        (words["columns"].format(columns=", ".join(fixed_columns(instrument))), False),
        (words["pick"].format(labels=labels) + dont_know, False),
        (words["empty"], False),
        *([(words["targets"].format(target=words["target"]), False)] if target else []),
        (words["import"].format(instrument=instrument.id), False),
        ("", False),
        (words["questions"], True),
    ]
    lines += [
        (f"{cat.name}: {item.id}: {item.text}", False)
        for cat in instrument.categories
        for item in cat.items
    ]
    for row, (text, bold) in enumerate(lines, start=1):
        set_text(sheet.cell(row=row, column=1), text).font = Font(bold=bold)
    sheet.column_dimensions["A"].width = 120


def responses_wide(client: Client, instrument: Instrument, wave: str | None = None) -> pd.DataFrame:
    """Stored answers, one row per response and one column per question (pseudonyms only)."""
    if not client.store_path.exists():  # reading must not leave an empty store behind
        raise NoDataError(f"{client.name} has no stored answers yet: import some first.")
    with Store(client.store_path) as store:
        long = store.answers(instrument.id, wave)
    if long.empty:
        raise NoDataError(f"{client.store_path} holds no '{instrument.id}' answers to export.")
    dk = instrument.scale.dont_know or "Don't know"
    value = long["now"].astype(object).where(~long["dont_know"], dk)
    wide = long.assign(value=value).pivot(index="response_id", columns="item_id", values="value")
    order = [i.id for i in instrument.items if i.id in wide.columns]
    people = long.drop_duplicates("response_id").set_index("response_id")[
        ["respondent", "wave", "department", "role", "submitted_at", "instrument_version"]
    ]
    targets = long.dropna(subset=["target"])
    frame = people.join(wide[order])
    if not targets.empty:
        t = targets.pivot(index="response_id", columns="item_id", values="target")
        frame = frame.join(t.rename(columns=lambda c: f"{c} (target)"))
    return frame.reset_index(drop=True)


def export_responses(
    client: Client, instrument: Instrument, out: Path, wave: str | None = None
) -> Path:
    """Write the stored responses to CSV or XLSX; formula-like text is never run as one."""
    frame = responses_wide(client, instrument, wave)
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InputError(out, "export to a .csv or .xlsx file")
    with atomic_path(out) as tmp:
        if suffix == ".csv":
            frame.map(csv_safe).to_csv(tmp, index=False, encoding="utf-8-sig")
        else:
            _write_frame(frame, tmp, "Responses")
    return out


def _write_frame(frame: pd.DataFrame, out: Path, title: str) -> None:
    """A frame as one sheet of an XLSX workbook, text as text cells, blanks left empty."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title
    append_row(sheet, [str(name) for name in frame.columns])
    for row in frame.astype(object).where(frame.notna(), None).itertuples(index=False):
        append_row(sheet, row)
    book.save(out)


def write_table_form(
    out: Path, schema: TableSchema, rows: list[list[str]] | None = None, wide: int = 2
) -> Path:
    """A blank form for a data file: CSV (header and any rows) or XLSX with dropdowns.

    The schema gives the columns and each column's choices, so the form asks for exactly
    what kmkit reads; `wide` columns get room for sentences.
    """
    title = schema.name.capitalize()
    columns = list(schema.names())
    choices = {c.name: c.dropdown() for c in schema.columns if c.dropdown()}
    rows = rows or []
    if out.suffix.lower() == ".csv":
        with out.open("w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            writer.writerow(csv_row(columns))
            writer.writerows(csv_row(row) for row in rows)
        return out
    if out.suffix.lower() != ".xlsx":
        raise InputError(out, "the form must be written as .xlsx or .csv")
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = title
    append_row(sheet, columns)
    for row in rows:
        append_row(sheet, row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
    lists = book.create_sheet("Lists")
    lists.sheet_state = "hidden"
    lists_used = 0
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 30 if index <= wide else 16
        if column in choices:
            lists_used += 1
            source = _list_range(
                lists, get_column_letter(lists_used), column, list(choices[column])
            )
            rule = DataValidation(
                type="list", formula1=source, allow_blank=True, showErrorMessage=True
            )
            sheet.add_data_validation(rule)
            rule.add(f"{letter}2:{letter}{FORM_ROWS + 1}")
    book.save(out)
    return out
