"""The `kmkit` command line: create, check, report on, serve and demo client workspaces."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from kmkit import __version__, paths
from kmkit.errors import KmkitError, WorkspaceError
from kmkit.workspace import Client, open_client


def _clients_dir(ctx: click.Context) -> Path:
    return paths.clients_dir(ctx.obj.get("clients_dir"))


def friendly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn kmkit's own errors into a plain message and exit code 1, not a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except WorkspaceError as exc:
            for problem in exc.problems:
                click.echo(f"error: {problem}", err=True)
            sys.exit(1)
        except KmkitError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--clients-dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder holding one folder per client. Default: $KMKIT_CLIENTS_DIR, else ./clients.",
)
@click.version_option(__version__, prog_name="kmkit")
@click.pass_context
def main(ctx: click.Context, clients_dir: str | None) -> None:
    """Knowledge-management consulting kit: one workspace per client, one notebook per phase."""
    ctx.ensure_object(dict)
    ctx.obj["clients_dir"] = clients_dir


@main.command()
@click.argument("slug")
@click.option("--name", required=True, help="The client's display name, e.g. 'Acme Tools Ltd'.")
@click.pass_context
@friendly
def new(ctx: click.Context, slug: str, name: str) -> None:
    """Create a client workspace SLUG from templates/client/ (never overwrites)."""
    from kmkit.workspace import new_client

    client = new_client(slug, name, _clients_dir(ctx))
    click.echo(f"Created {client.path}")
    click.echo(f"Next: fill in {client.config_path}, then run `kmkit check {slug}`.")


@main.command()
@click.argument("slug")
@click.pass_context
@friendly
def check(ctx: click.Context, slug: str) -> None:
    """List every problem in client SLUG's workspace; exit 1 if there is any."""
    from kmkit.checks import check_client

    problems = check_client(slug, _clients_dir(ctx))
    for problem in problems:
        click.echo(f"problem: {problem}")
    if problems:
        click.echo(f"{len(problems)} problem(s) found in {slug}.")
        sys.exit(1)
    click.echo(f"{slug}: no problems found.")


def _build(client: Client, timeout: int) -> Path:
    """Build one client's report with a progress bar over its phase notebooks."""
    from tqdm import tqdm

    from kmkit.report import build_report, phase_notebooks

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

        path = build_report(client, timeout=timeout, on_step=step)
        bar.update(bar.total - bar.n)
    return path


@main.command()
@click.argument("slug")
@click.option(
    "--timeout",
    default=600,
    show_default=True,
    help="Seconds a single notebook cell may run before the report fails.",
)
@click.pass_context
@friendly
def report(ctx: click.Context, slug: str, timeout: int) -> None:
    """Run the phase notebooks for client SLUG and write reports/report.html."""
    client = open_client(slug, _clients_dir(ctx))
    path = _build(client, timeout)
    click.echo(f"{client.name}: {path}")


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
    help="Seconds a single notebook cell may run before that client fails.",
)
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
) -> None:
    """Make the report of many clients; a failing client never stops the others.

    Writes each client's reports/report.html (and .pdf), then index.html in the clients
    folder with every client's status. Exit code 1 when any client failed.
    """
    from tqdm import tqdm

    from kmkit.batch import Job, run_batch, select, write_index

    root = _clients_dir(ctx)
    chosen = select(slugs, cluster, everyone, root)
    jobs = [Job(slug, str(root), pdf, timeout, changed_only) for slug in chosen]
    with tqdm(total=len(jobs), unit="client", file=sys.stderr) as bar:

        def done(outcome: object) -> None:
            bar.set_postfix_str(f"{outcome.slug}: {outcome.status}")
            bar.update(1)

        outcomes = run_batch(jobs, workers=workers, scheduler=scheduler, on_done=done)
    index = write_index(outcomes, root)
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


@main.command()
@click.option(
    "--timeout",
    default=600,
    show_default=True,
    help="Seconds a single notebook cell may run before a report fails.",
)
@click.pass_context
@friendly
def demo(ctx: click.Context, timeout: int) -> None:
    """Build the report of every shipped demo client and print where each one is."""
    from kmkit.workspace import demo_slugs

    root = _clients_dir(ctx)
    slugs = demo_slugs(root)
    if not slugs:
        msg = f"No demo clients in {root}. Regenerate them with `python -m kmkit.demo_data {root}`."
        raise KmkitError(msg)
    for slug in slugs:
        client = open_client(slug, root)
        click.echo(f"{client.name}: {_build(client, timeout)}")


