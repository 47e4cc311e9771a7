"""Phase 06 in words: each partnership, its flows, its IP protection, continuity, and a KTP."""

from __future__ import annotations

import pandas as pd

from kmkit.core.references import cite, cite_all, cite_works
from kmkit.core.words import say, say_n
from kmkit.phases.partnerships.checklists import (
    Figure,
    alliance_figures,
    continuity_checklist,
    ip_checklist,
    ktp_facts,
)
from kmkit.phases.partnerships.compute import FlowFinding, KtpBudget
from kmkit.phases.partnerships.inputs import Partnerships
from kmkit.phases.partnerships.surveys import AllianceView
from kmkit.present.markup import md_text
from kmkit.present.text import and_list, answered_in, markdown_table, rows_text

NOT_STARTED = (
    "*No partnerships recorded yet. List them in `data/partnerships.csv` (`kmkit form "
    "partnerships` writes a blank one), then the knowledge that flows through each in "
    "`data/flows.csv` and their IP protection in `data/ip.csv`.*"
)
KINDS = {
    "supplier": "supplier",
    "customer": "customer",
    "research": "research partner",
    "ktp": "Knowledge Transfer Partnership",
    "peer": "peer firm",
    "alliance": "alliance",
}


def _sensitive(flows: int) -> str:
    """'2 sensitive flows of the firm's own go out'."""
    return say_n(
        "{n} sensitive flow of the firm's own goes out",
        "{n} sensitive flows of the firm's own go out",
        flows,
    )


def headline(
    p: Partnerships, readiness: pd.DataFrame, names: dict[str, str], continuity: pd.DataFrame | None
) -> str:
    """In a few lines: each partnership's IP readiness, and key people without a full plan."""
    lines = [
        f"- **{names[r.partnership]}** ({KINDS[kind]}): {r.readiness:.0f}% of the applicable IP "
        f"measures in place; {_sensitive(r.sensitive_flows)}."
        for r, kind in zip(readiness.itertuples(), p.partnerships["kind"], strict=True)
    ]
    if continuity is not None and not continuity.empty:
        weak = continuity.loc[continuity["readiness"] < 70]
        lines.append(
            f"- **Key people:** {len(weak)} of {len(continuity)} who hold critical knowledge "
            "alone or with one other have less than 70% of a continuity plan in place."
        )
    works = cite_works([*ip_checklist().cites, *continuity_checklist().cites])
    lines.append(f"\nIP and continuity measures after {works}.")
    return "\n".join(lines)


def overview(p: Partnerships, file: str) -> str:
    """One line per partnership: who, what kind, since when, for what."""
    rows = [
        [
            r.partner,
            KINDS[r.kind],
            r.started.isoformat() if r.started else "",
            r.challenge or "",
            f"{r.our_owner or '?'} / {r.their_owner or '?'}",
            str(r.row),
        ]
        for r in p.partnerships.itertuples()
    ]
    head = ["Partner", "Kind", "Since", "Expertise the firm needs", "Owners (ours / theirs)", "Row"]
    said = say_n(
        "The firm has {n} partnership, from `{file}`.",
        "The firm has {n} partnerships, from `{file}`.",
        len(rows),
        file=file,
    )
    return f"{said}\n\n" + markdown_table(head, rows)


