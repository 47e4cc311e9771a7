"""Importing what clients really send, refusing what is broken, and never storing names."""

import hashlib
import re
import sqlite3
import time
import zipfile
from pathlib import Path

import pytest
from helpers import run_kmkit
from openpyxl import load_workbook

from kmkit.core.errors import InputError
from kmkit.core.instruments import load_instrument
from kmkit.core.store import MIGRATIONS, SCHEMA_VERSION, Store
from kmkit.core.workspace import open_client
from kmkit.inputs.forms import export_responses, form_columns, write_form
from kmkit.inputs.survey_import import ImportRejected, import_file
from kmkit.inputs.tables import MAX_EXPANDED

HERE = Path(__file__).resolve().parent
GOOD, BAD = HERE / "inputs", HERE / "bad_inputs"
INSTRUMENT = load_instrument("maturity")


def stored(client, wave):
    with Store(client.store_path) as store:
        return store.answers("maturity", wave)


@pytest.mark.parametrize(
    ("name", "layout", "rows"),
    [
        ("google_forms.csv", "google", 6),
        ("microsoft_forms.xlsx", "msforms", 5),
        ("excel_semicolon_cp1252.csv", "kmkit", 4),
        ("utf8_bom_ids_targets.csv", "kmkit", 5),
    ],
)
def test_real_exports_import_and_reimport_adds_nothing(client, name, layout, rows):
    first = import_file(client, GOOD / name, wave="w")
    assert (first.kind, first.rows, first.added, first.already) == (layout, rows, rows, 0)
    again = import_file(client, GOOD / name, wave="w")
    assert (again.added, again.already) == (0, rows)
    assert stored(client, "w")["response_id"].nunique() == rows


def test_labels_and_dont_know_are_read_as_the_scale(client):
    import_file(client, GOOD / "google_forms.csv", wave="w")
    answers = stored(client, "w")
    assert set(answers["now"].dropna()) <= {1.0, 2.0, 3.0, 4.0, 5.0}
    assert answers["dont_know"].any()
    assert answers.loc[answers["dont_know"], "now"].isna().all()
    assert answers["submitted_at"].min().startswith("2026-10-01T09:10")


def test_targets_are_stored_beside_now(client):
    import_file(client, GOOD / "utf8_bom_ids_targets.csv", wave="w")
    lead = stored(client, "w").query("item_id == 'lead_value'")
    assert (lead["target"] == 5).all()


def test_names_and_emails_never_reach_the_store(client):
    import_file(client, GOOD / "microsoft_forms.xlsx", wave="w")
    import_file(client, GOOD / "google_forms.csv", wave="w")
    raw = client.store_path.read_bytes()
    for secret in (b"example.com", b"Worker Number", b"person0", b"worker0"):
        assert secret not in raw


def test_department_matched_loosely_to_the_clients_spelling(client, tmp_path):
    path = tmp_path / "lower.csv"
    path.write_text("respondent,department,lead_value\n1,  machining ,4\n")
    import_file(client, path, wave="w")
    assert list(stored(client, "w")["department"].unique()) == ["Machining"]


