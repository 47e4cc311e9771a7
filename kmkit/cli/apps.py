"""App commands: serve the Voilà apps, open JupyterLab, open or close the survey."""

from __future__ import annotations

import click

from kmkit.cli.common import clients_folder, friendly, main, refuse_broken_store
from kmkit.core.workspace import open_client


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
@click.option(
    "--wave",
    default="baseline",
    show_default=True,
    help="The survey round the survey page stores answers under.",
)
@click.option(
    "--instrument", default="maturity", show_default=True, help="The survey page's questionnaire."
)
@click.option(
    "--max-visitors",
    default=200,
    show_default=True,
    help="Survey pages built at once; past it respondents get a page that retries by itself.",
)
@click.option(
    "--as-of",
    "as_of",
    default="",
    metavar="YYYY-MM-DD",
    help="The date the dashboard reads the engagement as of. Default: today.",
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
    wave: str,
    instrument: str,
    max_visitors: int,
    as_of: str,
) -> None:
    """Serve client SLUG's notebooks as Voilà apps (sources hidden, this client only).

    SLUG may name a cluster instead: its facilitator's report is served, aggregates only.
    """
    import os
    import secrets

    from kmkit.apps.serving import serve as run
    from kmkit.core import paths
    from kmkit.engagement import as_of_date

    if as_of:
        os.environ[paths.AS_OF_ENV] = as_of_date(as_of).isoformat()  # the apps' kernels read it

    if token == "auto":
        token = secrets.token_urlsafe(16)
    if host not in ("127.0.0.1", "localhost", "::1") and not token:
        click.echo(
            "warning: serving beyond this machine without --token; anyone who can reach "
            "it can open the apps. Prefer a reverse proxy (see README).",
            err=True,
        )
    query = f"?token={token}" if token else ""
    root = clients_folder(ctx)
    if (root / slug / "cluster.yaml").is_file():
        from kmkit.apps.serving import serve_cluster
        from kmkit.phases.clusters.inputs import open_cluster

        cluster = open_cluster(slug, root)
        click.echo(f"Serving {cluster.name} on http://{host}:{port}/{query} (Ctrl+C to stop)")
        serve_cluster(cluster, port, host, token, pool_size, max_kernels)
        return
    client = open_client(slug, root)
    refuse_broken_store(client, writing=app in (None, "survey"))  # the survey page stores
    click.echo(f"Serving {client.name} on http://{host}:{port}/{query} (Ctrl+C to stop)")
    if app is None:
        click.echo(f"Survey: http://{host}:{port}/kmkit/survey{query}")
        click.echo(f"Dashboard: http://{host}:{port}/kmkit/dashboard{query}")
    run(
        client,
        port=port,
        host=host,
        app=app,
        token=token,
        pool_size=pool_size,
        max_kernels=max_kernels,
        wave=wave,
        instrument=instrument,
        max_visitors=max_visitors,
    )


@main.command()
@click.argument("slug")
@click.option("--close", "action", flag_value="close", help="Close the survey.")
@click.option("--open", "action", flag_value="open", help="Open the survey again.")
@click.option("--message", default="", help="What respondents see while it is closed.")
@click.pass_context
@friendly
def survey(ctx: click.Context, slug: str, action: str | None, message: str) -> None:
    """Open or close client SLUG's survey app, or say whether it is open.

    Closing also closes the wave the survey page was collecting into: its forms stop
    working and its figures are shown whole. Opening again starts new forms.
    """
    from kmkit.inputs.submissions import forms_report, set_survey_closed, survey_closed_message

    client = open_client(slug, clients_folder(ctx))
    if action:
        set_survey_closed(client, action == "close", message)
    closed = survey_closed_message(client)
    click.echo(f"The survey of {client.name} is " + (f"closed: {closed}" if closed else "open."))
    for line in forms_report(client):
        click.echo(line)


@main.command()
@click.argument("slug")
@click.option("--port", default=None, type=int, help="Port to listen on (default: Jupyter's).")
@click.option("--no-browser", is_flag=True, help="Do not open a browser.")
@click.option(
    "--allow-root",
    is_flag=True,
    help="Let JupyterLab run as root (containers); it refuses otherwise.",
)
@click.option(
    "--refresh",
    is_flag=True,
    help="Bring the client's copies up to date with kmkit's notebooks, keeping the cells "
    "tagged workshop-notes.",
)
@click.pass_context
@friendly
def lab(
    ctx: click.Context,
    slug: str,
    port: int | None,
    no_browser: bool,
    allow_root: bool,
    refresh: bool,
) -> None:
    """Open JupyterLab on client SLUG's own copies of the notebooks (clients/SLUG/workshop/).

    kmkit's shipped notebooks are never opened or written; what is typed and run stays in
    the client's folder. Tag your own Markdown cells `workshop-notes` to keep them through a
    --refresh and to include them in the report with `kmkit report SLUG --workshop-notes`.
    """
    from kmkit.apps.serving import lab as run
    from kmkit.inputs.workshop import prepare, workshop_dir

    client = open_client(slug, clients_folder(ctx))
    for change in prepare(client, refresh=refresh):
        click.echo(change.sentence())
    click.echo(f"JupyterLab for {client.name}: {workshop_dir(client)}")
    run(client, port=port, open_browser=not no_browser, allow_root=allow_root)
