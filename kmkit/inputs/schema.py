"""Declarative table schemas: what each column of a data file holds, checked cell by cell.

In the spirit of pandera: a schema lists its columns with a type, a range, the allowed
values and other names a column may go by. Reading a file through it lists every problem
at once (file, row, column, a reason and a reason code) and returns typed records; the same
schema writes the blank forms and templates, so what kmkit asks for is what it reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from kmkit.core.characters import REFUSAL, has_controls
from kmkit.core.errors import InputError, RowProblem, RowsRejected
from kmkit.inputs.tables import Table, normalise, read_table

Kind = Literal["text", "int", "number", "date", "choice", "list"]
Parsed = tuple[object, str | None, str]  # value, why it is refused (None: fine), reason code


def key(text: str) -> str:
    """A header as kmkit compares it: 'Loss likelihood' and 'loss_likelihood' are one."""
    return normalise(text).replace(" ", "_")


def or_list(words: list[str]) -> str:
    """'0, 1, 2 or 3'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


@dataclass(frozen=True)
class Column:
    """One column: its type, whether it must be there and filled in, and what it may hold."""

    name: str
    kind: Kind = "text"
    required: bool = False  # every row must fill it in (and the header must name it)
    in_header: bool = False  # the header must name it, though cells may be blank
    choices: tuple[str, ...] = ()  # kind "choice": the allowed words
    value_aliases: Mapping[str, str] = field(default_factory=dict)  # loose word -> choice
    aliases: tuple[str, ...] = ()  # other headers that name this column
    low: float | None = None
    high: float | None = None
    meanings: Mapping[int, str] = field(default_factory=dict)  # kind "int": what each means
    default: object = None  # the value of a blank cell
    unique: bool = False  # no two rows may hold the same value (compared loosely)
    help: str = ""  # what to write, for forms

    @property
    def needed_in_header(self) -> bool:
        """Whether a file without this column is refused."""
        return self.required or self.in_header

    def _range(self) -> str:
        return f"a whole number from {self.low:g} to {self.high:g}"

    def parse(self, cell: str) -> Parsed:
        """Read one cell: its typed value, or why it cannot be read."""
        text = cell.strip()
        if has_controls(text):
            return None, REFUSAL, "control-character"
        if not text:
            if not self.required:
                return self.default, None, ""
            if self.kind == "int" and self.low is not None:
                return None, f"is empty; give {self._range()}", "empty"
            return None, f"the {self.name} is empty", "empty"
        return getattr(self, f"_parse_{self.kind}")(text)

    def _parse_text(self, text: str) -> Parsed:
        return text, None, ""

    def _parse_list(self, text: str) -> Parsed:
        parts = tuple(p.strip() for p in text.replace(",", ";").split(";") if p.strip())
        return parts, None, ""

    def _parse_choice(self, text: str) -> Parsed:
        word = normalise(text)
        word = self.value_aliases.get(word, word)
        if word in self.choices:
            return word, None, ""
        allowed = ", ".join(c for c in self.choices if c)
        return None, f"'{text[:40]}' is not one of {allowed}", "not-allowed"

    def _parse_int(self, text: str) -> Parsed:
        low = float("-inf") if self.low is None else self.low
        high = float("inf") if self.high is None else self.high
        if text.isdigit() and low <= int(text) <= high:
            return int(text), None, ""
        if self.meanings:
            values = or_list([str(v) for v in self.meanings])
            meaning = ", ".join(f"{v} {m}" for v, m in self.meanings.items())
            blank = f"; blank means {self.default}" if self.default is not None else ""
            return None, f"'{text[:40]}' is not {values} ({meaning}{blank})", "out-of-range"
        return None, f"'{text[:40]}' is not {self._range()}", "out-of-range"

    def _parse_number(self, text: str) -> Parsed:
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            return None, f"'{text[:40]}' is not a number", "not-a-number"
        if (self.low is not None and value < self.low) or (
            self.high is not None and value > self.high
        ):
            return None, f"{text} is outside {self.low:g} to {self.high:g}", "out-of-range"
        return value, None, ""

    def _parse_date(self, text: str) -> Parsed:
        try:
            return dt.date.fromisoformat(text[:10]), None, ""
        except ValueError:
            return None, f"'{text[:40]}' is not a date like 2027-03-01", "not-a-date"

    def dropdown(self) -> tuple[str, ...]:
        """The choices a blank form offers for this column (none: free text)."""
        if self.kind == "choice":
            return tuple(c for c in self.choices if c)
        if self.kind == "int" and self.low is not None and self.high is not None:
            return tuple(str(v) for v in range(int(self.low), int(self.high) + 1))
        return ()


