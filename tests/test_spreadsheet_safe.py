"""Text from a client's data is never a live formula in a workbook or CSV that kmkit writes.

Payloads are planted in a copy of demo-accounting (client.yaml and its data files); every
blank form `kmkit form` offers, `kmkit export` and the deck's chart workbooks are then read
back: no cell is a formula, each payload is there as plain text (with the OWASP apostrophe
in CSV), and what a form carries imports back exactly.
"""

import csv
import io
import shutil

import pytest
import yaml
from click.testing import CliRunner
from helpers import SHIPPED_CLIENTS, engaged
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape
from pptx import Presentation

from kmkit.cli import main
from kmkit.core.instruments import instrument_paths, load_instrument
from kmkit.core.store import Store
from kmkit.core.workspace import open_client
from kmkit.inputs.cells import csv_safe, csv_unsafe, looks_like_formula, set_text
from kmkit.inputs.forms import form_columns
from kmkit.inputs.survey_import import import_file
from kmkit.phases import form_kinds
from kmkit.reports.deck.build import build_deck

HYPERLINK = '=HYPERLINK("http://127.0.0.2/x","Audit")'
CMD = "=cmd|' /C calc'!A0"
PLUS, MINUS, AT = "+1+1", "-2+3", "@SUM(A1)"
TAB, RETURN = "\tKeep partners' advice on file", "\rWin two new audit clients"
DEPARTMENTS, ROLES, GOALS = (HYPERLINK, CMD, PLUS), (MINUS, AT), (TAB, RETURN)
PAYLOADS = (HYPERLINK, CMD, PLUS, MINUS, AT, TAB, RETURN)
SLUG = "demo-accounting"
PARTNERSHIP = {"alliance", "pulse"}  # instruments that need --partnership


def _rewrite_csv(path, change):
    """Rewrite a data file row by row; `change(row)` edits a dict in place."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        change(row)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def plant(folder):
    """Put a payload in departments, roles, goals and the data files a form or chart shows."""
    config_path = folder / "client.yaml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["departments"] += list(DEPARTMENTS)
    config["roles"] += list(ROLES)
    config["business_goals"] += [{"goal": goal} for goal in GOALS]
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    data = folder / "data"

    def inventory(row):
        if row["asset"].startswith("Audit approach"):
            row.update(asset=HYPERLINK, area=CMD, holders=CMD)

    def areas(row):
        row.update(dict.fromkeys(GOALS, "1"))

    _rewrite_csv(data / "inventory.csv", inventory)
    _rewrite_csv(data / "areas.csv", areas)
    _rewrite_csv(data / "partnerships.csv", lambda row: row.update(partner=PLUS))
    _rewrite_csv(
        data / "kpis.csv",
        lambda row: (
            row.update(indicator=AT) if row["indicator"] == "Knowledge quality: accuracy" else None
        ),
    )


@pytest.fixture(scope="module")
def clients(tmp_path_factory):
    """A private copy of the demo clients with payloads planted in demo-accounting."""
    root = tmp_path_factory.mktemp("hostile") / "clients"
    shutil.copytree(SHIPPED_CLIENTS, root, ignore=shutil.ignore_patterns("reports"))
    plant(root / SLUG)
    return root


def kmkit(clients, *args):
    """Run a kmkit command in this process, as the command line would; fail on an error."""
    result = CliRunner().invoke(main, ["--clients-dir", str(clients), *args])
    assert result.exit_code == 0, result.output
    return result


def form_commands():
    """Every kind `kmkit form` offers, with the options it needs for the planted client."""
    kinds = [*instrument_paths(None), *form_kinds()]
    return [(kind, ["--partnership", "referrals"] if kind in PARTNERSHIP else []) for kind in kinds]


def workbook_cells(book):
    """Every cell of every sheet of an openpyxl workbook opened in normal mode."""
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_text_only(cells, expected):
    """No cell is a formula, and every expected payload is there as a string cell."""
    formulas = [(c.parent.title, c.coordinate, c.value) for c in cells if c.data_type == "f"]
    assert not formulas, f"formula cells: {formulas}"
    texts = {unescape(c.value) for c in cells if c.data_type == "s" and c.value is not None}
    missing = [p for p in expected if p not in texts]
    assert not missing, f"payloads not written as text: {missing}"


def csv_cells(path):
    """Every cell of a CSV file kmkit wrote, as written."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [cell for row in csv.reader(handle) for cell in row]


def assert_csv_safe(cells, expected):
    """No cell starts like a formula, and every expected payload is there with its apostrophe."""
    live = [c for c in cells if looks_like_formula(c)]
    assert not live, f"cells a spreadsheet would run: {live}"
    missing = [p for p in expected if "'" + p not in cells]
    assert not missing, f"payloads not in the CSV with an apostrophe: {missing}"


def planted_in(kind):
    """The payloads a form of this kind must carry (the lists it offers, its rows, its columns)."""
    if kind in instrument_paths(None):
        return (*DEPARTMENTS, *ROLES, *((PLUS,) if kind in PARTNERSHIP else ()))
    return {"areas": (CMD, *GOALS)}.get(kind, ())


