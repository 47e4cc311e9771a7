"""Phase 01 in words: the level, strengths, consensus, gaps and the workshop's findings."""

from __future__ import annotations

import pandas as pd

from kmkit.core.instruments import Level
from kmkit.core.numbers import score
from kmkit.core.scoring import MaturityResult
from kmkit.core.words import say
from kmkit.core.workspace import Client
from kmkit.phases.awareness.compute import department_disagreement, findings_matrix
from kmkit.phases.awareness.inputs import FILE, read_workshop
from kmkit.present.text import answered_in, instrument_basis, markdown_table


def _range(low: float, high: float) -> str:
    if pd.isna(low):
        return "not computable with one respondent"
    return f"{score(low)} to {score(high)}"


def _answered(result: MaturityResult) -> str:
    """' (answered in French)': which language the respondents read the questions in."""
    language = answered_in(result.languages())
    return f" (answered {language})" if language else ""


def maturity_level(result: MaturityResult, client_name: str) -> str:
    """Say the level, the overall score with its interval, and whether the level is certain."""
    lv = result.level
    scale = result.instrument.scale
    text = (
        f"**{client_name}** stands at maturity level **{lv.level}, {lv.name}**: an overall score "
        f"of **{score(result.overall)}** on a {scale.min}-{scale.max} scale "
        f"(95% interval {_range(result.overall_low, result.overall_high)}), "
        f"from {result.respondents} respondents{_answered(result)}."
    )
    if result.level_uncertain:
        names = " or ".join(f"{p.level} ({p.name})" for p in result.possible_levels)
        text += (
            f" The interval crosses a level boundary, so the level is **uncertain**: it could be "
            f"{names}. More responses would settle it."
        )
    return text + f"\n\n> {lv.meaning}"


def strengths_and_weaknesses(result: MaturityResult, count: int = 2) -> str:
    """Name the strongest and weakest categories with their scores, in two sentences."""
    ranked = result.ranked()
    top, bottom = ranked.head(count), ranked.tail(count).iloc[::-1]

    def listing(rows: pd.DataFrame) -> str:
        parts = [f"**{r.name}** ({r.mean:.1f})" for r in rows.itertuples()]
        return " and ".join(parts)

    spread = ranked["mean"].iloc[0] - ranked["mean"].iloc[-1]
    return (
        f"The strongest categories are {listing(top)}. "
        f"The weakest are {listing(bottom)}, which is where improvement should start. "
        f"Strongest and weakest lie {spread:.1f} points apart."
    )


def level_meanings(result: MaturityResult) -> str:
    """A markdown table of every level, its band and what it means; the firm's own is marked."""
    rows = []
    levels = sorted(result.instrument.levels, key=lambda lv: lv.min)
    for lv in levels:
        mark = " (you are here)" if lv.level == result.level.level else ""
        rows.append((f"{lv.level}. {lv.name}{mark}", band_words(lv, lv is levels[-1]), lv.meaning))
    return markdown_table(("Level", "Score band", "What it means"), rows)


def band_words(level: Level, top: bool) -> str:
    """'1.8 to under 2.6': a band includes its lower end only, the top band both ends."""
    if top:
        return say("{low} to {high}", low=score(level.min), high=score(level.max))
    return say("{low} to under {high}", low=score(level.min), high=score(level.max))


def survey_basis(result: MaturityResult) -> str:
    """What each category of the survey covers, and the published works it follows."""
    return (
        f"The survey asks {len(result.instrument.items)} questions in "
        f"{len(result.instrument.categories)} categories; what each category covers follows "
        "the works named beside it.\n\n" + instrument_basis(result.instrument)
    )


def reliability_note(result: MaturityResult) -> str:
    """Warn where a category's questions do not hang together (Cronbach's alpha under 0.7)."""
    low = result.categories.loc[result.categories["alpha_low"]]
    if low.empty:
        return (
            "Every category's questions hang together well (Cronbach's alpha 0.7 or more), "
            "so each category score can be read as one measure."
        )
    names = ", ".join(f"**{r.name}** (alpha {r.alpha:.2f})" for r in low.itertuples())
    return (
        f"Read with care: the answers within {names} do not hang together well "
        "(Cronbach's alpha under 0.7), so people may have read those questions differently."
    )


