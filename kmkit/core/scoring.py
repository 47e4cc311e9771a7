"""Maturity scores from stored answers: per respondent, per category, overall, and the level."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kmkit.core.errors import NoDataError
from kmkit.core.instruments import Instrument, Level
from kmkit.core.privacy import suppressed_groups

CONFIDENCE = 0.95
AGREE_FROM = 4  # answers of 4 or 5 ('agree', 'strongly agree') count as agreeing
ALPHA_FLOOR = 0.7  # below this, a category's items do not hang together well enough


def t_interval(values: pd.Series) -> tuple[float, float, float]:
    """Return (mean, low, high): the mean and its 95% t interval (NaN bounds below 2 values)."""
    from scipy.special import stdtrit  # a third of scipy.stats' import time

    clean = values.dropna()
    n = len(clean)
    mean = float(clean.mean()) if n else float("nan")
    if n < 2:
        return mean, float("nan"), float("nan")
    half = float(stdtrit(n - 1, 0.5 + CONFIDENCE / 2)) * float(clean.std(ddof=1)) / math.sqrt(n)
    return mean, mean - half, mean + half


def scored_answers(answers: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Answers that count, with category and `value` (reverse-coded items turned round).

    'Don't know' and missing answers are left out, never counted as zero.
    """
    items = instrument.items_frame()[["item_id", "category", "reverse"]]
    scored = answers.loc[~answers["dont_know"] & answers["now"].notna()]
    scored = scored.merge(items, on="item_id", how="inner")
    low, high = instrument.scale.min, instrument.scale.max
    return scored.assign(value=scored["now"].where(~scored["reverse"], low + high - scored["now"]))


@dataclass(frozen=True)
class ScoreGrid:
    """Scored answers as a respondents x items matrix (NaN: missing or 'don't know').

    One dense matrix makes respondent means, agreement and Cronbach's alpha plain numpy
    work, which keeps 100,000 respondents fast.
    """

    response_ids: np.ndarray
    item_ids: list[str]
    values: np.ndarray

    def columns(self, items: list[str]) -> np.ndarray:
        """The matrix columns of these items."""
        where = {item: i for i, item in enumerate(self.item_ids)}
        return self.values[:, [where[i] for i in items]]


def score_grid(answers: pd.DataFrame, instrument: Instrument) -> ScoreGrid:
    """Build the respondents x items matrix of scored values; reverse-coded items turned round."""
    items = instrument.items
    item_ids = [i.id for i in items]
    codes = pd.Categorical(answers["item_id"], categories=item_ids).codes
    rows, response_ids = pd.factorize(answers["response_id"], sort=True)
    now = answers["now"].to_numpy(dtype=float, na_value=np.nan).copy()
    now[answers["dont_know"].to_numpy(dtype=bool)] = np.nan
    reverse = np.array([i.reverse for i in items])
    known = codes >= 0
    low, high = instrument.scale.min, instrument.scale.max
    value = np.where(reverse[codes[known]], low + high - now[known], now[known])
    grid = np.full((len(response_ids), len(items)), np.nan)
    grid[rows[known], codes[known]] = value
    return ScoreGrid(np.asarray(response_ids), item_ids, grid)


def _nanmean_rows(block: np.ndarray) -> np.ndarray:
    """Row means ignoring NaN; NaN where a row has no value at all."""
    counts = np.sum(~np.isnan(block), axis=1)
    totals = np.nansum(block, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, totals / np.maximum(counts, 1), np.nan)


