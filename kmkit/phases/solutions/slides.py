"""The deck's slides for solutions: what goes ahead and why, and the roadmap.

Early in an engagement the plan is the future: it goes ahead, its roadmap starts. Once the
cycle is reviewed the same slides tell it as the first cycle's plan, in the past, and the
review's slides carry the next cycle's roadmap.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from kmkit.core import numbers
from kmkit.core.said import plain_words, sentence, short_words
from kmkit.phases.solutions.catalogue import COST
from kmkit.phases.solutions.compute import pilot_department
from kmkit.phases.solutions.page import SolutionsPage
from kmkit.phases.solutions.roadmap import GATES, STAGE_WEEKS, stage_table
from kmkit.present.slides import Chart, Slide, Table, gantt, keys_of, stage_point
from kmkit.present.text import and_list
from kmkit.present.theme import STAGES

DO = "What we will do"
DID = "What we set out to do"  # the same plan, once its cycle has been reviewed
REASONS = 2  # per intervention on the slide; the speaker notes list them all


def solutions_slides(page: SolutionsPage) -> list[Slide]:
    """The interventions going ahead with their 'because', and the roadmap."""
    chosen = page.chosen
    if page.ranked.empty or chosen.empty:
        return []
    return [recommendations_slide(page, chosen), roadmap_slide(page, chosen)]


def reviewed(page: SolutionsPage) -> bool:
    """Whether the plan's cycle has been reviewed: then the slides tell it as the first cycle's."""
    return page.e is not None and page.e.reviewed


def as_of(page: SolutionsPage) -> dt.date:
    """The date the deck speaks from: the engagement's, else today."""
    return page.e.as_of if page.e is not None else dt.date.today()


def starts_or_began(start: dt.date, today: dt.date) -> str:
    """The verb for a start date seen from `today`: 'began' before it, 'starts' from it on."""
    return "began" if start < today else "starts"


def roadmap_chart(title: str, roadmap: pd.DataFrame, start: dt.date) -> Chart:
    """A roadmap as a native Gantt chart: each intervention from its start to its first value."""
    tasks = zip(roadmap["name"], roadmap["phase_name"], roadmap["start"], roadmap["end"],
                strict=True)  # fmt: skip
    return gantt(title, tasks, start, STAGES)


def _reasons(because: tuple[str, ...]) -> str:
    said = [sentence(short_words(b)) for b in because[:REASONS]]
    more = len(because) - REASONS
    if more > 0:
        said.append(f"and {more} more reason{'s' if more > 1 else ''}")
    return "; ".join(said)


def recommendations_slide(page: SolutionsPage, chosen: pd.DataFrame) -> Slide:
    """Each intervention going ahead, its impact and effort, and why."""
    top = chosen.iloc[0]
    needs = len(page.inputs.needs())
    if reviewed(page):
        headline = (
            f"{len(chosen)} interventions went ahead in the first cycle, led by the "
            f"{top['name'].lower()}, "
            + (
                f"which answered {top['needs']} of the {needs} needs the first measurements found."
                if top["needs"]
                else "which the consultant chose."
            )
        )
    else:
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
        f"{r.name}:\n" + "\n".join(f"- {sentence(plain_words(b))}" for b in r.because)
        for r in chosen.itertuples()
    )
    section = DID if reviewed(page) else DO
    return Slide(section, headline, tuple(points), table, notes, cites, wide=True)


def roadmap_slide(page: SolutionsPage, chosen: pd.DataFrame) -> Slide:
    """The roadmap from pilot to everyday practice, its cost and the pilot's place.

    Its verb follows the deck's date: a roadmap whose start has passed 'began'; after a review
    it is the first cycle's roadmap.
    """
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
    done = reviewed(page)
    which = "The first cycle's roadmap" if done else "The roadmap"
    headline = (
        f"{which} {starts_or_began(start, as_of(page))} on {start:%-d %B %Y} with {first}, "
        f"at about {numbers.amount(total, page.client.config)} a year in all."
    )
    points = [
        stage_point(s, page.client.config) for _, s in stages.iterrows() if s["interventions"]
    ]
    if pilot is not None:
        points.append(
            f"Why {pilot.department}: {pilot.reason}" if pilot.department else pilot.reason
        )
    bands = ", ".join(
        f"{band} {numbers.amount(cost, page.client.config)}" for band, cost in COST.items()
    )
    points.append(f"Costs are the middle of each intervention's cost band ({bands}).")
    if done:
        points.append("The review that follows shows what was done and the next cycle's roadmap.")
    notes = f"Before the next stage, the pilot must show this: {GATES['pilot']}"
    title = (
        "First cycle: each intervention from its start to its first value"
        if done
        else ("Roadmap: each intervention from its start to its first value")
    )
    chart = roadmap_chart(title, roadmap, start)
    section = DID if done else DO
    return Slide(section, headline, tuple(points), chart, notes, ("five-steps-enterprise-km",))
