"""Charts of phase 06: the knowledge-flow map, IP protection by measure, key-person readiness."""

from __future__ import annotations

import altair as alt
import pandas as pd

from kmkit.phases.partnerships.surveys import AllianceView
from kmkit.present.theme import IP_STATUS, KNOWLEDGE_FORM, PALETTE

US = "Our firm"


def flow_map(flows: pd.DataFrame) -> alt.LayerChart:
    """Each flow as an arrow from the organisation it leaves to the one it reaches.

    Organisations are columns (the firm first); each knowledge item is a row, so a reader
    sees at a glance what goes out, what comes in, and how critical each is.
    """
    organisations = [US, *dict.fromkeys(o for o in flows["source"] if o != US)]
    organisations += [o for o in dict.fromkeys(flows["target"]) if o not in organisations]
    data = flows.assign(label=flows["knowledge"].str.slice(0, 60))
    x = alt.Scale(domain=organisations)
    y = alt.Y("label:N", sort=list(data["label"]), title=None, axis=alt.Axis(labelLimit=320))
    tooltip = [
        alt.Tooltip("knowledge:N", title="Knowledge"),
        alt.Tooltip("source:N", title="From"),
        alt.Tooltip("target:N", title="To"),
        alt.Tooltip("form:N", title="Form"),
        alt.Tooltip("mechanism:N", title="How"),
        alt.Tooltip("criticality:Q", title="Criticality (1-5)"),
        alt.Tooltip("row:Q", title="Register row"),
    ]
    colour = alt.Color(
        "form:N",
        scale=alt.Scale(domain=list(KNOWLEDGE_FORM), range=list(KNOWLEDGE_FORM.values())),
        legend=alt.Legend(title="Knowledge", orient="bottom", symbolType="stroke"),
    )
    lines = (
        alt.Chart(data)
        .mark_rule(opacity=0.8)
        .encode(
            x=alt.X("source:N", scale=x, title=None, axis=alt.Axis(orient="top", labelAngle=0)),
            x2=alt.X2("target:N"),
            y=y,
            color=colour,
            strokeWidth=alt.StrokeWidth(
                "criticality:Q", scale=alt.Scale(domain=[1, 5], range=[1, 7]), legend=None
            ),
            tooltip=tooltip,
        )
    )
    heads = (
        alt.Chart(data)
        .mark_point(shape="triangle-right", filled=True, size=140, opacity=1)
        .encode(x=alt.X("target:N", scale=x), y=y, color=colour, tooltip=tooltip)
    )
    return (lines + heads).properties(
        width=360,
        height=alt.Step(26),
        title="Knowledge flows: each line runs from the side that gives to the side that gets",
    )


def ip_heatmap(status: pd.DataFrame, names: dict[str, str]) -> alt.Chart:
    """Each IP measure's status in each partnership: in place, partly, missing, not recorded."""
    data = status.assign(partner=status["partnership"].map(names))
    order = list(dict.fromkeys(data["name"]))
    return (
        alt.Chart(data)
        .mark_rect(stroke="white")
        .encode(
            x=alt.X("partner:N", title=None, axis=alt.Axis(orient="top", labelAngle=0)),
            y=alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
            color=alt.Color(
                "status:N",
                scale=alt.Scale(domain=list(IP_STATUS), range=list(IP_STATUS.values())),
                # An outline, so the white 'not applicable' swatch shows on the white page.
                legend=alt.Legend(
                    title=None,
                    orient="bottom",
                    columns=5,
                    symbolType="square",
                    symbolStrokeColor=PALETTE["rule"],
                    symbolStrokeWidth=0.5,
                ),
            ),
            tooltip=[
                alt.Tooltip("partner:N", title="Partnership"),
                alt.Tooltip("name:N", title="Measure"),
                alt.Tooltip("status:N", title="Status"),
                alt.Tooltip("evidence:N", title="Evidence"),
                alt.Tooltip("owner:N", title="Owner"),
            ],
        )
        .properties(width=alt.Step(130), height=alt.Step(20), title="IP protection by measure")
    )


def readiness_chart(table: pd.DataFrame) -> alt.Chart:
    """Key people's continuity readiness (0-100), riskiest first."""
    data = table.assign(missing_list=table["missing"].map(lambda m: ", ".join(m) or "nothing"))
    return (
        alt.Chart(data)
        .mark_bar(height=16)
        .encode(
            x=alt.X("readiness:Q", scale=alt.Scale(domain=[0, 100]), title="Readiness (%)"),
            y=alt.Y("holder:N", sort=list(data["holder"]), title=None),
            color=alt.condition(
                "datum.readiness >= 70", alt.value(PALETTE["strong"]), alt.value(PALETTE["weak"])
            ),
            tooltip=[
                alt.Tooltip("holder:N", title="Key person"),
                alt.Tooltip("risk:Q", format=".0f", title="Risk (0-100)"),
                alt.Tooltip("readiness:Q", format=".0f", title="Readiness (%)"),
                alt.Tooltip("missing_list:N", title="Missing"),
            ],
        )
        .properties(
            width=360,
            height=alt.Step(24),
            title="Continuity readiness of key people (red: under 70%), riskiest first",
        )
    )


