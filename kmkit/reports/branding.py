"""The consultant's branding on every report: name, logo and colour, from one settings file."""

from __future__ import annotations

import base64
import mimetypes
import re
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kmkit.core.errors import InputError
from kmkit.core.yamlfile import ControlCharacters, load_yaml

FILE = "branding.yaml"  # in the clients folder: one consultancy, every client's report


class Branding(BaseModel):
    """How reports look: a neutral default until the consultant says otherwise."""

    model_config = ConfigDict(extra="forbid")
    consultant: str = ""
    logo: str = ""  # an image file, relative to the clients folder; inlined into reports
    colour: str = Field(default="#2a6f97")

    @field_validator("colour")
    @classmethod
    def _hex(cls, value: str) -> str:
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
            raise ValueError("use a colour such as '#2a6f97'")
        return value


def read_branding(clients_dir: Path) -> Branding:
    """Read branding.yaml from the clients folder, or the neutral default when there is none."""
    path = clients_dir / FILE
    if not path.is_file():
        return Branding()
    try:
        return Branding.model_validate(load_yaml(path.read_text(encoding="utf-8")) or {})
    except ControlCharacters as exc:
        raise InputError(path, str(exc)) from None
    except yaml.YAMLError:
        raise InputError(path, "not valid YAML") from None
    except ValidationError as exc:
        err = exc.errors()[0]
        raise InputError(path, f"field '{'.'.join(map(str, err['loc']))}': {err['msg']}") from None


def logo_path(branding: Branding, clients_dir: Path) -> Path | None:
    """The logo file, checked to exist; None when the consultant has none."""
    if not branding.logo:
        return None
    path = clients_dir / branding.logo
    if not path.is_file():
        raise InputError(clients_dir / FILE, f"the logo file {path} does not exist")
    return path


def logo_data_uri(branding: Branding, clients_dir: Path) -> str:
    """The logo as a data: URI, so a report needs no file beside it and fetches nothing."""
    path = logo_path(branding, clients_dir)
    if path is None:
        return ""
    kind = mimetypes.guess_type(path.name)[0] or "image/png"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()}"
