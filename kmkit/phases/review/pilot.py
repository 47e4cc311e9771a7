"""Phase 07: did the pilot work? The pilot department against the others over the same period.

'Five steps for the implementation of enterprise knowledge management' asks to judge the
pilot on its short-term effect before it is replicated. kmkit compares the pilot department's
change with the other departments' change over the same period (a difference in
differences): what the pilot changed beyond what changed everywhere. The uncertainty is a
percentile bootstrap: each group's readings (or respondents) before and after the pilot began
are resampled on their own, with a fixed seed so a report is the same every time it is made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from kmkit.core.privacy import shown_groups
from kmkit.core.scoring import MaturityResult

DRAWS = 2000
SEED = 7
MEANINGFUL = 0.25  # of the way from baseline to target: the smallest effect worth having
SURVEY_MEANINGFUL = 0.25  # points on the five-point maturity scale
MIN_READINGS = 2  # per group and period: fewer cannot show how much readings vary
ALL_OTHERS = "all other departments"


@dataclass(frozen=True)
class Effect:
    """One measure's difference in differences, oriented so that positive is better."""

    measure: str  # a KPI's name, or 'maturity (overall)'
    unit: str
    pilot: str
    comparison: str  # a department, or ALL_OTHERS
    means: tuple[float, float, float, float]  # pilot before, after; others before, after
    counts: tuple[int, int, int, int]
    effect: float | None  # improvement beyond the others' (nan-free); None: cannot compute
    low: float | None
    high: float | None
    meaningful: float
    verdict: str  # worked, no effect yet, worse, cannot tell
    reason: str  # why it cannot tell; empty otherwise
    rows: tuple[int, ...] = ()  # KPI file rows behind it
    periods: tuple[str, str] = ("before the pilot", "since")  # what before and after mean


def did(cells: Sequence[np.ndarray], sign: int = 1) -> tuple[float, float, float]:
    """(effect, low, high): (pilot after - before) - (others after - before), times `sign`.

    `cells` are the readings of pilot before, pilot after, others before, others after;
    `sign` is 1 when higher is better and -1 when lower is. The 95% interval resamples each
    cell with replacement DRAWS times from a generator seeded with SEED.
    """
    a, b, c, d = (np.asarray(x, dtype=float) for x in cells)
    effect = sign * ((b.mean() - a.mean()) - (d.mean() - c.mean()))
    rng = np.random.default_rng(SEED)
    means = [rng.choice(x, (DRAWS, len(x))).mean(axis=1) for x in (a, b, c, d)]
    draws = sign * ((means[1] - means[0]) - (means[3] - means[2]))
    low, high = np.percentile(draws, [2.5, 97.5])
    return float(effect), float(low), float(high)


def verdict(low: float, high: float, meaningful: float) -> tuple[str, str]:
    """What the interval says: worked, worse, no effect yet, or cannot tell (and why)."""
    if low > 0:
        return "worked", ""
    if high < 0:
        return "worse", ""
    if high < meaningful:
        return "no effect yet", ""
    return "cannot tell", (
        f"the 95% interval ({low:+.2f} to {high:+.2f}) holds both no change and a change "
        f"worth having ({meaningful:.2f})"
    )


def _cannot(measure: str, unit: str, pilot: str, comparison: str, why: str) -> Effect:
    nan = float("nan")
    return Effect(measure, unit, pilot, comparison, (nan,) * 4, (0,) * 4, None, None, None,
                  0.0, "cannot tell", why)  # fmt: skip


def _effect(
    measure: str, unit: str, pilot: str, comparison: str, cells: list[np.ndarray],
    sign: int, meaningful: float, rows: tuple[int, ...] = (),
) -> Effect:  # fmt: skip
    """The difference in differences of four cells, with its verdict."""
    effect, low, high = did(cells, sign)
    word, why = verdict(low, high, meaningful)
    means = tuple(float(np.mean(x)) for x in cells)
    counts = tuple(len(x) for x in cells)
    return Effect(measure, unit, pilot, comparison, means, counts, effect, low, high,
                  meaningful, word, why, rows)  # fmt: skip


def worth_having(readings: pd.DataFrame, pilot: str) -> float:
    """The smallest change worth having: MEANINGFUL of the way from baseline to target.

    The baseline is the firm-wide first reading, else the pilot department's; with the
    target at the baseline, a tenth of the baseline stands in.
    """
    firm = readings.loc[readings["department"] == ""]
    start = (firm if len(firm) else readings.loc[readings["department"] == pilot]).iloc[0]
    span = abs(start["target"] - start["value"])
    return MEANINGFUL * span if span else 0.1 * abs(start["value"])


def _cells(ours: pd.DataFrame, others: pd.DataFrame, start: dt.date) -> list[np.ndarray]:
    """Pilot before and after the start, then the others' per-date means before and after."""
    series = others.groupby("date", as_index=False)["value"].mean()
    return [
        ours.loc[ours["date"] < start, "value"].to_numpy(),
        ours.loc[ours["date"] >= start, "value"].to_numpy(),
        series.loc[series["date"] < start, "value"].to_numpy(),
        series.loc[series["date"] >= start, "value"].to_numpy(),
    ]


