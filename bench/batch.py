"""Batch throughput: `kmkit batch` against the stock papermill command line, same run.

N synthetic clients (kmkit.demo.synthetic). Stock: one `papermill` run per client and
phase notebook, one after another, as a shell loop would; kmkit: `kmkit batch --all` with two
workers, which also writes the combined HTML report and the index.
Usage: python bench/batch.py [CLIENTS]   (the issue's target run uses 50)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kmkit.demo import synthetic
from kmkit.reports.build import phase_notebooks

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 10
BIN = Path(sys.executable).parent

if __name__ == "__main__":
    work = Path(tempfile.mkdtemp())
    clients = work / "clients"
    synthetic(COUNT, clients)
    slugs = sorted(p.name for p in clients.iterdir() if p.is_dir())
    begin = time.perf_counter()
    for slug in slugs:
        for notebook in phase_notebooks():
            out = work / "stock" / slug / notebook.name
            out.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [
                    str(BIN / "papermill"),
                    str(notebook),
                    str(out),
                    "-p",
                    "client",
                    slug,
                    "-p",
                    "clients_dir",
                    str(clients),
                    "--cwd",
                    str(notebook.parent),
                ],
                check=True,
                capture_output=True,
            )
    stock = time.perf_counter() - begin
    begin = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "kmkit.cli",
            "--clients-dir",
            str(clients),
            "batch",
            "--all",
            "--workers",
            "2",
        ],
        check=True,
        capture_output=True,
    )
    ours = time.perf_counter() - begin
    shutil.rmtree(work)
    print(f"{COUNT} clients, {len(phase_notebooks())} phase notebook(s) each")
    print(
        f"{'stock papermill CLI, one after another':<44} {stock:7.1f} s  "
        f"{COUNT / stock * 60:6.1f} clients/min"
    )
    print(
        f"{'kmkit batch --workers 2 (+ HTML report, index)':<44} {ours:7.1f} s  "
        f"{COUNT / ours * 60:6.1f} clients/min   {stock / ours:4.2f}x stock throughput"
    )
