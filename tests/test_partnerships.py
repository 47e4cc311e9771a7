"""Phase 06: partnerships, knowledge flows, IP protection, key-person continuity, KTP budgets."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest
from helpers import assert_refused, engaged, run_kmkit

from kmkit.core.workspace import open_client
from kmkit.phases.audit.inputs import read_inventory
from kmkit.phases.partnerships.compute import (
    continuity_readiness,
    flow_findings,
    ip_readiness,
    ip_what_if,
    ktp_budget,
    missing_ip,
    readiness_with,
)
from kmkit.phases.partnerships.inputs import (
    TABLES,
    Ktp,
    client_partnerships,
    read_continuity,
    read_flows,
    read_ip,
    read_ktp,
    read_partnerships,
)
from kmkit.phases.partnerships.page import partnerships_page

PARTNERS = (
    "id,partner,partner_client,kind,started,challenge,our_owner,their_owner\n"
    "alloys,Severn Alloys,,alliance,2024-03-01,Alloy data,Owner,Sales\n"
    "uni,University of X,,KTP,2026-10-01,Setup library,Engineer,Supervisor\n"
)
FLOW_HEAD = "partnership,knowledge,area,from_side,form,mechanism,seci,criticality,sensitive\n"
FLOWS = FLOW_HEAD + (
    "alloys,Our setups,Machining,us,tacit,documents,,5,yes\n"
    "alloys,Cutting data,Machining,partner,explicit,documents,combination,4,no\n"
    "uni,Setup know-how,Machining,us,tacit,embedded graduate,externalisation,5,yes\n"
    "uni,Tool wear signs,Machining,us,tacit,mentoring,socialisation,3,no\n"
)
IP_HEAD = "partnership,measure,status,evidence,owner\n"
IP_ROWS = IP_HEAD + (
    "alloys,agreement,in place,signed 2024,Owner\n"
    "alloys,nda,partly,,Owner\n"
    "alloys,insurance,not applicable,,Owner\n"
    "uni,Non-disclosure agreements,yes,,Engineer\n"
)
PLAN_HEAD = (
    "holder,successor,reasoning,cross_training,duties,restoration_days,partner_cover,last_drill\n"
)
INVENTORY = (
    "asset,area,kind,resides,holders,documentation,criticality,loss_likelihood\n"
    "Setups,Machining,tacit,people,Machinist A,none,5,5\n"
    "Pricing,Sales,tacit,people,Owner; Sales lead,none,4,3\n"
    "Manual,Quality,explicit,structures,Q1; Q2; Q3,full,5,2\n"
    "Filing,Office,explicit,structures,Clerk,full,2,4\n"
)


@pytest.fixture
def partnered_client(client):
    """demo-precision with hand-written partnership files."""
    data = client.path / "data"
    for name in ("flows", "ip", "continuity", "ktp"):
        for found in data.glob(f"{name}.*"):
            found.unlink()
    (data / "partnerships.csv").write_text(PARTNERS)
    (data / "flows.csv").write_text(FLOWS)
    (data / "ip.csv").write_text(IP_ROWS)
    return client


def test_ip_readiness_counts_partly_half_and_leaves_out_what_does_not_apply(partnered_client):
    data = client_partnerships(partnered_client)
    readiness = ip_readiness(data).set_index("partnership")
    assert readiness.loc["alloys", "applicable"] == 11  # 12 measures, insurance not applicable
    assert readiness.loc["alloys", "readiness"] == pytest.approx((1 + 0.5) / 11 * 100)
    assert readiness.loc["uni", "readiness"] == pytest.approx(1 / 12 * 100)  # 'yes' = in place
    assert readiness.loc["alloys", "recorded"] == 2 and readiness.loc["uni", "recorded"] == 1
    assert readiness.loc["alloys", "exposure"] == 5 and readiness.loc["uni", "exposure"] == 5


def test_missing_measures_against_leaks_come_first_where_sensitive_knowledge_goes_out(
    partnered_client,
):
    flows = partnered_client.path / "data" / "flows.csv"
    flows.write_text(FLOWS.replace("externalisation,5,yes", "externalisation,5,no"))
    ranked = missing_ip(client_partnerships(partnered_client))
    alloys = ranked.loc[ranked["partnership"] == "alloys"].set_index("measure")
    assert ranked.iloc[0]["partnership"] == "alloys"  # the only one sending sensitive knowledge
    assert ranked.iloc[0]["measure"] in {"need_to_know", "security_basics", "isms"}  # leaks
    assert "agreement" not in alloys.index  # in place
    assert alloys.loc["nda", "priority"] == pytest.approx(
        alloys.loc["need_to_know", "priority"] / 2
    )
    assert alloys.loc["audits", "priority"] < alloys.loc["need_to_know", "priority"]  # not a leak


def test_tacit_knowledge_sent_as_files_and_one_way_partnerships_are_found(partnered_client):
    found = {
        (f.partnership, f.kind): f for f in flow_findings(client_partnerships(partnered_client))
    }
    written = found["alloys", "written-only tacit"]
    assert written.rows == (2,) and written.knowledge == ("Our setups",)
    assert ("uni", "one way from us") in found  # both flows go from the firm
    assert ("alloys", "one way from us") not in found  # cutting data comes back


def test_continuity_readiness_of_key_people_by_hand(tmp_path):
    inventory = tmp_path / "inventory.csv"
    inventory.write_text(INVENTORY)
    plans = tmp_path / "continuity.csv"
    plans.write_text(
        PLAN_HEAD + "Machinist A,Setter B,yes,partly,no,30,Owner calls Severn,2026-05-01\n"
    )
    holder = SimpleNamespace(continuity=read_continuity(plans))  # the plans are all it reads
    table = continuity_readiness(holder, read_inventory(inventory), pd.Timestamp("2026-11-01"))
    table = table.set_index("holder")
    assert list(table.index) == ["Machinist A", "Owner", "Sales lead"]  # Q1-Q3: three holders
    a = table.loc["Machinist A"]
    assert a["readiness"] == pytest.approx((1 + 1 + 0.5 + 0 + 1 + 1 + 1) / 7 * 100)
    assert a["missing"] == ("Cross-training done", "Informal duties listed")
    assert table.loc["Owner", "readiness"] == 0 and not table.loc["Owner", "planned"]
    later = continuity_readiness(holder, read_inventory(inventory), pd.Timestamp("2027-12-01"))
    assert later.set_index("holder").loc["Machinist A", "has_drill"] == 0  # drill too old
    assert readiness_with(table.reset_index(), "Owner", {"successor", "duties"}) == pytest.approx(
        2 / 7 * 100
    )


def test_ticking_ip_measures_raises_readiness(partnered_client):
    from kmkit.phases.partnerships.compute import ip_status

    status = ip_status(client_partnerships(partnered_client))
    now = ip_what_if(status, "alloys", set())
    assert ip_what_if(status, "alloys", {"nda", "isms"}) == pytest.approx(now + 1.5 / 11 * 100)


def test_ktp_budget_from_the_consultants_figures():
    ktp = Ktp(
        partnership="uni", academic_partner="Uni", months=30, graduate_cost=40_000,
        supervision_cost=15_000, other_cost=5_000, grant_share=0.6, currency="GBP",
    )  # fmt: skip
    budget = ktp_budget(ktp)
    assert budget.yearly_cost == 60_000
    assert budget.yearly_share == pytest.approx(24_000)
    assert budget.total_share == pytest.approx(60_000)


def test_one_partnership_only(partnered_client):
    page = partnerships_page(engaged(partnered_client), "uni")
    assert list(page.data.partnerships["id"]) == ["uni"]
    assert set(page.data.flows["partnership"]) == {"uni"}
    with pytest.raises(Exception, match="No partnership 'nope'. Partnerships: alloys, uni"):
        partnerships_page(engaged(partnered_client), "nope")


def test_without_partnerships_the_page_says_how_to_start(clients_dir):
    client = open_client("demo-accounting", clients_dir)
    for found in (client.path / "data").glob("partnerships.*"):
        found.unlink()
    page = partnerships_page(engaged(client))
    assert "kmkit form partnerships" in page.overview().data
    assert page.flows().data == "" and page.continuity is not None  # key people still known


BAD = {
    "partnerships: no id column": (
        read_partnerships, "partner,kind\nX,supplier\n", "missing column", 1, None),
    "partnerships: unknown kind": (
        read_partnerships, PARTNERS.replace("alliance", "friendship"), "'friendship'", 2, "kind"),
    "partnerships: repeated id": (
        read_partnerships, PARTNERS.replace("uni,", "alloys,", 1), "repeats the id", 3, "id"),
    "partnerships: bad date": (
        read_partnerships, PARTNERS.replace("2024-03-01", "March 2024"), "not a date", 2,
        "started"),
    "partnerships: no partner": (
        read_partnerships, PARTNERS.replace("Severn Alloys", ""), "is empty", 2, "partner"),
    "flows: unknown partnership": (
        read_flows, FLOWS.replace("uni,Tool", "univ,Tool"), "'univ' is not a partnership", 5,
        "partnership"),
    "flows: sideways": (
        read_flows, FLOWS.replace(",us,tacit,documents", ",both,tacit,documents"), "'both'", 2,
        "from_side"),
    "flows: unknown mechanism": (
        read_flows, FLOWS.replace("mentoring", "carrier pigeon"), "'carrier pigeon'", 5,
        "mechanism"),
    "flows: criticality 9": (
        read_flows, FLOWS.replace(",5,yes", ",9,yes", 1), "'9' is not", 2, "criticality"),
    "flows: not a SECI mode": (
        read_flows, FLOWS.replace("combination", "osmosis"), "'osmosis'", 3, "seci"),
    "flows: sensitive maybe": (
        read_flows, FLOWS.replace(",no\n", ",maybe\n", 1), "'maybe'", 3, "sensitive"),
    "flows: knowledge missing": (
        read_flows, FLOWS.replace("Cutting data", ""), "is empty", 3, "knowledge"),
    "ip: unknown measure": (
        read_ip, IP_ROWS.replace("alloys,agreement", "alloys,handshake"),
        "'handshake' is not an IP", 2, "measure"),
    "ip: status unclear": (
        read_ip, IP_ROWS.replace("partly", "sort of"), "'sort of'", 3, "status"),
    "ip: measure twice": (
        read_ip, IP_ROWS + "alloys,agreement,missing,,Owner\n", "already given in row 2", 6,
        "measure"),
    "ip: unknown partnership": (
        read_ip, IP_ROWS.replace("uni,Non", "other,Non"), "'other' is not a partnership", 5,
        "partnership"),
    "continuity: holder twice": (
        read_continuity, PLAN_HEAD + "A,B,yes,yes,yes,5,,\nA,C,no,no,no,5,,\n", "repeats", 3,
        "holder"),
    "continuity: restoration in words": (
        read_continuity, PLAN_HEAD + "A,B,yes,yes,yes,a month,,\n", "'a month' is not", 2,
        "restoration_days"),
    "continuity: drill date": (
        read_continuity, PLAN_HEAD + "A,B,yes,yes,yes,5,,last spring\n", "not a date", 2,
        "last_drill"),
    "continuity: cross-training perhaps": (
        read_continuity, PLAN_HEAD + "A,B,yes,perhaps,yes,5,,\n", "'perhaps'", 2,
        "cross_training"),
}  # fmt: skip
IDS = {"alloys", "uni"}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_partnership_file_is_refused_with_file_row_and_column(tmp_path, kind):
    read, text, words, row, column = BAD[kind]
    path = tmp_path / f"{kind.split(':')[0]}.csv"
    path.write_text(text)
    reader = read if read in (read_partnerships, read_continuity) else (lambda p: read(p, IDS))
    assert_refused(reader, path, words, row, column)


KTP = """ktps:
  - partnership: uni
    academic_partner: University of X
    months: 24
    graduate_cost: 40000
    supervision_cost: 15000
    grant_share: 0.67
