"""Charts of phase 05: a KPI's history against baseline and target, and wave changes."""

from __future__ import annotations

import altair as alt
import pandas as pd

from kmkit.present.theme import PALETTE


def kpi_chart(kpis: pd.DataFrame, indicator: str) -> alt.LayerChart:
    """One indicator over time with its baseline (grey) and target (dashed)."""
    data = kpis.loc[kpis["indicator"] == indicator].assign(date=lambda d: pd.to_datetime(d["date"]))
    first = data.iloc[0]
    # The indicator names the chart; its axis carries only the unit, so a long name never
    # runs past the plot into the charts beside and below it.
    unit = first["unit"] if first["unit"] else None
    line = (
        alt.Chart(data)
        .mark_line(point=True, color=PALETTE["strong"])
        .encode(
            x=alt.X(
                "date:T",
                title=None,
                axis=alt.Axis(format="%b %Y", tickCount={"interval": "month", "step": 3}),
            ),
            y=alt.Y("value:Q", title=unit, scale=alt.Scale(zero=False)),
            tooltip=[
                alt.Tooltip("date:T"),
                alt.Tooltip("value:Q"),
                alt.Tooltip("row:Q", title="KPI file row"),
            ],
        )
    )
    marks = pd.DataFrame(
        {"value": [first["value"], first["target"]], "what": ["baseline", "target"]}
    )
    rules = (
        alt.Chart(marks)
        .mark_rule()
        .encode(
            y=alt.Y("value:Q"),
            strokeDash=alt.condition(
                "datum.what == 'target'", alt.value([5, 4]), alt.value([1, 0])
            ),
            color=alt.condition(
                "datum.what == 'target'", alt.value(PALETTE["weak"]), alt.value(PALETTE["baseline"])
            ),
            tooltip=[alt.Tooltip("what:N"), alt.Tooltip("value:Q")],
        )
    )
    better = "higher" if first["better"] == "higher" else "lower"
    return (rules + line).properties(
        width=330,
        height=180,
        title=alt.Title(indicator, subtitle=f"{better} is better; dashed: target"),
    )


def wave_change_chart(table: pd.DataFrame, first: str, second: str) -> alt.LayerChart:
    """Change per category between two waves with bootstrap 95% intervals; real ones coloured."""
    data = table.assign(verdict=table["real"].map({True: "real change", False: "within noise"}))
    y = alt.Y("name:N", sort=list(data["name"]), title=None, axis=alt.Axis(labelLimit=220))
    rules = (
        alt.Chart(data)
        .mark_rule(strokeWidth=2, color=PALETTE["whisker"])
        .encode(x=alt.X("low:Q"), x2=alt.X2("high:Q"), y=y)
    )
    dots = (
        alt.Chart(data)
        .mark_point(filled=True, size=90)
        .encode(
            x=alt.X("change:Q", title=f"Change from '{first}' to '{second}' (points)"),
            y=y,
            color=alt.Color(
                "verdict:N",
                scale=alt.Scale(
                    domain=["real change", "within noise"],
                    range=[PALETTE["strong"], PALETTE["faint"]],
                ),
                legend=alt.Legend(title=None, orient="bottom", symbolType="circle"),
            ),
            tooltip=[
                alt.Tooltip("name:N"),
                alt.Tooltip("before:Q", format=".2f"),
                alt.Tooltip("after:Q", format=".2f"),
                alt.Tooltip("change:Q", format=".2f"),
                alt.Tooltip("low:Q", format=".2f", title="95% from"),
                alt.Tooltip("high:Q", format=".2f", title="95% to"),
            ],
        )
    )
    zero = (
        alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color=PALETTE["ink"]).encode(x=alt.X("x:Q"))
    )
    return (zero + rules + dots).properties(
        width=380,
        height=alt.Step(26),
        title="What changed between the surveys (lines: 95% intervals)",
    )
