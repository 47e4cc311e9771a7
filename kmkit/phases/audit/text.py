"""Phase 03 in words: what is at risk, who the firm depends on, what if, where to grow."""

from __future__ import annotations

import pandas as pd

from kmkit.core.numbers import whole
from kmkit.core.references import cite
from kmkit.core.words import say, say_n
from kmkit.phases.audit import compute as audit
from kmkit.phases.audit.inputs import Inventory
from kmkit.present.text import and_list, markdown_table, rows_text

HIGH_RISK = 50  # asset risk (0-100) from which a loss would hurt badly
DOCUMENTED = {"none": "undocumented", "partial": "partly documented", "full": "documented"}


def missing(slug: str) -> str:
    """How to start the audit, when there is no inventory yet."""
    return (
        "*No knowledge inventory yet. Write a blank one with "
        "`kmkit form inventory --out inventory.xlsx`, fill in a row per knowledge asset "
        "with the people who know the work (holders as roles or pseudonyms, not names), "
        "and save it in the client's `data/` folder; `kmkit check "
        f"{slug}` validates it.*"
    )


def snapshots_note(latest: Inventory, earlier: tuple[Inventory, ...]) -> str:
    """The earlier audits the inventory keeps; the line above the page names the one shown."""
    if not earlier:
        return ""
    dates = and_list([f"{e.as_of:%-d %B %Y}" if e.as_of else "an undated one" for e in earlier])
    said = say_n(
        "The inventory also keeps the earlier audit of {dates}; the review compares them.",
        "The inventory also keeps the earlier audits of {dates}; the review compares them.",
        len(earlier),
        dates=dates,
    )
    return f"*{said}*\n\n"


def findings(inv: Inventory, importance: pd.DataFrame | None, file: str) -> str:
    """The four answers a manager wants: what matters, who holds it, what if, where to grow."""
    risk = audit.asset_risk(inv)
    people = audit.key_people(inv)
    gaps = audit.area_gaps(inv, importance)
    lines = []
    areas = say_n("{n} area", "{n} areas", int(risk["area"].nunique()))
    listed = say_n(
        "The inventory lists {n} knowledge asset in {areas}",
        "The inventory lists {n} knowledge assets in {areas}",
        len(risk),
        areas=areas,
    )
    critical = int((risk["criticality"] >= audit.CRITICAL).sum())
    high = int((risk["risk"] >= HIGH_RISK).sum())
    lines.append(
        say(
            "{listed}; {critical} and {high}.\n",
            listed=listed,
            critical=say_n("{n} is critical", "{n} are critical", critical),
            high=say_n("{n} is at high risk", "{n} are at high risk", high),
        )
    )
    if len(risk):
        riskiest = risk.iloc[0]
        lines.append(
            f"- **Most at risk:** {riskiest['asset']}, risk {whole(riskiest['risk'])} of 100."
        )
    if importance is not None:
        top = importance.iloc[0]
        holders = _holders_of(risk.loc[risk["area"] == top["area"]])
        lines.append(
            f"- **What the strategy depends on:** {top['area']} first; its critical knowledge "
            f"is held by {holders or 'nobody named'}."
        )
    if len(people):
        who = people.iloc[0]
        change = audit.what_if(inv, who["holder"])
        lines.append(
            "- **Who it depends on:** "
            + say_n(
                "{holder} holds {n} critical asset, {alone} of them alone.",
                "{holder} holds {n} critical assets, {alone} of them alone.",
                int(who["critical_assets"]),
                holder=who["holder"],
                alone=int(who["sole_holder_of"]),
            )
        )
        lines.append(f"- **If {who['holder']} left:** {what_if_sentence(change, file)}")
    if len(gaps):
        g = gaps.iloc[0]
        lines.append(
            f"- **Largest gap against the strategy:** {g['area']}, mostly in "
            f"{_widest(g)} ({rows_text(g['rows'], file)})."
        )
    return "\n".join(lines)


