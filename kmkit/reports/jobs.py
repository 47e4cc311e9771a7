"""One client's batch job: what to make, what happened, and the run that never raises."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from kmkit.core import paths
from kmkit.core.dates import as_of_date
from kmkit.core.errors import KmkitError, WorkspaceError
from kmkit.core.files import write_atomic
from kmkit.core.provenance import fingerprint
from kmkit.core.version import __version__
from kmkit.core.workspace import open_client, read_config
from kmkit.engagement import Engagement, reporting
from kmkit.inputs.workshop import workshop_notes
from kmkit.phases.clusters.inputs import cluster_of, open_cluster
from kmkit.reports.build import build_cluster_report, build_report
from kmkit.reports.dashboard import make_dashboard
from kmkit.reports.deck import DECK
from kmkit.reports.pdf import html_to_pdf

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
    workshop_notes: bool = False  # add the consultant's workshop notes to the report
    dashboard: bool = False  # also keep the managers' dashboard page, for `kmkit serve`
    deck: bool = False  # also write the steering meeting's PowerPoint deck
    cluster: bool = False  # `slug` is a cluster: make its facilitator's report
    as_of: str = ""  # the engagement's date, YYYY-MM-DD; empty: today


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
    deck: str = ""
    seconds: float = 0.0

    @classmethod
    def failed(cls, slug: str, name: str, phase: str, reason: str, seconds: float = 0.0) -> Outcome:
        """A client that failed in `phase` for `reason`: the one way a batch says so."""
        return cls(slug, name, "failed", phase=phase, reason=reason, seconds=seconds)


def inputs_stamp(folder: Path, notes: bool = False, as_of: dt.date | None = None) -> str:
    """What a report depends on: the inputs, the as-of date, the notebooks, templates, kmkit.

    The workshop copies count only through the notes a report includes (`notes`).
    """
    digest = hashlib.sha256(__version__.encode())
    if as_of is not None:
        digest.update(as_of.isoformat().encode())  # a report as of another day is made again
    client = open_client(folder.name, folder.parent)
    digest.update(fingerprint(client).encode())
    if notes:
        digest.update(repr(workshop_notes(client)).encode())
    cluster = cluster_of(client)
    if cluster is not None:  # the member's section reads every member's figures
        from kmkit.phases.clusters.members import cluster_fingerprint

        digest.update(cluster_fingerprint(cluster).encode())
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
    stamp = inputs_stamp(folder, job.workshop_notes, as_of_date(job.as_of))
    deck = folder / "reports" / DECK
    return (
        recorded.get("stamp") == stamp
        and (not job.pdf or recorded.get("pdf"))
        and (not job.deck or (recorded.get("deck") and deck.is_file()))
    )


def run_job(job: Job, engine: str | None = None) -> Outcome:
    """Make one client's report (and PDF); never raises, so one client cannot stop a batch.

    `engine` is papermill's engine: None for a kernel per notebook, or kmkit's in-process
    engine inside a forked child (see kmkit.reports.engine).
    """
    start = time.perf_counter()
    if job.cluster:
        return _run_cluster(job, engine, start)
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
                deck=str(client.reports_dir / DECK) if job.deck else "",
            )
        with reporting(Engagement(client, as_of_date(job.as_of))) as e:
            report = _report(e, job, step, engine)
            if job.dashboard:
                step("dashboard")
                make_dashboard(e, engine, job.timeout)
            pdf = deck = ""
            if job.pdf:
                step("pdf")
                pdf = str(html_to_pdf(report))
            if job.deck:
                step("deck")
                from kmkit.reports.deck.build import build_deck

                deck = str(build_deck(e))
        stamp = {
            "stamp": inputs_stamp(folder, job.workshop_notes, e.as_of),
            "pdf": bool(pdf),
            "deck": bool(deck),
        }
        write_atomic(client.reports_dir / STATE, json.dumps(stamp))
        return Outcome(
            job.slug,
            client.name,
            "ok",
            report=str(report),
            pdf=pdf,
            deck=deck,
            seconds=round(time.perf_counter() - start, 2),
        )
    except WorkspaceError as exc:
        return _failed(job, folder, where["phase"], exc.problems[0], start)
    except Exception as exc:  # noqa: BLE001 - a batch reports every failure and carries on
        text = str(exc) if isinstance(exc, KmkitError) else f"{type(exc).__name__}: {exc}"
        return _failed(job, folder, where["phase"], text.strip().splitlines()[0], start)


def _report(e: Engagement, job: Job, step: Callable[[str], None], engine: str | None) -> Path:
    """The client's report, tried again when a kernel fails to start (a transient fault)."""

    def attempt() -> Path:
        notes = job.workshop_notes
        return build_report(
            e, timeout=job.timeout, on_step=step, engine=engine, workshop_notes=notes
        )

    for _ in range(RETRIES):
        try:
            return attempt()
        except (RuntimeError, TimeoutError) as exc:
            if not any(t in str(exc) for t in TRANSIENT):
                raise
    return attempt()  # the last try: whatever it raises, the batch reports


def _run_cluster(job: Job, engine: str | None, start: float) -> Outcome:
    """Make a cluster's facilitator report (and PDF); never raises."""
    phase = "cluster"
    pdf = ""
    try:
        cluster = open_cluster(job.slug, job.clients_dir)
        report = build_cluster_report(
            cluster, timeout=job.timeout, engine=engine, as_of=as_of_date(job.as_of)
        )
        if job.pdf:
            phase = "pdf"
            pdf = str(html_to_pdf(report))
    except Exception as exc:  # noqa: BLE001 - a batch reports every failure and carries on
        text = str(exc) if isinstance(exc, KmkitError) else f"{type(exc).__name__}: {exc}"
        reason = text.strip().splitlines()[0]
        seconds = round(time.perf_counter() - start, 2)
        return Outcome.failed(job.slug, job.slug, phase, reason, seconds)
    seconds = round(time.perf_counter() - start, 2)
    return Outcome(job.slug, cluster.name, "ok", report=str(report), pdf=pdf, seconds=seconds)


def refusal(job: Job) -> Outcome | None:
    """A client's failed outcome when its store cannot be used, found before any fork; or None.

    A client whose folder or configuration is bad is left to run_job, which says so.
    """
    from kmkit.core.store import store_fault

    if job.cluster:
        return None
    try:
        client = open_client(job.slug, job.clients_dir)
    except KmkitError:
        return None
    fault = store_fault(client.store_path)
    if fault is None:
        return None
    return _failed(job, client.path, "store", str(fault), time.perf_counter())


def _failed(job: Job, folder: Path, phase: str, reason: str, start: float) -> Outcome:
    try:
        name = read_config(folder / "client.yaml").name
    except WorkspaceError:
        name = job.slug
    return Outcome.failed(job.slug, name, phase, reason, round(time.perf_counter() - start, 2))


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
