"""Phase 04: the catalogue, traced recommendations, the consultant's choices, the roadmap."""

import datetime as dt

import pytest
from helpers import assert_refused, engaged, run_kmkit

from kmkit.core.workspace import open_client
from kmkit.phases.solutions.catalogue import SHIPPED, Catalogue, load_catalogue, read_catalogue
from kmkit.phases.solutions.compute import (
    DEFAULT_ACCEPTED,
    Inputs,
    Need,
    accepted,
    pilot_department,
    recommend,
)
from kmkit.phases.solutions.inputs import read_selection
from kmkit.phases.solutions.page import solutions_page
from kmkit.phases.solutions.roadmap import GATES, build_roadmap, stage_table

ISSUE_NAMES = (
    "sop lessons_learnt mentoring cross_training expert_directory communities after_action "
    "incentives intranet document_management onboarding storytelling job_rotation "
    "partner_exchange continuity_drill"
).split()


def test_catalogue_has_the_interventions_an_sme_needs_with_every_fact():
    catalogue = load_catalogue()
    assert len(catalogue.interventions) >= 25
    assert set(ISSUE_NAMES) <= set(catalogue.by_id())
    for iv in catalogue.interventions:
        assert iv.what and iv.orientations
        assert iv.cites, f"{iv.id} cites no published work"
        assert iv.categories or iv.risks or iv.seci, iv.id
    # every risk kind and SECI conversion is addressed by something
    assert {r for iv in catalogue.interventions for r in iv.risks} == {
        "single_holder",
        "retirement",
        "turnover",
        "undocumented",
        "low_diffusion",
    }
    assert len({s for iv in catalogue.interventions for s in iv.seci}) == 4


ENTRY = """  - id: pairing
    name: Pairing
    what: Two people on one job.
    categories: [people]
    risks: [single_holder]
    seci: [socialisation]
    orientations: [risk_minimiser]
    effort: 2
    cost: low
    weeks_to_value: 4
    cites: [sme-partnership-knowledge-transfer]
"""
BAD_CATALOGUES = {
    "unknown category": (
        ENTRY.replace("[people]", "[morale]"),
        "unknown categories",
        3,
        "categories",
    ),
    "effort 7": (ENTRY.replace("effort: 2", "effort: 7"), "less than or equal to 5", 3, "effort"),
    "bad cost": (ENTRY.replace("cost: low", "cost: cheap"), "'low', 'medium' or 'high'", 3, "cost"),
    "missing what": (
        ENTRY.replace("    what: Two people on one job.\n", ""),
        "Field required",
        3,
        "what",
    ),
    "repeated id": (ENTRY + ENTRY, "used twice", 14, "id"),
    "unknown field": (ENTRY + "    price: 10\n", "Extra inputs", 3, "price"),
    "unknown work": (
        ENTRY.replace("[sme-partnership-knowledge-transfer]", "[{ref: drucker-1993, at: p. 7}]"),
        "'drucker-1993' is not a key of kmkit/core/references.yaml",
        3,
        "cites.0.ref",
    ),
    "free-text source": (ENTRY + "    source: Handzic\n", "write `cites` instead", 3, "source"),
}


@pytest.mark.parametrize("kind", sorted(BAD_CATALOGUES))
def test_bad_catalogue_is_refused_with_file_line_and_field(clients_dir, kind):
    entries, words, line, field = BAD_CATALOGUES[kind]
    path = clients_dir / "demo-precision" / "data" / "interventions.yaml"
    path.write_text('version: "1"\ninterventions:\n' + entries)
    assert_refused(lambda p: load_catalogue(p.parent.parent), path, words, line, field)
    result = run_kmkit("check", "demo-precision", clients=clients_dir)
    assert result.returncode == 1 and words in result.stdout


def test_a_clients_own_intervention_joins_the_catalogue(clients_dir):
    path = clients_dir / "demo-precision" / "data" / "interventions.yaml"
    path.write_text('version: "1"\ninterventions:\n' + ENTRY)
    catalogue = load_catalogue(path.parent.parent)
    assert "pairing" in catalogue.by_id()
    assert len(catalogue.interventions) == len(read_catalogue(SHIPPED).interventions) + 1


def tiny_catalogue() -> Catalogue:
    common = {"what": "x", "cost": "low", "weeks_to_value": 4, "seci": []}
    return Catalogue(
        version="t",
        interventions=[
            {**common, "id": "a", "name": "A", "categories": ["process"],
             "risks": ["single_holder"], "orientations": ["risk_minimiser"], "effort": 1},
            {**common, "id": "b", "name": "B", "categories": [], "risks": ["retirement"],
             "orientations": ["innovator"], "effort": 4},
            {**common, "id": "c", "name": "C", "categories": ["technology"], "risks": [],
             "orientations": ["innovator"], "effort": 2},
        ],
    )  # fmt: skip


