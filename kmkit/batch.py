"""Reports for many clients at once: resilient, resumable, with an index of every outcome."""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from kmkit import paths
from kmkit.errors import KmkitError, WorkspaceError
from kmkit.workspace import known_slugs, open_client, read_config

STATE = ".batch-state.json"  # in reports/: what the last good report was made from
RETRIES = 2  # kernel-start races and dead kernels are worth another try
TRANSIENT = ("Kernel didn't respond", "Address already in use", "Kernel died", "kernel died")


@dataclass
class Job:
    """One client's report to make."""

    slug: str
    clients_dir: str
    pdf: bool = False
    timeout: int = 600
    changed_only: bool = False


@dataclass
class Outcome:
    """What happened to one client: a report, a skip, or the phase and reason it failed."""

    slug: str
    name: str
    status: str  # "ok", "skipped" or "failed"
    phase: str = ""
    reason: str = ""
    report: str = ""
    pdf: str = ""
    seconds: float = 0.0


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


def inputs_stamp(folder: Path) -> str:
    """What a report depends on: the client's inputs, the notebooks, templates and kmkit."""
    from kmkit import __version__
    from kmkit.fingerprints import fingerprint

    digest = hashlib.sha256(__version__.encode())
    digest.update(fingerprint(open_client(folder.name, folder.parent)).encode())
    for source in (paths.notebooks_dir(), paths.templates_dir() / "report"):
        for path in sorted(source.rglob("*")):
            if path.is_file():
                digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def _unchanged(job: Job, folder: Path) -> bool:
    state = folder / "reports" / STATE
    if not state.is_file() or not (folder / "reports" / "report.html").is_file():
        return False
    recorded = json.loads(state.read_text(encoding="utf-8"))
    return recorded.get("stamp") == inputs_stamp(folder) and (not job.pdf or recorded.get("pdf"))


def run_job(job: Job, engine: str | None = None) -> Outcome:
    """Make one client's report (and PDF); never raises, so one client cannot stop a batch.

    `engine` is papermill's engine: None for a kernel per notebook, or kmkit's in-process
    engine inside a forked child (see kmkit.engine).
    """
    from kmkit.report import build_report

    start = time.perf_counter()
    folder = Path(job.clients_dir) / job.slug
    where = {"phase": "workspace"}

    def step(name: str) -> None:
        where["phase"] = name

    try:
        client = open_client(job.slug, job.clients_dir)
        if job.changed_only and _unchanged(job, folder):
            return Outcome(
                job.slug,
                client.name,
                "skipped",
                reason="inputs unchanged",
                report=str(client.reports_dir / "report.html"),
            )
        for attempt in range(RETRIES + 1):
            try:
                report = build_report(client, timeout=job.timeout, on_step=step, engine=engine)
                break
            except (RuntimeError, TimeoutError) as exc:
                if attempt == RETRIES or not any(t in str(exc) for t in TRANSIENT):
                    raise
        pdf = ""
        if job.pdf:
            from kmkit.pdf import html_to_pdf

            step("pdf")
            pdf = str(html_to_pdf(report))
        stamp = {"stamp": inputs_stamp(folder), "pdf": bool(pdf)}
        (client.reports_dir / STATE).write_text(json.dumps(stamp), encoding="utf-8")
        return Outcome(
            job.slug,
            client.name,
            "ok",
            report=str(report),
            pdf=pdf,
            seconds=round(time.perf_counter() - start, 2),
        )
    except WorkspaceError as exc:
        return _failed(job, folder, where["phase"], exc.problems[0], start)
    except Exception as exc:  # noqa: BLE001 - a batch reports every failure and carries on
        text = str(exc) if isinstance(exc, KmkitError) else f"{type(exc).__name__}: {exc}"
        return _failed(job, folder, where["phase"], text.strip().splitlines()[0], start)


def _failed(job: Job, folder: Path, phase: str, reason: str, start: float) -> Outcome:
    try:
        name = read_config(folder / "client.yaml").name
    except WorkspaceError:
        name = job.slug
    return Outcome(
        job.slug,
        name,
        "failed",
        phase=phase,
        reason=reason,
        seconds=round(time.perf_counter() - start, 2),
    )


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
        from kmkit.cluster import run_on_dask

        return run_on_dask(jobs, scheduler, on_done)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # spawn, not fork: a process that has drawn a chart with vl-convert can hang after fork.
    context = multiprocessing.get_context("spawn")
    from kmkit.engine import run_forked, warm_up

    fork = fork and hasattr(os, "fork")  # Windows has no fork: a kernel per notebook there
    task, setup = (run_forked, warm_up) if fork else (run_job, None)
    with ProcessPoolExecutor(
        max_workers=max(1, workers), mp_context=context, initializer=setup
    ) as pool:
        futures = [pool.submit(task, job) for job in jobs]
        return collect(as_completed(futures), jobs, on_done)


def collect(
    finished: Iterable, jobs: list[Job], on_done: Callable[[Outcome], None] | None
) -> list[Outcome]:
    """Outcomes as futures finish (each passed to on_done), returned in job order."""
    results: dict[str, Outcome] = {}
    for future in finished:
        outcome = future.result()
        results[outcome.slug] = outcome
        if on_done:
            on_done(outcome)
    return [results[job.slug] for job in jobs]


def write_index(outcomes: list[Outcome], clients_dir: Path) -> Path:
    """Write index.html in the clients folder: every client, its status and its report."""
    import datetime as dt

    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from kmkit import __version__
    from kmkit.branding import read_branding

    env = Environment(
        loader=FileSystemLoader(paths.templates_dir() / "report"), autoescape=select_autoescape()
    )
    rows = []
    for o in outcomes:
        row = asdict(o)
        for key in ("report", "pdf"):
            row[key] = (
                Path(o.__dict__[key]).relative_to(clients_dir).as_posix() if o.__dict__[key] else ""
            )
        rows.append(row)
    html = env.get_template("batch-index.html.j2").render(
        outcomes=rows,
        branding=read_branding(clients_dir),
        kmkit_version=__version__,
        made_on=dt.date.today().isoformat(),
    )
    out = clients_dir / "index.html"
    tmp = out.with_suffix(".tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(out)
    return out
