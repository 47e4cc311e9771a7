"""Survey data commands: import answers, export them, blank forms, scores."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kmkit.cli.common import clients_folder, friendly, main
from kmkit.core.workspace import open_client


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
@click.option(
    "--partnership",
    default=None,
    help="For a partnership instrument (alliance, pulse): the partnership's id in "
    "data/partnerships.csv. The file then needs an 'organisation' column.",
)
@click.option(
    "--ignore-column",
    "ignore_columns",
    multiple=True,
    metavar="NAME",
    help="Leave out a column that is no question of the instrument (a quiz score, an extra "
    "question); nothing of it is read or stored. Repeat for each column.",
)
@click.option(
    "--date-order",
    type=click.Choice(["day-month", "month-day"]),
    default=None,
    help="How the file writes dates such as 03/10/2026, when none of its dates has a day "
    "above 12 to show it (default: from the file's dates).",
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
    partnership: str | None,
    ignore_columns: tuple[str, ...],
    date_order: str | None,
) -> None:
    """Import survey answers for client SLUG from FILE (CSV, XLSX, Google or Microsoft Forms).

    Forms exports are read in English, French, German, Spanish, Portuguese, Italian, Dutch,
    Chinese and Japanese. Names and e-mail addresses are never stored: each respondent gets
    a pseudonym, so importing the same file twice adds nothing the second time.
    """
    from kmkit.inputs.survey_import import import_file

    client = open_client(slug, clients_folder(ctx))
    sides = None
    if partnership:
        from kmkit.phases.partnerships.inputs import sides_of

        sides = sides_of(client, partnership)
    report = import_file(
        client,
        file,
        instrument,
        wave,
        sheet,
        skip_bad_rows,
        sides,
        ignore_columns=ignore_columns,
        date_order=date_order,
    )
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
    from kmkit.core.instruments import load_instrument
    from kmkit.inputs.forms import export_responses

    client = open_client(slug, clients_folder(ctx))
    path = export_responses(client, load_instrument(instrument, client.path), out, wave)
    click.echo(f"Wrote {path}")


@main.command()
@click.argument("kind")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="FILE.xlsx for a workbook with dropdowns, FILE.csv for a header line.",
)
@click.option(
    "--client", "slug", default=None, help="Offer this client's departments and roles as dropdowns."
)
@click.option(
    "--target",
    is_flag=True,
    help="Add a 'target' column for every question (default with --client: as client.yaml's "
    "ask_targets says).",
)
@click.option(
    "--language",
    default=None,
    help="The questions' language, e.g. fr or de (default: the client's, else English).",
)
@click.option(
    "--partnership",
    default=None,
    help="With --client, for a partnership instrument: offer its two organisations.",
)
@click.pass_context
@friendly
def form(
    ctx: click.Context,
    kind: str,
    out: Path,
    slug: str | None,
    target: bool,
    language: str | None,
    partnership: str | None,
) -> None:
    """Write a blank form: a survey instrument (maturity, orientation) or a data file.

    A survey form asks its questions in the client's language (client.yaml's `language`).
    A filled-in survey form imports back with `kmkit import`. A data file's form (inventory,
    areas, selection, kpis) is saved in the client's data/ folder under its own name, as
    .csv or .xlsx; the areas form has a column per business goal, so it needs --client.
    """
    from kmkit.core.instruments import instrument_paths, load_instrument
    from kmkit.core.instruments.languages import language_key, language_name
    from kmkit.inputs.forms import write_form
    from kmkit.phases import form_kinds, load

    client = open_client(slug, clients_folder(ctx)) if slug else None
    tables = form_kinds()
    if kind in tables:
        from kmkit.engagement import Engagement

        e = Engagement(client) if client else None
        click.echo(f"Wrote {load(tables[kind].form)(out, e)}")
        return
    if kind not in instrument_paths(client.path if client else None):
        known = ", ".join([*sorted(instrument_paths(client.path if client else None)), *tables])
        raise click.UsageError(f"no form '{kind}'; forms: {known}")
    language = language or (client.config.language if client else None)
    definition = load_instrument(kind, client.path if client else None, language)
    if language and language_key(language) != language_key(definition.language):
        click.echo(
            f"'{kind}' has no {language_name(language)} translation; the form is in "
            f"{language_name(definition.language)}.",
            err=True,
        )
    target = target or bool(client and kind in client.config.ask_targets)
    organisations = None
    if partnership and client:
        from kmkit.phases.partnerships.inputs import sides_of

        sides = sides_of(client, partnership)
        organisations = [sides.ours, sides.theirs]
    config = client.config if client else None
    path = write_form(definition, out, config, target, organisations)
    click.echo(f"Wrote {path}")


@main.command()
@click.argument("slug")
@click.option("--wave", default=None, help="Wave to score (default: the latest closed one).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for other tools.")
@click.pass_context
@friendly
def score(ctx: click.Context, slug: str, wave: str | None, as_json: bool) -> None:
    """Print client SLUG's maturity scores, level and 95% intervals."""
    import json

    from kmkit.engagement import Engagement
    from kmkit.phases.awareness.compute import maturity_summary

    client = open_client(slug, clients_folder(ctx))
    summary = maturity_summary(Engagement(client, wave=wave or "").maturity, client)
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
