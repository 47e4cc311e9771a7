"""Batch throughput: `kmkit batch` against the stock papermill command line, same run.

Synthetic clients (kmkit.demo.madeup.synthetic). Stock: one `papermill` run per client and phase
notebook, one after another, as a shell loop would; kmkit: `kmkit batch --all` with two
workers, which also writes the combined HTML report and the index.

Usage:
  python bench/batch.py [CLIENTS]   stock and kmkit on the same CLIENTS (default 10; the
                                    issue's target run uses 50: stock alone takes ~35 min)
  python bench/batch.py --curve     kmkit at 10, 50 and 200 clients, stock at 10: clients
                                    per minute, and each long-lived process's memory a
                                    quarter of the way in and at the end
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from kmkit.demo.madeup import synthetic
from kmkit.reports.build import phase_notebooks

BIN = Path(sys.executable).parent
MB = 1024 * 1024


def make_clients(count: int) -> Path:
    """A temporary clients folder holding `count` synthetic clients."""
    clients = Path(tempfile.mkdtemp()) / "clients"
    synthetic(count, clients)
    return clients


def stock(clients: Path) -> float:
    """Seconds for the papermill command line on every client and phase notebook."""
    out_dir = clients.parent / "stock"
    begin = time.perf_counter()
    for slug in sorted(p.name for p in clients.iterdir() if p.is_dir()):
        for notebook in phase_notebooks():
            out = out_dir / slug / notebook.name
            out.parent.mkdir(parents=True, exist_ok=True)
            argv = [str(BIN / "papermill"), str(notebook), str(out), "-p", "client", slug]
            argv += ["-p", "clients_dir", str(clients), "--cwd", str(notebook.parent)]
            subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - begin


def kmkit_batch(clients: Path) -> tuple[float, dict[str, tuple[float, float]]]:
    """Seconds for `kmkit batch --all --workers 2`, and the memory of its long-lived processes.

    Memory is sampled every half second: for each process that lives through most of the
    run (the workers and their chart converters), its resident size a quarter of the way
    in and its largest in the last tenth, in MB.
    """
    argv = [sys.executable, "-m", "kmkit.cli", "--clients-dir", str(clients)]
    argv += ["batch", "--all", "--workers", "2"]
    begin = time.perf_counter()
    main = psutil.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    samples: dict[int, list[tuple[float, float, str]]] = {}
    while main.poll() is None:
        for proc in main.children(recursive=True):
            try:
                command = " ".join(proc.cmdline())
                if "resource_tracker" in command:
                    continue
                kind = "chart converter" if "converter.py" in command else "worker"
                rss = proc.memory_info().rss / MB
            except psutil.Error:
                continue
            samples.setdefault(proc.pid, []).append((time.perf_counter() - begin, rss, kind))
        time.sleep(0.5)
    seconds = time.perf_counter() - begin
    if main.returncode != 0:
        raise SystemExit(f"kmkit batch failed ({main.returncode}) on {clients}")
    memory = {}
    for pid, points in samples.items():
        if points[-1][0] - points[0][0] < 0.6 * seconds:
            continue  # a forked child: one client, then gone
        early = [rss for at, rss, _ in points if at <= 0.25 * seconds] or [points[0][1]]
        late = [rss for at, rss, _ in points if at >= 0.9 * seconds] or [points[-1][1]]
        memory[f"{points[0][2]} {pid}"] = (early[-1], max(late))
    return seconds, memory


def line(label: str, count: int, seconds: float, ratio: str = "") -> str:
    return (
        f"{label:<44} {count:4d} clients {seconds:7.1f} s {count / seconds * 60:7.1f} /min {ratio}"
    )


def compare(count: int) -> None:
    clients = make_clients(count)
    base = stock(clients)
    ours, _ = kmkit_batch(clients)
    shutil.rmtree(clients.parent)
    print(f"{len(phase_notebooks())} phase notebooks per client")
    print(line("stock papermill CLI, one after another", count, base))
    print(line("kmkit batch --workers 2 (+ report, index)", count, ours, f"{base / ours:5.1f}x"))


def curve(sizes: tuple[int, ...] = (10, 50, 200)) -> None:
    clients = make_clients(sizes[0])
    base = stock(clients)
    shutil.rmtree(clients.parent)
    print(line("stock papermill CLI, one after another", sizes[0], base))
    for count in sizes:
        clients = make_clients(count)
        seconds, memory = kmkit_batch(clients)
        shutil.rmtree(clients.parent)
        print(
            line(
                "kmkit batch --workers 2",
                count,
                seconds,
                f"{base / seconds * count / sizes[0]:5.1f}x",
            )
        )
        for name, (early, late) in sorted(memory.items()):
            print(f"    {name:<22} {early:6.0f} MB early, {late:6.0f} MB at the end")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--curve"]:
        curve()
    else:
        compare(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
