"""The manager dashboard as one page, executed once per change of the client's inputs.

The dashboard holds no widgets: its filters are drawn by vega-embed in the browser. So
instead of a kernel per manager, kmkit executes `notebooks/dashboard.ipynb` once (papermill's
parameters, a real kernel), keeps the page, and hands the same page to every visitor until
the client's inputs change. Ten managers opening it at once cost one execution.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
from dataclasses import dataclass, field
from pathlib import Path

from tornado import web

from kmkit.core import paths
from kmkit.core.provenance import fingerprint
from kmkit.core.version import __version__
from kmkit.core.workspace import Client
from kmkit.present.interactive import app_setup, vega_bundle

log = logging.getLogger("kmkit.dashboard")
CELL_TIMEOUT = 600
CACHE = "dashboard.html"  # in the client's reports/ folder, beside a .stamp
BUNDLE = "{kmkit_static}vega-embed.js"  # where the page asks for the chart code


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
    # The chart code (1.2 MB) goes in a file of its own: the page then reads at once, and
    # a browser fetches the code beside it and keeps it for the next visit.
    return body.replace(
        app_setup()._repr_html_(), f'<script type="module" src="{BUNDLE}">' + "</script>"
    )


def stamp(client: Client) -> str:
    """What the page depends on: the client's inputs, the dashboard notebook and kmkit."""
    made_by = (paths.notebooks_dir() / "dashboard.ipynb").read_bytes() + __version__.encode()
    return f"{fingerprint(client)}-{hashlib.sha256(made_by).hexdigest()[:12]}"


@dataclass
class DashboardSite:
    """One client's dashboard page, made again only when the client's inputs change.

    The page is also kept in the client's reports/ folder with what it was made from, so the
    first manager after a restart gets it at once when nothing has changed.
    """

    client: Client
    token: str | None = None
    _page: str = ""
    _made_from: str = ""
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def _kept(self) -> Path:
        return self.client.reports_dir / CACHE

    def _load(self, current: str) -> None:
        """Take the kept page if it was made from these inputs."""
        stamp_file = self._kept.with_suffix(".stamp")
        if self._kept.is_file() and stamp_file.is_file():
            if stamp_file.read_text(encoding="utf-8").strip() == current:
                self._page, self._made_from = self._kept.read_text(encoding="utf-8"), current

    def _keep(self) -> None:
        """Write the page and its stamp beside the reports, atomically."""
        self._kept.parent.mkdir(parents=True, exist_ok=True)
        for path, text in (
            (self._kept, self._page),
            (self._kept.with_suffix(".stamp"), self._made_from),
        ):
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)

    async def page(self) -> str:
        """The current page; visitors arriving while it is being made wait for that one run."""
        async with self._lock:
            current = await asyncio.to_thread(stamp, self.client)
            if current != self._made_from:
                await asyncio.to_thread(self._load, current)
            if current != self._made_from or not self._page:
                log.info("making the dashboard of %s", self.client.slug)
                nb = await asyncio.to_thread(executed_dashboard, self.client)
                self._page = await asyncio.to_thread(dashboard_html, nb)
                self._made_from = current
                await asyncio.to_thread(self._keep)
            return self._page


class BundleHandler(web.RequestHandler):
    """GET: the chart code (vega-embed, Vega, Vega-Lite) the dashboard page loads beside it."""

    def get(self) -> None:
        """The bundle vl-convert ships, cached by browsers for a day; nothing of a client."""
        self.set_header("Content-Type", "text/javascript; charset=utf-8")
        self.set_header("Cache-Control", "public, max-age=86400")
        self.finish(vega_bundle())


class DashboardHandler(web.RequestHandler):
    """GET: the dashboard page, the same for every manager until the inputs change."""

    def initialize(self, site: DashboardSite, static: str) -> None:
        """Bind the handler to one client's dashboard; `static` leads to the chart code."""
        self.site = site
        self.static = static

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
        self.finish(page.replace("{kmkit_static}", self.static, 1))
