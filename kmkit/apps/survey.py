"""The employee survey as an ipywidgets app: one page per category, then submit."""

from __future__ import annotations

from html import escape as esc
from typing import Any

from kmkit.core.instruments import Instrument
from kmkit.core.workspace import Client
from kmkit.inputs.submissions import (
    DONT_KNOW,
    FormError,
    FormState,
    Submission,
    asks_targets,
    issue_form,
    problems,
    submit,
    survey_closed_message,
)
from kmkit.inputs.survey_words import words_for


def _choices(instrument: Instrument) -> list[tuple[str, int | str]]:
    scale = instrument.scale
    options: list[tuple[str, int | str]] = [(label, value) for value, label in scale.labels.items()]
    if scale.dont_know:
        options.append((scale.dont_know, DONT_KNOW))
    return options


def _question(
    w: Any, instrument: Instrument, item_id: str, ask: str | None, target: bool = False
) -> tuple[list[Any], Any]:
    """One set of answer buttons for an item, under its own question when targets are asked."""
    buttons = w.ToggleButtons(
        options=_choices(instrument), value=None, style={"button_width": "auto"}
    )
    buttons.add_class(f"kmkit-{'target' if target else 'item'}-{item_id}")
    shown = [w.HTML(f"<p class='kmkit-ask'>{esc(ask)}</p>")] if ask else []
    return [*shown, buttons], buttons


def survey_app(client: Client, instrument: Instrument, wave: str) -> Any:
    """Build the survey: who you are (no name asked), a page per category, then send.

    It speaks the instrument's language, and asks "where should we be?" beside "where are
    we?" for every question when the client's `ask_targets` names the instrument.
    """
    import ipywidgets as w

    closed = survey_closed_message(client)
    if closed:
        return w.HTML(f"<h2>{esc(client.name)}</h2><p class='kmkit-closed'>{esc(closed)}</p>")
    words = words_for(instrument.language)
    targets = asks_targets(client, instrument)
    # The form is issued when it is sent: opening the survey in a notebook or a Voilà page
    # must not write to the store or open the wave (a kernel per visitor cannot be scripted
    # into minting posts as the plain page can).
    form = Submission()
    department = w.Dropdown(
        options=[(words["choose"], None), *[(d, d) for d in client.config.departments]],
        description=words["department"],
        style={"description_width": "initial"},
    )
    role = w.Dropdown(
        options=[(words["prefer_not"], None), *[(r, r) for r in client.config.roles]],
        description=words["role"],
        style={"description_width": "initial"},
    )
    department.add_class("kmkit-department")
    role.add_class("kmkit-role")
    intro = w.VBox(
        [
            w.HTML(
                f"<h2>{esc(instrument.title)}</h2><p>{esc(instrument.instructions)}</p>"
                + (f"<p>{esc(words['targets_intro'])}</p>" if targets else "")
                + f"<p>{esc(words['anonymous'])}</p>"
            ),
            department,
            role,
        ]
    )
    questions: dict[str, Any] = {}
    goals: dict[str, Any] = {}
    pages = [intro]
    for cat in instrument.categories:
        rows = [w.HTML(f"<h3>{esc(cat.name)}</h3>")]
        for item in cat.items:
            rows.append(w.HTML(f"<p class='kmkit-question'>{esc(item.text)}</p>"))
            now_rows, questions[item.id] = _question(
                w, instrument, item.id, words["now_question"] if targets else None
            )
            rows += now_rows
            if targets:
                goal_rows, goals[item.id] = _question(
                    w, instrument, item.id, words["target_question"], target=True
                )
                rows += goal_rows
        pages.append(w.VBox(rows))
    total = len(pages)
    progress = w.IntProgress(min=1, max=total, value=1)
    where = w.HTML()
    message = w.HTML()
    message.add_class("kmkit-message")
    back, next_, send = (
        w.Button(description=words["back"]),
        w.Button(description=words["next"]),
        w.Button(description=words["send"], button_style="primary"),
    )
    next_.add_class("kmkit-next")
    send.add_class("kmkit-submit")
    body = w.Box([pages[0]])
    state = {"page": 0}

    def collect() -> None:
        form.department, form.role = department.value, role.value
        form.answers = {k: b.value for k, b in questions.items() if b.value is not None}
        form.targets = {k: b.value for k, b in goals.items() if b.value is not None}

    def show(page: int) -> None:
        state["page"] = page
        body.children = [pages[page]]
        progress.value = page + 1
        where.value = esc(words["page"].format(page=page + 1, pages=total))
        back.disabled = page == 0
        next_.layout.display = "none" if page == total - 1 else None
        send.layout.display = None if page == total - 1 else "none"

    def page_ok() -> bool:
        collect()
        page = state["page"]
        if page == 0 and form.department is None:
            message.value = f"<b>{esc(words['choose_department'])}</b>"
            return False
        if page > 0:
            cat = instrument.categories[page - 1]
            asked = [questions, goals] if targets else [questions]
            if any(given[i.id].value is None for i in cat.items for given in asked):
                text = words["answer_all"].format(dont_know=instrument.scale.dont_know or "")
                message.value = f"<b>{esc(text)}</b>"
                return False
        message.value = ""
        return True

    def on_next(_: object) -> None:
        if page_ok():
            show(min(state["page"] + 1, total - 1))

    def on_back(_: object) -> None:
        message.value = ""
        show(max(state["page"] - 1, 0))

    def on_send(_: object) -> None:
        send.disabled = True  # a second click while storing does nothing
        collect()
        found = problems(form, instrument, client)
        if found:
            message.value = "<b>" + esc(" ".join(found)) + "</b>"
            send.disabled = False
            return
        try:
            form.token = form.token or issue_form(client, instrument, wave)
            new = submit(client, instrument, wave, form)
        except FormError as refused:  # closed and opened again meanwhile: a new form
            form.token = issue_form(client, instrument, wave)
            key = "form_expired" if refused.state is FormState.EXPIRED else "form_unknown"
            message.value = f"<b>{esc(words[key])}</b>"
            send.disabled = False
            return
        except Exception:  # noqa: BLE001 - the respondent must see a sentence, never a traceback
            message.value = f"<b>{esc(words['not_saved'])}</b>"
            send.disabled = False
            return
        text = words["thanks"] if new else words["already"]
        body.children = [
            w.HTML(f"<h2 class='kmkit-thanks'>{esc(text)}</h2><p>{esc(words['close_page'])}</p>")
        ]
        message.value = ""
        for control in (back, next_, send):
            control.layout.display = "none"

    next_.on_click(on_next)
    back.on_click(on_back)
    send.on_click(on_send)
    show(0)
    return w.VBox([w.HBox([progress, where]), body, message, w.HBox([back, next_, send])])
