"""Phase 04 in Voilà: tick interventions in or out and see the roadmap and its cost follow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd

from kmkit.core.workspace import Client
from kmkit.phases.solutions.charts import gantt_chart
from kmkit.phases.solutions.text import stages_markdown
from kmkit.present.explorer import explorer

OFFERED = 12  # recommendations offered as checkboxes, beside those already chosen


def with_extra(chosen: pd.DataFrame, extra: pd.DataFrame) -> pd.DataFrame:
    """The chosen rows, then extra recommendations given the columns a roadmap needs."""
    return pd.concat([chosen, extra.assign(owner="", phase=None, start=None)], ignore_index=True)


def solutions_explorer(
    ranked: pd.DataFrame,
    chosen: pd.DataFrame,
    roadmap: Callable[[pd.DataFrame], pd.DataFrame],
    client: Client,
    start: dt.date,
) -> Any:
    """A widget: tick interventions in or out and see the roadmap and its cost follow."""
    import ipywidgets as w

    from kmkit.present.markup import Markdown

    base = ranked.head(OFFERED)
    names = dict(zip(base["id"], base["name"], strict=True)) | dict(
        zip(chosen["id"], chosen["name"], strict=True)
    )
    boxes = {
        i: w.Checkbox(value=i in set(chosen["id"]), description=name, indent=False)
        for i, name in names.items()
    }

    def draw() -> list[Any]:
        keep = [i for i, box in boxes.items() if box.value]
        extra = ranked.loc[ranked["id"].isin(set(keep) - set(chosen["id"]))]
        plan = roadmap(with_extra(chosen.loc[chosen["id"].isin(keep)], extra))
        if plan.empty:
            return [Markdown("*Tick at least one intervention.*")]
        return [gantt_chart(plan), Markdown(stages_markdown(plan, start, client.config))]

    header = [w.HTML("<b>Interventions</b>"), w.VBox(list(boxes.values()))]
    return explorer(list(boxes.values()), draw, header=header)
