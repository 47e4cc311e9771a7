"""The deck's slides for the review: what was done, whether the pilot worked, what comes next.

Four slides close the cycle the way the methods do: what was done against the plan and the
pilot's short-term evaluation (steps 3 and 4 of 'Five steps for the implementation of
enterprise knowledge management'), the gates each stage had to pass, and the next cycle's
roadmap, made again from the latest measurements (the Arthur Andersen method's evaluation
and maintenance, Handzic's feedback loop). A verdict never says more than its measures show.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from kmkit.core import numbers
from kmkit.core.said import plain_words
from kmkit.phases.audit.inputs import snapshot_label
from kmkit.phases.review import gates as g
from kmkit.phases.review import text
from kmkit.phases.review.nextcycle import made_routine
from kmkit.phases.review.page import ReviewPage
from kmkit.phases.review.pilot import ALL_OTHERS, Effect, overall
from kmkit.phases.review.tracking import late_or_stalled, tally
from kmkit.phases.solutions.roadmap import STAGE_NAMES, STAGE_WEEKS, stage_table
from kmkit.present.slides import Slide, Table, gantt, stage_point
from kmkit.present.text import and_list
from kmkit.present.theme import STAGES

DONE = "What we did and what comes next"
FIVE_STEPS = "five-steps-enterprise-km"
CYCLE = ("arthur-andersen-aaote-1998", "handzic-sme-guidelines")
STATUS_WORDS = {
    "done": "done",
    "running": "under way",
    "stalled": "stalled",
    "planned": "not started",
    "dropped": "dropped",
}
GATE_WORDS = {g.MET: "met", g.NOT_MET: "not met", g.UNKNOWN: "not known yet"}
SHOWS = {
    "worked": "an effect: better beyond chance",
    "no effect yet": "no effect yet: a change worth having is ruled out for now",
    "cannot tell": "cannot tell yet: the figures hold both no change and one worth having",
    "worse": "worse than the others",
}


def review_slides(page: ReviewPage) -> list[Slide]:
    """The cycle reviewed: what was done and what slipped, the pilot, the gates, the next cycle."""
    if not (page.e.reviewed if page.e is not None else page.data.started):
        return []  # nothing reviewed yet by the deck's date: the plan is the story
    made = (done_slide(page), pilot_slide(page), gates_slide(page), next_cycle_slide(page))
    return [s for s in made if s is not None]


# --- what was done -------------------------------------------------------------------------


def _month(day: object) -> str:
    """'Jan 2026'; '' when there is no date."""
    return f"{day:%b %Y}" if isinstance(day, dt.date) else ""


def _where(r: pd.Series) -> str:
    """Where one intervention stood at the review, in a few words."""
    if r["status"] == "done":
        return f"{_month(r['started'])} to {_month(r['finished'])}"
    if r["status"] in ("running", "stalled") and isinstance(r["started"], dt.date):
        progress = f", {r['progress']:.0f}% done" if pd.notna(r["progress"]) else ""
        return f"since {_month(r['started'])}{progress}"
    return "not started"


def _status(r: pd.Series) -> str:
    """'under way, late'; 'done, finished late'."""
    said = STATUS_WORDS.get(r["status"], r["status"])
    if r["late"]:
        return f"{said}, late"
    return f"{said}, finished late" if r["finished_late"] else said


def done_slide(page: ReviewPage) -> Slide | None:
    """What the first cycle did against its roadmap: done, under way, late, each named."""
    t = page.data.tracking
    if t is None or t.empty:
        return None
    n = tally(t)
    others = {"under way": n.running, "stalled": n.stalled, "not started": n.planned,
              "dropped": n.dropped}  # fmt: skip
    verb = "was" if n.done == 1 else "were"
    done = f"{n.done} of the first cycle's {n.total} interventions {verb} done"
    stood = and_list([done, *(f"{k} {word}" for word, k in others.items() if k)])
    hit = late_or_stalled(t)
    late = hit.loc[hit["late"]]
    said = f"{n.late} {'was' if n.late == 1 else 'were'} late" if n.late else "none was late"
    if 0 < len(late) <= 4:
        said += ": " + and_list([name.lower() for name in late["name"]])
    headline = f"By the review of {page.data.as_of:%-d %B %Y}, {stood}; {said}."
    points = [f"{r['name']}: {text.late_text(r)}." for _, r in hit.iterrows()]
    finished = t.loc[t["finished_late"]]
    if len(finished):
        each = [f"{r['name'].lower()} {text.weeks(r['end_slip'])}" for _, r in finished.iterrows()]
        points.append(f"Done, but after the planned date: {and_list(each)}.")
    if n.unrecorded:
        points.append(f"{n.unrecorded} of the interventions have no status recorded yet.")
    table = Table(
        header=("Intervention", "Stage", "Planned", "Actual", "Status"),
        rows=tuple(
            (
                r["name"],
                STAGE_NAMES.get(r["stage"], "-") if isinstance(r["stage"], str) else "-",
                f"{_month(r['planned_start'])} to {_month(r['planned_end'])}"
                if isinstance(r["planned_start"], dt.date)
                else "not on the roadmap",
                _where(r),
                _status(r),
            )
            for _, r in t.iterrows()
        ),
        widths=(2.4, 1.7, 1.9, 2.1, 1.6),
        highlight=frozenset(
            n
            for n, (late, status) in enumerate(zip(t["late"], t["status"], strict=True))
            if late or status == "stalled"
        ),
    )
    notes = (
        "Planned dates are the roadmap's, from each intervention's start to its first value. "
        "An intervention is late when it is still open past its planned first value, or not "
        "started past its planned start."
    )
    return Slide(DONE, headline, tuple(points), table, notes, (FIVE_STEPS, CYCLE[0]))


# --- did the pilot work ------------------------------------------------------------------


def _others(e: Effect) -> str:
    return "the other departments" if e.comparison == ALL_OTHERS else e.comparison


def _effect_row(e: Effect) -> tuple[str, str, str, str]:
    """One measure: its effect beyond the others' change, the interval, what it shows."""
    if e.effect is None:
        return (e.measure, "-", "-", f"cannot tell yet: {e.reason}")
    return (
        e.measure,
        text.amount(e, e.effect, signed=True),
        f"{e.low:+.2f} to {e.high:+.2f}",
        SHOWS[e.verdict],
    )


