"""The deck's findings about the firm's knowledge: what is at risk, who it depends on, partners."""

from __future__ import annotations

import pandas as pd

from kmkit.phases.audit import compute as audit
from kmkit.phases.audit.page import AuditPage
from kmkit.phases.audit.text import DOCUMENTED, HIGH_RISK
from kmkit.phases.partnerships.checklists import continuity_checklist, ip_checklist
from kmkit.phases.partnerships.compute import ip_readiness, missing_ip
from kmkit.phases.partnerships.page import PartnershipsPage
from kmkit.phases.solutions.needs import READY  # under it, phase 04 counts a need
from kmkit.present.text import and_list
from kmkit.reports.deck.content import PERCENT, Chart, Slide, bars, series
from kmkit.reports.deck.plain import share, whole

AT_RISK = "What we know and what is at risk"
PARTNERS = "Learning with partners"
SHOWN = 8  # bars on a slide: more would not be read in a meeting
AUDIT = ("liebowitz-2003", "handzic-sme-guidelines")
PARTNERSHIP = ("sme-partnership-knowledge-transfer",)


def audit_slides(page: AuditPage) -> list[Slide]:
    """The knowledge at risk and the key people, once there is an inventory."""
    if page.inventory is None:
        return []
    return [s for s in (risk_slide(page), people_slide(page)) if s is not None]


def _held(holders: tuple[str, ...]) -> str:
    if not holders:
        return "held by nobody named"
    return f"held only by {holders[0]}" if len(holders) == 1 else f"held by {len(holders)} people"


def risk_slide(page: AuditPage) -> Slide:
    """The riskiest knowledge assets, and how risk is measured."""
    risk = audit.asset_risk(page.inventory)
    high = int((risk["risk"] >= HIGH_RISK).sum())
    top = risk.iloc[0]
    count = f"{high} of the firm's {len(risk)} knowledge assets are"
    if not high:
        count = f"None of the firm's {len(risk)} knowledge assets is"
    headline = (
        f"{count} at high risk of being lost; the riskiest, \u201c{top['asset']}\u201d, "
        f"scores {whole(top['risk'])} out of 100 and is {_held(top['holders'])}."
    )
    critical = int((risk["criticality"] >= audit.CRITICAL).sum())
    tacit = float((risk["kind"] == "tacit").mean())
    reason = f", {top['loss_reason']}" if top["loss_reason"] not in ("", "none") else ""
    points = (
        "Risk combines how critical a piece of knowledge is to the business (1 to 5) with how "
        "likely the firm is to lose it (1 to 5), raised by up to half where it is not written "
        f"down, on a scale of 0 to 100; {HIGH_RISK} or more is high.",
        f"\u201c{top['asset']}\u201d ({top['area']}): criticality {top['criticality']} of 5, "
        f"likelihood of loss {top['loss_likelihood']} of 5{reason}; "
        f"{DOCUMENTED[top['documentation']]}.",
        f"{critical} of the {len(risk)} assets are critical (4 or 5 out of 5), and "
        f"{share(tacit)} are tacit: know-how in people's heads rather than in documents.",
    )
    shown = risk.head(SHOWN)
    chart = bars(
        "Risk of loss of the riskiest knowledge assets (0 to 100)",
        shown["asset"],
        "Risk",
        shown["risk"],
        **PERCENT | {"number_format": "0"},
    )
    return Slide(AT_RISK, headline, points, chart, cites=AUDIT)


def people_slide(page: AuditPage) -> Slide | None:
    """The people critical knowledge depends on, and what one departure would cost."""
    inv = page.inventory
    people = audit.key_people(inv)
    people = people.loc[people["critical_assets"] > 0]
    if people.empty:
        return None
    shown = people.head(SHOWN)
    first = audit.what_if(inv, people.iloc[0]["holder"])
    if len(first.orphaned):
        lost = and_list([f"\u201c{a}\u201d" for a in first.orphaned["asset"]])
        headline = f"If {first.holder} left, nobody would be left who knows {lost}."
    else:
        headline = (
            f"No critical knowledge rests on one person alone; {first.holder} holds the most, "
            f"{int(people.iloc[0]['critical_assets'])} critical assets shared with others."
        )
    bus = audit.firm_bus_factor(inv)
    points = [
        "Each pair of bars shows how many critical knowledge assets a person holds, and how "
        "many of those they hold alone. People are named by role, as in the inventory.",
    ]
    if bus == bus:  # not NaN: the firm has critical knowledge
        points.append(
            f"The firm's 'bus factor' is {bus:.0f}: the fewest people who know any one piece "
            "of critical knowledge" + (", so a single departure can lose it." if bus <= 1 else ".")
        )
    for holder in people.head(3)["holder"]:
        change = audit.what_if(inv, holder)
        points.append(
            f"If {holder} left, the average risk of the firm's critical knowledge would rise "
            f"from {whole(change.risk_before)} to {whole(change.risk_after)} out of 100."
        )
    chart = Chart(
        "Critical knowledge assets per person",
        tuple(shown["holder"]),
        (
            series("Critical assets held", shown["critical_assets"]),
            series("Held alone", shown["sole_holder_of"]),
        ),
        number_format="0",
        axis_min=0,
        legend=True,
    )
    return Slide(AT_RISK, headline, tuple(points), chart, cites=AUDIT)


def partnership_slides(page: PartnershipsPage) -> list[Slide]:
    """Intellectual property with each partner, and key people's continuity plans."""
    if page.data is None:
        return []
    slides = [ip_slide(page)]
    if page.continuity is not None and not page.continuity.empty:
        slides.append(continuity_slide(page.continuity))
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


def continuity_slide(continuity: pd.DataFrame) -> Slide:
    """How ready the firm is to lose each key person, riskiest first."""
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
    headline = (
        f"{who} of a continuity plan; {top['holder']}, whose departure would hurt most, "
        f"has {whole(top['readiness'])}%."
    )
    measures = [m.name.lower() for m in continuity_checklist().measures]
    missing = [m.lower() for m in top["missing"]]
    points = (
        f"A continuity plan has {len(measures)} parts: {and_list(measures)}. Each bar is the "
        "share of them in place for one person; people are named by role.",
        f"For {top['holder']}, still missing: {and_list(missing) if missing else 'nothing'}.",
    )
    shown = continuity.head(SHOWN)
    chart = bars(
        "Share of a continuity plan in place, riskiest person first",
        shown["holder"],
        "Plan in place",
        shown["readiness"],
        **PERCENT,
    )
    return Slide(PARTNERS, headline, points, chart, cites=PARTNERSHIP)
