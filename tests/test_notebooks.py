"""Phase notebooks executed through papermill, with assertions on what they computed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import papermill
import pytest
from helpers import AS_OF, REPO, engaged
from papermill.exceptions import PapermillExecutionError

from kmkit.core.workspace import open_client
from kmkit.phases.awareness.compute import assess_maturity, department_breakdown, item_gaps

NOTEBOOK = REPO / "notebooks" / "01_awareness.ipynb"
pytestmark = pytest.mark.slow


def execute(tmp_path: Path, notebook: Path = NOTEBOOK, **parameters: str) -> nbformat.NotebookNode:
    """The notebook run by papermill, as of the demo's pinned date unless told otherwise."""
    parameters.setdefault("as_of", AS_OF.isoformat())
    return papermill.execute_notebook(
        str(notebook),
        str(tmp_path / "out.ipynb"),
        parameters=parameters,
        kernel_name="python3",
        progress_bar=False,
        execution_timeout=300,
        cwd=str(notebook.parent),
    )


def output(nb: nbformat.NotebookNode, cell_id: str, mime: str) -> str:
    """The text of one output type of the cell with this id."""
    cell = next(c for c in nb.cells if c.get("id") == cell_id)
    texts = [o["data"][mime] for o in cell.outputs if mime in o.get("data", {})]
    assert texts, f"cell {cell_id} has no {mime} output"
    return "".join(texts)


@pytest.fixture(scope="module", params=["demo-precision", "demo-accounting"])
def executed(request, session_clients, tmp_path_factory):
    slug = request.param
    nb = execute(tmp_path_factory.mktemp(slug), client=slug, clients_dir=str(session_clients))
    client = open_client(slug, session_clients)
    return nb, client, assess_maturity(client)


def test_headline_states_the_level_computed_by_kmkit(executed):
    nb, client, result = executed
    headline = output(nb, "setup", "text/markdown")
    assert client.name in headline
    assert f"level **{result.level.level}, {result.level.name}**" in headline
    assert f"**{result.overall:.1f}**" in headline
    assert f"from {result.respondents} respondents" in headline
    assert ("uncertain" in headline) == result.level_uncertain


def test_profile_chart_is_inline_svg_with_every_category(executed):
    nb, _, result = executed
    svg = output(nb, "profile", "image/svg+xml")
    assert svg.lstrip().startswith("<svg")
    for name in result.categories["name"]:
        assert name in svg


def test_strongest_and_weakest_named_in_plain_sentences(executed):
    nb, _, result = executed
    text = output(nb, "strengths", "text/markdown")
    ranked = list(result.ranked()["name"])
    strongest, weakest = text.split("The weakest are")
    assert ranked[0] in strongest and ranked[-1] in weakest


def test_small_departments_are_hidden_in_the_heatmap(executed):
    nb, client, result = executed
    svg = output(nb, "departments", "image/svg+xml")
    table = department_breakdown(result, client)
    hidden = int(table["suppressed"].sum())
    assert hidden > 0  # both demo clients have a department under the threshold
    assert svg.count(">hidden<") == hidden


def test_spread_consensus_and_reliability_are_explained(executed):
    nb, _, result = executed
    svg = output(nb, "spread", "image/svg+xml")
    assert all(name in svg for name in result.categories["name"])
    tightest = result.categories.sort_values("sd").iloc[0]["name"]
    assert f"agree most about **{tightest}**" in output(nb, "consensus", "text/markdown")
    assert "Cronbach's alpha" in output(nb, "strengths", "text/markdown")


def test_largest_gaps_named_and_charted(executed):
    nb, _, result = executed
    top = item_gaps(result).iloc[0]
    assert top["text"] in output(nb, "gaps-text", "text/markdown")
    assert top["text"][:70] in output(nb, "gaps", "image/svg+xml")


