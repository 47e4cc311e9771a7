"""Client reports: run the phase notebooks with papermill, then export one offline HTML file."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat

from kmkit.core import paths
from kmkit.core.dates import as_of_date
from kmkit.core.errors import NotebookError
from kmkit.core.files import write_atomic
from kmkit.core.instruments import load_instrument
from kmkit.core.provenance import provenance
from kmkit.core.references import cited_keys, references_markdown
from kmkit.core.store import Store
from kmkit.core.version import __version__
from kmkit.core.workspace import Client
from kmkit.engagement import Engagement, reporting
from kmkit.inputs.workshop import workshop_notes
from kmkit.phases import client_phases, cluster_phases, instruments, report_phases
from kmkit.reports.branding import logo_data_uri, read_branding

if TYPE_CHECKING:
    from nbconvert import HTMLExporter

    from kmkit.phases.clusters.inputs import Cluster

APP_ONLY = "app-only"
CELL_TIMEOUT = 600  # seconds; papermill has no default and a hung cell would wait forever


def phase_notebooks(folder: Path | None = None, client: Client | None = None) -> list[Path]:
    """The phases' notebooks a report runs, in the registry's order; apps are not phases.

    With a client, its cluster's section is included when it is a member of one.
    """
    folder = folder or paths.notebooks_dir()
    phases = report_phases(client) if client else client_phases()
    return [folder / f"{phase.notebook}.ipynb" for phase in phases]


def check_parameters(notebook: Path, parameters: dict[str, object]) -> None:
    """Refuse parameter names the notebook does not declare: papermill only warns about them."""
    from papermill import inspect_notebook

    declared = inspect_notebook(str(notebook))
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        msg = (
            f"{notebook.name} has no parameter {', '.join(map(repr, unknown))}. "
            f"Its parameters: {', '.join(declared) or 'none'}."
        )
        raise NotebookError(msg)


def run_notebook(
    notebook: Path,
    output: Path,
    parameters: dict[str, object],
    timeout: int = CELL_TIMEOUT,
    engine: str | None = None,
) -> nbformat.NotebookNode:
    """Execute one notebook with papermill into `output`; a failing cell raises NotebookError."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    check_parameters(notebook, parameters)
    output.parent.mkdir(parents=True, exist_ok=True)
    try:
        return papermill.execute_notebook(
            str(notebook),
            str(output),
            parameters=parameters,
            kernel_name="python3",
            execution_timeout=timeout,
            progress_bar=False,
            cwd=str(notebook.parent),
            # ipykernel warns on every start that local TCP is unencrypted; keep real errors.
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
            engine_name=engine,
            # A kernel's notebook is saved after each cell, to show how far it got should the
            # kernel die; in-process it is written once, at the end (or at the failing cell).
            request_save_on_cell_execute=engine is None,
        )
    except PapermillExecutionError as exc:
        msg = f"{notebook.stem} failed for this client: {exc.ename}: {exc.evalue}"
        raise NotebookError(msg) from None
    except TimeoutError as exc:
        raise NotebookError(
            f"{notebook.stem} timed out after {timeout} s per cell: {exc}"
        ) from None


def _title(nb: nbformat.NotebookNode, fallback: str) -> str:
    """The notebook's first markdown heading, used in the table of contents."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("# "):
            return cell.source.lstrip()[2:].splitlines()[0].strip()
    return fallback


def combine(notebooks: list[nbformat.NotebookNode]) -> nbformat.NotebookNode:
    """One notebook holding every phase's cells in order, without widget state (it needs a CDN).

    Cells are renumbered: papermill gives its injected cell a random id, and a report should
    be the same file whichever machine or executor made it.
    """
    combined = nbformat.v4.new_notebook(metadata=copy.deepcopy(notebooks[0].metadata))
    combined.metadata.pop("widgets", None)
    for nb in notebooks:
        combined.cells.extend(copy.deepcopy(nb.cells))
    for number, cell in enumerate(combined.cells, start=1):
        cell["id"] = f"cell-{number}"
    return combined


@cache
def report_exporter() -> HTMLExporter:
    """The HTML exporter with kmkit's report template, made once per process."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    from kmkit.present.markup import markdown2html

    config = Config()
    # Cells tagged app-only hold widgets: live in Voilà and JupyterLab, dead on paper.
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {APP_ONLY}
    return HTMLExporter(
        config=config,
        template_name="report",
        extra_template_basedirs=[str(paths.templates_dir())],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        optimistic_validation=True,  # validate once at the end, not after each preprocessor
        filters={"markdown2html": markdown2html},  # Markdown cells: data stays text
    )


def warm_exporter() -> None:
    """Export a one-chart notebook, so the parsers nbconvert loads late are ready before forks."""
    chart = nbformat.v4.new_output("display_data", data={"image/svg+xml": "<svg></svg>"})
    cell = nbformat.v4.new_code_cell(outputs=[chart])
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Warm\n\n*up*"), cell])
    report_exporter().from_notebook_node(nb, resources={"kmkit": {"contents": []}})


def export_html(nb: nbformat.NotebookNode, out: Path, cover: dict[str, object]) -> Path:
    """Write a self-contained HTML report with code hidden, from an executed notebook."""
    body, _ = report_exporter().from_notebook_node(nb, resources={"kmkit": cover})
    return write_atomic(out, body)  # a reader never sees a half-written report


NOTES_TITLE = "Workshop notes"


