"""The Voilà explorers: awareness by department, audit what-if, roadmap selection, KPI history."""

from __future__ import annotations

from typing import Any

from kmkit.errors import KmkitError
from kmkit.scoring import MaturityResult, score_maturity, suppressed_groups
from kmkit.workspace import Client

ALL = "Whole firm"


def shown_departments(result: MaturityResult, client: Client) -> list[str]:
    """Departments the breakdown shows (big enough, and not hidden to protect a small one)."""
    sizes = result.by_respondent.groupby("department").size()
    hidden = suppressed_groups(sizes, client.config.anonymity_threshold)
    return sorted(set(sizes.index) - hidden)


def department_result(result: MaturityResult, client: Client, department: str) -> MaturityResult:
    """Score one department's answers, refusing a group under the anonymity threshold."""
    if department == ALL:
        return result
    if department not in shown_departments(result, client):
        msg = (
            f"{department} is not shown on its own: it has, or would reveal a department "
            f"with, fewer than {client.config.anonymity_threshold} respondents."
        )
        raise KmkitError(msg)
    answers = result.answers.loc[result.answers["department"] == department]
    return score_maturity(answers, result.instrument, result.wave)


def awareness_explorer(result: MaturityResult, client: Client) -> Any:
    """A widget: pick a department and a category; the profile and the questions follow."""
    import ipywidgets as w
    from IPython.display import Markdown

    from kmkit import charts, narrative

    department = w.Dropdown(
        options=[ALL, *shown_departments(result, client)], value=ALL, description="Department"
    )
    category = w.Dropdown(
        options=[(c.name, c.id) for c in result.instrument.categories], description="Category"
    )
    profile, items = w.Output(), w.Output()

    def refresh(_: object = None) -> None:
        chosen = department_result(result, client, department.value)
        # Replacing outputs (not capturing) keeps each view whole and works without a kernel.
        profile.outputs, items.outputs = (), ()
        profile.append_display_data(Markdown(narrative.maturity_level(chosen, department.value)))
        profile.append_display_data(charts.category_profile(chosen))
        items.append_display_data(charts.item_means_chart(chosen, category.value))

    department.observe(refresh, names="value")
    category.observe(refresh, names="value")
    refresh()
    note = w.HTML(
        f"<small>Departments with fewer than {client.config.anonymity_threshold} "
        "respondents are not offered, to keep answers anonymous.</small>"
    )
    return w.VBox([w.HBox([department, category]), note, profile, items])


NOBODY = "(nobody leaves)"
EVERY_AREA = "All areas"
EVERYWHERE = "All locations"


def explorer_view(page: Any, area: str, resides: str, holder: str) -> list[Any]:
    """What the audit explorer shows for one choice: a sentence, the matrix, the area table."""
    from IPython.display import Markdown

    from kmkit import audit
    from kmkit.audit_charts import risk_matrix
    from kmkit.audit_view import area_markdown, what_if_sentence

    inventory = audit.filtered(
        page.inventory,
        None if area == EVERY_AREA else area,
        None if resides == EVERYWHERE else resides,
    )
    if inventory.assets.empty:
        return [Markdown("*No knowledge asset matches this choice.*")]
    title = "Knowledge at risk"
    sentence = f"{len(inventory.assets)} knowledge assets shown."
    if holder != NOBODY:
        change = audit.what_if(inventory, holder)
        sentence = f"If **{holder}** left: {what_if_sentence(change, page.file)}"
        inventory = audit.without_holder(inventory, holder)
        title = f"Knowledge at risk if {holder} left"
    return [
        Markdown(sentence),
        risk_matrix(audit.asset_risk(inventory), title),
        Markdown(area_markdown(inventory, page.importance)),
    ]


def audit_explorer(page: Any) -> Any:
    """A widget: filter the audit by area and location, and pick a holder who might leave."""
    import ipywidgets as w

    from kmkit import audit

    assets = page.inventory.assets
    area = w.Dropdown(options=[EVERY_AREA, *sorted(assets["area"].unique())], description="Area")
    resides = w.Dropdown(
        options=[EVERYWHERE, *sorted(assets["resides"].unique())], description="Resides in"
    )
    holder = w.Dropdown(
        options=[NOBODY, *audit.key_people(page.inventory)["holder"]], description="If leaving"
    )
    view = w.Output()

    def refresh(_: object = None) -> None:
        view.outputs = ()
        for shown in explorer_view(page, area.value, resides.value, holder.value):
            view.append_display_data(shown)

    for control in (area, resides, holder):
        control.observe(refresh, names="value")
    refresh()
    return w.VBox([w.HBox([area, resides, holder]), view])


def solutions_explorer(page: Any) -> Any:
    """A widget: tick interventions in or out and see the roadmap and its cost follow."""
    import ipywidgets as w
    from IPython.display import Markdown

    from kmkit.solution_charts import gantt_chart
    from kmkit.solutions_view import phases_markdown

    chosen = page.chosen
    base = page.ranked.head(12)
    names = dict(zip(base["id"], base["name"], strict=True)) | dict(
        zip(chosen["id"], chosen["name"], strict=True)
    )
    boxes = {
        i: w.Checkbox(value=i in set(chosen["id"]), description=name, indent=False)
        for i, name in names.items()
    }
    view = w.Output()

    def refresh(_: object = None) -> None:
        keep = [i for i, box in boxes.items() if box.value]
        table = chosen.loc[chosen["id"].isin(keep)]
        extra = page.ranked.loc[page.ranked["id"].isin(set(keep) - set(chosen["id"]))]
        table = _with_extra(table, extra)
        roadmap = page.roadmap(table)
        view.outputs = ()
        if roadmap.empty:
            view.append_display_data(Markdown("*Tick at least one intervention.*"))
            return
        view.append_display_data(gantt_chart(roadmap))
        view.append_display_data(Markdown(phases_markdown(roadmap, page.client)))

    for box in boxes.values():
        box.observe(refresh, names="value")
    refresh()
    return w.VBox([w.HTML("<b>Interventions</b>"), w.VBox(list(boxes.values())), view])


def _with_extra(first: Any, second: Any) -> Any:
    """Rows of two tables, the second given the columns a roadmap needs."""
    import pandas as pd

    second = second.assign(owner="", phase=None, start=None)
    return pd.concat([first, second], ignore_index=True)


def kpi_explorer(kpis: Any) -> Any:
    """A widget: pick a KPI and see its history against baseline and target."""
    import ipywidgets as w

    from kmkit.solution_charts import kpi_chart

    pick = w.Dropdown(options=list(dict.fromkeys(kpis["indicator"])), description="KPI")
    view = w.Output()

    def refresh(_: object = None) -> None:
        view.outputs = ()
        view.append_display_data(kpi_chart(kpis, pick.value))

    pick.observe(refresh, names="value")
    refresh()
    return w.VBox([pick, view])
