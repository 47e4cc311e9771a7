"""The shape every Voilà explorer shares: controls, and a view redrawn when one changes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any


def explorer(
    controls: Sequence[Any], draw: Callable[[], Sequence[Any]], header: Sequence[Any] = ()
) -> Any:
    """A widget: `controls` on top, then what `draw()` returns, drawn again on every change.

    Outputs are replaced rather than captured, so each view stays whole and the widget
    works in JupyterLab, in Voilà and in a report alike.
    """
    import ipywidgets as w

    view = w.Output()

    def refresh(_: object = None) -> None:
        # Not `with view:`: Output captures only in an ipykernel kernel (it needs `ip.kernel`),
        # so a report's in-process shell would show it in the cell; no upstream issue found.
        view.outputs = ()
        for shown in draw():
            view.append_display_data(shown)

    for control in controls:
        control.observe(refresh, names="value")
    refresh()
    return w.VBox([*header, view])
