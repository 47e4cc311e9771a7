"""Charts of phase 03: risk matrix, key-person dependency, area gaps, where knowledge lives."""

from __future__ import annotations

import altair as alt
import pandas as pd

from kmkit.present.theme import DIMENSIONS, DOCUMENTATION, PALETTE

ALL_AREAS = "All areas"


def _spread(risk: pd.DataFrame) -> pd.DataFrame:
    """Nudge assets sharing a cell of the matrix apart so each stays visible."""
    data = risk.copy()
    rank = data.groupby(["criticality", "loss_likelihood"]).cumcount()
    size = data.groupby(["criticality", "loss_likelihood"])["asset"].transform("size")
    offset = (rank - (size - 1) / 2) * 0.22
    data["x"] = data["loss_likelihood"] + offset
    data["y"] = data["criticality"] + offset * 0.6
    return data


def risk_matrix(
    risk: pd.DataFrame,
    title: str = "Knowledge at risk",
    label_top: int = 5,
    pick_area: bool = False,
) -> alt.LayerChart:
    """Criticality x likelihood of loss: dots sized by holders, coloured by documentation."""
    data = _spread(risk).assign(
        holder_list=risk["holders"].map(lambda h: "; ".join(h) or "nobody"),
        label=(risk.index + 1).astype(str),
        risk_shown=risk["risk"].round(0),
    )
    axis = alt.Scale(domain=[0.5, 5.5], nice=False)
    zone = pd.DataFrame({"x": [3.5], "x2": [5.5], "y": [3.5], "y2": [5.5]})
    danger = (
        alt.Chart(zone)
        .mark_rect(color=PALETTE["danger"])
        .encode(
            x=alt.X("x:Q", scale=axis),
            x2=alt.X2("x2:Q"),
            y=alt.Y("y:Q", scale=axis),
            y2=alt.Y2("y2:Q"),
        )
    )
    tooltip = [
        alt.Tooltip("asset:N"),
        alt.Tooltip("area:N"),
        alt.Tooltip("kind:N"),
        alt.Tooltip("resides:N"),
        alt.Tooltip("holder_list:N", title="Holders"),
        alt.Tooltip("documentation:N"),
        alt.Tooltip("criticality:Q"),
        alt.Tooltip("loss_likelihood:Q", title="Likelihood of loss"),
        alt.Tooltip("risk_shown:Q", title="Risk (0-100)"),
        alt.Tooltip("row:Q", title="Inventory row"),
    ]
    dots = (
        alt.Chart(data)
        .mark_circle(opacity=0.85, stroke=PALETTE["ink"], strokeWidth=0.5)
        .encode(
            x=alt.X(
                "x:Q",
                scale=axis,
                title="Likelihood of loss (1-5)",
                axis=alt.Axis(values=[1, 2, 3, 4, 5], format="d"),
            ),
            y=alt.Y(
                "y:Q",
                scale=axis,
                title="Criticality (1-5)",
                axis=alt.Axis(values=[1, 2, 3, 4, 5], format="d"),
            ),
            size=alt.Size(
                "holder_count:Q",
                scale=alt.Scale(domain=[0, 4], range=[40, 500]),
                legend=alt.Legend(title="Holders", orient="right", symbolType="circle"),
            ),
            color=alt.Color(
                "documentation:N",
                scale=alt.Scale(domain=list(DOCUMENTATION), range=list(DOCUMENTATION.values())),
                legend=alt.Legend(title="Documented", orient="right", symbolType="circle"),
            ),
            tooltip=tooltip,
        )
    )
    labels = (
        alt.Chart(data.head(label_top))
        .mark_text(align="left", dx=9, dy=-9, fontSize=11, fontWeight="bold")
        .encode(x=alt.X("x:Q", scale=axis), y=alt.Y("y:Q", scale=axis), text=alt.Text("label:N"))
    )
    chart = danger + dots + labels
    if pick_area:  # the apps: a bound select shows one area's assets
        choice = alt.param(
            name="area",
            value=ALL_AREAS,
            bind=alt.binding_select(
                options=[ALL_AREAS, *sorted(risk["area"].unique())], name="Knowledge area: "
            ),
        )
        keep = f"area == '{ALL_AREAS}' || datum.area == area"
        chart = danger + dots.transform_filter(keep) + labels.transform_filter(keep)
        chart = chart.add_params(choice)
    return chart.properties(
        width=380,
        height=330,
        title=f"{title} (shaded: critical and likely to be lost; numbers: riskiest first)",
    )


