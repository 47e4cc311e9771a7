"""Phase 05, measurement: KPIs against baseline and target, a second survey wave, and ROI.

Seed 002 asks for baselines, quantitative metrics (knowledge utilisation, time to
competency, search time, error rates) and qualitative ones (satisfaction; knowledge quality
as accuracy, relevance and timeliness), collected regularly rather than at the end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kmkit.errors import InputError
from kmkit.importing.columns import normalise
from kmkit.importing.rows import RowProblem, RowsRejected
from kmkit.importing.tables import column_index, read_table
from kmkit.scoring import MaturityResult

KPI_COLUMNS = ("indicator", "unit", "better", "kind", "target", "date", "value", "note")
BETTER = ("higher", "lower")
KINDS = ("quantitative", "qualitative")
BOOTSTRAP = 2000


class KpisRejected(RowsRejected):
    """Some rows of the KPI file are bad; every one is listed and nothing is used."""

    code = "kpis-rejected"


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ".")) if text.strip() else None
    except ValueError:
        return None


def read_kpis(path: Path) -> pd.DataFrame:
    """Read the KPI file: one row per reading; an indicator's first row also defines it."""
    table = read_table(path)
    header = column_index(table, ("indicator", "date", "value"), KPI_COLUMNS)
    defined: dict[str, dict] = {}
    rows, problems, seen = [], [], {}
    for number, raw in zip(table.row_numbers, table.rows, strict=True):
        raw = raw + [""] * (len(table.header) - len(raw))
        cell = {c: raw[i].strip() for c, i in header.items()}
        before = len(problems)
        name = cell["indicator"]
        if not name:
            problems.append(RowProblem(number, "indicator", "is empty"))
            continue
        spec = defined.get(name)
        if spec is None:
            spec = {"row": number}
            for column, allowed in (("better", BETTER), ("kind", KINDS)):
                word = normalise(cell.get(column, ""))
                if column == "kind" and not word:
                    word = "quantitative"
                if word not in allowed:
                    reason = (
                        f"'{cell.get(column, '')[:40]}' is not one of {', '.join(allowed)}"
                        f" (the first row of '{name}' defines it)"
                    )
                    problems.append(RowProblem(number, column, reason))
                spec[column] = word
            spec["unit"] = cell.get("unit", "")
            spec["target"] = _number(cell.get("target", ""))
            if spec["target"] is None:
                reason = f"'{cell.get('target', '')[:40]}' is not a number; give the target"
                problems.append(RowProblem(number, "target", reason))
        else:
            for column in ("better", "kind", "target", "unit"):
                given = cell.get(column, "")
                old = spec[column]
                same = _number(given) == old if column == "target" else normalise(given) == old
                if given and not same:
                    reason = f"'{given[:40]}' differs from row {spec['row']}; leave it blank"
                    problems.append(RowProblem(number, column, reason))
        try:
            when = dt.date.fromisoformat(cell["date"][:10])
        except ValueError:
            problems.append(RowProblem(number, "date", f"'{cell['date'][:40]}' is not a date"))
            when = None
        value = _number(cell["value"])
        if value is None:
            problems.append(RowProblem(number, "value", f"'{cell['value'][:40]}' is not a number"))
        key = (name, when)
        if when and key in seen:
            reason = f"'{name}' already has a reading on {when} (row {seen[key]})"
            problems.append(RowProblem(number, "date", reason))
        seen.setdefault(key, number)
        if len(problems) == before:
            defined.setdefault(name, spec)
            rows.append({"indicator": name, "date": when, "value": value, "row": number})
    if problems:
        raise KpisRejected(path, problems)
    readings = pd.DataFrame(rows, columns=["indicator", "date", "value", "row"])
    specs = pd.DataFrame.from_dict(defined, orient="index").drop(columns="row")
    return (
        readings.join(specs, on="indicator")
        .sort_values(["indicator", "date"])
        .reset_index(drop=True)
    )


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


class RoiAssumptions(BaseModel):
    """What the ROI estimate assumes, all stated in the client's data/roi.yaml."""

    model_config = ConfigDict(extra="forbid")
    people: int = Field(ge=1, description="staff whose search time changes")
    hours_searching_before: float = Field(ge=0, description="hours a week per person, baseline")
    hours_searching_after: float | None = Field(
        default=None, ge=0, description="hours a week per person now; default: the KPI's latest"
    )
    search_kpi: str = ""  # a KPI in hours a week per person to take 'after' from
    hourly_cost: float = Field(gt=0, description="loaded cost of an hour of work")
    weeks_per_year: int = Field(default=46, ge=1, le=52)
    programme_cost: float | None = Field(
        default=None, ge=0, description="yearly cost of KM work; default: the roadmap's"
    )
    currency: str = ""


def read_roi(path: Path) -> RoiAssumptions:
    """Read and validate data/roi.yaml, naming the field that is wrong."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return RoiAssumptions.model_validate(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(path, f"cannot be read as YAML ({exc})") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise InputError(path, first["msg"], column=field) from None


@dataclass(frozen=True)
class Roi:
    """The ROI estimate and every figure it rests on."""

    hours_saved_per_year: float
    value: float
    cost: float
    roi: float  # (value - cost) / cost
    assumptions: list[tuple[str, str]]


def estimate_roi(
    assumptions: RoiAssumptions, progress: pd.DataFrame | None, roadmap_cost: float
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
    money = f"{a.currency} " if a.currency else ""
    facts = [
        ("Staff affected", f"{a.people}"),
        ("Hours searching a week per person, before", f"{a.hours_searching_before:g}"),
        (f"Hours searching a week per person, now ({after_from})", f"{after:g}"),
        ("Working weeks a year", f"{a.weeks_per_year}"),
        ("Loaded cost of an hour", f"{money}{a.hourly_cost:,.0f}"),
        (
            "Yearly cost of the KM programme"
            + (" (roi.yaml)" if a.programme_cost is not None else " (roadmap's cost bands)"),
            f"{money}{cost:,.0f}",
        ),
    ]
    return Roi(saved, value, cost, (value - cost) / cost if cost else float("nan"), facts)
