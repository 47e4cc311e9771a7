"""Phase 02 in words: why the firm wants KM, its goals, and the areas the strategy rests on."""

from __future__ import annotations

from kmkit.core.references import cite
from kmkit.core.workspace import BusinessGoal
from kmkit.phases.strategy.compute import Orientation, area_importance, unserved_goals
from kmkit.phases.strategy.inputs import KnowledgeAreas
from kmkit.present.text import (
    and_list,
    answered_in,
    instrument_works,
    markdown_table,
    rows_text,
)

# What each orientation tends to do with KM (Handzic, after Von Krogh, Ichijo and Nonaka).
MEANING = {
    "risk_minimiser": "capture and locate the knowledge the firm already has, so that it is "
    "not lost and can be found (expert directories, written procedures, handovers)",
    "efficiency_seeker": "make the most of existing knowledge by transferring and sharing good "
    "practice (shared procedures, intranet, lessons learnt)",
    "innovator": "create new knowledge, giving people the time, places and partners to "
    "develop ideas (communities, experiments, partnerships)",
}


def orientation_missing(slug: str) -> str:
    """How to find out why the firm wants KM, when the team has not answered yet."""
    return (
        "No strategic orientation yet: have the management team fill in "
        f"`kmkit form orientation --client {slug}` and import it with "
        f"`kmkit import {slug} FILE --instrument orientation`."
    )


def _names(o: Orientation) -> tuple[str, str]:
    """The primary and secondary orientation as the sentences name them.

    English names read as common nouns ('a risk minimiser'); a translated name is kept as
    the instrument spells it, since the narrative around it stays English.
    """
    if o.result.instrument.language == "en":
        return o.primary.lower(), o.secondary.lower()
    return o.primary, o.secondary


def orientation_sentence(o: Orientation) -> str:
    """Why the firm wants KM in one sentence."""
    primary, secondary = _names(o)
    return (
        f"The management team reads as **{primary}** first and "
        f"{secondary} second; the profile is **{o.clarity}**."
    )


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def orientation_text(o: Orientation) -> str:
    """What the orientation means for the engagement, and how sure it is."""
    n = o.result.respondents
    first = o.first_choice.get(o.primary, 0.0)
    primary, secondary = _names(o)
    language = answered_in(o.result.languages())
    lines = [f"{n} managers answered{' ' + language if language else ''}."]
    if o.primary_id in MEANING:  # a client's own orientation instrument may name others
        motive = MEANING[o.primary_id]
        lines.append(
            f"As {_article(primary)} {primary}, the firm wants KM to {motive}."
            if o.result.instrument.language == "en"
            else f"With **{primary}** first, the firm wants KM to {motive}."
        )
    if o.clarity == "clear-cut":
        lines.append(
            f"The profile is clear-cut: {primary} leads {secondary} by "
            f"{o.gap:.1f} points, and {first:g} of the {n} managers rate it highest."
        )
    elif o.clarity == "leaning":
        lines.append(
            f"The team leans to {primary}, {o.gap:.1f} points ahead of "
            f"{secondary} ({first:g} of {n} managers rate it highest, ties shared); "
            f"solutions should serve both, the first before the second."
        )
    else:
        lines.append(
            f"The profile is mixed: {primary} and {secondary} are only "
            f"{o.gap:.1f} points apart. The team has not yet settled why it wants KM; "
            "settle it in the strategy workshop before choosing solutions."
        )
    works = instrument_works(o.result.instrument)
    lines.append(f"The three reasons and their questions follow {works}.")
    return " ".join(lines)


def goals_table(goals: list[BusinessGoal]) -> str:
    """The business goals with their indicators and weights, numbered G1, G2..."""
    if not goals:
        return (
            "*No business goals yet: add `business_goals` (goal, indicator, weight) to "
            "client.yaml.*"
        )
    rows = [
        (f"G{number}", goal.goal, goal.indicator or "-", goal.weight)
        for number, goal in enumerate(goals, start=1)
    ]
    return markdown_table(("", "Business goal", "Indicator", "Weight"), rows)


def alignment_text(areas: KnowledgeAreas, file: str) -> str:
    """Which areas matter most, which goals nothing serves, and areas no goal needs."""
    table = area_importance(areas)
    top = table.loc[table["points"] > 0].head(3)
    parts = [
        f"**{r.area}** ({r.importance:.0%}; serves "
        f"{', '.join(f'G{g}' for g in r.goals)}; {rows_text([r.row], file)})"
        for r in top.itertuples()
    ]
    ksp = cite("siemens-ksp-2002", "Siemens' knowledge strategy process")
    lines = ["The strategy depends most on " + and_list(parts) + "." if parts else ""]
    for number, goal in unserved_goals(areas):
        lines.append(
            f"Goal G{number} ('{goal}') is served by no knowledge area: either an area is "
            "missing from the file or the goal needs no knowledge work."
        )
    idle = table.loc[table["points"] == 0]
    if len(idle):
        lines.append(
            f"{and_list(list(idle['area']))} serve{'s' if len(idle) == 1 else ''} no goal: "
            "keep them running, but they are not where KM effort should go first."
        )
    lines.append(
        f"Rating knowledge areas against business goals is the first step of {ksp}; the "
        "audit (next phase) then rates each area as it is and as it should be."
    )
    return "\n\n".join(line for line in lines if line)


def no_areas(slug: str) -> str:
    """How to start the knowledge-areas file."""
    return (
        "*No knowledge-areas file yet. Write one with "
        f"`kmkit form areas --client {slug} --out areas.xlsx` (a row per knowledge area, a "
        "column per business goal, 0-3 for how strongly the area serves it), fill it in "
        "with the management team, and save it in the client's `data/` folder.*"
    )
