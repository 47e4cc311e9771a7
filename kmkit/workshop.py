"""The consensus workshop: ratings a group agreed per category, beside the survey's means."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kmkit.errors import InputError
from kmkit.scoring import MaturityResult
from kmkit.workspace import Client

FILE = "workshop.yaml"


class AgreedRating(BaseModel):
    """What the group agreed for one category, and why."""

    model_config = ConfigDict(extra="forbid")
    category: str
    agreed: float
    strengths: str = ""
    opportunities: str = ""


class Workshop(BaseModel):
    """One workshop's record: which survey wave it discussed, when, and its agreed ratings."""

    model_config = ConfigDict(extra="forbid")
    wave: str
    held_on: dt.date | None = None
    categories: list[AgreedRating] = Field(min_length=1)


def read_workshop(client: Client, result: MaturityResult) -> Workshop | None:
    """Read data/workshop.yaml if there is one, checking its categories and ratings."""
    path: Path = client.data_dir / FILE
    if not path.is_file():
        return None
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        workshop = Workshop.model_validate(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(path, "not valid YAML", row=mark.line + 1 if mark else None) from None
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        raise InputError(path, f"field '{field}': {err['msg']}") from None
    known = result.instrument.category_names()
    scale = result.instrument.scale
    for index, rating in enumerate(workshop.categories):
        where = f"field 'categories.{index}'"
        if rating.category not in known:
            msg = f"{where}: no category '{rating.category}'; categories: {', '.join(known)}"
            raise InputError(path, msg)
        if not scale.min <= rating.agreed <= scale.max:
            msg = f"{where}: agreed rating {rating.agreed} is outside {scale.min}-{scale.max}"
            raise InputError(path, msg)
    return workshop


def findings_matrix(result: MaturityResult, workshop: Workshop) -> pd.DataFrame:
    """Per category: survey mean and spread, the agreed rating, strengths and opportunities."""
    agreed = pd.DataFrame([r.model_dump() for r in workshop.categories])
    table = result.categories[["category", "name", "mean", "sd"]].merge(
        agreed, on="category", how="left"
    )
    table["difference"] = table["agreed"] - table["mean"]
    return table


def findings_markdown(table: pd.DataFrame) -> str:
    """The findings matrix as a markdown table for notebook and report."""
    lines = [
        "| Category | Survey mean (sd) | Agreed | Strengths | Opportunities for improvement |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in table.itertuples():
        agreed = "not discussed" if pd.isna(row.agreed) else f"{row.agreed:.1f}"
        strengths = "" if pd.isna(row.strengths) else row.strengths
        opportunities = "" if pd.isna(row.opportunities) else row.opportunities
        lines.append(
            f"| {row.name} | {row.mean:.1f} ({row.sd:.1f}) | {agreed} | "
            f"{strengths} | {opportunities} |"
        )
    return "\n".join(lines)


def workshop_findings(client: Client, result: MaturityResult) -> str:
    """The findings matrix in markdown, or a sentence saying what to add to get one."""
    workshop = read_workshop(client, result)
    if workshop is None:
        return (
            f"No consensus workshop is recorded yet. After the group has agreed a rating "
            f"per category, copy `templates/workshop.yaml` to `clients/{client.slug}/data/{FILE}` "
            "and fill it in."
        )
    if workshop.wave != result.wave:
        return (
            f"The workshop on record discussed wave '{workshop.wave}', not '{result.wave}'; "
            "its ratings are not shown beside this wave's scores."
        )
    table = findings_matrix(result, workshop)
    when = f" on {workshop.held_on:%d %B %Y}" if workshop.held_on else ""
    apart = table.dropna(subset=["agreed"]).loc[lambda t: t["difference"].abs() >= 0.5]
    note = ""
    if not apart.empty:
        names = ", ".join(
            f"**{r.name}** ({r.agreed:.1f} agreed, {r.mean:.1f} surveyed)"
            for r in apart.itertuples()
        )
        note = (
            f"\n\nThe group's rating differs from the survey by half a point or more for "
            f"{names}: worth asking why before acting."
        )
    return f"The group met{when} and agreed these ratings.\n\n{findings_markdown(table)}{note}"
