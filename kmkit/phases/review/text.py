"""Phase 07 in words: what was done, whether the pilot worked, the gates, in plain sentences."""

from __future__ import annotations

import pandas as pd

from kmkit.phases.review import gates as g
from kmkit.phases.review.pilot import ALL_OTHERS, DRAWS, MEANINGFUL, SURVEY_MEANINGFUL, Effect
from kmkit.phases.review.tracking import Tally, late_or_stalled, slipped
from kmkit.phases.solutions.roadmap import STAGE_NAMES
from kmkit.present.text import and_list, markdown_table

FIVE_STEPS = "'Five steps for the implementation of enterprise knowledge management'"
VERDICT_WORDS = {
    "worked": "the pilot worked",
    "no effect yet": "no effect yet",
    "worse": "the pilot department did worse than the others",
    "cannot tell": "cannot tell yet",
    "mixed": "mixed: better on some measures, worse on others",
}


def pilot_scope(effects: list[Effect]) -> str:
    """The verdict's true scope: '1 of 4 measures shows an effect'."""
    shown = sum(e.verdict == "worked" for e in effects)
    verb = "shows" if shown == 1 else "show"
    return f"{shown} of {len(effects)} measure{'' if len(effects) == 1 else 's'} {verb} an effect"


NO_PILOT = (
    "*No pilot department to judge: phase 04 suggests one once survey answers are in, or "
    "name it as `pilot_department` in `data/review.yaml`.*"
)


def nothing_yet(slug: str) -> str:
    """What to record before a first review can say anything."""
    return (
        "*Nothing to review yet. A review looks back on a cycle, usually a year into the "
        "engagement. To start it, record each intervention's status in `data/progress.csv` "
        f"(`kmkit form progress --client {slug} --out progress.xlsx` lists the roadmap's "
        "interventions), run the maturity survey again (`kmkit import ... --wave follow-up`), "
        "add KPI readings per department (a `department` column in `data/kpis.csv`), and date "
        "the inventory's rows (an `as_of` column) before adding the re-audit's.*"
    )


def span(days: float) -> str:
    """'3 weeks', '1 week'."""
    n = round(abs(days) / 7)
    return f"{n} week{'s' if n != 1 else ''}"


def no_progress(slug: str) -> str:
    """How to start tracking the interventions."""
    return (
        "*No intervention status recorded yet: `kmkit form progress --client "
        f"{slug} --out progress.xlsx` lists the roadmap's interventions; fill in each one's "
        "status (planned, running, done, stalled, dropped), actual start and end, progress and "
        "a note, and save it as `data/progress.csv` or `.xlsx`.*"
    )


def no_department_kpis(pilot: str, file: str) -> str:
    """How to make the pilot judgeable: KPI readings per department."""
    return (
        f"*Cannot tell yet whether the pilot in {pilot} worked: {file} has no readings per "
        "department and there is no second survey wave. Add a `department` column and read "
        f"the pilot's KPIs in {pilot} and in at least one other department, before and after "
        "the pilot began.*"
    )


def effects_brief(effects: list[Effect]) -> str:
    """Each measure's verdict in a few words, with the effect and its interval."""
    said = []
    for e in effects:
        if e.effect is None:
            said.append(f"{e.measure}: cannot tell yet ({e.reason})")
            continue
        interval = f"95% interval {e.low:+.2f} to {e.high:+.2f}"
        if e.verdict in ("no effect yet", "cannot tell"):
            said.append(f"{e.measure}: {VERDICT_WORDS[e.verdict]} ({e.effect:+.2f}; {interval})")
        else:
            said.append(f"{e.measure}: {_improved(e)} ({interval})")
    return "; ".join(said) + "."


def weeks(days: float | None) -> str:
    """'3 weeks late', '1 week early', 'on time'."""
    if days is None or pd.isna(days) or round(days / 7) == 0:
        return "on time"
    return f"{span(days)} {'late' if days > 0 else 'early'}"


def tally_sentence(t: Tally, file: str) -> str:
    """How many interventions stand where, and how many are late."""
    counts = {"done": t.done, "running": t.running, "stalled": t.stalled}
    counts |= {"not started": t.planned, "dropped": t.dropped}
    parts = [f"{n} {word}" for word, n in counts.items() if n]
    said = f"Of {t.total} intervention{'s' if t.total != 1 else ''}, {and_list(parts)}"
    said += f"; {t.late} are late" if t.late else "; none is late"
    if t.finished_late:
        which = (
            f"each of the {t.done}"
            if t.finished_late == t.done
            else f"{t.finished_late} of the {t.done}"
        )
        said += f", and {which} done finished after its planned date"
    missing = f" ({t.unrecorded} have no status in {file} yet)" if t.unrecorded else ""
    return said + missing + "."


