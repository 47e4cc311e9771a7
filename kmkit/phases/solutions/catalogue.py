"""The intervention catalogue: KM solutions as data, validated, with a client's own additions."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kmkit.core.errors import InputError
from kmkit.core.instruments import load_instrument
from kmkit.core.references import Citation
from kmkit.core.yamlfile import load_yaml

SHIPPED = Path(__file__).resolve().parent / "interventions.yaml"
Risk = Literal["single_holder", "retirement", "turnover", "undocumented", "low_diffusion"]
Conversion = Literal["socialisation", "externalisation", "combination", "internalisation"]
PartnershipGap = Literal["ip", "continuity", "tacit_by_documents", "one_way", "alliance"]
OrientationId = Literal["risk_minimiser", "efficiency_seeker", "innovator"]
COST = {"low": 1000, "medium": 6000, "high": 15000}  # a year, mid-band, client currency


class Intervention(BaseModel):
    """One KM intervention: what it is, what it addresses, and what it asks of an SME."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    what: str = Field(min_length=1)
    categories: list[str]
    risks: list[Risk]
    seci: list[Conversion]
    partnerships: list[PartnershipGap] = Field(default_factory=list)
    orientations: list[OrientationId] = Field(min_length=1)
    effort: int = Field(ge=1, le=5)
    cost: Literal["low", "medium", "high"]
    weeks_to_value: int = Field(ge=1, le=104)
    cites: list[Citation] = Field(default_factory=list)  # keys of kmkit/core/references.yaml
    source: None = None  # free-text attribution of earlier versions: refused, saying what to write

    @field_validator("source", mode="before")
    @classmethod
    def _source_is_now_cites(cls, value: object) -> None:
        """An old free-text `source` cannot be checked: say how to cite instead."""
        if value is not None:
            raise ValueError(
                "write `cites` instead, a list of keys from kmkit's bibliography "
                "(kmkit/core/references.yaml), e.g. `cites: [{ref: handzic-sme-guidelines, "
                "at: SME strategies}]`, or leave it out for the consultant's own method"
            )
        return None

    @field_validator("categories")
    @classmethod
    def _known_categories(cls, value: list[str]) -> list[str]:
        """Categories must be the maturity instrument's, or recommendations would miss them."""
        known = [c.id for c in load_instrument("maturity").categories]
        unknown = [c for c in value if c not in known]
        if unknown:
            raise ValueError(f"unknown categories {unknown}; known: {', '.join(known)}")
        return value


class Catalogue(BaseModel):
    """The versioned list of interventions; ids are unique."""

    model_config = ConfigDict(extra="forbid")
    version: str
    interventions: list[Intervention] = Field(min_length=1)

    def by_id(self) -> dict[str, Intervention]:
        """Interventions keyed by id."""
        return {i.id: i for i in self.interventions}


def _entry_lines(text: str) -> list[int]:
    """The line on which each entry under `interventions:` starts, for error messages."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return []
    for key, value in getattr(node, "value", []):
        if getattr(key, "value", None) == "interventions" and isinstance(value.value, list):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def read_catalogue(path: Path) -> Catalogue:
    """Read and validate a catalogue file; a bad entry is named by line, id and field."""
    try:
        text = path.read_text(encoding="utf-8")
        raw = load_yaml(text)
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(path, f"cannot be read as YAML ({exc})") from None
    try:
        catalogue = Catalogue.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = list(first["loc"])
        row = None
        if len(loc) >= 2 and loc[0] == "interventions" and isinstance(loc[1], int):
            lines = _entry_lines(text)
            row = lines[loc[1]] if loc[1] < len(lines) else None
            entry = raw["interventions"][loc[1]]
            ident = entry.get("id", "?") if isinstance(entry, dict) else "?"
            field = ".".join(str(p) for p in loc[2:]) or "(the entry)"
            msg = f"intervention '{ident}': {first['msg']} ({exc.error_count()} problem(s) in all)"
            raise InputError(path, msg, row=row, column=field) from None
        field = ".".join(str(p) for p in loc) or "(top level)"
        raise InputError(path, first["msg"], column=field) from None
    ids = [i.id for i in catalogue.interventions]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        lines = _entry_lines(text)
        at = [n for n, i in enumerate(ids) if i == repeated[0]][1]
        row = lines[at] if at < len(lines) else None
        raise InputError(path, f"the id '{repeated[0]}' is used twice", row=row, column="id")
    return catalogue


@cache
def _shipped() -> Catalogue:
    """Kmkit's own catalogue, read once per process (callers get a copy)."""
    return read_catalogue(SHIPPED)


def load_catalogue(client_dir: Path | None = None) -> Catalogue:
    """Kmkit's catalogue plus the client's `data/interventions.yaml` (same id: the client's)."""
    catalogue = _shipped().model_copy(deep=True)
    own = client_dir / "data" / "interventions.yaml" if client_dir else None
    if own is None or not own.is_file():
        return catalogue
    merged = catalogue.by_id() | read_catalogue(own).by_id()
    return Catalogue(version=catalogue.version, interventions=list(merged.values()))


def check_catalogue(path: Path, client: object = None) -> Catalogue:
    """Read and validate a client's own interventions (for `kmkit check`)."""
    return read_catalogue(path)
