"""What notebook 04 shows: needs, ranked interventions with their 'because', pilot, roadmap."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd
from IPython.display import Markdown

from kmkit.catalogue import Catalogue
from kmkit.roadmap import build_roadmap, phase_table
from kmkit.solutions import (
    Choice,
    Inputs,
    accepted,
    client_catalogue,
    dropped,
    gather,
    pilot_department,
    read_selection,
    recommend,
    selection_path,
)
from kmkit.workspace import Client

SHOWN_REASONS = 3  # per recommendation in the report; the needs table lists them all


@dataclass
class SolutionsPage:
    """Phase 04 for one client: recommendations, the consultant's choices and the roadmap."""

    client: Client
    inputs: Inputs
    catalogue: Catalogue
    ranked: pd.DataFrame
    choices: list[Choice]
    selection_file: str

    @property
    def chosen(self) -> pd.DataFrame:
        """The interventions going ahead."""
        return accepted(self.ranked, self.choices, self.catalogue, self.selection_file)

    def roadmap(self, chosen: pd.DataFrame | None = None) -> pd.DataFrame:
        """The accepted interventions placed in phases from the engagement's start."""
        chosen = self.chosen if chosen is None else chosen
        return build_roadmap(chosen, self.client.config.engagement.start)

    def summary(self) -> Markdown:
        """The client, what the recommendations rest on, and what is missing."""
        lines = [f"## {self.client.name}", ""]
        needs = self.inputs.needs()
        if self.ranked.empty:
            lines.append("*No measured need yet, so nothing to recommend.*")
        else:
            lines.append(
                f"{len(needs)} measured needs point to {len(self.ranked)} of the catalogue's "
                f"{len(self.catalogue.interventions)} interventions; {len(self.chosen)} go ahead."
            )
        if self.inputs.missing:
            lines.append(
                "\n*Not yet measured, so not used: " + "; ".join(self.inputs.missing) + ".*"
            )
        return Markdown("\n".join(lines))

    def needs_table(self) -> Markdown:
        """Every need the recommendations answer, with where it was measured."""
        needs = self.inputs.needs()
        if not needs:
            return Markdown("")
        lines = ["| From | Need | Weight |", "| --- | --- | --- |"]
        for n in sorted(needs, key=lambda n: -n.weight):
            lines.append(f"| {n.source} | {n.because} | {n.weight:.2f} |")
        return Markdown("\n".join(lines))

    def recommendations(self, top: int = 8) -> Markdown:
        """The top interventions, each with every reason behind it."""
        if self.ranked.empty:
            return Markdown("")
        lines = []
        by_id = self.catalogue.by_id()
        for number, r in enumerate(self.ranked.head(top).itertuples(), start=1):
            iv = by_id[r.id]
            lines.append(
                f"{number}. **{r.name}** (impact {r.impact:.0f}, effort {r.effort}, cost "
                f"{r.cost}, first value in about {r.weeks_to_value} weeks; {r.quadrant}). "
                f"{iv.what} *Source: {iv.source}.*"
            )
            lines.extend(f"    - because {b}" for b in r.because[:SHOWN_REASONS])
            if len(r.because) > SHOWN_REASONS:
                lines.append(f"    - and {len(r.because) - SHOWN_REASONS} more reason(s)")
        return Markdown("\n".join(lines))

    def matrix(self) -> alt.LayerChart | Markdown:
        """Impact x effort, with the accepted interventions marked."""
        from kmkit.solution_charts import impact_effort_chart

        if self.ranked.empty:
            return Markdown("")
        return impact_effort_chart(self.ranked, set(self.chosen["id"]))

    def choices_text(self) -> Markdown:
        """What the consultant changed, from the selection file, or how to change it."""
        slug = self.client.slug
        if not self.choices:
            return Markdown(
                f"The top {len(self.chosen)} recommendations go ahead. To accept, drop or add "
                f"interventions, write `data/selection.csv` in the client's folder with columns "
                "intervention, decision (accept, drop or add), owner, phase, start and note; "
                f"`kmkit catalogue` lists the interventions and `kmkit check {slug}` checks it."
            )
        lines = []
        for c in self.choices:
            name = self.catalogue.by_id()[c.id].name
            note = f": {c.note}" if c.note else ""
            lines.append(
                f"- {c.decision.capitalize()} **{name}** ({self.selection_file} row {c.row}{note})"
            )
        gone = dropped(self.choices)
        if gone:
            lines.append(f"\n{len(gone)} recommendation(s) dropped by the consultant.")
        return Markdown("\n".join(lines))

    def pilot(self) -> Markdown:
        """Where to pilot first, and why."""
        if self.inputs.maturity is None:
            return Markdown("*The pilot department is suggested once survey answers are in.*")
        suggestion = pilot_department(self.inputs.maturity, self.client, self.chosen)
        return Markdown(suggestion.reason)

    def gantt(self) -> alt.Chart | Markdown:
        """The roadmap as a Gantt chart."""
        from kmkit.solution_charts import gantt_chart

        roadmap = self.roadmap()
        if roadmap.empty:
            return Markdown("*No intervention accepted yet.*")
        return gantt_chart(roadmap)

    def roadmap_table(self) -> Markdown:
        """Each accepted intervention with its phase, dates, owner and the need it answers."""
        return Markdown(roadmap_markdown(self.roadmap()))

    def phases(self) -> Markdown:
        """The phases with dates, cost and the gate each must pass."""
        return Markdown(phases_markdown(self.roadmap(), self.client))

    def explorer(self) -> object:
        """The Voilà control: accept or drop interventions and see the roadmap and cost follow."""
        from kmkit.widgets import solutions_explorer

        if self.ranked.empty:
            return Markdown("")
        return solutions_explorer(self)

    def provenance(self) -> Markdown:
        """What this page was made from."""
        from kmkit.fingerprints import provenance

        used = [self.inputs.maturity.instrument] if self.inputs.maturity else []
        note = f" Intervention catalogue v{self.catalogue.version}."
        return Markdown(provenance(self.client, used).markdown() + note)


