"""Serving a client's notebooks: Voilà apps for managers, JupyterLab for the workshop."""

from __future__ import annotations

import json
import os
from pathlib import Path

from kmkit.core import paths
from kmkit.core.errors import KmkitError
from kmkit.core.workspace import Client
from kmkit.inputs.workshop import workshop_dir
from kmkit.phases.clusters.inputs import Cluster


def client_environment(client: Client) -> dict[str, str]:
    """The variables that point a notebook's kernel at one client, and only that client."""
    return {paths.CLIENT_ENV: client.slug, paths.CLIENTS_ENV: str(client.path.parent)}


def voila_argv(
    port: int,
    host: str = "127.0.0.1",
    app: str | None = None,
    token: str | None = None,
    pool_size: int = 1,
    max_kernels: int = 20,
    cull_after: int = 1800,
) -> list[str]:
    """Voilà's arguments: the notebooks (or one app) for one client, served locally.

    Sources are stripped, no files are served beside the pages, kernels are preheated,
    culled when idle and capped in number.
    """
    target = paths.notebooks_dir()
    if app:
        target = target / f"{app.removesuffix('.ipynb')}.ipynb"
        if not target.is_file():
            known = ", ".join(sorted(p.stem for p in paths.notebooks_dir().glob("*.ipynb")))
            raise KmkitError(f"No app '{app}'. Apps and phases: {known}.")
    argv = [
        str(target),
        f"--port={port}",
        f"--Voila.ip={host}",
        "--no-browser",
        "--VoilaConfiguration.strip_sources=True",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.file_allowlist=^$",  # serve no files beside the pages
        "--theme=light",
        "--template=kmkit",
        "--VoilaConfiguration.multi_kernel_manager_class=kmkit.apps.kernels.BoundedKernelManager",
        f"--BoundedKernelManager.max_kernels={max_kernels}",
        f"--BoundedKernelManager.cull_idle_timeout={cull_after}",
        "--BoundedKernelManager.cull_interval=60",
        "--BoundedKernelManager.cull_connected=False",
    ]
    if pool_size > 0:
        argv += ["--preheat_kernel=True", f"--pool_size={pool_size}"]
    if token:
        argv.append(f"--token={token}")
    return argv


def voila_environment_path() -> str:
    """A JUPYTER_PATH through which Voilà finds kmkit's template."""
    ours = str(paths.templates_dir() / "jupyter")
    existing = os.environ.get("JUPYTER_PATH")
    return os.pathsep.join([ours, existing]) if existing else ours


def voila_environment(client: Client) -> dict[str, str]:
    """The client's variables plus a JUPYTER_PATH through which Voilà finds kmkit's template."""
    return {**client_environment(client), "JUPYTER_PATH": voila_environment_path()}


KMKIT_PAGES = ("survey", "dashboard")  # apps kmkit serves itself, without a kernel per visitor


def kmkit_pages(
    client: Client,
    app: str | None,
    token: str | None,
    survey_wave: str = "baseline",
    instrument: str = "maturity",
    max_visitors: int = 200,
) -> tuple[list[tuple[str, type, dict]], list]:
    """The survey and dashboard handlers (at / when that is the app), and what to warm first."""
    from kmkit.apps.dashboard_page import (
        BundleHandler,
        DashboardHandler,
        DashboardSite,
        warm_bundle,
    )
    from kmkit.apps.survey_page import Gate, SurveyHandler, SurveySite
    from kmkit.core.instruments import client_instrument

    survey = SurveySite(
        client,
        client_instrument(instrument, client),
        survey_wave,
        token,
        gate=Gate(max_visitors),
    )
    board = DashboardSite(client, token)
    pages: list[tuple[str, type, dict]] = [
        (r"/kmkit/survey", SurveyHandler, {"site": survey}),
        (r"/kmkit/dashboard", DashboardHandler, {"site": board, "static": "static/"}),
        (r"/kmkit/static/vega-embed.js", BundleHandler, {}),
    ]
    if app == "survey":
        pages.insert(0, (r"/", SurveyHandler, {"site": survey}))
    if app == "dashboard":
        pages.insert(0, (r"/", DashboardHandler, {"site": board, "static": "kmkit/static/"}))
    warm = [board.page, warm_bundle] if app in (None, "dashboard") else []
    return pages, warm


