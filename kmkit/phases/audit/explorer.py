"""Phase 03 in Voilà: filter the audit by area and location, and see what a departure costs."""

from __future__ import annotations

from typing import Any

import pandas as pd

from kmkit.phases.audit import compute as audit
from kmkit.phases.audit.charts import risk_matrix
from kmkit.phases.audit.inputs import Inventory
from kmkit.phases.audit.text import area_markdown, what_if_sentence
from kmkit.present.explorer import explorer

NOBODY = "(nobody leaves)"
EVERY_AREA = "All areas"
EVERYWHERE = "All locations"


def explorer_view(
    inventory: Inventory,
    importance: pd.DataFrame | None,
    file: str,
    choice: tuple[str, str, str],
) -> list[Any]:
    """What the explorer shows for one (area, location, holder): sentence, matrix, area table."""
    from kmkit.present.markup import Markdown

    area, resides, holder = choice
    inventory = audit.filtered(
        inventory,
        None if area == EVERY_AREA else area,
        None if resides == EVERYWHERE else resides,
    )
    if inventory.assets.empty:
        return [Markdown("*No knowledge asset matches this choice.*")]
    title = "Knowledge at risk"
    sentence = f"{len(inventory.assets)} knowledge assets shown."
    if holder != NOBODY:
        change = audit.what_if(inventory, holder)
        sentence = f"If **{holder}** left: {what_if_sentence(change, file)}"
        inventory = audit.without_holder(inventory, holder)
        title = f"Knowledge at risk if {holder} left"
    return [
        Markdown(sentence),
        risk_matrix(audit.asset_risk(inventory), title),
        Markdown(area_markdown(inventory, importance)),
    ]


def audit_explorer(inventory: Inventory, importance: pd.DataFrame | None, file: str) -> Any:
    """A widget: filter the audit by area and location, and pick a holder who might leave."""
    import ipywidgets as w

    assets = inventory.assets
    area = w.Dropdown(options=[EVERY_AREA, *sorted(assets["area"].unique())], description="Area")
    resides = w.Dropdown(
        options=[EVERYWHERE, *sorted(assets["resides"].unique())], description="Resides in"
    )
    holder = w.Dropdown(
        options=[NOBODY, *audit.key_people(inventory)["holder"]], description="If leaving"
    )
    controls = [area, resides, holder]

    def draw() -> list[Any]:
        choice = (area.value, resides.value, holder.value)
        return explorer_view(inventory, importance, file, choice)

    return explorer(controls, draw, header=[w.HBox(controls)])
