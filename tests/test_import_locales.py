"""Forms exports from any locale: fixed columns, timestamps, day/month order, --ignore-column."""

import csv
import datetime as dt
import hashlib

import pytest
from helpers import run_kmkit
from openpyxl import Workbook

from kmkit.core.errors import InputError
from kmkit.core.instruments import load_instrument
from kmkit.core.store import Store
from kmkit.core.workspace import open_client
from kmkit.inputs.survey_import import import_file

ITEMS = load_instrument("maturity").items
ANSWERS = ["Agree"] * len(ITEMS)
DAYS = (3, 13, 14)  # 3 reads both ways; 13 and 14 show the order of the whole column
STORED_DAYS = ["2026-10-03", "2026-10-13", "2026-10-14"]

# Google Forms: timestamp header, e-mail header, and how the timestamp is written, by language.
GOOGLE = {
    "en": ("Timestamp", "Email address", "10/{d}/2026 9:1{k}:00 AM GMT+1"),
    "fr": ("Horodateur", "Adresse e-mail", "{d:02}/10/2026 09:1{k}:00"),
    "de": ("Zeitstempel", "E-Mail-Adresse", "{d:02}.10.2026 09:1{k}:00"),
    "es": ("Marca temporal", "Dirección de correo electrónico", "{d}/10/2026 9:1{k}:00"),
    "pt": ("Carimbo de data/hora", "Endereço de e-mail", "{d:02}/10/2026 09:1{k}:00"),
    "it": ("Informazioni cronologiche", "Indirizzo email", "{d:02}/10/2026 9.1{k}.00"),
    "nl": ("Tijdstempel", "E-mailadres", "{d}-10-2026 9:1{k}:00"),
    "zh": ("时间戳记", "电子邮件地址", "2026/10/{d} 上午9:1{k}:00"),
    "ja": ("タイムスタンプ", "メールアドレス", "2026/10/{d} 9:1{k}:00"),
}

# Microsoft Forms: ID, start time, completion time, e-mail, name, by language.
MSFORMS = {
    "en": ("ID", "Start time", "Completion time", "Email", "Name"),
    "fr": ("ID", "Heure de début", "Heure de fin", "Adresse de messagerie", "Nom"),
    "de": ("ID", "Startzeit", "Fertigstellungszeit", "E-Mail", "Name"),
    "es": ("Id", "Hora de inicio", "Hora de finalización", "Correo electrónico", "Nombre"),
    "pt": ("ID", "Hora de início", "Hora de conclusão", "Email", "Nome"),
    "it": ("Id", "Ora di inizio", "Ora di completamento", "Posta elettronica", "Nome"),
    "nl": ("ID", "Begintijd", "Tijd van voltooien", "E-mail", "Naam"),
    "zh": ("ID", "开始时间", "完成时间", "电子邮件", "姓名"),
    "ja": ("ID", "開始時刻", "完了時刻", "メール", "名前"),
}


def stored(client):
    with Store(client.store_path) as store:
        return store.answers("maturity", "w")


def fingerprint(client):
    return hashlib.sha256(client.store_path.read_bytes()).hexdigest()


def write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def google_file(path, stamp_header, email_header, stamps, extra=None):
    """A Google Forms CSV: timestamp, e-mail, department, the questions, and any extra column."""
    header = [stamp_header, email_header, "Department", *[i.text for i in ITEMS]]
    rows = [
        [stamp, f"secret{k}@example.org", "Quality", *ANSWERS] for k, stamp in enumerate(stamps)
    ]
    if extra:
        header.append(extra[0])
        rows = [row + [extra[1]] for row in rows]
    return write_csv(path, [header, *rows])


@pytest.mark.parametrize("language", sorted(GOOGLE))
def test_google_export_in_every_language(client, tmp_path, language):
    stamp_header, email_header, written = GOOGLE[language]
    stamps = [written.format(d=d, k=k) for k, d in enumerate(DAYS)]
    path = google_file(tmp_path / f"google_{language}.csv", stamp_header, email_header, stamps)
    report = import_file(client, path, wave="w")
    assert (report.kind, report.added) == ("google", 3)
    times = sorted(stored(client).drop_duplicates("response_id")["submitted_at"])
    assert [t[:10] for t in times] == STORED_DAYS
    assert times[0][11:] == "09:10:00"
    assert b"secret0@example.org" not in client.store_path.read_bytes()
    assert import_file(client, path, wave="w").already == 3


@pytest.mark.parametrize("language", sorted(MSFORMS))
def test_microsoft_forms_export_in_every_language(client, tmp_path, language):
    book = Workbook()
    sheet = book.active
    sheet.append([*MSFORMS[language], "Department", *[i.text for i in ITEMS]])
    for k, day in enumerate(DAYS, start=1):
        done = dt.datetime(2026, 10, day, 10, 7, k)  # Microsoft's Excel export holds real dates
        sheet.append(
            [k, done - dt.timedelta(minutes=7), done, f"secret{k}@example.org"]
            + [f"Personne Secrète{k}", "Quality", *ANSWERS]
        )
    path = tmp_path / f"msforms_{language}.xlsx"
    book.save(path)
    report = import_file(client, path, wave="w")
    assert (report.kind, report.added) == ("msforms", 3)
    times = sorted(stored(client).drop_duplicates("response_id")["submitted_at"])
    assert times == [f"{day}T10:07:0{k}" for k, day in enumerate(STORED_DAYS, start=1)]
    raw = client.store_path.read_bytes()
    assert b"secret1@example.org" not in raw and "Secrète".encode() not in raw


