"""The employee survey: validation, one response per form, closing, and the widget flow."""

import html

import pytest
from helpers import run_kmkit

from kmkit.apps.survey import survey_app
from kmkit.core.instruments import load_instrument
from kmkit.core.store import Store
from kmkit.core.workspace import open_client
from kmkit.inputs.submissions import (
    DONT_KNOW,
    Submission,
    issue_form,
    problems,
    set_survey_closed,
    submit,
)

INSTRUMENT = load_instrument("maturity")


def complete(client, department: str = "Audit", wave: str = "w") -> Submission:
    """A complete form, issued for the wave as the survey page issues one."""
    answers = {item.id: (index % 5) + 1 for index, item in enumerate(INSTRUMENT.items)}
    answers[INSTRUMENT.items[0].id] = DONT_KNOW
    token = issue_form(client, INSTRUMENT, wave)
    return Submission(department=department, role="Accountant", answers=answers, token=token)


def survey_rows(client, wave="w"):
    with Store(client.store_path) as store:
        return store.answers("maturity", wave)


def test_incomplete_form_lists_what_is_missing(accounting_client):
    found = problems(Submission(answers={"lead_value": 9}), INSTRUMENT, accounting_client)
    assert "Choose your department." in found
    assert any("not on the scale" in f for f in found)
    assert any("34 question(s) have no answer yet" in f for f in found)
    with pytest.raises(ValueError):
        submit(accounting_client, INSTRUMENT, "w", Submission())
    assert survey_rows(accounting_client).empty


def test_submission_is_stored_once_however_often_sent(accounting_client):
    form = complete(accounting_client)
    assert submit(accounting_client, INSTRUMENT, "w", form) is True
    assert submit(accounting_client, INSTRUMENT, "w", form) is False
    rows = survey_rows(accounting_client)
    assert rows["response_id"].nunique() == 1
    first = rows.set_index("item_id").loc[INSTRUMENT.items[0].id]
    assert first["dont_know"] and first["now"] != first["now"]  # NaN: kept apart, not 0
    another = complete(accounting_client)  # another person's form
    assert submit(accounting_client, INSTRUMENT, "w", another) is True


def test_the_widget_flow_stores_the_answers(accounting_client):
    app = survey_app(accounting_client, INSTRUMENT, "w")
    header, body, message, buttons = app.children
    back, next_, send = buttons.children
    next_.click()
    assert "Choose your department" in message.value
    body.children[0].children[1].value = "Tax"
    next_.click()
    for page in range(len(INSTRUMENT.categories)):
        toggles = [c for c in body.children[0].children if hasattr(c, "options")]
        next_.click()
        assert "Answer every question" in message.value  # nothing chosen yet on this page
        for toggle in toggles:
            toggle.value = 4
        if page < len(INSTRUMENT.categories) - 1:
            next_.click()
    send.click()
    thanks = body.children[0].value
    assert "Thank you: your answers are saved." in thanks and "already" not in thanks
    send.click()  # a double click: the same form sent again
    again = body.children[0].value
    assert "Your answers were already saved." in again and "Thank you" not in again
    rows = survey_rows(accounting_client)
    assert rows["response_id"].nunique() == 1 and set(rows["now"]) == {4.0}
    assert rows["department"].iloc[0] == "Tax"


def test_the_form_has_nowhere_to_type_a_name(accounting_client):
    import ipywidgets as w

    def walk(widget):
        yield widget
        for child in getattr(widget, "children", ()):
            yield from walk(child)

    app = survey_app(accounting_client, INSTRUMENT, "w")
    pages = app.children[1].children[0]
    kinds = {type(x) for x in walk(app)}
    assert not kinds & {w.Text, w.Textarea, w.Password, w.Combobox}
    assert "do not ask for your name or e-mail" in pages.children[0].value


def test_a_closed_survey_says_so(accounting_client):
    set_survey_closed(accounting_client, True, "The survey closed on 30 November. Thank you!")
    app = survey_app(accounting_client, INSTRUMENT, "w")
    assert "closed on 30 November" in app.value
    set_survey_closed(accounting_client, False)
    assert hasattr(survey_app(accounting_client, INSTRUMENT, "w"), "children")


def test_survey_command_opens_and_closes(clients_dir):
    closed = run_kmkit(
        "survey", "demo-accounting", "--close", "--message", "Back in May.", clients=clients_dir
    )
    assert closed.returncode == 0 and "closed: Back in May." in closed.stdout
    assert (clients_dir / "demo-accounting" / "survey-closed").is_file()
    opened = run_kmkit("survey", "demo-accounting", "--open", clients=clients_dir)
    assert "is open" in opened.stdout


def test_the_widget_survey_speaks_french_and_asks_targets_where_client_yaml_says(accounting_client):
    from kmkit.core.instruments import client_instrument

    text = accounting_client.config_path.read_text(encoding="utf-8").replace(
        "language: en", "language: fr"
    )
    accounting_client.config_path.write_text(text + "ask_targets: [maturity]\n", encoding="utf-8")
    client = open_client("demo-accounting", accounting_client.path.parent)
    french = client_instrument("maturity", client)
    app = survey_app(client, french, "w")
    header, body, message, buttons = app.children
    back, next_, send = buttons.children
    assert "Nous ne vous demandons ni votre nom" in body.children[0].children[0].value
    assert send.description == "Envoyer mes réponses"
    body.children[0].children[1].value = "Tax"
    next_.click()
    for page in range(len(french.categories)):
        rows = body.children[0].children
        assert html.escape(french.categories[page].items[0].text) in rows[1].value
        toggles = [r for r in rows if hasattr(r, "options")]
        assert len(toggles) == 2 * len(french.categories[page].items)  # now and target
        for toggle in toggles:
            toggle.value = 5 if any("kmkit-target" in c for c in toggle._dom_classes) else 2
        if page < len(french.categories) - 1:
            next_.click()
    send.click()
    rows = survey_rows(client)
    assert set(rows["now"]) == {2.0} and set(rows["target"]) == {5.0}
    assert set(rows["language"]) == {"fr"} and len(rows) == 35
    assert "Merci" in body.children[0].value


def test_the_widget_survey_issues_its_form_only_when_it_is_sent(accounting_client):
    from kmkit.inputs.submissions import forms_report

    app = survey_app(accounting_client, INSTRUMENT, "w")
    header, body, message, buttons = app.children
    back, next_, send = buttons.children
    assert forms_report(accounting_client) == []  # opening the survey writes nothing, opens no wave
    body.children[0].children[1].value = "Tax"
    next_.click()
    for page in range(len(INSTRUMENT.categories)):
        for toggle in [c for c in body.children[0].children if hasattr(c, "options")]:
            toggle.value = 3
        if page < len(INSTRUMENT.categories) - 1:
            next_.click()
    send.click()
    assert survey_rows(accounting_client)["response_id"].nunique() == 1
    sent = "Forms issued: 1, answered: 1 (maturity, wave 'w', still collecting)."
    assert forms_report(accounting_client) == [sent]