def _planned(r: pd.Series) -> str:
    if pd.isna(r["planned_start"]):
        return "not on the roadmap"
    return f"{r['planned_start']} to {r['planned_end']}"


def _actual(r: pd.Series) -> str:
    if r["started"] is None or pd.isna(r["started"]):
        return "not started"
    end = r["finished"] if pd.notna(r["finished"]) else "..."
    more = f", {r['progress']:.0f}%" if pd.notna(r["progress"]) and r["status"] != "done" else ""
    return f"{r['started']} to {end}{more}"


def late_text(r: pd.Series) -> str:
    """Why one intervention is late or stalled, in a few words."""
    note = f" ({r['note']})" if r["note"] else ""
    if r["status"] == "planned":
        return f"not started; it was due to start {span(r['start_slip'])} ago{note}"
    said = r["status"] + (f", {r['progress']:.0f}% done" if pd.notna(r["progress"]) else "")
    if r["late"]:
        said += f", {span(r['late_by'])} past its planned first value"
    return said + note


def tracking_table(tracking: pd.DataFrame, file: str) -> str:
    """Plan against actual per intervention, then what slipped and by how much."""
    rows = []
    for _, r in tracking.iterrows():
        stage = STAGE_NAMES.get(r["stage"], "-") if isinstance(r["stage"], str) else "-"
        source = f"row {r['row']:.0f}" if pd.notna(r["row"]) else "no row"
        rows.append((r["name"], stage, r["owner"] or "-", _planned(r), _actual(r),
                     r["status"] + (" (late)" if r["late"] else ""), source))  # fmt: skip
    header = ("Intervention", "Stage", "Owner", "Planned", "Actual", "Status", file)
    lines = [
        markdown_table(header, rows),
        "",
        "Planned dates are the roadmap's (phase 04): start to first value. Actual dates and "
        f"statuses are from {file}. An intervention is late when it is still open past its "
        "planned first value, or not started past its planned start.",
    ]
    moved = slipped(tracking)
    if len(moved):
        lines += ["", "**What slipped, and by how much:**", ""]
        for _, r in moved.iterrows():
            if r["status"] == "done":
                said = f"started {weeks(r['start_slip'])}, finished {weeks(r['end_slip'])}"
            elif r["started"]:
                said = f"started {weeks(r['start_slip'])}; now {late_text(r)}"
            else:
                said = late_text(r)
            lines.append(f"- {r['name']}: {said}.")
    return "\n".join(lines)


def late_list(tracking: pd.DataFrame) -> str:
    """The stalled and late interventions, one line each, for the dashboard."""
    hit = late_or_stalled(tracking)
    if hit.empty:
        return "Nothing is late or stalled."
    return "\n".join(f"- **{r['name']}** ({r['owner'] or 'no owner'}): {late_text(r)}"
                     for _, r in hit.iterrows())  # fmt: skip


def unit(e: Effect) -> str:
    """The measure's unit as it follows a figure: ' hours', '%', ' points'."""
    return {"%": "%", "1-5": " points", "": ""}.get(e.unit, f" {e.unit}")


def amount(e: Effect, value: float, signed: bool = False) -> str:
    """A figure in the measure's unit: '1.15 hours', '4.00%', '0.30 points' ('+1.15 hours')."""
    return f"{value:{'+' if signed else ''}.2f}{unit(e)}"


def _improved(e: Effect) -> str:
    """'Audit improved by 1.15 hours more than the other departments did'."""
    who = "the other departments" if e.comparison == ALL_OTHERS else e.comparison
    more = "more" if e.effect >= 0 else "less"
    return f"{e.pilot} improved by {amount(e, abs(e.effect))} {more} than {who} did"


