"""The survey and the dashboard through the real server, with a room's worth of people at once."""

from __future__ import annotations

import re
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from kmkit.apps.survey_page import Gate, SurveySite, words_for
from kmkit.core.instruments import load_instrument
from kmkit.core.store import Store
from kmkit.core.workspace import open_client
from kmkit.inputs.submissions import problems, submit

ROOM = 30
BROWSERS = 3  # of the room, answering in Chromium; the others speak HTTP as a browser does
TWICE = 6  # respondents who press 'send' a second time


def fetch(url: str, data: dict[str, str] | None = None) -> tuple[int, str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with urllib.request.urlopen(url, data=body, timeout=120) as reply:
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def answer_over_http(base: str, number: int, start: threading.Barrier) -> dict[str, object]:
    """One respondent's phone: open the link with the others, fill every question, send."""
    start.wait()
    status, form = fetch(f"{base}/")
    questions = sorted(set(re.findall(r'type="radio" name="([a-z_0-9]+)"', form)))
    token = re.search(r'name="form_token" value="([0-9a-f]{32})"', form)
    answers = {q: str(1 + (number + i) % 5) for i, q in enumerate(questions)}
    fields = {"form_token": token.group(1) if token else "", "department": "Audit", **answers}
    sent = [fetch(f"{base}/", fields) for _ in range(2 if number < TWICE else 1)]
    return {"status": status, "questions": len(questions), "sent": sent}


@pytest.mark.slow
def test_a_room_of_thirty_all_get_the_form_and_every_answer_is_stored_once(
    serve, clients_dir, offline_page
):
    store_path = clients_dir / "demo-accounting" / "kmkit.sqlite"
    with Store(store_path) as store:
        before = set(store.answers("maturity", "baseline")["response_id"])
    base, _ = serve(clients_dir, "demo-accounting", "--app", "survey")
    start = threading.Barrier(ROOM - BROWSERS + 1)
    with ThreadPoolExecutor(ROOM - BROWSERS) as pool:
        phones = [pool.submit(answer_over_http, base, n, start) for n in range(ROOM - BROWSERS)]
        start.wait()
        pages = [offline_page, *(offline_page.context.new_page() for _ in range(BROWSERS - 1))]
        for page in pages:
            page.goto(f"{base}/", timeout=120_000)
        for page in pages:
            page.bring_to_front()  # Chromium slows background tabs' rendering to a crawl
            page.locator(".kmkit-department select").select_option(label="Tax")
            for _ in range(7):
                page.locator(".kmkit-next").click()
                for group in page.locator(".kmkit-current .kmkit-question-group").all():
                    group.get_by_label("Disagree", exact=True).check()
            page.locator(".kmkit-submit").click()
            page.locator(".kmkit-thanks").wait_for(timeout=60_000)
        results = [phone.result() for phone in phones]
    assert all(r["status"] == 200 and r["questions"] == 35 for r in results)  # no blank page
    sent = [s for r in results for s in r["sent"]]
    thanks = [page for status, page in sent if status == 200 and "answers are saved" in page]
    again = [page for status, page in sent if status == 200 and "already saved" in page]
    assert len(thanks) == ROOM - BROWSERS and len(again) == TWICE
    with Store(store_path) as store:
        stored = store.answers("maturity", "baseline")
    new = stored.loc[~stored["response_id"].isin(before)]
    assert new["response_id"].nunique() == ROOM  # everyone once, the double senders too
    assert new.groupby("response_id").size().eq(35).all()
    assert (new.drop_duplicates("response_id")["department"] == "Tax").sum() == BROWSERS
    assert offline_page.attempted == []


@pytest.mark.slow
def test_the_survey_page_keeps_its_promises(serve, clients_dir):
    from kmkit.inputs.submissions import set_survey_closed

    base, _ = serve(clients_dir, "demo-accounting", "--app", "survey", "--token", "s3cret")
    assert fetch(f"{base}/")[0] == 403
    status, form = fetch(f"{base}/?token=s3cret")
    assert status == 200 and "We do not ask for your name" in form
    assert 'name="email"' not in form and "Harbour &amp; Finch" not in form
    token = re.search(r'name="form_token" value="([0-9a-f]{32})"', form).group(1)
    half = {"token": "s3cret", "form_token": token, "department": "Audit", "lead_value": "4"}
    status, again = fetch(f"{base}/", half)
    assert status == 422 and "34 question(s) have no answer yet" in again
    assert 'value="4" checked' in again  # what they answered is kept
    set_survey_closed(open_client("demo-accounting", clients_dir), True, "Closed on Friday.")
    status, page = fetch(f"{base}/?token=s3cret")
    assert status == 200 and "Closed on Friday." in page and 'type="radio"' not in page


@pytest.mark.slow
def test_ten_managers_opening_the_dashboard_at_once_all_see_every_chart(serve, session_clients):
    base, _ = serve(session_clients, "demo-precision", "--app", "dashboard")
    with ThreadPoolExecutor(10) as pool:
        pages = list(pool.map(lambda _: fetch(f"{base}/"), range(10)))
    assert all(status == 200 for status, _ in pages)
    for _, page in pages:
        assert page.count('class="kmkit-chart"') == 3  # profile, gaps, risk matrix
        assert "Kestrel Precision Engineering Ltd" in page and "vegaEmbed" in page
    assert len({page for _, page in pages}) == 1  # made once, served to all
    assert len(pages[0][1]) < 600_000  # the chart code is not in the page...
    status, code = fetch(f"{base}/kmkit/static/vega-embed.js")
    assert status == 200 and "vegaEmbed" in code  # ...but served beside it


def test_the_gate_turns_away_past_its_limit_and_counts():
    gate = Gate(2)
    assert gate.enter() and gate.enter()
    assert not gate.enter() and gate.turned_away == 1
    gate.leave()
    assert gate.enter() and gate.turned_away == 1


def test_a_busy_page_speaks_the_survey_language_and_retries(clients_dir):
    client = open_client("demo-accounting", clients_dir)
    instrument = load_instrument("maturity").model_copy(update={"language": "fr"})
    site = SurveySite(client, instrument, "baseline")
    words = words_for("fr")
    page = site.message(words["busy_title"], [words["busy"]], retry=5)
    assert '<meta http-equiv="refresh" content="5">' in page
    assert "réessaiera d&#39;elle-même" in page and '<html lang="fr">' in page
    assert words_for("pt")["send"] == words_for("en")["send"]  # no translation yet: English


def french_client(clients_dir, targets: bool):
    """demo-accounting as a French client, asking "where should we be?" when `targets`."""
    config = clients_dir / "demo-accounting" / "client.yaml"
    text = config.read_text(encoding="utf-8").replace("language: en", "language: fr")
    config.write_text(text + ("ask_targets: [maturity]\n" if targets else ""), encoding="utf-8")
    return open_client("demo-accounting", clients_dir)


def test_a_french_client_gets_the_questions_in_french_and_no_target_unless_asked(clients_dir):
    from kmkit.core.instruments import client_instrument

    client = french_client(clients_dir, targets=False)
    site = SurveySite(client, client_instrument("maturity", client), "baseline")
    page = site.form()
    assert '<html lang="fr">' in page and "Maturité en gestion des connaissances" in page
    assert "Nos responsables parlent du savoir-faire" in page and "Our managers" not in page
    assert "Direction et stratégie" in page and ">Tout à fait d&#39;accord<" in page
    assert "Envoyer mes réponses" in page and "Où devrions-nous en être" not in page
    assert 'name="target-' not in page
    found = problems(site.read({"department": "Audit", "lead_value": "4"}), site.instrument, client)
    assert "34 question(s) sans réponse ; choisissez « Je ne sais pas » en cas de doute." in found


def test_the_target_question_is_asked_stored_and_used_by_the_gaps(clients_dir):
    from kmkit.core.instruments import client_instrument
    from kmkit.phases.awareness.compute import assess_maturity, item_gaps
    from kmkit.phases.awareness.text import maturity_level

    client = french_client(clients_dir, targets=True)
    site = SurveySite(client, client_instrument("maturity", client), "fr-wave")
    page = site.form()
    assert page.count("Où en sommes-nous aujourd&#39;hui ?") == 35 + 35  # caption and label
    assert page.count("Où devrions-nous en être ?") == 35 + 35
    assert "Pour chaque affirmation, indiquez d&#39;abord où en est l&#39;entreprise" in page
    assert len(re.findall(r'type="radio" name="target-[a-z_]+"', page)) == 35 * 6
    # Two respondents. lead_value: now 2 and 3, targets 4 and 5. proc_silos is reverse-coded:
    # now 4 and 4 (scored 2), targets 1 and 2 (scored 5 and 4). Every other item: now 3,
    # target "don't know".
    for now, target, silos in ((2, 4, 1), (3, 5, 2)):
        fields = {"department": "Audit", "form_token": uuid.uuid4().hex}
        for item in site.instrument.items:
            fields[item.id], fields[f"target-{item.id}"] = "3", "dont_know"
        fields |= {"lead_value": str(now), "target-lead_value": str(target)}
        fields |= {"proc_silos": "4", "target-proc_silos": str(silos)}
        del fields["target-kp_share"]
        assert any(
            "1 question(s) sans réponse à « où devrions" in p
            for p in problems(site.read(fields), site.instrument, client)
        )
        fields["target-kp_share"] = "dont_know"
        assert submit(client, site.instrument, "fr-wave", site.read(fields))
    result = assess_maturity(client, "fr-wave")
    gaps = item_gaps(result).set_index("item_id")
    lead, silos = gaps.loc["lead_value"], gaps.loc["proc_silos"]
    assert (lead["now"], lead["target"], lead["gap"], lead["basis"]) == (2.5, 4.5, 2.0, "target")
    assert (silos["now"], silos["target"], silos["gap"], silos["basis"]) == (
        2.0,
        4.5,
        2.5,
        "target",
    )
    assert gaps.loc["kp_share", "basis"] == "scale top" and gaps.loc["kp_share", "gap"] == 2.0
    assert lead["text"].startswith("Nos responsables")  # the report shows the French question
    assert "from 2 respondents (answered in French)" in maturity_level(result, client.name)


def test_targets_posted_where_client_yaml_does_not_ask_are_not_stored(clients_dir):
    client = open_client("demo-accounting", clients_dir)
    site = SurveySite(client, load_instrument("maturity"), "en-wave")
    assert 'name="target-' not in site.form()
    fields = {"department": "Audit", "form_token": uuid.uuid4().hex}
    fields |= {item.id: "2" for item in site.instrument.items}
    fields |= {f"target-{item.id}": "5" for item in site.instrument.items}
    assert submit(client, site.instrument, "en-wave", site.read(fields))
    with Store(client.store_path) as store:
        stored = store.answers("maturity", "en-wave")
    assert stored["target"].isna().all() and set(stored["language"]) == {"en"}
