"""Altair charts of kmkit results, rendered offline (static SVG, nothing fetched from a CDN)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from kmkit.scoring import MaturityResult

FONT = "Helvetica, Arial, sans-serif"
PALETTE = {"strong": "#2a6f97", "weak": "#c8553d", "neutral": "#8d99ae", "hidden": "#e5e5e5"}


@alt.theme.register("kmkit", enable=False)
def _theme() -> alt.theme.ThemeConfig:
    """A quiet theme that prints well: system fonts, no chart border."""
    return {
        "config": {
            "font": FONT,
            "view": {"stroke": None},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "grid": False},
            "title": {"fontSize": 14, "anchor": "start"},
        }
    }


def use_offline_rendering() -> None:
    """Render charts as inline SVG: works in JupyterLab, Voilà and HTML reports with no network.

    Altair's default renderer loads vega from a CDN, and its `mimetype` renderer breaks
    papermill and Voilà (see STACK-NOTES), so kmkit picks SVG through vl-convert.
    """
    if alt.renderers.active != "svg":
        alt.renderers.enable("svg")
    if alt.theme.active != "kmkit":
        alt.theme.enable("kmkit")


def category_profile(result: MaturityResult) -> alt.LayerChart:
    """Bars of each category's mean with its 95% interval, against the overall score."""
    use_offline_rendering()
    scale = result.instrument.scale
    data = result.ranked().assign(
        side=lambda d: (d["mean"] >= result.overall).map(
            {True: "above overall", False: "below overall"}
        ),
        label=lambda d: d["mean"].map("{:.1f}".format),
    )
    order = list(data["name"])
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=220))
    x_scale = alt.Scale(domain=[scale.min, scale.max])
    bars = (
        alt.Chart(data)
        .mark_bar(height=18)
        .encode(
            x=alt.X("mean:Q", scale=x_scale, title=f"Mean score ({scale.min}-{scale.max})"),
            x2=alt.datum(scale.min),  # bars start at the scale's floor, not at zero
            y=y,
            color=alt.Color(
                "side:N",
                scale=alt.Scale(
                    domain=["above overall", "below overall"],
                    range=[PALETTE["strong"], PALETTE["weak"]],
                ),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("name:N", title="Category"),
                alt.Tooltip("mean:Q", format=".2f"),
                alt.Tooltip("ci_low:Q", format=".2f", title="95% from"),
                alt.Tooltip("ci_high:Q", format=".2f", title="95% to"),
                "n:Q",
            ],
        )
    )
    intervals = (
        alt.Chart(data)
        .mark_rule(color="#222", strokeWidth=1.5)
        .encode(x="ci_low:Q", x2="ci_high:Q", y=y)
    )
    labels = (
        alt.Chart(data)
        .mark_text(align="left", dx=5, fontSize=11)
        .encode(x="ci_high:Q", y=y, text="label:N")
    )
    overall = (
        alt.Chart(pd.DataFrame({"overall": [result.overall]}))
        .mark_rule(strokeDash=[4, 3], color="#222")
        .encode(x="overall:Q")
    )
    return (bars + intervals + labels + overall).properties(
        width=420,
        height=alt.Step(28),
        title=(
            f"Category profile (dashed line: overall {result.overall:.1f}; "
            "black lines: 95% intervals)"
        ),
    )


def breakdown_heatmap(table: pd.DataFrame, by: str, scale_max: int = 5) -> alt.Chart:
    """Group x category heatmap of means; suppressed groups show as grey 'hidden' cells."""
    use_offline_rendering()
    data = table.assign(
        shown=table["mean"]
        .map(lambda v: "" if pd.isna(v) else f"{v:.1f}")
        .where(~table["suppressed"], "hidden")
    )
    base = alt.Chart(data).encode(
        x=alt.X(
            "name:N",
            title=None,
            sort=None,
            axis=alt.Axis(labelAngle=-30, labelLimit=180, orient="top"),
        ),
        y=alt.Y(f"{by}:N", title=None),
    )
    cells = base.mark_rect().encode(
        color=alt.condition(
            "datum.suppressed",
            alt.value(PALETTE["hidden"]),
            alt.Color(
                "mean:Q",
                scale=alt.Scale(domain=[1, scale_max], scheme="blueorange", reverse=True),
                title="Mean",
            ),
        ),
        tooltip=[f"{by}:N", alt.Tooltip("name:N", title="Category"), "shown:N"],
    )
    text = base.mark_text(fontSize=11).encode(text="shown:N")
    return (cells + text).properties(
        width=alt.Step(78),
        height=alt.Step(28),
        title=f"Mean score by {by} (groups too small to show: hidden)",
    )


