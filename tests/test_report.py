"""The HTML report: self-contained, code hidden, states what it was made from."""

import datetime as dt
import re

import nbformat
import pytest
from helpers import engaged, fast_report, outside_cluster_helpers

from kmkit import __version__
from kmkit.core.provenance import fingerprint
from kmkit.core.workspace import open_client
from kmkit.inputs.workshop import NOTES, prepare, workshop_dir

pytestmark = pytest.mark.slow

# Anything a browser would fetch: src/href/url()/@import pointing at a host.
EXTERNAL = re.compile(
    r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//)|(?:@import\s+(?:url\()?\s*["']?\s*(?:https?:)?//)""",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def report(session_clients):
    client = open_client("demo-precision", session_clients)
    prepare(client)
    path = workshop_dir(client) / "01_awareness.ipynb"
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(
        nbformat.v4.new_markdown_cell("A private aside", metadata={"tags": [NOTES]})
    )
    nbformat.write(notebook, path)
    return client, fast_report(client).read_text(encoding="utf-8")


def test_workshop_notes_stay_out_unless_asked(report):
    _, html = report
    assert "A private aside" not in html and "Workshop notes" not in html


def test_report_fetches_nothing_from_any_host(report):
    _, html = report
    assert not EXTERNAL.findall(html)
    assert "<script src" not in html


def test_the_external_check_would_catch_cdn_links():
    for bad in (
        '<script src="https://cdn.jsdelivr.net/x.js">',
        "<link href='//unpkg.com/a.css'>",
        "@import url(https://fonts.googleapis.com/css)",
        "background: url(http://x/y.png)",
    ):
        assert EXTERNAL.search(bad)


def test_report_hides_code_and_app_only_widgets_and_shows_charts(report):
    _, html = report
    assert "import kmkit" not in html and "open_client(" not in html
    assert "Explore" not in html and "widget-view" not in html and "VBox" not in html
    assert "data:image/svg+xml" in html or "<svg" in html


def test_report_states_client_date_versions_and_fingerprint(report):
    client, html = report
    assert "Kestrel Precision Engineering Ltd" in html
    assert dt.date.today().isoformat() in html
    assert "maturity v1.0, orientation v1.0" in html
    assert __version__ in html
    assert fingerprint(client) in html
    assert "Harbour" not in outside_cluster_helpers(html)


def test_report_holds_every_phase_with_its_traceable_findings(report):
    from kmkit.phases.audit.compute import asset_risk
    from kmkit.phases.audit.page import audit_page

    client, html = report
    for title in (
        "Awareness",
        "Strategy: why KM",
        "Knowledge audit: what the firm knows",
        "Solutions: what to do",
        "Measurement: is it working?",
        "Review: what was done, did it work, and what next",
    ):
        assert title in html
    assert "Nothing to review yet" in html  # early in the engagement
    top = asset_risk(audit_page(engaged(client)).inventory).iloc[0]
    assert f"data/inventory.csv row {top['row']}" in html
    assert "If leaving" not in html  # the what-if control lives in the app only
    assert "Try another selection" not in html
    assert "The management team reads as" in html


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2de5f8b0000000049454e44ae426082"
)


@pytest.fixture(scope="module")
def accounting_report(tmp_path_factory):
    """The demo-accounting report, made once, under the consultant's branding."""
    import shutil

    from helpers import SHIPPED_CLIENTS

    clients_dir = tmp_path_factory.mktemp("branded") / "clients"
    shutil.copytree(SHIPPED_CLIENTS, clients_dir, ignore=shutil.ignore_patterns("reports"))
    (clients_dir / "logo.png").write_bytes(PNG)
    (clients_dir / "branding.yaml").write_text(
        "consultant: Fjord Knowledge Partners\nlogo: logo.png\ncolour: '#7b2d8e'\n"
    )
    client = open_client("demo-accounting", clients_dir)
    return client, fast_report(client).read_text()


def test_report_carries_the_consultants_branding(accounting_report):
    _, html = accounting_report
    assert "Fjord Knowledge Partners" in html and "#7b2d8e" in html
    assert 'src="data:image/png;base64,' in html and not EXTERNAL.findall(html)


def test_report_a_year_on_reviews_the_cycle(accounting_report):
    from kmkit.phases.review.gates import gate_status
    from kmkit.phases.review.page import review_page
    from kmkit.phases.review.tracking import late_or_stalled

    client, html = accounting_report
    page = review_page(engaged(client))
    for name in late_or_stalled(page.data.tracking)["name"]:
        assert name in html
    assert f"In Audit: {page.verdict()}." in html  # with its scope, in the summary
    assert f"of {len(page.effects)} measures" in page.verdict()
    assert f"Pilot {gate_status(page.checks, 'pilot')}" in html
    then, now = page.data.risk()
    assert f"fell from {then:.0f} to {now:.0f} (of 100)" in html
    first = page.next_cycle_table.iloc[0]
    assert f"<strong>{first['name']}</strong> (impact {first['impact']:.0f} of 100" in html


def test_bad_branding_names_file_and_field(tmp_path):
    from kmkit.core.errors import InputError
    from kmkit.reports.branding import read_branding

    (tmp_path / "branding.yaml").write_text("colour: purple\n")
    with pytest.raises(InputError, match=r"branding.yaml: field 'colour'"):
        read_branding(tmp_path)
    assert read_branding(tmp_path / "nowhere").consultant == ""  # neutral default
