"""Spreadsheet-safe values: the one way kmkit writes text from data into XLSX and CSV.

A spreadsheet runs a cell that begins with '=', '+', '-', '@', a tab or a carriage return
as a formula (CSV or formula injection). In XLSX kmkit writes such text as a plain string
cell, unchanged, so a filled-in form imports back exactly; in CSV it adds a leading
apostrophe, as OWASP's guidance says, and drops it again when it reads the file back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def looks_like_formula(value: object) -> bool:
    """Whether a spreadsheet would read this value as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_safe(value: object) -> object:
    """The value to write in a CSV cell: formula-like text gets a leading apostrophe."""
    return QUOTE + value if looks_like_formula(value) else value


def csv_unsafe(text: str) -> str:
    """A CSV cell as kmkit or a form wrote it, without the apostrophe `csv_safe` added."""
    return text[1:] if text.startswith(QUOTE) and looks_like_formula(text[1:]) else text


def csv_row(values: Iterable[object]) -> list[object]:
    """A row for `csv.writer`, every formula-like text made safe."""
    return [csv_safe(value) for value in values]


def set_text(cell: Any, value: object) -> Any:
    """Write a value into an openpyxl cell; text stays text, never a formula. Return the cell."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl makes any string starting with '=' a formula
    return cell


def append_row(sheet: Any, values: Iterable[object]) -> None:
    """Append a row to an openpyxl sheet: numbers stay numbers, text stays text."""
    from openpyxl.cell import Cell

    sheet.append([set_text(Cell(sheet), value) for value in values])
