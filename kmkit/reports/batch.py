"""Reports for many clients at once: resilient, resumable, with an index of every outcome."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path

from kmkit.core import paths
from kmkit.core.dates import as_of_date
from kmkit.core.errors import KmkitError, WorkspaceError
from kmkit.core.files import write_atomic
from kmkit.core.version import __version__
from kmkit.core.workspace import known_slugs, read_config
from kmkit.reports.branding import read_branding
from kmkit.reports.engine import run_forked, run_forks, warm_worker
from kmkit.reports.jobs import Job, Outcome, collect, run_job


def select(
    slugs: Iterable[str], cluster: str | None, everyone: bool, clients_dir: Path
) -> list[str]:
    """The clients a batch covers: named ones, a cluster's members, or all (sorted, unique)."""
    known = known_slugs(clients_dir)
    chosen = set(slugs)
    unknown = sorted(chosen - set(known))
    if unknown:
        names = ", ".join(map(repr, unknown))
        msg = f"No client {names} in {clients_dir}. Known: {', '.join(known)}."
        raise KmkitError(msg)
    if everyone:
        chosen |= set(known)
    if cluster:
        members = {s for s in known if _cluster_of(clients_dir / s) == cluster}
        if not members:
            raise KmkitError(f"No client in {clients_dir} belongs to cluster '{cluster}'.")
        chosen |= members
    if not chosen:
        raise KmkitError("Name clients, or use --cluster NAME or --all.")
    return sorted(chosen)


def _cluster_of(folder: Path) -> str | None:
    try:
        return read_config(folder / "client.yaml").cluster
    except WorkspaceError:
        return None


def run_batch(
    jobs: list[Job],
    workers: int = 2,
    scheduler: str | None = None,
    on_done: Callable[[Outcome], None] | None = None,
    fork: bool = True,
) -> list[Outcome]:
    """Run the jobs in worker processes (or on a Dask cluster); outcomes in job order.

    Locally, each worker imports the stack once and forks a fresh child per client
    (`fork=False`: a kernel per notebook, as stock papermill does).
    """
    if scheduler:
        from kmkit.reports.dask_runner import run_on_dask  # Dask is an optional extra

        return run_on_dask(jobs, scheduler, on_done, fork)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # spawn, not fork: a process that has drawn a chart with vl-convert can hang after fork.
    context = multiprocessing.get_context("spawn")

    fork = fork and hasattr(os, "fork")  # Windows has no fork: a kernel per notebook there
    task, setup = (run_forked, warm_worker) if fork else (run_job, None)
    with ProcessPoolExecutor(
        max_workers=max(1, workers), mp_context=context, initializer=setup
    ) as pool:
        futures = [pool.submit(task, job) for job in jobs]
        return collect(as_completed(futures), jobs, on_done)


def run_here(
    jobs: list[Job], workers: int = 2, on_done: Callable[[Outcome], None] | None = None
) -> list[Outcome]:
    """Run a few clients' jobs in forks of this process (report, demo); outcomes in job order.

    A pool imports the whole stack again in each worker, which a long batch pays once but
    one or two clients would pay on every command.
    """
    if not hasattr(os, "fork"):  # Windows: a kernel per notebook
        return run_batch(jobs, workers, on_done=on_done, fork=False)
    return run_forks(jobs, min(workers, len(jobs)), on_done)


def write_index(outcomes: list[Outcome], clients_dir: Path, as_of: str = "") -> Path:
    """Write index.html in the clients folder: every client, its status and its report."""
    from jinja2 import Environment, FileSystemLoader

    # Every template here is HTML; select_autoescape() would not match the .j2 ending.
    env = Environment(loader=FileSystemLoader(paths.templates_dir() / "report"), autoescape=True)
    rows = []
    for o in outcomes:
        row = asdict(o)
        for key in ("report", "pdf", "deck"):
            row[key] = (
                Path(o.__dict__[key]).relative_to(clients_dir).as_posix() if o.__dict__[key] else ""
            )
        rows.append(row)
    html = env.get_template("batch-index.html.j2").render(
        outcomes=rows,
        branding=read_branding(clients_dir),
        kmkit_version=__version__,
        made_on=as_of_date(as_of).isoformat(),
    )
    return write_atomic(clients_dir / "index.html", html)
