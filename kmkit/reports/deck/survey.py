"""The deck's findings from the surveys: maturity level, profile and gaps; why KM, for what."""

from __future__ import annotations

from kmkit.core.scoring import MaturityResult
from kmkit.phases.awareness.page import AwarenessPage
from kmkit.phases.strategy.compute import area_importance, unserved_goals
from kmkit.phases.strategy.page import StrategyPage
from kmkit.phases.strategy.text import MEANING
from kmkit.present.text import and_list
from kmkit.reports.deck.citations import keys_of
from kmkit.reports.deck.content import PERCENT, Chart, Slide, Table, bars, series
from kmkit.reports.deck.plain import score

WHERE = "Where we stand"
WHY = "Why knowledge management"
INTERVAL = (
    "The line at the end of each bar shows where the true average lies with 95% confidence, "
    "given how many people answered."
)


def awareness_slides(page: AwarenessPage) -> list[Slide]:
    """The maturity level with its uncertainty, the category profile and the largest gaps."""
    return [level_slide(page), profile_slide(page.result), gaps_slide(page)]


def _scale(result: MaturityResult) -> str:
    scale = result.instrument.scale
    return (
        f"from {scale.min} ({scale.labels[scale.min].lower()}) "
        f"to {scale.max} ({scale.labels[scale.max].lower()})"
    )


def _maturity_sources(result: MaturityResult) -> tuple[str, ...]:
    return keys_of(c for cat in result.instrument.categories for c in cat.cites)


def level_slide(page: AwarenessPage) -> Slide:
    """The level, the overall score and how sure it is, with every level's meaning."""
    r, name = page.result, page.client.name
    lv, top = r.level, r.instrument.scale.max
    low, high = score(r.overall_low), score(r.overall_high)
    if r.level_uncertain:
        others = and_list([f"{p.level} ({p.name})" for p in r.possible_levels if p != lv])
        headline = (
            f"{name} is at maturity level {lv.level}, {lv.name}, but could be at level "
            f"{others}: its overall score of {score(r.overall)} out of {top} could lie "
            f"anywhere from {low} to {high}."
        )
        sure = "That range crosses the line between levels: more answers would settle it."
    else:
        headline = (
            f"{name} is at maturity level {lv.level}, {lv.name}, with an overall score of "
            f"{score(r.overall)} out of {top}."
        )
        sure = f"That whole range lies within level {lv.level}, so the level is settled."
    items = sum(len(c.items) for c in r.instrument.categories)
    points = (
        f"The overall score is the average of {r.respondents} people's answers to {items} "
        f"statements about how the firm handles its knowledge, each {_scale(r)}.",
        f"With {r.respondents} people answering, the true score lies between {low} and "
        f"{high} with 95% confidence. {sure}",
        f"Level {lv.level}, {lv.name}: {lv.meaning.strip()}",
    )
    possible = {p.level for p in r.possible_levels}
    levels = r.instrument.levels
    table = Table(
        header=("Level", "Overall score", "What it means"),
        rows=tuple(
            (f"{v.level}. {v.name}", f"{v.min:.1f} to {v.max:.1f}", v.meaning.strip())
            for v in levels
        ),
        widths=(2.2, 1.6, 7.0),
        highlight=frozenset(i for i, v in enumerate(levels) if v.level in possible),
    )
    return Slide(WHERE, headline, points, table, cites=_maturity_sources(r))


def profile_slide(r: MaturityResult) -> Slide:
    """Each category's average with its interval, strongest first."""
    ranked = r.ranked()
    best, worst = ranked.iloc[0], ranked.iloc[-1]
    below = ranked.loc[ranked["mean"] < r.overall, "name"].tolist()
    shaky = r.categories.loc[r.categories["alpha_low"], "name"].tolist()
    headline = (
        f"{best['name']} is the firm's strongest area ({score(best['mean'])}) and "
        f"{worst['name']} its weakest ({score(worst['mean'])}): that is where improvement "
        "should start."
    )
    points = [
        f"Each bar is the average answer in one area of knowledge management, {_scale(r)}. "
        + INTERVAL,
        f"{len(below)} of {len(ranked)} areas score below the overall {score(r.overall)}"
        + (f": {and_list(below)}." if below else "."),
        f"Strongest and weakest lie {best['mean'] - worst['mean']:.1f} points apart.",
    ]
    if shaky:
        points.append(
            f"Read {and_list(shaky)} with care: people answered its questions less "
            "consistently, so they may have read them differently."
        )
    chart = Chart(
        f"Average score per area ({r.instrument.scale.min} to {r.instrument.scale.max}), "
        "with 95% intervals",
        tuple(ranked["name"]),
        (series("Average score", ranked["mean"], ranked["ci_low"], ranked["ci_high"]),),
        axis_min=r.instrument.scale.min,
        axis_max=r.instrument.scale.max,
    )
    return Slide(WHERE, headline, tuple(points), chart, cites=_maturity_sources(r))


def _quoted(statement: str) -> str:
    """A survey statement inside a sentence: its own full stop dropped."""
    return statement.rstrip(" .")


def gaps_slide(page: AwarenessPage) -> Slide:
    """The questions furthest from where the firm wants to be."""
    gaps = page.gaps
    first = gaps.iloc[0]
    wanted = (gaps["basis"] == "target").all()
    against = "where people want the firm to be" if wanted else "the top of the scale"
    headline = (
        f"The widest gap is on \u201c{_quoted(first['text'])}\u201d: people rate it "
        f"{score(first['now'])}, {score(first['gap'])} points short of {against}."
    )
    common = gaps["name"].value_counts()
    points = [
        f"Each bar is how far one statement's average answer falls short of {against}, "
        f"in points on the {page.result.instrument.scale.max}-point scale; the "
        f"{len(gaps)} widest gaps are shown.",
    ]
    if common.iloc[0] > 1:
        points.append(
            f"{common.iloc[0]} of these {len(gaps)} statements are about "
            f"{common.index[0]}, the area to look at first."
        )
    if len(gaps) > 1:
        points.append(
            "The next widest: "
            + "; ".join(
                f"\u201c{_quoted(g.text)}\u201d ({score(g.now)} now, {score(g.gap)} short)"
                for g in gaps.iloc[1:3].itertuples()
            )
            + "."
        )
    title = f"Points short of {against}"
    chart = bars(title, gaps["text"], "Gap", gaps["gap"], axis_min=0, step=0.5)
    return Slide(WHERE, headline, tuple(points), chart, cites=_maturity_sources(page.result))


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
        f"{_scale(r)}. Each bar is their average; " + INTERVAL[0].lower() + INTERVAL[1:],
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
