"""The date kmkit reads an engagement as of: the one place that asks for today."""

from __future__ import annotations

import datetime as dt
import os

from kmkit.core import paths
from kmkit.core.errors import KmkitError


def as_of_date(text: str | dt.date | None) -> dt.date:
    """The engagement's date: a YYYY-MM-DD text or a date; today when none is given."""
    if isinstance(text, dt.date):
        return text
    text = text or os.environ.get(paths.AS_OF_ENV, "")
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise KmkitError(f"'{text}' is not a date: give the as-of date as YYYY-MM-DD.") from None
