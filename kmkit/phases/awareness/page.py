"""What notebook 01 shows: the maturity level, profile, spread, breakdowns, gaps, workshop."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import altair as alt
import pandas as pd

from kmkit.core.provenance import provenance
from kmkit.core.scoring import MaturityResult
from kmkit.core.workspace import Client
from kmkit.phases.awareness import charts, compute, text
from kmkit.phases.awareness.explorer import awareness_explorer
from kmkit.present.interactive import interactive
from kmkit.present.markup import Markdown

if TYPE_CHECKING:
    from kmkit.engagement import Engagement

GAPS_SHOWN = 8  # questions in the gaps chart


@dataclass
class AwarenessPage:
    """Phase 01 for one client: one survey wave's maturity, read every way a manager needs."""

    client: Client
    result: MaturityResult
    e: Engagement | None = None

    @property
    def threshold(self) -> int:
        """The client's anonymity threshold: no group smaller is shown."""
        return self.client.config.anonymity_threshold

    @cached_property
    def departments(self) -> pd.DataFrame:
        """Category means per department, small departments suppressed."""
        return compute.department_breakdown(self.result, self.client)

    @cached_property
    def gaps(self) -> pd.DataFrame:
        """The questions with the largest gaps."""
        return compute.item_gaps(self.result, top=GAPS_SHOWN)

    def headline(self) -> Markdown:
        """The client, its maturity level and overall score with its interval."""
        name = self.client.name
        said = text.maturity_level(self.result, name)
        return Markdown(f"## {name}\n\n{self.reads().data}\n\n{said}")

    def profile_chart(self) -> alt.LayerChart:
        """Each category's mean with its 95% interval."""
        return charts.category_profile(self.result)

    def strengths(self) -> Markdown:
        """The strongest and weakest categories, and whether each category reads as one measure."""
        return Markdown(
            text.strengths_and_weaknesses(self.result) + "\n\n" + text.reliability_note(self.result)
        )

    def spread_chart(self) -> alt.Chart:
        """How answers spread over the scale in each category."""
        return charts.distribution_chart(compute.answer_distribution(self.result))

    def consensus(self) -> Markdown:
        """Where respondents agree most and least."""
        return Markdown(text.consensus(self.result))

    def department_chart(self) -> alt.Chart:
        """Department x category heatmap, small departments hidden."""
        return charts.breakdown_heatmap(self.departments, "department")

    def department_differences(self) -> Markdown:
        """The category on which departments differ most."""
        return Markdown(text.department_differences(self.departments, self.threshold))

    def role_chart(self) -> alt.Chart:
        """Role x category heatmap, small roles hidden."""
        return charts.breakdown_heatmap(compute.role_breakdown(self.result, self.client), "role")

    def gaps_chart(self) -> alt.LayerChart:
        """The questions furthest from where respondents want to be."""
        return charts.gaps_chart(self.gaps)

    def gaps_text(self) -> Markdown:
        """The largest gaps in a sentence."""
        return Markdown(text.largest_gaps(self.gaps))

    def workshop(self) -> Markdown:
        """The consensus workshop's findings beside the survey, or what to add to get them."""
        return Markdown(text.workshop_findings(self.client, self.result))

    def explorer(self) -> Any:
        """The Voilà control: a department's own profile, a category's questions."""
        return awareness_explorer(self.result, self.client)

    def survey_basis(self) -> Markdown:
        """What each category of the survey covers, and the works it follows."""
        return Markdown(text.survey_basis(self.result))

    def levels(self) -> Markdown:
        """Every maturity level, its band and what it means, the firm's own marked."""
        return Markdown(text.level_meanings(self.result))

    def provenance(self) -> Markdown:
        """What this page was made from: client, instrument version, input fingerprint."""
        return Markdown(provenance(self.client, [self.result.instrument]).markdown())

    # --- what every phase page answers (kmkit.phases.PhasePage) ---------------------------

    def status(self) -> str:
        """The wave shown and how many answered."""
        return f"{self.result.respondents} respondents, wave '{self.result.wave}'"

    def reads(self) -> Markdown:
        """The survey wave this page reads."""
        wave = self.e.wave_read() if self.e else None
        said = wave.label() if wave else f"the '{self.result.wave}' survey"
        return Markdown(f"*Read from {said}.*")

    def brief(self) -> list[Any]:
        """The dashboard's part: the level, the interactive profile and largest gaps."""
        return [
            Markdown(text.maturity_level(self.result, self.client.name) + self.so_far()),
            self.profile_explorer(),
            Markdown(
                "Hover over a bar for its figures. Pick a department to compare it with the "
                "firm; departments too small to keep answers anonymous are not offered."
            ),
            self.gaps_explorer(),
        ]

    def so_far(self) -> str:
        """While the survey is open: how many answers the figures show, and why in steps."""
        if not compute.collecting(self.client, self.result):
            return ""
        return (
            f"\n\n*The survey is still open. These figures show the answers of "
            f"{self.result.respondents} people so far; they move only when "
            f"{self.threshold} more have answered, so that no one person's answers can be "
            "picked out.*"
        )

    def profile_explorer(self) -> Any:
        """The interactive category profile with its department filter."""
        chart = charts.department_profile_chart(self.result, self.departments)
        return interactive(chart, "maturity profile")

    def gaps_explorer(self) -> Any:
        """The interactive chart of the largest gaps, with its category filter."""
        return interactive(
            charts.gaps_filter_chart(compute.item_gaps(self.result, top=12)), "largest gaps"
        )

    def key_figures(self) -> dict[str, object]:
        """The figures other outputs repeat: the wave, level, overall and category scores."""
        r = self.result
        return {
            "wave": r.wave,
            "respondents": r.respondents,
            "level": r.level.level,
            "overall": float(r.overall),
            "categories": dict(zip(r.categories["name"], r.categories["mean"], strict=True)),
        }


def awareness_page(e: Engagement) -> AwarenessPage:
    """Phase 01 for an engagement: its current survey wave (NoDataError while there is none)."""
    return AwarenessPage(e.client, e.maturity, e)
