"""Voilà settings for serving one client: bounded, culled, local, with kmkit's page template."""

from __future__ import annotations

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Integer


class BoundedKernelManager(AsyncMappingKernelManager):
    """A kernel manager that refuses new kernels past `max_kernels` (Voilà has no cap).

    Each page view costs a kernel; on a small server a burst of visitors would otherwise
    start kernels until memory runs out. Past the cap, visitors get a 503 and a sentence.
    A cap in Voilà itself is asked for in voila-dashboards/voila#617.
    """

    max_kernels = Integer(20, config=True, help="Most kernels running at once.")
    turned_away = Integer(0, help="Visitors refused a kernel since the server started.")

    async def start_kernel(self, *args: object, **kwargs: object) -> str:
        """Start a kernel unless the cap is reached; say in the terminal whom it refused."""
        if len(self.list_kernel_ids()) >= self.max_kernels:
            self.turned_away += 1
            self.log.warning(
                "kmkit: all %d kernels are in use; %d visitor(s) turned away so far",
                self.max_kernels,
                self.turned_away,
            )
            msg = "Too many people are using this page right now; please try again in a minute."
            raise web.HTTPError(503, msg)
        return await super().start_kernel(*args, **kwargs)
