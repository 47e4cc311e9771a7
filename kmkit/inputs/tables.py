"""Read what clients send (CSV in any common dialect, XLSX) into a grid of text cells."""

from __future__ import annotations

import csv
import difflib
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from kmkit.core.errors import InputError
from kmkit.inputs.cells import csv_unsafe

# What kmkit reads, in one place: a client's file is far smaller than any of these.
MAX_BYTES = 50 * 1024 * 1024  # a file as it sits on disk
MAX_EXPANDED = 200 * 1024 * 1024  # an XLSX once unzipped: 720 KB on disk can be 200 MB
MAX_ROWS = 200_000  # rows of one sheet
MAX_CELL = 2_000  # characters; an answer or a department name is never longer
ENCODINGS = ("utf-8-sig", "cp1252")  # forms exports, then Excel's "CSV" on Windows


def normalise(text: str) -> str:
    """Compare headers and labels loosely: case, quotes, spaces and final punctuation aside."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("_", " ").casefold()
    return re.sub(r"\s+", " ", text).strip().rstrip(".?!:").strip()


@dataclass(frozen=True)
class Table:
    """A file's header and rows as text, with the spreadsheet row number of each row."""

    path: Path
    header: list[str]
    rows: list[list[str]]
    row_numbers: list[int]
    encoding: str = ""


def read_table(path: Path, sheet: str | None = None) -> Table:
    """Read a CSV or XLSX file into text cells; refuse what is not a usable table, saying why."""
    if not path.is_file():
        raise InputError(path, "file not found")
    size = path.stat().st_size
    if size == 0:
        raise InputError(path, "the file is empty; export the responses again")
    if size > MAX_BYTES:
        msg = f"the file is {size // 2**20} MB; kmkit reads up to {MAX_BYTES // 2**20} MB"
        raise InputError(path, msg)
    head = path.read_bytes()[:8]
    if head.startswith(b"PK"):
        table = _read_xlsx(path, sheet)
    elif path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        raise InputError(path, "not an Excel workbook (.xlsx); save it from Excel as .xlsx or CSV")
    else:
        if sheet:
            raise InputError(path, "--sheet only applies to Excel workbooks, not CSV files")
        table = _read_csv(path)
    _check_shape(table)
    return table


def _decode(path: Path) -> tuple[str, str]:
    """Decode CSV bytes as UTF-8 (with or without BOM), else Windows-1252."""
    data = path.read_bytes()
    sample = data[:4096]
    # UTF-16 and binary files are full of control bytes; a stray NUL in a text file is left
    # for the schema to refuse at its row and column.
    control = sum(byte < 32 and byte not in (9, 10, 13) for byte in sample)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or control > len(sample) // 20:
        msg = (
            "the file is not text in UTF-8 or Windows-1252 (it looks like UTF-16 or a binary "
            "file); save it as 'CSV UTF-8' or as .xlsx"
        )
        raise InputError(path, msg)
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise InputError(path, "the text encoding is not UTF-8 or Windows-1252; save as 'CSV UTF-8'")


def _read_csv(path: Path) -> Table:
    """Parse CSV text, guessing comma, semicolon or tab from the header line."""
    text, encoding = _decode(path)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        grid = list(reader)
    except csv.Error as exc:
        raise InputError(path, f"not a readable CSV file ({exc})", row=reader.line_num) from None
    if not grid:
        raise InputError(path, "the file has no header row")
    # A cell kmkit wrote as '=... (see kmkit/inputs/cells.py) reads back as it was.
    grid = [[csv_unsafe(cell) for cell in row] for row in grid]
    header = [cell.strip() for cell in grid[0]]
    rows, numbers = [], []
    for number, row in enumerate(grid[1:], start=2):
        if any(cell.strip() for cell in row):
            rows.append(row)
            numbers.append(number)
    return Table(path, header, rows, numbers, encoding)


