"""Charts of phase 02: orientation profile, goal x knowledge-area alignment, area importance."""

from __future__ import annotations

import altair as alt
import pandas as pd

from kmkit.phases.strategy.compute import Orientation
from kmkit.phases.strategy.inputs import STRENGTHS
from kmkit.present.theme import PALETTE, STRENGTH


def orientation_chart(orientation: Orientation) -> alt.LayerChart:
    """Each motive's mean with its 95% interval; the primary orientation stands out."""
    scale = orientation.result.instrument.scale
    data = orientation.result.ranked().assign(
        rank=lambda d: (
            d["name"]
            .map({orientation.primary: "primary", orientation.secondary: "secondary"})
            .fillna("third")
        ),
        label=lambda d: d["mean"].map("{:.1f}".format),
    )
    y = alt.Y("name:N", sort=list(data["name"]), title=None, axis=alt.Axis(labelLimit=200))
    bars = (
        alt.Chart(data)
        .mark_bar(height=22)
        .encode(
            x=alt.X(
                "mean:Q",
                scale=alt.Scale(domain=[scale.min, scale.max]),
                title=f"Mean agreement ({scale.min}-{scale.max})",
            ),
            x2=alt.datum(scale.min),
            y=y,
            color=alt.Color(
                "rank:N",
                scale=alt.Scale(
                    domain=["primary", "secondary", "third"],
                    range=[PALETTE["strong"], PALETTE["second"], PALETTE["neutral"]],
                ),
                legend=alt.Legend(title=None, orient="bottom", symbolType="square"),
            ),
            tooltip=[
                alt.Tooltip("name:N", title="Orientation"),
                alt.Tooltip("mean:Q", format=".2f"),
                alt.Tooltip("ci_low:Q", format=".2f", title="95% from"),
                alt.Tooltip("ci_high:Q", format=".2f", title="95% to"),
                alt.Tooltip("n:Q", title="Managers"),
            ],
        )
    )
    rules = (
        alt.Chart(data)
        .mark_rule(color=PALETTE["ink"])
        .encode(x=alt.X("ci_low:Q"), x2=alt.X2("ci_high:Q"), y=y)
    )
    labels = (
        alt.Chart(data)
        .mark_text(align="left", dx=5, fontSize=11)
        .encode(x=alt.X("ci_high:Q"), y=y, text=alt.Text("label:N"))
    )
    return (bars + rules + labels).properties(
        width=380, height=alt.Step(34), title="Why KM: strategic orientation (black: 95% interval)"
    )


def alignment_heatmap(grid: pd.DataFrame) -> alt.LayerChart:
    """Goal x knowledge-area heatmap of how strongly each area serves each goal (0-3)."""
    data = grid.assign(
        goal_label=grid["goal_no"].map("G{}".format),
        meaning=grid["strength"].map(STRENGTHS),
        shown=grid["strength"].map(lambda s: str(s) if s else ""),
    )
    base = alt.Chart(data).encode(
        x=alt.X(
            "goal_label:N",
            title=None,
            sort=None,
            axis=alt.Axis(labelAngle=0, orient="top"),
        ),
        y=alt.Y("area:N", title=None, sort=None),
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color(
            "strength:O",
            scale=alt.Scale(domain=[0, 1, 2, 3], range=list(STRENGTH)),
            legend=alt.Legend(title="Serves the goal (0-3)", orient="bottom", symbolType="square"),
        ),
        tooltip=[
            alt.Tooltip("area:N"),
            alt.Tooltip("goal:N"),
            alt.Tooltip("strength:Q"),
            alt.Tooltip("meaning:N"),
        ],
    )
    text = base.mark_text(fontSize=12).encode(
        text=alt.Text("shown:N"),
        color=alt.condition("datum.strength >= 2", alt.value("white"), alt.value(PALETTE["ink"])),
    )
    return (cells + text).properties(
        width=alt.Step(60),
        height=alt.Step(28),
        title="Which knowledge areas serve which goals (G1, G2...: the goals above)",
    )


def importance_chart(importance: pd.DataFrame) -> alt.Chart:
    """Knowledge areas ranked by their weight in the strategy (top area = 100%)."""
    data = importance.assign(
        goals_served=importance["goals"].map(lambda g: ", ".join(f"G{n}" for n in g))
    )
    return (
        alt.Chart(data)
        .mark_bar(color=PALETTE["strong"], height=18)
        .encode(
            x=alt.X("importance:Q", axis=alt.Axis(format="%"), title="Strategic importance"),
            y=alt.Y("area:N", sort=list(data["area"]), title=None, axis=alt.Axis(labelLimit=200)),
            tooltip=[
                alt.Tooltip("area:N"),
                alt.Tooltip("importance:Q", format=".0%"),
                alt.Tooltip("points:Q", title="Weighted links"),
                alt.Tooltip("goals_served:N", title="Goals served"),
            ],
        )
        .properties(width=360, height=alt.Step(26), title="Knowledge areas the strategy depends on")
    )
