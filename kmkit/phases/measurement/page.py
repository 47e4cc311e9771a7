"""What notebook 05 shows: KPIs against baseline and target, the second wave, and the ROI."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import altair as alt
import pandas as pd

from kmkit.core.provenance import provenance
from kmkit.core.workspace import Client
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
from kmkit.present.markup import Markdown

if TYPE_CHECKING:
    from kmkit.engagement import Engagement


@dataclass
class MeasurePage:
    """Phase 05 for one client; each part says what is missing instead of failing."""

    client: Client
    kpis: pd.DataFrame | None
    kpi_file: str
    waves: WaveChange | None
    roi: Roi | None
    by_department: pd.DataFrame | None = None  # readings per department, for phase 07
    e: Engagement | None = None

    def summary(self) -> Markdown:
        """The client and what improved since the baseline."""
        return Markdown(f"## {self.client.name}\n\n{self.reads().data}\n\n{self.findings()}")

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

    # --- what every phase page answers (kmkit.phases.PhasePage) ---------------------------

    def status(self) -> str:
        """The KPIs read and the latest reading's date."""
        if self.kpis is None:
            return ""
        return f"{self.kpis['indicator'].nunique()} KPIs, latest reading {self.kpis['date'].max()}"

    def reads(self) -> Markdown:
        """The KPI readings and the two survey waves this page compares."""
        parts = []
        if self.kpis is not None:
            parts.append(f"KPI readings up to {self.kpis['date'].max():%-d %B %Y}")
        if self.waves is not None and self.e is not None:
            first, now = self.e.wave_read(first=True), self.e.wave_read()
            parts.append(f"{first.label()} against {now.label()}")
        return Markdown(f"*Read from {' and '.join(parts)}.*" if parts else "")

    def brief(self) -> list[Any]:
        """What improved since the baseline, in a few lines."""
        if self.kpis is None and self.waves is None and self.roi is None:
            return [Markdown("*Nothing measured yet.*")]
        return [Markdown(self.findings())]

    def key_figures(self) -> dict[str, object]:
        """The two waves compared and the overall change, as values."""
        if self.waves is None:
            return {}
        overall = self.waves.table.loc[self.waves.table["category"] == "overall"]
        found: dict[str, object] = {"waves": (self.waves.first, self.waves.second)}
        if len(overall):
            found["overall"] = (float(overall.iloc[0]["before"]), float(overall.iloc[0]["after"]))
        return found


def measure_page(e: Engagement) -> MeasurePage:
    """Phase 05 for an engagement: KPIs, the first against the current wave, the ROI."""
    readings, kpi_file = client_kpis(e.client, e.as_of)
    kpis, by_department = None, None
    if readings is not None:
        kpis = firm_wide(readings)
        by_department = readings.loc[readings["department"] != ""]
        kpis = kpis if len(kpis) else None
    first, latest = e.maturity_or_none(first=True), e.maturity_or_none()
    waves = None
    if first is not None and latest is not None and first.wave != latest.wave:
        waves = compare_waves(first, latest)
    roi = None
    assumptions = client_roi(e.client)
    if assumptions is not None:
        cost = float(e.roadmap["cost"].sum())
        progress = kpi_progress(kpis) if kpis is not None else None
        roi = estimate_roi(assumptions, progress, cost, e.client.config)
    return MeasurePage(e.client, kpis, kpi_file, waves, roi, by_department, e)
