"""The deck's slides for awareness: the level, the profile and the largest gaps."""

from __future__ import annotations

from kmkit.core.numbers import score
from kmkit.core.scoring import MaturityResult
from kmkit.phases.awareness.page import AwarenessPage
from kmkit.present.slides import INTERVAL, Chart, Slide, Table, bars, keys_of, scale_words, series
from kmkit.present.text import and_list

WHERE = "Where we stand"


def awareness_slides(page: AwarenessPage) -> list[Slide]:
    """The maturity level with its uncertainty, the category profile and the largest gaps."""
    return [level_slide(page), profile_slide(page.result), gaps_slide(page)]


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
        f"statements about how the firm handles its knowledge, each {scale_words(r)}.",
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
        f"Each bar is the average answer in one area of knowledge management, {scale_words(r)}. "
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
