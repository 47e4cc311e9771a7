"""Scoring and import speed against plain pandas doing the same core work, in one run.

Scoring: kmkit's score_maturity (means, 95% intervals, spread, agreement, Cronbach's alpha)
against pandas computing respondent and category means from the same long frame.
Import: `kmkit import` of a 10,000-row XLSX (read, validate, pseudonymise, store) against
pandas reading the same file and computing department means.
Usage: python bench/scoring.py [REPEATS]
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from kmkit.core.instruments import load_instrument
from kmkit.core.scoring import score_maturity
from kmkit.core.workspace import new_client
from kmkit.inputs.forms import form_columns
from kmkit.inputs.survey_import import import_file

REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
INSTRUMENT = load_instrument("maturity")
DEPARTMENTS = ["Operations", "Sales", "Administration"]


def long_answers(respondents: int, seed: int = 1) -> pd.DataFrame:
    """A wave of answers in the store's long format, random but fixed by the seed."""
    rng = np.random.default_rng(seed)
    items = [i.id for i in INSTRUMENT.items]
    n = respondents * len(items)
    now = rng.integers(1, 6, n).astype(float)
    dont_know = rng.random(n) < 0.03
    now[dont_know] = np.nan
    return pd.DataFrame(
        {
            "response_id": np.repeat(np.arange(respondents), len(items)),
            "department": np.repeat(rng.choice(DEPARTMENTS, respondents), len(items)),
            "role": "Staff",
            "item_id": np.tile(items, respondents),
            "now": now,
            "target": np.nan,
            "dont_know": dont_know,
        }
    )


def pandas_scoring(answers: pd.DataFrame) -> pd.Series:
    """The baseline: join items to categories, respondent means, then category means."""
    items = INSTRUMENT.items_frame()[["item_id", "category"]]
    joined = answers.dropna(subset=["now"]).merge(items, on="item_id")
    per_person = joined.groupby(["response_id", "category"])["now"].mean()
    return per_person.groupby("category").mean()


def median_time(func, *args) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        func(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def write_xlsx(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    rng = np.random.default_rng(2)
    # A normal (not write-only) workbook records its dimensions, as Excel and Forms do;
    # without them openpyxl reads every sheet twice.
    book = Workbook()
    sheet = book.active
    sheet.title = "Answers"
    sheet.append(form_columns(INSTRUMENT))
    values = rng.integers(1, 6, (rows, len(INSTRUMENT.items)))
    for number in range(rows):
        sheet.append([number + 1, DEPARTMENTS[number % 3], "Staff", *values[number].tolist()])
    book.save(path)


def line(label: str, seconds: float, rows: int, baseline: float) -> str:
    return (
        f"{label:<44}{seconds:8.3f} s {rows / seconds:12,.0f} rows/s"
        f"   {seconds / baseline:5.2f}x the baseline's time"
    )


if __name__ == "__main__":
    print(f"median of {REPEATS} runs each")
    for respondents in (10_000, 100_000):
        answers = long_answers(respondents)
        base = median_time(pandas_scoring, answers)
        ours = median_time(score_maturity, answers, INSTRUMENT)
        print(f"scoring {respondents:,} respondents ({len(answers):,} answers)")
        print(line("  baseline: pandas merge + group means", base, respondents, base))
        print(line("  kmkit score_maturity", ours, respondents, base))
    work = Path(tempfile.mkdtemp())
    try:
        xlsx = work / "answers.xlsx"
        write_xlsx(xlsx, 10_000)

        def baseline_import() -> None:
            frame = pd.read_excel(xlsx, engine="openpyxl")
            frame.groupby("department").mean(numeric_only=True)

        def kmkit_import() -> None:
            target = work / "clients"
            shutil.rmtree(target, ignore_errors=True)
            client = new_client("bench", "Bench Ltd", target)
            import_file(client, xlsx, wave="bench")

        base = median_time(baseline_import)
        ours = median_time(kmkit_import)
        print("importing a 10,000-row XLSX")
        print(line("  baseline: pandas read_excel + group means", base, 10_000, base))
        print(line("  kmkit import (validate, pseudonymise, store)", ours, 10_000, base))
    finally:
        shutil.rmtree(work)
