"""What notebook 03 shows: risks, key people, gaps and the SECI reading, each traceable to rows."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import altair as alt
import pandas as pd

from kmkit.core.provenance import provenance
from kmkit.core.workspace import Client
from kmkit.phases.audit import charts, text
from kmkit.phases.audit import compute as audit
from kmkit.phases.audit.explorer import audit_explorer
from kmkit.phases.audit.inputs import Inventory, snapshot_label
from kmkit.phases.strategy.compute import area_importance
from kmkit.phases.strategy.inputs import client_areas
from kmkit.present.interactive import interactive
from kmkit.present.markup import Markdown

if TYPE_CHECKING:
    from kmkit.engagement import Engagement


@dataclass
class AuditPage:
    """Phase 03 for one client: the inventory read against the strategy's priorities."""

    client: Client
    inventory: Inventory | None
    importance: pd.DataFrame | None  # strategy's area importance, when an areas file exists
    earlier: tuple[Inventory, ...] = ()  # earlier snapshots of the inventory, oldest first
    e: Engagement | None = None

    @property
    def file(self) -> str:
        """The inventory file as the consultant knows it: relative to the client folder."""
        assert self.inventory is not None
        return self.client.relative(self.inventory.path)

    @cached_property
    def departures(self) -> pd.DataFrame:
        """Whose departure would hurt most, first: the one ranking every output names."""
        assert self.inventory is not None
        return audit.departures(self.inventory)

    def missing(self) -> Markdown | None:
        """A sentence saying how to start the audit, when there is no inventory yet."""
        return None if self.inventory is not None else Markdown(text.missing(self.client.slug))

    def summary(self) -> Markdown:
        """The client's name and the audit's findings."""
        if self.inventory is None:
            return self.missing()
        history = text.snapshots_note(self.inventory, self.earlier)
        reads = self.reads().data
        return Markdown(f"## {self.client.name}\n\n{reads}\n\n{history}{self.findings()}")

    def findings(self) -> str:
        """The four answers a manager wants: what matters, who holds it, what if, where to grow."""
        assert self.inventory is not None
        return text.findings(self.inventory, self.importance, self.file)

    def risk_matrix(self) -> alt.LayerChart | Markdown:
        """Criticality x likelihood of loss, a dot per asset sized by its holders."""
        if self.inventory is None:
            return self.missing()
        return charts.risk_matrix(audit.asset_risk(self.inventory))

    def top_risks(self, top: int = 5) -> Markdown:
        """The riskiest assets, each with why and where it comes from."""
        if self.inventory is None:
            return Markdown("")
        return Markdown(text.top_risks(self.inventory, self.file, top))

    def area_table(self) -> Markdown:
        """Risk per knowledge area, with its bus factor and its weight in the strategy."""
        if self.inventory is None:
            return Markdown("")
        return Markdown(text.area_markdown(self.inventory, self.importance))

    def key_people_chart(self) -> alt.Chart | Markdown:
        """The holders the firm's critical knowledge depends on."""
        if self.inventory is None:
            return self.missing()
        return charts.key_people_chart(audit.key_people(self.inventory))

    def key_people_text(self, top: int = 3) -> Markdown:
        """The firm's bus factor, and what each of the most relied-on holders' leaving costs."""
        if self.inventory is None:
            return Markdown("")
        return Markdown(text.key_people_text(self.inventory, self.file, top))

    def gap_chart(self) -> alt.Chart | Markdown:
        """As-is to to-be gaps per area and dimension (Siemens' knowledge strategy process)."""
        if self.inventory is None:
            return self.missing()
        return charts.area_gap_chart(audit.area_gaps(self.inventory, self.importance))

    def gap_text(self, top: int = 3) -> Markdown:
        """The largest gaps once weighted by the strategy, and areas outside the strategy."""
        if self.inventory is None:
            return Markdown("")
        return Markdown(text.gap_text(self.inventory, self.importance, self.file, top))

    def mix_chart(self) -> alt.Chart | Markdown:
        """Where knowledge resides (Sveiby) and how much of it is tacit."""
        if self.inventory is None:
            return self.missing()
        return charts.mix_chart(audit.knowledge_mix(self.inventory))

    def seci_text(self) -> Markdown:
        """Which knowledge conversions the firm lacks, with the assets that show it."""
        if self.inventory is None:
            return Markdown("")
        return Markdown(text.seci_text(self.inventory))

    def explorer(self) -> Any:
        """The Voilà control: filter by area and location, and see what a departure changes."""
        if self.inventory is None:
            return self.missing()
        return audit_explorer(self.inventory, self.importance, self.file)

    def provenance(self) -> Markdown:
        """What this page was made from: client and a fingerprint of its inputs."""
        return Markdown(provenance(self.client).markdown())

    # --- what every phase page answers (kmkit.phases.PhasePage) ---------------------------

    def status(self) -> str:
        """The assets held, in how many areas."""
        if self.inventory is None:
            return ""
        assets = self.inventory.assets
        return f"{len(assets)} knowledge assets in {assets['area'].nunique()} areas"

    def reads(self) -> Markdown:
        """The inventory snapshot this page reads."""
        if self.inventory is None:
            return Markdown("")
        return Markdown(f"*Read from {snapshot_label(self.inventory)}.*")

    def brief(self) -> list[Any]:
        """The audit's four answers, then the interactive risk matrix."""
        if self.inventory is None:
            return [Markdown("*The knowledge audit has not started.*")]
        matrix = charts.risk_matrix(audit.asset_risk(self.inventory), pick_area=True)
        return [
            Markdown(self.findings()),
            interactive(matrix, "knowledge at risk"),
            Markdown(
                "Each dot is a knowledge asset: the higher and further right, the more "
                "critical and the likelier to be lost; bigger dots have more holders. Hover "
                "over a dot for the asset and its holders; pick an area to see only its assets."
            ),
        ]

    def key_figures(self) -> dict[str, object]:
        """The riskiest asset and its risk, and the SECI readings, as values."""
        if self.inventory is None:
            return {}
        risk = audit.asset_risk(self.inventory).iloc[0]
        return {
            "snapshot": self.inventory.as_of,
            "riskiest": str(risk["asset"]),
            "risk": float(risk["risk"]),
            "seci": {c.name: c.lacks for c in audit.seci_reading(self.inventory)},
        }


def audit_page(e: Engagement) -> AuditPage:
    """Phase 03 for an engagement: its latest inventory snapshot, read against the strategy."""
    areas = client_areas(e.client)
    importance = area_importance(areas) if areas is not None else None
    latest = e.inventory
    return AuditPage(e.client, latest, importance, tuple(e.snapshots[:-1]), e)