def distribution_chart(table: pd.DataFrame) -> alt.Chart:
    """Stacked bars: the share of answers at each scale point per category, 'don't know' grey."""
    use_offline_rendering()
    order = list(table.sort_values("order")["answer"].unique())
    points = [a for a in order if a[:1].isdigit()]
    colours = ["#b2182b", "#ef8a62", "#d9d9d9", "#67a9cf", "#2166ac"][: len(points)]
    colours += [PALETTE["neutral"]] * (len(order) - len(colours))
    categories = list(dict.fromkeys(table["name"]))
    return (
        alt.Chart(table)
        .mark_bar()
        .encode(
            x=alt.X(
                "share:Q", stack="normalize", axis=alt.Axis(format="%"), title="Share of answers"
            ),
            y=alt.Y("name:N", sort=categories, title=None, axis=alt.Axis(labelLimit=220)),
            color=alt.Color(
                "answer:N",
                sort=order,
                scale=alt.Scale(domain=order, range=colours),
                legend=alt.Legend(title=None, orient="bottom", columns=3),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("name:N", title="Category"),
                "answer:N",
                alt.Tooltip("share:Q", format=".0%"),
            ],
        )
        .properties(width=420, height=alt.Step(24), title="How answers spread in each category")
    )


def gaps_chart(gaps: pd.DataFrame, scale_max: int = 5) -> alt.LayerChart:
    """Dumbbells for the questions with the largest gaps: now (dot) to target or scale top."""
    use_offline_rendering()
    data = gaps.assign(
        question=gaps["text"].str.slice(0, 70),
        to=gaps["target"].where(gaps["basis"] == "target", scale_max),
    )
    y = alt.Y("question:N", sort=list(data["question"]), title=None, axis=alt.Axis(labelLimit=420))
    x = alt.X("now:Q", scale=alt.Scale(domain=[1, scale_max]), title="Mean score")
    tooltip = [
        "text:N",
        "name:N",
        alt.Tooltip("now:Q", format=".2f"),
        alt.Tooltip("to:Q", format=".2f"),
        alt.Tooltip("gap:Q", format=".2f"),
        "basis:N",
    ]
    line = (
        alt.Chart(data)
        .mark_rule(color=PALETTE["neutral"], strokeWidth=3)
        .encode(x=x, x2="to:Q", y=y, tooltip=tooltip)
    )
    now = (
        alt.Chart(data)
        .mark_point(filled=True, size=90, color=PALETTE["weak"])
        .encode(x=x, y=y, tooltip=tooltip)
    )
    to = (
        alt.Chart(data)
        .mark_point(filled=True, size=90, color=PALETTE["strong"])
        .encode(x="to:Q", y=y, tooltip=tooltip)
    )
    against = "target" if (data["basis"] == "target").all() else "target or top of scale"
    return (line + now + to).properties(
        width=300, height=alt.Step(26), title=f"Largest gaps: now (red) to {against} (blue)"
    )


def item_means_chart(result: MaturityResult, category: str) -> alt.Chart:
    """One category's questions with their mean scores: the drill-down behind a category bar."""
    from kmkit.scoring import scored_answers

    use_offline_rendering()
    instrument = result.instrument
    cat = next(c for c in instrument.categories if c.id == category)
    scored = scored_answers(result.answers, instrument)
    means = (
        scored.loc[scored["category"] == category].groupby("item_id")["value"].agg(["mean", "size"])
    )
    rows = [
        {
            "question": i.text[:70],
            "mean": means["mean"].get(i.id),
            "n": means["size"].get(i.id),
            "reverse": "reverse-coded" if i.reverse else "",
        }
        for i in cat.items
    ]
    data = pd.DataFrame(rows).dropna(subset=["mean"])
    return (
        alt.Chart(data)
        .mark_bar(color=PALETTE["strong"], height=16)
        .encode(
            x=alt.X(
                "mean:Q",
                scale=alt.Scale(domain=[instrument.scale.min, instrument.scale.max]),
                title="Mean score (reverse-coded questions turned round)",
            ),
            x2=alt.datum(instrument.scale.min),
            y=alt.Y("question:N", sort=None, title=None, axis=alt.Axis(labelLimit=420)),
            tooltip=["question:N", alt.Tooltip("mean:Q", format=".2f"), "n:Q", "reverse:N"],
        )
        .properties(width=300, height=alt.Step(24), title=f"{cat.name}: question by question")
    )
