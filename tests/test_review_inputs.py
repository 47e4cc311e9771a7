"""Phase 07's files: statuses, the checklist and the settings, read, refused and written."""

import pytest
from helpers import assert_refused, engaged

from kmkit.core.errors import InputError
from kmkit.core.workspace import open_client
from kmkit.phases.review.inputs import read_institutionalisation, read_progress
from kmkit.phases.review.settings import read_review
from kmkit.phases.solutions.catalogue import load_catalogue

P = "intervention,status,started,finished,progress,note\n"
M = "measure,status,evidence,owner\n"
BAD_TABLES = {
    "unknown intervention": (P + "mentorin,running,2026-01-05,,,\n", "did you mean 'mentoring'",
                             2, "intervention"),
    "status": (P + "mentoring,half done,2026-01-05,,,\n", "'half done' is not one of", 2, "status"),
    "no start": (P + "mentoring,running,,,,\n", "needs the date it actually started", 2, "started"),
    "no end": (P + "mentoring,done,2026-01-05,,,\n", "needs the date it finished", 2, "finished"),
    "backwards": (P + "mentoring,done,2026-03-01,2026-02-01,,\n", "is before it started", 2,
                  "finished"),
    "planned with a date": (P + "mentoring,planned,2026-01-05,,,\n", "has not started", 2,
                            "started"),
    "progress 150": (P + "mentoring,running,2026-01-05,,150,\n", "outside 0 to 100", 2,
                     "progress"),
    "intervention twice": (P + "mentoring,running,2026-01-05,,,\nmentoring,done,2026-01-05,"
                           "2026-02-01,,\n", "repeats the intervention in row 2", 3,
                           "intervention"),
    "no status column": ("intervention,started\nmentoring,2026-01-05\n",
                         "missing column(s) status", 1, None),
    "unknown measure": (M + "wiki,in place,Intranet page,Ann\n", "not a measure of the checklist",
                        2, "measure"),
    "no evidence": (M + "km_owner,in place,,Ann\n", "say where a reader can see it", 2,
                    "evidence"),
    "in place maybe": (M + "km_owner,maybe,,Ann\n", "'maybe' is not one of", 2, "status"),
    "measure twice": (M + "budget,missing,,\nbudget,missing,,\n", "repeats the measure in row 2",
                      3, "measure"),
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(BAD_TABLES))
def test_bad_review_tables_are_refused_with_file_row_and_column(tmp_path, kind):
    text, words, row, column = BAD_TABLES[kind]
    if text.startswith(M):
        path, read = tmp_path / "institutionalisation.csv", read_institutionalisation
    else:
        path, read = tmp_path / "progress.csv", lambda p: read_progress(p, load_catalogue())
    path.write_text(text)
    assert_refused(read, path, words, row, column)


BAD_SETTINGS = {
    "unknown check": ("gates:\n  pilot:\n  - {check: vibes}\n", "gates.pilot.0.check"),
    "share over 1": ("gates:\n  promote:\n  - {check: done, share: 2}\n", "gates.promote.0.share"),
    "kpi without name": ("gates:\n  pilot:\n  - {check: kpi_on_track}\n", "gates.pilot.0"),
    "unknown stage": ("gates:\n  launch:\n  - {check: done}\n", "gates.launch"),
    "a gate with no condition": ("gates:\n  pilot: []\n", "gates.pilot"),
    "pilot elsewhere": ("pilot_department: Marketing\n", "pilot_department"),
    "bad date": ("as_of: next Friday\n", "as_of"),
}


@pytest.mark.parametrize("kind", sorted(BAD_SETTINGS))
def test_bad_review_settings_name_the_field(tmp_path, kind):
    text, field = BAD_SETTINGS[kind]
    path = tmp_path / "review.yaml"
    path.write_text(text)
    message = assert_refused(lambda p: read_review(p, ["Audit", "Tax"]), path, "")
    assert f"column '{field}" in message


def test_a_gate_naming_an_unknown_kpi_stops_the_review(clients_dir):

    client = open_client("demo-accounting", clients_dir)
    path = client.data_dir / "review.yaml"
    path.write_text(path.read_text().replace("Hours searching a week", "Minutes searching a"))
    with pytest.raises(InputError, match=r"column 'gates.pilot.1.indicator'.*'Minutes searching"):
        engaged(client).page("review")


def test_check_lists_problems_in_the_review_files(clients_dir):
    from kmkit.apps.check import check_client

    data = clients_dir / "demo-accounting" / "data"
    path = data / "progress.csv"
    path.write_text(
        path.read_text().replace("cross_training,stalled,2026-02-16", "cross_training,stalled,")
    )
    (data / "review.yaml").write_text("pilot_department: Sales\n")
    problems = check_client("demo-accounting", clients_dir)
    assert any("progress.csv, row 5, column 'started'" in p for p in problems), problems
    assert any("review.yaml, column 'pilot_department'" in p for p in problems), problems


def test_forms_list_the_roadmap_and_the_checklist_and_read_back(clients_dir, tmp_path):
    from openpyxl import load_workbook

    from kmkit.phases.review.inputs import write_institutionalisation_form, write_progress_form
    from kmkit.phases.solutions.page import solutions_page

    client = open_client("demo-accounting", clients_dir)
    book = load_workbook(write_progress_form(tmp_path / "progress.xlsx", engaged(client)))
    sheet = book.worksheets[0]
    ids = [row[0].value for row in sheet.iter_rows(min_row=2) if row[0].value]
    assert ids == list(solutions_page(engaged(client)).chosen["id"])
    assert {row[1].value for row in sheet.iter_rows(min_row=2) if row[0].value} == {"planned"}
    book.save(tmp_path / "progress.xlsx")
    assert list(read_progress(tmp_path / "progress.xlsx", load_catalogue())["intervention"]) == ids
    form = write_institutionalisation_form(tmp_path / "institutionalisation.csv")
    filled = form.read_text(encoding="utf-8-sig").replace("km_owner,,,", "km_owner,yes,Minutes,Ann")
    form.write_text(filled.replace(",,,", ",no,,"))
    table = read_institutionalisation(form).set_index("measure")
    assert len(table) == 6 and table.loc["km_owner", "status"] == "in place"
    assert (table.drop(index="km_owner")["status"] == "missing").all()