def effect_line(e: Effect) -> str:
    """One measure: the four means, the effect with its interval, and the verdict."""
    who = "the other departments" if e.comparison == ALL_OTHERS else e.comparison
    if e.effect is None:
        return f"- **{e.measure}:** **cannot tell yet**, because {e.reason}."
    a, b, c, d = e.means
    n = "respondents" if e.unit == "points" else "readings"
    before, after = e.periods
    said = (
        f"- **{e.measure}:** in {e.pilot} {a:.2f} {before} and {b:.2f} {after} "
        f"({e.counts[0]} and {e.counts[1]} {n}); in {who} {c:.2f} and {d:.2f} "
        f"({e.counts[2]} and {e.counts[3]}). {_improved(e)} (95% interval {e.low:+.2f} to "
        f"{e.high:+.2f}; positive is better): "
    )
    if e.verdict == "cannot tell":
        return said + f"**cannot tell yet**, because {e.reason}."
    if e.verdict == "no effect yet":
        return said + (
            f"**no effect yet**; the interval leaves out a change worth having "
            f"({e.meaningful:.2f})."
        )
    return said + f"**{VERDICT_WORDS[e.verdict]}**."


def pilot_intro(pilot: str, pilot_from: str, start: object, start_from: str) -> str:
    """Which department piloted, since when, and how it is compared."""
    chosen = "suggested by phase 04" if pilot_from == "phase 04" else f"set in {pilot_from}"
    return (
        f"The pilot department is **{pilot}** ({chosen}); the pilot began on {start} "
        f"({start_from}). For each measure, kmkit sets the pilot department's change since "
        "then beside the other departments' change over the same months (a difference in "
        "differences): what the pilot changed beyond what changed everywhere. Step 3 of "
        f"{FIVE_STEPS} asks for exactly this short-term evaluation, and for the pilot to be "
        "corrected before it is spread."
    )


def pilot_method() -> str:
    """How the intervals and verdicts are made, and how far to trust them."""
    return (
        f"Each 95% interval comes from resampling each group's readings (or respondents) "
        f"{DRAWS:,} times (a bootstrap, drawn the same way each time, so the figures do not "
        "change from one report to the next). 'The pilot worked' means the interval lies "
        "wholly on the better side of zero; "
        "'no effect yet' that it holds zero but leaves out a change worth having (a KPI "
        f"moving {MEANINGFUL:.0%} of the way from baseline to target, or {SURVEY_MEANINGFUL} "
        "points of maturity); 'cannot tell yet' that the data cannot decide. Monthly readings "
        "of one department are not independent of each other, so read the intervals as a "
        "guide, not a proof. The survey is compared only where each group has at least the "
        "anonymity threshold of respondents in both waves."
    )


def pilot_verdict(word: str, pilot: str, done: list[str]) -> str:
    """The overall verdict, and what step of the implementation path it leads to."""
    if word == "worked":
        what = and_list(done) if done else "the pilot's interventions"
        return (
            f"**Overall: the pilot worked** in {pilot}. Step 4 of {FIVE_STEPS} is to replicate "
            f"it in the other departments: start with {what}."
        )
    return (
        f"**Overall: {VERDICT_WORDS[word]}.** Before spreading the pilot (step 4 of "
        f"{FIVE_STEPS}), correct it (step 3): find with {pilot} what blocks its effect, and "
        "keep measuring until the data can decide."
    )


def gates_text(checks: list[g.Check], adjusted: set[str]) -> str:
    """Each stage's gate: its status, then each condition with the figures behind it."""
    lines = []
    for stage, name in STAGE_NAMES.items():
        mine = [c for c in checks if c.stage == stage]
        status = g.gate_status(checks, stage)
        met = sum(c.status == g.MET for c in mine)
        who = "; conditions set for this client in data/review.yaml" if stage in adjusted else ""
        lines += [f"**{name}: {status}** ({met} of {len(mine)} conditions met{who})", ""]
        rows = [(c.condition, c.status, c.figures) for c in mine]
        lines += [markdown_table(("Condition", "Status", "Figures"), rows), ""]
    lines.append(
        "A gate is met when every condition is, not met when any is not, and unknown when "
        "the data to decide is missing. The conditions are kmkit's unless `data/review.yaml` "
        "sets a stage's own (`gates:`, with the checks done, started, pilot_worked, "
        "follow_up_wave, maturity_rose, kpi_on_track, institutionalised and risk_down)."
    )
    return "\n".join(lines)


def gates_line(checks: list[g.Check]) -> str:
    """Each gate's status in one line."""
    return "; ".join(
        f"{name} {g.gate_status(checks, stage)}" for stage, name in STAGE_NAMES.items()
    )
