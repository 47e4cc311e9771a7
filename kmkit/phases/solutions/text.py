"""Phase 04 in words: needs, recommendations with their 'because', choices, roadmap, stages."""

from __future__ import annotations

import pandas as pd

from kmkit.core.numbers import amount
from kmkit.core.references import cite, cite_all
from kmkit.core.words import say_n
from kmkit.core.workspace import ClientConfig
from kmkit.phases.solutions.catalogue import COST, Catalogue
from kmkit.phases.solutions.compute import Inputs, dropped
from kmkit.phases.solutions.inputs import Choice
from kmkit.phases.solutions.roadmap import stage_table
from kmkit.present.text import markdown_table

SHOWN_REASONS = 3  # per recommendation in the report; the needs table lists them all


def summary(
    name: str, inputs: Inputs, catalogue: Catalogue, ranked: pd.DataFrame, chosen: int
) -> str:
    """The client, what the recommendations rest on, and what is missing."""
    lines = [f"## {name}", ""]
    if ranked.empty:
        lines.append("*No measured need yet, so nothing to recommend.*")
    else:
        lines.append(
            f"{len(inputs.needs())} measured needs point to {len(ranked)} of the catalogue's "
            f"{len(catalogue.interventions)} interventions; {chosen} go ahead."
        )
    if inputs.missing:
        lines.append("\n*Not yet measured, so not used: " + "; ".join(inputs.missing) + ".*")
    return "\n".join(lines)


def needs_table(inputs: Inputs) -> str:
    """Every need the recommendations answer, with where it was measured."""
    needs = sorted(inputs.needs(), key=lambda n: -n.weight)
    if not needs:
        return ""
    rows = [(n.source, n.because, f"{n.weight:.2f}") for n in needs]
    return markdown_table(("From", "Need", "Weight"), rows)


def recommendations(ranked: pd.DataFrame, catalogue: Catalogue, top: int = 8) -> str:
    """The top interventions, each with every reason behind it."""
    lines = []
    by_id = catalogue.by_id()
    for number, r in enumerate(ranked.head(top).itertuples(), start=1):
        iv = by_id[r.id]
        after = f" *After {cite_all(iv.cites)}.*" if iv.cites else ""
        lines.append(
            f"{number}. **{r.name}** (impact {r.impact:.0f}, effort {r.effort}, cost "
            f"{r.cost}, first value in about {r.weeks_to_value} weeks; {r.quadrant}). "
            f"{iv.what}{after}"
        )
        lines.extend(f"    - because {b}" for b in r.because[:SHOWN_REASONS])
        if len(r.because) > SHOWN_REASONS:
            more = len(r.because) - SHOWN_REASONS
            lines.append("    - " + say_n("and {n} more reason", "and {n} more reasons", more))
    return "\n".join(lines)


def choices_text(
    choices: list[Choice], catalogue: Catalogue, file: str, slug: str, chosen: int
) -> str:
    """What the consultant changed, from the selection file, or how to change it."""
    if not choices:
        return (
            f"The top {chosen} recommendations go ahead. To accept, drop or add "
            f"interventions, write `data/selection.csv` in the client's folder with columns "
            "intervention, decision (accept, drop or add), owner, phase, start and note; "
            f"`kmkit catalogue` lists the interventions and `kmkit check {slug}` checks it."
        )
    lines = []
    for c in choices:
        name = catalogue.by_id()[c.id].name
        note = f": {c.note}" if c.note else ""
        lines.append(f"- {c.decision.capitalize()} **{name}** ({file} row {c.row}{note})")
    gone = dropped(choices)
    if gone:
        said = say_n(
            "{n} recommendation dropped by the consultant.",
            "{n} recommendations dropped by the consultant.",
            len(gone),
        )
        lines.append(f"\n{said}")
    return "\n".join(lines)


def roadmap_markdown(roadmap: pd.DataFrame) -> str:
    """The roadmap as a Markdown table, each row traced to its first reason."""
    if roadmap.empty:
        return ""
    rows = [
        (
            r.phase_name,
            r.name,
            r.start,
            r.end,
            r.owner,
            r.cost_band,
            r.because[0] if r.because else "-",
        )
        for r in roadmap.itertuples()
    ]
    return markdown_table(("Phase", "Intervention", "From", "To", "Owner", "Cost", "Because"), rows)


def _bands(config: ClientConfig) -> str:
    """'low $1,000, medium $6,000, high $15,000': the cost bands in the client's currency."""
    return ", ".join(f"{band} {amount(cost, config)}" for band, cost in COST.items())


def stages_markdown(roadmap: pd.DataFrame, start: object, config: ClientConfig) -> str:
    """The stages, their cost and gates, and the yearly total, in the client's currency."""
    table = stage_table(roadmap, start)
    rows = [
        (r["phase"], r["from"], r["to"], r["interventions"], amount(r["cost"], config), r["gate"])
        for _, r in table.iterrows()
    ]
    header = ("Phase", "From", "To", "Interventions", "Cost a year", "Before the next phase")
    total = int(roadmap["cost"].sum()) if len(roadmap) else 0
    return (
        markdown_table(header, rows)
        + f"\n\nEstimated running cost: about **{amount(total, config)} a year** "
        f"(mid-points of each intervention's cost band: {_bands(config)}). "
        f"The three stages are the last three of {cite('five-steps-enterprise-km')}: pilot, "
        "promote and support, institutionalise."
    )
