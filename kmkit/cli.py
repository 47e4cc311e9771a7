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


@main.command()
@click.argument("slug")
@click.option("--port", default=8866, show_default=True, help="Port to listen on.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; keep 127.0.0.1 unless a reverse proxy is in front.",
)
@click.option("--app", default=None, help="Serve one notebook only, e.g. 01_awareness.")
@click.pass_context
@friendly
def serve(ctx: click.Context, slug: str, port: int, host: str, app: str | None) -> None:
    """Serve client SLUG's notebooks as Voilà apps (sources hidden, this client only)."""
    from kmkit.apps import serve as run

    client = open_client(slug, _clients_dir(ctx))
    click.echo(f"Serving {client.name} on http://{host}:{port}/ (Ctrl+C to stop)")
    run(client, port=port, host=host, app=app)


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
