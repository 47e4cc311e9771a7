"""Helpers the tests share: where the repository is, the kmkit command, ports, refusals."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHIPPED_CLIENTS = REPO / "clients"
KMKIT = [sys.executable, "-m", "kmkit.cli"]


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
