"""Running a batch on an existing Dask distributed cluster instead of local processes.

Every worker must see the same clients folder (a shared or synced file system) and have
kmkit installed. Each Dask worker warms once and forks a child per client, exactly as a
local pool's worker does (`run_forked`), so outputs match and no client reaches another.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from kmkit.core.errors import KmkitError
from kmkit.reports.engine import run_forked
from kmkit.reports.jobs import Job, Outcome, collect, run_job


def run_on_dask(
    jobs: list[Job],
    scheduler: str,
    on_done: Callable[[Outcome], None] | None = None,
    fork: bool = True,
) -> list[Outcome]:
    """Submit one task per client to the scheduler at ADDRESS; outcomes in job order."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise KmkitError("--scheduler needs Dask: pip install 'kmkit[dask]'") from None
    try:
        client = Client(scheduler, timeout="30s")
    except OSError as exc:
        raise KmkitError(f"No Dask scheduler answered at {scheduler}: {exc}") from None
    with client:
        return collect(as_completed(client.map(_run, jobs, fork=fork, pure=False)), jobs, on_done)


def _run(job: Job, fork: bool) -> Outcome:
    """One client on a worker: forked from it, or a kernel per notebook where it cannot fork."""
    return run_forked(job) if fork and hasattr(os, "fork") else run_job(job)