def voila_class(pages: list[tuple[str, type, dict]], warm: list) -> type:
    """Voilà, with kmkit's own pages in front of its handlers and the dashboard made at start."""
    from tornado.ioloop import IOLoop
    from voila.app import Voila

    class KmkitVoila(Voila):
        """Voilà serving kmkit's kernel-free pages beside the notebooks."""

        def init_handlers(self) -> list:
            """Kmkit's pages first: Tornado takes the first route that matches."""
            return [*pages, *super().init_handlers()]

        def start(self) -> None:
            """Make the slow pages once before the first visitor asks, then serve."""
            for job in warm:
                IOLoop.current().add_callback(job)
            super().start()

    return KmkitVoila


def serve(
    client: Client,
    port: int,
    host: str = "127.0.0.1",
    app: str | None = None,
    token: str | None = None,
    pool_size: int = 1,
    max_kernels: int = 20,
    wave: str = "baseline",
    instrument: str = "maturity",
    max_visitors: int = 200,
) -> None:
    """Serve one client until interrupted: kmkit's survey and dashboard pages, Voilà's apps."""
    pages, warm = kmkit_pages(client, app, token, wave, instrument, max_visitors)
    if app in KMKIT_PAGES:
        pool_size = 0  # the page needs no kernel; the notebook version stays behind it
    argv = voila_argv(port, host, app, token, pool_size, max_kernels)
    os.environ.update(voila_environment(client))
    voila_class(pages, warm).launch_instance(argv=argv)


def serve_cluster(
    cluster: Cluster,
    port: int,
    host: str = "127.0.0.1",
    token: str | None = None,
    pool_size: int = 1,
    max_kernels: int = 20,
) -> None:
    """Serve a cluster's report to its facilitator: the cluster notebook only, aggregates only."""
    argv = voila_argv(port, host, "cluster", token, pool_size, max_kernels)
    os.environ.pop(paths.CLIENT_ENV, None)
    os.environ.update(
        {
            paths.CLUSTER_ENV: cluster.slug,
            paths.CLIENTS_ENV: str(cluster.path.parent),
            "JUPYTER_PATH": voila_environment_path(),
        }
    )
    voila_class([], []).launch_instance(argv=argv)


# JupyterLab's user settings for a workshop: never ask to fetch news, never check for
# updates, no extension manager (it searches the package index). Written per client.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/extensionmanager-extension/plugin.jupyterlab-settings": {"enabled": False},
}


def lab_argv(
    client: Client, port: int | None = None, open_browser: bool = True, allow_root: bool = False
) -> list[str]:
    """JupyterLab's arguments: rooted at one client's workshop copies, local, offline."""
    settings = lab_settings(client)
    argv = [
        f"--ServerApp.root_dir={workshop_dir(client)}",
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={settings.parent / 'workspaces'}",
        "--ServerApp.ip=127.0.0.1",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
    ]
    if port:
        argv.append(f"--ServerApp.port={port}")
    if not open_browser:
        argv.append("--no-browser")
    if allow_root:
        argv.append("--allow-root")
    return argv


def lab_settings(client: Client) -> Path:
    """The client's JupyterLab settings folder, in its workshop folder, quiet from the start."""
    settings = workshop_dir(client) / ".jupyterlab" / "settings"
    for name, values in LAB_SETTINGS.items():
        path = settings / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values, indent=2), encoding="utf-8")
    return settings


def lab(
    client: Client,
    port: int | None = None,
    open_browser: bool = True,
    allow_root: bool = False,
) -> None:
    """Run JupyterLab on the client's own workshop copies, its client set in every kernel."""
    from jupyterlab.labapp import LabApp

    os.environ.update(client_environment(client))
    LabApp.launch_instance(argv=lab_argv(client, port, open_browser, allow_root))
