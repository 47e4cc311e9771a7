"""Phase 07 in words, second half: the re-audit, the needs measured again, the next cycle."""

from __future__ import annotations

import pandas as pd

from kmkit.phases.review.reaudit import KeyPeople, what_changed
from kmkit.phases.review.text import FIVE_STEPS
from kmkit.present.text import and_list, markdown_table

NO_REAUDIT = (
    "*No re-audit yet. Give the inventory an `as_of` column, date the first audit's rows, "
    "and add the re-audit's rows under a later date: the first audit stays as it was, and "
    "this section compares the two.*"
)
NOT_REMEASURED = (
    "The needs have not been measured again yet, so phase 04's recommendations stand. They "
    "are made again from a second maturity survey wave (`kmkit import ... --wave follow-up`) "
    "or a re-audit (dated inventory rows)."
)
SOURCES = (
    "Handzic, 'Knowledge management in SMEs: practical guidelines' (the engagement path, and "
    "its feedback loop of measurement and adjustment)",
    "Arthur Andersen Office of Training and Education, 'BC Knowledge Management' (evaluation "
    "and maintenance: KM solutions assessed and renewed in a repeated cycle)",
    "Liebowitz, 'Putting More Rigor into Knowledge Management' (the post-audit that closes a "
    "KM programme)",
    f"{FIVE_STEPS} (step 3, pilot; step 4, promote and support; step 5, institutionalisation)",
)


def risk_sentence(risk: tuple[float, float], dates: tuple[object, object]) -> str:
    """The critical assets' mean risk then and now, in one sentence."""
    then, now = risk
    moved = "fell" if now < then else ("rose" if now > then else "stayed")
    return (
        f"The mean knowledge risk of the critical assets {moved} from {then:.0f} to {now:.0f} "
        f"(of 100) between the first audit ({dates[0]}) and the re-audit ({dates[1]})."
    )


def reaudit_table(change: pd.DataFrame, ties: dict[str, list[str]], file: str) -> str:
    """Per asset: risk then and now, what moved it, and what done work aims at it."""
    rows = []
    for key, r in change.iterrows():
        then = "-" if pd.isna(r["risk_then"]) else f"{r['risk_then']:.0f}"
        now = "-" if pd.isna(r["risk_now"]) else f"{r['risk_now']:.0f}"
        moved = "; ".join(what_changed(r)) if r["status"] not in ("new", "gone") else r["status"]
        done = and_list(ties[key]) if ties.get(key) else ""
        rows.append((r["asset"], r["area"], then, now, r["status"], moved or "-", done or "-"))
    header = ("Asset", "Area", "Risk then", "Risk now", "Change", "What moved it", "Done")
    return (
        markdown_table(header, rows)
        + f"\n\nRisk is phase 03's score (criticality x likelihood of loss, raised where "
        f"documentation is thin; 0-100), from {file}. 'Done' names interventions finished "
        "in the cycle that aim at the kinds of risk the asset carried at the first audit: they "
        "happened at the same time, which is not proof that they caused the fall."
    )


def area_table(areas: pd.DataFrame) -> str:
    """Per area: the highest asset risk and the bus factor, then and now."""

    def num(v: float) -> str:
        return "-" if pd.isna(v) else f"{v:.0f}"

    rows = [(r.area, num(r.max_risk_then), num(r.max_risk_now), num(r.bus_factor_then),
             num(r.bus_factor_now)) for r in areas.itertuples()]  # fmt: skip
    header = ("Area", "Highest risk then", "Highest risk now", "Bus factor then", "Bus factor now")
    return (
        markdown_table(header, rows)
        + "\n\nThe bus factor is the fewest holders of any critical asset in the area: how many "
        "departures would lose one entirely ('-': no critical asset)."
    )


