"""A room answering the survey at once: kmkit's survey page against stock Voilà, same run.

For 10, 30 and 60 respondents opening the link together (phone-sized headless Chromium
pages, every request off the machine aborted), it prints the p50 and p95 time from opening
the link to a usable form (the department list on screen), how many never got one within
the limit, answers stored per minute (each respondent answers every question and sends),
and the server's memory (the server process and its kernels) at the end. With 30 or more
browsers on two cores the browsers themselves are most of the wait, so the last table runs
the kmkit server alone, respondents speaking HTTP as the page does, up to 200 at once.

kmkit: `kmkit serve demo-accounting --app survey`. Stock: `voila notebooks/survey.ipynb`,
what a consultant would run without kmkit. Usage: python bench/load.py [ROOMS...]
(default 10 30 60; stock is skipped past 30 unless --stock-all is given: each respondent
there costs a kernel, and sixty of them would only time out on two cores).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
from _timing import free_port, start_server

from kmkit.core.store import Store
from kmkit.reports.chromium import ARGS

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LIMIT = 180  # seconds a respondent waits for the form before giving up
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")


def memory_mb(process: subprocess.Popen) -> float:
    """Resident memory of the server and everything it started (kernels)."""
    root = psutil.Process(process.pid)
    total = 0
    for p in [root, *root.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 2**20


async def respondent(browser, url: str, kind: str) -> tuple[float | None, bool]:
    """Open the link, wait for the form, answer every page, send: (seconds to form, sent)."""
    context = await browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = await context.new_page()

    async def guard(route):
        if route.request.url.startswith(LOCAL):
            await route.continue_()
        else:
            await route.abort()

    await page.route("**/*", guard)
    begin = time.perf_counter()
    try:
        await page.goto(url, timeout=LIMIT * 1000)
        await page.locator(".kmkit-department select").wait_for(timeout=LIMIT * 1000)
    except Exception:  # noqa: BLE001 - a page that never shows the form is the finding
        await context.close()
        return None, False
    ready = time.perf_counter() - begin
    try:
        await page.locator(".kmkit-department select").select_option(label="Audit")
        for _ in range(7):
            await page.locator(".kmkit-next").click()
            if kind == "kmkit":
                groups = page.locator(".kmkit-current .kmkit-question-group")
                for group in await groups.all():
                    await group.get_by_label("Agree", exact=True).check()
            else:
                await page.locator(".widget-toggle-buttons").first.wait_for(timeout=60_000)
                for group in await page.locator(".widget-toggle-buttons").all():
                    await group.get_by_role("button", name="Agree", exact=True).click()
        await page.locator(".kmkit-submit").click()
        await page.locator(".kmkit-thanks").wait_for(timeout=LIMIT * 1000)
        sent = True
    except Exception:  # noqa: BLE001
        sent = False
    await context.close()
    return ready, sent


async def room(url: str, kind: str, people: int) -> tuple[list[float | None], int, float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        begin = time.perf_counter()
        results = await asyncio.gather(*(respondent(browser, url, kind) for _ in range(people)))
        elapsed = time.perf_counter() - begin
        await browser.close()
    return [r for r, _ in results], sum(s for _, s in results), elapsed


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(kind: str, people: int, clients: Path) -> dict[str, object]:
    port = free_port()
    env = {"KMKIT_CLIENT": "demo-accounting", "KMKIT_CLIENTS_DIR": str(clients)}
    if kind == "kmkit":
        argv = [str(BIN / "kmkit"), "--clients-dir", str(clients), "serve", "demo-accounting"]
        argv += ["--app", "survey", "--port", str(port)]
    else:
        argv = [str(BIN / "voila"), "notebooks/survey.ipynb", "--no-browser", f"--port={port}"]
    store = clients / "demo-accounting" / "kmkit.sqlite"
    with Store(store) as s:
        before = len(set(s.answers("maturity", "baseline")["response_id"]))
    server = start_server(argv, port, REPO, env, settle=1.0)
    try:
        ready, sent, elapsed = asyncio.run(room(f"http://127.0.0.1:{port}/", kind, people))
        memory = memory_mb(server)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    with Store(store) as s:
        stored = len(set(s.answers("maturity", "baseline")["response_id"])) - before
    got = [r for r in ready if r is not None]
    return {
        "kind": kind,
        "people": people,
        "form": len(got),
        "p50": statistics.median(got) if got else float("nan"),
        "p95": percentile(got, 0.95) if got else float("nan"),
        "per_minute": stored / elapsed * 60,
        "stored": stored,
        "sent": sent,
        "memory": memory,
    }


def http_room(people: int, clients: Path) -> dict[str, float]:
    """The server alone: people fetch the form and send answers over HTTP, all at once."""
    import re
    import threading
    import urllib.parse
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    port = free_port()
    argv = [str(BIN / "kmkit"), "--clients-dir", str(clients), "serve", "demo-accounting"]
    server = start_server([*argv, "--app", "survey", "--port", str(port)], port, REPO, settle=1.0)
    url = f"http://127.0.0.1:{port}/"
    gate = threading.Barrier(people)

    def one(number: int) -> tuple[float, bool]:
        gate.wait()
        begin = time.perf_counter()
        form = urllib.request.urlopen(url, timeout=120).read().decode()
        ready = time.perf_counter() - begin
        items = sorted(set(re.findall(r'type="radio" name="([a-z_0-9]+)"', form)))
        token = re.search(r'name="form_token" value="([0-9a-f]{32})"', form).group(1)
        fields = {"form_token": token, "department": "Audit", **{i: "4" for i in items}}
        reply = urllib.request.urlopen(url, urllib.parse.urlencode(fields).encode(), timeout=120)
        return ready, "answers are saved" in reply.read().decode()

    try:
        begin = time.perf_counter()
        with ThreadPoolExecutor(people) as pool:
            results = list(pool.map(one, range(people)))
        elapsed = time.perf_counter() - begin
        memory = memory_mb(server)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    ready = [r for r, _ in results]
    return {
        "p50": statistics.median(ready),
        "p95": percentile(ready, 0.95),
        "per_minute": sum(ok for _, ok in results) / elapsed * 60,
        "memory": memory,
    }


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    rooms = [int(a) for a in args] or [10, 30, 60]
    stock_all = "--stock-all" in sys.argv
    print(f"{'server':<8}{'people':>7}{'got form':>10}{'p50 s':>8}{'p95 s':>8}"
          f"{'stored/min':>12}{'stored':>8}{'memory MB':>11}")  # fmt: skip
    rows = []
    for people in rooms:
        for kind in ("kmkit", "stock"):
            if kind == "stock" and people > 30 and not stock_all:
                continue
            with tempfile.TemporaryDirectory() as tmp:
                clients = Path(tmp) / "clients"
                shutil.copytree(REPO / "clients", clients, ignore=shutil.ignore_patterns("reports"))
                r = measure(kind, people, clients)
            rows.append(r)
            print(
                f"{r['kind']:<8}{r['people']:>7}{r['form']:>10}{r['p50']:>8.2f}{r['p95']:>8.2f}"
                f"{r['per_minute']:>12.1f}{r['stored']:>8}{r['memory']:>11.0f}",
                flush=True,
            )
    print("\nThe kmkit server alone (respondents as HTTP clients, no browsers to run):")
    print(f"{'people':>7}{'p50 s':>8}{'p95 s':>8}{'stored/min':>12}{'memory MB':>11}")
    for people in (*rooms, 200):
        with tempfile.TemporaryDirectory() as tmp:
            clients = Path(tmp) / "clients"
            shutil.copytree(REPO / "clients", clients, ignore=shutil.ignore_patterns("reports"))
            h = http_room(people, clients)
        print(
            f"{people:>7}{h['p50']:>8.3f}{h['p95']:>8.3f}{h['per_minute']:>12.0f}"
            f"{h['memory']:>11.0f}",
            flush=True,
        )
    for people in rooms:
        pair = {r["kind"]: r for r in rows if r["people"] == people}
        if len(pair) == 2 and pair["stock"]["form"]:
            ratio = pair["stock"]["p95"] / pair["kmkit"]["p95"]
            print(f"{people} people: p95 to a usable form {ratio:.1f}x faster with kmkit; "
                  f"{pair['stock']['people'] - pair['stock']['form']} of {people} got no form "
                  "from stock Voilà")  # fmt: skip


if __name__ == "__main__":
    main()