def flow_sentence(p: Partnerships, file: str) -> str:
    """How much knowledge flows each way, and how much of ours is sensitive."""
    if p.flows.empty:
        return f"*No knowledge flows recorded yet: add them to `{file}` (`kmkit form flows`).*"
    out = p.flows.loc[p.flows["from_side"] == "us"]
    sensitive = out.loc[out["sensitive"] == "yes"]
    tacit = p.flows.loc[p.flows["form"] == "tacit"]
    return (
        say_n(
            "The register in `{file}` lists {n} flow: {out} from the firm to a partner, "
            "{incoming} coming in.",
            "The register in `{file}` lists {n} flows: {out} from the firm to a partner, "
            "{incoming} coming in.",
            len(p.flows),
            file=file,
            out=len(out),
            incoming=len(p.flows) - len(out),
        )
        + " "
        + say_n(
            "{n} carries tacit knowledge (know-how in people's heads),",
            "{n} carry tacit knowledge (know-how in people's heads),",
            len(tacit),
        )
        + " "
        + say_n(
            "and {n} outgoing flow carries knowledge the firm marked as its own and sensitive.",
            "and {n} outgoing flows carry knowledge the firm marked as its own and sensitive.",
            len(sensitive),
        )
        + " In the map, each line is one flow; thicker lines are more critical to the business."
    )


def finding_sentence(f: FlowFinding, partner: str, file: str) -> str:
    """One SECI finding in words, with the register rows behind it."""
    what = and_list([f"'{k}'" for k in f.knowledge])
    where = rows_text(f.rows, file)
    if f.kind == "written-only tacit":
        return (
            f"- **{partner}:** {what} is tacit know-how, yet it travels only as documents or on "
            "a shared platform. Tacit knowledge mostly needs people to work side by side "
            "(socialisation) or to write it down together first (externalisation, both in "
            f"{cite('nonaka-takeuchi-1995')}); sent as files, much of it does not arrive "
            f"({where})."
        )
    side = "the firm" if f.kind.endswith("us") else "the partner"
    return (
        f"- **{partner}:** every recorded flow goes from {side} to the other side; nothing "
        f"comes back, so the partnership teaches one side only ({where})."
    )


def findings(found: list[FlowFinding], p: Partnerships, file: str) -> str:
    """Every SECI finding, or a sentence saying the flows look balanced."""
    if p.flows.empty:
        return ""
    if not found:
        return (
            "No flow pattern stands out: tacit knowledge travels with people, and each "
            "partnership has knowledge coming back."
        )
    names = dict(zip(p.partnerships["id"], p.partnerships["partner"], strict=True))
    return "\n".join(finding_sentence(f, names[f.partnership], file) for f in found)


def ip_sentence(readiness: pd.DataFrame, names: dict[str, str], file: str) -> str:
    """Each partnership's IP readiness, with its exposure, in one line each."""
    lines = []
    for r in readiness.itertuples():
        exposed = (
            say_n(
                "{n} sensitive flow of the firm's own goes out through it",
                "{n} sensitive flows of the firm's own go out through it",
                r.sensitive_flows,
            )
            if r.sensitive_flows
            else "nothing the firm marked sensitive goes out through it"
        )
        unrecorded = r.applicable - r.recorded
        note = (
            "; "
            + say_n(
                "{n} measure not recorded in `{file}` counts as missing",
                "{n} measures not recorded in `{file}` count as missing",
                unrecorded,
                file=file,
            )
            if unrecorded
            else ""
        )
        lines.append(
            f"- **{names[r.partnership]}:** {r.readiness:.0f}% of the applicable IP measures "
            f"are in place (partly in place counts half); {exposed}{note}."
        )
    return (
        "How well each partnership protects the firm's intellectual property, against the "
        f"measures of {cite_all(ip_checklist().cites)}:\n\n" + "\n".join(lines)
    )


def missing_ip_table(missing: pd.DataFrame, names: dict[str, str], limit: int = 8) -> str:
    """The IP measures to put in place first, most exposed partnership first."""
    if missing.empty:
        return "Every applicable IP measure is in place."
    rows = [
        [names[m.partnership], m.name, m.status, m.why] for m in missing.head(limit).itertuples()
    ]
    more = f"\n\n{len(missing) - limit} more in the full list." if len(missing) > limit else ""
    return (
        "What to put in place first: measures against leaks come first where sensitive "
        "knowledge flows out.\n\n"
        + markdown_table(["Partnership", "Measure", "Now", "Why it matters"], rows)
        + more
    )


