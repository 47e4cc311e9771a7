"""Running a batch on an existing Dask distributed cluster instead of local processes.

Every worker must see the same clients folder (a shared or synced file system) and have
kmkit installed; each job is the same `run_job` the local pool runs, so outputs match.
"""

from __future__ import annotations

from collections.abc import Callable

from kmkit.core.errors import KmkitError
from kmkit.reports.jobs import Job, Outcome, collect, run_job


def run_on_dask(
    jobs: list[Job], scheduler: str, on_done: Callable[[Outcome], None] | None = None
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
        return collect(as_completed(client.map(run_job, jobs, pure=False)), jobs, on_done)
