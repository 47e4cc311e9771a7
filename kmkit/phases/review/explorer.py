"""Phase 07 in Voilà: pick a department to compare the pilot with, and see the effect follow."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from kmkit.present.explorer import explorer


def comparison_explorer(options: Sequence[str], draw: Callable[[str], list[Any]]) -> Any:
    """A widget: choose all other departments or one of them; `draw` shows the comparison."""
    import ipywidgets as w

    pick = w.Dropdown(options=list(options), description="Compare with")
    pick.style.description_width = "initial"
    return explorer([pick], lambda: draw(pick.value), header=[pick])