# file -> (words the message must hold, row, column); None where the file as a whole is bad.
BAD_FILES = {
    "empty.csv": ("the file is empty", None, None),
    "header_only.csv": ("no answers below it", None, None),
    "unknown_question.csv": (
        "match no question of instrument 'maturity' v1.0: 'Do you like the canteen?'. If the "
        "file answers this instrument, leave them out with --ignore-column, once per column "
        '(e.g. --ignore-column "Do you like the canteen?")',
        1,
        "Do you like the canteen?",
    ),
    "out_of_range.csv": ("7 is outside the scale 1-5", 3, "lead_owner"),
    "text_in_numeric.csv": ("'lots' is not an answer", 4, "lead_strategy"),
    "duplicated_respondent.csv": ("already answered in row 2", 4, None),
    "utf16.csv": ("UTF-16", None, None),
    "wrong_sheet.xlsx": ("no sheet 'Answers'; the workbook's sheets are: Responses", None, None),
    "not_a_spreadsheet.xlsx": ("not an Excel workbook", None, None),
    "huge_cell.csv": ("5,001 characters", 3, "lead_value"),
    "unknown_department.csv": (
        "'Marketing' is not one of the client's departments",
        3,
        "department",
    ),
    "half_point.csv": ("3.5 is not a whole number", 2, "lead_resources"),
    "no_questions.csv": ("no column matches a question", 1, None),
    "no_department_column.csv": ("no department column", 1, None),
    "same_question_twice.csv": (
        "asks the same question as column 'lead_strategy'",
        1,
        INSTRUMENT.items[1].text,
    ),
    "ragged_row.csv": ("header names only 38 columns", 3, None),
    "google_bad_timestamp.csv": ("'yesterday afternoon' is not a date and time", 2, "Timestamp"),
    "msforms_same_email_twice.xlsx": ("already answered in row 2", 3, None),
    "binary_garbage.csv": ("binary file", None, None),
    "empty_sheet.xlsx": ("is empty; the first row must hold the column names", None, None),
    "formula_error.xlsx": ("spreadsheet error #DIV/0!", 3, "proc_sop"),
    "negative_value.csv": ("-1 is outside the scale", 2, "lead_value"),
    "row_without_answers.csv": ("answers none of the questions", 3, None),
    "unknown_role.csv": ("'Astronaut' is not one of the roles", 2, "role"),
    "zip_not_workbook.xlsx": ("not an Excel workbook", None, None),
    "blank_column_name.csv": ("column 3 has no name", 1, None),
    "google_fr_dates_read_both_ways.csv": (
        "'03/10/2026 09:13:00' could be 3 October or 10 March, and no date in the column has "
        "a day above 12 to tell day/month from month/day (3 row(s) read both ways). Rerun "
        "with --date-order day-month or --date-order month-day",
        2,
        "Horodateur",
    ),
    "dates_in_both_orders.csv": (
        "the dates mix day/month and month/day: row 2 reads '13/02/2026 10:00:00' and row 4 "
        "'02/14/2026 12:00:00', which cannot both be right",
        4,
        "Timestamp",
    ),
}


def test_the_corpus_has_every_bad_file():
    assert len(BAD_FILES) >= 20
    assert sorted(p.name for p in BAD.iterdir()) == sorted(BAD_FILES)


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_refused_clearly_and_store_is_untouched(client, name):
    words, row, column = BAD_FILES[name]
    before = hashlib.sha256(client.store_path.read_bytes()).hexdigest()
    sheet = "Answers" if name == "wrong_sheet.xlsx" else None
    with pytest.raises(InputError) as err:
        import_file(client, BAD / name, wave="w", sheet=sheet)
    message = str(err.value)
    assert str(BAD / name) in message
    assert words in message
    if row is not None:
        assert f"row {row}" in message
    if column is not None:
        assert f"column '{column}'" in message
    assert "Traceback" not in message
    assert hashlib.sha256(client.store_path.read_bytes()).hexdigest() == before


def test_rejected_rows_all_listed_and_nothing_imported(client, tmp_path):
    path = tmp_path / "two_bad.csv"
    path.write_text(
        "respondent,department,lead_value,lead_owner\n1,Quality,4,9\n2,Quality,3,4\n3,Nowhere,x,2\n"
    )
    with pytest.raises(ImportRejected) as err:
        import_file(client, path, wave="w")
    message = str(err.value)
    assert "row 2, column 'lead_owner': 9 is outside" in message
    assert "row 4, column 'lead_value'" in message and "row 4, column 'department'" in message
    assert "--skip-bad-rows to import the 1 good row(s)" in message
    assert stored(client, "w").empty


def test_skip_bad_rows_imports_the_good_ones(client, tmp_path):
    path = tmp_path / "one_bad.csv"
    path.write_text("respondent,department,lead_value\n1,Quality,4\n2,Quality,11\n")
    report = import_file(client, path, wave="w", skip_bad_rows=True)
    assert report.added == 1 and [p.row for p in report.rejected] == [3]
    assert "rejected: " in report.summary() and "row 3" in report.summary()


