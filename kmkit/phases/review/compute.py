"""Phase 07, the review: everything the renewal cycle reads, gathered once for a client.

The review closes the loop the source documents describe: the Arthur Andersen method's
evaluation and maintenance (BC Knowledge Management), Handzic's feedback loop of measurement
and adjustment, Liebowitz's post-audit, and steps 3 to 5 of 'Five steps for the
implementation of enterprise knowledge management' (evaluate and correct the pilot,
replicate it, institutionalise KM as a new beginning).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from kmkit.core.errors import InputError, KmkitError
from kmkit.core.workspace import Client
from kmkit.phases.audit.inputs import Inventory
from kmkit.phases.measurement.compute import WaveChange, compare_waves, kpi_progress
from kmkit.phases.measurement.inputs import client_kpis, firm_wide
from kmkit.phases.review import gates, pilot
from kmkit.phases.review.inputs import client_institutionalisation, client_progress, client_review
from kmkit.phases.review.reaudit import critical_risk
from kmkit.phases.review.settings import (
    ReviewSettings,
    gate_conditions,
    institutionalisation_checklist,
)
from kmkit.phases.review.tracking import plan_vs_actual
from kmkit.phases.solutions.compute import Plan, pilot_department
from kmkit.phases.solutions.roadmap import stage_starts

if TYPE_CHECKING:
    from kmkit.engagement import Engagement


@dataclass
class Review:
    """One client's review; each part may be missing, and `started` says if any is there."""

    client: Client
    settings: ReviewSettings
    as_of: dt.date
    first: Plan  # phase 04's plan: the first survey wave and inventory snapshot
    latest: Plan  # the same, made again from the latest wave and snapshot
    roadmap: pd.DataFrame
    tracking: pd.DataFrame | None  # None: no data/progress.csv yet
    pilot: str | None  # the pilot department
    pilot_from: str  # where the pilot department was taken from
    pilot_start: dt.date | None
    start_from: str  # where the pilot's start was taken from
    kpis: pd.DataFrame | None  # every reading, firm-wide and per department
    change: WaveChange | None  # first against latest maturity wave
    snapshots: list[Inventory]
    checklist: pd.DataFrame | None  # institutionalisation, one row per measure
    files: dict[str, str] = field(default_factory=dict)

    @property
    def departments_read(self) -> list[str]:
        """Departments with KPI readings of their own."""
        if self.kpis is None:
            return []
        return sorted(set(self.kpis["department"]) - {""})

    @property
    def started(self) -> bool:
        """Whether there is anything to review: statuses, a second wave or snapshot, or KPIs."""
        return bool(
            self.tracking is not None
            or self.change is not None
            or len(self.snapshots) > 1
            or self.departments_read
        )

    def effects(self, compare_with: str = pilot.ALL_OTHERS) -> list[pilot.Effect]:
        """The pilot's effect on each KPI read per department, against `compare_with`."""
        if self.pilot is None or self.pilot_start is None or self.kpis is None:
            return []
        return pilot.kpi_effects(self.kpis, self.pilot, self.pilot_start, compare_with)

    def survey_effect(self, compare_with: str = pilot.ALL_OTHERS) -> pilot.Effect | None:
        """The pilot's effect on overall maturity, when two waves can be compared."""
        if self.change is None or self.pilot is None:
            return None
        threshold = self.client.config.anonymity_threshold
        first, latest = self.first.inputs.maturity, self.latest.inputs.maturity
        return pilot.survey_effect(first, latest, self.pilot, threshold, compare_with)

    def comparisons(self) -> list[str]:
        """What the pilot may be compared with: all others, or one department with data."""
        options = set(self.departments_read)
        if self.change is not None:
            threshold = self.client.config.anonymity_threshold
            first, latest = self.first.inputs.maturity, self.latest.inputs.maturity
            options |= set(pilot.survey_departments(first, latest, threshold))
        return [pilot.ALL_OTHERS, *sorted(options - {self.pilot})]

    def risk(self) -> tuple[float, float] | None:
        """The critical assets' mean risk at the first audit and now, with two snapshots."""
        if len(self.snapshots) < 2:
            return None
        return critical_risk(self.snapshots[0]), critical_risk(self.snapshots[-1])

    def waves(self) -> list[tuple[str, int]]:
        """The first and the latest maturity wave with their respondents."""
        found = [self.first.inputs.maturity, self.latest.inputs.maturity]
        seen = {r.wave: r.respondents for r in found if r is not None}
        return list(seen.items())

    def checks(self) -> list[gates.Check]:
        """Every stage's gate, condition by condition."""
        firm = firm_wide(self.kpis) if self.kpis is not None else None
        facts = gates.Facts(
            tracking=self.tracking,
            pilot=self.effects(),
            waves=self.waves(),
            change=self.change,
            kpis=kpi_progress(firm) if firm is not None and len(firm) else None,
            checklist=self.checklist,
            risk=self.risk(),
            files=self.files,
        )
        return gates.check_gates(gate_conditions(self.settings), facts)


