"""Phase 06 in Voilà: tick IP measures or continuity measures and see readiness change."""

from __future__ import annotations

from typing import Any

import pandas as pd

from kmkit.phases.partnerships.checklists import continuity_checklist, ip_checklist
from kmkit.phases.partnerships.compute import STATUS_CREDIT, ip_status, readiness_with
from kmkit.phases.partnerships.inputs import Partnerships
from kmkit.present.explorer import explorer


def ip_what_if(status: pd.DataFrame, partnership: str, ticked: set[str]) -> float:
    """A partnership's IP readiness if the `ticked` measures were put in place."""
    rows = status.loc[
        (status["partnership"] == partnership) & (status["status"] != "not applicable")
    ]
    credit = [
        1.0 if r.measure in ticked else STATUS_CREDIT.get(r.status, 0.0) for r in rows.itertuples()
    ]
    return sum(credit) / len(credit) * 100 if credit else 0.0


def _ticks(measures: list[tuple[str, str]]) -> list[Any]:
    import ipywidgets as w

    return [w.Checkbox(description=name, value=False, indent=False) for _, name in measures]


def ip_explorer(data: Partnerships, names: dict[str, str]) -> Any:
    """A widget: pick a partnership, tick measures to put in place, see its IP readiness."""
    import ipywidgets as w
    from IPython.display import Markdown

    status = ip_status(data)
    pick = w.Dropdown(options=[(n, i) for i, n in names.items()], description="Partnership")
    measures = [(m.id, m.name) for m in ip_checklist().items]
    ticks = _ticks(measures)

    def draw() -> list[Any]:
        ticked = {ident for (ident, _), box in zip(measures, ticks, strict=True) if box.value}
        now = ip_what_if(status, pick.value, set())
        then = ip_what_if(status, pick.value, ticked)
        return [
            Markdown(
                f"IP readiness of **{names[pick.value]}**: {now:.0f}% now, {then:.0f}% "
                f"with the {len(ticked)} ticked measure(s) in place."
            )
        ]

    boxes = w.GridBox(ticks, layout=w.Layout(grid_template_columns="repeat(2, 50%)"))
    return explorer([pick, *ticks], draw, header=[pick, boxes])


def continuity_explorer(table: pd.DataFrame) -> Any:
    """A widget: pick a key person, tick continuity measures, see their readiness change."""
    import ipywidgets as w
    from IPython.display import Markdown

    pick = w.Dropdown(options=list(table["holder"]), description="Key person")
    measures = [(m.id, m.name) for m in continuity_checklist().measures]
    ticks = _ticks(measures)

    def draw() -> list[Any]:
        ticked = {ident for (ident, _), box in zip(measures, ticks, strict=True) if box.value}
        now = readiness_with(table, pick.value, set())
        then = readiness_with(table, pick.value, ticked)
        return [
            Markdown(
                f"Continuity readiness for **{pick.value}**: {now:.0f}% now, "
                f"{then:.0f}% with the {len(ticked)} ticked measure(s) in place."
            )
        ]

    boxes = w.GridBox(ticks, layout=w.Layout(grid_template_columns="repeat(2, 50%)"))
    return explorer([pick, *ticks], draw, header=[pick, boxes])