def pilot_slide(page: ReviewPage) -> Slide | None:
    """Whether the pilot worked, with its true scope: how many of its measures show an effect."""
    pilot = page.data.pilot
    if pilot is None:
        return None
    effects = page.effects
    if not effects:
        headline = (
            f"Whether the pilot in {pilot} worked cannot be told yet: no measure has been read "
            f"in {pilot} and elsewhere, before and after it began."
        )
        return Slide(DONE, headline, (), None, cites=(FIVE_STEPS,))
    worked = [e for e in effects if e.verdict == "worked"]
    rest = len(effects) - len(worked)
    if worked:
        e = worked[0]
        clause = (
            f"\u201c{e.measure}\u201d improved by {text.amount(e, abs(e.effect))} more than in "
            f"{_others(e)}"
        )
        if len(worked) > 1:
            clause += f", and {len(worked) - 1} more measure{'s' if len(worked) > 2 else ''} too"
        if rest:
            clause += f"; the other {rest} show{'s' if rest == 1 else ''} no effect yet"
    else:
        clause = "no measure shows an effect beyond what changed elsewhere yet"
    headline = f"In the {pilot} department, {page.verdict()}: {clause}."
    begun = page.data.pilot_start
    points = [
        f"Each measure sets {pilot}'s change since the pilot began"
        + (f" ({begun:%B %Y})" if begun else "")
        + f" beside the change in {_others(effects[0])} over the same months: what the pilot "
        "changed beyond what changed everywhere. Positive is better.",
        "A measure shows an effect only when its whole 95% interval lies on the better side of "
        f"no change; {rest} of the {len(effects)} do not, so the pilot is not shown to have "
        "changed them."
        if rest
        else "Every measure's whole 95% interval lies on the better side of no change.",
    ]
    points.append(_next_step(page, overall(effects)))
    table = Table(
        header=("Measure", f"Beyond {_others(effects[0])}", "95% interval", "What it shows"),
        rows=tuple(_effect_row(e) for e in effects),
        widths=(2.6, 1.5, 1.6, 3.6),
        highlight=frozenset(n for n, e in enumerate(effects) if e.verdict == "worked"),
    )
    notes = text.effects_brief(effects)
    return Slide(DONE, headline, tuple(points), table, notes, (FIVE_STEPS, CYCLE[1]), wide=True)


def _next_step(page: ReviewPage, word: str) -> str:
    """What the verdict leads to on the implementation path."""
    t = page.data.tracking
    done = (
        [] if t is None else list(t.loc[(t["stage"] == "pilot") & (t["status"] == "done"), "name"])
    )
    if word == "worked":
        what = and_list([d.lower() for d in done]) if done else "what the pilot finished"
        return f"Next: spread what worked to the other departments, starting with {what}."
    return (
        f"Next: find with {page.data.pilot} what holds the pilot back and correct it before "
        "spreading it, and keep measuring until the figures can decide."
    )


# --- the gates ------------------------------------------------------------------------------


def _open(c: g.Check) -> str:
    """A condition not met (or not known), with the figures that say so."""
    said = c.condition if c.status == g.NOT_MET else f"not known yet: {c.condition}"
    return f"{said} \u2013 {plain_words(c.figures)}"


