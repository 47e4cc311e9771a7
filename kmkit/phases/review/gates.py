"""Phase 07: each roadmap stage's gate, checked on the data: met, not met, or unknown.

A gate is a list of conditions (`gates.yaml`, or the client's data/review.yaml); each check
below reads the facts the review gathered and says whether the condition holds, with the
figures behind it. Unknown means the data to decide is not there yet, and says what is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from kmkit.core.said import Said, Source
from kmkit.core.words import say_n
from kmkit.phases.measurement.compute import WaveChange
from kmkit.phases.review.pilot import Effect
from kmkit.phases.review.reaudit import SAME
from kmkit.phases.review.settings import Condition
from kmkit.phases.solutions.roadmap import STAGE_NAMES

MET, NOT_MET, UNKNOWN = "met", "not met", "unknown"


def and_list(words: list[str]) -> str:
    """'a', 'a and b', 'a, b and c' (computations may not use kmkit.present)."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


CREDIT = {"in place": 1.0, "partly": 0.5}


@dataclass(frozen=True)
class Facts:
    """What the gates are checked against; any part may be missing."""

    tracking: pd.DataFrame | None = None  # plan against actual (tracking.plan_vs_actual)
    pilot: list[Effect] = field(default_factory=list)  # KPI effects of the pilot
    waves: list[tuple[str, int]] = field(default_factory=list)  # maturity waves, respondents
    change: WaveChange | None = None  # first against latest wave
    kpis: pd.DataFrame | None = None  # phase 05's progress table (firm-wide KPIs)
    checklist: pd.DataFrame | None = None  # institutionalisation: measure, name, status...
    risk: tuple[float, float] | None = None  # critical assets' mean risk, first and latest
    files: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Check:
    """One condition of one stage's gate, and what the data says about it."""

    stage: str
    condition: str
    status: str  # met, not met, unknown
    figures: str  # a Said where it names a file: traced in the report, plain on a slide


def _share(share: float) -> str:
    return "all" if share >= 1 else f"{share:.0%} of"


def _stage_items(facts: Facts, stage: str) -> pd.DataFrame | None:
    if facts.tracking is None:
        return None
    t = facts.tracking
    return t.loc[(t["stage"] == stage) & (t["status"] != "dropped")]


def _describe(item: pd.Series) -> str:
    more = f", {item['progress']:.0f}%" if pd.notna(item["progress"]) else ""
    return f"{item['name']} ({item['status']}{more})"


def _counted(
    stage: str, cond: Condition, facts: Facts, statuses: tuple[str, ...], word: str
) -> Check:
    """A share of the stage's interventions in `statuses` (done; or started)."""
    label = f"{_share(cond.share)} the {STAGE_NAMES[stage].lower()} interventions {word}"
    items = _stage_items(facts, stage)
    if items is None:
        said = Said("no status recorded yet", sources=(Source(facts.files["progress"]),))
        return Check(stage, label, UNKNOWN, said)
    if items.empty:
        return Check(stage, label, UNKNOWN, "no intervention is planned in this stage")
    hit = items.loc[items["status"].isin(statuses)]
    rest = items.loc[~items["status"].isin(statuses)]
    figures = f"{len(hit)} of {len(items)} {word}"
    if len(hit):
        figures += f": {and_list(list(hit['name']))}"
    if len(rest):
        figures += f"; not yet: {and_list([_describe(r) for _, r in rest.iterrows()])}"
    ok = len(hit) / len(items) >= cond.share - 1e-9
    return Check(stage, label, MET if ok else NOT_MET, figures)


def check_done(stage: str, cond: Condition, facts: Facts) -> Check:
    """A share of the stage's interventions done."""
    return _counted(stage, cond, facts, ("done",), "done")


def check_started(stage: str, cond: Condition, facts: Facts) -> Check:
    """A share of the stage's interventions started (running, stalled or done)."""
    return _counted(stage, cond, facts, ("running", "stalled", "done"), "started")


def _effect_figures(e: Effect) -> str:
    """A KPI's verdict with the effect and interval behind it."""
    if e.effect is None:
        return f"{e.measure}: cannot tell ({e.reason})"
    return (
        f"{e.measure}: {e.verdict}, {e.effect:+.2f} {e.unit} beyond the others' change "
        f"(95% interval {e.low:+.2f} to {e.high:+.2f})"
    )


def check_pilot_worked(stage: str, cond: Condition, facts: Facts) -> Check:
    """Enough pilot KPIs improved beyond chance against the other departments."""
    effects = [e for e in facts.pilot if not cond.indicator or e.measure == cond.indicator]
    what = (
        f"'{cond.indicator}'"
        if cond.indicator
        else say_n("at least {n} pilot KPI", "at least {n} pilot KPIs", cond.kpis)
    )
    label = f"{what} improved in the pilot department beyond chance, against the others"
    if not effects:
        return Check(stage, label, UNKNOWN, "no KPI readings per department to compare")
    worked = [e.measure for e in effects if e.verdict == "worked"]
    open_ = [e for e in effects if e.verdict == "cannot tell"]
    said = "; ".join(_effect_figures(e) for e in effects)
    need = 1 if cond.indicator else cond.kpis
    if len(worked) >= need:
        return Check(stage, label, MET, said)
    return Check(stage, label, UNKNOWN if len(worked) + len(open_) >= need else NOT_MET, said)


