"""What notebook 03 shows: risks, key people, gaps and the SECI reading, each traceable to rows."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd
from IPython.display import Markdown

from kmkit import audit
from kmkit.inventory import Inventory, read_inventory
from kmkit.narrative import and_list, rows_text
from kmkit.strategy import area_importance, client_areas
from kmkit.workspace import Client

HIGH_RISK = 50  # asset risk (0-100) from which a loss would hurt badly
DOCUMENTED = {"none": "undocumented", "partial": "partly documented", "full": "documented"}


@dataclass
class AuditPage:
    """Phase 03 for one client: the inventory read against the strategy's priorities."""

    client: Client
    inventory: Inventory | None
    importance: pd.DataFrame | None  # strategy.area_importance, when an areas file exists

    @property
    def file(self) -> str:
        """The inventory file as the consultant knows it: relative to the client folder."""
        assert self.inventory is not None
        return self.inventory.path.relative_to(self.client.path).as_posix()

    def missing(self) -> Markdown | None:
        """A sentence saying how to start the audit, when there is no inventory yet."""
        if self.inventory is not None:
            return None
        return Markdown(
            "*No knowledge inventory yet. Write a blank one with "
            "`kmkit form inventory --out inventory.xlsx`, fill in a row per knowledge asset "
            "with the people who know the work (holders as roles or pseudonyms, not names), "
            "and save it in the client's `data/` folder; `kmkit check "
            f"{self.client.slug}` validates it.*"
        )

    def summary(self) -> Markdown:
        """The client's name and the audit's findings."""
        if self.inventory is None:
            return self.missing()
        return Markdown(f"## {self.client.name}\n\n{self.findings()}")

    def findings(self) -> str:
        """The four answers a manager wants: what matters, who holds it, what if, where to grow."""
        inv = self.inventory
        assert inv is not None
        risk = audit.asset_risk(inv)
        people = audit.key_people(inv)
        gaps = audit.area_gaps(inv, self.importance)
        lines = []
        lines.append(
            f"The inventory lists {len(risk)} knowledge assets in "
            f"{risk['area'].nunique()} areas; {int((risk['criticality'] >= audit.CRITICAL).sum())}"
            f" are critical and {int((risk['risk'] >= HIGH_RISK).sum())} are at high risk.\n"
        )
        if self.importance is not None:
            top = self.importance.iloc[0]
            holders = _holders_of(risk.loc[risk["area"] == top["area"]])
            lines.append(
                f"- **What the strategy depends on:** {top['area']} first; its critical knowledge "
                f"is held by {holders or 'nobody named'}."
            )
        if len(people):
            who = people.iloc[0]
            change = audit.what_if(inv, who["holder"])
            lines.append(
                f"- **Who it depends on:** {who['holder']} holds {int(who['critical_assets'])} "
                f"critical asset(s), {int(who['sole_holder_of'])} of them alone."
            )
            lines.append(f"- **If {who['holder']} left:** {what_if_sentence(change, self.file)}")
        if len(gaps):
            g = gaps.iloc[0]
            lines.append(
                f"- **Largest gap against the strategy:** {g['area']}, mostly in "
                f"{_widest(g)} ({rows_text(g['rows'], self.file)})."
            )
        return "\n".join(lines)

    def risk_matrix(self) -> alt.LayerChart | Markdown:
        """Criticality x likelihood of loss, a dot per asset sized by its holders."""
        from kmkit.audit_charts import risk_matrix

        if self.inventory is None:
            return self.missing()
        return risk_matrix(audit.asset_risk(self.inventory))

    def top_risks(self, top: int = 5) -> Markdown:
        """The riskiest assets, each with why and where it comes from."""
        if self.inventory is None:
            return Markdown("")
        lines = []
        for number, a in enumerate(audit.asset_risk(self.inventory).head(top).itertuples(), 1):
            reason = f", {a.loss_reason}" if a.loss_reason and a.loss_reason != "none" else ""
            held = (
                f"held only by {a.holders[0]}"
                if len(a.holders) == 1
                else f"held by {len(a.holders)} people"
                if a.holders
                else "held by nobody named"
            )
            lines.append(
                f"{number}. **{a.asset}** ({a.area}; {rows_text([a.row], self.file)}): risk "
                f"{a.risk:.0f}/100 from criticality {a.criticality} and likelihood of loss "
                f"{a.loss_likelihood}{reason}; {DOCUMENTED[a.documentation]}, {held}."
            )
        return Markdown("\n".join(lines))

    def area_table(self) -> Markdown:
        """Risk per knowledge area, with its bus factor and its weight in the strategy."""
        if self.inventory is None:
            return Markdown("")
        return Markdown(area_markdown(self.inventory, self.importance))

    def key_people_chart(self) -> alt.Chart | Markdown:
        """The holders the firm's critical knowledge depends on."""
        from kmkit.audit_charts import key_people_chart

        if self.inventory is None:
            return self.missing()
        return key_people_chart(audit.key_people(self.inventory))

    def key_people_text(self, top: int = 3) -> Markdown:
        """The firm's bus factor, and what each of the most relied-on holders' leaving costs."""
        if self.inventory is None:
            return Markdown("")
        inv = self.inventory
        bus = audit.firm_bus_factor(inv)
        lines = []
        if bus == bus:  # not NaN: there is critical knowledge
            lines.append(
                f"The firm's bus factor is **{bus:.0f}**: "
                + (
                    "at least one critical asset has a single holder, so one departure loses it."
                    if bus <= 1
                    else f"every critical asset has at least {bus:.0f} holders."
                )
            )
        for holder in audit.key_people(inv).head(top)["holder"]:
            change = audit.what_if(inv, holder)
            lines.append(f"- If **{holder}** left: {what_if_sentence(change, self.file)}")
        return Markdown("\n".join(lines))

    def gap_chart(self) -> alt.Chart | Markdown:
        """As-is to to-be gaps per area and dimension (Siemens' knowledge strategy process)."""
        from kmkit.audit_charts import area_gap_chart

        if self.inventory is None:
            return self.missing()
        return area_gap_chart(audit.area_gaps(self.inventory, self.importance))

    def gap_text(self, top: int = 3) -> Markdown:
        """The largest gaps once weighted by the strategy, and areas outside the strategy."""
        if self.inventory is None:
            return Markdown("")
        gaps = audit.area_gaps(self.inventory, self.importance)
        lines = []
        for g in gaps.head(top).itertuples():
            weight = (
                f", strategic importance {g.importance:.0%}" if self.importance is not None else ""
            )
            lines.append(
                f"- **{g.area}**: {g.gap:.1f} points to go on average{weight}; widest in "
                f"{_widest(g._asdict())} ({rows_text(g.rows, self.file)})."
            )
        outside = gaps.loc[~gaps["in_strategy"], "area"].tolist()
        if outside:
            lines.append(
                f"\n{and_list(outside)} appear{'s' if len(outside) == 1 else ''} in the inventory "
                "but not in the knowledge-areas file, so the strategy gives "
                f"{'it' if len(outside) == 1 else 'them'} no weight; add "
                f"{'it' if len(outside) == 1 else 'them'} to the areas file if that is wrong."
            )
        if self.importance is None:
            lines.append(
                "\n*Gaps are not weighted: the client has no knowledge-areas file (phase 02).*"
            )
        return Markdown("\n".join(lines))

    def mix_chart(self) -> alt.Chart | Markdown:
        """Where knowledge resides (Sveiby) and how much of it is tacit."""
        from kmkit.audit_charts import mix_chart

        if self.inventory is None:
            return self.missing()
        return mix_chart(audit.knowledge_mix(self.inventory))

    def seci_text(self) -> Markdown:
        """Which knowledge conversions the firm lacks, with the assets that show it."""
        if self.inventory is None:
            return Markdown("")
        lines = ["| Conversion | Needed by | Not happening for | Reading | Inventory rows |"]
        lines.append("| --- | --- | --- | --- | --- |")
        lacking = []
        for c in audit.seci_reading(self.inventory):
            verdict = "lacking" if c.lacks else ("no evidence" if not c.needed else "working")
            if c.lacks:
                lacking.append(c.name.lower())
            rows = ", ".join(map(str, c.rows)) or "-"
            lines.append(
                f"| {c.name} ({c.moves}) | {c.needed} | {c.lacking} | {verdict} | {rows} |"
            )
        summary = (
            f"\n\nThe firm lacks {and_list(lacking)}: the solutions phase should start there."
            if lacking
            else "\n\nNo conversion is clearly lacking."
        )
        return Markdown("\n".join(lines) + summary)

    def explorer(self) -> object:
        """The Voilà control: filter by area and location, and see what a departure changes."""
        from kmkit.widgets import audit_explorer

        if self.inventory is None:
            return self.missing()
        return audit_explorer(self)

    def provenance(self) -> Markdown:
        """What this page was made from: client and a fingerprint of its inputs."""
        from kmkit.fingerprints import provenance

        return Markdown(provenance(self.client).markdown())


