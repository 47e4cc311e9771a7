"""Charts of phase 07: plan against actual, the pilot against the others, risk then and now."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from kmkit.phases.review.pilot import ALL_OTHERS
from kmkit.present.theme import PALETTE

STATUS_COLOURS = {
    "done": PALETTE["strong"],
    "running": PALETTE["amber"],
    "stalled": PALETTE["weak"],
    "planned": PALETTE["pale"],
    "dropped": PALETTE["hidden"],
}


def plan_actual_chart(tracking: pd.DataFrame, as_of: dt.date) -> alt.LayerChart:
    """Each intervention twice: its planned bar (grey) above its actual one (by status)."""
    order = list(tracking["name"])
    shown = ["name", "status", "start", "end", "what"]
    planned = tracking.dropna(subset=["planned_start"]).assign(
        start=lambda d: pd.to_datetime(d["planned_start"]),
        end=lambda d: pd.to_datetime(d["planned_end"]),
        what="planned",
    )[shown]
    actual = tracking.dropna(subset=["started"]).assign(
        start=lambda d: pd.to_datetime(d["started"]),
        end=lambda d: pd.to_datetime(d["actual_end"]),
        what="actual",
    )[shown]
    present = {k: v for k, v in STATUS_COLOURS.items() if k in set(actual["status"])}
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=240))
    offset = alt.YOffset("what:N", sort=["planned", "actual"], scale=alt.Scale(paddingInner=0.1))
    x = alt.X("start:T", title=None, axis=alt.Axis(format="%b %Y"))
    plan_bars = (
        alt.Chart(planned)
        .mark_bar(color=PALETTE["pale"], height=7)
        .encode(x=x, x2=alt.X2("end:T"), y=y, yOffset=offset,
                tooltip=[alt.Tooltip("name:N"), alt.Tooltip("start:T", title="planned start"),
                         alt.Tooltip("end:T", title="planned first value")])
    )  # fmt: skip
    act_bars = (
        alt.Chart(actual)
        .mark_bar(height=7)
        .encode(
            x=x, x2=alt.X2("end:T"), y=y, yOffset=offset,
            color=alt.Color("status:N", scale=alt.Scale(domain=list(present),
                            range=list(present.values())),
                            legend=alt.Legend(title=None, orient="bottom", symbolType="square")),
            tooltip=[alt.Tooltip("name:N"), alt.Tooltip("status:N"),
                     alt.Tooltip("start:T", title="started"), alt.Tooltip("end:T", title="until")],
        )
    )  # fmt: skip
    today = (
        alt.Chart(pd.DataFrame({"x": [pd.Timestamp(as_of)]}))
        .mark_rule(strokeDash=[4, 3], color=PALETTE["ink"])
        .encode(x=alt.X("x:T"))
    )
    return (plan_bars + act_bars + today).properties(
        width=440,
        height=alt.Step(11),
        title="Plan (grey, upper bar) against what happened (lower bar); dashed: the review",
    )


def pilot_chart(
    kpis: pd.DataFrame, indicator: str, pilot: str, start: dt.date, compare_with: str
) -> alt.LayerChart:
    """One KPI in the pilot department and in the comparison, month by month."""
    readings = kpis.loc[(kpis["indicator"] == indicator) & (kpis["department"] != "")]
    ours = readings.loc[readings["department"] == pilot].assign(group=pilot)
    others = readings.loc[readings["department"] != pilot]
    if compare_with != ALL_OTHERS:
        others = others.loc[others["department"] == compare_with]
    label = "other departments (mean)" if compare_with == ALL_OTHERS else compare_with
    series = others.groupby("date", as_index=False)["value"].mean().assign(group=label)
    data = pd.concat([ours[["date", "value", "group"]], series]).assign(
        date=lambda d: pd.to_datetime(d["date"])
    )
    first = readings.iloc[0]
    lines = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y")),
            y=alt.Y("value:Q", title=first["unit"] or None, scale=alt.Scale(zero=False)),
            color=alt.Color("group:N", scale=alt.Scale(domain=[pilot, label],
                            range=[PALETTE["weak"], PALETTE["neutral"]]),
                            legend=alt.Legend(title=None, orient="bottom", symbolType="stroke")),
            tooltip=[alt.Tooltip("group:N"), alt.Tooltip("date:T"),
                     alt.Tooltip("value:Q", format=".1f")],
        )
    )  # fmt: skip
    begun = (
        alt.Chart(pd.DataFrame({"x": [pd.Timestamp(start)]}))
        .mark_rule(strokeDash=[4, 3], color=PALETTE["ink"])
        .encode(x=alt.X("x:T"))
    )
    better = "higher" if first["better"] == "higher" else "lower"
    return (begun + lines).properties(
        width=330, height=170, title=f"{indicator[:40]} ({better} is better; dashed: pilot began)"
    )


def risk_change_chart(change: pd.DataFrame) -> alt.LayerChart:
    """Each asset's risk at the first audit (hollow) and now (filled), joined by a line."""
    data = change.assign(
        then=change["risk_then"].round(0), now=change["risk_now"].round(0)
    ).reset_index(drop=True)[["asset", "area", "then", "now", "status"]]
    y = alt.Y("asset:N", sort=list(data["asset"]), title=None, axis=alt.Axis(labelLimit=260))
    scale = alt.Scale(domain=[0, 100])
    link = (
        alt.Chart(data.dropna(subset=["then", "now"]))
        .mark_rule(color=PALETTE["faint"], strokeWidth=2)
        .encode(x=alt.X("then:Q", scale=scale), x2=alt.X2("now:Q"), y=y)
    )
    tips = [alt.Tooltip("asset:N"), alt.Tooltip("area:N"), alt.Tooltip("then:Q", title="risk then"),
            alt.Tooltip("now:Q", title="risk now"), alt.Tooltip("status:N")]  # fmt: skip
    then = (
        alt.Chart(data.dropna(subset=["then"]))
        .mark_point(size=70, color=PALETTE["neutral"])
        .encode(x=alt.X("then:Q", scale=scale, title="Knowledge risk (0-100)"), y=y, tooltip=tips)
    )
    now = (
        alt.Chart(data.dropna(subset=["now"]))
        .mark_point(size=80, filled=True)
        .encode(
            x=alt.X("now:Q", scale=scale),
            y=y,
            color=alt.Color("status:N", scale=alt.Scale(
                domain=["lower", "same", "higher", "new"],
                range=[PALETTE["strong"], PALETTE["faint"], PALETTE["weak"], PALETTE["amber"]]),
                legend=alt.Legend(title=None, orient="bottom", symbolType="circle")),
            tooltip=tips,
        )
    )  # fmt: skip
    return (link + then + now).properties(
        width=380, height=alt.Step(22), title="Risk at the first audit (hollow) and now (filled)"
    )
