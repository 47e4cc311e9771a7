"""What notebook 05 shows: KPIs against baseline and target, the second wave, and the ROI."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd
from IPython.display import Markdown

from kmkit.core.provenance import provenance
from kmkit.core.store import Store
from kmkit.core.workspace import Client
from kmkit.phases.awareness.compute import assess_maturity
from kmkit.phases.measurement import charts
from kmkit.phases.measurement.compute import (
    Roi,
    WaveChange,
    compare_waves,
    estimate_roi,
    kpi_progress,
)
from kmkit.phases.measurement.explorer import kpi_explorer
from kmkit.phases.measurement.inputs import client_kpis, client_roi
from kmkit.phases.solutions.compute import plan
from kmkit.phases.solutions.roadmap import build_roadmap


@dataclass
class MeasurePage:
    """Phase 05 for one client; each part says what is missing instead of failing."""

    client: Client
    kpis: pd.DataFrame | None
    kpi_file: str
    waves: WaveChange | None
    roi: Roi | None

    def summary(self) -> Markdown:
        """The client and what improved since the baseline."""
        return Markdown(f"## {self.client.name}\n\n{self.findings()}")

    def findings(self) -> str:
        """In a few lines, what improved since the baseline, or how to start measuring."""
        lines = []
        if self.kpis is None and self.waves is None:
            lines.append(
                "*Nothing to measure yet. Add KPI readings to `data/kpis.csv` (columns "
                "indicator, unit, better, kind, target, date, value; an indicator's first row "
                "is its baseline) and run a second maturity survey wave with `kmkit import "
                "--wave`.*"
            )
            return "\n".join(lines)
        if self.kpis is not None:
            p = kpi_progress(self.kpis)
            good = p.loc[p["status"].isin(["improving", "target reached"])]
            lines.append(
                f"- **KPIs:** {len(good)} of {len(p)} indicators are improving or at target."
            )
        if self.waves is not None:
            real = self.waves.table.loc[
                self.waves.table["real"] & (self.waves.table["category"] != "overall")
            ]
            up = real.loc[real["change"] > 0, "name"].tolist()
            lines.append(
                f"- **Maturity:** between '{self.waves.first}' and '{self.waves.second}', "
                + (
                    f"{', '.join(up)} rose by more than chance explains."
                    if up
                    else "no category moved by more than chance explains."
                )
            )
        if self.roi is not None:
            lines.append(f"- **Return:** {roi_sentence(self.roi)}")
        return "\n".join(lines)

    def kpi_table(self) -> Markdown:
        """Each KPI: baseline, latest, target, progress, trend and status, with its rows."""
        if self.kpis is None:
            return Markdown("*No KPI readings yet (`data/kpis.csv`).*")
        lines = [
            "| Indicator | Kind | Baseline | Latest | Target | Progress | Trend a month | Status |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for r in kpi_progress(self.kpis).itertuples():
            unit = f" {r.unit}" if r.unit else ""
            trend = "-" if r.trend_per_month != r.trend_per_month else f"{r.trend_per_month:+.2f}"
            lines.append(
                f"| {r.indicator} | {r.kind} | {r.baseline:g}{unit} ({r.baseline_date}) "
                f"| {r.latest:g}{unit} ({r.latest_date}) | {r.target:g}{unit} "
                f"| {r.progress:.0%} | {trend} | {r.status} |"
            )
        lines.append(
            f"\nReadings from {self.kpi_file}; progress is the share of the way from baseline "
            "to target; the trend is a straight line fitted through every reading."
        )
        return Markdown("\n".join(lines))

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
        if self.waves is None:
            return Markdown("")
        lines = []
        for r in self.waves.table.itertuples():
            verdict = "a real change" if r.real else "within what chance alone could give"
            lines.append(
                f"- {r.name}: {r.before:.2f} to {r.after:.2f} ({r.change:+.2f}; 95% interval "
                f"{r.low:+.2f} to {r.high:+.2f}; {r.n_before} and {r.n_after} respondents): "
                f"{verdict}."
            )
        lines.append(
            "\nIntervals come from resampling each wave's respondents 2,000 times (bootstrap); a "
            "change is real when its interval leaves out zero."
        )
        return Markdown("\n".join(lines))

    def roi_text(self) -> Markdown:
        """The ROI estimate with every assumption shown."""
        if self.roi is None:
            return Markdown(
                "*No ROI estimate: add `data/roi.yaml` with people, hours_searching_before, "
                "hours_searching_after (or search_kpi), hourly_cost and optionally "
                "programme_cost.*"
            )
        lines = [roi_sentence(self.roi), "", "| Assumption | Value |", "| --- | --- |"]
        lines += [f"| {name} | {value} |" for name, value in self.roi.assumptions]
        lines.append(
            "\nOnly time saved searching is counted; fewer errors and faster competency are left "
            "out, so this is a floor, not a forecast."
        )
        return Markdown("\n".join(lines))

    def explorer(self) -> object:
        """The Voilà control: pick a KPI and see its history."""
        if self.kpis is None:
            return Markdown("")
        return kpi_explorer(self.kpis)

    def provenance(self) -> Markdown:
        """What this page was made from."""
        return Markdown(provenance(self.client).markdown())


def roi_sentence(roi: Roi) -> str:
    """The ROI in one sentence."""
    return (
        f"About {roi.hours_saved_per_year:,.0f} hours of searching saved a year, worth "
        f"{roi.value:,.0f} against a yearly cost of {roi.cost:,.0f}: a net return of "
        f"{roi.roi:.1f} times the cost (ROI {roi.roi:.0%})."
    )


def yearly_cost(client: Client) -> float:
    """The yearly cost of phase 04's roadmap: the ROI's default programme cost."""
    roadmap = build_roadmap(plan(client).chosen, client.config.engagement.start)
    return float(roadmap["cost"].sum())


def measure_page(client: Client, roadmap_cost: float | None = None) -> MeasurePage:
    """Gather phase 05 for a client; missing inputs become sentences, bad files errors.

    `roadmap_cost` saves recomputing phase 04 when the caller already has it.
    """
    kpis, kpi_file = client_kpis(client)
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
    return MeasurePage(client, kpis, kpi_file, waves, roi)
