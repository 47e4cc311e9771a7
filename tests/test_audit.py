"""The knowledge inventory and the audit computed from it: risk, key people, what-if."""

import pytest
from helpers import assert_refused, run_kmkit
from openpyxl import load_workbook

from kmkit.phases.audit.compute import (
    area_risk,
    asset_risk,
    firm_bus_factor,
    key_people,
    knowledge_mix,
    without_holder,
)
from kmkit.phases.audit.inputs import COLUMNS, read_inventory, write_inventory_form

HEADER = ",".join(COLUMNS)
# A: critical, likely lost, undocumented, one holder. B: minor, documented, two holders.
# C: critical, held by Ann and Bob.
SMALL = (
    f"{HEADER}\n"
    "Setups,Machining,tacit,people,Ann,none,5,4,retirement,5,5,2,4,1,4\n"
    "Manual,Quality,explicit,structures,Bob;Cy,full,2,2,,3,4,3,4,4,4\n"
    "Alloys,Machining,tacit,relationships,Ann;Bob,partial,4,2,none,4,4,2,3,2,3\n"
)


@pytest.fixture
def small(tmp_path):
    path = tmp_path / "inventory.csv"
    path.write_text(SMALL)
    return read_inventory(path)


def test_asset_risk_by_hand(small):
    risk = asset_risk(small).set_index("asset")["risk"]
    assert risk["Setups"] == pytest.approx(5 * 4 * 1.5 / 37.5 * 100)  # 80
    assert risk["Manual"] == pytest.approx(2 * 2 * 1.0 / 37.5 * 100)
    assert risk["Alloys"] == pytest.approx(4 * 2 * 1.2 / 37.5 * 100)
    assert list(asset_risk(small)["asset"]) == ["Setups", "Alloys", "Manual"]


def test_areas_and_bus_factor(small):
    areas = area_risk(small).set_index("area")
    assert areas.loc["Machining", "assets"] == 2 and areas.loc["Machining", "critical"] == 2
    assert areas.loc["Machining", "bus_factor"] == 1  # Setups has one holder
    assert firm_bus_factor(small) == 1


def test_key_people_ranked_by_what_they_alone_hold(small):
    people = key_people(small).set_index("holder")
    assert people.loc["Ann", "critical_assets"] == 2 and people.loc["Ann", "sole_holder_of"] == 1
    assert people.loc["Bob", "sole_holder_of"] == 0
    assert key_people(small).iloc[0]["holder"] == "Ann"


def test_what_if_a_holder_leaves(small):
    after = asset_risk(without_holder(small, "Ann")).set_index("asset")
    assert after.loc["Setups", "holders"] == () and after.loc["Setups", "loss_likelihood"] == 5
    assert (
        after.loc["Alloys", "holders"] == ("Bob",) and after.loc["Alloys", "loss_likelihood"] == 4
    )
    assert after.loc["Manual", "loss_likelihood"] == 2  # Ann never held it
    assert (
        area_risk(without_holder(small, "Ann")).set_index("area").loc["Machining", "bus_factor"]
        == 0
    )


def test_knowledge_mix_shares(small):
    mix = knowledge_mix(small).set_index(["resides", "kind"])["share"]
    assert mix.sum() == pytest.approx(1)
    assert mix[("people", "tacit")] == pytest.approx(1 / 3)


def test_inventory_form_imports_back_when_filled(tmp_path):
    path = write_inventory_form(tmp_path / "inventory.xlsx")
    book = load_workbook(path)
    sheet = book["Inventory"]
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert len(sheet.data_validations.dataValidation) >= 10
    sheet.append(
        [
            "Setups",
            "Machining",
            "tacit",
            "people",
            "Ann",
            "none",
            5,
            4,
            "retirement",
            5,
            5,
            2,
            4,
            1,
            4,
        ]
    )
    book.save(path)
    assert read_inventory(path).assets["asset"].tolist() == ["Setups"]
    csv_form = write_inventory_form(tmp_path / "inventory.csv")
    csv_form.write_text(csv_form.read_text(encoding="utf-8-sig") + SMALL.split("\n", 1)[1])
    assert len(read_inventory(csv_form).assets) == 3


