"""The awareness explorer for Voilà: a department filter and a category drill-down."""

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
