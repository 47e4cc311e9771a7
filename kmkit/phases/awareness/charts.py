"""Charts of phase 01: category profile, spread, breakdowns, gaps; and the apps' filters."""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from kmkit.core.scoring import MaturityResult, scored_answers
from kmkit.present.theme import AGREEMENT, PALETTE

NO_DEPARTMENT = "(none)"
ALL_CATEGORIES = "All categories"
WRAP = 42  # characters a question label's line holds before it wraps
LINE = 14  # px between the lines of a wrapped label


def wrapped(text: str) -> str:
    """A whole question in lines of at most WRAP characters, joined by newlines."""
    return "\n".join(textwrap.wrap(text, WRAP))


def question_axis() -> alt.Axis:
    """Question labels drawn whole, one line per newline: Vega-Lite draws a list as lines."""
    return alt.Axis(labelLimit=0, labelExpr="split(datum.label, '\\n')", labelLineHeight=LINE)


def question_step(questions: pd.Series, least: int) -> alt.Step:
    """Room per question for its longest wrapped label, and never less than `least` px."""
    lines = int(questions.str.count("\n").max() + 1) if len(questions) else 1
    return alt.Step(max(least, LINE * lines + 8))


def category_profile(result: MaturityResult) -> alt.LayerChart:
    """Bars of each category's mean with its 95% interval, against the overall score."""
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
                legend=alt.Legend(title=None, orient="bottom", symbolType="square"),
            ),
            tooltip=[
                alt.Tooltip("name:N", title="Category"),
                alt.Tooltip("mean:Q", format=".2f"),
                alt.Tooltip("ci_low:Q", format=".2f", title="95% from"),
                alt.Tooltip("ci_high:Q", format=".2f", title="95% to"),
                alt.Tooltip("n:Q"),
            ],
        )
    )
    intervals = (
        alt.Chart(data)
        .mark_rule(color=PALETTE["ink"], strokeWidth=1.5)
        .encode(x=alt.X("ci_low:Q"), x2=alt.X2("ci_high:Q"), y=y)
    )
    labels = (
        alt.Chart(data)
        .mark_text(align="left", dx=5, fontSize=11)
        .encode(x=alt.X("ci_high:Q"), y=y, text=alt.Text("label:N"))
    )
    overall = (
        alt.Chart(pd.DataFrame({"overall": [result.overall]}))
        .mark_rule(strokeDash=[4, 3], color=PALETTE["ink"])
        .encode(x=alt.X("overall:Q"))
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
        tooltip=[f"{by}:N", alt.Tooltip("name:N", title="Category"), alt.Tooltip("shown:N")],
    )
    text = base.mark_text(fontSize=11).encode(text=alt.Text("shown:N"))
    return (cells + text).properties(
        width=alt.Step(78),
        height=alt.Step(28),
        title=f"Mean score by {by} (groups too small to show: hidden)",
    )


def distribution_chart(table: pd.DataFrame) -> alt.Chart:
    """Stacked bars: the share of answers at each scale point per category, 'don't know' grey."""
    order = list(table.sort_values("order")["answer"].unique())
    points = [a for a in order if a[:1].isdigit()]
    colours = list(AGREEMENT[: len(points)])
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
                legend=alt.Legend(title=None, orient="bottom", columns=3, symbolType="square"),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("name:N", title="Category"),
                alt.Tooltip("answer:N"),
                alt.Tooltip("share:Q", format=".0%"),
            ],
        )
        .properties(width=420, height=alt.Step(24), title="How answers spread in each category")
    )


def gaps_chart(gaps: pd.DataFrame, scale_max: int = 5) -> alt.LayerChart:
    """Dumbbells for the questions with the largest gaps: now (dot) to target or scale top."""
    data = gaps.assign(
        question=gaps["text"].map(wrapped),
        to=gaps["target"].where(gaps["basis"] == "target", scale_max),
    )
    y = alt.Y("question:N", sort=list(data["question"]), title=None, axis=question_axis())
    x = alt.X("now:Q", scale=alt.Scale(domain=[1, scale_max]), title="Mean score")
    tooltip = [
        alt.Tooltip("text:N"),
        alt.Tooltip("name:N"),
        alt.Tooltip("now:Q", format=".2f"),
        alt.Tooltip("to:Q", format=".2f"),
        alt.Tooltip("gap:Q", format=".2f"),
        alt.Tooltip("basis:N"),
    ]
    line = (
        alt.Chart(data)
        .mark_rule(color=PALETTE["neutral"], strokeWidth=3)
        .encode(x=x, x2=alt.X2("to:Q"), y=y, tooltip=tooltip)
    )
    now = (
        alt.Chart(data)
        .mark_point(filled=True, size=90, color=PALETTE["weak"])
        .encode(x=x, y=y, tooltip=tooltip)
    )
    to = (
        alt.Chart(data)
        .mark_point(filled=True, size=90, color=PALETTE["strong"])
        .encode(x=alt.X("to:Q"), y=y, tooltip=tooltip)
    )
    against = "target" if (data["basis"] == "target").all() else "target or top of scale"
    return (line + now + to).properties(
        width=300,
        height=question_step(data["question"], 26),
        title=f"Largest gaps: now (red) to {against} (blue)",
    )


