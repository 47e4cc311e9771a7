"""What notebook 04 shows: needs, ranked interventions with their 'because', pilot, roadmap."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import altair as alt
import pandas as pd

from kmkit.core.numbers import amount
from kmkit.core.provenance import provenance
from kmkit.core.references import cite
from kmkit.core.workspace import Client
from kmkit.phases.audit.inputs import snapshot_label
from kmkit.phases.solutions import charts, text
from kmkit.phases.solutions.catalogue import Catalogue
from kmkit.phases.solutions.compute import Inputs, Plan, pilot_department
from kmkit.phases.solutions.explorer import solutions_explorer
from kmkit.phases.solutions.inputs import Choice
from kmkit.phases.solutions.roadmap import build_roadmap
from kmkit.present.markup import Markdown

if TYPE_CHECKING:
    from kmkit.engagement import Engagement


@dataclass(frozen=True)
class SolutionsPage:
    """Phase 04 for one engagement: its cycle's recommendations, choices and roadmap."""

    client: Client
    plan: Plan
    start: dt.date  # the roadmap's first day: the engagement's start
    e: Engagement | None = None

    @property
    def inputs(self) -> Inputs:
        """What the recommendations answer: the cycle's first wave and snapshot."""
        return self.plan.inputs

    @property
    def catalogue(self) -> Catalogue:
        """Kmkit's interventions with the client's own."""
        return self.plan.catalogue

    @property
    def ranked(self) -> pd.DataFrame:
        """Every intervention that answers a need, by impact."""
        return self.plan.ranked

    @property
    def choices(self) -> list[Choice]:
        """The consultant's choices from the selection file."""
        return self.plan.choices

    @property
    def selection_file(self) -> str:
        """The selection file as the consultant knows it."""
        return self.plan.selection_file

    @property
    def chosen(self) -> pd.DataFrame:
        """The interventions going ahead."""
        return self.plan.chosen

    def roadmap(self, chosen: pd.DataFrame | None = None) -> pd.DataFrame:
        """The accepted interventions placed in stages from the engagement's start."""
        if chosen is None and self.e is not None:
            return self.e.roadmap
        return build_roadmap(self.chosen if chosen is None else chosen, self.start)

    def summary(self) -> Markdown:
        """The client, what the recommendations rest on, and what is missing."""
        said = text.summary(
            self.client.name, self.inputs, self.catalogue, self.ranked, len(self.chosen)
        )
        head, _, rest = said.partition("\n\n")
        return Markdown(f"{head}\n\n{self.reads().data}\n\n{rest}")

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
        return Markdown(text.stages_markdown(self.roadmap(), self.start, self.client.config))

    def explorer(self) -> Any:
        """The Voilà control: accept or drop interventions and see the roadmap and cost follow."""
        if self.ranked.empty:
            return Markdown("")
        return solutions_explorer(self.ranked, self.chosen, self.roadmap, self.client, self.start)

    def provenance(self) -> Markdown:
        """What this page was made from."""
        used = [self.inputs.maturity.instrument] if self.inputs.maturity else []
        note = f" Intervention catalogue v{self.catalogue.version}."
        return Markdown(provenance(self.client, used).markdown() + note)

    # --- what every phase page answers (kmkit.phases.PhasePage) ---------------------------

    def status(self) -> str:
        """The interventions chosen."""
        return f"{len(self.chosen)} interventions chosen" if self.choices else ""

    def reads(self) -> Markdown:
        """The survey wave and inventory snapshot this cycle's plan answers."""
        if self.e is None:
            return Markdown("")
        parts = []
        wave = self.e.wave_read(first=True)
        if wave is not None:
            parts.append(wave.label())
        if self.e.first_inventory is not None:
            parts.append(snapshot_label(self.e.first_inventory))
        if not parts:
            return Markdown("")
        whose = "The first cycle's plan" if self.e.reviewed else "The plan"
        said = f"*{whose}, made from {' and '.join(parts)}"
        if self.e.next_plan is not self.plan:
            said += "; the review below makes the next cycle's from the latest measurements"
        return Markdown(said + ".*")

    def brief(self) -> list[Any]:
        """The roadmap in brief: what goes ahead first, where, and at what cost."""
        if self.ranked.empty:
            return [Markdown("*Recommendations follow the earlier phases.*")]
        roadmap = self.roadmap()
        first = roadmap.loc[roadmap["phase"] == "pilot", "name"].tolist()
        said = (
            f"{len(roadmap)} interventions on the roadmap from {self.start:%-d %B %Y}, about "
            f"{amount(roadmap['cost'].sum(), self.client.config)} a year; piloted first: "
            f"{', '.join(first) or 'none yet'} (stages after {cite('five-steps-enterprise-km')})."
        )
        return [Markdown(f"{said}\n\n{self.pilot().data}")]

    def key_figures(self) -> dict[str, object]:
        """The roadmap's start and the interventions going ahead, as values."""
        return {
            "start": self.start,
            "chosen": tuple(self.chosen["id"]) if len(self.chosen) else (),
            "cost": float(self.roadmap()["cost"].sum()) if len(self.chosen) else 0.0,
        }


def solutions_page(e: Engagement) -> SolutionsPage:
    """Phase 04 for an engagement: the plan of its current cycle; a bad selection file errs."""
    return SolutionsPage(e.client, e.plan, e.start, e)
