"""What notebook 02 shows: each part a chart or a sentence, and a sentence when data is missing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from kmkit.engagement import Engagement


@dataclass
class StrategyPage:
    """Phase 02 for one client: orientation, goals and knowledge areas."""

    client: Client
    orientation: Orientation | None
    areas: KnowledgeAreas | None
    e: Engagement | None = None

    @property
    def areas_file(self) -> str:
        """The areas file as the consultant knows it: relative to the client folder."""
        return self.client.relative(self.areas.path) if self.areas else f"data/{STEM}.csv"

    def headline(self) -> Markdown:
        """The client and, in one sentence, why it wants KM."""
        said = self.orientation_sentence()
        return Markdown(f"## {self.client.name}\n\n{self.reads().data}\n\n{said}")

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

    # --- what every phase page answers (kmkit.phases.PhasePage) ---------------------------

    def status(self) -> str:
        """The areas and goals held, and whose orientation."""
        if self.areas is None:
            return ""
        o = self.orientation
        who = f"orientation from {o.result.respondents} managers" if o else "no orientation"
        return f"{len(self.areas.areas)} knowledge areas, {len(self.areas.goals)} goals; {who}"

    def reads(self) -> Markdown:
        """The managers' answers and the knowledge areas this page reads."""
        parts = []
        if self.orientation is not None:
            n = self.orientation.result.respondents
            parts.append(f"{n} managers' answers on why to manage knowledge")
        if self.areas is not None:
            parts.append(f"the {len(self.areas.areas)} knowledge areas the firm listed")
        return Markdown(f"*Read from {' and '.join(parts)}.*" if parts else "")

    def brief(self) -> list[Any]:
        """Why the firm wants KM, and the knowledge areas its strategy depends on."""
        if self.areas is None and self.orientation is None:
            return [Markdown("*The strategy phase has not started.*")]
        return [Markdown(f"{self.orientation_sentence()}\n\n{self.alignment_text().data}")]

    def key_figures(self) -> dict[str, object]:
        """The orientation other outputs repeat."""
        o = self.orientation
        return {"primary": o.primary_id, "secondary": o.secondary_id} if o else {}


def strategy_page(e: Engagement) -> StrategyPage:
    """Phase 02 for an engagement; missing answers become a sentence, bad files an error."""
    try:
        orientation = assess_orientation(e.client)
    except NoDataError:
        orientation = None
    return StrategyPage(e.client, orientation, client_areas(e.client), e)