def item_means_chart(result: MaturityResult, category: str) -> alt.Chart:
    """One category's questions with their mean scores: the drill-down behind a category bar."""
    instrument = result.instrument
    cat = next(c for c in instrument.categories if c.id == category)
    scored = scored_answers(result.answers, instrument)
    means = (
        scored.loc[scored["category"] == category].groupby("item_id")["value"].agg(["mean", "size"])
    )
    rows = [
        {
            "question": wrapped(i.text),
            "text": i.text,
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
            y=alt.Y("question:N", sort=None, title=None, axis=question_axis()),
            tooltip=[
                alt.Tooltip("text:N", title="Question"),
                alt.Tooltip("mean:Q", format=".2f"),
                alt.Tooltip("n:Q"),
                alt.Tooltip("reverse:N"),
            ],
        )
        .properties(
            width=300,
            height=question_step(data["question"], 24),
            title=f"{cat.name}: question by question",
        )
    )


def department_profile_chart(result: MaturityResult, departments: pd.DataFrame) -> alt.LayerChart:
    """Category means with 95% intervals; a bound select overlays one department's means."""
    firm = result.categories.assign(
        low=result.categories["ci_low"].round(2),
        high=result.categories["ci_high"].round(2),
        score=result.categories["mean"].round(2),
    )
    shown = departments.loc[~departments["suppressed"]].dropna(subset=["mean"])
    choice = alt.param(
        name="department",
        value=NO_DEPARTMENT,
        bind=alt.binding_select(
            options=[NO_DEPARTMENT, *sorted(shown["department"].unique())],
            name="Compare with department: ",
        ),
    )
    scale = result.instrument.scale
    x = alt.X("score:Q", scale=alt.Scale(domain=[scale.min, scale.max]), title="Mean score")
    y = alt.Y(
        "name:N", sort=list(result.ranked()["name"]), title=None, axis=alt.Axis(labelLimit=220)
    )
    bars = (
        alt.Chart(firm)
        .mark_bar(color=PALETTE["strong"], height=18)
        .encode(
            x=x,
            x2=alt.datum(scale.min),
            y=y,
            tooltip=[
                alt.Tooltip("name:N", title="Category"),
                alt.Tooltip("score:Q", title="Mean"),
                alt.Tooltip("low:Q", title="95% from"),
                alt.Tooltip("high:Q", title="95% to"),
                alt.Tooltip("n:Q", title="Respondents"),
            ],
        )
    )
    rules = (
        alt.Chart(firm)
        .mark_rule(color=PALETTE["ink"])
        .encode(x=alt.X("low:Q"), x2=alt.X2("high:Q"), y=y)
    )
    dept = shown.assign(score=shown["mean"].round(2))
    points = (
        alt.Chart(dept)
        .mark_point(filled=True, size=120, color=PALETTE["weak"], shape="diamond")
        .encode(
            x=alt.X("score:Q"),
            y=y,
            tooltip=[
                alt.Tooltip("department:N"),
                alt.Tooltip("name:N", title="Category"),
                alt.Tooltip("score:Q", title="Department mean"),
            ],
        )
        .transform_filter(alt.datum.department == choice)
    )
    return (
        (bars + rules + points)
        .add_params(choice)
        .properties(
            width=420,
            height=alt.Step(28),
            title="Maturity by category (bars: firm, diamonds: chosen department)",
        )
    )


def gaps_filter_chart(gaps: pd.DataFrame) -> alt.Chart:
    """The largest gaps, filterable by category with a bound select (for the apps)."""
    data = gaps.assign(
        question=gaps["text"].map(wrapped), gap=gaps["gap"].round(2), now=gaps["now"].round(2)
    )
    choice = alt.param(
        name="category",
        value=ALL_CATEGORIES,
        bind=alt.binding_select(
            options=[ALL_CATEGORIES, *dict.fromkeys(data["name"])], name="Category: "
        ),
    )
    return (
        alt.Chart(data)
        .mark_bar(color=PALETTE["weak"], height=14)
        .encode(
            x=alt.X("gap:Q", title="Gap (points)"),
            y=alt.Y("question:N", sort="-x", title=None, axis=question_axis()),
            tooltip=[
                alt.Tooltip("text:N"),
                alt.Tooltip("name:N", title="Category"),
                alt.Tooltip("now:Q"),
                alt.Tooltip("gap:Q"),
                alt.Tooltip("basis:N"),
            ],
        )
        .transform_filter(f"category == '{ALL_CATEGORIES}' || datum.name == category")
        .add_params(choice)
        .properties(
            width=280, height=question_step(data["question"], 20), title="Largest gaps by question"
        )
    )
