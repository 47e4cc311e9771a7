"""Works cited by author and title: one bibliography, keys checked, each report's References."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from helpers import REPO, engaged, run_kmkit
from pydantic import ValidationError

from kmkit.core.errors import KmkitError
from kmkit.core.instruments import load_instrument
from kmkit.core.references import (
    Citation,
    bibliography,
    cite,
    cite_all,
    cited_keys,
    plain,
    reference,
    references_markdown,
)
from kmkit.reports.build import APP_ONLY, cited

INSTRUMENTS = ("maturity", "orientation", "alliance", "pulse")
DEMO = ("demo-precision", "demo-accounting")


def test_full_entries_read_as_a_reference_list_does():
    assert reference("nonaka-konno-1998").full() == (
        "Ikujiro Nonaka and Noboru Konno (1998). The concept of 'ba': building a foundation "
        "for knowledge creation. California Management Review, 40(3), 40-54."
    )
    assert reference("siemens-ksp-2002").full() == (
        "Josef Hofer-Alfeis and Rob van der Spek (2002). The Knowledge Strategy Process: an "
        "instrument for business owners. In T. H. Davenport and G. J. B. Probst (eds), Knowledge "
        "Management Case Book. John Wiley & Sons."
    )
    assert (
        reference("snowden-2002")
        .full()
        .endswith(
            "Self-Awareness. In Proceedings of the European Conference on Knowledge Management "
            "(ECKM 2002), Dublin, September 2002."
        )
    )
    assert reference("von-krogh-ichijo-nonaka-2000").full() == (
        "Georg von Krogh, Kazuo Ichijo and Ikujiro Nonaka (2000). Enabling Knowledge Creation. "
        "Oxford University Press."
    )
    # no author named and no year known: the title leads, nothing is made up
    assert reference("sme-partnership-knowledge-transfer").full() == (
        "Knowledge transfer in SME partnerships. Growth Shuttle."
    )
    assert reference("handzic-sme-guidelines").short == "Handzic"


# Works whose source gives no year or no publisher: left incomplete rather than guessed.
INCOMPLETE = {
    "handzic-sme-guidelines": "the article names neither its year nor the periodical it is in",
    "sme-partnership-knowledge-transfer": "the online article gives no date",
    "five-steps-enterprise-km": "the text names no author, date or publisher",
}


def test_every_published_work_has_its_year_and_where_it_appeared():
    published = ("book", "chapter", "article", "paper", "report", "standard")
    incomplete = {
        key
        for key, entry in bibliography().items()
        if entry.kind in published
        and not (entry.year and (entry.publisher or entry.journal or entry.book))
    }
    assert incomplete == set(INCOMPLETE), incomplete ^ set(INCOMPLETE)
    for key, entry in bibliography().items():
        if entry.kind == "chapter":  # a chapter is in an edited book
            assert entry.book and entry.editors, key
        if entry.kind == "article" and key not in INCOMPLETE:
            assert entry.journal, key


def test_a_reference_list_sets_the_book_or_journal_in_italics():
    listed = references_markdown(["nonaka-konno-1998", "siemens-ksp-2002"])
    assert "knowledge creation. *California Management Review*, 40(3), 40-54." in listed
    assert "(eds), *Knowledge Management Case Book*. John Wiley & Sons." in listed


def test_a_citation_is_a_short_link_to_its_entry_and_can_be_found_again():
    text = (
        f"Ba after {cite('nonaka-konno-1998', 'four types of ba')}; goals first, after "
        f"{cite('siemens-ksp-2002')}; again {cite('nonaka-konno-1998')}."
    )
    assert text.startswith('Ba after [Nonaka and Konno](#ref-nonaka-konno-1998 "Ikujiro')
    assert "(four types of ba)" in text
    # the Siemens entry's venue holds parentheses: the link must still be read whole
    assert cited_keys(text) == ["nonaka-konno-1998", "siemens-ksp-2002"]
    assert plain(text) == (
        "Ba after Nonaka and Konno (four types of ba); goals first, after "
        "Hofer-Alfeis and van der Spek; again Nonaka and Konno."
    )


def test_a_reference_list_has_each_work_once_in_order_of_its_short_name():
    listed = references_markdown(["sveiby-1997", "handzic-sme-guidelines", "sveiby-1997"])
    lines = listed.splitlines()
    assert len(lines) == 2
    assert lines[0] == (
        '- <a id="ref-handzic-sme-guidelines"></a>**Handzic**: Meliha Handzic. '
        "*Knowledge management in SMEs: practical guidelines*."
    )
    assert lines[1].startswith('- <a id="ref-sveiby-1997"></a>**Sveiby**: Karl-Erik Sveiby (1997).')


def test_an_unknown_key_is_refused_naming_the_known_ones():
    with pytest.raises(ValidationError, match=r"'drucker-1993' is not a key.*handzic-sme"):
        Citation(ref="drucker-1993")
    with pytest.raises(KmkitError, match="'drucker-1993' is not in kmkit's bibliography"):
        cite("drucker-1993")
    assert Citation.model_validate("sveiby-1997").ref == "sveiby-1997"  # a key alone will do


def test_everything_kmkit_attributes_cites_a_work_in_the_bibliography():
    from kmkit.phases.partnerships.checklists import (
        alliance_figures,
        continuity_checklist,
        ip_checklist,
        ktp_facts,
    )
    from kmkit.phases.solutions.catalogue import load_catalogue

    # loading validates every key; here: nothing that attributes is left without a citation
    for name in INSTRUMENTS:
        assert all(c.cites for c in load_instrument(name).categories), name
    assert all(iv.cites for iv in load_catalogue().interventions)
    figures = [*ip_checklist().figures, *alliance_figures(), *ktp_facts().quoted]
    assert all(f.cites for f in figures)
    assert ip_checklist().cites and continuity_checklist().cites and ktp_facts().cites


def test_every_key_written_in_code_or_notebooks_is_in_the_bibliography():
    known = set(bibliography())
    in_code = {
        key
        for path in (REPO / "kmkit").rglob("*.py")
        for key in re.findall(r"\bcite\(\s*['\"]([^'\"]+)['\"]", path.read_text(encoding="utf-8"))
    }
    in_notebooks = {
        key
        for path in (REPO / "notebooks").glob("*.ipynb")
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
        if cell["cell_type"] == "markdown"
        for key in cited_keys("".join(cell["source"]))
    }
    assert in_code and in_notebooks  # the scan finds what is there
    assert in_code <= known, in_code - known
    assert in_notebooks <= known, in_notebooks - known


def test_a_report_cites_what_its_reader_sees_and_not_what_the_apps_alone_show():
    shown = nbformat.v4.new_markdown_cell(f"Intro after {cite('sveiby-1997')}.")
    table = f"Table after {cite_all([Citation(ref='snowden-2002')])}"
    output = nbformat.v4.new_output("display_data", data={"text/markdown": table})
    computed = nbformat.v4.new_code_cell(outputs=[output])
    app = nbformat.v4.new_markdown_cell(
        f"Widget after {cite('liebowitz-2003')}", metadata={"tags": [APP_ONLY]}
    )
    nb = nbformat.v4.new_notebook(cells=[shown, app, computed])
    assert cited([nb]) == ["sveiby-1997", "snowden-2002"]


def test_the_catalogue_command_names_the_works_behind_each_intervention():
    result = run_kmkit("catalogue")
    assert result.returncode == 0, result.stderr
    assert "Standard operating procedures (after Handzic)" in result.stdout
    assert "Communities of practice (after Snowden; Handzic; APO)" in result.stdout


# --- What the demo clients' consultant hands over (built once, by `kmkit demo`) ---------------


def visible_text(html: str) -> str:
    """What a reader sees of a page: its text, and the titles and captions shown on hover."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style"]):
        hidden.decompose()
    hover = [t[a] for a in ("title", "alt", "aria-label") for t in soup.find_all(attrs={a: True})]
    return soup.get_text(" ") + " " + " ".join(hover)


