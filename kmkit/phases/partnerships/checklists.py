"""The checklists shipped with kmkit: IP measures, continuity measures and KTP figures.

Each is a YAML file beside this module: what a partnership and a key person are checked
against, the works they follow, and the figures those works quote for comparison.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from kmkit.core.references import Citation
from kmkit.core.yamlfile import load_yaml

HERE = Path(__file__).resolve().parent


class Measure(BaseModel):
    """One measure of a checklist: what 'in place' looks like, and why it matters."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    in_place: str
    why: str
    protects_against: Literal["leak", "dispute", "loss"] | None = None


class Figure(BaseModel):
    """A figure quoted by a source: shown as quoted, never used as a default."""

    model_config = ConfigDict(extra="forbid")
    says: str
    cites: list[Citation] = Field(min_length=1)
    id: str = ""
    value: float | str | None = None
    low: float | None = None
    high: float | None = None
    unit: str = ""


class IpChecklist(BaseModel):
    """The IP protection measures, in the order a consultant walks through them."""

    model_config = ConfigDict(extra="forbid")
    cites: list[Citation] = Field(min_length=1)
    items: list[Measure] = Field(min_length=1)
    figures: list[Figure] = Field(default_factory=list)


class ContinuityChecklist(BaseModel):
    """The continuity-planning measures for one key person."""

    model_config = ConfigDict(extra="forbid")
    cites: list[Citation] = Field(min_length=1)
    measures: list[Measure] = Field(min_length=1)


class KtpFacts(BaseModel):
    """The KTP figures and first steps the source quotes."""

    model_config = ConfigDict(extra="forbid")
    cites: list[Citation] = Field(min_length=1)
    quoted: list[Figure]
    steps: list[str]

    def figure(self, ident: str) -> Figure:
        """One quoted figure by id."""
        return next(f for f in self.quoted if f.id == ident)


def _load(name: str) -> dict:
    return load_yaml((HERE / name).read_text(encoding="utf-8"))


@cache
def ip_checklist() -> IpChecklist:
    """The IP protection checklist kmkit ships."""
    return IpChecklist.model_validate(_load("ip_checklist.yaml"))


@cache
def continuity_checklist() -> ContinuityChecklist:
    """The continuity measures kmkit ships."""
    return ContinuityChecklist.model_validate(_load("continuity.yaml"))


class Quoted(BaseModel):
    """Figures quoted by a source, for comparison only."""

    model_config = ConfigDict(extra="forbid")
    quoted: list[Figure]


@cache
def alliance_figures() -> list[Figure]:
    """The alliance maturity figures quoted for the model's own instrument."""
    return Quoted.model_validate(_load("alliance_figures.yaml")).quoted


@cache
def ktp_facts() -> KtpFacts:
    """The KTP figures quoted for comparison."""
    return KtpFacts.model_validate(_load("ktp.yaml"))
