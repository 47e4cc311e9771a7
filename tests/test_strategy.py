"""Phase 02: strategic orientation, goals x knowledge areas, and the audit read against them."""

import pytest
import yaml
from helpers import assert_refused, engaged, run_kmkit
from openpyxl import load_workbook

from kmkit.core.errors import NoDataError
from kmkit.core.instruments import load_instrument
from kmkit.core.workspace import BusinessGoal, new_client, open_client
from kmkit.inputs.forms import form_columns
from kmkit.inputs.survey_import import import_file
from kmkit.phases.audit.compute import area_gaps, seci_reading, what_if
from kmkit.phases.audit.inputs import COLUMNS, read_inventory
from kmkit.phases.strategy.compute import (
    Orientation,
    alignment,
    area_importance,
    assess_orientation,
    unserved_goals,
)
from kmkit.phases.strategy.inputs import read_areas

GOALS = [
    BusinessGoal(goal="Faster onboarding", indicator="Weeks to work alone", weight=2),
    BusinessGoal(goal="Fewer errors", indicator="Rework, %"),
    BusinessGoal(goal="New services", indicator="Share of new fees"),
]
AREAS = (
    "area,description,Faster onboarding,G2,new services\n"
    "Training,How new staff learn,3,1,\n"
    "Quality,,,3,0\n"
    "Sales,,0,0,0\n"
)


@pytest.fixture
def acme_client(tmp_path):
    """A new client, Acme Tools Ltd, with three business goals and no answers yet."""
    made = new_client("acme", "Acme Tools Ltd", tmp_path / "clients")
    config = yaml.safe_load(made.config_path.read_text())
    config["business_goals"] = [g.model_dump() for g in GOALS]
    made.config_path.write_text(yaml.safe_dump(config))
    return open_client("acme", tmp_path / "clients")


def orientation_file(tmp_path, answers: dict[str, tuple[int, int, int]], language: str = "en"):
    """A kmkit-layout orientation form, one row per manager: risk, efficiency, innovator."""
    instrument = load_instrument("orientation", language=language)
    lines = [",".join(f'"{c}"' for c in form_columns(instrument))]
    for number, (risk, eff, inn) in answers.items():
        values = {"risk_minimiser": risk, "efficiency_seeker": eff, "innovator": inn}
        cells = [number, "Operations", "Manager"]
        cells += [values[c.id] for c in instrument.categories for _ in c.items]
        lines.append(",".join(map(str, cells)))
    path = tmp_path / "orientation.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_orientation_primary_secondary_and_ties_by_hand(tmp_path, acme_client):
    # Means: risk (5+4+4)/3, efficiency (3+4+2)/3, innovator (2+2+1)/3.
    path = orientation_file(tmp_path, {"m1": (5, 3, 2), "m2": (4, 4, 2), "m3": (4, 2, 1)})
    import_file(acme_client, path, "orientation", "baseline")
    o = assess_orientation(acme_client)
    assert (o.primary, o.secondary) == ("Risk minimiser", "Efficiency seeker")
    assert o.gap == pytest.approx(13 / 3 - 3)
    assert o.clarity == "clear-cut"
    # m2 ties risk and efficiency: the first choice is shared half and half.
    assert o.first_choice["Risk minimiser"] == pytest.approx(2.5)
    assert o.first_choice["Efficiency seeker"] == pytest.approx(0.5)


def test_a_french_team_gets_french_orientation_names_in_english_sentences(tmp_path, acme_client):
    from kmkit.phases.strategy.text import orientation_sentence, orientation_text

    config = acme_client.config_path.read_text().replace("language: en", "language: fr")
    acme_client.config_path.write_text(config)
    client = open_client("acme", acme_client.path.parent)
    path = orientation_file(tmp_path, {"m1": (2, 3, 5), "m2": (1, 4, 5)}, language="fr")
    assert import_file(client, path, "orientation", "baseline").language == "fr"
    o = assess_orientation(client)
    assert (o.primary, o.primary_id, o.secondary_id) == (
        "Innover",
        "innovator",
        "efficiency_seeker",
    )
    assert orientation_sentence(o).startswith("The management team reads as **Innover** first")
    text = orientation_text(o)
    assert text.startswith("2 managers answered in French. With **Innover** first, the firm wants")
    assert "create new knowledge" in text
    solutions = engaged(
        client
    ).plan.inputs  # phase 04 keys on the ids, whatever the names' language
    assert (solutions.primary, solutions.secondary) == ("innovator", "efficiency_seeker")