def checklist_status(recorded: pd.DataFrame | None) -> pd.DataFrame | None:
    """Every measure of the institutionalisation checklist, 'not recorded' where not given."""
    if recorded is None:
        return None
    given = {r.measure: r for r in recorded.itertuples()}
    rows = []
    for m in institutionalisation_checklist().measures:
        r = given.get(m.id)
        rows.append(
            {
                "measure": m.id,
                "name": m.name,
                "status": r.status if r else "not recorded",
                "evidence": r.evidence if r else "",
                "owner": r.owner if r else "",
                "row": r.row if r else None,
            }
        )
    return pd.DataFrame(rows)


def _pilot(first: Plan, client: Client, settings: ReviewSettings) -> tuple[str | None, str]:
    if settings.pilot_department:
        return settings.pilot_department, "data/review.yaml"
    if first.inputs.maturity is None:
        return None, ""
    return pilot_department(first.inputs.maturity, client, first.chosen).department, "phase 04"


def _start(
    tracking: pd.DataFrame | None, settings: ReviewSettings, begins: dt.date, file: str
) -> tuple[dt.date, str]:
    """When the pilot began: as set, else its first actual start, else the plan's."""
    if settings.pilot_start:
        return settings.pilot_start, "data/review.yaml"
    if tracking is not None:
        begun = tracking.loc[(tracking["stage"] == "pilot"), "started"].dropna()
        if len(begun):
            return min(begun), f"the first pilot intervention's start in {file}"
    return stage_starts(begins)["pilot"], "the roadmap's pilot stage"


def _check_conditions(settings: ReviewSettings, kpis: pd.DataFrame | None, first: Plan) -> None:
    """A gate condition in data/review.yaml must name a KPI and a category that exist."""
    indicators = set(kpis["indicator"]) if kpis is not None else set()
    maturity = first.inputs.maturity
    categories = {c.id for c in maturity.instrument.categories} if maturity else set()
    for stage, listed in settings.gates.items():
        for n, cond in enumerate(listed):
            if cond.indicator and cond.indicator not in indicators:
                known = ", ".join(sorted(indicators)) or "none yet"
                msg = f"'{cond.indicator}' is not an indicator in data/kpis.csv (known: {known})"
                raise InputError("data/review.yaml", msg, column=f"gates.{stage}.{n}.indicator")
            if cond.category and categories and cond.category not in categories:
                msg = f"'{cond.category}' is not a maturity category ({', '.join(categories)})"
                raise InputError("data/review.yaml", msg, column=f"gates.{stage}.{n}.category")


def review(e: Engagement) -> Review:
    """Phase 07 for an engagement: its cycle's plan against what happened, as of the review.

    The review is dated as data/review.yaml says, else on the engagement's as-of date.
    """
    client = e.client
    settings = client_review(client)
    first, latest = e.plan, e.next_plan
    as_of = settings.as_of or e.as_of
    roadmap = e.roadmap
    progress, progress_file = client_progress(client)
    names = {iv.id: iv.name for iv in first.catalogue.interventions}
    tracking = None if progress is None else plan_vs_actual(roadmap, progress, as_of, names)
    kpis, kpi_file = client_kpis(client, e.as_of)
    _check_conditions(settings, kpis, first)
    department, pilot_from = _pilot(first, client, settings)
    start, start_from = _start(tracking, settings, e.start, progress_file)
    a, b = first.inputs.maturity, latest.inputs.maturity
    change = compare_waves(a, b) if a is not None and b is not None and a.wave != b.wave else None
    recorded, checklist_file = client_institutionalisation(client)
    snapshots = list(e.snapshots)
    files = {
        "progress": progress_file,
        "kpis": kpi_file,
        "institutionalisation": checklist_file,
        "inventory": client.relative(snapshots[0].path) if snapshots else "data/inventory.csv",
        "selection": first.selection_file,
    }
    return Review(client, settings, as_of, first, latest, roadmap, tracking, department,
                  pilot_from, start, start_from, kpis, change, snapshots,
                  checklist_status(recorded), files)  # fmt: skip


def check_comparison(found: Review, compare_with: str) -> str:
    """The comparison asked for, or a plain error naming the ones there are."""
    choice = compare_with or pilot.ALL_OTHERS
    options = found.comparisons()
    if choice not in options:
        msg = f"No department '{compare_with}' to compare the pilot with. Choices: "
        raise KmkitError(msg + ", ".join(options) + ".")
    return choice
