"""The bibliography as the deck cites it: short forms on slides, full entries at the end.

Read through these functions only, so that the deck follows wherever kmkit keeps its
references (kmkit/core/references.yaml today).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kmkit.core.errors import KmkitError

FILE = Path(__file__).resolve().parents[2] / "core" / "references.yaml"


@cache
def references() -> dict[str, dict[str, Any]]:
    """Every reference kmkit knows, by key."""
    return yaml.safe_load(FILE.read_text(encoding="utf-8"))


def _entry(key: str) -> dict[str, Any]:
    try:
        return references()[key]
    except KeyError:
        msg = f"No reference '{key}' in {FILE}. Keys there: {', '.join(references())}."
        raise KmkitError(msg) from None


def short(key: str) -> str:
    """The citation a slide shows, e.g. 'Nonaka and Takeuchi'."""
    return str(_entry(key)["short"])


def full(key: str) -> str:
    """Authors, title, year and publisher, as the references slide lists them."""
    entry = _entry(key)
    authors = ", ".join(entry.get("authors") or [])
    parts = [authors] if authors else []
    parts.append(f"'{entry['title']}'")
    parts += [str(entry[k]) for k in ("publisher", "year") if entry.get(k)]
    return ", ".join(parts) + "."


def keys_in(text: str) -> tuple[str, ...]:
    """The references a free-text source names, by their short form or title."""
    return tuple(
        key
        for key, entry in references().items()
        if entry["short"] in text or entry["title"] in text
    )
