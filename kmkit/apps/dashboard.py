"""The manager dashboard: every phase that has data for one client, on one page."""

from __future__ import annotations

from dataclasses import dataclass, field

from kmkit.core.errors import KmkitError
from kmkit.core.references import Cited, cite
from kmkit.core.scoring import MaturityResult
from kmkit.core.workspace import Client
from kmkit.phases import client_phases
from kmkit.phases.audit.charts import risk_matrix
from kmkit.phases.audit.compute import asset_risk
from kmkit.phases.audit.page import AuditPage, audit_page
from kmkit.phases.awareness.charts import department_profile_chart, gaps_filter_chart
from kmkit.phases.awareness.compute import (
    assess_maturity,
    collecting,
    department_breakdown,
    item_gaps,
)
from kmkit.phases.awareness.text import maturity_level
from kmkit.phases.clusters.page import PeerPage, peer_page
from kmkit.phases.measurement.page import MeasurePage, measure_page
from kmkit.phases.partnerships.page import PartnershipsPage, partnerships_page
from kmkit.phases.review.page import ReviewPage, review_page
from kmkit.phases.solutions.page import SolutionsPage, solutions_page
from kmkit.phases.strategy.page import StrategyPage, strategy_page
from kmkit.present.interactive import AppHTML, interactive
from kmkit.present.markup import Markdown
from kmkit.present.text import markdown_table


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
    partnerships_page: PartnershipsPage | None = None
    peer_page: PeerPage | None = None
    review_page: ReviewPage | None = None
    later_problem: str = ""  # a bad areas, inventory, selection or KPI file, in words
    cited: Cited = field(default_factory=Cited)  # the works shown so far, for references()

    def _cites(self, text: str) -> Markdown:
        """Markdown of a text whose citations the page's references will list."""
        return Markdown(self.cited.note(text))

    def headline(self) -> Markdown:
        """The client, its maturity level and what the level means."""
        if self.result is None:
            return Markdown(f"## {self.client.name}\n\n{self.problem}")
        level = maturity_level(self.result, self.client.name)
        return Markdown(f"## {self.client.name}\n\n{level}{self.so_far()}")

    def so_far(self) -> str:
        """While the survey is open: how many answers the figures show, and why in steps."""
        if self.result is None or not collecting(self.client, self.result):
            return ""
        return (
            f"\n\n*The survey is still open. These figures show the answers of "
            f"{self.result.respondents} people so far; they move only when "
            f"{self.client.config.anonymity_threshold} more have answered, so that no one "
            f"person's answers can be picked out.*"
        )

    def profile(self) -> AppHTML | Markdown:
        """The interactive category profile with its department filter."""
        if self.result is None:
            return Markdown("*The maturity profile appears once survey answers are imported.*")
        chart = department_profile_chart(
            self.result, department_breakdown(self.result, self.client)
        )
        return interactive(chart, "maturity profile")

    def gaps(self) -> AppHTML | Markdown:
        """The interactive chart of the largest gaps, with its category filter."""
        if self.result is None:
            return Markdown("*Gaps appear once survey answers are imported.*")
        return interactive(gaps_filter_chart(item_gaps(self.result, top=12)), "largest gaps")

    def strategy(self) -> Markdown:
        """Why the firm wants KM, and the knowledge areas its strategy depends on."""
        page = self.strategy_page
        if page is None:
            return Markdown(self.later_problem or "*The strategy phase has not started.*")
        return self._cites(f"{page.orientation_sentence()}\n\n{page.alignment_text().data}")

    def audit(self) -> Markdown:
        """The audit's four answers: what matters, who holds it, what if, where to grow."""
        page = self.audit_page
        if page is None or page.inventory is None:
            return Markdown(self.later_problem or "*The knowledge audit has not started.*")
        return Markdown(page.findings())

    def risks(self) -> AppHTML | Markdown:
        """The interactive risk matrix, with tooltips and a knowledge-area filter."""
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
            f"a year; piloted first: {', '.join(first) or 'none yet'} (stages after "
            f"{cite('five-steps-enterprise-km')}).",
            "",
            page.pilot().data,
        ]
        return self._cites("\n".join(lines))

    def measurement(self) -> Markdown:
        """What improved since the baseline, in a few lines."""
        page = self.measure_page
        if page is None:
            return Markdown(self.later_problem or "*Nothing measured yet.*")
        return Markdown(page.findings())

    def partnerships(self) -> Markdown:
        """Each partnership's IP protection, and how ready the firm is to lose a key person."""
        page = self.partnerships_page
        if page is None or page.data is None:
            return Markdown(self.later_problem or "*No partnerships recorded yet.*")
        return self._cites(page.headline())

    def references(self) -> Markdown:
        """The works this page has cited so far, each in full; nothing when it cited none."""
        listed = self.cited.markdown()
        return Markdown(f"## References\n\n{listed}" if listed else "")

    def cluster(self) -> Markdown | None:
        """Where the firm stands among its cluster's members; nothing when it is in none."""
        page = self.peer_page
        if page is None or page.cluster is None:
            return None
        return Markdown(page.overview().data + "\n\n" + page.helpers().data)

    def review(self) -> Markdown:
        """The review in brief, then what is late or stalled, one line each."""
        page = self.review_page
        if page is None:
            return Markdown(self.later_problem or "*Nothing to review yet.*")
        if page.data.tracking is None:
            return Markdown(page.findings())
        return Markdown(f"{page.findings()}\n\n**Late or stalled:**\n\n{page.late().data}")

    def _status(self, slug: str) -> str:
        """What a started phase holds, in a few words."""
        if slug == "strategy" and self.strategy_page and self.strategy_page.areas is not None:
            areas = self.strategy_page.areas
            o = self.strategy_page.orientation
            who = f"orientation from {o.result.respondents} managers" if o else "no orientation"
            return f"{len(areas.areas)} knowledge areas, {len(areas.goals)} goals; {who}"
        if slug == "audit" and self.audit_page and self.audit_page.inventory is not None:
            assets = self.audit_page.inventory.assets
            return f"{len(assets)} knowledge assets in {assets['area'].nunique()} areas"
        if slug == "solutions" and self.solutions_page:
            return f"{len(self.solutions_page.chosen)} interventions chosen"
        if slug == "measurement" and self.measure_page and self.measure_page.kpis is not None:
            kpis = self.measure_page.kpis
            return f"{kpis['indicator'].nunique()} KPIs, latest reading {kpis['date'].max()}"
        if slug == "partnerships" and self.partnerships_page and self.partnerships_page.data:
            data = self.partnerships_page.data
            return f"{len(data.partnerships)} partnerships, {len(data.flows)} knowledge flows"
        if slug == "review" and self.review_page and self.review_page.data.tracking is not None:
            t = self.review_page.data.tracking
            late = int(t["late"].sum())
            return (
                f"{len(t)} interventions tracked: {(t['status'] == 'done').sum()} done, {late} late"
            )
        return "Data present"

    def phases(self) -> Markdown:
        """Which phases have data, and what to do for the others."""
        rows = []
        for phase in client_phases():
            if not phase.started_by:
                done = self.result is not None
                status = (
                    f"{self.result.respondents} respondents, wave '{self.result.wave}'"
                    if done
                    else phase.todo
                )
            else:
                kind = next(f for f in phase.data_files if f.stem == phase.started_by)
                done = self.client.data_file(kind.stem, kind.suffixes) is not None
                status = self._status(phase.slug) if done else phase.todo
            rows.append((phase.title, status))
        return Markdown(markdown_table(("Phase", "Status"), rows))


def dashboard(client: Client, wave: str | None = None) -> Dashboard:
    """Gather what the dashboard shows; missing or bad inputs become sentences, not errors."""
    try:
        board = Dashboard(client, assess_maturity(client, wave))
    except KmkitError as exc:
        board = Dashboard(client, None, f"{exc}")
    try:
        board.strategy_page, board.audit_page = strategy_page(client), audit_page(client)
        board.solutions_page = solutions_page(client)
        cost = float(board.solutions_page.roadmap()["cost"].sum())
        board.measure_page = measure_page(client, roadmap_cost=cost)
        board.partnerships_page = partnerships_page(client)
        board.peer_page = peer_page(client)
        board.review_page = review_page(client, first=board.solutions_page)
    except KmkitError as exc:
        board.later_problem = f"An input file needs fixing: {exc}"
    return board
