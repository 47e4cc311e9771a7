"""The survey and the dashboard through the real server, with a room's worth of people at once."""

from __future__ import annotations

import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from helpers import engaged

from kmkit.apps.survey_page import Gate, SurveySite, words_for
from kmkit.core.instruments import load_instrument
from kmkit.core.store import Store
from kmkit.core.workspace import open_client
from kmkit.inputs.submissions import problems, set_survey_closed, submit

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
    base, _ = serve(clients_dir, "demo-accounting", "--app", "survey", "--token", "s3cret")
    assert fetch(f"{base}/")[0] == 403
    status, form = fetch(f"{base}/?token=s3cret")
    assert status == 200 and "We do not ask for your name" in form
    assert 'name="email"' not in form and "Harbour & Finch" not in form  # escaped
    assert form.count("Harbour &amp; Finch Chartered Accountants") == 1  # on the first page
    assert "About 7 min: 35 questions." in form  # 35 answers at 12 seconds, rounded up
    token = re.search(r'name="form_token" value="([0-9a-f]{32})"', form).group(1)
    half = {"token": "s3cret", "form_token": token, "department": "Audit", "lead_value": "4"}
    status, again = fetch(f"{base}/", half)
    assert status == 422 and "34 question(s) have no answer yet" in again
    assert 'value="4" checked' in again  # what they answered is kept
    assert again.count('aria-invalid="true"') == 34  # every blank question marked
    first_blank = re.search(r'<fieldset class="[^"]*kmkit-unanswered" id="q-([^"]+)"', again)
    assert re.search(rf'name="{first_blank.group(1)}" value="[^"]+" autofocus', again)
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


def test_the_first_page_names_the_firm_as_text_and_says_how_long_in_the_survey_language(
    clients_dir,
):
    from kmkit.core.instruments import client_instrument

    config = clients_dir / "demo-accounting" / "client.yaml"
    text = config.read_text(encoding="utf-8").replace(
        "name: Harbour & Finch Chartered Accountants", "name: '<script>alert(1)</script> & Co'"
    )
    config.write_text(text, encoding="utf-8")
    client = french_client(clients_dir, targets=True)
    site = SurveySite(client, client_instrument("maturity", client), "baseline")
    page = site.form()
    assert "<script>alert(1)</script>" not in page
    assert '<p class="kmkit-firm">&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</p>' in page
    assert "Environ 14 min : 35 questions." in page  # 70 answers (now and target) at 12 s
    sent = site.read({"department": "Audit", "lead_value": "4"})
    again = site.form(sent, problems(sent, site.instrument, client))
    assert 'id="q-lead_value"' in again and again.count('aria-invalid="true"') == 35  # no target
    assert "Cette question n&#39;a pas encore de réponse" in again


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
        fields = {"department": "Audit", "form_token": site.issue()}
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
    set_survey_closed(client, True)  # two respondents: read whole only once the wave closes
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
    fields = {"department": "Audit", "form_token": site.issue()}
    fields |= {item.id: "2" for item in site.instrument.items}
    fields |= {f"target-{item.id}": "5" for item in site.instrument.items}
    assert submit(client, site.instrument, "en-wave", site.read(fields))
    with Store(client.store_path) as store:
        stored = store.answers("maturity", "en-wave")
    assert stored["target"].isna().all() and set(stored["language"]) == {"en"}


@pytest.fixture
def page_server():
    """Serve survey sites from the real handler in a thread of this process; stop afterwards."""
    import asyncio

    from tornado import web
    from tornado.httpserver import HTTPServer
    from tornado.testing import bind_unused_port

    from kmkit.apps.survey_page import SurveyHandler

    running: list[tuple[asyncio.AbstractEventLoop, asyncio.Event, threading.Thread]] = []

    def start(site: SurveySite) -> str:
        ready = threading.Event()
        held: dict[str, object] = {}

        async def main() -> None:
            sock, port = bind_unused_port()
            server = HTTPServer(web.Application([(r"/", SurveyHandler, {"site": site})]))
            server.add_sockets([sock])
            held.update(port=port, loop=asyncio.get_running_loop(), stop=asyncio.Event())
            ready.set()
            await held["stop"].wait()
            server.stop()

        thread = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)
        thread.start()
        ready.wait(10)
        running.append((held["loop"], held["stop"], thread))
        return f"http://127.0.0.1:{held['port']}"

    yield start
    for loop, stop, thread in running:
        loop.call_soon_threadsafe(stop.set)
        thread.join(10)


def filled(site: SurveySite, token: str, value: str = "4", **extra: str) -> dict[str, str]:
    """Every question answered with `value`, in department Quality, on the form `token`."""
    fields = {"form_token": token, "department": site.client.config.departments[0]}
    return fields | {item.id: value for item in site.instrument.items} | extra


def form_token(page: str) -> str:
    """The form token a page carries."""
    return re.search(r'name="form_token" value="([0-9a-f]{32})"', page).group(1)


