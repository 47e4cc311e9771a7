"""What notebook 05 shows: KPIs against baseline and target, the second wave, and the ROI."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

from kmkit.core.provenance import provenance
from kmkit.core.store import Store
from kmkit.core.workspace import Client
from kmkit.phases.awareness.compute import assess_maturity
from kmkit.phases.measurement import charts, text
from kmkit.phases.measurement.compute import (
    Roi,
    WaveChange,
    compare_waves,
    estimate_roi,
    kpi_progress,
)
from kmkit.phases.measurement.explorer import kpi_explorer
from kmkit.phases.measurement.inputs import client_kpis, client_roi, firm_wide
from kmkit.phases.solutions.compute import plan
from kmkit.phases.solutions.roadmap import build_roadmap
from kmkit.present.markup import Markdown


@dataclass
class MeasurePage:
    """Phase 05 for one client; each part says what is missing instead of failing."""

    client: Client
    kpis: pd.DataFrame | None
    kpi_file: str
    waves: WaveChange | None
    roi: Roi | None
    by_department: pd.DataFrame | None = None  # readings per department, for phase 07

    def summary(self) -> Markdown:
        """The client and what improved since the baseline."""
        return Markdown(f"## {self.client.name}\n\n{self.findings()}")

    def findings(self) -> str:
        """In a few lines, what improved since the baseline, or how to start measuring."""
        return text.findings(self.kpis, self.waves, self.roi)

    def kpi_table(self) -> Markdown:
        """Each KPI: baseline, latest, target, progress, trend and status, with its rows."""
        if self.kpis is None:
            return Markdown("*No firm-wide KPI readings yet (`data/kpis.csv`).*")
        said = text.kpi_table(self.kpis, self.kpi_file)
        return Markdown(said + text.department_note(self.by_department, self.kpi_file))

    def kpi_charts(self) -> alt.ConcatChart | Markdown:
        """Every KPI's history, small charts two abreast."""
        if self.kpis is None:
            return Markdown("")
        shown = [
            charts.kpi_chart(self.kpis, name) for name in dict.fromkeys(self.kpis["indicator"])
        ]
        return alt.concat(*shown, columns=2)

    def wave_chart(self) -> alt.LayerChart | Markdown:
        """Change per maturity category between the first and the latest wave."""
        if self.waves is None:
            return Markdown(
                "*One survey wave so far. Run the survey again (`kmkit import ... --wave "
                "follow-up`) to see which changes are real.*"
            )
        return charts.wave_change_chart(self.waves.table, self.waves.first, self.waves.second)

    def wave_text(self) -> Markdown:
        """Which changes are real, in words, with the intervals behind them."""
        return Markdown(text.wave_text(self.waves) if self.waves is not None else "")

    def roi_text(self) -> Markdown:
        """The ROI estimate with every assumption shown."""
        return Markdown(text.roi_text(self.roi) if self.roi is not None else text.NO_ROI)

    def explorer(self) -> Any:
        """The Voilà control: pick a KPI and see its history."""
        if self.kpis is None:
            return Markdown("")
        return kpi_explorer(self.kpis)

    def provenance(self) -> Markdown:
        """What this page was made from."""
        return Markdown(provenance(self.client).markdown())


def yearly_cost(client: Client) -> float:
    """The yearly cost of phase 04's roadmap: the ROI's default programme cost."""
    roadmap = build_roadmap(plan(client).chosen, client.config.start)
    return float(roadmap["cost"].sum())


def measure_page(client: Client, roadmap_cost: float | None = None) -> MeasurePage:
    """Gather phase 05 for a client; missing inputs become sentences, bad files errors.

    `roadmap_cost` saves recomputing phase 04 when the caller already has it.
    """
    readings, kpi_file = client_kpis(client)
    kpis, by_department = None, None
    if readings is not None:
        kpis = firm_wide(readings)
        by_department = readings.loc[readings["department"] != ""]
        kpis = kpis if len(kpis) else None
    waves = None
    if client.store_path.exists():
        with Store(client.store_path) as store:
            names = store.waves("maturity")
        if len(names) >= 2:
            waves = compare_waves(
                assess_maturity(client, names[0]), assess_maturity(client, names[-1])
            )
    roi = None
    assumptions = client_roi(client)
    if assumptions is not None:
        cost = roadmap_cost if roadmap_cost is not None else yearly_cost(client)
        roi = estimate_roi(assumptions, kpi_progress(kpis) if kpis is not None else None, cost)
    return MeasurePage(client, kpis, kpi_file, waves, roi, by_department)