def test_workshop_matrix_or_what_to_add(executed):
    nb, client, _ = executed
    text = output(nb, "workshop", "text/markdown")
    if (client.data_dir / "workshop.yaml").exists():
        assert "| Category | Survey mean (sd) | Agreed |" in text
    else:
        assert "No consensus workshop is recorded yet" in text


def test_departments_compared_only_when_big_enough(executed):
    nb, client, result = executed
    text = output(nb, "disagreement", "text/markdown")
    small = result.by_respondent.groupby("department").size().loc[lambda s: s < 5].index
    assert not any(f" in {name}" in text for name in small)


def test_roles_heatmap_hides_small_roles(executed):
    nb, client, result = executed
    from kmkit.phases.awareness.compute import role_breakdown

    hidden = int(role_breakdown(result, client)["suppressed"].sum())
    assert output(nb, "roles", "image/svg+xml").count(">hidden<") == hidden


def test_explorer_widget_is_built(executed):
    nb, _, _ = executed
    cell = next(c for c in nb.cells if c.get("id") == "explore")
    views = [
        o["data"]
        for o in cell.outputs
        if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    assert len(views) == 1 and "app-only" in cell.metadata["tags"]


def test_provenance_is_stated(executed):
    nb, client, result = executed
    text = output(nb, "provenance", "text/markdown")
    from kmkit import __version__

    assert f"maturity v{result.instrument.version}" in text
    assert f"kmkit {__version__}" in text and client.slug in text


def test_one_client_never_shows_another(executed):
    nb, client, _ = executed
    others = {"demo-precision": "Kestrel", "demo-accounting": "Harbour"}
    other = next(v for k, v in others.items() if k != client.slug)
    assert other not in nbformat.writes(nb)


def test_unknown_client_stops_with_one_line(tmp_path, session_clients):
    with pytest.raises(PapermillExecutionError) as err:
        execute(tmp_path, client="acme", clients_dir=str(session_clients))
    assert err.value.ename == "ClientNotFoundError"
    assert "Known clients: demo-accounting, demo-precision, peer-" in err.value.evalue
    saved = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    errors = [o for c in saved.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert len(errors) == 1 and len(errors[0]["traceback"]) == 1


def test_client_chosen_by_environment_when_parameter_is_empty(
    tmp_path, session_clients, monkeypatch
):
    monkeypatch.setenv("KMKIT_CLIENT", "demo-accounting")
    monkeypatch.setenv("KMKIT_CLIENTS_DIR", str(session_clients))
    nb = execute(tmp_path)
    assert "Harbour & Finch" in output(nb, "setup", "text/markdown")


def test_parameters_are_typed_and_documented():
    params = papermill.inspect_notebook(str(NOTEBOOK))
    assert set(params) == {"client", "clients_dir", "wave", "as_of"}
    for param in params.values():
        assert param["inferred_type_name"] == "str"
        assert param["help"]


def test_stock_papermill_command_line_as_documented(tmp_path):
    """`papermill notebooks/01_awareness.ipynb out.ipynb -p client demo-accounting`."""
    papermill_cli = Path(sys.executable).parent / "papermill"
    out = tmp_path / "out.ipynb"
    subprocess.run(
        [
            str(papermill_cli),
            "notebooks/01_awareness.ipynb",
            str(out),
            "-p",
            "client",
            "demo-accounting",
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
        timeout=300,
    )
    nb = nbformat.read(out, as_version=4)
    assert "Harbour & Finch" in output(nb, "setup", "text/markdown")


DASHBOARD = REPO / "notebooks" / "dashboard.ipynb"


def test_dashboard_summarises_the_client(tmp_path, session_clients):
    nb = execute(tmp_path, DASHBOARD, client="demo-precision", clients_dir=str(session_clients))
    client = open_client("demo-precision", session_clients)
    result = assess_maturity(client)
    assert f"As of {AS_OF:%-d %B %Y}" in output(nb, "headline", "text/markdown")
    said = output(nb, "phases-shown", "text/markdown")  # every phase, in engagement order
    assert f"**{result.level.level}, {result.level.name}**" in said
    assert "from 34 respondents (answered in English)" in said  # the language they read
    charts = output(nb, "phases-shown", "text/html")
    profile = charts.split('aria-label="maturity profile"')[1].split('class="kmkit-chart"')[0]
    risks = charts.split('aria-label="knowledge at risk"')[1].split('class="kmkit-chart"')[0]
    assert "kmkit-app-chart" in charts and "vegaEmbed" in charts
    assert '"Quality"' in profile and '"Management"' not in profile  # too small to offer
    assert "34 respondents" in output(nb, "phases", "text/markdown")
    assert "<script" in output(nb, "setup", "text/html")  # the chart code, inlined once
    assert said.index("## Where we stand") < said.index("**risk minimiser** first")
    assert said.index("**risk minimiser** first") < said.index("If Senior machinist A left")
    assert '"Knowledge area: "' in risks
    assert "Five-axis setups for titanium parts" in risks  # in the tooltips' data
    assert "12 knowledge assets in 7 areas" in output(nb, "phases", "text/markdown")


def test_dashboard_without_answers_says_what_to_do(tmp_path):
    from kmkit.core.workspace import new_client

    new_client("acme", "Acme Tools Ltd", tmp_path / "clients")
    nb = execute(tmp_path, DASHBOARD, client="acme", clients_dir=str(tmp_path / "clients"))
    said = output(nb, "phases-shown", "text/markdown")
    assert "kmkit import" in said.split("## Why KM")[0]  # under 'Where we stand'
    assert said.index("## Why KM") < said.index("The strategy phase has not started")
    assert "kmkit form inventory" in output(nb, "phases", "text/markdown")


STRATEGY = REPO / "notebooks" / "02_strategy.ipynb"
AUDIT = REPO / "notebooks" / "03_audit.ipynb"


@pytest.fixture(scope="module", params=["demo-precision", "demo-accounting"])
def phases_2_3(request, session_clients, tmp_path_factory):
    from kmkit.phases.audit.page import audit_page
    from kmkit.phases.strategy.page import strategy_page

    slug = request.param
    folder = tmp_path_factory.mktemp(f"{slug}-23")
    params = {"client": slug, "clients_dir": str(session_clients)}
    (folder / "s").mkdir()
    (folder / "a").mkdir()
    strategy = execute(folder / "s", STRATEGY, **params)
    audit = execute(folder / "a", AUDIT, **params)
    client = open_client(slug, session_clients)
    return strategy, audit, strategy_page(engaged(client)), audit_page(engaged(client))


def test_strategy_notebook_states_the_computed_orientation(phases_2_3):
    nb, _, page, _ = phases_2_3
    o = page.orientation
    headline = output(nb, "setup", "text/markdown")
    assert f"**{o.primary.lower()}** first and {o.secondary.lower()} second" in headline
    assert f"**{o.clarity}**" in headline
    svg = output(nb, "orientation", "image/svg+xml")
    assert all(name in svg for name in ("Risk minimiser", "Efficiency seeker", "Innovator"))
    assert f"{o.result.respondents} managers answered" in output(
        nb, "orientation-text", "text/markdown"
    )


def test_strategy_notebook_shows_alignment_and_names_the_top_area(phases_2_3):
    from kmkit.phases.strategy.compute import area_importance

    nb, _, page, _ = phases_2_3
    heatmap = output(nb, "alignment", "image/svg+xml")
    assert all(area in heatmap for area in page.areas.areas["area"])
    top = area_importance(page.areas).iloc[0]
    text = output(nb, "alignment-text", "text/markdown")
    assert f"**{top['area']}** (100%" in text and f"data/areas.csv row {top['row']}" in text
    for goal in page.client.config.business_goals:
        assert goal.goal in output(nb, "goals", "text/markdown")


def test_audit_notebook_names_top_risks_with_their_rows(phases_2_3):
    from kmkit.phases.audit.compute import asset_risk

    _, nb, _, page = phases_2_3
    risk = asset_risk(page.inventory)
    text = output(nb, "risk-text", "text/markdown")
    first = risk.iloc[0]
    assert text.startswith(f"1. **{first['asset']}**")
    assert f"data/inventory.csv row {first['row']}): risk {first['risk']:.0f}/100" in text
    assert output(nb, "risk", "image/svg+xml").lstrip().startswith("<svg")


def test_audit_notebook_names_key_people_and_what_their_leaving_costs(phases_2_3):
    from kmkit.phases.audit.compute import firm_bus_factor, key_people, what_if

    _, nb, _, page = phases_2_3
    people = key_people(page.inventory)
    svg = output(nb, "people", "image/svg+xml")
    assert all(holder in svg for holder in people["holder"].head(5))
    text = output(nb, "people-text", "text/markdown")
    assert f"bus factor is **{firm_bus_factor(page.inventory):.0f}**" in text
    top = people.iloc[0]["holder"]
    orphaned = what_if(page.inventory, top).orphaned
    assert f"If **{top}** left: '{orphaned.iloc[0]['asset']}' would have no holder left" in text


def test_audit_notebook_ranks_gaps_by_the_strategy(phases_2_3):
    from kmkit.phases.audit.compute import area_gaps

    _, nb, _, page = phases_2_3
    gaps = area_gaps(page.inventory, page.importance)
    text = output(nb, "gaps-text", "text/markdown")
    assert text.startswith(f"- **{gaps.iloc[0]['area']}**")
    svg = output(nb, "gaps", "image/svg+xml")
    assert all(area in svg for area in gaps["area"])
    seci = output(nb, "seci", "text/markdown")
    assert "Externalisation" in seci and "The firm lacks" in seci
    assert page.client.name in output(nb, "setup", "text/markdown")


def test_phases_2_3_without_their_data_say_what_to_do(tmp_path):
    from kmkit.core.workspace import new_client

    new_client("acme", "Acme Tools Ltd", tmp_path / "clients")
    params = {"client": "acme", "clients_dir": str(tmp_path / "clients")}
    (tmp_path / "s").mkdir()
    strategy = execute(tmp_path / "s", STRATEGY, **params)
    assert "--instrument orientation" in output(strategy, "setup", "text/markdown")
    assert "kmkit form areas --client acme" in output(strategy, "alignment", "text/markdown")
    assert "business_goals" in output(strategy, "goals", "text/markdown")
    (tmp_path / "a").mkdir()
    audit = execute(tmp_path / "a", AUDIT, **params)
    assert "kmkit form inventory" in output(audit, "setup", "text/markdown")
    assert "kmkit form inventory" in output(audit, "risk", "text/markdown")


def test_a_bad_inventory_stops_the_audit_with_its_row(tmp_path, clients_dir):
    path = clients_dir / "demo-precision" / "data" / "inventory.csv"
    path.write_text(path.read_text().replace("Machining,tacit", "Machining,liquid", 1))
    with pytest.raises(PapermillExecutionError) as err:
        execute(tmp_path, AUDIT, client="demo-precision", clients_dir=str(clients_dir))
    assert "row 2, column 'kind'" in str(err.value)


SOLUTIONS = REPO / "notebooks" / "04_solutions.ipynb"
MEASURE = REPO / "notebooks" / "05_measure.ipynb"


@pytest.fixture(scope="module")
def phases_4_5(session_clients, tmp_path_factory):
    from kmkit.phases.measurement.page import measure_page
    from kmkit.phases.solutions.page import solutions_page

    folder = tmp_path_factory.mktemp("accounting-45")
    params = {"client": "demo-accounting", "clients_dir": str(session_clients)}
    (folder / "s").mkdir()
    (folder / "m").mkdir()
    client = open_client("demo-accounting", session_clients)
    return (
        execute(folder / "s", SOLUTIONS, **params),
        execute(folder / "m", MEASURE, **params),
        solutions_page(engaged(client)),
        measure_page(engaged(client)),
    )


def test_roadmap_items_are_each_traced_to_a_measured_need(phases_4_5):
    nb, _, page, _ = phases_4_5
    table = output(nb, "roadmap", "text/markdown")
    roadmap = page.roadmap()
    rows = [line for line in table.splitlines()[2:] if line.startswith("|")]
    assert len(rows) == len(roadmap) > 0
    for line, item in zip(rows, roadmap.itertuples(), strict=True):
        assert item.name in line
        assert "data/inventory.csv row" in line or "survey wave" in line or "selection" in line
    assert "Job rotation" not in table  # dropped in data/selection.csv
    assert "Structured onboarding" in table and "Practice manager" in table  # added there
    assert output(nb, "gantt", "image/svg+xml").lstrip().startswith("<svg")
    assert "Drop **Job rotation**" in output(nb, "choices", "text/markdown")
    from kmkit.core.numbers import amount

    cost = amount(int(roadmap["cost"].sum()), page.client.config)  # in the client's currency
    assert f"about **{cost} a year**" in output(nb, "phases", "text/markdown")


def test_recommendations_state_their_reasons(phases_4_5):
    nb, _, page, _ = phases_4_5
    text = output(nb, "recommendations", "text/markdown")
    first = page.ranked.iloc[0]
    assert text.startswith(f"1. **{first['name']}** (impact 100")
    assert f"    - because {first['because'][0]}" in text
    assert page.inputs.needs()[0].because in output(nb, "needs", "text/markdown")


def test_measurement_says_what_really_changed(phases_4_5):
    _, nb, _, page = phases_4_5
    waves = page.waves.table.set_index("name")
    text = output(nb, "waves-text", "text/markdown")
    for name, row in waves.iterrows():
        verdict = "a real change" if row["real"] else "within what chance alone could give"
        assert f"- {name}: {row['before']:.2f} to {row['after']:.2f}" in text
        assert f"{verdict}." in text.split(f"- {name}:")[1].split("\n")[0]
    kpis = output(nb, "kpis", "text/markdown")
    assert all(name in kpis for name in page.kpis["indicator"].unique())
    assert "a net return of" in output(nb, "roi", "text/markdown")
    assert "Loaded cost of an hour" in output(nb, "roi", "text/markdown")


def test_measurement_without_data_says_how_to_start(tmp_path, session_clients):
    (tmp_path / "m").mkdir()
    nb = execute(tmp_path / "m", MEASURE, client="demo-precision", clients_dir=str(session_clients))
    assert "Nothing to measure yet" in output(nb, "setup", "text/markdown")
    assert "One survey wave so far" in output(nb, "waves", "text/markdown")


PARTNERSHIPS = REPO / "notebooks" / "06_partnerships.ipynb"


@pytest.fixture(scope="module", params=["demo-precision", "demo-accounting"])
def phase_6(request, session_clients, tmp_path_factory):
    from kmkit.phases.partnerships.page import partnerships_page

    slug = request.param
    nb = execute(
        tmp_path_factory.mktemp(f"{slug}-6"), PARTNERSHIPS, client=slug,
        clients_dir=str(session_clients),
    )  # fmt: skip
    client = open_client(slug, session_clients)
    return nb, client, partnerships_page(engaged(client))


def test_partnerships_notebook_names_each_partnership_and_its_file(phase_6):
    nb, _, page = phase_6
    overview = output(nb, "setup", "text/markdown")
    for partner in page.data.partnerships["partner"]:
        assert partner in overview
    assert "data/partnerships.csv" in overview
    assert output(nb, "flow-map", "image/svg+xml").lstrip().startswith("<svg")
    assert output(nb, "ip-chart", "image/svg+xml").lstrip().startswith("<svg")


def test_partnerships_notebook_states_ip_readiness_as_computed(phase_6):
    from kmkit.phases.partnerships.compute import ip_readiness

    nb, _, page = phase_6
    text = output(nb, "ip", "text/markdown")
    for row in ip_readiness(page.data).itertuples():
        assert f"**{page.names[row.partnership]}:** {row.readiness:.0f}% of the applicable" in text
    assert "What to put in place first" in text and "Knowledge transfer in SME partnerships" in text
    assert "seed" not in text.lower()


def test_partnerships_notebook_reads_the_flows_with_seci(phase_6):
    nb, client, _ = phase_6
    text = output(nb, "flows", "text/markdown")
    if client.slug == "demo-precision":  # tacit setups sent as documents, rows 3 and 7
        assert "data/flows.csv row 3" in text and "data/flows.csv row 7" in text
        assert "socialisation" in text
    else:
        assert "No flow pattern stands out" in text


def test_partnerships_notebook_orders_key_people_by_the_audits_risk(phase_6):
    nb, _, page = phase_6
    text = output(nb, "continuity", "text/markdown")
    people = list(page.continuity["holder"])
    positions = [text.index(f"| {p} |") for p in people]
    assert positions == sorted(positions) and len(people) >= 3
    first = page.continuity.iloc[0]
    assert f"| {first.holder} | {first.risk:.0f} | {first.readiness:.0f}% |" in text
    assert "no plan" in text


def test_partnerships_notebook_costs_a_ktp_beside_the_quoted_range(phase_6):
    nb, client, _ = phase_6
    text = output(nb, "ktp", "text/markdown") if client.slug == "demo-precision" else ""
    if client.slug == "demo-precision":
        assert text.startswith("## Knowledge Transfer Partnerships")
        assert "GBP 21,780 a year" in text and "130,000-170,000" in text and "not converted" in text
    else:
        cell = next(c for c in nb.cells if c.get("id") == "ktp")
        assert all(not o.get("data", {}).get("text/markdown") for o in cell.outputs)
        assert "## Knowledge Transfer Partnerships" not in nbformat.writes(nb)  # no empty heading


def test_partnerships_notebook_shows_no_other_clients_partners(phase_6):
    nb, client, _ = phase_6
    shown = "".join(
        str(o.get("data", {})) for c in nb.cells if c.cell_type == "code" for o in c.outputs
    )
    other = "Carter" if client.slug == "demo-precision" else "Severn"
    assert other not in shown


def test_partnerships_notebook_shows_each_sides_view_only_when_safe(phase_6):
    nb, client, page = phase_6
    text = output(nb, "alliance", "text/markdown")
    assert output(nb, "alliance-chart", "image/svg+xml").lstrip().startswith("<svg")
    assert "2.53" in text and "3.49" in text and "not a pass mark" in text
    for view in page.alliance_views:
        partner = page.names[view.partnership]
        assert f"**{partner}:** {view.respondents['us']} from the firm" in text
        if not view.sides:  # the university side of the KTP: three respondents
            part = text.split(f"**{partner}:**")[1].split("**")[0]
            assert "not shown" in part and "for the firm" not in part
    if client.slug == "demo-precision":
        assert "**Governance:** the firm rates it higher" in text


def test_partnerships_notebook_follows_satisfaction_pulse_by_pulse(phase_6):
    nb, client, page = phase_6
    text = output(nb, "pulse", "text/markdown")
    assert output(nb, "pulse-chart", "image/svg+xml").lstrip().startswith("<svg")
    both = page.pulse.loc[page.pulse["who"] == "both"]
    assert f"to {both['mean'].iloc[-1]:.1f} ('{both['wave'].iloc[-1]}')" in text
    if client.slug == "demo-accounting":  # three from the law firm in the latest pulse
        assert "not shown apart" in text
        assert "Agree who calls the client first" in text  # the firm's five
        assert "Fewer referrals" not in text  # the law firm's three: too few
        latest = page.pulse.loc[page.pulse["wave"] == both["wave"].iloc[-1]]
        assert set(latest["who"]) == {"both"}
    else:
        assert "the firm's people give" in text and "Tell us earlier" in text


REVIEW = REPO / "notebooks" / "07_review.ipynb"


@pytest.fixture(scope="module", params=["demo-precision", "demo-accounting"])
def phase_7(request, session_clients, tmp_path_factory):
    from kmkit.phases.review.page import review_page

    slug = request.param
    nb = execute(
        tmp_path_factory.mktemp(f"{slug}-7"), REVIEW, client=slug, clients_dir=str(session_clients)
    )
    return nb, review_page(engaged(open_client(slug, session_clients)))


def test_review_notebook_says_what_was_done_and_whether_the_pilot_worked(phase_7):
    from kmkit.phases.review.text import tally_sentence
    from kmkit.phases.review.tracking import tally

    nb, page = phase_7
    headline = output(nb, "setup", "text/markdown")
    assert page.client.name in headline
    if page.client.slug == "demo-precision":  # early in its engagement
        assert "Nothing to review yet" in headline and "Harbour" not in nbformat.writes(nb)
        assert "kmkit form progress --client demo-precision" in output(
            nb, "tracking-chart", "text/markdown"
        )
        return
    assert "Kestrel" not in nbformat.writes(nb)
    t = page.data.tracking
    assert tally_sentence(tally(t), "data/progress.csv") in headline
    assert "2 done, 2 running, 1 stalled and 1 not started; 4 are late" in headline
    hours = next(e for e in page.data.effects() if e.measure.startswith("Hours searching"))
    worked = sum(e.verdict == "worked" for e in page.effects)
    assert f"In Audit: the pilot worked ({worked} of {len(page.effects)} measures" in headline
    assert 0 < worked < len(page.effects)  # the verdict says it held on some measures only
    assert f"95% interval {hours.low:+.2f} to {hours.high:+.2f}" in headline
    then, now = page.data.risk()
    assert f"fell from {then:.0f} to {now:.0f} (of 100)" in headline
    assert output(nb, "tracking-chart", "image/svg+xml").lstrip().startswith("<svg")
    assert "Audit" in output(nb, "pilot-chart", "image/svg+xml")
    assert "Client portal administration" in output(nb, "reaudit-chart", "image/svg+xml")
    table = output(nb, "tracking", "text/markdown")
    assert "| Cross-training | Pilot | to be named |" in table and "stalled (late)" in table


def test_review_notebook_checks_the_gates_and_names_the_next_cycle(phase_7):
    from kmkit.phases.review.gates import gate_status

    nb, page = phase_7
    gates = output(nb, "gates", "text/markdown")
    for stage, name in (("pilot", "Pilot"), ("promote", "Promote and support")):
        assert f"**{name}: {gate_status(page.checks, stage)}**" in gates
    if page.client.slug == "demo-precision":
        assert "needs a second survey wave" in gates
        assert "not been measured again" in output(nb, "needs", "text/markdown")
        return
    assert "75% of the pilot interventions done | not met | 2 of 4 done" in gates
    assert "conditions set for this client in data/review.yaml" in gates
    reaudit = output(nb, "reaudit", "text/markdown")
    assert "Resolved: **Partner A** no longer holds" in reaudit
    assert "New: **Practice manager** alone holds 'Client portal administration'" in reaudit
    first = page.next_cycle_table.iloc[0]
    assert output(nb, "next-cycle", "text/markdown").startswith(f"1. **{first['name']}**")
    assert "**Closed (3):**" in output(nb, "needs", "text/markdown")
    checklist = output(nb, "institutionalisation", "text/markdown")
    assert "| KM in the budget | not recorded |" in checklist
    refs = output(nb, "references", "text/markdown")
    assert "Liebowitz, 'Putting More Rigor into Knowledge Management'" in refs
    assert "seed" not in nbformat.writes(nb).lower()
    cell = next(c for c in nb.cells if c.get("id") == "explore")
    assert "app-only" in cell.metadata["tags"]
    assert any(
        "application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in cell.outputs
    )