def _too_few(cells: list[np.ndarray], pilot: str, comparison: str) -> str:
    """Why the cells cannot be compared yet, or '' when each has MIN_READINGS readings."""
    who = "the other departments" if comparison == ALL_OTHERS else comparison
    places = (
        f"in {pilot} before the pilot began",
        f"in {pilot} since the pilot began",
        f"in {who} before the pilot began",
        f"in {who} since the pilot began",
    )
    for place, cell in zip(places, cells, strict=True):
        if len(cell) < MIN_READINGS:
            return f"there are fewer than {MIN_READINGS} readings {place}"
    return ""


def kpi_effects(
    kpis: pd.DataFrame, pilot: str, start: dt.date, compare_with: str = ALL_OTHERS
) -> list[Effect]:
    """Each KPI read per department: the pilot department against `compare_with`.

    Readings before `start` are 'before', the rest 'after'. Against all other departments,
    their readings are averaged per date first, so each department weighs the same.
    """
    found = []
    for name, readings in kpis.groupby("indicator", sort=False):
        split = readings.loc[readings["department"] != ""]
        if split.empty:
            continue
        unit, sign = readings.iloc[0]["unit"], 1 if readings.iloc[0]["better"] == "higher" else -1
        ours = split.loc[split["department"] == pilot]
        others = split.loc[split["department"] != pilot]
        if compare_with != ALL_OTHERS:
            others = others.loc[others["department"] == compare_with]
        if ours.empty:
            why = f"{pilot} has no readings of it"
        elif others.empty:
            why = f"no other department has readings of it to compare {pilot} with"
            if compare_with != ALL_OTHERS:
                why = f"{compare_with} has no readings of it"
        else:
            cells = _cells(ours, others, start)
            why = _too_few(cells, pilot, compare_with)
        if why:
            found.append(_cannot(name, unit, pilot, compare_with, why))
            continue
        rows = tuple(int(r) for r in pd.concat([ours, others])["row"])
        meaningful = worth_having(readings, pilot)
        found.append(_effect(name, unit, pilot, compare_with, cells, sign, meaningful, rows))
    return found


def survey_departments(first: MaturityResult, latest: MaturityResult, threshold: int) -> list[str]:
    """Departments that may be shown apart in both waves (anonymity threshold, both ways)."""
    shown = [
        set(shown_groups(r.by_respondent.groupby("department").size(), threshold))
        for r in (first, latest)
    ]
    return sorted(shown[0] & shown[1])


def _overall(result: MaturityResult) -> pd.DataFrame:
    """Each respondent's department and overall score (mean of the category scores)."""
    people = result.by_respondent
    cats = [c.id for c in result.instrument.categories]
    return pd.DataFrame({"department": people["department"], "score": people[cats].mean(axis=1)})


def survey_effect(
    first: MaturityResult,
    latest: MaturityResult,
    pilot: str,
    threshold: int,
    compare_with: str = ALL_OTHERS,
) -> Effect:
    """The pilot department's overall maturity change beyond the others', between two waves.

    Nothing is computed for a group under the anonymity threshold in either wave: its
    answers would be shown apart.
    """
    measure = "Maturity (overall)"
    shown = survey_departments(first, latest, threshold)
    if pilot not in shown:
        why = f"{pilot} is too small in one of the waves to be shown apart (threshold {threshold})"
        return _cannot(measure, "points", pilot, compare_with, why)
    if compare_with != ALL_OTHERS and compare_with not in shown:
        why = f"{compare_with} is too small in one of the waves to be shown apart"
        return _cannot(measure, "points", pilot, compare_with, why)
    cells = []
    for result in (first, latest):
        scores = _overall(result).dropna()
        others = scores["department"] != pilot
        if compare_with != ALL_OTHERS:
            others = scores["department"] == compare_with
        cells.append(
            (scores.loc[scores["department"] == pilot, "score"], scores.loc[others, "score"])
        )
    (a, c), (b, d) = cells
    if min(len(c), len(d)) < threshold:
        why = f"the other departments together have fewer than {threshold} respondents"
        return _cannot(measure, "points", pilot, compare_with, why)
    arrays = [x.to_numpy() for x in (a, b, c, d)]
    found = _effect(measure, "points", pilot, compare_with, arrays, 1, SURVEY_MEANINGFUL)
    return replace(found, periods=(f"in wave '{first.wave}'", f"in '{latest.wave}'"))


def overall(effects: list[Effect]) -> str:
    """One word for the pilot: worked, worse, mixed, no effect yet or cannot tell."""
    words = {e.verdict for e in effects}
    if "worked" in words:
        return "mixed" if "worse" in words else "worked"
    if "worse" in words:
        return "worse"
    return "no effect yet" if "no effect yet" in words else "cannot tell"
