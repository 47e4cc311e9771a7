"""The manager dashboard as one offline page, kept beside the reports until the inputs change.

`kmkit report`, `kmkit demo` and `kmkit batch --dashboards` make it with the report (same
fast route), so the first manager after `kmkit serve --app dashboard` starts gets it at
once; the server makes it again, in a kernel of its own, only when the inputs have changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import nbformat

from kmkit.core import paths
from kmkit.core.files import write_atomic
from kmkit.core.provenance import fingerprint
from kmkit.core.version import __version__
from kmkit.core.workspace import Client
from kmkit.engagement import Engagement
from kmkit.reports.build import CELL_TIMEOUT, run_notebook

PAGE = "dashboard.html"  # in the client's reports/ folder, beside dashboard.stamp
# The chart code (0.9 MB) is a file of its own beside the page, which then reads at once; a
# browser fetches the code and keeps it for the next visit.
BUNDLE = "{kmkit_static}vega-embed.js"


def notebook() -> Path:
    """The dashboard notebook kmkit ships."""
    return paths.notebooks_dir() / "dashboard.ipynb"


def stamp(client: Client, as_of: dt.date) -> str:
    """What the page depends on: the client's inputs, the as-of date, the notebook and kmkit."""
    made_by = notebook().read_bytes() + __version__.encode() + as_of.isoformat().encode()
    return f"{fingerprint(client)}-{hashlib.sha256(made_by).hexdigest()[:12]}"


def parameters(client: Client, as_of: dt.date) -> dict[str, str]:
    """The dashboard notebook's parameters for a kept page: the chart code is a file beside it."""
    return {
        "client": client.slug,
        "clients_dir": str(client.path.parent),
        "as_of": as_of.isoformat(),
        "chart_code": BUNDLE,
    }


def executed_dashboard(client: Client, as_of: dt.date) -> nbformat.NotebookNode:
    """Execute the dashboard notebook for one client in a fresh kernel (blocking)."""
    from nbclient import NotebookClient
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nb = load_notebook_node(str(notebook()))
    nb = parameterize_notebook(nb, parameters(client, as_of))
    runner = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(notebook().parent)}},
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )
    runner.execute()
    return nb


def dashboard_html(nb: nbformat.NotebookNode) -> str:
    """An executed dashboard notebook as one offline page, code hidden."""
    from nbconvert import HTMLExporter

    from kmkit.present.markup import markdown2html

    exporter = HTMLExporter(
        template_name="app",
        extra_template_basedirs=[str(paths.templates_dir())],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        optimistic_validation=True,  # validate once at the end, not after each preprocessor
        filters={"markdown2html": markdown2html},  # Markdown cells: data stays text
    )
    body, _ = exporter.from_notebook_node(nb)
    return body


def kept_page(client: Client, current: str) -> str | None:
    """The kept page, if it was made from the inputs whose stamp is `current`."""
    page = client.reports_dir / PAGE
    made_from = page.with_suffix(".stamp")
    if page.is_file() and made_from.is_file():
        if made_from.read_text(encoding="utf-8").strip() == current:
            return page.read_text(encoding="utf-8")
    return None


def keep_page(client: Client, html: str, made_from: str) -> None:
    """Write the page and its stamp beside the reports, each atomically, the page first."""
    page = client.reports_dir / PAGE
    page.parent.mkdir(parents=True, exist_ok=True)
    for path, text in ((page, html), (page.with_suffix(".stamp"), made_from)):
        write_atomic(path, text)


def make_dashboard(e: Engagement, engine: str | None = None, timeout: int = CELL_TIMEOUT) -> Path:
    """Execute the engagement's dashboard (papermill, `engine` as for reports); keep its page."""
    client = e.client
    made_from = stamp(client, e.as_of)
    executed = run_notebook(
        notebook(),
        client.reports_dir / "dashboard.ipynb",
        parameters(client, e.as_of),
        timeout,
        engine,
    )
    keep_page(client, dashboard_html(executed), made_from)
    return client.reports_dir / PAGE