def alliance_chart(
    view: AllianceView, partner: str, quoted: list[tuple[float, str]]
) -> alt.LayerChart:
    """Each element's mean with its 95% interval; each side's mean when both can be shown.

    The quoted figures are dashed reference lines, labelled as quoted from the model's own
    instrument, not as marks on this scale.
    """
    scale = view.overall.instrument.scale
    both = view.overall.categories.assign(who="Both sides")
    rows = [both]
    for side, result in view.sides.items():
        label = "Our firm" if side == "us" else partner
        rows.append(result.categories.assign(who=label))
    data = pd.concat(rows, ignore_index=True)
    order = list(view.overall.categories["name"])
    who = ["Both sides", *(["Our firm", partner] if view.sides else [])]
    colours = [PALETTE["ink"], PALETTE["strong"], PALETTE["weak"]][: len(who)]
    x = alt.X("mean:Q", scale=alt.Scale(domain=[scale.min, scale.max]), title="Mean (1-5)")
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    colour = alt.Color(
        "who:N",
        scale=alt.Scale(domain=who, range=colours),
        legend=alt.Legend(title=None, orient="bottom"),
    )
    intervals = (
        alt.Chart(both)
        .mark_rule(color=PALETTE["neutral"], strokeWidth=6, opacity=0.5)
        .encode(x=alt.X("ci_low:Q"), x2=alt.X2("ci_high:Q"), y=y)
    )
    dots = (
        alt.Chart(data)
        .mark_point(filled=True, size=110)
        .encode(
            x=x,
            y=y,
            color=colour,
            # One legend for colour and shape, so its symbols are the dots' own shapes.
            shape=alt.Shape(
                "who:N", scale=alt.Scale(domain=who), legend=alt.Legend(title=None, orient="bottom")
            ),
            tooltip=[
                alt.Tooltip("who:N", title="Who"),
                alt.Tooltip("name:N", title="Element"),
                alt.Tooltip("mean:Q", format=".2f", title="Mean"),
                alt.Tooltip("n:Q", title="Respondents"),
            ],
        )
    )
    marks = pd.DataFrame({"value": [v for v, _ in quoted], "label": [t for _, t in quoted]})
    rules = (
        alt.Chart(marks)
        .mark_rule(strokeDash=[4, 3], color=PALETTE["rule"])
        .encode(x=alt.X("value:Q"))
    )
    labels = (
        alt.Chart(marks)
        .mark_text(align="left", dx=3, dy=-6, fontSize=10, color=PALETTE["rule"])
        .encode(x=alt.X("value:Q"), y=alt.value(0), text=alt.Text("label:N"))
    )
    return (intervals + dots + rules + labels).properties(
        width=380,
        height=alt.Step(28),
        title=f"Alliance capability with {partner}, survey '{view.wave}' (grey: 95% interval)",
    )


def pulse_chart(trend: pd.DataFrame, partner: str) -> alt.LayerChart:
    """Partner satisfaction over time: both sides together, and each side where it can be shown."""
    labels = {"both": "Both sides", "us": "Our firm", "partner": partner}
    data = trend.assign(label=trend["who"].map(labels))
    who = [labels[w] for w in ("both", "us", "partner") if w in set(trend["who"])]
    colours = {
        "Both sides": PALETTE["ink"],
        "Our firm": PALETTE["strong"],
        partner: PALETTE["weak"],
    }
    colour = alt.Color(
        "label:N",
        scale=alt.Scale(domain=who, range=[colours[w] for w in who]),
        legend=alt.Legend(title=None, orient="bottom", symbolType="stroke"),
    )
    x = alt.X("when:T", title=None, axis=alt.Axis(format="%b %Y"))
    y = alt.Y(
        "mean:Q",
        scale=alt.Scale(domain=[1, 5], zero=False, nice=False),
        axis=alt.Axis(values=[1, 2, 3, 4, 5]),
        title="Satisfaction (1-5)",
    )
    tooltip = [
        alt.Tooltip("wave:N", title="Pulse"),
        alt.Tooltip("label:N", title="Who"),
        alt.Tooltip("mean:Q", format=".2f", title="Mean"),
        alt.Tooltip("n:Q", title="Respondents"),
    ]
    lines = alt.Chart(data).mark_line(point=True).encode(x=x, y=y, color=colour, tooltip=tooltip)
    both = data.loc[data["who"] == "both"]
    band = (
        alt.Chart(both)
        .mark_errorbar(color=PALETTE["whisker"], thickness=1.5, ticks=alt.TickConfig(size=8))
        .encode(x=x, y=alt.Y("low:Q", title="Satisfaction (1-5)"), y2=alt.Y2("high:Q"))
    )
    return (band + lines).properties(
        width=360, height=180, title=f"Satisfaction with the partnership with {partner}"
    )
