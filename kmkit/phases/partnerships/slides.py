"""The deck's slides for partnerships: IP protection and readiness to lose a key person."""

from __future__ import annotations

import pandas as pd

from kmkit.core.numbers import whole
from kmkit.phases.audit.inputs import snapshot_label
from kmkit.phases.partnerships.checklists import continuity_checklist, ip_checklist
from kmkit.phases.partnerships.compute import READY, ip_readiness, missing_ip
from kmkit.phases.partnerships.page import PartnershipsPage
from kmkit.present.slides import PERCENT, Slide, bars
from kmkit.present.text import and_list

PARTNERS = "Learning with partners"
PARTNERSHIP = ("sme-partnership-knowledge-transfer",)
SHOWN = 8  # bars on a slide: more would not be read in a meeting


def partnership_slides(page: PartnershipsPage) -> list[Slide]:
    """Intellectual property with each partner, and key people's continuity plans."""
    if page.data is None:
        return []
    slides = [ip_slide(page)]
    if page.continuity is not None and not page.continuity.empty:
        slides.append(continuity_slide(page))
    return slides


def ip_slide(page: PartnershipsPage) -> Slide:
    """How much of the applicable IP protection is in place with each partner."""
    readiness = ip_readiness(page.data)
    names = page.names
    worst = readiness.sort_values("readiness").iloc[0]
    partner = names[worst["partnership"]]
    if worst["readiness"] >= READY:
        headline = (
            f"Every partnership has at least {READY}% of the protection for the firm's "
            f"knowledge that applies to it; the least, with {partner}, has "
            f"{whole(worst['readiness'])}%."
        )
    else:
        flows = int(worst["sensitive_flows"])
        headline = (
            f"Only {whole(worst['readiness'])}% of the protection that applies to the partnership "
            f"with {partner} is in place, while {flows} flow"
            f"{'' if flows == 1 else 's'} of the firm's sensitive knowledge go to it."
        )
    measures = {m.id: m.name for m in ip_checklist().items}
    first = missing_ip(page.data).drop_duplicates("measure").head(3)
    points = [
        f"Out of {len(measures)} protections (a signed agreement, non-disclosure agreements, "
        "need-to-know access, written sharing rules and more), each bar is the share that "
        "applies to a partnership and is in place; a protection partly in place counts half.",
    ]
    for ident, todo in first.groupby("partnership", sort=False):
        points.append(
            f"To put in place first with {names[ident]}: "
            + "; ".join(measures[m] for m in todo["measure"])
            + "."
        )
    chart = bars(
        "Share of the applicable protections in place, per partner",
        [names[p] for p in readiness["partnership"]],
        "In place",
        readiness["readiness"],
        **PERCENT,
    )
    return Slide(PARTNERS, headline, tuple(points), chart, cites=PARTNERSHIP)


def by_departure(page: PartnershipsPage) -> tuple[pd.DataFrame, bool]:
    """Key people, whose departure would hurt most first, and whether that order is known.

    'Hurts most' is the audit's measure, read from the engagement's audit page (the same
    inventory snapshot): how far a departure raises the risk of the firm's critical knowledge.
    Without an engagement the key people keep their order, riskiest knowledge first.
    """
    continuity = page.continuity
    if page.e is None or page.e.inventory is None:
        return continuity, False
    ranked = page.e.page("audit").departures
    order = {holder: n for n, holder in enumerate(ranked["holder"])}
    rank = continuity["holder"].map(order).fillna(len(order))
    ordered = continuity.assign(rank=rank).sort_values("rank", kind="stable")
    return ordered.drop(columns="rank").reset_index(drop=True), True


def _still_missing(holder: str, missing: list[str], parts: int) -> str:
    """What one person's plan lacks, shortly when it lacks everything."""
    if not missing:
        return f"For {holder}, every part is in place."
    if len(missing) == parts:
        return f"For {holder}, no part is in place yet."
    return f"For {holder}, still missing: {and_list(missing)}."


def continuity_slide(page: PartnershipsPage) -> Slide:
    """How ready the firm is to lose each key person, whose departure would hurt most first."""
    continuity, ranked = by_departure(page)
    weak = continuity.loc[continuity["readiness"] < READY]
    top = continuity.iloc[0]
    if weak.empty:
        who = f"Everyone who holds critical knowledge alone or with one other has at least {READY}%"
    else:
        count = "All" if len(weak) == len(continuity) else f"{len(weak)} of the"
        who = (
            f"{count} {len(continuity)} people who hold critical knowledge alone or with one "
            f"other have less than {READY}%"
        )
    why = "whose departure would hurt most" if ranked else "who holds the riskiest knowledge"
    headline = (
        f"{who} of a continuity plan; {top['holder']}, {why}, has {whole(top['readiness'])}%."
    )
    measures = [m.name.lower() for m in continuity_checklist().measures]
    missing = [m.lower() for m in top["missing"]]
    least = continuity["readiness"].min()
    points = [
        f"A continuity plan has {len(measures)} parts: {and_list(measures)}. Each bar is the "
        "share of them in place for one person; people are named by role.",
        _still_missing(top["holder"], missing, len(measures)),
        f"Least ready to be replaced, with {whole(least)}% of a plan: "
        f"{and_list(list(continuity.loc[continuity['readiness'] == least, 'holder']))}.",
    ]
    if ranked:
        points.append(
            f"From {snapshot_label(page.e.inventory)}; hurting most means raising the risk of "
            "the firm's critical knowledge most."
        )
    shown = continuity.head(SHOWN)
    first = "the departure that would hurt most first" if ranked else "riskiest person first"
    chart = bars(
        f"Share of a continuity plan in place, {first}",
        shown["holder"],
        "Plan in place",
        shown["readiness"],
        **PERCENT,
    )
    return Slide(PARTNERS, headline, tuple(points), chart, cites=PARTNERSHIP)
