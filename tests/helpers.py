"""Helpers the tests share: where the repository is, the kmkit command, ports, refusals."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import urllib.request
import uuid
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


def execute_in_kernel(base: str, token: str, code: str) -> str:
    """Start a kernel through the Jupyter REST API, run code over its websocket, return stdout."""
    from websockets.sync.client import connect

    request = urllib.request.Request(
        f"{base}/api/kernels?token={token}",
        method="POST",
        data=b"{}",
        headers={"Content-Type": "application/json"},
    )
    kernel = json.loads(urllib.request.urlopen(request, timeout=60).read())
    ws_url = base.replace("http", "ws") + f"/api/kernels/{kernel['id']}/channels?token={token}"
    msg_id = uuid.uuid4().hex
    message = {
        "header": {
            "msg_id": msg_id,
            "msg_type": "execute_request",
            "username": "test",
            "session": uuid.uuid4().hex,
            "version": "5.3",
        },
        "parent_header": {},
        "metadata": {},
        "channel": "shell",
        "content": {
            "code": code,
            "silent": False,
            "store_history": False,
            "user_expressions": {},
            "allow_stdin": False,
        },
    }
    out = []
    with connect(ws_url, open_timeout=60) as ws:
        ws.send(json.dumps(message))
        while True:
            reply = json.loads(ws.recv(timeout=120))
            if reply.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if reply["msg_type"] == "stream":
                out.append(reply["content"]["text"])
            if reply["msg_type"] == "status" and reply["content"]["execution_state"] == "idle":
                return "".join(out)


HELPERS_HEADING = "Who in the cluster could help"  # the one section that names other clients


def outside_cluster_helpers(html: str) -> str:
    """A page without its cluster helpers table, the one place another client may be named.

    Only a cluster member that agreed to be named to the others appears there.
    """
    start = html.find(HELPERS_HEADING)
    if start < 0:
        return html
    end = html.find("</table>", start)
    return html[:start] + html[end:]


def fast_report(client: object, notes: bool = False) -> Path:
    """A client's report the way `kmkit report` makes it (forks of a warm process)."""
    from kmkit.reports.batch import run_here
    from kmkit.reports.jobs import Job

    (outcome,) = run_here([Job(client.slug, str(client.path.parent), workshop_notes=notes)])
    assert outcome.status == "ok", outcome
    return Path(outcome.report)


AS_OF = dt.date(2026, 12, 2)  # the demo figures' date: tests read the engagement as of then


def engaged(client, as_of: dt.date = AS_OF):
    """The client's engagement as of the tests' pinned date, as the outputs read it."""
    from kmkit.engagement import Engagement

    return Engagement(client, as_of)
