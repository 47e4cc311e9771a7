"""What notebook 06 shows: partnerships, knowledge flows, IP, key-person continuity, KTPs."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import altair as alt
import pandas as pd

from kmkit.core.errors import KmkitError
from kmkit.core.provenance import provenance
from kmkit.core.workspace import Client
from kmkit.phases.audit.inputs import snapshot_label
from kmkit.phases.partnerships import charts, text
from kmkit.phases.partnerships.checklists import alliance_figures
from kmkit.phases.partnerships.compute import (
    continuity_readiness,
    flow_findings,
    flow_map,
    ip_readiness,
    ip_status,
    ktp_budget,
    missing_ip,
)
from kmkit.phases.partnerships.explorer import continuity_explorer, ip_explorer
from kmkit.phases.partnerships.inputs import Partnerships, client_partnerships
from kmkit.phases.partnerships.surveys import AllianceView, client_alliance, client_pulse
from kmkit.present.markup import Markdown

KTP_HEAD = "## Knowledge Transfer Partnerships\n\n"

if TYPE_CHECKING:
    from kmkit.engagement import Engagement


@dataclass
class PartnershipsPage:
    """Phase 06 for one client (or one of its partnerships); missing files become sentences."""

    client: Client
    data: Partnerships | None
    continuity: pd.DataFrame | None  # None: no inventory, so no key people known
    inventory_file: str
    alliance_views: list[AllianceView] = field(default_factory=list)
    pulse: pd.DataFrame | None = None  # partner satisfaction, per partnership, pulse and side
    pulse_words: pd.DataFrame | None = None  # the latest pulse's open answers, safe sides only
    e: Engagement | None = None

    @property
    def names(self) -> dict[str, str]:
        """Partner organisation by partnership id."""
        rows = self.data.partnerships
        return dict(zip(rows["id"], rows["partner"], strict=True))

    def only(self, partnership: str) -> PartnershipsPage:
        """The page for one partnership ("": every one)."""
        if not partnership or self.e is None:
            return self
        return partnerships_page(self.e, partnership)

    # --- what every phase page answers (kmkit.phases.PhasePage) ---------------------------

    def status(self) -> str:
        """The partnerships and knowledge flows recorded."""
        if self.data is None:
            return ""
        return f"{len(self.data.partnerships)} partnerships, {len(self.data.flows)} knowledge flows"

    def reads(self) -> Markdown:
        """The partnerships recorded and the inventory the key people come from."""
        if self.data is None:
            return Markdown("")
        said = f"*Read from the {len(self.data.partnerships)} partnerships recorded"
        if self.e is not None and self.e.inventory is not None and self.continuity is not None:
            said += f", with key people from {snapshot_label(self.e.inventory)}"
        return Markdown(said + ".*")

    def brief(self) -> list[Any]:
        """Each partnership's IP protection, and how ready the firm is to lose a key person."""
        if self.data is None:
            return [Markdown("*No partnerships recorded yet.*")]
        return [Markdown(self.headline())]

    def key_figures(self) -> dict[str, object]:
        """The least ready key person, as other outputs name them."""
        if self.continuity is None or self.continuity.empty:
            return {}
        least = self.continuity.sort_values("readiness", kind="stable").iloc[0]
        return {"least_ready": str(least["holder"]), "readiness": float(least["readiness"])}

    def headline(self) -> str:
        """In a few lines: IP readiness per partnership and the least ready key person."""
        return text.headline(self.data, ip_readiness(self.data), self.names, self.continuity)

    def overview(self) -> Markdown:
        """Who the firm works with, how, and for what expertise."""
        if self.data is None:
            return Markdown(text.NOT_STARTED)
        said = text.overview(self.data, self.data.files["partnerships"])
        return Markdown(f"{self.reads().data}\n\n{said}")

    def flows(self) -> Markdown:
        """How much knowledge flows each way, and what the SECI reading shows."""
        if self.data is None:
            return Markdown("")
        file = self.data.files["flows"]
        found = flow_findings(self.data)
        return Markdown(
            text.flow_sentence(self.data, file) + "\n\n" + text.findings(found, self.data, file)
        )

    def flow_map(self) -> alt.LayerChart | Markdown:
        """The knowledge-flow map."""
        if self.data is None or self.data.flows.empty:
            return Markdown("")
        return charts.flow_map(flow_map(self.data))

    def alliance(self) -> Markdown:
        """How capable each partnership is, as both sides see it, and where they disagree."""
        if self.data is None:
            return Markdown("")
        if not self.alliance_views:
            return Markdown(text.NO_ALLIANCE)
        threshold = self.client.config.anonymity_threshold
        said = [
            text.alliance_text(v, self.names[v.partnership], threshold) for v in self.alliance_views
        ]
        return Markdown("\n\n".join([*said, text.alliance_reference()]))

    def alliance_chart(self) -> alt.VConcatChart | Markdown:
        """Each surveyed partnership's element profile, with each side when it can be shown."""
        quoted = [(f.value, f"{f.value} (quoted)") for f in alliance_figures()]
        shown = [
            charts.alliance_chart(v, self.names[v.partnership], quoted)
            for v in self.alliance_views
            if v.overall is not None
        ]
        return alt.vconcat(*shown) if shown else Markdown("")

    def pulse_text(self) -> Markdown:
        """How satisfied each side is with each partnership, pulse after pulse."""
        if self.data is None:
            return Markdown("")
        if self.pulse is None or self.pulse.empty:
            return Markdown(text.NO_PULSE)
        threshold = self.client.config.anonymity_threshold
        words = self.pulse_words
        parts = []
        for ident, trend in self.pulse.groupby("partnership", sort=False):
            parts.append(text.pulse_text(trend, self.names[ident], threshold))
            if words is not None:
                said = words.loc[words["partnership"] == ident]
                parts.append(text.comments_text(said, self.names[ident], threshold))
        return Markdown("\n\n".join(p for p in parts if p))

    def pulse_chart(self) -> alt.VConcatChart | Markdown:
        """Satisfaction over time, one chart per partnership."""
        if self.pulse is None or self.pulse.empty:
            return Markdown("")
        shown = [
            charts.pulse_chart(trend, self.names[ident])
            for ident, trend in self.pulse.groupby("partnership", sort=False)
        ]
        return alt.vconcat(*shown)

    def ip(self) -> Markdown:
        """IP readiness per partnership, and what to put in place first."""
        if self.data is None:
            return Markdown("")
        readiness = ip_readiness(self.data)
        return Markdown(
            text.ip_sentence(readiness, self.names, self.data.files["ip"])
            + "\n\n"
            + text.missing_ip_table(missing_ip(self.data), self.names)
            + "\n\n"
            + text.ip_figures()
        )

    def ip_chart(self) -> alt.Chart | Markdown:
        """Each IP measure's status, partnership by partnership."""
        if self.data is None:
            return Markdown("")
        return charts.ip_heatmap(ip_status(self.data), self.names)

    def continuity_text(self) -> Markdown:
        """Key people, their readiness and what their plans lack."""
        if self.continuity is None:
            return Markdown(
                "*No knowledge inventory yet (`kmkit form inventory`): key people come from it.*"
            )
        plan_file = self.data.files["continuity"] if self.data else "data/continuity.csv"
        return Markdown(text.continuity_text(self.continuity, plan_file, self.inventory_file))

    def continuity_chart(self) -> alt.Chart | Markdown:
        """Key people's readiness, riskiest first."""
        if self.continuity is None or self.continuity.empty:
            return Markdown("")
        return charts.readiness_chart(self.continuity)

    def ktp(self) -> Markdown:
        """Each KTP's budget against the quoted ranges, under its heading; nothing without one."""
        if self.data is None:
            return Markdown("")
        if not self.data.ktps:
            kinds = self.data.partnerships["kind"]
            if (kinds == "ktp").any():
                return Markdown(f"{KTP_HEAD}*A KTP is listed; add its budget to `data/ktp.yaml`.*")
            return Markdown("")  # no KTP: no heading over nothing
        said = (text.ktp_text(ktp_budget(k), self.names[k.partnership]) for k in self.data.ktps)
        return Markdown(KTP_HEAD + "\n\n".join(said))

    def explorer(self) -> Any:
        """The Voilà controls: tick IP or continuity measures and see readiness change."""
        import ipywidgets as w

        parts = []
        if self.data is not None:
            parts.append(ip_explorer(self.data, self.names))
        if self.continuity is not None and not self.continuity.empty:
            parts.append(continuity_explorer(self.continuity))
        return w.VBox(parts) if parts else Markdown("")

    def provenance(self) -> Markdown:
        """What this page was made from."""
        return Markdown(provenance(self.client).markdown())