ROW = "Setups,Machining,tacit,people,Ann,none,5,4,retirement,5,5,2,4,1,4"
BAD = {
    "empty": ("", "the file is empty", None, None),
    "header only": (f"{HEADER}\n", "no answers below it", None, None),
    "missing column": (
        HEADER.replace(",criticality", "") + "\n" + ROW.replace(",5,4,", ",4,", 1),
        "missing column(s) criticality",
        1,
        None,
    ),
    "unknown column": (f"{HEADER},owner\n{ROW},Ann\n", "unknown column(s) owner", 1, "owner"),
    "empty asset": (f"{HEADER}\n{ROW.replace('Setups', '')}\n", "is empty", 2, "asset"),
    "bad kind": (
        f"{HEADER}\n{ROW.replace('tacit', 'semi-tacit')}\n",
        "'semi-tacit' is not one",
        2,
        "kind",
    ),
    "bad place": (
        f"{HEADER}\n{ROW.replace('people', 'cloud')}\n",
        "'cloud' is not one",
        2,
        "resides",
    ),
    "criticality 7": (
        f"{HEADER}\n{ROW.replace(',5,4,', ',7,4,')}\n",
        "'7' is not a whole number",
        2,
        "criticality",
    ),
    "likelihood high": (
        f"{HEADER}\n{ROW.replace(',5,4,', ',5,high,')}\n",
        "'high' is not a whole number",
        2,
        "loss_likelihood",
    ),
    "duplicate asset": (f"{HEADER}\n{ROW}\n{ROW}\n", "repeats the asset in row 2", 3, "asset"),
    "bad documentation": (
        f"{HEADER}\n{ROW.replace('none', 'some')}\n",
        "'some' is not one",
        2,
        "documentation",
    ),
    "target zero": (
        f"{HEADER}\n{ROW[:-1]}0\n",
        "'0' is not a whole number",
        2,
        "codification_target",
    ),
    # the header ends with as_of: a dated inventory keeps every audit's snapshot
    "undated row among dated": (
        f"{HEADER}\n{ROW},2025-03-01\n{ROW.replace('Setups', 'Jigs')},\n",
        "give the date of this row's audit",
        3,
        "as_of",
    ),
    "twice in one snapshot": (
        f"{HEADER}\n{ROW},2025-03-01\n{ROW},2025-03-01\n",
        "repeats the asset in row 2",
        3,
        "asset",
    ),
    "bad snapshot date": (f"{HEADER}\n{ROW},March\n", "is not a date", 2, "as_of"),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_inventory_is_refused_with_file_row_and_column(tmp_path, kind):
    text, words, row, column = BAD[kind]
    path = tmp_path / "inventory.csv"
    path.write_text(text)
    assert_refused(read_inventory, path, words, row, column)


def test_check_lists_inventory_problems(clients_dir):
    path = clients_dir / "demo-precision" / "data" / "inventory.csv"
    path.write_text(path.read_text().replace("Machining,tacit", "Machining,liquid", 1))
    result = run_kmkit("check", "demo-precision", clients=clients_dir)
    assert result.returncode == 1
    assert "row 2, column 'kind': 'liquid' is not one" in result.stdout


def test_demo_inventories_are_valid_and_show_key_people(clients_dir):
    for slug in ("demo-precision", "demo-accounting"):
        inventory = read_inventory(clients_dir / slug / "data" / "inventory.csv")
        assert len(inventory.assets) >= 8
        assert key_people(inventory)["sole_holder_of"].max() >= 1


def test_a_dated_inventory_keeps_every_snapshot_and_reads_the_latest(tmp_path):
    from kmkit.phases.audit.inputs import read_snapshots

    path = tmp_path / "inventory.csv"
    later = ROW.replace("none,5,4", "full,5,2")
    path.write_text(f"{HEADER}\n{ROW},2025-03-01\n{later},2026-03-02\n")
    first, latest = read_snapshots(path)
    assert (str(first.as_of), str(latest.as_of)) == ("2025-03-01", "2026-03-02")
    assert list(first.assets["row"]) == [2] and list(latest.assets["row"]) == [3]
    assert read_inventory(path).assets.iloc[0]["documentation"] == "full"
    assert "as_of" not in read_inventory(path).assets.columns


def test_an_undated_inventory_is_one_snapshot(small):
    assert small.as_of is None and len(small.assets) == 3
