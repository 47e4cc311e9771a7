"""What notebook 04 shows: needs, ranked interventions with their 'because', pilot, roadmap."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

from kmkit.core.provenance import provenance
from kmkit.core.workspace import Client
from kmkit.phases.solutions import charts, text
from kmkit.phases.solutions.compute import Plan, pilot_department, plan
from kmkit.phases.solutions.explorer import solutions_explorer
from kmkit.phases.solutions.roadmap import build_roadmap
from kmkit.present.markup import Markdown


@dataclass(frozen=True)
class SolutionsPage(Plan):
    """Phase 04 for one client: recommendations, the consultant's choices and the roadmap."""

    client: Client

    def roadmap(self, chosen: pd.DataFrame | None = None) -> pd.DataFrame:
        """The accepted interventions placed in stages from the engagement's start."""
        chosen = self.chosen if chosen is None else chosen
        return build_roadmap(chosen, self.client.config.start)

    def summary(self) -> Markdown:
        """The client, what the recommendations rest on, and what is missing."""
        return Markdown(
            text.summary(
                self.client.name, self.inputs, self.catalogue, self.ranked, len(self.chosen)
            )
        )

    def needs_table(self) -> Markdown:
        """Every need the recommendations answer, with where it was measured."""
        return Markdown(text.needs_table(self.inputs))

    def recommendations(self, top: int = 8) -> Markdown:
        """The top interventions, each with every reason behind it."""
        return Markdown(text.recommendations(self.ranked, self.catalogue, top))

    def matrix(self) -> alt.LayerChart | Markdown:
        """Impact x effort, with the accepted interventions marked."""
        if self.ranked.empty:
            return Markdown("")
        return charts.impact_effort_chart(self.ranked, set(self.chosen["id"]))

    def choices_text(self) -> Markdown:
        """What the consultant changed, from the selection file, or how to change it."""
        return Markdown(
            text.choices_text(
                self.choices,
                self.catalogue,
                self.selection_file,
                self.client.slug,
                len(self.chosen),
            )
        )

    def pilot(self) -> Markdown:
        """Where to pilot first, and why."""
        if self.inputs.maturity is None:
            return Markdown("*The pilot department is suggested once survey answers are in.*")
        return Markdown(pilot_department(self.inputs.maturity, self.client, self.chosen).reason)

    def gantt(self) -> alt.Chart | Markdown:
        """The roadmap as a Gantt chart."""
        roadmap = self.roadmap()
        if roadmap.empty:
            return Markdown("*No intervention accepted yet.*")
        return charts.gantt_chart(roadmap)

    def roadmap_table(self) -> Markdown:
        """Each accepted intervention with its stage, dates, owner and the need it answers."""
        return Markdown(text.roadmap_markdown(self.roadmap()))

    def phases(self) -> Markdown:
        """The stages with dates, cost and the gate each must pass."""
        return Markdown(text.stages_markdown(self.roadmap(), self.client.config.start))

    def explorer(self) -> Any:
        """The Voilà control: accept or drop interventions and see the roadmap and cost follow."""
        if self.ranked.empty:
            return Markdown("")
        return solutions_explorer(self.ranked, self.chosen, self.roadmap, self.client)

    def provenance(self) -> Markdown:
        """What this page was made from."""
        used = [self.inputs.maturity.instrument] if self.inputs.maturity else []
        note = f" Intervention catalogue v{self.catalogue.version}."
        return Markdown(provenance(self.client, used).markdown() + note)


def solutions_page(client: Client) -> SolutionsPage:
    """Gather phase 04 for a client; missing phases are noted, a bad selection file is an error."""
    return SolutionsPage(**vars(plan(client)), client=client)