@main.command(name="import")
@click.argument("slug")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--instrument",
    default="maturity",
    show_default=True,
    help="The questionnaire the file answers.",
)
@click.option(
    "--wave",
    default="baseline",
    show_default=True,
    help="Which round of the survey: baseline, reassessment-2027...",
)
@click.option("--sheet", default=None, help="Sheet to read in an XLSX file (default: the first).")
@click.option(
    "--skip-bad-rows",
    is_flag=True,
    help="Import the good rows and report the bad ones (default: import nothing "
    "while any row is bad).",
)
@click.pass_context
@friendly
def import_(
    ctx: click.Context,
    slug: str,
    file: Path,
    instrument: str,
    wave: str,
    sheet: str | None,
    skip_bad_rows: bool,
) -> None:
    """Import survey answers for client SLUG from FILE (CSV, XLSX, Google or Microsoft Forms).

    Names and e-mail addresses are never stored: each respondent gets a pseudonym, so
    importing the same file twice adds nothing the second time.
    """
    from kmkit.importing import import_file

    client = open_client(slug, _clients_dir(ctx))
    report = import_file(client, file, instrument, wave, sheet, skip_bad_rows)
    click.echo(report.summary())
    if report.rejected:
        sys.exit(1)


@main.command()
@click.argument("slug")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write: .csv or .xlsx.",
)
@click.option("--instrument", default="maturity", show_default=True)
@click.option("--wave", default=None, help="One wave only (default: all).")
@click.pass_context
@friendly
def export(ctx: click.Context, slug: str, out: Path, instrument: str, wave: str | None) -> None:
    """Write client SLUG's stored responses to a CSV or XLSX file (pseudonyms, no names)."""
    from kmkit.forms import export_responses
    from kmkit.instruments import load_instrument

    client = open_client(slug, _clients_dir(ctx))
    path = export_responses(client, load_instrument(instrument, client.path), out, wave)
    click.echo(f"Wrote {path}")


@main.command()
@click.argument("instrument")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="FILE.xlsx for a workbook with dropdowns, FILE.csv for a header line.",
)
@click.option(
    "--client", "slug", default=None, help="Offer this client's departments and roles as dropdowns."
)
@click.option("--target", is_flag=True, help="Add a 'target' column for every question.")
@click.pass_context
@friendly
def form(ctx: click.Context, instrument: str, out: Path, slug: str | None, target: bool) -> None:
    """Write a blank form for INSTRUMENT (e.g. maturity) that `kmkit import` reads back."""
    from kmkit.forms import write_form
    from kmkit.instruments import load_instrument

    client = open_client(slug, _clients_dir(ctx)) if slug else None
    definition = load_instrument(instrument, client.path if client else None)
    path = write_form(definition, out, client.config if client else None, target)
    click.echo(f"Wrote {path}")


@main.command()
@click.argument("slug")
@click.option("--wave", default=None, help="Wave to score (default: the latest).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for other tools.")
@click.pass_context
@friendly
def score(ctx: click.Context, slug: str, wave: str | None, as_json: bool) -> None:
    """Print client SLUG's maturity scores, level and 95% intervals."""
    import json

    from kmkit.awareness import assess_maturity, maturity_summary

    client = open_client(slug, _clients_dir(ctx))
    summary = maturity_summary(assess_maturity(client, wave), client)
    if as_json:
        click.echo(json.dumps(summary, indent=2, ensure_ascii=False))
        return
    overall, level = summary["overall"], summary["level"]
    click.echo(f"{client.name}, wave '{summary['wave']}', {summary['respondents']} respondents")
    click.echo(
        f"Overall {overall['score']:.2f} (95% {overall['ci_low']:.2f}-"
        f"{overall['ci_high']:.2f}): level {level['level']}, {level['name']}"
        + (f" (uncertain: {' or '.join(level['possible'])})" if level["uncertain"] else "")
    )
    click.echo(f"{'category':<32}{'mean':>6}{'95% interval':>15}{'sd':>6}{'agree':>7}{'alpha':>7}")
    for cat in summary["categories"]:
        alpha = (
            "  n/a"
            if cat["alpha"] is None
            else f"{cat['alpha']:.2f}" + ("!" if cat["alpha_low"] else " ")
        )
        click.echo(
            f"{cat['name']:<32}{cat['mean']:>6.2f}   {cat['ci_low']:.2f}-{cat['ci_high']:.2f}"
            f"    {cat['sd']:>4.2f}{cat['agree_share']:>6.0%} {alpha:>6}"
        )
    click.echo("alpha under 0.7 (!) means a category's questions do not hang together well.")


