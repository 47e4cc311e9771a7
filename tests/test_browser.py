"""The apps in a real browser with no network: survey submitted, dashboard charts and filters."""

from __future__ import annotations

import pytest
from helpers import REPO, engaged

from kmkit.core.store import Store

pytestmark = pytest.mark.slow


def svg_text(src: str) -> str:
    """The SVG inside an img's data: address (JupyterLab shows SVG outputs as images)."""
    import base64
    from urllib.parse import unquote

    head, _, body = src.partition(",")
    return base64.b64decode(body).decode() if head.endswith(";base64") else unquote(body)


ARTIFACTS = REPO / "test-artifacts"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_survey_answered_in_the_browser_lands_in_the_store(serve, clients_dir, offline_page):
    # A French client that asks "where should we be?": the page speaks French and every
    # question gets two answers, stored as now and target.
    config = clients_dir / "demo-accounting" / "client.yaml"
    text = config.read_text(encoding="utf-8").replace("language: en", "language: fr")
    config.write_text(text + "ask_targets: [maturity]\n", encoding="utf-8")
    store_path = clients_dir / "demo-accounting" / "kmkit.sqlite"
    with Store(store_path) as store:
        before = set(store.answers("maturity", "baseline")["response_id"])
    base, _ = serve(clients_dir, "demo-accounting", "--app", "survey")
    page = offline_page
    page.goto(f"{base}/", timeout=120_000)
    page.locator(".kmkit-department select").wait_for(timeout=120_000)
    page.get_by_role("heading", name="Maturité en gestion des connaissances").wait_for()
    page.locator(".kmkit-department select").select_option(label="Advisory")
    pages = 1 + 7  # who you are, then one page per category
    for number in range(2, pages + 1):
        page.locator(".kmkit-next").click()
        page.get_by_text(f"Page {number} sur {pages}").wait_for(timeout=30_000)
        for group in page.locator(".kmkit-current .kmkit-question-group").all():
            group.locator(".kmkit-choices").first.get_by_label("D'accord", exact=True).check()
            group.locator(".kmkit-target").get_by_label("Tout à fait d'accord").check()
    shot(page, "survey-last-page")
    page.locator(".kmkit-submit").click()
    page.locator(".kmkit-thanks").wait_for(timeout=60_000)
    assert "Merci" in page.locator(".kmkit-thanks").inner_text()
    shot(page, "survey-thanks")
    with Store(store_path) as store:
        stored = store.answers("maturity", "baseline")
    mine = stored.loc[~stored["response_id"].isin(before)]
    assert mine["response_id"].nunique() == 1 and len(mine) == 35
    assert set(mine["now"]) == {4.0} and set(mine["target"]) == {5.0}
    assert set(mine["department"]) == {"Advisory"} and set(mine["language"]) == {"fr"}
    assert page.attempted == []


PHONE = {"width": 390, "height": 844}


def open_survey_on_a_phone(serve, clients_dir, page):
    """The demo survey at a phone's size, past the first page: returns page 2's questions."""
    page.set_viewport_size(PHONE)
    base, _ = serve(clients_dir, "demo-accounting", "--app", "survey")
    page.goto(f"{base}/", timeout=120_000)
    page.locator(".kmkit-department select").wait_for(timeout=120_000)
    assert page.locator(".kmkit-firm").inner_text() == "Harbour & Finch Chartered Accountants"
    assert "35 questions" in page.locator(".kmkit-estimate").inner_text()
    page.locator(".kmkit-department select").select_option(label="Advisory")
    page.locator(".kmkit-next").click()
    page.get_by_text("Page 2 of 8").wait_for(timeout=30_000)
    return page.locator(".kmkit-current .kmkit-question-group")


def test_survey_on_a_phone_opens_page_two_at_its_first_question(serve, clients_dir, offline_page):
    # The intro is said once, on page 1; page 2 opens with a one-line heading, so its first
    # question is on the first screen of a 390x844 phone without scrolling.
    questions = open_survey_on_a_phone(serve, clients_dir, offline_page)
    assert offline_page.evaluate("window.scrollY") == 0
    assert not offline_page.locator("#kmkit-intro").is_visible()
    assert offline_page.locator(".kmkit-compact").is_visible()
    top = questions.first.bounding_box()["y"]
    assert top < PHONE["height"] / 4, top  # 150 px here; 357 when every page repeated the intro
    shot(offline_page, "survey-phone-page-2")
    assert offline_page.attempted == []


