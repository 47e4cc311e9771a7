"""The steering-meeting deck: a branded cover, one slide per key finding, native charts.

Every figure a test expects is computed here by the same kmkit functions the notebooks call,
never typed in: the deck must say what the phases computed.
"""

import datetime as dt
import io
import re
import shutil
import subprocess

import pytest
from helpers import SHIPPED_CLIENTS, engaged, run_kmkit
from lxml import etree
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn

from kmkit.core import numbers
from kmkit.core.errors import InputError
from kmkit.core.said import sentence
from kmkit.core.workspace import open_client
from kmkit.phases.audit.compute import asset_risk, departures
from kmkit.phases.audit.inputs import snapshot_label
from kmkit.phases.awareness.compute import item_gaps
from kmkit.phases.awareness.page import GAPS_SHOWN, awareness_page
from kmkit.phases.measurement.compute import kpi_progress
from kmkit.phases.measurement.page import measure_page
from kmkit.phases.partnerships.compute import ip_readiness
from kmkit.phases.partnerships.page import partnerships_page
from kmkit.phases.review import gates
from kmkit.phases.review.text import pilot_scope
from kmkit.phases.review.tracking import tally
from kmkit.phases.solutions.page import solutions_page
from kmkit.phases.solutions.roadmap import STAGE_NAMES
from kmkit.reports.deck.build import build_deck
from kmkit.reports.deck.citations import full, short

BRAND = {"consultant": "Fieldwork Knowledge Partners", "colour": "#7A3B69"}


@pytest.fixture(scope="session")
def clients(tmp_path_factory):
    """A private copy of the demo clients, with the consultant's branding and logo."""
    from PIL import Image

    root = tmp_path_factory.mktemp("deck") / "clients"
    shutil.copytree(SHIPPED_CLIENTS, root, ignore=shutil.ignore_patterns("reports"))
    Image.new("RGB", (120, 40), (122, 59, 105)).save(root / "logo.png")
    (root / "branding.yaml").write_text(
        f"consultant: {BRAND['consultant']}\ncolour: '{BRAND['colour']}'\nlogo: logo.png\n"
    )
    return root


@pytest.fixture(scope="session")
def engagement(clients):
    """demo-accounting's engagement as of the demo's date: a year in, its cycle reviewed."""
    return engaged(open_client("demo-accounting", clients))


@pytest.fixture(scope="session")
def accounting(engagement):
    """demo-accounting, which has data in every phase, and its deck, built once."""
    return engagement.client, Presentation(build_deck(engagement))


def sections(prs):
    """The section line above each finding's headline, slide by slide (cover excluded)."""
    found = []
    for slide in list(prs.slides)[1:]:
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        found.append(next((t for t in texts if t.isupper()), ""))
    return found


def slide_about(prs, words):
    """The one slide whose headline holds `words`."""
    hits = [s for s in prs.slides if words in s.shapes.title.text]
    assert len(hits) == 1, f"{len(hits)} slides say {words!r}: {titles(prs)}"
    return hits[0]


def titles(prs):
    return [s.shapes.title.text for s in prs.slides]


def chart_of(slide):
    charts = [s.chart for s in slide.shapes if s.has_chart]
    assert len(charts) == 1, "a finding with a chart shows it as one native chart"
    return charts[0]


def intervals(chart):
    """The 95% bounds drawn as error bars around the first series, read from the chart XML."""
    series = chart.plots[0].series[0]
    bars = series._element.find(qn("c:errBars"))
    assert bars is not None, "the intervals are drawn"

    def read(tag):
        return [float(v.text) for v in bars.find(qn(tag)).iter(qn("c:v"))]

    values = list(series.values)
    lows = [v - m for v, m in zip(values, read("c:minus"), strict=True)]
    highs = [v + p for v, p in zip(values, read("c:plus"), strict=True)]
    return lows, highs


