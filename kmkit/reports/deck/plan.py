"""The deck's findings about action: what goes ahead and why, the roadmap, what improved."""

from __future__ import annotations

import pandas as pd

from kmkit.phases.measurement.compute import BOOTSTRAP, kpi_progress
from kmkit.phases.measurement.page import MeasurePage
from kmkit.phases.measurement.text import roi_sentence
from kmkit.phases.solutions.catalogue import COST
from kmkit.phases.solutions.charts import gantt_chart
from kmkit.phases.solutions.compute import pilot_department
from kmkit.phases.solutions.page import SolutionsPage
from kmkit.phases.solutions.roadmap import GATES, STAGE_WEEKS, stage_table
from kmkit.present.svg import to_png
from kmkit.present.text import and_list
from kmkit.reports.deck import plain
from kmkit.reports.deck.citations import keys_of
from kmkit.reports.deck.content import PERCENT, Chart, Picture, Slide, Table, bars, series

DO = "What we will do"
IMPROVED = "What improved"
REASONS = 2  # per intervention on the slide; the speaker notes list them all
MEASURES = ("sme-partnership-knowledge-transfer",)


def solutions_slides(page: SolutionsPage) -> list[Slide]:
    """The interventions going ahead with their 'because', and the roadmap."""
    chosen = page.chosen
    if page.ranked.empty or chosen.empty:
        return []
    return [recommendations_slide(page, chosen), roadmap_slide(page, chosen)]


def _reasons(because: tuple[str, ...]) -> str:
    said = [plain.brief(b) for b in because[:REASONS]]
    more = len(because) - REASONS
    if more > 0:
        said.append(f"and {more} more reason{'s' if more > 1 else ''}")
    return "; ".join(said)


def recommendations_slide(page: SolutionsPage, chosen: pd.DataFrame) -> Slide:
    """Each intervention going ahead, its impact and effort, and why."""
    top = chosen.iloc[0]
    needs = len(page.inputs.needs())
    headline = f"{len(chosen)} interventions go ahead, led by the {top['name'].lower()}, " + (
        f"which answers {top['needs']} of the {needs} needs the earlier phases found."
        if top["needs"]
        else "which the consultant chose."
    )
    by_consultant = chosen.loc[chosen["chosen_by"] == "consultant", "name"].tolist()
    points = [
        "Impact adds up the needs an intervention answers, weighted by how badly each is "
        "felt, with the strongest at 100; effort runs from 1 (light) to 5 (heavy).",
    ]
    if by_consultant:
        points.append(f"Added by the consultant: {and_list(by_consultant)}.")
    if page.inputs.missing:
        points.append("Not measured yet, so not used: " + "; ".join(page.inputs.missing) + ".")
    table = Table(
        header=("Intervention", "Impact", "Effort", "Because"),
        rows=tuple(
            (r.name, f"{r.impact:.0f}", f"{r.effort} of 5", _reasons(r.because))
            for r in chosen.itertuples()
        ),
        widths=(2.4, 0.9, 0.9, 8.0),
    )
    by_id = page.catalogue.by_id()
    cites = keys_of(c for i in chosen["id"] for c in by_id[i].cites)
    notes = "\n\n".join(
        f"{r.name}:\n" + "\n".join(f"- {plain.because(b)}" for b in r.because)
        for r in chosen.itertuples()
    )
    return Slide(DO, headline, tuple(points), table, notes, cites, wide=True)


def roadmap_slide(page: SolutionsPage, chosen: pd.DataFrame) -> Slide:
    """The roadmap from pilot to everyday practice, its cost and the pilot's place."""
    roadmap = page.roadmap(chosen)
    start = page.client.config.start
    stages = stage_table(roadmap, start)
    piloted = roadmap.loc[roadmap["phase"] == "pilot", "name"].str.lower().tolist()
    pilot = (
        pilot_department(page.inputs.maturity, page.client, chosen)
        if page.inputs.maturity is not None
        else None
    )
    where = f" in the {pilot.department} department" if pilot and pilot.department else ""
    total = int(roadmap["cost"].sum())
    first = (
        f"a {STAGE_WEEKS['pilot']}-week pilot of the {and_list(piloted)}{where}"
        if piloted
        else "promoting the first interventions"
    )
    headline = (
        f"The roadmap starts on {start:%-d %B %Y} with {first}, and costs about "
        f"{plain.money(total)} a year in all."
    )
    points = [
        f"{s['phase']}, from {s['from']:%-d %b %Y}: {s['interventions']} "
        f"intervention{'' if s['interventions'] == 1 else 's'}, about {plain.money(s['cost'])} "
        "a year."
        for _, s in stages.iterrows()
        if s["interventions"]
    ]
    if pilot is not None:
        points.append(
            f"Why {pilot.department}: {pilot.reason}" if pilot.department else pilot.reason
        )
    bands = ", ".join(f"{band} {plain.money(cost)}" for band, cost in COST.items())
    points.append(f"Costs are the middle of each intervention's cost band ({bands}).")
    notes = f"Before the next stage, the pilot must show this: {GATES['pilot']}"
    chart = gantt_chart(roadmap)
    picture = Picture(
        to_png(chart.to_dict()),
        "The roadmap: one bar per intervention, from its start to its first value, "
        "coloured by stage.",
    )
    return Slide(DO, headline, tuple(points), picture, notes, ("five-steps-enterprise-km",))


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
        headline += (
            f"; the overall score went from {plain.score(o['before'])} to {plain.score(o['after'])}"
        )
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
        f"\u201c{best['indicator']}\u201d has come furthest, {plain.share(best['progress'])} "
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
