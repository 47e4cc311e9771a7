"""Adding a phase is one folder, one notebook and one registry entry.

A toy phase is written to a temporary folder, its notebook beside copies of kmkit's, and its
entry added to the registry; the report, the dashboard, the deck, `kmkit check` and
`kmkit form` then find it with no other change.
"""

from __future__ import annotations

import shutil
import textwrap

import nbformat
import pytest
from click.testing import CliRunner
from helpers import REPO, engaged, fast_report

import kmkit.phases
from kmkit.apps.check import check_client
from kmkit.apps.dashboard import dashboard
from kmkit.cli import main
from kmkit.core import paths
from kmkit.core.workspace import open_client
from kmkit.phases import DataFile, Phase
from kmkit.reports.deck.build import deck_slides

TOY_PAGE = '''
"""A toy phase: how many toys the firm counted."""

from dataclasses import dataclass
from pathlib import Path

import yaml

from kmkit.core.errors import InputError, NoDataError
from kmkit.present.markup import Markdown
from kmkit.present.slides import Slide


@dataclass
class ToyPage:
    count: int

    def status(self) -> str:
        return f"{self.count} toys counted"

    def reads(self) -> Markdown:
        return Markdown("*Read from the toy box.*")

    def brief(self) -> list:
        return [Markdown(f"The firm counted {self.count} toys.")]

    def key_figures(self) -> dict:
        return {"toys": self.count}

    def headline(self) -> Markdown:
        return Markdown(f"There are {self.count} toys in the box.")


def check_toys(path: Path, client: object) -> int:
    count = (yaml.safe_load(path.read_text()) or {}).get("count")
    if not isinstance(count, int):
        raise InputError(path, "count must be a whole number", column="count")
    return count


def toy_page(e) -> ToyPage:
    path = e.client.data_dir / "toys.yaml"
    if not path.is_file():
        raise NoDataError("No toys counted yet.")
    return ToyPage(check_toys(path, e.client))


def toy_slides(page: ToyPage) -> list:
    return [Slide("Toys", f"The firm counted {page.count} toys.", ("Counted by hand.",))]


def write_toys_form(out: Path, e=None) -> Path:
    out.write_text("count: 0\\n")
    return out
'''

TOY = Phase(
    "toy",
    "08_toy",
    "Toy phase",
    "kmkit_toy.page:toy_page",
    heading="Toys in the box",
    slides="kmkit_toy.page:toy_slides",
    data_files=(
        DataFile(
            "toys",
            (".yaml",),
            "kmkit_toy.page:ToyPage",
            "kmkit_toy.page:check_toys",
            "No toys counted yet.",
            form="kmkit_toy.page:write_toys_form",
        ),
    ),
    started_by="toys",
    todo="Count the toys.",
)


def toy_notebook() -> nbformat.NotebookNode:
    """The toy phase's notebook: a heading, the parameters, the engagement's page."""
    params = nbformat.v4.new_code_cell(
        'client: str = ""\nclients_dir: str = ""\nas_of: str = ""',
        metadata={"tags": ["parameters"]},
    )
    return nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# Toys: how many are there?"),
            params,
            nbformat.v4.new_code_cell(
                "import kmkit\n\nkmkit.setup()\n"
                "e = kmkit.open_engagement(client, clients_dir, as_of)\n"
                'page = e.page("toy")\npage.reads()'
            ),
            nbformat.v4.new_code_cell("page.headline()"),
        ],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )


@pytest.fixture
def toy(tmp_path, clients_dir, monkeypatch):
    """A client with 7 toys counted, and kmkit with the toy phase registered."""
    package = tmp_path / "code" / "kmkit_toy"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "page.py").write_text(textwrap.dedent(TOY_PAGE))
    monkeypatch.syspath_prepend(str(package.parent))
    notebooks = tmp_path / "notebooks"
    shutil.copytree(REPO / "notebooks", notebooks)
    nbformat.write(toy_notebook(), notebooks / "08_toy.ipynb")
    monkeypatch.setattr(paths, "notebooks_dir", lambda: notebooks)
    review = next(i for i, p in enumerate(kmkit.phases.PHASES) if p.slug == "review")
    phases = (*kmkit.phases.PHASES[:review], TOY, *kmkit.phases.PHASES[review:])
    monkeypatch.setattr(kmkit.phases, "PHASES", phases)
    client = open_client("demo-precision", clients_dir)
    (client.data_dir / "toys.yaml").write_text("count: 7\n")
    return client


def test_a_toy_phase_is_in_the_report_dashboard_deck_check_and_cli(toy, tmp_path):
    report = fast_report(toy).read_text("utf-8")
    assert "Toys: how many are there?" in report and "There are 7 toys in the box." in report
    assert "Read from the toy box." in report

    board = dashboard(engaged(toy))
    assert "The firm counted 7 toys." in board.said("toy")
    assert "| Toy phase | 7 toys counted |" in board.phases().data

    slides = deck_slides(engaged(toy))
    assert [s.headline for s in slides if s.section == "Toys"] == ["The firm counted 7 toys."]

    assert check_client(toy.slug, toy.path.parent) == []
    (toy.data_dir / "toys.yaml").write_text("count: many\n")
    problems = check_client(toy.slug, toy.path.parent)
    assert any("toys.yaml" in p and "count must be a whole number" in p for p in problems)

    out = tmp_path / "toys.yaml"
    made = CliRunner().invoke(main, ["form", "toys", "--out", str(out)])
    assert made.exit_code == 0, made.output
    assert out.read_text() == "count: 0\n"