def all_text(prs):
    """Every word in the deck: slide text, tables, chart titles and labels, speaker notes."""
    words = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                words.append(shape.text_frame.text)
            if shape.has_table:
                words += [c.text for row in shape.table.rows for c in row.cells]
            if shape.has_chart:
                chart = shape.chart
                words.append(chart.chart_title.text_frame.text)
                words += [str(c) for c in chart.plots[0].categories]
                words += [s.name for s in chart.plots[0].series]
        if slide.has_notes_slide:
            words.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(words)


def test_the_cover_carries_the_consultants_branding(accounting, clients):
    client, prs = accounting
    cover = prs.slides[0]
    texts = " ".join(s.text_frame.text for s in cover.shapes if s.has_text_frame)
    assert client.name in texts and BRAND["consultant"] in texts
    assert "Knowledge management" in cover.shapes.title.text
    logos = [s for s in cover.shapes if s.shape_type == 13]  # a picture
    assert len(logos) == 1 and logos[0].image.size == (120, 40)
    fills = {str(s.fill.fore_color.rgb) for s in cover.shapes if s.shape_type == 1}
    assert BRAND["colour"].lstrip("#") in fills


def test_every_phase_with_data_speaks_in_order(accounting, engagement):
    _, prs = accounting
    found = [s for s in sections(prs) if s]
    order = list(dict.fromkeys(found))
    assert engagement.reviewed  # a year in: the plan is the first cycle's, told in the past
    assert order == [
        "WHERE WE STAND",
        "WHY KNOWLEDGE MANAGEMENT",
        "WHAT WE KNOW AND WHAT IS AT RISK",
        "WHAT WE SET OUT TO DO",
        "WHAT IMPROVED",
        "LEARNING WITH PARTNERS",
        "WHAT WE DID AND WHAT COMES NEXT",
    ]
    assert titles(prs)[-1] == "The methods behind these findings"


def test_level_and_profile_are_what_the_survey_scored(accounting):
    client, prs = accounting
    result = awareness_page(engaged(client)).result
    level = slide_about(prs, "maturity level")
    headline = level.shapes.title.text
    assert f"level {result.level.level}, {result.level.name}" in headline
    assert f"{result.overall:.1f} out of 5" in headline
    assert result.level_uncertain  # demo-accounting sits on a boundary: the slide must say so
    for other in result.possible_levels:
        assert other.name in headline
    assert f"from {result.overall_low:.1f} to {result.overall_high:.1f}" in headline
    table = next(s.table for s in level.shapes if s.has_table)
    assert [r.cells[0].text for r in list(table.rows)[1:]] == [
        f"{lv.level}. {lv.name}" for lv in result.instrument.levels
    ]

    ranked = result.ranked()
    best, worst = ranked.iloc[0], ranked.iloc[-1]
    profile = slide_about(prs, "strongest area")
    assert best["name"] in profile.shapes.title.text and worst["name"] in profile.shapes.title.text
    chart = chart_of(profile)
    assert list(chart.plots[0].categories) == list(ranked["name"])
    assert list(chart.plots[0].series[0].values) == pytest.approx(list(ranked["mean"]), abs=1e-3)
    lows, highs = intervals(chart)
    assert lows == pytest.approx(list(ranked["ci_low"]), abs=1e-3)
    assert highs == pytest.approx(list(ranked["ci_high"]), abs=1e-3)


def test_gaps_are_the_largest_the_survey_shows(accounting):
    client, prs = accounting
    gaps = item_gaps(awareness_page(engaged(client)).result, top=GAPS_SHOWN)
    slide = slide_about(prs, "widest gap")
    assert gaps.iloc[0]["text"].rstrip(".") in slide.shapes.title.text
    chart = chart_of(slide)
    assert list(chart.plots[0].categories) == list(gaps["text"])
    assert list(chart.plots[0].series[0].values) == pytest.approx(list(gaps["gap"]), abs=1e-3)