"""
BAD_KTP = {
    "months 48": (KTP.replace("months: 24", "months: 48"), "ktps.0.months"),
    "grant share over one": (KTP.replace("0.67", "1.5"), "ktps.0.grant_share"),
    "unknown partnership": (KTP.replace("partnership: uni", "partnership: mars"), "partnership"),
    "no academic partner": (KTP.replace("    academic_partner: University of X\n", ""),
                            "ktps.0.academic_partner"),
    "not yaml": ("ktps: [unclosed", None),
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(BAD_KTP))
def test_bad_ktp_budget_is_refused_naming_the_field(tmp_path, kind):
    text, field = BAD_KTP[kind]
    path = tmp_path / "ktp.yaml"
    path.write_text(text)
    message = assert_refused(lambda p: read_ktp(p, IDS), path, "")
    if field:
        assert field in message


def test_kmkit_check_refuses_a_bad_flow_register_and_stores_nothing(partnered_client):
    flows = partnered_client.path / "data" / "flows.csv"
    flows.write_text(FLOWS.replace("mentoring", "carrier pigeon"))
    before = flows.read_bytes()
    result = run_kmkit("check", partnered_client.slug, clients=partnered_client.path.parent)
    assert result.returncode != 0
    said = result.stdout + result.stderr
    assert "flows.csv" in said and "carrier pigeon" in said and "row 5" in said
    assert flows.read_bytes() == before


FILLED = {
    "partnerships": (read_partnerships, PARTNERS.splitlines()[1]),
    "flows": (lambda p: read_flows(p, IDS), FLOWS.splitlines()[1]),
    "continuity": (read_continuity, "Machinist A,Setter B,yes,partly,no,30,Owner calls,2026-05-01"),
}


@pytest.mark.parametrize("kind", sorted(FILLED))
def test_a_blank_form_filled_in_reads_back(tmp_path, partnered_client, kind):
    from openpyxl import load_workbook

    read, row = FILLED[kind]
    out = tmp_path / f"{kind}.xlsx"
    where = partnered_client.path.parent
    made = run_kmkit(
        "form", kind, "--client", partnered_client.slug, "--out", str(out), clients=where
    )
    assert made.returncode == 0, made.stdout + made.stderr
    book = load_workbook(out)
    header = [c.value for c in book.active[1]]
    assert tuple(header) == TABLES[kind].names()
    book.active.append(row.split(","))
    book.save(out)
    table = read(out)
    assert len(table) == 1 and table.iloc[0]["row"] == 2


def test_ip_form_lists_every_measure_for_every_partnership(tmp_path, partnered_client):
    from kmkit.phases.partnerships.inputs import write_ip_form

    out = write_ip_form(tmp_path / "ip.csv", engaged(partnered_client))
    rows = out.read_text(encoding="utf-8-sig").splitlines()[1:]
    assert len(rows) == 2 * 12 and rows[0].startswith("alloys,agreement")


def test_partnership_gaps_become_needs_with_their_because_in_phase_04(partnered_client):

    made = engaged(partnered_client).plan
    needs = {n.key: n for n in made.inputs.needs() if n.source == "partnerships"}
    assert set(needs) == {"ip", "continuity", "tacit_by_documents", "one_way", "alliance"}
    assert "alliance with Severn Alloys: 'Processes and tools'" in needs["alliance"].because
    assert "data/ip.csv" in needs["ip"].because and "University of X, 8%" in needs["ip"].because
    assert "data/flows.csv row 2" in needs["tacit_by_documents"].because  # traced for the report
    assert "flows.csv" not in needs["tacit_by_documents"].because.plain  # plain for a manager
    ranked = made.ranked.set_index("id")
    assert needs["ip"].because in ranked.loc["ip_protection", "because"]
    assert needs["continuity"].because in ranked.loc["handover_protocol", "because"]
    assert needs["one_way"].because in ranked.loc["partner_exchange", "because"]
    assert needs["alliance"].because in ranked.loc["partner_exchange", "because"]
    for plan_file in partnered_client.path.glob("data/partnerships.*"):
        plan_file.unlink()
    again = engaged(partnered_client).plan.ranked.set_index("id")
    assert not any("IP protection" in b for b in again.loc["ip_protection", "because"])
    assert again.loc["ip_protection", "impact"] < ranked.loc["ip_protection", "impact"]


def alliance_rows(side_scores: dict[str, tuple[str, int, int]]) -> str:
    """An alliance answers file: per organisation, (department, people, score on every item)."""
    from kmkit.core.instruments import load_instrument

    items = [i.id for i in load_instrument("alliance").items]
    lines = [",".join(["respondent", "organisation", "department", *items])]
    number = 0
    for organisation, (department, people, score) in side_scores.items():
        for person in range(people):
            number += 1
            value = score + (person % 2)  # a little spread inside each side
            lines.append(
                ",".join([str(number), organisation, department, *[str(value)] * len(items)])
            )
    return "\n".join(lines) + "\n"


def test_both_sides_of_a_partnership_import_with_their_side(partnered_client, tmp_path):
    from kmkit.core.store import Store

    path = tmp_path / "alliance.csv"
    path.write_text(alliance_rows({"us": ("Machining", 5, 3), "Severn Alloys": ("", 5, 1)}))
    made = run_kmkit(
        "import", partnered_client.slug, str(path), "--instrument", "alliance",
        "--partnership", "alloys", "--wave", "2026-11", clients=partnered_client.path.parent,
    )  # fmt: skip
    assert made.returncode == 0, made.stdout + made.stderr
    assert "10 imported" in made.stdout
    with Store(partnered_client.store_path) as store:
        answers = store.answers("alliance", "2026-11").drop_duplicates("response_id")
    assert answers["side"].value_counts().to_dict() == {"us": 5, "partner": 5}
    assert set(answers["partnership"]) == {"alloys"}
    assert answers.loc[answers["side"] == "partner", "department"].isna().all()
    page = partnerships_page(engaged(partnered_client))
    view = page.alliance_views[0]
    assert view.respondents == {"us": 5, "partner": 5} and set(view.sides) == {"us", "partner"}
    assert view.gaps["real"].all() and (view.gaps["gap"] >= 1).all()  # 3-4 against 1-2
    assert "rates it higher" in page.alliance().data


@pytest.mark.parametrize(
    ("args", "rows", "words"),
    [
        (["--instrument", "alliance"], {"us": ("Machining", 5, 3)}, "needs --partnership"),
        (["--instrument", "maturity", "--partnership", "alloys"], None, "'maturity' takes no"),
        (["--instrument", "alliance", "--partnership", "mars"], {"us": ("Machining", 1, 3)},
         "No partnership 'mars'"),
        (["--instrument", "alliance", "--partnership", "alloys"], {"Acme": ("", 1, 3)},
         "'Acme' is neither"),
    ],
)  # fmt: skip
def test_partnership_survey_imports_that_cannot_be_right_are_refused(
    partnered_client, tmp_path, args, rows, words
):
    from kmkit.core.store import Store

    path = tmp_path / "answers.csv"
    path.write_text(alliance_rows(rows) if rows else "respondent,department,x\n1,Machining,3\n")
    made = run_kmkit(
        "import", partnered_client.slug, str(path), *args, clients=partnered_client.path.parent
    )
    assert made.returncode != 0
    assert words in made.stdout + made.stderr
    with Store(partnered_client.store_path) as store:
        assert "baseline" not in store.waves("alliance")  # the demo's own wave only


def test_a_side_under_the_threshold_is_never_shown_apart(partnered_client, tmp_path):
    path = tmp_path / "alliance.csv"
    path.write_text(alliance_rows({"us": ("Machining", 6, 3), "partner": ("", 2, 1)}))
    run_kmkit(
        "import", partnered_client.slug, str(path), "--instrument", "alliance",
        "--partnership", "alloys", clients=partnered_client.path.parent,
    )  # fmt: skip
    page = partnerships_page(engaged(partnered_client))
    view = page.alliance_views[0]
    assert view.overall is not None and view.sides == {} and view.gaps.empty
    said = page.alliance().data
    assert "not shown" in said and "for the firm" not in said
    svg = page.alliance_chart()._repr_mimebundle_()["image/svg+xml"]
    assert "Our firm" not in svg and "Both sides" in svg


def test_a_partnership_survey_under_the_threshold_shows_nothing(partnered_client, tmp_path):
    path = tmp_path / "alliance.csv"
    path.write_text(alliance_rows({"us": ("Machining", 2, 3), "partner": ("", 2, 1)}))
    run_kmkit(
        "import", partnered_client.slug, str(path), "--instrument", "alliance",
        "--partnership", "alloys", clients=partnered_client.path.parent,
    )  # fmt: skip
    page = partnerships_page(engaged(partnered_client))
    assert page.alliance_views[0].overall is None
    assert "nothing is shown" in page.alliance().data
    assert page.alliance_chart().data == ""


def test_the_alliance_form_offers_both_organisations(partnered_client, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "alliance.xlsx"
    made = run_kmkit(
        "form", "alliance", "--client", partnered_client.slug, "--partnership", "alloys",
        "--out", str(out), clients=partnered_client.path.parent,
    )  # fmt: skip
    assert made.returncode == 0, made.stdout + made.stderr
    book = load_workbook(out)
    assert [c.value for c in book["Answers"][1]][:4] == [
        "respondent",
        "organisation",
        "department",
        "role",
    ]
    offered = [c.value for c in book["Lists"]["B"] if c.value][1:]
    assert offered == [partnered_client.name, "Severn Alloys"]


def test_pulse_trend_leaves_out_small_pulses_and_small_sides(partnered_client, tmp_path):
    from kmkit.core.instruments import load_instrument
    from kmkit.phases.partnerships.surveys import pulse_trend

    items = [i.id for i in load_instrument("pulse").items]

    def rows(wave: str, us: int, partner: int, when: str) -> list[dict]:
        out = []
        for n in range(us + partner):
            side = "us" if n < us else "partner"
            value = 4.0 if side == "us" else 2.0
            for item in items:
                out.append({"response_id": f"{wave}{n}", "respondent": f"{wave}{n}",
                            "wave": wave, "department": None, "role": None,
                            "submitted_at": when, "item_id": item, "now": value,
                            "target": None, "dont_know": False, "partnership": "alloys",
                            "side": side})  # fmt: skip
        return out

    answers = pd.DataFrame(
        rows("p1", 5, 5, "2026-01-10T09:00") + rows("p2", 6, 2, "2026-04-10T09:00")
        + rows("p3", 2, 2, "2026-07-10T09:00")
    )  # fmt: skip
    trend = pulse_trend(answers, load_instrument("pulse"), threshold=5)
    assert list(zip(trend["wave"], trend["who"], strict=True)) == [
        ("p1", "both"),
        ("p1", "us"),
        ("p1", "partner"),
        ("p2", "both"),
    ]  # p2: two on the partner's side; p3: four in all
    p1 = trend.set_index(["wave", "who"])
    assert p1.loc[("p1", "us"), "mean"] > 3.5 > 2.5 > p1.loc[("p1", "partner"), "mean"]
    assert p1.loc[("p2", "both"), "n"] == 8


def test_a_partner_named_by_client_folder_must_be_a_client(partnered_client):
    from kmkit.phases.partnerships.inputs import check_partnerships

    path = partnered_client.path / "data" / "partnerships.csv"
    path.write_text(PARTNERS.replace("Severn Alloys,,", "Severn Alloys,demo-accounting,"))
    assert len(check_partnerships(path, partnered_client)) == 2
    path.write_text(PARTNERS.replace("Severn Alloys,,", "Severn Alloys,severn-alloys,"))
    assert_refused(lambda p: check_partnerships(p, partnered_client), path,
                   "'severn-alloys' is not", 2, "partner_client")  # fmt: skip


def test_the_welch_interval_is_scipys():
    from scipy import stats

    from kmkit.phases.partnerships.surveys import welch_interval

    a, b = pd.Series([3, 4, 3.5, 4.2, 3.9]), pd.Series([2, 2.5, 3, 1.8, 2.2, 2.9])
    expected = stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95)
    assert welch_interval(a, b) == pytest.approx((expected.low, expected.high))


def pulse_file(path, people: dict[str, int], words: str) -> None:
    """A pulse answers file with an open answer from every respondent."""
    from kmkit.core.instruments import load_instrument

    pulse = load_instrument("pulse")
    items = [i.id for i in pulse.items]
    head = [
        "respondent",
        "organisation",
        "department",
        *items,
        "change: " + pulse.free_text[0].text,
    ]
    lines, n = [",".join(head)], 0
    for organisation, count in people.items():
        for _ in range(count):
            n += 1
            dept = "Machining" if organisation == "us" else ""
            lines.append(
                ",".join([str(n), organisation, dept, *["4"] * len(items), f"{words} {n}"])
            )
    path.write_text("\n".join(lines) + "\n")


def test_open_answers_are_shown_only_for_a_side_at_the_threshold(partnered_client, tmp_path):
    path = tmp_path / "pulse.csv"
    pulse_file(path, {"us": 5, "partner": 3}, "Call us sooner")
    made = run_kmkit(
        "import", partnered_client.slug, str(path), "--instrument", "pulse",
        "--partnership", "alloys", "--wave", "2026-12", clients=partnered_client.path.parent,
    )  # fmt: skip
    assert made.returncode == 0, made.stdout + made.stderr
    said = partnerships_page(engaged(partnered_client)).pulse_text().data
    assert "“Call us sooner 1”" in said and "“Call us sooner 5”" in said  # the firm's five
    assert "Call us sooner 6" not in said and "Call us sooner 8" not in said  # the partner's three
    assert "Severn Alloys's people" not in said


def test_a_blank_pulse_form_asks_the_open_question_without_a_dropdown(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "pulse.xlsx"
    assert run_kmkit("form", "pulse", "--out", str(out)).returncode == 0
    sheet = load_workbook(out)["Answers"]
    header = [c.value for c in sheet[1]]
    assert header[1] == "organisation" and header[-1].startswith("change: What should change")
    last = sheet.cell(row=1, column=len(header)).column_letter
    ranges = " ".join(str(v.sqref) for v in sheet.data_validations.dataValidation)
    assert f"{last}2" not in ranges