def test_survey_on_a_phone_points_to_the_question_left_blank(serve, clients_dir, offline_page):
    # Every question of page 2 answered but the last (below the fold on a phone): Next marks
    # that one, says why next to it, and brings it into view.
    questions = open_survey_on_a_phone(serve, clients_dir, offline_page)
    groups = questions.all()
    for group in groups[:-1]:
        group.locator("input[type=radio]").first.check()
    blank = groups[-1]
    assert blank.bounding_box()["y"] > PHONE["height"]  # out of sight before
    offline_page.locator(".kmkit-next").click()
    assert offline_page.get_by_text("Page 2 of 8").is_visible()  # stayed on the page
    assert "kmkit-unanswered" in blank.get_attribute("class")
    assert blank.get_attribute("aria-invalid") == "true"
    assert blank.locator(".kmkit-note[role=alert]").is_visible()
    assert offline_page.locator(".kmkit-unanswered").count() == 1
    box = blank.bounding_box()
    assert 0 <= box["y"] < PHONE["height"], box  # brought into view
    blank.locator("input[type=radio]").first.check()
    assert blank.get_attribute("aria-invalid") is None  # answered: the mark goes
    shot(offline_page, "survey-phone-blank")
    assert offline_page.attempted == []


def test_dashboard_draws_charts_and_a_filter_changes_them(serve, session_clients, offline_page):
    base, _ = serve(session_clients, "demo-precision", "--app", "dashboard")
    page = offline_page
    page.goto(f"{base}/", timeout=120_000)
    chart = page.locator(".kmkit-chart").first
    chart.locator("svg").wait_for(timeout=120_000)
    assert "Kestrel Precision Engineering Ltd" in page.content()
    chart.locator("select").wait_for(timeout=120_000)  # drawn again by vega-embed, live
    before = chart.inner_html()
    chart.locator("select").select_option(label="Quality")
    page.wait_for_function(
        "(before) => document.querySelector('.kmkit-chart').innerHTML !== before", arg=before
    )
    assert "Management" not in chart.locator("select").inner_text()  # too small to offer
    chart.locator("path, rect").first.hover()
    shot(page, "dashboard")
    assert page.attempted == []


def test_awareness_app_renders_without_network(serve, session_clients, offline_page):
    base, _ = serve(session_clients, "demo-precision", "--app", "01_awareness")
    page = offline_page
    page.goto(f"{base}/", timeout=120_000)
    page.locator(".widget-dropdown select").first.wait_for(timeout=120_000)
    shot(page, "awareness")
    assert page.attempted == []


def test_audit_app_what_if_redraws_the_risk_picture(serve, session_clients, offline_page):
    from kmkit.core.workspace import open_client
    from kmkit.phases.audit.compute import key_people, what_if
    from kmkit.phases.audit.page import audit_page

    page_data = audit_page(engaged(open_client("demo-precision", session_clients)))
    holder = key_people(page_data.inventory).iloc[0]["holder"]
    lost = what_if(page_data.inventory, holder).orphaned.iloc[0]["asset"]
    base, _ = serve(session_clients, "demo-precision", "--app", "03_audit")
    page = offline_page
    page.goto(f"{base}/", timeout=120_000)
    leaving = page.locator(".widget-dropdown", has_text="If leaving").locator("select")
    leaving.wait_for(timeout=120_000)
    leaving.select_option(label=holder)
    page.wait_for_function(
        "(who) => { const view = [...document.querySelectorAll('.widget-output')].pop();"
        " return view && view.innerText.includes(`If ${who} left`); }",
        arg=holder,
        timeout=60_000,
    )
    assert f"'{lost}' would have no holder left" in page.content()
    matrix = page.locator(".widget-output img").first.get_attribute("src")
    assert f"Knowledge at risk if {holder} left" in svg_text(matrix)  # the matrix redrawn
    area = page.locator(".widget-dropdown", has_text="Area").locator("select")
    area.select_option(label="Quality")
    page.wait_for_function(  # the explorer's view now holds Quality's assets only
        "() => { const view = [...document.querySelectorAll('.widget-output')].pop();"
        " return view && view.innerText.includes('Quality')"
        " && !view.innerText.includes('Machining'); }"
    )
    shot(page, "audit-what-if")
    assert page.attempted == []


