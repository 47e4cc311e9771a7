"""Report commands: one client, the demo clients, or a batch of many."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from kmkit.cli.common import clients_folder, friendly, main, refuse_broken_store
from kmkit.core.errors import KmkitError
from kmkit.core.workspace import Client, open_client

workshop_notes_option = click.option(
    "--workshop-notes",
    "notes",
    is_flag=True,
    help="End the report with the cells tagged workshop-notes in the client's workshop copies.",
)
kernel_option = click.option(
    "--kernel-per-notebook",
    "kernels",
    is_flag=True,
    help="Run each notebook in its own Jupyter kernel, as papermill does (slower); "
    "--timeout then bounds each cell rather than the whole client.",
)


as_of_option = click.option(
    "--as-of",
    "as_of",
    default="",
    metavar="YYYY-MM-DD",
    help="The date the engagement is read as of (its current survey, roadmap, review). "
    "Default: today.",
)


def _as_of(text: str) -> dt.date:
    """The --as-of date, or a usage error naming the format."""
    from kmkit.engagement import as_of_date

    try:
        return as_of_date(text)
    except KmkitError as exc:
        raise click.BadParameter(str(exc), param_hint="--as-of") from None


def _fast(
    clients: list[Client],
    timeout: int,
    notes: bool = False,
    clusters: tuple[str, ...] = (),
    as_of: dt.date | None = None,
    pdf: bool = False,
) -> list[Path]:
    """Reports in forks of this process, warmed once: seconds, not a kernel per notebook.

    Each client's dashboard page is made too, so `kmkit serve --app dashboard` shows it at once;
    then each of `clusters`' facilitator report. With `pdf`, each report is printed beside it.
    """
    from tqdm import tqdm

    from kmkit.reports.batch import run_here
    from kmkit.reports.jobs import Job

    root = str(clients[0].path.parent)
    day = as_of.isoformat() if as_of else ""
    jobs = [
        Job(c.slug, root, pdf, timeout, workshop_notes=notes, dashboard=True, as_of=day)
        for c in clients
    ] + [Job(slug, root, pdf, timeout, cluster=True, as_of=day) for slug in clusters]
    with tqdm(total=len(jobs), unit="client", file=sys.stderr, leave=False) as bar:
        outcomes = run_here(jobs, on_done=lambda _: bar.update(1))
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        raise KmkitError("; ".join(f"{o.slug}, {o.phase}: {o.reason}" for o in failed))
    return [Path(o.report) for o in outcomes]


def _build(client: Client, timeout: int, notes: bool = False, as_of: dt.date | None = None) -> Path:
    """Build one client's report with a progress bar over its phase notebooks."""
    from tqdm import tqdm

    from kmkit.reports.build import build_report, phase_notebooks

    with tqdm(
        total=len(phase_notebooks()),
        desc=client.slug,
        unit="notebook",
        file=sys.stderr,
        leave=False,
    ) as bar:

        def step(name: str) -> None:
            if bar.postfix:  # the previous notebook has finished
                bar.update(1)
            bar.set_postfix_str(name)

        from kmkit.engagement import Engagement

        e = Engagement(client, as_of)
        path = build_report(e, timeout=timeout, on_step=step, workshop_notes=notes)
        bar.update(bar.total - bar.n)
    return path


@main.command()
@click.argument("slug")
@click.option(
    "--timeout",
    default=600,
    show_default=True,
    help="Seconds the report may take (each cell, with --kernel-per-notebook).",
)
@workshop_notes_option
@kernel_option
@as_of_option
@click.option(
    "--pdf", is_flag=True, help="Also print the report to reports/report.pdf (needs chromium)."
)
@click.pass_context
@friendly
def report(
    ctx: click.Context,
    slug: str,
    timeout: int,
    notes: bool,
    kernels: bool,
    as_of: str,
    pdf: bool,
) -> None:
    """Run the phase notebooks for client SLUG and write reports/report.html (and .pdf)."""
    client = open_client(slug, clients_folder(ctx))
    refuse_broken_store(client)
    day = _as_of(as_of)
    if kernels:
        path = _build(client, timeout, notes, day)
        if pdf:
            from kmkit.reports.pdf import html_to_pdf

            html_to_pdf(path)
    else:
        path = _fast([client], timeout, notes, as_of=day, pdf=pdf)[0]
    click.echo(f"{client.name}: {path}")
    if pdf:
        click.echo(f"{client.name}: {path.with_suffix('.pdf')}")


