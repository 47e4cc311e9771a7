"""Phase 06 in Voilà: tick IP measures or continuity measures and see readiness change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from kmkit.core.words import say_n
from kmkit.phases.partnerships.checklists import continuity_checklist, ip_checklist
from kmkit.phases.partnerships.compute import ip_status, ip_what_if, readiness_with
from kmkit.phases.partnerships.inputs import Partnerships
from kmkit.present.explorer import explorer


def what_if(
    title: str,
    options: list[tuple[str, str]],
    measures: list[tuple[str, str]],
    readiness: Callable[[str, set[str]], float],
) -> Any:
    """A widget: pick one of `options`, tick `measures`, see readiness now and with them."""
    import ipywidgets as w

    from kmkit.present.markup import Markdown

    pick = w.Dropdown(options=[(label, key) for key, label in options], description=title)
    ticks = [w.Checkbox(description=name, value=False, indent=False) for _, name in measures]
    labels = dict(options)

    def draw() -> list[Any]:
        ticked = {ident for (ident, _), box in zip(measures, ticks, strict=True) if box.value}
        now, then = readiness(pick.value, set()), readiness(pick.value, ticked)
        return [
            Markdown(
                say_n(
                    "{title} **{label}**: readiness {now:.0f}% now, {then:.0f}% with the "
                    "{n} ticked measure in place.",
                    "{title} **{label}**: readiness {now:.0f}% now, {then:.0f}% with the "
                    "{n} ticked measures in place.",
                    len(ticked),
                    title=title,
                    label=labels[pick.value],
                    now=now,
                    then=then,
                )
            )
        ]

    boxes = w.GridBox(ticks, layout=w.Layout(grid_template_columns="repeat(2, 50%)"))
    return explorer([pick, *ticks], draw, header=[pick, boxes])


def ip_explorer(data: Partnerships, names: dict[str, str]) -> Any:
    """A widget: pick a partnership, tick IP measures to put in place, see its readiness."""
    status = ip_status(data)
    measures = [(m.id, m.name) for m in ip_checklist().items]
    return what_if(
        "Partnership",
        list(names.items()),
        measures,
        lambda ident, ticked: ip_what_if(status, ident, ticked),
    )


def continuity_explorer(table: pd.DataFrame) -> Any:
    """A widget: pick a key person, tick continuity measures, see their readiness change."""
    people = [(h, h) for h in table["holder"]]
    measures = [(m.id, m.name) for m in continuity_checklist().measures]
    return what_if(
        "Key person", people, measures, lambda who, ticked: readiness_with(table, who, ticked)
    )
