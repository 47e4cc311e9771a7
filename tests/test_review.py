"""Phase 07, the review: plan against actual, the pilot's effect, gates, re-audit, next cycle."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from helpers import engaged

from kmkit.core.errors import KmkitError
from kmkit.core.workspace import open_client
from kmkit.phases.audit.inputs import read_snapshots
from kmkit.phases.measurement.inputs import read_kpis
from kmkit.phases.review import gates as g
from kmkit.phases.review.compute import check_comparison
from kmkit.phases.review.inputs import read_progress
from kmkit.phases.review.pilot import ALL_OTHERS, did, kpi_effects, survey_effect, verdict
from kmkit.phases.review.reaudit import (
    critical_risk,
    key_person_change,
    risk_change,
    ties,
)
from kmkit.phases.review.settings import Condition
from kmkit.phases.review.tracking import late_or_stalled, plan_vs_actual, tally
from kmkit.phases.solutions.catalogue import load_catalogue

D = dt.date


# --- The difference in differences, by hand ------------------------------------------------


def test_did_of_constant_cells_is_exact_with_no_spread():
    # lower is better: pilot 5 -> 3 (2 better), others 4 -> 3.5 (0.5 better): 1.5 beyond them
    cells = [np.array([5.0, 5.0]), np.array([3.0, 3.0]), np.array([4.0, 4.0]), np.array([3.5, 3.5])]
    assert did(cells, sign=-1) == pytest.approx((1.5, 1.5, 1.5))
    assert did(cells, sign=1) == pytest.approx((-1.5, -1.5, -1.5))


def test_did_interval_when_one_cell_varies_by_hand():
    # Only the pilot's 'after' varies: a resampled mean of [2, 4] is 2, 3 or 4 (1/4, 1/2, 1/4).
    # Lower is better, so the effect is -((m - 5) - (3.5 - 4)) = 4.5 - m: 2.5, 1.5 or 0.5.
    cells = [np.array([5.0, 5.0]), np.array([2.0, 4.0]), np.array([4.0, 4.0]), np.array([3.5, 3.5])]
    effect, low, high = did(cells, sign=-1)
    assert (effect, low, high) == pytest.approx((1.5, 0.5, 2.5))
    assert did(cells, sign=-1) == (effect, low, high)  # a fixed seed: the same every time


@pytest.mark.parametrize(
    ("low", "high", "word"),
    [(0.1, 0.9, "worked"), (-0.9, -0.1, "worse"), (-0.1, 0.1, "no effect yet"),
     (-0.1, 0.6, "cannot tell")],
)  # fmt: skip
def test_verdict_reads_the_interval_against_a_change_worth_having(low, high, word):
    said, why = verdict(low, high, meaningful=0.5)
    assert said == word
    assert bool(why) == (word == "cannot tell")


HEAD = "indicator,unit,better,kind,target,date,value,department\n"


def kpi_file(tmp_path, body: str) -> pd.DataFrame:
    path = tmp_path / "kpis.csv"
    path.write_text(HEAD + body)
    return read_kpis(path, ["Audit", "Tax", "Advisory"])


PILOT_KPIS = (
    "Search,hours,lower,quantitative,2,2026-01-31,5,\n"  # firm-wide baseline 5, target 2
    "Search,,,,,2026-01-31,5,Audit\nSearch,,,,,2026-02-28,5,Audit\n"
    "Search,,,,,2026-04-30,3,Audit\nSearch,,,,,2026-05-31,3,Audit\n"
    "Search,,,,,2026-01-31,4,Tax\nSearch,,,,,2026-02-28,4,Tax\n"
    "Search,,,,,2026-04-30,4,Tax\nSearch,,,,,2026-05-31,4,Tax\n"
    "Search,,,,,2026-01-31,6,Advisory\nSearch,,,,,2026-02-28,6,Advisory\n"
    "Search,,,,,2026-04-30,5,Advisory\nSearch,,,,,2026-05-31,5,Advisory\n"
)


def test_kpi_effect_of_the_pilot_against_all_others_and_one_department(tmp_path):
    kpis = kpi_file(tmp_path, PILOT_KPIS)
    start = D(2026, 3, 15)
    (effect,) = kpi_effects(kpis, "Audit", start)
    # Audit 5 -> 3; the others' mean per date (Tax 4, Advisory 6 then 5) 5 -> 4.5.
    # Lower is better: -((3 - 5) - (4.5 - 5)) = 1.5 hours beyond the others' change.
    assert effect.means == pytest.approx((5, 3, 5, 4.5)) and effect.counts == (2, 2, 2, 2)
    assert effect.effect == pytest.approx(1.5) and effect.verdict == "worked"
    assert effect.meaningful == pytest.approx(0.25 * 3)  # a quarter of the way 5 -> 2
    (tax,) = kpi_effects(kpis, "Audit", start, "Tax")
    assert tax.effect == pytest.approx(2.0) and tax.comparison == "Tax"  # Tax stayed at 4


def test_kpi_effect_cannot_tell_with_one_reading_before_the_pilot(tmp_path):
    kpis = kpi_file(tmp_path, PILOT_KPIS)
    (effect,) = kpi_effects(kpis, "Audit", D(2026, 2, 15))
    assert effect.verdict == "cannot tell" and effect.effect is None
    assert "fewer than 2 readings in Audit before the pilot began" in effect.reason
    (alone,) = kpi_effects(kpi_file(tmp_path, PILOT_KPIS.split("Search,,,,,2026-01-31,4")[0]),
                           "Audit", D(2026, 3, 15))  # fmt: skip
    assert "no other department has readings of it" in alone.reason


def test_survey_effect_is_never_computed_for_a_group_under_the_threshold(clients_dir):
    from kmkit.phases.awareness.compute import assess_maturity

    client = open_client("demo-accounting", clients_dir)
    first, latest = assess_maturity(client, "baseline"), assess_maturity(client, "follow-up")
    small = survey_effect(first, latest, "Advisory", threshold=5)  # four respondents
    assert small.effect is None and "too small" in small.reason and np.isnan(small.means[0])
    shown = survey_effect(first, latest, "Audit", threshold=5)
    audit = [r.by_respondent.query("department == 'Audit'") for r in (first, latest)]
    cats = [c.id for c in first.instrument.categories]
    before, after = (a[cats].mean(axis=1).mean() for a in audit)
    assert shown.means[:2] == pytest.approx((before, after)) and shown.counts[:2] == (5, 5)


# --- Plan against actual, by hand ----------------------------------------------------------

ROADMAP = pd.DataFrame(
    {
        "id": ["mentoring", "sop", "intranet"],
        "name": ["Mentoring", "SOPs", "Intranet"],
        "phase": ["pilot", "pilot", "promote"],
        "owner": ["Ann", "", "Bob"],
        "start": [D(2026, 1, 5), D(2026, 1, 5), D(2026, 4, 6)],
        "end": [D(2026, 3, 2), D(2026, 2, 2), D(2026, 6, 1)],
    }
)


def progress_file(tmp_path, body: str) -> pd.DataFrame:
    path = tmp_path / "progress.csv"
    path.write_text("intervention,status,started,finished,progress,note\n" + body)
    return read_progress(path, load_catalogue())


def test_plan_against_actual_by_hand(tmp_path):
    progress = progress_file(
        tmp_path,
        "mentoring,done,2026-01-19,2026-03-16,,Paired\nStandard operating procedures,stalled,"
        "2026-02-02,,30,No time\n",
    )
    t = plan_vs_actual(ROADMAP, progress, D(2026, 7, 1), {}).set_index("id")
    assert t.loc["mentoring", "start_slip"] == 14 and t.loc["mentoring", "end_slip"] == 14
    assert t.loc["mentoring", "finished_late"] and not t.loc["mentoring", "late"]
    assert t.loc["mentoring", "progress"] == 100  # done without a figure: all the way
    assert t.loc["sop", "start_slip"] == 28 and t.loc["sop", "late"]  # named, not by id
    assert t.loc["sop", "late_by"] == (D(2026, 7, 1) - D(2026, 2, 2)).days
    assert t.loc["intranet", "status"] == "planned" and not t.loc["intranet", "recorded"]
    assert t.loc["intranet", "late_by"] == (D(2026, 7, 1) - D(2026, 4, 6)).days  # never begun
    counts = tally(plan_vs_actual(ROADMAP, progress, D(2026, 7, 1), {}))
    assert (counts.done, counts.stalled, counts.planned, counts.late) == (1, 1, 1, 2)
    assert counts.finished_late == 1 and counts.unrecorded == 1
    order = late_or_stalled(t.reset_index())
    assert list(order["id"]) == ["sop", "intranet"]  # stalled first


def test_nothing_is_late_before_its_dates_and_a_day_past_a_start_is(tmp_path):
    progress = progress_file(tmp_path, "mentoring,running,2026-01-05,,,\n")
    t = plan_vs_actual(ROADMAP, progress, D(2026, 1, 5), {})
    assert not t["late"].any() and t.loc[0, "start_slip"] == 0
    t = plan_vs_actual(ROADMAP, progress, D(2026, 1, 6), {}).set_index("id")
    assert t.loc["sop", "late"] and t.loc["sop", "start_slip"] == 1  # not begun on its day
    assert not t.loc["mentoring", "late"]


def test_an_intervention_off_the_roadmap_is_kept(tmp_path):
    progress = progress_file(
        tmp_path, "intranet,running,2026-04-06,,,\ncommunities,running,2026-05-04,,,\n"
    )
    t = plan_vs_actual(ROADMAP, progress, D(2026, 5, 20), {"communities": "Communities"})
    extra = t.loc[t["id"] == "communities"].iloc[0]
    assert extra["name"] == "Communities" and pd.isna(extra["stage"]) and not extra["late"]


# --- Gates, by hand -------------------------------------------------------------------------


def tracking(statuses: list[str], stage: str = "pilot") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": [f"I{n}" for n in range(len(statuses))],
            "stage": stage,
            "status": statuses,
            "progress": [100.0 if s == "done" else 40.0 for s in statuses],
        }
    )


def check(kind: str, facts: g.Facts, stage: str = "pilot", **given) -> g.Check:
    return g.CHECKS[kind](stage, Condition(check=kind, **given), facts)


FILES = {"progress": "data/progress.csv", "kpis": "data/kpis.csv",
         "institutionalisation": "data/institutionalisation.csv"}  # fmt: skip


def test_share_done_is_checked_against_the_gate(tmp_path):
    facts = g.Facts(tracking=tracking(["done", "done", "running", "stalled", "dropped"]),
                    files=FILES)  # fmt: skip
    # dropped work does not count: 2 of 4 done
    assert check("done", facts, share=0.75).status == g.NOT_MET
    half = check("done", facts, share=0.5)
    assert half.status == g.MET and half.figures.startswith("2 of 4 done: I0 and I1")
    assert check("started", facts).status == g.MET  # all four begun
    assert check("done", g.Facts(files=FILES)).status == g.UNKNOWN
    assert (
        check("done", facts, stage="promote").figures == "no intervention is planned in this stage"
    )


def test_institutionalised_counts_partly_as_half():
    checklist = pd.DataFrame(
        {"name": list("ABCD"), "status": ["in place", "partly", "missing", "not recorded"]}
    )
    facts = g.Facts(checklist=checklist, files=FILES)
    said = check("institutionalised", facts, share=0.375)  # (1 + 0.5) / 4
    assert said.status == g.MET and said.figures.startswith("38% in place")
    assert check("institutionalised", facts, share=0.4).status == g.NOT_MET


def test_risk_down_needs_more_than_a_point_and_a_second_snapshot():
    assert check("risk_down", g.Facts(risk=(50.0, 40.0))).status == g.MET
    assert check("risk_down", g.Facts(risk=(50.0, 49.5))).status == g.NOT_MET
    assert check("risk_down", g.Facts()).status == g.UNKNOWN


def test_pilot_worked_is_unknown_while_the_data_cannot_decide(tmp_path):
    kpis = kpi_file(tmp_path, PILOT_KPIS)
    worked = kpi_effects(kpis, "Audit", D(2026, 3, 15))
    undecided = kpi_effects(kpis, "Audit", D(2026, 2, 15))
    assert check("pilot_worked", g.Facts(pilot=worked)).status == g.MET
    assert check("pilot_worked", g.Facts(pilot=undecided)).status == g.UNKNOWN
    assert check("pilot_worked", g.Facts(pilot=worked), kpis=2).status == g.NOT_MET
    named = check("pilot_worked", g.Facts(pilot=worked), indicator="Search")
    assert named.status == g.MET and "+1.50 hours" in named.figures


def test_a_gate_is_met_only_when_every_condition_is():
    def checks(*statuses: str) -> list[g.Check]:
        return [g.Check("pilot", "c", s, "") for s in statuses]

    assert g.gate_status(checks(g.MET, g.MET), "pilot") == g.MET
    assert g.gate_status(checks(g.MET, g.UNKNOWN), "pilot") == g.UNKNOWN
    assert g.gate_status(checks(g.UNKNOWN, g.NOT_MET), "pilot") == g.NOT_MET


# --- The re-audit, by hand ------------------------------------------------------------------

COLUMNS = (
    "asset,area,kind,resides,holders,documentation,criticality,loss_likelihood,loss_reason,"
    "proficiency_now,proficiency_target,diffusion_now,diffusion_target,codification_now,"
    "codification_target,as_of\n"
)
HISTORY = COLUMNS + (
    "Setups,Machining,tacit,people,Ann,none,5,4,retirement,5,5,2,4,1,4,2025-01-10\n"
    "Manual,Quality,explicit,structures,Bob;Cy,full,2,2,,3,4,3,4,4,4,2025-01-10\n"
    "Quotes,Sales,tacit,people,Dee,partial,4,2,,3,4,3,4,2,4,2025-01-10\n"
    "Setups,Machining,tacit,people,Ann;Eve,partial,5,3,retirement,5,5,3,4,3,4,2026-01-12\n"
    "Manual,Quality,explicit,structures,Bob;Cy,full,2,2,,3,4,3,4,4,4,2026-01-12\n"
    "Tooling,Machining,tacit,people,Eve,partial,4,3,,3,4,2,4,2,4,2026-01-12\n"
)


def test_risk_then_and_now_per_asset_by_hand(tmp_path):
    path = tmp_path / "inventory.csv"
    path.write_text(HISTORY)
    first, latest = read_snapshots(path)
    assert (first.as_of, latest.as_of) == (D(2025, 1, 10), D(2026, 1, 12))
    change = risk_change(first, latest).set_index("asset")
    # Setups: 5 x 4 x 1.5 (undocumented) = 30 -> 80 of 100; now 5 x 3 x 1.2 = 18 -> 48
    assert change.loc["Setups", "risk_then"] == pytest.approx(80)
    assert change.loc["Setups", "risk_now"] == pytest.approx(48)
    assert change.loc["Setups", "status"] == "lower"
    assert change.loc["Manual", "status"] == "same"
    assert change.loc["Tooling", "status"] == "new" and change.loc["Quotes", "status"] == "gone"
    # critical assets' mean: then Setups 80 and Quotes 4 x 2 x 1.2 = 25.6; now 48 and 38.4
    assert critical_risk(first) == pytest.approx((80 + 25.6) / 2)
    assert critical_risk(latest) == pytest.approx((48 + 38.4) / 2)


def test_key_person_risks_resolved_remaining_and_new(tmp_path):
    path = tmp_path / "inventory.csv"
    path.write_text(HISTORY)
    first, latest = read_snapshots(path)
    people = key_person_change(first, latest)
    assert set(people.resolved["holder"]) == {"Ann", "Dee"}  # Setups now shared; Quotes gone
    assert people.remaining.empty
    assert list(people.new["asset"]) == ["Tooling"] and list(people.new["holder"]) == ["Eve"]


def test_a_fall_in_risk_is_tied_to_done_work_aimed_at_its_kind(tmp_path):
    path = tmp_path / "inventory.csv"
    path.write_text(HISTORY)
    change = risk_change(*read_snapshots(path))
    found = ties(change, ["mentoring", "intranet", "ip_protection"], load_catalogue())
    # Setups carried retirement, a single holder, thin documentation and low diffusion;
    # mentoring and the intranet address some of those, IP protection none.
    assert found == {"setups": ["Mentoring programme", "Intranet or wiki"]}


# --- The demo clients --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def accounting(tmp_path_factory):
    import shutil

    from helpers import SHIPPED_CLIENTS

    from kmkit.apps.dashboard import dashboard

    root = tmp_path_factory.mktemp("review") / "clients"
    shutil.copytree(SHIPPED_CLIENTS, root, ignore=shutil.ignore_patterns("reports"))
    return dashboard(engaged(open_client("demo-accounting", root)))


def test_demo_accounting_a_year_on_has_late_stalled_and_done_work(accounting):
    t = accounting.part("review").page.data.tracking
    assert set(t["status"]) >= {"done", "running", "stalled", "planned"}
    assert t["late"].sum() >= 2 and (t["status"] == "stalled").sum() == 1
    assert accounting.part("review").page.data.pilot == "Audit"  # phase 04's suggestion


def test_dashboard_lists_what_is_late_and_the_review(accounting):
    page = accounting.part("review").page
    said = accounting.said("review")
    late = late_or_stalled(page.data.tracking)
    lines = said.split("**Late or stalled:**")[1].strip().splitlines()
    assert [line.split("**")[1] for line in lines] == list(late["name"])
    assert "stalled" in lines[0] and "No cover to release staff" in lines[0]
    assert f"- **Did the pilot work?** In Audit: {page.verdict()}." in said
    assert (
        f"{sum(e.verdict == 'worked' for e in page.effects)} of {len(page.effects)} measures"
        in said
    )
    assert "| Review and the next cycle | 6 interventions tracked: 2 done, 4 late |" in (
        accounting.phases().data
    )


def test_explorer_compares_the_pilot_with_the_department_picked(accounting):
    page = accounting.part("review").page
    widget = page.explorer()
    pick, view = widget.children
    assert pick.options[0] == ALL_OTHERS and "Audit" not in pick.options
    assert "Advisory" in pick.options  # it has KPI readings, though too few survey answers
    pick.value = "Tax"
    shown = str(view.outputs)
    assert "in Tax" in shown and "image/svg+xml" in shown
    with pytest.raises(KmkitError, match="Choices: all other departments, Advisory"):
        check_comparison(page.data, "Sales")
