"""Charts of phases 04-05: impact x effort, the roadmap Gantt, KPI history, wave changes."""

from __future__ import annotations

import altair as alt
import pandas as pd

from kmkit.charts import PALETTE, use_offline_rendering

PHASE_COLOURS = {
    "Pilot": "#c8553d",
    "Promote and support": "#2a6f97",
    "Institutionalise": "#5b8e7d",
}


def impact_effort_chart(ranked: pd.DataFrame, chosen: set[str]) -> alt.LayerChart:
    """Impact (0-100) against effort (1-5); chosen interventions filled, the rest hollow."""
    use_offline_rendering()
    data = ranked.assign(
        status=ranked["id"].map(lambda i: "accepted" if i in chosen else "not chosen"),
        x=ranked["effort"] + ranked.groupby("effort").cumcount() % 3 * 0.12 - 0.12,
    )
    x = alt.X("x:Q", title="Effort (1 light - 5 heavy)", scale=alt.Scale(domain=[0.5, 5.5]))
    y = alt.Y("impact:Q", title="Impact on the measured needs (0-100)")
    dots = (
        alt.Chart(data)
        .mark_point(size=110, filled=True)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "status:N",
                scale=alt.Scale(
                    domain=["accepted", "not chosen"], range=[PALETTE["strong"], "#c9ced6"]
                ),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            tooltip=["name:N", "impact:Q", "effort:Q", "quadrant:N", "cost:N"],
        )
    )
    labels = (
        alt.Chart(data.loc[data["status"] == "accepted"])
        .mark_text(align="left", dx=8, fontSize=10)
        .encode(x=x, y=y, text="name:N")
    )
    split = alt.Chart(pd.DataFrame({"y": [50], "x": [2.5]}))
    rules = split.mark_rule(strokeDash=[4, 3], color="#888").encode(y="y:Q") + split.mark_rule(
        strokeDash=[4, 3], color="#888"
    ).encode(x="x:Q")
    return (rules + dots + labels).properties(
        width=420, height=300, title="Impact and effort (top left: quick wins)"
    )


def gantt_chart(roadmap: pd.DataFrame) -> alt.Chart:
    """The roadmap: one bar per intervention from its start to its first value, by phase."""
    use_offline_rendering()
    data = roadmap.assign(
        start=pd.to_datetime(roadmap["start"]), end=pd.to_datetime(roadmap["end"])
    )
    return (
        alt.Chart(data)
        .mark_bar(height=14, cornerRadius=2)
        .encode(
            x=alt.X("start:T", title=None, axis=alt.Axis(format="%b %Y")),
            x2="end:T",
            y=alt.Y("name:N", sort=list(data["name"]), title=None, axis=alt.Axis(labelLimit=240)),
            color=alt.Color(
                "phase_name:N",
                scale=alt.Scale(domain=list(PHASE_COLOURS), range=list(PHASE_COLOURS.values())),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            tooltip=["name:N", "phase_name:N", "owner:N", "start:T", "end:T", "cost_band:N"],
        )
        .properties(width=420, height=alt.Step(22), title="Roadmap: start to first value")
    )


def kpi_chart(kpis: pd.DataFrame, indicator: str) -> alt.LayerChart:
    """One indicator over time with its baseline (grey) and target (dashed)."""
    use_offline_rendering()
    data = kpis.loc[kpis["indicator"] == indicator].assign(date=lambda d: pd.to_datetime(d["date"]))
    first = data.iloc[0]
    unit = f" ({first['unit']})" if first["unit"] else ""
    line = (
        alt.Chart(data)
        .mark_line(point=True, color=PALETTE["strong"])
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y")),
            y=alt.Y("value:Q", title=f"{indicator}{unit}", scale=alt.Scale(zero=False)),
            tooltip=["date:T", "value:Q", alt.Tooltip("row:Q", title="KPI file row")],
        )
    )
    marks = pd.DataFrame(
        {"value": [first["value"], first["target"]], "what": ["baseline", "target"]}
    )
    rules = (
        alt.Chart(marks)
        .mark_rule()
        .encode(
            y="value:Q",
            strokeDash=alt.condition(
                "datum.what == 'target'", alt.value([5, 4]), alt.value([1, 0])
            ),
            color=alt.condition(
                "datum.what == 'target'", alt.value(PALETTE["weak"]), alt.value("#999")
            ),
            tooltip=["what:N", "value:Q"],
        )
    )
    better = "higher" if first["better"] == "higher" else "lower"
    return (rules + line).properties(
        width=330, height=180, title=f"{indicator[:40]} ({better} is better; dashed: target)"
    )


def wave_change_chart(table: pd.DataFrame, first: str, second: str) -> alt.LayerChart:
    """Change per category between two waves with bootstrap 95% intervals; real ones coloured."""
    use_offline_rendering()
    data = table.assign(verdict=table["real"].map({True: "real change", False: "within noise"}))
    y = alt.Y("name:N", sort=list(data["name"]), title=None, axis=alt.Axis(labelLimit=220))
    rules = (
        alt.Chart(data).mark_rule(strokeWidth=2, color="#555").encode(x="low:Q", x2="high:Q", y=y)
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
                    domain=["real change", "within noise"], range=[PALETTE["strong"], "#aab"]
                ),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            tooltip=[
                "name:N",
                alt.Tooltip("before:Q", format=".2f"),
                alt.Tooltip("after:Q", format=".2f"),
                alt.Tooltip("change:Q", format=".2f"),
                alt.Tooltip("low:Q", format=".2f", title="95% from"),
                alt.Tooltip("high:Q", format=".2f", title="95% to"),
            ],
        )
    )
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#222").encode(x="x:Q")
    return (zero + rules + dots).properties(
        width=380,
        height=alt.Step(26),
        title="What changed between the surveys (lines: 95% intervals)",
    )