def only(data: Partnerships, partnership: str) -> Partnerships:
    """The client's files limited to one partnership; an unknown id names the known ones."""
    ids = list(data.partnerships["id"])
    if partnership not in ids:
        raise KmkitError(f"No partnership '{partnership}'. Partnerships: {', '.join(ids)}.")

    def keep(frame: pd.DataFrame, column: str) -> pd.DataFrame:
        return frame.loc[frame[column] == partnership].reset_index(drop=True)

    return replace(
        data,
        partnerships=keep(data.partnerships, "id"),
        flows=keep(data.flows, "partnership"),
        ip=keep(data.ip, "partnership"),
        ktps=[k for k in data.ktps if k.partnership == partnership],
    )


def partnerships_page(e: Engagement, partnership: str = "") -> PartnershipsPage:
    """Phase 06 for an engagement, or for one of its partnerships (`partnership`)."""
    client = e.client
    data = client_partnerships(client)
    if data is not None and partnership:
        data = only(data, partnership)
    inventory = e.inventory
    continuity, inventory_file = None, "data/inventory.csv"
    if inventory is not None:
        continuity = continuity_readiness(data, inventory, pd.Timestamp(e.as_of))
        inventory_file = client.relative(inventory.path)
    views, pulse, words = [], None, None
    if data is not None:
        ids = set(data.partnerships["id"])
        views, (pulse, words) = client_alliance(client, ids), client_pulse(client, ids)
    return PartnershipsPage(client, data, continuity, inventory_file, views, pulse, words, e)
