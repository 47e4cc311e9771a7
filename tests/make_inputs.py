"""Write the input files the import tests read: good exports and the bad-input corpus.

The files are committed; rerun `python tests/make_inputs.py` after changing this script.
Departments and roles are those of the demo client demo-precision.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from openpyxl import Workbook

from kmkit.core.instruments import load_instrument

HERE = Path(__file__).resolve().parent
GOOD, BAD = HERE / "inputs", HERE / "bad_inputs"
INSTRUMENT = load_instrument("maturity")
ITEMS = INSTRUMENT.items
LABELS = INSTRUMENT.scale.labels
DEPARTMENTS = ["Machining", "Quality", "Engineering", "Assembly"]
ROLES = ["Operator", "Engineer", "Technician"]


def answers(rng: random.Random, labels: bool) -> list[str]:
    out = []
    for _ in ITEMS:
        draw = rng.random()
        if draw < 0.03:
            out.append("")
        elif draw < 0.06:
            out.append("Don't know")
        else:
            value = rng.randint(1, 5)
            out.append(LABELS[value] if labels else str(value))
    return out


def write_csv(
    path: Path, rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8"
) -> None:
    with path.open("w", newline="", encoding=encoding) as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)


def write_xlsx(path: Path, rows: list[list[object]], title: str = "Sheet1") -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)


def plain_rows(n: int, seed: int, labels: bool = False) -> list[list[str]]:
    rng = random.Random(seed)
    header = ["respondent", "department", "role", *[i.id for i in ITEMS]]
    return [header] + [
        [str(k), DEPARTMENTS[k % 4], ROLES[k % 3], *answers(rng, labels)] for k in range(1, n + 1)
    ]


def good_files() -> None:
    rng = random.Random(1)
    # Google Forms: Timestamp first, question text as headers, a grid question's "[row]" form.
    header = [
        "Timestamp",
        "Email Address",
        "Which department do you work in?",
        "What is your role?",
    ]
    header += [f"Leadership [{i.text}]" if i.id.startswith("lead_") else i.text for i in ITEMS]
    rows = [header]
    for k in range(6):
        rows.append(
            [
                f"2026/10/0{k + 1} 9:1{k}:00 AM GMT+1",
                f"person{k}@example.com",
                DEPARTMENTS[k % 4],
                ROLES[k % 3],
                *answers(rng, labels=True),
            ]
        )
    write_csv(GOOD / "google_forms.csv", rows)
    # Microsoft Forms: ID, times, Email, Name, then questions; anonymous e-mails.
    header = [
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "Department",
        "Role",
        *[i.text for i in ITEMS],
    ]
    rows = [header]
    for k in range(5):
        email = "anonymous" if k % 2 else f"worker{k}@example.com"
        rows.append(
            [
                k + 1,
                f"10/1{k}/26 10:00:00",
                f"10/1{k}/26 10:07:12",
                email,
                f"Worker Number{k}",
                DEPARTMENTS[k % 4],
                ROLES[k % 3],
                *answers(rng, labels=True),
            ]
        )
    write_xlsx(GOOD / "microsoft_forms.xlsx", rows)
    # Excel on Windows: semicolons, Windows-1252, a code with an accent.
    rows = plain_rows(4, seed=2)
    rows[1][0] = "Équipe-1"
    write_csv(GOOD / "excel_semicolon_cp1252.csv", rows, delimiter=";", encoding="cp1252")
    # UTF-8 with BOM, item ids, with target columns for the first category.
    rows = plain_rows(5, seed=3)
    lead = [i.id for i in ITEMS if i.id.startswith("lead_")]
    rows[0] += [f"{i} (target)" for i in lead]
    for row in rows[1:]:
        row += ["5"] * len(lead)
    write_csv(GOOD / "utf8_bom_ids_targets.csv", rows, encoding="utf-8-sig")


def bad_files() -> None:
    """One file per way an input goes wrong; the test names what each must say."""
    (BAD / "empty.csv").write_bytes(b"")
    write_csv(BAD / "header_only.csv", plain_rows(0, seed=4))
    rows = plain_rows(3, seed=5)
    rows[0].append("Do you like the canteen?")
    for row in rows[1:]:
        row.append("yes")
    write_csv(BAD / "unknown_question.csv", rows)
    rows = plain_rows(3, seed=6)
    rows[2][5] = "7"
    write_csv(BAD / "out_of_range.csv", rows)
    rows = plain_rows(3, seed=7)
    rows[3][4] = "lots"
    write_csv(BAD / "text_in_numeric.csv", rows)
    rows = plain_rows(3, seed=8)
    rows[3][0] = rows[1][0]
    write_csv(BAD / "duplicated_respondent.csv", rows)
    write_csv(BAD / "utf16.csv", plain_rows(2, seed=9), encoding="utf-16")
    write_xlsx(BAD / "wrong_sheet.xlsx", plain_rows(2, seed=10), title="Responses")
    (BAD / "not_a_spreadsheet.xlsx").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\n")
    rows = plain_rows(2, seed=11)
    rows[2][3] = "4" + " " * 5000
    write_csv(BAD / "huge_cell.csv", rows)
    rows = plain_rows(3, seed=12)
    rows[2][1] = "Marketing"
    write_csv(BAD / "unknown_department.csv", rows)
    rows = plain_rows(2, seed=13)
    rows[1][6] = "3.5"
    write_csv(BAD / "half_point.csv", rows)
    write_csv(BAD / "no_questions.csv", [["respondent", "department"], ["1", "Quality"]])
    rows = plain_rows(2, seed=14)
    for row in rows:
        del row[1]
    write_csv(BAD / "no_department_column.csv", rows)
    rows = plain_rows(2, seed=15)
    rows[0][4] = ITEMS[1].text
    rows[0][3] = ITEMS[1].id
    write_csv(BAD / "same_question_twice.csv", rows)
    rows = plain_rows(2, seed=16)
    rows[2] += ["5", "5"]
    write_csv(BAD / "ragged_row.csv", rows)
    rows = [
        ["Timestamp", "Department", *[i.text for i in ITEMS]],
        ["yesterday afternoon", "Quality", *(["Agree"] * len(ITEMS))],
    ]
    write_csv(BAD / "google_bad_timestamp.csv", rows)
    rows = [
        [
            "ID",
            "Start time",
            "Completion time",
            "Email",
            "Name",
            "Department",
            *[i.text for i in ITEMS],
        ]
    ]
    for k in (1, 2):
        rows.append(
            [
                k,
                "10/10/26 10:00:00",
                "10/10/26 10:05:00",
                "same@example.com",
                "Same Person",
                "Quality",
                *(["Agree"] * len(ITEMS)),
            ]
        )
    write_xlsx(BAD / "msforms_same_email_twice.xlsx", rows)
    noise = random.Random(17)
    (BAD / "binary_garbage.csv").write_bytes(bytes(noise.randrange(256) for _ in range(3000)))
    book = Workbook()
    book.save(BAD / "empty_sheet.xlsx")
    rows = plain_rows(2, seed=18)
    rows[2][8] = "#DIV/0!"  # what Excel stores for a formula that divides by zero
    write_xlsx(BAD / "formula_error.xlsx", rows)
    rows = plain_rows(2, seed=19)
    rows[1][3] = "-1"
    write_csv(BAD / "negative_value.csv", rows)
    rows = plain_rows(2, seed=20)
    rows[2][3:] = [""] * len(ITEMS)
    write_csv(BAD / "row_without_answers.csv", rows)
    rows = plain_rows(2, seed=21)
    rows[1][2] = "Astronaut"
    write_csv(BAD / "unknown_role.csv", rows)
    import zipfile

    with zipfile.ZipFile(BAD / "zip_not_workbook.xlsx", "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    rows = plain_rows(2, seed=22)
    rows[0][2] = ""
    write_csv(BAD / "blank_column_name.csv", rows)
    # Dates that do not say their day/month order: every day is 12 or less, or both orders.
    header = ["Horodateur", "Adresse e-mail", "Department", *[i.text for i in ITEMS]]
    rows = [header] + [
        [f"0{k}/10/2026 09:1{k}:00", f"p{k}@example.com", "Quality", *(["Agree"] * len(ITEMS))]
        for k in (3, 5, 7)
    ]
    write_csv(BAD / "google_fr_dates_read_both_ways.csv", rows)
    rows = [["Timestamp", "Department", *[i.text for i in ITEMS]]] + [
        [stamp, "Quality", *(["Agree"] * len(ITEMS))]
        for stamp in ("13/02/2026 10:00:00", "01/02/2026 11:00:00", "02/14/2026 12:00:00")
    ]
    write_csv(BAD / "dates_in_both_orders.csv", rows)


if __name__ == "__main__":
    GOOD.mkdir(exist_ok=True)
    BAD.mkdir(exist_ok=True)
    good_files()
    bad_files()
    print(f"wrote {len(list(GOOD.iterdir()))} good and {len(list(BAD.iterdir()))} bad files")