def test_knowledge_at_risk_and_key_people_follow_the_audit(accounting):
    client, prs = accounting
    from kmkit.phases.audit.page import audit_page

    inventory = audit_page(engaged(client)).inventory
    risk = asset_risk(inventory)
    slide = slide_about(prs, "at high risk")
    top = risk.iloc[0]
    assert f"\u201c{top['asset']}\u201d, scores {top['risk']:.0f} out of 100" in (
        slide.shapes.title.text
    )
    chart = chart_of(slide)
    assert list(chart.plots[0].categories) == list(risk.head(8)["asset"])
    expected = list(risk.head(8)["risk"])
    assert list(chart.plots[0].series[0].values) == pytest.approx(expected, abs=1e-3)

    ranked = departures(inventory)
    first = ranked.iloc[0]
    slide = slide_about(prs, f"{first['holder']}'s departure would hurt most")
    for asset in first["orphaned"]:
        assert asset in slide.shapes.title.text
    assert f"rise by {numbers.whole(first['rise'])} points" in slide.shapes.title.text
    chart = chart_of(slide)
    assert list(chart.plots[0].categories) == list(ranked.head(8)["holder"])
    rises = list(chart.plots[0].series[0].values)
    assert rises == pytest.approx(list(ranked.head(8)["rise"]), abs=1e-3)
    assert rises == sorted(rises, reverse=True)  # whose departure would hurt most, first


def gantt_bars(chart):
    """A native Gantt chart's bars: (category, start, length) in the axis's unit, and its fill.

    The first series is each bar's offset, drawn with no fill; the others are the stages.
    """
    plot = chart.plots[0]
    offset, *stages = plot.series
    lengths = [sum(v) for v in zip(*(s.values for s in stages), strict=True)]
    bars = list(zip(plot.categories, offset.values, lengths, strict=True))
    hidden = offset._element.find(qn("c:spPr")).find(qn("a:noFill")) is not None
    return bars, hidden, [s.name for s in stages]


def assert_gantt_of(chart, roadmap, start):
    """The chart is the roadmap drawn natively: one bar per intervention, in weeks from start."""
    assert chart.chart_type == XL_CHART_TYPE.BAR_STACKED
    bars, hidden, stages = gantt_bars(chart)
    assert hidden, "the offsets are not drawn"
    assert stages == list(dict.fromkeys(roadmap["phase_name"]))  # coloured by stage
    expected = [
        (r.name, (r.start - start).days / 7, (r.end - r.start).days / 7)
        for r in roadmap.itertuples()
    ]
    assert [b[0] for b in bars] == [e[0] for e in expected]
    drawn = [x for b in bars for x in b[1:]]
    assert drawn == pytest.approx([x for e in expected for x in e[1:]], abs=1e-3)
    assert chart.category_axis.reverse_order  # the first intervention on top
    assert chart.value_axis.axis_title.text_frame.text == f"Weeks from {start:%-d %B %Y}"


def test_interventions_go_ahead_with_their_because_and_roadmap(accounting, engagement):
    _, prs = accounting
    page = solutions_page(engagement)
    chosen, roadmap = page.chosen, page.roadmap()
    slide = slide_about(prs, "interventions went ahead in the first cycle")
    assert slide.shapes.title.text.startswith(f"{len(chosen)} interventions went ahead")
    table = next(s.table for s in slide.shapes if s.has_table)
    rows = list(table.rows)[1:]
    assert [r.cells[0].text for r in rows] == list(chosen["name"])
    assert [r.cells[1].text for r in rows] == [f"{i:.0f}" for i in chosen["impact"]]
    for row, because in zip(rows, chosen["because"], strict=True):
        first = because[0]
        assert sentence(first.short) in row.cells[3].text  # its first reason, in plain words
        assert all(source.name not in row.cells[3].text for source in first.sources)
    notes = slide.notes_slide.notes_text_frame.text
    assert all(name in notes for name in chosen["name"])  # every reason, for the presenter

    start = engagement.start
    assert start < engagement.as_of
    slide = slide_about(prs, "The first cycle's roadmap began on")
    total = int(roadmap["cost"].sum())
    assert f"began on {start:%-d %B %Y}" in slide.shapes.title.text
    assert f"about {numbers.amount(total, engagement.client.config)} a year" in (
        slide.shapes.title.text
    )
    for name in roadmap.loc[roadmap["phase"] == "pilot", "name"]:
        assert name.lower() in slide.shapes.title.text
    assert_gantt_of(chart_of(slide), roadmap, start)


