"""Workspace commands: new client or cluster folders, their check, the catalogue."""

from __future__ import annotations

import sys

import click

from kmkit.cli.common import clients_folder, friendly, main


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
    from kmkit.apps.check import check_client, currency_used
    from kmkit.phases.clusters.inputs import FILE

    root = clients_folder(ctx)
    problems = check_client(slug, root)
    if not problems and not (root / slug / FILE).is_file():
        click.echo(currency_used(slug, root))
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