def test_solutions_app_accept_and_drop_change_roadmap_and_cost(
    serve, session_clients, offline_page
):
    from kmkit.core.numbers import amount
    from kmkit.core.workspace import open_client
    from kmkit.phases.solutions.page import solutions_page

    data = solutions_page(engaged(open_client("demo-precision", session_clients)))
    roadmap = data.roadmap()
    first = data.chosen.iloc[0]
    without = int(roadmap.loc[roadmap["id"] != first["id"], "cost"].sum())
    base, _ = serve(session_clients, "demo-precision", "--app", "04_solutions")
    page = offline_page
    page.goto(f"{base}/", timeout=120_000)
    box = page.locator(".widget-checkbox", has_text=first["name"]).locator("input")
    box.wait_for(timeout=120_000)
    explorer = page.locator('[id="cell-id=explore"]')
    config = data.client.config
    total = amount(int(roadmap["cost"].sum()), config)
    explorer.get_by_text(f"about {total} a year").wait_for(timeout=60_000)
    box.uncheck()
    explorer.get_by_text(f"about {amount(without, config)} a year").wait_for(timeout=60_000)
    shot(page, "solutions-selection")
    assert page.attempted == []


def test_measure_app_picks_a_kpi_and_shows_its_history(serve, session_clients, offline_page):
    base, _ = serve(session_clients, "demo-accounting", "--app", "05_measure")
    page = offline_page
    page.goto(f"{base}/", timeout=120_000)
    pick = page.locator('[id="cell-id=explore"] select')
    pick.wait_for(timeout=120_000)
    picture = page.locator('[id="cell-id=explore"] img')
    picture.wait_for(timeout=60_000)
    pick.select_option(label="Review points per audit file")
    page.wait_for_function(  # the same decoding as svg_text, in the page
        "() => { const img = document.querySelector('[id=\"cell-id=explore\"] img');"
        " if (!img) return false; const src = img.src, body = src.slice(src.indexOf(',') + 1);"
        " const svg = src.includes(';base64,') ? atob(body) : decodeURIComponent(body);"
        " return svg.includes('Review points'); }",
        timeout=60_000,
    )
    assert "Review points per audit file" in svg_text(picture.get_attribute("src"))
    shot(page, "measure-kpi")
    assert page.attempted == []


def test_partnerships_app_shows_readiness_change_as_measures_are_ticked(
    serve, session_clients, offline_page
):
    from kmkit.core.workspace import open_client
    from kmkit.phases.partnerships.compute import ip_readiness
    from kmkit.phases.partnerships.page import partnerships_page

    data = partnerships_page(engaged(open_client("demo-precision", session_clients)))
    ip = ip_readiness(data.data).set_index("partnership").loc["alloys"]
    sharing = ip["readiness"] + 100 / ip["applicable"]  # 'Written sharing rules' is missing
    person = data.continuity.iloc[0]
    with_duties = person["readiness"] + 100 / 7  # 'Informal duties listed' is missing
    base, _ = serve(session_clients, "demo-precision", "--app", "06_partnerships")
    page = offline_page
    page.goto(f"{base}/", timeout=120_000)
    explorer = page.locator('[id="cell-id=explore"]')
    box = explorer.locator(".widget-checkbox", has_text="Written sharing rules").locator("input")
    box.wait_for(timeout=120_000)
    explorer.get_by_text(f"readiness {ip['readiness']:.0f}% now").first.wait_for(timeout=60_000)
    box.check()
    explorer.get_by_text(f"{sharing:.0f}% with the 1 ticked").wait_for(timeout=60_000)
    duties = explorer.locator(".widget-checkbox", has_text="Informal duties listed")
    duties.locator("input").check()
    explorer.get_by_text(f"{with_duties:.0f}% with the 1 ticked").wait_for(timeout=60_000)
    assert person["holder"] in explorer.inner_text()
    shot(page, "partnerships-what-if")
    assert page.attempted == []