@pytest.mark.parametrize("days", [-7, 0, 7])
def test_an_unreviewed_plan_is_told_as_now_its_roadmap_by_its_start_date(clients, days):
    """Before a review the plan goes ahead; its roadmap starts, or began once its date passed."""
    from kmkit.phases.solutions.slides import DO, solutions_slides

    client = open_client("demo-precision", clients)  # a few months in, not yet reviewed
    start = client.config.engagement.start
    e = engaged(client, start + dt.timedelta(days=days))
    assert not e.reviewed
    page = e.page("solutions")
    made = solutions_slides(page)
    assert {s.section for s in made} == {DO}
    assert made[0].headline.startswith(f"{len(page.chosen)} interventions go ahead")
    verb = "began" if start < e.as_of else "starts"
    assert made[1].headline.startswith(f"The roadmap {verb} on {start:%-d %B %Y}")
    assert made[1].visual.kind == "gantt"


def test_what_improved_is_what_the_measurement_phase_found(accounting):
    client, prs = accounting
    page = measure_page(engaged(client))
    waves = page.waves.table
    areas = waves.loc[waves["category"] != "overall"]
    slide = slide_about(prs, "surveys")
    real_up = areas.loc[areas["real"] & (areas["change"] > 0), "name"]
    assert real_up.size and all(name in slide.shapes.title.text for name in real_up)
    chart = chart_of(slide)
    before, after = chart.plots[0].series
    assert (before.name, after.name) == (page.waves.first, page.waves.second)
    assert list(chart.plots[0].categories) == list(areas["name"])
    assert list(before.values) == pytest.approx(list(areas["before"]), abs=1e-3)
    assert list(after.values) == pytest.approx(list(areas["after"]), abs=1e-3)

    progress = kpi_progress(page.kpis)
    slide = slide_about(prs, "indicators are improving")
    good = progress["status"].isin(["improving", "target reached"]).sum()
    assert slide.shapes.title.text.startswith(f"{good} of {len(progress)} indicators")
    chart = chart_of(slide)
    assert list(chart.plots[0].categories) == list(progress["indicator"])
    expected = list(progress["progress"] * 100)
    assert list(chart.plots[0].series[0].values) == pytest.approx(expected, abs=1e-3)
    texts = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert f"{page.roi.hours_saved_per_year:,.0f} hours" in texts  # the return, explained


def test_partnerships_show_protection_and_continuity(accounting, engagement):
    _, prs = accounting
    page = partnerships_page(engagement)
    readiness = ip_readiness(page.data)
    slide = slide_about(prs, "of the protection")
    chart = chart_of(slide)
    assert list(chart.plots[0].categories) == [page.names[p] for p in readiness["partnership"]]
    expected = list(readiness["readiness"])
    assert list(chart.plots[0].series[0].values) == pytest.approx(expected, abs=1e-3)

    order = list(departures(engagement.inventory)["holder"])
    continuity = page.continuity.sort_values(
        "holder", key=lambda h: h.map(order.index), kind="stable"
    )
    slide = slide_about(prs, "continuity plan")
    top = continuity.iloc[0]
    assert f"{top['holder']}, whose departure would hurt most, has " in slide.shapes.title.text
    chart = chart_of(slide)
    assert list(chart.plots[0].categories) == list(continuity.head(8)["holder"])
    values = list(continuity.head(8)["readiness"])
    assert list(chart.plots[0].series[0].values) == pytest.approx(values, abs=1e-3)


