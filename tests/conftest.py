"""Shared fixtures: a private copy of the demo clients, free ports, the kmkit command."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHIPPED_CLIENTS = REPO / "clients"
KMKIT = [sys.executable, "-m", "kmkit.cli"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Notebook cells run by nbval start a kernel: mark them slow like the other kernel tests."""
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)


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


@pytest.fixture(scope="session")
def session_clients(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A read-only copy of the demo clients shared by the slow tests that only read it."""
    target = tmp_path_factory.mktemp("shared") / "clients"
    shutil.copytree(SHIPPED_CLIENTS, target, ignore=shutil.ignore_patterns("reports"))
    return target


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_kmkit(
    *args: str, clients: Path | None = None, timeout: int = 300, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the kmkit command line as a user would, capturing its output."""
    argv = [*KMKIT, *(["--clients-dir", str(clients)] if clients else []), *args]
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        argv, capture_output=True, text=True, timeout=timeout, env=full_env, cwd=REPO
    )


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 90) -> None:
    """Wait until something listens on the port; fail with the server's output if it died."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            out = process.stdout.read() if process.stdout else ""
            raise AssertionError(f"server exited with {process.returncode}:\n{out}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"nothing listened on port {port} within {timeout} s")


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


def assert_refused(
    read: object, path: Path, words: str, row: int | None = None, column: str | None = None
) -> str:
    """Reading a bad file fails naming file, row and column, and leaves the file as it was."""
    import hashlib

    from kmkit.core.errors import InputError

    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(InputError) as err:
        read(path)  # type: ignore[operator]
    message = str(err.value)
    assert str(path) in message and words in message, message
    if row is not None:
        assert f"row {row}" in message, message
    if column is not None:
        assert f"column '{column}'" in message, message
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    return message