def notebook_text(path: Path) -> str:
    """Every text an executed notebook shows: Markdown cells and each output's text forms."""
    nb = nbformat.read(path, as_version=4)
    texts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            texts.append(cell.source)
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            texts += [data.get(m, "") for m in ("text/markdown", "text/plain")]
            texts += [visible_text(data.get(m, "")) for m in ("text/html", "image/svg+xml")]
            texts.append(out.get("text", ""))
    return "\n".join(texts)


@pytest.mark.slow
def test_no_output_of_the_demo_clients_mentions_a_seed(demo_outputs):
    from kmkit.apps.survey_page import SurveySite
    from kmkit.core.workspace import open_client

    clients_dir, made = demo_outputs
    assert made.returncode == 0, made.stderr
    seen = {}
    for slug in DEMO:
        reports = clients_dir / slug / "reports"
        for path in reports.glob("*.html"):
            seen[path] = visible_text(path.read_text(encoding="utf-8"))
        for path in reports.glob("*.ipynb"):
            seen[path] = notebook_text(path)
        client = open_client(slug, clients_dir)
        for name in INSTRUMENTS:
            site = SurveySite(client, load_instrument(name, client.path), "wave")
            seen[f"{slug} survey page, {name}"] = visible_text(site.form())
    names = {p.name for p in seen if isinstance(p, Path)}
    assert {"report.html", "dashboard.html", "01_awareness.ipynb", "06_partnerships.ipynb"} <= names
    for where, text in seen.items():
        assert len(text) > 500, where  # the text was really read
        assert "seed" not in text.lower(), (where, text[text.lower().find("seed") - 80 :][:160])