@main.command()
@click.argument("slugs", nargs=-1)
@click.option("--cluster", default=None, help="Every client whose client.yaml names this cluster.")
@click.option("--all", "everyone", is_flag=True, help="Every client in the clients folder.")
@click.option("--workers", default=2, show_default=True, help="Clients worked on at once.")
@click.option("--pdf", is_flag=True, help="Also print each report to PDF (needs chromium).")
@click.option(
    "--changed-only",
    is_flag=True,
    help="Skip clients whose inputs, notebooks and kmkit are as at their last report.",
)
@click.option(
    "--scheduler",
    default=None,
    help="Run on an existing Dask cluster at this address (tcp://host:8786).",
)
@click.option(
    "--timeout",
    default=600,
    show_default=True,
    help="Seconds a client may take before it is stopped and reported as failed "
    "(per notebook cell with --scheduler).",
)
@click.option(
    "--dashboards",
    is_flag=True,
    help="Also make each client's dashboard page, so kmkit serve shows it at once.",
)
@click.option(
    "--deck",
    is_flag=True,
    help="Also write each client's steering-meeting deck, reports/deck.pptx.",
)
@workshop_notes_option
@as_of_option
@click.pass_context
@friendly
def batch(
    ctx: click.Context,
    slugs: tuple[str, ...],
    cluster: str | None,
    everyone: bool,
    workers: int,
    pdf: bool,
    changed_only: bool,
    scheduler: str | None,
    timeout: int,
    dashboards: bool,
    deck: bool,
    notes: bool,
    as_of: str,
) -> None:
    """Make the report of many clients; a failing client never stops the others.

    Writes each client's reports/report.html (and .pdf), then index.html in the clients
    folder with every client's status. With --cluster (or --all), also the cluster's report
    for its facilitator. Exit code 1 when any client failed.
    """
    from tqdm import tqdm

    from kmkit.phases.clusters.inputs import cluster_slugs
    from kmkit.reports.batch import run_batch, select, write_index
    from kmkit.reports.build import phase_notebooks
    from kmkit.reports.jobs import Job, refusal

    root = clients_folder(ctx)
    day = _as_of(as_of).isoformat()
    chosen = select(slugs, cluster, everyone, root)
    jobs = [
        Job(slug, str(root), pdf, timeout, changed_only, notes, dashboards, deck, as_of=day)
        for slug in chosen
    ]
    clusters = cluster_slugs(root) if everyone else [cluster] if cluster else []
    jobs += [  # and each cluster's report for its facilitator
        Job(slug, str(root), pdf, timeout, cluster=True, as_of=day)
        for slug in clusters
        if slug in cluster_slugs(root)
    ]
    per_client = len(phase_notebooks())
    with tqdm(total=len(jobs) * per_client, unit="notebook", file=sys.stderr) as bar:
        finished = []

        def done(outcome: object) -> None:
            finished.append(outcome)
            bar.set_postfix_str(
                f"{len(finished)}/{len(jobs)} clients, {outcome.slug}: {outcome.status}"
            )
            bar.update(per_client)

        refused = [o for o in map(refusal, jobs) if o is not None]  # before any fork
        for outcome in refused:
            done(outcome)
        skip = {o.slug for o in refused}
        runnable = [job for job in jobs if job.slug not in skip]
        ran = run_batch(runnable, workers=workers, scheduler=scheduler, on_done=done)
        by_slug = {o.slug: o for o in [*refused, *ran]}
        outcomes = [by_slug[job.slug] for job in jobs]
    index = write_index(outcomes, root, day)
    failed = [o for o in outcomes if o.status == "failed"]
    counts = {s: sum(o.status == s for o in outcomes) for s in ("ok", "skipped", "failed")}
    click.echo(
        f"{counts['ok']} report(s) made, {counts['skipped']} unchanged, "
        f"{counts['failed']} failed. Index: {index}"
    )
    for o in failed:
        click.echo(f"failed: {o.slug} ({o.name}), {o.phase}: {o.reason}")
    if failed:
        sys.exit(1)


@main.command("deck")
@click.argument("slug")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the deck. Default: the client's reports/deck.pptx.",
)
@as_of_option
@click.pass_context
@friendly
def deck_command(ctx: click.Context, slug: str, out: Path | None, as_of: str) -> None:
    """Write client SLUG's steering-meeting deck: PowerPoint, one slide per key finding.

    Every phase with data gives its findings, each slide headed by a sentence drawn from the
    results; charts are PowerPoint's own, so their data can be edited and restyled.
    """
    from kmkit.reports.deck.build import build_deck

    client = open_client(slug, clients_folder(ctx))
    from kmkit.engagement import Engagement

    click.echo(f"{client.name}: {build_deck(Engagement(client, _as_of(as_of)), out)}")


@main.command()
@click.option(
    "--timeout",
    default=600,
    show_default=True,
    help="Seconds a report may take (each cell, with --kernel-per-notebook).",
)
@kernel_option
@as_of_option
@click.pass_context
@friendly
def demo(ctx: click.Context, timeout: int, kernels: bool, as_of: str) -> None:
    """Build the report of every shipped demo client and of their cluster; print where each is."""
    from kmkit.core.workspace import demo_slugs
    from kmkit.phases.clusters.inputs import cluster_of
    from kmkit.reports.build import build_cluster_report

    root = clients_folder(ctx)
    slugs = demo_slugs(root)
    if not slugs:
        msg = f"No demo clients in {root}. Regenerate them with `python -m kmkit.demo {root}`."
        raise KmkitError(msg)
    clients = [open_client(slug, root) for slug in slugs]
    day = _as_of(as_of)
    for client in clients:
        refuse_broken_store(client)
    clusters = {c.slug: c for c in filter(None, map(cluster_of, clients))}
    if kernels:
        made = [_build(c, timeout, as_of=day) for c in clients]
        made += [build_cluster_report(c, timeout=timeout, as_of=day) for c in clusters.values()]
    else:
        made = _fast(clients, timeout, clusters=tuple(clusters), as_of=day)
    names = [c.name for c in clients] + [c.name for c in clusters.values()]
    for name, path in zip(names, made, strict=True):
        click.echo(f"{name}: {path}")