def check_follow_up_wave(stage: str, cond: Condition, facts: Facts) -> Check:
    """A maturity survey wave after the first."""
    label = "a follow-up maturity survey wave"
    if not facts.waves:
        return Check(stage, label, UNKNOWN, "no survey answers yet")
    said = and_list([f"'{name}' ({n} respondents)" for name, n in facts.waves])
    return Check(stage, label, MET if len(facts.waves) > 1 else NOT_MET, f"waves {said}")


def check_maturity_rose(stage: str, cond: Condition, facts: Facts) -> Check:
    """A maturity category (any, or the one named) rose by more than chance explains."""
    what = f"maturity category '{cond.category}'" if cond.category else "a maturity category"
    label = f"{what} rose beyond chance since the first wave"
    if facts.change is None:
        return Check(stage, label, UNKNOWN, "needs a second survey wave")
    t = facts.change.table.loc[facts.change.table["category"] != "overall"]
    if cond.category:
        t = t.loc[t["category"] == cond.category]
    rose = t.loc[t["real"] & (t["change"] > 0)]
    figures = "; ".join(
        f"{r.name} {r.change:+.2f} (95% interval {r.low:+.2f} to {r.high:+.2f})"
        for r in (rose if len(rose) else t).itertuples()
    )
    if not len(rose):
        figures = "none beyond chance: " + figures
    return Check(stage, label, MET if len(rose) else NOT_MET, figures)


def check_kpi_on_track(stage: str, cond: Condition, facts: Facts) -> Check:
    """A firm-wide KPI improving or at its target (phase 05)."""
    label = f"'{cond.indicator}' improving or at target"
    if facts.kpis is None:
        return Check(stage, label, UNKNOWN, "no firm-wide KPI readings yet")
    found = facts.kpis.loc[facts.kpis["indicator"] == cond.indicator]
    if found.empty:
        said = Said("no firm-wide readings of it yet", sources=(Source(facts.files["kpis"]),))
        return Check(stage, label, UNKNOWN, said)
    r = found.iloc[0]
    figures = f"{r['baseline']:g} to {r['latest']:g} (target {r['target']:g}): {r['status']}"
    ok = r["status"] in ("improving", "target reached")
    return Check(stage, label, MET if ok else NOT_MET, figures)


def check_institutionalised(stage: str, cond: Condition, facts: Facts) -> Check:
    """A share of the institutionalisation checklist in place (partly counts half)."""
    label = f"{_share(cond.share)} the institutionalisation checklist in place"
    if facts.checklist is None:
        file = Source(facts.files["institutionalisation"])
        return Check(stage, label, UNKNOWN, Said("not recorded yet", sources=(file,)))
    c = facts.checklist
    score = float(c["status"].map(CREDIT).fillna(0).mean())
    placed = c.loc[c["status"] == "in place", "name"].tolist()
    figures = f"{score:.0%} in place (partly counts half)"
    if placed:
        figures += f": {and_list(placed)}"
    return Check(stage, label, MET if score >= cond.share - 1e-9 else NOT_MET, figures)


def check_risk_down(stage: str, cond: Condition, facts: Facts) -> Check:
    """The critical assets' mean knowledge risk lower than at the first audit."""
    label = "knowledge risk of the critical assets lower than at the first audit"
    if facts.risk is None:
        return Check(stage, label, UNKNOWN, "needs a second inventory snapshot (a re-audit)")
    then, now = facts.risk
    figures = f"mean risk {then:.0f} of 100 at the first audit, {now:.0f} now"
    return Check(stage, label, MET if now <= then - SAME else NOT_MET, figures)


CHECKS: dict[str, Callable[[str, Condition, Facts], Check]] = {
    "done": check_done,
    "started": check_started,
    "pilot_worked": check_pilot_worked,
    "follow_up_wave": check_follow_up_wave,
    "maturity_rose": check_maturity_rose,
    "kpi_on_track": check_kpi_on_track,
    "institutionalised": check_institutionalised,
    "risk_down": check_risk_down,
}


def check_gates(conditions: dict[str, list[Condition]], facts: Facts) -> list[Check]:
    """Every condition of every stage's gate, in roadmap order."""
    return [
        CHECKS[cond.check](stage, cond, facts)
        for stage, listed in conditions.items()
        for cond in listed
    ]


def gate_status(checks: list[Check], stage: str) -> str:
    """A stage's gate: met when every condition is, not met when any is not, else unknown."""
    found = {c.status for c in checks if c.stage == stage}
    if found == {MET}:
        return MET
    return NOT_MET if NOT_MET in found else UNKNOWN
