"""The bibliography as the deck cites it: short forms on slides, full entries at the end."""

from __future__ import annotations

from collections.abc import Iterable

from kmkit.core.references import Citation, reference
from kmkit.core.references import short as short


def full(key: str) -> str:
    """Authors (year). Title. Publisher: as the references slide lists them."""
    return reference(key).full()


def keys_of(citations: Iterable[Citation]) -> tuple[str, ...]:
    """The works cited, each once, in the order first cited."""
    return tuple(dict.fromkeys(c.ref for c in citations))
