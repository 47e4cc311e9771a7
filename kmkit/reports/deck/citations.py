"""The bibliography as the deck cites it: short forms on slides, full entries at the end."""

from __future__ import annotations

from kmkit.core.references import reference
from kmkit.core.references import short as short


def full(key: str) -> str:
    """Authors (year). Title. Publisher: as the references slide lists them."""
    return reference(key).full()
