"""Phase 05, measurement: KPIs against baseline and target, a second survey wave, and ROI.

The literature on knowledge transfer in SME partnerships asks for baselines, quantitative
metrics (knowledge utilisation, time to competency, search time, error rates) and
qualitative ones (satisfaction; knowledge quality as accuracy, relevance and timeliness),
collected regularly rather than at the end.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kmkit.core.errors import InputError
from kmkit.core.numbers import money
from kmkit.core.scoring import MaturityResult
from kmkit.core.workspace import ClientConfig
from kmkit.phases.measurement.inputs import RoiAssumptions

BOOTSTRAP = 2000


def kpi_progress(kpis: pd.DataFrame) -> pd.DataFrame:
    """Per indicator: baseline, latest, target, share of the way there, and monthly trend."""
    rows = []
    for name, group in kpis.groupby("indicator", sort=False):
        group = group.sort_values("date")
        first, last = group.iloc[0], group.iloc[-1]
        sign = 1 if first["better"] == "higher" else -1
        span = first["target"] - first["value"]
        progress = (last["value"] - first["value"]) / span if span else np.nan
        months = np.array([(d - first["date"]).days / 30.44 for d in group["date"]])
        slope = float(np.polyfit(months, group["value"], 1)[0]) if len(group) >= 3 else np.nan
        reached = sign * (last["value"] - first["target"]) >= 0
        noise = float(group["value"].std(ddof=1)) if len(group) > 2 else 0.0
        if reached:
            status = "target reached"
        elif np.isnan(slope) or abs(slope) * max(months[-1], 1) < 0.5 * noise:
            status = "no clear trend"
        else:
            status = "improving" if sign * slope > 0 else "worsening"
        rows.append(
            {
                "indicator": name,
                "kind": first["kind"],
                "unit": first["unit"],
                "better": first["better"],
                "baseline_date": first["date"],
                "baseline": first["value"],
                "latest_date": last["date"],
                "latest": last["value"],
                "target": first["target"],
                "progress": progress,
                "trend_per_month": slope,
                "status": status,
                "readings": len(group),
                "rows": tuple(group["row"]),
            }
        )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class WaveChange:
    """Category means in two waves, the difference and its bootstrap 95% interval."""

    first: str
    second: str
    table: pd.DataFrame  # category, name, before, after, change, low, high, real, n_before, n_after


def compare_waves(before: MaturityResult, after: MaturityResult, seed: int = 1) -> WaveChange:
    """Change per category between two waves, with percentile-bootstrap 95% intervals.

    Respondents differ between waves, so each wave is resampled on its own; a change is
    called real when its interval leaves out zero.
    """
    rng = np.random.default_rng(seed)
    rows = []
    cats = [c.id for c in before.instrument.categories] + ["overall"]
    names = before.instrument.category_names() | {"overall": "Overall"}
    for cat in cats:
        a = _scores(before, cat)
        b = _scores(after, cat)
        if len(a) < 2 or len(b) < 2:
            continue
        draws = rng.choice(b, (BOOTSTRAP, len(b))).mean(axis=1) - rng.choice(
            a, (BOOTSTRAP, len(a))
        ).mean(axis=1)
        low, high = np.percentile(draws, [2.5, 97.5])
        change = b.mean() - a.mean()
        rows.append(
            {
                "category": cat,
                "name": names[cat],
                "before": a.mean(),
                "after": b.mean(),
                "change": change,
                "low": low,
                "high": high,
                "real": bool(low > 0 or high < 0),
                "n_before": len(a),
                "n_after": len(b),
            }
        )
    return WaveChange(before.wave, after.wave, pd.DataFrame(rows))


def _scores(result: MaturityResult, category: str) -> np.ndarray:
    people = result.by_respondent
    cats = [c.id for c in result.instrument.categories]
    values = people[cats].mean(axis=1) if category == "overall" else people[category]
    return values.dropna().to_numpy(dtype=float)


@dataclass(frozen=True)
class Roi:
    """The ROI estimate and every figure it rests on."""

    hours_saved_per_year: float
    value: float
    cost: float
    roi: float  # (value - cost) / cost
    assumptions: list[tuple[str, str]]
    currency: str = ""  # roi.yaml's, else the client's; "": amounts show none
    locale: str = "en"  # how the client writes amounts


def estimate_roi(
    assumptions: RoiAssumptions,
    progress: pd.DataFrame | None,
    roadmap_cost: float,
    config: ClientConfig | None = None,
) -> Roi:
    """Hours of searching saved a year at a loaded hourly cost, against the programme's cost."""
    a = assumptions
    after, after_from = a.hours_searching_after, "roi.yaml"
    if after is None and progress is not None and a.search_kpi:
        match = progress.loc[progress["indicator"] == a.search_kpi]
        if match.empty:
            msg = f"search_kpi '{a.search_kpi}' is not an indicator in the KPI file"
            raise InputError("data/roi.yaml", msg, column="search_kpi")
        after, after_from = float(match.iloc[0]["latest"]), f"KPI '{a.search_kpi}', latest"
    if after is None:
        raise InputError(
            "data/roi.yaml", "give hours_searching_after or a search_kpi", column="hours"
        )
    cost = a.programme_cost if a.programme_cost is not None else roadmap_cost
    saved = (a.hours_searching_before - after) * a.people * a.weeks_per_year
    value = saved * a.hourly_cost
    currency = a.currency or (config.money()[0] if config else "")
    locale = config.locale() if config and currency else "en"
    facts = [
        ("Staff affected", f"{a.people}"),
        ("Hours searching a week per person, before", f"{a.hours_searching_before:g}"),
        (f"Hours searching a week per person, now ({after_from})", f"{after:g}"),
        ("Working weeks a year", f"{a.weeks_per_year}"),
        ("Loaded cost of an hour", money(a.hourly_cost, currency, locale)),
        (
            "Yearly cost of the KM programme"
            + (" (roi.yaml)" if a.programme_cost is not None else " (roadmap's cost bands)"),
            money(cost, currency, locale),
        ),
    ]
    roi = (value - cost) / cost if cost else float("nan")
    return Roi(saved, value, cost, roi, facts, currency, locale)
