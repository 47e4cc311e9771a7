"""Small YAML files a consultant writes (assumptions, budgets), read into a validated model."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from kmkit.core.errors import InputError
from kmkit.core.yamlfile import load_yaml

Model = TypeVar("Model", bound=BaseModel)


def read_settings(path: Path, model: type[Model]) -> Model:
    """Read a YAML file into `model`; a bad file names the field that is wrong."""
    try:
        raw = load_yaml(path.read_text(encoding="utf-8")) or {}
        return model.model_validate(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(path, f"cannot be read as YAML ({exc})") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise InputError(path, first["msg"], column=field) from None
