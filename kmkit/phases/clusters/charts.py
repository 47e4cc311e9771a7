"""Charts of the cluster phase: the members' spread per category, a member's place, levels."""

from __future__ import annotations

import altair as alt
import pandas as pd

from kmkit.present.theme import PALETTE

SCALE = alt.Scale(domain=[1, 5])


def _spread(table: pd.DataFrame, order: list[str]) -> alt.LayerChart:
    """The middle half of the members (first to third quartile) as a bar, the median a tick."""
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    tooltip = [
        alt.Tooltip("name:N", title="Category"),
        alt.Tooltip("q1:Q", title="First quartile", format=".2f"),
        alt.Tooltip("median:Q", title="Median", format=".2f"),
        alt.Tooltip("q3:Q", title="Third quartile", format=".2f"),
        alt.Tooltip("members:Q", title="Members"),
    ]
    band = (
        alt.Chart(table)
        .mark_bar(color=PALETTE["pale"], height=16)
        .encode(
            x=alt.X("q1:Q", scale=SCALE, title="Mean score (1-5)"),
            x2=alt.X2("q3:Q"),
            y=y,
            tooltip=tooltip,
        )
    )
    median = (
        alt.Chart(table)
        .mark_tick(color=PALETTE["ink"], thickness=2, size=18)
        .encode(x=alt.X("median:Q", scale=SCALE), y=y, tooltip=tooltip)
    )
    return band + median


def benchmark_chart(table: pd.DataFrame) -> alt.LayerChart:
    """Per category, where the middle half of the members score and their median."""
    order = table.sort_values("median", ascending=False)["name"].tolist()
    return _spread(table, order).properties(width=420, height=alt.Step(26))


def position_chart(place: pd.DataFrame) -> alt.LayerChart:
    """The member's score and its 95% interval against the middle half of its peers."""
    order = place.sort_values("percentile", ascending=False)["name"].tolist()
    y = alt.Y("name:N", sort=order, title=None)
    tooltip = [
        alt.Tooltip("name:N", title="Category"),
        alt.Tooltip("mean:Q", title="Your score", format=".2f"),
        alt.Tooltip("percentile:Q", title="Percentile among peers"),
    ]
    interval = (
        alt.Chart(place)
        .mark_rule(color=PALETTE["strong"], strokeWidth=2)
        .encode(x=alt.X("ci_low:Q", scale=SCALE), x2=alt.X2("ci_high:Q"), y=y)
    )
    dot = (
        alt.Chart(place)
        .mark_point(filled=True, size=90, color=PALETTE["strong"], opacity=1)
        .encode(x=alt.X("mean:Q", scale=SCALE), y=y, tooltip=tooltip)
    )
    return (_spread(place.assign(members=None), order) + interval + dot).properties(
        width=420, height=alt.Step(26)
    )


def levels_chart(levels: pd.DataFrame) -> alt.Chart:
    """How many members are at each maturity level."""
    return (
        alt.Chart(levels)
        .mark_bar(color=PALETTE["strong"], height=18)
        .encode(
            x=alt.X("members:Q", title="Members", axis=alt.Axis(tickMinStep=1, format="d")),
            y=alt.Y("level:N", sort=list(levels["level"]), title=None),
            tooltip=[alt.Tooltip("level:N", title="Level"), alt.Tooltip("members:Q")],
        )
        .properties(width=320, height=alt.Step(26))
    )
