"""Phase 05 in Voilà: pick a KPI and see its history against baseline and target."""

from __future__ import annotations

from typing import Any

import pandas as pd

from kmkit.phases.measurement.charts import kpi_chart
from kmkit.present.explorer import explorer


def kpi_explorer(kpis: pd.DataFrame) -> Any:
    """A widget: pick a KPI and see its history against baseline and target."""
    import ipywidgets as w

    pick = w.Dropdown(options=list(dict.fromkeys(kpis["indicator"])), description="KPI")
    return explorer([pick], lambda: [kpi_chart(kpis, pick.value)], header=[pick])
