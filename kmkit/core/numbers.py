"""One rounding and number format for every output: report, dashboard and deck alike.

Figures compared across the outputs are the same values formatted one way, rounded half
up as PowerPoint rounds a chart's labels.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from kmkit.core.workspace import ClientConfig


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


def money(value: float, currency: str = "", locale: str = "en") -> str:
    """A sum, whole, grouped by thousands, with its currency ('A$21,000') when it is known."""
    if not currency:
        return f"{value:,.0f}"
    from babel import Locale
    from babel.numbers import format_currency

    pattern = Locale.parse(locale).currency_formats["standard"].pattern
    whole = re.sub(r"\.0+", "", pattern.split(";")[0])  # the locale's own order, no cents
    return format_currency(value, currency, whole, locale=locale, currency_digits=False)


def amount(value: float, config: ClientConfig) -> str:
    """A sum in the client's currency and locale: what every client-facing amount shows."""
    currency, _ = config.money()
    return money(value, currency, config.locale() if currency else "en")