def top_risks(inv: Inventory, file: str, top: int = 5) -> str:
    """The riskiest assets, each with why and where it comes from."""
    lines = []
    for number, a in enumerate(audit.asset_risk(inv).head(top).itertuples(), 1):
        reason = f", {a.loss_reason}" if a.loss_reason and a.loss_reason != "none" else ""
        held = (
            f"held only by {a.holders[0]}"
            if len(a.holders) == 1
            else f"held by {len(a.holders)} people"
            if a.holders
            else "held by nobody named"
        )
        lines.append(
            f"{number}. **{a.asset}** ({a.area}; {rows_text([a.row], file)}): risk "
            f"{a.risk:.0f}/100 from criticality {a.criticality} and likelihood of loss "
            f"{a.loss_likelihood}{reason}; {DOCUMENTED[a.documentation]}, {held}."
        )
    return "\n".join(lines)


def key_people_text(inv: Inventory, file: str, top: int = 3) -> str:
    """The firm's bus factor, and what each of the most relied-on holders' leaving costs."""
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
        lines.append(f"- If **{holder}** left: {what_if_sentence(change, file)}")
    return "\n".join(lines)


def gap_text(inv: Inventory, importance: pd.DataFrame | None, file: str, top: int = 3) -> str:
    """The largest gaps once weighted by the strategy, and areas outside the strategy."""
    gaps = audit.area_gaps(inv, importance)
    lines = []
    for g in gaps.head(top).itertuples():
        weight = f", strategic importance {g.importance:.0%}" if importance is not None else ""
        lines.append(
            f"- **{g.area}**: {g.gap:.1f} points to go on average{weight}; widest in "
            f"{_widest(g._asdict())} ({rows_text(g.rows, file)})."
        )
    outside = gaps.loc[~gaps["in_strategy"], "area"].tolist()
    if outside:
        lines.append(
            f"\n{and_list(outside)} appear{'s' if len(outside) == 1 else ''} in the inventory "
            "but not in the knowledge-areas file, so the strategy gives "
            f"{'it' if len(outside) == 1 else 'them'} no weight; add "
            f"{'it' if len(outside) == 1 else 'them'} to the areas file if that is wrong."
        )
    if importance is None:
        lines.append(
            "\n*Gaps are not weighted: the client has no knowledge-areas file (phase 02).*"
        )
    lines.append(
        "\nRating each area as it is and as it should be follows "
        f"{cite('siemens-ksp-2002', 'as-is and to-be')}."
    )
    return "\n".join(lines)


def seci_text(inv: Inventory) -> str:
    """Which knowledge conversions the firm lacks, with the assets that show it."""
    rows, lacking = [], []
    for c in audit.seci_reading(inv):
        verdict = "lacking" if c.lacks else ("no evidence" if not c.needed else "working")
        if c.lacks:
            lacking.append(c.name.lower())
        shown = ", ".join(map(str, c.rows)) or "-"
        rows.append((f"{c.name} ({c.moves})", c.needed, c.lacking, verdict, shown))
    header = ("Conversion", "Needed by", "Not happening for", "Reading", "Inventory rows")
    summary = (
        f"\n\nThe firm lacks {and_list(lacking)}: the solutions phase should start there."
        if lacking
        else "\n\nNo conversion is clearly lacking."
    )
    basis = (
        f"Where knowledge resides follows {cite('sveiby-1997')}; the four conversions, "
        f"{cite('nonaka-takeuchi-1995')}.\n\n"
    )
    return basis + markdown_table(header, rows) + summary


def area_markdown(inventory: Inventory, importance: pd.DataFrame | None) -> str:
    """Risk per area as a Markdown table, with bus factor and strategic weight."""
    table = audit.area_risk(inventory)
    weight = {}
    if importance is not None:
        weight = dict(zip(importance["area"], importance["importance"], strict=True))
    rows = [
        (
            r.area,
            r.assets,
            r.critical,
            f"{r.max_risk:.0f}",
            "-" if r.bus_factor != r.bus_factor else f"{r.bus_factor:.0f}",
            f"{weight[r.area]:.0%}" if r.area in weight else "-",
        )
        for r in table.itertuples()
    ]
    header = ("Knowledge area", "Assets", "Critical", "Highest risk", "Bus factor")
    return markdown_table((*header, "Strategic weight"), rows)


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
        parts.append(
            say_n(
                "{n} shared asset would have one holder fewer",
                "{n} shared assets would have one holder fewer",
                len(change.weakened),
            )
        )
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