def stored(client, wave: str = "baseline") -> int:
    """How many responses the client's store holds for a maturity wave."""
    with Store(client.store_path) as store:
        return store.answers("maturity", wave)["response_id"].nunique()


@pytest.fixture
def precision_site(clients_dir) -> SurveySite:
    """demo-precision's survey page for its baseline wave (34 responses, threshold 5)."""
    client = open_client("demo-precision", clients_dir)
    return SurveySite(client, load_instrument("maturity"), "baseline")


def test_ten_posts_without_an_issued_form_store_nothing_and_offer_a_fresh_form(
    page_server, precision_site
):
    base = page_server(precision_site)
    before = stored(precision_site.client)
    tokens = set()
    for made_up in ["", "", "0" * 32, "not-a-token", "f" * 32, *[""] * 5]:
        status, page = fetch(f"{base}/", filled(precision_site, made_up))
        assert status == 400 and "did not come from this survey page" in page
        assert 'type="radio"' in page and 'value="4" checked' in page  # their answers kept
        tokens.add(form_token(page))
    assert stored(precision_site.client) == before
    assert len(tokens) == 10 and made_up not in tokens  # a fresh form each time
    status, page = fetch(f"{base}/", filled(precision_site, tokens.pop()))
    assert status == 200 and "your answers are saved" in page
    assert stored(precision_site.client) == before + 1


def test_a_form_stores_once_and_only_while_its_wave_is_open(page_server, precision_site):
    from kmkit.core.instruments import client_instrument

    base = page_server(precision_site)
    client, before = precision_site.client, stored(precision_site.client)
    first, second, third = (form_token(fetch(f"{base}/")[1]) for _ in range(3))
    assert fetch(f"{base}/", filled(precision_site, first))[0] == 200
    for _ in range(3):  # the same form again: the page it already got, nothing stored
        status, page = fetch(f"{base}/", filled(precision_site, first, "2"))
        assert status == 200 and "already saved" in page
    assert stored(client) == before + 1
    set_survey_closed(client, True)
    set_survey_closed(client, False)  # opened again: forms of before the close are done
    status, page = fetch(f"{base}/", filled(precision_site, second))
    assert status == 410 and "no longer open" in page and stored(client) == before + 1
    with Store(client.store_path) as store:  # a form kept open four days
        store._conn.execute("UPDATE forms SET issued_at = datetime('now', '-4 days')")
    status, page = fetch(f"{base}/", filled(precision_site, form_token(page)))
    assert status == 410 and stored(client) == before + 1
    other = SurveySite(client, precision_site.instrument, "reassessment")
    assert fetch(page_server(other), filled(other, third))[0] == 400  # not this wave's form
    french = SurveySite(client, client_instrument("maturity", client), "baseline")
    french.instrument = french.instrument.model_copy(update={"language": "fr"})
    status, page = fetch(page_server(french), filled(french, ""))
    assert status == 400 and "ne vient pas de cette page" in page
    german = in_language(french, "de")
    status, page = fetch(page_server(german), filled(german, form_token(page), "9"))
    assert status == 422 and "liegt nicht auf der Skala" in page


def in_language(site: SurveySite, language: str) -> SurveySite:
    """The same site, its page in another language."""
    instrument = site.instrument.model_copy(update={"language": language})
    return SurveySite(site.client, instrument, site.wave)


HOSTILE = ["²", "--5", "-4", "٣", "3.0", "03", "+3", "4\x00x", "\u202e4", "1e1", "9" * 5000, "None"]


@pytest.mark.parametrize("value", HOSTILE)
def test_odd_answer_text_is_told_to_fix_never_a_server_error(page_server, precision_site, value):
    base = page_server(precision_site)
    before = stored(precision_site.client)
    token = form_token(fetch(f"{base}/")[1])
    fields = filled(precision_site, token, lead_value=value)
    status, page = fetch(f"{base}/", fields)
    assert status == 422 and "is not on the scale" in page and "<li>" in page
    assert stored(precision_site.client) == before
    assert fetch(f"{base}/", filled(precision_site, token))[0] == 200  # fixed: stored


def test_bytes_that_are_not_text_are_told_to_fix_too(page_server, precision_site):
    base = page_server(precision_site)
    token = form_token(fetch(f"{base}/")[1])
    body = urllib.parse.urlencode(filled(precision_site, token)).encode() + b"&lead_value=%FF%FE"
    request = urllib.request.Request(f"{base}/", data=body)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 422 and b"is not on the scale" in refused.value.read()


