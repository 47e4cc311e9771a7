"""The manager dashboard as one page, executed once per change of the client's inputs.

The dashboard holds no widgets: its filters are drawn by vega-embed in the browser. So
instead of a kernel per manager, kmkit executes `notebooks/dashboard.ipynb` once (papermill's
parameters, a real kernel), keeps the page, and hands the same page to every visitor until
the client's inputs change. Ten managers opening it at once cost one execution.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from dataclasses import dataclass, field

from tornado import web

from kmkit.core import paths
from kmkit.core.provenance import fingerprint
from kmkit.core.workspace import Client

log = logging.getLogger("kmkit.dashboard")
CELL_TIMEOUT = 600


def executed_dashboard(client: Client) -> object:
    """Execute the dashboard notebook for one client in a fresh kernel (blocking)."""
    from nbclient import NotebookClient
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    notebook = paths.notebooks_dir() / "dashboard.ipynb"
    nb = load_notebook_node(str(notebook))
    params = {"client": client.slug, "clients_dir": str(client.path.parent)}
    nb = parameterize_notebook(nb, params)
    runner = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(notebook.parent)}},
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )
    runner.execute()
    return nb


def dashboard_html(nb: object) -> str:
    """An executed dashboard notebook as one offline page, code hidden."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="app",
        extra_template_basedirs=[str(paths.templates_dir())],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nb)
    return body


@dataclass
class DashboardSite:
    """One client's dashboard page, made again only when the client's inputs change."""

    client: Client
    token: str | None = None
    _page: str = ""
    _made_from: str = ""
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def page(self) -> str:
        """The current page; visitors arriving while it is being made wait for that one run."""
        async with self._lock:
            stamp = await asyncio.to_thread(fingerprint, self.client)
            if stamp != self._made_from or not self._page:
                log.info("making the dashboard of %s", self.client.slug)
                nb = await asyncio.to_thread(executed_dashboard, self.client)
                self._page = await asyncio.to_thread(dashboard_html, nb)
                self._made_from = stamp
            return self._page


class DashboardHandler(web.RequestHandler):
    """GET: the dashboard page, the same for every manager until the inputs change."""

    def initialize(self, site: DashboardSite) -> None:
        """Bind the handler to one client's dashboard."""
        self.site = site

    async def get(self) -> None:
        """The page, made now if the client's inputs changed since it was last made."""
        expected = self.site.token
        if expected and not hmac.compare_digest(self.get_query_argument("token", ""), expected):
            raise web.HTTPError(403, "This page needs the link with its token.")
        try:
            page = await self.site.page()
        except Exception:  # noqa: BLE001 - a manager gets a sentence, the log the details
            log.exception("the dashboard could not be made")
            self.set_status(500)
            self.finish(
                "<p>The dashboard could not be made just now; the consultant can see why in "
                "the terminal where kmkit serve runs.</p>"
            )
            return
        self.finish(page)
