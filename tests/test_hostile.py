"""Hostile input: payloads planted in every text field reach every output as inert text.

The corpus (tests/hostile.py) plants script tags, event handlers, javascript: links, image
fetches and formula prefixes in a copy of the demo clients: client.yaml, cluster.yaml, every
data file, a partner's files and the stored survey comments. The reports, dashboards, batch
index and decks built from it must show the payloads as the characters typed, run nothing
in a real browser and ask nothing of the network.
"""

from __future__ import annotations

import csv
import functools
import http.server
import io
import shutil
import threading
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner
from helpers import SHIPPED_CLIENTS
from hostile import MARK, PAYLOADS, REFUSED, live_markup, plant_clients
from openpyxl import load_workbook
from pptx import Presentation

from kmkit.cli import main
from kmkit.reports.batch import run_here, write_index
from kmkit.reports.jobs import Job

BROKEN = "hostile-broken"  # a client whose bad cell is quoted in the batch index
CHART_SCRIPT = ("(function draw()",)  # how kmkit's own inline chart scripts begin


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """The planted demo clients, with reports, dashboards, decks, the cluster's and the index."""
    root = tmp_path_factory.mktemp("hostile") / "clients"
    shutil.copytree(SHIPPED_CLIENTS, root, ignore=shutil.ignore_patterns("reports"))
    plant_clients(root)
    broken = root / BROKEN
    shutil.copytree(root / "demo-precision", broken)
    config = yaml.safe_load((broken / "client.yaml").read_text())
    config.pop("cluster")
    config["name"] = f"{PAYLOADS[1]}Broken Ltd"
    (broken / "client.yaml").write_text(yaml.safe_dump(config, allow_unicode=True))
    inventory = broken / "data" / "inventory.csv"
    lines = inventory.read_text().splitlines()
    cells = lines[1].split(",")
    cells[6] = f"<script>alert('{MARK}')</script>"  # criticality: quoted in the refusal
    lines[1] = ",".join(cells)
    inventory.write_text("\n".join(lines) + "\n")
    jobs = [
        Job("demo-accounting", str(root), dashboard=True, deck=True),
        Job("demo-precision", str(root), dashboard=True, deck=True),
        Job(BROKEN, str(root)),
        Job("demo-cluster", str(root), cluster=True),
    ]
    outcomes = run_here(jobs)
    assert [o.status for o in outcomes] == ["ok", "ok", "failed", "ok"], outcomes
    write_index(outcomes, root)
    return root


def html_outputs(root: Path) -> dict[str, Path]:
    """Every HTML page the corpus built, by what it is."""
    return {
        "accounting report": root / "demo-accounting" / "reports" / "report.html",
        "precision report": root / "demo-precision" / "reports" / "report.html",
        "accounting dashboard": root / "demo-accounting" / "reports" / "dashboard.html",
        "precision dashboard": root / "demo-precision" / "reports" / "dashboard.html",
        "cluster report": root / "demo-cluster" / "reports" / "report.html",
        "batch index": root / "index.html",
    }


@pytest.mark.slow
@pytest.mark.parametrize(
    "output",
    [
        "accounting report",
        "precision report",
        "accounting dashboard",
        "precision dashboard",
        "cluster report",
        "batch index",
    ],
)
def test_payloads_reach_the_page_as_text_and_nothing_live(hostile, output):
    page = html_outputs(hostile)[output].read_text(encoding="utf-8")
    assert live_markup(page, CHART_SCRIPT) == []
    shown = BeautifulSoup(page, "html.parser").get_text()
    assert MARK in shown  # the payloads did reach this output, as text
    if "report" in output and "cluster" not in output:
        for payload in PAYLOADS[:5]:  # script, handler, svg, link, image: each as typed
            assert payload in shown, payload


@pytest.mark.slow
def test_a_bad_cell_is_quoted_as_text_in_the_batch_index(hostile):
    soup = BeautifulSoup((hostile / "index.html").read_text(encoding="utf-8"), "html.parser")
    failed = soup.find("td", class_="failed").find_parent("tr")
    assert "Broken Ltd" in failed.get_text() and f"alert('{MARK}')" in failed.get_text()
    assert failed.find("script") is None and failed.find("img") is None


@pytest.mark.slow
def test_the_report_forbids_scripts_and_requests_by_its_policy(hostile):
    head = BeautifulSoup(html_outputs(hostile)["accounting report"].read_text(), "html.parser")
    policy = head.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "default-src 'none'" in policy and "script-src" not in policy


