"""One engagement, one story: the report, the dashboard and the deck agree, or say which.

Everything here reads `kmkit demo --as-of` run once (the session's `demo_outputs`) and one
deck made from the same clients as of the same date.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from helpers import AS_OF, engaged
from pptx import Presentation

from kmkit.core import numbers
from kmkit.core.workspace import open_client
from kmkit.phases.audit.compute import seci_reading
from kmkit.phases.audit.inputs import snapshot_label
from kmkit.present.text import and_list
from kmkit.reports.deck.build import build_deck, deck_slides

SLUG = "demo-accounting"


def words(page: str) -> str:
    """A page's words and figures, without the markup, scripts and styles around them."""
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.fixture(scope="module")
def story(demo_outputs, tmp_path_factory):
    """The engagement, and what its report, dashboard and deck say, as text."""
    clients_dir, made = demo_outputs
    assert made.returncode == 0, made.stderr
    e = engaged(open_client(SLUG, clients_dir))
    reports = clients_dir / SLUG / "reports"
    deck = build_deck(e, tmp_path_factory.mktemp("story") / "deck.pptx")
    slides = " ".join(
        " ".join(s.text_frame.text.split())
        for slide in Presentation(deck).slides
        for s in slide.shapes
        if s.has_text_frame
    )
    return {
        "e": e,
        "report": words((reports / "report.html").read_text("utf-8")),
        "dashboard": words((reports / "dashboard.html").read_text("utf-8")),
        "deck": slides,
    }


def test_the_demo_is_a_second_cycle_with_two_waves_and_two_snapshots(story):
    e = story["e"]
    assert e.cycle == 2 and e.reviewed
    assert len(e.waves) >= 2 and len(e.snapshots) >= 2
    assert e.maturity.wave != e.first_maturity.wave  # so sections must say which they read


def test_every_output_gives_the_current_overall_score_and_level(story):
    r = story["e"].page("awareness").result
    for output in ("report", "dashboard", "deck"):
        said = story[output]
        assert numbers.score(r.overall) in said, output
        assert r.level.name in said, output


def test_awareness_and_solutions_each_name_the_wave_they_read(story):
    e = story["e"]
    now, first = e.wave_read().label(), e.wave_read(first=True).label()
    assert now != first
    for output in ("report", "dashboard"):
        said = story[output]
        assert first in said, output  # the plan's line names the baseline it answers
    assert now in story["report"]  # awareness names the current wave
    said = e.page("solutions").reads().data.strip("*")
    assert said.startswith(f"The first cycle's plan, made from {first}")  # reviewed: cycle 2


def test_the_riskiest_asset_is_the_same_wherever_it_is_named(story):
    e = story["e"]
    found = e.page("audit").key_figures()
    assert found["snapshot"] == e.snapshots[-1].as_of  # the audit reads the latest snapshot
    riskiest = f"{found['riskiest']}, risk {numbers.whole(found['risk'])} of 100"
    for output in ("report", "dashboard"):
        assert riskiest in story[output], output
    said = f"\u201c{found['riskiest']}\u201d, scores {numbers.whole(found['risk'])} out of 100"
    assert said in story["deck"]
    first_risky = e.plan.inputs.inventory.as_of
    assert first_risky == e.snapshots[0].as_of  # the plan reads the first, and says so
    assert f"{e.snapshots[0].as_of:%-d %B %Y}" in story["report"]


def test_the_pilot_verdict_carries_its_scope_in_report_and_dashboard(story):
    page = story["e"].page("review")
    shown = sum(x.verdict == "worked" for x in page.effects)
    scope = f"{shown} of {len(page.effects)} measure"
    for output in ("report", "dashboard", "deck"):
        assert page.verdict() in story[output], output
    assert scope in page.verdict()


def test_the_strongest_and_weakest_areas_score_alike_in_report_and_deck(story):
    ranked = story["e"].page("awareness").result.ranked()
    for area in (ranked.iloc[0], ranked.iloc[-1]):
        figure = numbers.score(area["mean"])
        assert re.search(rf"{re.escape(area['name'])}[^.(]*\({figure}\)", story["deck"])
        assert area["name"] in story["report"] and figure in story["report"]


def test_the_dashboard_and_report_date_the_roadmap_alike(story):
    e = story["e"]
    start = f"{e.start:%-d %B %Y}"
    assert e.start <= AS_OF
    assert start in story["dashboard"]
    assert f"As of {AS_OF:%-d %B %Y}" in story["dashboard"]


def test_the_dashboard_shows_the_chart_its_cluster_words_describe(story):
    page = (story["e"].client.reports_dir / "dashboard.html").read_text("utf-8")
    section = page[page.index("Your firm in the cluster") : page.index("Who in the cluster")]
    assert "grey bar" in words(section)
    assert 'data-mime-type="image/svg+xml"' in section  # the chart the words describe


def test_one_report_dashboard_and_deck_make_each_cycles_plan_once(
    clients_dir, tmp_path, monkeypatch
):
    """Phase 04's plan is made once for this cycle and once for the next, not per output."""
    import kmkit.phases.solutions.compute as compute
    from kmkit.reports.batch import run_here
    from kmkit.reports.jobs import Job

    log, real = tmp_path / "plans.log", compute.recommend

    def recommend(*args, **kwargs):
        with log.open("a") as made:  # the report runs in a fork: it tells the test by file
            made.write("plan\n")
        return real(*args, **kwargs)

    job = Job(SLUG, str(clients_dir), dashboard=True, deck=True, as_of=AS_OF.isoformat())
    monkeypatch.setattr(compute, "recommend", recommend)
    (outcome,) = run_here([job])
    assert outcome.status == "ok", outcome
    assert log.read_text().splitlines() == ["plan", "plan"]
    e = engaged(open_client(SLUG, clients_dir))
    assert e.next_plan is not e.plan  # re-measured: the next cycle has a plan of its own


def test_as_of_a_date_before_the_review_the_engagement_tells_the_plan(demo_outputs):
    clients_dir, _ = demo_outputs
    early = engaged(open_client(SLUG, clients_dir), dt.date(2026, 1, 15))
    assert early.cycle == 1 and not early.reviewed
    assert len(early.waves) == 1 and len(early.snapshots) == 1  # later ones left out
    assert early.next_plan is early.plan  # nothing measured again: no next cycle yet
    assert early.page("solutions").reads().data.startswith("*The plan, made from")
    sections = {s.section for s in deck_slides(early)}
    assert "What we did and what comes next" not in sections
    kpis = early.page("measurement").kpis
    assert kpis is None or max(kpis["date"]) <= early.as_of


def test_the_seci_readings_of_the_audit_and_of_the_plan_each_name_their_snapshot(story):
    e = story["e"]
    latest = e.page("audit").key_figures()["seci"]
    first = {c.name: c.lacks for c in seci_reading(e.first_inventory)}
    lacking = [name.lower() for name, lacks in latest.items() if lacks]
    assert f"The firm lacks {and_list(lacking)}" in story["report"]  # the audit: latest
    assert latest != first  # the re-audit moved them, so the plan's reading must say its own
    assert (
        f"made from {e.wave_read(first=True).label()} and {snapshot_label(e.first_inventory)}"
        in (story["report"])
    )
