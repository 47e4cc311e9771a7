"""Charts of phase 04: impact x effort, and the roadmap as a Gantt chart."""

from __future__ import annotations

import altair as alt
import pandas as pd

from kmkit.present.theme import PALETTE, STAGES


def impact_effort_chart(ranked: pd.DataFrame, chosen: set[str]) -> alt.LayerChart:
    """Impact (0-100) against effort (1-5); chosen interventions filled, the rest hollow."""
    data = ranked.assign(
        status=ranked["id"].map(lambda i: "accepted" if i in chosen else "not chosen"),
        x=ranked["effort"] + ranked.groupby("effort").cumcount() % 3 * 0.12 - 0.12,
    )
    # The instrument's 1-5 scale, padded in pixels so jittered points at 1 and 5 stay inside.
    x = alt.X(
        "x:Q",
        title="Effort (1 light - 5 heavy)",
        scale=alt.Scale(domain=[1, 5], nice=False, zero=False, padding=16),
        axis=alt.Axis(values=[1, 2, 3, 4, 5], format="d"),
    )
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
                    domain=["accepted", "not chosen"], range=[PALETTE["strong"], PALETTE["pale"]]
                ),
                legend=alt.Legend(title=None, orient="bottom", symbolType="circle"),
            ),
            tooltip=[
                alt.Tooltip("name:N"),
                alt.Tooltip("impact:Q"),
                alt.Tooltip("effort:Q"),
                alt.Tooltip("quadrant:N"),
                alt.Tooltip("cost:N"),
            ],
        )
    )
    labels = (
        alt.Chart(data.loc[data["status"] == "accepted"])
        .mark_text(align="left", dx=8, fontSize=10)
        .encode(x=x, y=y, text=alt.Text("name:N"))
    )
    split = alt.Chart(pd.DataFrame({"y": [50], "x": [2.5]}))
    rules = split.mark_rule(strokeDash=[4, 3], color=PALETTE["rule"]).encode(
        y=alt.Y("y:Q")
    ) + split.mark_rule(strokeDash=[4, 3], color=PALETTE["rule"]).encode(x=alt.X("x:Q"))
    return (rules + dots + labels).properties(
        width=420, height=300, title="Impact and effort (top left: quick wins)"
    )


def gantt_chart(roadmap: pd.DataFrame) -> alt.Chart:
    """The roadmap: one bar per intervention from its start to its first value, by phase."""
    data = roadmap.assign(
        start=pd.to_datetime(roadmap["start"]), end=pd.to_datetime(roadmap["end"])
    )
    stages = [s for s in STAGES if s in set(data["phase_name"])]  # the legend names only these
    return (
        alt.Chart(data)
        .mark_bar(height=14, cornerRadius=2)
        .encode(
            x=alt.X("start:T", title=None, axis=alt.Axis(format="%b %Y", labelFlush=True)),
            x2=alt.X2("end:T"),
            y=alt.Y("name:N", sort=list(data["name"]), title=None, axis=alt.Axis(labelLimit=240)),
            color=alt.Color(
                "phase_name:N",
                scale=alt.Scale(domain=stages, range=[STAGES[s] for s in stages]),
                legend=alt.Legend(title=None, orient="bottom", symbolType="square"),
            ),
            tooltip=[
                alt.Tooltip("name:N"),
                alt.Tooltip("phase_name:N"),
                alt.Tooltip("owner:N"),
                alt.Tooltip("start:T"),
                alt.Tooltip("end:T"),
                alt.Tooltip("cost_band:N"),
            ],
        )
        .properties(width=420, height=alt.Step(22), title="Roadmap: start to first value")
    )