@pytest.mark.parametrize(
    ("gap", "clarity"), [(0.8, "clear-cut"), (0.5, "clear-cut"), (0.3, "leaning"), (0.1, "mixed")]
)
def test_clarity_follows_the_distance_between_the_top_two(gap, clarity):
    o = Orientation(result=None, primary="a", secondary="b", gap=gap, first_choice=None)
    assert o.clarity == clarity


def test_no_orientation_answers_says_how_to_import(acme_client):
    with pytest.raises(NoDataError, match="--instrument orientation"):
        assess_orientation(acme_client)


def test_orientation_form_imports_back_through_the_command_line(tmp_path, acme_client):
    form = tmp_path / "orientation.xlsx"
    where = acme_client.path.parent
    made = run_kmkit("form", "orientation", "--client", "acme", "--out", str(form), clients=where)
    assert made.returncode == 0, made.stderr
    book = load_workbook(form)
    sheet = book.active
    width = len(list(sheet[1]))
    for number in range(1, 4):
        sheet.append([number, "Operations", "Manager", *["Agree"] * (width - 3)])
    book.save(form)
    imported = run_kmkit("import", "acme", str(form), "--instrument", "orientation", clients=where)
    assert imported.returncode == 0, imported.stderr
    assert assess_orientation(acme_client).result.respondents == 3


def test_areas_importance_by_hand(tmp_path):
    path = tmp_path / "areas.csv"
    path.write_text(AREAS)
    areas = read_areas(path, GOALS)
    table = area_importance(areas).set_index("area")
    assert table.loc["Training", "points"] == 3 * 2 + 1  # goal weight 2 x strength 3, plus 1
    assert table.loc["Quality", "points"] == 3
    assert table.loc["Training", "importance"] == 1
    assert table.loc["Quality", "importance"] == pytest.approx(3 / 7)
    assert table.loc["Sales", "importance"] == 0 and table.loc["Sales", "goals"] == ()
    assert list(area_importance(areas)["area"]) == ["Training", "Quality", "Sales"]
    assert unserved_goals(areas) == [(3, "New services")]
    grid = alignment(areas)
    assert len(grid) == 3 * 3  # every goal x area pair, zeros included
    cell = grid.set_index(["goal", "area"]).loc[("Faster onboarding", "Training")]
    assert cell["strength"] == 3 and cell["row"] == 2  # traceable to the file's row


HEAD = "area,description,Faster onboarding,Fewer errors,New services"
BAD_AREAS = {
    "no area column": ("name,Fewer errors\nTraining,3\n", "no 'area' column", 1, None),
    "unknown goal": (
        "area,Grow exports\nTraining,3\n",
        "names no business goal",
        1,
        "Grow exports",
    ),
    "goal twice": ("area,G1,Faster onboarding\nTraining,3,3\n", "two columns", 1, None),
    "strength 4": (f"{HEAD}\nTraining,,4,1,0\n", "'4' is not 0, 1, 2 or 3", 2, "Faster onboarding"),
    "strength word": (f"{HEAD}\nTraining,,3,high,0\n", "'high' is not 0", 2, "Fewer errors"),
    "empty area": (f"{HEAD}\n,,3,1,0\n", "the area is empty", 2, "area"),
    "area twice": (
        f"{HEAD}\nTraining,,3,1,0\ntraining,,1,1,1\n",
        "repeats the area in row 2",
        3,
        "area",
    ),
    "empty file": ("", "the file is empty", None, None),
}


@pytest.mark.parametrize("kind", sorted(BAD_AREAS))
def test_bad_areas_file_is_refused_with_file_row_and_column(tmp_path, kind):
    text, words, row, column = BAD_AREAS[kind]
    path = tmp_path / "areas.csv"
    path.write_text(text)
    assert_refused(lambda p: read_areas(p, GOALS), path, words, row, column)


def test_areas_form_has_a_column_per_goal_and_the_inventoried_areas(tmp_path, clients_dir):
    form = tmp_path / "areas.xlsx"
    made = run_kmkit(
        "form", "areas", "--client", "demo-precision", "--out", str(form), clients=clients_dir
    )
    assert made.returncode == 0, made.stderr
    client = open_client("demo-precision", clients_dir)
    sheet = load_workbook(form).active
    header = [c.value for c in sheet[1]]
    assert header == ["area", "description", *[g.goal for g in client.config.business_goals]]
    inventory = read_inventory(client.data_dir / "inventory.csv")
    listed = [row[0].value for row in sheet.iter_rows(min_row=2) if row[0].value]
    assert set(listed) == set(inventory.assets["area"])
    for row in sheet.iter_rows(min_row=2, max_row=3):
        row[2].value = 3
    book = sheet.parent
    book.save(form)
    areas = read_areas(form, client.config.business_goals)
    assert len(areas.areas) == len(listed) and len(areas.links) == 2
    without = run_kmkit("form", "areas", "--out", str(form), clients=clients_dir)
    assert without.returncode != 0 and "--client" in without.stderr


