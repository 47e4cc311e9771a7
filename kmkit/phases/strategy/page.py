"""What notebook 02 shows: each part a chart or a sentence, and a sentence when data is missing."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt

from kmkit.core.errors import NoDataError
from kmkit.core.provenance import provenance
from kmkit.core.workspace import Client
from kmkit.phases.strategy import charts, text
from kmkit.phases.strategy.compute import (
    Orientation,
    alignment,
    area_importance,
    assess_orientation,
)
from kmkit.phases.strategy.inputs import STEM, KnowledgeAreas, client_areas
from kmkit.present.markup import Markdown


@dataclass
class StrategyPage:
    """Phase 02 for one client: orientation, goals and knowledge areas."""

    client: Client
    orientation: Orientation | None
    areas: KnowledgeAreas | None

    @property
    def areas_file(self) -> str:
        """The areas file as the consultant knows it: relative to the client folder."""
        return self.client.relative(self.areas.path) if self.areas else f"data/{STEM}.csv"

    def headline(self) -> Markdown:
        """The client and, in one sentence, why it wants KM."""
        return Markdown(f"## {self.client.name}\n\n{self.orientation_sentence()}")

    def orientation_sentence(self) -> str:
        """Why the firm wants KM in one sentence, or how to find out."""
        if self.orientation is None:
            return text.orientation_missing(self.client.slug)
        return text.orientation_sentence(self.orientation)

    def orientation_chart(self) -> alt.LayerChart | Markdown:
        """Scores of the three orientations with their intervals."""
        if self.orientation is None:
            return Markdown("*The orientation profile appears once the team's answers are in.*")
        return charts.orientation_chart(self.orientation)

    def orientation_text(self) -> Markdown:
        """What the orientation means for the engagement, and how sure it is."""
        return Markdown(text.orientation_text(self.orientation) if self.orientation else "")

    def goals_table(self) -> Markdown:
        """The business goals with their indicators and weights, numbered G1, G2..."""
        return Markdown(text.goals_table(self.client.config.business_goals))

    def alignment_chart(self) -> alt.LayerChart | Markdown:
        """The goal x knowledge-area heatmap."""
        if self.areas is None:
            return Markdown(text.no_areas(self.client.slug))
        return charts.alignment_heatmap(alignment(self.areas))

    def importance_chart(self) -> alt.Chart | Markdown:
        """Knowledge areas ranked by their weight in the strategy."""
        if self.areas is None:
            return Markdown("")
        return charts.importance_chart(area_importance(self.areas))

    def alignment_text(self) -> Markdown:
        """Which areas matter most, which goals nothing serves, and areas no goal needs."""
        if self.areas is None:
            return Markdown("")
        return Markdown(text.alignment_text(self.areas, self.areas_file))

    def provenance(self) -> Markdown:
        """What this page was made from: client, instrument version, input fingerprint."""
        used = [self.orientation.result.instrument] if self.orientation else []
        return Markdown(provenance(self.client, used).markdown())


def strategy_page(client: Client) -> StrategyPage:
    """Gather phase 02 for a client; missing answers become a sentence, bad files an error."""
    try:
        orientation = assess_orientation(client)
    except NoDataError:
        orientation = None
    return StrategyPage(client, orientation, client_areas(client))