def _cell_text(value: object) -> str:
    """An Excel cell as text: whole numbers without '.0', dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _read_xlsx(path: Path, sheet: str | None) -> Table:
    """Read one sheet (the first unless named) of an XLSX workbook, values not formulas."""
    from openpyxl import load_workbook

    _check_expanded(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        msg = f"not an Excel workbook (.xlsx) that can be read ({exc.__class__.__name__})"
        raise InputError(path, msg) from None
    try:
        if sheet is None:
            ws = book.worksheets[0]
        elif sheet in book.sheetnames:
            ws = book[sheet]
        else:
            msg = f"no sheet '{sheet}'; the workbook's sheets are: {', '.join(book.sheetnames)}"
            raise InputError(path, msg)
        grid = _sheet_grid(path, ws)
    except zipfile.BadZipFile:  # a part that does not unzip whole, or holds more than it says
        msg = "the workbook is damaged (part of it does not unzip whole); save it again from Excel"
        raise InputError(path, msg) from None
    finally:
        book.close()
    if not grid or not any(c.strip() for c in grid[0]):
        where = f"sheet '{sheet or ws.title}'"
        raise InputError(path, f"{where} is empty; the first row must hold the column names")
    header = [cell.strip() for cell in grid[0]]
    while header and not header[-1]:
        header.pop()
    rows, numbers = [], []
    for number, row in enumerate(grid[1:], start=2):
        if any(cell.strip() for cell in row):
            rows.append(row)
            numbers.append(number)
    return Table(path, header, rows, numbers, "xlsx")


def _check_expanded(path: Path) -> None:
    """Refuse a workbook that would unzip past MAX_EXPANDED, from its zip directory alone.

    The sizes are those the zip declares; `zipfile` stops a member at its declared size and
    fails its checksum if it holds more, so nothing larger can be read past this check.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        msg = f"not an Excel workbook (.xlsx) that can be read ({exc.__class__.__name__})"
        raise InputError(path, msg) from None
    if expanded > MAX_EXPANDED:
        msg = (
            f"the workbook expands to {expanded // 2**20:,} MB when opened, more than the "
            f"{MAX_EXPANDED // 2**20} MB kmkit reads; split it into smaller workbooks or save "
            "the sheet as CSV"
        )
        raise InputError(path, msg)


def _too_many_rows(path: Path, title: str) -> InputError:
    """The refusal of a sheet longer than MAX_ROWS."""
    msg = (
        f"sheet '{title}' has more than {MAX_ROWS:,} rows, the most kmkit reads; split it "
        f"into files of at most {MAX_ROWS:,} rows"
    )
    return InputError(path, msg)


def _sheet_grid(path: Path, ws: object) -> list[list[str]]:
    """Every row of a read-only sheet as text, however far its <dimension> tag says it goes.

    openpyxl's read-only mode stops where the tag says, and some tools write a stale one
    (A1:C3 over ten rows): the tag is checked against the limit, then ignored.
    """
    claimed = ws.max_row
    if claimed is not None and claimed > MAX_ROWS + 1:
        raise _too_many_rows(path, ws.title)
    ws.reset_dimensions()
    grid: list[list[str]] = []
    for row in ws.iter_rows(values_only=True):
        if len(grid) > MAX_ROWS:  # the header row and MAX_ROWS rows below it
            raise _too_many_rows(path, ws.title)
        grid.append([_cell_text(v) for v in row])
    width = max(map(len, grid), default=0)
    return [row + [""] * (width - len(row)) for row in grid]


def _check_shape(table: Table) -> None:
    """Refuse header-only files, blank or repeated column names, ragged rows and huge cells."""
    path = table.path
    for index, name in enumerate(table.header, start=1):
        if not name:
            raise InputError(path, f"column {index} has no name in the header row", row=1)
        if len(name) > MAX_CELL:
            raise InputError(path, f"column {index}'s name is {len(name)} characters long", row=1)
    seen: dict[str, int] = {}
    for index, name in enumerate(table.header, start=1):
        key = name.casefold()
        if key in seen:
            msg = f"column {index} repeats the name of column {seen[key]}"
            raise InputError(path, msg, row=1, column=name)
        seen[key] = index
    if not table.rows:
        raise InputError(path, "the file has a header row but no answers below it")
    width = len(table.header)
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        extra = [c for c in row[width:] if c.strip()]
        if extra:
            msg = (
                f"the row has {width + len(extra)} values but the header names only {width} columns"
            )
            raise InputError(path, msg, row=number)
        for name, cell in zip(table.header, row, strict=False):
            if len(cell) > MAX_CELL:
                msg = f"the cell holds {len(cell):,} characters; answers are short values"
                raise InputError(path, msg, row=number, column=name)


def drop_columns(table: Table, names: Iterable[str]) -> Table:
    """The table without the named columns (case and spaces aside); refuse a name it lacks."""
    dropped = {normalise(name): name for name in names}
    keys = [normalise(header) for header in table.header]
    for key, name in dropped.items():
        if key not in keys:
            close = difflib.get_close_matches(key, keys, n=1)
            hint = (
                f"; did you mean '{table.header[keys.index(close[0])]}'?"
                if close
                else "; copy the name from the file's first row"
            )
            msg = f"--ignore-column '{name}' names no column of the file{hint}"
            raise InputError(table.path, msg, row=1)
    keep = [index for index, key in enumerate(keys) if key not in dropped]
    header = [table.header[index] for index in keep]
    rows = [[row[index] for index in keep if index < len(row)] for row in table.rows]
    return replace(table, header=header, rows=rows)
