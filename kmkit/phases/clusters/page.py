"""What the cluster notebook shows: the facilitator's report, or one member's place in it."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import altair as alt
import pandas as pd

from kmkit.core import paths
from kmkit.core.dates import as_of_date
from kmkit.core.instruments import load_instrument
from kmkit.core.version import __version__
from kmkit.core.words import say_n
from kmkit.core.workspace import Client, open_client
from kmkit.phases.clusters import charts, text
from kmkit.phases.clusters.compute import (
    ALL,
    Benchmark,
    benchmark,
    cop_topics,
    level_counts,
    matches,
    position,
)
from kmkit.phases.clusters.inputs import Cluster, cluster_of, open_cluster
from kmkit.phases.clusters.members import MemberFigures, category_names, member_figures
from kmkit.phases.solutions.catalogue import load_catalogue
from kmkit.present.markup import Markdown

if TYPE_CHECKING:
    from kmkit.engagement import Engagement

TOP_PAIRS = 12
PEER_HEAD = "## Your firm in the cluster"
NOTHING = None  # a section this view does not have: the cell shows nothing


class View:
    """What the cluster notebook calls; each view fills in its own sections, the rest is empty.

    The same notebook is the facilitator's report (`ClusterPage`) and a section of each
    member's own report (`PeerPage`).
    """

    def overview(self) -> Markdown | None:
        """Who and how many, or where this member stands."""
        return NOTHING

    def position_chart(self) -> alt.LayerChart | Markdown | None:
        """A member's scores against its peers."""
        return NOTHING

    def helpers(self) -> Markdown | None:
        """Peers that could help a member."""
        return NOTHING

    def benchmark(self) -> Markdown | None:
        """The cluster's spread per category."""
        return NOTHING

    def benchmark_chart(self) -> alt.LayerChart | Markdown | None:
        """The cluster's spread per category, drawn."""
        return NOTHING

    def subgroups(self) -> Markdown | None:
        """The median member per category in each size band and sector allowed."""
        return NOTHING

    def levels(self) -> Markdown | None:
        """Members per maturity level."""
        return NOTHING

    def levels_chart(self) -> alt.Chart | Markdown | None:
        """Members per maturity level, drawn."""
        return NOTHING

    def matches(self) -> Markdown | None:
        """Who could help whom."""
        return NOTHING

    def communities(self) -> Markdown | None:
        """Topics for communities of practice."""
        return NOTHING

    def support(self) -> Markdown | None:
        """Support schemes and stakeholders."""
        return NOTHING

    def provenance(self) -> Markdown | None:
        """What the page was made from."""
        return NOTHING


@dataclass
class ClusterPage(View):
    """The facilitator's view: aggregates, consented matches, shared topics, support."""

    cluster: Cluster
    figures: MemberFigures
    bench: Benchmark
    as_of: dt.date | None = None  # the report's date; None: today

    @property
    def names(self) -> dict[str, str]:
        """Member names by slug (shown only where the member agreed)."""
        m = self.figures.members
        return dict(zip(m["member"], m["name"], strict=True))

    def overview(self) -> Markdown:
        """Who runs the cluster and how many members have answered."""
        return Markdown(text.overview(self.cluster, self.figures.members, self.bench))

    def benchmark_chart(self) -> alt.LayerChart | None:
        """The spread of member scores per category."""
        if not self.bench.shown:
            return NOTHING  # the section's text says why
        return charts.benchmark_chart(self.bench.table[self.bench.table["group"] == ALL])

    def benchmark(self) -> Markdown:
        """How to read the spread, and the subgroups large enough to show apart."""
        return Markdown("## Where the members stand\n\n" + text.benchmark_text(self.bench))

    def subgroups(self) -> Markdown | None:
        """The median member per category in each size band and sector allowed."""
        return Markdown(text.subgroups_text(self.bench)) if self.bench.shown else NOTHING

    def levels_chart(self) -> alt.Chart | Markdown | None:
        """Members per maturity level."""
        if not self.bench.shown:
            return NOTHING
        return charts.levels_chart(self._levels())

    def levels(self) -> Markdown | None:
        """The cluster's maturity as a distribution, in a sentence."""
        if not self.bench.shown:
            return NOTHING
        return Markdown("## The cluster's own maturity\n\n" + text.levels_text(self._levels()))

    def matches(self) -> Markdown:
        """Who could help whom."""
        if not self.bench.shown:
            return Markdown(text.too_few(self.bench))
        pairs = matches(self.figures, self.bench)
        found = text.matches_text(pairs, self.names, self.cluster.config.facilitator, TOP_PAIRS)
        return Markdown("## Who could help whom\n\n" + found)

    def communities(self) -> Markdown:
        """Topics for communities of practice, and the exchanges already running."""
        topics = cop_topics(self.figures, load_catalogue(), category_names())
        found = text.topics_text(topics, self.cluster, self.names)
        return Markdown("## Communities of practice to start\n\n" + found)

    def support(self) -> Markdown:
        """Support schemes and stakeholders."""
        return Markdown("## Support for the cluster\n\n" + text.support_text(self.cluster))

    def provenance(self) -> Markdown:
        """What this page was made from."""
        made_on = (self.as_of or as_of_date(None)).isoformat()
        said = say_n(
            "*Made on {made_on} by kmkit {version} from the latest maturity survey of {n} "
            "member firm of {cluster}.*",
            "*Made on {made_on} by kmkit {version} from the latest maturity survey of {n} "
            "member firms of {cluster}.*",
            self.bench.members,
            made_on=made_on,
            version=__version__,
            cluster=self.cluster.name,
        )
        return Markdown(said)

    def _levels(self) -> pd.DataFrame:
        levels = [lv.name for lv in load_instrument("maturity").levels]
        return level_counts(self.figures, levels)


