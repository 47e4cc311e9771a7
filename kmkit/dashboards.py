"""The manager dashboard: every phase that has data for one client, on one page."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd
from IPython.display import Markdown

from kmkit.appcharts import AppHTML, interactive
from kmkit.audit_view import AuditPage, audit_page
from kmkit.errors import KmkitError
from kmkit.measure_view import MeasurePage, measure_page
from kmkit.scoring import MaturityResult
from kmkit.solutions_view import SolutionsPage, solutions_page
from kmkit.strategy_view import StrategyPage, strategy_page
from kmkit.workspace import Client

NONE = "(none)"
ALL = "All categories"

# Phase, the input that shows it has started, and what to do when it has not.
PHASES = [
    ("Awareness (maturity survey)", None, "Import survey answers with `kmkit import`."),
    ("Strategy", "data/areas.*", "Not started: add knowledge areas with `kmkit form areas`."),
    (
        "Knowledge audit",
        "data/inventory.*",
        "Not started: add an inventory with `kmkit form inventory`.",
    ),
    (
        "Solutions and roadmap",
        "data/selection.*",
        "Recommended; no choices recorded yet in data/selection.csv.",
    ),
    ("Measurement", "data/kpis.*", "Not started: add KPI readings to data/kpis.csv."),
]


def profile_chart(result: MaturityResult, departments: pd.DataFrame) -> alt.LayerChart:
    """Category means with 95% intervals; a bound select overlays one department's means."""
    firm = result.categories.assign(
        low=result.categories["ci_low"].round(2),
        high=result.categories["ci_high"].round(2),
        score=result.categories["mean"].round(2),
    )
    shown = departments.loc[~departments["suppressed"]].dropna(subset=["mean"])
    choice = alt.param(
        name="department",
        value=NONE,
        bind=alt.binding_select(
            options=[NONE, *sorted(shown["department"].unique())], name="Compare with department: "
        ),
    )
    scale = result.instrument.scale
    x = alt.X("score:Q", scale=alt.Scale(domain=[scale.min, scale.max]), title="Mean score")
    y = alt.Y(
        "name:N", sort=list(result.ranked()["name"]), title=None, axis=alt.Axis(labelLimit=220)
    )
    bars = (
        alt.Chart(firm)
        .mark_bar(color="#2a6f97", height=18)
        .encode(
            x=x,
            x2=alt.datum(scale.min),
            y=y,
            tooltip=[
                alt.Tooltip("name:N", title="Category"),
                alt.Tooltip("score:Q", title="Mean"),
                alt.Tooltip("low:Q", title="95% from"),
                alt.Tooltip("high:Q", title="95% to"),
                alt.Tooltip("n:Q", title="Respondents"),
            ],
        )
    )
    rules = alt.Chart(firm).mark_rule(color="#222").encode(x="low:Q", x2="high:Q", y=y)
    dept = shown.assign(score=shown["mean"].round(2))
    points = (
        alt.Chart(dept)
        .mark_point(filled=True, size=120, color="#c8553d", shape="diamond")
        .encode(
            x="score:Q",
            y=y,
            tooltip=[
                "department:N",
                alt.Tooltip("name:N", title="Category"),
                alt.Tooltip("score:Q", title="Department mean"),
            ],
        )
        .transform_filter(alt.datum.department == choice)
    )
    return (
        (bars + rules + points)
        .add_params(choice)
        .properties(
            width=420,
            height=alt.Step(28),
            title="Maturity by category (bars: firm, diamonds: chosen department)",
        )
    )


def gaps_chart(gaps: pd.DataFrame) -> alt.Chart:
    """The largest gaps, filterable by category with a bound select."""
    data = gaps.assign(
        question=gaps["text"].str.slice(0, 70), gap=gaps["gap"].round(2), now=gaps["now"].round(2)
    )
    choice = alt.param(
        name="category",
        value=ALL,
        bind=alt.binding_select(options=[ALL, *dict.fromkeys(data["name"])], name="Category: "),
    )
    return (
        alt.Chart(data)
        .mark_bar(color="#c8553d", height=14)
        .encode(
            x=alt.X("gap:Q", title="Gap (points)"),
            y=alt.Y("question:N", sort="-x", title=None, axis=alt.Axis(labelLimit=420)),
            tooltip=[
                "text:N",
                alt.Tooltip("name:N", title="Category"),
                "now:Q",
                "gap:Q",
                "basis:N",
            ],
        )
        .transform_filter(f"category == '{ALL}' || datum.name == category")
        .add_params(choice)
        .properties(width=280, height=alt.Step(20), title="Largest gaps by question")
    )