def respondent_scores(answers: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Return one row per response: department, role and each category's mean of scored items."""
    return _respondent_means(answers, score_grid(answers, instrument), instrument)


def _respondent_means(
    answers: pd.DataFrame, grid: ScoreGrid, instrument: Instrument
) -> pd.DataFrame:
    means = pd.DataFrame(
        {
            cat.id: _nanmean_rows(grid.columns([i.id for i in cat.items]))
            for cat in instrument.categories
        },
        index=pd.Index(grid.response_ids, name="response_id"),
    )
    people = answers.drop_duplicates("response_id").set_index("response_id")
    return people[["department", "role"]].join(means, how="inner")


def cronbach_alpha(block: np.ndarray) -> float:
    """Cronbach's alpha of a category's items (columns) over respondents who answered them all."""
    complete = block[~np.isnan(block).any(axis=1)]
    k = complete.shape[1]
    if k < 2 or len(complete) < 3:
        return float("nan")
    total_var = complete.sum(axis=1).var(ddof=1)
    if total_var == 0:
        return float("nan")
    return float(k / (k - 1) * (1 - complete.var(axis=0, ddof=1).sum() / total_var))


def agree_share(block: np.ndarray) -> float:
    """Share of the answers given that are 'agree' or above."""
    given = ~np.isnan(block)
    return float((block[given] >= AGREE_FROM).mean()) if given.any() else float("nan")


@dataclass(frozen=True)
class MaturityResult:
    """The organisation's maturity: category means with intervals, overall score and level."""

    instrument: Instrument
    wave: str
    respondents: int
    categories: pd.DataFrame
    overall: float
    overall_low: float
    overall_high: float
    level: Level
    possible_levels: tuple[Level, ...]
    by_respondent: pd.DataFrame
    answers: pd.DataFrame  # the wave's answers, long format, pseudonyms only

    @property
    def level_uncertain(self) -> bool:
        """True when the overall interval reaches into another level's band."""
        return len(self.possible_levels) > 1

    def ranked(self) -> pd.DataFrame:
        """Categories from strongest to weakest."""
        return self.categories.sort_values("mean", ascending=False, kind="stable")

    def languages(self) -> dict[str, int]:
        """How many respondents read the questions in each language ("": not recorded)."""
        people = self.answers.drop_duplicates("response_id").set_index("response_id")
        people = people.loc[people.index.isin(self.by_respondent.index)]
        if "language" not in people:
            return {"": len(people)} if len(people) else {}
        counts = people["language"].fillna("").value_counts()
        return {str(language): int(n) for language, n in counts.items()}


def _levels_between(instrument: Instrument, low: float, high: float) -> tuple[Level, ...]:
    """Every level whose band overlaps [low, high]."""
    return tuple(lv for lv in instrument.levels if lv.min < high and low < lv.max)


def score_maturity(answers: pd.DataFrame, instrument: Instrument, wave: str = "") -> MaturityResult:
    """Score one wave of answers against an instrument's categories and level bands."""
    grid = score_grid(answers, instrument)
    people = _respondent_means(answers, grid, instrument)
    category_ids = [c.id for c in instrument.categories]
    people = people.dropna(subset=category_ids, how="all")
    if people.empty:
        msg = f"No answers to score for instrument '{instrument.id}'" + (
            f", wave '{wave}'." if wave else "."
        )
        raise NoDataError(msg + " Import survey answers with `kmkit import` first.")
    names = instrument.category_names()
    rows = []
    for cat in instrument.categories:
        values = people[cat.id]
        mean, low, high = t_interval(values)
        block = grid.columns([item.id for item in cat.items])
        alpha = cronbach_alpha(block)
        rows.append({
            "category": cat.id, "name": names[cat.id], "mean": mean, "ci_low": low,
            "ci_high": high, "sd": float(values.std(ddof=1)),
            "agree_share": agree_share(block),
            "alpha": alpha, "alpha_low": bool(alpha < ALPHA_FLOOR),
            "n": int(values.notna().sum()),
        })  # fmt: skip
    categories = pd.DataFrame(rows)
    overall, low, high = t_interval(people[category_ids].mean(axis=1))
    level = instrument.level_for(min(max(overall, instrument.scale.min), instrument.scale.max))
    possible = _levels_between(instrument, low, high) if np.isfinite(low) else (level,)
    return MaturityResult(
        instrument=instrument,
        wave=wave,
        respondents=len(people),
        categories=categories,
        overall=overall,
        overall_low=low,
        overall_high=high,
        level=level,
        possible_levels=possible or (level,),
        by_respondent=people,
        answers=answers,
    )


def breakdown(result: MaturityResult, by: str, threshold: int) -> pd.DataFrame:
    """Category means per group (department or role), with small groups suppressed.

    A suppressed group keeps its row with `suppressed=True` and no mean, so a chart can show
    the cell as hidden rather than silently drop it. Its size is not shown either.
    """
    cats = [c.id for c in result.instrument.categories]
    people = result.by_respondent
    sizes = people.groupby(by).size().rename("n")
    means = people.groupby(by)[cats].mean()
    long = means.stack(future_stack=True).rename("mean").reset_index()
    long.columns = [by, "category", "mean"]
    long = long.merge(sizes, left_on=by, right_index=True)
    long["suppressed"] = long[by].isin(suppressed_groups(sizes, threshold))
    long["mean"] = long["mean"].where(~long["suppressed"])
    long["n"] = long["n"].where(~long["suppressed"])
    long["name"] = long["category"].map(result.instrument.category_names())
    return long[[by, "category", "name", "mean", "n", "suppressed"]]