def split_at_references(html: str) -> tuple[BeautifulSoup, BeautifulSoup | None]:
    """The page before its References heading, and the References section (or None)."""
    head, marker, tail = html.partition('id="References"')
    return BeautifulSoup(head, "html.parser"), (
        BeautifulSoup(marker + tail, "html.parser") if marker else None
    )


def links_and_entries(html: str) -> tuple[set[str], list[str], str]:
    """Keys cited before the References, keys listed in them, and the References' text."""
    body, refs = split_at_references(html)
    assert refs is not None, "no References section"
    linked = {a["href"][len("#ref-") :] for a in body.find_all("a", href=re.compile("^#ref-"))}
    listed = [tag["id"][len("ref-") :] for tag in refs.find_all(id=re.compile("^ref-"))]
    return linked, listed, refs.get_text(" ")


@pytest.mark.slow
@pytest.mark.parametrize("slug", DEMO)
def test_a_reports_references_list_exactly_the_works_it_cites(demo_outputs, slug):
    from kmkit.core.workspace import open_client
    from kmkit.phases.solutions.page import solutions_page

    clients_dir, _ = demo_outputs
    html = (clients_dir / slug / "reports" / "report.html").read_text(encoding="utf-8")
    linked, listed, text = links_and_entries(html)
    assert sorted(listed) == sorted(linked) and len(listed) == len(set(listed))
    # what kmkit's own data makes the report cite: the survey's works, the recommendations'
    expected = {c.ref for cat in load_instrument("maturity").categories for c in cat.cites}
    plan = solutions_page(engaged(open_client(slug, clients_dir)))
    by_id = plan.catalogue.by_id()
    expected |= {c.ref for i in plan.ranked.head(8)["id"] for c in by_id[i].cites}
    assert expected <= set(listed), expected - set(listed)
    for key in listed:  # each entry in full, by author and title
        assert reference(key).title in text
        assert all(author in text for author in reference(key).authors)
    shorts = [reference(k).short.lower() for k in listed]
    assert shorts == sorted(shorts)
    contents = BeautifulSoup(html, "html.parser").select(".kmkit-contents li")
    assert contents[-1].get_text() == "References"  # the report ends with them


@pytest.mark.slow
def test_the_dashboard_shows_short_citations_and_lists_them_in_full(demo_outputs):
    clients_dir, _ = demo_outputs
    html = (clients_dir / "demo-precision" / "reports" / "dashboard.html").read_text("utf-8")
    linked, listed, text = links_and_entries(html)
    assert linked and sorted(listed) == sorted(linked)
    assert "Hofer-Alfeis and van der Spek" in text  # the strategy part cites Siemens' process
    page = BeautifulSoup(html, "html.parser")
    titles = [a["title"] for a in page.find_all("a", href="#ref-siemens-ksp-2002")]
    assert titles == [reference("siemens-ksp-2002").full()]  # the full entry on hover
