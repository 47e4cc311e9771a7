"""The deck's slides for the knowledge audit: what is at risk and whose leaving would hurt."""

from __future__ import annotations

from kmkit.core.numbers import share, whole
from kmkit.phases.audit import compute as audit
from kmkit.phases.audit.inputs import snapshot_label
from kmkit.phases.audit.page import AuditPage
from kmkit.phases.audit.text import DOCUMENTED, HIGH_RISK
from kmkit.present.slides import PERCENT, Slide, bars
from kmkit.present.text import and_list

AT_RISK = "What we know and what is at risk"
SHOWN = 8  # bars on a slide: more would not be read in a meeting
AUDIT = ("liebowitz-2003", "handzic-sme-guidelines")


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


def _quoted(assets: tuple[str, ...]) -> str:
    """'“A” and “B”': assets named as the slides quote them."""
    return and_list([f"\u201c{a}\u201d" for a in assets])


def people_slide(page: AuditPage) -> Slide | None:
    """Whose departure would hurt most, what it would cost, and who else alone holds something.

    'Hurts most' is one measure (kmkit.phases.audit.compute.departures): how far a departure
    raises the average risk of the firm's critical knowledge. The partnerships slide names
    the same person by the same measure, from the same inventory snapshot.
    """
    inv = page.inventory
    ranked = page.departures
    if ranked.empty:
        return None
    top = ranked.iloc[0]
    rise = (
        f"the average risk of the firm's critical knowledge would rise by {whole(top['rise'])} "
        "points out of 100"
    )
    if top["orphaned"]:
        headline = (
            f"{top['holder']}'s departure would hurt most: nobody would be left who knows "
            f"{_quoted(top['orphaned'])}, and {rise}."
        )
    else:
        headline = (
            f"{top['holder']}'s departure would hurt most: {rise}, though others know what "
            "they know."
        )
    points = [
        "Each bar is how far one person's departure would raise the average risk of the "
        f"firm's critical knowledge, now {whole(top['risk_before'])} out of 100: what they know "
        "becomes likelier to be lost, and what only they know is lost. People are named by role.",
    ]
    rest = ranked.iloc[1:]
    alone = [f"{_quoted(r.orphaned)} ({r.holder})" for r in rest.itertuples() if r.orphaned]
    if alone:
        points.append(f"Also known by one person only: {and_list(alone)}.")
    bus = audit.firm_bus_factor(inv)
    if bus == bus:  # not NaN: the firm has critical knowledge
        points.append(
            f"The firm's 'bus factor' is {bus:.0f}: the fewest people who know any one piece "
            "of critical knowledge" + (", so a single departure can lose it." if bus <= 1 else ".")
        )
    points.append(f"From {snapshot_label(inv)}.")
    shown = ranked.head(SHOWN)
    chart = bars(
        "Rise in the risk of the firm's critical knowledge if each person left (points of 100)",
        shown["holder"],
        "Rise in risk",
        shown["rise"],
        number_format="0",
        axis_min=0,
    )
    return Slide(AT_RISK, headline, tuple(points), chart, cites=AUDIT)
