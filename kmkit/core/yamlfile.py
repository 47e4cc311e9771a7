"""YAML parsed by libyaml's C parser when PyYAML has it: the same data, several times faster.

A report reads client.yaml, the instruments and the catalogue many times over; the pure
Python parser made that a noticeable part of every report.
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """The data of a YAML document, as `yaml.safe_load` gives it (the same errors too)."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python