REVIEWED = "WHAT WE DID AND WHAT COMES NEXT"


def words_on(slide):
    """A slide's headline, points and table cells, as one text."""
    words = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
    words += [c.text for s in slide.shapes if s.has_table for r in s.table.rows for c in r.cells]
    return "\n".join(words)


def rows_of(slide):
    """A slide's table, each row's cells as text, header left out."""
    table = next(s.table for s in slide.shapes if s.has_table)
    return [[c.text for c in r.cells] for r in list(table.rows)[1:]]


def day(text):
    """'7 December 2026' as a date."""
    return dt.datetime.strptime(text, "%d %B %Y").date()


def test_the_review_says_what_was_done_and_what_slipped(accounting, engagement):
    _, prs = accounting
    page = engagement.page("review")
    t = page.data.tracking
    n = tally(t)
    slide = slide_about(prs, f"{n.done} of the first cycle's {n.total} interventions")
    assert sections(prs)[list(prs.slides).index(slide) - 1] == REVIEWED
    headline = slide.shapes.title.text
    assert f"By the review of {page.data.as_of:%-d %B %Y}" in headline
    assert f"{n.late} {'was' if n.late == 1 else 'were'} late" in headline
    said = words_on(slide).lower()
    for name in t.loc[t["late"] | (t["status"] == "stalled"), "name"]:
        assert name.lower() in said  # each one that slipped, named
    rows = rows_of(slide)
    assert [r[0] for r in rows] == list(t["name"])
    assert [r[4].endswith(", late") for r in rows] == list(t["late"])


def test_the_pilot_verdict_claims_no_more_than_its_measures_show(accounting, engagement):
    _, prs = accounting
    page = engagement.page("review")
    effects = page.effects
    scope = pilot_scope(effects)  # how many of the measures show an effect
    assert f"of {len(effects)} measures" in scope
    slide = slide_about(prs, scope)
    headline = slide.shapes.title.text
    assert f"In the {page.data.pilot} department" in headline
    worked = [e for e in effects if e.verdict == "worked"]
    if len(worked) < len(effects):
        assert f"the other {len(effects) - len(worked)}" in headline
    rows = rows_of(slide)
    assert [r[0] for r in rows] == [e.measure for e in effects]
    for row, e in zip(rows, effects, strict=True):
        if e.effect is None:
            assert row[3].startswith("cannot tell yet")
            continue
        assert row[2] == f"{e.low:+.2f} to {e.high:+.2f}"
        assert row[1].startswith(f"{e.effect:+.2f}")
        assert row[3].startswith("an effect") == (e.verdict == "worked")


def test_the_gates_are_each_said_met_or_not(accounting, engagement):
    _, prs = accounting
    checks = engagement.page("review").checks
    status = {stage: gates.gate_status(checks, stage) for stage in STAGE_NAMES}
    met = sum(v == gates.MET for v in status.values())
    slide = slide_about(prs, "stage gates")
    headline = slide.shapes.title.text
    assert (f"{met} of the roadmap's" if met else "None of the roadmap's") in headline
    words = {gates.MET: "met", gates.NOT_MET: "not met", gates.UNKNOWN: "not known yet"}
    rows = rows_of(slide)
    assert [r[0] for r in rows] == list(STAGE_NAMES.values())
    for row, stage in zip(rows, STAGE_NAMES, strict=True):
        assert row[1].split(" (")[0] == words[status[stage]]
        for c in (c for c in checks if c.stage == stage):
            assert c.condition in (row[2] if c.status == gates.MET else row[3])


