"""The `kmkit` command line: the group, its shared options, and workspace commands."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kmkit.core import paths
from kmkit.core.errors import KmkitError, WorkspaceError
from kmkit.core.version import __version__

if TYPE_CHECKING:
    from kmkit.core.workspace import Client


def clients_folder(ctx: click.Context) -> Path:
    """The clients folder chosen by --clients-dir, $KMKIT_CLIENTS_DIR or the default."""
    return paths.clients_dir(ctx.obj.get("clients_dir"))


def refuse_broken_store(client: Client, writing: bool = False) -> None:
    """Stop a command before it forks or serves when the client's store cannot be used.

    The consultant then reads the store's one sentence, not a failed notebook cell.
    """
    from kmkit.core.store import store_fault

    fault = store_fault(client.store_path, writing)
    if fault is not None:
        raise fault


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
    from kmkit.core.workspace import new_client

    client = new_client(slug, name, clients_folder(ctx))
    click.echo(f"Created {client.path}")
    click.echo(f"Next: fill in {client.config_path}, then run `kmkit check {slug}`.")


@main.command("new-cluster")
@click.argument("slug")
@click.option("--name", required=True, help="The cluster's name, e.g. 'Riverside Food Cluster'.")
@click.option(
    "--facilitator", required=True, help="The organisation that runs it (a productivity body)."
)
@click.pass_context
@friendly
def new_cluster(ctx: click.Context, slug: str, name: str, facilitator: str) -> None:
    """Create a cluster folder SLUG with its cluster.yaml (never overwrites)."""
    from kmkit.phases.clusters.inputs import FILE, new_cluster

    cluster = new_cluster(slug, name, facilitator, clients_folder(ctx))
    click.echo(f"Created {cluster.path / FILE}")
    click.echo(
        f"Next: add 'cluster: {slug}' to each member's client.yaml, list in 'named' those that "
        f"agree to be named to the others, then run `kmkit check {slug}`."
    )


@main.command()
@click.argument("slug")
@click.pass_context
@friendly
def check(ctx: click.Context, slug: str) -> None:
    """List every problem in client SLUG's workspace (or cluster SLUG's); exit 1 if any."""
    from kmkit.apps.check import check_client

    problems = check_client(slug, clients_folder(ctx))
    for problem in problems:
        click.echo(f"problem: {problem}")
    if problems:
        click.echo(f"{len(problems)} problem(s) found in {slug}.")
        sys.exit(1)
    click.echo(f"{slug}: no problems found.")


@main.command()
@click.option("--client", "slug", default=None, help="Include this client's own additions.")
@click.pass_context
@friendly
def catalogue(ctx: click.Context, slug: str | None) -> None:
    """List the KM interventions kmkit can recommend (ids for data/selection.csv)."""
    from kmkit.core.references import short
    from kmkit.core.workspace import open_client
    from kmkit.phases.solutions.catalogue import load_catalogue

    client = open_client(slug, clients_folder(ctx)) if slug else None
    found = load_catalogue(client.path if client else None)
    click.echo(f"{'id':<20}{'effort':>7}  {'cost':<7}{'weeks':>6}  name (after)")
    for iv in found.interventions:
        after = "; ".join(dict.fromkeys(short(c.ref) for c in iv.cites))
        click.echo(
            f"{iv.id:<20}{iv.effort:>7}  {iv.cost:<7}{iv.weeks_to_value:>6}  {iv.name}"
            + (f" (after {after})" if after else "")
        )


# The other commands register themselves on `main` when imported.
from kmkit.cli import apps, reports, survey_data  # noqa: E402, F401
