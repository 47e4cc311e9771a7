"""Serving a client's notebooks: Voilà apps for managers, JupyterLab for the workshop."""

from __future__ import annotations

import os

from kmkit.core import paths
from kmkit.core.errors import KmkitError
from kmkit.core.workspace import Client


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


def voila_environment(client: Client) -> dict[str, str]:
    """The client's variables plus a JUPYTER_PATH through which Voilà finds kmkit's template."""
    ours = str(paths.templates_dir() / "jupyter")
    existing = os.environ.get("JUPYTER_PATH")
    return {
        **client_environment(client),
        "JUPYTER_PATH": os.pathsep.join([ours, existing]) if existing else ours,
    }


def serve(
    client: Client,
    port: int,
    host: str = "127.0.0.1",
    app: str | None = None,
    token: str | None = None,
    pool_size: int = 1,
    max_kernels: int = 20,
) -> None:
    """Run Voilà in this process for one client until interrupted."""
    from voila.app import Voila

    argv = voila_argv(port, host, app, token, pool_size, max_kernels)
    os.environ.update(voila_environment(client))
    Voila.launch_instance(argv=argv)


def lab_argv(
    port: int | None = None, open_browser: bool = True, allow_root: bool = False
) -> list[str]:
    """JupyterLab's arguments: rooted at the notebooks folder, on a local address."""
    argv = [f"--ServerApp.root_dir={paths.notebooks_dir()}", "--ServerApp.ip=127.0.0.1"]
    if port:
        argv.append(f"--ServerApp.port={port}")
    if not open_browser:
        argv.append("--no-browser")
    if allow_root:
        argv.append("--allow-root")
    return argv


def lab(
    client: Client, port: int | None = None, open_browser: bool = True, allow_root: bool = False
) -> None:
    """Run JupyterLab with every notebook's kernel pointed at this client, notebooks unedited."""
    from jupyterlab.labapp import LabApp

    os.environ.update(client_environment(client))
    LabApp.launch_instance(argv=lab_argv(port, open_browser, allow_root))
