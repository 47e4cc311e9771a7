"""`kmkit serve` and `kmkit lab`: the app and the workshop, each pointed at one client."""

import os
import re
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from helpers import REPO, free_port, outside_cluster_helpers, wait_for_port

pytestmark = pytest.mark.slow


def get(url: str, timeout: float = 120) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as reply:
            return reply.status, reply.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace")


def test_voila_serves_the_client_page_without_errors_or_sources(serve, session_clients):
    base, _ = serve(session_clients, "demo-accounting", "--pool-size", "0")
    status, page = get(f"{base}/voila/render/01_awareness.ipynb")
    assert status == 200
    assert "Harbour" in page and "Finch Chartered Accountants" in page  # '&' is JSON-escaped
    assert "Kestrel" not in page
    for error_text in ("There was an error", "Traceback", "ClientNotFoundError"):
        assert error_text not in page
    assert "import kmkit" not in page  # sources stripped
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)


def test_voila_listens_on_loopback_only(serve, session_clients):
    base, process = serve(session_clients, "demo-precision", "--pool-size", "0")
    port = int(base.rsplit(":", 1)[1])
    import psutil

    listening = [
        c
        for c in psutil.Process(process.pid).net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN and c.laddr.port == port
    ]
    assert listening and all(c.laddr.ip in ("127.0.0.1", "::1") for c in listening)


def test_voila_does_not_serve_notebook_sources_or_client_files(serve, session_clients):
    base, _ = serve(session_clients, "demo-precision", "--pool-size", "0")
    for path in (
        "/voila/files/01_awareness.ipynb",
        "/files/01_awareness.ipynb",
        "/voila/files/../clients/demo-precision/kmkit.sqlite",
        "/voila/files/%2e%2e/clients/demo-precision/kmkit.sqlite",
    ):
        status, body = get(base + path, timeout=30)
        assert status in (403, 404), path
        assert "SQLite format" not in body


def test_token_protects_every_page(serve, session_clients):
    base, _ = serve(
        session_clients,
        "demo-precision",
        "--app",
        "dashboard",
        "--pool-size",
        "0",
        "--token",
        "s3cret",
    )
    for address in (f"{base}/", f"{base}/?token=wrong"):
        status, page = get(address, timeout=60)
        assert status == 403 and "403: Forbidden" in page, (address, status, page[:300])
        assert "Kestrel" not in page
    status, page = get(f"{base}/?token=s3cret")
    assert status == 200 and "Kestrel Precision Engineering Ltd" in page


def test_kernels_are_capped_with_a_plain_message(serve, session_clients):
    base, process = serve(
        session_clients,
        "demo-precision",
        "--app",
        "01_awareness",
        "--pool-size",
        "0",
        "--max-kernels",
        "1",
    )
    first, _ = get(f"{base}/")
    second, page = get(f"{base}/")
    assert first == 200
    assert second == 503 and "try again in a minute" in page
    process.send_signal(signal.SIGINT)
    process.send_signal(signal.SIGINT)  # Jupyter asks for a second one to stop
    terminal = process.communicate(timeout=60)[0]
    assert "1 visitor(s) turned away so far" in terminal


def test_the_address_cannot_switch_client(serve, session_clients):
    base, _ = serve(session_clients, "demo-precision", "--app", "dashboard", "--pool-size", "0")
    status, page = get(f"{base}/?client=demo-accounting&clients_dir=/")
    assert status == 200 and "Kestrel" in page
    assert "Harbour" not in outside_cluster_helpers(page)


def test_stock_voila_serves_the_notebook_as_documented():
    """`voila notebooks/01_awareness.ipynb`, run from the repository, shows the demo client."""
    port = free_port()
    voila = Path(sys.executable).parent / "voila"
    process = subprocess.Popen(
        [str(voila), "notebooks/01_awareness.ipynb", "--no-browser", f"--port={port}"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        wait_for_port(port, process)
        status, page = get(f"http://127.0.0.1:{port}/")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    assert status == 200
    assert "Kestrel Precision Engineering Ltd" in page
    assert "There was an error" not in page
