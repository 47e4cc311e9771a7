"""The deck's slides for strategy: the orientation and the knowledge areas behind the goals."""

from __future__ import annotations

from kmkit.phases.strategy.compute import area_importance, unserved_goals
from kmkit.phases.strategy.page import StrategyPage
from kmkit.phases.strategy.text import MEANING
from kmkit.present.slides import INTERVAL, PERCENT, Chart, Slide, bars, scale_words, series
from kmkit.present.text import and_list

WHY = "Why knowledge management"


def strategy_slides(page: StrategyPage) -> list[Slide]:
    """Why the management team wants KM, and the knowledge areas the strategy rests on."""
    slides = []
    if page.orientation is not None:
        slides.append(orientation_slide(page))
    if page.areas is not None:
        slides.append(areas_slide(page))
    return slides


def orientation_slide(page: StrategyPage) -> Slide:
    """The three motives for KM as the management team rates them."""
    o = page.orientation
    r = o.result
    ranked = r.ranked()
    what, examples = MEANING[o.primary_id].split(" (", 1)
    n, first = r.respondents, o.first_choice.get(o.primary, 0.0)
    headline = (
        f"The management team wants knowledge management above all to {what}: it reads as "
        f"{o.primary.lower()} first and {o.secondary.lower()} second."
    )
    clarity = {
        "clear-cut": "The profile is clear-cut",
        "leaning": "The team leans one way",
        "mixed": "The profile is mixed, so solutions should serve both",
    }[o.clarity]
    points = (
        f"{n} managers rated statements about {len(ranked)} reasons to manage knowledge, each "
        f"{scale_words(r)}. Each bar is their average; " + INTERVAL[0].lower() + INTERVAL[1:],
        f"{clarity}: {o.primary.lower()} leads {o.secondary.lower()} by {o.gap:.1f} points, "
        f"and {first:g} of the {n} managers rate it highest"
        + (" (a manager who rates two reasons highest counts half to each)." if first % 1 else "."),
        f"Solutions that suit this: {examples.rstrip(')')}.",
    )
    chart = Chart(
        "Average rating of each reason for knowledge management, with 95% intervals",
        tuple(ranked["name"]),
        (series("Average rating", ranked["mean"], ranked["ci_low"], ranked["ci_high"]),),
        axis_min=r.instrument.scale.min,
        axis_max=r.instrument.scale.max,
    )
    cites = ("von-krogh-ichijo-nonaka-2000", "handzic-sme-guidelines")
    return Slide(WHY, headline, points, chart, cites=cites)


def _how_many(served: int, goals: int) -> str:
    """'both of the firm's business goals', '2 of the firm's 3 business goals'..."""
    if served < goals:
        return f"{served} of the firm's {goals} business goals"
    if goals == 1:
        return "the firm's business goal"
    return f"{'both' if goals == 2 else f'all {goals}'} of the firm's business goals"


def areas_slide(page: StrategyPage) -> Slide:
    """The knowledge areas the business goals depend on, heaviest first."""
    areas = page.areas
    weights = area_importance(areas)
    top = weights.iloc[0]
    headline = (
        f"The strategy depends most on knowledge of {top['area']}, which serves "
        f"{_how_many(len(top['goals']), len(areas.goals))}."
    )
    points = [
        "Each area's weight adds up how strongly it serves each business goal, counting "
        "the more important goals more; the heaviest area is 100%.",
        "The goals: "
        + "; ".join(f"{n}. {g.goal}" for n, g in enumerate(areas.goals, start=1))
        + ".",
    ]
    alone = unserved_goals(areas)
    if alone:
        points.append(
            "No knowledge area serves "
            + and_list([f"goal {n} ({goal})" for n, goal in alone])
            + " yet: the strategy names it, but nothing backs it."
        )
    chart = bars(
        "Weight of each knowledge area in the strategy (heaviest = 100%)",
        weights["area"],
        "Weight",
        weights["importance"] * 100,
        **PERCENT,
    )
    return Slide(WHY, headline, tuple(points), chart, cites=("siemens-ksp-2002",))