@pytest.mark.parametrize(("kind", "options"), form_commands())
def test_every_blank_xlsx_form_writes_data_as_text(clients, tmp_path, kind, options):
    out = tmp_path / f"{kind}.xlsx"
    kmkit(clients, "form", kind, "--client", SLUG, "--out", str(out), *options)
    assert_text_only(workbook_cells(load_workbook(out)), planted_in(kind))


@pytest.mark.parametrize(("kind", "options"), form_commands())
def test_every_blank_csv_form_prefixes_formula_like_text(clients, tmp_path, kind, options):
    out = tmp_path / f"{kind}.csv"
    kmkit(clients, "form", kind, "--client", SLUG, "--out", str(out), *options)
    # A CSV survey form is its header only; the data tables carry rows and goal columns.
    expected = () if kind in instrument_paths(None) else planted_in(kind)
    assert_csv_safe(csv_cells(out), expected)


def test_the_form_kinds_tested_are_all_kmkit_form_offers():
    kinds = {kind for kind, _ in form_commands()}
    assert kinds >= {"maturity", "orientation", "pulse", "areas", "inventory", "kpis"}
    assert kinds >= {"selection", "progress"}


def test_csv_prefix_comes_off_on_import_and_nothing_else_changes():
    for value in PAYLOADS:
        assert csv_unsafe(csv_safe(value)) == value
    for plain in ("Audit", "'quoted'", "it's", "", 3.5):
        assert csv_safe(plain) == plain
    assert csv_unsafe("'Audit") == "'Audit"  # an apostrophe kmkit did not add stays


def _stored(client, wave):
    with Store(client.store_path) as store:
        return store.answers("maturity", wave)


def test_a_filled_xlsx_form_imports_the_payloads_back_exactly(clients, tmp_path):
    out = tmp_path / "maturity.xlsx"
    kmkit(clients, "form", "maturity", "--client", SLUG, "--out", str(out))
    book = load_workbook(out)
    sheet = book.worksheets[0]
    items = load_instrument("maturity").items
    people = zip(DEPARTMENTS, [*ROLES, AT], strict=True)
    for number, (department, role) in enumerate(people, start=2):
        values = [f"hostile-{number}", department, role, *["Agree"] * len(items)]
        for column, value in enumerate(values, start=1):
            set_text(sheet.cell(row=number, column=column), value)  # as a dropdown fills it
    book.save(out)
    client = open_client(SLUG, clients)
    report = import_file(client, out, wave="hostile-xlsx")
    assert report.added == len(DEPARTMENTS)
    answers = _stored(client, "hostile-xlsx")
    assert set(answers["department"]) == set(DEPARTMENTS)
    assert set(answers["role"]) == set(ROLES)
    assert set(answers["now"]) == {4.0}


def test_a_filled_csv_form_imports_the_payloads_back_exactly(clients, tmp_path):
    out = tmp_path / "maturity.csv"
    kmkit(clients, "form", "maturity", "--client", SLUG, "--out", str(out))
    items = load_instrument("maturity").items
    with out.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        for number, department in enumerate(DEPARTMENTS):
            row = [f"csv-{number}", department, MINUS, *["2"] * len(items)]
            writer.writerow([csv_safe(value) for value in row])
    client = open_client(SLUG, clients)
    assert import_file(client, out, wave="hostile-csv").added == len(DEPARTMENTS)
    answers = _stored(client, "hostile-csv")
    assert set(answers["department"]) == set(DEPARTMENTS)
    assert set(answers["role"]) == {MINUS} and set(answers["now"]) == {2.0}


def test_kmkit_export_writes_stored_payloads_as_text(clients, tmp_path):
    client = open_client(SLUG, clients)
    header = form_columns(load_instrument("maturity"))
    rows = [[f"e-{n}", d, AT, *["3"] * (len(header) - 3)] for n, d in enumerate(DEPARTMENTS)]
    source = tmp_path / "answers.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([csv_safe(v) for v in row] for row in [header, *rows])
    import_file(client, source, wave=MINUS)
    xlsx, text = tmp_path / "export.xlsx", tmp_path / "export.csv"
    kmkit(clients, "export", SLUG, "--wave", MINUS, "--out", str(xlsx))
    kmkit(clients, "export", SLUG, "--wave", MINUS, "--out", str(text))
    expected = (*DEPARTMENTS, AT, MINUS)
    cells = workbook_cells(load_workbook(xlsx))
    assert_text_only(cells, expected)
    assert any(c.data_type == "n" and c.value == 3 for c in cells), "answers stay numbers"
    assert_csv_safe(csv_cells(text), expected)


@pytest.fixture(scope="module")
def deck(clients):
    """The planted client's steering deck, built once."""
    return Presentation(build_deck(engaged(open_client(SLUG, clients))))


def chart_workbooks(prs):
    """The workbook embedded in every chart of the deck, opened with openpyxl."""
    return [
        load_workbook(io.BytesIO(shape.chart.part.chart_workbook.xlsx_part.blob))
        for slide in prs.slides
        for shape in slide.shapes
        if shape.has_chart
    ]


def test_the_decks_chart_workbooks_hold_names_as_text(deck):
    books = chart_workbooks(deck)
    assert books, "the deck has charts"
    cells = [cell for book in books for cell in workbook_cells(book)]
    # The riskiest asset and its holder, a partner's name, a KPI: each a chart's category.
    assert_text_only(cells, (HYPERLINK, CMD, PLUS, AT))
