"""The deck's slides for solutions: what goes ahead and why, and the roadmap."""

from __future__ import annotations

import pandas as pd

from kmkit.phases.solutions.catalogue import COST
from kmkit.phases.solutions.charts import gantt_chart
from kmkit.phases.solutions.compute import pilot_department
from kmkit.phases.solutions.page import SolutionsPage
from kmkit.phases.solutions.roadmap import GATES, STAGE_WEEKS, stage_table
from kmkit.present import numbers, plain
from kmkit.present.slides import Picture, Slide, Table, keys_of
from kmkit.present.svg import to_png
from kmkit.present.text import and_list

DO = "What we will do"
REASONS = 2  # per intervention on the slide; the speaker notes list them all


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
    start = page.start
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
        f"{numbers.money(total)} a year in all."
    )
    points = [
        f"{s['phase']}, from {s['from']:%-d %b %Y}: {s['interventions']} "
        f"intervention{'' if s['interventions'] == 1 else 's'}, about {numbers.money(s['cost'])} "
        "a year."
        for _, s in stages.iterrows()
        if s["interventions"]
    ]
    if pilot is not None:
        points.append(
            f"Why {pilot.department}: {pilot.reason}" if pilot.department else pilot.reason
        )
    bands = ", ".join(f"{band} {numbers.money(cost)}" for band, cost in COST.items())
    points.append(f"Costs are the middle of each intervention's cost band ({bands}).")
    notes = f"Before the next stage, the pilot must show this: {GATES['pilot']}"
    chart = gantt_chart(roadmap)
    picture = Picture(
        to_png(chart.to_dict()),
        "The roadmap: one bar per intervention, from its start to its first value, "
        "coloured by stage.",
    )
    return Slide(DO, headline, tuple(points), picture, notes, ("five-steps-enterprise-km",))