def test_form_tokens_are_kept_only_as_hashes_and_counted_for_the_consultant(
    page_server, precision_site
):
    import hashlib

    from helpers import run_kmkit

    base = page_server(precision_site)
    tokens = [form_token(fetch(f"{base}/")[1]) for _ in range(3)]
    assert fetch(f"{base}/", filled(precision_site, tokens[0]))[0] == 200
    store_bytes = precision_site.client.store_path.read_bytes()
    assert not any(t.encode() in store_bytes for t in tokens)
    with Store(precision_site.client.store_path) as store:
        kept = {h for (h,) in store._conn.execute("SELECT token_hash FROM forms")}
    assert kept == {hashlib.sha256(t.encode()).hexdigest() for t in tokens}
    clients = precision_site.client.path.parent
    said = run_kmkit("survey", "demo-precision", clients=clients).stdout
    assert "Forms issued: 3, answered: 1 (maturity, wave 'baseline', still collecting)." in said
    said = run_kmkit("survey", "demo-precision", "--close", clients=clients).stdout
    assert "Forms issued: 3, answered: 1 (maturity, wave 'baseline', closed)." in said
    status, page = fetch(f"{base}/", filled(precision_site, tokens[1]))
    assert status == 200 and "closed" in page and 'type="radio"' not in page


def board_figures(client) -> tuple:
    """What a manager reads on the dashboard about the survey: scores, counts and sentences."""
    from kmkit.apps.dashboard import dashboard
    from kmkit.phases.awareness.compute import department_breakdown, item_gaps

    board = dashboard(engaged(client))
    result = board.part("awareness").page.result
    return (
        result.respondents,
        result.overall,
        result.categories.to_json(),
        department_breakdown(result, client).to_json(),
        item_gaps(result).to_json(),
        board.said("awareness"),
        board.phases().data,
    )


def test_one_more_respondent_moves_no_dashboard_figure_until_a_threshold_more_have_come(
    page_server, precision_site
):
    client = precision_site.client
    whole = board_figures(client)  # the shipped demo, read whole: 34 respondents
    assert whole[0] == 34 and "still open" not in whole[5]
    base = page_server(precision_site)

    def send(value: str) -> int:
        token = form_token(fetch(f"{base}/")[1])
        return fetch(f"{base}/", filled(precision_site, token, value))[0]

    assert fetch(f"{base}/")[0] == 200  # a form issued: the wave is open, still as it was
    opened = board_figures(client)
    assert opened[:5] == whole[:5]
    assert "show the answers of 34 people so far; they move only when 5 more" in opened[5]
    assert send("1") == 200 and stored(client) == 35
    assert board_figures(client) == opened  # one answer in: nothing a manager sees moves
    for _ in range(3):
        assert send("1") == 200
    assert board_figures(client) == opened  # four in: still nothing
    assert send("1") == 200
    moved = board_figures(client)
    assert moved[0] == 39 and moved[1] < opened[1] and "answers of 39 people" in moved[5]
    assert send("5") == 200 and board_figures(client) == moved
    set_survey_closed(client, True)  # the consultant closes the wave: read whole
    closed = board_figures(client)
    assert closed[0] == 40 and "still open" not in closed[5]


def shown_text(page: str) -> str:
    """A dashboard page's words and figures, without the markup around them."""
    import html as html_text

    words = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return " ".join(html_text.unescape(re.sub(r"<[^>]+>", " ", words)).split())


def same_page(page: str) -> str:
    """A page without its random ids: papermill's added cell, each chart's element."""
    page = re.sub(r"cell-id=[0-9a-f]{8}\b", "cell-id=x", page)
    return re.sub(r"kmkit-chart-[0-9a-f]{10}\b", "kmkit-chart-x", page)


@pytest.mark.slow
def test_the_served_dashboard_does_not_move_for_one_respondent(serve, clients_dir):
    base, _ = serve(clients_dir, "demo-precision", "--pool-size", "0")
    client = open_client("demo-precision", clients_dir)
    survey = SurveySite(client, load_instrument("maturity"), "baseline")

    def send() -> int:
        token = form_token(fetch(f"{base}/kmkit/survey")[1])
        return fetch(f"{base}/kmkit/survey", filled(survey, token, "1"))[0]

    assert fetch(f"{base}/kmkit/survey")[0] == 200  # the page opens the baseline wave
    status, before = fetch(f"{base}/kmkit/dashboard")
    assert status == 200 and "answers of 34 people so far" in shown_text(before)
    assert send() == 200
    status, after_one = fetch(f"{base}/kmkit/dashboard")
    assert status == 200 and shown_text(after_one) == shown_text(before)
    assert same_page(after_one) == same_page(before)  # the charts' figures too
    for _ in range(4):
        assert send() == 200
    status, after_five = fetch(f"{base}/kmkit/dashboard")
    assert status == 200 and "answers of 39 people so far" in shown_text(after_five)
    assert shown_text(after_five) != shown_text(before)


def test_a_store_that_cannot_record_a_form_gets_a_page_that_tries_again(
    page_server, precision_site, monkeypatch
):
    def locked(self) -> str:
        raise OSError("database is locked")

    monkeypatch.setattr(SurveySite, "issue", locked)
    base = page_server(precision_site)
    status, page = fetch(f"{base}/")
    assert status == 503 and "try again by itself" in page and 'type="radio"' not in page
    status, page = fetch(f"{base}/", filled(precision_site, ""))
    assert status == 503 and "could not be saved just now" in page
