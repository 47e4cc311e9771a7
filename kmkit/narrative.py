"""Plain sentences written from results, for the notebook narrative and the report."""

from __future__ import annotations

import pandas as pd

from kmkit.scoring import MaturityResult


def _range(low: float, high: float) -> str:
    return f"{low:.1f} to {high:.1f}" if pd.notna(low) else "not computable with one respondent"


def maturity_level(result: MaturityResult, client_name: str) -> str:
    """Say the level, the overall score with its interval, and whether the level is certain."""
    lv = result.level
    scale = result.instrument.scale
    text = (
        f"**{client_name}** stands at maturity level **{lv.level}, {lv.name}**: an overall score "
        f"of **{result.overall:.1f}** on a {scale.min}-{scale.max} scale "
        f"(95% interval {_range(result.overall_low, result.overall_high)}), "
        f"from {result.respondents} respondents."
    )
    if result.level_uncertain:
        names = " and ".join(f"{p.level} ({p.name})" for p in result.possible_levels)
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
    lines = ["| Level | Score band | What it means |", "| --- | --- | --- |"]
    for lv in result.instrument.levels:
        mark = " (you are here)" if lv.level == result.level.level else ""
        lines.append(f"| {lv.level}. {lv.name}{mark} | {lv.min:.1f}-{lv.max:.1f} | {lv.meaning} |")
    return "\n".join(lines)