def ip_figures() -> str:
    """The IP figures the source quotes, as quoted."""
    figures = ip_checklist().figures
    quoted = "\n".join(f"- {f.says}" for f in figures)
    return f"For scale, as quoted in {_quoted_in(figures)}:\n\n{quoted}"


def _quoted_in(figures: list[Figure]) -> str:
    """The works some figures are quoted from, each cited once."""
    return cite_works(c for f in figures for c in f.cites)


def continuity_text(table: pd.DataFrame, plan_file: str, inventory_file: str) -> str:
    """Key people from the audit, their readiness, and what their plan lacks."""
    if table.empty:
        return (
            "The inventory shows nobody who alone, or with one other, holds critical "
            "knowledge: no key-person plan is needed yet."
        )
    rows = [
        [
            r.holder,
            f"{r.risk:.0f}",
            f"{r.readiness:.0f}%",
            _missing(r.missing, r.planned),
            f"row {int(r.plan_row)}" if r.planned else "no plan",
        ]
        for r in table.itertuples()
    ]
    unplanned = int((~table["planned"]).sum())
    return (
        f"{len(table)} people each hold critical knowledge alone or with one other "
        f"(from `{inventory_file}`), riskiest first. Readiness is the share of the seven "
        f"continuity measures of {cite_all(continuity_checklist().cites)} in place for them "
        "(cross-training in part counts half; a drill "
        f"counts if held in the last twelve months). {unplanned} of them have no plan in "
        f"`{plan_file}` yet.\n\n"
        + markdown_table(["Key person", "Risk (0-100)", "Readiness", "Missing", "Plan"], rows)
    )


def _missing(missing: tuple[str, ...], planned: bool) -> str:
    if not planned:
        return "everything: no plan yet"
    return and_list(list(missing)) if missing else "nothing"


def ktp_text(budget: KtpBudget, partner: str) -> str:
    """A KTP's cost from the consultant's figures, beside the ranges the source quotes."""
    facts = ktp_facts()
    cost, share = facts.figure("yearly_cost"), facts.figure("sme_contribution")
    money = f"{budget.currency} " if budget.currency else ""
    return (
        f"**The Knowledge Transfer Partnership with {partner}** (after "
        f"{cite_works(facts.cites)}): a graduate embedded for "
        f"{budget.months} months costs {money}{budget.yearly_cost:,.0f} a year in all; after "
        f"the grant the firm pays {money}{budget.yearly_share:,.0f} a year, "
        f"{money}{budget.total_share:,.0f} over the placement. These are the "
        f"consultant's figures. For comparison only, {_quoted_in([cost, share])} "
        f"quotes {cost.low:,.0f}-{cost.high:,.0f} {cost.unit} in all, of which the SME pays "
        f"{share.low:,.0f}-{share.high:,.0f} ({share.unit}; not converted)."
    )


NO_ALLIANCE = (
    "*No alliance capability survey yet. Send the alliance questionnaire to people on both "
    "sides (`kmkit form alliance --client SLUG --partnership ID --out alliance.xlsx`) and "
    "import the answers with `kmkit import SLUG FILE --instrument alliance --partnership ID`.*"
)


