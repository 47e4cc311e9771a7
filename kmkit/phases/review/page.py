"""What notebook 07 shows: what was done, did the pilot work, the gates, re-audit, next cycle."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

import altair as alt
import pandas as pd

from kmkit.core.provenance import provenance
from kmkit.core.workspace import Client
from kmkit.phases.audit.inputs import snapshot_label
from kmkit.phases.review import charts, cycle_text, text
from kmkit.phases.review.compute import Review, check_comparison
from kmkit.phases.review.explorer import comparison_explorer
from kmkit.phases.review.gates import Check
from kmkit.phases.review.nextcycle import (
    carried,
    made_routine,
    need_changes,
    next_chosen,
    next_start,
)
from kmkit.phases.review.pilot import ALL_OTHERS, Effect, overall
from kmkit.phases.review.reaudit import KeyPeople, area_change, key_person_change, risk_change, ties
from kmkit.phases.review.tracking import tally
from kmkit.phases.solutions.compute import DEFAULT_ACCEPTED
from kmkit.phases.solutions.roadmap import build_roadmap
from kmkit.present.markup import Markdown

if TYPE_CHECKING:
    from kmkit.engagement import Engagement


@dataclass
class ReviewPage:
    """Phase 07 for one client; a part without its data says what to record instead."""

    client: Client
    data: Review
    compare_with: str = ALL_OTHERS
    e: Engagement | None = None

    def comparing(self, department: str) -> ReviewPage:
        """The same review with the pilot set beside `department` ("": all others)."""
        return replace(self, compare_with=check_comparison(self.data, department))

    @cached_property
    def checks(self) -> list[Check]:
        """Every gate condition, checked once."""
        return self.data.checks()

    @cached_property
    def change(self) -> pd.DataFrame | None:
        """Each asset's risk at the first audit and now; None without a re-audit."""
        s = self.data.snapshots
        return risk_change(s[0], s[-1]) if len(s) > 1 else None

    @cached_property
    def next_cycle_table(self) -> pd.DataFrame:
        """The next cycle's recommendations, with the first cycle's status carried."""
        return carried(self.data.latest.ranked, self.data.tracking, DEFAULT_ACCEPTED)

    @property
    def next_start(self) -> dt.date:
        """The next cycle's first day: the first Monday from the engagement's date on."""
        return next_start(self.e.as_of if self.e is not None else self.data.as_of)

    @cached_property
    def next_roadmap(self) -> pd.DataFrame:
        """The next cycle's interventions placed in stages from its first day."""
        chosen = next_chosen(self.next_cycle_table, self.data.roadmap)
        return build_roadmap(chosen, self.next_start)

    @property
    def remeasured(self) -> bool:
        """Whether the needs were measured again: a later survey wave or a re-audit."""
        return self.data.change is not None or len(self.data.snapshots) > 1

    @cached_property
    def need_table(self) -> pd.DataFrame:
        """The first cycle's needs beside the latest: closed, remaining, new."""
        return need_changes(self.data.first.inputs.needs(), self.data.latest.inputs.needs())

    @cached_property
    def effects(self) -> list[Effect]:
        """The pilot's effect on each measure, against the page's comparison."""
        return self._measure(self.compare_with)

    def _measure(self, choice: str) -> list[Effect]:
        """The pilot's effect on each KPI read per department, then on overall maturity."""
        survey = self.data.survey_effect(choice)
        return [*self.data.effects(choice), *([survey] if survey else [])]

    def _effects(self, compare_with: str | None = None) -> list[Effect]:
        choice = compare_with or self.compare_with
        return self.effects if choice == self.compare_with else self._measure(choice)

    def summary(self) -> Markdown:
        """The client, then in a few lines: what was done, did the pilot work, gates, risk, next."""
        return Markdown(f"## {self.client.name}\n\n{self.reads().data}\n\n{self.findings()}")

    def findings(self) -> str:
        """What was done, whether the pilot worked, the gates, the risk and the next cycle."""
        if not self.data.started:
            return text.nothing_yet(self.client.slug)
        lines = [f"Review of {self.data.as_of}.", ""]
        if self.data.tracking is not None:
            said = text.tally_sentence(tally(self.data.tracking), self.data.files["progress"])
            lines.append(f"- **What was done:** {said}")
        if self.data.pilot:
            effects = self.effects
            lines.append(f"- **Did the pilot work?** In {self.data.pilot}: {self.verdict()}. "
                         + (text.effects_brief(effects) if effects else ""))  # fmt: skip
        lines.append(f"- **Gates:** {text.gates_line(self.checks)}.")
        if self.change is not None:
            people = self.key_people
            lines.append(
                f"- **Knowledge risk:** {cycle_text.risk_sentence(self.data.risk(), self.dates)} "
                f"Key-person risks: {len(people.resolved)} resolved, {len(people.remaining)} "
                f"remaining, {len(people.new)} new."
            )
        lines.append(f"- **Next cycle:** {self.next_brief()}")
        return "\n".join(lines)

    @property
    def dates(self) -> tuple[object, object]:
        """The first audit's and the re-audit's dates."""
        return self.data.snapshots[0].as_of, self.data.snapshots[-1].as_of

    @cached_property
    def key_people(self) -> KeyPeople:
        """Key-person risks resolved, remaining and new since the first audit."""
        return key_person_change(self.data.snapshots[0], self.data.snapshots[-1])

    def next_brief(self) -> str:
        """The next cycle in one sentence: needs closed, remaining and new, and what comes first."""
        if not self.remeasured:
            return cycle_text.NOT_REMEASURED
        count = self.need_table["status"].value_counts()
        first = self.next_cycle_table.head(3)
        items = [f"{r.name} ({r.advice.split(':')[0]})" for r in first.itertuples()]
        return (
            f"{count.get('closed', 0)} needs closed, {count.get('remaining', 0)} remaining and "
            f"{count.get('new', 0)} new; first: {', '.join(items)}."
        )

    def tracking_chart(self) -> alt.LayerChart | Markdown:
        """The roadmap's plan against what happened, intervention by intervention."""
        if self.data.tracking is None:
            return Markdown(text.no_progress(self.client.slug))
        return charts.plan_actual_chart(self.data.tracking, self.data.as_of)

    def tracking_table(self) -> Markdown:
        """Plan against actual per intervention, what slipped and by how much."""
        if self.data.tracking is None:
            return Markdown("")
        return Markdown(text.tracking_table(self.data.tracking, self.data.files["progress"]))

    def late(self) -> Markdown:
        """What is late or stalled, one line each (the dashboard's list)."""
        if self.data.tracking is None:
            return Markdown(text.no_progress(self.client.slug))
        return Markdown(text.late_list(self.data.tracking))

    def pilot_chart(self, compare_with: str | None = None) -> alt.VConcatChart | Markdown:
        """Each KPI read per department: the pilot department against the comparison."""
        choice = compare_with or self.compare_with
        shown = [e.measure for e in self.data.effects(choice) if e.effect is not None]
        if not shown:
            return Markdown("")
        d = self.data
        return alt.vconcat(
            *(charts.pilot_chart(d.kpis, name, d.pilot, d.pilot_start, choice) for name in shown)
        )

    def pilot_text(self, compare_with: str | None = None) -> Markdown:
        """Whether the pilot worked, measure by measure, with its uncertainty."""
        d = self.data
        if d.pilot is None:
            return Markdown(text.NO_PILOT)
        effects = self._effects(compare_with)
        if not effects:
            return Markdown(text.no_department_kpis(d.pilot, d.files["kpis"]))
        t = d.tracking
        done = (
            []
            if t is None
            else list(t.loc[(t["stage"] == "pilot") & (t["status"] == "done"), "name"])
        )
        parts = [
            text.pilot_intro(d.pilot, d.pilot_from, d.pilot_start, d.start_from),
            "\n".join(text.effect_line(e) for e in effects),
            text.pilot_verdict(overall(effects), d.pilot, done),
            text.pilot_method(),
        ]
        return Markdown("\n\n".join(parts))

    def gates(self) -> Markdown:
        """Each stage's gate, condition by condition, with the figures behind it."""
        return Markdown(text.gates_text(self.checks, set(self.data.settings.gates)))

    def reaudit_chart(self) -> alt.LayerChart | Markdown:
        """Each asset's risk at the first audit and now."""
        if self.change is None:
            return Markdown(cycle_text.NO_REAUDIT)
        return charts.risk_change_chart(self.change)

    def reaudit_text(self) -> Markdown:
        """Risk per asset and area then and now, key people, and the work done that aims at it."""
        if self.change is None:
            return Markdown("")
        d = self.data
        t = d.tracking
        done = [] if t is None else list(t.loc[t["status"] == "done", "id"])
        tied = ties(self.change, done, d.first.catalogue)
        file = d.files["inventory"]
        parts = [
            cycle_text.risk_sentence(d.risk(), self.dates),
            cycle_text.reaudit_table(self.change, tied, file),
            cycle_text.key_people_text(self.key_people, file),
            cycle_text.area_table(area_change(d.snapshots[0], d.snapshots[-1])),
        ]
        return Markdown("\n\n".join(parts))

    def needs(self) -> Markdown:
        """The needs the first cycle answered, measured again: closed, remaining, new."""
        if not self.remeasured:
            return Markdown(f"*{cycle_text.NOT_REMEASURED}*")
        return Markdown(cycle_text.needs_text(self.need_table))

    def next_cycle(self) -> Markdown:
        """What the next cycle should do, and why, carrying what was already chosen."""
        if not self.remeasured:
            return Markdown("")
        if self.data.latest.ranked.empty:
            return Markdown("*Recommendations follow the survey and the audit (phases 01, 03).*")
        routine = made_routine(self.data.tracking, self.next_cycle_table)
        return Markdown(cycle_text.next_cycle_text(self.next_cycle_table, routine))

    def institutionalisation(self) -> Markdown:
        """The institutionalisation checklist, with status and evidence."""
        d = self.data
        return Markdown(
            cycle_text.institutionalisation_text(
                d.checklist, d.files["institutionalisation"], self.client.slug
            )
        )

    def references(self) -> Markdown:
        """The methods this review follows, by author and title."""
        return Markdown(cycle_text.references())

    def explorer(self) -> Any:
        """The Voilà control: choose the department to compare the pilot with."""
        if not self.data.started or self.data.pilot is None:
            return Markdown("")
        return comparison_explorer(
            self.data.comparisons(),
            lambda choice: [self.pilot_chart(choice), self.pilot_text(choice)],
        )

    def provenance(self) -> Markdown:
        """What this page was made from."""
        maturity = self.data.latest.inputs.maturity
        return Markdown(
            provenance(self.client, [maturity.instrument] if maturity else []).markdown()
        )

    def verdict(self) -> str:
        """Whether the pilot worked, with its scope: 'the pilot worked (1 of 4 measures ...)'."""
        effects = self.effects
        if not effects:
            return "cannot tell yet"
        return f"{text.VERDICT_WORDS[overall(effects)]} ({text.pilot_scope(effects)})"

    # --- what every phase page answers (kmkit.phases.PhasePage) ---------------------------

    def status(self) -> str:
        """The interventions tracked: how many done, how many late."""
        t = self.data.tracking
        if t is None:
            return ""
        done, late = int((t["status"] == "done").sum()), int(t["late"].sum())
        return f"{len(t)} interventions tracked: {done} done, {late} late"

    def reads(self) -> Markdown:
        """The two moments the review compares, each named."""
        if self.e is None or not self.data.started:
            return Markdown("")
        compared = []
        first, now = self.e.wave_read(first=True), self.e.wave_read()
        if first is not None and now is not None and first.name != now.name:
            compared.append(f"{first.label()} with {now.label()}")
        if len(self.data.snapshots) > 1:
            a, b = self.data.snapshots[0], self.data.snapshots[-1]
            compared.append(f"{snapshot_label(a)} with {snapshot_label(b)}")
        said = f"*The review of {self.data.as_of:%-d %B %Y}"
        if compared:
            said += f" compares {' and '.join(compared)}"
        return Markdown(said + ".*")

    def brief(self) -> list[Any]:
        """The review in brief, then what is late or stalled, one line each."""
        shown = [Markdown(self.findings())]
        if self.data.started and self.data.tracking is not None:
            shown.append(Markdown(f"**Late or stalled:**\n\n{self.late().data}"))
        return shown

    def key_figures(self) -> dict[str, object]:
        """The pilot's verdict and the next cycle's first interventions, as values."""
        if not self.data.started:
            return {}
        effects = self.effects
        return {
            "pilot": self.data.pilot,
            "verdict": overall(effects) if effects else "cannot tell",
            "worked": sum(e.verdict == "worked" for e in effects),
            "measures": len(effects),
        }


def review_page(e: Engagement) -> ReviewPage:
    """Phase 07 for an engagement, its pilot set beside all other departments."""
    return ReviewPage(e.client, e.review, ALL_OTHERS, e)
