"""The deck's slides for measurement: what moved between the surveys, the KPIs."""

from __future__ import annotations

from kmkit.core import numbers
from kmkit.phases.measurement.compute import BOOTSTRAP, kpi_progress
from kmkit.phases.measurement.page import MeasurePage
from kmkit.phases.measurement.text import roi_sentence
from kmkit.present.slides import PERCENT, Chart, Slide, bars, series
from kmkit.present.text import and_list

IMPROVED = "What improved"
MEASURES = ("sme-partnership-knowledge-transfer",)


def measurement_slides(page: MeasurePage) -> list[Slide]:
    """What moved between the surveys, and the KPIs against their targets."""
    slides = []
    if page.waves is not None:
        slides.append(waves_slide(page))
    if page.kpis is not None:
        slides.append(kpi_slide(page))
    return slides


def waves_slide(page: MeasurePage) -> Slide:
    """Each area's score in the first and the latest survey, and which changes are real."""
    waves = page.waves
    table = waves.table
    areas = table.loc[table["category"] != "overall"]
    overall = table.loc[table["category"] == "overall"]
    real = areas.loc[areas["real"]]
    up, down = real.loc[real["change"] > 0, "name"], real.loc[real["change"] < 0, "name"]
    moved = (
        f"{and_list(up.tolist())} rose by more than chance explains"
        if len(up)
        else "no area rose by more than chance explains"
    )
    headline = f"Between the '{waves.first}' and '{waves.second}' surveys, {moved}"
    if len(overall):
        o = overall.iloc[0]
        before, after = numbers.score(o["before"]), numbers.score(o["after"])
        headline += f"; the overall score went from {before} to {after}"
    headline += "."
    points = [
        "Each pair of bars is an area's average score in the two surveys, from 1 to 5.",
        "A change counts as real only when chance alone would rarely give it: its 95% "
        f"interval, from re-drawing each survey's respondents {BOOTSTRAP:,} times, leaves out "
        "no change at all.",
    ]
    if len(down):
        points.append(f"{and_list(down.tolist())} fell by more than chance explains.")
    points.append(
        f"{int(areas['n_before'].max())} people answered the first survey and "
        f"{int(areas['n_after'].max())} the latest."
    )
    chart = Chart(
        "Average score per area in each survey (1 to 5)",
        tuple(areas["name"]),
        (series(waves.first, areas["before"]), series(waves.second, areas["after"])),
        axis_min=1,
        axis_max=5,
        legend=True,
    )
    return Slide(IMPROVED, headline, tuple(points), chart, cites=MEASURES)


def kpi_slide(page: MeasurePage) -> Slide:
    """How far each KPI has come from its baseline towards its target; the return."""
    progress = kpi_progress(page.kpis)
    good = progress.loc[progress["status"].isin(["improving", "target reached"])]
    best = progress.sort_values("progress", ascending=False).iloc[0]
    headline = (
        f"{len(good)} of {len(progress)} indicators are improving or at their target; "
        f"\u201c{best['indicator']}\u201d has come furthest, {numbers.share(best['progress'])} "
        "of the way from its first reading to its target."
    )
    points = [
        "Each bar shows how far an indicator has moved from its first reading (0%) towards "
        "its target (100%).",
    ]
    stuck = progress.loc[~progress["status"].isin(["improving", "target reached"])]
    if len(stuck):
        points.append(
            "Not moving yet, with no clear trend or a worsening one: "
            + and_list([f"\u201c{name}\u201d" for name in stuck["indicator"]])
            + "."
        )
    if page.roi is not None:
        points.append(
            roi_sentence(page.roi) + " Only time saved searching counts, so this is a floor, "
            "not a forecast."
        )
    notes = "\n".join(
        f"{r.indicator}: {r.baseline:g} to {r.latest:g} {r.unit} (target {r.target:g}), {r.status}."
        for r in progress.itertuples()
    )
    values = tuple(float(v) * 100 for v in progress["progress"].fillna(0))
    chart = bars(
        "Progress from first reading (0%) to target (100%)",
        progress["indicator"],
        "Progress",
        values,
        **PERCENT | {"axis_min": min(0.0, *values), "axis_max": max(100.0, *values)},
    )
    return Slide(IMPROVED, headline, tuple(points), chart, notes, MEASURES)
