"""kmkit's look: one Altair theme and every colour a chart uses, rendered offline as SVG."""

from __future__ import annotations

import altair as alt

FONT = "Helvetica, Arial, sans-serif"
PALETTE = {
    "strong": "#2a6f97",  # above the mark, chosen, documented
    "weak": "#c8553d",  # below the mark, at risk, the pilot
    "neutral": "#8d99ae",
    "hidden": "#e5e5e5",  # a group too small to show
    "ink": "#222",  # intervals, reference lines, outlines
    "second": "#7fa7c2",  # the runner-up, between strong and neutral
    "amber": "#e9a03b",
    "green": "#5b8e7d",
    "pale": "#c9ced6",  # what was not chosen
    "faint": "#aab",  # within noise
    "rule": "#888",  # quadrant splits
    "baseline": "#999",
    "whisker": "#555",
    "danger": "#fbe3dc",  # the zone of critical, likely losses
}
AGREEMENT = ("#b2182b", "#ef8a62", "#d9d9d9", "#67a9cf", "#2166ac")  # disagree to agree
STRENGTH = ("#f2f2f2", "#c6dbef", "#6baed6", PALETTE["strong"])  # serves a goal: 0 to 3
DOCUMENTATION = {"none": PALETTE["weak"], "partial": PALETTE["amber"], "full": PALETTE["strong"]}
STAGES = {
    "Pilot": PALETTE["weak"],
    "Promote and support": PALETTE["strong"],
    "Institutionalise": PALETTE["green"],
}
DIMENSIONS = (PALETTE["neutral"], PALETTE["strong"], PALETTE["weak"])  # proficiency, diffusion...
IP_STATUS = {
    "in place": PALETTE["strong"],
    "partly": PALETTE["amber"],
    "missing": PALETTE["weak"],
    "not recorded": PALETTE["hidden"],
    "not applicable": "#ffffff",
}
KNOWLEDGE_FORM = {"tacit": PALETTE["weak"], "explicit": PALETTE["strong"]}


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
    papermill and Voilà, so kmkit picks SVG through vl-convert (kmkit.present.svg).
    """
    from kmkit.present.svg import RENDERER

    if alt.renderers.active != RENDERER:
        alt.renderers.enable(RENDERER)
    if alt.theme.active != "kmkit":
        alt.theme.enable("kmkit")
