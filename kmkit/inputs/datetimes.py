"""Read the date-time cells of forms exports, settling day/month order from the whole column.

Forms write their timestamps in the owner's local format: 2026/10/13 (year first), 13/10/2026
(day first, most of the world), 10/13/2026 (month first, the United States), 13.10.2026
(always day first), with times such as 9:10:00 AM GMT+1, 19.07.17 or 下午3:04:05. A date
such as 03/10/2026 reads either way, so the order is taken from the column's other dates (one
with a day above 12 proves it), given by the consultant, or the file is refused: never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kmkit.core.errors import InputError

DAY_MONTH, MONTH_DAY = "day-month", "month-day"
ORDERS = (DAY_MONTH, MONTH_DAY)
READ_AS = {DAY_MONTH: "day first (day/month/year)", MONTH_DAY: "month first (month/day/year)"}

DATE = re.compile(
    r"^(?P<a>\d{1,4})\s*(?P<sep>[-/.])\s*(?P<b>\d{1,2})\s*(?P=sep)\s*(?P<c>\d{1,4})\.?"
    r"(?:(?:\s+|T|,\s*)(?P<time>.+))?$"
)
AFTERNOON = ("pm", "p.m.", "p. m.", "下午", "午後", "오후")  # en, es, zh, ja, ko
MORNING = ("am", "a.m.", "a. m.", "上午", "午前", "오전")
HALF = "|".join(re.escape(word) for word in (*AFTERNOON, *MORNING))
TIME = re.compile(
    rf"^(?P<pre>{HALF})?\s*(?P<h>\d{{1,2}})[:.](?P<m>\d{{2}})(?:[:.](?P<s>\d{{2}})(?:[.,]\d+)?)?"
    rf"\s*(?P<post>{HALF})?(?:\s*(?:GMT|UTC|Z))?(?:\s*[+-]\d{{1,2}}(?::?\d{{2}})?)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Stamp:
    """A numeric date-time split into its fields, before day and month are told apart."""

    first: int  # day or month when not year_first; the month when year_first
    second: int
    year: int
    year_first: bool
    dotted: bool  # 13.10.2026: written day first wherever dots are used
    time: tuple[int, int, int] | None

    def proves(self) -> str | None:
        """The order this date shows on its own (a day above 12, or dots), else None."""
        if self.year_first:
            return None
        if self.dotted or (self.first > 12 >= self.second):
            return DAY_MONTH
        if self.second > 12 >= self.first:
            return MONTH_DAY
        return None

    def ambiguous(self) -> bool:
        """True when the date reads differently day first and month first (03/10/2026)."""
        if self.year_first or self.dotted or self.first == self.second:
            return False
        return self.first <= 12 and self.second <= 12

    def either(self) -> str:
        """The two readings of an ambiguous date, in words: '3 October or 10 March'."""
        readings = [self.at(order) for order in ORDERS]
        return " or ".join(f"{when.day} {when:%B}" for when in readings if when)

    def at(self, order: str | None) -> dt.datetime | None:
        """The date-time read in this order (else the one it shows), or None if impossible."""
        if self.year_first or self.first == self.second:
            month, day = self.first, self.second
        else:
            order = DAY_MONTH if self.dotted else order or self.proves()
            if order is None:
                return None
            day, month = (
                (self.first, self.second) if order == DAY_MONTH else (self.second, self.first)
            )
        hour, minute, second = self.time or (0, 0, 0)
        try:
            return dt.datetime(self.year, month, day, hour, minute, second)
        except ValueError:
            return None


def split(text: str) -> Stamp | None:
    """The fields of a numeric date (and time), or None when the text is not one."""
    found = DATE.match(text.strip())
    if found is None:
        return None
    a, b, c = found.group("a", "b", "c")
    time = None
    if found.group("time"):
        time = _clock(found.group("time").strip())
        if time is None:
            return None
    if len(a) == 4:
        return Stamp(int(b), int(c), int(a), True, False, time)
    if len(a) > 2 or len(c) not in (2, 4):
        return None
    year = int(c) + (2000 if len(c) == 2 else 0)
    return Stamp(int(a), int(b), year, False, found.group("sep") == ".", time)


def _clock(text: str) -> tuple[int, int, int] | None:
    """Hours, minutes and seconds of a time of day in 24- or 12-hour form, or None."""
    found = TIME.match(text)
    if found is None:
        return None
    hour, minute, second = int(found["h"]), int(found["m"]), int(found["s"] or 0)
    half = (found["pre"] or found["post"] or "").casefold()
    if half and not 1 <= hour <= 12:
        return None
    if half in AFTERNOON and hour != 12:
        hour += 12
    elif half in MORNING and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour, minute, second


def read_datetime(text: str, order: str | None = None) -> dt.datetime | str:
    """A date-time cell as a naive datetime (the clock time written), or why it cannot be read.

    `order` (day-month or month-day) reads dates such as 03/10/2026; without it they are
    refused, and a date that proves its own order (13/10/2026) is read that way.
    """
    cleaned = text.strip()
    stamp = split(cleaned)
    if stamp is None:
        return _read_words(cleaned)
    if stamp.ambiguous() and order is None:
        return f"'{cleaned[:40]}' could be {stamp.either()}; say which with --date-order"
    when = stamp.at(order)
    if when is None:
        tail = f" when read {READ_AS[order]}" if order else ""
        return f"'{cleaned[:40]}' is not a date and time{tail}"
    return when


def _read_words(text: str) -> dt.datetime | str:
    """A date-time with its month in words ('Oct 13, 2026 9:10 AM'), or why it is not one."""
    reason = f"'{text[:40]}' is not a date and time"
    if not re.search(r"\d", text) or not re.search(r"[^\W\d_]{3}", text):
        return reason
    import pandas as pd

    cleaned = re.sub(r"\s*(GMT|UTC)[+-]?\d*$", "", text)
    try:
        stamp = pd.to_datetime(cleaned, format="mixed")
    except (ValueError, TypeError, OverflowError):
        return reason
    if pd.isna(stamp):
        return reason
    return stamp.to_pydatetime().replace(tzinfo=None)


def is_datetime(text: str) -> bool:
    """True for a cell that holds a date and a time of day, in whichever order it is written."""
    stamp = split(text)
    if stamp is None:
        return ":" in text and isinstance(_read_words(text.strip()), dt.datetime)
    return stamp.time is not None and (stamp.at(DAY_MONTH) or stamp.at(MONTH_DAY)) is not None


def settle_order(
    path: Path, cells: Iterable[tuple[int, str, str]], chosen: str | None = None
) -> str | None:
    """The day/month order of a file's date-time cells: chosen, else shown by its own dates.

    `cells` are (row, column, text). A date with a day above 12 shows the order; a column that
    shows both, or whose every date reads both ways, is refused naming the row, never guessed.
    None means that no cell needs an order.
    """
    if chosen is not None:
        if chosen not in ORDERS:
            raise InputError(path, f"--date-order is '{chosen}'; use day-month or month-day")
        return chosen
    shown: dict[str, tuple[int, str, str]] = {}
    unsure: list[tuple[int, str, str]] = []
    for row, column, text in cells:
        stamp = split(text)
        if stamp is None:
            continue
        order = stamp.proves()
        if order:
            shown.setdefault(order, (row, column, text.strip()))
        elif stamp.ambiguous():
            unsure.append((row, column, text.strip()))
    if len(shown) == 2:
        (row_a, _, text_a), (row_b, column, text_b) = sorted(shown.values())
        msg = (
            f"the dates mix day/month and month/day: row {row_a} reads '{text_a}' and row "
            f"{row_b} '{text_b}', which cannot both be right. Correct the rows written the "
            "other way, or rerun with --date-order day-month (or month-day) to list them"
        )
        raise InputError(path, msg, row=row_b, column=column)
    if shown:
        return next(iter(shown))
    if unsure:
        row, column, text = unsure[0]
        either = split(text).either()  # type: ignore[union-attr]
        msg = (
            f"'{text[:40]}' could be {either}, and no date in the column has a day above 12 "
            f"to tell day/month from month/day ({len(unsure)} row(s) read both ways). Rerun "
            "with --date-order day-month or --date-order month-day, as the form's owner "
            "writes dates"
        )
        raise InputError(path, msg, row=row, column=column)
    return None
