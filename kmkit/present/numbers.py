"""One rounding and number format for every output: report, dashboard and deck alike.

Figures compared across the outputs are the same values formatted one way, rounded half
up as PowerPoint rounds a chart's labels.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def _rounded(value: float, places: str) -> str:
    """Rounded half up, as PowerPoint rounds the same figure on a chart's label."""
    return str(Decimal(repr(round(float(value), 3))).quantize(Decimal(places), ROUND_HALF_UP))


def score(value: float) -> str:
    """A score on the survey scale, one decimal."""
    return _rounded(value, "0.1")


def whole(value: float) -> str:
    """A figure to the nearest whole number (a risk out of 100, a percentage)."""
    return _rounded(value, "1")


def share(value: float) -> str:
    """A fraction as a whole percentage."""
    return whole(value * 100) + "%"


def money(value: float) -> str:
    """A sum in the client's currency, grouped by thousands."""
    return f"{value:,.0f}"
