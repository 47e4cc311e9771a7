"""A cluster's batch on Dask against the same batch run locally: the same reports, and times.

Makes MEMBERS synthetic clients in one cluster (kmkit.demo.madeup.synthetic) with its cluster.yaml,
copies the clients folder, then runs `kmkit batch --cluster bench-cluster` on one copy with
two local workers and on the other with `--scheduler` pointing at a Dask LocalCluster of two
worker processes with one thread each (the same two cores). Every report of the two runs,
the members' and the facilitator's, is compared byte for byte.

Usage:
  python bench/cluster_batch.py [MEMBERS]   default 20; the clusters issue's run uses 200
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from distributed import LocalCluster

from kmkit.demo.madeup import synthetic
from kmkit.phases.clusters.inputs import new_cluster

CLUSTER = "bench-cluster"


def make_cluster(members: int) -> Path:
    """A temporary clients folder: `members` synthetic clients, all in one cluster."""
    clients = Path(tempfile.mkdtemp()) / "clients"
    synthetic(members, clients, cluster=CLUSTER)
    new_cluster(CLUSTER, "Bench Cluster", "Bench Productivity Council", clients)
    return clients


def batch(clients: Path, *options: str) -> float:
    """Seconds for `kmkit batch --cluster` on `clients` (it must succeed)."""
    argv = [sys.executable, "-m", "kmkit.cli", "--clients-dir", str(clients)]
    argv += ["batch", "--cluster", CLUSTER, *options]
    begin = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True)
    seconds = time.perf_counter() - begin
    if done.returncode != 0:
        raise SystemExit(f"kmkit batch failed on {clients}:\n{done.stdout}\n{done.stderr}")
    return seconds


def differing(one: Path, other: Path) -> tuple[int, list[str]]:
    """How many reports the two clients folders hold, and the folders whose reports differ."""
    reports = sorted(one.glob("*/reports/report.html"))
    different = [
        path.parent.parent.name
        for path in reports
        if path.read_bytes() != (other / path.relative_to(one)).read_bytes()
    ]
    return len(reports), different


def main(members: int) -> None:
    local = make_cluster(members)
    remote = local.parent / "on-dask"
    shutil.copytree(local, remote)
    here = batch(local, "--workers", "2")
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        there = batch(remote, "--scheduler", cluster.scheduler_address)
    count, different = differing(local, remote)
    shutil.rmtree(local.parent)
    jobs = members + 1  # every member's report and the facilitator's
    print(f"{members} members, {jobs} reports each way")
    print(f"local, kmkit batch --workers 2   {here:7.1f} s  {jobs / here * 60:6.1f} reports/min")
    print(f"Dask LocalCluster, 2 x 1 thread  {there:7.1f} s  {jobs / there * 60:6.1f} reports/min")
    print(f"reports compared byte for byte: {count}; different: {len(different)} {different[:5]}")
    if different or count != jobs:
        raise SystemExit(1)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
