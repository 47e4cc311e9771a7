"""Phase 05: KPIs against baseline and target, a second wave with bootstrap intervals, ROI."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from helpers import assert_refused, engaged

from kmkit.core.errors import InputError
from kmkit.core.instruments import load_instrument
from kmkit.core.scoring import score_maturity
from kmkit.phases.measurement.compute import compare_waves, estimate_roi, kpi_progress
from kmkit.phases.measurement.inputs import RoiAssumptions, read_kpis, read_roi

HEAD = "indicator,unit,better,kind,target,date,value\n"
KPIS = (
    HEAD + "Search time,hours,lower,quantitative,2,2026-01-31,5\n"
    "Search time,,,,,2026-02-28,4\n"
    "Search time,,,,,2026-03-31,3\n"
    "Quality rating,1-5,higher,qualitative,4,2026-01-31,3\n"
    "Quality rating,,,,,2026-03-31,4.2\n"
)


def test_kpi_progress_and_trend_by_hand(tmp_path):
    path = tmp_path / "kpis.csv"
    path.write_text(KPIS)
    progress = kpi_progress(read_kpis(path)).set_index("indicator")
    search = progress.loc["Search time"]
    assert (search["baseline"], search["latest"], search["target"]) == (5, 3, 2)
    assert search["progress"] == pytest.approx((3 - 5) / (2 - 5))
    months = np.array([0, 28, 59]) / 30.44
    assert search["trend_per_month"] == pytest.approx(np.polyfit(months, [5, 4, 3], 1)[0])
    assert search["status"] == "improving" and search["rows"] == (2, 3, 4)
    quality = progress.loc["Quality rating"]
    assert quality["status"] == "target reached" and quality["kind"] == "qualitative"


def test_a_worsening_kpi_is_called_so(tmp_path):
    path = tmp_path / "kpis.csv"
    path.write_text(
        HEAD + "Errors,count,lower,,10,2026-01-01,20\nErrors,,,,,2026-02-01,24\n"
        "Errors,,,,,2026-03-01,28\nErrors,,,,,2026-04-01,33\n"
    )
    assert kpi_progress(read_kpis(path)).iloc[0]["status"] == "worsening"


ROW = "Search time,hours,lower,quantitative,2,2026-01-31,5"
BAD_KPIS = {
    "missing value column": ("indicator,date\nSearch time,2026-01-31\n", "missing column", 1, None),
    "unknown column": (HEAD.strip() + ",owner\n" + ROW + ",Ann\n", "unknown column", 1, "owner"),
    "better sideways": (HEAD + ROW.replace("lower", "sideways") + "\n", "'sideways'", 2, "better"),
    "target missing": (HEAD + ROW.replace(",2,", ",,") + "\n", "give the target", 2, "target"),
    "value word": (HEAD + ROW.replace(",5", ",five") + "\n", "'five' is not a number", 2, "value"),
    "bad date": (HEAD + ROW.replace("2026-01-31", "31/01/26") + "\n", "is not a date", 2, "date"),
    "redefined": (
        HEAD + ROW + "\nSearch time,,higher,,,2026-02-28,4\n",
        "differs from row 2",
        3,
        "better",
    ),
    "same date twice": (
        HEAD + ROW + "\n" + "Search time,,,,,2026-01-31,4\n",
        "already has",
        3,
        "date",
    ),
    "no indicator": (HEAD + ROW.replace("Search time", "") + "\n", "is empty", 2, "indicator"),
}


@pytest.mark.parametrize("kind", sorted(BAD_KPIS))
def test_bad_kpi_file_is_refused_with_file_row_and_column(tmp_path, kind):
    text, words, row, column = BAD_KPIS[kind]
    path = tmp_path / "kpis.csv"
    path.write_text(text)
    assert_refused(read_kpis, path, words, row, column)


def wave(name: str, shift: float, people: int, seed: int):
    """A synthetic wave: every item answered around 3 + shift."""
    instrument = load_instrument("maturity")
    rng = np.random.default_rng(seed)
    rows = []
    for person in range(people):
        level = 3 + shift + rng.normal(0, 0.4)
        for item in instrument.items:
            value = float(np.clip(round(level + rng.normal(0, 0.5)), 1, 5))
            if item.reverse:
                value = 6 - value
            rows.append(
                {"response_id": person, "respondent": f"{name}{person}", "department": "Ops",
                 "role": None, "item_id": item.id, "now": value, "target": None,
                 "dont_know": False}
            )  # fmt: skip
    return score_maturity(pd.DataFrame(rows), instrument, name)


def test_a_real_rise_is_told_apart_from_noise():
    before = wave("baseline", 0, 30, 1)
    same = compare_waves(before, wave("again", 0, 30, 2)).table.set_index("category")
    assert not same.loc["overall", "real"]
    assert same.loc["overall", "low"] < 0 < same.loc["overall", "high"]
    risen = compare_waves(before, wave("later", 1, 30, 3)).table.set_index("category")
    assert risen.loc["overall", "real"] and risen.loc["overall", "low"] > 0
    assert risen.loc["overall", "change"] == pytest.approx(
        risen.loc["overall", "after"] - risen.loc["overall", "before"]
    )
    again = compare_waves(before, wave("later", 1, 30, 3)).table
    assert again.equals(compare_waves(before, wave("later", 1, 30, 3)).table)  # seeded


def test_roi_by_hand_with_assumptions_shown():
    a = RoiAssumptions(people=10, hours_searching_before=5, hours_searching_after=3, hourly_cost=50)
    roi = estimate_roi(a, None, roadmap_cost=20_000)
    assert roi.hours_saved_per_year == (5 - 3) * 10 * 46
    assert roi.value == 920 * 50 and roi.cost == 20_000
    assert roi.roi == pytest.approx((46_000 - 20_000) / 20_000)
    assert ("Staff affected", "10") in roi.assumptions


def test_roi_takes_after_from_a_kpi_and_names_a_missing_one(tmp_path):
    path = tmp_path / "kpis.csv"
    path.write_text(KPIS)
    progress = kpi_progress(read_kpis(path))
    a = RoiAssumptions(people=4, hours_searching_before=5, search_kpi="Search time", hourly_cost=1)
    assert estimate_roi(a, progress, 100).hours_saved_per_year == (5 - 3) * 4 * 46
    wrong = a.model_copy(update={"search_kpi": "Searching"})
    with pytest.raises(InputError, match="'Searching' is not an indicator"):
        estimate_roi(wrong, progress, 100)


def test_bad_roi_file_names_the_field(tmp_path):
    path = tmp_path / "roi.yaml"
    path.write_text("people: 0\nhours_searching_before: 4\nhourly_cost: 90\n")
    with pytest.raises(InputError) as err:
        read_roi(path)
    assert str(path) in str(err.value) and "column 'people'" in str(err.value)


def test_demo_accounting_has_a_year_of_kpis_and_a_second_wave(clients_dir):
    from kmkit.core.workspace import open_client
    from kmkit.phases.measurement.page import measure_page

    page = measure_page(engaged(open_client("demo-accounting", clients_dir)))
    dates = page.kpis.groupby("indicator")["date"].agg(["min", "max", "size"])
    assert (dates["size"] >= 13).all()
    assert ((dates["max"] - dates["min"]) >= dt.timedelta(days=360)).all()
    assert (page.waves.first, page.waves.second) == ("baseline", "follow-up")
    assert page.roi is not None and page.roi.roi > 0


def test_blank_roi_template_is_what_kmkit_reads():
    from helpers import REPO

    assert read_roi(REPO / "templates" / "roi.yaml").people > 0


DEPARTMENTS = ["Audit", "Tax"]
BY_DEPARTMENT = (
    HEAD.strip() + ",department\n" + ROW + ",\nSearch time,,,,,2026-01-31,6,Audit\n"
    "Search time,,,,,2026-01-31,4,Tax\n"
)


def test_readings_per_department_stay_out_of_the_firm_wide_kpis(tmp_path):
    from kmkit.phases.measurement.inputs import firm_wide

    path = tmp_path / "kpis.csv"
    path.write_text(BY_DEPARTMENT)
    kpis = read_kpis(path, DEPARTMENTS)
    assert list(kpis["department"]) == ["", "Audit", "Tax"]  # the same date, three readings
    assert (kpis["target"] == 2).all() and (kpis["better"] == "lower").all()  # row 2 defines it
    firm = kpi_progress(firm_wide(kpis)).iloc[0]
    assert (firm["baseline"], firm["readings"]) == (5, 1)
    assert read_kpis(path)["department"].tolist() == ["", "Audit", "Tax"]  # no client: any name


@pytest.mark.parametrize(
    ("extra", "words", "row"),
    [
        ("Search time,,,,,2026-02-28,5,Sales\n", "'Sales' is not a department", 5),
        ("Search time,,,,,2026-01-31,7,Audit\n", "'Search time' in Audit already has", 5),
    ],
)
def test_bad_department_readings_are_refused(tmp_path, extra, words, row):
    path = tmp_path / "kpis.csv"
    path.write_text(BY_DEPARTMENT + extra)
    column = "department" if "department" in words else "date"
    assert_refused(lambda p: read_kpis(p, DEPARTMENTS), path, words, row, column)


def test_demo_accounting_notes_its_readings_per_department(clients_dir):
    from kmkit.core.workspace import open_client
    from kmkit.phases.measurement.page import measure_page

    page = measure_page(engaged(open_client("demo-accounting", clients_dir)))
    assert (page.kpis["department"] == "").all()
    assert set(page.by_department["department"]) == {"Audit", "Tax", "Advisory", "Practice support"}
    said = page.kpi_table().data
    assert f"{len(page.by_department)} readings in data/kpis.csv are per department" in said


def test_the_return_is_said_in_the_clients_currency(clients_dir):
    from kmkit.core.numbers import money
    from kmkit.core.workspace import open_client
    from kmkit.phases.measurement.text import roi_sentence

    client = open_client("demo-accounting", clients_dir)  # in Australia: AUD
    roi = engaged(client).page("measurement").roi
    assert (roi.currency, roi.locale) == ("AUD", "en_AU")
    said = roi_sentence(roi)
    assert f"worth {money(roi.value, 'AUD', 'en_AU')} against" in said and "$" in said
    assert dict(roi.assumptions)["Loaded cost of an hour"].startswith("$")
