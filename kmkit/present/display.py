"""How a process shows kmkit's results: charts as offline SVG in its theme, errors as one line."""

from __future__ import annotations

from kmkit.core.notebook import install_error_display
from kmkit.present.theme import use_offline_rendering


def setup() -> None:
    """Make this process show kmkit's results: call once, before the first chart.

    Charts render as inline SVG in kmkit's theme, with no network (use_offline_rendering),
    and in an IPython shell a KmkitError shows as its message alone (install_error_display).
    Each notebook's first cell calls it, as does the code that draws outside a notebook
    (the in-process report engine, the deck); chart functions only build charts.
    """
    use_offline_rendering()
    install_error_display()
