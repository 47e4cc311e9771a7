"""Phase 01's input beside the survey: data/workshop.yaml, the ratings a group agreed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kmkit.core.errors import InputError
from kmkit.core.instruments import Instrument, load_instrument
from kmkit.core.scoring import MaturityResult
from kmkit.core.workspace import Client
from kmkit.core.yamlfile import ControlCharacters, load_yaml

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
    """Read data/workshop.yaml if there is one, checking it against the scored instrument."""
    path = client.data_file("workshop", (".yaml",))
    return None if path is None else read_workshop_file(path, result.instrument)


def check_workshop(path: Path, client: Client) -> Workshop:
    """Read and validate a client's workshop record (for `kmkit check`)."""
    return read_workshop_file(path, load_instrument("maturity", client.path))


def read_workshop_file(path: Path, instrument: Instrument) -> Workshop:
    """Read one workshop record, checking its categories and ratings against the instrument."""
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
        workshop = Workshop.model_validate(raw)
    except ControlCharacters as exc:
        raise InputError(path, str(exc)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(path, "not valid YAML", row=mark.line + 1 if mark else None) from None
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        raise InputError(path, f"field '{field}': {err['msg']}") from None
    known = instrument.category_names()
    scale = instrument.scale
    for index, rating in enumerate(workshop.categories):
        where = f"field 'categories.{index}'"
        if rating.category not in known:
            msg = f"{where}: no category '{rating.category}'; categories: {', '.join(known)}"
            raise InputError(path, msg)
        if not scale.min <= rating.agreed <= scale.max:
            msg = f"{where}: agreed rating {rating.agreed} is outside {scale.min}-{scale.max}"
            raise InputError(path, msg)
    return workshop