def key_people_text(people: KeyPeople, file: str) -> str:
    """Key-person risks resolved, remaining and new: who alone holds critical knowledge."""
    lines = []
    for r in people.resolved.itertuples():
        others = "; ".join(r.holders_now) if isinstance(r.holders_now, tuple) else "nobody"
        lines.append(
            f"- Resolved: **{r.holder}** no longer holds '{r.asset}' alone (now: {others})."
        )
    lines += [
        f"- Still: **{r.holder}** alone holds '{r.asset}' ({file} row {r.row})."
        for r in people.remaining.itertuples()
    ]
    lines += [
        f"- New: **{r.holder}** alone holds '{r.asset}' ({file} row {r.row})."
        for r in people.new.itertuples()
    ]
    if not lines:
        return "No critical asset is held by one person alone, then or now."
    return "Key-person risks (a critical asset held by one person alone):\n\n" + "\n".join(lines)


def needs_text(changes: pd.DataFrame) -> str:
    """Needs closed, remaining and new between the first cycle and now, with their evidence."""
    if changes.empty:
        return "*No needs measured in either cycle.*"
    lines = []
    for status, title in (("closed", "Closed"), ("remaining", "Remaining"), ("new", "New")):
        part = changes.loc[changes["status"] == status]
        lines.append(f"**{title} ({len(part)}):**\n")
        for r in part.itertuples():
            if status == "closed":
                lines.append(f"- {r.because_then} at the first cycle; no longer measured as a need")
            elif status == "remaining":
                lines.append(f"- now {r.because_now} (first cycle: {r.because_then})")
            else:
                lines.append(f"- {r.because_now}")
        lines.append("")
    lines.append(
        "A need is what phase 04 recommends from: a maturity category under 3.5, a kind of "
        "knowledge risk among the important assets, a SECI conversion the inventory shows "
        "lacking, or a partnership gap. The first cycle's come from the first survey wave and "
        "audit, the next cycle's from the latest."
    )
    return "\n".join(lines)


def next_cycle_text(carried: pd.DataFrame, routine: list[str]) -> str:
    """The next cycle's interventions with their reasons and where each stood after the first."""
    lines = []
    for n, r in enumerate(carried.itertuples(), start=1):
        note = f" ({r.note})" if r.note else ""
        lines.append(
            f"{n}. **{r.name}** (impact {r.impact:.0f} of 100; first cycle: {r.first_cycle}"
            f"{note}): {r.advice}."
        )
        lines += [f"    - because {b}" for b in r.because[:3]]
    if routine:
        lines.append(
            f"\nDone in the first cycle and no longer among the top needs: {and_list(routine)}. "
            "Keep them as routine work (owners, a place in the monthly review), not projects."
        )
    lines.append(
        "\nImpact is phase 04's score made again from the latest survey wave and re-audit: the "
        "needs an intervention answers, weighted, with the best at 100."
    )
    return "\n".join(lines)


def institutionalisation_text(checklist: pd.DataFrame | None, file: str, slug: str) -> str:
    """The checklist of step 5, measure by measure, with its status and evidence."""
    if checklist is None:
        return (
            f"*Not recorded yet: `kmkit form institutionalisation --out {file.split('/')[-1]}` "
            f"writes the checklist for client {slug}; save it in `data/`.*"
        )
    rows = [
        (r.name, r.status, r.evidence or "-", r.owner or "-",
         f"row {r.row:.0f}" if pd.notna(r.row) else "-")
        for r in checklist.itertuples()
    ]  # fmt: skip
    missing = checklist.loc[checklist["status"] != "in place", "name"].tolist()
    said = (
        f"Step 5 of {FIVE_STEPS}, institutionalisation, is 'a new beginning': KM becomes part "
        "of how the firm is run, in its strategy, organisation and performance management."
    )
    todo = f" Still to do: {and_list(missing)}." if missing else " Every measure is in place."
    return (
        said
        + todo
        + "\n\n"
        + markdown_table(("Measure", "Status", "Evidence", "Owner", file), rows)
    )


def references() -> str:
    """The methods this review follows, by author and title."""
    return "This review follows:\n\n" + "\n".join(f"- {s}" for s in SOURCES)