def consensus(result: MaturityResult) -> str:
    """Say where respondents agree most and least, from the spread of their category scores."""
    cats = result.categories.sort_values("sd")
    tight, wide = cats.iloc[0], cats.iloc[-1]
    most = result.categories.sort_values("agree_share").iloc[-1]
    return (
        f"Respondents agree most about **{tight['name']}** (standard deviation {tight['sd']:.1f}) "
        f"and least about **{wide['name']}** ({wide['sd']:.1f}). "
        f"The category with the most positive answers is **{most['name']}**, where "
        f"{most['agree_share']:.0%} of answers are 'agree' or 'strongly agree'."
    )


def department_differences(departments: pd.DataFrame, threshold: int) -> str:
    """Name the category on which departments (those big enough to show) differ most."""
    disagreement = department_disagreement(departments)
    if disagreement.empty:
        return (
            f"Fewer than two departments have {threshold} or more respondents, so "
            "departments are not compared."
        )
    top = disagreement.iloc[0]
    return (
        f"Departments differ most on **{top['name']}**: from {top['low']:.1f} in "
        f"{top['low_group']} to {top['high']:.1f} in {top['high_group']}. Departments with fewer "
        f"than {threshold} respondents are left out of every comparison."
    )


def largest_gaps(gaps: pd.DataFrame, count: int = 3) -> str:
    """Name the questions with the largest gaps, saying what the gap is measured against."""
    top = gaps.head(count)
    against = (
        "where respondents want the firm to be"
        if (top["basis"] == "target").all()
        else "the top of the scale"
    )
    parts = [f'"{r.text}" ({r.now:.1f} now, gap {r.gap:.1f})' for r in top.itertuples()]
    return f"The largest gaps against {against}: " + "; ".join(parts) + "."


def findings_markdown(table: pd.DataFrame) -> str:
    """The findings matrix as a markdown table for notebook and report."""
    header = (
        "Category",
        "Survey mean (sd)",
        "Agreed",
        "Strengths",
        "Opportunities for improvement",
    )
    rows = [
        (
            row.name,
            f"{row.mean:.1f} ({row.sd:.1f})",
            "not discussed" if pd.isna(row.agreed) else f"{row.agreed:.1f}",
            "" if pd.isna(row.strengths) else row.strengths,
            "" if pd.isna(row.opportunities) else row.opportunities,
        )
        for row in table.itertuples()
    ]
    return markdown_table(header, rows)


def workshop_findings(client: Client, result: MaturityResult) -> str:
    """The findings matrix in markdown, or a sentence saying what to add to get one."""
    workshop = read_workshop(client, result)
    if workshop is None:
        return (
            f"No consensus workshop is recorded yet. After the group has agreed a rating "
            f"per category, copy `templates/workshop.yaml` to `clients/{client.slug}/data/{FILE}` "
            "and fill it in."
        )
    if workshop.wave != result.wave:
        return (
            f"The workshop on record discussed wave '{workshop.wave}', not '{result.wave}'; "
            "its ratings are not shown beside this wave's scores."
        )
    table = findings_matrix(result, workshop)
    when = f" on {workshop.held_on:%d %B %Y}" if workshop.held_on else ""
    apart = table.dropna(subset=["agreed"]).loc[lambda t: t["difference"].abs() >= 0.5]
    note = ""
    if not apart.empty:
        names = ", ".join(
            f"**{r.name}** ({r.agreed:.1f} agreed, {r.mean:.1f} surveyed)"
            for r in apart.itertuples()
        )
        note = (
            f"\n\nThe group's rating differs from the survey by half a point or more for "
            f"{names}: worth asking why before acting."
        )
    return f"The group met{when} and agreed these ratings.\n\n{findings_markdown(table)}{note}"