def test_cli_import_prints_counts_and_exits_1_on_bad_rows(clients_dir):
    ok = run_kmkit(
        "import",
        "demo-precision",
        str(GOOD / "google_forms.csv"),
        "--wave",
        "w",
        clients=clients_dir,
    )
    assert ok.returncode == 0 and "6 imported" in ok.stdout
    bad = run_kmkit("import", "demo-precision", str(BAD / "out_of_range.csv"), clients=clients_dir)
    assert bad.returncode == 1 and "row 3, column 'lead_owner'" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_blank_xlsx_form_has_dropdowns_and_imports_back_when_filled(client, tmp_path):
    path = write_form(INSTRUMENT, tmp_path / "form.xlsx", client.config, target=True)
    book = load_workbook(path)
    assert book.sheetnames[:2] == ["Answers", "Instructions"]
    sheet = book["Answers"]
    header = [c.value for c in sheet[1]]
    assert header == form_columns(INSTRUMENT, target=True)
    rules = {
        str(dv.sqref).split(":")[0][:1]: dv.formula1 for dv in sheet.data_validations.dataValidation
    }
    assert rules["D"].startswith("=Lists!$A$2") and rules["B"].startswith("=Lists!$B$2")
    choices = [c.value for c in book["Lists"]["A"][1:]]
    assert choices == [*INSTRUMENT.scale.labels.values(), INSTRUMENT.scale.dont_know]
    for number in (1, 2, 3):
        sheet.append(
            [number, "Quality", "Engineer", *["Agree", "Disagree"] * len(INSTRUMENT.items)]
        )
    book.save(path)
    report = import_file(client, path, wave="w")
    assert report.added == 3
    answers = stored(client, "w")
    assert set(answers["now"]) == {4.0} and set(answers["target"]) == {2.0}


def test_blank_csv_form_imports_back_when_filled(client, tmp_path):
    path = write_form(INSTRUMENT, tmp_path / "form.csv")
    with path.open("a", encoding="utf-8") as handle:
        handle.write("1,Assembly,Operator," + ",".join(["3"] * len(INSTRUMENT.items)) + "\n")
    assert import_file(client, path, wave="w").added == 1