@dataclass
class Dashboard:
    """One client's dashboard; every part says in words what is missing instead of failing."""

    client: Client
    result: MaturityResult | None
    problem: str = ""
    strategy_page: StrategyPage | None = None
    audit_page: AuditPage | None = None
    solutions_page: SolutionsPage | None = None
    measure_page: MeasurePage | None = None
    later_problem: str = ""  # a bad areas, inventory, selection or KPI file, in words

    def headline(self) -> Markdown:
        """The client, its maturity level and what the level means."""
        from kmkit.narrative import maturity_level

        if self.result is None:
            return Markdown(f"## {self.client.name}\n\n{self.problem}")
        return Markdown(f"## {self.client.name}\n\n{maturity_level(self.result, self.client.name)}")

    def profile(self) -> AppHTML | Markdown:
        """The interactive category profile with its department filter."""
        from kmkit.awareness import department_breakdown

        if self.result is None:
            return Markdown("*The maturity profile appears once survey answers are imported.*")
        chart = profile_chart(self.result, department_breakdown(self.result, self.client))
        return interactive(chart, "maturity profile")

    def gaps(self) -> AppHTML | Markdown:
        """The interactive chart of the largest gaps, with its category filter."""
        from kmkit.item_analysis import item_gaps

        if self.result is None:
            return Markdown("*Gaps appear once survey answers are imported.*")
        return interactive(gaps_chart(item_gaps(self.result, top=12)), "largest gaps")

    def strategy(self) -> Markdown:
        """Why the firm wants KM, and the knowledge areas its strategy depends on."""
        page = self.strategy_page
        if page is None:
            return Markdown(self.later_problem or "*The strategy phase has not started.*")
        return Markdown(f"{page.orientation_sentence()}\n\n{page.alignment_text().data}")

    def audit(self) -> Markdown:
        """The audit's four answers: what matters, who holds it, what if, where to grow."""
        page = self.audit_page
        if page is None or page.inventory is None:
            return Markdown(self.later_problem or "*The knowledge audit has not started.*")
        return Markdown(page.findings())

    def risks(self) -> AppHTML | Markdown:
        """The interactive risk matrix, with tooltips and a knowledge-area filter."""
        from kmkit.audit import asset_risk
        from kmkit.audit_charts import risk_matrix

        page = self.audit_page
        if page is None or page.inventory is None:
            return Markdown("")
        chart = risk_matrix(asset_risk(page.inventory), pick_area=True)
        return interactive(chart, "knowledge at risk")

    def solutions(self) -> Markdown:
        """The roadmap in brief: what goes ahead first, where, and at what cost."""
        page = self.solutions_page
        if page is None or page.ranked.empty:
            return Markdown(self.later_problem or "*Recommendations follow the earlier phases.*")
        roadmap = page.roadmap()
        first = roadmap.loc[roadmap["phase"] == "pilot", "name"].tolist()
        lines = [
            f"{len(roadmap)} interventions on the roadmap, about {int(roadmap['cost'].sum()):,} "
            f"a year; piloted first: {', '.join(first) or 'none yet'}.",
            "",
            page.pilot().data,
        ]
        return Markdown("\n".join(lines))

    def measurement(self) -> Markdown:
        """What improved since the baseline, in a few lines."""
        page = self.measure_page
        if page is None:
            return Markdown(self.later_problem or "*Nothing measured yet.*")
        return Markdown(page.findings())

    def _status(self, phase: str) -> str:
        """What a started phase holds, in a few words."""
        if phase == "Strategy" and self.strategy_page and self.strategy_page.areas is not None:
            areas = self.strategy_page.areas
            o = self.strategy_page.orientation
            who = f"orientation from {o.result.respondents} managers" if o else "no orientation"
            return f"{len(areas.areas)} knowledge areas, {len(areas.goals)} goals; {who}"
        if phase == "Knowledge audit" and self.audit_page and self.audit_page.inventory is not None:
            assets = self.audit_page.inventory.assets
            return f"{len(assets)} knowledge assets in {assets['area'].nunique()} areas"
        if phase == "Solutions and roadmap" and self.solutions_page:
            return f"{len(self.solutions_page.chosen)} interventions chosen"
        if phase == "Measurement" and self.measure_page and self.measure_page.kpis is not None:
            kpis = self.measure_page.kpis
            return f"{kpis['indicator'].nunique()} KPIs, latest reading {kpis['date'].max()}"
        return "Data present"

    def phases(self) -> Markdown:
        """Which phases have data, and what to do for the others."""
        lines = ["| Phase | Status |", "| --- | --- |"]
        for name, pattern, todo in PHASES:
            if pattern is None:
                done = self.result is not None
                status = (
                    f"{self.result.respondents} respondents, wave '{self.result.wave}'"
                    if done
                    else todo
                )
            else:
                done = any(self.client.path.glob(pattern))
                status = self._status(name) if done else todo
            lines.append(f"| {name} | {status} |")
        return Markdown("\n".join(lines))


def dashboard(client: Client, wave: str | None = None) -> Dashboard:
    """Gather what the dashboard shows; missing or bad inputs become sentences, not errors."""
    from kmkit.awareness import assess_maturity

    try:
        board = Dashboard(client, assess_maturity(client, wave))
    except KmkitError as exc:
        board = Dashboard(client, None, f"{exc}")
    try:
        board.strategy_page, board.audit_page = strategy_page(client), audit_page(client)
        board.solutions_page = solutions_page(client)
        cost = float(board.solutions_page.roadmap()["cost"].sum())
        board.measure_page = measure_page(client, roadmap_cost=cost)
    except KmkitError as exc:
        board.later_problem = f"An input file needs fixing: {exc}"
    return board