def test_the_next_cycle_roadmap_starts_after_the_deck_date(accounting, engagement):
    _, prs = accounting
    page = engagement.page("review")
    roadmap = page.next_roadmap
    slide = slide_about(prs, "The next cycle starts on")
    assert sections(prs)[list(prs.slides).index(slide) - 1] == REVIEWED
    first = day(re.search(r"starts on (\d{1,2} \w+ \d{4})", slide.shapes.title.text)[1])
    assert first > engagement.as_of  # the demo's date is a Wednesday: work starts on Monday
    assert first == min(roadmap["start"]) and first.weekday() == 0
    assert set(roadmap["name"]) == set(page.next_cycle_table["name"])
    assert_gantt_of(chart_of(slide), roadmap, first)
    assert snapshot_label(engagement.inventory) in words_on(slide)  # what it was made from


def test_no_slide_says_a_past_date_starts(accounting, engagement):
    _, prs = accounting
    text = all_text(prs)
    starts = [day(d) for d in re.findall(r"\bstarts? on (\d{1,2} [A-Z][a-z]+ \d{4})", text)]
    began = [day(d) for d in re.findall(r"\bbegan on (\d{1,2} [A-Z][a-z]+ \d{4})", text)]
    assert starts and began
    assert all(d >= engagement.as_of for d in starts), starts
    assert all(d < engagement.as_of for d in began), began


def test_every_chart_is_a_native_chart(accounting):
    _, prs = accounting
    pictures = [
        (n + 1, shape.name)
        for n, slide in enumerate(prs.slides)
        for shape in slide.shapes
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE and n > 0
    ]
    assert pictures == []  # the logo on the cover is the deck's only picture
    charts = [s.chart for slide in prs.slides for s in slide.shapes if s.has_chart]
    gantts = [c for c in charts if c.chart_type == XL_CHART_TYPE.BAR_STACKED]
    assert len(gantts) == 2  # the first cycle's roadmap and the next cycle's
    for chart in gantts:
        assert gantt_bars(chart)[1], "a Gantt's offsets are not drawn"


def test_the_key_person_slides_name_the_same_person_for_the_same_measure(accounting, engagement):
    _, prs = accounting
    audit = slide_about(prs, "departure would hurt most:")
    continuity = slide_about(prs, "continuity plan")
    hurts = re.match(r"(.+)'s departure would hurt most", audit.shapes.title.text)[1]
    named = re.search(r"; (.+?), whose departure would hurt most,", continuity.shapes.title.text)
    assert named[1] == hurts
    label = snapshot_label(engagement.inventory)
    assert label in words_on(audit) and label in words_on(continuity)  # the same snapshot
    assert "Least ready to be replaced" in words_on(continuity)  # the other measure, named


def test_methods_are_cited_by_author_and_listed_in_full(accounting):
    _, prs = accounting
    footers = [
        s.text_frame.text
        for slide in prs.slides
        for s in slide.shapes
        if s.has_text_frame and s.text_frame.text.startswith("Method: ")
    ]
    assert footers
    listed = " ".join(s.text_frame.text for s in prs.slides[-1].shapes if s.has_text_frame)
    for key in ("nonaka-takeuchi-1995", "siemens-ksp-2002", "five-steps-enterprise-km"):
        if any(short(key) in f for f in footers):
            assert full(key) in listed
    assert any(short("five-steps-enterprise-km") in f for f in footers)  # the roadmap's source


def test_the_deck_speaks_plainly_and_names_no_file(accounting):
    _, prs = accounting
    text = all_text(prs)
    for word in ("seed", ".csv", ".yaml", ".xlsx", "data/", "asset(s)", "**", "`"):
        assert word not in text.lower(), f"{word!r} in the deck"


def test_an_early_client_gets_the_slides_it_has_data_for(clients):
    done = run_kmkit("deck", "demo-precision", clients=clients)
    assert done.returncode == 0, done.stderr
    deck = clients / "demo-precision" / "reports" / "deck.pptx"
    assert str(deck) in done.stdout
    prs = Presentation(deck)
    found = set(sections(prs))
    assert "WHAT IMPROVED" not in found  # one survey wave, no KPIs yet: nothing to compare
    assert {"WHERE WE STAND", "WHAT WE WILL DO", "LEARNING WITH PARTNERS"} <= found
    result = awareness_page(engaged(open_client("demo-precision", clients))).result
    assert f"level {result.level.level}, {result.level.name}" in prs.slides[1].shapes.title.text
    assert "seed" not in all_text(prs).lower()