def area_markdown(inventory: Inventory, importance: pd.DataFrame | None) -> str:
    """Risk per area as a Markdown table, with bus factor and strategic weight."""
    table = audit.area_risk(inventory)
    weight = {}
    if importance is not None:
        weight = dict(zip(importance["area"], importance["importance"], strict=True))
    lines = [
        "| Knowledge area | Assets | Critical | Highest risk | Bus factor | Strategic weight |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in table.itertuples():
        bus = "-" if r.bus_factor != r.bus_factor else f"{r.bus_factor:.0f}"
        share = f"{weight[r.area]:.0%}" if r.area in weight else "-"
        lines.append(
            f"| {r.area} | {r.assets} | {r.critical} | {r.max_risk:.0f} | {bus} | {share} |"
        )
    return "\n".join(lines)


def _holders_of(assets: pd.DataFrame) -> str:
    """The holders of an area's critical assets, most relied on first."""
    critical = assets.loc[assets["criticality"] >= audit.CRITICAL, "holders"]
    names = list(dict.fromkeys(h for holders in critical for h in holders))
    return and_list(names) if names else ""


def _widest(gap: pd.Series | dict) -> str:
    """The dimension with the largest gap."""
    return max(("proficiency", "diffusion", "codification"), key=lambda d: gap[d])


def what_if_sentence(change: audit.WhatIf, file: str) -> str:
    """What one departure costs, in a sentence with the inventory rows behind it."""
    parts = []
    if len(change.orphaned):
        assets = and_list([f"'{a}'" for a in change.orphaned["asset"]])
        parts.append(
            f"{assets} would have no holder left ({rows_text(change.orphaned['row'], file)})"
        )
    if len(change.weakened):
        parts.append(f"{len(change.weakened)} shared asset(s) would have one holder fewer")
    parts.append(
        f"the mean risk of critical knowledge would go from {change.risk_before:.0f} to "
        f"{change.risk_after:.0f}"
    )
    if change.bus_factor_after < change.bus_factor_before:
        parts.append(
            f"the bus factor would fall from {change.bus_factor_before:.0f} to "
            f"{change.bus_factor_after:.0f}"
        )
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def audit_page(client: Client) -> AuditPage:
    """Gather phase 03 for a client; a missing inventory becomes a sentence, a bad one an error."""
    found = sorted(
        p for p in client.data_dir.glob("inventory.*") if p.suffix.lower() in (".csv", ".xlsx")
    )
    inventory = read_inventory(found[0]) if found else None
    areas = client_areas(client)
    importance = area_importance(areas) if areas is not None else None
    return AuditPage(client, inventory, importance)