def key_people_chart(people: pd.DataFrame, top: int = 10) -> alt.Chart:
    """The holders most critical knowledge depends on; red where they hold some of it alone."""
    data = people.head(top).assign(
        alone=lambda d: (d["sole_holder_of"] > 0).map(
            {True: "sole holder of critical knowledge", False: "shares what they hold"}
        )
    )
    return (
        alt.Chart(data)
        .mark_bar(height=16)
        .encode(
            x=alt.X("dependency:Q", title="Dependency (criticality shared among holders)"),
            y=alt.Y(
                "holder:N", sort=list(data["holder"]), title=None, axis=alt.Axis(labelLimit=200)
            ),
            color=alt.Color(
                "alone:N",
                scale=alt.Scale(
                    domain=["sole holder of critical knowledge", "shares what they hold"],
                    range=[PALETTE["weak"], PALETTE["neutral"]],
                ),
                legend=alt.Legend(title=None, orient="bottom", symbolType="square"),
            ),
            tooltip=[
                alt.Tooltip("holder:N"),
                alt.Tooltip("critical_assets:Q", title="Critical assets held"),
                alt.Tooltip("sole_holder_of:Q", title="Critical assets held alone"),
                alt.Tooltip("dependency:Q", format=".1f"),
            ],
        )
        .properties(width=340, height=alt.Step(24), title="Who the firm's knowledge depends on")
    )


def area_gap_chart(gaps: pd.DataFrame) -> alt.LayerChart:
    """Gap per area weighted by the strategy, split by dimension; ticks mark the raw gap."""
    dimensions = ["proficiency", "diffusion", "codification"]
    long = gaps.melt(
        id_vars=["area", "importance", "gap", "weighted_gap"],
        value_vars=dimensions,
        var_name="dimension",
        value_name="points",
    )
    long["weighted"] = long["points"] * long["importance"] / len(dimensions)
    long["rank"] = long["dimension"].map(dimensions.index)
    y = alt.Y("area:N", sort=list(gaps["area"]), title=None, axis=alt.Axis(labelLimit=200))
    bars = (
        alt.Chart(long)
        .mark_bar(height=16)
        .encode(
            x=alt.X("weighted:Q", stack="zero", title="Gap to the to-be level (points)"),
            y=y,
            color=alt.Color(
                "dimension:N",
                sort=dimensions,
                scale=alt.Scale(domain=dimensions, range=list(DIMENSIONS)),
                legend=alt.Legend(title="Weighted gap from", orient="bottom", symbolType="square"),
            ),
            order=alt.Order("rank:Q"),
            tooltip=[
                alt.Tooltip("area:N"),
                alt.Tooltip("dimension:N"),
                alt.Tooltip("points:Q", format=".2f", title="Gap (points)"),
                alt.Tooltip("importance:Q", format=".0%", title="Strategic importance"),
            ],
        )
    )
    ticks = (
        alt.Chart(gaps)
        .mark_tick(color=PALETTE["ink"], thickness=2, size=20)
        .encode(
            x=alt.X("gap:Q"),
            y=y,
            tooltip=[
                alt.Tooltip("area:N"),
                alt.Tooltip("gap:Q", format=".2f", title="Unweighted gap"),
            ],
        )
    )
    return (bars + ticks).properties(
        width=340,
        height=alt.Step(26),
        title="Gap per knowledge area, weighted by the strategy (black tick: unweighted)",
    )


def mix_chart(mix: pd.DataFrame) -> alt.Chart:
    """Share of assets by where knowledge resides (Sveiby) and whether it is tacit or explicit."""
    return (
        alt.Chart(mix)
        .mark_bar(height=20)
        .encode(
            x=alt.X("share:Q", axis=alt.Axis(format="%"), title="Share of knowledge assets"),
            y=alt.Y("resides:N", sort=["people", "structures", "relationships"], title=None),
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(
                    domain=["tacit", "explicit"], range=[PALETTE["weak"], PALETTE["strong"]]
                ),
                legend=alt.Legend(title=None, orient="bottom", symbolType="square"),
            ),
            tooltip=[
                alt.Tooltip("resides:N"),
                alt.Tooltip("kind:N"),
                alt.Tooltip("share:Q", format=".0%"),
            ],
        )
        .properties(
            width=340, height=alt.Step(30), title="Where knowledge resides, tacit or explicit"
        )
    )