def test_a_client_with_no_results_is_told_what_to_do(clients):
    run_kmkit("new", "empty-co", "--name", "Empty Co", clients=clients)
    refused = run_kmkit("deck", "empty-co", clients=clients)
    assert refused.returncode == 1
    assert "Empty Co has no results to present yet" in refused.stderr
    assert "kmkit import empty-co" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert not (clients / "empty-co" / "reports" / "deck.pptx").exists()


def test_bad_branding_is_refused_and_the_last_deck_kept(clients_dir):
    client = open_client("demo-precision", clients_dir)
    kept = client.reports_dir / "deck.pptx"
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_bytes(b"the deck of last week")
    (clients_dir / "branding.yaml").write_text("colour: plum\n")
    with pytest.raises(InputError, match=r"branding.yaml: field 'colour'"):
        build_deck(engaged(client))
    (clients_dir / "branding.yaml").write_text("logo: notes.txt\n")
    (clients_dir / "notes.txt").write_text("not a picture")
    with pytest.raises(InputError, match=r"branding.yaml.*notes.txt.*PNG, JPEG or SVG"):
        build_deck(engaged(client))
    assert kept.read_bytes() == b"the deck of last week"


@pytest.mark.slow
def test_libreoffice_renders_every_slide(accounting, tmp_path):
    import pypdfium2 as pdfium

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail(
            "LibreOffice is not installed: install it with `apt-get install -y "
            "libreoffice-impress` (the README's test command and .ci/run do)"
        )
    client, prs = accounting
    deck = client.reports_dir / "deck.pptx"
    profile = (tmp_path / "profile").as_uri()  # its own settings: no clash with a running one
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(deck),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    pdf = pdfium.PdfDocument(tmp_path / "deck.pdf")
    assert len(pdf) == len(prs.slides)
    for number in range(len(pdf)):
        pixels = pdf[number].render(scale=0.4).to_numpy()[..., :3]
        assert (pixels < 200).any(axis=-1).mean() > 0.01, f"page {number + 1} is blank"
    profile_page = titles(prs).index(slide_about(prs, "strongest area").shapes.title.text)
    drawn = pdf[profile_page].get_textpage().get_text_range()
    for name in chart_of(prs.slides[profile_page]).plots[0].categories:
        assert name in drawn  # the native chart was drawn, with its labels
    next_page = titles(prs).index(slide_about(prs, "The next cycle starts").shapes.title.text)
    drawn = " ".join(pdf[next_page].get_textpage().get_text_range().split())
    for name in chart_of(prs.slides[next_page]).plots[0].categories:
        assert name in drawn  # the native Gantt chart too


def test_charts_keep_their_data_editable_and_well_formed(accounting):
    """The figures sit in the chart's own workbook, and the XML is in the schema's order
    (PowerPoint offers to 'repair' a file whose chart elements are out of order)."""
    from openpyxl import load_workbook

    _, prs = accounting
    profile = chart_of(slide_about(prs, "strongest area"))
    sheet = load_workbook(io.BytesIO(profile.part.chart_workbook.xlsx_part.blob)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    values = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == list(profile.plots[0].categories)
    assert values == list(profile.plots[0].series[0].values)

    series = profile.plots[0].series[0]._element
    tags = [etree.QName(child).localname for child in series]
    assert tags.index("errBars") == tags.index("cat") - 1
    bars = series.find(qn("c:errBars"))
    assert [etree.QName(c).localname for c in bars] == [
        "errBarType",
        "errValType",
        "noEndCap",
        "plus",
        "minus",
        "spPr",
    ]
