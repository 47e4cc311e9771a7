"""Characters no input should hold: NUL, and the controls that reorder text as it is shown.

A right-to-left override (U+202E) makes `exe.txt` read as `txt.exe`; a NUL cuts a string
short in some readers and not others. Data files and client.yaml holding one are refused
where they are (file, row, column or field); free text a respondent types loses them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

_CONTROLS = re.compile("[\x00\u200e\u200f\u202a-\u202e\u2066-\u2069]")
REFUSAL = (
    "holds an invisible control character (a NUL or a text-direction override); "
    "retype the text without it"
)


def has_controls(text: str) -> bool:
    """Whether a string holds a NUL or a direction control."""
    return _CONTROLS.search(text) is not None


def without_controls(text: str) -> str:
    """The string with every NUL and direction control taken out."""
    return _CONTROLS.sub("", text)


def fields_with_controls(data: Any, where: str = "") -> Iterator[str]:
    """The dotted names of every string in parsed YAML that holds a control character."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from fields_with_controls(key, where or "(top level)")
            yield from fields_with_controls(value, f"{where}.{key}" if where else str(key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from fields_with_controls(value, f"{where}.{index}")
    elif isinstance(data, str) and has_controls(data):
        yield where or "(top level)"