def test_check_lists_areas_problems(clients_dir):
    path = clients_dir / "demo-precision" / "data" / "areas.csv"
    lines = path.read_text().splitlines()
    lines[1] = lines[1].rsplit(",", 1)[0] + ",9"
    path.write_text("\n".join(lines) + "\n")
    result = run_kmkit("check", "demo-precision", clients=clients_dir)
    assert result.returncode == 1
    assert "areas.csv, row 2" in result.stdout and "'9' is not 0, 1, 2 or 3" in result.stdout


HEADER = ",".join(COLUMNS)
# Setups: critical tacit, barely codified or diffused. Manual: explicit, documented, diffused.
# Drawings: explicit, partly documented, codified but barely diffused.
INVENTORY = (
    f"{HEADER}\n"
    "Setups,Training,tacit,people,Ann,none,5,4,retirement,5,5,2,4,1,4\n"
    "Manual,Quality,explicit,structures,Bob;Cy,full,2,2,,3,4,3,4,4,4\n"
    "Drawings,Quality,explicit,structures,Bob,partial,4,2,,3,3,2,4,3,5\n"
    "Price list,Pricing,explicit,structures,Cy,full,3,2,,4,4,4,4,4,4\n"
)


def test_gaps_are_weighted_by_strategic_importance(tmp_path):
    (tmp_path / "areas.csv").write_text(AREAS)
    (tmp_path / "inventory.csv").write_text(INVENTORY)
    importance = area_importance(read_areas(tmp_path / "areas.csv", GOALS))
    gaps = area_gaps(read_inventory(tmp_path / "inventory.csv"), importance).set_index("area")
    # Training: proficiency 0, diffusion 2, codification 3 -> mean 5/3, importance 1.
    assert gaps.loc["Training", "gap"] == pytest.approx(5 / 3)
    assert gaps.loc["Training", "weighted_gap"] == pytest.approx(5 / 3)
    # Quality: proficiency (1+0)/2, diffusion (1+2)/2, codification (0+2)/2, importance 3/7.
    assert gaps.loc["Quality", "gap"] == pytest.approx((0.5 + 1.5 + 1) / 3)
    assert gaps.loc["Quality", "weighted_gap"] == pytest.approx(1.0 * 3 / 7)
    assert gaps.loc["Quality", "rows"] == (3, 4)
    # Pricing is not in the areas file: no weight, and flagged.
    assert not gaps.loc["Pricing", "in_strategy"] and gaps.loc["Pricing", "weighted_gap"] == 0
    assert gaps.index[0] == "Training"


def test_seci_reading_by_hand(tmp_path):
    (tmp_path / "inventory.csv").write_text(INVENTORY)
    reading = {c.name: c for c in seci_reading(read_inventory(tmp_path / "inventory.csv"))}
    assert reading["Externalisation"].lacks and reading["Externalisation"].rows == (2,)
    assert reading["Socialisation"].lacks  # the one tacit asset is barely diffused
    # Explicit assets: Drawings only partly documented (1 of 3): combination is working.
    combination = reading["Combination"]
    assert (combination.needed, combination.lacking, combination.lacks) == (3, 1, False)
    # Codified assets: Manual, Drawings, Price list; Drawings is barely diffused (1 of 3).
    internalisation = reading["Internalisation"]
    assert (internalisation.needed, internalisation.lacking) == (3, 1)
    assert internalisation.rows == (4,)


def test_what_if_names_what_is_lost_and_the_bus_factor(tmp_path):
    (tmp_path / "inventory.csv").write_text(INVENTORY)
    inventory = read_inventory(tmp_path / "inventory.csv")
    change = what_if(inventory, "Bob")
    assert list(change.orphaned["asset"]) == ["Drawings"]
    assert list(change.weakened["asset"]) == ["Manual"]
    assert (change.bus_factor_before, change.bus_factor_after) == (1, 0)
    assert change.risk_after > change.risk_before
    nobody = what_if(inventory, "Zed")
    assert nobody.orphaned.empty and nobody.risk_after == nobody.risk_before