def test_export_neutralises_formulas(client, tmp_path):
    import_file(client, GOOD / "excel_semicolon_cp1252.csv", wave="=1+2")
    out = export_responses(client, INSTRUMENT, tmp_path / "out.csv", wave="=1+2")
    text = out.read_text(encoding="utf-8-sig")
    assert "'=1+2" in text and ",=1+2" not in text
    xlsx = export_responses(client, INSTRUMENT, tmp_path / "out.xlsx", wave="=1+2")
    cells = [c for row in load_workbook(xlsx).active.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert {c.value for c in cells if c.data_type == "s"} >= {"=1+2"}  # as text, no prefix


def test_export_holds_pseudonyms_not_identities(client, tmp_path):
    import_file(client, GOOD / "microsoft_forms.xlsx", wave="w")
    text = export_responses(client, INSTRUMENT, tmp_path / "o.csv", "w").read_text("utf-8-sig")
    assert "example.com" not in text and "Worker" not in text and "r-" in text


def test_store_is_migrated_forward_and_keeps_its_answers(tmp_path):
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
    db.execute("INSERT INTO meta VALUES ('secret', 'abc')")
    db.execute(
        "INSERT INTO responses VALUES (1, 'maturity', '1.0', 'baseline', 'r-1', 'Quality',"
        " NULL, '2026-01-01T00:00:00', 'old')"
    )
    db.execute("INSERT INTO answers VALUES (1, 'lead_value', 4, NULL, 0)")
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION > 1
        assert store.answers("maturity")["now"].tolist() == [4.0]
        assert store.answers("maturity")["language"].isna().all()  # not recorded back then
        assert store.imports().empty


def test_each_import_is_logged_with_its_counts(client):
    import_file(client, GOOD / "google_forms.csv", wave="w")
    with Store(client.store_path) as store:
        log = store.imports()
    assert log[["file", "layout", "wave", "rows", "added"]].values.tolist() == [
        ["google_forms.csv", "google", "w", 6, 6]
    ]


# A Google Form built from kmkit's French questions, with typographic apostrophes in one.
FRENCH_EXPORT = [
    [
        "Timestamp",
        "department",
        "role",
        "Nos responsables parlent du savoir-faire comme d\u2019une chose dont l\u2019entreprise "
        "dépend.",
        "Nos responsables parlent du savoir-faire comme d'une chose dont l'entreprise dépend. "
        "(objectif)",
        "Chaque équipe fait les choses à sa façon et reprend rarement les méthodes des autres.",
        "Je trouve en quelques minutes le document ou le fichier dont j'ai besoin.",
    ],
    [
        "2027/01/11 09:00:00",
        "Quality",
        "Engineer",
        "D'accord",
        "5",
        "En désaccord",
        "Je ne sais pas",
    ],
    ["2027/01/11 09:05:00", "Machining", "", "Tout à fait d\u2019accord", "5", "2", "4"],
]


def write_csv(path, rows):
    import csv

    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_a_csv_with_french_question_texts_imports_into_the_right_items(client, tmp_path):
    report = import_file(client, write_csv(tmp_path / "fr.csv", FRENCH_EXPORT), wave="w")
    assert (report.kind, report.added, report.language) == ("google", 2, "fr")
    assert "questions in French" in report.summary()
    answers = stored(client, "w").set_index(["department", "item_id"])
    assert answers.loc[("Quality", "lead_value"), ["now", "target"]].tolist() == [4.0, 5.0]
    assert answers.loc[("Machining", "lead_value"), "now"] == 5.0
    assert answers.loc[("Quality", "proc_silos"), "now"] == 2.0
    assert answers.loc[("Quality", "tech_find"), "dont_know"]
    assert answers.loc[("Machining", "tech_find"), "now"] == 4.0
    assert set(answers["language"]) == {"fr"} and set(answers["role"].dropna()) == {"Engineer"}


def test_a_french_answer_off_the_scale_is_refused_with_the_french_labels(client, tmp_path):
    rows = [FRENCH_EXPORT[0], [*FRENCH_EXPORT[1][:3], "Plutôt d'accord", *FRENCH_EXPORT[1][4:]]]
    with pytest.raises(ImportRejected) as err:
        import_file(client, write_csv(tmp_path / "fr.csv", rows), wave="w")
    message = str(err.value)
    assert "row 2" in message and "Nos responsables parlent" in message
    assert (
        "'Plutôt d'accord' is not an answer: use 1-5 or one of 'Tout à fait en désaccord'"
        in message
    )
    assert stored(client, "w").empty


def test_kmkit_form_writes_the_clients_language_and_its_answers_import_back(client, tmp_path):
    text = client.config_path.read_text(encoding="utf-8").replace("language: en", "language: fr")
    client.config_path.write_text(text + "ask_targets: [maturity]\n", encoding="utf-8")
    out = tmp_path / "form.xlsx"
    result = run_kmkit(
        "form", "maturity", "--client", client.slug, "--out", str(out), clients=client.path.parent
    )
    assert result.returncode == 0, result.stderr
    book = load_workbook(out)
    assert book.sheetnames[:2] == ["Réponses", "Mode d'emploi"]
    sheet = book["Réponses"]
    header = [c.value for c in sheet[1]]
    assert header[3] == (
        "lead_value: Nos responsables parlent du savoir-faire comme d'une chose dont "
        "l'entreprise dépend."
    )
    assert header[4] == header[3] + " (objectif)"  # the client asks for targets
    assert [c.value for c in book["Lists"]["A"][1:]][3:] == [
        "D'accord",
        "Tout à fait d'accord",
        "Je ne sais pas",
    ]
    guide = [row[0] for row in book["Mode d'emploi"].iter_rows(values_only=True) if row[0]]
    assert guide[0] == "Maturité en gestion des connaissances"
    assert "Comment remplir ce classeur" in guide
    for number in (1, 2):
        sheet.append([number, "Quality", "Engineer", *["D'accord", "Tout à fait d'accord"] * 35])
    book.save(out)
    report = import_file(open_client(client.slug, client.path.parent), out, wave="w")
    assert (report.added, report.language) == (2, "fr")
    answers = stored(client, "w")
    assert set(answers["now"]) == {4.0} and set(answers["target"]) == {5.0}
    assert len(answers) == 70


def test_a_german_form_with_target_columns_imports_back(client, tmp_path):
    german = load_instrument("maturity", language="de")
    path = write_form(german, tmp_path / "de.csv", target=True)
    assert "(Ziel)" in path.read_text(encoding="utf-8-sig")
    with path.open("a", encoding="utf-8") as handle:
        handle.write("1,Assembly,," + ",".join(["Stimme zu", "5"] * 35) + "\n")
    assert import_file(client, path, wave="w").language == "de"
    answers = stored(client, "w")
    assert set(answers["now"]) == {4.0} and set(answers["target"]) == {5.0}


def answers_workbook(path, rows):
    """A kmkit-layout workbook of `rows` respondents, each answering lead_value with 4."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["respondent", "department", "lead_value"])
    for number in range(1, rows + 1):
        book.active.append([number, "Quality", 4])
    book.save(path)
    return path


def rewrite_member(path, member, change):
    """Rewrite one member of a zip (an XLSX) through `change(bytes) -> bytes`."""
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            archive.writestr(info, change(data) if info.filename == member else data)
    return path


SHEET = "xl/worksheets/sheet1.xml"


def stale_dimension(path, ref="A1:C3"):
    """The workbook with its sheet's <dimension> tag saying less than the sheet holds."""

    def change(xml):
        return re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), xml)

    return rewrite_member(path, SHEET, change)


