"""Phase 05 in words: what improved, each KPI against baseline and target, waves, the return."""

from __future__ import annotations

import pandas as pd

from kmkit.core.numbers import money
from kmkit.core.references import cite
from kmkit.core.words import say
from kmkit.phases.measurement.compute import BOOTSTRAP, Roi, WaveChange, kpi_progress
from kmkit.present.text import markdown_table

NOTHING_YET = (
    "*Nothing to measure yet. Add KPI readings to `data/kpis.csv` (columns "
    "indicator, unit, better, kind, target, date, value; an indicator's first row "
    "is its baseline) and run a second maturity survey wave with `kmkit import "
    "--wave`.*"
)
NO_ROI = (
    "*No ROI estimate: add `data/roi.yaml` with people, hours_searching_before, "
    "hours_searching_after (or search_kpi), hourly_cost and optionally "
    "programme_cost.*"
)


def findings(kpis: pd.DataFrame | None, waves: WaveChange | None, roi: Roi | None) -> str:
    """In a few lines, what improved since the baseline, or how to start measuring."""
    if kpis is None and waves is None:
        return NOTHING_YET
    lines = []
    if kpis is not None:
        p = kpi_progress(kpis)
        good = p.loc[p["status"].isin(["improving", "target reached"])]
        lines.append(f"- **KPIs:** {len(good)} of {len(p)} indicators are improving or at target.")
    if waves is not None:
        real = waves.table.loc[waves.table["real"] & (waves.table["category"] != "overall")]
        up = real.loc[real["change"] > 0, "name"].tolist()
        lines.append(
            f"- **Maturity:** between '{waves.first}' and '{waves.second}', "
            + (
                f"{', '.join(up)} rose by more than chance explains."
                if up
                else "no category moved by more than chance explains."
            )
        )
    if roi is not None:
        lines.append(f"- **Return:** {roi_sentence(roi)}")
    return "\n".join(lines)


def kpi_table(kpis: pd.DataFrame, file: str) -> str:
    """Each KPI: baseline, latest, target, progress, trend and status, with its file."""
    rows = []
    for r in kpi_progress(kpis).itertuples():
        unit = f" {r.unit}" if r.unit else ""
        trend = "-" if r.trend_per_month != r.trend_per_month else f"{r.trend_per_month:+.2f}"
        rows.append(
            (
                r.indicator,
                r.kind,
                f"{r.baseline:g}{unit} ({r.baseline_date})",
                f"{r.latest:g}{unit} ({r.latest_date})",
                f"{r.target:g}{unit}",
                f"{r.progress:.0%}",
                trend,
                r.status,
            )
        )
    header = ("Indicator", "Kind", "Baseline", "Latest", "Target", "Progress", "Trend a month")
    return (
        markdown_table((*header, "Status"), rows)
        + f"\n\nReadings from {file}; progress is the share of the way from baseline "
        "to target; the trend is a straight line fitted through every reading. Hard numbers "
        "and people's judgement, each against its baseline, as "
        f"{cite('sme-partnership-knowledge-transfer', 'measuring knowledge transfer')} advises."
    )


def department_note(by_department: pd.DataFrame | None, file: str) -> str:
    """Which indicators are also read per department, and where they are compared."""
    if by_department is None or by_department.empty:
        return ""
    names = list(dict.fromkeys(by_department["indicator"]))
    departments = by_department["department"].nunique()
    return (
        f"\n\n{len(by_department)} readings in {file} are per department ({departments} "
        f"departments; {', '.join(names)}); the table shows the whole firm's. The review "
        "(notebook 07) compares the pilot department with the others on them."
    )


def wave_text(waves: WaveChange) -> str:
    """Which changes are real, in words, with the intervals behind them."""
    lines = []
    for r in waves.table.itertuples():
        verdict = "a real change" if r.real else "within what chance alone could give"
        lines.append(
            f"- {r.name}: {r.before:.2f} to {r.after:.2f} ({r.change:+.2f}; 95% interval "
            f"{r.low:+.2f} to {r.high:+.2f}; {r.n_before} and {r.n_after} respondents): "
            f"{verdict}."
        )
    lines.append(
        f"\nIntervals come from resampling each wave's respondents {BOOTSTRAP:,} times "
        "(bootstrap); a change is real when its interval leaves out zero."
    )
    return "\n".join(lines)


def roi_text(roi: Roi) -> str:
    """The ROI estimate with every assumption shown."""
    return (
        f"{roi_sentence(roi)}\n\n"
        + markdown_table(("Assumption", "Value"), roi.assumptions)
        + "\n\nOnly time saved searching is counted; fewer errors and faster competency are "
        "left out, so this is a floor, not a forecast."
    )


def roi_sentence(roi: Roi) -> str:
    """The ROI in one sentence."""
    return (
        say(
            "About {hours} hours of searching saved a year, worth {value} against a yearly cost "
            "of {cost}: a net return of {times:.1f} times the cost (ROI {share})",
            hours=f"{roi.hours_saved_per_year:,.0f}",
            value=money(roi.value, roi.currency, roi.locale),
            cost=money(roi.cost, roi.currency, roi.locale),
            times=roi.roi,
            share=f"{roi.roi:.0%}",
        )
        + "."
    )