def alliance_text(view: AllianceView, partner: str, threshold: int) -> str:
    """How capable the partnership is, where the two sides disagree, and what is hidden."""
    us, them = view.respondents["us"], view.respondents["partner"]
    who = f"{us} from the firm and {them} from {partner}"
    if view.overall is None:
        return (
            f"**{partner}:** {who} answered survey '{view.wave}'; fewer than {threshold} in "
            "all, so nothing is shown, to keep answers anonymous."
        )
    cats = view.overall.ranked()
    strong, weak = cats.iloc[0], cats.iloc[-1]
    language = answered_in(view.overall.languages())
    lines = [
        f"**{partner}:** {who} answered survey '{view.wave}'"
        f"{f' ({language})' if language else ''}. Both sides together rate "
        f"'{strong['name']}' highest ({strong['mean']:.1f} of 5) and '{weak['name']}' lowest "
        f"({weak['mean']:.1f}); overall {view.overall.overall:.1f}."
    ]
    if not view.sides:
        lines.append(
            f"Each side's view is not shown: one side has fewer than {threshold} respondents, "
            "and its view could be worked out from the other two figures."
        )
    elif view.gaps.empty or not view.gaps["real"].any():
        lines.append(
            "The two sides see the partnership alike: no element differs by more than chance "
            "explains."
        )
    else:
        for g in view.gaps.loc[view.gaps["real"]].itertuples():
            higher = "the firm" if g.gap > 0 else partner
            near, far = sorted((abs(g.low), abs(g.high)))
            lines.append(
                f"- **{g.name}:** {higher} rates it higher ({g.us:.1f} for the firm, "
                f"{g.partner:.1f} for {partner}; the gap of {abs(g.gap):.1f} lies between "
                f"{near:.2f} and {far:.2f} with 95% confidence)."
            )
        lines.append(
            "The two sides see these elements differently by more than chance explains. Such "
            "gaps in perception are usually the main finding of an alliance assessment: talk "
            "them through together before planning anything else."
        )
    return "\n\n".join(lines[:1]) + ("\n\n" + "\n".join(lines[1:]) if lines[1:] else "")


def alliance_reference() -> str:
    """The quoted alliance figures, and why they are not marks on kmkit's scale."""
    figures = alliance_figures()
    said = " ".join(f.says for f in figures)
    model = cite("alliance-capability-maturity-model")
    return (
        f"The dashed lines are figures quoted in {_quoted_in(figures)} for the {model}: "
        f"{said} They come from the model's own "
        "questionnaire, whose questions are not published, so they show where the published "
        "figures sit, not a pass mark for these answers."
    )


NO_PULSE = (
    "*No partner satisfaction pulse yet: both sides answer the short pulse questionnaire "
    "every few months (`kmkit import SLUG FILE --instrument pulse --partnership ID --wave "
    "2027-01`).*"
)


def pulse_text(trend: pd.DataFrame, partner: str, threshold: int) -> str:
    """How satisfaction moved from the first pulse to the latest, and who is shown apart."""
    both = trend.loc[trend["who"] == "both"]
    first, last = both.iloc[0], both.iloc[-1]
    said = (
        say(
            "**{partner}:** {n} pulses; satisfaction of both sides together went from "
            "{first:.1f} ('{first_wave}') to {last:.1f} ('{last_wave}')",
            partner=partner,
            n=len(both),
            first=first["mean"],
            first_wave=first["wave"],
            last=last["mean"],
            last_wave=last["wave"],
        )
        if len(both) > 1
        else f"**{partner}:** one pulse so far ('{last['wave']}'), satisfaction {last['mean']:.1f}"
    )
    latest = trend.loc[trend["wave"] == last["wave"]].set_index("who")
    if {"us", "partner"} <= set(latest.index):
        said += (
            f"; in the latest, the firm's people give {latest.loc['us', 'mean']:.1f} and "
            f"{partner}'s {latest.loc['partner', 'mean']:.1f}."
        )
    else:
        said += (
            f". In the latest pulse one side had fewer than {threshold} respondents, so the "
            "sides are not shown apart."
        )
    return said


def comments_text(said: pd.DataFrame, partner: str, threshold: int) -> str:
    """What each side said should change, in its own words, where the side is big enough."""
    if said.empty:
        return ""
    lines = [
        f"What should change, in their own words (latest pulse '{said['wave'].iloc[0]}'; only "
        f"from a side with at least {threshold} respondents, in no particular order):"
    ]
    for side, group in said.groupby("side", sort=False):
        who = "The firm's people" if side == "us" else f"{partner}'s people"
        lines.append(f"\n*{who}:*\n")
        lines += [f"- \u201c{md_text(t)}\u201d" for t in group["text"]]
    return "\n".join(lines)
