"""What notebook 02 shows: each part a chart or a sentence, and a sentence when data is missing."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
from IPython.display import Markdown

from kmkit.errors import NoDataError
from kmkit.narrative import and_list, rows_text
from kmkit.strategy import (
    KnowledgeAreas,
    Orientation,
    alignment,
    area_importance,
    assess_orientation,
    client_areas,
    unserved_goals,
)
from kmkit.workspace import Client

# What each orientation tends to do with KM (seed 000, after Von Krogh, Ichijo and Nonaka).
MEANING = {
    "Risk minimiser": "capture and locate the knowledge the firm already has, so that it is "
    "not lost and can be found (expert directories, written procedures, handovers)",
    "Efficiency seeker": "make the most of existing knowledge by transferring and sharing good "
    "practice (shared procedures, intranet, lessons learnt)",
    "Innovator": "create new knowledge, giving people the time, places and partners to "
    "develop ideas (communities, experiments, partnerships)",
}


@dataclass
class StrategyPage:
    """Phase 02 for one client: orientation, goals and knowledge areas."""

    client: Client
    orientation: Orientation | None
    areas: KnowledgeAreas | None
    orientation_missing: str = ""

    @property
    def areas_file(self) -> str:
        """The areas file as the consultant knows it: relative to the client folder."""
        if self.areas is None:
            return "data/areas.csv"
        return self.areas.path.relative_to(self.client.path).as_posix()

    def headline(self) -> Markdown:
        """The client and, in one sentence, why it wants KM."""
        return Markdown(f"## {self.client.name}\n\n{self.orientation_sentence()}")

    def orientation_sentence(self) -> str:
        """Why the firm wants KM in one sentence, or how to find out."""
        o = self.orientation
        if o is None:
            return self.orientation_missing
        return (
            f"The management team reads as **{o.primary.lower()}** first and "
            f"{o.secondary.lower()} second; the profile is **{o.clarity}**."
        )

    def orientation_chart(self) -> alt.LayerChart | Markdown:
        """Scores of the three orientations with their intervals."""
        from kmkit.strategy_charts import orientation_chart

        if self.orientation is None:
            return Markdown("*The orientation profile appears once the team's answers are in.*")
        return orientation_chart(self.orientation)

    def orientation_text(self) -> Markdown:
        """What the orientation means for the engagement, and how sure it is."""
        o = self.orientation
        if o is None:
            return Markdown("")
        n = o.result.respondents
        first = o.first_choice.get(o.primary, 0.0)
        lines = [
            f"{n} managers answered. As {_article(o.primary)} {o.primary.lower()}, the firm "
            f"wants KM to {MEANING[o.primary]}.",
        ]
        if o.clarity == "clear-cut":
            lines.append(
                f"The profile is clear-cut: {o.primary.lower()} leads {o.secondary.lower()} by "
                f"{o.gap:.1f} points, and {first:g} of the {n} managers rate it highest."
            )
        elif o.clarity == "leaning":
            lines.append(
                f"The team leans to {o.primary.lower()}, {o.gap:.1f} points ahead of "
                f"{o.secondary.lower()} ({first:g} of {n} managers rate it highest, ties shared); "
                f"solutions should serve both, the first before the second."
            )
        else:
            lines.append(
                f"The profile is mixed: {o.primary.lower()} and {o.secondary.lower()} are only "
                f"{o.gap:.1f} points apart. The team has not yet settled why it wants KM; "
                "settle it in the strategy workshop before choosing solutions."
            )
        return Markdown(" ".join(lines))

    def goals_table(self) -> Markdown:
        """The business goals with their indicators and weights, numbered G1, G2..."""
        goals = self.client.config.business_goals
        if not goals:
            return Markdown(
                "*No business goals yet: add `business_goals` (goal, indicator, weight) to "
                "client.yaml.*"
            )
        lines = ["| | Business goal | Indicator | Weight |", "| --- | --- | --- | --- |"]
        for number, goal in enumerate(goals, start=1):
            lines.append(f"| G{number} | {goal.goal} | {goal.indicator or '-'} | {goal.weight} |")
        return Markdown("\n".join(lines))

    def alignment_chart(self) -> alt.LayerChart | Markdown:
        """The goal x knowledge-area heatmap."""
        from kmkit.strategy_charts import alignment_heatmap

        if self.areas is None:
            return Markdown(self._no_areas())
        return alignment_heatmap(alignment(self.areas))

    def importance_chart(self) -> alt.Chart | Markdown:
        """Knowledge areas ranked by their weight in the strategy."""
        from kmkit.strategy_charts import importance_chart

        if self.areas is None:
            return Markdown("")
        return importance_chart(area_importance(self.areas))

    def alignment_text(self) -> Markdown:
        """Which areas matter most, which goals nothing serves, and areas the audit lacks."""
        if self.areas is None:
            return Markdown("")
        table = area_importance(self.areas)
        top = table.loc[table["points"] > 0].head(3)
        parts = [
            f"**{r.area}** ({r.importance:.0%}; serves "
            f"{', '.join(f'G{g}' for g in r.goals)}; {rows_text([r.row], self.areas_file)})"
            for r in top.itertuples()
        ]
        lines = ["The strategy depends most on " + and_list(parts) + "." if parts else ""]
        for number, goal in unserved_goals(self.areas):
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
        return Markdown("\n\n".join(line for line in lines if line))

    def provenance(self) -> Markdown:
        """What this page was made from: client, instrument version, input fingerprint."""
        from kmkit.fingerprints import provenance

        used = [self.orientation.result.instrument] if self.orientation else []
        return Markdown(provenance(self.client, used).markdown())

    def _no_areas(self) -> str:
        slug = self.client.slug
        return (
            "*No knowledge-areas file yet. Write one with "
            f"`kmkit form areas --client {slug} --out areas.xlsx` (a row per knowledge area, a "
            "column per business goal, 0-3 for how strongly the area serves it), fill it in "
            "with the management team, and save it in the client's `data/` folder.*"
        )


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def strategy_page(client: Client) -> StrategyPage:
    """Gather phase 02 for a client; missing answers become a sentence, bad files an error."""
    try:
        orientation, missing = assess_orientation(client), ""
    except NoDataError:
        orientation = None
        missing = (
            "No strategic orientation yet: have the management team fill in "
            f"`kmkit form orientation --client {client.slug}` and import it with "
            f"`kmkit import {client.slug} FILE --instrument orientation`."
        )
    return StrategyPage(client, orientation, client_areas(client), missing)