def workshop_notes_cells(client: Client) -> list:
    """The consultant's workshop notes as report cells: a heading, then each note and its phase."""
    notes = workshop_notes(client)
    if not notes:
        return []
    cells = [
        nbformat.v4.new_markdown_cell(
            f"# {NOTES_TITLE}\n\nWhat the consultant noted during the workshops, as written."
        )
    ]
    for notebook, text in notes:
        cells.append(nbformat.v4.new_markdown_cell(f"*{notebook}*\n\n{text}"))
    return cells


REFERENCES_TITLE = "References"


def _texts(cell: nbformat.NotebookNode) -> list[str]:
    """What a reader sees of a cell as Markdown: its source, or its Markdown outputs."""
    if cell.cell_type == "markdown":
        return [cell.source]
    shown = [out.get("data", {}).get("text/markdown", "") for out in cell.get("outputs", [])]
    return ["".join(text) if isinstance(text, list) else text for text in shown]


def cited(notebooks: list[nbformat.NotebookNode]) -> list[str]:
    """The bibliography keys the report cites, in order; cells left out of it do not count."""
    keys: dict[str, None] = {}
    for nb in notebooks:
        for cell in nb.cells:
            if APP_ONLY not in cell.metadata.get("tags", []):
                for text in _texts(cell):
                    keys.update(dict.fromkeys(cited_keys(text)))
    return list(keys)


def references_cells(keys: list[str]) -> list:
    """The report's last section: every work it cites, in full, and nothing it does not."""
    if not keys:
        return []
    intro = "The works this report cites, under the short name the text gives each."
    text = f"# {REFERENCES_TITLE}\n\n{intro}\n\n{references_markdown(keys)}"
    return [nbformat.v4.new_markdown_cell(text)]


def answered(client: Client) -> list[str]:
    """The instruments the client has stored answers to, for the report's cover."""
    if not client.store_path.exists():
        return []
    with Store(client.store_path) as store:
        return [i for i in instruments() if store.waves(i)]


def build_report(
    e: Engagement,
    *,
    timeout: int = CELL_TIMEOUT,
    on_step: Callable[[str], None] | None = None,
    engine: str | None = None,
    workshop_notes: bool = False,
) -> Path:
    """Run every phase notebook for an engagement and write reports/report.html; return it.

    With the in-process engine every notebook reads this one engagement; with a kernel per
    notebook, each resolves the same client and as-of date afresh.
    """
    client = e.client
    executed, contents = [], []
    with reporting(e):
        for notebook in phase_notebooks(client=client):
            if on_step:
                on_step(notebook.stem)
            params = {
                "client": client.slug,
                "clients_dir": str(client.path.parent),
                "as_of": e.as_of.isoformat(),
            }
            out = client.reports_dir / notebook.name
            nb = run_notebook(notebook, out, params, timeout, engine)
            executed.append(nb)
            contents.append(_title(nb, notebook.stem))
    language = client.config.language  # the instruments' words as the client's reports show them
    facts = provenance(
        client, [load_instrument(i, client.path, language) for i in answered(client)]
    )
    cover = {
        "title": "Knowledge management report",
        "client_name": client.name,
        **_branded(client.path.parent, client.config.consultant),
        "made_on": e.as_of.isoformat(),
        "instruments": facts.instrument_list(),
        "fingerprint": facts.fingerprint,
        "kmkit_version": facts.kmkit_version,
        "contents": contents,
    }
    notes = nbformat.v4.new_notebook(cells=workshop_notes_cells(client) if workshop_notes else [])
    if notes.cells:
        contents.append(NOTES_TITLE)
    title = f"{client.name}: knowledge management report"
    return _write([*executed, notes], cover, title, client.reports_dir / "report.html")


def _branded(clients_dir: Path, consultant: str) -> dict[str, str]:
    """The cover's consultant, colour and logo: branding.yaml first, then the workspace's."""
    branding = read_branding(clients_dir)
    return {
        "consultant": branding.consultant or consultant or "kmkit",
        "colour": branding.colour,
        "logo": logo_data_uri(branding, clients_dir),
    }


def _write(notebooks: list, cover: dict[str, object], title: str, out: Path) -> Path:
    """End the report with the works it cites, combine its notebooks and export it."""
    references = nbformat.v4.new_notebook(cells=references_cells(cited(notebooks)))
    if references.cells:
        cover["contents"].append(REFERENCES_TITLE)
    combined = combine([*notebooks, references])
    combined.metadata["title"] = title
    return export_html(combined, out, cover)


def build_cluster_report(
    cluster: Cluster,
    *,
    timeout: int = CELL_TIMEOUT,
    engine: str | None = None,
    as_of: dt.date | None = None,
) -> Path:
    """Run the cluster notebook for its facilitator and write the cluster's reports/report.html."""
    as_of = as_of or as_of_date(None)
    from kmkit.phases.clusters.members import cluster_fingerprint

    (phase,) = cluster_phases()
    notebook = paths.notebooks_dir() / f"{phase.notebook}.ipynb"
    params = {
        "cluster": cluster.slug,
        "clients_dir": str(cluster.path.parent),
        "as_of": as_of.isoformat(),
    }
    nb = run_notebook(notebook, cluster.reports_dir / notebook.name, params, timeout, engine)
    cover = {
        "title": "Cluster knowledge management report",
        "client_name": cluster.name,
        **_branded(cluster.path.parent, cluster.config.consultant),
        "made_on": as_of.isoformat(),
        "instruments": f"maturity v{load_instrument('maturity').version}",
        "fingerprint": cluster_fingerprint(cluster),
        "kmkit_version": __version__,
        "contents": [_title(nb, notebook.stem)],
    }
    title = f"{cluster.name}: cluster report"
    return _write([nb], cover, title, cluster.reports_dir / "report.html")