def gates_slide(page: ReviewPage) -> Slide | None:
    """Each roadmap stage's gate, met or not, and what it still needs, in words."""
    checks = page.checks
    if not checks:
        return None
    status = {stage: g.gate_status(checks, stage) for stage in STAGE_NAMES}
    met = [STAGE_NAMES[s].lower() for s, word in status.items() if word == g.MET]
    if not met:
        said = f"None of the roadmap's {len(status)} stage gates is met yet"
    else:
        verb = "is" if len(met) == 1 else "are"
        said = f"{len(met)} of the roadmap's {len(status)} stage gates {verb} met ({and_list(met)})"
    blocked = next((s for s, word in status.items() if word == g.NOT_MET), None)
    if blocked is not None:
        open_ = [c.condition for c in checks if c.stage == blocked and c.status == g.NOT_MET]
        said += f"; the {STAGE_NAMES[blocked].lower()} gate still needs {and_list(open_)}"
    rows = []
    for stage, name in STAGE_NAMES.items():
        mine = [c for c in checks if c.stage == stage]
        done = [c.condition for c in mine if c.status == g.MET]
        rows.append(
            (
                name,
                f"{GATE_WORDS[status[stage]]} ({len(done)} of {len(mine)})",
                "; ".join(done) or "-",
                "; ".join(_open(c) for c in mine if c.status != g.MET) or "-",
            )
        )
    table = Table(
        header=("Gate", "Status", "Conditions met", "Still to meet"),
        rows=tuple(rows),
        widths=(1.4, 1.4, 3.8, 5.4),
        highlight=frozenset(n for n, s in enumerate(STAGE_NAMES) if status[s] == g.MET),
    )
    points = [
        "A stage's gate is met when each of its conditions is; what a stage spreads should "
        "first have passed the gate before it.",
    ]
    own = [STAGE_NAMES[s].lower() for s in page.data.settings.gates if s in STAGE_NAMES]
    if own:
        gates = "gate" if len(own) == 1 else "gates"
        points.append(f"The conditions of the {and_list(own)} {gates} were set for the firm.")
    notes = "\n".join(
        f"{STAGE_NAMES[c.stage]}: {c.condition}: {c.status} ({plain_words(c.figures)})"
        for c in checks
    )
    return Slide(DONE, said + ".", tuple(points), table, notes, (FIVE_STEPS, CYCLE[0]), wide=True)


# --- the next cycle -------------------------------------------------------------------------


def next_cycle_slide(page: ReviewPage) -> Slide | None:
    """The next cycle's roadmap, from the deck's date, made again from the latest measurements."""
    if not page.remeasured or page.data.latest.ranked.empty:
        return None
    roadmap = page.next_roadmap
    if roadmap.empty:
        return None
    start = page.next_start
    table = page.next_cycle_table
    total = int(roadmap["cost"].sum())
    piloted = roadmap.loc[roadmap["phase"] == "pilot", "name"].str.lower().tolist()
    first = (
        f"a {STAGE_WEEKS['pilot']}-week pilot of the {and_list(piloted)}"
        if piloted
        else "promoting what the first cycle began"
    )
    fresh = table.loc[table["first_cycle"] == "not chosen", "name"].tolist()
    carried = len(table) - len(fresh)
    if not fresh:
        kept = f"all {len(table)} of its interventions carry on from the first cycle"
    elif not carried:
        kept = f"all {len(table)} of its interventions are new"
    else:
        kept = f"{carried} of its {len(table)} interventions carry on from the first cycle"
    headline = f"The next cycle starts on {start:%-d %B %Y} with {first}; {kept}."
    count = page.need_table["status"].value_counts()
    points = [
        f"{len(roadmap)} interventions at about {numbers.amount(total, page.client.config)} a year"
        + (f"; new: {and_list(fresh)}." if fresh and carried else "."),
        f"Measured again, {count.get('closed', 0)} of the first cycle's needs are closed, "
        f"{count.get('remaining', 0)} remain and {count.get('new', 0)} are new.",
    ]
    points += [
        stage_point(s, page.client.config)
        for _, s in stage_table(roadmap, start).iterrows()
        if s["interventions"]
    ]
    routine = made_routine(page.data.tracking, table)
    if routine:
        points.append(f"Done and kept as routine work: {and_list(routine)}.")
    basis = _basis(page)
    if basis:
        points.append(f"Made again from {basis}.")
    notes = "\n".join(
        f"{r.name} (first cycle: {r.first_cycle}): {r.advice}." + (f" {r.note}." if r.note else "")
        for r in table.itertuples()
    )
    tasks = zip(roadmap["name"], roadmap["phase_name"], roadmap["start"], roadmap["end"],
                strict=True)  # fmt: skip
    chart = gantt("Next cycle: each intervention from its start to its first value", tasks,
                  start, STAGES)  # fmt: skip
    return Slide(DONE, headline, tuple(points), chart, notes, (*CYCLE, FIVE_STEPS))


def _basis(page: ReviewPage) -> str:
    """The survey wave and inventory snapshot the next cycle's plan was made from."""
    if page.e is None:
        return ""
    parts = []
    wave = page.e.wave_read()
    if wave is not None:
        parts.append(wave.label())
    if page.e.inventory is not None:
        parts.append(snapshot_label(page.e.inventory))
    return " and ".join(parts)
