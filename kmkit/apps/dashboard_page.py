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

from kmkit.core.workspace import Client
from kmkit.engagement import as_of_date
from kmkit.present.interactive import vega_bundle
from kmkit.reports.dashboard import dashboard_html, executed_dashboard, keep_page, kept_page, stamp

log = logging.getLogger("kmkit.dashboard")


@dataclass
class DashboardSite:
    """One client's dashboard page, made again only when the client's inputs change.

    The page is also kept in the client's reports/ folder with what it was made from (as
    `kmkit report` keeps it), so the first manager after a (re)start gets it at once when
    nothing has changed.
    """

    client: Client
    token: str | None = None
    _page: str = ""
    _made_from: str = ""
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def page(self) -> str:
        """The current page; visitors arriving while it is being made wait for that one run."""
        async with self._lock:
            as_of = as_of_date("")  # `kmkit serve --as-of`, else today
            current = await asyncio.to_thread(stamp, self.client, as_of)
            if current != self._made_from:
                kept = await asyncio.to_thread(kept_page, self.client, current)
                if kept is not None:
                    self._page, self._made_from = kept, current
            if current != self._made_from or not self._page:
                log.info("making the dashboard of %s", self.client.slug)
                nb = await asyncio.to_thread(executed_dashboard, self.client, as_of)
                self._page = await asyncio.to_thread(dashboard_html, nb)
                self._made_from = current
                await asyncio.to_thread(keep_page, self.client, self._page, current)
            return self._page


async def warm_bundle() -> None:
    """Have the chart code ready before the first page asks for it (built once per machine)."""
    await asyncio.to_thread(vega_bundle)


class BundleHandler(web.RequestHandler):
    """GET: the chart code (vega-embed, Vega, Vega-Lite) the dashboard page loads beside it."""

    async def get(self) -> None:
        """The bundle vl-convert ships, cached by browsers for a day; nothing of a client."""
        self.set_header("Content-Type", "text/javascript; charset=utf-8")
        self.set_header("Cache-Control", "public, max-age=86400")
        self.finish(await asyncio.to_thread(vega_bundle))  # built once, off the event loop


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