@main.command()
@click.argument("slug")
@click.option("--port", default=8866, show_default=True, help="Port to listen on.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; keep 127.0.0.1 unless a reverse proxy is in front.",
)
@click.option(
    "--app",
    default=None,
    help="Serve one app only: dashboard, survey, or a phase such as 01_awareness.",
)
@click.option(
    "--token",
    default=None,
    help="Require this token (?token=...) on every page; 'auto' makes one up.",
)
@click.option(
    "--pool-size",
    default=1,
    show_default=True,
    help="Kernels kept ready per notebook, so pages open at once (0: none).",
)
@click.option(
    "--max-kernels",
    default=20,
    show_default=True,
    help="Most kernels at once; past it visitors are asked to come back shortly.",
)
@click.pass_context
@friendly
def serve(
    ctx: click.Context,
    slug: str,
    port: int,
    host: str,
    app: str | None,
    token: str | None,
    pool_size: int,
    max_kernels: int,
) -> None:
    """Serve client SLUG's notebooks as Voilà apps (sources hidden, this client only)."""
    import secrets

    from kmkit.apps import serve as run

    client = open_client(slug, _clients_dir(ctx))
    if token == "auto":
        token = secrets.token_urlsafe(16)
    if host not in ("127.0.0.1", "localhost", "::1") and not token:
        click.echo(
            "warning: serving beyond this machine without --token; anyone who can reach "
            "it can open the apps. Prefer a reverse proxy (see README).",
            err=True,
        )
    query = f"?token={token}" if token else ""
    click.echo(f"Serving {client.name} on http://{host}:{port}/{query} (Ctrl+C to stop)")
    run(
        client,
        port=port,
        host=host,
        app=app,
        token=token,
        pool_size=pool_size,
        max_kernels=max_kernels,
    )


@main.command()
@click.argument("slug")
@click.option("--close", "action", flag_value="close", help="Close the survey.")
@click.option("--open", "action", flag_value="open", help="Open the survey again.")
@click.option("--message", default="", help="What respondents see while it is closed.")
@click.pass_context
@friendly
def survey(ctx: click.Context, slug: str, action: str | None, message: str) -> None:
    """Open or close client SLUG's survey app, or say whether it is open."""
    from kmkit.survey import set_survey_closed, survey_closed_message

    client = open_client(slug, _clients_dir(ctx))
    if action:
        set_survey_closed(client, action == "close", message)
    closed = survey_closed_message(client)
    click.echo(f"The survey of {client.name} is " + (f"closed: {closed}" if closed else "open."))


@main.command()
@click.argument("slug")
@click.option("--port", default=None, type=int, help="Port to listen on (default: Jupyter's).")
@click.option("--no-browser", is_flag=True, help="Do not open a browser.")
@click.option(
    "--allow-root",
    is_flag=True,
    help="Let JupyterLab run as root (containers); it refuses otherwise.",
)
@click.pass_context
@friendly
def lab(
    ctx: click.Context, slug: str, port: int | None, no_browser: bool, allow_root: bool
) -> None:
    """Open JupyterLab on the notebooks with client SLUG as every notebook's client."""
    from kmkit.apps import lab as run

    client = open_client(slug, _clients_dir(ctx))
    click.echo(f"JupyterLab for {client.name}: notebooks run on {client.path}")
    run(client, port=port, open_browser=not no_browser, allow_root=allow_root)


if __name__ == "__main__":
    main()
