"""Phase 01 in Voilà: pick a department and a category; the profile and the questions follow."""

from __future__ import annotations

import html
from typing import Any

from kmkit.core.scoring import MaturityResult
from kmkit.core.workspace import Client
from kmkit.phases.awareness.charts import category_profile, item_means_chart
from kmkit.phases.awareness.compute import WHOLE_FIRM, department_result, shown_departments
from kmkit.phases.awareness.text import maturity_level
from kmkit.present.explorer import explorer


def awareness_explorer(result: MaturityResult, client: Client) -> Any:
    """A widget: pick a department and a category; the profile and the questions follow."""
    import ipywidgets as w

    from kmkit.present.markup import Markdown

    department = w.Dropdown(
        options=[WHOLE_FIRM, *shown_departments(result, client)],
        value=WHOLE_FIRM,
        description="Department",
    )
    category = w.Dropdown(
        options=[(c.name, c.id) for c in result.instrument.categories], description="Category"
    )

    def draw() -> list[Any]:
        chosen = department_result(result, client, department.value)
        return [
            Markdown(maturity_level(chosen, department.value)),
            category_profile(chosen),
            item_means_chart(chosen, category.value),
        ]

    threshold = html.escape(str(client.config.anonymity_threshold))
    note = w.HTML(
        f"<small>Departments with fewer than {threshold} "
        "respondents are not offered, to keep answers anonymous.</small>"
    )
    return explorer([department, category], draw, header=[w.HBox([department, category]), note])
