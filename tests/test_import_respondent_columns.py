"""Department, role and organisation columns named in any of the nine languages forms speak."""

import csv
import hashlib
import re
from pathlib import Path

import pytest
import yaml

from kmkit.core.errors import InputError
from kmkit.core.instruments import SHIPPED, load_instrument
from kmkit.core.store import Store
from kmkit.inputs.layouts import map_columns, respondent_column
from kmkit.inputs.survey_import import import_file
from kmkit.inputs.tables import Table

MATURITY = load_instrument("maturity")
ITEM_TEXTS = [item.text for item in MATURITY.items]

# By language: department as a label and as a question, role likewise, organisation likewise.
HEADERS = {
    "en": ("Department", "Which team are you in?", "Job title", "What is your position?",
           "Company", "Which company do you work for?"),
    "fr": ("Service", "Dans quel service travaillez-vous ?", "Fonction",
           "Quelle est votre fonction ?", "Entreprise", "Pour quelle entreprise travaillez-vous ?"),
    "de": ("Abteilung", "In welcher Abteilung arbeiten Sie?", "Funktion",
           "Welche Rolle haben Sie?", "Unternehmen", "Für welches Unternehmen arbeiten Sie?"),
    "es": ("Área", "¿En qué departamento trabaja?", "Puesto", "¿Cuál es su cargo?",
           "Empresa", "¿En qué empresa trabaja?"),
    "pt": ("Setor", "Em qual departamento você trabalha?", "Função", "Qual é o seu cargo?",
           "Organização", "Em qual empresa você trabalha?"),
    "it": ("Reparto", "In quale ufficio lavora?", "Mansione", "Qual è il suo ruolo?",
           "Azienda", "Per quale azienda lavora?"),
    "nl": ("Afdeling", "Op welke afdeling werkt u?", "Functie", "Wat is uw rol?",
           "Organisatie", "Bij welke organisatie werkt u?"),
    "zh": ("部门", "您在哪个部门工作？", "职位", "请选择您的岗位", "公司", "您在哪家公司工作？"),
    "ja": ("部署", "所属部署を教えてください", "役職", "あなたの職種は何ですか？", "会社",
           "勤務先の会社名を教えてください"),
}  # fmt: skip


def people(client):
    """Each stored response's department and role, in the order of the file."""
    with Store(client.store_path) as store:
        answers = store.answers("maturity", "w").drop_duplicates("response_id")
    return list(zip(answers["department"], answers["role"], strict=True))


def google_file(path, stamp_header, asked, given):
    """A Google Forms CSV: timestamp, the `asked` columns with the `given` answers, the items."""
    stamps = ["13/10/2026 09:10:00", "14/10/2026 09:11:00"]
    rows = [[stamp_header, *asked, *ITEM_TEXTS]]
    agree = ["Agree"] * len(ITEM_TEXTS)
    rows += [[stamp, *answers, *agree] for stamp, answers in zip(stamps, given, strict=True)]
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_french_google_export_stores_departments_and_roles(client, tmp_path):
    asked = ["Dans quel service travaillez-vous ?", "Quelle est votre fonction ?"]
    given = [("Quality", "Engineer"), ("Machining", "Operator")]
    path = google_file(tmp_path / "fr.csv", "Horodateur", asked, given)
    report = import_file(client, path, wave="w")
    assert (report.kind, report.added) == ("google", 2)
    assert people(client) == given


@pytest.mark.parametrize(
    ("stamp_header", "asked"),
    [("Zeitstempel", ["Welche Abteilung?", "Rolle"]), ("タイムスタンプ", ["所属部署", "役職"])],
)
def test_german_and_japanese_headers_import(client, tmp_path, stamp_header, asked):
    given = [("Assembly", "Technician"), ("Sales and admin", "Office")]
    import_file(client, google_file(tmp_path / "forms.csv", stamp_header, asked, given), wave="w")
    assert people(client) == given


def columns(header, instrument=MATURITY):
    """The columns kmkit sees in a header of a file with no rows."""
    return map_columns(Table(Path("answers.csv"), header, [], []), instrument)


@pytest.mark.parametrize("language", sorted(HEADERS))
def test_every_language_names_department_role_and_organisation(language):
    department, asks_department, role, asks_role, company, asks_company = HEADERS[language]
    ids = [item.id for item in MATURITY.items]
    labelled = columns([department, role, *ids])
    assert (labelled.department, labelled.role) == (0, 1)
    asked = columns([asks_role, asks_department, *ids])
    assert (asked.department, asked.role) == (1, 0)
    alliance = load_instrument("alliance")
    for header in (company, asks_company):
        assert columns([header, *(item.id for item in alliance.items)], alliance).organisation == 0


@pytest.mark.parametrize(
    ("header", "slot"),
    [("ÁREA", "department"), ("Area", "department"), ("funcao", "role"),
     ("  SERVICE  ", "department"), ("部署？", "department"), ("ﾁｰﾑ", "department"),
     ("job_title", "role"), ("Dans quel service de l'entreprise ?", "department")],
)  # fmt: skip
def test_headers_match_whatever_their_case_accents_and_width(header, slot):
    assert respondent_column(header) == slot


def instrument_texts():
    """Every question of every shipped instrument and translation: items and open questions."""
    texts = {}
    for path in sorted(SHIPPED.glob("**/*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        questions = [item for category in raw["categories"] for item in category["items"]]
        questions += raw.get("free_text") or []
        texts |= {question["text"]: path.name for question in questions}
    return texts


def test_no_instrument_question_is_taken_for_a_respondent_column():
    texts = instrument_texts()
    assert {"maturity.fr.yaml", "maturity.de.yaml", "pulse.yaml"} <= set(texts.values())
    # The questions do speak of teams, roles, posts and firms: the rule keeps them out.
    words = ("team", "role", "firm", "équipe", "poste", "entreprise", "unternehmen")
    assert all(any(re.search(rf"\b{word}\b", text.lower()) for text in texts) for word in words)
    taken = {text: respondent_column(text) for text in texts if respondent_column(text)}
    assert taken == {}


def test_two_department_columns_are_refused_until_one_is_left_out(client, tmp_path):
    given = [("Quality", "Engineer", "Qualité"), ("Machining", "Operator", "Usinage")]
    path = google_file(tmp_path / "fr.csv", "Horodateur", ["Service", "Fonction", "Équipe"], given)
    before = hashlib.sha256(client.store_path.read_bytes()).hexdigest()
    with pytest.raises(InputError) as err:
        import_file(client, path, wave="w")
    message = str(err.value)
    assert "row 1, column 'Équipe'" in message and "'Service' and 'Équipe'" in message
    assert '--ignore-column "Équipe"' in message
    assert hashlib.sha256(client.store_path.read_bytes()).hexdigest() == before
    import_file(client, path, wave="w", ignore_columns=["équipe"])
    assert people(client) == [(department, role) for department, role, _ in given]