def test_a_stale_dimension_tag_does_not_hide_rows(client, tmp_path):
    path = stale_dimension(answers_workbook(tmp_path / "stale.xlsx", 10))
    with zipfile.ZipFile(path) as archive:
        assert b'<dimension ref="A1:C3"' in archive.read(SHEET)
    report = import_file(client, path, wave="w")
    assert (report.rows, report.added) == (10, 10)
    assert "10 row(s) read" in report.summary()


def test_a_sheet_longer_than_the_row_limit_is_refused(client, tmp_path, monkeypatch):
    monkeypatch.setattr("kmkit.inputs.tables.MAX_ROWS", 5)
    before = hashlib.sha256(client.store_path.read_bytes()).hexdigest()
    honest = answers_workbook(tmp_path / "long.xlsx", 10)
    stale = stale_dimension(answers_workbook(tmp_path / "long_stale.xlsx", 10))
    for path in (honest, stale):
        with pytest.raises(InputError) as err:
            import_file(client, path, wave="w")
        message = str(err.value)
        assert str(path) in message and "more than 5 rows" in message
        assert "split it into files of at most 5 rows" in message
    assert hashlib.sha256(client.store_path.read_bytes()).hexdigest() == before


def expanding_workbook(path):
    """A valid workbook whose sheet, padded with a comment, unzips past MAX_EXPANDED."""
    answers_workbook(path, 3)
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    chunk = b"<!-- padding -->" * 65536  # 1 MB that deflates to almost nothing
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            if info.filename != SHEET:
                archive.writestr(info, data)
                continue
            head, tail = data.split(b"</worksheet>")
            with archive.open(SHEET, "w", force_zip64=True) as sheet:
                sheet.write(head)
                for _ in range(MAX_EXPANDED // len(chunk) + 1):
                    sheet.write(chunk)
                sheet.write(b"</worksheet>" + tail)
    return path


def test_a_workbook_that_expands_past_the_limit_is_refused_at_once(client, tmp_path):
    path = expanding_workbook(tmp_path / "expands.xlsx")
    assert path.stat().st_size < 2 * 2**20  # small on disk
    before = hashlib.sha256(client.store_path.read_bytes()).hexdigest()
    started = time.perf_counter()
    with pytest.raises(InputError) as err:
        import_file(client, path, wave="w")
    assert time.perf_counter() - started < 0.5
    message = str(err.value)
    assert str(path) in message and f"{MAX_EXPANDED // 2**20} MB" in message
    assert "split it into smaller workbooks or save the sheet as CSV" in message
    assert hashlib.sha256(client.store_path.read_bytes()).hexdigest() == before
    assert stored(client, "w").empty
