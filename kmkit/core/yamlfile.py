"""YAML parsed by libyaml's C parser when PyYAML has it: the same data, several times faster.

A report reads client.yaml, the instruments and the catalogue many times over; the pure
Python parser made that a noticeable part of every report.
"""

from __future__ import annotations

from typing import Any

import yaml

from kmkit.core.characters import REFUSAL, fields_with_controls

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ControlCharacters(yaml.YAMLError):
    """A YAML document whose strings hold a NUL or a direction control (YAML can escape them)."""

    def __init__(self, fields: list[str]):
        self.fields = fields
        super().__init__("; ".join(f"field '{name}' {REFUSAL}" for name in fields))


def load_yaml(text: str) -> Any:
    """The data of a YAML document, as `yaml.safe_load` gives it (the same errors too).

    Strings holding a NUL or a direction control are refused (ControlCharacters, a YAMLError).
    """
    data = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python
    odd = list(fields_with_controls(data))
    if odd:
        raise ControlCharacters(odd)
    return data