def _benchmark(figures: MemberFigures, cluster: Cluster) -> Benchmark:
    """The benchmark with each category's name beside its id."""
    bench = benchmark(figures, cluster.config.min_members)
    named = bench.table.assign(name=bench.table["category"].map(category_names()))
    return replace(bench, table=named)


def cluster_page(cluster: Cluster, as_of: dt.date | None = None) -> ClusterPage:
    """The facilitator's page for a cluster: every member's figures read once, then aggregated."""
    figures = member_figures(cluster)
    return ClusterPage(cluster, figures, _benchmark(figures, cluster), as_of)


@dataclass
class PeerPage(View):
    """One member's section: where it stands among its peers, and who could help it."""

    client: Client
    cluster: Cluster | None
    figures: MemberFigures | None = None
    bench: Benchmark | None = None

    def _ready(self) -> bool:
        return self.bench is not None and self.bench.shown and self._rated()

    def _rated(self) -> bool:
        return bool((self.figures.scores["member"] == self.client.slug).any())

    def overview(self) -> Markdown:
        """The member's place overall, and relative to peers; or why it is not shown."""
        head = f"{PEER_HEAD}\n\n"
        if self.cluster is None:
            return Markdown(f"{head}*{self.client.name} is not a member of a cluster.*")
        if not self.bench.shown:
            return Markdown(head + text.too_few(self.bench))
        if not self._rated():
            return Markdown(f"{head}*Your firm has no maturity survey answers yet: no position.*")
        place = self._place()
        return Markdown(head + text.standing(place, self.cluster.name, self.bench.members))

    def position_chart(self) -> alt.LayerChart | Markdown | None:
        """The member's scores against the middle half of its peers."""
        if self.cluster is None or not self._ready():
            return NOTHING
        return charts.position_chart(self._place())

    def helpers(self) -> Markdown | None:
        """Peers in the top quarter where it is in the bottom one, or masters of its weak areas."""
        if self.cluster is None or not self._ready():
            return NOTHING
        pairs = matches(self.figures, self.bench)
        mine = pairs[pairs["member_weak"] == self.client.slug]
        names = dict(zip(self.figures.members["member"], self.figures.members["name"], strict=True))
        found = text.helpers_text(mine, names, self.cluster.config.facilitator)
        return Markdown("## Who in the cluster could help\n\n" + found)

    def _place(self) -> pd.DataFrame:
        return position(self.figures, self.client.slug, self.bench)

    # --- what every phase page answers (kmkit.phases.PhasePage) ---------------------------

    def status(self) -> str:
        """The cluster and how many members it compares."""
        if self.cluster is None or self.bench is None:
            return ""
        return f"{self.cluster.name}: {self.bench.members} member firms compared"

    def reads(self) -> Markdown:
        """Whose figures the section compares."""
        if self.cluster is None or self.bench is None:
            return Markdown("")
        return Markdown(
            f"*Read from the latest maturity survey of each of the {self.bench.members} "
            f"member firms of {self.cluster.name}.*"
        )

    def brief(self) -> list[Any]:
        """The firm's place, the chart the words describe, and who could help."""
        standing = Markdown(self.overview().data.removeprefix(PEER_HEAD).lstrip())
        found = [standing, self.position_chart(), self.helpers()]
        return [part for part in found if part is not None]

    def key_figures(self) -> dict[str, object]:
        """Nothing shared: the other outputs do not repeat the cluster's figures."""
        return {}


def cluster_view(
    cluster: str = "", client: str = "", clients_dir: str = "", as_of: str = ""
) -> View:
    """The cluster notebook's page: a member's own section, or the facilitator's report.

    Without either, the cluster served to its facilitator ($KMKIT_CLUSTER), else the member
    client being served ($KMKIT_CLIENT).
    """
    cluster = "" if client else cluster or os.environ.get(paths.CLUSTER_ENV, "")
    if cluster:
        date = dt.date.fromisoformat(as_of) if as_of else None
        return cluster_page(open_cluster(cluster, clients_dir or None), date)
    return member_page(open_client(client or None, clients_dir or None))


def peer_page(e: Engagement) -> PeerPage:
    """The registry's page for a member's report: its place in its cluster, if it is in one."""
    return member_page(e.client)


def member_page(client: Client) -> PeerPage:
    """A member's section of its own report: its place in its cluster, if it is in one."""
    cluster = cluster_of(client)
    if cluster is None:
        return PeerPage(client, None)
    figures = member_figures(cluster)
    return PeerPage(client, cluster, figures, _benchmark(figures, cluster))