def test_fixed_headers_match_whatever_their_case_and_spaces(client, tmp_path):
    stamps = ["13/10/2026 09:10:00", "14/10/2026 09:11:00"]
    path = google_file(tmp_path / "shouty.csv", "  HORODATEUR ", " adresse E-MAIL  ", stamps)
    assert import_file(client, path, wave="w").kind == "google"
    assert b"secret0@example.org" not in client.store_path.read_bytes()


def test_a_timestamp_under_an_unknown_header_is_found_by_its_values(client, tmp_path):
    # Polish is not in forms_locales.yaml; its e-mail column is left out by name.
    stamps = ["13.10.2026 09:10:00", "01.10.2026 09:11:00"]
    path = google_file(tmp_path / "pl.csv", "Sygnatura czasowa", "Adres e-mail", stamps)
    before = fingerprint(client)
    with pytest.raises(InputError) as err:
        import_file(client, path, wave="w")
    assert "'Adres e-mail'" in str(err.value) and "'Sygnatura czasowa'" not in str(err.value)
    assert fingerprint(client) == before
    report = import_file(client, path, wave="w", ignore_columns=["adres e-mail"])
    assert (report.kind, report.added) == ("google", 2)
    times = sorted(stored(client).drop_duplicates("response_id")["submitted_at"])
    assert times == ["2026-10-01T09:11:00", "2026-10-13T09:10:00"]
    assert b"secret0@example.org" not in client.store_path.read_bytes()
    again = import_file(client, path, wave="w", ignore_columns=["Adres e-mail"])
    assert (again.added, again.already) == (0, 2)


def test_a_column_with_one_cell_that_is_no_date_is_not_the_timestamp(client, tmp_path):
    stamps = ["13.10.2026 09:10:00", "soon"]
    path = google_file(tmp_path / "pl.csv", "Sygnatura czasowa", "Email address", stamps)
    with pytest.raises(InputError) as err:
        import_file(client, path, wave="w")
    assert "match no question" in str(err.value) and "column 'Sygnatura czasowa'" in str(err.value)


def test_extra_column_refused_suggesting_ignore_column_then_left_out(clients_dir, tmp_path):
    client = open_client("demo-precision", clients_dir)
    stamps = ["10/03/2026 9:10:00", "10/05/2026 9:11:00"]  # US dates that read both ways
    extra = ("Which canteen do you prefer?", "the secret canteen")
    path = google_file(tmp_path / "extra.csv", "Timestamp", "Email address", stamps, extra)
    before = fingerprint(client)
    args = ("import", "demo-precision", str(path), "--wave", "w")
    refused = run_kmkit(*args, clients=clients_dir)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "row 1, column 'Which canteen do you prefer?'" in refused.stderr
    assert '--ignore-column "Which canteen do you prefer?"' in refused.stderr
    assert fingerprint(client) == before
    with pytest.raises(InputError, match="did you mean 'Which canteen do you prefer"):
        import_file(client, path, wave="w", ignore_columns=["Which canten?"])
    ignore = ("--ignore-column", " which canteen do you prefer? ")
    accepted = run_kmkit(*args, *ignore, "--date-order", "month-day", clients=clients_dir)
    assert accepted.returncode == 0, accepted.stderr
    assert "2 imported" in accepted.stdout
    assert b"secret canteen" not in client.store_path.read_bytes()
    days = sorted(stored(client).drop_duplicates("response_id")["submitted_at"].str[:10])
    assert days == ["2026-10-03", "2026-10-05"]


def test_dates_that_read_both_ways_are_read_as_the_consultant_says(client, tmp_path):
    stamps = ["03/10/2026 09:10:00", "05/10/2026 09:11:00", "10/10/2026 09:12:00"]
    path = google_file(tmp_path / "fr.csv", "Horodateur", "Adresse e-mail", stamps)
    with pytest.raises(InputError, match="row 2, column 'Horodateur'"):
        import_file(client, path, wave="w")
    import_file(client, path, wave="w", date_order="day-month")
    days = sorted(stored(client).drop_duplicates("response_id")["submitted_at"].str[:10])
    assert days == ["2026-10-03", "2026-10-05", "2026-10-10"]
    other = tmp_path / "us.csv"
    other.write_bytes(path.read_bytes())
    import_file(client, other, wave="m", date_order="month-day")
    with Store(client.store_path) as store:
        march = sorted(store.answers("maturity", "m")["submitted_at"].str[:10].unique())
    assert march == ["2026-03-10", "2026-05-10", "2026-10-10"]


def test_a_date_against_the_chosen_order_is_refused_with_its_row(client, tmp_path):
    stamps = ["03/10/2026 09:10:00", "10/13/2026 09:11:00"]
    path = google_file(tmp_path / "fr.csv", "Horodateur", "Adresse e-mail", stamps)
    before = fingerprint(client)
    with pytest.raises(InputError) as err:
        import_file(client, path, wave="w", date_order="day-month")
    reason = "'10/13/2026 09:11:00' is not a date and time when read day first (day/month/year)"
    assert f"row 3, column 'Horodateur': {reason}" in str(err.value)
    assert fingerprint(client) == before


def test_dotted_dates_are_day_first_without_asking(client, tmp_path):
    stamps = ["01.10.2026 09:10:00", "02.10.2026 09:11:00"]
    path = google_file(tmp_path / "de.csv", "Zeitstempel", "E-Mail-Adresse", stamps)
    import_file(client, path, wave="w")
    days = sorted(stored(client).drop_duplicates("response_id")["submitted_at"].str[:10])
    assert days == ["2026-10-01", "2026-10-02"]