@dataclass(frozen=True)
class Records:
    """The good rows of a file as dicts (each with its spreadsheet `row`), and every problem."""

    path: Path
    rows: list[dict[str, object]]
    problems: list[RowProblem]
    headers: dict[str, str]  # schema column -> the file's own header for it


@dataclass(frozen=True)
class TableSchema:
    """A data file's columns; `unknown_column` words the refusal of a column it lacks."""

    name: str
    columns: tuple[Column, ...]
    unknown_column: str = ""  # the refusal, with {header}; default: the list of columns

    def names(self) -> tuple[str, ...]:
        """The columns in order: the header of a blank form."""
        return tuple(c.name for c in self.columns)

    def header_map(self, table: Table) -> dict[str, int]:
        """Which file column holds each schema column; refuse missing or unknown columns."""
        names = {key(n): c.name for c in self.columns for n in (c.name, *c.aliases)}
        found: dict[str, int] = {}
        unknown: list[str] = []
        for index, header in enumerate(table.header):
            name = names.get(key(header))
            if name is None:
                unknown.append(header)
            elif name in found:
                first = table.header[found[name]]
                msg = f"'{first}' and '{header}' are two columns for the same '{name}'"
                raise InputError(table.path, msg, row=1, column=header)
            else:
                found[name] = index
        known = ", ".join(self.names())
        missing = [c.name for c in self.columns if c.needed_in_header and c.name not in found]
        if missing:
            named = " or ".join(f"'{m}'" for m in missing)
            msg = (
                f"missing column(s) {', '.join(missing)} (no {named} column); columns are: {known}"
            )
            raise InputError(table.path, msg, row=1)
        if unknown:
            if self.unknown_column:
                msg = self.unknown_column.format(header=unknown[0])
            else:
                msg = f"unknown column(s) {', '.join(map(key, unknown))}; columns are: {known}"
            raise InputError(table.path, msg, row=1, column=unknown[0])
        return found

    def validate(self, table: Table) -> Records:
        """Check every cell of every row; keep the rows without a problem."""
        where = self.header_map(table)
        rows: list[dict[str, object]] = []
        problems: list[RowProblem] = []
        seen: dict[str, dict[str, int]] = {c.name: {} for c in self.columns if c.unique}
        width = len(table.header)
        for number, raw in zip(table.row_numbers, table.rows, strict=True):
            raw = raw + [""] * (width - len(raw))
            before = len(problems)
            record: dict[str, object] = {"row": number}
            for column in self.columns:
                index = where.get(column.name)
                header = table.header[index] if index is not None else column.name
                value, why, code = column.parse(raw[index] if index is not None else "")
                if why:
                    problems.append(RowProblem(number, header, why, code))
                record[column.name] = value
                if column.unique and isinstance(value, str) and value:
                    loose = normalise(value)
                    if loose in seen[column.name]:
                        reason = f"repeats the {column.name} in row {seen[column.name][loose]}"
                        problems.append(RowProblem(number, header, reason, "repeated"))
                    seen[column.name].setdefault(loose, number)
            if len(problems) == before:
                rows.append(record)
        headers = {name: table.header[index] for name, index in where.items()}
        return Records(table.path, rows, problems, headers)

    def read(self, path: Path, sheet: str | None = None) -> Records:
        """Read a CSV or XLSX file and check it; the caller adds its own rules, then `refuse`."""
        return self.validate(read_table(path, sheet))

    def refuse(self, records: Records, more: list[RowProblem] = ()) -> None:
        """Raise with every problem found, if there is any; nothing of the file is used."""
        problems = [*records.problems, *more]
        if problems:
            error = RowsRejected(records.path, sorted(problems, key=lambda p: p.row))
            error.code = f"{self.name}-rejected"
            raise error
