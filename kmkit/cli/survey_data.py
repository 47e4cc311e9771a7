"""Survey data commands: import answers, export them, blank forms, scores."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kmkit.cli import clients_folder, friendly, main
from kmkit.workspace import open_client


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

    client = open_client(slug, clients_folder(ctx))
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

    client = open_client(slug, clients_folder(ctx))
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
    """Write a blank form for INSTRUMENT (maturity, orientation), `inventory` or `areas`.

    A filled-in survey form imports back with `kmkit import`; an inventory goes in the
    client's data/ folder as inventory.csv or inventory.xlsx, the knowledge areas (a column
    per business goal, so --client is needed) as areas.csv or areas.xlsx.
    """
    from kmkit.forms import write_areas_form, write_form, write_inventory_form
    from kmkit.instruments import load_instrument

    if instrument == "inventory":
        click.echo(f"Wrote {write_inventory_form(out)}")
        return
    client = open_client(slug, clients_folder(ctx)) if slug else None
    if instrument == "areas":
        if client is None:
            raise click.UsageError("the areas form needs --client SLUG: it has a column per goal")
        click.echo(f"Wrote {write_areas_form(out, client)}")
        return
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

    client = open_client(slug, clients_folder(ctx))
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