def roadmap_markdown(roadmap: pd.DataFrame) -> str:
    """The roadmap as a Markdown table, each row traced to its first reason."""
    if roadmap.empty:
        return ""
    lines = [
        "| Phase | Intervention | From | To | Owner | Cost | Because |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in roadmap.itertuples():
        because = r.because[0] if r.because else "-"
        lines.append(
            f"| {r.phase_name} | {r.name} | {r.start} | {r.end} | {r.owner} | {r.cost_band} "
            f"| {because} |"
        )
    return "\n".join(lines)


def phases_markdown(roadmap: pd.DataFrame, client: Client) -> str:
    """The phases, their cost and gates, and the yearly total."""
    table = phase_table(roadmap, client.config.engagement.start)
    lines = ["| Phase | From | To | Interventions | Cost a year | Before the next phase |"]
    lines.append("| --- | --- | --- | --- | --- | --- |")
    for r in table.rename(columns={"from": "start"}).itertuples():
        lines.append(
            f"| {r.phase} | {r.start} | {r.to} | {r.interventions} | {r.cost:,} | {r.gate} |"
        )
    total = int(roadmap["cost"].sum()) if len(roadmap) else 0
    lines.append(
        f"\nEstimated running cost: about **{total:,} a year** in the client's currency "
        "(mid-points of each intervention's cost band: low 1,000, medium 6,000, high 15,000)."
    )
    return "\n".join(lines)


def solutions_page(client: Client) -> SolutionsPage:
    """Gather phase 04 for a client; missing phases are noted, a bad selection file is an error."""
    catalogue = client_catalogue(client)
    inputs = gather(client)
    path = selection_path(client)
    choices = read_selection(path, catalogue) if path else []
    file = path.relative_to(client.path).as_posix() if path else "data/selection.csv"
    return SolutionsPage(client, inputs, catalogue, recommend(inputs, catalogue), choices, file)
