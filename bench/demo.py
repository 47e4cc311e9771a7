"""The demo's jobs forked from one warm process, against a pool of spawned workers.

    python bench/demo.py [REPEATS]    # default 3

`kmkit demo` (and `kmkit report`) make the demo clients' reports and dashboards and their
cluster's report. They fork each job from the command's own process once it has warmed the
stack (`run_here`); a batch's pool spawns workers that each import it all again
(`run_batch`). Both run here on fresh copies of the shipped clients, alternating, each in a
new Python process as a command would be; the medians are printed with their ratio.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RUN = """
import sys
from kmkit.reports.batch import run_batch, run_here
from kmkit.reports.jobs import Job

if __name__ == "__main__":
    root = sys.argv[2]
    jobs = [Job(s, root, dashboard=True) for s in ("demo-accounting", "demo-precision")]
    jobs.append(Job("demo-cluster", root, cluster=True))
    done = run_here(jobs) if sys.argv[1] == "here" else run_batch(jobs, workers=2)
    assert all(o.status == "ok" for o in done), done
"""


def seconds(route: str, script: Path) -> float:
    """Wall time of one run of the demo's jobs by `route`, on a fresh copy of the clients."""
    with tempfile.TemporaryDirectory() as folder:
        clients = Path(folder) / "clients"
        shutil.copytree(REPO / "clients", clients, ignore=shutil.ignore_patterns("reports"))
        start = time.perf_counter()
        subprocess.run([sys.executable, str(script), route, str(clients)], check=True)
        return time.perf_counter() - start


def main(repeats: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "run.py"
        script.write_text(RUN, encoding="utf-8")
        times: dict[str, list[float]] = {"here": [], "pool": []}
        for _ in range(repeats):
            for route in times:
                times[route].append(seconds(route, script))
    here, pool = (statistics.median(times[r]) for r in ("here", "pool"))
    print(f"demo jobs, median of {repeats}: forked here {here:.1f} s, pool {pool:.1f} s")
    rounded = {r: [round(t, 1) for t in ts] for r, ts in times.items()}
    print(f"  runs: here {rounded['here']}, pool {rounded['pool']}")
    print(f"  pool / here: {pool / here:.2f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