class FixedNeeds(Inputs):
    def needs(self):
        return [
            Need("awareness", "process", 0.4, "process scores 2.5"),
            Need("audit", "single_holder", 1.0, "row 2 held by one person"),
            Need("audit", "retirement", 0.5, "row 3 at risk from retirement"),
        ]


def test_recommendations_by_hand_carry_their_because():
    ranked = recommend(FixedNeeds(primary="innovator"), tiny_catalogue()).set_index("id")
    assert list(ranked.index) == ["a", "b"]  # c answers no measured need
    assert ranked.loc["a", "impact"] == 100
    assert ranked.loc["b", "impact"] == round(0.5 * 1.25 / 1.4 * 100)  # primary orientation
    assert ranked.loc["a", "because"] == ("row 2 held by one person", "process scores 2.5")
    assert ranked.loc["b", "because"][-1] == "suits the firm's primary orientation (innovator)"
    assert ranked.loc["a", "quadrant"] == "quick win"
    assert ranked.loc["b", "quadrant"] == "questionable"


SELECTION_HEAD = "intervention,decision,owner,phase,start,note\n"


def test_consultant_drops_and_adds_and_the_roadmap_follows(tmp_path):
    catalogue = tiny_catalogue()
    ranked = recommend(FixedNeeds(), catalogue)
    path = tmp_path / "selection.csv"
    path.write_text(
        SELECTION_HEAD + "a,drop,,,,too soon\nC,add,Ops lead,pilot,2027-02-01,asked for\n"
    )
    choices = read_selection(path, catalogue)
    chosen = accepted(ranked, choices, catalogue)
    assert list(chosen["id"]) == ["b", "c"]  # 'C' found by name
    c = chosen.set_index("id").loc["c"]
    assert c["because"][-1] == "chosen by the consultant (data/selection.csv row 3; asked for)"
    assert c["because"][-1].plain == "chosen by the consultant (asked for)"
    roadmap = build_roadmap(chosen, dt.date(2027, 1, 4)).set_index("id")
    assert roadmap.loc["c", "phase"] == "pilot" and roadmap.loc["c", "start"] == dt.date(2027, 2, 1)
    assert roadmap.loc["c", "owner"] == "Ops lead"
    assert roadmap.loc["b", "phase"] == "institutionalise"  # effort 4 waits for the groundwork
    assert roadmap.loc["b", "start"] == dt.date(2027, 1, 4) + dt.timedelta(weeks=12 + 16)
    phases = stage_table(roadmap.reset_index(), dt.date(2027, 1, 4)).set_index("phase")
    assert phases.loc["Pilot", "cost"] == 1000 and phases.loc["Institutionalise", "cost"] == 1000
    assert phases.loc["Pilot", "gate"] == GATES["pilot"]


def test_without_a_selection_the_top_recommendations_go_ahead(clients_dir):
    page = solutions_page(engaged(open_client("demo-precision", clients_dir)))
    assert list(page.chosen["id"]) == list(page.ranked["id"].head(DEFAULT_ACCEPTED))
    assert all(page.chosen["because"].map(len) > 0)


S = SELECTION_HEAD
BAD_SELECTIONS = {
    "unknown": (S + "mentorin,accept,,,,\n", "did you mean 'mentoring'", 2, "intervention"),
    "decision": (S + "mentoring,maybe,,,,\n", "'maybe' is not one of", 2, "decision"),
    "phase": (S + "mentoring,accept,,later,,\n", "'later' is not one of", 2, "phase"),
    "date": (S + "mentoring,accept,,,next spring,\n", "is not a date", 2, "start"),
    "twice": (S + "mentoring,accept,,,,\nmentoring,drop,,,,\n", "repeats", 3, "intervention"),
    "no decision column": (
        "intervention,owner\nmentoring,Ann\n",
        "missing column(s) decision",
        1,
        None,
    ),
    "unknown column": (
        S.strip() + ",budget\nmentoring,accept,,,,,5\n",
        "unknown column",
        1,
        "budget",
    ),
}


@pytest.mark.parametrize("kind", sorted(BAD_SELECTIONS))
def test_bad_selection_is_refused_with_file_row_and_column(tmp_path, kind):
    text, words, row, column = BAD_SELECTIONS[kind]
    path = tmp_path / "selection.csv"
    path.write_text(text)
    assert_refused(lambda p: read_selection(p, load_catalogue()), path, words, row, column)


def test_pilot_is_never_a_department_too_small_to_show(clients_dir):
    from kmkit.phases.awareness.compute import assess_maturity, department_breakdown

    client = open_client("demo-precision", clients_dir)
    result = assess_maturity(client)
    page = solutions_page(engaged(client))
    pilot = pilot_department(result, client, page.chosen)
    table = department_breakdown(result, client)
    hidden = set(table.loc[table["suppressed"], "department"])
    assert pilot.department and pilot.department not in hidden and "Management" in hidden
    assert pilot.department in pilot.reason
