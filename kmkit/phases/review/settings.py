"""Phase 07's settings: the review's date, the pilot, the gates' conditions, the checklist.

`data/review.yaml` is optional: without it the review is dated today, the pilot department is
the one phase 04 suggested, and every gate has kmkit's conditions (`gates.yaml` beside this
module). The institutionalisation checklist follows step 5 of 'Five steps for the
implementation of enterprise knowledge management'.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from kmkit.core.errors import InputError
from kmkit.core.yamlfile import load_yaml
from kmkit.inputs.settings import read_settings
from kmkit.phases.partnerships.checklists import Measure
from kmkit.phases.solutions.roadmap import STAGES

HERE = Path(__file__).resolve().parent
CheckKind = Literal[
    "done",
    "started",
    "pilot_worked",
    "follow_up_wave",
    "maturity_rose",
    "kpi_on_track",
    "institutionalised",
    "risk_down",
]
Stage = Literal["pilot", "promote", "institutionalise"]


class Condition(BaseModel):
    """One condition of a gate: a check on the data, with its threshold where it has one."""

    model_config = ConfigDict(extra="forbid")
    check: CheckKind
    share: float = Field(default=1.0, ge=0, le=1, description="done, started, institutionalised")
    kpis: int = Field(default=1, ge=1, description="pilot_worked: how many KPIs must improve")
    indicator: str = Field(default="", description="pilot_worked, kpi_on_track: one KPI")
    category: str = Field(default="", description="maturity_rose: one maturity category id")

    @model_validator(mode="after")
    def _indicator_given(self) -> Condition:
        """kpi_on_track needs the KPI it is about."""
        if self.check == "kpi_on_track" and not self.indicator:
            raise ValueError("kpi_on_track needs an indicator: the KPI's name in data/kpis.csv")
        return self


class ReviewSettings(BaseModel):
    """data/review.yaml: what the consultant sets for the review; every field is optional."""

    model_config = ConfigDict(extra="forbid")
    as_of: dt.date | None = Field(default=None, description="the review's date; default today")
    pilot_department: str = Field(default="", description="default: phase 04's suggestion")
    pilot_start: dt.date | None = Field(
        default=None, description="default: the first actual start of a pilot intervention"
    )
    gates: dict[Stage, Annotated[list[Condition], Field(min_length=1)]] = Field(
        default_factory=dict, description="a stage's conditions, replacing kmkit's"
    )


class Checklist(BaseModel):
    """The institutionalisation measures, in the order a consultant walks through them."""

    model_config = ConfigDict(extra="forbid")
    measures: list[Measure] = Field(min_length=1)


class Gates(BaseModel):
    """kmkit's default conditions for each stage's gate."""

    model_config = ConfigDict(extra="forbid")
    pilot: list[Condition]
    promote: list[Condition]
    institutionalise: list[Condition]


@cache
def institutionalisation_checklist() -> Checklist:
    """The institutionalisation checklist kmkit ships."""
    text = (HERE / "institutionalisation.yaml").read_text(encoding="utf-8")
    return Checklist.model_validate(load_yaml(text))


@cache
def default_gates() -> Gates:
    """The gates kmkit checks unless data/review.yaml says otherwise."""
    return Gates.model_validate(load_yaml((HERE / "gates.yaml").read_text(encoding="utf-8")))


def gate_conditions(settings: ReviewSettings) -> dict[str, list[Condition]]:
    """Each stage's conditions: the client's where review.yaml gives them, else kmkit's."""
    defaults = default_gates()
    return {stage: settings.gates.get(stage, getattr(defaults, stage)) for stage in STAGES}


def read_review(path: Path, departments: list[str] | None = None) -> ReviewSettings:
    """Read data/review.yaml, naming the field that is wrong; the pilot must be a department."""
    settings = read_settings(path, ReviewSettings)
    given = settings.pilot_department
    if given and departments is not None and given not in departments:
        msg = f"'{given}' is not a department in client.yaml ({', '.join(departments)})"
        raise InputError(path, msg, column="pilot_department")
    return settings
