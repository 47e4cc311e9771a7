"""Dashboard: time from request to charts visible in headless Chromium, stock Voilà vs kmkit.

Stock: `voila notebooks/dashboard.ipynb` (lab template, no preheated kernel), what a
consultant would run without kmkit. kmkit: `kmkit serve SLUG --app dashboard`, whose page is
made once per change of the client's inputs and kept (`kmkit report` keeps it too): timed
with no page kept yet, on the first start after `kmkit report`, for the first visitor after
each restart, and for later visitors. Every request leaving the machine
is aborted (the stock template asks a CDN for Font Awesome). Same run, medians.
Usage: python bench/serve.py [REPEATS]
"""

from __future__ import annotations

import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import free_port, start_server

from kmkit.reports.chromium import ARGS

REPO = Path(__file__).resolve().parent.parent
REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
BIN = Path(sys.executable).parent


def time_to_charts(browser, url: str) -> float:
    context = browser.new_context()
    page = context.new_page()
    page.route(
        "**/*",
        lambda r: (
            r.continue_()
            if r.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:"))
            else r.abort()
        ),
    )
    begin = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=180_000)
    page.locator(".kmkit-chart svg").first.wait_for(timeout=180_000)
    seconds = time.perf_counter() - begin
    context.close()
    return seconds


def first_visit(browser, argv: list[str]) -> float:
    """Start the server, time its first visitor's first chart, stop the server."""
    port = free_port()
    server = start_server([*argv, f"--port={port}"], port, REPO)
    try:
        return time_to_charts(browser, f"http://127.0.0.1:{port}/")
    finally:
        os.killpg(server.pid, signal.SIGTERM)


def measure(browser, url: str, settle: float) -> list[float]:
    times = []
    for _ in range(REPEATS):
        times.append(time_to_charts(browser, url))
        time.sleep(settle)  # let a preheated pool refill, as between two real visitors
    return times


if __name__ == "__main__":
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp())
    clients = work / "clients"
    shutil.copytree(REPO / "clients", clients, ignore=shutil.ignore_patterns("reports"))
    env = {"KMKIT_CLIENTS_DIR": str(clients), "KMKIT_CLIENT": "demo-precision"}
    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=ARGS
        )
        port = free_port()
        stock = start_server(
            [str(BIN / "voila"), "notebooks/dashboard.ipynb", "--no-browser", f"--port={port}"],
            port,
            REPO,
            env,
        )
        try:
            results["stock Voilà (lab template, no preheat)"] = measure(
                browser, f"http://127.0.0.1:{port}/", settle=1
            )
        finally:
            os.killpg(stock.pid, signal.SIGTERM)
        ours_argv = [
            sys.executable,
            "-m",
            "kmkit.cli",
            "--clients-dir",
            str(clients),
            "serve",
            "demo-precision",
            "--app",
            "dashboard",
        ]
        # Served before any report was made: the page is made now, in a kernel.
        results["kmkit, no page kept yet (made now)"] = [first_visit(browser, ours_argv)]
        # As a consultant works: `kmkit report` keeps the dashboard page, then serve starts.
        shutil.rmtree(clients / "demo-precision" / "reports")
        report = [sys.executable, "-m", "kmkit.cli", "--clients-dir", str(clients)]
        subprocess.run([*report, "report", "demo-precision"], check=True, capture_output=True)
        results["kmkit, first start after kmkit report"] = [first_visit(browser, ours_argv)]
        # A restart: the page kept from before is served at once.
        results["kmkit, first visitor after a restart"] = [
            first_visit(browser, ours_argv) for _ in range(REPEATS)
        ]
        port = free_port()
        ours = start_server([*ours_argv, f"--port={port}"], port, REPO)
        try:
            time_to_charts(browser, f"http://127.0.0.1:{port}/")
            results["kmkit, later visitors"] = measure(
                browser, f"http://127.0.0.1:{port}/", settle=1
            )
        finally:
            os.killpg(ours.pid, signal.SIGTERM)
        browser.close()
    shutil.rmtree(work)
    print(f"request to first chart visible, median of {REPEATS} page loads")
    baseline = statistics.median(next(iter(results.values())))
    for label, times in results.items():
        median = statistics.median(times)
        print(
            f"{label:<42} {median:6.2f} s  ({median / baseline:4.2f} of stock)  "
            f"runs: {', '.join(f'{t:.2f}' for t in times)}"
        )