@pytest.fixture(scope="module")
def local_files(hostile):
    """The clients folder over HTTP on 127.0.0.1, as a manager's browser would open the files."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(hostile))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _visit(page, url: str) -> list[str]:
    """Open a page and hover over its chart marks (tooltips); return the dialogs scripts opened."""
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url, wait_until="load")
    page.wait_for_timeout(500)  # vega-embed redraws the charts with their tooltips
    for mark in page.query_selector_all(
        ".kmkit-chart .mark-rect path, .kmkit-chart .mark-symbol path"
    )[:40]:
        try:
            mark.hover(timeout=200)
        except Exception:  # noqa: BLE001, S112 - a mark out of view cannot be hovered
            continue
    handlers = page.evaluate(
        "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
        ".filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))"
    )
    assert handlers == [], handlers
    return dialogs


@pytest.mark.slow
def test_no_planted_script_runs_in_a_browser_and_nothing_leaves_the_machine(
    hostile, local_files, offline_page, serve
):
    for name in ("accounting report", "cluster report", "batch index"):
        path = html_outputs(hostile)[name].relative_to(hostile).as_posix()
        assert _visit(offline_page, f"{local_files}/{path}") == [], name
    base, _ = serve(hostile, "demo-accounting", "--app", "dashboard")
    assert _visit(offline_page, f"{base}/kmkit/dashboard") == []
    offline_page.wait_for_selector(".kmkit-chart svg")
    assert offline_page.attempted == []  # no image fetch to 127.0.0.2, no CDN


@pytest.mark.slow
def test_the_deck_holds_payloads_as_plain_text_and_workbook_strings(hostile):
    deck = Presentation(hostile / "demo-accounting" / "reports" / "deck.pptx")
    texts, links, workbooks = [], [], []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                for paragraph in shape.text_frame.paragraphs:
                    texts.append(paragraph.text)
                    links += [r.hyperlink.address for r in paragraph.runs if r.hyperlink.address]
            if shape.has_chart:
                workbooks.append(shape.chart.part.chart_workbook.xlsx_part.blob)
    assert any(MARK in t for t in texts) and links == []
    assert workbooks
    planted = 0
    for blob in workbooks:
        for sheet in load_workbook(io.BytesIO(blob)).worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                    planted += isinstance(cell.value, str) and MARK in cell.value
    assert planted  # the payloads are in the charts' data, as strings


def _first_text_cell(path: Path) -> tuple[int, str]:
    """The row and header of the first non-empty cell of a free-text column of a data file."""
    rows = list(csv.reader(path.open(encoding="utf-8")))
    for number, row in enumerate(rows[1:], start=2):
        for header, cell in zip(rows[0], row, strict=False):
            if cell and not cell.replace(".", "").isdigit() and header not in ("as_of", "date"):
                return number, header
    raise AssertionError(path)


DATA_FILES = [
    "inventory",
    "areas",
    "kpis",
    "selection",
    "progress",
    "partnerships",
    "flows",
    "ip",
    "continuity",
    "institutionalisation",
]


@pytest.mark.parametrize("char", REFUSED, ids=["nul", "rtl-override"])
@pytest.mark.parametrize("stem", DATA_FILES)
def test_control_characters_in_a_data_file_are_refused_where_they_are(clients_dir, stem, char):
    path = clients_dir / "demo-accounting" / "data" / f"{stem}.csv"
    number, header = _first_text_cell(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[number - 1].split(",")
    index = next(i for i, c in enumerate(cells) if c and not c.replace(".", "").isdigit())
    cells[index] = cells[index][:3] + char + cells[index][3:]
    lines[number - 1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["--clients-dir", str(clients_dir), "check", "demo-accounting"]
    )
    assert result.exit_code == 1, result.output
    assert f"{stem}.csv" in result.output and f"row {number}" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("char", REFUSED, ids=["nul", "rtl-override"])
@pytest.mark.parametrize(
    ("file", "field"),
    [
        ("demo-accounting/client.yaml", "departments.0"),
        ("demo-cluster/cluster.yaml", "name"),
        ("demo-accounting/data/review.yaml", "gates.pilot.1.indicator"),
    ],
)
def test_control_characters_in_yaml_are_refused_by_field(clients_dir, file, field, char):
    path = clients_dir / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    *parents, last = [int(p) if p.isdigit() else p for p in field.split(".")]
    holder = functools.reduce(lambda d, k: d[k], parents, data)
    holder[last] = f"Au{char}dit"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    slug = file.split("/")[0]
    result = CliRunner().invoke(main, ["--clients-dir", str(clients_dir), "check", slug])
    assert result.exit_code == 1, result.output
    assert path.name in result.output and field in result.output, result.output
    assert "Traceback" not in result.output
