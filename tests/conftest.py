"""Shared fixtures: private copies of the demo clients, servers started and stopped."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import AS_OF, KMKIT, REPO, SHIPPED_CLIENTS, free_port, run_kmkit, wait_for_port

from kmkit.core.workspace import Client, open_client
from kmkit.reports.chromium import ARGS


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Notebook cells run by nbval start a kernel: mark them slow like the other kernel tests."""
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session", autouse=True)
def _shown_as_in_notebooks() -> None:
    """Charts drawn in tests render as in the notebooks, whose first cell calls kmkit.setup()."""
    import kmkit

    kmkit.setup()


@pytest.fixture(autouse=True)
def _no_client_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests choose their client explicitly; a developer's shell variables must not leak in."""
    monkeypatch.delenv("KMKIT_CLIENT", raising=False)
    monkeypatch.delenv("KMKIT_CLIENTS_DIR", raising=False)


@pytest.fixture
def clients_dir(tmp_path: Path) -> Path:
    """A copy of the shipped demo clients that a test may change freely."""
    target = tmp_path / "clients"
    shutil.copytree(SHIPPED_CLIENTS, target, ignore=shutil.ignore_patterns("reports"))
    return target


@pytest.fixture
def client(clients_dir: Path) -> Client:
    """demo-precision (Kestrel Precision Engineering) in a private copy of the demo clients."""
    return open_client("demo-precision", clients_dir)


@pytest.fixture
def accounting_client(clients_dir: Path) -> Client:
    """demo-accounting (Harbour & Finch, accountants) in a private copy of the demo clients."""
    return open_client("demo-accounting", clients_dir)


@pytest.fixture(scope="session")
def session_clients(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A read-only copy of the demo clients shared by the slow tests that only read it."""
    target = tmp_path_factory.mktemp("shared") / "clients"
    shutil.copytree(SHIPPED_CLIENTS, target, ignore=shutil.ignore_patterns("reports"))
    return target


@pytest.fixture(scope="session")
def demo_outputs(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """`kmkit demo` run once on a copy of the demo clients: their reports and dashboard pages.

    Returns the clients folder and the finished command; tests only read what it made.
    """
    target = tmp_path_factory.mktemp("demo") / "clients"
    shutil.copytree(SHIPPED_CLIENTS, target, ignore=shutil.ignore_patterns("reports"))
    return target, run_kmkit("demo", "--as-of", AS_OF.isoformat(), clients=target, timeout=900)


@pytest.fixture
def start_kmkit():
    """Start a long-running kmkit command (serve, lab); stop it and its kernels afterwards."""
    import signal

    started: list[subprocess.Popen] = []

    def start(*args: str, port: int, env: dict[str, str] | None = None) -> subprocess.Popen:
        process = subprocess.Popen(
            [*KMKIT, *args],
            cwd=REPO,
            env={**os.environ, **(env or {})},
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started.append(process)
        wait_for_port(port, process)
        return process

    yield start
    for process in started:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture
def serve(start_kmkit):
    """Start `kmkit serve` for one client on a free port; return its base URL and process."""

    def run(clients: Path, slug: str, *options: str) -> tuple[str, subprocess.Popen]:
        port = free_port()
        process = start_kmkit(
            "--clients-dir", str(clients), "serve", slug, *options, "--port", str(port), port=port
        )
        return f"http://127.0.0.1:{port}", process

    return run


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is missing; .ci/run installs it with apt-get")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def offline_page(browser):
    """A page whose every request off this machine is aborted and recorded.

    The guard is on the page's browser context, so other pages a test opens in
    `offline_page.context` are held to it too and recorded in the same list.
    """
    context = browser.new_context(viewport={"width": 1100, "height": 1400})
    page = context.new_page()
    page.attempted = []

    def guard(route):
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            page.attempted.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    yield page
    context.close()
